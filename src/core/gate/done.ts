import type { Node, Pod, PodTemplateSpec } from '../k8s/types.js'
import { daemonPodTolerations, taintIsTolerated } from '../k8s/tolerations.js'
import type { DaemonSet } from '../k8s/types.js'
import { podIsAvailable, podIsUpdated, podNodeName } from './pod-signals.js'

/**
 * One definition of "done" for a DaemonSet rollout, shared by the gate, the
 * rollback verification and the live plan: every desired node runs an
 * updated, available pod (R5.6), except nodes that cannot get one for
 * reasons outside the revision. Those are excluded, and named, the same way
 * everywhere:
 *
 * a node that is NotReady, or unreachable (Ready Unknown, or the
 * `node.kubernetes.io/unreachable` taint): its pod never becomes available
 * (R1.16) and a pod deleted there stays Terminating until the node returns.
 * Also a node the live plan already knew could not host the daemon: no
 * available pod there before the run, and no room for one (its pod was
 * Pending, or the new one will not fit where none ran). A pod that cannot
 * be scheduled on any other node is the revision's problem: the gate fails
 * it after the grace, and the verification after an undo starts with the
 * grace the gate already used up.
 */
export type ExclusionReason = 'NotReady' | 'Unreachable' | 'PendingBeforeRun'

/** The words for a reason, in messages. */
export const EXCLUSION_WORDS: Record<ExclusionReason, string> = {
  NotReady: 'NotReady',
  Unreachable: 'Unreachable',
  PendingBeforeRun:
    'had no available daemon pod before this run and cannot place one (live plan)'
}

export interface NodeExclusion {
  node: string
  reason: ExclusionReason
  /** The pod on that node holding it back, when there is one. */
  pod?: string
  /** What the pod is doing there (Terminating, Unschedulable: message, ...). */
  detail?: string
  /** Since when (epoch ms), when known. */
  since?: number
  /**
   * Whether the controller still counts the node as desired: the daemon
   * pod tolerates its NoSchedule/NoExecute taints (R1.14). A NotReady node
   * that sheds the daemon (an untolerated not-ready:NoSchedule) is not in
   * desiredNumberScheduled, so it is not subtracted from it.
   */
  desired: boolean
}

const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable'

/** A node's health as the controller and the gate see it. */
export function nodeHealth(node: Node): 'Ready' | ExclusionReason {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  const unreachable =
    ready?.status === 'Unknown' ||
    (node.spec?.taints ?? []).some((t) => t.key === UNREACHABLE_TAINT)
  if (unreachable) return 'Unreachable'
  return ready?.status === 'True' ? 'Ready' : 'NotReady'
}

function since(node: Node): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  const t = Date.parse(String(ready?.lastTransitionTime ?? ''))
  return Number.isFinite(t) ? t : undefined
}

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? '?'}`.replace(
    /^\//,
    ''
  )
}

/**
 * The nodes to exclude from "done", given the nodes, this DaemonSet's pods
 * (Terminating ones included).
 */
export function excludedNodes(
  nodes: Node[],
  pods: Pod[],
  template?: PodTemplateSpec,
  knownUnavailable: readonly string[] = []
): NodeExclusion[] {
  const tolerations = daemonPodTolerations(
    template?.spec?.tolerations,
    template?.spec?.hostNetwork === true
  )
  const out = new Map<string, NodeExclusion>()
  const podsByNode = new Map<string, Pod[]>()
  for (const p of pods) {
    const n = podNodeName(p)
    if (n === undefined) continue
    podsByNode.set(n, [...(podsByNode.get(n) ?? []), p])
  }
  for (const node of nodes) {
    const name = node.metadata?.name ?? ''
    const health = nodeHealth(node)
    if (health === 'Ready') continue
    const here = podsByNode.get(name) ?? []
    // Only nodes this DaemonSet has a pod on are its desired nodes here.
    if (here.length === 0) continue
    const terminating = here.find(
      (p) => p.metadata?.deletionTimestamp !== undefined
    )
    const pod = terminating ?? here[0]
    const exclusion: NodeExclusion = {
      node: name,
      reason: health,
      desired: (node.spec?.taints ?? []).every(
        (t) =>
          (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') ||
          taintIsTolerated(tolerations, t)
      )
    }
    if (pod !== undefined) {
      exclusion.pod = podName(pod)
      exclusion.detail = terminating !== undefined ? 'Terminating' : 'not ready'
    }
    const t = since(node)
    if (t !== undefined) exclusion.since = t
    out.set(name, exclusion)
  }
  for (const name of knownUnavailable) {
    if (out.has(name)) continue
    const exclusion: NodeExclusion = {
      node: name,
      reason: 'PendingBeforeRun',
      desired: true
    }
    const pod = (podsByNode.get(name) ?? []).find(
      (p) => p.metadata?.deletionTimestamp === undefined
    )
    if (pod !== undefined) {
      exclusion.pod = podName(pod)
      exclusion.detail = pod.status?.phase ?? 'Pending'
    }
    out.set(name, exclusion)
  }
  return [...out.values()].sort((a, b) => a.node.localeCompare(b.node))
}

export interface DoneCounts {
  /** Desired nodes that must run an updated, available pod. */
  required: number
  updated: number
  available: number
}

/**
 * Counts over the desired nodes that are not excluded: how many run an
 * updated pod, and an updated available one (R3.8). `desired` is the
 * DaemonSet's desiredNumberScheduled (R1.16: excluded nodes stay desired).
 */
export function doneCounts(
  desired: number,
  statusUpdated: number,
  statusAvailable: number,
  ds: DaemonSet,
  pods: Pod[],
  excluded: NodeExclusion[],
  now: number,
  currentHash?: string
): DoneCounts {
  const skip = new Set(excluded.filter((e) => e.desired).map((e) => e.node))
  const live = pods.filter(
    (p) =>
      p.metadata?.deletionTimestamp === undefined &&
      skip.has(podNodeName(p) ?? '')
  )
  // Pods on excluded nodes that the status counters already count.
  const updatedThere = live.filter((p) => podIsUpdated(p, ds, currentHash))
  const availableThere = live.filter((p) =>
    podIsAvailable(p, ds.spec?.minReadySeconds ?? 0, now)
  ).length
  return {
    required: Math.max(0, desired - skip.size),
    updated: Math.max(0, statusUpdated - updatedThere.length),
    available: Math.max(0, statusAvailable - availableThere)
  }
}

/** Done: every required node runs an updated, available pod. */
export function isDone(counts: DoneCounts): boolean {
  return (
    counts.updated >= counts.required && counts.available >= counts.required
  )
}

/** "node-16 (NotReady; pod kube-flannel-ds-x Terminating since ...)". */
export function describeExclusion(e: NodeExclusion): string {
  const details = [
    EXCLUSION_WORDS[e.reason],
    ...(e.pod === undefined
      ? []
      : [`pod ${e.pod}${e.detail === undefined ? '' : ` ${e.detail}`}`])
  ]
  return `${e.node} (${details.join('; ')})`
}
