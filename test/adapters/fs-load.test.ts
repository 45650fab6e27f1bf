import { RENDERED_LABEL } from '../../src/core/render/inert.js'
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadManifestSets } from '../../src/adapters/fs/load-manifest-sets.js'
import type { ManifestObject } from '../../src/core/manifests/types.js'
import { UserError } from '../../src/util/errors.js'
import { makeDaemonSet } from '../fixtures/daemonset.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-fs-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

function obj(kind: string, name: string): string {
  return stringify({ apiVersion: 'v1', kind, metadata: { name } })
}

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com'
    }
  })
}

function initRepo(): void {
  git('init', '-q', '-b', 'main')
  git('config', 'commit.gpgsign', 'false')
}

const where = (objects: ManifestObject[]) =>
  objects.map(
    (o) => `${o.source.file}:${o.source.line}:${o.object.metadata?.name}`
  )

async function loadError(
  options: Parameters<typeof loadManifestSets>[0]
): Promise<UserError> {
  try {
    await loadManifestSets(options)
  } catch (err) {
    if (err instanceof UserError) return err
    throw err
  }
  throw new Error('expected a UserError')
}

describe('loading files, directories and globs', () => {
  it('walks a directory recursively in code-point order, taking only *.yaml, *.yml and *.json, skipping hidden directories', async () => {
    write('m/b.yaml', obj('A', 'b'))
    write('m/a.yml', obj('A', 'a'))
    write(
      'm/sub/c.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'A', metadata: { name: 'c' } })
    )
    write('m/B.yaml', obj('A', 'B'))
    write('m/README.md', '# not a manifest')
    write('m/.git/x.yaml', 'not: [valid')
    write('m/node_modules/y.yaml', 'not: [valid')
    const { head, base } = await loadManifestSets({ head: ['m'], cwd: dir })
    expect(base).toEqual([])
    expect(where(head)).toEqual([
      'm/B.yaml:1:B',
      'm/a.yml:1:a',
      'm/b.yaml:1:b',
      'm/sub/c.json:1:c'
    ])
  })

  it('takes an explicitly named file whatever its extension, and de-duplicates paths', async () => {
    write('x.txt', obj('A', 'x'))
    const { head } = await loadManifestSets({
      head: ['x.txt', './x.txt'],
      cwd: dir
    })
    expect(where(head)).toEqual(['x.txt:1:x'])
  })

  it('expands globs, sorted', async () => {
    write('a/2.yaml', obj('A', 'two'))
    write('a/1.yaml', obj('A', 'one'))
    write('a/notes.md', 'x')
    write('b/3.yaml', obj('A', 'three'))
    const { head } = await loadManifestSets({ head: ['*/*'], cwd: dir })
    expect(where(head)).toEqual([
      'a/1.yaml:1:one',
      'a/2.yaml:1:two',
      'b/3.yaml:1:three'
    ])
  })

  it('reads --base paths', async () => {
    write('old/a.yaml', obj('A', 'old'))
    write('new/a.yaml', obj('A', 'new'))
    const sets = await loadManifestSets({
      head: ['new'],
      base: ['old'],
      cwd: dir
    })
    expect(where(sets.base)).toEqual(['old/a.yaml:1:old'])
    expect(where(sets.head)).toEqual(['new/a.yaml:1:new'])
  })
})

