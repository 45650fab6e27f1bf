import { describe, expect, it } from 'vitest'
import { describeBlocker } from '../../../src/core/gate/blockers.js'
import {
  DEFAULT_GATE_OPTIONS,
  startGate,
  stepGate,
  type GateObservation,
  type GateOptions
} from '../../../src/core/gate/index.js'
import { excludedNodes, nodeHealth } from '../../../src/core/gate/done.js'
import { daemonSet, node, pod } from './fixtures.js'

const T0 = Date.parse('2026-12-02T04:00:00Z')
const OPTS: GateOptions = {
  ...DEFAULT_GATE_OPTIONS,
  soakSeconds: 5,
  progressDeadlineSeconds: 60,
  timeoutSeconds: 300,
  unschedulableGraceSeconds: 20
}

/** A node whose kubelet reports NotReady (Ready False); node(x, false) is Unknown. */
function notReady(name: string) {
  const n = node(name)
  n.status = { conditions: [{ type: 'Ready', status: 'False' }] }
  return n
}

function terminating(name: string, nodeName: string, hash = 'new') {
  const p = pod({ name, node: nodeName, hash })
  p.metadata = {
    ...p.metadata,
    deletionTimestamp: '2026-12-02T03:59:00Z'
  }
  return p
}

describe('one definition of done (NotReady and unreachable nodes)', () => {
  it('a node is NotReady, unreachable (Unknown or the unreachable taint) or Ready', () => {
    expect(nodeHealth(node('a'))).toBe('Ready')
    expect(nodeHealth(notReady('a'))).toBe('NotReady')
    expect(nodeHealth(node('a', false))).toBe('Unreachable')
    const unknown = node('a')
    unknown.status = { conditions: [{ type: 'Ready', status: 'Unknown' }] }
    expect(nodeHealth(unknown)).toBe('Unreachable')
    const tainted = node('a')
    tainted.spec = {
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]
    }
    expect(nodeHealth(tainted)).toBe('Unreachable')
  })

  it('a rollback whose only outstanding pod is Terminating on a NotReady node is done, and the node is named', () => {
    // After the undo: 3 desired, all 3 counted updated (old template), the
    // pod on n3 was deleted by the controller and stays Terminating there.
    const ds = daemonSet({
      updatedNumberScheduled: 3,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'a', node: 'n1', ready: true }),
        pod({ name: 'b', node: 'n2', ready: true }),
        terminating('c', 'n3')
      ],
      nodes: [node('n1'), node('n2'), notReady('n3')]
    }
    let state = startGate(T0)
    state = stepGate(state, obs, T0 + 1000, OPTS).state
    expect(state.excluded).toMatchObject([
      {
        node: 'n3',
        reason: 'NotReady',
        pod: 'kube-system/c',
        detail: 'Terminating'
      }
    ])
    const step = stepGate(state, obs, T0 + 7000, OPTS)
    expect(step.verdict.status).toBe('succeeded')
    expect(step.verdict.message).toBe(
      'daemon set "agent" successfully rolled out (1 node(s) n3 NotReady, excluded and attributed to the nodes)'
    )
  })

  it('without the NotReady node, the same counters are not done', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 3,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'a', node: 'n1', ready: true }),
        pod({ name: 'b', node: 'n2', ready: true }),
        pod({ name: 'c', node: 'n3', waiting: 'ContainerCreating' })
      ],
      nodes: [node('n1'), node('n2'), node('n3')]
    }
    const state = stepGate(startGate(T0), obs, T0 + 1000, OPTS).state
    expect(stepGate(state, obs, T0 + 7000, OPTS).verdict.status).toBe('waiting')
  })

  it('a stalled rollout names its blocker: the Terminating pod on the NotReady node that holds maxUnavailable', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 0,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'a', node: 'n1', hash: 'old', ready: true }),
        pod({ name: 'b', node: 'n2', hash: 'old', ready: true }),
        terminating('c', 'n3', 'old')
      ],
      nodes: [node('n1'), node('n2'), notReady('n3')]
    }
    let state = startGate(T0)
    state = stepGate(state, obs, T0 + 1000, OPTS).state
    expect(state.blockers.map(describeBlocker)).toEqual([
      'pod kube-system/c on n3: Terminating, node NotReady'
    ])
    const step = stepGate(state, obs, T0 + 62_000, OPTS)
    expect(step.verdict).toMatchObject({
      status: 'failed',
      reason: 'no-progress'
    })
    expect(step.verdict.message).toBe(
      'no progress for 60s (0 updated, 2 available of 3); blocked by pod kube-system/c on n3: Terminating, node NotReady; NotReady node(s) hold pods that count as unavailable and use up maxUnavailable, so the controller replaces nothing else (R3.10)'
    )
  })

  it('a NotReady node whose not-ready:NoSchedule taint the daemon does not tolerate is not desired (R1.14): it is named but not subtracted', () => {
    const tainted = notReady('n3')
    tainted.spec = {
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]
    }
    const [shed] = excludedNodes([tainted], [terminating('c', 'n3')], {
      spec: { containers: [] }
    })
    expect(shed).toMatchObject({ node: 'n3', desired: false })
    const [kept] = excludedNodes([tainted], [terminating('c', 'n3')], {
      spec: { containers: [], tolerations: [{ operator: 'Exists' }] }
    })
    expect(kept).toMatchObject({ node: 'n3', desired: true })
    // Desired 3 without n3: 2 of 3 updated is not done.
    const ds = daemonSet({ updatedNumberScheduled: 2, numberAvailable: 2 })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'a', node: 'n1', ready: true }),
        pod({ name: 'b', node: 'n2', ready: true }),
        terminating('c', 'n3', 'old')
      ],
      nodes: [node('n1'), node('n2'), tainted]
    }
    const state = stepGate(startGate(T0), obs, T0 + 1000, OPTS).state
    expect(stepGate(state, obs, T0 + 7000, OPTS).verdict.status).toBe('waiting')
  })

  it('excludes only nodes that host one of the DaemonSet pods', () => {
    expect(
      excludedNodes(
        [node('n1', false), node('n2', false)],
        [pod({ name: 'a', node: 'n2' })]
      ).map((e) => e.node)
    ).toEqual(['n2'])
  })
})

