import type { GateDecision } from '../gate/decide-gate.js'
import type { DaemonSetPlan, Finding, Plan, Severity } from '../plan/types.js'
import { waveCount } from '../plan/compact.js'
import { code } from './inert.js'

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** `95` -> `1m 35s`; whole seconds, at most two units. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`
  const h = Math.floor(m / 60)
  return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`
}

/** DaemonSets whose manifests differ between base and head. */
export function changedDaemonSets(plan: Plan): DaemonSetPlan[] {
  return plan.daemonSets.filter((ds) => ds.change !== 'unchanged')
}

/**
 * Whether the plan deserves a comment: a DaemonSet changed, or there are
 * errors or warnings (a broken manifest can fail the gate without any
 * DaemonSet diff, and the reviewer must see why).
 */
export function isNoteworthy(plan: Plan): boolean {
  return (
    changedDaemonSets(plan).length > 0 ||
    allFindings(plan).some((f) => f.severity !== 'info')
  )
}

/** Every finding of the plan: the plan-wide ones first, then per DaemonSet. */
export function allFindings(plan: Plan): Finding[] {
  return [...plan.findings, ...plan.daemonSets.flatMap((ds) => ds.findings)]
}

/**
 * One line for the `summary` output and the log: counts and the gate's
 * verdict. Plain text (no Markdown): names never appear in it.
 */
export function renderHeadline(plan: Plan, gate: GateDecision): string {
  const s = plan.summary
  const verdict = `gate ${gate.outcome === 'pass' ? 'passed' : 'failed'}: ${gate.reason}`
  if (s.changed === 0) {
    return `No DaemonSet changes (${plural(s.daemonSets, 'DaemonSet')} checked); ${verdict}`
  }
  return (
    `${plural(s.changed, 'DaemonSet')} changed, ${plural(s.rollouts, 'rollout')}; ` +
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'note')}; ` +
    verdict
  )
}

const SEVERITY_ICON: Record<Severity, string> = {
  error: '🛑',
  warning: '⚠️',
  info: 'ℹ️'
}

function findingCounts(findings: Finding[]): string {
  const parts: string[] = []
  for (const severity of ['error', 'warning', 'info'] as const) {
    const n = findings.filter((f) => f.severity === severity).length
    if (n > 0) parts.push(`${SEVERITY_ICON[severity]} ${n}`)
  }
  return parts.length === 0 ? '—' : parts.join(' ')
}

function rolloutCell(ds: DaemonSetPlan): string {
  const r = ds.rollout
  if (!r.triggered) return 'no'
  if (r.strategy === 'OnDelete')
    return 'OnDelete (pods replaced only when deleted)'
  const waves =
    r.waves === undefined ? undefined : (r.waveCount ?? waveCount(r.waves))
  return waves === undefined ? 'yes' : `yes, ${plural(waves, 'wave')}`
}

/**
 * The at-a-glance table: one row per changed DaemonSet. Every value that
 * comes from a manifest goes through `code()`.
 */
export function renderOverviewTable(plan: Plan): string {
  const rows = changedDaemonSets(plan).map((ds) => {
    const where = `${ds.namespace}/${ds.name}`
    const nodes =
      ds.rollout.desired === undefined ? '—' : String(ds.rollout.desired)
    const time =
      ds.rollout.estimatedSeconds === undefined
        ? '—'
        : `~${formatDuration(ds.rollout.estimatedSeconds)}`
    return `| ${code(where)} | ${ds.change} | ${rolloutCell(ds)} | ${nodes} | ${time} | ${findingCounts(ds.findings)} |`
  })
  if (rows.length === 0) return ''
  return [
    '| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows
  ].join('\n')
}

/** The gate line shown above the plan, in Markdown. */
export function renderGateLine(gate: GateDecision): string {
  return gate.outcome === 'pass'
    ? `✅ **Gate passed**: ${gate.reason}.`
    : `❌ **Gate failed**: ${gate.reason}.`
}
