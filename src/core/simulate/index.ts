import type { DaemonSet } from '../k8s/types.js'
import type { SourcePosition } from '../manifests/types.js'
import type {
  Finding,
  NodeAction,
  NodeDetailScope,
  NodeOutcome,
  OutcomeGroup,
  RolloutPlan
} from '../plan/types.js'
import type { Snapshot } from '../snapshot/types.js'
import { simulationFindings } from './findings.js'
import { computeOutcomes } from './outcomes.js'
import { prepareSnapshot } from './prepared.js'
import {
  estimateDurations,
  planWaves,
  type DurationEstimate,
  type Stall,
  type WavePlan,
  type WaveWithTiming
} from './rollout.js'
import { resolveStrategy } from './strategy.js'
import { conformToShape } from '../diff/validate-shape.js'

export { SIMULATION_FINDING_CODES } from './findings.js'

/** Knobs for the estimate and the risk thresholds; every one has a default. */
export interface SimulationOptions {
  /** Seconds to pull a changed image (default 20). */
  pullSeconds?: number
  /** Seconds from pod creation to containers started (default 5). */
  startSeconds?: number
  /** Share of desired nodes above which maxUnavailable is flagged (default 0.25). */
  maxUnavailableShare?: number
  /** Estimated rollout seconds above which it is flagged as slow (default 3600). */
  slowRolloutSeconds?: number
  /** Evaluate Lt/Gt tolerations (TaintTolerationComparisonOperators, v1.35+; default false, R1.12). */
  tolerationComparisonOperators?: boolean
  /** Node names listed in one finding at most (default 10). */
  listLimit?: number
  [key: string]: unknown
}

/** What the simulation adds to RolloutPlan (all optional in the contract). */
export interface SimulatedRollout extends Omit<Partial<RolloutPlan>, 'waves'> {
  /** One entry per wave (the plan run-length encodes them, plan/compact.ts). */
  waves?: WaveWithTiming[]
  strategy?: 'RollingUpdate' | 'OnDelete'
  desired?: number
  maxUnavailable?: number
  maxSurge?: number
  /** The estimate if the never-available nodes are picked first (order is not deterministic, R3.10). */
  estimatedSecondsWorstCase?: number
  /** Most nodes without an available daemon pod at one time. */
  maxNodesDown?: number
  /** Desired nodes already unavailable before the rollout (R3.10). */
  unavailableAtStart?: number
  /** Set when the rollout stops before every node is replaced. */
  stall?: Stall
  /** Desired nodes that never get an available new pod (rollout status never succeeds). */
  neverAvailable?: number
  /** How one wave's duration is estimated. */
  durations?: DurationEstimate
  /** Node count per action. */
  actions?: Record<NodeAction, number>
  /** Whether `before` came from the snapshot's pods ("pods") or the base manifest ("manifest"). */
  beforeFrom?: 'pods' | 'manifest'
  /** Plain sentences about the rollout (budget, order, OnDelete, ...). */
  notes?: string[]
}

export interface DaemonSetSimulation {
  /** Merged into DaemonSetPlan.rollout (strategy, desired, maxUnavailable, maxSurge, waves, estimatedSeconds). */
  rollout: SimulatedRollout
  /** Every node (`nodeDetail` all, the default) or the non-routine ones. */
  nodes: NodeOutcome[]
  /** Every node, grouped by outcome. */
  outcomes: OutcomeGroup[]
  findings: Finding[]
}

export interface SimulationInput {
  /** The base manifest's DaemonSet; undefined when the change adds it. */
  base: DaemonSet | undefined
  /** The head manifest's DaemonSet; undefined when the change removes it. */
  head: DaemonSet | undefined
  /** Where head (or base, for a removal) is defined, for findings. */
  source: SourcePosition
  /** Whether the change replaces pods (from the diff, R4.3). */
  triggered: boolean
  /**
   * Whether the head template differs from the base one after normalisation
   * (the diff's verdict). When absent the raw templates are compared, which
   * also sees explicit defaults and key order.
   */
  templateChanged?: boolean
  snapshot: Snapshot
  options?: SimulationOptions
  /**
   * Which nodes get a NodeOutcome in `nodes` (default `all`); `outcomes`
   * groups every node either way.
   */
  nodeDetail?: NodeDetailScope
}

