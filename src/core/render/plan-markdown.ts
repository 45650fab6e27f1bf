/**
 * The plan as a reviewer reads it in a pull request: one summary line,
 * findings first when something is wrong, then per DaemonSet a compact table
 * of what changes. Everything taken from manifests is made inert (code
 * spans, escaped text) so a manifest cannot inject Markdown, HTML, links or
 * mentions.
 */
import type {
  DaemonSetPlan,
  FieldChange,
  Finding,
  Plan,
  Severity
} from '../plan/types.js'
import { code, inert } from './inert.js'
import {
  overviewDaemonSets,
  renderNoBaseBanner,
  renderOverviewTable
} from './overview.js'
import { renderSimulationMarkdown } from './simulation-markdown.js'

const MAX_VALUE_CHARS = 80
const MAX_CHANGES_PER_DAEMONSET = 40
const MAX_UNCHANGED_LISTED = 30

const SEVERITY_LABEL: Record<Severity, string> = {
  error: '🛑 error',
  warning: '⚠️ warning',
  info: 'ℹ️ info'
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  const chars = [...text]
  return chars.length > MAX_VALUE_CHARS
    ? `${chars.slice(0, MAX_VALUE_CHARS - 1).join('')}…`
    : text
}

function cell(change: FieldChange, side: 'before' | 'after'): string {
  return side in change ? code(shorten(change[side])) : '—'
}

function location(f: {
  file?: string | undefined
  line?: number | undefined
}): string {
  if (f.file === undefined) return ''
  return code(f.line === undefined ? f.file : `${f.file}:${f.line}`)
}

function findingRows(findings: Finding[]): string[] {
  return [
    '| Severity | Code | Where | Message |',
    '|---|---|---|---|',
    ...findings.map((f) => {
      const subject =
        f.name !== undefined ? `${code(`${f.namespace ?? ''}/${f.name}`)} ` : ''
      return `| ${SEVERITY_LABEL[f.severity]} | ${code(f.code)} | ${subject}${location(f)} | ${inert(f.message)} |`
    })
  ]
}

function bySeverity(a: Finding, b: Finding): number {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
  return rank[a.severity] - rank[b.severity]
}

/** The plan's one-line summary: counts of changes, rollouts and findings. */
export function renderPlanSummaryLine(plan: Plan): string {
  const s = plan.summary
  const parts = [
    `**ds-rollout plan: ${plural(s.changed, 'DaemonSet')} changed, ${s.rollouts} will roll**`,
    `${s.daemonSets} in total`
  ]
  const counts = [
    s.errors > 0 ? plural(s.errors, 'error') : '',
    s.warnings > 0 ? plural(s.warnings, 'warning') : '',
    s.infos > 0 ? plural(s.infos, 'note') : ''
  ].filter((x) => x !== '')
  if (counts.length > 0) parts.push(counts.join(', '))
  return parts.join(' · ')
}

function changeLabel(ds: DaemonSetPlan): string {
  const roll = ds.rollout.triggered ? 'rolls out' : 'no rollout'
  return `${ds.change} · ${roll}`
}

function renderDaemonSet(ds: DaemonSetPlan, findingsShown: boolean): string[] {
  const lines = [
    `### ${code(`${ds.namespace}/${ds.name}`)} · ${changeLabel(ds)}`,
    ''
  ]
  lines.push(`${inert(ds.rollout.reason)} (${location(ds)})`, '')
  if (ds.changes.length > 0) {
    lines.push('| Field | Before | After |', '|---|---|---|')
    for (const change of ds.changes.slice(0, MAX_CHANGES_PER_DAEMONSET)) {
      const mark = change.template ? ' 🔄' : ''
      lines.push(
        `| ${code(change.path)}${mark} | ${cell(change, 'before')} | ${cell(change, 'after')} |`
      )
    }
    const more = ds.changes.length - MAX_CHANGES_PER_DAEMONSET
    if (more > 0)
      lines.push(
        '',
        `_${plural(more, 'more change')} omitted; see the JSON plan._`
      )
    lines.push('')
  }
  for (const renamed of ds.renamedConfigs ?? []) {
    lines.push(
      `${renamed.kind} ${code(`${renamed.namespace}/${renamed.after}`)} replaces ${code(renamed.before)} (new kustomize hash); by content:`,
      ''
    )
    if (renamed.changes.length === 0) lines.push('_only the name changed_', '')
    else {
      lines.push('| Key | Before | After |', '|---|---|---|')
      for (const c of renamed.changes.slice(0, MAX_CHANGES_PER_DAEMONSET))
        lines.push(
          `| ${code(c.key)} | ${'before' in c ? code(shorten(c.before)) : '—'} | ${'after' in c ? code(shorten(c.after)) : '—'} |`
        )
      lines.push('')
    }
  }
  if (!findingsShown && ds.findings.length > 0)
    lines.push(...findingRows([...ds.findings].sort(bySeverity)), '')
  if (typeof ds.notSimulated === 'string')
    lines.push(`_Not simulated: ${inert(ds.notSimulated)}._`, '')
  if (ds.outcomes !== undefined) {
    const simulation = renderSimulationMarkdown(ds)
    if (simulation !== '') lines.push(simulation, '')
  }
  return lines
}

/** The plan as GitHub-flavoured Markdown (CLI `--format markdown`): the summary line, then the body. */
export function renderPlanMarkdown(plan: Plan): string {
  const parts = [renderPlanSummaryLine(plan)]
  const banner = renderNoBaseBanner(plan)
  if (banner !== '') parts.push(banner)
  // The same one-line-per-DaemonSet table as the comment, first.
  const table = renderOverviewTable(plan)
  if (table !== '') parts.push(table)
  parts.push(renderPlanBody(plan))
  return parts.join('\n\n').replace(/\n+$/, '\n')
}

/**
 * Everything after the summary line: findings, one section per DaemonSet,
 * the unchanged ones. The comment and the job summary put this under their
 * own verdict and overview table.
 */
export function renderPlanBody(plan: Plan): string {
  const lines: string[] = []
  const all = [
    ...plan.findings,
    ...plan.daemonSets.flatMap((ds) => ds.findings)
  ]
  const errorsFirst = plan.summary.errors > 0
  if (errorsFirst)
    lines.push('### Findings', '', ...findingRows(all.sort(bySeverity)), '')
  // Quiet by default: only changed DaemonSets (and unchanged ones with an
  // error or a warning) get a section; the rest are one line with a count.
  const shown = overviewDaemonSets(plan)
  for (const ds of shown) lines.push(...renderDaemonSet(ds, errorsFirst))
  const unchanged = plan.daemonSets.filter((ds) => !shown.includes(ds))
  if (unchanged.length > 0) {
    const names = unchanged
      .slice(0, MAX_UNCHANGED_LISTED)
      .map((ds) => code(`${ds.namespace}/${ds.name}`))
    const more = unchanged.length - names.length
    lines.push(
      `${plural(unchanged.length, 'unchanged DaemonSet')} (no change, nothing rolls): ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
      ''
    )
  }
  if (!errorsFirst && plan.findings.length > 0)
    lines.push(
      '### Other findings',
      '',
      ...findingRows([...plan.findings].sort(bySeverity)),
      ''
    )
  if (plan.daemonSets.length === 0)
    lines.push('_No DaemonSets in the manifests._', '')
  return lines.join('\n').replace(/\n+$/, '\n')
}
