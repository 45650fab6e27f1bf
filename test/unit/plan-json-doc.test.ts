/**
 * docs/plan-json.md is the contract's reference: every field the plan can
 * carry must be documented there. Builds real plans (the example change with
 * its snapshot, a rollout that stalls, a removal, no snapshot) and checks each
 * key name against the page.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ManifestObject } from '../../src/core/manifests/types.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Plan } from '../../src/core/plan/types.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')

function manifestsUnder(dir: string): ManifestObject[] {
  return readdirSync(new URL(dir, root), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseManifests(read(`${dir}/${f}`), `${dir}/${f}`))
}

/** Key names at every depth, leaving out manifest data (changes' values) and the per-action counts. */
function keysOf(value: unknown, into: Set<string>, parent = ''): void {
  if (Array.isArray(value)) {
    for (const v of value) keysOf(v, into, parent)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [k, v] of Object.entries(value)) {
    if (parent === 'changes' && (k === 'before' || k === 'after')) {
      into.add(k)
      continue
    }
    if (parent === 'actions') continue
    into.add(k)
    keysOf(v, into, k)
  }
}

describe('docs/plan-json.md documents every field the plan carries', () => {
  it('example change + snapshot, a stalled rollout, a removal, no snapshot', () => {
    const snapshot = loadSnapshot(
      JSON.parse(read('examples/snapshot.json')),
      'examples/snapshot.json'
    )
    const base = manifestsUnder('examples/base')
    const head = manifestsUnder('examples/head')
    const stalls = parseManifests(
      read(
        'test/fixtures/realworld/kube-prometheus-nodeExporter-daemonset.yaml'
      ),
      'np.yaml'
    )
    const plans: Plan[] = [
      buildPlan({ base, head, snapshot }),
      buildPlan({ base, head, snapshot, nodeDetail: 'all' }),
      buildPlan({ base, head }),
      buildPlan({ base: [], head: stalls, snapshot }),
      buildPlan({ base: head, head: [], snapshot })
    ]
    expect(plans[3]?.daemonSets[0]?.rollout.stall).toBeDefined()
    const keys = new Set<string>()
    for (const p of plans) keysOf(p, keys)
    const doc = read('docs/plan-json.md')
    const missing = [...keys].filter((k) => !doc.includes(`\`${k}\``))
    expect(missing).toEqual([])
    // Sanity: the walk saw the simulation's fields.
    for (const k of [
      'nodesDown',
      'count',
      'nodeNames',
      'waveCount',
      'nodeDetail',
      'nodeDetailScope',
      'beforeFrom',
      'shouldContinueRunning',
      'waveSeconds'
    ])
      expect(keys.has(k)).toBe(true)
  })
})
