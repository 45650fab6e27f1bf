import type { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../adapters/kube/client.js'
import {
  kubeConfigSecrets,
  loadKubeConfig
} from '../adapters/kube/kubeconfig.js'
import { checkPlanVersion } from '../core/plan/serialize.js'
import type { DeployReport } from '../core/deploy/report.js'
import { renderDeployReport } from '../core/render/deploy-report.js'
import type { ManifestObject } from '../core/manifests/types.js'
import { runApply } from '../deploy/apply.js'
import { runUndo } from '../deploy/run-undo.js'
import {
  plannedSeconds,
  type ApplyModeOptions,
  type UndoModeOptions
} from '../deploy/settings.js'
import type { Logger } from '../deploy/types.js'
import { OUTPUTS } from '../util/constants.js'
import { UserError } from '../util/errors.js'

/** Inputs shared by both modes, as the Action reads them (strings; '' = unset). */
export interface KubeInputs {
  /** `kubeconfig`: the file's content (a secret). */
  kubeconfig: string
  /** `kubeconfig-path`. */
  kubeconfigPath: string
  context: string
}

export interface ApplyModeSettings extends KubeInputs {
  /** Head manifest paths (the `head` input, one per line). */
  head: string[]
  /** Base manifest paths for the drift check (optional). */
  base: string[]
  /** Path of the plan JSON from plan mode (optional): ETA and planned vs actual. */
  planFile: string
  /** The apply settings, parsed with the CLI's rules (src/deploy/settings.ts). */
  apply: ApplyModeOptions
}

export interface UndoModeSettings extends KubeInputs {
  /** The undo settings, parsed with the CLI's rules (src/deploy/settings.ts). */
  undo: UndoModeOptions
}

export interface DeployModeDeps {
  log: Logger
  setOutput(name: string, value: string): void
  /** core.setSecret: masks a value in all later log output. */
  setSecret(value: string): void
  /** Writes the Markdown job summary. */
  writeSummary(markdown: string): Promise<void>
  loadManifests(paths: string[]): Promise<ManifestObject[]>
  readJson(path: string): Promise<unknown>
  /** Aborted on SIGTERM/SIGINT (a cancelled workflow). */
  signal: AbortSignal
  /** Tests: build the client from the loaded kubeconfig. */
  makeClient?: (kc: KubeConfig) => KubeClient
}

export interface ModeResult {
  result: 'rolled-out' | 'rolled-back' | 'failed' | 'undo-failed'
  /** Whether the step should fail (anything but rolled-out for apply; anything but rolled-back for undo). */
  failed: boolean
  message: string
}

/** Loads the kubeconfig and masks every credential in it before anything is logged. */
function connect(inputs: KubeInputs, deps: DeployModeDeps): KubeClient {
  if (inputs.kubeconfig.trim() !== '') {
    // Mask the raw content's secret-looking lines even if it fails to parse.
    for (const line of inputs.kubeconfig.split('\n')) {
      const m =
        /^\s*(token|client-key-data|client-certificate-data|password|access-token|refresh-token|id-token|client-secret)\s*:\s*(\S+)\s*$/.exec(
          line
        )
      if (m?.[2] !== undefined && m[2].length >= 4)
        deps.setSecret(m[2].replace(/^["']|["']$/g, ''))
    }
  }
  const kc = loadKubeConfig({
    ...(inputs.kubeconfig.trim() !== '' ? { content: inputs.kubeconfig } : {}),
    ...(inputs.kubeconfigPath.trim() !== ''
      ? { path: inputs.kubeconfigPath.trim() }
      : {}),
    ...(inputs.context.trim() !== '' ? { context: inputs.context.trim() } : {})
  })
  for (const secret of kubeConfigSecrets(kc)) deps.setSecret(secret)
  return deps.makeClient?.(kc) ?? new KubeClient(kc)
}

/**
 * The Action's `mode: apply`: preflight, server-side apply, gate, automatic
 * verified undo. Sets the outputs result, revision-before, revision-after,
 * failed-nodes and writes the job summary.
 */
export async function runApplyMode(
  settings: ApplyModeSettings,
  deps: DeployModeDeps
): Promise<ModeResult> {
  if (settings.head.length === 0)
    throw new UserError('the head input is required for mode apply')
  const client = connect(settings, deps)
  const objects = await deps.loadManifests(settings.head)
  if (objects.length === 0)
    throw new UserError(
      `no Kubernetes objects found in ${settings.head.join(', ')}`
    )
  const base =
    settings.base.length > 0
      ? await deps.loadManifests(settings.base)
      : undefined
  const reviewed =
    settings.planFile.trim() === ''
      ? undefined
      : checkPlanVersion(
          await deps.readJson(settings.planFile.trim()),
          settings.planFile.trim()
        )
  const planned = reviewed === undefined ? undefined : plannedSeconds(reviewed)
  const outcome = await runApply(
    {
      objects,
      ...(base === undefined ? {} : { base }),
      ...settings.apply,
      ...(planned === undefined ? {} : { plannedSeconds: planned }),
      ...(reviewed === undefined ? {} : { reviewedPlan: reviewed })
    },
    { client, log: deps.log, signal: deps.signal }
  )
  logNextSteps(deps, outcome.report, outcome.result === 'rolled-out')
  deps.setOutput(OUTPUTS.result, outcome.result)
  deps.setOutput(OUTPUTS.revisionBefore, outcome.revisionBefore)
  deps.setOutput(OUTPUTS.revisionAfter, outcome.revisionAfter)
  deps.setOutput(OUTPUTS.failedNodes, outcome.failedNodes.join(','))
  await deps.writeSummary(renderDeployReport(outcome.report))
  return {
    result: outcome.result,
    failed: outcome.result !== 'rolled-out',
    message: outcome.report.summary
  }
}

/**
 * The summary once (a failed run's goes to core.setFailed instead), then
 * the next steps, in the log (the report has them too).
 */
function logNextSteps(
  deps: DeployModeDeps,
  report: DeployReport,
  succeeded: boolean
): void {
  if (succeeded) deps.log.info(report.summary)
  if (report.nextSteps === undefined || report.nextSteps.length === 0) return
  deps.log.info('Next steps:')
  report.nextSteps.forEach((s, i) => deps.log.info(`  ${i + 1}. ${s}`))
}

/** The Action's `mode: undo`: kubectl-equivalent undo, then the gate on the rollback. */
export async function runUndoMode(
  settings: UndoModeSettings,
  deps: DeployModeDeps
): Promise<ModeResult> {
  if (settings.undo.name === '')
    throw new UserError('the name input is required for mode undo')
  const client = connect(settings, deps)
  const outcome = await runUndo(
    { ...settings.undo, dryRun: false, verify: true },
    { client, log: deps.log, signal: deps.signal }
  )
  logNextSteps(deps, outcome.report, outcome.result === 'rolled-back')
  deps.setOutput(OUTPUTS.result, outcome.result)
  deps.setOutput(OUTPUTS.revisionBefore, outcome.revisionBefore)
  deps.setOutput(OUTPUTS.revisionAfter, outcome.revisionAfter)
  deps.setOutput(OUTPUTS.failedNodes, outcome.report.failedNodes.join(','))
  await deps.writeSummary(renderDeployReport(outcome.report))
  return {
    result: outcome.result,
    failed: outcome.result !== 'rolled-back',
    message: outcome.message
  }
}
