import type { DaemonSet, IntOrPercent, Node, Pod } from '../k8s/types.js'
import type { NodeExclusion } from './done.js'

/** The gate's own limits (R5.5: Kubernetes has none for DaemonSets). */
export interface GateOptions {
  /** Overall limit for the whole rollout, soak included (seconds). */
  timeoutSeconds: number
  /** Fail when the rollout counters stop moving for this long (seconds). */
  progressDeadlineSeconds: number
  /** A new pod's containers may restart this many times; one more fails the gate. */
  maxRestarts: number
  /** After completion (R5.6), new pods must stay ready this long without restarting. */
  soakSeconds: number
  /** The gate's own budget, checked against numberUnavailable (int or "N%" of desired, rounded up). Undefined: no check. */
  maxUnavailable?: IntOrPercent
  /** How long a new pod may stay Pending/Unschedulable (R7.5) before the gate fails. */
  unschedulableGraceSeconds: number
  /** Attribute problems of pods on NotReady nodes to the node, not the revision. */
  attributeNotReadyNodes: boolean
}

export const DEFAULT_GATE_OPTIONS: GateOptions = {
  timeoutSeconds: 900,
  progressDeadlineSeconds: 300,
  maxRestarts: 1,
  soakSeconds: 30,
  unschedulableGraceSeconds: 60,
  attributeNotReadyNodes: true
}

/** One look at the cluster, as wire JSON. */
export interface GateObservation {
  /** The live DaemonSet; null once it has been deleted. */
  daemonSet: DaemonSet | null
  /** Pods in the namespace (the gate filters by owner and selector, R7.1). */
  pods: Pod[]
  /** Nodes hosting these pods (only their Ready condition is read). Optional. */
  nodes?: Node[]
  /** The current ControllerRevision's hash, when known (R7.3). */
  currentHash?: string
  /**
   * Canary/wave mode: judge only pods on these nodes, and complete when each
   * of them runs an updated, available pod (R3.8), instead of the
   * DaemonSet-wide R5.6 counters (the DaemonSet is OnDelete meanwhile).
   */
  scopeNodes?: string[]
}

export type GateFailureReason =
  | 'image'
  | 'crash-loop'
  | 'restarts'
  | 'setup'
  | 'unschedulable'
  | 'no-progress'
  | 'timeout'
  | 'unavailable-budget'
  | 'restarted-during-soak'
  | 'deleted'
  | 'not-rolling-update'
  | 'canary-plan'

/** A pod the gate holds against the revision (or against its node). */
export interface PodProblem {
  pod: string
  node?: string
  container?: string
  reason: string
  message?: string
  restartCount?: number
  /** lastState.terminated, as "reason (exit N): message". */
  lastState?: string
  /** Whether the pod is a new-revision pod. */
  updated: boolean
}

export interface GateProgress {
  desired: number
  updated: number
  ready: number
  available: number
  unavailable: number
  /** Whether status.observedGeneration has caught up with generation. */
  observed: boolean
  elapsedSeconds: number
}

export type TimelineKind =
  | 'started'
  | 'observed'
  | 'progress'
  | 'node-not-ready'
  | 'node-ready'
  | 'problem'
  | 'complete'
  | 'soak-reset'
  | 'succeeded'
  | 'failed'

export interface TimelineEntry {
  /** Seconds since the gate started. */
  at: number
  kind: TimelineKind
  message: string
}

export type GateVerdict =
  | {
      status: 'waiting'
      phase: 'observe' | 'rollout' | 'soak'
      message: string
    }
  | { status: 'succeeded'; message: string }
  | {
      status: 'failed'
      reason: GateFailureReason
      message: string
      /** Pods held against the revision. */
      failing: PodProblem[]
    }

/** What holds a rollout back right now: a pod, a node, why, since when. */
export interface Blocker {
  pod?: string
  node?: string
  reason: string
  /** Epoch ms, when known. */
  since?: number
  /** The node is excluded from "done" (NotReady/unreachable, see done.ts). */
  excluded?: boolean
}

/** What the gate remembers between observations. Plain data. */
export interface GateState {
  startedAt: number
  observedAt?: number
  lastProgressKey: string
  lastProgressAt: number
  /** Per pod UID: when it was first seen unschedulable. */
  unschedulableSince: Record<string, number>
  /**
   * Per node: since when a pod of this DaemonSet has been unschedulable
   * there. A later gate (the verification after an undo) starts from it, so
   * a pod the gate already waited for fails without a second grace.
   */
  unschedulableNodes: Record<string, number>
  /** Nodes the live plan knew could not host the daemon (done.ts). */
  knownUnavailable: string[]
  /** Per pod UID: total restarts when soak began. */
  soakRestarts: Record<string, number>
  soakStartedAt?: number
  notReadyNodes: string[]
  /** Desired nodes excluded from "done" (NotReady/unreachable), as last seen. */
  excluded: NodeExclusion[]
  /** What holds the rollout back, as last seen (at most 5). */
  blockers: Blocker[]
  timeline: TimelineEntry[]
  /** Problems on NotReady nodes, attributed to the node. */
  nodeProblems: PodProblem[]
  /** The last computed counters. */
  progress: GateProgress
  final?: GateVerdict
}

export interface GateStep {
  state: GateState
  verdict: GateVerdict
  progress: GateProgress
}
