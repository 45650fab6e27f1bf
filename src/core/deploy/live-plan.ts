import type { NodeExclusion } from '../gate/done.js'
import { stuckNodeSteps } from './next-steps.js'
import { R_NOT_READY } from '../simulate/outcomes.js'
/**
 * The plan of a deploy against the live cluster (preflight): the live
 * DaemonSet as base, what the server would store for the head manifest
 * (its server-side dry run) as head, simulated against the live nodes and
 * pods. Pure.
 */
import type { DaemonSet, KubeObject } from '../k8s/types.js'
import type { SourcePosition } from '../manifests/types.js'
import { buildPlan } from '../plan/build-plan.js'
import type { DaemonSetPlan, NodeAction, Plan } from '../plan/types.js'
import { waveCount } from '../plan/compact.js'
import { formatDuration } from '../render/overview.js'
import type { SimulationFindingCode } from '../simulate/findings.js'
import type { Snapshot } from '../snapshot/types.js'

/** Annotations the API server or kubectl keep on a live object; not part of what was reviewed. */
const SERVER_ANNOTATIONS = [
  'deprecated.daemonset.template.generation',
  'kubectl.kubernetes.io/last-applied-configuration'
]

export interface LivePlanDaemonSet {
  /** The live object (raw JSON), null when the deploy creates it. */
  live: DaemonSet | null
  /** The head as the server would store it (dry run), else the manifest. */
  head: DaemonSet
  source: SourcePosition
}

/**
 * An object as the plan compares it: kind, name, labels and annotations
 * (without the ones the server or kubectl add) and spec; no status,
 * resourceVersion, managedFields or generation, which always differ
 * between a live object and a manifest.
 */
export function planComparable(obj: KubeObject): KubeObject {
  const meta = obj.metadata ?? {}
  const annotations = { ...(meta.annotations ?? {}) }
  for (const a of SERVER_ANNOTATIONS) delete annotations[a]
  const metadata: NonNullable<KubeObject['metadata']> = {}
  if (meta.name !== undefined) metadata.name = meta.name
  if (meta.namespace !== undefined) metadata.namespace = meta.namespace
  if (meta.labels !== undefined) metadata.labels = { ...meta.labels }
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  const out: KubeObject = { metadata }
  if (obj.apiVersion !== undefined) out.apiVersion = obj.apiVersion
  if (obj.kind !== undefined) out.kind = obj.kind
  if (obj['spec'] !== undefined) out['spec'] = structuredClone(obj['spec'])
  return out
}

/** The plan of the live DaemonSets (base) against the head, simulated on the snapshot when given. */
export function buildLivePlan(
  daemonSets: LivePlanDaemonSet[],
  snapshot: Snapshot | undefined
): Plan {
  const base = daemonSets.flatMap((d) =>
    d.live === null
      ? []
      : [
          {
            object: planComparable(d.live),
            source: { file: 'live cluster', line: 1 }
          }
        ]
  )
  const head = daemonSets.map((d) => ({
    object: planComparable(d.head),
    source: d.source
  }))
  return buildPlan({
    base,
    head,
    // Every node: the deploy excludes and names nodes from this detail.
    nodeDetail: 'all',
    ...(snapshot === undefined ? {} : { snapshot })
  })
}

function count(
  actions: Partial<Record<NodeAction, number>> | undefined,
  action: NodeAction
): number {
  return actions?.[action] ?? 0
}

/** One line per DaemonSet: what the rollout does on the live nodes. */
export function livePlanLine(ds: DaemonSetPlan): string {
  const key = `${ds.namespace}/${ds.name}`
  const r = ds.rollout
  const parts: string[] = []
  if (!r.triggered) {
    parts.push(`pod template unchanged, no pods replaced (R4.3)`)
  } else {
    parts.push(ds.change === 'added' ? 'created' : 'rolls out')
  }
  if (r.desired !== undefined)
    parts.push(`${r.desired} desired node(s) of the live cluster`)
  const actions = r['actions'] as
    Partial<Record<NodeAction, number>> | undefined
  if (actions !== undefined) {
    const changes = [
      [count(actions, 'replace'), 'replaced'],
      [count(actions, 'create'), 'gain the daemon'],
      [count(actions, 'delete'), 'lose it'],
      [count(actions, 'pending'), 'pending (the new pod cannot be placed)']
    ] as const
    const text = changes
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
    if (text.length > 0) parts.push(text.join(', '))
  }
  if (r.triggered && r.waves !== undefined && r.waves.length > 0) {
    const largest = Math.max(...r.waves.map((w) => w.nodes))
    parts.push(
      `${r.waveCount ?? waveCount(r.waves)} wave(s) of at most ${largest} node(s)${r.maxUnavailable === undefined ? '' : ` (maxUnavailable ${r.maxUnavailable}${r.maxSurge ? `, maxSurge ${r.maxSurge}` : ''})`}`
    )
  }
  const stall = r['stall'] as
    { nodesLeft?: number; reason?: string } | undefined
  // A rollout that hangs has no duration to estimate.
  if (r.triggered && r.estimatedSeconds !== undefined && stall === undefined)
    parts.push(`estimated ${formatDuration(r.estimatedSeconds)}`)
  if (stall !== undefined)
    parts.push(
      `HANGS with ${stall.nodesLeft ?? '?'} node(s) left: ${stall.reason ?? ''}`
    )
  return `live plan ${key}: ${parts.join('; ')}`
}

