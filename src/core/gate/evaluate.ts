import type { DaemonSet, IntOrPercent, Node, Pod } from '../k8s/types.js'
import { findBlockers, describeBlocker } from './blockers.js'
import {
  classifyPod,
  describeLast,
  podName,
  REASON_ORDER,
  stuckPods,
  totalRestarts,
  type Classified
} from './classify.js'
import {
  doneCounts,
  EXCLUSION_WORDS,
  excludedNodes,
  isDone,
  type NodeExclusion
} from './done.js'
import {
  podBelongsTo,
  podContainerSignals,
  podIsAvailable,
  podIsReady,
  podIsUpdated,
  podNodeName
} from './pod-signals.js'
import type {
  GateObservation,
  GateOptions,
  GateProgress,
  GateState,
  GateStep,
  GateVerdict,
  PodProblem,
  TimelineEntry,
  TimelineKind
} from './types.js'

/**
 * What a gate carries over from an earlier gate on the same DaemonSet (the
 * verification after an undo starts from what the gate already knew).
 */
export interface GateCarry {
  /** Per node: since when a pod there has been unschedulable (epoch ms). */
  unschedulableNodes?: Record<string, number>
  /** Nodes the live plan knew could not host the daemon (done.ts). */
  knownUnavailable?: string[]
}

/** A fresh gate, started at `now` (epoch milliseconds). */
export function startGate(now: number, carry: GateCarry = {}): GateState {
  return {
    startedAt: now,
    lastProgressKey: '',
    lastProgressAt: now,
    unschedulableSince: {},
    unschedulableNodes: { ...(carry.unschedulableNodes ?? {}) },
    knownUnavailable: [...(carry.knownUnavailable ?? [])],
    soakRestarts: {},
    notReadyNodes: [],
    excluded: [],
    blockers: [],
    timeline: [{ at: 0, kind: 'started', message: 'gate started' }],
    nodeProblems: [],
    progress: {
      desired: 0,
      updated: 0,
      ready: 0,
      available: 0,
      unavailable: 0,
      observed: false,
      elapsedSeconds: 0
    }
  }
}

/**
 * R3.2 applied to the gate's own budget: an int is used as is, "N%" is
 * ceil(N * desired / 100).
 */
export function resolveBudget(value: IntOrPercent, desired: number): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)%$/.exec(value.trim())
  if (match === null) {
    const n = Number(value)
    return Number.isInteger(n) ? n : 0
  }
  return Math.ceil((Number(match[1]) * desired) / 100)
}

function addTimeline(
  state: GateState,
  now: number,
  kind: TimelineKind,
  message: string
): void {
  const entry: TimelineEntry = {
    at: Math.round((now - state.startedAt) / 100) / 10,
    kind,
    message
  }
  state.timeline.push(entry)
}

function finish(
  state: GateState,
  now: number,
  verdict: GateVerdict,
  progress: GateProgress
): GateStep {
  state.final = verdict
  addTimeline(
    state,
    now,
    verdict.status === 'succeeded' ? 'succeeded' : 'failed',
    verdict.message
  )
  return { state, verdict, progress }
}

function fail(
  look: Look,
  reason: Extract<GateVerdict, { status: 'failed' }>['reason'],
  message: string,
  failing: PodProblem[] = []
): GateStep {
  return finish(
    look.state,
    look.now,
    { status: 'failed', reason, message, failing },
    look.progress
  )
}

function waiting(
  look: Look,
  phase: 'observe' | 'rollout' | 'soak',
  message: string
): GateStep {
  return {
    state: look.state,
    verdict: { status: 'waiting', phase, message },
    progress: look.progress
  }
}

function progressOf(ds: DaemonSet, elapsedSeconds: number): GateProgress {
  const status = ds.status ?? {}
  const desired = status.desiredNumberScheduled ?? 0
  const available = status.numberAvailable ?? 0
  return {
    desired,
    updated: status.updatedNumberScheduled ?? 0,
    ready: status.numberReady ?? 0,
    available,
    unavailable: status.numberUnavailable ?? Math.max(0, desired - available),
    observed:
      (ds.metadata?.generation ?? 0) <= (status.observedGeneration ?? -1),
    elapsedSeconds
  }
}

