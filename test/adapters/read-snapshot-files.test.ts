import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  JsonListShapeError,
  readJsonListStreaming
} from '../../src/adapters/fs/json-list-stream.js'
import { locateJsonError } from '../../src/adapters/fs/json-error.js'
import { readSnapshotFiles } from '../../src/adapters/fs/read-snapshot-files.js'
import {
  slimNode,
  slimPod,
  snapshotFromCluster
} from '../../src/core/snapshot/from-cluster.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import type { DaemonSet, Node, Pod } from '../../src/core/k8s/types.js'
import { UserError } from '../../src/util/errors.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-snap-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return name
}

function node(name: string, extra: Record<string, unknown> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }]
    },
    ...extra
  } as Node
}

function daemonPod(nodeName: string, hash: string, generation = '3'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `agent-${nodeName}`,
      namespace: 'monitoring',
      labels: {
        app: 'agent',
        'controller-revision-hash': hash,
        'pod-template-generation': generation
      },
      annotations: { big: 'x'.repeat(200) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'agent',
          uid: 'u1',
          controller: true
        }
      ]
    },
    spec: {
      nodeName,
      containers: [
        {
          name: 'agent',
          image: 'example.com/agent:1',
          env: [{ name: 'A', value: 'b' }],
          ports: [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' } }
        }
      ]
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' }
      ]
    }
  } as Pod
}

function appPod(nodeName: string, i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'shop' },
    spec: {
      nodeName,
      initContainers: [
        { name: 'init', image: 'x', resources: { requests: { cpu: '2' } } },
        {
          name: 'sidecar',
          image: 'x',
          restartPolicy: 'Always',
          resources: { requests: { memory: '32Mi' } }
        }
      ],
      containers: [
        {
          name: 'web',
          image: 'x',
          resources: { requests: { cpu: '500m', memory: '1Gi' } }
        }
      ],
      overhead: { cpu: '10m' }
    },
    status: { phase: 'Running' }
  } as Pod
}

const daemonSet: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'agent',
    namespace: 'monitoring',
    uid: 'u1',
    annotations: { 'deprecated.daemonset.template.generation': '3' }
  },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [] }
    }
  }
} as unknown as DaemonSet

const list = (kind: string, items: unknown[]) =>
  JSON.stringify(
    { apiVersion: 'v1', items, kind, metadata: { resourceVersion: '' } },
    null,
    2
  )

async function userError(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(UserError)
  return err as UserError
}

