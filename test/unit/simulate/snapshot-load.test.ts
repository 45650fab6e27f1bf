import { describe, expect, it } from 'vitest'
import { loadSnapshot } from '../../../src/core/snapshot/load.js'
import { UserError } from '../../../src/util/errors.js'

function node(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {
      taints: [
        {
          key: 'dedicated',
          value: 'gpu',
          effect: 'NoSchedule',
          timeAdded: null
        }
      ]
    },
    status: {
      allocatable: {
        cpu: '3920m',
        memory: '15Gi',
        pods: '110',
        'ephemeral-storage': 100000000000
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'ok',
          lastTransitionTime: '2026-01-01T00:00:00Z'
        }
      ]
    },
    ...extra
  }
}

function pod(
  name: string,
  nodeName: string | undefined,
  extra: Record<string, unknown> = {},
  status: Record<string, unknown> = { phase: 'Running' }
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(nodeName === undefined ? {} : { nodeName }),
      containers: [
        { name: 'c', resources: { requests: { cpu: '250m', memory: '256Mi' } } }
      ],
      ...extra
    },
    status
  }
}

const dsPod = (
  name: string,
  nodeName: string,
  hash: string,
  generation: string,
  bound = true
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'monitoring',
    labels: {
      'controller-revision-hash': hash,
      'pod-template-generation': generation
    },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: 'node-agent',
        uid: 'u1',
        controller: true
      }
    ]
  },
  spec: {
    ...(bound ? { nodeName } : {}),
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: [nodeName] }
              ]
            }
          ]
        }
      }
    },
    hostNetwork: true,
    containers: [
      {
        name: 'agent',
        ports: [{ containerPort: 9100 }],
        resources: { requests: { cpu: '100m', memory: '200Mi' } }
      }
    ]
  },
  status: {
    phase: bound ? 'Running' : 'Pending',
    conditions: [{ type: 'Ready', status: bound ? 'True' : 'False' }]
  }
})

