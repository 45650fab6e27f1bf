import {
  CoreV1Api,
  KubeConfig,
  Watch,
  ApiException
} from '@kubernetes/client-node'
import { afterEach, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { parseScenario } from '../../src/rehearsal/scenario.js'
import {
  daemonSet,
  dsStatus,
  isReady,
  labels,
  makeNodes,
  manualCluster,
  meta,
  nodeOf,
  run
} from './helpers.js'

type Obj = Record<string, unknown>
let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }

function containerState(pod: Obj): {
  reason?: string
  running: boolean
  restartCount: number
} {
  const cs =
    (((pod['status'] as Obj)['containerStatuses'] ?? []) as Obj[])[0] ?? {}
  const state = (cs['state'] ?? {}) as Obj
  return {
    reason: ((state['waiting'] ?? {}) as Obj)['reason'] as string | undefined,
    running: state['running'] !== undefined,
    restartCount: Number(cs['restartCount'] ?? 0)
  }
}

function podOn(c: RehearsalCluster, node: string): Obj {
  return c.objects
    .list('pods', 'default')
    .find(
      (p) => nodeOf(p) === node && meta(p)['deletionTimestamp'] === undefined
    )!
}

describe('rehearsal scenario faults', () => {
  it('image faults by glob and node selector (R7.4 waiting reasons)', async () => {
    const snap = makeNodes(['a', 'b'])
    ;((snap['nodes'] as Obj[])[1]!['labels'] as Obj)['pool'] = 'gpu'
    const c = (cluster = await manualCluster(snap, {
      defaults: { pullSeconds: 2, startSeconds: 1 },
      faults: [
        { image: '*:bad-*', effect: 'ImagePullBackOff', nodes: 'pool=gpu' }
      ]
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('agent', 'example/agent:bad-1', ROLLING)
    )
    run(c, 2, 500)
    expect(containerState(podOn(c, 'b')).reason).toBe('ContainerCreating')
    run(c, 4, 500)
    expect(containerState(podOn(c, 'b')).reason).toBe('ErrImagePull')
    run(c, 4, 500)
    expect(containerState(podOn(c, 'b')).reason).toBe('ImagePullBackOff')
    expect((podOn(c, 'b')['status'] as Obj)['phase']).toBe('Pending')
    expect(containerState(podOn(c, 'a')).running).toBe(true)
    expect(isReady(podOn(c, 'a'))).toBe(true)
    expect(
      c.objects
        .list('events', 'default')
        .some(
          (e) =>
            e['reason'] === 'Failed' &&
            String(e['message']).startsWith(
              'Failed to pull image "example/agent:bad-1"'
            )
        )
    ).toBe(true)
  })

  it('CrashLoopBackOff, ReadyThenCrash and NeverReady', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a']), {
      defaults: { pullSeconds: 1, startSeconds: 1 },
      faults: [
        { image: '*:crash', effect: 'CrashLoopBackOff' },
        { image: '*:late', effect: 'ReadyThenCrash', afterSeconds: 20 },
        { image: '*:never', effect: 'NeverReady' }
      ]
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('crash', 'x:crash', ROLLING)
    )
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('late', 'x:late', ROLLING)
    )
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('never', 'x:never', ROLLING)
    )
    const pod = (app: string) =>
      c.objects.list('pods', 'default').find((p) => labels(p)['app'] === app)!
    run(c, 10, 1000)
    expect(isReady(pod('late'))).toBe(true)
    expect(containerState(pod('never')).running).toBe(true)
    expect(isReady(pod('never'))).toBe(false)
    expect((pod('never')['status'] as Obj)['phase']).toBe('Running')
    run(c, 60, 1000)
    const crash = containerState(pod('crash'))
    expect(crash.restartCount).toBeGreaterThanOrEqual(3)
    const late = containerState(pod('late'))
    expect(late.restartCount).toBeGreaterThanOrEqual(1)
    expect(isReady(pod('late'))).toBe(false)
    expect(isReady(pod('never'))).toBe(false)
  })

  it('CreateContainerConfigError for a missing ConfigMap key; FailedMount for a missing volume source', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a']), {
      defaults: { pullSeconds: 1, startSeconds: 1 }
    }))
    c.objects.create('configmaps', 'default', {
      metadata: { name: 'cfg' },
      data: { other: 'x' }
    })
    const ds = daemonSet('env', 'x:1', ROLLING)
    const tpl = (((ds['spec'] as Obj)['template'] as Obj)['spec'] as Obj)[
      'containers'
    ] as Obj[]
    tpl[0]!['env'] = [
      {
        name: 'LEVEL',
        valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } }
      }
    ]
    c.objects.create('apps/daemonsets', 'default', ds)
    run(c, 10, 1000)
    const pod = c.objects.list('pods', 'default')[0]!
    const cs = (
      ((pod['status'] as Obj)['containerStatuses'] as Obj[])[0]!['state'] as Obj
    )['waiting'] as Obj
    expect(cs).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key level in ConfigMap default/cfg"
    })
  })

  it('node NotReady fault: condition, not-ready taints, pods not Ready', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a', 'b']), {
      defaults: { pullSeconds: 1, startSeconds: 1 },
      faults: [{ node: 'b', effect: 'NotReady', afterSeconds: 30 }]
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('agent', 'x:1', ROLLING)
    )
    run(c, 20, 1000)
    expect(isReady(podOn(c, 'b'))).toBe(true)
    run(c, 15, 1000)
    const node = c.objects.get('nodes', '', 'b')!
    const ready = ((node['status'] as Obj)['conditions'] as Obj[]).find(
      (x) => x['type'] === 'Ready'
    )!
    expect(ready['status']).toBe('False')
    expect(
      ((node['spec'] as Obj)['taints'] as Obj[]).map(
        (t) => `${String(t['key'])}:${String(t['effect'])}`
      )
    ).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute'
    ])
    expect(isReady(podOn(c, 'b'))).toBe(false)
    expect(dsStatus(c, 'agent')['numberMisscheduled']).toBe(1)
  })

  it('changes while running: a node joins, a NoExecute taint is added, a node leaves', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a', 'b']), {
      defaults: { pullSeconds: 1, startSeconds: 1 },
      changes: [
        {
          atSeconds: 20,
          addNode: { metadata: { name: 'c', labels: { pool: 'new' } } }
        },
        {
          atSeconds: 40,
          taint: {
            node: 'a',
            key: 'maintenance',
            value: 'now',
            effect: 'NoExecute'
          }
        },
        { atSeconds: 60, removeNode: 'b' }
      ]
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('agent', 'x:1', ROLLING)
    )
    run(c, 15, 1000)
    expect(dsStatus(c, 'agent')['desiredNumberScheduled']).toBe(2)
    run(c, 15, 1000)
    expect(dsStatus(c, 'agent')['numberAvailable']).toBe(3)
    run(c, 40, 1000)
    const nodes = c.objects.list('pods', 'default').map(nodeOf).sort()
    expect(nodes).toEqual(['c'])
    expect(dsStatus(c, 'agent')['desiredNumberScheduled']).toBe(1)
  })

  it('seeds from a kubectl List with DaemonSets and pods at the current revision', async () => {
    const list = JSON.parse(
      await readFile(
        new URL('../fixtures/rehearsal/kubectl-list.json', import.meta.url),
        'utf8'
      )
    ) as Obj
    const c = (cluster = await manualCluster(list, {
      defaults: { pullSeconds: 1, startSeconds: 1 }
    }))
    run(c, 5, 1000)
    const pods = c.objects.list('pods', 'monitoring')
    expect(pods.map((p) => meta(p)['name']).sort()).toEqual([
      'node-exporter-ax7k2',
      'node-exporter-bx7k2'
    ])
    expect(pods.every(isReady)).toBe(true)
    const ds = c.objects.get('apps/daemonsets', 'monitoring', 'node-exporter')!
    expect((ds['status'] as Obj)['updatedNumberScheduled']).toBe(2)
    const revs = c.objects.list('apps/controllerrevisions', 'monitoring')
    expect(revs.map((r) => meta(r)['name'])).toEqual([
      'node-exporter-6d9f8b7c5'
    ])
  })

  it('ErrImagePull and CreateContainerConfigError as injected effects (R7.4 waiting reasons)', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a']), {
      defaults: { pullSeconds: 2, startSeconds: 1 },
      faults: [
        { image: '*:missing', effect: 'ErrImagePull' },
        { image: 'cfg/*', effect: 'CreateContainerConfigError' }
      ]
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('pull', 'x:missing', ROLLING)
    )
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('conf', 'cfg/agent:1', ROLLING)
    )
    const pod = (app: string) =>
      c.objects.list('pods', 'default').find((p) => labels(p)['app'] === app)!
    run(c, 60, 1000)
    // ErrImagePull stays ErrImagePull (no back-off reason), phase Pending.
    expect(containerState(pod('pull'))).toEqual({
      reason: 'ErrImagePull',
      running: false,
      restartCount: 0
    })
    expect((pod('pull')['status'] as Obj)['phase']).toBe('Pending')
    expect(containerState(pod('conf')).reason).toBe(
      'CreateContainerConfigError'
    )
    expect(isReady(pod('pull'))).toBe(false)
    expect(isReady(pod('conf'))).toBe(false)
    expect(dsStatus(c, 'pull')['numberUnavailable']).toBe(1)
    expect(dsStatus(c, 'conf')['numberUnavailable']).toBe(1)
  })

  it('NotReady by node selector for forSeconds, then Ready again; scenario untaint and nodeReady changes', async () => {
    const snap = makeNodes(['a', 'b', 'c'])
    ;((snap['nodes'] as Obj[])[0]!['labels'] as Obj)['zone'] = 'z1'
    ;((snap['nodes'] as Obj[])[1]!['labels'] as Obj)['zone'] = 'z1'
    const c = (cluster = await manualCluster(snap, {
      defaults: { pullSeconds: 1, startSeconds: 1 },
      faults: [
        {
          nodes: 'zone=z1',
          effect: 'NotReady',
          afterSeconds: 10,
          forSeconds: 20
        }
      ],
      changes: [
        {
          atSeconds: 5,
          taint: { node: 'c', key: 'maintenance', effect: 'NoSchedule' }
        },
        { atSeconds: 15, untaint: { node: 'c', key: 'maintenance' } },
        { atSeconds: 40, nodeReady: { node: 'c', ready: false } }
      ]
    }))
    const readyOf = (name: string) =>
      (
        ((c.objects.get('nodes', '', name)!['status'] as Obj)[
          'conditions'
        ] as Obj[]) ?? []
      ).find((x) => x['type'] === 'Ready')?.['status']
    const taintKeys = (name: string) =>
      (
        ((c.objects.get('nodes', '', name)!['spec'] as Obj)['taints'] ??
          []) as Obj[]
      ).map((t) => `${String(t['key'])}:${String(t['effect'])}`)
    run(c, 12, 1000) // t = 12 s
    expect([readyOf('a'), readyOf('b'), readyOf('c')]).toEqual([
      'False',
      'False',
      'True'
    ])
    expect(taintKeys('c')).toEqual(['maintenance:NoSchedule'])
    run(c, 6, 1000) // t = 18 s
    expect(taintKeys('c')).toEqual([])
    run(c, 15, 1000) // t = 33 s: 20 s after the fault began
    expect([readyOf('a'), readyOf('b')]).toEqual(['True', 'True'])
    expect(taintKeys('a')).toEqual([])
    run(c, 10, 1000) // t = 43 s
    expect(readyOf('c')).toBe('False')
    expect(taintKeys('c')).toContain('node.kubernetes.io/not-ready:NoExecute')
  })

  it('rejects unknown scenario keys and effects', () => {
    expect(() => parseScenario({ fault: [] })).toThrow(
      "scenario: unknown key 'fault'"
    )
    expect(() =>
      parseScenario({ faults: [{ image: '*', effect: 'Boom' }] })
    ).toThrow('faults[0].effect: must be one of')
    expect(() =>
      parseScenario({ faults: [{ api: { effect: 'status', code: 404 } }] })
    ).toThrow('faults[0].api.code: must be 500, 503 or 429')
  })
})

