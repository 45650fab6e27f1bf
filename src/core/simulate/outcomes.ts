/**
 * Per-node outcome of a DaemonSet change (R2.1-R2.4): what the controller
 * does on each node for the head template, given the pods it has now.
 * Also sorts each node into the "lane" the rollout model needs (R3.9-R3.11).
 */
import type { Placement } from '../k8s/daemon-placement.js'
import type { DaemonSet } from '../k8s/types.js'
import {
  NOT_READY_REASON,
  OutcomeGrouper,
  type GroupRef
} from '../plan/compact.js'
import type {
  NodeAction,
  NodeDetailScope,
  NodeOutcome,
  OutcomeGroup,
  PodState
} from '../plan/types.js'
import type { SnapshotDaemonPod } from '../snapshot/types.js'
import { PORTS_REASON } from './fit.js'
import {
  fitOnNode,
  podDemand,
  type FitResult,
  type PodDemand
} from './node-fit.js'
import { dsKey, type PreparedNode, type PreparedSnapshot } from './prepared.js'
import type { ResolvedStrategy } from './strategy.js'

/**
 * How a node takes part in the rolling update:
 * - `done`: nothing to roll (current pod available, or no pod wanted);
 * - `create`: a new pod is created by manage at once, unavailable until ready;
 * - `broken-old`: the old pod is not available; replaced at once outside the budget (R3.9, R3.11);
 * - `candidate`: old available pod, replaced within the budget;
 * - `candidate-stuck`: like candidate, but the new pod will never become available;
 * - `stuck`: unavailable for the whole rollout (NotReady node, pending or unready pod), no old pod left;
 * - `stuck-old`: like stuck, but an old pod is there next to its never-available replacement (counts as surge in flight, R3.11);
 * - `misscheduled-old`: available old pod on a (false, true) node; deleted within the budget, not recreated (R2.4);
 * - `misscheduled-broken`: the same with an unavailable pod: deleted at once, outside the budget (R3.9, R3.11);
 * - `keep`: nothing changes for the rollout (OnDelete, untriggered).
 */
export type Lane =
  | 'done'
  | 'create'
  | 'broken-old'
  | 'candidate'
  | 'candidate-stuck'
  | 'stuck'
  | 'stuck-old'
  | 'misscheduled-old'
  | 'misscheduled-broken'
  | 'keep'

export type LaneCounts = Record<Lane, number>

export function emptyLaneCounts(): LaneCounts {
  return {
    done: 0,
    create: 0,
    'broken-old': 0,
    candidate: 0,
    'candidate-stuck': 0,
    stuck: 0,
    'stuck-old': 0,
    'misscheduled-old': 0,
    'misscheduled-broken': 0,
    keep: 0
  }
}

export interface OutcomeContext {
  base: DaemonSet | undefined
  head: DaemonSet | undefined
  triggered: boolean
  strategy: ResolvedStrategy
  prepared: PreparedSnapshot
  comparisonOperators: boolean
  /**
   * Which nodes get a NodeOutcome in `nodes` (default `all`); with
   * `non-routine` the routine ones are only counted in `groups`, which
   * spares a large fleet one object per node and DaemonSet.
   */
  nodeDetail?: NodeDetailScope
}

export interface OutcomeResult {
  /** Every node (scope `all`) or the non-routine ones, in snapshot order. */
  nodes: NodeOutcome[]
  /** Every node, grouped by outcome (plan/compact.ts). */
  groups: OutcomeGroup[]
  /** Node count per action. */
  actions: Record<NodeAction, number>
  /** How many nodes are in each lane. */
  lanes: LaneCounts
  /** shouldRun nodes for the head (desiredNumberScheduled, R3.1). */
  desired: number
  /** Whether `before` came from the snapshot's pods (else from the base manifest). */
  fromPods: boolean
  /** shouldRun nodes whose node is NotReady. */
  notReady: string[]
  /** shouldRun nodes whose current pod is already unavailable (pending or not Ready). */
  unavailablePods: string[]
  /** Pods not at the live current revision although the change does not trigger a rollout. */
  behindRevision: number
  /** Nodes where the new pod needs room next to the old one and does not get it (surge window). */
  surgeWindowBlocked: string[]
  /**
   * The part of surgeWindowBlocked where the only obstacle is a host port the
   * old pod holds (R3.15); the diff's `host-port-with-surge` covers those.
   */
  surgeWindowPortsOnly: string[]
}