function decile(n: number, d: number): number {
  return d === 0 ? 10 : Math.floor((n * 10) / d)
}

function nodeIsReady(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  return ready?.status === 'True'
}

/** One observation, as the steps below see it. */
interface Look {
  state: GateState
  now: number
  options: GateOptions
  observation: GateObservation
  ds: DaemonSet
  progress: GateProgress
  elapsed: number
  scope: Set<string> | undefined
  /** This DaemonSet's pods (R7.1), not being deleted, in scope. */
  pods: Pod[]
  /** The same with Terminating ones (they hold nodes and budget). */
  allPods: Pod[]
  updatedPods: Pod[]
  /** Desired nodes excluded from "done" (attributeNotReadyNodes on). */
  excluded: NodeExclusion[]
  excludedNames: Set<string>
}

function look(
  state: GateState,
  observation: GateObservation,
  ds: DaemonSet,
  now: number,
  options: GateOptions
): Look {
  const elapsed = (now - state.startedAt) / 1000
  const progress = progressOf(ds, Math.round(elapsed * 10) / 10)
  state.progress = progress
  const scope =
    observation.scopeNodes === undefined
      ? undefined
      : new Set(observation.scopeNodes)
  const allPods = observation.pods.filter(
    (p) =>
      podBelongsTo(p, ds) &&
      (scope === undefined || scope.has(podNodeName(p) ?? ''))
  )
  const pods = allPods.filter(
    (p) => p.metadata?.deletionTimestamp === undefined
  )
  const excluded = options.attributeNotReadyNodes
    ? excludedNodes(
        observation.nodes ?? [],
        allPods,
        ds.spec?.template,
        state.knownUnavailable
      )
    : []
  return {
    state,
    now,
    options,
    observation,
    ds,
    progress,
    elapsed,
    scope,
    pods,
    allPods,
    updatedPods: pods.filter((p) =>
      podIsUpdated(p, ds, observation.currentHash)
    ),
    excluded,
    excludedNames: new Set(excluded.map((e) => e.node))
  }
}

/** R5.6 row 1: rollout status only exists for RollingUpdate. */
function checkStrategy(l: Look): GateStep | undefined {
  const strategy = l.ds.spec?.updateStrategy?.type ?? 'RollingUpdate'
  if (strategy === 'RollingUpdate' || l.scope !== undefined) return undefined
  return fail(
    l,
    'not-rolling-update',
    `rollout status is only available for RollingUpdate strategy type (this DaemonSet uses ${strategy})`
  )
}

/** R5.6 row 2 / R6.10: wait for the controller to observe the spec. */
function checkObserved(l: Look): GateStep | undefined {
  if (!l.progress.observed) {
    if (l.elapsed > l.options.timeoutSeconds)
      return fail(
        l,
        'timeout',
        `the controller did not observe generation ${l.ds.metadata?.generation ?? '?'} within ${l.options.timeoutSeconds}s`
      )
    return waiting(
      l,
      'observe',
      'Waiting for daemon set spec update to be observed...'
    )
  }
  if (l.state.observedAt === undefined) {
    l.state.observedAt = l.now
    addTimeline(
      l.state,
      l.now,
      'observed',
      `controller observed generation ${l.ds.metadata?.generation ?? '?'}`
    )
  }
  return undefined
}

/** NotReady nodes come and go: the timeline says when. */
function trackNodes(l: Look): void {
  const notReady = new Set(
    (l.observation.nodes ?? [])
      .filter((n) => !nodeIsReady(n))
      .map((n) => n.metadata?.name ?? '')
  )
  for (const name of notReady) {
    if (!l.state.notReadyNodes.includes(name))
      addTimeline(l.state, l.now, 'node-not-ready', `node ${name} is NotReady`)
  }
  for (const name of l.state.notReadyNodes) {
    if (!notReady.has(name))
      addTimeline(l.state, l.now, 'node-ready', `node ${name} is Ready again`)
  }
  l.state.notReadyNodes = [...notReady].sort()
  l.state.excluded = l.excluded
}

