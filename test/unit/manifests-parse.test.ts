import { fileURLToPath } from 'node:url'
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { UserError } from '../../src/util/errors.js'

const REALWORLD = fileURLToPath(
  new URL('../fixtures/realworld', import.meta.url)
)

function parseError(text: string, file = 'm.yaml'): UserError {
  try {
    parseManifests(text, file)
  } catch (err) {
    if (err instanceof UserError) return err
    throw err
  }
  throw new Error('expected a UserError')
}

describe('parseManifests: YAML 1.1 as kubectl reads it', () => {
  const cases: [string, string, unknown][] = [
    ['0644 is octal (420)', 'defaultMode: 0644', 420],
    ['yes is a boolean', 'defaultMode: yes', true],
    ['on/off are booleans', 'defaultMode: off', false],
    ['quoted yes is a string', 'defaultMode: "yes"', 'yes'],
    ['0x1F is hex', 'defaultMode: 0x1F', 31],
    [
      'a date stays a string (go-yaml keeps timestamps as text)',
      'defaultMode: 2024-01-02',
      '2024-01-02'
    ],
    ['base-60 stays a string', 'defaultMode: 1:20', '1:20'],
    ['~ is null', 'defaultMode: ~', null],
    ['1.5 is a number', 'defaultMode: 1.5', 1.5],
    ['10% is a string', 'defaultMode: 10%', '10%']
  ]
  it.each(cases)('%s', (_name, line, expected) => {
    const [entry] = parseManifests(
      `apiVersion: v1\nkind: X\nspec:\n  ${line}\n`,
      'a.yaml'
    )
    expect((entry?.object.spec as Record<string, unknown>).defaultMode).toEqual(
      expected
    )
  })

  it('merge keys (<<) are resolved', () => {
    const text =
      'apiVersion: v1\nkind: X\nbase: &b {a: 1}\nspec:\n  <<: *b\n  c: 2\n'
    expect(parseManifests(text, 'a.yaml')[0]?.object.spec).toEqual({
      a: 1,
      c: 2
    })
  })
})

describe('parseManifests: documents and lines', () => {
  it('gives every document its file and 1-based first line, skipping empty and comment-only ones', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: A',
      '---',
      '# only a comment',
      '---',
      '---',
      '',
      'apiVersion: v1',
      'kind: B',
      '...',
      '---',
      'null',
      ''
    ].join('\n')
    const objects = parseManifests(text, 'dir/m.yaml')
    expect(objects.map((o) => [o.object.kind, o.source])).toEqual([
      ['A', { file: 'dir/m.yaml', line: 2 }],
      ['B', { file: 'dir/m.yaml', line: 9 }]
    ])
  })

  it('expands kind: List with a line per item', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: A\n- apiVersion: apps/v1\n  kind: DaemonSet\n'
    const objects = parseManifests(text, 'l.yaml')
    expect(objects.map((o) => [o.object.kind, o.source.line])).toEqual([
      ['A', 4],
      ['DaemonSet', 6]
    ])
  })

  it('reads JSON (1e3 is a number there) and JSON Lists', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'A', n: 1 }]
      },
      null,
      2
    ).replace('"n": 1', '"n": 1e3')
    const objects = parseManifests(json, 'l.json')
    expect(objects).toHaveLength(1)
    expect(objects[0]?.object.n).toBe(1000)
    expect(objects[0]?.source.line).toBe(5)
  })

  it('records the line of every field of a DaemonSet, also inside a List', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: apps/v1',
      '  kind: DaemonSet',
      '  spec:',
      '    updateStrategy:',
      '      rollingUpdate:',
      '        maxSurge: 1',
      '    template:',
      '      spec:',
      '        tolerations:',
      '        - operator: Exists',
      '        - key: a',
      '          operator: Exists'
    ].join('\n')
    const [ds] = parseManifests(text, 'l.yaml')
    expect(ds?.source.line).toBe(4)
    expect(ds?.fieldLines).toMatchObject({
      kind: 5,
      'spec.updateStrategy.rollingUpdate.maxSurge': 9,
      'spec.template.spec.tolerations[0]': 13,
      'spec.template.spec.tolerations[1]': 14,
      'spec.template.spec.tolerations[1].operator': 15
    })
    const [other] = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\n',
      'c.yaml'
    )
    expect(other?.fieldLines).toBeUndefined()
  })

  it('ignores a byte-order mark', () => {
    expect(
      parseManifests('\ufeff{"apiVersion": "v1", "kind": "A"}', 'b.json')[0]
        ?.object.kind
    ).toBe('A')
    expect(
      parseManifests('\ufeffapiVersion: v1\nkind: B\n', 'b.yaml')[0]?.object
        .kind
    ).toBe('B')
  })

  it('returns nothing for an empty file', () => {
    expect(parseManifests('', 'e.yaml')).toEqual([])
    expect(parseManifests('# nothing\n---\n', 'e.yaml')).toEqual([])
  })
})

