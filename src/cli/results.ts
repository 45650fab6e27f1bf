/**
 * How apply and undo end a run in a terminal: the human lines (progress and
 * the one-line summary) go to stderr, once; the machine-readable results
 * (`summary=`, `result=`, `revision-before=` ...) go to stdout as
 * `key=value` lines, by default only when stdout is not a terminal (a pipe,
 * a file, `$(...)`), so a person at a terminal sees each line once.
 */
import { oneLine } from '../core/render/inert.js'
import { UserError } from '../util/errors.js'
import type { CliIo } from './command.js'

/** `--output-format`: `auto` (key=value unless stdout is a terminal), `key-value` (always), `none` (never). */
export type OutputFormat = 'auto' | 'key-value' | 'none'

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  'auto',
  'key-value',
  'none'
]

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === (value ?? 'auto'))
  if (format === undefined)
    throw new UserError(
      `--output-format must be ${OUTPUT_FORMATS.join(', ')}, not ${JSON.stringify(value)}`
    )
  return format
}

/**
 * A stderr line writer that remembers the lines it wrote, so the closing
 * summary is printed only when the run did not log it already.
 */
export interface HumanLines {
  write(line: string): void
  /** Writes `line` unless an identical line (or its `warning:`/`error:` form) was written. */
  once(line: string): void
}

export function humanLines(io: CliIo): HumanLines {
  const written = new Set<string>()
  const write = (raw: string): void => {
    // One line, redacted: the text may quote manifests or API messages.
    const line = oneLine(raw)
    written.add(line)
    io.stderr(`${line}\n`)
  }
  return {
    write,
    once(line) {
      line = oneLine(line)
      if (
        line === '' ||
        written.has(line) ||
        written.has(`warning: ${line}`) ||
        written.has(`error: ${line}`)
      )
        return
      write(line)
    }
  }
}

/** Writes `key=value` lines to stdout when the format (and stdout) call for them. */
export function writeResults(
  io: CliIo,
  format: OutputFormat,
  results: ReadonlyArray<readonly [string, string | number]>
): void {
  if (format === 'none') return
  if (format === 'auto' && io.stdoutIsTerminal === true) return
  io.stdout(
    results.map(([key, value]) => `${key}=${oneLine(String(value))}\n`).join('')
  )
}
