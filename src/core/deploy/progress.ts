import type { GateProgress } from '../gate/types.js'
import { formatDuration } from '../render/overview.js'

export interface ProgressLineInput {
  /** namespace/name */
  key: string
  /** gate, verify, recover, canary */
  phase: string
  progress: GateProgress
  elapsedSeconds: number
  /** A canary wave's label ("canary", "wave 2/4"), when known. */
  waveLabel?: string
  /** Nodes per wave of the plan (rolling update), to say which wave the rollout is in. */
  plannedWaves?: number[]
  /** The plan's estimate, for the ETA (none when the plan predicts a hang). */
  planned?: { seconds: number; source: string; hangs?: boolean }
  soaking?: boolean
  /**
   * Updated pods when the phase started: with it, the line adds the time
   * left at the pace observed so far.
   */
  paceFrom?: number
  /** Seconds since the counters last moved. */
  stalledSeconds?: number
  /** What holds the rollout, described (see core/gate/blockers.ts). */
  blockers?: string[]
}

/**
 * Which planned wave a rolling update is in, from how many nodes are
 * updated: the first wave whose cumulative node count is not yet reached.
 * The controller does not run strict rounds (R3.10), so this is the plan's
 * view, marked "~".
 */
export function currentWave(
  plannedWaves: number[],
  updated: number
): { index: number; total: number } | undefined {
  if (plannedWaves.length === 0) return undefined
  let done = 0
  for (const [i, nodes] of plannedWaves.entries()) {
    done += nodes
    if (updated < done) return { index: i + 1, total: plannedWaves.length }
  }
  return { index: plannedWaves.length, total: plannedWaves.length }
}

/**
 * One ETA: from the pace observed so far once some nodes were updated in
 * this phase, else from the plan's estimate; none once every node is
 * updated, and none when the plan predicts a hang.
 */
function eta(input: ProgressLineInput): string | undefined {
  const p = input.progress
  if (!p.observed || p.updated >= p.desired || input.soaking === true)
    return undefined
  if (
    input.paceFrom !== undefined &&
    p.updated > input.paceFrom &&
    input.elapsedSeconds > 0
  ) {
    const perNode = input.elapsedSeconds / (p.updated - input.paceFrom)
    return `ETA ~${formatDuration(perNode * (p.desired - p.updated))} at the observed pace`
  }
  if (input.planned === undefined) return undefined
  if (input.planned.hangs === true)
    return `no ETA: the ${input.planned.source} predicts a hang`
  const left = input.planned.seconds - input.elapsedSeconds
  return left >= 0
    ? `ETA ~${formatDuration(left)} (${input.planned.source} estimate ${formatDuration(input.planned.seconds)})`
    : `over the ${input.planned.source} estimate of ${formatDuration(input.planned.seconds)} by ${formatDuration(-left)}`
}

/**
 * One progress line: updated/available/unavailable of desired, the wave,
 * elapsed time, one ETA, and what blocks it when nothing has moved for a
 * while. Before the controller has observed the change its counters are
 * stale, so the line says only that.
 */
export function progressLine(input: ProgressLineInput): string {
  const p = input.progress
  const head = `[${input.key}] ${input.phase}:`
  if (!p.observed)
    return `${head} waiting for the controller to observe the change, elapsed ${formatDuration(input.elapsedSeconds)}`
  const parts = [
    `${p.updated}/${p.desired} updated, ${p.available}/${p.desired} available, ${p.unavailable}/${p.desired} unavailable`
  ]
  if (input.waveLabel !== undefined) parts.push(input.waveLabel)
  else if (input.plannedWaves !== undefined) {
    const wave = currentWave(input.plannedWaves, p.updated)
    if (wave !== undefined)
      parts.push(`wave ~${wave.index}/${wave.total} (plan)`)
  }
  parts.push(`elapsed ${formatDuration(input.elapsedSeconds)}`)
  const estimate = eta(input)
  if (estimate !== undefined) parts.push(estimate)
  if (input.soaking === true) parts.push('soaking')
  let line = `${head} ${parts.join(', ')}`
  const stalled = input.stalledSeconds ?? 0
  if (
    stalled >= STALL_SECONDS &&
    input.soaking !== true &&
    input.blockers !== undefined &&
    input.blockers.length > 0
  )
    line += `; nothing moved for ${formatDuration(stalled)}, waiting on ${input.blockers.join('; ')}`
  return line
}

/** After this long without progress, the line names what blocks. */
export const STALL_SECONDS = 10

/** Progress lines on change are written at most this often. */
export const PROGRESS_LINE_INTERVAL_MS = 5000

/** While nothing changes, one line this often says the run is alive. */
export const PROGRESS_HEARTBEAT_MS = 60_000

/**
 * Decides which progress updates become log lines: at once when the phase
 * changes or the gate stops waiting; when the counters or the blockers
 * change, at most one per interval; otherwise one heartbeat per minute.
 * `reset()` makes the next update print (a new wave).
 */
export function progressThrottle(
  intervalMs = PROGRESS_LINE_INTERVAL_MS,
  heartbeatMs = PROGRESS_HEARTBEAT_MS
): {
  shouldPrint(
    nowMs: number,
    status: string,
    waiting: boolean,
    signature?: string
  ): boolean
  reset(): void
} {
  let last = -Infinity
  let lastStatus = ''
  let lastSignature: string | undefined
  return {
    shouldPrint(nowMs, status, waiting, signature) {
      const since = nowMs - last
      const print =
        !waiting ||
        status !== lastStatus ||
        since >= heartbeatMs ||
        (signature !== lastSignature && since >= intervalMs)
      if (!print) return false
      last = nowMs
      lastStatus = status
      lastSignature = signature
      return true
    },
    reset() {
      last = -Infinity
    }
  }
}
