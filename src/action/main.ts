import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { errorMessage } from '../util/errors.js'
import { redactText } from '../core/redact/policy.js'
import { parseInputs, type Inputs } from './inputs.js'
import { readRunContext } from './run-context.js'
import type { DeployModeDependencies } from './run-deploy-mode.js'
import type { PlanModeDependencies } from './run-plan-mode.js'

/** Seams for tests; the Action itself runs with the defaults. */
export type RunDependencies = PlanModeDependencies & DeployModeDependencies

/**
 * Single-line credentials, masked at once. The kubeconfig is masked by the
 * deploy modes, credential by credential (a multi-line mask does not work).
 */
function secretsOf(inputs: Inputs): string[] {
  return [inputs.githubToken, inputs.analysisToken].filter(
    (value) => value.trim() !== ''
  )
}

/** Logs every input at debug level, except the credentials and the render command's text. */
function debugInputs(inputs: Inputs): void {
  const { githubToken, analysisToken, deploy, ...rest } = inputs
  const { kubeconfig, ...deployRest } = deploy
  const shown = {
    ...rest,
    // The render command's text and render-env values may carry secrets.
    renderCommand: rest.renderCommand === undefined ? undefined : '(not shown)',
    renderEnv: rest.renderEnv.map((entry) => entry.replace(/=.*/s, '=***')),
    githubToken: githubToken === '' ? '' : '***',
    analysisToken: analysisToken === '' ? '' : '***',
    deploy: { ...deployRest, kubeconfig: kubeconfig === '' ? '' : '***' }
  }
  for (const [name, value] of Object.entries(shown))
    core.debug(`input ${name}: ${JSON.stringify(value)}`)
}

/**
 * The Action's composition root: reads inputs and the run context once,
 * masks the credentials, and runs the mode. Every failure ends in one
 * setFailed, after the summary, comment and outputs are written.
 */
export async function run(deps: Partial<RunDependencies> = {}): Promise<void> {
  let failure: string | undefined
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    for (const secret of secretsOf(inputs)) core.setSecret(secret)
    debugInputs(inputs)
    const ctx = readRunContext(process.env, (path) =>
      readFileSync(path, 'utf8')
    )
    // Each mode is loaded on demand: a plan run never evaluates the
    // Kubernetes client, a deploy run never the simulation's renderers.
    failure =
      inputs.mode === 'plan'
        ? await (
            await import('./run-plan-mode.js')
          ).runPlanMode(inputs, ctx, deps)
        : await (
            await import('./run-deploy-mode.js')
          ).runDeployMode(inputs, ctx, deps)
  } catch (err) {
    failure = errorMessage(err)
  }
  if (failure !== undefined) core.setFailed(redactText(failure))
}
