import { selectorToString } from '../../core/k8s/label-selector.js'
import type { DaemonSet, KubeObject } from '../../core/k8s/types.js'
import { configRefs } from '../../core/diff/config-refs.js'
import { templatesEqual } from '../../core/undo/compare.js'
import {
  controlledRevisions,
  latestRevision,
  revisionHash
} from '../../core/undo/history.js'
import type { ControllerRevision } from '../../core/undo/types.js'
import { canaryPhase } from './canary-phase.js'
import { absorbGate, gatePhase } from './gate-phase.js'
import {
  apiMessage,
  error,
  info,
  keyOf,
  note,
  warn,
  type DaemonSetRun,
  type RunState
} from './state.js'

/** The pod-template annotation --restart-on-config-change bumps. */
export const RESTARTED_AT_ANNOTATION = 'ds-rollout.io/restartedAt'

/** 3. Record what is live, so the undo can restore it. */
export async function recordPhase(state: RunState): Promise<void> {
  const { client } = state.deps
  state.recorded = (state.pre?.targets ?? []).filter(
    (t) =>
      (t.item.object.kind === 'ConfigMap' || t.item.object.kind === 'Secret') &&
      t.live !== null
  )
  for (const run of state.runs) {
    if (run.before === null) continue
    const list = await client.list<ControllerRevision>(
      `/apis/apps/v1/namespaces/${encodeURIComponent(run.outcome.namespace)}/controllerrevisions`,
      {
        labelSelector: selectorToString(run.before.spec?.selector) || undefined
      }
    )
    const mine = controlledRevisions(list.items, run.before)
    const current =
      mine
        .filter((r) =>
          templatesEqual(
            run.before?.spec?.template,
            (r.data as { spec?: { template?: never } } | undefined)?.spec
              ?.template
          )
        )
        .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0] ??
      latestRevision(mine)
    if (current?.revision !== undefined)
      run.outcome.revisionBefore = current.revision
  }
  note(
    state,
    'record',
    `recorded ${state.runs.filter((r) => r.before !== null).length} DaemonSet(s) and ${state.recorded.length} ConfigMap/Secret(s)`
  )
}

/** ConfigMaps/Secrets this DaemonSet reads whose content the run changes. */
function changedConfigs(state: RunState, run: DaemonSetRun): string[] {
  const spec = (run.target.item.object as DaemonSet).spec?.template?.spec
  const refs = configRefs(spec)
  return state.recorded
    .filter((t) =>
      refs.some(
        (r) =>
          r.kind === t.item.object.kind &&
          r.name === t.name &&
          (t.namespace ?? 'default') === run.outcome.namespace
      )
    )
    .filter((t) => {
      const data = (o: KubeObject | null | undefined): string =>
        JSON.stringify([o?.['data'] ?? {}, o?.['binaryData'] ?? {}])
      return data(t.live) !== data(t.dryRun ?? t.item.object)
    })
    .map((t) => `${t.item.object.kind} ${t.namespace}/${t.name}`)
}

/** The head with the restart annotation bumped (--restart-on-config-change). */
function withRestart(head: DaemonSet, at: string): DaemonSet {
  const copy = structuredClone(head)
  const template = copy.spec?.template ?? {}
  template.metadata = {
    ...(template.metadata ?? {}),
    annotations: {
      ...(template.metadata?.annotations ?? {}),
      [RESTARTED_AT_ANNOTATION]: at
    }
  }
  copy.spec = { ...(copy.spec ?? {}), template } as DaemonSet['spec']
  return copy
}

/** Apply every non-DaemonSet object in order. */
async function applyOthers(state: RunState): Promise<void> {
  const { client } = state.deps
  await state.deps.log.group('Apply', async () => {
    for (const t of state.pre?.targets ?? []) {
      if (t.item.object.kind === 'DaemonSet') continue
      try {
        await client.apply(t.item.object, {
          force: state.settings.force,
          dryRun: false
        })
        state.appliedOthers.push(t)
        info(
          state,
          `applied ${t.item.object.kind} ${t.namespace === undefined ? t.name : `${t.namespace}/${t.name}`}`
        )
      } catch (err) {
        state.failure = {
          verdict: { status: 'apply-error', message: apiMessage(err) }
        }
        return
      }
    }
  })
  note(
    state,
    'apply',
    `applied ${state.appliedOthers.length} non-DaemonSet object(s)`
  )
}

