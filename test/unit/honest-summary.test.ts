/**
 * Issue 15, "honest summary rows": a rollout that hangs says so, with the
 * nodes it stops at, everywhere the plan is summarised; the per-node rows
 * agree with the findings.
 */
import { describe, expect, it } from 'vitest'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import { renderComment } from '../../src/core/render/comment.js'
import {
  hangNodes,
  hangingDaemonSets,
  renderHeadline,
  renderOverviewTable
} from '../../src/core/render/overview.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import { renderSummary } from '../../src/core/render/summary.js'
import { hangPlan, NOT_READY_NODE } from '../fixtures/scenarios/hang.js'

const HEADER =
  '| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |'

function rowOf(markdown: string, name: string): string {
  const lines = markdown.split('\n')
  const start = lines.indexOf(HEADER)
  expect(start).toBeGreaterThanOrEqual(0)
  const row = lines.slice(start + 2).find((l) => l.includes(name))
  expect(row).toBeDefined()
  return row!
}

describe('a rollout that hangs (16 nodes, one NotReady, maxUnavailable 1)', () => {
  const plan = hangPlan()
  const ds = plan.daemonSets[0]!
  const verdict = decideVerdict(plan, 'error')

  it('is simulated as hanging with 15 nodes left and no wave', () => {
    expect(ds.rollout.stall).toMatchObject({ nodesLeft: 15 })
    expect(ds.rollout.waves).toEqual([])
    expect(ds.findings.map((f) => f.code)).toContain('rollout-will-hang')
  })

  it('says HANGS with the node count, never "~0s", in the comment, the summary and the CLI table', () => {
    const comment = renderComment(plan, { key: 'default', verdict })
    const summary = renderSummary(plan, {
      key: 'default',
      verdict,
      comment: { status: 'skipped', reason: 'test' }
    })
    const cli = renderPlanMarkdown(plan)
    for (const text of [comment, summary, cli]) {
      const row = rowOf(text, 'monitoring/agent')
      expect(row).toContain('HANGS: 15 of 16 nodes stay on the old pod')
      expect(row).toContain('never (hangs)')
      expect(row).not.toContain('~0s')
      expect(row).not.toContain('0 waves')
    }
  })

  it('says so in the one-line summary and counts the nodes for the outputs', () => {
    expect(renderHeadline(plan, verdict)).toContain(
      '1 rollout HANG (15 nodes never done)'
    )
    expect(hangingDaemonSets(plan).map((d) => d.name)).toEqual(['agent'])
    expect(hangNodes(plan)).toBe(15)
  })

  it('does not count the NotReady node as pending → running: its new pod never starts', () => {
    const node = ds.nodeDetail!.find((n) => n.name === NOT_READY_NODE)!
    expect(node.after).toBe('pending')
    expect(node.reasons.join(' ')).toMatch(/NotReady/)
    const body = renderPlanMarkdown(plan)
    expect(body).not.toMatch(/pending → running/)
    // The outcome table says how many nodes the hang leaves on the old pod.
    expect(body).toMatch(
      /\| ⛔ not reached: the rollout hangs first \| 15 \| old pod stays/
    )
  })

  it('a rollout that completes keeps its waves and time', () => {
    const ok = renderOverviewTable({
      ...plan,
      daemonSets: [
        {
          ...ds,
          rollout: {
            triggered: true,
            reason: 'x',
            strategy: 'RollingUpdate',
            desired: 3,
            waves: [
              {
                count: 1,
                nodes: 3,
                estimatedSeconds: 30,
                startsAtSeconds: 0,
                nodesDown: 3
              }
            ],
            estimatedSeconds: 30
          }
        }
      ]
    })
    expect(ok).toContain('| yes, 1 wave | 3 | ~30s |')
  })
})