describe('the verification starts from what the gate knew', () => {
  it('a pod already unschedulable on the node under the gate fails the verification at once', () => {
    const pending = pod({ name: 'p', node: 'n3', unschedulable: true })
    const ds = daemonSet({
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'a', node: 'n1', ready: true }),
        pod({ name: 'b', node: 'n2', ready: true }),
        pending
      ]
    }
    // The gate saw it from T0 and failed it after the grace.
    let gate = startGate(T0)
    gate = stepGate(gate, obs, T0, OPTS).state
    const failed = stepGate(gate, obs, T0 + 21_000, OPTS)
    expect(failed.verdict).toMatchObject({ reason: 'unschedulable' })
    // The verification (a new pod on the same node) does not wait again.
    const again = pod({ name: 'q', node: 'n3', unschedulable: true })
    const verify = stepGate(
      startGate(T0 + 30_000, {
        unschedulableNodes: failed.state.unschedulableNodes
      }),
      { ...obs, pods: [obs.pods[0]!, obs.pods[1]!, again] },
      T0 + 30_100,
      OPTS
    )
    expect(verify.verdict).toMatchObject({
      status: 'failed',
      reason: 'unschedulable',
      message:
        'new pod kube-system/q on node n3: Unschedulable (0/3 nodes are available: 1 Insufficient cpu.)'
    })
    // Without the carried knowledge it would wait for the grace.
    const fresh = stepGate(
      startGate(T0 + 30_000),
      { ...obs, pods: [obs.pods[0]!, obs.pods[1]!, again] },
      T0 + 30_100,
      OPTS
    )
    expect(fresh.verdict.status).toBe('waiting')
  })
})
