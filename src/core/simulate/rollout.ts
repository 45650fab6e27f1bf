/**
 * The wave model of a rolling update (R3.8a-R3.13), by counts: the
 * controller picks candidate nodes in Go map order (R3.10), so the plan says
 * how many nodes each wave replaces, never which.
 *
 * One wave = one round of the controller: pods deleted (non-surge) or
 * created next to the old ones (surge) up to the budget, then waiting until
 * the new pods are Available. Nodes that never become available (NotReady,
 * Pending, unready) keep their share of the budget for the rest of the
 * rollout (R3.10).
 */
import type { Container, DaemonSet, PodSpec, Probe } from '../k8s/types.js'
import type { Wave } from '../plan/types.js'
import type { ObservedTimings } from '../snapshot/pod-timings.js'
import type { LaneCounts } from './outcomes.js'
import type { ResolvedStrategy } from './strategy.js'

export interface DurationOptions {
  /** Seconds to pull a changed image (default 20). */
  pullSeconds?: number
  /** Seconds from pod creation to containers started (default 5). */
  startSeconds?: number
  /** What this DaemonSet's pods showed in the snapshot (calibration); explicit options win. */
  observed?: ObservedTimings
}

/** Where one part of the estimate came from. */
export type DurationSource = 'observed' | 'default' | 'manifest' | 'option'

export interface DurationEstimate {
  /** Upper bound for an old pod to go away: its terminationGracePeriodSeconds (default 30). */
  terminateSeconds: number
  /** 0 when no image changes and none is pulled Always. */
  pullSeconds: number
  startSeconds: number
  /** From start to Ready: readiness (and startup) probe initialDelaySeconds + periodSeconds × successThreshold. */
  readySeconds: number
  minReadySeconds: number
  /** One wave: terminate (non-surge only) + pull + start + ready + minReady. */
  waveSeconds: number
  /**
   * The pull a node without the image pays (a new node, or a new image):
   * `pullSeconds` when the change pulls, else what a pull would cost.
   */
  newNodePullSeconds?: number
  /**
   * Where each part came from: `observed` (the snapshot's pods of this
   * DaemonSet), `manifest` (grace period, probes), `default`, `option`
   * (--pull-seconds, --start-seconds).
   */
  from?: {
    terminateSeconds: DurationSource
    pullSeconds: DurationSource
    startSeconds: DurationSource
    readySeconds: DurationSource
  }
  /** How many pods the observed parts were learned from. */
  observedPods?: number
}

export const DEFAULT_PULL_SECONDS = 20
export const DEFAULT_START_SECONDS = 5
const DEFAULT_GRACE_SECONDS = 30

function probeSeconds(p: Probe | undefined, thresholdDefault: number): number {
  if (p === undefined) return 0
  const delay = p.initialDelaySeconds ?? 0
  const period = p.periodSeconds ?? 10
  const threshold = p.successThreshold ?? thresholdDefault
  return delay + period * threshold
}

function readySeconds(spec: PodSpec | undefined): number {
  let worst = 0
  for (const c of spec?.containers ?? []) {
    const startup =
      c.startupProbe === undefined ? 0 : probeSeconds(c.startupProbe, 1)
    const readiness = probeSeconds(c.readinessProbe, 1)
    worst = Math.max(worst, startup + readiness)
  }
  return worst
}

function imagesOf(spec: PodSpec | undefined): Container[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]
}

function pullsImage(base: DaemonSet | undefined, head: DaemonSet): boolean {
  const old = new Set(
    imagesOf(base?.spec?.template?.spec).map((c) => c.image ?? '')
  )
  for (const c of imagesOf(head.spec?.template?.spec)) {
    const image = c.image ?? ''
    if (!old.has(image)) return true
    if (c.imagePullPolicy === 'Always') return true
    if (c.imagePullPolicy === undefined && isUnpinned(image)) return true
  }
  return false
}

/** `:latest` or no tag and no digest (R8.2a: such images default to imagePullPolicy Always). */
export function isUnpinned(image: string): boolean {
  if (image.includes('@')) return false
  const lastSlash = image.lastIndexOf('/')
  const colon = image.indexOf(':', lastSlash + 1)
  if (colon < 0) return true
  return image.slice(colon + 1) === 'latest'
}

/**
 * Duration of one wave. Calibrated on the DaemonSet's own pods when the
 * snapshot has them (`options.observed`, docs/simulation.md
 * "Calibration"), else from the templates (the old pod's grace period, the
 * probes) and the documented defaults; explicit options win over both.
 */