/**
 * Findings that depend on the live nodes and pods (not on the manifest
 * alone, which the reviewed plan already showed): these are warned about.
 * Typed from the simulation's codes, so a renamed or removed code fails
 * to compile here.
 */
export const LIVE_FINDING_CODES: ReadonlySet<SimulationFindingCode> =
  new Set<SimulationFindingCode>([
    'no-eligible-nodes',
    'coverage-drop',
    'pods-will-not-fit',
    'surge-window-will-not-fit',
    'rollout-will-hang',
    'rollout-never-completes',
    'budget-consumed-by-unhealthy-nodes',
    'max-unavailable-large',
    'slow-rollout',
    'rollout-in-progress'
  ])

/** Whether a finding's code is one of {@link LIVE_FINDING_CODES}. */
function isLiveFindingCode(code: string): boolean {
  return (LIVE_FINDING_CODES as ReadonlySet<string>).has(code)
}

/**
 * The summary lines (one per DaemonSet, then a count of the manifest-only
 * findings) and the live findings of severity warning or error.
 */
export function livePlanReport(plan: Plan): {
  lines: string[]
  warnings: string[]
} {
  const lines = plan.daemonSets
    .filter((ds) => ds.change !== 'removed')
    .map(livePlanLine)
  const findings = [
    ...plan.findings,
    ...plan.daemonSets.flatMap((ds) => ds.findings)
  ].filter((f) => f.severity !== 'info')
  const live = findings.filter((f) => isLiveFindingCode(f.code))
  const other = findings.length - live.length
  if (other > 0)
    lines.push(
      `live plan: ${other} more warning(s) about the manifests themselves (as in the reviewed plan; see ds-rollout plan)`
    )
  const warnings = live.map(
    (f) =>
      `live plan ${f.severity}${f.namespace === undefined ? '' : ` ${f.namespace}/${f.name ?? ''}`}: ${f.message}`
  )
  return { lines, warnings }
}

/** The live plan's estimate for one DaemonSet, when its rollout is triggered and simulated. */
export function livePlanSeconds(
  plan: Plan,
  namespace: string,
  name: string
): number | undefined {
  const ds = plan.daemonSets.find(
    (d) =>
      d.namespace === namespace && d.name === name && d.change !== 'removed'
  )
  if (ds === undefined || !ds.rollout.triggered) return undefined
  return ds.rollout.estimatedSeconds
}

/**
 * Where the reviewed plan (--plan) and the live plan disagree, per
 * DaemonSet: whether the change rolls out, and how many nodes it covers
 * (the reviewed plan's snapshot may be stale). One sentence each; empty
 * when they agree or the reviewed plan is not a plan.
 */
export function compareWithReviewed(live: Plan, reviewed: unknown): string[] {
  if (typeof reviewed !== 'object' || reviewed === null) return []
  const daemonSets = (reviewed as { daemonSets?: unknown }).daemonSets
  if (!Array.isArray(daemonSets)) return []
  const out: string[] = []
  for (const item of daemonSets as DaemonSetPlan[]) {
    if (typeof item !== 'object' || item === null) continue
    if (item.change === 'removed') continue
    const key = `${item.namespace}/${item.name}`
    const now = live.daemonSets.find(
      (d) =>
        d.namespace === item.namespace &&
        d.name === item.name &&
        d.change !== 'removed'
    )
    if (now === undefined) continue
    const said = item.rollout?.triggered
    if (typeof said === 'boolean' && said !== now.rollout.triggered)
      out.push(
        `DaemonSet ${key}: the reviewed plan said ${said ? 'the change rolls out' : 'no pods are replaced'}, but against the live cluster ${now.rollout.triggered ? 'it rolls out' : 'no pods are replaced (the live template already matches)'}`
      )
    const desired = item.rollout?.desired
    if (
      typeof desired === 'number' &&
      now.rollout.desired !== undefined &&
      desired !== now.rollout.desired
    )
      out.push(
        `DaemonSet ${key}: the reviewed plan simulated ${desired} desired node(s), the live cluster has ${now.rollout.desired}: its snapshot is stale, so its waves and estimate may be off`
      )
  }
  return out
}

