import type { KubeClient } from '../adapters/kube/client.js'
import { KubeApiError } from '../adapters/kube/errors.js'
import { ListWatch } from '../adapters/kube/list-watch.js'
import type {
  DaemonSetOutcome,
  DeployReport,
  ReportTimelineEntry
} from '../core/deploy/report.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import type { GateVerdict, PodProblem } from '../core/gate/types.js'
import { livePlanSeconds, reviewedSeconds } from '../core/deploy/live-plan.js'
import { expandWaves } from '../core/plan/compact.js'
import { progressLine, progressThrottle } from '../core/deploy/progress.js'
import { computeLivePlan } from './live-plan.js'
import type {
  DaemonSet,
  DaemonSetUpdateStrategy,
  KubeObject
} from '../core/k8s/types.js'
import { templatesEqual } from '../core/undo/compare.js'
import { controlledRevisions, latestRevision } from '../core/undo/history.js'
import type { ControllerRevision } from '../core/undo/types.js'
import { runGate, type GateRunResult } from './gate-runner.js'
import { preflight, type Target } from './preflight.js'
import type { ApplyDeps, ApplyOutcome, ApplySettings } from './types.js'
import { undoDaemonSet } from './undo.js'
import {
  CANARY_ANNOTATION,
  readCanaryRecord,
  restoreStrategy,
  runCanaryWaves,
  switchToOnDelete,
  type CanaryRecord
} from './canary.js'
import { PATCH_MERGE } from '../adapters/kube/client.js'

interface DaemonSetRun {
  target: Target
  outcome: DaemonSetOutcome
  before: DaemonSet | null
  applied: boolean
  templateChanged: boolean
  /** Set when a canary's temporary OnDelete strategy could not be restored. */
  restoreProblem?: string
  /** This DaemonSet's estimate and waves, for the ETA (from --plan or the live plan). */
  planned?: { seconds: number; source: string }
  plannedWaves?: number[]
}

function apiMessage(err: unknown): string {
  if (err instanceof KubeApiError) return err.message
  return err instanceof Error ? err.message : String(err)
}

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

/** A recorded object made fit to PUT back: no resourceVersion, managedFields or status. */
export function restorable(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj)
  const meta = { ...(copy.metadata ?? {}) }
  delete meta.resourceVersion
  delete meta['managedFields']
  delete meta['generation']
  delete meta.creationTimestamp
  copy.metadata = meta
  delete copy['status']
  return copy
}

/**
 * The gated apply: preflight, record, apply in order, gate each DaemonSet,
 * and on failure restore recorded ConfigMaps/Secrets, undo the DaemonSets
 * like `kubectl rollout undo` and verify the rollback with the same gate.
 */
