import type { DaemonSet, Pod } from '../k8s/types.js'
import { labelSelectorMatches } from '../k8s/label-selector.js'

/** R7.4: image problems (kubelet images/types.go, cri-api errors.go). */
export const IMAGE_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ImageInspectError',
  'ErrImageNeverPull',
  'InvalidImageName',
  'RegistryUnavailable',
  'SignatureValidationFailed',
  'RROUnsupported'
])

/** R7.4: container setup problems (kuberuntime_container.go). */
export const SETUP_REASONS: ReadonlySet<string> = new Set([
  'CreateContainerConfigError',
  'PreCreateHookError',
  'CreateContainerError',
  'PreStartHookError',
  'PostStartHookError'
])

/** R7.4: runtime problems other than the restart back-off (sync_result.go). */
export const RUNTIME_REASONS: ReadonlySet<string> = new Set([
  'RunContainerError',
  'RunInitContainerError',
  'VerifyNonRootError',
  'CreatePodSandboxError',
  'ConfigPodSandboxError',
  'KillPodSandboxError',
  'KillContainerError'
])

/** R7.5: PodScheduled=False reasons meaning the pod cannot be placed. */
export const UNSCHEDULABLE_REASONS: ReadonlySet<string> = new Set([
  'Unschedulable',
  'SchedulingGated',
  'SchedulerError'
])

/** What one container status says, narrowed from wire JSON. */
export interface ContainerSignal {
  name: string
  init: boolean
  ready: boolean
  restartCount: number
  waitingReason?: string
  waitingMessage?: string
  /** lastState.terminated: reason, exit code, message (R7.4 crash signals). */
  lastTerminated?: { reason?: string; exitCode?: number; message?: string }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function containerSignals(list: unknown, init: boolean): ContainerSignal[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((entry): ContainerSignal[] => {
    const status = record(entry)
    if (status === undefined) return []
    const state = record(status['state'])
    const waiting = record(state?.['waiting'])
    const last = record(record(status['lastState'])?.['terminated'])
    const signal: ContainerSignal = {
      name: str(status['name']) ?? '?',
      init,
      ready: status['ready'] === true,
      restartCount: num(status['restartCount']) ?? 0
    }
    const reason = str(waiting?.['reason'])
    if (reason !== undefined) signal.waitingReason = reason
    const message = str(waiting?.['message'])
    if (message !== undefined) signal.waitingMessage = message
    if (last !== undefined) {
      const terminated: ContainerSignal['lastTerminated'] = {}
      const r = str(last['reason'])
      if (r !== undefined) terminated.reason = r
      const code = num(last['exitCode'])
      if (code !== undefined) terminated.exitCode = code
      const m = str(last['message'])
      if (m !== undefined) terminated.message = m
      signal.lastTerminated = terminated
    }
    return [signal]
  })
}

/** Container and init-container statuses of a pod (R7.4: check init containers too). */
export function podContainerSignals(pod: Pod): ContainerSignal[] {
  return [
    ...containerSignals(pod.status?.initContainerStatuses, true),
    ...containerSignals(pod.status?.containerStatuses, false)
  ]
}

/**
 * R7.1: a pod belongs to the DaemonSet when its controller ownerReference
 * points at the DaemonSet's UID AND its labels match the selector. Names are
 * never used (generateName).
 */
export function podBelongsTo(pod: Pod, ds: DaemonSet): boolean {
  const uid = ds.metadata?.uid
  if (uid === undefined) return false
  const owner = pod.metadata?.ownerReferences?.find(
    (r) => r.controller === true
  )
  if (owner === undefined || owner.uid !== uid) return false
  return labelSelectorMatches(
    ds.spec?.selector ?? {},
    pod.metadata?.labels ?? {}
  )
}

/**
 * R7.2: the node of a pod is spec.nodeName when bound, otherwise the single
 * value of the required matchFields metadata.name term the controller sets.
 */
export function podNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName !== undefined && pod.spec.nodeName !== '')
    return pod.spec.nodeName
  const terms =
    pod.spec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (
        field.key === 'metadata.name' &&
        field.operator === 'In' &&
        field.values?.length === 1
      ) {
        return field.values[0]
      }
    }
  }
  return undefined
}

/** R4.2: templateGeneration as the apps/v1 annotation shows it. */
export function templateGeneration(ds: DaemonSet): string | undefined {
  return ds.metadata?.annotations?.['deprecated.daemonset.template.generation']
}

/**
 * R7.3: a pod runs the current revision when its controller-revision-hash
 * equals the current revision's hash, or its pod-template-generation label
 * equals the DaemonSet's templateGeneration.
 */
export function podIsUpdated(
  pod: Pod,
  ds: DaemonSet,
  currentHash: string | undefined
): boolean {
  const labels = pod.metadata?.labels ?? {}
  if (
    currentHash !== undefined &&
    labels['controller-revision-hash'] === currentHash
  )
    return true
  const generation = templateGeneration(ds)
  return (
    generation !== undefined && labels['pod-template-generation'] === generation
  )
}

/** R3.7: Ready means the pod condition Ready has status True. */
export function podIsReady(pod: Pod): boolean {
  return (
    pod.status?.conditions?.some(
      (c) => c.type === 'Ready' && c.status === 'True'
    ) === true
  )
}

/** R7.5: the PodScheduled=False reason when the scheduler cannot place the pod. */
export function podUnschedulableReason(
  pod: Pod
): { reason: string; message?: string } | undefined {
  const condition = pod.status?.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.status === 'False'
  )
  if (condition?.reason === undefined) return undefined
  if (!UNSCHEDULABLE_REASONS.has(condition.reason)) return undefined
  return condition.message === undefined
    ? { reason: condition.reason }
    : { reason: condition.reason, message: condition.message }
}

/**
 * R3.8: available means Ready and (minReadySeconds == 0 or the Ready
 * condition's lastTransitionTime + minReadySeconds <= now). Without a
 * lastTransitionTime and minReadySeconds > 0 the pod is never available.
 */
export function podIsAvailable(
  pod: Pod,
  minReadySeconds: number,
  now: number
): boolean {
  const ready = pod.status?.conditions?.find(
    (c) => c.type === 'Ready' && c.status === 'True'
  )
  if (ready === undefined) return false
  if (minReadySeconds <= 0) return true
  if (ready.lastTransitionTime === undefined) return false
  const since = Date.parse(ready.lastTransitionTime)
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now
}
