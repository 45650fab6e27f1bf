import { FAIL_ON_VALUES, type FailOn } from '../core/verdict/decide-verdict.js'
import { COMMENT_KEY_PATTERN } from '../core/render/comment.js'
import {
  parseInputLimitList,
  type InputLimits
} from '../core/manifests/input-bounds.js'
import { DEFAULT_COMMENT_KEY } from '../util/constants.js'
import { UserError } from '../util/errors.js'
import {
  DEPLOY_SETTINGS,
  parseApplySettings,
  parseUndoSettings,
  type ApplyModeOptions,
  type DeploySettingName,
  type UndoModeOptions
} from '../deploy/settings.js'

/**
 * `plan`: diff, simulate and publish (no cluster credentials). `apply`:
 * preflight, server-side apply, gate, automatic undo. `undo`: roll a
 * DaemonSet back and verify it.
 */
export const MODES = ['plan', 'apply', 'undo'] as const
export type Mode = (typeof MODES)[number]

/**
 * `auto`: comment on pull requests (not from a fork under `pull_request`),
 * nothing on other events. `always`: comment on pull requests, and on the
 * commit for push/workflow_dispatch. `never`: summary only.
 */
export type CommentSetting = 'auto' | 'always' | 'never'

/**
 * The deploy modes' inputs. The settings shared with the CLI's flags
 * (src/deploy/settings.ts declares them once) are parsed and checked here,
 * for the mode in use, with the same rules and defaults as the CLI.
 */
export interface DeployInputs {
  /** The kubeconfig file's content (a secret: masked before anything is logged). */
  kubeconfig: string
  kubeconfigPath: string
  context: string
  /** The plan JSON of plan mode, for the ETA and planned vs actual duration. */
  planFile: string
  /** Mode apply: its settings. */
  apply?: ApplyModeOptions
  /** Mode undo: its settings (the DaemonSet included). */
  undo?: UndoModeOptions
}

/** Every input of action.yml, parsed and validated. */
export interface Inputs {
  mode: Mode
  /** Head manifest paths or globs (relative to `workingDirectory`); empty only in undo mode. */
  manifests: string[]
  /** Explicit base manifest paths or globs; when set, no git ref is read. */
  baseManifests: string[] | undefined
  /**
   * Recorded node snapshot files (`ds-rollout snapshot`, or kubectl's nodes
   * and pods exports); enables the simulation.
   */
  snapshot: string[] | undefined
  /** Git ref or SHA of the base version; undefined means "the pull request's base SHA". */
  baseRef: string | undefined
  /** Command that renders manifests (Helm, Kustomize); run once per side by the loader. */
  renderCommand: string | undefined
  /** `render-env`: variables the render command gets beyond the scrubbed environment (`NAME` or `NAME=value`). */
  renderEnv: string[]
  /** `render-directory`: where the render command runs (relative to working-directory); undefined: the repository root. */
  renderDirectory: string | undefined
  /** `input-limits`: raised limits of the input pre-check, for manifests and snapshots in every mode. */
  inputLimits: Partial<InputLimits>
  /** Token for the comment (never logged). */
  githubToken: string
  comment: CommentSetting
  /** Distinguishes several instances on one pull request (one per cluster, say). */
  commentKey: string
  failOn: FailOn
  /** Directory manifests, snapshot and render command are relative to. */
  workingDirectory: string
  /** Plan mode: the analysis service that plans against the live cluster (instead of `snapshot`). */
  analysisUrl: string | undefined
  /** Bearer token for `analysisUrl` (never logged). */
  analysisToken: string
  deploy: DeployInputs
}

/** `a, b` or one per line; blank entries dropped. */
function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

function optional(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[]
): T {
  const found = allowed.find((a) => a === value)
  if (found === undefined) {
    throw new UserError(
      `input '${name}' must be one of: ${allowed.join(', ')} (got '${value}')`
    )
  }
  return found
}

