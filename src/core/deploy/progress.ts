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
  /** The plan's estimate, for the ETA. */
  planned?: { seconds: number; source: string }
  soaking?: boolean
  /**
   * Updated pods when the phase started: with it, the line adds the time
   * left at the pace observed so far.
   */
  paceFrom?: number
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
 * One progress line: updated/available/unavailable of desired, the wave,
 * elapsed time and the ETA from the plan's estimate.
 */
export function progressLine(input: ProgressLineInput): string {
  const p = input.progress
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
  if (input.planned !== undefined) {
    const left = input.planned.seconds - input.elapsedSeconds
    parts.push(
      left >= 0
        ? `ETA ~${formatDuration(left)} (${input.planned.source} estimate ${formatDuration(input.planned.seconds)})`
        : `over the ${input.planned.source} estimate of ${formatDuration(input.planned.seconds)} by ${formatDuration(-left)}`
    )
  }
  // The observed pace: what is left at the rate nodes were updated so far.
  if (
    input.paceFrom !== undefined &&
    p.updated > input.paceFrom &&
    p.updated < p.desired &&
    input.elapsedSeconds > 0
  ) {
    const perNode = input.elapsedSeconds / (p.updated - input.paceFrom)
    parts.push(
      `~${formatDuration(perNode * (p.desired - p.updated))} left at the current pace`
    )
  }
  if (input.soaking === true) parts.push('soaking')
  if (!p.observed)
    parts.push('waiting for the controller to observe the change')
  return `[${input.key}] ${input.phase}: ${parts.join(', ')}`
}

/** Progress lines are written at most this often while the gate waits. */
export const PROGRESS_LINE_INTERVAL_MS = 5000

/**
 * Decides which progress updates become log lines: one per interval while
 * the gate waits in the same phase, and at once when the phase or the
 * verdict changes. `reset()` makes the next update print (a new wave).
 */
export function progressThrottle(intervalMs = PROGRESS_LINE_INTERVAL_MS): {
  shouldPrint(nowMs: number, status: string, waiting: boolean): boolean
  reset(): void
} {
  let last = -Infinity
  let lastStatus = ''
  return {
    shouldPrint(nowMs, status, waiting) {
      if (nowMs - last < intervalMs && status === lastStatus && waiting)
        return false
      last = nowMs
      lastStatus = status
      return true
    },
    reset() {
      last = -Infinity
    }
  }
}
