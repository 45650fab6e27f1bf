/**
 * Issue 15, "rendering that fits how people lay out repos", with the real
 * kustomize of kubectl (/usr/bin/kubectl kustomize): the render command runs
 * from the repository root, its errors say where it ran, findings land on
 * the source files (origin annotations, Helm `# Source:`, else the entry
 * file), and a ConfigMap renamed by its generator hash is diffed by content.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import type { Finding, Plan } from '../../src/core/plan/types.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-layout-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' })
}

async function cli(cwd: string, ...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {}
  })
  return { code, stdout, stderr }
}

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: agent}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: example.com/agent:1.0.0
          volumeMounts:
            - {name: config, mountPath: /etc/agent}
      volumes:
        - name: config
          configMap: {name: agent-config}
`

function overlay(level: string, metadata = true): string {
  return `resources: [../../base]
namePrefix: prod-
${metadata ? 'buildMetadata: [originAnnotations]\n' : ''}configMapGenerator:
  - name: agent-config
    namespace: monitoring
    literals: [level=${level}, mode=fast]
`
}

/** A repository as people lay it out: a base and an overlay, committed on main, then changed. */
function kustomizeRepo(headLevel: string, metadata = true): void {
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'ci@example.com')
  git('config', 'user.name', 'ci')
  git('config', 'commit.gpgsign', 'false')
  write('base/ds.yaml', DS)
  write('base/kustomization.yaml', 'resources: [ds.yaml]\n')
  write('overlays/prod/kustomization.yaml', overlay('info', metadata))
  git('add', '.')
  git('commit', '-qm', 'base')
  write('overlays/prod/kustomization.yaml', overlay(headLevel, metadata))
}

async function planJson(cwd: string, ...args: string[]): Promise<Plan> {
  const r = await cli(cwd, 'plan', ...args, '--format', 'json')
  // Plans without a base say so on stderr; nothing else may be there.
  expect(r.stderr.replace(/^ds-rollout plan: no base compared.*\n/, '')).toBe(
    ''
  )
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as Plan
}

function finding(plan: Plan, code: string): Finding | undefined {
  return plan.daemonSets.flatMap((d) => d.findings).find((f) => f.code === code)
}

describe('kustomize overlays (real kubectl kustomize)', () => {
  it('--head overlays/prod --render "kubectl kustomize overlays/prod" runs from the repository root', async () => {
    kustomizeRepo('debug')
    const plan = await planJson(
      dir,
      '--head',
      'overlays/prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    expect(plan.daemonSets.map((d) => d.name)).toEqual(['prod-agent'])
    // The same from a subdirectory: the command still runs from the root.
    const fromSub = await planJson(
      join(dir, 'overlays'),
      '--head',
      'prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    expect(fromSub.daemonSets.map((d) => d.name)).toEqual(['prod-agent'])
  })

  it('maps findings back to the base file and the field line through origin annotations', async () => {
    kustomizeRepo('debug')
    const plan = await planJson(
      dir,
      '--head',
      'overlays/prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    const ds = plan.daemonSets[0]!
    expect(ds.file).toBe('base/ds.yaml')
    expect(ds.line).toBe(1)
    // maxSurge 1 without maxUnavailable 0: on the maxSurge line of base/ds.yaml.
    const f = finding(plan, 'max-surge-requires-max-unavailable-zero')
    expect(f).toMatchObject({ file: 'base/ds.yaml', line: 12 })
    // The origin annotation itself is build metadata, not a change.
    expect(JSON.stringify(plan)).not.toContain('config.kubernetes.io/origin')
  })

  it('diffs a ConfigMap renamed by its generator hash by content, against its predecessor', async () => {
    kustomizeRepo('debug')
    const plan = await planJson(
      dir,
      '--head',
      'overlays/prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    const ds = plan.daemonSets[0]!
    expect(ds.rollout.triggered).toBe(true)
    const renamed = ds['renamedConfigs'] as {
      before: string
      after: string
      changes: { key: string; before?: unknown; after?: unknown }[]
    }[]
    expect(renamed).toHaveLength(1)
    expect(renamed[0]!.before).toMatch(/^prod-agent-config-[a-z0-9]{10}$/)
    expect(renamed[0]!.after).not.toBe(renamed[0]!.before)
    expect(renamed[0]!.changes).toEqual([
      { key: 'level', before: 'info', after: 'debug' }
    ])
    expect(finding(plan, 'config-renamed')?.message).toContain(
      '1 key changed: level (changed)'
    )
    const md = await cli(
      dir,
      'plan',
      '--head',
      'overlays/prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    expect(md.stdout).toContain('| `level` | `info` | `debug` |')
  })

  it('without origin annotations, findings land on the entry file (kustomization.yaml)', async () => {
    kustomizeRepo('debug', false)
    const plan = await planJson(
      dir,
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize overlays/prod'
    )
    expect(plan.daemonSets[0]!.file).toBe('overlays/prod/kustomization.yaml')
    expect(finding(plan, 'max-surge-requires-max-unavailable-zero')?.file).toBe(
      'overlays/prod/kustomization.yaml'
    )
  })

  it('--render-directory runs the command elsewhere', async () => {
    kustomizeRepo('debug')
    const plan = await planJson(
      dir,
      '--head',
      'overlays/prod',
      '--render-directory',
      'overlays/prod',
      '--base-ref',
      'main',
      '--render',
      'kubectl kustomize .'
    )
    expect(plan.daemonSets[0]!.file).toBe('base/ds.yaml')
  })

  it('a failing render command says which directory it ran in', async () => {
    kustomizeRepo('debug')
    const r = await cli(
      dir,
      'plan',
      '--render',
      'kubectl kustomize overlays/nope'
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`it ran in the repository root, ${dir}`)
    expect(r.stderr).toMatch(/--render-directory/)
  })
})

describe('Helm charts (# Source: comments)', () => {
  it('maps each document to its template file', async () => {
    write(
      'charts/agent/templates/ds.yaml',
      '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}\n'
    )
    write('charts/agent/Chart.yaml', 'name: agent\nversion: 0.1.0\n')
    // What `helm template rel charts/agent` prints (no helm binary here).
    write(
      'rendered.yaml',
      '---\n# Source: agent/templates/ds.yaml\n' +
        DS.replace('maxSurge: 1', 'maxSurge: 2')
    )
    const plan = await planJson(
      dir,
      '--head',
      'charts/agent',
      '--render',
      'cat rendered.yaml'
    )
    const f = finding(plan, 'max-surge-requires-max-unavailable-zero')
    expect(f).toMatchObject({
      file: 'charts/agent/templates/ds.yaml',
      line: 3
    })
  })
})