/** The reviewed plan's (--plan) estimate for one DaemonSet, when it has one. */
export function reviewedSeconds(
  reviewed: unknown,
  namespace: string,
  name: string
): number | undefined {
  if (typeof reviewed !== 'object' || reviewed === null) return undefined
  const daemonSets = (reviewed as { daemonSets?: unknown }).daemonSets
  if (!Array.isArray(daemonSets)) return undefined
  for (const item of daemonSets as DaemonSetPlan[]) {
    if (typeof item !== 'object' || item === null) continue
    if (item.namespace !== namespace || item.name !== name) continue
    if (item.change === 'removed') continue
    const s = item.rollout?.estimatedSeconds
    return typeof s === 'number' ? s : undefined
  }
  return undefined
}

/** What `block-on` can stop a run for. */
export type BlockOn = 'hang' | 'pending'
export const BLOCK_ON_VALUES: readonly BlockOn[] = ['hang', 'pending']

export interface LivePlanBlock {
  namespace: string
  name: string
  kind: BlockOn
  message: string
  /** What to do about it (next steps). */
  steps: string[]
}

/** Whether the live plan predicts that this DaemonSet's rollout hangs (R3.10). */
export function livePlanHangs(
  plan: Plan,
  namespace: string,
  name: string
): boolean {
  const ds = plan.daemonSets.find(
    (d) =>
      d.namespace === namespace && d.name === name && d.change !== 'removed'
  )
  return ds?.rollout.triggered === true && ds.rollout.stall !== undefined
}

function notReadyNodes(ds: DaemonSetPlan): NodeExclusion[] {
  return (ds.nodeDetail ?? [])
    .filter((n) => n.shouldRun && n.reasons.includes(R_NOT_READY))
    .map((n) => ({ node: n.name, reason: 'NotReady' as const, desired: true }))
}

/**
 * The live plan's predictions that `block-on` refuses to start with: a
 * rollout that hangs (R3.10), new pods that stay Pending (cannot be placed).
 */
export function livePlanBlocks(
  plan: Plan,
  blockOn: readonly BlockOn[]
): LivePlanBlock[] {
  const out: LivePlanBlock[] = []
  for (const ds of plan.daemonSets) {
    if (ds.change === 'removed' || !ds.rollout.triggered) continue
    const key = `${ds.namespace}/${ds.name}`
    const stall = ds.rollout.stall as
      { nodesLeft?: number; reason?: string } | undefined
    if (blockOn.includes('hang') && stall !== undefined) {
      const sick = notReadyNodes(ds)
      out.push({
        namespace: ds.namespace,
        name: ds.name,
        kind: 'hang',
        message: `The live plan predicts that the rollout of DaemonSet ${key} hangs with ${stall.nodesLeft ?? '?'} node(s) left on the old pod${sick.length > 0 ? ` (NotReady: ${sick.map((n) => n.node).join(', ')})` : ''}: ${stall.reason ?? ''}.`,
        steps: stuckNodeSteps(sick)
      })
    }
    const pending = (ds.nodeDetail ?? []).filter((n) => n.action === 'pending')
    if (blockOn.includes('pending') && pending.length > 0) {
      const names = pending.slice(0, 5).map((n) => n.name)
      out.push({
        namespace: ds.namespace,
        name: ds.name,
        kind: 'pending',
        message: `The live plan predicts that ${pending.length} new pod(s) of DaemonSet ${key} stay Pending (they cannot be placed on ${names.join(', ')}${pending.length > 5 ? ', ...' : ''}).`,
        steps: [
          `See what the node(s) run and request: kubectl describe node ${names.join(' ')}`,
          `Free room there, lower the DaemonSet's resource requests, or keep it off those nodes (nodeSelector/affinity); then re-run.`
        ]
      })
    }
  }
  return out
}