// Shared, frozen reason lists for the common outcomes (a 65k-node fleet
// would otherwise allocate one array per node and DaemonSet).
const frozen = (...r: string[]): readonly string[] => Object.freeze(r)
const R_REMOVED = frozen(
  'the DaemonSet is removed: its pods are garbage-collected'
)
const R_CREATE = frozen('should run here and has no daemon pod: one is created')
const R_ON_DELETE = frozen(
  'OnDelete: the old pod keeps running until something deletes it (R3.14)'
)
const R_REPLACE = frozen('the pod runs an old template: it is replaced')
const R_REPLACE_BROKEN = frozen(
  'the pod runs an old template and is not available: it is replaced at once, outside the budget (R3.9)'
)
const R_KEEP = frozen('the pod is already up to date')
const R_STATUS_UNKNOWN =
  'fit unknown: the node has not reported its status (allocatable, conditions) yet; it is joining the cluster'
const R_KEEP_PENDING = frozen('the existing pod is Pending and stays so')
const R_MISSCHEDULED_DELETE =
  'the pod is kept by manage (shouldContinueRunning) but the rolling update replaces old pods and does not recreate it here (R2.4)'
const R_MISSCHEDULED_KEEP =
  'the existing pod keeps running (shouldContinueRunning) and is counted as misscheduled (R2.4)'
const R_DELETE = 'the controller deletes the daemon pod here'
const R_NO_NEW_POD =
  'no new pod is placed on a node with an untolerated NoSchedule taint'
export const R_NOT_READY = NOT_READY_REASON
const NO_PODS: readonly SnapshotDaemonPod[] = Object.freeze([])

function podState(pods: readonly SnapshotDaemonPod[]): PodState {
  if (pods.length === 0) return 'none'
  for (let i = 0; i < pods.length; i += 1)
    if (pods[i]!.phase === 'Running') return 'running'
  return 'pending'
}

/**
 * What one node's outcome is for one DaemonSet, without the node's name:
 * a pure function of its placement, its class (prepared.ts, NodeClasses)
 * and the DaemonSet, so nodes of one class with the same placement share it.
 */
interface NodeVerdict {
  action: NodeAction
  /** Position of `action` in ACTIONS, of `lane` in LANES. */
  actionIndex: number
  laneIndex: number
  before: PodState
  after: PodState
  /** As the plan says it (null when the fit is unknown). */
  fits: boolean | null
  fitUnknown: boolean
  lane: Lane
  reasons: readonly string[]
  /** Non-routine: listed by name whatever the detail scope. */
  named: boolean
  /** The outcome group of a shared verdict, once a node of it was grouped. */
  group?: GroupRef | undefined
  shouldRun: boolean
  shouldContinueRunning: boolean
  notReady: boolean
  unavailablePod: boolean
  behindRevision: boolean
  surgeWindowBlocked: boolean
  surgeWindowPortsOnly: boolean
}

/** What stays the same for every node of one DaemonSet's simulation. */
interface DaemonSetFacts {
  head: DaemonSet | undefined
  triggered: boolean
  rolling: boolean
  surge: boolean
  fromPods: boolean
  currentHash: string | undefined
  headDemand: PodDemand
  baseDemand: PodDemand | undefined
  prepared: PreparedSnapshot
}

/**
 * Classes are worth it only when many nodes share one; `off` and `on` are
 * for tests that hold the grouped path to the node-by-node one.
 */
export type NodeClassUse = 'auto' | 'off'