describe('readSnapshotFiles', () => {
  it('combines kubectl get nodes + pods -A + ds -A exports from several files (JSON and YAML)', async () => {
    const nodes = write('nodes.json', list('List', [node('n1'), node('n2')]))
    const pods = write(
      'pods.json',
      list('List', [
        daemonPod('n1', 'h3'),
        daemonPod('n2', 'h2', '2'),
        appPod('n1', 1)
      ])
    )
    const ds = write(
      'ds.yaml',
      stringify({ apiVersion: 'v1', kind: 'List', items: [daemonSet] })
    )
    const snap = await readSnapshotFiles([nodes, pods, ds], dir)
    expect(snap.nodes.map((n) => n.name)).toEqual(['n1', 'n2'])
    const n1 = snap.nodes[0]!
    expect(n1.daemonPods).toMatchObject([
      {
        name: 'agent-n1',
        daemonSet: 'agent',
        revisionHash: 'h3',
        ready: true,
        hostPorts: ['TCP/9100']
      }
    ])
    // max(sum containers, largest init) + overhead; the sidecar adds to both.
    expect(n1).toMatchObject({
      podCount: 1,
      requested: { cpu: '2010m', memory: '1056Mi' }
    })
    expect(snap.daemonSets).toMatchObject([
      { namespace: 'monitoring', name: 'agent', currentRevisionHash: 'h3' }
    ])
  })

  it('reads a multi-document YAML stream as YAML 1.1 (yes is a boolean)', async () => {
    const text =
      stringify(node('n1')) +
      '---\n' +
      stringify(node('n2')).replace('spec: {}', 'spec:\n  unschedulable: yes') +
      '---\n' +
      stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [daemonPod('n2', 'h')]
      })
    const snap = await readSnapshotFiles([write('all.yaml', text)], dir)
    expect(snap.nodes.map((n) => [n.name, n.unschedulable])).toEqual([
      ['n1', false],
      ['n2', true]
    ])
    expect(snap.nodes[1]?.daemonPods).toHaveLength(1)
  })

  it('reads a compact ds-rollout snapshot exactly as loadSnapshot does', async () => {
    const text = readFileSync('examples/snapshot.json', 'utf8')
    const snap = await readSnapshotFiles(
      ['examples/snapshot.json'],
      process.cwd()
    )
    expect(snap).toEqual(
      loadSnapshot(JSON.parse(text), 'examples/snapshot.json')
    )
  })

  it('bad input: one UserError naming the file (and line)', async () => {
    expect(
      (await userError(readSnapshotFiles(['nope.json'], dir))).describe()
    ).toBe('nope.json: no such file')
    mkdirSync(join(dir, 'sub'))
    expect((await userError(readSnapshotFiles(['sub'], dir))).describe()).toBe(
      'sub: is not a regular file (a directory, device, FIFO or socket); give the exported file'
    )
    const broken = write(
      'broken.json',
      '{\n  "kind": "List",\n  "items": [\n    {"a": 1,,}\n  ]\n}\n'
    )
    const e1 = await userError(readSnapshotFiles([broken], dir))
    expect(e1.file).toBe('broken.json')
    expect(e1.line).toBe(4)
    expect(e1.message).toMatch(/^not valid JSON/)
    const yaml = write('bad.yaml', 'kind: List\nitems:\n  - a: [1, 2\n')
    const e2 = await userError(readSnapshotFiles([yaml], dir))
    expect(e2.file).toBe('bad.yaml')
    expect(e2.message).toMatch(/^not valid YAML/)
    const empty = write('empty.yaml', '# nothing\n')
    expect(
      (await userError(readSnapshotFiles([empty], dir))).describe()
    ).toMatch(/^empty.yaml: the snapshot is empty/)
    const podsOnly = write('pods.json', list('List', [daemonPod('n1', 'h')]))
    expect(
      (await userError(readSnapshotFiles([podsOnly], dir))).message
    ).toMatch(/no nodes in the snapshot/)
    const bomb = write(
      'bomb.yaml',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n'
    )
    const e3 = await userError(readSnapshotFiles([bomb], dir))
    expect(e3.file).toBe('bomb.yaml')
  })
})

