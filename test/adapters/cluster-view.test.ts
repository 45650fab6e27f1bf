import { afterEach, describe, expect, it } from 'vitest'
import { loadKubeConfig } from '../../src/adapters/kube/kubeconfig.js'
import { KubeConfigTransport } from '../../src/adapters/kube/raw-api.js'
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
    transport: new KubeConfigTransport(kc),
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
    await until(() => api.openWatches() === 4, 'all watches')
    const listsBefore = api.requests.filter((r) => !r.watch).length
    api.dropWatches()
    // A change while the watch is down is delivered when it resumes from
    // the last resourceVersion.
    api.upsert('nodes', node('n2'))
    await until(() => nodeOf(view, 'n2') !== undefined, 'resume')
    await until(() => api.openWatches() === 4, 'watches back')
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
    await until(() => api.openWatches() === 4, 'all watches')
    expect(view.ageSeconds(Date.now())).toBe(0)
    api.failWatchesWith = 500
    api.dropWatches()
    await until(() => (view.ageSeconds(Date.now() + 5000) ?? 0) >= 4, 'stale')
    api.failWatchesWith = undefined
    await until(() => api.openWatches() === 4, 'watches back', 8000)
    expect(view.ageSeconds(Date.now())).toBe(0)
  })
})
