/**
 * NotReady nodes as kubectl records them (R1.4-R1.6, R1.14, R1.16, R2.4,
 * R3.9, R3.10). The node lifecycle controller taints a NotReady node with
 * node.kubernetes.io/not-ready:NoSchedule (TaintNodesByCondition) and
 * :NoExecute (taint-based eviction); an unreachable one with the same
 * unreachable taints. The controller's default tolerations (R1.14) cover
 * only the NoExecute ones, so such a node is (shouldRun false,
 * shouldContinueRunning true) by R1.5. Readiness itself is never looked at
 * (R1.6): a NotReady node without those taints stays eligible and is counted
 * in desiredNumberScheduled (R1.16), and its pod then eats the rollout
 * budget (R3.10). The rehearsal cluster adds the same taints to NotReady
 * nodes, and its controller must agree with the planner on every node.
 */
import { describe, expect, it } from 'vitest'
import type { DaemonSet, Node, Pod } from '../../../src/core/k8s/types.js'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import { loadSnapshot } from '../../../src/core/snapshot/load.js'
import {
  nodeShouldRunDaemonPod,
  withDaemonTolerations
} from '../../../src/rehearsal/controllers/eligibility.js'
import type { Obj } from '../../../src/rehearsal/json.js'
import { daemonSet, withContainer } from './helpers.js'

const NOT_READY = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  {
    key: 'node.kubernetes.io/not-ready',
    effect: 'NoExecute',
    timeAdded: '2026-11-23T10:00:00Z'
  }
]
const UNREACHABLE = [
  { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
  {
    key: 'node.kubernetes.io/unreachable',
    effect: 'NoExecute',
    timeAdded: '2026-11-23T10:00:00Z'
  }
]

function kubectlNode(
  name: string,
  ready: 'True' | 'False' | 'Unknown',
  taints: unknown[]
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: taints.length > 0 ? { taints } : {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: ready,
          reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown'
        }
      ]
    }
  } as unknown as Node
}

/** An old daemon pod; the node lifecycle controller marks pods on NotReady nodes not Ready. */
function oldPod(node: string, ready: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `agent-${node}`,
      namespace: 'monitoring',
      labels: { app: 'agent', 'controller-revision-hash': 'old111' },
      ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: true }]
    },
    spec: {
      nodeName: node,
      containers: [
        {
          name: 'agent',
          resources: { requests: { cpu: '100m', memory: '128Mi' } }
        }
      ]
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }]
    }
  } as unknown as Pod
}

const nodes = [
  kubectlNode('ready-1', 'True', []),
  kubectlNode('ready-2', 'True', []),
  kubectlNode('ready-3', 'True', []),
  kubectlNode('not-ready-tainted', 'False', NOT_READY),
  kubectlNode('unreachable-tainted', 'Unknown', UNREACHABLE),
  kubectlNode('not-ready-untainted', 'False', [])
]

/** What `kubectl get nodes -o json` + `kubectl get pods -A -o json` give. */
function recorded() {
  return loadSnapshot(
    [
      { apiVersion: 'v1', kind: 'List', items: nodes },
      {
        apiVersion: 'v1',
        kind: 'List',
        items: nodes.map((n) =>
          oldPod(
            n.metadata!.name!,
            !n.metadata!.name!.startsWith('not') &&
              !n.metadata!.name!.startsWith('unreachable')
          )
        )
      }
    ],
    ['nodes.json', 'pods.json']
  )
}

const base = daemonSet()
const head = withContainer(base, { image: 'example.com/agent:1.1.0' })
const source = { file: 'agent.yaml', line: 1 }

function simulate(b: DaemonSet, h: DaemonSet, triggered: boolean) {
  const r = simulateDaemonSet({
    base: b,
    head: h,
    snapshot: recorded(),
    source,
    triggered
  })
  return { ...r, byName: Object.fromEntries(r.nodes.map((n) => [n.name, n])) }
}