/** Canary/wave: counters over the scoped nodes only (R3.8 availability). */
function scopeCounters(l: Look): void {
  if (l.scope === undefined) return
  const scope = l.scope
  const minReady = l.ds.spec?.minReadySeconds ?? 0
  const nodesOf = (pods: Pod[]): Set<string> =>
    new Set(pods.map((p) => podNodeName(p) ?? ''))
  const updatedNodes = nodesOf(l.updatedPods)
  const readyNodes = nodesOf(l.updatedPods.filter(podIsReady))
  const availableNodes = nodesOf(
    l.updatedPods.filter((p) => podIsAvailable(p, minReady, l.now))
  )
  const count = (set: Set<string>): number =>
    [...scope].filter((n) => set.has(n)).length
  l.progress.desired = scope.size
  l.progress.updated = count(updatedNodes)
  l.progress.ready = count(readyNodes)
  l.progress.available = count(availableNodes)
  l.progress.unavailable = l.progress.desired - l.progress.available
}

/** R7.4/R7.5 over the new pods; problems on excluded nodes go to the node. */
function checkPods(l: Look): GateStep | undefined {
  const failing: Classified[] = []
  for (const pod of l.updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
    const found = classifyPod(pod, uid, l.state, l.now, l.options)
    if (found === undefined) continue
    const node = found.problem.node
    const excluded = l.excluded.find((e) => e.node === node)
    if (node !== undefined && excluded !== undefined) {
      attribute(l, found.problem, excluded)
      continue
    }
    failing.push(found)
  }
  if (failing.length === 0) return undefined
  failing.sort(
    (a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)
  )
  const first = failing[0] as Classified
  const where =
    first.problem.node === undefined ? '' : ` on node ${first.problem.node}`
  return fail(
    l,
    first.reason,
    `new pod ${first.problem.pod}${where}: ${first.problem.reason}${first.problem.message === undefined ? '' : ` (${first.problem.message})`}`,
    failing.map((f) => f.problem)
  )
}

function attribute(l: Look, problem: PodProblem, e: NodeExclusion): void {
  const known = l.state.nodeProblems.some(
    (p) => p.pod === problem.pod && p.reason === problem.reason
  )
  if (known) return
  l.state.nodeProblems.push(problem)
  addTimeline(
    l.state,
    l.now,
    'problem',
    `${problem.pod} on node ${e.node} (${EXCLUSION_WORDS[e.reason]}): ${problem.reason} (attributed to the node)`
  )
}

/** Soak: a restart of a new pod after completion fails the rollout. */
function checkSoakRestarts(l: Look): GateStep | undefined {
  if (l.state.soakStartedAt === undefined) return undefined
  for (const pod of l.updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
    const restarts = totalRestarts(pod)
    const baseline = l.state.soakRestarts[uid]
    if (baseline === undefined) {
      l.state.soakRestarts[uid] = restarts
      continue
    }
    const node = podNodeName(pod)
    if (restarts <= baseline || l.excludedNames.has(node ?? '')) continue
    const problem: PodProblem = {
      pod: podName(pod),
      reason: 'RestartedDuringSoak',
      restartCount: restarts,
      message: `restarted ${restarts - baseline} time(s) within the ${l.options.soakSeconds}s soak`,
      updated: true
    }
    if (node !== undefined) problem.node = node
    const last = podContainerSignals(pod).find(
      (s) => s.lastTerminated !== undefined
    )
    const lastText = describeLast(last?.lastTerminated)
    if (lastText !== undefined) problem.lastState = lastText
    return fail(
      l,
      'restarted-during-soak',
      `new pod ${problem.pod}${node === undefined ? '' : ` on node ${node}`} restarted during the soak`,
      [problem]
    )
  }
  return undefined
}

