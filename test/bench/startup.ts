// Start-up: `ds-rollout --help` and the Action's plan of the bundled example
// (examples/base → examples/head against examples/snapshot.json, comment
// off, so no network), each as a fresh `node` process running the bundle,
// next to `node -e 0`. The bundle is built by `npm run bundle` into a
// temporary directory (dist/ is not touched); its sizes are printed too.
//
//   node test/bench/startup.ts [runs]      (default 15 runs, median)
//
// Targets (issue 12): --help <= 150 ms, the Action's plan <= 300 ms.
// bench-timeout: 300
import { execFileSync, spawnSync } from 'node:child_process'
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

const ROOT = new URL('../../', import.meta.url).pathname
const RUNS = Number(process.argv[2] ?? 15)
const HELP_TARGET_MS = 150
const ACTION_TARGET_MS = 300

const out = mkdtempSync(join(tmpdir(), 'ds-rollout-startup-'))
try {
  execFileSync('npm', ['run', 'bundle', '--', `--outdir=${out}/dist`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })

  // Sizes: every output file, and what each entry loads at start (its
  // static import closure; lazily imported chunks load only when used).
  const files = readdirSync(join(out, 'dist'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js'))
  const size = (f: string) => statSync(join(out, 'dist', f)).size
  const total = files.reduce((s, f) => s + size(f), 0)
  const staticClosure = (entry: string): number => {
    const seen = new Set<string>()
    const visit = (f: string) => {
      if (seen.has(f)) return
      seen.add(f)
      const text = readFileSync(join(out, 'dist', f), 'utf8')
      for (const m of text.matchAll(
        /^import\s*(?:[^'"]*?from\s*)?["']\.\/([^"']+)["']/gm
      ))
        visit(m[1]!)
    }
    visit(entry)
    return [...seen].reduce((s, f) => s + size(f), 0)
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`

  // The Action's environment, as the runner gives it (harness.ts does the
  // same for the tests).
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const inputs: Record<string, string> = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [
      k,
      String(v.default ?? '').replace('${{ github.token }}', 'ghs_fake')
    ])
  )
  Object.assign(inputs, {
    manifests: 'examples/head',
    'base-manifests': 'examples/base',
    snapshot: 'examples/snapshot.json',
    comment: 'false',
    'fail-on': 'never'
  })
  writeFileSync(join(out, 'event.json'), '{}')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: out,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(out, 'event.json'),
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SHA: '9'.repeat(40),
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_OUTPUT: join(out, 'output'),
    GITHUB_STEP_SUMMARY: join(out, 'summary'),
    RUNNER_TEMP: out
  }
  for (const [k, v] of Object.entries(inputs))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v

  const time = (args: string[], childEnv?: Record<string, string>) => {
    const ms: number[] = []
    for (let i = 0; i < RUNS + 1; i += 1) {
      writeFileSync(join(out, 'output'), '')
      writeFileSync(join(out, 'summary'), '')
      const t0 = process.hrtime.bigint()
      const r = spawnSync(process.execPath, args, {
        cwd: ROOT,
        env: childEnv ?? { PATH: env.PATH! },
        encoding: 'utf8'
      })
      const t = Number(process.hrtime.bigint() - t0) / 1e6
      if (r.status !== 0)
        throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
      if (i > 0) ms.push(t) // the first run warms the file cache
    }
    ms.sort((a, b) => a - b)
    return ms[Math.floor(ms.length / 2)]!
  }

  const base = time(['-e', '0'])
  const help = time([join(out, 'dist', 'cli.js'), '--help'])
  const plan = time([join(out, 'dist', 'index.js')], env)
  if (!readFileSync(join(out, 'output'), 'utf8').includes('plan-json'))
    throw new Error('the Action wrote no plan-json output')

  const row = (name: string, ms: number, target?: number) =>
    `${name.padEnd(42)} ${`${ms.toFixed(0)} ms`.padStart(8)}${target === undefined ? '' : `   target <= ${target} ms: ${ms <= target ? 'ok' : 'MISSED'}`}`
  process.stdout.write(
    [
      `startup: median of ${RUNS} runs (Node ${process.versions.node})`,
      row('node -e 0', base),
      row('ds-rollout --help (dist/cli.js)', help, HELP_TARGET_MS),
      row('Action plan of the example (dist/index.js)', plan, ACTION_TARGET_MS),
      '',
      `bundle: ${files.length} files, ${mb(total)} in all; loaded at start: cli.js ${mb(staticClosure('cli.js'))}, index.js ${mb(staticClosure('index.js'))}`,
      ''
    ].join('\n')
  )
} finally {
  rmSync(out, { recursive: true, force: true })
}
