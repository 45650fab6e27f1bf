/**
 * The simulation part of the plan Markdown for one DaemonSet: a summary
 * line, node outcomes by count (node lists collapsed in <details>), the wave
 * plan as a table and a Mermaid gantt chart, and the notes. Findings are
 * rendered by plan-markdown from `ds.findings` (pass `{ findings: true }` to
 * render the simulation's own findings here instead).
 *
 * Size is bounded whatever the fleet: at most NODES_PER_ACTION node rows per
 * action and MAX_WAVE_ROWS wave rows / gantt bars, the rest summarised. It
 * reads the plan's compact form (outcome groups, run-length encoded waves)
 * and never expands it, so the cost does not grow with the fleet.
 * Every name or text that comes from a manifest or the cluster goes through
 * code() or inert(), so it cannot mention, link or inject HTML.
 */
import type {
  DaemonSetPlan,
  Finding,
  NodeAction,
  NodeOutcome,
  OutcomeGroup,
  WaveRun
} from '../plan/types.js'
import { SIMULATION_FINDING_CODES } from '../simulate/findings.js'
import { code, inert } from './inert.js'

export interface SimulationMarkdownOptions {
  /** Also render the simulation findings of `ds.findings` (default false: plan-markdown renders them). */
  findings?: boolean
  /** Node rows per action (default 50). */
  nodesPerAction?: number
}

const SIMULATION_CODES: ReadonlySet<string> = new Set(SIMULATION_FINDING_CODES)

const NODES_PER_ACTION = 50
const MAX_WAVE_ROWS = 12

const ACTION_ORDER: NodeAction[] = [
  'pending',
  'delete',
  'create',
  'replace',
  'keep-misscheduled',
  'keep',
  'none'
]

const ACTION_TEXT: Record<NodeAction, string> = {
  pending: 'new pod stays Pending',
  delete: 'loses the daemon',
  create: 'gains the daemon',
  replace: 'pod replaced',
  'keep-misscheduled': 'kept, misscheduled',
  keep: 'unchanged',
  none: 'no daemon'
}

/** The one escaping path (render/inert.ts); re-exported for existing callers. */
export { inert }

