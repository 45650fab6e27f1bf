import { execFileSync } from 'node:child_process'
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import type { Plan } from '../../src/core/plan/types.js'
import { clone, makeDaemonSet } from '../fixtures/daemonset.js'

type Patch = (ds: Record<string, any>) => void
const pod = (ds: Record<string, any>) => ds.spec.template.spec

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true })
  writeFileSync(join(dir, path), text)
}

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {}
  })
  return { code, stdout, stderr }
}

async function planFor(patch: Patch): Promise<Plan> {
  const base = makeDaemonSet()
  const head = clone(base)
  patch(head)
  write('base/ds.yaml', stringify(base))
  write('head/ds.yaml', stringify(head))
  const { code, stdout, stderr } = await cli(
    'plan',
    '--base',
    'base',
    '--head',
    'head',
    '--format',
    'json'
  )
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(stdout) as Plan
}

describe('ds-rollout plan --format json: the "Done when" list of issue 2', () => {
  const cases: [string, Patch, string, boolean][] = [
    [
      'image change → modified + triggered (R4.3)',
      (d) => (pod(d).containers[0].image = 'registry.example.com/agent:2.0.0'),
      'modified',
      true
    ],
    [
      'only maxUnavailable → modified, not triggered (R4.3)',
      (d) =>
        (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '25%' } }),
      'modified',
      false
    ],
    [
      'explicit defaults added → not triggered (R8.1, R8.2)',
      (d) => {
        d.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
        }
        d.spec.revisionHistoryLimit = 10
        Object.assign(pod(d), {
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
          securityContext: {}
        })
        Object.assign(pod(d).containers[0], {
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File'
        })
        pod(d).containers[0].ports[0].protocol = 'TCP'
        pod(d).volumes[0].configMap.defaultMode = 420
      },
      'unchanged',
      false
    ],
    [
      'container reorder → triggered (R4.3)',
      (d) => pod(d).containers.reverse(),
      'modified',
      true
    ],
    [
      'template annotation change → triggered (R4.3)',
      (d) =>
        (d.spec.template.metadata.annotations = { 'checksum/config': 'abc' }),
      'modified',
      true
    ],
    [
      'DaemonSet-only label change → not triggered (R4.1)',
      (d) => (d.metadata.labels.owner = 'sre'),
      'modified',
      false
    ]
  ]
  it.each(cases)('%s', async (_name, patch, change, triggered) => {
    const plan = await planFor(patch)
    expect(plan.schemaVersion).toBe(2)
    expect(plan.daemonSets).toHaveLength(1)
    const [ds] = plan.daemonSets
    expect(ds).toMatchObject({
      namespace: 'kube-system',
      name: 'agent',
      file: 'head/ds.yaml',
      line: 1,
      change
    })
    expect(ds?.rollout.triggered).toBe(triggered)
    expect(plan.summary.rollouts).toBe(triggered ? 1 : 0)
    expect(plan.summary.changed).toBe(change === 'unchanged' ? 0 : 1)
  })

  it('0.5 CPU in the base and 500m in the head is no change (R8.2d)', async () => {
    const base = makeDaemonSet()
    pod(base).containers[0].resources.requests.cpu = 0.5
    const head = clone(base)
    pod(head).containers[0].resources.requests.cpu = '500m'
    write('base/ds.yaml', stringify(base))
    write('head/ds.yaml', stringify(head))
    const plan = JSON.parse(
      (
        await cli(
          'plan',
          '--base',
          'base',
          '--head',
          'head',
          '--format',
          'json'
        )
      ).stdout
    ) as Plan
    expect(plan.daemonSets[0]?.change).toBe('unchanged')
    expect(plan.daemonSets[0]?.rollout.triggered).toBe(false)
  })

  it('selector change → error finding, and still exit 0 (findings do not change the exit code)', async () => {
    const plan = await planFor((d) => {
      d.spec.selector.matchLabels.tier = 'node'
      d.spec.template.metadata.labels.tier = 'node'
    })
    const finding = plan.daemonSets[0]?.findings.find(
      (f) => f.code === 'selector-changed'
    )
    // The finding points at the `selector:` line of the head file.
    const headLines = readFileSync(join(dir, 'head/ds.yaml'), 'utf8').split(
      '\n'
    )
    expect(finding).toMatchObject({
      severity: 'error',
      file: 'head/ds.yaml',
      line: headLines.indexOf('  selector:') + 1
    })
    expect(finding?.line).toBeGreaterThan(1)
    expect(plan.summary.highestSeverity).toBe('error')
    expect(plan.summary.errors).toBe(1)
  })

  it('without a snapshot the plan says it is the diff only', async () => {
    const plan = await planFor(() => {})
    expect(plan.findings).toEqual([
      expect.objectContaining({ severity: 'info', code: 'diff-only' })
    ])
  })
})