describe('NotReady nodes recorded by kubectl (R1.14, R1.16)', () => {
  it('R1.5/R1.14: the not-ready and unreachable NoSchedule taints are not in the default tolerations → (false, true); without the taints a NotReady node stays eligible (R1.6, R1.16)', () => {
    const { byName, rollout } = simulate(base, head, true)
    for (const name of ['not-ready-tainted', 'unreachable-tainted'])
      expect(byName[name]).toMatchObject({
        shouldRun: false,
        shouldContinueRunning: true
      })
    expect(byName['not-ready-tainted']?.reasons[0]).toBe(
      'taint node.kubernetes.io/not-ready:NoSchedule is not tolerated'
    )
    expect(byName['not-ready-untainted']).toMatchObject({
      shouldRun: true,
      shouldContinueRunning: true
    })
    // desiredNumberScheduled: 3 Ready nodes + the untainted NotReady one (R3.1, R5.2).
    expect(rollout.desired).toBe(4)
  })

  it('R2.4/R3.9: during a RollingUpdate the old pod on a tainted NotReady node is deleted and not recreated; it takes budget only in the first sync', () => {
    const only = simulateDaemonSet({
      base,
      head,
      snapshot: {
        ...recorded(),
        nodes: recorded().nodes.filter((n) => n.name !== 'not-ready-untainted')
      },
      source,
      triggered: true
    })
    const byName = Object.fromEntries(only.nodes.map((n) => [n.name, n]))
    expect(byName['not-ready-tainted']).toMatchObject({
      action: 'delete',
      before: 'running',
      after: 'none'
    })
    expect(byName['unreachable-tainted']?.action).toBe('delete')
    // maxUnavailable 1: the two broken old pods are deleted at once and
    // count as unavailable in that sync (R3.9), so no Ready node is
    // replaced in it; then one Ready node per wave.
    expect(only.rollout.waves?.map((w) => w.nodes)).toEqual([2, 1, 1, 1])
    expect(only.rollout.stall).toBeUndefined()
    // They are not desired, so they do not hold the budget for good.
    expect(only.findings.map((f) => f.code)).not.toContain(
      'budget-consumed-by-unhealthy-nodes'
    )
  })

  it('R1.16/R3.10: an untainted NotReady node is desired and its pod eats maxUnavailable for the whole rollout: with maxUnavailable 1 it hangs', () => {
    const { byName, findings, rollout } = simulate(base, head, true)
    expect(byName['not-ready-untainted']?.reasons).toContain(
      'the node is NotReady: a pod there does not become available'
    )
    // One finding: the hang, naming its cause.
    expect(findings.map((f) => f.code)).not.toContain(
      'budget-consumed-by-unhealthy-nodes'
    )
    expect(
      findings.find((f) => f.code === 'rollout-will-hang')?.message
    ).toMatch(
      /1 NotReady \(not-ready-untainted\)\. NotReady nodes stay desired/
    )
    expect(rollout.stall?.nodesLeft).toBe(3)
  })

  it('R2.4: without a template change the pod on a tainted NotReady node is kept (misscheduled)', () => {
    const { byName } = simulate(base, structuredClone(base), false)
    expect(byName['not-ready-tainted']?.action).toBe('keep-misscheduled')
    expect(byName['unreachable-tainted']?.action).toBe('keep-misscheduled')
  })

  it('R1.12: a DaemonSet that tolerates everything ({operator: Exists}) stays on every NotReady node, and each one counts against the budget (R3.10)', () => {
    const tolerant = daemonSet({ tolerations: [{ operator: 'Exists' }] })
    const { byName, rollout, findings } = simulate(
      tolerant,
      withContainer(tolerant, { image: 'example.com/agent:1.1.0' }),
      true
    )
    expect(rollout.desired).toBe(6)
    expect(byName['unreachable-tainted']).toMatchObject({
      shouldRun: true,
      action: 'replace'
    })
    expect(
      findings.find((f) => f.code === 'rollout-will-hang')?.message
    ).toMatch(/: 3 desired nodes are already unavailable: 3 NotReady /)
  })

  it('the rehearsal controller agrees with the planner on every recorded node (R1.1-R1.7, R1.14)', () => {
    for (const template of [
      base,
      daemonSet({ tolerations: [{ operator: 'Exists' }] }),
      daemonSet({ hostNetwork: true })
    ]) {
      const planned = simulateDaemonSet({
        base: undefined,
        head: template,
        snapshot: recorded(),
        source,
        triggered: true
      }).nodes
      const spec = template.spec!.template!.spec! as unknown as Obj
      const tolerations = withDaemonTolerations(
        spec['tolerations'],
        spec['hostNetwork'] === true
      )
      for (const n of nodes) {
        const rehearsed = nodeShouldRunDaemonPod(
          n as unknown as Obj,
          spec,
          tolerations
        )
        const plan = planned.find((p) => p.name === n.metadata!.name)!
        expect(
          {
            shouldRun: plan.shouldRun,
            shouldContinueRunning: plan.shouldContinueRunning
          },
          n.metadata!.name
        ).toEqual(rehearsed)
      }
    }
  })
})
