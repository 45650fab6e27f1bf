/**
 * Hostile and malformed input through the CLI (issue 10 item 6): random
 * mutations, type swaps and truncations of the real-world manifests and of
 * a snapshot only ever end in exit 0 (a plan), 1 (the gate, and only the
 * gate) or 2 (bad input, one line naming the file, and the line for
 * manifests), never a stack trace or an internal error, in bounded time,
 * with and without --snapshot. Plus the crash inputs the issue lists, each
 * pinned to its answer.
 */
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'

/** The one stderr line a plan without --base prints (issue 15): not an error. */
const NO_BASE_NOTE = /^ds-rollout plan: no base compared[^\n]*\n/m

const root = new URL('../../', import.meta.url)
const realworld = fileURLToPath(new URL('test/fixtures/realworld', root))
const files = readdirSync(realworld)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
const texts = files.map((f) => readFileSync(join(realworld, f), 'utf8'))
const snapshotText = readFileSync(
  new URL('examples/snapshot.json', root),
  'utf8'
)

const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const started = performance.now()
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {}
  })
  return { code, stdout, stderr, ms: performance.now() - started }
}

/** The answer of a plan run: what every run, however hostile its input, must satisfy. */
function expectCleanAnswer(
  result: { code: number; stderr: string; ms: number },
  file: string,
  needLine: boolean
): void {
  // No stack trace, no internal error (exit 1 is the gate's only).
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect([0, 1, 2]).toContain(result.code)
  if (result.code === 1) expect(result.stderr).toMatch(/plan rejected/)
  if (result.code === 2) {
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    const where = needLine
      ? new RegExp(`^ds-rollout plan: ${file.replace(/\./g, '\\.')}:\\d+: `)
      : new RegExp(`^ds-rollout plan: ${file.replace(/\./g, '\\.')}[:(]`)
    expect(result.stderr).toMatch(where)
  }
  // Bounded time (generous: the property runs under a loaded machine).
  expect(result.ms).toBeLessThan(10_000)
}

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1.5,
    70000,
    '',
    'x',
    '1x',
    '10Qi',
    [],
    {},
    [[[]]],
    [null],
    { a: 1 }
  ),
  fc.jsonValue({ maxDepth: 3 })
)

/** Paths of every node of a JSON value. */
function paths(
  value: unknown,
  prefix: (string | number)[] = []
): (string | number)[][] {
  const out: (string | number)[][] = [prefix]
  if (Array.isArray(value))
    value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      out.push(...paths(v, [...prefix, k]))
  return out
}
function setAt(
  value: unknown,
  path: (string | number)[],
  replacement: unknown
): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  copy[head as string] = setAt(copy[head as string], rest, replacement)
  return copy
}

/** One mutation of a text: a type swap, a truncation, or hostile characters spliced in. */
const textMutation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('swap' as const),
      pick: fc.nat(),
      value: hostileValue,
      json: fc.boolean()
    })
  },
  fc.record({
    kind: fc.constant('truncate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true })
  }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.constantFrom(
      '[',
      '{',
      '{{ .Values.x }}',
      '&a ',
      '*a',
      '\n---\n',
      ': ',
      '\t',
      '"',
      "'",
      '|',
      '- - -',
      '!!binary ',
      '\u0000',
      '#'
    )
  })
)

function mutateText(
  text: string,
  m: typeof textMutation extends fc.Arbitrary<infer T> ? T : never
): string {
  if (m.kind === 'truncate')
    return text.slice(0, Math.floor(text.length * m.at))
  if (m.kind === 'splice') {
    const at = Math.floor(text.length * m.at)
    return text.slice(0, at) + m.text + text.slice(at)
  }
  let docs: unknown[]
  try {
    docs = text.split(/^---$/m).map((d) => parse(d, { version: '1.1' }))
  } catch {
    return text
  }
  // Type swaps go into the DaemonSets (the other objects play no part in
  // the plan), and mostly into their pod template, where the engine reads.
  const all = docs.flatMap((d, i) =>
    (d as { kind?: unknown } | null)?.kind === 'DaemonSet'
      ? paths(d)
          .filter((p) => p.length > 0)
          .map((p) => [i, ...p])
      : []
  )
  if (all.length === 0) return text
  const inTemplate = all.filter((p) => p[1] === 'spec' && p[2] === 'template')
  // Collections (containers, ports, tolerations...) more often than leaves.
  const collections = inTemplate.filter((p) => {
    let v: unknown = docs[p[0] as number]
    for (const k of p.slice(1)) v = (v as Record<string, unknown>)[k as string]
    return typeof v === 'object' && v !== null
  })
  const pool =
    m.pick % 4 === 0 || inTemplate.length === 0
      ? all
      : m.pick % 4 === 1 || collections.length === 0
        ? inTemplate
        : collections
  const [doc, ...path] = pool[Math.floor(m.pick / 4) % pool.length]!
  docs[doc as number] = setAt(docs[doc as number], path, m.value)
  return m.json
    ? docs.map((d) => JSON.stringify(d)).join('\n---\n')
    : docs.map((d) => stringify(d)).join('---\n')
}

