/**
 * What a DaemonSet's own pods say about how long its rollouts take
 * (docs/simulation.md, "Calibration"). A snapshot holds the pods of the
 * last rollout, and their timestamps are a record of it:
 * - creation → first container start: scheduling, image pull and container
 *   start. The fastest nodes had the image already (start alone); the
 *   median includes the pull the last rollout's image cost.
 * - container start → Ready transition: the probes as they really pass.
 * - a rolling update replaces the next old pod when a new one becomes
 *   available: a pod's creation minus the latest Ready before it is the
 *   time an old pod took to stop, plus the controller's sync (minus
 *   minReadySeconds).
 * Pods that restarted or whose Ready condition flipped later than their
 * start says are left out: their timestamps no longer describe the start.
 */
import type { Pod } from '../k8s/types.js'

/** One pod's start, in seconds since the epoch. */
export interface PodTimeline {
  revision: string
  created: number
  /** The latest container start (all containers started). */
  started?: number
  /** The Ready condition's last transition to True. */
  ready?: number
  restarts: number
}

/** The timings learned from one DaemonSet's pods (all in seconds). */
export interface ObservedTimings {
  namespace: string
  name: string
  /** Pods whose timestamps were used. */
  pods: number
  /** Pod creation to containers started on a node that had the image (10th percentile). */
  startSeconds?: number
  /** The same with the image pull of the last rollout (median); minus startSeconds it is the pull. */
  pullStartSeconds?: number
  /** Containers started to Ready (median). */
  readySeconds?: number
  /** An old pod's stop plus the controller's sync, from the gaps between waves (median). */
  stopSeconds?: number
  /** Pods created after another pod's Ready (the ones stopSeconds is learned from). */
  replacedAfterReady?: number
}

/** A start or Ready later than this after creation is not a rollout's (restart, flap, node outage). */
const MAX_PLAUSIBLE_SECONDS = 900

function seconds(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime() / 1000
  if (typeof value !== 'string' || value === '') return undefined
  const t = Date.parse(value)
  return Number.isFinite(t) ? t / 1000 : undefined
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : {}
}

/** A daemon pod's timeline from its wire JSON; undefined without a creation time. */
export function podTimeline(pod: Pod): PodTimeline | undefined {
  const created = seconds(pod.metadata?.creationTimestamp)
  if (created === undefined) return undefined
  const timeline: PodTimeline = {
    revision: pod.metadata?.labels?.['controller-revision-hash'] ?? '',
    created,
    restarts: 0
  }
  let started: number | undefined
  let all = true
  for (const raw of pod.status?.containerStatuses ?? []) {
    const status = record(raw)
    const restarts = status['restartCount']
    if (typeof restarts === 'number') timeline.restarts += restarts
    const at = seconds(record(record(status['state'])['running'])['startedAt'])
    if (at === undefined) all = false
    else started = started === undefined ? at : Math.max(started, at)
  }
  if (all && started !== undefined) timeline.started = started
  const ready = (pod.status?.conditions ?? []).find(
    (c) => c.type === 'Ready' && c.status === 'True'
  )
  const readyAt = seconds(ready?.lastTransitionTime)
  if (readyAt !== undefined) timeline.ready = readyAt
  return timeline
}

function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))
  return sorted[i]
}

function rounded(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Math.round(v * 10) / 10
}

/**
 * Timings of one DaemonSet from its pods' timelines: the revision with
 * the most pods (the last rollout's), without restarted or implausible
 * pods. Undefined when no pod is usable.
 */
export function observeTimings(
  namespace: string,
  name: string,
  timelines: readonly PodTimeline[],
  minReadySeconds = 0
): ObservedTimings | undefined {
  const byRevision = new Map<string, PodTimeline[]>()
  for (const t of timelines) {
    const list = byRevision.get(t.revision) ?? []
    list.push(t)
    byRevision.set(t.revision, list)
  }
  let pods: PodTimeline[] = []
  for (const list of byRevision.values())
    if (list.length > pods.length) pods = list
  const usable = pods.filter(
    (t) =>
      t.restarts === 0 &&
      t.started !== undefined &&
      t.ready !== undefined &&
      t.started >= t.created &&
      t.ready >= t.started &&
      t.ready - t.created <= MAX_PLAUSIBLE_SECONDS
  )
  if (usable.length === 0) return undefined
  const startDelays = usable.map((t) => t.started! - t.created)
  const readyDelays = usable.map((t) => t.ready! - t.started!)
  const out: ObservedTimings = { namespace, name, pods: usable.length }
  const start = rounded(quantile(startDelays, 0.1))
  const pullStart = rounded(quantile(startDelays, 0.5))
  const ready = rounded(quantile(readyDelays, 0.5))
  if (start !== undefined) out.startSeconds = start
  if (pullStart !== undefined) out.pullStartSeconds = pullStart
  if (ready !== undefined) out.readySeconds = ready
  // The controller replaces an old pod when a budget slot frees, i.e. when
  // a new pod becomes available: the old pod is deleted, stops, and its
  // replacement is created. So a pod's creation minus the latest Ready
  // before it (minus minReadySeconds) is one old pod's stop plus the
  // controller's sync. The first pods of the rollout have no such Ready.
  const readies = usable.map((t) => t.ready!).sort((a, b) => a - b)
  const gaps: number[] = []
  for (const t of usable) {
    let latest: number | undefined
    for (const r of readies) {
      if (r > t.created) break
      latest = r
    }
    if (latest === undefined) continue
    const gap = t.created - latest - minReadySeconds
    if (gap >= 0 && gap <= MAX_PLAUSIBLE_SECONDS) gaps.push(gap)
  }
  out.replacedAfterReady = gaps.length
  const stop = rounded(quantile(gaps, 0.5))
  if (stop !== undefined) out.stopSeconds = stop
  return out
}
