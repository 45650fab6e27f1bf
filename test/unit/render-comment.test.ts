import { describe, expect, it } from 'vitest'
import { decideGate } from '../../src/core/gate/decide-gate.js'
import {
  commentMarker,
  isOurComment,
  renderComment,
  renderNoChangesComment
} from '../../src/core/render/comment.js'
import { code } from '../../src/core/render/inert.js'
import {
  renderFindingList,
  renderOverviewTable
} from '../../src/core/render/overview.js'
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

function ctx(plan = planOf([daemonSetPlan()])) {
  return {
    key: 'default',
    gate: decideGate(plan, 'error'),
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

  it('shows the gate verdict, the counts and one table row per changed DaemonSet', () => {
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
      '❌ **Gate failed**: 1 error in the plan (fail-on: error).'
    )
    expect(body).toContain(
      '**1 DaemonSet changed**, 1 rollout (2 DaemonSets in the manifests)'
    )
    const rows = body.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toHaveLength(1)
    expect(cells(rows[0]!)).toEqual([
      '`kube-system/node-agent`',
      'modified',
      'yes, 12 waves',
      '12',
      '~8m',
      '🛑 1'
    ])
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
        const row = body.split('\n').find((l) => l.startsWith('| `'))!
        expect(cells(row)).toHaveLength(6)
        expect(cells(row)[0]).toBe(code(`ns/${payload}`))
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
    const lines = body.split('\n')
    const rows = lines.filter((l) => l.startsWith('| `'))
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

describe('renderFindingList', () => {
  it('lists errors then warnings, not notes, each with object and place', () => {
    const plan = planOf(
      [
        daemonSetPlan({
          findings: [
            finding('warning', 'surge', 'maxSurge doubles pods', {
              namespace: 'kube-system',
              name: 'agent',
              file: 'k8s/a.yaml',
              line: 9
            }),
            finding('info', 'note', 'just so you know'),
            finding(
              'error',
              'selector-changed',
              'selector is immutable (R2.1)',
              { namespace: 'kube-system', name: 'agent' }
            )
          ]
        })
      ],
      [
        finding('error', 'duplicate', 'two objects named agent', {
          file: 'k8s/a.yaml'
        })
      ]
    )
    expect(renderFindingList(plan).split('\n')).toEqual([
      '- 🛑 `duplicate` (`k8s/a.yaml`): `two objects named agent`',
      '- 🛑 `selector-changed` `kube-system/agent`: `selector is immutable (R2.1)`',
      '- ⚠️ `surge` `kube-system/agent` (`k8s/a.yaml:9`): `maxSurge doubles pods`'
    ])
  })

  it('caps each severity and says how many more there are', () => {
    const plan = planOf(
      [],
      Array.from({ length: 13 }, (_, i) => finding('error', `e${i}`, `m${i}`))
    )
    const lines = renderFindingList(plan, 10).split('\n')
    expect(lines).toHaveLength(11)
    expect(lines.at(-1)).toBe('- … and 3 errors more in the full plan')
  })

  it('keeps manifest text in messages inert', () => {
    const plan = planOf(
      [],
      [
        finding(
          'error',
          'bad-image',
          'image `x` @someone #123 <img src=x onerror=alert(1)> | y'
        )
      ]
    )
    const visible = outsideCodeSpans(renderFindingList(plan))
    expect(visible).toBe('- 🛑 : ')
  })
})