describe('rehearsal API faults (wall-clock)', () => {
  it('500 and 429 bursts, then normal answers', async () => {
    const c = (cluster = await startRehearsalCluster({
      snapshot: makeNodes(['a']),
      scenario: {
        faults: [
          {
            api: {
              verb: 'list',
              resource: 'nodes',
              effect: 'status',
              code: 500,
              burst: 2
            }
          },
          {
            api: {
              verb: 'get',
              resource: 'nodes',
              effect: 'status',
              code: 429,
              burst: 1
            }
          }
        ]
      }
    }))
    const kc = new KubeConfig()
    kc.loadFromString(c.kubeconfig)
    const core = kc.makeApiClient(CoreV1Api)
    for (let i = 0; i < 2; i++) {
      const e = await core.listNode().catch((x: unknown) => x)
      expect((e as ApiException<string>).code).toBe(500)
      expect(JSON.parse((e as ApiException<string>).body)).toMatchObject({
        reason: 'InternalError',
        code: 500
      })
    }
    expect((await core.listNode()).items).toHaveLength(1)
    const tooMany = await core.readNode({ name: 'a' }).catch((x: unknown) => x)
    expect((tooMany as ApiException<string>).code).toBe(429)
    expect((tooMany as ApiException<string>).headers['retry-after']).toBe('1')
    expect((await core.readNode({ name: 'a' })).metadata?.name).toBe('a')
  })

  it('503 once per everySeconds window, after afterSeconds; slow delays answers by delayMs', async () => {
    const c = (cluster = await startRehearsalCluster({
      snapshot: makeNodes(['a']),
      scenario: {
        faults: [
          {
            api: {
              verb: 'list',
              resource: 'nodes',
              effect: 'status',
              code: 503,
              burst: 1,
              everySeconds: 2,
              afterSeconds: 1
            }
          },
          {
            api: {
              verb: 'get',
              resource: 'namespaces',
              effect: 'slow',
              delayMs: 1000
            }
          }
        ]
      }
    }))
    const kc = new KubeConfig()
    kc.loadFromString(c.kubeconfig)
    const core = kc.makeApiClient(CoreV1Api)
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: unknown) => (e as ApiException<string>).code
      )
    // Before afterSeconds: normal answers.
    expect(await code(core.listNode())).toBe(200)
    await new Promise((r) => setTimeout(r, 1200))
    const failed = await core.listNode().catch((e: unknown) => e)
    expect((failed as ApiException<string>).code).toBe(503)
    expect(JSON.parse((failed as ApiException<string>).body)).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      code: 503
    })
    // burst 1: the next request in the same window passes ...
    expect(await code(core.listNode())).toBe(200)
    // ... and the next window fails once more.
    await new Promise((r) => setTimeout(r, 2000))
    expect(await code(core.listNode())).toBe(503)
    expect(await code(core.listNode())).toBe(200)

    const started = Date.now()
    expect((await core.readNamespace({ name: 'default' })).metadata?.name).toBe(
      'default'
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(980)
    const quick = Date.now()
    await core.listNamespace()
    expect(Date.now() - quick).toBeLessThan(800)
  })

  it('cuts pod watches every N seconds', async () => {
    const c = (cluster = await startRehearsalCluster({
      snapshot: makeNodes(['a']),
      scenario: {
        faults: [
          {
            api: {
              verb: 'watch',
              resource: 'pods',
              effect: 'disconnect',
              everySeconds: 0.3
            }
          }
        ]
      }
    }))
    const kc = new KubeConfig()
    kc.loadFromString(c.kubeconfig)
    const started = Date.now()
    const ended = await new Promise<number>((resolve) => {
      void new Watch(kc).watch(
        '/api/v1/pods',
        {},
        () => {},
        () => resolve(Date.now())
      )
    })
    expect(ended - started).toBeGreaterThanOrEqual(250)
    expect(ended - started).toBeLessThan(3000)
  })
})

