/**
 * Nodes alike for the simulation are simulated once per class and the
 * verdict shared (prepared.ts NodeClasses, outcomes.ts): the result must be
 * exactly the node-by-node one. Random fleets of a few kinds of node, each
 * repeated under its own name (NotReady and joining nodes, taints, full
 * nodes, host ports, pods of this and other DaemonSets), against random
 * base/head pairs (surge, OnDelete, added, removed, untriggered, pods or
 * manifest as "before").
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  Container,
  DaemonSet,
  DaemonSetSpec,
  Taint
} from '../../../src/core/k8s/types.js'
import { computeOutcomes } from '../../../src/core/simulate/outcomes.js'
import { prepareSnapshot } from '../../../src/core/simulate/prepared.js'
import { resolveStrategy } from '../../../src/core/simulate/strategy.js'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import type {
  Snapshot,
  SnapshotDaemonPod,
  SnapshotNode
} from '../../../src/core/snapshot/types.js'
import { daemonPod, daemonSet, snapNode } from './helpers.js'

const TAINTS: Taint[] = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  { key: 'spot', effect: 'PreferNoSchedule' }
]

const podArb: fc.Arbitrary<SnapshotDaemonPod> = fc
  .record({
    own: fc.boolean(),
    phase: fc.constantFrom('Running', 'Pending', 'Succeeded'),
    ready: fc.boolean(),
    revisionHash: fc.constantFrom('old111', 'new222'),
    scheduled: fc.constantFrom(undefined, false),
    memory: fc.constantFrom('128Mi', '2Gi', '15Gi'),
    hostPorts: fc.constantFrom([], ['TCP/9100'], ['TCP/127.0.0.1:9100'])
  })
  .map((p) => {
    const pod = daemonPod({
      daemonSet: p.own ? 'agent' : 'other',
      phase: p.phase,
      ready: p.ready,
      revisionHash: p.revisionHash,
      requests: { cpu: '100m', memory: p.memory },
      hostPorts: [...p.hostPorts]
    })
    if (p.scheduled === false) pod.scheduled = false
    return pod
  })

/** One kind of node, without its name. */
const kindArb = fc.record({
  pool: fc.constantFrom('a', 'b'),
  taints: fc.subarray(TAINTS, { maxLength: 2 }),
  status: fc.constantFrom('True', 'True', 'False', 'Unknown', 'joining'),
  memory: fc.constantFrom('1Gi', '4Gi', '16Gi'),
  pods: fc.constantFrom('3', '110'),
  usedMemory: fc.constantFrom(undefined, '500Mi', '3Gi'),
  hostPorts: fc.constantFrom(
    [],
    ['TCP/9100'],
    ['TCP/9100', 'UDP/53'],
    ['TCP/443']
  ),
  podCount: fc.integer({ min: 0, max: 3 }),
  daemonPods: fc.array(podArb, { maxLength: 3 })
})
type NodeKind = typeof kindArb extends fc.Arbitrary<infer K> ? K : never
const KIND_FIELDS = [
  'pool',
  'taints',
  'status',
  'memory',
  'pods',
  'usedMemory',
  'hostPorts',
  'podCount',
  'daemonPods'
] as const satisfies readonly (keyof NodeKind)[]

function nodeOf(name: string, kind: NodeKind): SnapshotNode {
  const joining = kind.status === 'joining'
  return snapNode(name, {
    labels: { 'kubernetes.io/hostname': name, pool: kind.pool },
    taints: kind.taints,
    conditions: joining ? [] : [{ type: 'Ready', status: kind.status }],
    allocatable: joining
      ? {}
      : { cpu: '4', memory: kind.memory, pods: kind.pods },
    requested: kind.usedMemory === undefined ? {} : { memory: kind.usedMemory },
    hostPorts: [...kind.hostPorts],
    podCount: kind.podCount,
    daemonPods: kind.daemonPods.map((p) => ({ ...p })),
    ...(joining ? { statusUnknown: true } : {})
  })
}

const templateArb = fc.record({
  memory: fc.constantFrom('128Mi', '1Gi', '6Gi'),
  hostPort: fc.boolean(),
  pool: fc.constantFrom(undefined, 'a', 'b'),
  tolerateAll: fc.boolean(),
  image: fc.constantFrom('1.0.0', '2.0.0')
})
type Template = typeof templateArb extends fc.Arbitrary<infer T> ? T : never

function dsOf(t: Template, strategy: DaemonSetSpec): DaemonSet {
  const container: Container = {
    name: 'agent',
    image: `example.com/agent:${t.image}`,
    resources: { requests: { cpu: '100m', memory: t.memory } },
    ...(t.hostPort ? { ports: [{ containerPort: 9100, hostPort: 9100 }] } : {})
  }
  return daemonSet(
    {
      containers: [container],
      ...(t.pool === undefined ? {} : { nodeSelector: { pool: t.pool } }),
      ...(t.tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {})
    },
    strategy
  )
}

const strategyArb = fc.constantFrom<DaemonSetSpec>(
  {},
  { updateStrategy: { type: 'OnDelete' } },
  {
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
    }
  },
  {
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '20%' }
    }
  }
)

