import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/command.js'
import { runCli } from '../../src/cli/main.js'
import {
  humanLines,
  parseOutputFormat,
  writeResults
} from '../../src/cli/results.js'

function io(stdoutIsTerminal: boolean) {
  const out = { stdout: '', stderr: '' }
  const cliIo: CliIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    cwd: process.cwd(),
    env: {},
    stdoutIsTerminal
  }
  return { out, cliIo }
}

const RESULTS = [
  ['summary', 'Rolled out kube-system/agent:\n3 of 3 ready'],
  ['result', 'rolled-out'],
  ['revision-before', 1]
] as const

describe('CLI results: key=value on stdout, human lines once on stderr', () => {
  it('auto writes key=value only when stdout is not a terminal', () => {
    const piped = io(false)
    writeResults(piped.cliIo, 'auto', RESULTS)
    expect(piped.out.stdout).toBe(
      'summary=Rolled out kube-system/agent: 3 of 3 ready\nresult=rolled-out\nrevision-before=1\n'
    )
    const terminal = io(true)
    writeResults(terminal.cliIo, 'auto', RESULTS)
    expect(terminal.out.stdout).toBe('')
  })

  it('key-value forces them in a terminal, none leaves them out', () => {
    const terminal = io(true)
    writeResults(terminal.cliIo, 'key-value', RESULTS)
    expect(terminal.out.stdout).toContain('result=rolled-out\n')
    const piped = io(false)
    writeResults(piped.cliIo, 'none', RESULTS)
    expect(piped.out.stdout).toBe('')
  })

  it('prints the summary only when the run did not log it', () => {
    const a = io(true)
    const lines = humanLines(a.cliIo)
    lines.write('== gate ==')
    lines.write('Failed: x')
    lines.once('Failed: x')
    expect(a.out.stderr).toBe('== gate ==\nFailed: x\n')
    const b = io(true)
    const other = humanLines(b.cliIo)
    other.write('warning: Cancelled before any write')
    other.once('Cancelled before any write')
    other.once('Preflight failed; nothing was changed.')
    expect(b.out.stderr).toBe(
      'warning: Cancelled before any write\nPreflight failed; nothing was changed.\n'
    )
  })

  it('rejects an unknown --output-format with exit 2', async () => {
    expect(parseOutputFormat(undefined)).toBe('auto')
    expect(() => parseOutputFormat('json')).toThrow(
      '--output-format must be auto, key-value, none'
    )
    const { out, cliIo } = io(false)
    const code = await runCli(
      ['undo', '--name', 'agent', '--output-format', 'yaml'],
      cliIo
    )
    expect(code).toBe(2)
    expect(out.stderr).toContain('--output-format must be')
  })
})