/** `stop 1s observed, pull 4s observed, ...` for the notes. */
function calibrationParts(d: DurationEstimate): string {
  const from = d.from
  if (from === undefined) return ''
  return (
    [
      ['stop', d.terminateSeconds, from.terminateSeconds],
      ['pull', d.newNodePullSeconds ?? d.pullSeconds, from.pullSeconds],
      ['start', d.startSeconds, from.startSeconds],
      ['ready', d.readySeconds, from.readySeconds]
    ] as const
  )
    .map(([what, s, source]) => `${what} ${s}s (${source})`)
    .join(', ')
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Simulates one DaemonSet's change against a node snapshot: placement per
 * node (R1.x), what happens on each node (R2.x), the rolling update in
 * waves (R3.x) and the risks. Pure; the snapshot's indexed form is computed
 * once and shared by every DaemonSet simulated against the same object.
 */
export function simulateDaemonSet(input: SimulationInput): DaemonSetSimulation {
  // Total over any JSON: fields of the wrong type are left out here, so the
  // engine below reads only the types it expects (validate-shape.ts).
  const base = input.base === undefined ? undefined : conformToShape(input.base)
  const head = input.head === undefined ? undefined : conformToShape(input.head)
  const { snapshot } = input
  const options = input.options ?? {}
  const prepared = prepareSnapshot(snapshot)
  const ref = head ?? base
  const triggered = input.triggered && head !== undefined
  // The strategy is resolved against desiredNumberScheduled (R3.1), which
  // placement gives; the outcomes only need to know whether surge is on,
  // and that is the same for every desired count >= 1 (R3.2 rounds up).
  const outcomes = computeOutcomes({
    base,
    head,
    triggered,
    strategy: resolveStrategy(ref?.spec, 1),
    prepared,
    comparisonOperators: options.tolerationComparisonOperators === true,
    nodeDetail: input.nodeDetail ?? 'all'
  })
  const strategy = resolveStrategy(ref?.spec, outcomes.desired)

  const actions = outcomes.actions

  const notes: string[] = []
  if (!outcomes.fromPods && base !== undefined) {
    notes.push(
      'The snapshot has no pods of this DaemonSet: "before" is where the base manifest would place its pods and whether they would fit now.'
    )
  }
  if (head !== undefined && strategy.rejected.length > 0) {
    // Reported once, as the diff's validation finding (R3.6); here only
    // what it means for the simulation below.
    notes.push(
      'The API server rejects this update strategy (R3.6, see the findings): the apply fails, so this rollout cannot happen until the strategy is fixed.'
    )
  }
  let waves: WavePlan | undefined
  let durations: DurationEstimate | undefined
  if (head !== undefined) {
    const observed = snapshot.timings?.find(
      (t) =>
        t.namespace === (head.metadata?.namespace ?? 'default') &&
        t.name === (head.metadata?.name ?? '')
    )
    durations = estimateDurations(base, head, strategy.surge, {
      pullSeconds: options.pullSeconds,
      startSeconds: options.startSeconds,
      ...(observed === undefined ? {} : { observed })
    })
    notes.push(
      observed === undefined
        ? 'Timing: documented defaults and the manifest (grace period, probes): the snapshot has no usable pod timestamps of this DaemonSet (docs/simulation.md, "Calibration").'
        : `Timing calibrated on ${observed.pods} pod(s) of this DaemonSet in the snapshot: ${calibrationParts(durations)} (docs/simulation.md, "Calibration").`
    )
  }
  const rolling =
    head !== undefined &&
    triggered &&
    strategy.type === 'RollingUpdate' &&
    strategy.errors.length === 0
  if (rolling && durations !== undefined) {
    waves = planWaves(outcomes.lanes, strategy, durations)
    waves.unavailableAtStart =
      outcomes.notReady.length +
      outcomes.unavailablePods.length +
      outcomes.lanes.create
    notes.push(
      'The controller picks nodes in no fixed order (R3.10): the waves say how many nodes, not which.'
    )
    const budgeted =
      outcomes.lanes.candidate +
      outcomes.lanes['candidate-stuck'] +
      outcomes.lanes['misscheduled-old']
    if (waves.unavailableAtStart > 0 && !strategy.surge && budgeted > 0) {
      notes.push(
        `${waves.unavailableAtStart} desired node(s) have no available daemon pod when the rollout starts (NotReady, unavailable pod, or a pod still to be created); they count against maxUnavailable (R3.9, R3.10).`
      )
    }
    if (strategy.fallback) {
      notes.push(
        'maxUnavailable and maxSurge both resolve to 0: the controller uses maxUnavailable 1 (R3.4).'
      )
    }
  } else if (head !== undefined && strategy.type === 'OnDelete' && triggered) {
    notes.push(
      'OnDelete: nothing rolls until pods are deleted; replacements and pods on new nodes use the new template (R3.14).'
    )
  } else if (head !== undefined && !triggered && base !== undefined) {
    notes.push('No template change: no pod is replaced (R4.3).')
  }
  // A new DaemonSet, or nodes newly eligible under OnDelete or without a
  // template change: manage creates those pods at once (R2.1).
  if (waves === undefined && head !== undefined && durations !== undefined) {
    const creates = actions.create + actions.pending
    if (creates > 0) {
      // Every created pod pulls the image: its node never ran the daemon.
      const up =
        durations.waveSeconds -
        (strategy.surge ? 0 : durations.terminateSeconds) -
        durations.pullSeconds +
        (durations.newNodePullSeconds ?? durations.pullSeconds)
      waves = {
        waves: [
          {
            nodes: creates,
            estimatedSeconds: up,
            startsAtSeconds: 0,
            nodesDown: creates
          }
        ],
        estimatedSeconds: up,
        estimatedSecondsWorstCase: up,
        maxNodesDown: creates,
        unavailableAtStart: 0,
        neverAvailable: actions.pending
      }
    }
  }

  const findings = simulationFindings({
    base,
    head,
    source: input.source,
    triggered,
    templateChanged:
      head !== undefined &&
      (input.templateChanged ??
        (base === undefined ||
          !sameJson(base.spec?.template, head.spec?.template))),
    strategy,
    outcomes,
    waves: rolling ? waves : undefined,
    fleetSize: snapshot.nodes.length,
    maxUnavailableShare: options.maxUnavailableShare ?? 0.25,
    slowRolloutSeconds: options.slowRolloutSeconds ?? 3600,
    listLimit: options.listLimit ?? 10
  })

  const rollout: SimulatedRollout = {
    strategy: strategy.type,
    desired: outcomes.desired,
    maxUnavailable: strategy.maxUnavailable,
    maxSurge: strategy.maxSurge,
    waves: waves?.waves ?? [],
    estimatedSeconds: waves?.estimatedSeconds ?? 0,
    estimatedSecondsWorstCase: waves?.estimatedSecondsWorstCase ?? 0,
    maxNodesDown: waves?.maxNodesDown ?? 0,
    unavailableAtStart: waves?.unavailableAtStart ?? 0,
    actions,
    beforeFrom: outcomes.fromPods ? 'pods' : 'manifest',
    notes
  }
  if (durations !== undefined) rollout.durations = durations
  if (waves?.stall !== undefined) rollout.stall = waves.stall
  if (waves !== undefined && waves.neverAvailable > 0)
    rollout.neverAvailable = waves.neverAvailable
  return {
    rollout,
    nodes: outcomes.nodes,
    outcomes: outcomes.groups,
    findings
  }
}
