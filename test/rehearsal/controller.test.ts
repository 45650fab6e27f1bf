import { afterEach, describe, expect, it } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import {
  currentHash,
  daemonSet,
  dsStatus,
  FAST,
  isReady,
  labels,
  makeNodes,
  manualCluster,
  meta,
  nodeOf,
  run
} from './helpers.js'

let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const ROLLING = (
  maxUnavailable: number | string,
  maxSurge: number | string = 0
) => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } })

function pods(c: RehearsalCluster, app: string) {
  return c.objects
    .list('pods', 'default')
    .filter((p) => labels(p)['app'] === app)
}

async function rolledOut(
  nodeCount: number,
  strategy: Record<string, unknown>,
  scenario: Record<string, unknown> = FAST,
  extra = {}
) {
  const names = Array.from({ length: nodeCount }, (_, i) => `node-${i + 1}`)
  const c = await manualCluster(makeNodes(names), scenario)
  cluster = c
  c.objects.create(
    'apps/daemonsets',
    'default',
    daemonSet('agent', 'example/agent:1', strategy, extra)
  )
  run(c, 20)
  const s = dsStatus(c, 'agent')
  expect(s['numberAvailable']).toBe(nodeCount)
  return c
}

/** A JSON merge patch replaces the whole containers list, so pass every container field. */
function changeImage(
  c: RehearsalCluster,
  image: string,
  container: object = {}
) {
  c.objects.patch('apps/daemonsets', 'default', 'agent', {
    spec: {
      template: {
        spec: { containers: [{ name: 'agent', image, ...container }] }
      }
    }
  })
}

