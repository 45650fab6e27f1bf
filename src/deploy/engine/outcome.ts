import {
  configOnlySteps,
  conflictSteps,
  isApplyConflict,
  podSteps,
  stuckNodeSteps
} from '../../core/deploy/next-steps.js'
import { describeExclusion, type NodeExclusion } from '../../core/gate/done.js'
import type { DaemonSet } from '../../core/k8s/types.js'
import { templatesEqual } from '../../core/undo/compare.js'
import { undoPhase, verifyPhase } from './undo-phase.js'
import {
  apiMessage,
  error,
  keyOf,
  note,
  warn,
  type Exit,
  type Failure,
  type RunState
} from './state.js'

/** One line per DaemonSet saying where it stands now (for failed and undo-failed). */
export async function describeState(state: RunState): Promise<string[]> {
  const lines: string[] = []
  for (const run of state.runs) {
    const key = keyOf(run)
    try {
      const ds = await state.deps.client.get<DaemonSet>(
        'apps/v1',
        'DaemonSet',
        run.outcome.name,
        run.outcome.namespace
      )
      if (ds === null) {
        lines.push(`DaemonSet ${key} does not exist`)
        continue
      }
      const s = ds.status ?? {}
      const images = (ds.spec?.template?.spec?.containers ?? [])
        .map((c) => c.image ?? '?')
        .join(', ')
      const onBefore =
        run.before !== null &&
        templatesEqual(run.before.spec?.template, ds.spec?.template)
      lines.push(
        `DaemonSet ${key}: template ${onBefore ? 'is the one from before this run' : 'is NOT the one from before this run'} (images ${images}); generation ${ds.metadata?.generation ?? '?'}, observed ${s.observedGeneration ?? '?'}; ${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, ${s.numberUnavailable ?? 0} unavailable`
      )
    } catch (err) {
      lines.push(`DaemonSet ${key}: state unknown (${apiMessage(err)})`)
    }
  }
  return lines
}

/** What to do about the failure itself (conflict, failing pods, sick nodes). */
function failureSteps(state: RunState, failure: Failure): string[] {
  const v = failure.verdict
  if (v.status === 'apply-error')
    return isApplyConflict(v.message)
      ? conflictSteps(v.message)
      : [
          'Fix what the API server rejected (its message is above; nothing else was applied after it), then re-run.'
        ]
  if (v.status === 'cancelled') return []
  const held = failure.run?.excluded ?? []
  const steps: string[] = []
  if (v.status === 'failed') steps.push(...podSteps(v.failing))
  if (held.length > 0) steps.push(...stuckNodeSteps(held))
  if (steps.length === 0 && v.status === 'failed')
    steps.push(
      `See what the pods are doing: kubectl -n ${failure.run?.outcome.namespace ?? 'default'} get pods -o wide, then fix the revision and re-run.`
    )
  return steps
}

function excludedWarning(key: string, nodes: NodeExclusion[]): string {
  const sick = nodes.every((e) => e.reason !== 'PendingBeforeRun')
  return `DaemonSet ${key}: the rollback counts as done without ${nodes.map(describeExclusion).join(', ')}: ${sick ? `${nodes.length === 1 ? 'that node is' : 'those nodes are'} NotReady or unreachable, so no pod there can become available; the DaemonSet waits for ${nodes.length === 1 ? 'it' : 'them'}` : 'no pod there can become available'}`
}

/** The success exit: every DaemonSet rolled out (config-only changes said). */
export function rolledOutExit(state: RunState): Exit {
  const names =
    state.runs.map(keyOf).join(', ') ||
    `${state.appliedOthers.length} object(s)`
  const configOnly = state.runs.filter((r) => r.configOnly !== undefined)
  const excluded = state.runs.flatMap((r) => r.excluded ?? [])
  const nextSteps = [
    ...configOnly.flatMap((r) => configOnlySteps(r.outcome)),
    ...stuckNodeSteps(excluded)
  ]
  return {
    result: 'rolled-out',
    summary: `Rolled out ${names}: ${state.runs.map((r) => r.outcome.gate).join('; ')}`,
    ...(nextSteps.length > 0 ? { nextSteps } : {})
  }
}