/** Computes every node's outcome for one DaemonSet. */
export function computeOutcomes(
  ctx: OutcomeContext,
  classUse: NodeClassUse = 'auto'
): OutcomeResult {
  const { base, head, triggered, strategy, prepared } = ctx
  const ref = head ?? base
  const key = dsKey(
    ref?.metadata?.namespace ?? 'default',
    ref?.metadata?.name ?? ''
  )
  const live = prepared.daemonSets.get(key)
  const fromPods = prepared.withPods.has(key) || live !== undefined
  const options = { comparisonOperators: ctx.comparisonOperators }
  const headSpec = head?.spec?.template?.spec
  const headPlace =
    head === undefined ? undefined : prepared.placement(headSpec, options)
  const basePlace =
    base === undefined || fromPods
      ? undefined
      : prepared.placement(base.spec?.template?.spec, options)
  const baseDemand =
    basePlace === undefined ? undefined : podDemand(base?.spec?.template?.spec)
  const rolling = strategy.type === 'RollingUpdate'
  const facts: DaemonSetFacts = {
    head,
    triggered,
    rolling,
    surge: rolling && strategy.surge,
    fromPods,
    currentHash: live?.currentRevisionHash,
    headDemand: podDemand(headSpec),
    baseDemand,
    prepared
  }

  const all = (ctx.nodeDetail ?? 'all') === 'all'
  const nodes: NodeOutcome[] = []
  const grouper = new OutcomeGrouper()
  const actions: Record<NodeAction, number> = {
    create: 0,
    delete: 0,
    replace: 0,
    keep: 0,
    'keep-misscheduled': 0,
    pending: 0,
    none: 0
  }
  const lanes = emptyLaneCounts()
  // Counted by index in the loop, into `actions` and `lanes` after it.
  const actionCounts = new Int32Array(ACTIONS.length)
  const laneCounts = new Int32Array(LANES.length)
  const notReady: string[] = []
  const unavailablePods: string[] = []
  const surgeWindowBlocked: string[] = []
  const surgeWindowPortsOnly: string[] = []
  let desired = 0
  let behindRevision = 0

  const podsOf = prepared.podsByDaemonSet.get(key)
  const preparedNodes = prepared.nodes
  const classes = classUse === 'off' ? undefined : prepared.classes()
  // Verdicts per (placement, base placement, class); placements are
  // shared objects (daemon-placement.ts), so few distinct keys.
  const memo = new Map<Placement, Map<Placement | undefined, NodeVerdict[]>>()
  // The placements asked last and their verdicts by class.
  let lastPlace: Placement | undefined
  let lastBase: Placement | undefined
  let lastByClass: NodeVerdict[] = []
  const fitsMemo = new VerdictWhenFits()
  const scratch = emptyVerdict()
  for (let index = 0; index < preparedNodes.length; index += 1) {
    const pn = preparedNodes[index]!
    const node = pn.node
    const place = headPlace === undefined ? REMOVED : headPlace.of(index)
    const bp = basePlace === undefined ? undefined : basePlace.of(index)
    let verdict: NodeVerdict | undefined
    if (classes === undefined) {
      const own = podsOf?.[index] ?? NO_PODS
      // Node by node, but a node where every fit the verdict reads passes
      // shares its verdict with the nodes of the same placement, pods and
      // readiness (verdictWhenFits).
      verdict =
        classUse === 'off'
          ? undefined
          : fitsMemo.lookup(facts, pn, own, place, bp)
      // Otherwise one scratch verdict, rewritten for each node.
      verdict ??= nodeVerdict(
        facts,
        pn,
        own,
        place,
        bp,
        scratch,
        classUse === 'off' ? NO_KNOWN_FITS : fitsMemo.known
      )
    } else {
      let byClass: NodeVerdict[]
      if (place === lastPlace && bp === lastBase) byClass = lastByClass
      else {
        const byBase = innerMap(memo, place)
        let found = byBase.get(bp)
        if (found === undefined) {
          found = new Array<NodeVerdict>(classes.count)
          byBase.set(bp, found)
        }
        byClass = found
        lastPlace = place
        lastBase = bp
        lastByClass = byClass
      }
      const id = classes.ids[index]!
      verdict = byClass[id]
      if (verdict === undefined) {
        verdict = nodeVerdict(
          facts,
          pn,
          podsOf?.[index] ?? NO_PODS,
          place,
          bp,
          emptyVerdict()
        )
        // Frozen: shared by the class's nodes, and the grouper then
        // recognises the list by identity.
        Object.freeze(verdict.reasons)
        byClass[id] = verdict
      }
    }
    if (verdict.shouldRun) {
      desired += 1
      if (verdict.notReady) notReady.push(node.name)
      else if (verdict.unavailablePod) unavailablePods.push(node.name)
    }
    if (verdict.behindRevision) behindRevision += 1
    if (verdict.surgeWindowBlocked) {
      surgeWindowBlocked.push(node.name)
      if (verdict.surgeWindowPortsOnly) surgeWindowPortsOnly.push(node.name)
    }
    const named = all || verdict.named
    // A shared verdict (class or fits memo) lands in the same group every
    // time: remembered on it. The scratch verdict changes node to node.
    if (verdict.group !== undefined) grouper.addTo(verdict.group, node.name)
    else {
      const group = grouper.add(
        node.name,
        verdict.action,
        verdict.before,
        verdict.after,
        verdict.reasons,
        named
      )
      if (verdict !== scratch) verdict.group = group
    }
    actionCounts[verdict.actionIndex]! += 1
    if (named) {
      const outcome: NodeOutcome = {
        name: node.name,
        shouldRun: verdict.shouldRun,
        shouldContinueRunning: verdict.shouldContinueRunning,
        fits: verdict.fits,
        before: verdict.before,
        after: verdict.after,
        action: verdict.action,
        reasons: verdict.reasons as string[]
      }
      if (verdict.fitUnknown) outcome.fitUnknown = true
      nodes.push(outcome)
    }
    laneCounts[verdict.laneIndex]! += 1
  }
  ACTIONS.forEach((a, i) => (actions[a] += actionCounts[i]!))
  LANES.forEach((l, i) => (lanes[l] += laneCounts[i]!))
  return {
    nodes,
    groups: grouper.finish(),
    actions,
    lanes,
    desired,
    fromPods,
    notReady,
    unavailablePods,
    behindRevision,
    surgeWindowBlocked,
    surgeWindowPortsOnly
  }
}

