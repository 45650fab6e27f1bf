import { describe, expect, it } from 'vitest'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import { utf8Bytes } from '../../src/core/render/fit.js'
import { renderHeadline } from '../../src/core/render/overview.js'
import { renderSummary } from '../../src/core/render/summary.js'
import { MAX_SUMMARY_BYTES } from '../../src/util/constants.js'
import { daemonSetPlan, emptyPlan, finding, planOf } from '../fixtures/plan.js'

const plan = planOf([
  daemonSetPlan({ findings: [finding('warning', 'w', 'w')] })
])
const verdict = decideVerdict(plan, 'error')

describe('renderSummary', () => {
  it('shows the verdict, the counts, the commit, the comment status and the table', () => {
    const md = renderSummary(plan, {
      key: 'prod',
      verdict,
      headSha: 'c'.repeat(40),
      comment: {
        status: 'updated',
        url: 'https://github.com/acme/infra/pull/7#issuecomment-1'
      }
    })
    const lines = md.split('\n')
    expect(lines.slice(0, 7)).toEqual([
      '## ds-rollout plan · `prod`',
      '',
      '✅ **Plan accepted**: no errors in the plan (fail-on: error).',
      '',
      '**ds-rollout plan: 1 DaemonSet changed, 1 will roll** · 1 in total · 1 warning · commit `cccccccccccc`',
      '',
      '💬 [Plan comment](https://github.com/acme/infra/pull/7#issuecomment-1) updated.'
    ])
    expect(md).toContain('| `kube-system/node-agent` | modified |')
  })

  it('says why there is no comment', () => {
    const md = renderSummary(plan, {
      key: 'default',
      verdict,
      comment: { status: 'skipped', reason: 'the `comment` input is false.' }
    })
    expect(md.split('\n')[0]).toBe('## ds-rollout plan')
    expect(md).toContain('💬 No comment: the `comment` input is false.')
  })

  it('stays within the step-summary limit with a visible trimming note', () => {
    const huge = planOf(
      Array.from({ length: 12_000 }, (_, i) =>
        daemonSetPlan({ name: `agent-${i}-${'é'.repeat(40)}` })
      )
    )
    const md = renderSummary(huge, {
      key: 'default',
      verdict: decideVerdict(huge, 'error'),
      comment: { status: 'unchanged' }
    })
    expect(utf8Bytes(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(utf8Bytes(md)).toBeGreaterThan(MAX_SUMMARY_BYTES - 1000)
    expect(md).toMatch(
      /> \[!WARNING\]\n> This summary was trimmed to the runner's step-summary limit \(1,048,576 bytes\): \d+ more lines were omitted\. The complete plan is in the file named by the `plan-json` output\.\n$/
    )
  })
})

describe('renderHeadline', () => {
  it('is one plain line with counts and the verdict', () => {
    expect(renderHeadline(plan, verdict)).toBe(
      '1 DaemonSet changed, 1 rollout; 0 errors, 1 warning, 0 notes; plan accepted: no errors in the plan (fail-on: error)'
    )
  })

  it('says when nothing changed', () => {
    const empty = emptyPlan()
    expect(renderHeadline(empty, decideVerdict(empty, 'warning'))).toBe(
      'No DaemonSet changes (0 DaemonSets checked); plan accepted: no errors or warnings in the plan (fail-on: warning)'
    )
  })
})
