import { FAIL_ON_VALUES, type FailOn } from '../core/gate/decide-gate.js'
import { COMMENT_KEY_PATTERN } from '../core/render/comment.js'
import { DEFAULT_COMMENT_KEY } from '../util/constants.js'
import { UserError } from '../util/errors.js'

/** Modes this build supports. `apply` and `undo` join this list with the apply issue. */
export const MODES = ['plan'] as const
export type Mode = (typeof MODES)[number]

/**
 * `auto`: comment on pull requests (not from a fork under `pull_request`),
 * nothing on other events. `always`: comment on pull requests, and on the
 * commit for push/workflow_dispatch. `never`: summary only.
 */
export type CommentSetting = 'auto' | 'always' | 'never'

/** Every input of action.yml, parsed and validated. */
export interface Inputs {
  /** What to do; only `plan` for now. */
  mode: Mode
  /** Head manifest paths or globs (relative to `workingDirectory`). */
  manifests: string[]
  /** Explicit base manifest paths or globs; when set, no git ref is read. */
  baseManifests: string[] | undefined
  /** Path of a recorded node snapshot (`ds-rollout snapshot`); enables the simulation. */
  snapshot: string | undefined
  /** Git ref or SHA of the base version; undefined means "the pull request's base SHA". */
  baseRef: string | undefined
  /** Command that renders manifests (Helm, Kustomize); run once per side by the loader. */
  renderCommand: string | undefined
  /** Token for the comment (never logged). */
  githubToken: string
  comment: CommentSetting
  /** Distinguishes several instances on one pull request (one per cluster, say). */
  commentKey: string
  failOn: FailOn
  /** Directory manifests, snapshot and render command are relative to. */
  workingDirectory: string
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
  if (manifests.length === 0) {
    throw new UserError(
      "input 'manifests' is required: paths or globs of the head manifests, newline or comma separated"
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
    snapshot: optional(get('snapshot')),
    baseRef,
    renderCommand: optional(get('render-command')),
    githubToken,
    comment,
    commentKey,
    failOn: oneOf(
      'fail-on',
      optional(get('fail-on')) ?? 'error',
      FAIL_ON_VALUES
    ),
    workingDirectory: optional(get('working-directory')) ?? '.'
  }
}