/**
 * Verdicts of nodes where every fit the verdict reads passes. nodeVerdict
 * reads a node only through its readiness, whether its status is unknown,
 * its pods of the DaemonSet and the fits (fitOnNode: head pod, head pod
 * next to the old one in the surge window, base pod); a fit that passes is
 * the one shared FITS result. So when all of them pass, the verdict is a
 * function of (placement, base placement, own pods, readiness, status),
 * and placements and pod lists are shared objects: most nodes of a fleet
 * whose nodes all differ in free room meet a verdict computed before. A
 * node where any fit fails (its reasons name its own figures) returns
 * undefined and is computed on its own.
 */
class VerdictWhenFits {
  /**
   * The fits worked out for the node looked up last: a node that misses
   * (a fit fails) is then computed with them, not again.
   */
  readonly known: KnownFits = {}
  private readonly byPlace = new Map<
    Placement,
    Map<
      Placement | undefined,
      Map<readonly SnapshotDaemonPod[], (NodeVerdict | undefined)[]>
    >
  >()

  // The key asked last and its verdicts (neighbouring nodes mostly share one).
  private lastPlace: Placement | undefined
  private lastBase: Placement | undefined
  private lastOwn: readonly SnapshotDaemonPod[] | undefined
  private lastByState: (NodeVerdict | undefined)[] = []

  private byStateOf(
    place: Placement,
    bp: Placement | undefined,
    own: readonly SnapshotDaemonPod[]
  ): (NodeVerdict | undefined)[] {
    const byPods = innerMap(innerMap(this.byPlace, place), bp)
    let byState = byPods.get(own)
    if (byState === undefined) {
      byState = [undefined, undefined, undefined, undefined]
      byPods.set(own, byState)
    }
    return byState
  }

