import { describe, expect, it } from 'vitest'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import type { DaemonSet } from '../../../src/core/k8s/types.js'
import type { Snapshot } from '../../../src/core/snapshot/types.js'
import {
  daemonPod,
  daemonSet,
  snapNode,
  snapshot,
  withContainer
} from './helpers.js'

const source = { file: 'deploy/agent.yaml', line: 3 }

function sim(
  base: DaemonSet | undefined,
  head: DaemonSet | undefined,
  snap: Snapshot,
  triggered = true
) {
  return simulateDaemonSet({ base, head, snapshot: snap, source, triggered })
}

function byName(result: ReturnType<typeof sim>) {
  return Object.fromEntries(result.nodes.map((n) => [n.name, n]))
}

/** n nodes, each with an available old pod of monitoring/agent. */
function fleet(
  n: number,
  over: (i: number) => Parameters<typeof snapNode>[1] = () => ({})
) {
  return snapshot(
    Array.from({ length: n }, (_, i) =>
      snapNode(`node-${i}`, {
        daemonPods: [daemonPod({ name: `agent-${i}` })],
        ...over(i)
      })
    )
  )
}

const base = daemonSet()
const bumped = withContainer(base, { image: 'example.com/agent:1.1.0' })

describe('R2.1-R2.4 per-node actions', () => {
  it('create, delete, replace, keep-misscheduled/delete (R2.4), pending and none, with before from the snapshot pods', () => {
    const snap = snapshot([
      snapNode('has-pod', { daemonPods: [daemonPod()] }),
      snapNode('no-pod'),
      snapNode('noexec', {
        taints: [{ key: 'maintenance', value: 'true', effect: 'NoExecute' }],
        daemonPods: [daemonPod()]
      }),
      snapNode('nosched', {
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        daemonPods: [daemonPod()]
      }),
      snapNode('nosched-empty', {
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]
      }),
      snapNode('full', {
        allocatable: { cpu: '4', memory: '1Gi', pods: '110' },
        requested: { memory: '1000Mi' }
      })
    ])
    const r = byName(sim(base, bumped, snap))
    expect(r['has-pod']).toMatchObject({
      action: 'replace',
      before: 'running',
      after: 'running',
      fits: true,
      shouldRun: true
    })
    expect(r['no-pod']).toMatchObject({
      action: 'create',
      before: 'none',
      after: 'running',
      fits: true
    })
    expect(r['noexec']).toMatchObject({
      action: 'delete',
      shouldRun: false,
      shouldContinueRunning: false,
      after: 'none',
      fits: null
    })
    expect(r['noexec']?.reasons[0]).toBe(
      'taint maintenance=true:NoExecute is not tolerated'
    )
    // R2.4: the rolling update picks the old pod on a (false, true) node and does not recreate it.
    expect(r['nosched']).toMatchObject({
      action: 'delete',
      shouldRun: false,
      shouldContinueRunning: true,
      after: 'none'
    })
    expect(r['nosched-empty']).toMatchObject({
      action: 'none',
      before: 'none',
      after: 'none'
    })
    expect(r['full']).toMatchObject({
      action: 'pending',
      after: 'pending',
      fits: false
    })
    expect(r['full']?.reasons[0]).toBe(
      'the new pod stays Pending: Insufficient memory'
    )
  })

  it('R2.4 without a template change the pod on a (false, true) node is kept and misscheduled', () => {
    const snap = snapshot([
      snapNode('nosched', {
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        daemonPods: [daemonPod()]
      })
    ])
    const strategyOnly = structuredClone(base)
    strategyOnly.spec!.minReadySeconds = 10
    const r = sim(base, strategyOnly, snap, false)
    expect(r.nodes[0]).toMatchObject({
      action: 'keep-misscheduled',
      after: 'running'
    })
    expect(r.rollout.waves).toEqual([])
    expect(r.rollout.desired).toBe(0)
  })

  it('before comes from the base manifest when the snapshot knows nothing of the DaemonSet', () => {
    const snap = snapshot(
      [
        snapNode('a', { labels: { pool: 'x' } }),
        snapNode('b', { labels: { pool: 'y' } })
      ],
      false
    )
    const b = daemonSet({ nodeSelector: { pool: 'x' } })
    const h = daemonSet({ nodeSelector: { pool: 'y' } })
    const r = sim(b, h, snap)
    expect(r.rollout.beforeFrom).toBe('manifest')
    expect(byName(r)['a']).toMatchObject({
      before: 'running',
      after: 'none',
      action: 'delete'
    })
    expect(byName(r)['b']).toMatchObject({
      before: 'none',
      after: 'running',
      action: 'create'
    })
    const drop = r.findings.find((f) => f.code === 'coverage-drop')
    expect(drop).toMatchObject({
      severity: 'warning',
      file: 'deploy/agent.yaml',
      line: 3,
      namespace: 'monitoring',
      name: 'agent'
    })
    expect(drop?.message).toBe('1 node lose the daemon: a')
  })

  it('a new DaemonSet creates on every eligible node at once: one wave', () => {
    const snap = snapshot([snapNode('a'), snapNode('b')], false)
    const r = sim(undefined, base, snap)
    expect(r.nodes.map((n) => n.action)).toEqual(['create', 'create'])
    expect(r.rollout.waves).toHaveLength(1)
    expect(r.rollout.waves?.[0]?.nodes).toBe(2)
  })

  it('a removed DaemonSet deletes every pod', () => {
    const r = sim(base, undefined, fleet(2))
    expect(r.nodes.map((n) => n.action)).toEqual(['delete', 'delete'])
    expect(r.rollout.waves).toEqual([])
  })

  it('example 19 / R4.3: without a template change (only maxUnavailable) nothing is replaced and there are no waves', () => {
    const r = sim(base, base, fleet(3), false)
    expect(r.nodes.every((n) => n.action === 'keep')).toBe(true)
    expect(r.rollout.waves).toEqual([])
    expect(r.rollout.estimatedSeconds).toBe(0)
  })
})

