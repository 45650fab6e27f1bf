/**
 * The bundled example end to end, as the README tells a user to try it:
 * the plan of examples/base → examples/head against examples/snapshot.json
 * predicts which node's new pod stays Pending, and the rehearsal cluster,
 * seeded from the same snapshot (an independent implementation of the
 * controller and scheduler), makes exactly that pod fail the gated apply,
 * which is then undone and verified.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadManifestSets } from '../../src/adapters/fs/load-manifest-sets.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { apply, clientFor, withE2eTimings } from './apply-helpers.js'

const ROOT = new URL('../../', import.meta.url).pathname
const SNAPSHOT = JSON.parse(
  readFileSync(`${ROOT}examples/snapshot.json`, 'utf8')
) as unknown

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

describe('the bundled example, planned and rehearsed', () => {
  it('the node the plan says stays Pending (R3.15 host port) is the one that fails the rehearsed rollout, which is undone', async () => {
    const sets = await loadManifestSets({
      base: ['examples/base'],
      head: ['examples/head'],
      cwd: ROOT
    })
    const plan = buildPlan({
      ...sets,
      snapshot: loadSnapshot(SNAPSHOT, 'examples/snapshot.json')
    })
    const exporter = plan.daemonSets.find((ds) => ds.name === 'node-exporter')
    const pending = (exporter?.outcomes ?? [])
      .filter((g) => g.action === 'pending')
      .flatMap((g) => g.nodeNames ?? [])
    expect(pending).toHaveLength(1)

    // The snapshot's namespaces exist in the rehearsal (seeded from it).
    running = await startRehearsalCluster({
      snapshot: SNAPSHOT,
      scenario: withE2eTimings(),
      speed: 60
    })
    const client = clientFor(running)
    const base = await apply(client, sets.base)
    expect(base.result).toBe('rolled-out')

    const head = await apply(client, sets.head)
    expect(head.result).toBe('rolled-back')
    expect(head.failedNodes).toEqual(pending)
    expect(head.report.summary).toMatch(/didn't have free ports/)
  })
})
