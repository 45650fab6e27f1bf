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
