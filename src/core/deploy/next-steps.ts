import type { NodeExclusion } from '../gate/done.js'
import type { PodProblem } from '../gate/types.js'

/**
 * "What to do next" for every result that is not a clean rollout: exact
 * commands and settings a tired on-call engineer can run, built from what
 * the run saw. Pure; the report and the CLI print the lines as they are.
 */

export interface DaemonSetKey {
  namespace: string
  name: string
}

/** Field managers named in a server-side apply conflict (409). */
export function conflictManagers(message: string): string[] {
  const out = new Set<string>()
  for (const m of message.matchAll(/conflicts? with "([^"]+)"/g))
    out.add(m[1] as string)
  for (const m of message.matchAll(/^"([^"]+)" using /gm))
    out.add(m[1] as string)
  return [...out]
}

/** Is this API error a server-side apply field-manager conflict? */
export function isApplyConflict(message: string): boolean {
  return /Apply failed with \d+ conflicts?/.test(message)
}

export function conflictSteps(message: string): string[] {
  const managers = conflictManagers(message)
  const who =
    managers.length === 0
      ? 'another field manager'
      : managers.map((m) => `"${m}"`).join(', ')
  return [
    `The conflicting fields are owned by ${who}. If these manifests should own them, re-run with --force (Action input force: true): server-side apply then takes them over from ${who}.`,
    `If ${who} should keep them, remove those fields from the manifests (or set them to the live values to share them), then re-run.`
  ]
}

/** Steps for nodes that hold a rollout: NotReady or unreachable; nodes that could not host the daemon before the run. */
export function stuckNodeSteps(all: NodeExclusion[]): string[] {
  const full = all.filter((e) => e.reason === 'PendingBeforeRun')
  const excluded = all.filter((e) => e.reason !== 'PendingBeforeRun')
  const steps =
    full.length === 0
      ? []
      : [
          `${full.map((e) => e.node).join(', ')} had no available daemon pod before this run either (no room for it): see what ${full.length === 1 ? 'it runs' : 'they run'} with kubectl describe node ${full.map((e) => e.node).join(' ')}, then free room or keep the DaemonSet off ${full.length === 1 ? 'it' : 'them'} (nodeSelector/affinity).`
        ]
  if (excluded.length === 0) return steps
  return [...steps, ...notReadySteps(excluded)]
}

function notReadySteps(excluded: NodeExclusion[]): string[] {
  const names = excluded.slice(0, 5).map((e) => e.node)
  const list = names.join(' ')
  const steps = [
    `Find out why ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} ${excluded[0]?.reason ?? 'NotReady'}: kubectl describe node ${list}`,
    `If ${names.length === 1 ? 'it comes' : 'they come'} back, re-run. If not, take ${names.length === 1 ? 'it' : 'them'} out of the cluster so the DaemonSet stops waiting: kubectl cordon ${list} && kubectl drain ${list} --ignore-daemonsets --delete-emptydir-data --force && kubectl delete node ${list}`,
    `Or let the rollout proceed around sick nodes: raise spec.updateStrategy.rollingUpdate.maxUnavailable above the number of NotReady nodes (R3.10) and re-run.`
  ]
  const terminating = excluded.filter((e) => e.detail === 'Terminating')
  if (terminating.length > 0)
    steps.push(
      `A pod on a NotReady node stays Terminating until its kubelet returns; once the node is deleted it goes with it (${terminating
        .slice(0, 3)
        .map((e) => e.pod ?? '?')
        .join(', ')}).`
    )
  return steps
}

function namespaceOf(pod: string): string {
  const i = pod.indexOf('/')
  return i < 0 ? 'default' : pod.slice(0, i)
}

function nameOf(pod: string): string {
  const i = pod.indexOf('/')
  return i < 0 ? pod : pod.slice(i + 1)
}

/** Steps for failing pods: look at the pod, then fix the revision or free the node. */
export function podSteps(failing: PodProblem[]): string[] {
  const steps: string[] = []
  const unschedulable = failing.filter((p) =>
    ['Unschedulable', 'SchedulingGated', 'SchedulerError'].includes(p.reason)
  )
  const other = failing.filter((p) => !unschedulable.includes(p))
  if (unschedulable.length > 0) {
    const nodes = [...new Set(unschedulable.map((p) => p.node ?? '?'))].slice(
      0,
      5
    )
    const first = unschedulable[0] as PodProblem
    steps.push(
      `The new pod does not fit on ${nodes.join(', ')}: see why with kubectl -n ${namespaceOf(first.pod)} describe pod ${nameOf(first.pod)} and what the node runs with kubectl describe node ${nodes.join(' ')}`,
      `Free room on ${nodes.length === 1 ? 'that node' : 'those nodes'} (move other workloads away), lower the DaemonSet's resource requests, or keep it off ${nodes.length === 1 ? 'that node' : 'those nodes'} (nodeSelector/affinity); then re-run.`
    )
  }
  if (other.length > 0) {
    const first = other[0] as PodProblem
    const ns = namespaceOf(first.pod)
    const name = nameOf(first.pod)
    const container =
      first.container === undefined
        ? ''
        : ` -c ${first.container.replace(/ \(init\)$/, '')}`
    steps.push(
      `Look at the failing pod: kubectl -n ${ns} describe pod ${name} and kubectl -n ${ns} logs ${name}${container} --previous`,
      `Fix the image or configuration in the manifests (${first.reason}) and re-run.`
    )
  }
  return steps
}

/** The ConfigMap-only case: the pods keep the old configuration. */
export function configOnlySteps(ds: DaemonSetKey): string[] {
  return [
    `Restart the pods so they read the new configuration: kubectl -n ${ds.namespace} rollout restart daemonset/${ds.name}`,
    `Or re-run with --restart-on-config-change (Action input restart-on-config-change: true): the run bumps a pod-template annotation, so the restart is gated and undone like any rollout.`
  ]
}

/** After a refused undo (the target is the release that failed). */
export function refusedUndoSteps(ds: DaemonSetKey, revision: number): string[] {
  return [
    `To go to that revision anyway: ds-rollout undo --namespace ${ds.namespace} --name ${ds.name} --to-revision ${revision}`,
    `To see the history: kubectl -n ${ds.namespace} rollout history daemonset/${ds.name}`
  ]
}
