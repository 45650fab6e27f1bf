import { afterEach, describe, expect, it } from 'vitest'
import { loadKubeConfig } from '../../src/adapters/kube/kubeconfig.js'
import { KubeClient } from '../../src/adapters/kube/client.js'
import { snapshotFromCluster } from '../../src/core/snapshot/from-cluster.js'
import type { DaemonSet, Node, Pod } from '../../src/core/k8s/types.js'
import { ClusterView } from '../../src/service/view/cluster-view.js'
import { FakeKubeApi, node, pod } from './fake-kube-api.js'

let api: FakeKubeApi | undefined
let view: ClusterView | undefined

afterEach(async () => {
  await view?.stop()
  await api?.close()
  view = undefined
  api = undefined
})

async function until(
  check: () => boolean,
  what: string,
  ms = 5000
): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function startView(
  fill: (api: FakeKubeApi) => void,
  pageSize = 500
): Promise<{ api: FakeKubeApi; view: ClusterView }> {
  api = new FakeKubeApi()
  fill(api)
  const url = await api.listen()
  const kc = loadKubeConfig({ content: api.kubeconfig(url) })
  view = new ClusterView({
    client: new KubeClient(kc),
    minRebuildMs: 0,
    reflector: { pageSize, backoffInitialMs: 20, backoffMaxMs: 100 }
  })
  expect(view.ready()).toBe(false)
  view.start()
  await view.waitForSync()
  return { api, view }
}

function nodeOf(v: ClusterView, name: string) {
  return v.snapshot(Date.now())?.nodes.find((n) => n.name === name)
}