describe('R3.9-R3.13 waves', () => {
  it('example 14: non-surge, 5 nodes, maxUnavailable 2 → waves of 2, 2, 1', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    }
    const r = sim(base, h, fleet(5))
    expect(r.rollout).toMatchObject({
      desired: 5,
      maxUnavailable: 2,
      maxSurge: 0,
      maxNodesDown: 2
    })
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([2, 2, 1])
    expect(r.rollout.stall).toBeUndefined()
  })

  it('example 14 continued: one new pod that never becomes available keeps 1 unit of budget; with maxUnavailable 2 the rollout still finishes replacing, but never completes', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    }
    // node-0 cannot fit the new pod: in the worst case it is picked first.
    const r = sim(
      base,
      h,
      fleet(5, (i) =>
        i === 0
          ? { allocatable: { cpu: '4', memory: '100Mi', pods: '110' } }
          : {}
      )
    )
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([2, 2, 1])
    expect(r.rollout.stall).toBeUndefined()
    // Worst case: the stuck node is in wave 1 (with one other), the other 3 go one at a time: 4 waves.
    const wave = r.rollout.durations!.waveSeconds
    expect(r.rollout.estimatedSeconds).toBe(3 * wave)
    expect(r.rollout.estimatedSecondsWorstCase).toBe(4 * wave)
    // One finding: the Pending pod, and what it means for rollout status (R5.6).
    expect(r.findings.map((f) => f.code)).not.toContain(
      'rollout-never-completes'
    )
    expect(
      r.findings.find((f) => f.code === 'pods-will-not-fit')?.message
    ).toBe(
      '1 new pod will stay Pending (Insufficient memory): node-0. It never becomes available, so `kubectl rollout status` never reports success (R5.6)'
    )
  })

  it('R5.6: a NotReady desired node never gets an available pod either: rollout-never-completes says so when no Pending pod explains it', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    }
    const r = sim(
      base,
      h,
      fleet(5, (i) =>
        i === 0
          ? {
              conditions: [{ type: 'Ready', status: 'False' }],
              daemonPods: [daemonPod({ name: 'agent-0', ready: false })]
            }
          : {}
      )
    )
    expect(r.rollout.stall).toBeUndefined()
    expect(
      r.findings.find((f) => f.code === 'rollout-never-completes')?.message
    ).toBe(
      '1 node will never have an available pod, so `kubectl rollout status` never reports success (R5.6)'
    )
  })

  it('example 14: with maxUnavailable 1 a stuck new pod stops the rollout (R3.10)', () => {
    const r = sim(
      base,
      bumped,
      fleet(5, (i) =>
        i === 0
          ? { allocatable: { cpu: '4', memory: '100Mi', pods: '110' } }
          : {}
      )
    )
    expect(r.rollout.maxUnavailable).toBe(1)
    expect(r.rollout.stall).toMatchObject({
      nodesLeft: 0,
      nodesLeftWorstCase: 4
    })
    const hang = r.findings.find((f) => f.code === 'rollout-will-hang')
    expect(hang?.severity).toBe('error')
    expect(hang?.message).toMatch(/between 0 and 4 nodes/)
  })

  it('example 15: surge, 3 nodes, maxSurge 1, maxUnavailable 0 → three waves of one, old pods deleted after the new ones are available', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
    }
    const r = sim(base, h, fleet(3))
    expect(r.rollout).toMatchObject({
      maxSurge: 1,
      maxUnavailable: 0,
      maxNodesDown: 0
    })
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([1, 1, 1])
    // surge waves do not wait for termination; the last old pod's grace period is added once.
    const d = r.rollout.durations!
    expect(d.waveSeconds).toBe(
      d.pullSeconds + d.startSeconds + d.readySeconds + d.minReadySeconds
    )
    expect(r.rollout.estimatedSeconds).toBe(
      3 * d.waveSeconds + d.terminateSeconds
    )
  })

  it('example 16 / R3.15: surge with hostPort 8080 → the new pod stays Pending next to the old one and the rollout hangs', () => {
    const withPort = withContainer(base, {
      ports: [{ containerPort: 8080, hostPort: 8080 }]
    })
    const snap = fleet(3, (i) => ({
      daemonPods: [daemonPod({ name: `agent-${i}`, hostPorts: ['TCP/8080'] })]
    }))
    const h = withContainer(withPort, { image: 'example.com/agent:1.1.0' })
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
    }
    const r = sim(withPort, h, snap)
    expect(
      r.nodes.every((n) => n.action === 'pending' && n.fits === false)
    ).toBe(true)
    expect(r.nodes[0]?.reasons[0]).toMatch(
      /didn't have free ports for the requested pod ports/
    )
    const codes = r.findings.map((f) => f.code)
    // The cause is the diff's host-port-with-surge (one finding per
    // problem); the simulation says how far the rollout gets.
    expect(codes).not.toContain('surge-window-will-not-fit')
    expect(codes).toContain('rollout-will-hang')
    expect(r.rollout.stall).toMatchObject({
      nodesLeft: 2,
      nodesLeftWorstCase: 2
    })
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([1])
  })

  it('R3.11: surge where the new pod needs memory the old one still holds → surge-window-will-not-fit names the node', () => {
    // 16Gi (16384Mi) allocatable, 16200Mi used by others + the old pod's 128Mi: the
    // replacement fits once the old pod is gone, not next to it.
    const snap = fleet(2, (i) =>
      i === 0 ? { requested: { memory: '16200Mi' } } : {}
    )
    const h = withContainer(base, { image: 'example.com/agent:1.1.0' })
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
    }
    const r = sim(base, h, snap)
    const windowFinding = r.findings.filter(
      (f) => f.code === 'surge-window-will-not-fit'
    )
    expect(windowFinding).toHaveLength(1)
    expect(windowFinding[0]?.message).toMatch(/on 1 node .*: node-0$/)
  })

  it('R3.15: the same host port without surge replaces fine (old pod deleted first)', () => {
    const withPort = withContainer(base, {
      ports: [{ containerPort: 8080, hostPort: 8080 }]
    })
    const snap = fleet(2, (i) => ({
      daemonPods: [daemonPod({ name: `agent-${i}`, hostPorts: ['TCP/8080'] })]
    }))
    const r = sim(
      withPort,
      withContainer(withPort, { image: 'example.com/agent:2' }),
      snap
    )
    expect(r.nodes.every((n) => n.action === 'replace')).toBe(true)
    expect(r.findings.map((f) => f.code)).not.toContain('rollout-will-hang')
  })

  it('R3.10: a NotReady node eats the budget; with maxUnavailable 1 nothing else rolls', () => {
    const snap = fleet(4, (i) =>
      i === 2
        ? {
            conditions: [
              { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }
            ],
            daemonPods: [daemonPod({ ready: false })]
          }
        : {}
    )
    const r = sim(base, bumped, snap)
    expect(r.rollout.unavailableAtStart).toBe(1)
    expect(r.rollout.stall).toMatchObject({
      nodesLeft: 3,
      nodesLeftWorstCase: 3
    })
    // One finding: the hang, with its cause (the NotReady node).
    const codes = r.findings.map((f) => f.code)
    expect(codes).not.toContain('budget-consumed-by-unhealthy-nodes')
    const hang = r.findings.filter((f) => f.code === 'rollout-will-hang')
    expect(hang).toHaveLength(1)
    expect(hang[0]?.message).toBe(
      'the rollout will hang with 3 nodes still on the old pod: 1 desired node is already unavailable: 1 NotReady (node-2). NotReady nodes stay desired and never get an available pod (R1.16), so they use up maxUnavailable (1) for good and the controller replaces nothing else (R3.10)'
    )
  })

  it('R3.10: an already-unavailable old pod is replaced outside the budget, with maxUnavailable 2 the rest still rolls', () => {
    const snap = fleet(5, (i) =>
      i === 0 ? { daemonPods: [daemonPod({ ready: false })] } : {}
    )
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    }
    const r = sim(base, h, snap)
    // wave 1: the broken one (outside the budget) + 1 candidate; then 2, then 1.
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([2, 2, 1])
    expect(r.rollout.unavailableAtStart).toBe(1)
    expect(
      r.findings.find((f) => f.code === 'budget-consumed-by-unhealthy-nodes')
        ?.severity
    ).toBe('warning')
  })

  it('R3.9: nodes that need a new pod (create) count as unavailable in the first wave', () => {
    const snap = snapshot([...fleet(3).nodes, snapNode('fresh')])
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    }
    const r = sim(base, h, snap)
    // wave 1: create on fresh + 1 replacement; then 2 replacements.
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([2, 2])
  })

  it('R3.11: in surge mode creates on new nodes are left to manage and do not use the surge budget', () => {
    const snap = snapshot([...fleet(3).nodes, snapNode('fresh')])
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
    }
    const r = sim(base, h, snap)
    expect(r.rollout.waves?.map((w) => w.nodes)).toEqual([2, 1, 1])
    expect(r.rollout.maxNodesDown).toBe(1)
  })

  it('R3.11: in surge mode an old pod on a NotReady node gets its new pod at once, which never becomes available: in flight for good', () => {
    const snap = fleet(3, (i) =>
      i === 0
        ? {
            conditions: [{ type: 'Ready', status: 'Unknown' }],
            daemonPods: [daemonPod({ ready: false })]
          }
        : {}
    )
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
    }
    const r = sim(base, h, snap)
    expect(r.rollout.stall).toMatchObject({
      nodesLeft: 2,
      nodesLeftWorstCase: 2
    })
    expect(r.rollout.waves).toEqual([])
  })

  it('OnDelete: nothing rolls until pods are deleted (R3.14)', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = { type: 'OnDelete' }
    const b = structuredClone(base)
    b.spec!.updateStrategy = { type: 'OnDelete' }
    const r = sim(b, h, fleet(3))
    expect(r.nodes.every((n) => n.action === 'keep')).toBe(true)
    expect(r.rollout.strategy).toBe('OnDelete')
    expect(r.rollout.waves).toEqual([])
    expect(r.findings.find((f) => f.code === 'on-delete')?.message).toMatch(
      /no pod is replaced until something deletes it/
    )
  })

  it('duration per wave: grace period + pull + start + readiness + minReadySeconds', () => {
    const h = withContainer(bumped, {
      readinessProbe: {
        initialDelaySeconds: 10,
        periodSeconds: 5,
        successThreshold: 2
      }
    })
    h.spec!.minReadySeconds = 15
    h.spec!.template!.spec!.terminationGracePeriodSeconds = 60 // head's; the old pod uses base's (default 30)
    const r = simulateDaemonSet({
      base,
      head: h,
      snapshot: fleet(2),
      source,
      triggered: true,
      options: { pullSeconds: 7, startSeconds: 3 }
    })
    expect(r.rollout.durations).toEqual({
      terminateSeconds: 30,
      pullSeconds: 7,
      startSeconds: 3,
      readySeconds: 20,
      minReadySeconds: 15,
      waveSeconds: 75,
      newNodePullSeconds: 7,
      // No pod timestamps in this snapshot: the manifest and the options.
      from: {
        terminateSeconds: 'default',
        pullSeconds: 'option',
        startSeconds: 'option',
        readySeconds: 'manifest'
      }
    })
    expect(r.rollout.estimatedSeconds).toBe(150)
    expect(r.rollout.waves?.[1]).toMatchObject({ startsAtSeconds: 75 })
  })

  it('maxUnavailable resolves against desired nodes only (R3.1) and is flagged over 25% of the fleet', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '50%' }
    }
    const r = sim(base, h, fleet(5))
    expect(r.rollout.maxUnavailable).toBe(3)
    expect(
      r.findings.find((f) => f.code === 'max-unavailable-large')?.message
    ).toMatch(/3 of 5 desired nodes \(60%/)
  })

  it('a one-node-at-a-time rollout over many nodes is flagged as slow', () => {
    const r = sim(base, bumped, fleet(120))
    expect(r.rollout.waves).toHaveLength(120)
    expect(r.findings.find((f) => f.code === 'slow-rollout')?.message).toBe(
      'the rollout takes about 2h in 120 waves (maxUnavailable 1 of 120 nodes); consider a percentage'
    )
  })
})

