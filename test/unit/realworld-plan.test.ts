/**
 * Every vendored real-world manifest (test/fixtures/realworld) goes through
 * the whole plan, as added and as unchanged, without and with the example
 * snapshot: no crash, one entry per DaemonSet, a node outcome per snapshot
 * node, counts that add up, and never two findings for one problem.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Finding, Plan } from '../../src/core/plan/types.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'

const dir = new URL('../fixtures/realworld/', import.meta.url)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
const snapshot = loadSnapshot(
  JSON.parse(
    readFileSync(
      new URL('../../examples/snapshot.json', import.meta.url),
      'utf8'
    )
  ),
  'examples/snapshot.json'
)

/** DaemonSets the snapshot has pods of. */
const live = new Set(
  snapshot.nodes.flatMap((n) =>
    n.daemonPods.map((p) => `${p.namespace}/${p.daemonSet}`)
  )
)

function all(plan: Plan): Finding[] {
  return [...plan.findings, ...plan.daemonSets.flatMap((d) => d.findings)]
}

function checkPlan(plan: Plan, withSnapshot: boolean): void {
  expect(plan.daemonSets.length).toBeGreaterThan(0)
  const findings = all(plan)
  expect(plan.summary).toMatchObject({
    daemonSets: plan.daemonSets.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length
  })
  for (const ds of plan.daemonSets) {
    if (withSnapshot)
      expect(ds.outcomes?.reduce((n, g) => n + g.count, 0)).toBe(
        snapshot.nodes.length
      )
    else expect(ds.outcomes).toBeUndefined()
    const seen = new Set<string>()
    for (const f of ds.findings) {
      const key = `${f.code}\u0000${f.message}`
      expect(seen.has(key), `${ds.name}: ${f.code} twice`).toBe(false)
      seen.add(key)
    }
  }
  for (const retired of [
    'hostport-with-max-surge',
    'image-latest-or-untagged',
    'update-strategy-rejected',
    'update-strategy-invalid'
  ])
    expect(findings.map((f) => f.code)).not.toContain(retired)
  expect(renderPlanMarkdown(plan)).toMatch(/^\*\*ds-rollout plan: /)
}

describe('real-world manifests plan end to end', () => {
  it('the fixture folder is not empty', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
  })

  it.each(files)(
    '%s: added and unchanged, with and without a snapshot',
    (file) => {
      const objects = parseManifests(
        readFileSync(new URL(file, dir), 'utf8'),
        `realworld/${file}`
      )
      for (const withSnapshot of [false, true]) {
        const extra = withSnapshot ? { snapshot } : {}
        const added = buildPlan({ base: [], head: objects, ...extra })
        checkPlan(added, withSnapshot)
        expect(added.daemonSets.every((d) => d.change === 'added')).toBe(true)
        // A DaemonSet new to the cluster too: its pods are all created at
        // once (R2.1), no rolling-update budget is involved, whatever the
        // fleet's health.
        for (const ds of added.daemonSets)
          if (!live.has(`${ds.namespace}/${ds.name}`))
            expect(ds.findings.map((f) => f.code)).not.toContain(
              'budget-consumed-by-unhealthy-nodes'
            )
        const same = buildPlan({ base: objects, head: objects, ...extra })
        checkPlan(same, withSnapshot)
        expect(same.summary.rollouts).toBe(0)
      }
    }
  )
})
