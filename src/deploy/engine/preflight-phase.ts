import { expandWaves } from '../../core/plan/compact.js'
import {
  livePlanBlocks,
  livePlanHangs,
  livePlanSeconds,
  reviewedSeconds
} from '../../core/deploy/live-plan.js'
import type { DaemonSetOutcome } from '../../core/deploy/report.js'
import type { DaemonSet } from '../../core/k8s/types.js'
import { computeLivePlan } from '../live-plan.js'
import { conflictSteps, isApplyConflict } from '../../core/deploy/next-steps.js'
import { preflight } from '../preflight.js'
import { DEFAULT_BLOCK_ON } from '../types.js'
import {
  error,
  info,
  note,
  UNCHANGED,
  warn,
  type DaemonSetRun,
  type Exit,
  type RunState
} from './state.js'

/** 1. Preflight: nothing is written unless all of it passes. */
export async function preflightPhase(
  state: RunState
): Promise<Exit | undefined> {
  const { settings, deps } = state
  const pre = await deps.log.group('Preflight', () =>
    preflight(
      deps.client,
      settings.objects,
      {
        undo: settings.undo,
        canary: settings.canary !== undefined,
        force: settings.force,
        ...(settings.base === undefined ? {} : { base: settings.base })
      },
      (m) => info(state, m)
    )
  )
  state.pre = pre
  for (const w of pre.warnings) warn(state, w)
  if (!pre.ok) {
    for (const p of pre.problems) error(state, p)
    note(
      state,
      'preflight',
      `stopped before any write: ${pre.problems.length} problem(s)`
    )
    return {
      result: 'failed',
      summary: `Preflight failed; nothing was changed. ${pre.problems.join(' ')}`,
      clusterState: UNCHANGED,
      nextSteps: preflightSteps(pre.problems)
    }
  }
  note(state, 'preflight', 'passed')
  await livePlanPhase(state)
  collectRuns(state)
  return blockOnPhase(state)
}

/** Conflicts get their own steps (who owns the fields, --force); the rest: fix and re-run. */
function preflightSteps(problems: string[]): string[] {
  const conflicts = problems.filter(isApplyConflict)
  const steps = [...new Set(conflicts.flatMap(conflictSteps))]
  if (conflicts.length < problems.length)
    steps.push('Fix the problems above (nothing was written), then re-run.')
  return steps
}

/** 1b. The plan against the live nodes, logged; its estimate is the ETA. */
async function livePlanPhase(state: RunState): Promise<void> {
  const { settings, deps } = state
  if (settings.livePlan === false || state.pre === undefined) return
  const pre = state.pre
  const computed = await deps.log.group('Live plan', async () => {
    const result = await computeLivePlan(
      deps.client,
      pre.targets,
      pre.canWatchNodes,
      deps.signal,
      settings.reviewedPlan
    )
    if ('skipped' in result) return result
    for (const line of result.lines) info(state, line)
    for (const w of result.warnings.slice(0, 10)) warn(state, w)
    for (const w of result.warnings.slice(10))
      state.emit({ kind: 'log', level: 'warning', message: w })
    info(
      state,
      `live plan read ${result.nodes} node(s) with ${result.requests} API request(s)`
    )
    return result
  })
  if ('skipped' in computed) {
    warn(state, `live plan skipped: ${computed.skipped}`)
    note(state, 'live-plan', `skipped: ${computed.skipped}`)
    return
  }
  state.livePlan = computed
  state.report.livePlan = computed.lines
  state.report.livePlanRequests = computed.requests
  for (const line of computed.lines) note(state, 'live-plan', line)
}

/** One DaemonSetRun per DaemonSet, with its estimate and planned waves. */
function collectRuns(state: RunState): void {
  const { settings } = state
  for (const t of state.pre?.targets ?? []) {
    if (t.item.object.kind !== 'DaemonSet') continue
    const outcome: DaemonSetOutcome = {
      namespace: t.namespace ?? 'default',
      name: t.name
    }
    const run: DaemonSetRun = {
      target: t,
      outcome,
      before: t.live as DaemonSet | null,
      applied: false,
      templateChanged: false
    }
    planRun(state, run)
    if (settings.plannedSeconds !== undefined)
      run.planned = {
        // This DaemonSet's own estimate when the reviewed plan has it, else the total.
        seconds:
          reviewedSeconds(
            settings.reviewedPlan,
            outcome.namespace,
            outcome.name
          ) ?? settings.plannedSeconds,
        source: 'plan'
      }
    state.runs.push(run)
    state.report.daemonSets.push(outcome)
  }
  if (settings.plannedSeconds !== undefined) {
    state.report.plannedFrom = 'plan'
    return
  }
  const live = state.runs.flatMap((r) =>
    r.planned === undefined || r.planned.hangs === true
      ? []
      : [r.planned.seconds]
  )
  if (live.length > 0) {
    state.report.plannedSeconds = live.reduce((a, b) => a + b, 0)
    state.report.plannedFrom = 'live plan'
  }
}

function planRun(state: RunState, run: DaemonSetRun): void {
  const plan = state.livePlan?.plan
  if (plan === undefined) return
  const { namespace, name } = run.outcome
  const ds = plan.daemonSets.find(
    (d) =>
      d.namespace === namespace && d.name === name && d.change !== 'removed'
  )
  if (ds?.rollout.triggered === true && ds.rollout.waves !== undefined)
    run.plannedWaves = expandWaves(ds.rollout.waves).map((w) => w.nodes)
  // Nodes with no available daemon pod before the run and no room for
  // one: known never to become available, excluded like NotReady nodes.
  const known = (ds?.nodeDetail ?? [])
    .filter(
      (n) =>
        n.shouldRun &&
        n.before !== 'running' &&
        (n.before === 'pending' || n.action === 'pending')
    )
    .map((n) => n.name)
  if (known.length > 0) run.carry = { knownUnavailable: known }
  const seconds = livePlanSeconds(plan, namespace, name)
  if (seconds !== undefined && state.settings.plannedSeconds === undefined)
    run.planned = {
      seconds,
      source: 'live plan',
      ...(livePlanHangs(plan, namespace, name) ? { hangs: true } : {})
    }
}

/** block-on: refuse before writing when the live plan predicts a hang or Pending pods. */
function blockOnPhase(state: RunState): Exit | undefined {
  const plan = state.livePlan?.plan
  const blockOn = state.settings.blockOn ?? DEFAULT_BLOCK_ON
  if (plan === undefined || blockOn.length === 0) return undefined
  const blocks = livePlanBlocks(plan, blockOn)
  if (blocks.length === 0) return undefined
  for (const b of blocks) error(state, b.message)
  note(state, 'preflight', `blocked by block-on: ${blocks.length} finding(s)`)
  return {
    result: 'failed',
    summary: `Not started (block-on: ${blockOn.join(',')}); nothing was changed. ${blocks.map((b) => b.message).join(' ')}`,
    clusterState: UNCHANGED,
    nextSteps: [
      ...blocks.flatMap((b) => b.steps),
      `To apply anyway and let the gate judge the rollout: re-run with --block-on none (Action input block-on: none).`
    ]
  }
}
