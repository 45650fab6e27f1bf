import type { DaemonSet, IntOrPercent, Node, Pod } from '../k8s/types.js'
import {
  IMAGE_REASONS,
  podBelongsTo,
  podIsAvailable,
  podContainerSignals,
  podIsReady,
  podIsUpdated,
  podNodeName,
  podUnschedulableReason,
  RUNTIME_REASONS,
  SETUP_REASONS
} from './pod-signals.js'
import type {
  GateFailureReason,
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

/** A fresh gate, started at `now` (epoch milliseconds). */
export function startGate(now: number): GateState {
  return {
    startedAt: now,
    lastProgressKey: '',
    lastProgressAt: now,
    unschedulableSince: {},
    soakRestarts: {},
    notReadyNodes: [],
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

function nodeIsReady(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  return ready?.status === 'True'
}

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? '?'}`.replace(
    /^\//,
    ''
  )
}

function describeLast(
  last: { reason?: string; exitCode?: number; message?: string } | undefined
): string | undefined {
  if (last === undefined) return undefined
  let text = last.reason ?? 'Terminated'
  if (last.exitCode !== undefined) text += ` (exit ${last.exitCode})`
  if (last.message !== undefined && last.message !== '')
    text += `: ${last.message.trim().split('\n').slice(-3).join(' / ')}`
  return text
}

const REASON_ORDER: GateFailureReason[] = [
  'image',
  'setup',
  'crash-loop',
  'restarts',
  'unschedulable'
]

interface Classified {
  reason: GateFailureReason
  problem: PodProblem
}

/** R7.4/R7.5: what is wrong with one new-revision pod, if anything. */
function classifyPod(
  pod: Pod,
  uid: string,
  state: GateState,
  now: number,
  options: GateOptions
): Classified | undefined {
  const node = podNodeName(pod)
  const base = (reason: string): PodProblem => {
    const problem: PodProblem = { pod: podName(pod), reason, updated: true }
    if (node !== undefined) problem.node = node
    return problem
  }
  const signals = podContainerSignals(pod)
  for (const s of signals) {
    const reason = s.waitingReason
    if (reason === undefined) continue
    let category: GateFailureReason | undefined
    if (IMAGE_REASONS.has(reason)) category = 'image'
    else if (SETUP_REASONS.has(reason) || RUNTIME_REASONS.has(reason))
      category = 'setup'
    else if (
      reason === 'CrashLoopBackOff' &&
      s.restartCount >= options.maxRestarts
    )
      category = 'crash-loop'
    if (category === undefined) continue
    const problem = base(reason)
    problem.container = s.init ? `${s.name} (init)` : s.name
    if (s.waitingMessage !== undefined) problem.message = s.waitingMessage
    problem.restartCount = s.restartCount
    const last = describeLast(s.lastTerminated)
    if (last !== undefined) problem.lastState = last
    return { reason: category, problem }
  }
  for (const s of signals) {
    if (s.restartCount > options.maxRestarts) {
      const problem = base('Restarts')
      problem.container = s.init ? `${s.name} (init)` : s.name
      problem.restartCount = s.restartCount
      problem.message = `${s.restartCount} restarts (max-restarts ${options.maxRestarts})`
      const last = describeLast(s.lastTerminated)
      if (last !== undefined) problem.lastState = last
      return { reason: 'restarts', problem }
    }
  }
  const unschedulable = podUnschedulableReason(pod)
  if (unschedulable === undefined) {
    delete state.unschedulableSince[uid]
  } else {
    const since = state.unschedulableSince[uid] ?? now
    state.unschedulableSince[uid] = since
    if (now - since >= options.unschedulableGraceSeconds * 1000) {
      const problem = base(unschedulable.reason)
      if (unschedulable.message !== undefined)
        problem.message = unschedulable.message
      return { reason: 'unschedulable', problem }
    }
  }
  return undefined
}

/**
 * New pods that are not ready, with where they are stuck (the first
 * container's waiting reason, e.g. ContainerCreating or PodInitializing),
 * for deadline failures that no single signal explains. At most 20.
 */
function stuckPods(updatedPods: Pod[]): PodProblem[] {
  return updatedPods
    .filter((p) => !podIsReady(p))
    .slice(0, 20)
    .map((p) => {
      const signals = podContainerSignals(p)
      const waiting = signals.find((s) => s.waitingReason !== undefined)
      const unschedulable = podUnschedulableReason(p)
      const problem: PodProblem = {
        pod: podName(p),
        reason:
          waiting?.waitingReason ??
          unschedulable?.reason ??
          p.status?.phase ??
          'NotReady',
        updated: true
      }
      const node = podNodeName(p)
      if (node !== undefined) problem.node = node
      if (waiting !== undefined)
        problem.container = waiting.init
          ? `${waiting.name} (init)`
          : waiting.name
      const restarts = signals.reduce((n, s) => n + s.restartCount, 0)
      if (restarts > 0) problem.restartCount = restarts
      return problem
    })
}

function totalRestarts(pod: Pod): number {
  return podContainerSignals(pod).reduce((n, s) => n + s.restartCount, 0)
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
  const elapsed = (now - state.startedAt) / 1000
  if (state.final !== undefined)
    return { state, verdict: state.final, progress: state.progress }
  const ds = observation.daemonSet
  if (ds === null) {
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
  }
  const progress = progressOf(ds, Math.round(elapsed * 10) / 10)
  state.progress = progress
  const scope =
    observation.scopeNodes === undefined
      ? undefined
      : new Set(observation.scopeNodes)
  const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate'
  if (strategy !== 'RollingUpdate' && scope === undefined) {
    // R5.6 row 1: rollout status only exists for RollingUpdate.
    return finish(
      state,
      now,
      {
        status: 'failed',
        reason: 'not-rolling-update',
        message: `rollout status is only available for RollingUpdate strategy type (this DaemonSet uses ${strategy})`,
        failing: []
      },
      progress
    )
  }
  const timedOut = elapsed > options.timeoutSeconds
  if (!progress.observed) {
    // R5.6 row 2 / R6.10: wait for the controller to observe the spec.
    if (timedOut) {
      return finish(
        state,
        now,
        {
          status: 'failed',
          reason: 'timeout',
          message: `the controller did not observe generation ${ds.metadata?.generation ?? '?'} within ${options.timeoutSeconds}s`,
          failing: []
        },
        progress
      )
    }
    return {
      state,
      verdict: {
        status: 'waiting',
        phase: 'observe',
        message: 'Waiting for daemon set spec update to be observed...'
      },
      progress
    }
  }
  if (state.observedAt === undefined) {
    state.observedAt = now
    addTimeline(
      state,
      now,
      'observed',
      `controller observed generation ${ds.metadata?.generation ?? '?'}`
    )
  }

  // Nodes that are NotReady: their pods' problems belong to the node.
  const notReady = new Set(
    (observation.nodes ?? [])
      .filter((n) => !nodeIsReady(n))
      .map((n) => n.metadata?.name ?? '')
  )
  for (const name of notReady) {
    if (!state.notReadyNodes.includes(name))
      addTimeline(state, now, 'node-not-ready', `node ${name} is NotReady`)
  }
  for (const name of state.notReadyNodes) {
    if (!notReady.has(name))
      addTimeline(state, now, 'node-ready', `node ${name} is Ready again`)
  }
  state.notReadyNodes = [...notReady].sort()

  // R7.1 / R7.3: our pods, new vs old.
  const pods = observation.pods.filter(
    (p) =>
      podBelongsTo(p, ds) &&
      p.metadata?.deletionTimestamp === undefined &&
      (scope === undefined || scope.has(podNodeName(p) ?? ''))
  )
  const updatedPods = pods.filter((p) =>
    podIsUpdated(p, ds, observation.currentHash)
  )
  if (scope !== undefined) {
    // Canary/wave: counters over the scoped nodes only (R3.8 availability).
    const minReady = ds.spec?.minReadySeconds ?? 0
    const updatedNodes = new Set(updatedPods.map((p) => podNodeName(p) ?? ''))
    const readyNodes = new Set(
      updatedPods.filter(podIsReady).map((p) => podNodeName(p) ?? '')
    )
    const availableNodes = new Set(
      updatedPods
        .filter((p) => podIsAvailable(p, minReady, now))
        .map((p) => podNodeName(p) ?? '')
    )
    progress.desired = scope.size
    progress.updated = [...scope].filter((n) => updatedNodes.has(n)).length
    progress.ready = [...scope].filter((n) => readyNodes.has(n)).length
    progress.available = [...scope].filter((n) => availableNodes.has(n)).length
    progress.unavailable = progress.desired - progress.available
  }
  const failing: Classified[] = []
  for (const pod of updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
    const found = classifyPod(pod, uid, state, now, options)
    if (found === undefined) continue
    const node = found.problem.node
    if (
      options.attributeNotReadyNodes &&
      node !== undefined &&
      notReady.has(node)
    ) {
      const known = state.nodeProblems.some(
        (p) => p.pod === found.problem.pod && p.reason === found.problem.reason
      )
      if (!known) {
        state.nodeProblems.push(found.problem)
        addTimeline(
          state,
          now,
          'problem',
          `${found.problem.pod} on NotReady node ${node}: ${found.problem.reason} (attributed to the node)`
        )
      }
      continue
    }
    failing.push(found)
  }
  if (failing.length > 0) {
    failing.sort(
      (a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)
    )
    const first = failing[0] as Classified
    const where =
      first.problem.node === undefined ? '' : ` on node ${first.problem.node}`
    return finish(
      state,
      now,
      {
        status: 'failed',
        reason: first.reason,
        message: `new pod ${first.problem.pod}${where}: ${first.problem.reason}${first.problem.message === undefined ? '' : ` (${first.problem.message})`}`,
        failing: failing.map((f) => f.problem)
      },
      progress
    )
  }

  // Nodes NotReady that host one of our pods may hold the counters back.
  const sickWithPods = options.attributeNotReadyNodes
    ? new Set(
        pods
          .map((p) => podNodeName(p))
          .filter((n): n is string => n !== undefined && notReady.has(n))
      ).size
    : 0

  // Soak: a restart of a new pod after completion fails the rollout.
  if (state.soakStartedAt !== undefined) {
    for (const pod of updatedPods) {
      const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
      const restarts = totalRestarts(pod)
      const baseline = state.soakRestarts[uid]
      if (baseline === undefined) {
        state.soakRestarts[uid] = restarts
      } else if (restarts > baseline) {
        const node = podNodeName(pod)
        if (
          options.attributeNotReadyNodes &&
          node !== undefined &&
          notReady.has(node)
        )
          continue
        const problem: PodProblem = {
          pod: podName(pod),
          reason: 'RestartedDuringSoak',
          restartCount: restarts,
          message: `restarted ${restarts - baseline} time(s) within the ${options.soakSeconds}s soak`,
          updated: true
        }
        if (node !== undefined) problem.node = node
        const last = podContainerSignals(pod).find(
          (s) => s.lastTerminated !== undefined
        )
        const lastText = describeLast(last?.lastTerminated)
        if (lastText !== undefined) problem.lastState = lastText
        return finish(
          state,
          now,
          {
            status: 'failed',
            reason: 'restarted-during-soak',
            message: `new pod ${problem.pod}${node === undefined ? '' : ` on node ${node}`} restarted during the soak`,
            failing: [problem]
          },
          progress
        )
      }
    }
  }

  // The gate's own unavailability budget, against numberUnavailable.
  if (options.maxUnavailable !== undefined && scope === undefined) {
    const budget = resolveBudget(options.maxUnavailable, progress.desired)
    const unavailable = progress.unavailable - sickWithPods
    if (unavailable > budget) {
      return finish(
        state,
        now,
        {
          status: 'failed',
          reason: 'unavailable-budget',
          message: `${unavailable} of ${progress.desired} pods unavailable, above the gate's max-unavailable ${budget}`,
          failing: []
        },
        progress
      )
    }
  }

  // Progress tracking (for the progress deadline and the timeline).
  const newReady = updatedPods.filter(podIsReady).length
  const key = `${progress.desired}/${progress.updated}/${progress.ready}/${progress.available}/${newReady}`
  if (key !== state.lastProgressKey) {
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
        now,
        'progress',
        `${progress.updated} updated, ${progress.available} available of ${progress.desired}`
      )
    }
    state.lastProgressKey = key
    state.lastProgressAt = now
  }

  // R5.6 rows 3-5, allowing for pods held back by NotReady nodes.
  const complete =
    progress.updated + sickWithPods >= progress.desired &&
    progress.available + sickWithPods >= progress.desired
  if (complete) {
    if (state.soakStartedAt === undefined) {
      state.soakStartedAt = now
      state.soakRestarts = {}
      for (const pod of updatedPods) {
        state.soakRestarts[pod.metadata?.uid ?? pod.metadata?.name ?? ''] =
          totalRestarts(pod)
      }
      addTimeline(
        state,
        now,
        'complete',
        `all ${progress.desired} pods updated and available${sickWithPods > 0 ? ` (${sickWithPods} on NotReady nodes)` : ''}; soaking ${options.soakSeconds}s`
      )
    }
    if (now - state.soakStartedAt >= options.soakSeconds * 1000) {
      return finish(
        state,
        now,
        {
          status: 'succeeded',
          message:
            scope === undefined
              ? `daemon set "${ds.metadata?.name ?? '?'}" successfully rolled out${sickWithPods > 0 ? ` (${sickWithPods} node(s) NotReady, attributed to the nodes)` : ''}`
              : `${progress.available} of ${scope.size} node(s) run the new revision, available and soaked${sickWithPods > 0 ? ` (${sickWithPods} NotReady, attributed to the nodes)` : ''}`
        },
        progress
      )
    }
  } else if (state.soakStartedAt !== undefined) {
    delete state.soakStartedAt
    addTimeline(
      state,
      now,
      'soak-reset',
      'rollout no longer complete; soak restarts'
    )
  }

  if (timedOut) {
    return finish(
      state,
      now,
      {
        status: 'failed',
        reason: 'timeout',
        message: `rollout did not finish within ${options.timeoutSeconds}s (${progress.updated} updated, ${progress.available} available of ${progress.desired})`,
        failing: stuckPods(updatedPods)
      },
      progress
    )
  }
  if (
    !complete &&
    now - state.lastProgressAt > options.progressDeadlineSeconds * 1000
  ) {
    return finish(
      state,
      now,
      {
        status: 'failed',
        reason: 'no-progress',
        message: `no progress for ${options.progressDeadlineSeconds}s (${progress.updated} updated, ${progress.available} available of ${progress.desired})${state.notReadyNodes.length > 0 ? `; NotReady node(s) ${state.notReadyNodes.slice(0, 5).join(', ')}${state.notReadyNodes.length > 5 ? ', ...' : ''} count as unavailable and can hold the rollout (R3.10): check the nodes before blaming the revision` : ''}`,
        failing: stuckPods(updatedPods)
      },
      progress
    )
  }
  if (complete) {
    return {
      state,
      verdict: {
        status: 'waiting',
        phase: 'soak',
        message: `soaking: ${Math.ceil(options.soakSeconds - (now - (state.soakStartedAt ?? now)) / 1000)}s left`
      },
      progress
    }
  }
  const message =
    progress.updated < progress.desired
      ? `Waiting for daemon set "${ds.metadata?.name ?? '?'}" rollout to finish: ${progress.updated} out of ${progress.desired} new pods have been updated...`
      : `Waiting for daemon set "${ds.metadata?.name ?? '?'}" rollout to finish: ${progress.available} of ${progress.desired} updated pods are available...`
  return {
    state,
    verdict: { status: 'waiting', phase: 'rollout', message },
    progress
  }
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
