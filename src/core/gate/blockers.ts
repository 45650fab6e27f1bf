import type { Pod } from '../k8s/types.js'
import { podName } from './classify.js'
import { EXCLUSION_WORDS, type NodeExclusion } from './done.js'
import {
  podContainerSignals,
  podIsReady,
  podNodeName,
  podUnschedulableReason
} from './pod-signals.js'
import type { Blocker } from './types.js'

const MAX_BLOCKERS = 5

function time(value: unknown): number | undefined {
  const t = Date.parse(String(value ?? ''))
  return Number.isFinite(t) ? t : undefined
}

/** Why one pod is not ready: the scheduler's reason, a waiting reason, or Terminating. */
function podBlocker(pod: Pod, unschedulableSince?: number): Blocker {
  const blocker: Blocker = { pod: podName(pod), reason: 'not ready' }
  const node = podNodeName(pod)
  if (node !== undefined) blocker.node = node
  const deleting = time(pod.metadata?.deletionTimestamp)
  const unschedulable = podUnschedulableReason(pod)
  const waiting = podContainerSignals(pod).find(
    (s) => s.waitingReason !== undefined
  )
  if (deleting !== undefined) {
    blocker.reason = 'Terminating'
    blocker.since = deleting
  } else if (unschedulable !== undefined) {
    blocker.reason = `Pending ${unschedulable.reason}${unschedulable.message === undefined ? '' : ` (${unschedulable.message})`}`
    const since =
      unschedulableSince ?? time(pod.metadata?.creationTimestamp ?? undefined)
    if (since !== undefined) blocker.since = since
  } else {
    blocker.reason = waiting?.waitingReason ?? pod.status?.phase ?? 'not ready'
    const created = time(pod.metadata?.creationTimestamp)
    if (created !== undefined) blocker.since = created
  }
  return blocker
}

/**
 * What holds the rollout back, most telling first: the excluded nodes (a
 * NotReady node whose pod is Terminating uses up maxUnavailable, R3.10),
 * then this DaemonSet's pods that are not ready. At most five.
 */
export function findBlockers(
  excluded: NodeExclusion[],
  pods: Pod[],
  unschedulableSince: Record<string, number>
): Blocker[] {
  const out: Blocker[] = excluded.map((e) => {
    const since = e.since === undefined ? '' : ` since ${clock(e.since)}`
    const b: Blocker = {
      node: e.node,
      reason:
        e.reason === 'PendingBeforeRun'
          ? `${e.detail ?? 'no pod'}, node ${EXCLUSION_WORDS[e.reason]}`
          : e.detail === 'Terminating'
            ? `Terminating, node ${e.reason}${since}`
            : `node ${e.reason}${since}`,
      excluded: true
    }
    if (e.pod !== undefined) b.pod = e.pod
    return b
  })
  const skip = new Set(excluded.map((e) => e.node))
  for (const pod of pods) {
    if (out.length >= MAX_BLOCKERS) break
    if (skip.has(podNodeName(pod) ?? '')) continue
    if (podIsReady(pod) && pod.metadata?.deletionTimestamp === undefined)
      continue
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
    out.push(podBlocker(pod, unschedulableSince[uid]))
  }
  return out.slice(0, MAX_BLOCKERS)
}

/** "pod x on node-3: Pending Unschedulable (...) since 04:12:03Z". */
export function describeBlocker(b: Blocker): string {
  const who =
    b.pod !== undefined
      ? `pod ${b.pod}${b.node === undefined ? '' : ` on ${b.node}`}`
      : `node ${b.node ?? '?'}`
  const when = b.since === undefined ? '' : ` since ${clock(b.since)}`
  return `${who}: ${b.reason}${when}`
}

/** "04:12:03Z": the time of day, UTC (runs last minutes, not days). */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`
}
