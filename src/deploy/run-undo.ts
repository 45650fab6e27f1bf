import type { KubeClient } from '../adapters/kube/client.js'
import { KubeApiError } from '../adapters/kube/errors.js'
import {
  refusedUndoSteps,
  stuckNodeSteps,
  podSteps
} from '../core/deploy/next-steps.js'
import {
  closeReport,
  type DeployReport,
  type DeployResult
} from '../core/deploy/report.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import type { GateOptions } from '../core/gate/types.js'
import type { DaemonSet } from '../core/k8s/types.js'
import { templatesEqual } from '../core/undo/compare.js'
import { templateDiff, templateImages } from '../core/undo/describe.js'
import { controlledRevisions, revisionTemplate } from '../core/undo/history.js'
import {
  isRolledBackFrom,
  readRolledBackFrom
} from '../core/undo/rolled-back-from.js'
import type { ControllerRevision } from '../core/undo/types.js'
import { describeExclusion } from '../core/gate/done.js'
import { eventBus, progressPrinter } from './engine/events.js'
import { progressEmitter } from './engine/gate-phase.js'
import { runGate, type GateRunResult } from './gate-runner.js'
import type { Logger } from './types.js'
import { undoDaemonSet, type UndoOutcome, type UndoPreview } from './undo.js'

export interface UndoSettings {
  namespace: string
  name: string
  /** 0: the previous revision (R6.3). */
  toRevision: number
  dryRun: boolean
  /** Wait for the rollback to converge under the gate. */
  verify: boolean
  gate: GateOptions
  /** Undo even into the revision a ds-rollout apply rolled back from. */
  force?: boolean
}

export interface UndoRunOutcome {
  result: DeployResult
  message: string
  revisionBefore: string
  revisionAfter: string
  report: DeployReport
}

interface UndoDeps {
  client: KubeClient
  log: Logger
  signal: AbortSignal
  now?: () => number
}