describe('--base-ref: the head paths at a git ref', () => {
  it('reads files and directories at the ref; files absent there are absent from the base', async () => {
    initRepo()
    write('deploy/ds.yaml', stringify(makeDaemonSet('agent')))
    write('deploy/sub/cm.yaml', obj('ConfigMap', 'cfg-v1'))
    write('other.yaml', obj('A', 'other'))
    git('add', '.')
    git('commit', '-qm', 'base')
    git('tag', 'v1')
    write('deploy/sub/cm.yaml', obj('ConfigMap', 'cfg-v2'))
    write('deploy/new.yaml', obj('A', 'new'))
    const sets = await loadManifestSets({
      head: ['deploy', 'other.yaml', 'deploy/new.yaml'],
      baseRef: 'v1',
      cwd: dir
    })
    expect(where(sets.base)).toEqual([
      'v1:deploy/ds.yaml:1:agent',
      'v1:deploy/sub/cm.yaml:1:cfg-v1',
      'v1:other.yaml:1:other'
    ])
    expect(where(sets.head)).toEqual([
      'deploy/ds.yaml:1:agent',
      'deploy/new.yaml:1:new',
      'deploy/sub/cm.yaml:1:cfg-v2',
      'other.yaml:1:other'
    ])
  })

  it('a head directory and a glob that match nothing at the ref give an empty base, not an error', async () => {
    initRepo()
    write('old/a.yaml', obj('A', 'a'))
    git('add', '.')
    git('commit', '-qm', 'base')
    write('newdir/sub/b.yaml', obj('A', 'b'))
    write('fresh/c.yml', obj('A', 'c'))
    const sets = await loadManifestSets({
      head: ['old', 'newdir', 'fresh/*.yml'],
      baseRef: 'main',
      cwd: dir
    })
    expect(where(sets.base)).toEqual(['main:old/a.yaml:1:a'])
    expect(where(sets.head)).toEqual([
      'old/a.yaml:1:a',
      'newdir/sub/b.yaml:1:b',
      'fresh/c.yml:1:c'
    ])
  })

  it('resolves paths from a subdirectory of the repository', async () => {
    initRepo()
    write('env/prod/a.yaml', obj('A', 'a1'))
    git('add', '.')
    git('commit', '-qm', 'base')
    write('env/prod/a.yaml', obj('A', 'a2'))
    const sets = await loadManifestSets({
      head: ['.'],
      baseRef: 'HEAD',
      cwd: join(dir, 'env/prod')
    })
    expect(where(sets.base)).toEqual(['HEAD:a.yaml:1:a1'])
    expect(where(sets.head)).toEqual(['a.yaml:1:a2'])
  })

  it('expands globs at the ref', async () => {
    initRepo()
    write('m/a.yaml', obj('A', 'a'))
    write('m/b.yml', obj('A', 'b'))
    git('add', '.')
    git('commit', '-qm', 'base')
    const sets = await loadManifestSets({
      head: ['m/*.y*ml'],
      baseRef: 'main',
      cwd: dir
    })
    expect(where(sets.base)).toEqual(['main:m/a.yaml:1:a', 'main:m/b.yml:1:b'])
  })

  it.each([
    ['an unknown ref', 'no-such-branch', /no such commit, branch or tag/],
    ['an option-like ref', '--output=/tmp/x', /is not a git ref/]
  ])('refuses %s', async (_name, ref, message) => {
    initRepo()
    write('a.yaml', obj('A', 'a'))
    git('add', '.')
    git('commit', '-qm', 'base')
    const err = await loadError({ head: ['a.yaml'], baseRef: ref, cwd: dir })
    expect(err.message).toMatch(message)
  })

  it('outside a git repository says so', async () => {
    write('a.yaml', obj('A', 'a'))
    const err = await loadError({ head: ['a.yaml'], baseRef: 'main', cwd: dir })
    expect(err.message).toMatch(/needs a git repository/)
  })
})