describe('loadSnapshot: kubectl output', () => {
  const nodes = {
    apiVersion: 'v1',
    kind: 'List',
    items: [node('a'), node('b')]
  }
  const pods = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      pod('web-1', 'a'),
      pod('web-2', 'a', {
        containers: [
          {
            name: 'c',
            resources: { limits: { cpu: '1', memory: '1Gi' } },
            ports: [{ containerPort: 80, hostPort: 8080 }]
          }
        ]
      }),
      pod('done', 'a', {}, { phase: 'Succeeded' }),
      pod('unscheduled', undefined, {}, { phase: 'Pending' }),
      pod('elsewhere', 'gone-node'),
      dsPod('node-agent-x', 'a', '6d4f8b7c9', '3'),
      dsPod('node-agent-y', 'b', '5c7b9d8f6', '2', false)
    ]
  }
  const daemonSets = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSetList',
    items: [
      {
        metadata: {
          name: 'node-agent',
          namespace: 'monitoring',
          uid: 'u1',
          generation: 3,
          annotations: { 'deprecated.daemonset.template.generation': '3' }
        },
        spec: {
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: 1 }
          },
          template: { spec: { containers: [] } }
        },
        status: { desiredNumberScheduled: 2, numberReady: 1 }
      }
    ]
  }

  it('sums non-daemon requests (limits defaulted into requests, terminal pods skipped), host ports and pod counts per node', () => {
    const s = loadSnapshot(
      [nodes, pods, daemonSets],
      ['nodes.json', 'pods.json', 'ds.json']
    )
    const a = s.nodes.find((n) => n.name === 'a')!
    expect(a.requested).toEqual({ cpu: '1250m', memory: '1280Mi' })
    expect(a.podCount).toBe(2)
    expect(a.hostPorts).toEqual(['TCP/8080'])
    expect(a.allocatable).toEqual({
      cpu: '3920m',
      memory: '15Gi',
      pods: '110',
      'ephemeral-storage': '100000000000'
    })
    expect(a.taints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }
    ])
    expect(a.conditions).toEqual([
      { type: 'Ready', status: 'True', reason: 'KubeletReady' }
    ])
    // R1.19: the pod of 'gone-node', a node the list does not have, is dropped
    // (the controller deletes such pods); it creates no node and counts nowhere.
    expect(s.nodes.map((n) => n.name)).toEqual(['a', 'b'])
  })

  it('records daemon pods with their revision hash, readiness and effective requests; hostNetwork containerPorts as host ports', () => {
    const s = loadSnapshot(
      [nodes, pods, daemonSets],
      ['nodes.json', 'pods.json', 'ds.json']
    )
    const a = s.nodes.find((n) => n.name === 'a')!
    expect(a.daemonPods).toEqual([
      {
        name: 'node-agent-x',
        namespace: 'monitoring',
        daemonSet: 'node-agent',
        revisionHash: '6d4f8b7c9',
        phase: 'Running',
        ready: true,
        requests: { cpu: '100m', memory: '200Mi' },
        hostPorts: ['TCP/9100']
      }
    ])
    // R7.2: an unbound daemon pod belongs to the node its matchFields term
    // (set by the controller, R1.17) names.
    const b = s.nodes.find((n) => n.name === 'b')!
    expect(b.daemonPods[0]).toMatchObject({
      name: 'node-agent-y',
      scheduled: false,
      phase: 'Pending',
      ready: false
    })
    expect(b.requested).toEqual({})
  })

  // R4.2: the template generation is the DaemonSet's
  // deprecated.daemonset.template.generation annotation and the pods'
  // pod-template-generation label.
  it('R7.3 infers the current revision hash from pods whose pod-template-generation matches the DaemonSet', () => {
    const s = loadSnapshot(
      [nodes, pods, daemonSets],
      ['nodes.json', 'pods.json', 'ds.json']
    )
    expect(s.daemonSets).toEqual([
      {
        namespace: 'monitoring',
        name: 'node-agent',
        uid: 'u1',
        generation: 3,
        currentRevisionHash: '6d4f8b7c9',
        template: { spec: { containers: [] } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1 }
        },
        status: { desiredNumberScheduled: 2, numberReady: 1 }
      }
    ])
  })

  it('accepts a YAML stream of several documents from one file, and a typed NodeList whose items have no kind', () => {
    const typed = {
      kind: 'NodeList',
      items: [{ ...node('c'), kind: undefined }]
    }
    const s = loadSnapshot([typed, null, node('d')], 'nodes.yaml')
    expect(s.nodes.map((n) => n.name)).toEqual(['c', 'd'])
  })
})

