// `npm run bench [name-prefix...]`: runs every benchmark script in this
// folder, one after the other, each in its own Node process so that one's
// heap does not skew the next. A benchmark prints its own figures; this only
// sequences them, gives each the Node flags it asks for and bounds its time.
//
// A benchmark asks for flags with a comment line near its top:
//   // bench-flags: --expose-gc
// and may ask for a longer time bound (seconds) than the default:
//   // bench-timeout: 300
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DEFAULT_TIMEOUT_SECONDS = 180

export interface BenchDirectives {
  flags: string[]
  timeoutSeconds: number
}

/** Reads the `// bench-flags:` and `// bench-timeout:` lines of a script. */
export function benchDirectives(source: string): BenchDirectives {
  const flags: string[] = []
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS
  for (const line of source.split('\n').slice(0, 40)) {
    const flag = /^\s*\/\/\s*bench-flags:(.*)$/.exec(line)
    if (flag) flags.push(...flag[1]!.trim().split(/\s+/).filter(Boolean))
    const timeout = /^\s*\/\/\s*bench-timeout:\s*(\d+)\s*$/.exec(line)
    if (timeout) timeoutSeconds = Number(timeout[1])
  }
  return { flags, timeoutSeconds }
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url))
  const only = process.argv.slice(2)
  const scripts = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort()
  if (scripts.length === 0) {
    process.stderr.write(`no benchmark matches ${only.join(' ')}\n`)
    process.exitCode = 1
    return
  }

  const results: string[] = []
  let failed = 0
  for (const script of scripts) {
    const file = join(here, script)
    const { flags, timeoutSeconds } = benchDirectives(
      readFileSync(file, 'utf8')
    )
    process.stdout.write(
      `\n=== ${script}${flags.length ? ` (node ${flags.join(' ')})` : ''} ===\n`
    )
    const started = Date.now()
    const result = spawnSync(process.execPath, [...flags, file], {
      stdio: 'inherit',
      timeout: timeoutSeconds * 1000,
      killSignal: 'SIGKILL',
      env: { ...process.env, NODE_NO_WARNINGS: '1' }
    })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    let outcome: string
    if (result.error !== undefined && result.signal === 'SIGKILL')
      outcome = `TIMED OUT after ${timeoutSeconds} s`
    else if (result.error !== undefined)
      outcome = `FAILED to start: ${result.error.message}`
    else if (result.status !== 0)
      outcome = `FAILED (${result.signal ?? `exit ${result.status}`})`
    else outcome = 'ok'
    if (outcome !== 'ok') failed += 1
    results.push(`${script.padEnd(16)} ${outcome}, ${seconds} s`)
  }
  process.stdout.write(`\n=== summary ===\n${results.join('\n')}\n`)
  process.exitCode = failed === 0 ? 0 : 1
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
