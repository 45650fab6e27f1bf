import { redactDeep } from '../redact/policy.js'
import { diffDaemonSets } from '../diff/diff-daemonsets.js'
import type { ManifestObject } from '../manifests/types.js'
import {
  compactOutcomes,
  encodeWaves,
  isRoutine,
  waveCount
} from './compact.js'
import {
  simulateDaemonSet,
  type DaemonSetSimulation,
  type SimulationOptions
} from '../simulate/index.js'
import type { Snapshot } from '../snapshot/types.js'
import {
  PLAN_SCHEMA_VERSION,
  type DaemonSetPlan,
  type NodeDetailScope,
  type NodeOutcome,
  type OutcomeGroup,
  type RolloutPlan,
  type Finding,
  type Plan,
  type PlanSummary,
  type Severity
} from './types.js'

export interface PlanInput {
  /** Objects of the base version (empty when everything is new). */
  base: ManifestObject[]
  /** Objects of the head version. */
  head: ManifestObject[]
  /** When given, every DaemonSet is simulated against it. */
  snapshot?: Snapshot
  simulation?: SimulationOptions
  /**
   * False when the caller had no base to compare against (none given, none
   * found): the plan says so (`baseCompared: false`, finding
   * `no-base-compared`). Default true.
   */
  baseCompared?: boolean
  /** Which nodes get per-node detail (default `non-routine`; `all` with `--nodes all`). */
  nodeDetail?: NodeDetailScope
}

/** The code of the plan-wide finding that says no base was compared. */
export const NO_BASE_COMPARED = 'no-base-compared'

const SEVERITY_RANK: Record<Severity, number> = {
  info: 1,
  warning: 2,
  error: 3
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function summarize(
  daemonSets: DaemonSetPlan[],
  global: Finding[]
): PlanSummary {
  const all = [...global, ...daemonSets.flatMap((ds) => ds.findings)]
  const count = (s: Severity) => all.filter((f) => f.severity === s).length
  let highest: Severity | 'none' = 'none'
  for (const f of all)
    if (
      highest === 'none' ||
      SEVERITY_RANK[f.severity] > SEVERITY_RANK[highest]
    )
      highest = f.severity
  return {
    daemonSets: daemonSets.length,
    changed: daemonSets.filter((ds) => ds.change !== 'unchanged').length,
    rollouts: daemonSets.filter((ds) => ds.rollout.triggered).length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    highestSeverity: highest
  }
}

function noBaseFinding(): Finding {
  return {
    severity: 'warning',
    code: NO_BASE_COMPARED,
    message:
      'No base was compared: no base manifests or base ref were given or found, so every DaemonSet counts as added. Give --base or --base-ref (Action: base-manifests or base-ref) to see what really changes.'
  }
}

/**
 * A plan made elsewhere (the analysis service) against an empty base,
 * marked as such: `baseCompared: false` and the `no-base-compared` finding,
 * counted in the summary.
 */
export function markBaseNotCompared(plan: Plan): Plan {
  if (plan.baseCompared === false) return plan
  const findings = [...plan.findings, noBaseFinding()]
  return {
    ...plan,
    baseCompared: false,
    summary: summarize(plan.daemonSets, findings),
    findings
  }
}

/**
 * A simulation in the plan's compact form (schemaVersion 2): waves
 * run-length encoded, nodes grouped by outcome, per-node detail for the
 * nodes of `scope`.
 */
export function compactSimulation(
  simulation: DaemonSetSimulation,
  scope: NodeDetailScope = 'non-routine'
): {
  rollout: Omit<RolloutPlan, 'triggered' | 'reason'>
  outcomes: OutcomeGroup[]
  nodeDetail: NodeOutcome[]
  nodeDetailScope: NodeDetailScope
} {
  const { waves, ...simulated } = simulation.rollout
  const runs = encodeWaves(waves ?? [])
  // The simulation grouped every node already; when it was asked for the
  // non-routine nodes only (buildPlan does), its groups and nodes are the
  // plan's as they are.
  const compact =
    scope === 'non-routine' && !simulation.nodes.some(isRoutine)
      ? { outcomes: simulation.outcomes, nodeDetail: simulation.nodes }
      : compactOutcomes(simulation.nodes, scope)
  return {
    rollout: { ...simulated, waves: runs, waveCount: waveCount(runs) },
    outcomes: compact.outcomes,
    nodeDetail: compact.nodeDetail,
    nodeDetailScope: scope
  }
}

/**
 * Diffs base and head and, with a snapshot, simulates each DaemonSet. The
 * result is the JSON plan contract (plan/types.ts): DaemonSets sorted by
 * namespace/name, findings counted in the summary.
 */
export function buildPlan(input: PlanInput): Plan {
  const diff = diffDaemonSets(input.base, input.head)
  const daemonSets: DaemonSetPlan[] = diff.daemonSets.map((ds) => {
    const plan: DaemonSetPlan = {
      namespace: ds.namespace,
      name: ds.name,
      file: ds.source.file,
      line: ds.source.line,
      change: ds.change,
      rollout: { ...ds.rollout },
      changes: ds.changes,
      findings: ds.findings
    }
    if (ds.baseSource !== undefined && ds.head !== undefined)
      plan.base = { file: ds.baseSource.file, line: ds.baseSource.line }
    if (ds.renamedConfigs !== undefined) plan.renamedConfigs = ds.renamedConfigs
    if (input.snapshot !== undefined && ds.invalid !== undefined) {
      // Validation decides what the simulation may see.
      plan.notSimulated = ds.invalid
    } else if (input.snapshot !== undefined) {
      const simulation = simulateDaemonSet({
        base: ds.base,
        head: ds.head,
        source: ds.source,
        triggered: ds.rollout.triggered,
        // The diff's normalised verdict: explicit defaults and key order are
        // no template change, so they raise no template findings either.
        templateChanged: ds.rollout.triggered,
        snapshot: input.snapshot,
        nodeDetail: input.nodeDetail ?? 'non-routine',
        ...(input.simulation !== undefined ? { options: input.simulation } : {})
      })
      const compact = compactSimulation(simulation, input.nodeDetail)
      plan.rollout = {
        ...plan.rollout,
        ...compact.rollout,
        triggered: ds.rollout.triggered
      }
      plan.outcomes = compact.outcomes
      plan.nodeDetail = compact.nodeDetail
      plan.nodeDetailScope = compact.nodeDetailScope
      plan.findings = [...plan.findings, ...simulation.findings]
    }
    return plan
  })
  daemonSets.sort(
    (a, b) =>
      compareText(a.namespace, b.namespace) ||
      compareText(a.name, b.name) ||
      compareText(a.change, b.change)
  )
  const findings = [...diff.findings]
  const baseCompared = input.baseCompared !== false
  if (!baseCompared) findings.push(noBaseFinding())
  if (input.snapshot === undefined)
    findings.push({
      severity: 'info',
      code: 'diff-only',
      message:
        'No node snapshot was given, so this plan is the diff only: no per-node outcome, waves or timing. Pass --snapshot to simulate the rollout.'
    })
  // The plan is the source of every output (JSON, comment, summary,
  // annotations): the redaction policy is applied once, here, to all of it.
  return redactDeep({
    schemaVersion: PLAN_SCHEMA_VERSION,
    baseCompared,
    summary: summarize(daemonSets, findings),
    daemonSets,
    findings
  })
}
