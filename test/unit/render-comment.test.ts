import { describe, expect, it } from 'vitest'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import {
  commentMarker,
  isOurComment,
  renderComment,
  renderNoChangesComment
} from '../../src/core/render/comment.js'
import { code } from '../../src/core/render/inert.js'
import { renderOverviewTable } from '../../src/core/render/overview.js'
import { renderPlanBody } from '../../src/core/render/plan-markdown.js'
import { MAX_COMMENT_CHARS } from '../../src/util/constants.js'
import { daemonSetPlan, finding, planOf } from '../fixtures/plan.js'

const RUN_URL = 'https://github.com/acme/infra/actions/runs/42'
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Removes code spans, leaving the Markdown GitHub would interpret. */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(?<!`)(`+)(?!`)([\s\S]*?)(?<!`)\1(?!`)/g, '')
}

/** Splits a table row on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

const OVERVIEW_HEADER =
  '| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |'

/** The rows of the overview table: the lines after its header and separator, up to the blank line. */
function overviewRows(body: string): string[] {
  const lines = body.split('\n')
  const start = lines.indexOf(OVERVIEW_HEADER)
  if (start === -1) return []
  const rows: string[] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    rows.push(line)
  }
  return rows
}

function ctx(plan = planOf([daemonSetPlan()])) {
  return {
    key: 'default',
    verdict: decideVerdict(plan, 'error'),
    runUrl: RUN_URL,
    headSha: 'a'.repeat(40)
  }
}

describe('renderComment', () => {
  it('puts the marker for the key on the first line', () => {
    const plan = planOf([daemonSetPlan()])
    const body = renderComment(plan, { ...ctx(plan), key: 'prod-eu' })
    expect(body.split('\n')[0]).toBe('<!-- ds-rollout:prod-eu -->')
    expect(body.split('\n')[1]).toBe('### ds-rollout plan · `prod-eu`')
  })

  it('shows the fail-on verdict, the counts and one table row per changed DaemonSet', () => {
    const plan = planOf([
      daemonSetPlan({
        findings: [
          finding(
            'error',
            'selector-changed',
            'the selector is immutable (R2.1)'
          )
        ]
      }),
      daemonSetPlan({
        name: 'quiet',
        change: 'unchanged',
        rollout: { triggered: false, reason: 'no change' }
      })
    ])
    const body = renderComment(plan, ctx(plan))
    expect(body).toContain(
      '❌ **Plan rejected**: 1 error in the plan (fail-on: error).'
    )
    expect(body).toContain(
      '**ds-rollout plan: 1 DaemonSet changed, 1 will roll** · 2 in total · 1 error'
    )
    const rows = overviewRows(body)
    // One row per changed DaemonSet; the unchanged ones as one counted row.
    expect(rows).toHaveLength(2)
    expect(cells(rows[0]!)).toEqual([
      '`kube-system/node-agent`',
      'modified',
      'yes, 12 waves',
      '12',
      '~8m',
      '🛑 1'
    ])
    expect(cells(rows[1]!)[0]).toBe('1 unchanged DaemonSet')
  })

  it('puts the full plan in <details>, unfolded when there are errors or warnings', () => {
    const clean = planOf([daemonSetPlan()])
    const cleanBody = renderComment(clean, ctx(clean))
    expect(cleanBody).toContain(
      `<details>\n<summary>Full plan</summary>\n\n${renderPlanBody(clean).trim()}\n\n</details>`
    )
    const failing = planOf([
      daemonSetPlan({
        findings: [finding('error', 'selector-changed', 'immutable (R2.1)')]
      })
    ])
    const failingBody = renderComment(failing, ctx(failing))
    expect(failingBody).toContain(
      '<details open>\n<summary>Full plan</summary>'
    )
    expect(failingBody).toContain('`selector-changed`')
  })

  it('ends with the commit and a link to the run', () => {
    const body = renderComment(planOf([daemonSetPlan()]), ctx())
    expect(body.split('\n').at(-1)).toBe(
      `<sub>ds-rollout plan for \`aaaaaaaaaaaa\` · [workflow run and job summary](${RUN_URL}) · updated in place on every run</sub>`
    )
  })

  describe('renders text from manifests inert', () => {
    const attacks = [
      ['a mention', '@someone'],
      ['an issue reference', '#123'],
      ['HTML', '<img src=x onerror=alert(1)>'],
      ['a link', '[click](https://evil.example)'],
      ['backticks', 'a`b``c'],
      ['a table pipe', 'x | y'],
      ['a closing marker', '--> <!-- ds-rollout:default -->']
    ] as const

    it.each(attacks)(
      '%s in a name stays inside a code span',
      (_what, payload) => {
        const plan = planOf([daemonSetPlan({ namespace: 'ns', name: payload })])
        const body = renderComment(plan, ctx(plan))
        const visible = outsideCodeSpans(body)
        expect(visible).not.toContain('@someone')
        expect(visible).not.toContain('#123')
        expect(visible).not.toContain('<img')
        expect(visible).not.toContain('evil.example')
        // Outside code spans the marker appears once, on line 1, whatever
        // the payload says.
        expect(visible.split('<!-- ds-rollout:').length).toBe(2)
        expect(body.startsWith('<!-- ds-rollout:default -->\n')).toBe(true)
        const [row] = overviewRows(body)
        expect(cells(row!)).toHaveLength(6)
        expect(cells(row!)[0]).toBe(code(`ns/${payload}`))
      }
    )
  })

  it('cuts an over-limit plan cleanly: marker kept, whole rows, summary pointer', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      daemonSetPlan({ name: `agent-${i}-${'🚀'.repeat(5)}` })
    )
    const plan = planOf(many)
    const body = renderComment(plan, ctx(plan))
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body.length).toBeGreaterThan(MAX_COMMENT_CHARS - 300)
    expect(body.split('\n')[0]).toBe(commentMarker('default'))
    expect(body).not.toMatch(LONE_SURROGATE)
    const rows = overviewRows(body)
    expect(rows.length).toBeGreaterThan(100)
    expect(rows.length).toBeLessThan(3000)
    for (const row of rows) expect(cells(row)).toHaveLength(6)
    expect(body).toMatch(
      new RegExp(
        `> \\[!NOTE\\]\\n> This plan was cut to fit GitHub's comment limit \\(65,536 characters\\); \\d+ more lines are in the \\[job summary\\]\\(${RUN_URL.replace(/[.]/g, '\\.')}\\)`
      )
    )
  })

  it('honours a smaller budget exactly at the limit and at limit + 1', () => {
    const plan = planOf([daemonSetPlan()])
    const full = renderComment(plan, ctx(plan))
    expect(renderComment(plan, { ...ctx(plan), limit: full.length })).toBe(full)
    const cut = renderComment(plan, { ...ctx(plan), limit: full.length - 1 })
    expect(cut.length).toBeLessThanOrEqual(full.length - 1)
    expect(cut).toContain('This plan was cut')
    expect(cut.split('\n')[0]).toBe(commentMarker('default'))
  })
})

