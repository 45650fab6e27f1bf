import { PATCH_MERGE } from '../../adapters/kube/client.js'
import type { DaemonSetOutcome } from '../../core/deploy/report.js'
import type {
  DaemonSet,
  DaemonSetUpdateStrategy
} from '../../core/k8s/types.js'
import { templatesEqual } from '../../core/undo/compare.js'
import {
  CANARY_ANNOTATION,
  restoreStrategy,
  runCanaryWaves,
  switchToOnDelete,
  type CanaryRecord
} from '../canary.js'
import type { GateRunResult } from '../gate-runner.js'
import { gatePhase, progressEmitter } from './gate-phase.js'
import {
  apiMessage,
  keyOf,
  note,
  type DaemonSetRun,
  type FailureVerdict,
  type RunState
} from './state.js'

/** What a canary did, for the caller to merge into its own state. */
export interface CanaryOutcome {
  run: Partial<
    Pick<DaemonSetRun, 'applied' | 'templateChanged' | 'restoreProblem'>
  >
  outcome: Partial<DaemonSetOutcome>
  failure?: FailureVerdict
  gates: GateRunResult[]
}

/** The template unchanged (R4.3): apply as written, no canary needed. */
async function unchanged(
  state: RunState,
  run: DaemonSetRun
): Promise<CanaryOutcome | undefined> {
  const head = run.target.item.object as DaemonSet
  const { client } = state.deps
  const dry = await client.apply<DaemonSet>(head, {
    force: state.settings.force,
    dryRun: true
  })
  if (!templatesEqual(run.before?.spec?.template, dry.spec?.template))
    return undefined
  await client.apply(head, { force: state.settings.force, dryRun: false })
  const gate = 'pod template unchanged (R4.3): no canary needed'
  note(state, 'canary', `${keyOf(run)}: ${gate}`)
  return { run: { applied: true }, outcome: { gate }, gates: [] }
}

/** The waves, with the DaemonSet on OnDelete and the new template applied. */
async function waves(
  state: RunState,
  run: DaemonSetRun,
  original: DaemonSetUpdateStrategy,
  out: CanaryOutcome
): Promise<boolean> {
  const { namespace, name } = run.outcome
  const key = keyOf(run)
  const { deps, settings } = state
  const canary = settings.canary as NonNullable<typeof settings.canary>
  let waveLabel: string | undefined
  const progress = progressEmitter(
    state.emit,
    state.now,
    { key, phase: 'canary' },
    { pace: false }
  )
  const result = await runCanaryWaves(
    namespace,
    name,
    canary,
    original.rollingUpdate?.maxUnavailable ?? 1,
    settings.waves,
    settings.gate,
    {
      client: deps.client,
      signal: deps.signal,
      now: state.now,
      log: (m) =>
        state.emit({ kind: 'log', level: 'info', message: `[${key}] ${m}` }),
      note: (m, at) => note(state, 'canary', `${key}: ${m}`, at),
      watchNodes: state.pre?.canWatchNodes ?? false,
      ...(deps.listWatchOptions === undefined
        ? {}
        : { listWatchOptions: deps.listWatchOptions }),
      onWave: (label) => {
        waveLabel = label
        progress.fresh()
      },
      onProgress: (p, verdict, gate) =>
        progress.onProgress(p, verdict, gate, waveLabel)
    }
  )
  out.gates.push(...result.gates)
  if (result.currentRevision?.revision !== undefined)
    out.outcome.revisionAfter = result.currentRevision.revision
  if (result.verdict.status !== 'succeeded') {
    out.outcome.gate = `canary failed after ${result.wavesDone} of ${result.plan.length} wave(s): ${result.verdict.message}`
    out.failure = result.verdict
    return false
  }
  out.outcome.gate = `canary + ${result.plan.length - 1} wave(s) passed`
  return true
}

/** Done: the manifest as written (its own strategy), no canary record, the normal gate. */
async function complete(
  state: RunState,
  run: DaemonSetRun,
  out: CanaryOutcome
): Promise<void> {
  const { namespace, name } = run.outcome
  const { client } = state.deps
  await client.apply(run.target.item.object, {
    force: state.settings.force,
    dryRun: false
  })
  await client.patch(
    'apps/v1',
    'DaemonSet',
    name,
    namespace,
    JSON.stringify({
      metadata: { annotations: { [CANARY_ANNOTATION]: null } }
    }),
    PATCH_MERGE
  )
  note(
    state,
    'canary',
    `${keyOf(run)}: the canary wave(s) passed; updateStrategy restored from the manifest`
  )
  const final = await gatePhase(state, run, 'gate')
  out.gates.push(final)
  out.outcome.gate = `${out.outcome.gate ?? 'canary passed'}; ${final.verdict.message}`
  if (final.verdict.status !== 'succeeded') out.failure = final.verdict
}

/**
 * Canary rollout of one existing DaemonSet: OnDelete for the duration (the
 * original strategy recorded on the object), the new template applied,
 * canary nodes then waves replaced and gated; the strategy is restored on
 * every exit path. Reads the run, never changes it: returns what happened.
 */
export async function canaryPhase(
  state: RunState,
  run: DaemonSetRun
): Promise<CanaryOutcome> {
  const { namespace, name } = run.outcome
  const key = keyOf(run)
  const { client } = state.deps
  try {
    const same = await unchanged(state, run)
    if (same !== undefined) return same
  } catch (err) {
    return {
      run: {},
      outcome: {},
      gates: [],
      failure: { status: 'apply-error', message: apiMessage(err) }
    }
  }
  const original: DaemonSetUpdateStrategy = run.before?.spec
    ?.updateStrategy ?? {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1 }
  }
  const record: CanaryRecord = {
    originalStrategy: original,
    startedAt: new Date(state.now()).toISOString(),
    ...(run.outcome.revisionBefore === undefined
      ? {}
      : { revisionBefore: run.outcome.revisionBefore })
  }
  const out: CanaryOutcome = { run: {}, outcome: {}, gates: [] }
  let succeeded = false
  try {
    await switchToOnDelete(client, namespace, name, record)
    note(
      state,
      'canary',
      `${key}: updateStrategy switched to OnDelete for the canary (original recorded in ${CANARY_ANNOTATION})`
    )
    const onDelete = structuredClone(run.target.item.object as DaemonSet)
    onDelete.spec = {
      ...(onDelete.spec ?? {}),
      updateStrategy: { type: 'OnDelete' }
    } as DaemonSet['spec']
    await client.apply(onDelete, { force: state.settings.force, dryRun: false })
    out.run.applied = true
    out.run.templateChanged = true
    out.outcome.templateChanged = true
    if (await waves(state, run, original, out)) {
      succeeded = true
      await complete(state, run, out)
    }
  } catch (err) {
    out.failure = { status: 'apply-error', message: apiMessage(err) }
  } finally {
    if (!succeeded) {
      try {
        await restoreStrategy(client, namespace, name, original)
        note(
          state,
          'canary',
          `${key}: original updateStrategy restored (${original.type ?? 'RollingUpdate'})`
        )
      } catch (err) {
        out.run.restoreProblem = `DaemonSet ${key}: its updateStrategy is still OnDelete; restoring ${JSON.stringify(original)} failed: ${apiMessage(err)}`
      }
    }
  }
  return out
}
