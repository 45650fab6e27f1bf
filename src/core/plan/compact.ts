/**
 * The compact parts of the plan (schemaVersion 2): node outcomes grouped by
 * outcome with per-node detail only where it matters, and waves run-length
 * encoded. Pure.
 */
import type {
  NodeAction,
  NodeDetailScope,
  NodeOutcome,
  OutcomeGroup,
  Wave,
  WaveRun
} from './types.js'

/** The order outcome groups are listed in: what needs attention first. */
export const OUTCOME_ORDER: readonly NodeAction[] = [
  'pending',
  'delete',
  'create',
  'keep-misscheduled',
  'replace',
  'keep',
  'none'
]

const ROUTINE_ACTIONS: ReadonlySet<NodeAction> = new Set<NodeAction>([
  'replace',
  'keep',
  'none'
])

/** Marks a node the simulation found NotReady (outcomes.ts adds it to the reasons). */
export const NOT_READY_REASON =
  'the node is NotReady: a pod there does not become available'

/**
 * Whether a node's outcome is routine: its pod is replaced, kept or it runs
 * none, the head pod fits wherever it is placed, and the node is Ready.
 * Everything else (creates, deletes, Pending pods, misscheduled pods, pods
 * that would not fit, NotReady nodes) gets per-node detail in the plan.
 */
export function isRoutine(node: NodeOutcome): boolean {
  if (!ROUTINE_ACTIONS.has(node.action) || node.fits === false) return false
  const reasons = node.reasons
  for (let i = 0; i < reasons.length; i += 1)
    if (reasons[i] === NOT_READY_REASON) return false
  return true
}

export interface CompactOutcomes {
  outcomes: OutcomeGroup[]
  nodeDetail: NodeOutcome[]
}

/**
 * Per-node figures in a node's reasons (`memory: requests 256Mi, 99Mi free`,
 * `pods: 58 of 58 already on the node`): kept in `nodeDetail`, left out of
 * the group's `reason` so that nodes with the same problem share a group.
 */
const PER_NODE_FIGURES =
  /^(?:pods: \d+ of \S+ already on the node|[^:]+: requests [^,]+, \S+ free)$/

const ACTION_CODE: Record<NodeAction, number> = {
  create: 0,
  delete: 1,
  replace: 2,
  keep: 3,
  'keep-misscheduled': 4,
  pending: 5,
  none: 6
}
const POD_CODE: Record<NodeOutcome['before'], number> = {
  running: 0,
  pending: 1,
  none: 2
}

type Group = OutcomeGroup & { listed: boolean; first: number }

/** A group of an OutcomeGrouper, for `addTo`. */
export interface GroupRef {
  readonly count: number
}

/**
 * Collects nodes into outcome groups, one node at a time, without building
 * a string per node: reason lists are mostly shared frozen arrays, looked up
 * by identity. `named` says whether the node's name goes into its group's
 * `nodeNames` (groups of named and unnamed nodes are kept apart).
 */
export class OutcomeGrouper {
  private readonly byReasons = new Map<readonly string[], Map<number, Group>>()
  private readonly byText = new Map<string, Map<number, Group>>()
  private readonly groups: Group[] = []
  private lastReasons: readonly string[] | undefined
  private lastAction: NodeAction | undefined
  private lastBefore: NodeOutcome['before'] | undefined
  private lastAfter: NodeOutcome['after'] | undefined
  private lastNamed = false
  private lastGroup: Group | undefined

  add(
    name: string,
    action: NodeAction,
    before: NodeOutcome['before'],
    after: NodeOutcome['after'],
    reasons: readonly string[],
    named: boolean
  ): GroupRef {
    // Neighbouring nodes mostly share an outcome: the last group first
    // (the same reasons list and outcome always land in the same group).
    const last = this.lastGroup
    if (
      last !== undefined &&
      this.lastReasons === reasons &&
      this.lastAction === action &&
      this.lastBefore === before &&
      this.lastAfter === after &&
      this.lastNamed === named
    ) {
      last.count += 1
      if (last.nodeNames !== undefined) last.nodeNames.push(name)
      return last
    }
    const code =
      ((ACTION_CODE[action] * 3 + POD_CODE[before]) * 3 + POD_CODE[after]) * 2 +
      (named ? 1 : 0)
    let byCode = this.byReasons.get(reasons)
    let group = byCode?.get(code)
    if (group === undefined) {
      const reason = groupReason(reasons)
      let shared = this.byText.get(reason)
      if (shared === undefined) {
        shared = new Map()
        this.byText.set(reason, shared)
      }
      group = shared.get(code)
      if (group === undefined) {
        group = {
          action,
          before,
          after,
          reason,
          count: 0,
          listed: named,
          first: this.groups.length
        }
        if (named) group.nodeNames = []
        shared.set(code, group)
        this.groups.push(group)
      }
      // Remember the array only when it is shared (frozen): per-node arrays
      // would fill the map for nothing.
      if (Object.isFrozen(reasons)) {
        if (byCode === undefined) {
          byCode = new Map()
          this.byReasons.set(reasons, byCode)
        }
        byCode.set(code, group)
      }
    }
    this.lastReasons = reasons
    this.lastAction = action
    this.lastBefore = before
    this.lastAfter = after
    this.lastNamed = named
    this.lastGroup = group
    group.count += 1
    if (group.nodeNames !== undefined) group.nodeNames.push(name)
    return group
  }