export function estimateDurations(
  base: DaemonSet | undefined,
  head: DaemonSet,
  surge: boolean,
  options: DurationOptions = {}
): DurationEstimate {
  const headSpec = head.spec?.template?.spec
  const observed = options.observed
  const grace = (base ?? head).spec?.template?.spec
    ?.terminationGracePeriodSeconds
  // The stop the pods really took is at most the grace period.
  const terminate: [number, DurationSource] =
    observed?.stopSeconds !== undefined
      ? [
          Math.min(observed.stopSeconds, grace ?? DEFAULT_GRACE_SECONDS),
          'observed'
        ]
      : grace !== undefined
        ? [grace, 'manifest']
        : [DEFAULT_GRACE_SECONDS, 'default']
  // The pods' creation-to-start includes the pull their image cost then (a
  // rollout pulls on every node), so it cannot be split exactly: start is
  // the fastest node's, at most the default; the pull is the rest of the
  // median. A change with a new image costs the whole observed median.
  const start: [number, DurationSource] =
    options.startSeconds !== undefined
      ? [options.startSeconds, 'option']
      : observed?.startSeconds !== undefined
        ? [Math.min(observed.startSeconds, DEFAULT_START_SECONDS), 'observed']
        : [DEFAULT_START_SECONDS, 'default']
  const pull: [number, DurationSource] =
    options.pullSeconds !== undefined
      ? [options.pullSeconds, 'option']
      : observed?.pullStartSeconds !== undefined
        ? [
            Math.round(Math.max(0, observed.pullStartSeconds - start[0]) * 10) /
              10,
            'observed'
          ]
        : [DEFAULT_PULL_SECONDS, 'default']
  const pulls = pullsImage(base, head)
  const pullSeconds = pulls ? pull[0] : 0
  const startSeconds = start[0]
  const ready: [number, DurationSource] =
    observed?.readySeconds !== undefined
      ? [observed.readySeconds, 'observed']
      : [readySeconds(headSpec), 'manifest']
  const minReadySeconds = head.spec?.minReadySeconds ?? 0
  const up = pullSeconds + startSeconds + ready[0] + minReadySeconds
  const estimate: DurationEstimate = {
    terminateSeconds: terminate[0],
    pullSeconds,
    startSeconds,
    readySeconds: ready[0],
    minReadySeconds,
    waveSeconds: (surge ? 0 : terminate[0]) + up,
    newNodePullSeconds: pull[0],
    from: {
      terminateSeconds: terminate[1],
      pullSeconds: pull[1],
      startSeconds: start[1],
      readySeconds: ready[1]
    }
  }
  if (observed !== undefined) estimate.observedPods = observed.pods
  return estimate
}

/** Seconds until a pod created on a node without the image is available. */
function newNodeUpSeconds(d: DurationEstimate): number {
  return (
    (d.newNodePullSeconds ?? d.pullSeconds) +
    d.startSeconds +
    d.readySeconds +
    d.minReadySeconds
  )
}

export interface WaveWithTiming extends Wave {
  /** Seconds from the start of the rollout. */
  startsAtSeconds: number
  /** Nodes without an available daemon pod during this wave (R3.9 counting). */
  nodesDown: number
}

export interface Stall {
  /** Nodes still on the old revision when the rollout stops (best case). */
  nodesLeft: number
  /** Nodes left in the worst case (the controller picks the never-ready nodes first). */
  nodesLeftWorstCase: number
  reason: string
}

export interface WavePlan {
  waves: WaveWithTiming[]
  estimatedSeconds: number
  /** The estimate when the controller happens to pick the never-available nodes first. */
  estimatedSecondsWorstCase: number
  maxNodesDown: number
  /** Desired nodes unavailable before anything is replaced (NotReady, unavailable pod, no pod yet). */
  unavailableAtStart: number
  /** Set when the rollout stops before every node is replaced. */
  stall?: Stall
  /** Nodes that will never have an available pod, so `kubectl rollout status` never succeeds. */
  neverAvailable: number
}

type Counts = LaneCounts

interface Run {
  waves: WaveWithTiming[]
  left: number
  maxDown: number
}

/**
 * Simulates the rounds. `badFirst` picks the never-ready candidates first
 * (the worst case); otherwise they go last (the best case).
 */