describe('the CLI answers hostile input cleanly', () => {
  it('mutated real-world manifests: exit 0/1/2 with file:line, no stack trace, bounded time, with and without --snapshot', async () => {
    writeFileSync(join(dir, 'snapshot.json'), snapshotText)
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(textMutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (index, mutations, withSnapshot) => {
          let text = texts[index]!
          for (const m of mutations) text = mutateText(text, m)
          const name = `m${n++}.yaml`
          writeFileSync(join(dir, name), text)
          const result = await cli(
            'plan',
            '--head',
            name,
            '--format',
            'json',
            '--fail-on',
            'error',
            ...(withSnapshot ? ['--snapshot', 'snapshot.json'] : [])
          )
          expectCleanAnswer(result, name, true)
          if (result.code !== 2)
            expect(() => JSON.parse(result.stdout)).not.toThrow()
        }
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 100) }
    )
  })

  it('mutated snapshots: exit 0/2 naming the file, no stack trace, bounded time', async () => {
    writeFileSync(join(dir, 'ds.yaml'), texts[0]!)
    const snapshot = JSON.parse(snapshotText) as unknown
    const all = paths(snapshot).filter((p) => p.length > 0)
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), hostileValue), {
          minLength: 1,
          maxLength: 3
        }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        fc.boolean(),
        async (swaps, truncate, yaml) => {
          let mutated = snapshot
          for (const [pick, value] of swaps)
            mutated = setAt(mutated, all[pick % all.length]!, value)
          let text = yaml
            ? stringify(mutated)
            : JSON.stringify(mutated, null, 1)
          if (truncate !== null)
            text = text.slice(0, Math.floor(text.length * truncate))
          const name = `s${n++}.${yaml ? 'yaml' : 'json'}`
          writeFileSync(join(dir, name), text)
          const result = await cli(
            'plan',
            '--head',
            'ds.yaml',
            '--snapshot',
            name,
            '--format',
            'json'
          )
          expectCleanAnswer(result, name, false)
        }
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 100) }
    )
  })
})

/** kubectl exports: nodes (one tainted, one NotReady) and pods, one of them a daemon pod. */
const kubectlNodes = {
  kind: 'NodeList',
  apiVersion: 'v1',
  items: ['a', 'b', 'c'].map((name, i) => ({
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name }
    },
    spec:
      i === 1
        ? { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }
        : {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: i === 2 ? 'False' : 'True' }]
    }
  }))
}
const kubectlPods = {
  kind: 'PodList',
  apiVersion: 'v1',
  items: [
    {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: 'agent-x',
        namespace: 'kube-system',
        labels: { 'controller-revision-hash': 'abc' },
        ownerReferences: [
          {
            kind: 'DaemonSet',
            name: 'agent',
            controller: true,
            apiVersion: 'apps/v1',
            uid: 'u'
          }
        ]
      },
      spec: {
        nodeName: 'a',
        containers: [
          {
            name: 'agent',
            image: 'agent:1',
            resources: { requests: { cpu: '100m' } },
            ports: [{ containerPort: 80, hostPort: 80 }]
          }
        ]
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }]
      }
    },
    {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        nodeName: 'b',
        containers: [
          {
            name: 'web',
            image: 'web:1',
            resources: { requests: { memory: '1Gi' } }
          }
        ]
      },
      status: { phase: 'Running' }
    }
  ]
}