describe('ds-rollout plan --snapshot (repeatable)', () => {
  it('simulates against kubectl exports given as several --snapshot files', async () => {
    const nodes = ['n1', 'n2'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }]
      }
    }))
    const pods = ['n1', 'n2'].map((node) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `agent-${node}`,
        namespace: 'kube-system',
        labels: { app: 'agent', 'controller-revision-hash': 'old' },
        ownerReferences: [
          { kind: 'DaemonSet', name: 'agent', controller: true }
        ]
      },
      spec: { nodeName: node, containers: [{ name: 'agent' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }]
      }
    }))
    write(
      'nodes.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes })
    )
    write(
      'pods.yaml',
      stringify({ apiVersion: 'v1', kind: 'List', items: pods })
    )
    const base = makeDaemonSet()
    const head = clone(base)
    pod(head).containers[0].image = 'registry.example.com/agent:2.0.0'
    write('base/ds.yaml', stringify(base))
    write('head/ds.yaml', stringify(head))
    const { code, stdout, stderr } = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--snapshot',
      'nodes.json',
      '--snapshot',
      'pods.yaml',
      '--format',
      'json'
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const plan = JSON.parse(stdout) as Plan
    const ds = plan.daemonSets[0]!
    // schemaVersion 2: one compact line, routine nodes grouped and counted.
    expect(stdout.trimEnd()).not.toContain('\n')
    expect(ds.outcomes?.map((g) => [g.action, g.count, g.nodeNames])).toEqual([
      ['replace', 2, undefined]
    ])
    expect(ds.nodeDetail).toEqual([])
    expect(ds.rollout).toMatchObject({ desired: 2, beforeFrom: 'pods' })
    expect(plan.findings.map((f) => f.code)).not.toContain('diff-only')
    // The estimate's defaults can be overridden.
    const tuned = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--snapshot',
      'nodes.json',
      '--snapshot',
      'pods.yaml',
      '--pull-seconds',
      '90',
      '--start-seconds',
      '2.5',
      '--format',
      'json'
    )
    expect(tuned.code).toBe(0)
    expect(
      (JSON.parse(tuned.stdout) as Plan).daemonSets[0]?.rollout.durations
    ).toMatchObject({ pullSeconds: 90, startSeconds: 2.5 })
    // --nodes all: every node named and detailed; --pretty indents.
    const all = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--snapshot',
      'nodes.json',
      '--snapshot',
      'pods.yaml',
      '--nodes',
      'all',
      '--pretty',
      '--format',
      'json'
    )
    expect(all.code).toBe(0)
    expect(all.stdout).toContain('\n  "schemaVersion": 2,\n')
    const full = (JSON.parse(all.stdout) as Plan).daemonSets[0]!
    expect(full.nodeDetailScope).toBe('all')
    expect(full.nodeDetail?.map((n) => [n.name, n.action])).toEqual([
      ['n1', 'replace'],
      ['n2', 'replace']
    ])
    expect(full.outcomes?.[0]?.nodeNames).toEqual(['n1', 'n2'])
    const nodesFlag = await cli('plan', '--head', 'head', '--nodes', 'some')
    expect(nodesFlag.code).toBe(2)
    expect(nodesFlag.stderr).toContain('--nodes must be non-routine or all')
    const bad = await cli('plan', '--head', 'head', '--pull-seconds=-3')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /--pull-seconds must be a number of seconds ≥ 0, not "-3"/
    )
  })

  it('a broken second snapshot file exits 2 naming that file and line', async () => {
    write('head/a.yaml', stringify(makeDaemonSet()))
    write('nodes.json', JSON.stringify({ kind: 'List', items: [] }))
    write('pods.json', '{\n  "kind": "List",\n  "items": [,]\n}\n')
    const { code, stderr } = await cli(
      'plan',
      '--head',
      'head',
      '--snapshot',
      'nodes.json',
      '--snapshot',
      'pods.json'
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(/^ds-rollout plan: pods\.json:3: not valid JSON/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it('the snapshot is read while the manifests load, and a broken manifest is still the error reported', async () => {
    write(
      'head/a.yaml',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: [oops\n'
    )
    write('pods.json', '{\n  "kind": "List",\n  "items": [,]\n}\n')
    for (let run = 0; run < 3; run += 1) {
      const { code, stderr } = await cli(
        'plan',
        '--head',
        'head',
        '--snapshot',
        'pods.json'
      )
      expect(code).toBe(2)
      expect(stderr).toMatch(
        /^ds-rollout plan: head\/a\.yaml:\d+: YAML syntax error/
      )
      expect(stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})

describe('ds-rollout plan: bad input exits 2 with one message naming file:line', () => {
  const ok = stringify(makeDaemonSet())
  const cases: [string, Record<string, string>, string[], RegExp][] = [
    [
      'malformed YAML',
      { 'head/a.yaml': 'apiVersion: v1\nkind: A\nmetadata:\n  name: [oops\n' },
      ['--head', 'head'],
      /^ds-rollout plan: head\/a\.yaml:\d+: YAML syntax error/
    ],
    [
      'a non-object document',
      { 'head/a.yaml': `${ok}---\n- 1\n` },
      ['--head', 'head'],
      /^ds-rollout plan: head\/a\.yaml:\d+: the document is a list/
    ],
    [
      'missing kind',
      { 'head/a.yaml': 'apiVersion: v1\nmetadata: {}\n' },
      ['--head', 'head'],
      /^ds-rollout plan: head\/a\.yaml:1: the document has no kind/
    ],
    [
      'alias bomb',
      {
        'head/a.yaml':
          'apiVersion: v1\nkind: A\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
      },
      ['--head', 'head'],
      /^ds-rollout plan: head\/a\.yaml:1: too many YAML alias expansions/
    ],
    [
      'malformed JSON',
      { 'head/a.json': '{"apiVersion": "v1",\n"kind": }' },
      ['--head', 'head'],
      /^ds-rollout plan: head\/a\.json:2: JSON syntax error/
    ],
    [
      'bad base file',
      { 'head/a.yaml': ok, 'base/a.yaml': 'kind: [\n' },
      ['--head', 'head', '--base', 'base'],
      /^ds-rollout plan: base\/a\.yaml:\d+: YAML syntax error/
    ],
    [
      'missing head path',
      {},
      ['--head', 'nope'],
      /^ds-rollout plan: nope: no such file or directory/
    ],
    [
      'glob matching nothing',
      {},
      ['--head', 'x/*.yaml'],
      /^ds-rollout plan: x\/\*\.yaml: the pattern matches no files/
    ],
    ['no --head', {}, [], /--head is required/],
    [
      'unknown flag',
      {},
      ['--head', 'h', '--frobnicate'],
      /Unknown option '--frobnicate'/
    ],
    [
      'bad --format',
      { 'head/a.yaml': ok },
      ['--head', 'head', '--format', 'yaml'],
      /--format must be markdown, json or sarif/
    ],
    [
      '--base with --base-ref',
      { 'head/a.yaml': ok },
      ['--head', 'head', '--base', 'head', '--base-ref', 'main'],
      /cannot be used together/
    ],
    [
      'missing snapshot file',
      { 'head/a.yaml': ok },
      ['--head', 'head', '--snapshot', 'snap.json'],
      /^ds-rollout plan: snap\.json: no such file/
    ]
  ]
  it.each(cases)('%s', async (_name, files, args, message) => {
    for (const [path, text] of Object.entries(files)) write(path, text)
    const { code, stdout, stderr } = await cli('plan', ...args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/)
  })

  it('a huge file is refused before it is read', async () => {
    write('head/big.yaml', `# ${'x'.repeat(17 * 1024 * 1024)}\n`)
    const { code, stderr } = await cli('plan', '--head', 'head')
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^ds-rollout plan: head\/big\.yaml: the file is larger than 16 MiB/
    )
  })
})

describe('ds-rollout plan: output', () => {
  it('prints Markdown by default with the summary line first', async () => {
    write('base/ds.yaml', stringify(makeDaemonSet()))
    const head = makeDaemonSet()
    pod(head).containers[0].image = 'registry.example.com/agent:2.0.0'
    write('head/ds.yaml', stringify(head))
    const { code, stdout } = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head'
    )
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toBe(
      '**ds-rollout plan: 1 DaemonSet changed, 1 will roll** · 1 in total · 1 note'
    )
    expect(stdout).toContain(
      '| `spec.template.spec.containers[name=agent].image` 🔄 | `registry.example.com/agent:1.0.0` | `registry.example.com/agent:2.0.0` |'
    )
  })

  it('--output writes the plan atomically and prints nothing', async () => {
    write('head/ds.yaml', stringify(makeDaemonSet()))
    write('out/plan.json', 'old')
    const { code, stdout } = await cli(
      'plan',
      '--head',
      'head',
      '--format',
      'json',
      '--output',
      'out/plan.json'
    )
    expect(code).toBe(0)
    expect(stdout).toBe('')
    const plan = JSON.parse(
      readFileSync(join(dir, 'out/plan.json'), 'utf8')
    ) as Plan
    expect(plan.daemonSets[0]?.change).toBe('added')
    expect(readdirSync(join(dir, 'out'))).toEqual(['plan.json'])
  })

  it('--output into a missing directory is exit 2 and leaves nothing behind', async () => {
    write('head/ds.yaml', stringify(makeDaemonSet()))
    const { code, stderr } = await cli(
      'plan',
      '--head',
      'head',
      '--output',
      'nope/plan.md'
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /nope\/plan\.md: cannot write the output file \(ENOENT\)/
    )
  })

  it('plans the bundled example', async () => {
    const { code, stdout } = await runCliIn(
      process.cwd(),
      'plan',
      '--base',
      'examples/base',
      '--head',
      'examples/head',
      '--format',
      'json'
    )
    expect(code).toBe(0)
    const plan = JSON.parse(stdout) as Plan
    const byName = Object.fromEntries(plan.daemonSets.map((d) => [d.name, d]))
    expect(byName['node-exporter']?.rollout.triggered).toBe(true)
    expect(byName['fluent-bit']?.rollout.triggered).toBe(false)
    expect(byName['fluent-bit']?.findings.map((f) => f.code)).toContain(
      'config-change-without-rollout'
    )
  })
})

async function runCliIn(cwd: string, ...args: string[]) {
  let stdout = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: () => {},
    cwd,
    env: {}
  })
  return { code, stdout }
}

describe('ds-rollout plan --fail-on (the gate for other CI systems)', () => {
  async function gated(failOn: string) {
    const base = makeDaemonSet()
    const head = clone(base)
    // maxUnavailable 0 with maxSurge 0 is rejected by the API (R3.6): an error.
    ;(head as { spec: { updateStrategy: unknown } }).spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 0 }
    }
    write('base/ds.yaml', stringify(base))
    write('head/ds.yaml', stringify(head))
    return cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--format',
      'json',
      '--fail-on',
      failOn
    )
  }

  it('exits 1 after writing the plan when an error reaches fail-on error', async () => {
    const { code, stdout, stderr } = await gated('error')
    expect(code).toBe(1)
    const plan = JSON.parse(stdout) as Plan
    expect(plan.summary.errors).toBeGreaterThan(0)
    expect(stderr).toMatch(
      /^ds-rollout plan: plan rejected: \d+ errors? in the plan \(fail-on: error\)\n$/
    )
  })

  it('passes by default (never) with the same plan', async () => {
    const { code, stderr } = await gated('never')
    expect(code).toBe(0)
    expect(stderr).toBe('')
  })

  it('rejects an unknown level with exit 2', async () => {
    const { code, stderr } = await gated('fatal')
    expect(code).toBe(2)
    expect(stderr).toContain('--fail-on must be never, error or warning')
  })
})