  lookup(
    facts: DaemonSetFacts,
    pn: PreparedNode,
    own: readonly SnapshotDaemonPod[],
    place: Placement,
    bp: Placement | undefined
  ): NodeVerdict | undefined {
    const { head, prepared } = facts
    const known = this.known
    known.head = undefined
    known.window = undefined
    known.base = undefined
    if (head !== undefined && place.shouldRun) {
      known.head = fitOnNode(facts.headDemand, pn, own, false, prepared)
      if (!known.head.fits) return undefined
      if (facts.surge && own.length > 0) {
        known.window = fitOnNode(facts.headDemand, pn, own, true, prepared)
        if (!known.window.fits) return undefined
      }
    }
    if (
      !facts.fromPods &&
      bp !== undefined &&
      bp.shouldRun &&
      facts.baseDemand !== undefined
    ) {
      known.base = fitOnNode(facts.baseDemand, pn, own, false, prepared)
      if (!known.base.fits) return undefined
    }
    let byState: (NodeVerdict | undefined)[]
    if (
      place === this.lastPlace &&
      bp === this.lastBase &&
      own === this.lastOwn
    )
      byState = this.lastByState
    else {
      byState = this.byStateOf(place, bp, own)
      this.lastPlace = place
      this.lastBase = bp
      this.lastOwn = own
      this.lastByState = byState
    }
    const state = (pn.ready ? 1 : 0) + (pn.node.statusUnknown === true ? 2 : 0)
    let verdict = byState[state]
    if (verdict === undefined) {
      verdict = nodeVerdict(facts, pn, own, place, bp, emptyVerdict(), known)
      Object.freeze(verdict.reasons)
      byState[state] = verdict
    }
    return verdict
  }
}

/**
 * The map under `key` in `map`, made and stored first when there is none.
 * (No factory callback: a closure per call would vary the call target in
 * the per-node loop and cost its optimised code.)
 */
function innerMap<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key)
  if (inner === undefined) {
    inner = new Map()
    map.set(key, inner)
  }
  return inner
}

/** Fits of one node already worked out (undefined: not yet). */
interface KnownFits {
  head?: FitResult | undefined
  window?: FitResult | undefined
  base?: FitResult | undefined
}

const NO_KNOWN_FITS: KnownFits = Object.freeze({})

const REMOVED: Placement = Object.freeze({
  shouldRun: false,
  shouldContinueRunning: false,
  reasons: Object.freeze(['the DaemonSet is removed']) as readonly string[]
})

const ACTIONS: readonly NodeAction[] = [
  'create',
  'delete',
  'replace',
  'keep',
  'keep-misscheduled',
  'pending',
  'none'
]
const LANES = Object.keys(emptyLaneCounts()) as Lane[]
const ACTION_INDEX = Object.fromEntries(
  ACTIONS.map((a, i) => [a, i])
) as Record<NodeAction, number>
const LANE_INDEX = Object.fromEntries(LANES.map((l, i) => [l, i])) as Record<
  Lane,
  number
>

function emptyVerdict(): NodeVerdict {
  return {
    action: 'none',
    actionIndex: ACTION_INDEX.none,
    laneIndex: LANE_INDEX.done,
    before: 'none',
    after: 'none',
    fits: null,
    fitUnknown: false,
    lane: 'done',
    reasons: REMOVED.reasons,
    named: false,
    shouldRun: false,
    shouldContinueRunning: false,
    notReady: false,
    unavailablePod: false,
    behindRevision: false,
    surgeWindowBlocked: false,
    surgeWindowPortsOnly: false,
    // Present from the start: every verdict keeps one object shape.
    group: undefined
  }
}