export async function runApply(
  settings: ApplySettings,
  deps: ApplyDeps
): Promise<ApplyOutcome> {
  const now = deps.now ?? Date.now
  const t0 = now()
  const { client, log, signal } = deps
  const timeline: ReportTimelineEntry[] = []
  const note = (phase: string, message: string): void => {
    timeline.push({ at: Math.round((now() - t0) / 100) / 10, phase, message })
  }
  const report: DeployReport = {
    result: 'failed',
    summary: '',
    daemonSets: [],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline,
    warnings: [],
    actualSeconds: 0
  }
  if (settings.plannedSeconds !== undefined)
    report.plannedSeconds = settings.plannedSeconds
  const finish = (
    outcome: Omit<ApplyOutcome, 'report' | 'failedNodes'>
  ): ApplyOutcome => {
    report.actualSeconds = Math.round((now() - t0) / 100) / 10
    report.apiRequests = client.requests.total
    report.result = outcome.result
    report.failedNodes = [
      ...new Set(
        report.failing
          .map((p) => p.node)
          .filter((n): n is string => n !== undefined)
      )
    ].sort()
    return { ...outcome, failedNodes: report.failedNodes, report }
  }

  // 1. Preflight: nothing is written unless all of it passes.
  const pre = await log.group('Preflight', () =>
    preflight(
      client,
      settings.objects,
      {
        undo: settings.undo,
        canary: settings.canary !== undefined,
        force: settings.force,
        ...(settings.base === undefined ? {} : { base: settings.base })
      },
      (m) => log.info(m)
    )
  )
  report.warnings.push(...pre.warnings)
  for (const w of pre.warnings) log.warning(w)
  if (!pre.ok) {
    for (const p of pre.problems) log.error(p)
    note(
      'preflight',
      `stopped before any write: ${pre.problems.length} problem(s)`
    )
    report.summary = `Preflight failed; nothing was changed. ${pre.problems.join(' ')}`
    report.clusterState = ['unchanged: the run stopped before any write']
    return finish({ result: 'failed', revisionBefore: '', revisionAfter: '' })
  }
  note('preflight', 'passed')

  // 1b. The plan against the live nodes, logged (and its estimate used for
  // the ETA when no reviewed plan was given).
  let livePlan: Awaited<ReturnType<typeof computeLivePlan>> | undefined
  if (settings.livePlan !== false) {
    livePlan = await log.group('Live plan', async () => {
      const computed = await computeLivePlan(
        client,
        pre.targets,
        pre.canWatchNodes,
        signal,
        settings.reviewedPlan
      )
      if ('skipped' in computed) {
        log.warning(`live plan skipped: ${computed.skipped}`)
        return computed
      }
      for (const line of computed.lines) log.info(line)
      for (const w of computed.warnings) log.warning(w)
      log.info(
        `live plan read ${computed.nodes} node(s) with ${computed.requests} API request(s)`
      )
      return computed
    })
    if ('skipped' in livePlan) {
      report.warnings.push(`live plan skipped: ${livePlan.skipped}`)
      note('live-plan', `skipped: ${livePlan.skipped}`)
    } else {
      report.livePlan = livePlan.lines
      report.livePlanRequests = livePlan.requests
      report.warnings.push(...livePlan.warnings.slice(0, 10))
      for (const line of livePlan.lines) note('live-plan', line)
    }
  }

  // Cancelled during the preflight or while waiting: nothing was written,
  // so nothing is started (and nothing needs undoing).
  const cancelledBeforeWrite = (): ApplyOutcome => {
    report.cancelled = true
    report.summary = 'Cancelled before any write; nothing was changed.'
    report.clusterState = ['unchanged: the run stopped before any write']
    note('cancel', 'cancelled before any write')
    log.warning(report.summary)
    return finish({ result: 'failed', revisionBefore: '', revisionAfter: '' })
  }
  if (signal.aborted) return cancelledBeforeWrite()

  // 2. Concurrency: never overlap with a rollout of the same DaemonSet.
  const runs: DaemonSetRun[] = []
  for (const t of pre.targets) {
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
    if (livePlan !== undefined && !('skipped' in livePlan)) {
      const seconds = livePlanSeconds(
        livePlan.plan,
        outcome.namespace,
        outcome.name
      )
      const ds = livePlan.plan.daemonSets.find(
        (d) =>
          d.namespace === outcome.namespace &&
          d.name === outcome.name &&
          d.change !== 'removed'
      )
      if (ds?.rollout.triggered === true && ds.rollout.waves !== undefined)
        run.plannedWaves = expandWaves(ds.rollout.waves).map((w) => w.nodes)
      if (seconds !== undefined && settings.plannedSeconds === undefined)
        run.planned = { seconds, source: 'live plan' }
    }
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
    runs.push(run)
    report.daemonSets.push(outcome)
  }
  if (settings.plannedSeconds === undefined) {
    const live = runs.flatMap((r) =>
      r.planned === undefined ? [] : [r.planned.seconds]
    )
    if (live.length > 0) {
      report.plannedSeconds = live.reduce((a, b) => a + b, 0)
      report.plannedFrom = 'live plan'
    }
  } else report.plannedFrom = 'plan'

  // An interrupted canary (a killed earlier run) is recognised and undone
  // first: original strategy back, template back to the recorded revision,
  // rollback verified; then this run starts from a clean state.
  for (const run of runs) {
    const record =
      run.before === null ? undefined : readCanaryRecord(run.before)
    if (record === undefined || run.before === null) continue
    const key = `${run.outcome.namespace}/${run.outcome.name}`
    const msg = `DaemonSet ${key} has an interrupted canary (started ${record.startedAt}): restoring its updateStrategy and undoing it to revision ${record.revisionBefore ?? 'previous'} before this run`
    log.warning(msg)
    report.warnings.push(msg)
    note('recover', msg)
    const recovered = await log.group(
      `Recover interrupted canary ${key}`,
      async () => {
        try {
          await restoreStrategy(
            client,
            run.outcome.namespace,
            run.outcome.name,
            record.originalStrategy
          )
          const undone = await undoDaemonSet(
            client,
            run.outcome.namespace,
            run.outcome.name,
            record.revisionBefore ?? 0
          )
          note('recover', undone.message)
          if (undone.kind === 'rolled-back') {
            const verify = await gateWithProgress(
              client,
              run,
              settings,
              deps,
              'recover',
              note,
              pre.canWatchNodes
            )
            if (verify.verdict.status !== 'succeeded')
              return `the recovered rollback did not converge: ${verify.verdict.message}`
          }
          return undefined
        } catch (err) {
          return apiMessage(err)
        }
      }
    )
    if (recovered !== undefined) {
      report.summary = `Not started: could not recover the interrupted canary of DaemonSet ${key}: ${recovered}`
      report.clusterState = await describeState(client, runs)
      return finish({
        result: 'undo-failed',
        revisionBefore: '',
        revisionAfter: ''
      })
    }
    run.before = await client.get<DaemonSet>(
      'apps/v1',
      'DaemonSet',
      run.outcome.name,
      run.outcome.namespace
    )
  }
  for (const run of runs) {
    if (run.before === null || !rolloutInProgress(run.before)) continue
    const key = `${run.outcome.namespace}/${run.outcome.name}`
    if (settings.concurrency === 'refuse') {
      const s = run.before.status ?? {}
      const msg = `a rollout of DaemonSet ${key} is already in progress (${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, observedGeneration ${s.observedGeneration ?? '?'} of ${run.before.metadata?.generation ?? '?'}); refusing to start (use concurrency: wait to wait for it)`
      log.error(msg)
      report.summary = `Not started: ${msg}`
      report.clusterState = ['unchanged: the run stopped before any write']
      note('preflight', msg)
      return finish({ result: 'failed', revisionBefore: '', revisionAfter: '' })
    }
    log.info(
      `waiting up to ${settings.concurrencyWaitSeconds}s for the rollout of ${key} in progress to converge`
    )
    const converged = await waitConverged(
      client,
      run.outcome.namespace,
      run.outcome.name,
      settings.concurrencyWaitSeconds * 1000,
      signal
    )
    if (converged === null) {
      if (signal.aborted) return cancelledBeforeWrite()
      const msg = `the rollout of DaemonSet ${key} already in progress did not converge within ${settings.concurrencyWaitSeconds}s`
      report.summary = `Not started: ${msg}`
      report.clusterState = ['unchanged: the run stopped before any write']
      return finish({ result: 'failed', revisionBefore: '', revisionAfter: '' })
    }
    run.before = converged
  }

  if (signal.aborted) return cancelledBeforeWrite()

  // 3. Record what is live, so the undo can restore it.
  const recorded = pre.targets.filter(
    (t) =>
      (t.item.object.kind === 'ConfigMap' || t.item.object.kind === 'Secret') &&
      t.live !== null
  )
  for (const run of runs) {
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
    'record',
    `recorded ${runs.filter((r) => r.before !== null).length} DaemonSet(s) and ${recorded.length} ConfigMap/Secret(s)`
  )
  const revisionsText = (
    pick: (o: DaemonSetOutcome) => number | undefined
  ): string => {
    if (runs.length === 1) return String(pick(runs[0]!.outcome) ?? '')
    return runs
      .map(
        (r) =>
          `${r.outcome.namespace}/${r.outcome.name}=${pick(r.outcome) ?? ''}`
      )
      .join(',')
  }

  // 4. Apply every object in order, gating each DaemonSet.
  let failure:
    | {
        verdict:
          | GateVerdict
          | { status: 'cancelled'; message: string }
          | { status: 'apply-error'; message: string }
        run?: DaemonSetRun
      }
    | undefined
  const appliedOthers: Target[] = []
  await log.group('Apply', async () => {
    for (const t of pre.targets) {
      if (t.item.object.kind === 'DaemonSet') continue
      try {
        await client.apply(t.item.object, {
          force: settings.force,
          dryRun: false
        })
        appliedOthers.push(t)
        log.info(
          `applied ${t.item.object.kind} ${t.namespace === undefined ? t.name : `${t.namespace}/${t.name}`}`
        )
      } catch (err) {
        failure = {
          verdict: { status: 'apply-error', message: apiMessage(err) }
        }
        log.error(apiMessage(err))
        return
      }
    }
  })
  note('apply', `applied ${appliedOthers.length} non-DaemonSet object(s)`)

  for (const run of runs) {
    if (failure !== undefined) break
    const key = `${run.outcome.namespace}/${run.outcome.name}`
    if (settings.canary !== undefined && run.before !== null) {
      const canaried = await log.group(`Canary ${key}`, () =>
        canaryRollout(
          client,
          run,
          settings,
          deps,
          note,
          pre.canWatchNodes,
          report
        )
      )
      if (canaried !== undefined) failure = { verdict: canaried, run }
      continue
    }
    try {
      const applied = await client.apply<DaemonSet>(run.target.item.object, {
        force: settings.force,
        dryRun: false
      })
      run.applied = true
      run.templateChanged =
        run.before === null ||
        !templatesEqual(run.before.spec?.template, applied.spec?.template)
      run.outcome.templateChanged = run.templateChanged
      note(
        'apply',
        `applied DaemonSet ${key} (generation ${applied.metadata?.generation ?? '?'}${run.templateChanged ? ', pod template changed: rollout starts' : ', pod template unchanged: no pods replaced (R4.3)'})`
      )
      log.info(
        `applied DaemonSet ${key}${run.templateChanged ? '' : ' (pod template unchanged)'}`
      )
    } catch (err) {
      failure = {
        verdict: { status: 'apply-error', message: apiMessage(err) },
        run
      }
      log.error(apiMessage(err))
      break
    }
    const strategyType = (run.target.item.object as DaemonSet).spec
      ?.updateStrategy?.type
    if (strategyType === 'OnDelete') {
      // R3.14: an OnDelete DaemonSet replaces no pods by itself; there is no rollout to gate.
      run.outcome.gate =
        'OnDelete: no automatic rollout (R3.14); pods take the new template when they are deleted'
      note('gate', `${key}: ${run.outcome.gate}`)
      continue
    }
    const gate = await log.group(`Gate ${key}`, () =>
      gateWithProgress(
        client,
        run,
        settings,
        deps,
        'gate',
        note,
        pre.canWatchNodes
      )
    )
    absorbGate(report, gate)
    if (gate.currentRevision?.revision !== undefined)
      run.outcome.revisionAfter = gate.currentRevision.revision
    run.outcome.gate = gate.verdict.message
    if (gate.verdict.status !== 'succeeded') {
      failure = { verdict: gate.verdict, run }
    }
  }

  if (failure === undefined) {
    report.summary = `Rolled out ${runs.map((r) => `${r.outcome.namespace}/${r.outcome.name}`).join(', ') || `${appliedOthers.length} object(s)`}: ${runs.map((r) => r.outcome.gate).join('; ')}`
    log.info(report.summary)
    return finish({
      result: 'rolled-out',
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    })
  }

  // 5. Failure: undo (unless told not to), then verify the rollback.
  const cancelled = failure.verdict.status === 'cancelled' || signal.aborted
  report.cancelled = cancelled
  const why = failure.verdict.message
  note(cancelled ? 'cancel' : 'gate', `failed: ${why}`)
  const doUndo = cancelled ? settings.onCancel === 'undo' : settings.undo
  if (!doUndo) {
    report.summary = cancelled
      ? `Cancelled; the rollout is left as it is (on-cancel: leave). ${why}`
      : `Failed: ${why}. Automatic undo is off; the rollout is left as it is.`
    report.clusterState = await describeState(client, runs)
    return finish({
      result: 'failed',
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    })
  }

  const undoProblems: string[] = [
    ...runs.flatMap((r) =>
      r.restoreProblem === undefined ? [] : [r.restoreProblem]
    )
  ]
  await log.group('Undo', async () => {
    for (const t of appliedOthers) {
      if (
        (t.item.object.kind === 'ConfigMap' ||
          t.item.object.kind === 'Secret') &&
        t.live === null
      )
        note(
          'undo',
          `${t.item.object.kind} ${t.namespace}/${t.name} was created by this run and is left in place`
        )
    }
    // Config first, so old-template pods start on the old configuration.
    for (const t of recorded) {
      if (!appliedOthers.includes(t) || t.live === null) continue
      try {
        await client.replace(restorable(t.live))
        note('undo', `restored ${t.item.object.kind} ${t.namespace}/${t.name}`)
        log.info(`restored ${t.item.object.kind} ${t.namespace}/${t.name}`)
      } catch (err) {
        undoProblems.push(
          `${t.item.object.kind} ${t.namespace}/${t.name} not restored: ${apiMessage(err)}`
        )
      }
    }
    for (const run of [...runs].reverse()) {
      if (!run.applied || !run.templateChanged) continue
      const key = `${run.outcome.namespace}/${run.outcome.name}`
      if (run.before === null) {
        undoProblems.push(
          `DaemonSet ${key} was created by this run; it has no earlier revision to go back to and is left in place (delete it with: kubectl -n ${run.outcome.namespace} delete daemonset ${run.outcome.name})`
        )
        run.outcome.undo = 'not possible: created by this run'
        continue
      }
      try {
        const undone = await undoDaemonSet(
          client,
          run.outcome.namespace,
          run.outcome.name,
          run.outcome.revisionBefore ?? 0
        )
        run.outcome.undo = `${undone.message} to revision ${undone.toRevision}`
        for (const w of undone.warnings) {
          report.warnings.push(w)
          log.warning(w)
        }
        note(
          'undo',
          `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
        )
        log.info(undone.message)
      } catch (err) {
        run.outcome.undo = `failed: ${apiMessage(err)}`
        undoProblems.push(`DaemonSet ${key}: undo failed: ${apiMessage(err)}`)
      }
    }
  })

  if (undoProblems.length > 0) {
    for (const p of undoProblems) log.error(p)
    report.summary = `Failed: ${why}. The undo did not complete: ${undoProblems.join(' ')}`
    report.clusterState = [
      ...undoProblems,
      ...(await describeState(client, runs))
    ]
    return finish({
      result: 'undo-failed',
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    })
  }
  if (cancelled) {
    report.summary = `Cancelled; the rollout was undone (on-cancel: undo) but not verified, as the run is stopping. ${why}`
    report.clusterState = await describeState(client, runs)
    return finish({
      result: 'rolled-back',
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    })
  }

  // Verify: the rollback must converge under the same gate.
  const verifyProblems: string[] = []
  for (const run of runs) {
    if (!run.applied || !run.templateChanged || run.before === null) continue
    const key = `${run.outcome.namespace}/${run.outcome.name}`
    const verify = await log.group(`Verify rollback ${key}`, () =>
      gateWithProgress(
        client,
        run,
        settings,
        deps,
        'verify',
        note,
        pre.canWatchNodes
      )
    )
    run.outcome.verify = verify.verdict.message
    if (verify.verdict.status !== 'succeeded') {
      verifyProblems.push(
        `DaemonSet ${key}: the rollback did not converge: ${verify.verdict.message}`
      )
      if (verify.verdict.status === 'failed')
        report.failing.push(...verify.verdict.failing)
    }
    if (verify.currentRevision?.revision !== undefined)
      run.outcome.revisionAfter = verify.currentRevision.revision
  }
  if (verifyProblems.length > 0) {
    report.summary = `Failed: ${why}. Rolled back, but the rollback did not converge: ${verifyProblems.join(' ')}`
    report.clusterState = [
      ...verifyProblems,
      ...(await describeState(client, runs))
    ]
    return finish({
      result: 'undo-failed',
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    })
  }
  report.summary = `Failed: ${why}. Rolled back to the previous revision and verified that the rollback converged.`
  log.info(report.summary)
  return finish({
    result: 'rolled-back',
    revisionBefore: revisionsText((o) => o.revisionBefore),
    revisionAfter: revisionsText((o) => o.revisionAfter)
  })
}

function absorbGate(report: DeployReport, gate: GateRunResult): void {
  if (gate.verdict.status === 'failed')
    report.failing.push(...gate.verdict.failing)
  for (const p of gate.state.nodeProblems) {
    if (
      !report.nodeProblems.some(
        (q: PodProblem) => q.pod === p.pod && q.reason === p.reason
      )
    )
      report.nodeProblems.push(p)
  }
}

async function gateWithProgress(
  client: KubeClient,
  run: DaemonSetRun,
  settings: ApplySettings,
  deps: ApplyDeps,
  phase: string,
  note: (phase: string, message: string) => void,
  watchNodes: boolean
): Promise<GateRunResult> {
  const now = deps.now ?? Date.now
  const key = `${run.outcome.namespace}/${run.outcome.name}`
  const throttle = progressThrottle()
  const started = now()
  const rolling = phase === 'gate' && settings.canary === undefined
  let paceFrom: number | undefined
  const result = await runGate(
    run.outcome.namespace,
    run.outcome.name,
    settings.gate,
    {
      client,
      now,
      watchNodes,
      log: (m) => deps.log.warning(m),
      ...(deps.listWatchOptions === undefined
        ? {}
        : { listWatchOptions: deps.listWatchOptions }),
      onProgress: (p, verdict) => {
        const t = now()
        // The pace counts from the first observed status of this change.
        if (paceFrom === undefined && p.observed) paceFrom = p.updated
        const status =
          verdict.status === 'waiting' ? verdict.phase : verdict.status
        if (!throttle.shouldPrint(t, status, verdict.status === 'waiting'))
          return
        deps.log.info(
          progressLine({
            key,
            phase,
            progress: p,
            elapsedSeconds: (t - started) / 1000,
            // The plan estimates the DaemonSet's own rolling update, not
            // canary waves (whose final gate only confirms completion).
            ...(rolling && run.planned !== undefined
              ? { planned: run.planned }
              : {}),
            ...(rolling && run.plannedWaves !== undefined
              ? { plannedWaves: run.plannedWaves }
              : {}),
            soaking: verdict.status === 'waiting' && verdict.phase === 'soak',
            ...(paceFrom === undefined ? {} : { paceFrom })
          })
        )
      }
    },
    deps.signal
  )
  for (const entry of result.state.timeline) {
    if (entry.kind === 'started') continue
    note(phase, `${key}: ${entry.message}`)
  }
  const w = result.watchStats
  note(
    phase,
    `${key}: ${w.watches} watch request(s), ${w.reconnects} reconnect(s) after drops, ${w.relists410} re-list(s) after 410 Gone`
  )
  return result
}

async function waitConverged(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
  signal: AbortSignal
): Promise<DaemonSet | null> {
  let resolve!: (ds: DaemonSet | null) => void
  const done = new Promise<DaemonSet | null>((r) => (resolve = r))
  const watch = new ListWatch<DaemonSet>(
    client,
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

/** One line per DaemonSet saying where it stands now (for failed and undo-failed). */
async function describeState(
  client: KubeClient,
  runs: DaemonSetRun[]
): Promise<string[]> {
  const lines: string[] = []
  for (const run of runs) {
    const key = `${run.outcome.namespace}/${run.outcome.name}`
    try {
      const ds = await client.get<DaemonSet>(
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

/**
 * Canary rollout of one existing DaemonSet: OnDelete for the duration (the
 * original strategy recorded on the object), the new template applied,
 * canary nodes then waves replaced and gated; the strategy is restored on
 * every exit path. Returns the failure verdict, or undefined on success.
 */
async function canaryRollout(
  client: KubeClient,
  run: DaemonSetRun,
  settings: ApplySettings,
  deps: ApplyDeps,
  note: (phase: string, message: string) => void,
  watchNodes: boolean,
  report: DeployReport
): Promise<
  | GateVerdict
  | { status: 'cancelled'; message: string }
  | { status: 'apply-error'; message: string }
  | undefined
> {
  const before = run.before as DaemonSet
  const { namespace, name } = run.outcome
  const key = `${namespace}/${name}`
  const head = run.target.item.object as DaemonSet
  const canary = settings.canary as NonNullable<ApplySettings['canary']>
  try {
    const dry = await client.apply<DaemonSet>(head, {
      force: settings.force,
      dryRun: true
    })
    if (templatesEqual(before.spec?.template, dry.spec?.template)) {
      await client.apply(head, { force: settings.force, dryRun: false })
      run.applied = true
      run.outcome.gate = 'pod template unchanged (R4.3): no canary needed'
      note('canary', `${key}: ${run.outcome.gate}`)
      return undefined
    }
  } catch (err) {
    return { status: 'apply-error', message: apiMessage(err) }
  }
  const original: DaemonSetUpdateStrategy = before.spec?.updateStrategy ?? {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1 }
  }
  const record: CanaryRecord = {
    originalStrategy: original,
    startedAt: new Date((deps.now ?? Date.now)()).toISOString()
  }
  if (run.outcome.revisionBefore !== undefined)
    record.revisionBefore = run.outcome.revisionBefore
  const maxUnavailable = original.rollingUpdate?.maxUnavailable ?? 1
  let succeeded = false
  const now = deps.now ?? Date.now
  const started = now()
  const throttle = progressThrottle()
  let waveLabel: string | undefined
  try {
    await switchToOnDelete(client, namespace, name, record)
    note(
      'canary',
      `${key}: updateStrategy switched to OnDelete for the canary (original recorded in ${CANARY_ANNOTATION})`
    )
    const onDelete = structuredClone(head)
    onDelete.spec = {
      ...(onDelete.spec ?? {}),
      updateStrategy: { type: 'OnDelete' }
    }
    await client.apply(onDelete, { force: settings.force, dryRun: false })
    run.applied = true
    run.templateChanged = true
    run.outcome.templateChanged = true
    const result = await runCanaryWaves(
      namespace,
      name,
      canary,
      maxUnavailable,
      settings.waves,
      settings.gate,
      {
        client,
        signal: deps.signal,
        ...(deps.now === undefined ? {} : { now: deps.now }),
        log: (m) => deps.log.info(`[${key}] ${m}`),
        note: (m) => note('canary', `${key}: ${m}`),
        watchNodes,
        ...(deps.listWatchOptions === undefined
          ? {}
          : { listWatchOptions: deps.listWatchOptions }),
        onWave: (label) => {
          waveLabel = label
          throttle.reset()
        },
        onProgress: (p, verdict) => {
          const t = now()
          const status =
            verdict.status === 'waiting' ? verdict.phase : verdict.status
          if (!throttle.shouldPrint(t, status, verdict.status === 'waiting'))
            return
          deps.log.info(
            progressLine({
              key,
              phase: 'canary',
              progress: p,
              elapsedSeconds: (t - started) / 1000,
              ...(waveLabel === undefined ? {} : { waveLabel }),
              soaking: verdict.status === 'waiting' && verdict.phase === 'soak'
            })
          )
        }
      }
    )
    for (const g of result.gates) absorbGate(report, g)
    if (result.currentRevision?.revision !== undefined)
      run.outcome.revisionAfter = result.currentRevision.revision
    if (result.verdict.status !== 'succeeded') {
      run.outcome.gate = `canary failed after ${result.wavesDone} of ${result.plan.length} wave(s): ${result.verdict.message}`
      return result.verdict
    }
    // Done: the manifest as written (its own strategy) and no canary record.
    await client.apply(head, { force: settings.force, dryRun: false })
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
    succeeded = true
    note(
      'canary',
      `${key}: all ${result.plan.length} wave(s) passed; updateStrategy restored from the manifest`
    )
    const final = await gateWithProgress(
      client,
      run,
      settings,
      deps,
      'gate',
      note,
      watchNodes
    )
    absorbGate(report, final)
    run.outcome.gate = `canary + ${result.plan.length - 1} wave(s) passed; ${final.verdict.message}`
    return final.verdict.status === 'succeeded' ? undefined : final.verdict
  } catch (err) {
    return { status: 'apply-error', message: apiMessage(err) }
  } finally {
    if (!succeeded) {
      try {
        await restoreStrategy(client, namespace, name, original)
        note(
          'canary',
          `${key}: original updateStrategy restored (${original.type ?? 'RollingUpdate'})`
        )
      } catch (err) {
        run.restoreProblem = `DaemonSet ${key}: its updateStrategy is still OnDelete; restoring ${JSON.stringify(original)} failed: ${apiMessage(err)}`
      }
    }
  }
}
