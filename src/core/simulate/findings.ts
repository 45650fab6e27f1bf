/**
 * Risk findings of a simulated DaemonSet change. Codes are stable
 * kebab-case identifiers (documented in docs/simulation.md); messages name
 * counts and at most a few nodes.
 */
import type { Container, DaemonSet } from '../k8s/types.js'
import type { SourcePosition } from '../manifests/types.js'
import type { Finding, NodeOutcome, Severity } from '../plan/types.js'
import { containerRequests } from './fit.js'
import type { OutcomeResult } from './outcomes.js'
import type { WavePlan } from './rollout.js'
import type { ResolvedStrategy } from './strategy.js'

/**
 * Every code this module can emit (the renderer shows exactly these).
 *
 * Problems the diff's validation already reports for the head manifest are
 * not repeated here, so a plan has one finding per problem with or without
 * a snapshot: the strategy the API rejects or the controller cannot resolve
 * (R3.2, R3.6: `invalid-update-strategy`, `invalid-int-or-percent`,
 * `max-surge-*`), hostPort with maxSurge (R3.15: `host-port-with-surge`) and
 * `:latest`/untagged images (`mutable-image-tag`). See src/core/diff/validate.ts.
 */
export const SIMULATION_FINDING_CODES = [
  'no-eligible-nodes',
  'coverage-drop',
  'pods-will-not-fit',
  'surge-window-will-not-fit',
  'rollout-will-hang',
  'rollout-never-completes',
  'budget-consumed-by-unhealthy-nodes',
  'max-unavailable-large',
  'slow-rollout',
  'on-delete',
  'rollout-in-progress',
  'no-readiness-probe',
  'missing-resource-requests',
  'no-priority-class',
  'privileged-container',
  'host-pid',
  'host-network',
  'node-status-unknown'
] as const

export type SimulationFindingCode = (typeof SIMULATION_FINDING_CODES)[number]

export interface FindingContext {
  base: DaemonSet | undefined
  head: DaemonSet | undefined
  source: SourcePosition
  triggered: boolean
  /** The head template differs from the base one, or head is new. */
  templateChanged: boolean
  strategy: ResolvedStrategy
  outcomes: OutcomeResult
  waves: WavePlan | undefined
  fleetSize: number
  /** Share of desired nodes above which maxUnavailable is flagged (default 0.25). */
  maxUnavailableShare: number
  /** Estimated seconds above which a rollout is flagged as slow (default 3600). */
  slowRolloutSeconds: number
  /** Node names listed in one message at most (default 10). */
  listLimit: number
}

/** `a, b, c and 12 more`. */
export function listNames(names: readonly string[], limit: number): string {
  const shown = names.slice(0, limit).join(', ')
  const more = names.length - Math.min(limit, names.length)
  return more > 0 ? `${shown} and ${more} more` : shown
}

