import { describe, expect, it } from 'vitest'
import { injected, renderGfm } from '../../support/markdown.js'
import {
  renderSimulationMarkdown,
  inert
} from '../../../src/core/render/simulation-markdown.js'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import { compactSimulation } from '../../../src/core/plan/build-plan.js'
import type {
  DaemonSetPlan,
  NodeDetailScope
} from '../../../src/core/plan/types.js'
import {
  daemonPod,
  daemonSet,
  snapNode,
  snapshot,
  withContainer
} from './helpers.js'

function planFor(
  nodeCount: number,
  over: (i: number) => Parameters<typeof snapNode>[1] = () => ({}),
  scope: NodeDetailScope = 'non-routine'
): DaemonSetPlan {
  const base = daemonSet()
  const head = withContainer(base, { image: 'example.com/agent:2' })
  const snap = snapshot(
    Array.from({ length: nodeCount }, (_, i) =>
      snapNode(`node-${i}`, { daemonPods: [daemonPod()], ...over(i) })
    )
  )
  const sim = simulateDaemonSet({
    base,
    head,
    snapshot: snap,
    source: { file: 'ds.yaml', line: 1 },
    triggered: true
  })
  const compact = compactSimulation(sim, scope)
  return {
    namespace: 'monitoring',
    name: 'agent',
    file: 'ds.yaml',
    line: 1,
    change: 'modified',
    rollout: { triggered: true, reason: 'image changed', ...compact.rollout },
    changes: [],
    findings: sim.findings,
    outcomes: compact.outcomes,
    nodeDetail: compact.nodeDetail,
    nodeDetailScope: scope
  }
}

describe('renderSimulationMarkdown', () => {
  it('renders the summary, the outcome table by count, collapsed node lists, the wave table and a gantt chart', () => {
    const md = renderSimulationMarkdown(
      planFor(4, (i) =>
        i === 3
          ? { allocatable: { cpu: '4', memory: '64Mi', pods: '110' } }
          : {}
      )
    )
    expect(md).toContain(
      '**4** of 4 nodes should run it · RollingUpdate maxUnavailable **1**, maxSurge **0** · 4 waves, about 4m · **the rollout hangs**'
    )
    expect(md).toContain('| replace: pod replaced | 3 | running → running |')
    expect(md).toContain(
      '| pending: new pod stays Pending | 1 | running → pending |'
    )
    expect(md).toContain('<details><summary>pending: 1 node</summary>')
    expect(md).toContain(
      '| `node-3` | the new pod stays Pending: Insufficient memory<br>memory: requests 128Mi, 64Mi free |'
    )
    expect(md).toContain(
      '```mermaid\ngantt\n  title Rollout of monitoring/agent (estimate)\n  dateFormat x'
    )
    // Milliseconds (dateFormat x): the chart is checked with Mermaid's own parser in mermaid-chart.test.ts.
    expect(md).toMatch(/ {2}Wave 1, 1 node : w1, 0, 60000\n/)
    expect(md).toContain(
      '> The rollout hangs with 0–3 node(s) still on the old pod'
    )
    // findings are rendered by plan-markdown unless asked for
    expect(md).not.toContain('pods-will-not-fit')
    const withFindings = renderSimulationMarkdown(
      planFor(4, (i) =>
        i === 3
          ? { allocatable: { cpu: '4', memory: '64Mi', pods: '110' } }
          : {}
      ),
      { findings: true }
    )
    expect(withFindings).toContain(
      '- ⛔ `pods-will-not-fit` 1 new pod will stay Pending (Insufficient memory): node-3'
    )
  })

  it('stays bounded for a large fleet: 50 node rows per action, at most 12 wave rows and gantt bars', () => {
    // Routine replacements are counted, not named (schemaVersion 2)...
    const compact = renderSimulationMarkdown(planFor(2000))
    expect(compact).toContain('| replace: pod replaced | 2000 |')
    expect(compact).not.toContain('<details>')
    expect(compact).toContain('| 11–1999 | 1989 (1989 waves) |')
    // ...and named, 50 at most, with --nodes all.
    const md = renderSimulationMarkdown(planFor(2000, () => ({}), 'all'))
    expect(md).toContain('| … | 1950 more not shown |')
    expect(md).toContain('| 11–1999 | 1989 (1989 waves) |')
    expect(md.match(/ : w\d+,/g)).toHaveLength(12)
    expect(md.length).toBeLessThan(12_000)
  })

  it('without a simulation renders nothing', () => {
    const ds = planFor(1)
    delete ds.outcomes
    expect(renderSimulationMarkdown(ds)).toBe('')
  })

  it('node text cannot mention, link or inject HTML', () => {
    const text = '@admin see #12 <img src=x> [x](https://e.vil) | `x`'
    expect(
      injected(renderGfm(`- ${inert(text)}`), renderGfm('- harmless'))
    ).toEqual({ elements: [], mentions: [] })
    const md = renderSimulationMarkdown(
      planFor(1, () => ({ name: '@team|<b>' }) as never)
    )
    expect(md).not.toMatch(/[^`]@team/)
  })
})
