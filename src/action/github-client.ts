import * as core from '@actions/core'
import {
  createOctokit,
  DEFAULT_OCTOKIT_SETTINGS,
  type GitHubClient,
  type OctokitSettings
} from '../adapters/github/octokit.js'
import type { RunContext } from './run-context.js'

/**
 * The Action's GitHub client: the run's API URL, the default retry and
 * throttle settings (overridable by tests), throttling notices as warnings.
 */
export function actionOctokit(
  token: string,
  ctx: Pick<RunContext, 'apiUrl'>,
  settings: Partial<Omit<OctokitSettings, 'baseUrl'>> | undefined
): GitHubClient {
  return createOctokit(
    token,
    { ...DEFAULT_OCTOKIT_SETTINGS, ...settings, baseUrl: ctx.apiUrl },
    (message) => core.warning(message)
  )
}