async function currentRevision(
  client: KubeClient,
  ds: DaemonSet
): Promise<ControllerRevision | undefined> {
  const list = await client.list<ControllerRevision>(
    `/apis/apps/v1/namespaces/${encodeURIComponent(ds.metadata?.namespace ?? 'default')}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || undefined }
  )
  return controlledRevisions(list.items, ds)
    .filter((r) => templatesEqual(ds.spec?.template, revisionTemplate(r)))
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
}

/** The target's images and its template against the live one, for every undo. */
function previewLines(preview: UndoPreview): string[] {
  const target = preview.target
  const n = target.revision ?? '?'
  const diff = templateDiff(
    preview.live.spec?.template as never,
    revisionTemplate(target)
  )
  return [
    `target: revision ${n} (${target.metadata?.name ?? '?'}), images ${templateImages(revisionTemplate(target)).join(', ') || '(none)'}`,
    `live: images ${templateImages(preview.live.spec?.template).join(', ') || '(none)'}`,
    ...(diff.length === 0
      ? ['template: the same as the live one (R6.9)']
      : [
          `template changes, live -> revision ${n}:`,
          ...diff.map((d) => `  ${d}`)
        ])
  ]
}

/** Refuse to go forward into the release a ds-rollout apply rolled back from. */
function guardFor(settings: UndoSettings) {
  return (preview: UndoPreview): string | undefined => {
    if (settings.force === true || settings.toRevision !== 0) return undefined
    const record = readRolledBackFrom(preview.live)
    if (record === undefined) return undefined
    if (!isRolledBackFrom(record, preview.target, settings.name))
      return undefined
    return `refusing to undo DaemonSet ${settings.namespace}/${settings.name} to revision ${preview.target.revision ?? '?'}: it is the release a ds-rollout apply rolled back from at ${record.at} (images ${record.images.join(', ')}; ${record.reason}). "The previous revision" after a rollback is the failed one (R6.3); name it with --to-revision ${preview.target.revision ?? '?'} to go there anyway, or pass --force`
  }
}

/** The verification of the rollback, with progress lines. */
async function verifyUndo(
  settings: UndoSettings,
  deps: UndoDeps
): Promise<GateRunResult> {
  const now = deps.now ?? Date.now
  const key = `${settings.namespace}/${settings.name}`
  const emit = eventBus([progressPrinter(deps.log)])
  const progress = progressEmitter(emit, now, { key, phase: 'verify' })
  return deps.log.group(`Verify rollback ${key}`, () =>
    runGate(
      settings.namespace,
      settings.name,
      settings.gate,
      {
        client: deps.client,
        now,
        watchNodes: true,
        log: (m) => deps.log.warning(m),
        onProgress: progress.onProgress
      },
      deps.signal
    )
  )
}

function newReport(settings: UndoSettings): DeployReport {
  return {
    mode: 'undo',
    result: 'undo-failed',
    summary: '',
    daemonSets: [{ namespace: settings.namespace, name: settings.name }],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline: [],
    warnings: [],
    actualSeconds: 0
  }
}

/** Which release is live now: revision and images. */
async function liveLine(
  client: KubeClient,
  settings: UndoSettings
): Promise<string | undefined> {
  const ds = await client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    settings.name,
    settings.namespace
  )
  if (ds === null) return undefined
  const rev = await currentRevision(client, ds)
  return `live now: DaemonSet ${settings.namespace}/${settings.name} at revision ${rev?.revision ?? '?'}, images ${templateImages(ds.spec?.template).join(', ')}`
}

/**
 * The undo mode: kubectl-equivalent undo of one DaemonSet, then (unless
 * dry run or told not to) the same gate as apply on the rollback. Every
 * undo shows the target's images and template diff; an undo into the
 * release a ds-rollout apply rolled back from is refused unless named.
 * "No revision to go back to" and a missing DaemonSet are UserErrors.
 */
export async function runUndo(
  settings: UndoSettings,
  deps: UndoDeps
): Promise<UndoRunOutcome> {
  const now = deps.now ?? Date.now
  const t0 = now()
  const { client, log } = deps
  const key = `${settings.namespace}/${settings.name}`
  const report = newReport(settings)
  const outcome = report.daemonSets[0]!
  const done = (
    result: DeployResult,
    message: string,
    nextSteps: string[] = []
  ): UndoRunOutcome => {
    report.result = result
    report.summary = message
    if (nextSteps.length > 0) report.nextSteps = nextSteps
    closeReport(report, now() - t0, client.requests.total)
    return {
      result,
      message,
      revisionBefore: String(outcome.revisionBefore ?? ''),
      revisionAfter: String(outcome.revisionAfter ?? ''),
      report
    }
  }
  const live = await client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    settings.name,
    settings.namespace
  )
  if (live !== null) {
    const before = await currentRevision(client, live)
    if (before?.revision !== undefined) outcome.revisionBefore = before.revision
  }
  let undone: UndoOutcome
  try {
    undone = await log.group(`Undo ${key}`, async () => {
      const result = await undoDaemonSet(
        client,
        settings.namespace,
        settings.name,
        settings.toRevision,
        {
          dryRun: settings.dryRun,
          signal: deps.signal,
          guard: guardFor(settings)
        }
      )
      if (result.preview !== undefined) {
        report.undoTarget = previewLines(result.preview)
        for (const line of report.undoTarget) log.info(line)
      }
      return result
    })
  } catch (err) {
    if (err instanceof KubeApiError) {
      outcome.undo = `failed: ${err.message}`
      return done(
        'undo-failed',
        `undo of DaemonSet ${key} failed: ${err.message}; the DaemonSet is unchanged`,
        [
          `Check the DaemonSet and its history: kubectl -n ${settings.namespace} rollout history daemonset/${settings.name}`
        ]
      )
    }
    throw err
  }
  for (const w of undone.warnings) {
    log.warning(w)
    report.warnings.push(w)
  }
  outcome.undo = undone.message
  report.timeline.push({
    at: Math.round((now() - t0) / 100) / 10,
    phase: 'undo',
    message: `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
  })
  if (undone.kind === 'refused')
    return done(
      'failed',
      `Not undone: ${undone.message}.`,
      refusedUndoSteps(settings, undone.toRevision)
    )
  log.info(undone.message)
  if (undone.kind === 'skipped' || !settings.verify || settings.dryRun) {
    outcome.revisionAfter = undone.toRevision
    const liveNow = settings.dryRun
      ? undefined
      : await liveLine(client, settings)
    return done(
      'rolled-back',
      `${undone.message}${settings.dryRun ? ` (dry run: would go to revision ${undone.toRevision}; nothing was changed)` : ''}${liveNow === undefined ? '' : `; ${liveNow}`}`
    )
  }
  return verified(settings, deps, undone, report, done, t0)
}

async function verified(
  settings: UndoSettings,
  deps: UndoDeps,
  undone: UndoOutcome,
  report: DeployReport,
  done: (r: DeployResult, m: string, s?: string[]) => UndoRunOutcome,
  t0: number
): Promise<UndoRunOutcome> {
  const outcome = report.daemonSets[0]!
  const gate = await verifyUndo(settings, deps)
  const offset = (gate.state.startedAt - t0) / 1000
  for (const t of gate.state.timeline)
    report.timeline.push({
      at: Math.round((offset + t.at) * 10) / 10,
      phase: 'verify',
      message: t.message
    })
  if (gate.currentRevision?.revision !== undefined)
    outcome.revisionAfter = gate.currentRevision.revision
  outcome.verify = gate.verdict.message
  report.nodeProblems.push(...gate.state.nodeProblems)
  const excluded = gate.state.excluded
  if (excluded.length > 0)
    report.warnings.push(
      `the rollback counts as done without ${excluded.map(describeExclusion).join(', ')}: NotReady or unreachable, no pod there can become available`
    )
  const liveNow = (await liveLine(deps.client, settings)) ?? ''
  if (gate.verdict.status === 'succeeded')
    return done(
      'rolled-back',
      `${undone.message}; ${gate.verdict.message}; ${liveNow}`,
      stuckNodeSteps(excluded)
    )
  if (gate.verdict.status === 'failed')
    report.failing.push(...gate.verdict.failing)
  return done(
    'undo-failed',
    `${undone.message}, but the rollback did not converge: ${gate.verdict.message}; ${liveNow}`,
    [...podSteps(report.failing), ...stuckNodeSteps(excluded)]
  )
}
