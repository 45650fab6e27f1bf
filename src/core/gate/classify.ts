import type { Pod } from '../k8s/types.js'
import {
  IMAGE_REASONS,
  podContainerSignals,
  podIsReady,
  podNodeName,
  podUnschedulableReason,
  RUNTIME_REASONS,
  SETUP_REASONS
} from './pod-signals.js'
import type {
  GateFailureReason,
  GateOptions,
  GateState,
  PodProblem
} from './types.js'

export function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? '?'}`.replace(
    /^\//,
    ''
  )
}

export function describeLast(
  last: { reason?: string; exitCode?: number; message?: string } | undefined
): string | undefined {
  if (last === undefined) return undefined
  let text = last.reason ?? 'Terminated'
  if (last.exitCode !== undefined) text += ` (exit ${last.exitCode})`
  if (last.message !== undefined && last.message !== '')
    text += `: ${last.message.trim().split('\n').slice(-3).join(' / ')}`
  return text
}

export const REASON_ORDER: GateFailureReason[] = [
  'image',
  'setup',
  'crash-loop',
  'restarts',
  'unschedulable'
]

export interface Classified {
  reason: GateFailureReason
  problem: PodProblem
}

function baseProblem(pod: Pod, reason: string): PodProblem {
  const problem: PodProblem = { pod: podName(pod), reason, updated: true }
  const node = podNodeName(pod)
  if (node !== undefined) problem.node = node
  return problem
}

/** R7.4: a container waiting reason that fails the revision at once. */
function containerProblem(
  pod: Pod,
  options: GateOptions
): Classified | undefined {
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
    const problem = baseProblem(pod, reason)
    problem.container = s.init ? `${s.name} (init)` : s.name
    if (s.waitingMessage !== undefined) problem.message = s.waitingMessage
    problem.restartCount = s.restartCount
    const last = describeLast(s.lastTerminated)
    if (last !== undefined) problem.lastState = last
    return { reason: category, problem }
  }
  for (const s of signals) {
    if (s.restartCount > options.maxRestarts) {
      const problem = baseProblem(pod, 'Restarts')
      problem.container = s.init ? `${s.name} (init)` : s.name
      problem.restartCount = s.restartCount
      problem.message = `${s.restartCount} restarts (max-restarts ${options.maxRestarts})`
      const last = describeLast(s.lastTerminated)
      if (last !== undefined) problem.lastState = last
      return { reason: 'restarts', problem }
    }
  }
  return undefined
}

/**
 * R7.5: a pod Pending Unschedulable longer than the grace. The grace counts
 * from when this pod, or an earlier pod of the DaemonSet on the same node
 * (the gate before an undo), was first seen unschedulable.
 */
function unschedulableProblem(
  pod: Pod,
  uid: string,
  state: GateState,
  now: number,
  options: GateOptions
): Classified | undefined {
  const node = podNodeName(pod)
  const unschedulable = podUnschedulableReason(pod)
  if (unschedulable === undefined) {
    delete state.unschedulableSince[uid]
    // The node is known to fit again only once a pod is bound there (a
    // pod not yet looked at by the scheduler says nothing).
    if (node !== undefined && (pod.spec?.nodeName ?? '') !== '')
      delete state.unschedulableNodes[node]
    return undefined
  }
  const since =
    state.unschedulableSince[uid] ??
    (node === undefined ? undefined : state.unschedulableNodes[node]) ??
    now
  state.unschedulableSince[uid] = since
  if (node !== undefined) state.unschedulableNodes[node] = since
  if (now - since < options.unschedulableGraceSeconds * 1000) return undefined
  const problem = baseProblem(pod, unschedulable.reason)
  if (unschedulable.message !== undefined)
    problem.message = unschedulable.message
  return { reason: 'unschedulable', problem }
}

/** R7.4/R7.5: what is wrong with one new-revision pod, if anything. */
export function classifyPod(
  pod: Pod,
  uid: string,
  state: GateState,
  now: number,
  options: GateOptions
): Classified | undefined {
  return (
    containerProblem(pod, options) ??
    unschedulableProblem(pod, uid, state, now, options)
  )
}

/**
 * New pods that are not ready, with where they are stuck (the first
 * container's waiting reason, e.g. ContainerCreating or PodInitializing),
 * for deadline failures that no single signal explains. At most 20.
 */
export function stuckPods(updatedPods: Pod[]): PodProblem[] {
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
      if (unschedulable?.message !== undefined && waiting === undefined)
        problem.message = unschedulable.message
      const restarts = signals.reduce((n, s) => n + s.restartCount, 0)
      if (restarts > 0) problem.restartCount = restarts
      return problem
    })
}

export function totalRestarts(pod: Pod): number {
  return podContainerSignals(pod).reduce((n, s) => n + s.restartCount, 0)
}
