import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { loadManifestSets } from '../adapters/fs/load-manifest-sets.js'
import type { OctokitSettings } from '../adapters/github/octokit.js'
import { permissionDenial } from '../adapters/github/permissions.js'
import { upsertStickyComment } from '../adapters/github/sticky-comment.js'
import { renderDeployComment } from '../core/render/deploy-comment.js'
import type { Logger } from '../deploy/types.js'
import { OUTPUTS } from '../util/constants.js'
import { errorMessage, UserError } from '../util/errors.js'
import { decideCommentTarget } from './comment-target.js'
import { actionOctokit } from './github-client.js'
import {
  runApplyMode,
  runUndoMode,
  type DeployModeDeps,
  type ModeResult
} from './deploy-mode.js'
import type { Inputs } from './inputs.js'
import type { RunContext } from './run-context.js'
import { writeSummary } from './step-summary.js'
import { oneLine } from '../core/render/inert.js'
import { redactText } from '../core/redact/policy.js'

/** Seams for tests; the Action itself runs with the defaults. */
export interface DeployModeDependencies {
  /** Builds the Kubernetes client (tests: a rehearsal cluster's). */
  makeClient: DeployModeDeps['makeClient']
  /** Aborted when the workflow is cancelled; the default listens for SIGTERM/SIGINT. */
  signal: AbortSignal
  octokitSettings: Partial<Omit<OctokitSettings, 'baseUrl'>>
}

/** The deploy engine's logger on the Actions log: groups fold, warnings annotate. */
const actionsLogger: Logger = {
  info: (message) => core.info(redactText(message)),
  warning: (message) => core.warning(oneLine(message)),
  error: (message) => core.error(oneLine(message)),
  group: (name, fn) => core.group(name, fn)
}

/**
 * An AbortSignal for a cancelled workflow. The runner sends SIGINT, then
 * SIGTERM a few seconds later, before it kills the step: the engine stops
 * waiting, undoes or leaves the rollout (`on-cancel`) and always restores
 * a temporarily changed updateStrategy.
 */
function cancellationSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) return
    core.warning(`Received ${name}: the workflow was cancelled`)
    controller.abort(new Error(`cancelled (${name})`))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}

/**
 * Publishes the deploy report as a sticky comment: on the pull request the
 * run belongs to, or on the deployed commit for a push (a merge). Its key
 * differs from the plan comment's, so the reviewed plan stays. Failing to
 * comment never changes the deploy's result; it is reported as a warning.
 */
async function publishDeployComment(
  inputs: Inputs,
  ctx: RunContext,
  markdown: string,
  settings: DeployModeDependencies['octokitSettings'] | undefined
): Promise<string> {
  const setting =
    inputs.comment === 'auto' && ctx.eventName === 'push'
      ? 'always'
      : inputs.comment
  const decision = decideCommentTarget(setting, ctx)
  if (decision.kind === 'none') {
    core.info(`No deploy comment: ${decision.reason}`)
    return ''
  }
  if (inputs.githubToken === '') {
    core.info('No deploy comment: the `github-token` input is empty.')
    return ''
  }
  const octokit = actionOctokit(inputs.githubToken, ctx, settings)
  const key = `deploy:${inputs.commentKey}`
  const body = renderDeployComment(markdown, {
    key,
    ...(ctx.runUrl === undefined ? {} : { runUrl: ctx.runUrl }),
    ...(ctx.sha === '' ? {} : { sha: ctx.sha })
  })
  try {
    const result = await upsertStickyComment(
      octokit,
      decision.target,
      key,
      body,
      { createIfMissing: true }
    )
    if (result.action === 'absent') return ''
    core.info(`Deploy comment ${result.id} ${result.action}: ${result.url}`)
    if (result.note !== undefined)
      core.warning(`ds-rollout deploy comment: ${oneLine(result.note)}`)
    return String(result.id)
  } catch (err) {
    const denial = permissionDenial(err, decision.permission)
    core.warning(
      oneLine(
        `No deploy comment: ${denial ?? `writing it failed: ${errorMessage(err)}`}`
      )
    )
    return ''
  }
}

/**
 * `mode: apply` and `mode: undo`: the deploy engine with the Action's
 * adapters (kubeconfig input masked, Actions log groups, job summary,
 * outputs, cancellation), then the deploy comment. Resolves to why the
 * step fails, if it does.
 */
export async function runDeployMode(
  inputs: Inputs,
  ctx: RunContext,
  deps: Partial<DeployModeDependencies>
): Promise<string | undefined> {
  const workspace = ctx.workspace || process.cwd()
  const cwd = resolve(workspace, inputs.workingDirectory)
  const cancellation =
    deps.signal === undefined ? cancellationSignal() : undefined
  let report = ''
  const engineDeps: DeployModeDeps = {
    log: actionsLogger,
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    writeSummary: async (markdown) => {
      report = markdown
      await writeSummary(ctx.stepSummaryFile, markdown)
    },
    loadManifests: async (paths) => {
      const sets = await loadManifestSets({
        head: paths,
        ...(inputs.renderCommand === undefined
          ? {}
          : { render: inputs.renderCommand, renderEnv: inputs.renderEnv }),
        cwd,
        limits: inputs.inputLimits
      })
      return sets.head
    },
    readJson: async (path) => {
      const text = await readFile(resolve(cwd, path), 'utf8').catch(
        (err: unknown) => {
          throw new UserError(
            `cannot read plan-file ${path}: ${errorMessage(err)}`
          )
        }
      )
      try {
        return JSON.parse(text) as unknown
      } catch {
        throw new UserError(`plan-file ${path} is not JSON`)
      }
    },
    signal: deps.signal ?? cancellation!.signal,
    ...(deps.makeClient === undefined ? {} : { makeClient: deps.makeClient })
  }
  // A kubeconfig path is relative to working-directory, like every path.
  const kube = {
    kubeconfig: inputs.deploy.kubeconfig,
    context: inputs.deploy.context,
    kubeconfigPath:
      inputs.deploy.kubeconfigPath === ''
        ? ''
        : resolve(cwd, inputs.deploy.kubeconfigPath)
  }
  let result: ModeResult
  try {
    if (inputs.deploy.apply !== undefined)
      result = await runApplyMode(
        {
          ...kube,
          head: inputs.manifests,
          base: inputs.baseManifests ?? [],
          planFile: inputs.deploy.planFile,
          apply: inputs.deploy.apply
        },
        engineDeps
      )
    else if (inputs.deploy.undo !== undefined)
      result = await runUndoMode(
        { ...kube, undo: inputs.deploy.undo },
        engineDeps
      )
    else throw new Error(`mode ${inputs.mode} is not a deploy mode`)
  } finally {
    cancellation?.dispose()
  }
  core.setOutput(OUTPUTS.summary, oneLine(result.message))
  const commentId =
    report === ''
      ? ''
      : await publishDeployComment(inputs, ctx, report, deps.octokitSettings)
  core.setOutput(OUTPUTS.commentId, commentId)
  return result.failed
    ? `ds-rollout ${inputs.mode}: ${result.message}`
    : undefined
}
