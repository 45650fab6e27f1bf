import { describe, expect, it, vi } from 'vitest'
import type { DaemonSetPlan, Plan } from '../../src/core/plan/types.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'

vi.mock('../../src/core/render/simulation-markdown.js', () => ({
  renderSimulationMarkdown: vi.fn(
    (ds: DaemonSetPlan) =>
      `SIMULATION OF ${ds.name}: ${ds.outcomes?.reduce((n, g) => n + g.count, 0) ?? 0} nodes`
  )
}))

function plan(daemonSets: DaemonSetPlan[]): Plan {
  return {
    schemaVersion: 2,
    summary: {
      daemonSets: daemonSets.length,
      changed: 0,
      rollouts: 0,
      errors: 0,
      warnings: 0,
      infos: 0,
      highestSeverity: 'none'
    },
    daemonSets,
    findings: []
  }
}

const base: DaemonSetPlan = {
  namespace: 'ns',
  name: 'a',
  file: 'a.yaml',
  line: 1,
  change: 'unchanged',
  rollout: { triggered: false, reason: 'No change.' },
  changes: [],
  findings: []
}

describe('renderPlanMarkdown with a simulation', () => {
  const keep = {
    action: 'keep' as const,
    before: 'running' as const,
    after: 'running' as const,
    reason: '',
    count: 1
  }

  it('quiet by default: an unchanged DaemonSet with a simulation collapses into one counted line (issue 15)', () => {
    const md = renderPlanMarkdown(
      plan([
        { ...base, outcomes: [keep] },
        { ...base, name: 'b', outcomes: [keep] },
        { ...base, name: 'c', change: 'modified', outcomes: [keep] }
      ])
    )
    expect(md).toContain('SIMULATION OF c: 1 nodes')
    expect(md).not.toContain('SIMULATION OF a')
    expect(md).not.toContain('SIMULATION OF b')
    expect(md).toContain(
      '2 unchanged DaemonSets (no change, nothing rolls): `ns/a`, `ns/b`'
    )
  })

  it('an unchanged DaemonSet with a warning still gets its section', () => {
    const md = renderPlanMarkdown(
      plan([
        {
          ...base,
          outcomes: [keep],
          findings: [
            { severity: 'warning', code: 'rollout-in-progress', message: 'x' }
          ]
        }
      ])
    )
    expect(md).toContain('SIMULATION OF a: 1 nodes')
  })
})