describe('docs/rehearsal.md', () => {
  it('the documented scenario example parses', async () => {
    const { parse } = await import('yaml')
    const doc = await readFile(
      new URL('../../docs/rehearsal.md', import.meta.url),
      'utf8'
    )
    const block = /## Scenario file\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(block).toBeDefined()
    const scenario = parseScenario(parse(block!, { version: '1.1' }))
    expect(scenario.imageFaults.map((f) => f.effect)).toEqual([
      'ImagePullBackOff',
      'ReadyThenCrash'
    ])
    expect(scenario.nodeFaults).toHaveLength(1)
    expect(scenario.apiFaults.map((f) => f.effect)).toEqual([
      'disconnect',
      'status',
      'status',
      'slow'
    ])
    expect(scenario.changes.map((c) => c.kind)).toEqual([
      'addNode',
      'taint',
      'untaint',
      'ready',
      'removeNode'
    ])
  })
})

describe('rehearsal scheduler and kubelet timing', () => {
  it('R1.18: a pod that does not fit stays Pending with the scheduler message', async () => {
    const snap = makeNodes(['small'], {
      allocatable: {
        cpu: '1',
        memory: '256Mi',
        pods: '110',
        'nvidia.com/gpu': '0'
      },
      requested: { memory: '200Mi' }
    })
    const c = (cluster = await manualCluster(snap, {
      defaults: { pullSeconds: 1, startSeconds: 1 }
    }))
    const ds = daemonSet('big', 'x:1', ROLLING)
    const containers = (
      ((ds['spec'] as Obj)['template'] as Obj)['spec'] as Obj
    )['containers'] as Obj[]
    containers[0]!['resources'] = {
      requests: { memory: '128Mi', 'nvidia.com/gpu': '1' },
      limits: { 'nvidia.com/gpu': '1' }
    }
    c.objects.create('apps/daemonsets', 'default', ds)
    run(c, 4, 500)
    const pod = c.objects.list('pods', 'default')[0]!
    const cond = (((pod['status'] as Obj)['conditions'] as Obj[]) ?? []).find(
      (x) => x['type'] === 'PodScheduled'
    )!
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' })
    expect(cond['message']).toBe(
      '0/1 nodes are available: 1 Insufficient memory, 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'
    )
    const s = dsStatus(c, 'big')
    expect([
      s['desiredNumberScheduled'],
      s['currentNumberScheduled'],
      s['numberAvailable'] ?? 0
    ]).toEqual([1, 1, 0])
  })

  // R3.7: Ready is the pod's Ready condition turning True.
  it('readiness follows the probe: Ready after pull + start + initialDelaySeconds; minReadySeconds delays availability (R3.8)', async () => {
    const c = (cluster = await manualCluster(makeNodes(['a']), {
      defaults: { pullSeconds: 2, startSeconds: 1 }
    }))
    const ds = daemonSet('probe', 'x:1', ROLLING, { minReadySeconds: 10 })
    const containers = (
      ((ds['spec'] as Obj)['template'] as Obj)['spec'] as Obj
    )['containers'] as Obj[]
    containers[0]!['readinessProbe'] = {
      httpGet: { path: '/healthz', port: 8080 },
      initialDelaySeconds: 5
    }
    c.objects.create('apps/daemonsets', 'default', ds)
    const readyAt: number[] = []
    const availableAt: number[] = []
    const t0 = c.now()
    run(c, 100, 250, () => {
      const s = dsStatus(c, 'probe')
      if ((s['numberReady'] ?? 0) === 1 && readyAt.length === 0)
        readyAt.push(c.now() - t0)
      if ((s['numberAvailable'] ?? 0) === 1 && availableAt.length === 0)
        availableAt.push(c.now() - t0)
    })
    // created in the first pass, bound in the next; pull 2 s + start 1 s + probe delay 5 s
    expect(readyAt[0]).toBeGreaterThanOrEqual(8000)
    expect(readyAt[0]).toBeLessThanOrEqual(9500)
    expect(availableAt[0]! - readyAt[0]!).toBeGreaterThanOrEqual(9000)
    expect(availableAt[0]! - readyAt[0]!).toBeLessThanOrEqual(11000)
  })
})
