/**
 * The JSON plan: the contract between the CLI (`ds-rollout plan --format
 * json`), the Action, the analysis service and other tools. Extend it; never
 * rename or remove a field or change its meaning. Documented in
 * docs/plan-json.md.
 */

export const PLAN_SCHEMA_VERSION = 2 as const

/** Versions `apply --plan` still reads (docs/plan-json.md, "From v1 to v2"). */
export const READABLE_PLAN_SCHEMA_VERSIONS: readonly number[] = [1, 2]

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
  /** Seconds from the start of the rollout (simulation). */
  startsAtSeconds?: number
  /** Desired nodes without an available daemon pod during the wave (R3.9 counting). */
  nodesDown?: number
}

/**
 * A run of `count` consecutive waves that are alike (same `nodes`,
 * `estimatedSeconds` and `nodesDown`): the plan's `rollout.waves` is
 * run-length encoded. The first wave of the run starts at
 * `startsAtSeconds`, the k-th (0-based) at `startsAtSeconds + k ×
 * estimatedSeconds`.
 */
export interface WaveRun {
  count: number
  nodes: number
  estimatedSeconds: number
  startsAtSeconds: number
  nodesDown: number
}

/** Why and where a simulated rollout stops (docs/plan-json.md). */
export interface RolloutStall {
  /** Nodes still on the old revision when it stops (best case). */
  nodesLeft: number
  /** The same when the controller picks the never-available nodes first. */
  nodesLeftWorstCase: number
  reason: string
}

/** How one wave's duration is estimated (seconds). */
export interface WaveDurations {
  terminateSeconds: number
  pullSeconds: number
  startSeconds: number
  readySeconds: number
  minReadySeconds: number
  waveSeconds: number
  /** The pull a node without the image pays (new nodes pull even when the image is unchanged). */
  newNodePullSeconds?: number
  /** Where each part came from: `observed` (this DaemonSet's pods in the snapshot), `manifest`, `default`, `option`. */
  from?: {
    terminateSeconds: 'observed' | 'default' | 'manifest' | 'option'
    pullSeconds: 'observed' | 'default' | 'manifest' | 'option'
    startSeconds: 'observed' | 'default' | 'manifest' | 'option'
    readySeconds: 'observed' | 'default' | 'manifest' | 'option'
  }
  /** Pods the observed parts were learned from. */
  observedPods?: number
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
  /** Run-length encoded: one entry per run of alike waves (WaveRun). */
  waves?: WaveRun[]
  /** Number of waves: the sum of `waves[].count`. */
  waveCount?: number
  estimatedSeconds?: number
  /** The estimate if the never-available nodes are picked first (R3.10). */
  estimatedSecondsWorstCase?: number
  /** Most nodes without an available daemon pod at one time. */
  maxNodesDown?: number
  /** Desired nodes already unavailable before the rollout (R3.10). */
  unavailableAtStart?: number
  /** Set when the rollout stops before every node is replaced. */
  stall?: RolloutStall
  /**
   * Desired nodes that never get an available pod of the new revision
   * (NotReady, Pending): while > 0, `kubectl rollout status` never succeeds.
   */
  neverAvailable?: number
  durations?: WaveDurations
  /** Node count per action (every action present). */
  actions?: Record<NodeAction, number>
  /** Whether `before` came from the snapshot's pods or the base manifest. */
  beforeFrom?: 'pods' | 'manifest'
  /** Plain sentences about the rollout. */
  notes?: string[]
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
  /**
   * True when the node has not reported its status yet (joining): it is not
   * Ready, and whether the pod fits is unknown, so `fits` is null although a
   * pod is created there. Absent otherwise.
   */
  fitUnknown?: boolean
}

/**
 * Nodes that share one outcome for a DaemonSet: the same action, before,
 * after and reason. `nodeNames` lists them (in snapshot order) when the
 * outcome is not routine, and always with `--nodes all`.
 */
export interface OutcomeGroup {
  action: NodeAction
  before: PodState
  after: PodState
  /** The node's reasons joined with `; ` ('' when none). */
  reason: string
  count: number
  nodeNames?: string[]
}

/** Which nodes `nodeDetail` lists: the non-routine ones (default) or all (`--nodes all`). */
export type NodeDetailScope = 'non-routine' | 'all'

/** A generated ConfigMap or Secret renamed by a new kustomize hash, compared with its predecessor by content. */
export interface RenamedConfigChange {
  kind: 'ConfigMap' | 'Secret'
  namespace: string
  /** The base's name (old hash) and the head's (new hash). */
  before: string
  after: string
  /** Keys added (no `before`), removed (no `after`) or changed; Secret values are `(redacted)`. */
  changes: { key: string; before?: unknown; after?: unknown }[]
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
  /** Generated ConfigMaps/Secrets the head references under a new hash suffix, diffed by content. */
  renamedConfigs?: RenamedConfigChange[]
  /** Present when a snapshot is given: every node, grouped by outcome. */
  outcomes?: OutcomeGroup[]
  /** Present when a snapshot is given: per-node detail for the nodes of `nodeDetailScope`, in snapshot order. */
  nodeDetail?: NodeOutcome[]
  nodeDetailScope?: NodeDetailScope
  /**
   * Present when a snapshot is given but this DaemonSet was not simulated,
   * with why: the API server would refuse the head (see its error findings).
   * `outcomes`, `nodeDetail` and the rollout's simulation fields are then absent.
   */
  notSimulated?: string
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
  /**
   * False when no base was compared (no --base, --base-ref or event base):
   * every DaemonSet counts as `added`. Absent in plans of older versions,
   * which means true.
   */
  baseCompared?: boolean
  summary: PlanSummary
  daemonSets: DaemonSetPlan[]
  /** Findings not tied to one DaemonSet. */
  findings: Finding[]
  [key: string]: unknown
}
