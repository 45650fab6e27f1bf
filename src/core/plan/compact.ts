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
  // Reason arrays are mostly shared frozen lists: join each one once.
  const joined = new Map<readonly string[], string>()
  const groups = new Map<string, OutcomeGroup & { listed: boolean }>()
  const nodeDetail: NodeOutcome[] = []
  for (let i = 0; i < nodes.length; i += 1) {
    const n = nodes[i]!
    let reason = joined.get(n.reasons)
    if (reason === undefined) {
      reason = n.reasons.join('; ')
      joined.set(n.reasons, reason)
    }
    const routine = !all && isRoutine(n)
    // Routine and non-routine nodes never share a group (a group is named
    // or not as a whole).
    const key = `${n.action}\u0000${n.before}\u0000${n.after}\u0000${routine ? 'r' : 'n'}\u0000${reason}`
    let group = groups.get(key)
    if (group === undefined) {
      group = {
        action: n.action,
        before: n.before,
        after: n.after,
        reason,
        count: 0,
        listed: !routine
      }
      if (!routine) group.nodeNames = []
      groups.set(key, group)
    }
    group.count += 1
    if (group.nodeNames !== undefined) group.nodeNames.push(n.name)
    if (!routine) nodeDetail.push(n)
  }
  const rank = new Map(OUTCOME_ORDER.map((a, i) => [a, i]))
  const outcomes = [...groups.values()]
    .map((g, i) => ({ g, i }))
    .sort(
      (a, b) =>
        rank.get(a.g.action)! - rank.get(b.g.action)! ||
        Number(b.g.listed) - Number(a.g.listed) ||
        a.i - b.i
    )
    .map(({ g }) => {
      const { listed: _listed, ...group } = g
      return group
    })
  return { outcomes, nodeDetail }
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
