/**
 * The start-up check: dist/cli.js (package.json `bin`) and dist/index.js
 * (action.yml `main`) are tiny entries that load on an older Node.js, say
 * which Node is needed and how to get it, and exit 2 before any module that
 * needs Node 24 is linked. Built by `npm run bundle` into a temporary
 * directory (dist/ is not touched) and run under the machine's own, older
 * Node (found on PATH outside node_modules); skipped only when the machine
 * has no Node older than 24.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  nodeVersionProblem,
  REQUIRED_NODE_MAJOR
} from '../../src/start/required-node.js'
import { REPO_ROOT } from '../fixtures/action/harness.js'

const exec = promisify(execFile)

/** The first `node` on PATH outside node_modules whose major version is below 24. */
function findOldNode(): { path: string; version: string } | undefined {
  const dirs = (process.env['PATH'] ?? '')
    .split(':')
    .concat(['/usr/local/bin', '/usr/bin', '/bin'])
  for (const dir of dirs) {
    if (dir === '' || dir.includes('node_modules')) continue
    const path = join(dir, 'node')
    if (!existsSync(path)) continue
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' })
        .trim()
        .replace(/^v/, '')
      if (Number(version.split('.')[0]) < REQUIRED_NODE_MAJOR)
        return { path, version }
    } catch {
      // not runnable: try the next one
    }
  }
  return undefined
}

const oldNode = findOldNode()
let outdir: string

async function run(node: string, script: string, args: string[] = []) {
  try {
    const { stdout, stderr } = await exec(node, [script, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() }
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string }
    return {
      code: failed.code ?? -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? ''
    }
  }
}

describe('the required Node version', () => {
  it('is the one package.json engines and action.yml declare', () => {
    const pkg = JSON.parse(
      readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')
    ) as { engines: { node: string }; bin: Record<string, string> }
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE_MAJOR}`)
    const action = parse(
      readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')
    ) as { runs: { using: string; main: string } }
    expect(action.runs.using).toBe(`node${REQUIRED_NODE_MAJOR}`)
    // The entries the check is bundled into.
    expect(pkg.bin['ds-rollout']).toBe('dist/cli.js')
    expect(action.runs.main).toBe('dist/index.js')
  })

  it('accepts 24 and newer and names the way to get it otherwise', () => {
    expect(nodeVersionProblem('24.0.0', 'cli')).toBeUndefined()
    expect(nodeVersionProblem('25.2.1', 'action')).toBeUndefined()
    const cli = nodeVersionProblem('20.20.2', 'cli')
    expect(cli).toContain('Node.js 20.20.2')
    expect(cli).toContain('Node.js 24 or newer')
    expect(cli).toContain('npm ci')
    const action = nodeVersionProblem('16.20.0', 'action')
    expect(action).toContain('Node.js 16.20.0')
    expect(action).toContain('node24')
    expect(action).toContain('actions/setup-node')
  })
})

describe('the bundled entries under an older Node', () => {
  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'ds-rollout-guard-'))
    await exec('npm', ['run', 'bundle', '--', `--outdir=${outdir}`], {
      cwd: REPO_ROOT
    })
  })
  afterAll(() => rmSync(outdir, { recursive: true, force: true }))

  it.skipIf(oldNode === undefined)(
    'the CLI says which Node it needs in one line and exits 2',
    async () => {
      const result = await run(oldNode!.path, join(outdir, 'cli.js'), [
        'plan',
        '--help'
      ])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(`Node.js ${oldNode!.version}`)
      expect(lines[0]).toContain('Node.js 24 or newer')
      expect(lines[0]).toContain('npm ci')
      expect(lines[0]).not.toMatch(/SyntaxError|at .*\.js:\d+/)
    }
  )

  it.skipIf(oldNode === undefined)(
    'the Action fails the step with one error annotation and exits 2',
    async () => {
      const result = await run(oldNode!.path, join(outdir, 'index.js'))
      expect(result.code).toBe(2)
      expect(result.stderr).toBe('')
      const lines = result.stdout.trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^::error::/)
      expect(lines[0]).toContain(`Node.js ${oldNode!.version}`)
      expect(lines[0]).toContain('node24')
      expect(lines[0]).toContain('actions/setup-node')
    }
  )

  it('on Node 24 the CLI entry runs the program', async () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(
      REQUIRED_NODE_MAJOR
    )
    const version = await run(process.execPath, join(outdir, 'cli.js'), [
      '--version'
    ])
    expect(version).toEqual({
      code: 0,
      stdout: 'ds-rollout 0.1.0\n',
      stderr: ''
    })
    const bad = await run(process.execPath, join(outdir, 'cli.js'), [
      'no-such-command'
    ])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("unknown command 'no-such-command'")
  })
})
