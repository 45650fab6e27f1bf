/**
 * Issue 15, "never a silent empty base": a plan that compared no base says
 * so, visibly, in every rendering and in the JSON plan.
 */
import { describe, expect, it } from 'vitest'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import {
  buildPlan,
  markBaseNotCompared,
  NO_BASE_COMPARED
} from '../../src/core/plan/build-plan.js'
import { renderComment } from '../../src/core/render/comment.js'
import { renderHeadline } from '../../src/core/render/overview.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import { renderSummary } from '../../src/core/render/summary.js'
import { agentYaml } from '../fixtures/scenarios/hang.js'

const head = parseManifests(agentYaml('example.com/agent:1.1.0'), 'k8s/a.yaml')

describe('a plan without a base', () => {
  const plan = buildPlan({ base: [], head, baseCompared: false })
  const verdict = decideVerdict(plan, 'error')

  it('is marked baseCompared: false with a no-base-compared warning counted in the summary', () => {
    expect(plan.baseCompared).toBe(false)
    const f = plan.findings.find((x) => x.code === NO_BASE_COMPARED)
    expect(f?.severity).toBe('warning')
    expect(plan.summary.warnings).toBeGreaterThanOrEqual(1)
  })

  it('opens the comment, the job summary and the CLI Markdown with a "No base compared" banner', () => {
    const texts = [
      renderComment(plan, { key: 'default', verdict }),
      renderSummary(plan, {
        key: 'default',
        verdict,
        comment: { status: 'skipped', reason: 'test' }
      }),
      renderPlanMarkdown(plan)
    ]
    for (const text of texts) {
      const banner = text.indexOf('> **No base compared.**')
      expect(banner).toBeGreaterThan(0)
      // Above the table that shows the DaemonSet as added.
      expect(banner).toBeLessThan(text.indexOf('| `monitoring/agent` | added'))
    }
    expect(renderHeadline(plan, verdict)).toMatch(/^NO BASE COMPARED; /)
  })

  it('a plan with a base has no banner and baseCompared: true', () => {
    const withBase = buildPlan({ base: head, head })
    expect(withBase.baseCompared).toBe(true)
    expect(renderPlanMarkdown(withBase)).not.toContain('No base compared')
    expect(withBase.findings.map((f) => f.code)).not.toContain(NO_BASE_COMPARED)
  })

  it('marks a plan made elsewhere (the analysis service) once', () => {
    const elsewhere = buildPlan({ base: [], head })
    const marked = markBaseNotCompared(elsewhere)
    expect(marked.baseCompared).toBe(false)
    expect(marked.summary.warnings).toBe(elsewhere.summary.warnings + 1)
    expect(markBaseNotCompared(marked)).toBe(marked)
  })
})