describe('DaemonSet controller (reference worked examples)', () => {
  it('example 14 / R3.9-R3.10: maxUnavailable 2 over 5 nodes replaces pods in 3 waves', async () => {
    const c = await rolledOut(5, ROLLING(2))
    const oldHash = currentHash(c, 'agent')
    changeImage(c, 'example/agent:2')
    const waves: string[][] = []
    const seen = new Set<string>()
    let maxUnavailable = 0
    run(c, 80, 500, () => {
      const all = pods(c, 'agent')
      const fresh = all.filter(
        (p) =>
          labels(p)['controller-revision-hash'] === oldHash &&
          meta(p)['deletionTimestamp'] !== undefined &&
          !seen.has(String(meta(p)['name']))
      )
      if (fresh.length > 0) waves.push(fresh.map((p) => nodeOf(p)))
      for (const p of fresh) seen.add(String(meta(p)['name']))
      maxUnavailable = Math.max(
        maxUnavailable,
        5 - (dsStatus(c, 'agent')['numberAvailable'] ?? 0)
      )
    })
    expect(waves.map((w) => w.length)).toEqual([2, 2, 1])
    expect(new Set(waves.flat()).size).toBe(5)
    expect(maxUnavailable).toBe(2)
    const s = dsStatus(c, 'agent')
    expect(s['updatedNumberScheduled']).toBe(5)
    expect(s['numberAvailable']).toBe(5)
    expect(
      pods(c, 'agent').every(
        (p) => labels(p)['controller-revision-hash'] !== oldHash
      )
    ).toBe(true)
  })

  // R2.2: with surge, manage deletes the old pod only once the new one is
  // Available; R5.1: status reads each node's oldest pod, so the node counts
  // as not updated until the old pod is gone.
  it('example 15 / R3.11-R3.13, R5.3: surge rollout never removes an old pod before its new pod is available', async () => {
    const c = await rolledOut(
      3,
      ROLLING(0, 1),
      { defaults: { pullSeconds: 1, startSeconds: 1, stopSeconds: 1 } },
      { minReadySeconds: 5 }
    )
    changeImage(c, 'example/agent:2')
    let maxInFlight = 0
    let sawBothOnNode = false
    run(c, 120, 500, () => {
      const hash = currentHash(c, 'agent')
      const now = c.now()
      const all = pods(c, 'agent')
      const available = (p: Record<string, unknown>) => {
        const cond = (
          (p['status'] as Record<string, unknown>)['conditions'] as
            Record<string, unknown>[] | undefined
        )?.find((x) => x['type'] === 'Ready')
        return (
          cond?.['status'] === 'True' &&
          Date.parse(String(cond['lastTransitionTime'])) + 5000 <= now
        )
      }
      const inFlight = all.filter(
        (p) => labels(p)['controller-revision-hash'] === hash && !available(p)
      ).length
      maxInFlight = Math.max(maxInFlight, inFlight)
      for (const node of ['node-1', 'node-2', 'node-3']) {
        const onNode = all.filter(
          (p) =>
            nodeOf(p) === node ||
            JSON.stringify(p['spec']).includes(`"values":["${node}"]`)
        )
        const live = onNode.filter(
          (p) => meta(p)['deletionTimestamp'] === undefined
        )
        // R3.13: a node never loses its last pod before a replacement is available
        const deletingOld = onNode.filter(
          (p) =>
            meta(p)['deletionTimestamp'] !== undefined &&
            labels(p)['controller-revision-hash'] !== hash
        )
        if (deletingOld.length > 0)
          expect(
            live.some(
              (p) =>
                labels(p)['controller-revision-hash'] === hash && available(p)
            )
          ).toBe(true)
        if (live.length === 2) {
          sawBothOnNode = true
          // R5.3: while the old pod is there the node is not counted as updated
          const s = dsStatus(c, 'agent')
          const nodesFullyNew = ['node-1', 'node-2', 'node-3'].filter((n) => {
            const ps = all.filter((p) => nodeOf(p) === n)
            return (
              ps.length > 0 &&
              ps.every((p) => labels(p)['controller-revision-hash'] === hash)
            )
          }).length
          expect(s['updatedNumberScheduled'] ?? 0).toBeLessThanOrEqual(
            nodesFullyNew
          )
        }
      }
    })
    expect(sawBothOnNode).toBe(true)
    expect(maxInFlight).toBe(1)
    const s = dsStatus(c, 'agent')
    expect([
      s['updatedNumberScheduled'],
      s['numberAvailable'],
      s['desiredNumberScheduled']
    ]).toEqual([3, 3, 3])
  })

  // R7.7: the controller neither fails nor rolls back the rollout: the crash
  // shows only as CrashLoopBackOff and a rising restart count.
  it('R3.10: a crash-looping new pod stops a maxUnavailable 1 rollout', async () => {
    const c = await rolledOut(5, ROLLING(1), {
      ...FAST,
      faults: [{ image: '*:crash', effect: 'CrashLoopBackOff' }]
    })
    changeImage(c, 'example/agent:crash')
    run(c, 200)
    const all = pods(c, 'agent')
    const hash = currentHash(c, 'agent')
    const fresh = all.filter(
      (p) => labels(p)['controller-revision-hash'] === hash
    )
    expect(fresh).toHaveLength(1)
    const cs = (
      (fresh[0]!['status'] as Record<string, unknown>)[
        'containerStatuses'
      ] as Record<string, Record<string, Record<string, unknown>>>[]
    )[0]!
    expect(cs['state']!['waiting']?.['reason']).toBe('CrashLoopBackOff')
    expect(Number(cs['restartCount'])).toBeGreaterThan(1)
    expect(
      all.filter(
        (p) => labels(p)['controller-revision-hash'] !== hash && isReady(p)
      )
    ).toHaveLength(4)
    const s = dsStatus(c, 'agent')
    expect(s['updatedNumberScheduled']).toBe(1)
    expect(s['numberAvailable']).toBe(4)
    expect(s['numberUnavailable']).toBe(1)
  })

  it('example 16 / R3.15: hostPort with maxSurge deadlocks with the scheduler message', async () => {
    const ports = [{ containerPort: 8080, hostPort: 8080 }]
    const c = await rolledOut(3, ROLLING(0, 1), FAST, { ports })
    changeImage(c, 'example/agent:2', { ports })
    run(c, 100)
    const hash = currentHash(c, 'agent')
    const all = pods(c, 'agent')
    const fresh = all.filter(
      (p) => labels(p)['controller-revision-hash'] === hash
    )
    expect(fresh).toHaveLength(1)
    expect(nodeOf(fresh[0]!)).toBe('')
    const cond = (
      (fresh[0]!['status'] as Record<string, unknown>)['conditions'] as Record<
        string,
        unknown
      >[]
    ).find((x) => x['type'] === 'PodScheduled')!
    expect(cond['status']).toBe('False')
    expect(cond['reason']).toBe('Unschedulable')
    expect(String(cond['message'])).toMatch(
      /^0\/3 nodes are available: 1 node\(s\) didn't have free ports for the requested pod ports, 2 node\(s\) didn't match Pod's node affinity\/selector\./
    )
    expect(
      all.filter(
        (p) =>
          labels(p)['controller-revision-hash'] !== hash &&
          meta(p)['deletionTimestamp'] === undefined
      )
    ).toHaveLength(3)
    const events = c.objects
      .list('events', 'default')
      .filter((e) => e['reason'] === 'FailedScheduling')
    expect(events.length).toBeGreaterThan(0)
  })

  it('R2.1/R1.5: a NoExecute taint removes the pod, a NoSchedule taint keeps it as misscheduled', async () => {
    const c = await rolledOut(3, ROLLING(1))
    c.setNodeTaints('node-1', [
      { key: 'dedicated', value: 'x', effect: 'NoSchedule' }
    ])
    c.setNodeTaints('node-2', [
      { key: 'maintenance', value: 'true', effect: 'NoExecute' }
    ])
    run(c, 10)
    const all = pods(c, 'agent').filter(
      (p) => meta(p)['deletionTimestamp'] === undefined
    )
    expect(all.map(nodeOf).sort()).toEqual(['node-1', 'node-3'])
    const s = dsStatus(c, 'agent')
    expect([
      s['desiredNumberScheduled'],
      s['numberMisscheduled'],
      s['currentNumberScheduled']
    ]).toEqual([1, 1, 1])
  })

  it('R4.1/R4.3 (example 19): a strategy-only change bumps generation but makes no revision', async () => {
    const c = await rolledOut(2, ROLLING(1))
    const before = c.objects.get('apps/daemonsets', 'default', 'agent')!
    c.objects.patch('apps/daemonsets', 'default', 'agent', {
      spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 2 } } }
    })
    run(c, 4)
    const after = c.objects.get('apps/daemonsets', 'default', 'agent')!
    expect(meta(after)['generation']).toBe(
      Number(meta(before)['generation']) + 1
    )
    expect(
      (meta(after)['annotations'] as Record<string, string>)[
        'deprecated.daemonset.template.generation'
      ]
    ).toBe('1')
    expect(c.objects.list('apps/controllerrevisions', 'default')).toHaveLength(
      1
    )
    expect(
      (after['status'] as Record<string, unknown>)['observedGeneration']
    ).toBe(meta(after)['generation'])
  })

  it('R4.7 (example 20): revisionHistoryLimit 0 deletes the unused old revision', async () => {
    const c = await rolledOut(2, ROLLING(1))
    c.objects.patch('apps/daemonsets', 'default', 'agent', {
      spec: { revisionHistoryLimit: 0 }
    })
    changeImage(c, 'example/agent:2')
    run(c, 2)
    expect(c.objects.list('apps/controllerrevisions', 'default')).toHaveLength(
      2
    )
    run(c, 60)
    expect(c.objects.list('apps/controllerrevisions', 'default')).toHaveLength(
      1
    )
  })

  it('R3.14: OnDelete replaces nothing until a pod is deleted', async () => {
    const c = await rolledOut(2, { type: 'OnDelete' })
    const old = currentHash(c, 'agent')
    changeImage(c, 'example/agent:2')
    run(c, 20)
    expect(
      pods(c, 'agent').every(
        (p) => labels(p)['controller-revision-hash'] === old
      )
    ).toBe(true)
    const victim = pods(c, 'agent')[0]!
    c.objects.delete('pods', 'default', String(meta(victim)['name']))
    run(c, 20)
    const hashes = pods(c, 'agent').map(
      (p) => labels(p)['controller-revision-hash']
    )
    expect(hashes.filter((h) => h !== old)).toHaveLength(1)
  })
})

