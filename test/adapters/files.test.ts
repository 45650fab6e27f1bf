/**
 * Issue 11, files: what `--output` may replace, how inputs that are not
 * regular files are read (capped, never blocking), the one symlink rule for
 * explicit paths, globs and directory walks, and `rehearse
 * --kubeconfig-out` (exit non-zero when it cannot write, 0600 always).
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import { makeDaemonSet } from '../fixtures/daemonset.js'

let dir: string
let outside: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-files-'))
  outside = mkdtempSync(join(tmpdir(), 'ds-rollout-outside-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

function write(path: string, text: string, root = dir): string {
  const full = join(root, path)
  mkdirSync(dirname(full), { recursive: true })
  writeFileSync(full, text)
  return full
}

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: dir,
    env: {}
  })
  return { code, stdout, stderr }
}

const manifest = () => stringify(makeDaemonSet())

describe('--output writes only regular files', () => {
  it.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), /is a FIFO/],
    ['a directory', (p: string) => mkdirSync(p), /is a directory/],
    [
      'a character device',
      (p: string) => execFileSync('mknod', [p, 'c', '1', '3']),
      /is a device/
    ],
    [
      'a symlink',
      (p: string) => symlinkSync(write('real.md', 'mine', outside), p),
      /is a symlink/
    ]
  ])(
    'refuses %s with a clear error and leaves it as it was',
    async (_what, make, message) => {
      write('head/ds.yaml', manifest())
      const target = join(dir, 'out.md')
      try {
        make(target)
      } catch {
        return // mknod needs root; the other kinds are covered anyway
      }
      const before = lstatSync(target)
      const { code, stderr } = await cli(
        'plan',
        '--head',
        'head',
        '--output',
        'out.md'
      )
      expect(code).toBe(2)
      expect(stderr).toMatch(message)
      expect(stderr).toContain('ds-rollout writes only regular files')
      const after = lstatSync(target)
      expect(after.mode).toBe(before.mode)
      expect(after.ino).toBe(before.ino)
      if (after.isSymbolicLink())
        expect(readFileSync(join(outside, 'real.md'), 'utf8')).toBe('mine')
    }
  )

  it('replaces a regular file', async () => {
    write('head/ds.yaml', manifest())
    write('out.md', 'old')
    expect(
      (await cli('plan', '--head', 'head', '--output', 'out.md')).code
    ).toBe(0)
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toContain(
      'ds-rollout plan'
    )
  })
})

describe('inputs that are not regular files: capped, never blocking', () => {
  it('--head /dev/zero stops at the manifest cap instead of reading hundreds of MB', async () => {
    const started = Date.now()
    const { code, stderr } = await cli('plan', '--head', '/dev/zero')
    expect(code).toBe(2)
    expect(stderr).toMatch(/\/dev\/zero: the file is larger than 16 MiB/)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a FIFO nobody writes to as --head does not hang', async () => {
    execFileSync('mkfifo', [join(dir, 'ds.yaml')])
    const started = Date.now()
    const { code, stderr } = await cli('plan', '--head', 'ds.yaml')
    // At once, and not as "no manifests" (which would plan removals).
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /ds\.yaml: nothing could be read from it \(a FIFO or pipe with no writer/
    )
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('a FIFO with a writer (as process substitution gives) is read to its end', async () => {
    const fifo = join(dir, 'ds.yaml')
    execFileSync('mkfifo', [fifo])
    // The writer is waiting in open() before the plan starts, and writes late.
    const writer = spawn(
      '/bin/sh',
      ['-c', `exec 3>'${fifo}'; sleep 0.3; cat >&3`],
      {
        stdio: ['pipe', 'ignore', 'ignore']
      }
    )
    const closed = new Promise((r) => writer.on('close', r))
    writer.stdin.end(manifest())
    await new Promise((r) => setTimeout(r, 200))
    const { code, stdout } = await cli(
      'plan',
      '--head',
      'ds.yaml',
      '--format',
      'json'
    )
    await closed
    expect(code).toBe(0)
    expect(JSON.parse(stdout).daemonSets).toHaveLength(1)
  })
})

describe('one symlink rule for explicit paths, globs and directory walks', () => {
  beforeEach(() => {
    write(
      'secret.yaml',
      'kind: Secret\napiVersion: v1\nmetadata: {name: s}\n',
      outside
    )
  })

  it.each([
    ['an explicit path', 'k8s/link.yaml'],
    ['a glob', 'k8s/*.yaml'],
    ['a directory walk', 'k8s']
  ])(
    'refuses a symlink leading outside the working directory met by %s',
    async (_how, head) => {
      write('k8s/ds.yaml', manifest())
      symlinkSync(join(outside, 'secret.yaml'), join(dir, 'k8s/link.yaml'))
      const { code, stderr } = await cli('plan', '--head', head)
      expect(code).toBe(2)
      expect(stderr).toMatch(
        /k8s\/link\.yaml: is a symlink leading outside the working directory/
      )
    }
  )

  it.each([
    ['an explicit path', 'k8s/link.yaml'],
    ['a glob', 'k8s/*.yaml'],
    ['a directory walk', 'k8s']
  ])('follows a symlink that stays inside, met by %s', async (_how, head) => {
    write('shared/ds.yaml', manifest())
    mkdirSync(join(dir, 'k8s'))
    symlinkSync(join(dir, 'shared/ds.yaml'), join(dir, 'k8s/link.yaml'))
    const { code, stdout } = await cli(
      'plan',
      '--head',
      head,
      '--format',
      'json'
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout).daemonSets).toHaveLength(1)
  })

  it('a directory symlink loop is walked once', async () => {
    write('k8s/ds.yaml', manifest())
    symlinkSync(join(dir, 'k8s'), join(dir, 'k8s/again'))
    const { code, stdout } = await cli(
      'plan',
      '--head',
      'k8s',
      '--format',
      'json'
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout).daemonSets).toHaveLength(1)
  })

  it('applies to snapshot files too', async () => {
    write('k8s/ds.yaml', manifest())
    write('nodes.json', '{"kind":"NodeList","items":[]}', outside)
    symlinkSync(join(outside, 'nodes.json'), join(dir, 'nodes.json'))
    const { code, stderr } = await cli(
      'plan',
      '--head',
      'k8s',
      '--snapshot',
      'nodes.json'
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(/nodes\.json: is a symlink leading outside/)
  })
})

describe('rehearse --kubeconfig-out', () => {
  const snapshot = new URL(
    '../fixtures/rehearsal/nodes-3.json',
    import.meta.url
  ).pathname

  async function freePort(): Promise<number> {
    const server = net.createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as net.AddressInfo).port
    await new Promise((r) => server.close(r))
    return port
  }

  it('exits non-zero when it cannot write, and stops the API server', async () => {
    const port = await freePort()
    const { code, stderr } = await cli(
      'rehearse',
      '--snapshot',
      snapshot,
      '--port',
      String(port),
      '--kubeconfig-out',
      'missing/dir/kc.yaml'
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(/kc\.yaml: cannot write the output file \(ENOENT\)/)
    // The port is free again: the API server was stopped.
    const server = net.createServer()
    const freed = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    await new Promise((r) => server.close(r))
    expect(freed).toBe(true)
  })

  it('writes the kubeconfig 0600 even over an existing world-readable file', async () => {
    const kc = write('kc.yaml', 'old')
    chmodSync(kc, 0o644)
    let out = ''
    const done = runCli(
      ['rehearse', '--snapshot', snapshot, '--kubeconfig-out', 'kc.yaml'],
      { stdout: (t) => void (out += t), stderr: () => {}, cwd: dir, env: {} }
    )
    const end = Date.now() + 10_000
    while (!out.includes('ready') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    expect(statSync(kc).mode & 0o777).toBe(0o600)
    expect(readFileSync(kc, 'utf8')).toContain('token:')
    process.emit('SIGTERM')
    expect(await done).toBe(0)
    expect(existsSync(kc)).toBe(true)
  })
})