function runWaves(
  c: Counts,
  strategy: ResolvedStrategy,
  d: DurationEstimate,
  badFirst: boolean
): Run {
  const surge = strategy.surge
  const limit = surge ? strategy.maxSurge : strategy.maxUnavailable
  // Permanently consumed budget.
  let stuck = surge ? c['stuck-old'] : c.stuck + c['stuck-old']
  // Consumed during the first wave only.
  let transient = surge ? c['broken-old'] : c.create + c['broken-old']
  let firstExtra =
    c['misscheduled-broken'] + (surge ? c.create + c['misscheduled-old'] : 0)
  // Non-surge (R3.9): a not-available old pod on a node that no longer
  // should run it is deleted at once and counts as unavailable in that
  // sync, so it takes budget from the first wave; it is not recreated, so
  // it takes none after that.
  let firstConsumed = surge ? 0 : c['misscheduled-broken']
  let good = c.candidate + (surge ? 0 : c['misscheduled-old'])
  let bad = c['candidate-stuck']
  const baseDown = surge ? c.stuck + c['stuck-old'] : 0
  const waves: WaveWithTiming[] = []
  let at = 0
  let maxDown = 0
  const upSeconds = d.waveSeconds - (surge ? 0 : d.terminateSeconds)
  for (;;) {
    const remaining = good + bad
    const budget = Math.max(0, limit - stuck - transient - firstConsumed)
    const take = Math.min(budget, remaining)
    const takeBad = badFirst ? Math.min(bad, take) : Math.max(0, take - good)
    const takeGood = take - takeBad
    const nodes = take + transient + firstExtra
    if (nodes === 0) break
    const first = waves.length === 0
    const deletes = surge
      ? first
        ? c['misscheduled-broken'] + c['misscheduled-old']
        : 0
      : take + (first ? c['broken-old'] + c['misscheduled-broken'] : 0)
    const creates = take + transient + (surge && first ? c.create : 0)
    // Non-surge: the old pod must be gone before its replacement is created
    // (R2.2). Surge: the new pod comes first, the old one goes in the
    // background.
    // Pods created on new nodes (first wave) pull the image there, changed
    // or not: a node that never ran the daemon does not have it.
    const up =
      first && c.create > 0
        ? Math.max(upSeconds, newNodeUpSeconds(d))
        : upSeconds
    const seconds =
      creates > 0
        ? up + (!surge && deletes > 0 ? d.terminateSeconds : 0)
        : deletes > 0
          ? d.terminateSeconds
          : 0
    const down = surge
      ? baseDown + (waves.length === 0 ? c.create : 0)
      : stuck + transient + take + firstConsumed
    maxDown = Math.max(maxDown, down)
    waves.push({
      nodes,
      estimatedSeconds: seconds,
      startsAtSeconds: at,
      nodesDown: down
    })
    at += seconds
    good -= takeGood
    bad -= takeBad
    stuck += takeBad
    transient = 0
    firstExtra = 0
    firstConsumed = 0
  }
  maxDown = Math.max(maxDown, surge ? baseDown : stuck)
  return { waves, left: good + bad, maxDown }
}

/** The wave plan of a triggered RollingUpdate. */
export function planWaves(
  c: LaneCounts,
  strategy: ResolvedStrategy,
  durations: DurationEstimate
): WavePlan {
  const best = runWaves(c, strategy, durations, false)
  const worst = runWaves(c, strategy, durations, true)
  const estimatedSeconds =
    best.waves.reduce((s, w) => s + w.estimatedSeconds, 0) +
    (strategy.surge && best.waves.length > 0 ? durations.terminateSeconds : 0)
  const worstSeconds =
    worst.waves.reduce((s, w) => s + w.estimatedSeconds, 0) +
    (strategy.surge && worst.waves.length > 0 ? durations.terminateSeconds : 0)
  const plan: WavePlan = {
    waves: best.waves,
    estimatedSeconds,
    estimatedSecondsWorstCase: worstSeconds,
    maxNodesDown: best.maxDown,
    unavailableAtStart: 0,
    neverAvailable: c.stuck + c['stuck-old'] + c['candidate-stuck']
  }
  if (best.left > 0 || worst.left > 0) {
    const limitName = strategy.surge ? 'maxSurge' : 'maxUnavailable'
    const limit = strategy.surge ? strategy.maxSurge : strategy.maxUnavailable
    plan.stall = {
      nodesLeft: best.left,
      nodesLeftWorstCase: worst.left,
      reason: `nodes whose new pod never becomes available use up ${limitName} (${limit}) for good, so the controller stops replacing pods and the rollout hangs (R3.10${strategy.surge ? ', R3.11' : ''})`
    }
  }
  return plan
}
