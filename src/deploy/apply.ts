import { closeReport, type DeployReport } from '../core/deploy/report.js'
import { eventBus, progressPrinter, reportBuilder } from './engine/events.js'
import { applyPhase, recordPhase } from './engine/apply-phase.js'
import { failurePhase, rolledOutExit } from './engine/outcome.js'
import { preflightPhase } from './engine/preflight-phase.js'
import { preparePhase } from './engine/prepare-phase.js'
import { revisionsText, type Exit, type RunState } from './engine/state.js'
import type { ApplyDeps, ApplyOutcome, ApplySettings } from './types.js'

export { rolloutInProgress } from './engine/prepare-phase.js'
export { restorable } from './restorable.js'

function newRunState(settings: ApplySettings, deps: ApplyDeps): RunState {
  const now = deps.now ?? Date.now
  const report: DeployReport = {
    result: 'failed',
    summary: '',
    daemonSets: [],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline: [],
    warnings: [],
    actualSeconds: 0
  }
  if (settings.plannedSeconds !== undefined)
    report.plannedSeconds = settings.plannedSeconds
  return {
    settings,
    deps,
    now,
    t0: now(),
    report,
    runs: [],
    recorded: [],
    appliedOthers: [],
    // The report builder and the progress printer subscribe to the phases' events.
    emit: eventBus([reportBuilder(report), progressPrinter(deps.log)])
  }
}

/** The report and the outcome, from how the run ended (one place writes the summary). */
function finish(state: RunState, exit: Exit): ApplyOutcome {
  const report = state.report
  report.result = exit.result
  report.summary = exit.summary
  if (exit.clusterState !== undefined) report.clusterState = exit.clusterState
  if (exit.nextSteps !== undefined && exit.nextSteps.length > 0)
    report.nextSteps = exit.nextSteps
  closeReport(report, state.now() - state.t0, state.deps.client.requests.total)
  const wrote =
    state.runs.length > 0 &&
    exit.clusterState?.[0]?.startsWith('unchanged') !== true
  return {
    result: exit.result,
    revisionBefore: wrote ? revisionsText(state, (o) => o.revisionBefore) : '',
    revisionAfter: wrote ? revisionsText(state, (o) => o.revisionAfter) : '',
    failedNodes: report.failedNodes,
    report
  }
}

/**
 * The gated apply, in phases over one run state: preflight (with the live
 * plan and block-on), prepare (interrupted canaries, rollouts in progress),
 * record, apply and gate (or canary), and on failure undo and verify. The
 * phases emit events; the report builder and the progress printer listen.
 */
export async function runApply(
  settings: ApplySettings,
  deps: ApplyDeps
): Promise<ApplyOutcome> {
  const state = newRunState(settings, deps)
  const early = (await preflightPhase(state)) ?? (await preparePhase(state))
  if (early !== undefined) return finish(state, early)
  await recordPhase(state)
  await applyPhase(state)
  const exit =
    state.failure === undefined
      ? rolledOutExit(state)
      : await failurePhase(state, state.failure)
  return finish(state, exit)
}