function parseComment(value: string): CommentSetting {
  // Strict like getBooleanInput, plus 'auto'.
  if (value === '' || value === 'auto') return 'auto'
  if (['true', 'True', 'TRUE'].includes(value)) return 'always'
  if (['false', 'False', 'FALSE'].includes(value)) return 'never'
  throw new UserError(
    `input 'comment' must be true, false or auto (got '${value}')`
  )
}

/**
 * Reads every input through `get` (core.getInput in the Action, a map in
 * tests), applies the defaults that action.yml also declares, and rejects
 * bad or conflicting values with one message.
 */
export function parseInputs(get: (name: string) => string): Inputs {
  const mode = oneOf('mode', optional(get('mode')) ?? 'plan', MODES)
  const manifests = parseList(get('manifests'))
  if (manifests.length === 0 && mode !== 'undo') {
    throw new UserError(
      "input 'manifests' is required: paths or globs of the head manifests, newline or comma separated"
    )
  }
  // Every deploy setting is read in every mode (action.yml declares them
  // all); only the mode in use parses and checks its own.
  const settings = new Map(DEPLOY_SETTINGS.map((name) => [name, get(name)]))
  const setting = (name: DeploySettingName): string | undefined =>
    settings.get(name)
  if (mode === 'undo' && (setting('name') ?? '').trim() === '') {
    throw new UserError(
      "input 'name' is required in mode undo: the DaemonSet to roll back (with 'namespace')"
    )
  }
  const deploy: DeployInputs = {
    kubeconfig: get('kubeconfig'),
    kubeconfigPath: get('kubeconfig-path').trim(),
    context: get('context').trim(),
    planFile: get('plan-file').trim(),
    ...(mode === 'apply' ? { apply: parseApplySettings(setting) } : {}),
    ...(mode === 'undo' ? { undo: parseUndoSettings(setting) } : {})
  }
  const analysisUrl = optional(get('analysis-url'))
  const analysisToken = get('analysis-token').trim()
  const snapshotList = parseList(get('snapshot'))
  const snapshot = snapshotList.length === 0 ? undefined : snapshotList
  if (analysisUrl !== undefined && snapshot !== undefined) {
    throw new UserError(
      "inputs 'snapshot' and 'analysis-url' are mutually exclusive: plan against a recorded snapshot or against the analysis service's live view, not both"
    )
  }
  if (analysisUrl !== undefined && analysisToken === '') {
    throw new UserError(
      "input 'analysis-url' needs 'analysis-token': the service requires a bearer token"
    )
  }
  const baseList = parseList(get('base-manifests'))
  const baseManifests = baseList.length === 0 ? undefined : baseList
  const baseRef = optional(get('base-ref'))
  if (baseManifests !== undefined && baseRef !== undefined) {
    throw new UserError(
      "inputs 'base-manifests' and 'base-ref' are mutually exclusive: give the base as files (base-manifests) or as a git ref (base-ref), not both"
    )
  }
  const commentKey = optional(get('comment-key')) ?? DEFAULT_COMMENT_KEY
  if (!COMMENT_KEY_PATTERN.test(commentKey)) {
    throw new UserError(
      `input 'comment-key' may hold only letters, digits and . _ / : - (1 to 100 of them), got '${commentKey}'`
    )
  }
  const githubToken = get('github-token').trim()
  const comment = parseComment(get('comment').trim())
  if (comment === 'always' && githubToken === '') {
    throw new UserError(
      "input 'comment' is true but 'github-token' is empty: pass a token (the default is ${{ github.token }}) or set comment: false"
    )
  }
  return {
    mode,
    manifests,
    baseManifests,
    snapshot,
    baseRef,
    renderCommand: optional(get('render-command')),
    renderEnv: parseList(get('render-env')),
    renderDirectory: optional(get('render-directory')),
    inputLimits: parseInputLimitList(get('input-limits')),
    githubToken,
    comment,
    commentKey,
    failOn: oneOf(
      'fail-on',
      optional(get('fail-on')) ?? 'error',
      FAIL_ON_VALUES
    ),
    workingDirectory: optional(get('working-directory')) ?? '.',
    analysisUrl,
    analysisToken,
    deploy
  }
}
