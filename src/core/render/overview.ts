import type { PlanVerdict } from '../verdict/decide-verdict.js'
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
 * errors or warnings (a broken manifest can make the fail-on verdict reject the plan without any
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
 * One line for the `summary` output and the log: counts and the fail-on
 * verdict. Plain text (no Markdown): names never appear in it.
 */
export function renderHeadline(plan: Plan, verdict: PlanVerdict): string {
  const s = plan.summary
  const said = `plan ${verdictWord(verdict)}: ${verdict.reason}`
  const noBase = plan.baseCompared === false ? 'NO BASE COMPARED; ' : ''
  if (s.changed === 0) {
    return `${noBase}No DaemonSet changes (${plural(s.daemonSets, 'DaemonSet')} checked); ${said}`
  }
  const hanging = hangingDaemonSets(plan)
  const hangs =
    hanging.length === 0
      ? ''
      : `${plural(hanging.length, 'rollout')} HANG (${plural(hangNodes(plan), 'node')} never done); `
  return (
    noBase +
    `${plural(s.changed, 'DaemonSet')} changed, ${plural(s.rollouts, 'rollout')}; ` +
    hangs +
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'note')}; ` +
    said
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

/**
 * Whether a simulated rollout finishes: `hangs` when the controller stops
 * replacing pods with nodes still on the old one (rollout.stall),
 * `never-completes` when every pod is replaced but some desired nodes never
 * get an available pod, so `kubectl rollout status` never succeeds.
 */
export type RolloutVerdict =
  | { kind: 'completes' }
  | { kind: 'hangs'; nodesLeft: number; nodesLeftWorstCase: number }
  | { kind: 'never-completes'; neverAvailable: number }

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

export function rolloutVerdict(ds: DaemonSetPlan): RolloutVerdict {
  const r = ds.rollout
  if (!r.triggered) return { kind: 'completes' }
  if (r.stall !== undefined && r.stall !== null)
    return {
      kind: 'hangs',
      nodesLeft: count(r.stall.nodesLeft),
      nodesLeftWorstCase: Math.max(
        count(r.stall.nodesLeft),
        count(r.stall.nodesLeftWorstCase)
      )
    }
  const never = count(r.neverAvailable)
  if (never > 0) return { kind: 'never-completes', neverAvailable: never }
  return { kind: 'completes' }
}

/** `3` or `3–5`: the nodes a hanging rollout leaves on the old pod. */
export function nodesLeftText(v: {
  nodesLeft: number
  nodesLeftWorstCase: number
}): string {
  return v.nodesLeft === v.nodesLeftWorstCase
    ? `${v.nodesLeft}`
    : `${v.nodesLeft}–${v.nodesLeftWorstCase}`
}

/** Plain text: whether and how the DaemonSet rolls, hangs included. */
export function rolloutText(ds: DaemonSetPlan): string {
  const r = ds.rollout
  if (!r.triggered) return 'no'
  if (r.strategy === 'OnDelete')
    return 'OnDelete (pods replaced only when deleted)'
  const verdict = rolloutVerdict(ds)
  const of = r.desired === undefined ? '' : ` of ${r.desired}`
  if (verdict.kind === 'hangs')
    return `HANGS: ${nodesLeftText(verdict)}${of} nodes stay on the old pod`
  const waves =
    r.waves === undefined ? undefined : (r.waveCount ?? waveCount(r.waves))
  const yes = waves === undefined ? 'yes' : `yes, ${plural(waves, 'wave')}`
  if (verdict.kind === 'never-completes')
    return `${yes}; NEVER COMPLETES: ${plural(verdict.neverAvailable, 'node')} never ${verdict.neverAvailable === 1 ? 'gets' : 'get'} an available pod`
  return yes
}

function rolloutCell(ds: DaemonSetPlan): string {
  const verdict = rolloutVerdict(ds)
  const icon =
    ds.rollout.strategy === 'OnDelete' || verdict.kind === 'completes'
      ? ''
      : '⛔ '
  return `${icon}${rolloutText(ds)}`
}

/** The estimated time, or that there is none because the rollout hangs. */
export function timeText(ds: DaemonSetPlan): string {
  const r = ds.rollout
  if (r.estimatedSeconds === undefined) return '—'
  const verdict = rolloutVerdict(ds)
  if (verdict.kind === 'hangs') return 'never (hangs)'
  const time = `~${formatDuration(r.estimatedSeconds)}`
  return verdict.kind === 'never-completes' ? `${time}, then never done` : time
}

/** DaemonSets whose simulated rollout hangs or never completes. */
export function hangingDaemonSets(plan: Plan): DaemonSetPlan[] {
  return plan.daemonSets.filter((ds) => rolloutVerdict(ds).kind !== 'completes')
}

/**
 * Nodes the hanging rollouts stop at: the nodes left on the old pod (worst
 * case) plus those that never get an available pod, over every DaemonSet.
 */
export function hangNodes(plan: Plan): number {
  let total = 0
  for (const ds of plan.daemonSets) {
    const v = rolloutVerdict(ds)
    if (v.kind === 'hangs') total += v.nodesLeftWorstCase
    else if (v.kind === 'never-completes') total += v.neverAvailable
  }
  return total
}

/**
 * The at-a-glance table: one row per changed DaemonSet. Every value that
 * comes from a manifest goes through `code()`.
 */
export function renderOverviewTable(plan: Plan): string {
  const rows = overviewDaemonSets(plan).map((ds) => {
    const where = `${ds.namespace}/${ds.name}`
    const nodes =
      ds.rollout.desired === undefined ? '—' : String(ds.rollout.desired)
    return `| ${code(where)} | ${ds.change} | ${rolloutCell(ds)} | ${nodes} | ${timeText(ds)} | ${findingCounts(ds.findings)} |`
  })
  if (rows.length === 0) return ''
  const unchanged = plan.daemonSets.length - rows.length
  return [
    '| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows,
    ...(unchanged > 0
      ? [`| ${plural(unchanged, 'unchanged DaemonSet')} | | | | | |`]
      : [])
  ].join('\n')
}

/**
 * The DaemonSets that get a row and a section of their own: changed ones,
 * and unchanged ones with an error or a warning (a broken live state is
 * worth a reviewer's look). The rest collapse into one line with a count.
 */
export function overviewDaemonSets(plan: Plan): DaemonSetPlan[] {
  return plan.daemonSets.filter(
    (ds) =>
      ds.change !== 'unchanged' ||
      ds.findings.some((f) => f.severity !== 'info')
  )
}

/**
 * The banner of a plan that compared no base: every DaemonSet reads as
 * added, and the reviewer must not take that for the change.
 */
export function renderNoBaseBanner(plan: Plan): string {
  if (plan.baseCompared !== false) return ''
  return [
    '> [!WARNING]',
    '> **No base compared.** No base manifests or base ref were given or found, so every DaemonSet is shown as added. ' +
      'Give `base-ref` or `base-manifests` (CLI: `--base-ref` or `--base`) to see what this change really does.'
  ].join('\n')
}

/** "accepted" or "rejected": the fail-on verdict in one word. */
function verdictWord(verdict: PlanVerdict): string {
  return verdict.outcome === 'pass' ? 'accepted' : 'rejected'
}

/** The fail-on verdict's line shown above the plan, in Markdown. */
export function renderVerdictLine(verdict: PlanVerdict): string {
  return verdict.outcome === 'pass'
    ? `✅ **Plan accepted**: ${verdict.reason}.`
    : `❌ **Plan rejected**: ${verdict.reason}.`
}