/** The gate's own unavailability budget, against numberUnavailable. */
function checkBudget(l: Look): GateStep | undefined {
  if (l.options.maxUnavailable === undefined || l.scope !== undefined)
    return undefined
  const budget = resolveBudget(l.options.maxUnavailable, l.progress.desired)
  const unavailable = Math.max(
    0,
    l.progress.unavailable - l.excluded.filter((e) => e.desired).length
  )
  if (unavailable <= budget) return undefined
  return fail(
    l,
    'unavailable-budget',
    `${unavailable} of ${l.progress.desired} pods unavailable, above the gate's max-unavailable ${budget}`
  )
}

/** Progress tracking (for the progress deadline and the timeline). */
function trackProgress(l: Look): void {
  const { state, progress } = l
  const newReady = l.updatedPods.filter(podIsReady).length
  const key = `${progress.desired}/${progress.updated}/${progress.ready}/${progress.available}/${newReady}`
  if (key === state.lastProgressKey) return
  const before = state.lastProgressKey.split('/').map(Number)
  if (
    state.lastProgressKey === '' ||
    decile(progress.updated, progress.desired) !==
      decile(before[1] ?? 0, before[0] ?? 0) ||
    decile(progress.available, progress.desired) !==
      decile(before[3] ?? 0, before[0] ?? 0)
  ) {
    addTimeline(
      state,
      l.now,
      'progress',
      `${progress.updated} updated, ${progress.available} available of ${progress.desired}`
    )
  }
  state.lastProgressKey = key
  state.lastProgressAt = l.now
}

/** R5.6 rows 3-5 over the nodes that are not excluded (done.ts). */
function isComplete(l: Look): boolean {
  if (l.scope !== undefined) {
    const required = [...l.scope].filter((n) => !l.excludedNames.has(n))
    const minReady = l.ds.spec?.minReadySeconds ?? 0
    const ok = new Set(
      l.updatedPods
        .filter((p) => podIsAvailable(p, minReady, l.now))
        .map((p) => podNodeName(p) ?? '')
    )
    return required.every((n) => ok.has(n))
  }
  return isDone(
    doneCounts(
      l.progress.desired,
      l.progress.updated,
      l.progress.available,
      l.ds,
      l.allPods,
      l.excluded,
      l.now,
      l.observation.currentHash
    )
  )
}

function excludedText(l: Look): string {
  const n = l.excluded.length
  if (n === 0) return ''
  const names = l.excluded.slice(0, 5).map((e) => e.node)
  const why = [
    ...new Set(
      l.excluded.map((e) =>
        e.reason === 'PendingBeforeRun' ? EXCLUSION_WORDS[e.reason] : 'NotReady'
      )
    )
  ]
  return ` (${n} node(s) ${n > 5 ? `${names.join(', ')}, ...` : names.join(', ')} ${why.join(' or ')}, excluded and attributed to the nodes)`
}

/** Completion held for soak-seconds: success. */
function checkComplete(l: Look, complete: boolean): GateStep | undefined {
  const { state } = l
  if (!complete) {
    if (state.soakStartedAt !== undefined) {
      delete state.soakStartedAt
      addTimeline(
        state,
        l.now,
        'soak-reset',
        'rollout no longer complete; soak restarts'
      )
    }
    return undefined
  }
  if (state.soakStartedAt === undefined) {
    state.soakStartedAt = l.now
    state.soakRestarts = {}
    for (const pod of l.updatedPods)
      state.soakRestarts[pod.metadata?.uid ?? pod.metadata?.name ?? ''] =
        totalRestarts(pod)
    addTimeline(
      state,
      l.now,
      'complete',
      `all ${l.progress.desired - l.excluded.filter((e) => e.desired).length} required pods updated and available${excludedText(l)}; soaking ${l.options.soakSeconds}s`
    )
  }
  if (l.now - state.soakStartedAt < l.options.soakSeconds * 1000)
    return undefined
  return finish(
    state,
    l.now,
    {
      status: 'succeeded',
      message:
        l.scope === undefined
          ? `daemon set "${l.ds.metadata?.name ?? '?'}" successfully rolled out${excludedText(l)}`
          : `${l.progress.available} of ${l.scope.size} node(s) run the new revision, available and soaked${excludedText(l)}`
    },
    l.progress
  )
}

