import type { ProgressLineInput } from '../../core/deploy/progress.js'
import { describeBlocker } from '../../core/gate/blockers.js'
import type {
  GateProgress,
  GateState,
  GateVerdict,
  PodProblem
} from '../../core/gate/types.js'
import { runGate, type GateRunResult } from '../gate-runner.js'
import type { DeployEvent } from './events.js'
import { keyOf, note, type DaemonSetRun, type RunState } from './state.js'

/** Progress events of one gate, with the line the printer may show. */
export function progressEmitter(
  emit: (e: DeployEvent) => void,
  now: () => number,
  base: Omit<ProgressLineInput, 'progress' | 'elapsedSeconds'>,
  options: { pace: boolean } = { pace: true }
): {
  onProgress: (
    p: GateProgress,
    verdict: GateVerdict,
    gate: GateState,
    waveLabel?: string
  ) => void
  fresh(): void
} {
  const started = now()
  let paceFrom: number | undefined
  let fresh = true
  return {
    fresh() {
      fresh = true
    },
    onProgress(p, verdict, gate, waveLabel) {
      const t = now()
      // The pace counts from the first observed status of this change.
      if (paceFrom === undefined && p.observed) paceFrom = p.updated
      const soaking = verdict.status === 'waiting' && verdict.phase === 'soak'
      emit({
        kind: 'progress',
        at: t,
        status: verdict.status === 'waiting' ? verdict.phase : verdict.status,
        waiting: verdict.status === 'waiting',
        fresh,
        line: {
          ...base,
          ...(waveLabel === undefined ? {} : { waveLabel }),
          progress: { ...p },
          elapsedSeconds: (t - started) / 1000,
          soaking,
          ...(options.pace && paceFrom !== undefined ? { paceFrom } : {}),
          stalledSeconds: (t - gate.lastProgressAt) / 1000,
          blockers: gate.blockers.map(describeBlocker)
        }
      })
      fresh = false
    }
  }
}

/** Failing pods and pods attributed to sick nodes, into the report (no duplicates). */
export function absorbGate(state: RunState, gate: GateRunResult): void {
  const report = state.report
  if (gate.verdict.status === 'failed')
    report.failing.push(...gate.verdict.failing)
  for (const p of gate.state.nodeProblems) {
    if (
      !report.nodeProblems.some(
        (q: PodProblem) => q.pod === p.pod && q.reason === p.reason
      )
    )
      report.nodeProblems.push(p)
  }
}

/**
 * Runs the gate on one DaemonSet (phase gate, verify or recover), emitting
 * progress, and puts its timeline into the run's at the real times.
 */
export async function gatePhase(
  state: RunState,
  run: DaemonSetRun,
  phase: string
): Promise<GateRunResult> {
  const { settings, deps } = state
  const key = keyOf(run)
  // The plan estimates the DaemonSet's own rolling update, not canary
  // waves (whose final gate only confirms completion).
  const rolling = phase === 'gate' && settings.canary === undefined
  const progress = progressEmitter(state.emit, state.now, {
    key,
    phase,
    ...(rolling && run.planned !== undefined ? { planned: run.planned } : {}),
    ...(rolling && run.plannedWaves !== undefined
      ? { plannedWaves: run.plannedWaves }
      : {})
  })
  const result = await runGate(
    run.outcome.namespace,
    run.outcome.name,
    settings.gate,
    {
      client: deps.client,
      now: state.now,
      watchNodes: state.pre?.canWatchNodes ?? false,
      log: (m) => state.emit({ kind: 'log', level: 'warning', message: m }),
      ...(deps.listWatchOptions === undefined
        ? {}
        : { listWatchOptions: deps.listWatchOptions }),
      ...(run.carry === undefined
        ? {}
        : {
            // The gate starts from the live plan's knowledge, the
            // verification also from the gate's.
            carry:
              phase === 'verify'
                ? run.carry
                : { knownUnavailable: run.carry.knownUnavailable ?? [] }
          }),
      onProgress: progress.onProgress
    },
    deps.signal
  )
  gateTimeline(state, key, phase, result)
  return result
}

/** The gate's own timeline, at the times its events happened. */
export function gateTimeline(
  state: RunState,
  key: string,
  phase: string,
  result: GateRunResult
): void {
  for (const entry of result.state.timeline) {
    if (entry.kind === 'started') continue
    note(
      state,
      phase,
      `${key}: ${entry.message}`,
      result.state.startedAt + entry.at * 1000
    )
  }
  const w = result.watchStats
  note(
    state,
    phase,
    `${key}: ${w.watches} watch request(s), ${w.reconnects} reconnect(s) after drops, ${w.relists410} re-list(s) after 410 Gone`
  )
}