/** Server-side apply of one DaemonSet; false when it failed. */
async function applyDaemonSet(
  state: RunState,
  run: DaemonSetRun
): Promise<boolean> {
  const key = keyOf(run)
  let head = run.target.item.object as DaemonSet
  const config =
    run.before === null ||
    !templatesEqual(
      run.before.spec?.template,
      (run.target.dryRun as DaemonSet | undefined)?.spec?.template
    )
      ? []
      : changedConfigs(state, run)
  if (config.length > 0 && state.settings.restartOnConfigChange === true) {
    head = withRestart(head, new Date(state.now()).toISOString())
    note(
      state,
      'apply',
      `${key}: ${config.join(', ')} changed and the template did not: pod-template annotation ${RESTARTED_AT_ANNOTATION} bumped (--restart-on-config-change), so the pods restart under the gate`
    )
  }
  try {
    const applied = await state.deps.client.apply<DaemonSet>(head, {
      force: state.settings.force,
      dryRun: false
    })
    run.applied = true
    run.templateChanged =
      run.before === null ||
      !templatesEqual(run.before.spec?.template, applied.spec?.template)
    run.outcome.templateChanged = run.templateChanged
    if (!run.templateChanged && config.length > 0) run.configOnly = config
    note(
      state,
      'apply',
      `applied DaemonSet ${key} (generation ${applied.metadata?.generation ?? '?'}${run.templateChanged ? ', pod template changed: rollout starts' : ', pod template unchanged: no pods replaced (R4.3)'})`
    )
    info(
      state,
      `applied DaemonSet ${key}${run.templateChanged ? '' : ' (pod template unchanged)'}`
    )
    return true
  } catch (err) {
    state.failure = {
      verdict: { status: 'apply-error', message: apiMessage(err) },
      run
    }
    return false
  }
}

/** The gate on one applied DaemonSet (none for OnDelete, R3.14). */
async function gateDaemonSet(
  state: RunState,
  run: DaemonSetRun
): Promise<void> {
  const key = keyOf(run)
  const strategy = (run.target.item.object as DaemonSet).spec?.updateStrategy
    ?.type
  if (strategy === 'OnDelete') {
    run.outcome.gate =
      'OnDelete: no automatic rollout (R3.14); pods take the new template when they are deleted'
    note(state, 'gate', `${key}: ${run.outcome.gate}`)
    return
  }
  const gate = await state.deps.log.group(`Gate ${key}`, () =>
    gatePhase(state, run, 'gate')
  )
  absorbGate(state, gate)
  if (gate.currentRevision !== undefined) {
    if (gate.currentRevision.revision !== undefined)
      run.outcome.revisionAfter = gate.currentRevision.revision
    const hash = revisionHash(gate.currentRevision, run.outcome.name)
    if (hash !== undefined) run.appliedHash = hash
  }
  run.carry = {
    ...run.carry,
    unschedulableNodes: { ...gate.state.unschedulableNodes }
  }
  run.outcome.gate = gate.verdict.message
  run.excluded = gate.state.excluded
  if (gate.verdict.status !== 'succeeded')
    state.failure = { verdict: gate.verdict, run }
}

/** 4. Apply every object in order, gating each DaemonSet before the next. */
export async function applyPhase(state: RunState): Promise<void> {
  await applyOthers(state)
  for (const run of state.runs) {
    if (state.failure !== undefined) break
    if (state.settings.canary !== undefined && run.before !== null) {
      const canaried = await state.deps.log.group(`Canary ${keyOf(run)}`, () =>
        canaryPhase(state, run)
      )
      Object.assign(run, canaried.run)
      Object.assign(run.outcome, canaried.outcome)
      if (canaried.failure !== undefined)
        state.failure = { verdict: canaried.failure, run }
      continue
    }
    if (!(await applyDaemonSet(state, run))) break
    await gateDaemonSet(state, run)
  }
  if (state.failure?.verdict.status === 'apply-error')
    error(state, state.failure.verdict.message)
  for (const run of state.runs)
    if (run.configOnly !== undefined) warn(state, configOnlyWarning(run))
}

/** The plan's config-change-without-rollout warning, repeated after the apply. */
export function configOnlyWarning(run: DaemonSetRun): string {
  return `DaemonSet ${keyOf(run)}: ${(run.configOnly ?? []).join(', ')} changed but the pod template did not, so no pod was replaced (config-change-without-rollout): pods that read it as environment variables or at start keep the old configuration until they restart`
}