/** One node's outcome (R2.1-R2.4) and lane (R3.9-R3.11), written into `into`. */
function nodeVerdict(
  facts: DaemonSetFacts,
  pn: PreparedNode,
  own: readonly SnapshotDaemonPod[],
  place: Placement,
  bp: Placement | undefined,
  into: NodeVerdict,
  known: KnownFits = NO_KNOWN_FITS
): NodeVerdict {
  const { head, triggered, rolling, surge, fromPods, currentHash, prepared } =
    facts
  const headDemand = facts.headDemand
  const node = pn.node
  // before
  let before: PodState
  if (fromPods) {
    before = podState(own)
  } else if (bp !== undefined && facts.baseDemand !== undefined) {
    before = !bp.shouldRun
      ? 'none'
      : (known.base ?? fitOnNode(facts.baseDemand, pn, own, false, prepared))
            .fits
        ? 'running'
        : 'pending'
  } else {
    before = 'none'
  }
  const hasPod = before !== 'none'
  let anyReady = false
  let anyCurrent = false
  for (let i = 0; i < own.length; i += 1) {
    const p = own[i]!
    if (p.ready) anyReady = true
    if (p.revisionHash === currentHash) anyCurrent = true
  }
  const podAvailable = pn.ready && (fromPods ? anyReady : before === 'running')
  const podIsOld =
    hasPod &&
    (triggered || (fromPods && currentHash !== undefined && !anyCurrent))

  let action: NodeAction
  let after: PodState
  let fits: boolean | null = null
  let lane: Lane = 'done'
  let reasons: readonly string[] = place.reasons
  let surgeWindowBlocked = false
  let surgeWindowPortsOnly = false

  if (head === undefined) {
    action = hasPod ? 'delete' : 'none'
    after = 'none'
    if (hasPod) reasons = R_REMOVED
  } else if (place.shouldRun && !hasPod) {
    // R2.1 row 1: create.
    const fit = known.head ?? fitOnNode(headDemand, pn, own, false, prepared)
    fits = fit.fits
    after = fit.fits ? 'running' : 'pending'
    action = fit.fits ? 'create' : 'pending'
    reasons = fit.fits ? R_CREATE : pendingReasons('the new pod', fit)
    lane = !fit.fits || !pn.ready ? 'stuck' : 'create'
  } else if (place.shouldContinueRunning && hasPod) {
    if (place.shouldRun) {
      if (podIsOld && triggered) {
        // Replacement of the old pod.
        const fit =
          known.head ?? fitOnNode(headDemand, pn, own, false, prepared)
        let window: FitResult | undefined
        if (surge)
          window =
            known.window ?? fitOnNode(headDemand, pn, own, true, prepared)
        const ok = fit.fits && (window === undefined || window.fits)
        fits = ok
        if (!rolling) {
          action = 'keep'
          after = before
          lane = 'keep'
          reasons = fit.fits
            ? R_ON_DELETE
            : [...R_ON_DELETE, ...pendingReasons('its replacement', fit)]
        } else {
          after = ok ? 'running' : 'pending'
          action = ok ? 'replace' : 'pending'
          if (ok) {
            reasons = podAvailable ? R_REPLACE : R_REPLACE_BROKEN
          } else if (!fit.fits) {
            reasons = pendingReasons('the new pod', fit)
          } else {
            surgeWindowBlocked = true
            const blockers = (window as FitResult).reasons
            if (blockers.length === 1 && blockers[0] === PORTS_REASON)
              surgeWindowPortsOnly = true
            reasons = [
              ...pendingReasons(
                'during the surge the new pod, next to the old one,',
                window as FitResult
              ),
              'the old pod is not deleted while the new one is Pending: this node blocks the rollout (R3.11, R3.15)'
            ]
          }
          if (!podAvailable) lane = ok && pn.ready ? 'broken-old' : 'stuck-old'
          else lane = ok && pn.ready ? 'candidate' : 'candidate-stuck'
        }
      } else {
        action = 'keep'
        after = before
        lane = podAvailable ? 'done' : 'stuck'
        const fit =
          known.head ?? fitOnNode(headDemand, pn, own, false, prepared)
        fits = fit.fits
        reasons = before === 'pending' ? R_KEEP_PENDING : R_KEEP
        if (!fit.fits && before === 'running')
          reasons = [
            ...reasons,
            `a re-created pod would not fit (${fit.reasons.join(', ')})`
          ]
      }
    } else if (podIsOld && triggered && rolling) {
      // R2.4: the rolling update may pick it and then does not recreate it.
      action = 'delete'
      after = 'none'
      lane = podAvailable ? 'misscheduled-old' : 'misscheduled-broken'
      reasons = [...reasons, R_MISSCHEDULED_DELETE]
    } else {
      action = 'keep-misscheduled'
      after = before
      lane = 'keep'
      reasons = [...reasons, R_MISSCHEDULED_KEEP]
    }
  } else if (hasPod) {
    // R2.1 row 3: shouldContinueRunning false.
    action = 'delete'
    after = 'none'
    reasons = [...reasons, R_DELETE]
  } else {
    action = 'none'
    after = 'none'
    if (place.shouldContinueRunning && !place.shouldRun) {
      reasons = [...reasons, R_NO_NEW_POD]
    }
  }
  const downNode = place.shouldRun && !pn.ready
  if (downNode) {
    reasons = [...reasons, R_NOT_READY]
    // A new pod bound to a NotReady node is never started by its kubelet:
    // it stays Pending, whatever the fit (R1.16). The action stays what
    // the controller does (create, replace); only the outcome differs.
    if ((action === 'create' || action === 'replace') && after === 'running')
      after = 'pending'
  }
  // A joining node (no status yet): not Ready, fit unknown.
  const statusUnknown = node.statusUnknown === true && fits !== null
  if (statusUnknown) reasons = [...reasons, R_STATUS_UNKNOWN]
  into.action = action
  into.actionIndex = ACTION_INDEX[action]
  into.laneIndex = LANE_INDEX[lane]
  into.before = before
  into.after = after
  into.fits = statusUnknown ? null : fits
  into.fitUnknown = statusUnknown
  into.lane = lane
  into.reasons = reasons
  // Routine (plan/compact.ts isRoutine): replaced, kept or none, fits, Ready.
  into.named =
    downNode ||
    statusUnknown ||
    fits === false ||
    (action !== 'replace' && action !== 'keep' && action !== 'none')
  into.shouldRun = place.shouldRun
  into.shouldContinueRunning = place.shouldContinueRunning
  into.notReady = place.shouldRun && !pn.ready
  into.unavailablePod = place.shouldRun && pn.ready && hasPod && !podAvailable
  into.behindRevision = hasPod && !triggered && podIsOld
  into.surgeWindowBlocked = surgeWindowBlocked
  into.surgeWindowPortsOnly = surgeWindowPortsOnly
  return into
}