describe('cluster view (list+watch)', () => {
  it('is ready after the first full list and holds only what the simulation needs', async () => {
    const { view } = await startView((api) => {
      api.upsert('nodes', node('n1'))
      api.upsert('pods', pod('web-1', 'n1', { cpu: '250m' }))
      api.upsert(
        'pods',
        pod('agent-1', 'n1', { daemonSet: 'agent', hash: 'abc123' })
      )
      api.upsert('pods', pod('job-1', 'n1', { phase: 'Succeeded' }))
    })
    expect(view.ready()).toBe(true)
    expect(view.counts()).toEqual({ nodes: 1, pods: 2 }) // the finished job is not kept
    const snap = view.snapshot(Date.now())
    expect(snap?.kind).toBe('DsRolloutSnapshot')
    const n1 = nodeOf(view, 'n1')
    expect(
      n1?.daemonPods.map((p) => [p.name, p.daemonSet, p.revisionHash])
    ).toEqual([['agent-1', 'agent', 'abc123']])
    expect(n1?.podCount).toBe(1)
    // Nothing beyond the simulation's needs is held: no images, env values, annotations.
    const held = JSON.stringify(view)
    expect(held).not.toContain('some-image')
    expect(held).not.toContain('hunter2')
    expect(held).not.toContain('x'.repeat(100))
    expect(held).not.toContain('kubelet is posting')
  })

  it('slimming loses nothing the snapshot needs: same snapshot as from the full objects', async () => {
    const nodes = [
      node('n1', {
        spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }
      }),
      node('n2', { spec: { unschedulable: true } })
    ]
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'agent',
        namespace: 'kube-system',
        uid: 'ds-uid',
        generation: 4,
        annotations: { 'deprecated.daemonset.template.generation': '4' },
        managedFields: [{ manager: 'kubectl' }]
      },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 }
        },
        minReadySeconds: 5,
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'a:1' }] }
        }
      },
      status: {
        desiredNumberScheduled: 2,
        numberReady: 1,
        updatedNumberScheduled: 1
      }
    }
    const withSidecar = pod('web-sidecar', 'n1', { cpu: '300m' })
    ;(withSidecar['spec'] as Record<string, unknown>)['initContainers'] = [
      { name: 'init', image: 'i', resources: { requests: { cpu: '2' } } },
      {
        name: 'proxy',
        image: 'p',
        restartPolicy: 'Always',
        resources: { limits: { cpu: '200m', memory: '32Mi' } }
      }
    ]
    ;(withSidecar['spec'] as Record<string, unknown>)['overhead'] = {
      cpu: '10m'
    }
    const current = pod('agent-n1', 'n1', { daemonSet: 'agent', hash: 'h4' })
    ;(current['metadata'] as { labels: Record<string, string> }).labels[
      'pod-template-generation'
    ] = '4'
    const unbound = pod('agent-n2', 'n2', {
      daemonSet: 'agent',
      hash: 'h4',
      phase: 'Pending'
    })
    const unboundSpec = unbound['spec'] as Record<string, unknown>
    delete unboundSpec['nodeName']
    unboundSpec['affinity'] = {
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
    const hostNet = pod('flannel-like', 'n2', { cpu: '50m' })
    const hostNetSpec = hostNet['spec'] as {
      hostNetwork?: boolean
      containers: { ports?: unknown[] }[]
    }
    hostNetSpec.hostNetwork = true
    if (hostNetSpec.containers[0] !== undefined)
      hostNetSpec.containers[0].ports = [
        { containerPort: 8472, protocol: 'UDP' }
      ]
    const pods = [
      hostNet,
      withSidecar,
      pod('web-2', 'n2', { cpu: '1500m' }),
      current,
      unbound,
      pod('done', 'n1', { phase: 'Failed' }),
      pod('old-agent', 'n1', {
        daemonSet: 'agent',
        hash: 'h3',
        phase: 'Succeeded'
      })
    ]
    const { view } = await startView((api) => {
      for (const n of nodes) api.upsert('nodes', n)
      for (const p of pods) api.upsert('pods', p)
      api.upsert('daemonsets', ds)
    })
    const live = view.snapshot(Date.now())
    const strip = (o: unknown): unknown =>
      JSON.parse(
        JSON.stringify(o, (k, v) =>
          k === 'resourceVersion' || k === 'recordedAt' || k === 'cluster'
            ? undefined
            : v
        )
      )
    const full = snapshotFromCluster({
      nodes: nodes as Node[],
      pods: pods as Pod[],
      daemonSets: [ds as unknown as DaemonSet]
    })
    // Only the fake server's resourceVersions and the recording time differ.
    expect(strip(live)).toEqual(strip(full))
    expect(live?.daemonSets[0]?.currentRevisionHash).toBe('h4')
    expect(live?.nodes.find((n) => n.name === 'n2')?.hostPorts).toContain(
      'UDP/8472'
    )
    expect(live?.nodes.find((n) => n.name === 'n2')?.daemonPods[0]?.name).toBe(
      'agent-n2'
    )
  })

  it('after watch events the snapshot still equals a full conversion of the cluster', async () => {
    const ds = (generation: number) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'agent',
        namespace: 'kube-system',
        annotations: {
          'deprecated.daemonset.template.generation': String(generation)
        }
      },
      spec: { template: { spec: { containers: [{ name: 'a' }] } } }
    })
    const agent = (nodeName: string, hash: string, generation: number) => {
      const p = pod(`agent-${nodeName}`, nodeName, { daemonSet: 'agent', hash })
      ;(p['metadata'] as { labels: Record<string, string> }).labels[
        'pod-template-generation'
      ] = String(generation)
      return p
    }
    const { api, view } = await startView((api) => {
      for (const n of ['n1', 'n2', 'n3']) {
        api.upsert('nodes', node(n))
        api.upsert('pods', agent(n, 'h1', 1))
        api.upsert('pods', pod(`web-${n}`, n, { cpu: '500m' }))
      }
      api.upsert('daemonsets', ds(1))
    })
    await until(() => api.openWatches() === 3, 'watches')
    expect(view.snapshot(Date.now())?.daemonSets[0]?.currentRevisionHash).toBe(
      'h1'
    )
    // A rollout step, a pod moving, a node leaving, a new node, a taint.
    api.upsert('daemonsets', ds(2))
    api.remove('pods', 'kube-system/agent-n1')
    api.upsert('pods', agent('n1', 'h2', 2))
    api.remove('pods', 'default/web-n2')
    api.upsert('pods', pod('web-n2', 'n3', { cpu: '700m' }))
    api.remove('nodes', 'n2')
    api.upsert(
      'nodes',
      node('n4', { spec: { taints: [{ key: 'new', effect: 'NoSchedule' }] } })
    )
    api.upsert('pods', pod('web-n4', 'n4', { cpu: '1' }))
    const expected = () =>
      snapshotFromCluster({
        nodes: api.items('nodes') as Node[],
        pods: api.items('pods') as Pod[],
        daemonSets: api.items('daemonsets') as DaemonSet[]
      })
    const strip = (o: unknown): unknown =>
      JSON.parse(
        JSON.stringify(o, (k, v) =>
          k === 'resourceVersion' || k === 'recordedAt' || k === 'cluster'
            ? undefined
            : v
        )
      )
    await until(() => {
      const s = view.snapshot(Date.now())
      return (
        s?.nodes.some((n) => n.name === 'n4' && n.podCount === 1) === true &&
        s.daemonSets[0]?.currentRevisionHash === 'h2'
      )
    }, 'events applied')
    expect(strip(view.snapshot(Date.now()))).toEqual(strip(expected()))
    expect(view.snapshot(Date.now())?.daemonSets[0]?.currentRevisionHash).toBe(
      'h2'
    )
    expect(view.snapshot(Date.now())?.nodes.map((n) => n.name)).toEqual([
      'n1',
      'n3',
      'n4'
    ])
  })

  it('lists in pages (limit + continue)', async () => {
    const { api, view } = await startView((api) => {
      api.upsert('nodes', node('n1'))
      for (let i = 0; i < 1200; i++) api.upsert('pods', pod(`p-${i}`, 'n1'))
    }, 500)
    expect(view.counts().pods).toBe(1200)
    const podLists = api.requests.filter(
      (r) => r.resource === 'pods' && !r.watch
    )
    expect(podLists.map((r) => r.query.get('continue'))).toEqual([
      null,
      '500',
      '1000'
    ])
    expect(podLists.every((r) => r.query.get('limit') === '500')).toBe(true)
  })

  it('applies watch events: a new taint shows in the next snapshot', async () => {
    const { api, view } = await startView((api) =>
      api.upsert('nodes', node('n1'))
    )
    await until(() => api.openWatches('nodes') === 1, 'node watch')
    api.upsert(
      'nodes',
      node('n1', {
        spec: { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] }
      })
    )
    await until(() => (nodeOf(view, 'n1')?.taints.length ?? 0) === 1, 'taint')
    api.upsert('nodes', node('n2'))
    api.remove('nodes', 'n1')
    await until(
      () =>
        nodeOf(view, 'n2') !== undefined && nodeOf(view, 'n1') === undefined,
      'add+delete'
    )
    const watch = api.requests.find((r) => r.resource === 'nodes' && r.watch)
    expect(watch?.query.get('allowWatchBookmarks')).toBe('true')
    expect(watch?.query.get('resourceVersion')).toMatch(/^\d+$/)
  })

  it('recovers from a dropped watch without re-listing and counts the restart', async () => {
    const { api, view } = await startView((api) =>
      api.upsert('nodes', node('n1'))
    )
    await until(() => api.openWatches() === 3, 'all watches')
    const listsBefore = api.requests.filter((r) => !r.watch).length
    api.dropWatches()
    // A change while the watch is down is delivered when it resumes from
    // the last resourceVersion.
    api.upsert('nodes', node('n2'))
    await until(() => nodeOf(view, 'n2') !== undefined, 'resume')
    await until(() => api.openWatches() === 3, 'watches back')
    expect(api.requests.filter((r) => !r.watch).length).toBe(listsBefore)
    const restarts = view.watchRestarts().filter((r) => r.resource === 'nodes')
    expect(restarts.reduce((s, r) => s + r.count, 0)).toBeGreaterThanOrEqual(1)
    expect(
      restarts.every((r) => r.reason === 'error' || r.reason === 'closed')
    ).toBe(true)
  })

  it('re-lists on 410 Gone and catches up with what changed meanwhile', async () => {
    const { api, view } = await startView((api) => {
      api.upsert('nodes', node('n1'))
      api.upsert('nodes', node('n2'))
    })
    await until(() => api.openWatches('nodes') === 1, 'node watch')
    api.failWatchesWith = 503
    api.dropWatches()
    await until(
      () =>
        view
          .watchRestarts()
          .some((r) => r.resource === 'nodes' && r.reason === 'error'),
      'drop seen'
    )
    api.remove('nodes', 'n2')
    api.upsert('nodes', node('n3'))
    api.compact()
    api.failWatchesWith = undefined
    await until(
      () =>
        view
          .watchRestarts()
          .some((r) => r.resource === 'nodes' && r.reason === 'expired'),
      'expired'
    )
    await until(
      () =>
        nodeOf(view, 'n3') !== undefined && nodeOf(view, 'n2') === undefined,
      'relist'
    )
    expect(
      api.requests.filter((r) => r.resource === 'nodes' && !r.watch).length
    ).toBe(2)
  })

  it('reports staleness while a watch is down', async () => {
    const { api, view } = await startView((api) =>
      api.upsert('nodes', node('n1'))
    )
    await until(() => api.openWatches() === 3, 'all watches')
    expect(view.ageSeconds(Date.now())).toBe(0)
    api.failWatchesWith = 500
    api.dropWatches()
    await until(() => (view.ageSeconds(Date.now() + 5000) ?? 0) >= 4, 'stale')
    api.failWatchesWith = undefined
    await until(() => api.openWatches() === 3, 'watches back', 8000)
    expect(view.ageSeconds(Date.now())).toBe(0)
  })
})
