import type { KubeClient } from '../adapters/kube/client.js'
import { KubeApiError } from '../adapters/kube/errors.js'
import type { DeployReport, DeployResult } from '../core/deploy/report.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import type { GateOptions } from '../core/gate/types.js'
import type { DaemonSet } from '../core/k8s/types.js'
import { templatesEqual } from '../core/undo/compare.js'
import { controlledRevisions } from '../core/undo/history.js'
import type { ControllerRevision } from '../core/undo/types.js'
import { progressLine, progressThrottle } from '../core/deploy/progress.js'
import { runGate } from './gate-runner.js'
import type { Logger } from './types.js'
import { undoDaemonSet } from './undo.js'

export interface UndoSettings {
  namespace: string
  name: string
  /** 0: the previous revision (R6.3). */
  toRevision: number
  dryRun: boolean
  /** Wait for the rollback to converge under the gate. */
  verify: boolean
  gate: GateOptions
}

export interface UndoRunOutcome {
  result: DeployResult
  message: string
  revisionBefore: string
  revisionAfter: string
  report: DeployReport
}

async function currentRevisionNumber(
  client: KubeClient,
  ds: DaemonSet
): Promise<number | undefined> {
  const list = await client.list<ControllerRevision>(
    `/apis/apps/v1/namespaces/${encodeURIComponent(ds.metadata?.namespace ?? 'default')}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || undefined }
  )
  return controlledRevisions(list.items, ds)
    .filter((r) =>
      templatesEqual(
        ds.spec?.template,
        (r.data as { spec?: { template?: unknown } } | undefined)?.spec
          ?.template
      )
    )
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]?.revision
}

/**
 * The undo mode: kubectl-equivalent undo of one DaemonSet, then (unless
 * dry run or told not to) the same gate as apply on the rollback.
 * "No revision to go back to" and a missing DaemonSet are UserErrors.
 */
export async function runUndo(
  settings: UndoSettings,
  deps: {
    client: KubeClient
    log: Logger
    signal: AbortSignal
    now?: () => number
  }
): Promise<UndoRunOutcome> {
  const now = deps.now ?? Date.now
  const t0 = now()
  const { client, log } = deps
  const key = `${settings.namespace}/${settings.name}`
  const report: DeployReport = {
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
  const outcome = report.daemonSets[0]!
  const done = (result: DeployResult, message: string): UndoRunOutcome => {
    report.result = result
    report.summary = message
    report.actualSeconds = Math.round((now() - t0) / 100) / 10
    report.apiRequests = client.requests.total
    report.failedNodes = [
      ...new Set(
        report.failing
          .map((p) => p.node)
          .filter((n): n is string => n !== undefined)
      )
    ].sort()
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
    const before = await currentRevisionNumber(client, live)
    if (before !== undefined) outcome.revisionBefore = before
  }
  let undone
  try {
    undone = await log.group(`Undo ${key}`, () =>
      undoDaemonSet(
        client,
        settings.namespace,
        settings.name,
        settings.toRevision,
        { dryRun: settings.dryRun, signal: deps.signal }
      )
    )
  } catch (err) {
    if (err instanceof KubeApiError) {
      outcome.undo = `failed: ${err.message}`
      return done(
        'undo-failed',
        `undo of DaemonSet ${key} failed: ${err.message}; the DaemonSet is unchanged`
      )
    }
    throw err
  }
  for (const w of undone.warnings) {
    log.warning(w)
    report.warnings.push(w)
  }
  log.info(undone.message)
  outcome.undo = undone.message
  report.timeline.push({
    at: 0,
    phase: 'undo',
    message: `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
  })
  if (undone.kind === 'skipped' || !settings.verify) {
    outcome.revisionAfter = undone.toRevision
    return done('rolled-back', undone.message)
  }
  const verifyStarted = now()
  const throttle = progressThrottle()
  const gate = await log.group(`Verify rollback ${key}`, () =>
    runGate(
      settings.namespace,
      settings.name,
      settings.gate,
      {
        client,
        now,
        watchNodes: true,
        log: (m) => log.warning(m),
        onProgress: (p, verdict) => {
          // One line per 5 s, or when the gate's phase changes.
          const t = now()
          const status =
            verdict.status === 'waiting' ? verdict.phase : verdict.status
          if (!throttle.shouldPrint(t, status, verdict.status === 'waiting'))
            return
          log.info(
            progressLine({
              key,
              phase: 'verify',
              progress: p,
              elapsedSeconds: (t - verifyStarted) / 1000,
              soaking: verdict.status === 'waiting' && verdict.phase === 'soak'
            })
          )
        }
      },
      deps.signal
    )
  )
  for (const t of gate.state.timeline)
    report.timeline.push({ at: t.at, phase: 'verify', message: t.message })
  if (gate.currentRevision?.revision !== undefined)
    outcome.revisionAfter = gate.currentRevision.revision
  outcome.verify = gate.verdict.message
  if (gate.verdict.status === 'succeeded')
    return done('rolled-back', `${undone.message}; ${gate.verdict.message}`)
  if (gate.verdict.status === 'failed')
    report.failing.push(...gate.verdict.failing)
  return done(
    'undo-failed',
    `${undone.message}, but the rollback did not converge: ${gate.verdict.message}`
  )
}