describe('parseManifests: bad input is one UserError with file:line', () => {
  const cases: [string, string, RegExp, number | undefined][] = [
    [
      'malformed YAML',
      'apiVersion: v1\nkind: A\nmetadata:\n  name: [x\n',
      /YAML syntax error/,
      5
    ],
    [
      'bad indentation',
      'apiVersion: v1\nkind: A\nfoo: bar\n  baz: 1\n',
      /YAML syntax error/,
      3
    ],
    ['duplicate keys', 'apiVersion: v1\nkind: A\nkind: B\n', /unique/i, 3],
    [
      'a list document',
      'apiVersion: v1\nkind: A\n---\n- a\n- b\n',
      /the document is a list, not a Kubernetes object/,
      4
    ],
    [
      'a scalar document',
      'apiVersion: v1\nkind: A\n---\nhello\n',
      /is a string, not a Kubernetes object/,
      4
    ],
    ['no apiVersion', '---\nkind: A\n', /has no apiVersion/, 2],
    ['no kind', 'apiVersion: v1\nmetadata: {}\n', /has no kind/, 1],
    [
      'no apiVersion and no kind',
      'metadata: {}\n',
      /has no apiVersion and no kind/,
      1
    ],
    [
      'a List item that is not an object',
      'apiVersion: v1\nkind: List\nitems:\n- 3\n',
      /List item 0 is a number/,
      4
    ],
    [
      'malformed JSON',
      '{\n  "apiVersion": "v1",\n  "kind": \n}',
      /JSON syntax error/,
      undefined
    ],
    [
      'JSON with a trailing comma',
      '{"apiVersion": "v1",\n "kind": "A",\n}',
      /JSON syntax error/,
      undefined
    ]
  ]
  it.each(cases)('%s', (_name, text, message, line) => {
    const file = text.startsWith('{') ? 'bad.json' : 'bad.yaml'
    const err = parseError(text, file)
    expect(err.message).toMatch(message)
    expect(err.file).toBe(file)
    if (line !== undefined) expect(err.line).toBe(line)
    else expect(err.line).toBeGreaterThan(0)
  })

  it('stops an alias bomb (billion laughs) instead of expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const err = parseError(`apiVersion: v1\nkind: A\n${levels.join('\n')}\n`)
    expect(err.message).toMatch(/alias/)
    expect(err.line).toBe(1)
  })

  it('refuses a huge input with a clear message before parsing it', () => {
    const err = parseError('a'.repeat(17 * 1024 * 1024))
    expect(err.message).toMatch(/larger than 16 MiB/)
  })

  it('refuses absurdly deep nesting without crashing', () => {
    const err = parseError(
      'apiVersion: v1\nkind: A\nx: ' +
        '['.repeat(50_000) +
        ']'.repeat(50_000) +
        '\n'
    )
    expect(err).toBeInstanceOf(UserError)
  })
})

describe('parseManifests: every real-world manifest (SOURCES.md)', () => {
  // DaemonSet counts from test/fixtures/realworld/SOURCES.md.
  const expected: Record<string, number> = {
    'flannel-kube-flannel-v0.27.4.yaml': 1,
    'flannel-kube-flannel-v0.11.0.yaml': 5,
    'calico-calico.yaml': 1,
    'metallb-metallb-native.yaml': 1,
    'nvidia-k8s-device-plugin-nvidia-device-plugin.yaml': 1,
    'aws-vpc-cni-aws-k8s-cni.yaml': 1,
    'kube-router-kubeadm-kuberouter-all-features.yaml': 1,
    'fluentd-kubernetes-daemonset-fluentd-daemonset-elasticsearch-rbac.yaml': 1,
    'kube-prometheus-nodeExporter-daemonset.yaml': 1,
    'kubernetes-npd.yaml': 1,
    'cilium-quick-install-v1.6.0.yaml': 1,
    'weave-weave-daemonset-k8s-1.11.yaml': 1
  }

  it('covers every file in the directory', () => {
    const files = readdirSync(REALWORLD).filter((f) => f.endsWith('.yaml'))
    expect(files.sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))('%s has %i DaemonSet(s)', (file, count) => {
    const objects = parseManifests(
      readFileSync(`${REALWORLD}/${file}`, 'utf8'),
      file
    )
    const daemonSets = objects.filter((o) => o.object.kind === 'DaemonSet')
    expect(daemonSets).toHaveLength(count)
    for (const ds of daemonSets) {
      expect(ds.source.file).toBe(file)
      // The recorded line really starts that object.
      const lines = readFileSync(`${REALWORLD}/${file}`, 'utf8').split('\n')
      expect(lines[ds.source.line - 1]).toMatch(
        /^\s*-?\s*(apiVersion|kind|metadata|#)/
      )
    }
  })
})