const caseArb = fc.record({
  // Kinds that differ in one field from the first: the class must tell
  // them apart whenever that field matters.
  kinds: fc
    .tuple(
      kindArb,
      fc.array(fc.tuple(kindArb, fc.constantFrom(...KIND_FIELDS)), {
        maxLength: 3
      }),
      fc.array(fc.integer({ min: 4, max: 9 }), {
        minLength: 4,
        maxLength: 4
      })
    )
    .map(([first, variants, copies]) =>
      [
        first,
        ...variants.map(([other, field]) => ({
          ...first,
          [field]: other[field]
        }))
      ].map((kind, i) => ({ kind, copies: copies[i]! }))
    ),
  shuffle: fc.integer({ min: 0, max: 1000 }),
  base: fc.option(templateArb, { nil: undefined }),
  head: fc.option(templateArb, { nil: undefined }),
  strategy: strategyArb,
  triggered: fc.boolean(),
  liveDs: fc.boolean()
})

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never

/**
 * The case's fleet. `unlike`: every node gets its own used memory (so no
 * node classes form) while nodes of one kind share their daemon pod objects,
 * as a compact snapshot's pod table does (the fit-first verdict memo).
 */
function fleetOf(c: Case, unlike: boolean): SnapshotNode[] {
  const nodes: SnapshotNode[] = []
  // Interleave the kinds so a class's nodes are not all adjacent.
  const list = c.kinds.flatMap(({ kind, copies }) =>
    Array.from({ length: copies }, () => kind)
  )
  for (let i = 0; i < list.length; i += 1) {
    const at = (i * 7 + c.shuffle) % list.length
    ;[list[i], list[at]] = [list[at]!, list[i]!]
  }
  const sharedPods = new Map<NodeKind, SnapshotDaemonPod[]>()
  list.forEach((kind, i) => {
    const node = nodeOf(`node-${i}`, kind)
    if (unlike) {
      // 0-3 Gi used, a different number of bytes on every node.
      const used = (kind.usedMemory === '3Gi' ? 3 * 2 ** 30 : 0) + i * 4099
      node.requested = { memory: String(used) }
      let pods = sharedPods.get(kind)
      if (pods === undefined) {
        pods = node.daemonPods
        sharedPods.set(kind, pods)
      }
      node.daemonPods = [...pods]
    }
    nodes.push(node)
  })
  return nodes
}

function holdsToNodeByNode(c: Case, unlike: boolean): void {
  const snapshot: Snapshot = {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: fleetOf(c, unlike),
    daemonSets: c.liveDs
      ? [
          {
            namespace: 'monitoring',
            name: 'agent',
            currentRevisionHash: 'old111'
          }
        ]
      : []
  }
  const base = c.base === undefined ? undefined : dsOf(c.base, c.strategy)
  const head = c.head === undefined ? undefined : dsOf(c.head, c.strategy)
  if (base === undefined && head === undefined) return
  const prepared = prepareSnapshot(snapshot)
  // The path under test really runs: the kinds are few, or every node
  // differs.
  if (unlike) expect(prepared.classes()).toBeUndefined()
  else expect(prepared.classes()).toBeDefined()
  for (const nodeDetail of ['all', 'non-routine'] as const) {
    const ctx = {
      base,
      head,
      triggered: c.triggered && head !== undefined,
      strategy: resolveStrategy((head ?? base)?.spec, 1),
      prepared,
      comparisonOperators: false,
      nodeDetail
    }
    expect(computeOutcomes(ctx, 'auto')).toEqual(computeOutcomes(ctx, 'off'))
  }
}

describe('node classes', () => {
  it('give exactly the node-by-node outcomes', () => {
    fc.assert(
      fc.property(caseArb, (c) => holdsToNodeByNode(c, false)),
      { numRuns: 300 }
    )
  })

  it('when every node differs, verdicts shared by nodes whose fits all pass are exactly the node-by-node ones', () => {
    fc.assert(
      fc.property(caseArb, (c) => holdsToNodeByNode(c, true)),
      { numRuns: 300 }
    )
  })

  it('are not formed when most nodes differ, and the simulation is the same', () => {
    const nodes = Array.from({ length: 20 }, (_, i) =>
      snapNode(`node-${i}`, {
        requested: { memory: `${i}Mi` },
        daemonPods: [daemonPod()]
      })
    )
    const snapshot: Snapshot = {
      kind: 'DsRolloutSnapshot',
      version: 1,
      nodes,
      daemonSets: []
    }
    expect(prepareSnapshot(snapshot).classes()).toBeUndefined()
    const sim = simulateDaemonSet({
      base: daemonSet(),
      head: dsOf(
        {
          memory: '128Mi',
          hostPort: false,
          pool: undefined,
          tolerateAll: false,
          image: '2.0.0'
        },
        {}
      ),
      source: { file: 'ds.yaml', line: 1 },
      triggered: true,
      snapshot
    })
    expect(sim.rollout.actions?.replace).toBe(20)
  })

  it('group nodes that differ only in name and labels', () => {
    const nodes = Array.from({ length: 12 }, (_, i) =>
      snapNode(`node-${i}`, {
        labels: { 'kubernetes.io/hostname': `node-${i}`, pool: `p${i % 2}` },
        daemonPods: [daemonPod({ ready: i % 3 === 0 })]
      })
    )
    const classes = prepareSnapshot({
      kind: 'DsRolloutSnapshot',
      version: 1,
      nodes,
      daemonSets: []
    }).classes()
    expect(classes?.count).toBe(2)
    expect([...(classes?.ids ?? [])]).toEqual(
      nodes.map((_, i) => (i % 3 === 0 ? 0 : 1))
    )
  })
})