describe('loadSnapshot: errors name the file and the problem', () => {
  function message(fn: () => unknown): string {
    try {
      fn()
    } catch (err) {
      expect(err).toBeInstanceOf(UserError)
      return (err as UserError).describe()
    }
    throw new Error('did not throw')
  }

  it('pods alone are not a snapshot', () => {
    expect(
      message(() =>
        loadSnapshot({ kind: 'List', items: [pod('p', 'a')] }, 'pods.json')
      )
    ).toBe(
      'pods.json: no nodes in the snapshot: give the output of `kubectl get nodes -o json` (pods and DaemonSets alone are not enough)'
    )
  })
  it('a joining node (no status, or no allocatable) is kept with its status unknown', () => {
    const noAllocatable = node('a')
    noAllocatable.status = { conditions: [] } as never
    const noStatus = node('b')
    delete (noStatus as { status?: unknown }).status
    const loaded = loadSnapshot(
      { kind: 'List', items: [noAllocatable, noStatus] },
      'n.json'
    )
    expect(loaded.nodes.map((n) => [n.name, n.statusUnknown])).toEqual([
      ['a', true],
      ['b', true]
    ])
  })
  it('a Node status of the wrong structure is still refused', () => {
    const n = node('a')
    n.status = 'x' as never
    expect(
      message(() => loadSnapshot({ kind: 'List', items: [n] }, 'n.json'))
    ).toMatch(
      /^n\.json: items\[0\]: Node: status: expected an object, got a string/
    )
  })
  it('something that is not a snapshot at all', () => {
    expect(
      message(() => loadSnapshot({ kind: 'Deployment' }, 'x.yaml'))
    ).toMatch(/^x\.yaml: expected a DsRolloutSnapshot or a kubectl list/)
    expect(message(() => loadSnapshot('hello', 'x.yaml'))).toMatch(
      /got "hello"/
    )
    expect(message(() => loadSnapshot([], 'x.yaml'))).toBe(
      'x.yaml: the snapshot is empty'
    )
  })
  it('compact: unsupported version, missing nodes, missing allocatable, bad quantity, duplicate node', () => {
    expect(
      message(() =>
        loadSnapshot(
          { kind: 'DsRolloutSnapshot', version: 3, nodes: [] },
          's.json'
        )
      )
    ).toBe(
      's.json: snapshot version 3 is not supported (this ds-rollout reads versions 1 and 2)'
    )
    expect(
      message(() =>
        loadSnapshot({ kind: 'DsRolloutSnapshot', version: 1 }, 's.json')
      )
    ).toBe('s.json: the snapshot has no nodes list')
    // A node without allocatable is joining (issue 10 item 5): kept, status unknown.
    expect(
      loadSnapshot(
        { kind: 'DsRolloutSnapshot', version: 1, nodes: [{ name: 'a' }] },
        's.json'
      ).nodes[0]?.statusUnknown
    ).toBe(true)
    expect(
      message(() =>
        loadSnapshot(
          {
            kind: 'DsRolloutSnapshot',
            version: 1,
            nodes: [{ name: 'a', allocatable: { memory: '12Gx' } }]
          },
          's.json'
        )
      )
    ).toBe(
      's.json: nodes[0] (a).allocatable.memory: "12Gx" is not a Kubernetes quantity'
    )
    expect(
      message(() =>
        loadSnapshot(
          {
            kind: 'DsRolloutSnapshot',
            version: 1,
            nodes: [
              { name: 'a', allocatable: {} },
              { name: 'a', allocatable: {} }
            ]
          },
          's.json'
        )
      )
    ).toBe('s.json: nodes[1]: node a is listed twice')
    expect(
      message(() =>
        loadSnapshot(
          {
            kind: 'DsRolloutSnapshot',
            version: 1,
            nodes: [{ name: 'a', allocatable: {}, taints: [{ key: 'k' }] }]
          },
          's.json'
        )
      )
    ).toBe(
      's.json: nodes[0] (a).taints[0].effect: expected a string, got undefined'
    )
  })
  it('a compact snapshot cannot be combined with kubectl lists', () => {
    expect(
      message(() =>
        loadSnapshot(
          [{ kind: 'DsRolloutSnapshot', version: 1, nodes: [] }, node('a')],
          ['s.json', 'n.json']
        )
      )
    ).toMatch(/^s\.json: a DsRolloutSnapshot cannot be combined/)
  })
})

describe('loadSnapshot: compact format', () => {
  it('fills the optional fields with their defaults', () => {
    const s = loadSnapshot(
      {
        kind: 'DsRolloutSnapshot',
        version: 1,
        nodes: [{ name: 'a', allocatable: { cpu: 2 } }]
      },
      's.json'
    )
    expect(s).toEqual({
      kind: 'DsRolloutSnapshot',
      version: 1,
      nodes: [
        {
          name: 'a',
          labels: {},
          taints: [],
          unschedulable: false,
          conditions: [],
          allocatable: { cpu: '2' },
          requested: {},
          hostPorts: [],
          podCount: 0,
          daemonPods: []
        }
      ],
      daemonSets: []
    })
  })
})