/** `1h 5m`, `4m 10s`, `45s`. */
function duration(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return r > 0 ? `${m}m ${r}s` : `${m}m`
  return `${r}s`
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

interface Stall {
  nodesLeft?: number
  nodesLeftWorstCase?: number
  reason?: string
}

function summaryLine(ds: DaemonSetPlan, groups: OutcomeGroup[]): string {
  const r = ds.rollout
  const parts: string[] = []
  const desired = num(r.desired)
  const total = groups.reduce((sum, g) => sum + g.count, 0)
  if (desired !== undefined)
    parts.push(`**${desired}** of ${total} nodes should run it`)
  if (r.strategy === 'OnDelete') parts.push('OnDelete')
  else if (r.strategy === 'RollingUpdate')
    parts.push(
      `RollingUpdate maxUnavailable **${num(r.maxUnavailable) ?? 0}**, maxSurge **${num(r.maxSurge) ?? 0}**`
    )
  const count = waveTotal(r.waves ?? [])
  if (count > 0) {
    parts.push(
      `${count} wave${count === 1 ? '' : 's'}, about ${duration(num(r.estimatedSeconds) ?? 0)}`
    )
  } else if (r.triggered !== true) {
    parts.push('no pod is replaced')
  }
  const stall = r.stall as Stall | undefined
  if (stall !== undefined) parts.push('**the rollout hangs**')
  return parts.join(' · ')
}

function waveTotal(waves: readonly WaveRun[]): number {
  let n = 0
  for (const w of waves) n += num(w.count) ?? 1
  return n
}

function outcomeTable(
  groups: OutcomeGroup[],
  detail: readonly NodeOutcome[],
  perAction: number,
  stall: Stall | undefined
): string[] {
  // Per-node reasons (with the node's own figures) where the plan has them.
  const reasonsOf = new Map<string, readonly string[]>()
  for (const n of detail) reasonsOf.set(n.name, n.reasons)
  const byAction = new Map<NodeAction, OutcomeGroup[]>()
  for (const g of groups) {
    const list = byAction.get(g.action)
    if (list === undefined) byAction.set(g.action, [g])
    else list.push(g)
  }
  const lines = ['| Outcome | Nodes | Before → after |', '|---|---:|---|']
  for (const action of ACTION_ORDER) {
    const list = byAction.get(action)
    if (list === undefined) continue
    const transitions = new Map<string, number>()
    let count = 0
    for (const g of list) {
      const t = `${g.before} → ${g.after}`
      transitions.set(t, (transitions.get(t) ?? 0) + g.count)
      count += g.count
    }
    const t = [...transitions]
      .map(([k, v]) => (transitions.size > 1 ? `${k} (${v})` : k))
      .join(', ')
    lines.push(`| ${action}: ${ACTION_TEXT[action]} | ${count} | ${t} |`)
  }
  if (stall !== undefined) {
    // The per-node rows say what the controller would do with an unlimited
    // run; a hanging rollout stops first, on nodes it picks in no fixed
    // order (R3.10), so the count is all that can be said.
    const left = nodesLeftText(stall)
    lines.push(
      `| ⛔ not reached: the rollout hangs first | ${left} | old pod stays (which nodes: no fixed order, R3.10) |`
    )
  }
  const details: string[] = []
  for (const action of ACTION_ORDER) {
    const list = byAction.get(action)
    if (list === undefined || action === 'none' || action === 'keep') continue
    // Only groups the plan names (non-routine ones, or all with --nodes all).
    const named = list.filter((g) => g.nodeNames !== undefined)
    if (named.length === 0) continue
    const count = named.reduce((sum, g) => sum + g.count, 0)
    details.push(
      '',
      `<details><summary>${action}: ${count} node${count === 1 ? '' : 's'}</summary>`,
      '',
      '| Node | Why |',
      '|---|---|'
    )
    let shown = 0
    for (const g of named) {
      const shared = g.reason.split('; ')
      for (const name of g.nodeNames ?? []) {
        if (shown >= perAction) break
        const why = (reasonsOf.get(name) ?? shared)
          .map((r) => inert(r))
          .join('<br>')
        details.push(`| ${code(name)} | ${why} |`)
        shown += 1
      }
    }
    if (count > shown) details.push(`| … | ${count - shown} more not shown |`)
    details.push('', '</details>')
  }
  return [...lines, ...details]
}

interface WaveTableRow {
  label: string
  nodes: string
  /** Nodes in the row (a number, for the chart). */
  count: number
  start: number
  seconds: number
  down: string
}

/**
 * Groups waves into at most `max` rows: the first ones singly, then one row
 * for the middle ones, then the last. Works on the run-length encoded
 * waves without expanding them.
 */
function waveRows(runs: readonly WaveRun[], max: number): WaveTableRow[] {
  const total = waveTotal(runs)
  const single = total <= max ? total : max - 2
  const rows: WaveTableRow[] = []
  let index = 0
  let middle: WaveTableRow | undefined
  let middleDown = 0
  let middleWaves = 0
  let middleNodes = 0
  let at = 0
  for (const run of runs) {
    const count = num(run.count) ?? 1
    const start0 = num(run.startsAtSeconds) ?? at
    const down = num(run.nodesDown)
    let k = 0
    while (k < count) {
      const start = start0 + k * run.estimatedSeconds
      if (index < single || index === total - 1) {
        if (index === total - 1 && middle !== undefined) {
          middle.nodes = `${middleNodes} (${middleWaves} waves)`
          middle.count = middleNodes
          middle.down = `${middleDown}`
          middle.label = `${single + 1}–${total - 1}`
          rows.push(middle)
          middle = undefined
        }
        rows.push({
          label: `${index + 1}`,
          nodes: `${run.nodes}`,
          count: run.nodes,
          start,
          seconds: run.estimatedSeconds,
          down: `${down ?? ''}`
        })
        index += 1
        k += 1
        continue
      }
      // Middle waves of this run, up to the last wave overall.
      const take = Math.min(count - k, total - 1 - index)
      if (middle === undefined)
        middle = {
          label: '',
          nodes: '',
          count: 0,
          start,
          seconds: 0,
          down: ''
        }
      middle.seconds += take * run.estimatedSeconds
      middleNodes += take * run.nodes
      middleWaves += take
      middleDown = Math.max(middleDown, down ?? 0)
      index += take
      k += take
    }
    at = start0 + count * run.estimatedSeconds
  }
  return rows
}

function clock(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  const pad = (v: number) => String(v).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`
}

/**
 * The wave chart as a Mermaid gantt. Times are milliseconds from the start
 * (`dateFormat x`): Mermaid reads a bare-number start as milliseconds
 * whatever the format, so seconds (`X`) would put every wave after the
 * first at the wrong place. Labels hold no `:`, `;` or `#` (Mermaid syntax).
 */
export function waveGantt(
  name: string,
  rows: { label: string; count: number; start: number; seconds: number }[]
): string[] {
  const title = name.replace(/[^A-Za-z0-9._/-]/g, '_')
  const lines = [
    '```mermaid',
    'gantt',
    `  title Rollout of ${title} (estimate)`,
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    '  todayMarker off',
    '  section Waves'
  ]
  rows.forEach((r, i) => {
    const wave = r.label.includes('–') ? 'Waves' : 'Wave'
    const label = `${wave} ${r.label}, ${r.count} node${r.count === 1 ? '' : 's'}`
    const start = Math.round(r.start) * 1000
    const end = start + Math.max(1, Math.round(r.seconds)) * 1000
    lines.push(`  ${label} : w${i + 1}, ${start}, ${end}`)
  })
  lines.push('```')
  return lines
}

function wavePlan(ds: DaemonSetPlan): string[] {
  const waves = ds.rollout.waves ?? []
  if (waves.length === 0) return []
  const rows = waveRows(waves, MAX_WAVE_ROWS)
  const lines = [
    '**Wave plan** (how many nodes per wave; the controller picks which nodes in no fixed order, R3.10)',
    '',
    '| Wave | Nodes | Starts at | Takes | Nodes without the daemon |',
    '|---|---:|---:|---:|---:|'
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.nodes} | ${clock(r.start)} | ${duration(r.seconds)} | ${r.down} |`
    )
  }
  const total = num(ds.rollout.estimatedSeconds) ?? 0
  const worst = num(ds.rollout.estimatedSecondsWorstCase)
  lines.push(
    '',
    `Estimated total: **${duration(total)}**${worst !== undefined && worst > total ? ` (up to ${duration(worst)} if the controller picks the nodes that never become ready first)` : ''}.`
  )
  lines.push('', ...waveGantt(`${ds.namespace}/${ds.name}`, rows))
  return lines
}

function findingLines(findings: Finding[]): string[] {
  const icon = { error: '⛔', warning: '⚠️', info: 'ℹ️' } as const
  const rank = { error: 0, warning: 1, info: 2 } as const
  return [...findings]
    .sort((a, b) => rank[a.severity] - rank[b.severity])
    .map((f) => `- ${icon[f.severity]} ${code(f.code)} ${inert(f.message)}`)
}

/** The simulation of one DaemonSet as Markdown; '' when it was not simulated. */
export function renderSimulationMarkdown(
  ds: DaemonSetPlan,
  options: SimulationMarkdownOptions = {}
): string {
  const groups = ds.outcomes
  if (groups === undefined) return ''
  const lines: string[] = [
    '#### Rollout simulation',
    '',
    summaryLine(ds, groups),
    ''
  ]
  const stall = ds.rollout.stall as Stall | undefined
  if (stall !== undefined) {
    const left = nodesLeftText(stall)
    lines.push(
      `> [!CAUTION]`,
      `> The rollout hangs with ${left} node(s) still on the old pod: ${inert(stall.reason ?? '')}`,
      ''
    )
  }
  if (options.findings === true) {
    const own = ds.findings.filter((f) => SIMULATION_CODES.has(f.code))
    if (own.length > 0) lines.push(...findingLines(own), '')
  }
  lines.push(
    ...outcomeTable(
      groups,
      ds.nodeDetail ?? [],
      options.nodesPerAction ?? NODES_PER_ACTION,
      stall
    ),
    ''
  )
  const plan = wavePlan(ds)
  if (plan.length > 0) lines.push(...plan, '')
  const notes = Array.isArray(ds.rollout.notes)
    ? (ds.rollout.notes as unknown[])
    : []
  for (const note of notes)
    if (typeof note === 'string') lines.push(`- ${inert(note)}`)
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
}

/** How many nodes a hanging rollout leaves on the old pod: `3`, or `2–5` when the order decides. */
function nodesLeftText(stall: Stall): string {
  return stall.nodesLeft === stall.nodesLeftWorstCase
    ? `${stall.nodesLeft ?? 0}`
    : `${stall.nodesLeft ?? 0}–${stall.nodesLeftWorstCase ?? 0}`
}
