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
  parseBlockOn,
  parseBoolean,
  parseCanaryOptions,
  parseDuration,
  parseGateOptions,
  parseOnCancel,
  plannedSeconds
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

/** Gate inputs, raw strings as given ('' = default). */
export interface GateInputs {
  timeout: string
  progressDeadline: string
  maxRestarts: string
  soakSeconds: string
  maxUnavailable: string
  /** How long a new pod may stay Pending Unschedulable ('' = default). */
  unschedulableGrace?: string
  /** Whether pods on NotReady nodes are blamed on the node, not the revision ('' = default true). */
  attributeNotReadyNodes?: string
}

export interface ApplyModeSettings extends KubeInputs, GateInputs {
  /** Head manifest paths (the `head` input, one per line). */
  head: string[]
  /** Base manifest paths for the drift check (optional). */
  base: string[]
  /** Path of the plan JSON from plan mode (optional): ETA and planned vs actual. */
  planFile: string
  force: string
  onCancel: string
  /** `undo` input: automatic undo on failure (default true). */
  undo: string
  /** `wait-for-rollout`: wait this long for a rollout in progress instead of refusing ('' = refuse). */
  waitForRollout: string
  /** `canary`: a node count, a percentage, or a node label selector ('' = no canary). */
  canary: string
  /** `waves`: at most this many waves after the canary ('' = waves of maxUnavailable). */
  waves: string
  /** `live-plan`: plan against the live nodes in the preflight ('' = true). */
  livePlan?: string
  /** `block-on`: refuse when the live plan predicts these ('' = hang). */
  blockOn?: string
  /** `restart-on-config-change` ('' = false). */
  restartOnConfigChange?: string
}

export interface UndoModeSettings extends KubeInputs, GateInputs {
  namespace: string
  name: string
  toRevision: string
  /** `force`: undo even into the release a ds-rollout apply rolled back from ('' = false). */
  force?: string
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

function gateFrom(inputs: GateInputs) {
  const byName: Record<string, string> = {
    timeout: inputs.timeout,
    'progress-deadline': inputs.progressDeadline,
    'max-restarts': inputs.maxRestarts,
    'soak-seconds': inputs.soakSeconds,
    'max-unavailable': inputs.maxUnavailable,
    'unschedulable-grace': inputs.unschedulableGrace ?? '',
    'attribute-not-ready-nodes': inputs.attributeNotReadyNodes ?? ''
  }
  return parseGateOptions((name) => byName[name], '')
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
  const gate = gateFrom(settings)
  const onCancel = parseOnCancel(settings.onCancel || 'undo', 'on-cancel')
  const force =
    settings.force.trim() === '' ? false : parseBoolean(settings.force, 'force')
  const undo =
    settings.undo.trim() === '' ? true : parseBoolean(settings.undo, 'undo')
  const waitFor = settings.waitForRollout.trim()
  const canary = parseCanaryOptions(settings.canary, settings.waves)
  const blockOn =
    (settings.blockOn ?? '').trim() === ''
      ? undefined
      : parseBlockOn(settings.blockOn ?? '', 'block-on')
  const restartOnConfigChange =
    (settings.restartOnConfigChange ?? '').trim() === ''
      ? false
      : parseBoolean(
          settings.restartOnConfigChange ?? '',
          'restart-on-config-change'
        )
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
  const livePlan =
    (settings.livePlan ?? '').trim() === ''
      ? true
      : parseBoolean(settings.livePlan ?? '', 'live-plan')
  const outcome = await runApply(
    {
      objects,
      ...(base === undefined ? {} : { base }),
      gate,
      force,
      undo,
      onCancel,
      concurrency: waitFor === '' ? 'refuse' : 'wait',
      concurrencyWaitSeconds:
        waitFor === '' ? 0 : parseDuration(waitFor, 'wait-for-rollout'),
      ...(planned === undefined ? {} : { plannedSeconds: planned }),
      ...(reviewed === undefined ? {} : { reviewedPlan: reviewed }),
      livePlan,
      ...(blockOn === undefined ? {} : { blockOn }),
      restartOnConfigChange,
      ...canary
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
  if (settings.name.trim() === '')
    throw new UserError('the name input is required for mode undo')
  const toRevision =
    settings.toRevision.trim() === '' ? 0 : Number(settings.toRevision.trim())
  if (!Number.isInteger(toRevision))
    throw new UserError(
      `to-revision must be a whole number, not ${JSON.stringify(settings.toRevision)}`
    )
  const gate = gateFrom(settings)
  const client = connect(settings, deps)
  const outcome = await runUndo(
    {
      namespace: settings.namespace.trim() || 'default',
      name: settings.name.trim(),
      toRevision,
      dryRun: false,
      verify: true,
      force:
        (settings.force ?? '').trim() === ''
          ? false
          : parseBoolean(settings.force ?? '', 'force'),
      gate
    },
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