describe('kubectl snapshot exports answer hostile input cleanly', () => {
  it('mutated node and pod lists: exit 0/2 naming the file, no stack trace', async () => {
    writeFileSync(join(dir, 'ds.yaml'), texts[0]!)
    const lists = [kubectlNodes, kubectlPods] as unknown[]
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 }),
        fc.array(fc.tuple(fc.nat(), hostileValue), {
          minLength: 1,
          maxLength: 3
        }),
        async (which, swaps) => {
          let mutated = lists[which]
          const all = paths(mutated).filter((p) => p.length > 0)
          for (const [pick, value] of swaps)
            mutated = setAt(mutated, all[pick % all.length]!, value)
          const names = [`k${n}-nodes.json`, `k${n}-pods.json`]
          n++
          writeFileSync(
            join(dir, names[0]!),
            JSON.stringify(which === 0 ? mutated : kubectlNodes)
          )
          writeFileSync(
            join(dir, names[1]!),
            JSON.stringify(which === 1 ? mutated : kubectlPods)
          )
          const result = await cli(
            'plan',
            '--head',
            'ds.yaml',
            '--snapshot',
            names[0]!,
            '--snapshot',
            names[1]!,
            '--format',
            'json'
          )
          expect(result.stderr).not.toMatch(/\n\s+at /)
          expect([0, 2]).toContain(result.code)
          if (result.code === 2)
            expect(result.stderr).toMatch(
              /^ds-rollout plan: k\d+-(nodes|pods)\.json/
            )
        }
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 100) }
    )
  })
})