describe('seeding from a compact snapshot', () => {
  it('R3.9/R3.10: a pod recorded not Ready stays not Ready and is the first one replaced', async () => {
    const template = {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'agent', image: 'example/agent:1' }] }
    }
    const snapshot = makeNodes(['n1', 'n2', 'n3'])
    ;(snapshot['nodes'] as Record<string, unknown>[]).forEach((n, i) => {
      n['daemonPods'] = [
        {
          name: `agent-p${i}`,
          namespace: 'default',
          daemonSet: 'agent',
          revisionHash: 'abc123',
          phase: 'Running',
          ready: i !== 0,
          requests: {},
          hostPorts: []
        }
      ]
    })
    snapshot['daemonSets'] = [
      {
        namespace: 'default',
        name: 'agent',
        currentRevisionHash: 'abc123',
        template,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1 }
        }
      }
    ]
    const c = (cluster = await manualCluster(snapshot, FAST))
    run(c, 4)
    let s = dsStatus(c, 'agent')
    expect([
      s['desiredNumberScheduled'],
      s['numberReady'],
      s['updatedNumberScheduled']
    ]).toEqual([3, 2, 3])
    expect(
      c.objects
        .list('apps/controllerrevisions', 'default')
        .map((r) => meta(r)['name'])
    ).toEqual(['agent-abc123'])
    changeImage(c, 'example/agent:2')
    run(c, 1)
    const deleting = pods(c, 'agent')
      .filter((p) => meta(p)['deletionTimestamp'] !== undefined)
      .map((p) => String(meta(p)['name']))
    // the broken old pod is replaced first and counts as the one unavailable unit (R3.9)
    expect(deleting).toEqual(['agent-p0'])
    run(c, 60)
    s = dsStatus(c, 'agent')
    expect([s['updatedNumberScheduled'], s['numberAvailable']]).toEqual([3, 3])
  })
})