/** What holds it, for the no-progress and timeout messages. */
function blockersText(l: Look): string {
  if (l.state.blockers.length === 0) return ''
  const held = l.excluded.some(
    (e) => e.pod !== undefined && e.reason !== 'PendingBeforeRun'
  )
  const budget = held
    ? `; NotReady node(s) hold pods that count as unavailable and use up maxUnavailable, so the controller replaces nothing else (R3.10)`
    : ''
  return `; blocked by ${l.state.blockers.map(describeBlocker).join('; ')}${budget}`
}

function checkDeadlines(l: Look, complete: boolean): GateStep | undefined {
  const p = l.progress
  const counts = `${p.updated} updated, ${p.available} available of ${p.desired}`
  if (l.elapsed > l.options.timeoutSeconds)
    return fail(
      l,
      'timeout',
      `rollout did not finish within ${l.options.timeoutSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    )
  if (
    !complete &&
    l.now - l.state.lastProgressAt > l.options.progressDeadlineSeconds * 1000
  )
    return fail(
      l,
      'no-progress',
      `no progress for ${l.options.progressDeadlineSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    )
  return undefined
}

function waitingVerdict(l: Look, complete: boolean): GateStep {
  const p = l.progress
  if (complete)
    return waiting(
      l,
      'soak',
      `soaking: ${Math.ceil(l.options.soakSeconds - (l.now - (l.state.soakStartedAt ?? l.now)) / 1000)}s left`
    )
  const name = l.ds.metadata?.name ?? '?'
  return waiting(
    l,
    'rollout',
    p.updated < p.desired
      ? `Waiting for daemon set "${name}" rollout to finish: ${p.updated} out of ${p.desired} new pods have been updated...`
      : `Waiting for daemon set "${name}" rollout to finish: ${p.available} of ${p.desired} updated pods are available...`
  )
}

/**
 * Feeds one observation to the gate. Pure: the returned state is the input
 * state, updated; give it back on the next call. Once a verdict is final it
 * is returned unchanged.
 */
export function stepGate(
  state: GateState,
  observation: GateObservation,
  now: number,
  options: GateOptions
): GateStep {
  if (state.final !== undefined)
    return { state, verdict: state.final, progress: state.progress }
  const ds = observation.daemonSet
  if (ds === null)
    return finish(
      state,
      now,
      {
        status: 'failed',
        reason: 'deleted',
        message: 'the DaemonSet was deleted during the rollout',
        failing: []
      },
      state.progress
    )
  const l = look(state, observation, ds, now, options)
  const early = checkStrategy(l) ?? checkObserved(l)
  if (early !== undefined) return early
  trackNodes(l)
  scopeCounters(l)
  l.state.blockers = findBlockers(
    l.excluded,
    l.allPods,
    l.state.unschedulableSince
  )
  const failed = checkPods(l) ?? checkSoakRestarts(l) ?? checkBudget(l)
  if (failed !== undefined) return failed
  trackProgress(l)
  const complete = isComplete(l)
  return (
    checkComplete(l, complete) ??
    checkDeadlines(l, complete) ??
    waitingVerdict(l, complete)
  )
}

/**
 * When the gate should be woken even without a new observation: the next
 * deadline (soak end, unschedulable grace, progress deadline, timeout), in
 * epoch ms. The runner sleeps until then or the next watch event.
 */
export function nextGateDeadline(
  state: GateState,
  options: GateOptions
): number {
  const candidates = [
    state.startedAt + options.timeoutSeconds * 1000 + 1,
    state.lastProgressAt + options.progressDeadlineSeconds * 1000 + 1
  ]
  if (state.soakStartedAt !== undefined)
    candidates.push(state.soakStartedAt + options.soakSeconds * 1000)
  for (const since of Object.values(state.unschedulableSince))
    candidates.push(since + options.unschedulableGraceSeconds * 1000)
  return Math.min(...candidates)
}
