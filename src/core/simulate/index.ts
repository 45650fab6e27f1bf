import type { DaemonSet } from '../k8s/types.js'
import type { SourcePosition } from '../manifests/types.js'
import type { Finding, NodeOutcome, RolloutPlan } from '../plan/types.js'
import type { Snapshot } from '../snapshot/types.js'

/** Knobs for the estimate and the risk thresholds; every one has a default. */
export interface SimulationOptions {
  /** Seconds to pull an image when the template says nothing better. */
  pullSeconds?: number
  /** Seconds from container start to process start. */
  startSeconds?: number
  [key: string]: unknown
}

export interface DaemonSetSimulation {
  /** Merged into DaemonSetPlan.rollout (strategy, desired, maxUnavailable, maxSurge, waves, estimatedSeconds). */
  rollout: Partial<RolloutPlan>
  nodes: NodeOutcome[]
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
  snapshot: Snapshot
  options?: SimulationOptions
}

/**
 * Simulates one DaemonSet's change against a node snapshot.
 * Placeholder until the simulation lands: it reports nothing.
 */
export function simulateDaemonSet(
  _input: SimulationInput
): DaemonSetSimulation {
  return { rollout: {}, nodes: [], findings: [] }
}