describe('ds-rollout plan without a base (issue 15)', () => {
  it('says no base was compared: banner, baseCompared false, a warning on stderr', async () => {
    write('head/ds.yaml', stringify(makeDaemonSet()))
    const md = await cli('plan', '--head', 'head')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('> **No base compared.**')
    expect(md.stderr).toBe(
      'ds-rollout plan: no base compared (no --base or --base-ref): every DaemonSet counts as added\n'
    )
    const json = await cli('plan', '--head', 'head', '--format', 'json')
    const plan = JSON.parse(json.stdout) as Plan
    expect(plan.baseCompared).toBe(false)
    expect(plan.findings.map((f) => f.code)).toContain('no-base-compared')
  })

  it('with --base the plan compared a base', async () => {
    write('base/ds.yaml', stringify(makeDaemonSet()))
    write('head/ds.yaml', stringify(makeDaemonSet()))
    const json = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--format',
      'json'
    )
    expect(json.stderr).toBe('')
    expect((JSON.parse(json.stdout) as Plan).baseCompared).toBe(true)
  })
})

describe('ds-rollout plan --format sarif (issue 15)', () => {
  it('writes SARIF 2.1.0 with paths relative to the repository root, run from a subdirectory', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' })
    git('init', '-q')
    const base = makeDaemonSet()
    const head = clone(base)
    head.spec.selector.matchLabels = { app: 'other' }
    head.spec.template.metadata.labels = { app: 'other' }
    write('deploy/base/ds.yaml', stringify(base))
    write('deploy/head/ds.yaml', stringify(head))
    let stdout = ''
    const code = await runCli(
      ['plan', '--base', 'base', '--head', 'head', '--format', 'sarif'],
      {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        cwd: join(dir, 'deploy'),
        env: {}
      }
    )
    expect(code).toBe(0)
    const log = JSON.parse(stdout) as {
      version: string
      runs: {
        tool: { driver: { rules: { id: string }[] } }
        results: {
          ruleId: string
          locations: {
            physicalLocation: { artifactLocation: { uri: string } }
          }[]
        }[]
      }[]
    }
    expect(log.version).toBe('2.1.0')
    const run = log.runs[0]!
    const changed = run.results.find((r) => r.ruleId === 'selector-changed')!
    expect(changed.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'deploy/head/ds.yaml'
    )
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('selector-changed')
  })
})