describe('the crash inputs of issue 10, each with its answer', () => {
  const base = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: agent:1
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`
  const swap = (from: string, to: string) => {
    expect(base).toContain(from)
    return base.replace(from, to)
  }
  const containersAt = base.split('      containers:')[0]!
  const shapeCases: [string, string, number][] = [
    ['containers: "x"', `${containersAt}      containers: "x"\n`, 13],
    ['containers: [null]', `${containersAt}      containers: [null]\n`, 13],
    [
      'ports: -1',
      swap(
        '          ports:\n            - containerPort: 8080\n',
        '          ports: -1\n'
      ),
      16
    ],
    [
      'tolerations: 5',
      swap('      containers:', '      tolerations: 5\n      containers:'),
      13
    ],
    [
      'maxUnavailable: [[[]]]',
      swap(
        '  selector:',
        '  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: [[[]]]\n  selector:'
      ),
      9
    ],
    [
      'cpu: 1x, memory: 10Qi',
      swap('{cpu: 100m, memory: 64Mi}', '{cpu: 1x, memory: 10Qi}'),
      19
    ]
  ]
  it.each(shapeCases)(
    '%s: an error finding at its line, not simulated, exit 0 (1 with --fail-on error)',
    async (_name, text, line) => {
      writeFileSync(join(dir, 'crash.yaml'), text)
      writeFileSync(join(dir, 'snapshot.json'), snapshotText)
      for (const withSnapshot of [false, true]) {
        const result = await cli(
          'plan',
          '--head',
          'crash.yaml',
          '--format',
          'json',
          ...(withSnapshot ? ['--snapshot', 'snapshot.json'] : [])
        )
        expect(result.stderr.replace(NO_BASE_NOTE, '')).toBe('')
        expect(result.code).toBe(0)
        const plan = JSON.parse(result.stdout)
        const ds = plan.daemonSets[0]
        const error = ds.findings.find(
          (f: { severity: string }) => f.severity === 'error'
        )
        expect(error).toMatchObject({ file: 'crash.yaml', line })
        expect(['invalid-field-type', 'invalid-quantity']).toContain(error.code)
        if (withSnapshot) {
          expect(ds.nodes).toBeUndefined()
          expect(ds.notSimulated).toMatch(/not simulated/)
        }
      }
      const gated = await cli(
        'plan',
        '--head',
        'crash.yaml',
        '--snapshot',
        'snapshot.json',
        '--fail-on',
        'error'
      )
      expect(gated.code).toBe(1)
      expect(gated.stdout).toMatch(/Not simulated/)
    }
  )

  it('containerPort: 70000 is an error finding at its line', async () => {
    writeFileSync(join(dir, 'port.yaml'), swap('8080', '70000'))
    const result = await cli('plan', '--head', 'port.yaml', '--format', 'json')
    const f = JSON.parse(result.stdout).daemonSets[0].findings.find(
      (x: { code: string }) => x.code === 'invalid-port'
    )
    expect(f).toMatchObject({ severity: 'error', line: 17 })
    expect(f.message).toMatch(/between 1 and 65535/)
  })

  const refusals: [string, () => string, RegExp][] = [
    [
      'the recursive anchor',
      () =>
        swap(
          'metadata:\n  name: agent\n  namespace: kube-system\n',
          'metadata: &a {name: x, labels: *a}\n'
        ),
      /^ds-rollout plan: r\.yaml:3: the alias \*a is used inside the node of its own anchor/
    ],
    [
      '900 KB of nested [',
      () => '['.repeat(900_000),
      /^ds-rollout plan: r\.yaml:1: the text nests too deeply: over the limit max-nesting-depth=200/
    ],
    [
      '3 MB of nested [',
      () => '['.repeat(3_000_000),
      /^ds-rollout plan: r\.yaml:1: .*max-nesting-depth=200; .*--max-nesting-depth/
    ],
    [
      '200,000 empty documents',
      () => '---\n'.repeat(200_000),
      /^ds-rollout plan: r\.yaml:20001: more than 20000 documents: over the limit max-documents=20000/
    ],
    [
      'an unrendered template',
      () => swap('image: agent:1', 'image: {{ .Values.image }}'),
      /^ds-rollout plan: r\.yaml:15: this looks like an unrendered template .*--render/
    ]
  ]
  it.each(refusals)(
    '%s: exit 2 with file:line and the limit, fast',
    async (_name, make, message) => {
      writeFileSync(join(dir, 'r.yaml'), make())
      const result = await cli('plan', '--head', 'r.yaml')
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      // The parser took 3-30 s on these; the pre-check milliseconds (generous bound under load).
      expect(result.ms).toBeLessThan(3000)
    }
  )

  it('a raised limit lets a legitimate many-document file through', async () => {
    writeFileSync(join(dir, 'many.yaml'), `${base}${'---\n'.repeat(25_000)}`)
    expect((await cli('plan', '--head', 'many.yaml')).code).toBe(2)
    const raised = await cli(
      'plan',
      '--head',
      'many.yaml',
      '--max-documents',
      '30000'
    )
    expect(raised.stderr.replace(NO_BASE_NOTE, '')).toBe('')
    expect(raised.code).toBe(0)
    const bad = await cli(
      'plan',
      '--head',
      'many.yaml',
      '--max-documents',
      'lots'
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--max-documents must be a whole number/)
  })

  it('apply reads manifests under the same limits, raisable by the same flags', async () => {
    writeFileSync(join(dir, 'many.yaml'), `${base}${'---\n'.repeat(25_000)}`)
    // Refused before any cluster is contacted (no kubeconfig here).
    const refused = await cli('apply', '--head', 'many.yaml')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(
      /many\.yaml:\d+: .*max-documents=20000; .*raise it with --max-documents \(Action input input-limits: max-documents=<n>\)/
    )
    const bad = await cli(
      'apply',
      '--head',
      'many.yaml',
      '--max-documents',
      '0'
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--max-documents must be a whole number ≥ 1/)
  })

  it('a snapshot with a Node without status plans, with the node not Ready and fit unknown', async () => {
    writeFileSync(join(dir, 'ds.yaml'), base)
    const snap = JSON.parse(snapshotText)
    const joining = { ...snap.nodes[0], name: 'joining-1', daemonPods: [] }
    delete joining.allocatable
    delete joining.conditions
    snap.nodes.push(joining)
    writeFileSync(join(dir, 'joining.json'), JSON.stringify(snap))
    const nodes = {
      kind: 'NodeList',
      items: [
        {
          kind: 'Node',
          apiVersion: 'v1',
          metadata: { name: 'joining-2', labels: {} }
        }
      ]
    }
    writeFileSync(join(dir, 'nodes.json'), JSON.stringify(nodes))
    for (const file of ['joining.json', 'nodes.json']) {
      const result = await cli(
        'plan',
        '--head',
        'ds.yaml',
        '--snapshot',
        file,
        '--format',
        'json'
      )
      expect(result.stderr.replace(NO_BASE_NOTE, '')).toBe('')
      expect(result.code).toBe(0)
      const ds = JSON.parse(result.stdout).daemonSets[0]
      const node = ds.nodeDetail.find((x: { name: string }) =>
        x.name.startsWith('joining')
      )
      expect(node).toMatchObject({
        fits: null,
        fitUnknown: true,
        action: 'create'
      })
      expect(ds.findings.map((f: { code: string }) => f.code)).toContain(
        'node-status-unknown'
      )
    }
  })
})
