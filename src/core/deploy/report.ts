import type { GateProgress, PodProblem } from '../gate/types.js'

export type DeployResult =
  'rolled-out' | 'rolled-back' | 'failed' | 'undo-failed'

export interface ReportTimelineEntry {
  /** Seconds since the run started. */
  at: number
  phase: string
  message: string
}

export interface DaemonSetOutcome {
  namespace: string
  name: string
  revisionBefore?: number
  revisionAfter?: number
  /** Whether the apply changed the pod template (R4.3). */
  templateChanged?: boolean
  gate?: string
  undo?: string
  verify?: string
  progress?: GateProgress
}

/** Everything the deploy report shows; plain data for the renderer. */
export interface DeployReport {
  /** Which command produced it (default apply). */
  mode?: 'apply' | 'undo'
  result: DeployResult
  /** One sentence: what happened. */
  summary: string
  /** When the undo failed or was not possible: the exact state the cluster is left in. */
  clusterState?: string[]
  daemonSets: DaemonSetOutcome[]
  failing: PodProblem[]
  /** Problems attributed to NotReady nodes, not to the revision. */
  nodeProblems: PodProblem[]
  failedNodes: string[]
  timeline: ReportTimelineEntry[]
  warnings: string[]
  plannedSeconds?: number
  /** Where plannedSeconds comes from: the reviewed plan (--plan) or the live plan. */
  plannedFrom?: 'plan' | 'live plan'
  /** The preflight's plan against the live nodes, one line per DaemonSet. */
  livePlan?: string[]
  /** API requests the live plan cost (included in apiRequests). */
  livePlanRequests?: number
  actualSeconds: number
  /** API requests the run made. */
  apiRequests?: number
  cancelled?: boolean
  /** Undo: the target revision's images and its template against the live one. */
  undoTarget?: string[]
  /** What to do next: exact commands and settings (every result but a clean rollout). */
  nextSteps?: string[]
}

/**
 * Closes a report at the end of a run (apply or undo): how long it took,
 * what it cost the API server, and the nodes of the failing pods, once
 * each and sorted.
 */
export function closeReport(
  report: DeployReport,
  elapsedMs: number,
  apiRequests: number
): void {
  report.actualSeconds = Math.round(elapsedMs / 100) / 10
  report.apiRequests = apiRequests
  report.failedNodes = [
    ...new Set(
      report.failing
        .map((p) => p.node)
        .filter((n): n is string => n !== undefined)
    )
  ].sort()
}
