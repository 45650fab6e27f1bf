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
  it('renders the simulation of every DaemonSet that has node outcomes, even an unchanged one', () => {
    const md = renderPlanMarkdown(
      plan([
        {
          ...base,
          outcomes: [
            {
              action: 'keep',
              before: 'running',
              after: 'running',
              reason: '',
              count: 1
            }
          ]
        },
        { ...base, name: 'b' }
      ])
    )
    expect(md).toContain('SIMULATION OF a: 1 nodes')
    expect(md).not.toContain('SIMULATION OF b')
    expect(md).toContain('Unchanged: `ns/b`')
  })
})
