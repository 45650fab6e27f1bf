import { UserError } from '../util/errors.js'

/** The pull request the run is about, from the event payload. */
export interface PullRequestContext {
  number: number
  baseSha: string
  headSha: string
  /** `owner/name` of the head repository; undefined when the fork was deleted. */
  headRepo: string | undefined
  baseRepo: string
  /** True when the head lives in another repository (a fork). */
  fork: boolean
}

/** What the Action needs from the workflow run, read once in main. */
export interface RunContext {
  eventName: string
  owner: string
  repo: string
  /** The commit the workflow runs on (GITHUB_SHA). */
  sha: string
  apiUrl: string
  /** Link to this workflow run (its page holds the job summary). */
  runUrl: string | undefined
  workspace: string
  runnerTemp: string | undefined
  /** The job summary file (GITHUB_STEP_SUMMARY); undefined outside a runner. */
  stepSummaryFile: string | undefined
  pullRequest: PullRequestContext | undefined
  /** For push: the commit before the push, when it exists. */
  pushBefore: string | undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])
const NULL_SHA = /^0+$/

function readPullRequest(
  payload: Record<string, unknown>
): PullRequestContext | undefined {
  const pr = record(payload['pull_request'])
  if (pr === undefined) return undefined
  const number = pr['number']
  const base = record(pr['base'])
  const head = record(pr['head'])
  const baseSha = text(base?.['sha'])
  const headSha = text(head?.['sha'])
  const baseRepo = text(record(base?.['repo'])?.['full_name'])
  if (
    typeof number !== 'number' ||
    baseSha === undefined ||
    headSha === undefined ||
    baseRepo === undefined
  ) {
    return undefined
  }
  const headRepo = text(record(head?.['repo'])?.['full_name'])
  return {
    number,
    baseSha,
    headSha,
    headRepo,
    baseRepo,
    fork: headRepo !== baseRepo
  }
}

/**
 * Reads the run's context from the environment and the event payload.
 * Done here, at call time, rather than through `@actions/github`'s
 * `context`, which reads the environment once when the module loads.
 */
export function readRunContext(
  env: Record<string, string | undefined>,
  readText: (path: string) => string
): RunContext {
  const eventName = env['GITHUB_EVENT_NAME'] ?? ''
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  if (
    owner === undefined ||
    owner === '' ||
    repo === undefined ||
    repo === ''
  ) {
    throw new UserError(
      "GITHUB_REPOSITORY is not set to 'owner/name': the Action runs only inside a GitHub workflow"
    )
  }
  let payload: Record<string, unknown> = {}
  const eventPath = env['GITHUB_EVENT_PATH']
  if (eventPath !== undefined && eventPath !== '') {
    try {
      payload = record(JSON.parse(readText(eventPath))) ?? {}
    } catch (err) {
      throw new UserError(
        `cannot read the event payload: ${err instanceof Error ? err.message : String(err)}`,
        { file: eventPath }
      )
    }
  }
  const pullRequest = PULL_REQUEST_EVENTS.has(eventName)
    ? readPullRequest(payload)
    : undefined
  const before = eventName === 'push' ? text(payload['before']) : undefined
  const serverUrl = env['GITHUB_SERVER_URL'] ?? 'https://github.com'
  const runId = env['GITHUB_RUN_ID']
  return {
    eventName,
    owner,
    repo,
    sha: pullRequest?.headSha ?? env['GITHUB_SHA'] ?? '',
    apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com',
    runUrl:
      runId === undefined || runId === ''
        ? undefined
        : `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    workspace: env['GITHUB_WORKSPACE'] ?? '',
    runnerTemp: env['RUNNER_TEMP'],
    stepSummaryFile: env['GITHUB_STEP_SUMMARY'] || undefined,
    pullRequest,
    pushBefore:
      before !== undefined && !NULL_SHA.test(before) ? before : undefined
  }
}
