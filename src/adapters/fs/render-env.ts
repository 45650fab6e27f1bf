import { UserError } from '../../util/errors.js'

/**
 * Variables the render command gets from our own environment: what a shell,
 * Helm, Kustomize or a plugin needs to run and find its caches, and nothing
 * that carries a credential. Everything else (INPUT_* with the Action's
 * inputs and their tokens, KUBECONFIG, GITHUB_TOKEN, ACTIONS_* runtime
 * tokens, cloud credentials) stays out unless named in `render-env`.
 */
const KEPT = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'TMPDIR',
  'TMP',
  'TEMP',
  'CI',
  'GITHUB_ACTIONS',
  'GITHUB_WORKSPACE',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE'
]
const KEPT_PREFIXES = ['LC_', 'XDG_']

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The render command's environment: the kept variables of `source`, plus
 * each `render-env` entry, either `NAME` (copied from `source`, where a
 * workflow sets it from a secret) or `NAME=value`.
 */
export function renderEnvironment(
  source: NodeJS.ProcessEnv,
  pass: readonly string[] = []
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue
    if (KEPT.includes(name) || KEPT_PREFIXES.some((p) => name.startsWith(p)))
      env[name] = value
  }
  for (const entry of pass) {
    const eq = entry.indexOf('=')
    const name = (eq < 0 ? entry : entry.slice(0, eq)).trim()
    if (!NAME.test(name))
      throw new UserError(
        `render-env: ${JSON.stringify(name)} is not a variable name; give NAME or NAME=value, one per line or comma-separated`
      )
    if (eq >= 0) env[name] = entry.slice(eq + 1)
    else {
      const value = source[name]
      if (value === undefined)
        throw new UserError(
          `render-env names ${name}, which is not set: set it in the step's env (for example from a secret)`
        )
      env[name] = value
    }
  }
  return env
}