describe('renderNoChangesComment', () => {
  it('replaces the plan with a note, keeping the marker first', () => {
    const body = renderNoChangesComment({
      key: 'prod',
      headSha: 'b'.repeat(40)
    })
    expect(body).toBe(
      [
        '<!-- ds-rollout:prod -->',
        '### ds-rollout plan · `prod`',
        '',
        'This pull request no longer changes any DaemonSet as of `bbbbbbbbbbbb`: nothing will roll out. ' +
          'An earlier version of this comment showed a rollout plan that no longer applies.'
      ].join('\n')
    )
  })
})

describe('isOurComment', () => {
  it.each([
    ['<!-- ds-rollout:prod -->\nplan', 'prod', true],
    ['<!-- ds-rollout:prod -->', 'prod', true],
    ['<!-- ds-rollout:prod -->\r\nplan', 'prod', true],
    ['<!-- ds-rollout:prod-eu -->\nplan', 'prod', false],
    ['<!-- ds-rollout:prod -->plan', 'prod', false],
    ['quoted:\n<!-- ds-rollout:prod -->\nplan', 'prod', false],
    [' <!-- ds-rollout:prod -->\nplan', 'prod', false],
    ['', 'prod', false]
  ])('%j is ours for key %s: %s', (body, key, expected) => {
    expect(isOurComment(body, key)).toBe(expected)
  })

  it('ignores a missing body', () => {
    expect(isOurComment(null, 'prod')).toBe(false)
    expect(isOurComment(undefined, 'prod')).toBe(false)
  })
})

describe('renderOverviewTable', () => {
  it('is empty when nothing changed', () => {
    expect(
      renderOverviewTable(planOf([daemonSetPlan({ change: 'unchanged' })]))
    ).toBe('')
  })

  it('describes OnDelete and untriggered changes', () => {
    const table = renderOverviewTable(
      planOf([
        daemonSetPlan({
          name: 'a',
          rollout: { triggered: true, reason: '', strategy: 'OnDelete' }
        }),
        daemonSetPlan({
          name: 'b',
          rollout: { triggered: false, reason: 'labels only' }
        })
      ])
    )
    const rows = table.split('\n').slice(2).map(cells)
    expect(rows[0]!.slice(2)).toEqual([
      'OnDelete (pods replaced only when deleted)',
      '—',
      '—',
      '—'
    ])
    expect(rows[1]!.slice(2)).toEqual(['no', '—', '—', '—'])
  })
})