describe('template risk findings', () => {
  it('no readiness probe, missing requests, no priorityClassName, :latest, privileged/hostPID/hostNetwork (info)', () => {
    const h: DaemonSet = daemonSet({
      priorityClassName: undefined,
      hostPID: true,
      hostNetwork: true,
      containers: [
        {
          name: 'agent',
          image: 'example.com/agent:latest',
          securityContext: { privileged: true }
        },
        {
          name: 'sidecar',
          image: 'busybox',
          resources: { requests: { cpu: '10m', memory: '10Mi' } }
        }
      ]
    })
    const r = sim(base, h, fleet(1))
    const sev = Object.fromEntries(r.findings.map((f) => [f.code, f.severity]))
    expect(sev).toMatchObject({
      'no-readiness-probe': 'warning',
      'missing-resource-requests': 'warning',
      'no-priority-class': 'warning',
      'privileged-container': 'info',
      'host-pid': 'info',
      'host-network': 'info'
    })
    // :latest is the diff's mutable-image-tag (one finding per problem).
    expect(r.findings.map((f) => f.code)).not.toContain(
      'image-latest-or-untagged'
    )
  })

  it('zero eligible nodes', () => {
    const r = sim(base, daemonSet({ nodeSelector: { pool: 'nope' } }), fleet(3))
    expect(r.findings.find((f) => f.code === 'no-eligible-nodes')).toBeDefined()
    expect(r.rollout.desired).toBe(0)
  })

  it('the strategy the API rejects is left to the diff (R3.6, example 4): no second finding', () => {
    const h = structuredClone(bumped)
    h.spec!.updateStrategy = { rollingUpdate: { maxSurge: 1 } }
    const r = sim(base, h, fleet(2))
    expect(r.findings.map((f) => f.code)).not.toContain(
      'update-strategy-rejected'
    )
    expect(r.rollout.notes).toContain(
      'The API server rejects this update strategy (R3.6, see the findings): the apply fails, so this rollout cannot happen until the strategy is fixed.'
    )
  })
})