/** 5-6. After a failure: undo (unless told not to), verify, and say what is left. */
export async function failurePhase(
  state: RunState,
  failure: Failure
): Promise<Exit> {
  const { settings, deps } = state
  const cancelled =
    failure.verdict.status === 'cancelled' || deps.signal.aborted
  state.report.cancelled = cancelled
  const why = failure.verdict.message
  note(state, cancelled ? 'cancel' : 'gate', `failed: ${why}`)
  const steps = failureSteps(state, failure)
  const doUndo = cancelled ? settings.onCancel === 'undo' : settings.undo
  if (!doUndo)
    return {
      result: 'failed',
      summary: cancelled
        ? `Cancelled; the rollout is left as it is (on-cancel: leave). ${why}`
        : `Failed: ${why}. Automatic undo is off; the rollout is left as it is.`,
      clusterState: await describeState(state),
      nextSteps: [
        ...steps,
        ...state.runs
          .filter((r) => r.applied && r.templateChanged && r.before !== null)
          .map(
            (r) =>
              `To roll back: ds-rollout undo --namespace ${r.outcome.namespace} --name ${r.outcome.name}${r.outcome.revisionBefore === undefined ? '' : ` --to-revision ${r.outcome.revisionBefore}`}`
          )
      ]
    }
  const undoProblems = await undoPhase(state, why)
  if (undoProblems.length > 0) {
    for (const p of undoProblems) error(state, p)
    return {
      result: 'undo-failed',
      summary: `Failed: ${why}. The undo did not complete: ${undoProblems.join(' ')}`,
      clusterState: [...undoProblems, ...(await describeState(state))],
      nextSteps: [...steps, ...handUndoSteps(state)]
    }
  }
  if (cancelled)
    return {
      result: 'rolled-back',
      summary: `Cancelled; the rollout was undone (on-cancel: undo) but not verified, as the run is stopping. ${why}`,
      clusterState: await describeState(state),
      nextSteps: state.runs.map(
        (r) =>
          `Check that the rollback converges: kubectl -n ${r.outcome.namespace} rollout status daemonset/${r.outcome.name}`
      )
    }
  return verifiedExit(state, why, steps)
}

async function verifiedExit(
  state: RunState,
  why: string,
  steps: string[]
): Promise<Exit> {
  const verify = await verifyPhase(state)
  for (const e of verify.excluded) warn(state, excludedWarning(e.key, e.nodes))
  const excludedSteps = stuckNodeSteps(verify.excluded.flatMap((e) => e.nodes))
  const live = state.runs
    .filter((r) => r.before !== null)
    .map(
      (r) =>
        `${keyOf(r)} is back on the release from before this run (images ${(r.before?.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?').join(', ')}; now revision ${r.outcome.revisionAfter ?? '?'})`
    )
    .join('; ')
  if (verify.problems.length > 0) {
    return {
      result: 'undo-failed',
      summary: `Failed: ${why}. Rolled back, but the rollback did not converge: ${verify.problems.join(' ')}`,
      clusterState: [...verify.problems, ...(await describeState(state))],
      nextSteps: dedupe([
        ...podSteps(state.report.failing.slice(-20)),
        ...excludedSteps,
        ...handUndoSteps(state)
      ])
    }
  }
  return {
    result: 'rolled-back',
    summary: `Failed: ${why}. Rolled back to the previous revision and verified that the rollback converged${verify.excluded.length > 0 ? ' on every node that can run a pod' : ''}: ${live}.`,
    nextSteps: dedupe([
      ...steps,
      ...excludedSteps,
      `Do not run a plain "ds-rollout undo" now expecting an earlier release: the previous revision is the one that failed (ds-rollout undo refuses it unless named with --to-revision).`
    ])
  }
}

function handUndoSteps(state: RunState): string[] {
  return state.runs
    .filter((r) => r.before !== null && r.applied)
    .map(
      (r) =>
        `When the blocker is gone, check and finish the rollback: ds-rollout undo --namespace ${r.outcome.namespace} --name ${r.outcome.name}${r.outcome.revisionBefore === undefined ? '' : ` --to-revision ${r.outcome.revisionBefore}`} (and kubectl -n ${r.outcome.namespace} rollout status daemonset/${r.outcome.name})`
    )
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)]
}
