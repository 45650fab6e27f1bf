import type { KubeClient } from '../adapters/kube/client.js'
import type { ListWatchOptions } from '../adapters/kube/list-watch.js'
import type { DeployReport, DeployResult } from '../core/deploy/report.js'
import type { GateOptions } from '../core/gate/types.js'
import type { CanarySpec } from '../core/gate/waves.js'
import type { ManifestObject } from '../core/manifests/types.js'
import type { BlockOn } from '../core/deploy/live-plan.js'

/** block-on by default: a predicted hang (docs/deploy.md says why). */
export const DEFAULT_BLOCK_ON: readonly BlockOn[] = ['hang']

export interface ApplySettings {
  /** The head manifests, every object to apply. */
  objects: ManifestObject[]
  /** The reviewed plan's base manifests; when given, the live DaemonSets must match them (drift check). */
  base?: ManifestObject[]
  gate: GateOptions
  /** Server-side apply force (take over fields owned by other managers). */
  force: boolean
  /** Undo automatically when the gate fails. */
  undo: boolean
  /** On SIGTERM/SIGINT: undo the rollout or leave it as it is. */
  onCancel: 'undo' | 'leave'
  /** When a rollout of the same DaemonSet is in progress: refuse, or wait up to concurrencyWaitSeconds. */
  concurrency: 'refuse' | 'wait'
  concurrencyWaitSeconds: number
  /** The plan's estimate, for ETA and planned vs actual. */
  plannedSeconds?: number
  /** The reviewed plan JSON (--plan), compared with the live plan (node count, rollout or not). */
  reviewedPlan?: unknown
  /**
   * Compute and log a plan against the live nodes in the preflight (default
   * true); its estimate gives the ETA when plannedSeconds is not set. Costs
   * one SelfSubjectAccessReview and ceil(nodes/500) + ceil(pods/500) list
   * requests.
   */
  livePlan?: boolean
  /**
   * Refuse before the first write when the live plan predicts these:
   * `hang` (the rollout stops with nodes left, R3.10), `pending` (new pods
   * that cannot be placed). Default DEFAULT_BLOCK_ON; [] turns it off.
   */
  blockOn?: BlockOn[]
  /**
   * When a ConfigMap/Secret the DaemonSet reads changes but its template
   * does not: bump a pod-template annotation so the pods restart (gated,
   * and undone with the template).
   */
  restartOnConfigChange?: boolean
  /** Canary waves (opt-in): canary nodes first, then waves no larger than maxUnavailable. */
  canary?: CanarySpec
  /** Split the nodes after the canary into at most this many waves (each still <= maxUnavailable). */
  waves?: number
}

export interface Logger {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Runs fn inside a collapsible log group (Actions) or under a heading (CLI). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export interface ApplyDeps {
  client: KubeClient
  log: Logger
  /** Aborted on SIGTERM/SIGINT. */
  signal: AbortSignal
  now?: () => number
  listWatchOptions?: ListWatchOptions
}

export interface ApplyOutcome {
  result: DeployResult
  /** "ns/name=N" per DaemonSet, comma separated (a single number when there is one DaemonSet). */
  revisionBefore: string
  revisionAfter: string
  failedNodes: string[]
  report: DeployReport
}
