import type { ManifestObject } from '../manifests/types.js'
import type { SimulationOptions } from '../simulate/index.js'
import type { Snapshot } from '../snapshot/types.js'
import { PLAN_SCHEMA_VERSION, type Plan } from './types.js'

export interface PlanInput {
  /** Objects of the base version (empty when everything is new). */
  base: ManifestObject[]
  /** Objects of the head version. */
  head: ManifestObject[]
  /** When given, every DaemonSet is simulated against it. */
  snapshot?: Snapshot
  simulation?: SimulationOptions
}

/**
 * Diffs base and head and, with a snapshot, simulates each DaemonSet.
 * Placeholder until the diff lands.
 */
export function buildPlan(_input: PlanInput): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    summary: {
      daemonSets: 0,
      changed: 0,
      rollouts: 0,
      errors: 0,
      warnings: 0,
      infos: 0,
      highestSeverity: 'none'
    },
    daemonSets: [],
    findings: []
  }
}
