import type { NodeCondition, PodTemplateSpec, Taint } from '../k8s/types.js'
import type { ObservedTimings } from './pod-timings.js'

export type { ObservedTimings } from './pod-timings.js'

/**
 * The compact node snapshot (format `ds-rollout/snapshot`, version 1): only
 * what the simulation needs. Documented in docs/snapshot.md. Quantities are
 * kept as Kubernetes quantity strings exactly as recorded.
 */
export const SNAPSHOT_KIND = 'DsRolloutSnapshot' as const
export const SNAPSHOT_VERSION = 1 as const

export interface Snapshot {
  kind: typeof SNAPSHOT_KIND
  version: typeof SNAPSHOT_VERSION
  /** ISO time the snapshot was recorded, when known. */
  recordedAt?: string
  /** Free-form cluster identity (context name, server version). */
  cluster?: { name?: string; version?: string }
  nodes: SnapshotNode[]
  /** DaemonSets that exist in the cluster (so a plan knows the live base and revision). */
  daemonSets: SnapshotDaemonSet[]
  /**
   * Per DaemonSet, the start, Ready and stop times its pods' timestamps
   * show (pod-timings.ts); the estimate is calibrated on them.
   */
  timings?: ObservedTimings[]
}

export interface SnapshotNode {
  name: string
  labels: Record<string, string>
  taints: Taint[]
  unschedulable: boolean
  conditions: Pick<NodeCondition, 'type' | 'status' | 'reason'>[]
  allocatable: Record<string, string>
  /** Summed requests of the pods on the node that are not daemon pods listed in `daemonPods`. */
  requested: Record<string, string>
  /** Host ports used by those pods, as `PROTOCOL/port` or `PROTOCOL/hostIP:port`. */
  hostPorts: string[]
  /** How many such pods (for the `pods` allocatable). */
  podCount: number
  /** Daemon pods (owned by a DaemonSet) on this node. */
  daemonPods: SnapshotDaemonPod[]
  /**
   * True for a node that has not reported its status yet (a joining node:
   * registered, the kubelet has not posted allocatable): it counts as not
   * Ready and whether a pod fits there is unknown. Absent otherwise.
   */
  statusUnknown?: true
}

export interface SnapshotDaemonPod {
  name: string
  namespace: string
  /** Name of the owning DaemonSet (controller ownerReference). */
  daemonSet: string
  /** The pod's `controller-revision-hash` label. */
  revisionHash: string
  phase: string
  /** The Ready condition is True (R3.7). */
  ready: boolean
  /**
   * Bound to the node (`spec.nodeName` set). False for a Pending pod that
   * only targets the node through its node affinity (R1.17, R7.2); such a
   * pod holds no resources there yet. Absent means true.
   */
  scheduled?: boolean
  /** Effective requests of the pod (max(sum containers, largest init) + overhead). */
  requests: Record<string, string>
  hostPorts: string[]
}

export interface SnapshotDaemonSet {
  namespace: string
  name: string
  uid?: string
  generation?: number
  /** Hash of the current ControllerRevision, when recorded. */
  currentRevisionHash?: string
  template?: PodTemplateSpec
  updateStrategy?: {
    type?: string
    rollingUpdate?: {
      maxUnavailable?: number | string
      maxSurge?: number | string
    }
  }
  minReadySeconds?: number
  status?: Record<string, number>
}