/** `1h 5m`, `4m 10s`, `45s`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return r > 0 ? `${m}m ${r}s` : `${m}m`
  return `${r}s`
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function simulationFindings(ctx: FindingContext): Finding[] {
  const out: Finding[] = []
  const ref = ctx.head ?? ctx.base
  const namespace = ref?.metadata?.namespace ?? 'default'
  const name = ref?.metadata?.name ?? ''
  const add = (
    severity: Severity,
    code: SimulationFindingCode,
    message: string
  ): void => {
    out.push({
      severity,
      code,
      message,
      file: ctx.source.file,
      line: ctx.source.line,
      namespace,
      name
    })
  }
  const { strategy, outcomes, waves, head } = ctx
  const nodes = outcomes.nodes
  const limit = ctx.listLimit
  if (head === undefined) return out

  if (outcomes.desired === 0 && ctx.fleetSize > 0) {
    add(
      'warning',
      'no-eligible-nodes',
      `no node of the ${plural(ctx.fleetSize, 'node')} in the snapshot should run this DaemonSet (nodeSelector, affinity, taints; R1.3-R1.5)`
    )
  }

  const joining = names(nodes, (n) => n.fitUnknown === true)
  if (joining.length > 0) {
    add(
      'info',
      'node-status-unknown',
      `${plural(joining.length, 'node')} ${joining.length === 1 ? 'has' : 'have'} not reported status yet (joining the cluster): ${listNames(joining, limit)}. ` +
        'They count as not Ready; the controller still creates the pod there, but whether it fits is unknown until the kubelet posts allocatable'
    )
  }

  const losing = names(nodes, (n) => n.before !== 'none' && n.after === 'none')
  if (losing.length > 0) {
    add(
      'warning',
      'coverage-drop',
      `${plural(losing.length, 'node')} lose the daemon: ${listNames(losing, limit)}`
    )
  }

  const byReason = new Map<string, string[]>()
  const blocked = new Set(outcomes.surgeWindowBlocked)
  // Nodes share their first reason's text: its cause is cut out once.
  const causeOf = new Map<string, string>()
  for (let i = 0; i < nodes.length; i += 1) {
    const n = nodes[i]!
    if (n.action !== 'pending') continue
    if (blocked.has(n.name)) continue
    const first = n.reasons[0] ?? ''
    let why = causeOf.get(first)
    if (why === undefined) {
      why = first.slice(first.indexOf(': ') + 2)
      causeOf.set(first, why)
    }
    const list = byReason.get(why)
    if (list === undefined) byReason.set(why, [n.name])
    else list.push(n.name)
  }
  // When these Pending pods are the only nodes that never get an available
  // pod, "rollout status never succeeds" is their consequence: said here
  // once instead of as a second finding (rollout-never-completes).
  let notFitting = 0
  for (const list of byReason.values()) notFitting += list.length
  const neverCompletesFolded =
    waves !== undefined &&
    waves.stall === undefined &&
    waves.neverAvailable > 0 &&
    waves.neverAvailable === notFitting
  for (const [why, list] of byReason) {
    add(
      'error',
      'pods-will-not-fit',
      `${plural(list.length, 'new pod')} will stay Pending (${why}): ${listNames(list, limit)}` +
        (neverCompletesFolded
          ? `. ${list.length === 1 ? 'It never becomes' : 'They never become'} available, so \`kubectl rollout status\` never reports success (R5.6)`
          : '')
    )
  }
  // Nodes blocked only by the host port the old pod holds are the R3.15
  // deadlock the diff reports for the manifest (host-port-with-surge).
  const portsOnly = new Set(outcomes.surgeWindowPortsOnly)
  const windowList = outcomes.surgeWindowBlocked.filter(
    (n) => !portsOnly.has(n)
  )
  if (windowList.length > 0) {
    const list = windowList
    add(
      'error',
      'surge-window-will-not-fit',
      `on ${plural(list.length, 'node')} the new pod does not fit next to the old one during the surge, stays Pending and the old pod is never deleted (R3.11): ${listNames(list, limit)}`
    )
  }

  if (waves !== undefined) {
    const limitName = strategy.surge ? 'maxSurge' : 'maxUnavailable'
    const budget = strategy.surge ? strategy.maxSurge : strategy.maxUnavailable
    const unhealthy = outcomes.notReady.length + outcomes.unavailablePods.length
    // The budget only paces the replacement of available old pods (R3.9,
    // R3.11); a new DaemonSet's pods are all created at once (R2.1).
    const budgeted =
      outcomes.lanes.candidate +
      outcomes.lanes['candidate-stuck'] +
      outcomes.lanes['misscheduled-old']
    const parts: string[] = []
    if (outcomes.notReady.length > 0)
      parts.push(
        `${outcomes.notReady.length} NotReady (${listNames(outcomes.notReady, limit)})`
      )
    if (outcomes.unavailablePods.length > 0)
      parts.push(
        `${outcomes.unavailablePods.length} with an unavailable daemon pod (${listNames(outcomes.unavailablePods, limit)})`
      )
    const unhealthyText = `${plural(unhealthy, 'desired node')} ${unhealthy === 1 ? 'is' : 'are'} already unavailable: ${parts.join(', ')}`
    // NotReady nodes alone use up maxUnavailable for good: that is why the
    // rollout hangs, said in the one rollout-will-hang finding.
    const budgetUsedUp =
      budgeted > 0 &&
      !strategy.surge &&
      outcomes.notReady.length > 0 &&
      outcomes.notReady.length >= budget
    if (waves.stall !== undefined) {
      const s = waves.stall
      const range =
        s.nodesLeft === s.nodesLeftWorstCase
          ? plural(s.nodesLeft, 'node')
          : `between ${s.nodesLeft} and ${s.nodesLeftWorstCase} nodes (the controller picks nodes in no fixed order)`
      add(
        'error',
        'rollout-will-hang',
        budgetUsedUp
          ? `the rollout will hang with ${range} still on the old pod: ${unhealthyText}. NotReady nodes stay desired and never get an available pod (R1.16), so they use up ${limitName} (${budget}) for good and the controller replaces nothing else (R3.10)`
          : `the rollout will hang with ${range} still on the old pod: ${s.reason}`
      )
    } else if (waves.neverAvailable > 0 && !neverCompletesFolded) {
      add(
        'warning',
        'rollout-never-completes',
        `${plural(waves.neverAvailable, 'node')} will never have an available pod, so \`kubectl rollout status\` never reports success (R5.6)`
      )
    }
    if (unhealthy > 0 && budgeted > 0 && !(budgetUsedUp && waves.stall)) {
      add(
        budgetUsedUp ? 'error' : 'warning',
        'budget-consumed-by-unhealthy-nodes',
        `${unhealthyText}. They count against ${limitName} (${budget}) (R3.10): a NotReady node for as long as it stays NotReady, a broken old pod until its replacement (made at once, outside the budget) is available`
      )
    }
    if (
      !strategy.surge &&
      strategy.maxUnavailable > 1 &&
      outcomes.desired > 0 &&
      strategy.maxUnavailable / outcomes.desired > ctx.maxUnavailableShare
    ) {
      const pct = Math.round((100 * strategy.maxUnavailable) / outcomes.desired)
      add(
        'warning',
        'max-unavailable-large',
        `maxUnavailable resolves to ${strategy.maxUnavailable} of ${outcomes.desired} desired nodes (${pct}%, above ${Math.round(ctx.maxUnavailableShare * 100)}%): that many nodes run without the daemon at once`
      )
    }
    if (waves.estimatedSeconds > ctx.slowRolloutSeconds) {
      add(
        'warning',
        'slow-rollout',
        `the rollout takes about ${formatDuration(waves.estimatedSeconds)} in ${plural(waves.waves.length, 'wave')} (${limitName} ${budget} of ${outcomes.desired} nodes); consider a percentage`
      )
    }
  }
  if (strategy.type === 'OnDelete' && ctx.triggered) {
    add(
      'warning',
      'on-delete',
      'updateStrategy is OnDelete: no pod is replaced until something deletes it; only new nodes get the new template (R3.14)'
    )
  }
  if (outcomes.behindRevision > 0 && !ctx.triggered) {
    add(
      'info',
      'rollout-in-progress',
      `${plural(outcomes.behindRevision, 'pod')} in the snapshot ${outcomes.behindRevision === 1 ? 'is' : 'are'} not at the current revision: an earlier rollout has not finished`
    )
  }

  if (!ctx.templateChanged) return out
  const spec = head.spec?.template?.spec
  const containers: Container[] = spec?.containers ?? []
  const noProbe = containers
    .filter((c) => c.readinessProbe === undefined)
    .map((c) => c.name)
  if (noProbe.length > 0) {
    add(
      'warning',
      'no-readiness-probe',
      `container${noProbe.length > 1 ? 's' : ''} ${noProbe.join(', ')} ${noProbe.length > 1 ? 'have' : 'has'} no readinessProbe: a pod is Ready as soon as it starts, so neither the controller nor a gate can see a broken new pod before moving on`
    )
  }
  const noRequests = [...(spec?.initContainers ?? []), ...containers]
    .filter((c) => {
      const r = containerRequests(c)
      return !r.has('cpu') || !r.has('memory')
    })
    .map((c) => c.name)
  if (noRequests.length > 0) {
    add(
      'warning',
      'missing-resource-requests',
      `container${noRequests.length > 1 ? 's' : ''} ${noRequests.join(', ')} ${noRequests.length > 1 ? 'have' : 'has'} no cpu or memory request: the scheduler cannot reserve room for the daemon, and the fit above undercounts it`
    )
  }
  if (spec?.priorityClassName === undefined || spec.priorityClassName === '') {
    add(
      'warning',
      'no-priority-class',
      'no priorityClassName: a node agent with default priority cannot preempt pods to fit on a full node and is evicted early under pressure; node agents usually use system-node-critical'
    )
  }
  const privileged = [...(spec?.initContainers ?? []), ...containers]
    .filter((c) => c.securityContext?.privileged === true)
    .map((c) => c.name)
  if (privileged.length > 0) {
    add(
      'info',
      'privileged-container',
      `privileged: ${privileged.join(', ')}. Often needed by node agents (CNI, storage, device plugins); if this one is not such an agent, narrower capabilities are safer`
    )
  }
  if (spec?.hostPID === true) {
    add(
      'info',
      'host-pid',
      'hostPID is set: the pod sees every process on the node. Needed by some monitoring agents; otherwise drop it'
    )
  }
  if (spec?.hostNetwork === true) {
    add(
      'info',
      'host-network',
      'hostNetwork is set: the pod shares the node network, and every containerPort becomes a host port (R8.3). Expected for CNI and node exporters'
    )
  }
  return out
}

function names(
  nodes: readonly NodeOutcome[],
  pred: (n: NodeOutcome) => boolean
): string[] {
  const out: string[] = []
  for (let i = 0; i < nodes.length; i += 1)
    if (pred(nodes[i]!)) out.push(nodes[i]!.name)
  return out
}
