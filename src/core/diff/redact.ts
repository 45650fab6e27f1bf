/**
 * Keeps secrets out of every output. A plan is posted to pull requests and
 * job summaries, so values that look secret are replaced by "(redacted)"
 * after the diff has compared the real values.
 */
import { isMap } from './normalize.js'

export const REDACTED = '(redacted)'

const SECRET_SUBSTRINGS =
  /password|passwd|secret|token|credential|apikey|api_key|api-key|private_?key|cert(ificate)?_?key/i
const SECRET_WORDS = new Set(['key', 'pass', 'pwd', 'auth', 'pat', 'dsn'])

/** Whether an env var (or flag) name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  if (SECRET_SUBSTRINGS.test(name)) return true
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return words.some((w) => SECRET_WORDS.has(w))
}

/** `--token=abc` and `--db-password abc`-style args: the value after a secret-looking flag. */
const SECRET_FLAG = /^(--?[A-Za-z0-9_.-]+)=(.*)$/

function redactArg(arg: unknown): unknown {
  if (typeof arg !== 'string') return arg
  const m = SECRET_FLAG.exec(arg)
  if (m !== null && looksSecret(m[1] ?? '') && m[2] !== '')
    return `${m[1]}=${REDACTED}`
  return arg
}

function isEnvVarLike(value: Record<string, unknown>): boolean {
  return (
    typeof value.name === 'string' && ('value' in value || 'valueFrom' in value)
  )
}

function envIsSecret(env: Record<string, unknown>): boolean {
  const valueFrom = isMap(env.valueFrom) ? env.valueFrom : undefined
  return (
    looksSecret(String(env.name)) ||
    (valueFrom !== undefined && 'secretKeyRef' in valueFrom)
  )
}

/** A copy of `value` with secret-looking env values and flag values replaced. */
export function redactValue(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (key === 'args' || key === 'command')
      return value.map((item) => redactArg(item))
    return value.map((item) => redactValue(item))
  }
  if (!isMap(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k)
  if (isEnvVarLike(value) && envIsSecret(value) && out.value !== undefined)
    out.value = REDACTED
  return out
}

const ENV_PATH = /env\[name=([^\]]+)\](\.value)?$/
const ARGS_PATH = /\.(args|command)(\[\d+\])?$/

/** Redacts one change's value given where it sits. */
export function redactAt(path: string, value: unknown): unknown {
  if (value === undefined) return undefined
  const env = ENV_PATH.exec(path)
  if (env !== null && env[2] !== undefined && looksSecret(env[1] ?? ''))
    return REDACTED
  const args = ARGS_PATH.exec(path)
  if (args !== null)
    return Array.isArray(value) ? value.map(redactArg) : redactArg(value)
  return redactValue(value)
}
