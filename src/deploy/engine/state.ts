import { KubeApiError } from '../../adapters/kube/errors.js'
import type {
  DaemonSetOutcome,
  DeployReport,
  DeployResult
} from '../../core/deploy/report.js'
import type { GateCarry } from '../../core/gate/evaluate.js'
import type { NodeExclusion } from '../../core/gate/done.js'
import type { GateVerdict } from '../../core/gate/types.js'
import type { DaemonSet } from '../../core/k8s/types.js'
import type { LivePlanResult } from '../live-plan.js'
import type { PreflightResult, Target } from '../preflight.js'
import type { ApplyDeps, ApplySettings } from '../types.js'
import type { DeployEvent } from './events.js'

/** One DaemonSet of the run. */
export interface DaemonSetRun {
  target: Target
  outcome: DaemonSetOutcome
  before: DaemonSet | null
  applied: boolean
  templateChanged: boolean
  /** Set when a canary's temporary OnDelete strategy could not be restored. */
  restoreProblem?: string
  /** This DaemonSet's estimate and waves, for the ETA (from --plan or the live plan). */
  planned?: { seconds: number; source: string; hangs?: boolean }
  plannedWaves?: number[]
  /** What the gate learned, for the verification after an undo. */
  carry?: GateCarry
  /** The hash of the revision the apply went to (recorded on undo). */
  appliedHash?: string
  /** Nodes the gate left out of "done" (NotReady/unreachable), as last seen. */
  excluded?: NodeExclusion[]
  /** ConfigMaps/Secrets it reads that changed while its template did not. */
  configOnly?: string[]
}

export type FailureVerdict =
  | GateVerdict
  | { status: 'cancelled'; message: string }
  | { status: 'apply-error'; message: string }

export interface Failure {
  verdict: FailureVerdict
  run?: DaemonSetRun
}

/** How a run ends: its result and the report's closing sentence. */
export interface Exit {
  result: DeployResult
  summary: string
  clusterState?: string[]
  nextSteps?: string[]
}

/** Everything one apply run knows, passed from phase to phase. */
export interface RunState {
  settings: ApplySettings
  deps: ApplyDeps
  now: () => number
  t0: number
  report: DeployReport
  pre?: PreflightResult
  livePlan?: LivePlanResult
  runs: DaemonSetRun[]
  /** Live ConfigMaps/Secrets the manifests change, recorded for the undo. */
  recorded: Target[]
  /** Non-DaemonSet objects applied. */
  appliedOthers: Target[]
  failure?: Failure
  emit(event: DeployEvent): void
}

export function apiMessage(err: unknown): string {
  if (err instanceof KubeApiError) return err.message
  return err instanceof Error ? err.message : String(err)
}

export function keyOf(run: DaemonSetRun): string {
  return `${run.outcome.namespace}/${run.outcome.name}`
}

/** Seconds since the run started, to a tenth. */
export function elapsed(state: RunState, at = state.now()): number {
  return Math.round((at - state.t0) / 100) / 10
}

/** A timeline entry at its real time (`at`, epoch ms; default now). */
export function note(
  state: RunState,
  phase: string,
  message: string,
  at?: number
): void {
  state.emit({ kind: 'timeline', at: elapsed(state, at), phase, message })
}

export function info(state: RunState, message: string): void {
  state.emit({ kind: 'log', level: 'info', message })
}

export function error(state: RunState, message: string): void {
  state.emit({ kind: 'log', level: 'error', message })
}

/** A warning: logged and kept in the report. */
export function warn(state: RunState, message: string): void {
  state.emit({ kind: 'warning', message })
}

export function revisionsText(
  state: RunState,
  pick: (o: DaemonSetOutcome) => number | undefined
): string {
  if (state.runs.length === 1) return String(pick(state.runs[0]!.outcome) ?? '')
  return state.runs
    .map(
      (r) => `${r.outcome.namespace}/${r.outcome.name}=${pick(r.outcome) ?? ''}`
    )
    .join(',')
}

export const UNCHANGED = ['unchanged: the run stopped before any write']
