import { PATCH_MERGE } from '../../adapters/kube/client.js'
import type { NodeExclusion } from '../../core/gate/done.js'
import {
  ROLLED_BACK_FROM_ANNOTATION,
  type RolledBackFrom
} from '../../core/undo/rolled-back-from.js'
import type { DaemonSet } from '../../core/k8s/types.js'
import { restorable } from '../restorable.js'
import { undoDaemonSet } from '../undo.js'
import { absorbGate, gatePhase } from './gate-phase.js'
import {
  apiMessage,
  info,
  keyOf,
  note,
  warn,
  type DaemonSetRun,
  type RunState
} from './state.js'

/** Config first, so old-template pods start on the old configuration. */
async function restoreConfigs(
  state: RunState,
  problems: string[]
): Promise<void> {
  for (const t of state.appliedOthers) {
    const kind = t.item.object.kind
    if ((kind === 'ConfigMap' || kind === 'Secret') && t.live === null)
      note(
        state,
        'undo',
        `${kind} ${t.namespace}/${t.name} was created by this run and is left in place`
      )
  }
  for (const t of state.recorded) {
    if (!state.appliedOthers.includes(t) || t.live === null) continue
    const what = `${t.item.object.kind} ${t.namespace}/${t.name}`
    try {
      await state.deps.client.replace(restorable(t.live))
      note(state, 'undo', `restored ${what}`)
      info(state, `restored ${what}`)
    } catch (err) {
      problems.push(`${what} not restored: ${apiMessage(err)}`)
    }
  }
}

/**
 * Records on the DaemonSet which revision this run rolled back from, so a
 * later `ds-rollout undo` does not go forward into it.
 */
async function recordRolledBackFrom(
  state: RunState,
  run: DaemonSetRun,
  why: string
): Promise<void> {
  const head = run.target.item.object as DaemonSet
  const record: RolledBackFrom = {
    ...(run.outcome.revisionAfter === undefined
      ? {}
      : { revision: run.outcome.revisionAfter }),
    ...(run.appliedHash === undefined ? {} : { hash: run.appliedHash }),
    images: (head.spec?.template?.spec?.containers ?? []).map(
      (c) => c.image ?? '?'
    ),
    at: new Date(state.now()).toISOString(),
    reason: why.slice(0, 300)
  }
  try {
    await state.deps.client.patch(
      'apps/v1',
      'DaemonSet',
      run.outcome.name,
      run.outcome.namespace,
      JSON.stringify({
        metadata: {
          annotations: { [ROLLED_BACK_FROM_ANNOTATION]: JSON.stringify(record) }
        }
      }),
      PATCH_MERGE
    )
  } catch (err) {
    warn(
      state,
      `DaemonSet ${keyOf(run)}: could not record the failed revision in ${ROLLED_BACK_FROM_ANNOTATION}: ${apiMessage(err)}; a later undo will not know it`
    )
  }
}

async function undoOne(
  state: RunState,
  run: DaemonSetRun,
  why: string,
  problems: string[]
): Promise<void> {
  const key = keyOf(run)
  const { namespace, name } = run.outcome
  if (run.before === null) {
    problems.push(
      `DaemonSet ${key} was created by this run; it has no earlier revision to go back to and is left in place (delete it with: kubectl -n ${namespace} delete daemonset ${name})`
    )
    run.outcome.undo = 'not possible: created by this run'
    return
  }
  try {
    const undone = await undoDaemonSet(
      state.deps.client,
      namespace,
      name,
      run.outcome.revisionBefore ?? 0
    )
    run.outcome.undo = `${undone.message} to revision ${undone.toRevision}`
    for (const w of undone.warnings) warn(state, w)
    note(
      state,
      'undo',
      `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
    )
    info(state, undone.message)
    await recordRolledBackFrom(state, run, why)
  } catch (err) {
    run.outcome.undo = `failed: ${apiMessage(err)}`
    problems.push(`DaemonSet ${key}: undo failed: ${apiMessage(err)}`)
  }
}

/** 5. Undo: recorded ConfigMaps/Secrets back, then each applied DaemonSet, last first. */
export async function undoPhase(
  state: RunState,
  why: string
): Promise<string[]> {
  const problems = state.runs.flatMap((r) =>
    r.restoreProblem === undefined ? [] : [r.restoreProblem]
  )
  await state.deps.log.group('Undo', async () => {
    await restoreConfigs(state, problems)
    for (const run of [...state.runs].reverse()) {
      if (!run.applied || !run.templateChanged) continue
      await undoOne(state, run, why, problems)
    }
  })
  return problems
}

export interface VerifyResult {
  problems: string[]
  /** Nodes left out of "done" (NotReady/unreachable), per DaemonSet. */
  excluded: { key: string; nodes: NodeExclusion[] }[]
}

/** 6. Verify: the rollback must converge under the same gate, from what the gate knew. */
export async function verifyPhase(state: RunState): Promise<VerifyResult> {
  const out: VerifyResult = { problems: [], excluded: [] }
  for (const run of state.runs) {
    if (!run.applied || !run.templateChanged || run.before === null) continue
    const key = keyOf(run)
    const verify = await state.deps.log.group(`Verify rollback ${key}`, () =>
      gatePhase(state, run, 'verify')
    )
    run.outcome.verify = verify.verdict.message
    if (verify.state.excluded.length > 0)
      out.excluded.push({ key, nodes: verify.state.excluded })
    if (verify.verdict.status !== 'succeeded') {
      out.problems.push(
        `DaemonSet ${key}: the rollback did not converge: ${verify.verdict.message}`
      )
      absorbGate(state, verify)
    } else
      for (const p of verify.state.nodeProblems)
        if (!state.report.nodeProblems.includes(p))
          state.report.nodeProblems.push(p)
    if (verify.currentRevision?.revision !== undefined)
      run.outcome.revisionAfter = verify.currentRevision.revision
  }
  return out
}
