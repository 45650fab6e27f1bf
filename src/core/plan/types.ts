/**
 * The JSON plan: the contract between the CLI (`ds-rollout plan --format
 * json`), the Action, the analysis service and other tools. Extend it; never
 * rename or remove a field or change its meaning. Documented in
 * docs/plan-json.md.
 */

export const PLAN_SCHEMA_VERSION = 1 as const

export type Severity = 'error' | 'warning' | 'info'

export interface Finding {
  severity: Severity
  /** Stable machine-readable code, e.g. `selector-changed`. */
  code: string
  message: string
  file?: string
  line?: number
  /** Set on findings about one DaemonSet. */
  namespace?: string
  name?: string
}

export type ChangeKind = 'added' | 'removed' | 'modified' | 'unchanged'

export interface FieldChange {
  /** Readable path, list items by key: `spec.template.spec.containers[name=agent].image`. */
  path: string
  /** Absent when the field did not exist on that side. Secret-looking values are replaced by `"(redacted)"`. */
  before?: unknown
  after?: unknown
  /** True when the path lies under spec.template (R4.3: such a change replaces pods). */
  template: boolean
  /**
   * 1-based line of the changed field in the head file (for a removed field:
   * of its nearest parent there), when known.
   */
  line?: number
}

export interface Wave {
  /** How many nodes are replaced in this wave. */
  nodes: number
  estimatedSeconds: number
}

export interface RolloutPlan {
  /** Whether applying the change replaces pods (any spec.template change, R4.3). */
  triggered: boolean
  /** One sentence on why (or why not). */
  reason: string
  /** Filled when a snapshot is given (simulation). */
  strategy?: 'RollingUpdate' | 'OnDelete'
  desired?: number
  maxUnavailable?: number
  maxSurge?: number
  waves?: Wave[]
  estimatedSeconds?: number
  [key: string]: unknown
}

export type PodState = 'running' | 'pending' | 'none'

export type NodeAction =
  | 'create'
  | 'delete'
  | 'replace'
  | 'keep'
  | 'keep-misscheduled'
  | 'pending'
  | 'none'

export interface NodeOutcome {
  name: string
  shouldRun: boolean
  shouldContinueRunning: boolean
  /** Whether the head pod fits the node; null when it is not going to be placed there. */
  fits: boolean | null
  before: PodState
  after: PodState
  action: NodeAction
  reasons: string[]
}

export interface DaemonSetPlan {
  namespace: string
  name: string
  /** Where the head (or, for a removal, the base) object is defined. */
  file: string
  line: number
  change: ChangeKind
  rollout: RolloutPlan
  changes: FieldChange[]
  findings: Finding[]
  /** Present when a snapshot is given. */
  nodes?: NodeOutcome[]
  [key: string]: unknown
}

export interface PlanSummary {
  daemonSets: number
  changed: number
  rollouts: number
  errors: number
  warnings: number
  infos: number
  highestSeverity: Severity | 'none'
}

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION
  summary: PlanSummary
  daemonSets: DaemonSetPlan[]
  /** Findings not tied to one DaemonSet. */
  findings: Finding[]
  [key: string]: unknown
}