  /**
   * One more node in a group `add` returned, for a caller that knows the
   * node's outcome is the one it added then (a shared verdict).
   */
  addTo(ref: GroupRef, name: string): void {
    const group = ref as Group
    group.count += 1
    if (group.nodeNames !== undefined) group.nodeNames.push(name)
  }

  /** The groups in OUTCOME_ORDER, named ones first, then by first node. */
  finish(): OutcomeGroup[] {
    const rank = new Map(OUTCOME_ORDER.map((a, i) => [a, i]))
    return [...this.groups]
      .sort(
        (a, b) =>
          rank.get(a.action)! - rank.get(b.action)! ||
          Number(b.listed) - Number(a.listed) ||
          a.first - b.first
      )
      .map(({ listed: _listed, first: _first, ...group }) => group)
  }
}

/** A group's reason: the node's reasons without per-node figures, joined with `; `. */
export function groupReason(reasons: readonly string[]): string {
  let out = ''
  for (let i = 0; i < reasons.length; i += 1) {
    const r = reasons[i]!
    if (PER_NODE_FIGURES.test(r)) continue
    out = out === '' ? r : `${out}; ${r}`
  }
  return out
}

/**
 * Groups nodes by (action, before, after, reason), in OUTCOME_ORDER and
 * then first appearance; names every node of a group that has a
 * non-routine node (all of them with scope `all`), and lists per-node
 * detail for the non-routine nodes (all with scope `all`).
 */
export function compactOutcomes(
  nodes: readonly NodeOutcome[],
  scope: NodeDetailScope = 'non-routine'
): CompactOutcomes {
  const all = scope === 'all'
  const grouper = new OutcomeGrouper()
  const nodeDetail: NodeOutcome[] = []
  for (let i = 0; i < nodes.length; i += 1) {
    const n = nodes[i]!
    const named = all || !isRoutine(n)
    grouper.add(n.name, n.action, n.before, n.after, n.reasons, named)
    if (named) nodeDetail.push(n)
  }
  return { outcomes: grouper.finish(), nodeDetail }
}

/** Run-length encodes waves: consecutive alike waves become one WaveRun. */
export function encodeWaves(waves: readonly Wave[]): WaveRun[] {
  const runs: WaveRun[] = []
  let at = 0
  for (const w of waves) {
    const start = w.startsAtSeconds ?? at
    const down = w.nodesDown ?? 0
    const last = runs[runs.length - 1]
    if (
      last !== undefined &&
      last.nodes === w.nodes &&
      last.estimatedSeconds === w.estimatedSeconds &&
      last.nodesDown === down &&
      last.startsAtSeconds + last.count * last.estimatedSeconds === start
    ) {
      last.count += 1
    } else {
      runs.push({
        count: 1,
        nodes: w.nodes,
        estimatedSeconds: w.estimatedSeconds,
        startsAtSeconds: start,
        nodesDown: down
      })
    }
    at = start + w.estimatedSeconds
  }
  return runs
}

/** The number of waves in run-length encoded waves. */
export function waveCount(runs: readonly WaveRun[]): number {
  let n = 0
  for (const r of runs) n += r.count
  return n
}

/**
 * The waves one by one from a plan's `rollout.waves`: v2 runs are expanded,
 * v1 waves (no `count`) are taken as they are.
 */
export function expandWaves(
  waves: readonly (WaveRun | Wave)[]
): Required<Wave>[] {
  const out: Required<Wave>[] = []
  let at = 0
  for (const w of waves) {
    const count = 'count' in w && typeof w.count === 'number' ? w.count : 1
    const start = w.startsAtSeconds ?? at
    for (let k = 0; k < count; k += 1) {
      out.push({
        nodes: w.nodes,
        estimatedSeconds: w.estimatedSeconds,
        startsAtSeconds: start + k * w.estimatedSeconds,
        nodesDown: w.nodesDown ?? 0
      })
    }
    at = start + count * w.estimatedSeconds
  }
  return out
}
