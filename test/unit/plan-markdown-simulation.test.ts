import { describe, expect, it, vi } from 'vitest'
import type { DaemonSetPlan, Plan } from '../../src/core/plan/types.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'

vi.mock('../../src/core/render/simulation-markdown.js', () => ({
  renderSimulationMarkdown: vi.fn(
    (ds: DaemonSetPlan) =>
      `SIMULATION OF ${ds.name}: ${ds.nodes?.length ?? 0} nodes`
  )
}))

function plan(daemonSets: DaemonSetPlan[]): Plan {
  return {
    schemaVersion: 1,
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
  it('quiet by default: an unchanged DaemonSet with a simulation collapses into one counted line (issue 15)', () => {
    const node = {
      name: 'n1',
      shouldRun: true,
      shouldContinueRunning: true,
      fits: true,
      before: 'running' as const,
      after: 'running' as const,
      action: 'keep' as const,
      reasons: []
    }
    const md = renderPlanMarkdown(
      plan([
        { ...base, nodes: [node] },
        { ...base, name: 'b', nodes: [node] },
        { ...base, name: 'c', change: 'modified', nodes: [node] }
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
          nodes: [],
          findings: [
            { severity: 'warning', code: 'rollout-in-progress', message: 'x' }
          ]
        }
      ])
    )
    expect(md).toContain('SIMULATION OF a: 0 nodes')
  })
})
