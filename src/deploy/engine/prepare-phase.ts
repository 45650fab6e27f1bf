import { ListWatch } from '../../adapters/kube/list-watch.js'
import type { DaemonSet } from '../../core/k8s/types.js'
import { readCanaryRecord, restoreStrategy } from '../canary.js'
import { undoDaemonSet } from '../undo.js'
import { describeState } from './outcome.js'
import { gatePhase } from './gate-phase.js'
import {
  apiMessage,
  error,
  info,
  keyOf,
  note,
  UNCHANGED,
  warn,
  type DaemonSetRun,
  type Exit,
  type RunState
} from './state.js'

/**
 * Whether a rollout of this DaemonSet is still in progress: the controller
 * has not observed the spec (R5.6 row 2) or not every node runs the current
 * template yet (row 3). Unavailable pods alone (a sick node) are not a
 * rollout in progress and do not block a deploy.
 */
export function rolloutInProgress(ds: DaemonSet): boolean {
  const s = ds.status ?? {}
  return (
    (ds.metadata?.generation ?? 0) > (s.observedGeneration ?? -1) ||
    (s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0)
  )
}

/** Cancelled during the preflight or a wait: nothing was written. */
export function cancelledBeforeWrite(state: RunState): Exit {
  state.report.cancelled = true
  note(state, 'cancel', 'cancelled before any write')
  return {
    result: 'failed',
    summary: 'Cancelled before any write; nothing was changed.',
    clusterState: UNCHANGED
  }
}

/**
 * An interrupted canary (a killed earlier run) is recognised and undone
 * first: original strategy back, template back to the recorded revision,
 * rollback verified; then this run starts from a clean state.
 */
async function recoverCanary(
  state: RunState,
  run: DaemonSetRun
): Promise<Exit | undefined> {
  const { client } = state.deps
  const record = run.before === null ? undefined : readCanaryRecord(run.before)
  if (record === undefined) return undefined
  const key = keyOf(run)
  const msg = `DaemonSet ${key} has an interrupted canary (started ${record.startedAt}): restoring its updateStrategy and undoing it to revision ${record.revisionBefore ?? 'previous'} before this run`
  warn(state, msg)
  note(state, 'recover', msg)
  const problem = await state.deps.log.group(
    `Recover interrupted canary ${key}`,
    async () => {
      try {
        const { namespace, name } = run.outcome
        await restoreStrategy(client, namespace, name, record.originalStrategy)
        const undone = await undoDaemonSet(
          client,
          namespace,
          name,
          record.revisionBefore ?? 0
        )
        note(state, 'recover', undone.message)
        if (undone.kind !== 'rolled-back') return undefined
        const verify = await gatePhase(state, run, 'recover')
        return verify.verdict.status === 'succeeded'
          ? undefined
          : `the recovered rollback did not converge: ${verify.verdict.message}`
      } catch (err) {
        return apiMessage(err)
      }
    }
  )
  if (problem !== undefined)
    return {
      result: 'undo-failed',
      summary: `Not started: could not recover the interrupted canary of DaemonSet ${key}: ${problem}`,
      clusterState: await describeState(state),
      nextSteps: [
        `Look at the DaemonSet: kubectl -n ${run.outcome.namespace} get daemonset ${run.outcome.name} -o yaml (annotation ds-rollout.io/canary-in-progress holds the original updateStrategy)`,
        `Then roll it back by hand: ds-rollout undo --namespace ${run.outcome.namespace} --name ${run.outcome.name}${record.revisionBefore === undefined ? '' : ` --to-revision ${record.revisionBefore}`}`
      ]
    }
  run.before = await client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    run.outcome.name,
    run.outcome.namespace
  )
  return undefined
}

/** 2. Concurrency: never overlap with a rollout of the same DaemonSet. */
async function awaitQuiet(
  state: RunState,
  run: DaemonSetRun
): Promise<Exit | undefined> {
  const { settings } = state
  if (run.before === null || !rolloutInProgress(run.before)) return undefined
  const key = keyOf(run)
  if (settings.concurrency === 'refuse') {
    const s = run.before.status ?? {}
    const msg = `a rollout of DaemonSet ${key} is already in progress (${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, observedGeneration ${s.observedGeneration ?? '?'} of ${run.before.metadata?.generation ?? '?'}); refusing to start (use concurrency: wait to wait for it)`
    error(state, msg)
    note(state, 'preflight', msg)
    return {
      result: 'failed',
      summary: `Not started: ${msg}`,
      clusterState: UNCHANGED,
      nextSteps: [
        `Watch it finish: kubectl -n ${run.outcome.namespace} rollout status daemonset/${run.outcome.name}`,
        `Or re-run with --wait-for-rollout 10m (Action input wait-for-rollout: 10m) to wait for it.`
      ]
    }
  }
  info(
    state,
    `waiting up to ${settings.concurrencyWaitSeconds}s for the rollout of ${key} in progress to converge`
  )
  const converged = await waitConverged(
    state,
    run.outcome.namespace,
    run.outcome.name,
    settings.concurrencyWaitSeconds * 1000
  )
  if (converged === null) {
    if (state.deps.signal.aborted) return cancelledBeforeWrite(state)
    const msg = `the rollout of DaemonSet ${key} already in progress did not converge within ${settings.concurrencyWaitSeconds}s`
    return {
      result: 'failed',
      summary: `Not started: ${msg}`,
      clusterState: UNCHANGED,
      nextSteps: [
        `See what holds it: kubectl -n ${run.outcome.namespace} rollout status daemonset/${run.outcome.name} and kubectl -n ${run.outcome.namespace} get pods -o wide`
      ]
    }
  }
  run.before = converged
  return undefined
}

/** Interrupted canaries recovered, rollouts in progress awaited. */
export async function preparePhase(state: RunState): Promise<Exit | undefined> {
  if (state.deps.signal.aborted) return cancelledBeforeWrite(state)
  for (const run of state.runs) {
    const exit = await recoverCanary(state, run)
    if (exit !== undefined) return exit
  }
  for (const run of state.runs) {
    const exit = await awaitQuiet(state, run)
    if (exit !== undefined) return exit
  }
  if (state.deps.signal.aborted) return cancelledBeforeWrite(state)
  return undefined
}

async function waitConverged(
  state: RunState,
  namespace: string,
  name: string,
  timeoutMs: number
): Promise<DaemonSet | null> {
  const signal = state.deps.signal
  let resolve!: (ds: DaemonSet | null) => void
  const done = new Promise<DaemonSet | null>((r) => (resolve = r))
  const watch = new ListWatch<DaemonSet>(
    state.deps.client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    () => {
      const ds = watch.items()[0]
      if (ds !== undefined && !rolloutInProgress(ds)) resolve(ds)
    }
  )
  const timer = setTimeout(() => resolve(null), timeoutMs)
  const onAbort = (): void => resolve(null)
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) onAbort()
  try {
    await watch.start()
    return await done
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', onAbort)
    await watch.stop()
  }
}