describe('--render: manifests from a command', () => {
  it('runs the command in the head directory and in a clean checkout of the base ref, then cleans up', async () => {
    initRepo()
    write('overlay/ds.yaml', obj('A', 'v1'))
    git('add', '.')
    git('commit', '-qm', 'base')
    write('overlay/ds.yaml', obj('A', 'v2'))
    write('overlay/extra.yaml', obj('A', 'uncommitted'))
    const before = readdirSync(tmpdir()).filter((f) =>
      f.startsWith('ds-rollout-base-')
    )
    const render = 'for f in overlay/*.yaml; do cat "$f"; echo ---; done'
    const sets = await loadManifestSets({
      head: [],
      render,
      baseRef: 'main',
      cwd: dir
    })
    expect(sets.head.map((o) => o.object.metadata?.name)).toEqual([
      'v2',
      'uncommitted'
    ])
    expect(sets.head[0]?.source.file).toBe(RENDERED_LABEL)
    expect(sets.base.map((o) => o.object.metadata?.name)).toEqual(['v1'])
    expect(sets.base[0]?.source.file).toBe(`${RENDERED_LABEL} at main`)
    const after = readdirSync(tmpdir()).filter((f) =>
      f.startsWith('ds-rollout-base-')
    )
    expect(after.sort()).toEqual(before.sort())
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1)
  })

  it('runs from the repository root (or --render-directory); with --base, at the same place in the base checkout (issue 15)', async () => {
    write('m.yaml', obj('A', 'two'))
    write('old/m.yaml', obj('A', 'one'))
    write('v3/m.yaml', obj('A', 'three'))
    const sets = await loadManifestSets({
      head: [],
      base: ['old'],
      render: 'cat m.yaml',
      cwd: dir
    })
    expect(sets.head.map((o) => o.object.metadata?.name)).toEqual(['two'])
    expect(sets.base.map((o) => o.object.metadata?.name)).toEqual(['one'])
    expect(sets.base[0]?.source.file).toBe(`${RENDERED_LABEL} (base)`)
    const elsewhere = await loadManifestSets({
      head: [],
      renderDirectory: 'v3',
      render: 'cat m.yaml',
      cwd: dir
    })
    expect(elsewhere.head.map((o) => o.object.metadata?.name)).toEqual([
      'three'
    ])
    const err = await loadError({
      head: ['old', 'v3'],
      render: 'cat m.yaml',
      cwd: dir
    })
    expect(err.message).toMatch(/--head names at most one path/)
    const notDir = await loadError({
      head: [],
      renderDirectory: 'm.yaml',
      render: 'cat m.yaml',
      cwd: dir
    })
    expect(notDir.describe()).toMatch(
      /^m\.yaml: --render-directory must be a directory/
    )
  })

  it('a failing command is a UserError with its exit code and the tail of stderr', async () => {
    const err = await loadError({
      head: [],
      render:
        'echo "Error: accumulating resources: missing kustomization" >&2; exit 3',
      cwd: dir
    })
    expect(err.file).toBe(RENDERED_LABEL)
    expect(err.message).toMatch(
      /exited with code 3: Error: accumulating resources: missing kustomization/
    )
  })

  it('bad output of the command is reported against the fixed label with its line', async () => {
    const err = await loadError({
      head: [],
      render: "printf 'apiVersion: v1\\nkind: A\\n---\\n- 1\\n'",
      cwd: dir
    })
    expect(err.describe()).toMatch(
      /^\(rendered by render-command\):4: the document is a list/
    )
  })

  it('runs the command with a scrubbed environment: no INPUT_*, kubeconfig or tokens unless passed with render-env', async () => {
    const planted: Record<string, string> = {
      INPUT_KUBECONFIG: 'apiVersion: v1\nusers: [{user: {token: kube-secret}}]',
      INPUT_GITHUB_TOKEN: 'ghs_inputtoken',
      KUBECONFIG: '/home/runner/.kube/config',
      GITHUB_TOKEN: 'ghs_envtoken',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      HELM_REPO_PASSWORD: 'helm-secret'
    }
    const saved = { ...process.env }
    Object.assign(process.env, planted)
    try {
      // The command prints its whole environment as the value of a ConfigMap.
      const render =
        'printf \'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: env}\\ndata: {env: %s}\\n\' "$(env | base64 -w0)"'
      const sets = await loadManifestSets({ head: [], render, cwd: dir })
      const data = sets.head[0]?.object.data as { env: string }
      const env = Buffer.from(data.env, 'base64').toString('utf8')
      for (const [name, value] of Object.entries(planted)) {
        expect(env).not.toContain(`${name}=`)
        expect(env).not.toContain(value)
      }
      expect(env).toMatch(/^PATH=/m)
      const passed = await loadManifestSets({
        head: [],
        render,
        renderEnv: ['HELM_REPO_PASSWORD', 'EXTRA=1'],
        cwd: dir
      })
      const passedEnv = Buffer.from(
        (passed.head[0]?.object.data as { env: string }).env,
        'base64'
      ).toString('utf8')
      expect(passedEnv).toMatch(/^HELM_REPO_PASSWORD=helm-secret$/m)
      expect(passedEnv).toMatch(/^EXTRA=1$/m)
      expect(passedEnv).not.toContain('kube-secret')
      const missing = await loadError({
        head: [],
        render,
        renderEnv: ['NOT_SET_ANYWHERE'],
        cwd: dir
      })
      expect(missing.message).toMatch(
        /render-env names NOT_SET_ANYWHERE, which is not set/
      )
    } finally {
      for (const name of Object.keys(planted)) delete process.env[name]
      Object.assign(process.env, saved)
    }
  })

  it('passes no path or ref through a shell', async () => {
    const marker = join(dir, 'pwned')
    initRepo()
    write('a.yaml', obj('A', 'a'))
    git('add', '.')
    git('commit', '-qm', 'base')
    const ref = `main;touch ${marker}`
    await loadError({ head: ['a.yaml'], baseRef: ref, cwd: dir })
    await loadError({ head: [`a.yaml;touch ${marker}`], cwd: dir })
    expect(existsSync(marker)).toBe(false)
  })
})