/**
 * `what stays Pending: <reasons>` and the fit's details: one frozen list per
 * failing fit (shared by the nodes whose figures read the same, node-fit.ts)
 * and subject.
 */
function pendingReasons(what: string, fit: FitResult): readonly string[] {
  let bySubject = PENDING_REASONS.get(fit)
  if (bySubject === undefined) {
    bySubject = new Map()
    PENDING_REASONS.set(fit, bySubject)
  }
  let reasons = bySubject.get(what)
  if (reasons === undefined) {
    reasons = Object.freeze([pendingHead(what, fit.reasons), ...fit.details])
    bySubject.set(what, reasons)
  }
  return reasons
}

const PENDING_REASONS = new WeakMap<FitResult, Map<string, readonly string[]>>()

// `the new pod stays Pending: Insufficient memory`: one string per subject
// and reason, shared by the nodes it is said of (the grouper, the findings
// and the redaction then meet the same string again).
const PENDING_HEADS = new Map<string, Map<string, string>>()

function pendingHead(what: string, reasons: readonly string[]): string {
  const joined = reasons.length === 1 ? reasons[0]! : reasons.join(', ')
  let byReason = PENDING_HEADS.get(what)
  if (byReason === undefined) {
    byReason = new Map()
    PENDING_HEADS.set(what, byReason)
  }
  let head = byReason.get(joined)
  if (head === undefined) {
    head = `${what} stays Pending: ${joined}`
    if (byReason.size >= 1000) byReason.clear()
    byReason.set(joined, head)
  }
  return head
}
