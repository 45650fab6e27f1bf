/**
 * The bundled example end to end, as the README tells a user to try it:
 * the plan of examples/base → examples/head against examples/snapshot.json
 * predicts which node's new pod stays Pending, and the rehearsal cluster,
 * seeded from the same snapshot (an independent implementation of the
 * controller and scheduler), leaves exactly that pod Pending. The daemon
 * never ran on that node and has no room there, so (one definition of done,
 * docs/deploy.md) `block-on: pending` refuses the apply before any write,
 * and by default the gated apply completes without the node and names it,
 * with what to do.
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
  it('the node the plan says stays Pending (R3.15 host port) is the one whose pod stays Pending in the rehearsal, named by the apply', async () => {
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

    const node = pending[0]!
    const refused = await apply(client, sets.head, { blockOn: ['pending'] })
    expect(refused.result).toBe('failed')
    expect(refused.report.summary).toContain(node)
    expect(refused.report.summary).toMatch(/stay Pending/)

    const head = await apply(client, sets.head)
    expect(head.result, head.log.join('\n')).toBe('rolled-out')
    expect(head.report.summary).toContain(
      `${node} had no available daemon pod before this run and cannot place one`
    )
    expect(head.report.nextSteps?.join('\n')).toContain(
      `kubectl describe node ${node}`
    )
    // The one Pending node-exporter pod is the one for that node (bound by
    // the controller's node affinity, not yet by the scheduler).
    const stuck = running.objects
      .list('pods', 'monitoring')
      .filter(
        (p) =>
          String((p['metadata'] as { name?: string }).name).startsWith(
            'node-exporter'
          ) && (p['status'] as { phase?: string }).phase === 'Pending'
      )
    expect(stuck).toHaveLength(1)
    expect(JSON.stringify(stuck[0]!['spec'])).toContain(node)
  })
})
