import { spawn } from 'node:child_process'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import { renderEnvironment } from './render-env.js'

const STDERR_TAIL_CHARS = 2000
/** A render command that runs longer than this is stopped. */
export const RENDER_TIMEOUT_MS = 10 * 60 * 1000

/**
 * Runs the user's render command (`kustomize build ...`, `helm template ...`)
 * with /bin/sh in `cwd` and returns its stdout. The command string is the
 * user's own and is passed to the shell as one argument; nothing of ours is
 * interpolated into it. It runs with a scrubbed environment (render-env.ts):
 * no INPUT_*, no kubeconfig, no tokens unless passed with `render-env`. A failure becomes a UserError with the exit code and
 * the tail of stderr.
 */
export async function runRenderCommand(
  command: string,
  cwd: string,
  label: string,
  env: NodeJS.ProcessEnv = renderEnvironment(process.env),
  timeoutMs = RENDER_TIMEOUT_MS
): Promise<string> {
  const child = spawn('/bin/sh', ['-c', command], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const chunks: Buffer[] = []
  let size = 0
  let stderr = ''
  let overflow = false
  let timedOut = false
  child.stdout.on('data', (c: Buffer) => {
    size += c.length
    if (size > MAX_MANIFEST_BYTES) {
      overflow = true
      child.kill('SIGKILL')
      return
    }
    chunks.push(c)
  })
  child.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-STDERR_TAIL_CHARS * 2)
  })
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const result = await new Promise<{
    code: number | null
    signal: string | null
    error?: Error
  }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }))
    child.on('close', (code, signal) => resolve({ code, signal }))
  }).finally(() => clearTimeout(timer))
  if (overflow)
    throw new UserError(
      `the render command printed more than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`,
      { file: label }
    )
  if (timedOut)
    throw new UserError(
      `the render command did not finish within ${Math.round(timeoutMs / 1000)} s`,
      { file: label }
    )
  if (result.error !== undefined)
    throw new UserError(
      `cannot run the render command: ${result.error.message}`,
      { file: label }
    )
  if (result.code !== 0) {
    const tail = stderr
      .trim()
      .slice(-STDERR_TAIL_CHARS)
      .replace(/\s*\n\s*/g, ' | ')
    const how =
      result.code === null
        ? `was killed by ${result.signal ?? 'a signal'}`
        : `exited with code ${result.code}`
    throw new UserError(
      `the render command ${how}${tail ? `: ${tail}` : ' (no stderr)'}`,
      { file: label }
    )
  }
  return Buffer.concat(chunks).toString('utf8')
}