describe('large JSON exports: item-by-item reading (readJsonListStreaming) and slimPod', () => {
  const tricky = {
    apiVersion: 'v1',
    kind: 'PodList',
    metadata: {
      resourceVersion: '42',
      note: 'a "quoted" } ] { [ string \\ with \u00e9 and \ud83d\ude00'
    },
    items: [
      daemonPod('n1', 'h1'),
      { ...appPod('n1', 2), metadata: { name: 'x}]"\\', namespace: 'n' } },
      appPod('n2', 3)
    ],
    count: -1.5e3,
    flag: true,
    none: null
  }

  for (const chunk of [1, 7, 64, 1 << 20])
    it(`gives what JSON.parse gives, whatever the chunk size (${chunk} bytes)`, async () => {
      for (const text of [
        JSON.stringify(tricky),
        JSON.stringify(tricky, null, 2)
      ]) {
        const file = join(dir, 'list.json')
        writeFileSync(file, '\uFEFF' + text)
        const seen: unknown[] = []
        const out = await readJsonListStreaming(
          file,
          (item, envelope) => {
            seen.push(envelope.kind)
            return item
          },
          chunk
        )
        expect(out).toEqual(JSON.parse(text))
        // API order: kind comes before items, so mapItem sees it.
        expect(seen).toEqual(['PodList', 'PodList', 'PodList'])
      }
    })

  it('indented lists (kubectl) are parsed in batches; odd indentation falls back to the byte scan with the same result', async () => {
    const file = join(dir, 'indented.json')
    const items = Array.from({ length: 50 }, (_, i) => ({
      kind: 'Node',
      metadata: { name: `n${i}`, note: 'a } ]\n  } "q"' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] }
    }))
    for (const text of [
      JSON.stringify({ kind: 'NodeList', items }, null, 4),
      JSON.stringify({ kind: 'NodeList', items }, null, '\t'),
      // A nested object closing at the items' indentation: the batch is not
      // a valid array, so the byte scan reads the rest.
      '{"kind": "List", "items": [\n  {"a": 1\n  },\n  {"b": {"c": 1\n  }, "d": 2}\n]}',
      // Items at indentation 0: the document's own closing brace matches.
      '{"items": [\n{"a": 1\n},\n{"b": 2\n}\n]\n}'
    ]) {
      writeFileSync(file, text)
      for (const chunk of [16, 1 << 20]) {
        const out = await readJsonListStreaming(file, (i) => i, chunk)
        expect(out).toEqual(JSON.parse(text))
      }
    }
  })

  it('rejects what is not a list object, and broken JSON with its byte offset', async () => {
    const file = join(dir, 'x.json')
    writeFileSync(file, '[1, 2]')
    await expect(readJsonListStreaming(file, (i) => i)).rejects.toBeInstanceOf(
      JsonListShapeError
    )
    // Any other object (a compact snapshot) is read member by member.
    const compact = {
      kind: 'DsRolloutSnapshot',
      version: 1,
      nodes: [{ name: 'a' }],
      daemonSets: []
    }
    writeFileSync(file, JSON.stringify(compact))
    expect(await readJsonListStreaming(file, (i) => i, 5)).toEqual(compact)
    writeFileSync(file, '{"items": [{"a": 1}')
    await expect(readJsonListStreaming(file, (i) => i)).rejects.toThrow(
      /unexpected end/
    )
    writeFileSync(file, '{"items": [{"a": 1} {"b": 2}]}')
    await expect(readJsonListStreaming(file, (i) => i)).rejects.toThrow(
      /expected ',' or '\]' at byte 20/
    )
  })

  it('slimPod keeps everything the snapshot reads: same snapshot from slim and full pods', () => {
    const pods = [
      daemonPod('n1', 'h3'),
      daemonPod('n2', 'h2', '2'),
      appPod('n1', 1),
      appPod('n2', 2),
      {
        ...daemonPod('n2', 'h3'),
        metadata: { ...daemonPod('n2', 'h3').metadata, name: 'pending' },
        spec: {
          ...daemonPod('n2', 'h3').spec,
          nodeName: undefined,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchFields: [
                      { key: 'metadata.name', operator: 'In', values: ['n2'] }
                    ]
                  }
                ]
              }
            }
          }
        },
        status: { phase: 'Pending' }
      } as Pod
    ]
    const rich = node('n2', {
      spec: {
        unschedulable: true,
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        providerID: 'aws:///x'
      },
      status: {
        allocatable: { cpu: '7910m', memory: '31482244Ki', pods: '58' },
        capacity: { cpu: '8' },
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'KubeletNotReady',
            message: 'm',
            lastHeartbeatTime: 't'
          }
        ],
        images: [{ names: ['x'], sizeBytes: 1 }]
      }
    })
    const input = { nodes: [node('n1'), rich], daemonSets: [daemonSet] }
    const full = snapshotFromCluster({ ...input, pods })
    const slim = snapshotFromCluster({
      ...input,
      nodes: input.nodes.map((n) => slimNode(n)),
      pods: pods.map(slimPod)
    })
    expect(slim).toEqual(full)
    expect(full.nodes[1]?.daemonPods.map((p) => p.name)).toContain('pending')
    expect(JSON.stringify(slimNode(rich))).not.toMatch(
      /images|providerID|capacity|lastHeartbeatTime/
    )
    const text = JSON.stringify(slimPod(pods[0]!))
    for (const dropped of ['annotations', 'image', 'env', 'PodScheduled'])
      expect(text).not.toContain(dropped)
  })
})

describe('locateJsonError: one line and column for the plan message', () => {
  it.each([
    ['{\n  "a": 1,,\n}', 2, 10, /unexpected ","/],
    ['{"a": [1, 2}', 1, 12, /expected ',' or '\]'/],
    ['{"a": "x\n"}', 1, 9, /control character/],
    ['{"a": 1}\n{"b": 2}', 2, 1, /after the end/],
    ['{"a": ', 1, 7, /unexpected end/]
  ])('%j → line %i column %i', (text, line, column, message) => {
    const at = locateJsonError(text)
    expect(() => JSON.parse(text)).toThrow()
    expect(at).toMatchObject({ line, column })
    expect(at.message).toMatch(message)
  })
})
