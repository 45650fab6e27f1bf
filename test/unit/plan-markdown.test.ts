import { describe, expect, it } from 'vitest'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import {
  MENTION_OR_REF,
  renderGfm,
  textOutsideCode
} from '../support/markdown.js'
import { clone, makeDaemonSet, manifests } from '../fixtures/daemonset.js'

describe('renderPlanMarkdown', () => {
  it('starts with the one-line summary and shows a changes table per changed DaemonSet', () => {
    const base = makeDaemonSet()
    const head = clone(base)
    head.spec.template.spec.containers[0].image =
      'registry.example.com/agent:1.1.0'
    head.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '10%' } }
    const md = renderPlanMarkdown(
      buildPlan({
        base: manifests('b.yaml', base, makeDaemonSet('same')),
        head: manifests('h.yaml', head, makeDaemonSet('same'))
      })
    )
    expect(md).toMatchInlineSnapshot(`
      "**ds-rollout plan: 1 DaemonSet changed, 1 will roll** · 2 in total · 1 note

      | DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |
      | --- | --- | --- | ---: | ---: | --- |
      | \`kube-system/agent\` | modified | yes | — | — | — |
      | 1 unchanged DaemonSet | | | | | |

      ### \`kube-system/agent\` · modified · rolls out

      spec.template changed (containers\\[name=agent\\].image): every pod is replaced (R4.3). (\`h.yaml:1\`)

      | Field | Before | After |
      |---|---|---|
      | \`spec.template.spec.containers[name=agent].image\` 🔄 | \`registry.example.com/agent:1.0.0\` | \`registry.example.com/agent:1.1.0\` |
      | \`spec.updateStrategy.rollingUpdate.maxUnavailable\` | \`1\` | \`10%\` |

      1 unchanged DaemonSet (no change, nothing rolls): \`kube-system/same\`

      ### Other findings

      | Severity | Code | Where | Message |
      |---|---|---|---|
      | ℹ️ info | \`diff-only\` |  | No node snapshot was given, so this plan is the diff only: no per-node outcome, waves or timing. Pass --snapshot to simulate the rollout. |
      "
    `)
  })

  it('puts findings first when there are errors', () => {
    const base = makeDaemonSet()
    const head = clone(base)
    head.spec.template.spec.restartPolicy = 'Never'
    const md = renderPlanMarkdown(
      buildPlan({
        base: manifests('b.yaml', base),
        head: manifests('h.yaml', head)
      })
    )
    const lines = md.split('\n')
    expect(lines[0]).toBe(
      '**ds-rollout plan: 1 DaemonSet changed, 1 will roll** · 1 in total · 1 error, 1 note'
    )
    // The one-line-per-DaemonSet table first (as in the comment), then the findings.
    expect(lines[2]).toBe(
      '| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |'
    )
    expect(lines[6]).toBe('### Findings')
    expect(md.indexOf('invalid-restart-policy')).toBeLessThan(
      md.indexOf('### `kube-system/agent`')
    )
    expect(md.indexOf('🛑 error')).toBeLessThan(md.indexOf('ℹ️ info'))
  })

  it('keeps manifest text inert and shortens long values', () => {
    const base = makeDaemonSet()
    const head = clone(base)
    head.spec.template.spec.containers[0].args = ['--x=' + 'a'.repeat(200)]
    head.metadata.labels.note = '<img src=x> @octocat #1 | `tick`'
    const md = renderPlanMarkdown(
      buildPlan({
        base: manifests('b.yaml', base),
        head: manifests('h.yaml', head)
      })
    )
    // The changes table's row (the label value is also an invalid-label finding).
    const row = md
      .split('\n')
      .find((l) => l.startsWith('| `metadata.labels.note'))
    expect(row).toContain('`` <img src=x> @octocat #1 \\| `tick` ``')
    const argsRow = md
      .split('\n')
      .find((l) => l.startsWith('| `') && l.includes('.args'))
    expect(argsRow).toContain('…')
    expect(argsRow!.length).toBeLessThan(200)
  })

  it('escapes finding messages that quote manifest text', () => {
    const head = makeDaemonSet()
    head.spec.template.spec.containers[1].image = 'evil<script>:latest'
    head.spec.template.spec.containers[1].name = '@everyone'
    const md = renderPlanMarkdown(
      buildPlan({ base: [], head: manifests('h.yaml', head) })
    )
    expect(md).toContain(
      'container "@\u200beveryone" uses "evil\\<script\\>:latest"'
    )
    expect(md).not.toContain('<script>')
    const html = renderGfm(md)
    expect(html).not.toContain('<script')
    expect(textOutsideCode(html)).not.toMatch(MENTION_OR_REF)
  })

  it('says when there are no DaemonSets', () => {
    expect(renderPlanMarkdown(buildPlan({ base: [], head: [] }))).toContain(
      '_No DaemonSets in the manifests._'
    )
  })
})
