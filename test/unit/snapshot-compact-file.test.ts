import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  compactSnapshotText,
  encodeCompactSnapshot
} from '../../src/core/snapshot/compact-file.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { readSeed } from '../../src/rehearsal/seed.js'

const root = new URL('../../', import.meta.url)
const v1 = JSON.parse(
  readFileSync(new URL('examples/snapshot.json', root), 'utf8')
) as Record<string, unknown>

/** What version 2 keeps of a node: everything but pod names and non-Ready conditions. */
function comparable(s: Snapshot) {
  return s.nodes.map((n) => ({
    ...n,
    conditions: n.conditions
      .filter((c) => c.type === 'Ready')
      .map((c) => ({ type: c.type, status: c.status })),
    daemonPods: n.daemonPods.map((p) => ({ ...p, name: '' }))
  }))
}

describe('compact snapshot file, version 2', () => {
  const snapshot = loadSnapshot(v1, 'examples/snapshot.json')
  const text = compactSnapshotText(snapshot)
  const v2 = JSON.parse(text) as Record<string, unknown>

  it('reads back as the same snapshot (pod names and non-Ready conditions aside)', () => {
    expect(v2).toMatchObject({ kind: 'DsRolloutSnapshot', version: 2 })
    const back = loadSnapshot(v2, 'v2.json')
    expect(comparable(back)).toEqual(comparable(snapshot))
    expect(back.daemonSets).toEqual(snapshot.daemonSets)
    expect(back.recordedAt).toBe(snapshot.recordedAt)
    expect(back.cluster).toEqual(snapshot.cluster)
  })

  it('stores what nodes repeat once, one row per node per line, and is smaller than version 1', () => {
    const file = encodeCompactSnapshot(snapshot)
    expect(file.nodes).toHaveLength(snapshot.nodes.length)
    expect(file.labelSets.length).toBeLessThan(snapshot.nodes.length)
    expect(text.split('\n').filter((l) => l.startsWith('["'))).toHaveLength(
      snapshot.nodes.length
    )
    expect(text.length).toBeLessThan(JSON.stringify(v1).length / 2)
  })

  it('refuses bad rows with the place in the file', () => {
    const broken = structuredClone(v2) as { nodes: unknown[][] }
    broken.nodes[1]![1] = 999
    expect(() => loadSnapshot(broken, 'v2.json')).toThrow(
      /nodes\[1\]\.labels: no such entry 999/
    )
    const badCode = structuredClone(v2) as { nodes: unknown[][] }
    const row = badCode.nodes.find((r) => (r[10] as unknown[]).length > 0)!
    ;(row[10] as unknown[])[0] = 32 * 999
    expect(() => loadSnapshot(badCode, 'v2.json')).toThrow(
      /no such daemon pod code/
    )
    expect(() =>
      loadSnapshot({ ...v2, nodeFields: ['name'] }, 'v2.json')
    ).toThrow(/nodeFields: expected/)
    expect(() => loadSnapshot({ ...v2, version: 3 }, 'v2.json')).toThrow(
      /snapshot version 3 is not supported \(this ds-rollout reads versions 1 and 2\)/
    )
  })

  it('seeds the rehearsal cluster like the version 1 file it came from', () => {
    const a = readSeed(v1)
    const b = readSeed(v2)
    expect(b.nodes.map((n) => n['metadata'])).toEqual(
      a.nodes.map((n) => n['metadata'])
    )
    expect(b.namespaces).toEqual(a.namespaces)
    expect(b.withoutTemplate).toEqual(a.withoutTemplate)
    expect(b.daemonSets).toEqual(a.daemonSets)
    // Pods as the rehearsal creates them: workload stand-ins and recorded
    // daemon pods, on the same nodes, with the same requests.
    expect(b.pods).toEqual(a.pods)
  })
})
