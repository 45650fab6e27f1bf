/**
 * Every `ds-rollout` command line the README shows runs as written, so its
 * usage cannot drift from the CLI:
 * - the CLI synopsis lines name only options the command's --help knows,
 *   and every option the --help marks as required;
 * - each concrete example (rehearse, snapshot, undo, plan, the kubectl
 *   exports) is run in a scratch directory through a `ds-rollout` built by
 *   `npm run bundle` into a temporary directory, against the rehearsal
 *   cluster the README's own `rehearse ... &` line starts, with the user's
 *   ~/.kube/config pointing at it as context `prod`;
 * - `npx ds-rollout` resolves to this package's command in the clone,
 *   offline.
 * `apply` is not run here: its default gate soaks new pods for 30 real
 * seconds (the deploy tests run it with short settings).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import {
  readRepoFile,
  REPO_ROOT,
  withoutCodeBlocks
} from '../support/markdown-docs.js'

const exec = promisify(execFile)
const README = readRepoFile('README.md')

/** Command lines in the README: inline code spans and lines of fenced blocks that run `ds-rollout`. */
function readmeCommands(): string[] {
  const found: string[] = []
  for (const m of withoutCodeBlocks(README).matchAll(/`([^`\n]+)`/g))
    found.push(m[1]!.trim())
  for (const block of README.matchAll(/```(?:sh|bash)?\n([\s\S]*?)```/g))
    for (const line of block[1]!.split('\n')) found.push(line.trim())
  // A command with options; `ds-rollout serve` alone in prose names the command.
  return found.filter(
    (c) => /(^|; )(npx )?ds-rollout [a-z]/.test(c) && c.includes(' --')
  )
}

/** Synopsis and placeholder lines (`<file>`, `[...]`) describe usage; the others are runnable. */
const isSynopsis = (c: string): boolean => /[<[]|\.\.\./.test(c)

/** Options a usage text names: `--flag`. */
const flagsOf = (text: string): Set<string> =>
  new Set(text.match(/--[a-z][a-z-]*/g) ?? [])

async function usageOf(command: string): Promise<string> {
  let out = ''
  await runCli([command, '--help'], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    cwd: REPO_ROOT,
    env: {}
  })
  return out
}

describe('the README CLI synopsis', () => {
  const block = /## CLI[\s\S]*?```\n([\s\S]*?)```/.exec(README)?.[1] ?? ''
  const lines = block
    .split('\n')
    .filter((l) => l.startsWith('ds-rollout '))
    .map((l) => l.replace(/\s+/g, ' '))

  it('lists every command', async () => {
    const names = lines.map((l) => l.split(' ')[1])
    expect(names.sort()).toEqual(
      ['apply', 'plan', 'rehearse', 'serve', 'snapshot', 'undo'].sort()
    )
  })

  it('names only options the command knows, and every required one', async () => {
    for (const line of lines) {
      const command = line.split(' ')[1]!
      const usage = await usageOf(command)
      const known = flagsOf(usage)
      for (const flag of flagsOf(line))
        expect(known.has(flag), `${line}: ${flag}`).toBe(true)
      // Required options: outside brackets on the usage's first lines.
      const synopsis = usage.split('\n\n')[0]!.replace(/\[[^\]]*\]/g, '')
      const required = [...flagsOf(synopsis)]
      const outsideBrackets = line.replace(/\[[^\]]*\]/g, '')
      for (const flag of required)
        expect(outsideBrackets, `${command} needs ${flag}`).toContain(flag)
    }
  })
})

describe('the README examples, run as written', () => {
  let outdir: string
  let work: string
  let env: Record<string, string>
  const background: ChildProcess[] = []

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'ds-rollout-readme-build-'))
    await exec('npm', ['run', 'bundle', '--', `--outdir=${outdir}`], {
      cwd: REPO_ROOT
    })
    // `ds-rollout` on PATH: the freshly built command (npx would run the
    // committed dist/, which the lead rebuilds at merge).
    const bin = join(outdir, 'bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'ds-rollout'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(outdir, 'cli.js')}" "$@"\n`,
      { mode: 0o755 }
    )
    // A scratch checkout: the bundled examples, manifests in k8s/, a git
    // repository whose origin/main has deploy/ at the base.
    work = mkdtempSync(join(tmpdir(), 'ds-rollout-readme-'))
    cpSync(join(REPO_ROOT, 'examples'), join(work, 'examples'), {
      recursive: true
    })
    cpSync(join(REPO_ROOT, 'examples/head'), join(work, 'k8s'), {
      recursive: true
    })
    mkdirSync(join(work, 'cluster'))
    env = {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: work,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1'
    }
    const git = (...args: string[]) => exec('git', args, { cwd: work, env })
    await git('init', '-q')
    cpSync(join(REPO_ROOT, 'examples/base'), join(work, 'deploy'), {
      recursive: true
    })
    await git('add', 'deploy')
    await git('commit', '-qm', 'base')
    await git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    rmSync(join(work, 'deploy'), { recursive: true })
    cpSync(join(REPO_ROOT, 'examples/head'), join(work, 'deploy'), {
      recursive: true
    })
    // The scenario file of docs/rehearsal.md.
    const scenario = /## Scenario file\n\n```yaml\n([\s\S]*?)```/.exec(
      readRepoFile('docs/rehearsal.md')
    )?.[1]
    writeFileSync(join(work, 'faults.yaml'), scenario ?? '')
  }, 120_000)

  afterAll(() => {
    // Each child leads its own process group: the README's `... &` line
    // leaves the cluster running after sh exits, so signal the whole group.
    for (const child of background)
      if (child.pid !== undefined)
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          // already gone
        }
    rmSync(outdir, { recursive: true, force: true })
    rmSync(work, { recursive: true, force: true })
  })

  /** Runs one README line with sh in the scratch directory, `npx ds-rollout` as `ds-rollout`. */
  async function sh(line: string, timeout = 60_000) {
    const script = line.replace(/(^|; )npx ds-rollout /g, '$1ds-rollout ')
    try {
      const { stdout, stderr } = await exec('sh', ['-c', script], {
        cwd: work,
        env,
        timeout
      })
      return { code: 0, stdout, stderr }
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string }
      return {
        code: e.code ?? -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? ''
      }
    }
  }

  const commands = readmeCommands().filter((c) => !isSynopsis(c))
  const find = (re: RegExp): string => {
    const line = commands.find((c) => re.test(c))
    expect(line, `no README example matches ${re}`).toBeDefined()
    return line!
  }

  it('the README shows only examples this test knows how to run', () => {
    const known = [
      /rehearse .*&$/,
      /rehearse --snapshot cluster\/snapshot.json/,
      /snapshot --output/,
      /undo /,
      /plan /,
      /apply /
    ]
    expect(commands.filter((c) => !known.some((re) => re.test(c)))).toEqual([])
    expect(commands.length).toBeGreaterThanOrEqual(6)
  })

  it('rehearse & / snapshot / undo / kubectl + plan / rehearse with a scenario', async () => {
    // `npx ds-rollout rehearse --snapshot examples/snapshot.json --kubeconfig-out rehearsal.kubeconfig &`
    const start = find(/rehearse .*&$/)
    const child = spawn('sh', ['-c', start.replace(/^npx /, '')], {
      cwd: work,
      env,
      detached: true,
      stdio: 'ignore'
    })
    background.push(child)
    const kubeconfigOut = /--kubeconfig-out (\S+)/.exec(start)![1]!
    for (let i = 0; i < 200 && !existsSync(join(work, kubeconfigOut)); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(existsSync(join(work, kubeconfigOut))).toBe(true)
    await new Promise((r) => setTimeout(r, 300))
    // The user's own kubeconfig, with that cluster as context `prod`.
    const kc = parse(readFileSync(join(work, kubeconfigOut), 'utf8')) as {
      contexts: { name: string }[]
      'current-context': string
    }
    kc.contexts[0]!.name = 'prod'
    kc['current-context'] = 'prod'
    mkdirSync(join(work, '.kube'))
    writeFileSync(join(work, '.kube/config'), stringify(kc), { mode: 0o600 })

    // `npx ds-rollout snapshot --output cluster/snapshot.json --context prod`
    const snap = await sh(find(/snapshot --output/))
    expect(snap.code, snap.stderr).toBe(0)
    const recorded = JSON.parse(
      readFileSync(join(work, 'cluster/snapshot.json'), 'utf8')
    ) as { kind: string; nodes: unknown[] }
    expect(recorded.kind).toBe('DsRolloutSnapshot')
    expect(recorded.nodes).toHaveLength(17)

    // `npx ds-rollout undo --namespace monitoring --name node-exporter`:
    // understood and asked of the cluster (which runs no node-exporter: the
    // example snapshot records no template for it).
    const undo = await sh(find(/undo /))
    expect(undo.stderr).toContain(
      '"node-exporter" not found in namespace monitoring'
    )
    expect(undo.stderr).not.toMatch(/--help|unknown option|is required/)
    expect(undo.code).toBe(2)

    // `kubectl get nodes -o json > nodes.json; kubectl get pods -A -o json > pods.json; npx ds-rollout plan --base-ref origin/main --head deploy/ --snapshot nodes.json --snapshot pods.json`
    const plan = await sh(find(/plan /))
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toContain('node-exporter')
    expect(plan.stdout).toMatch(/17 nodes|of 17/)

    // `npx ds-rollout rehearse --snapshot cluster/snapshot.json --scenario faults.yaml --kubeconfig-out rehearsal.kubeconfig`,
    // with the snapshot just recorded and the scenario of docs/rehearsal.md: it starts, then stops on SIGINT.
    const rehearse = find(/rehearse --snapshot cluster\/snapshot.json/)
    const second = spawn(
      'sh',
      ['-c', `exec ${rehearse.replace(/^npx /, '')}`],
      {
        cwd: work,
        env,
        detached: true
      }
    )
    background.push(second)
    let out = ''
    let err = ''
    second.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    second.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    for (let i = 0; i < 200 && !out.includes('ready at'); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(out, err).toContain('rehearsal cluster ready at https://127.0.0.1:')
    const exited = new Promise<number | null>((r) => second.on('exit', r))
    process.kill(second.pid!, 'SIGINT')
    expect(await exited).toBe(0)
  })

  it('npx ds-rollout is this package’s command in the clone, offline', async () => {
    const { stdout } = await exec(
      'npx',
      ['--offline', '--no-install', 'ds-rollout', '--version'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, npm_config_update_notifier: 'false' }
      }
    )
    expect(stdout).toBe('ds-rollout 0.1.0\n')
  })
})
