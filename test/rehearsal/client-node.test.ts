import {
  makeInformer,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  ApiException
} from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { daemonSet, makeNodes } from './helpers.js'

type WatchEvent = { type: string; object: Record<string, unknown> }

describe('@kubernetes/client-node against the rehearsal cluster', () => {
  let cluster: RehearsalCluster
  let kc: KubeConfig

  beforeAll(async () => {
    cluster = await startRehearsalCluster({
      snapshot: makeNodes(['n1', 'n2', 'n3', 'n4', 'n5']),
      speed: 50,
      scenario: { defaults: { pullSeconds: 1, startSeconds: 1 } }
    })
    kc = new KubeConfig()
    kc.loadFromString(cluster.kubeconfig)
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('rejects a request without the bearer token (401 Status body)', async () => {
    const bad = new KubeConfig()
    bad.loadFromString(cluster.kubeconfig.replace(cluster.token, 'wrong-token'))
    const err = await bad
      .makeApiClient(CoreV1Api)
      .listNode()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiException)
    expect((err as ApiException<string>).code).toBe(401)
  })

  it('lists nodes in pages with limit/continue', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const first = await core.listNode({ limit: 2 })
    expect(first.items.map((n) => n.metadata?.name)).toEqual(['n1', 'n2'])
    expect(first.metadata?.remainingItemCount).toBe(3)
    const token = first.metadata?._continue
    expect(token).toBeTruthy()
    const second = await core.listNode({ limit: 2, _continue: token })
    expect(second.items.map((n) => n.metadata?.name)).toEqual(['n3', 'n4'])
    const third = await core.listNode({
      limit: 2,
      _continue: second.metadata?._continue
    })
    expect(third.items.map((n) => n.metadata?.name)).toEqual(['n5'])
    expect(third.metadata?._continue).toBeFalsy()
  })

  it('watches from a resourceVersion and answers 410 Gone once it has expired', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const listed = await core.listNode()
    const rv = listed.metadata!.resourceVersion!
    cluster.addNode({ metadata: { name: 'n6', labels: { pool: 'late' } } })
    const events: WatchEvent[] = []
    const watch = new Watch(kc)
    const req = await watch.watch(
      '/api/v1/nodes',
      { resourceVersion: rv, allowWatchBookmarks: true },
      (type, object) =>
        events.push({ type, object: object as Record<string, unknown> }),
      () => {}
    )
    await waitFor(() => events.some((e) => e.type === 'ADDED'))
    req.abort()
    const added = events
      .filter((e) => e.type === 'ADDED')
      .map((e) => (e.object['metadata'] as Record<string, unknown>)['name'])
    expect(added).toEqual(['n6'])

    cluster.compactHistory()
    const expired: WatchEvent[] = []
    let ended = false
    await watch.watch(
      '/api/v1/nodes',
      { resourceVersion: rv },
      (type, object) =>
        expired.push({ type, object: object as Record<string, unknown> }),
      () => {
        ended = true
      }
    )
    await waitFor(() => ended)
    expect(expired).toHaveLength(1)
    expect(expired[0]!.type).toBe('ERROR')
    expect(expired[0]!.object).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired'
    })
  })

  it('sends bookmarks when asked', async () => {
    const events: string[] = []
    const rv = (
      await kc.makeApiClient(AppsV1Api).listDaemonSetForAllNamespaces()
    ).metadata!.resourceVersion!
    const req = await new Watch(kc).watch(
      '/apis/apps/v1/daemonsets',
      { allowWatchBookmarks: true, resourceVersion: rv },
      (type) => events.push(type),
      () => {}
    )
    await waitFor(() => events.includes('BOOKMARK'), 3000)
    req.abort()
    expect(events).toContain('BOOKMARK')
  })

  it('server-side apply: conflict between managers (409 FieldManagerConflict), then force', async () => {
    const apps = kc.makeApiClient(AppsV1Api)
    const ssa = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply)
    const body = daemonSet('ssa', 'example/ssa:1', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1 }
    })
    await apps.patchNamespacedDaemonSet(
      { name: 'ssa', namespace: 'default', body, fieldManager: 'team-a' },
      ssa
    )
    const other = daemonSet('ssa', 'example/ssa:2', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1 }
    })
    const err = await apps
      .patchNamespacedDaemonSet(
        {
          name: 'ssa',
          namespace: 'default',
          body: other,
          fieldManager: 'team-b'
        },
        ssa
      )
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiException)
    expect((err as ApiException<string>).code).toBe(409)
    const status = JSON.parse((err as ApiException<string>).body) as Record<
      string,
      unknown
    >
    expect(status['message']).toBe(
      'Apply failed with 1 conflict: conflict with "team-a" using apps/v1: .spec.template.spec.containers[name="ssa"].image'
    )
    expect(status['details']).toMatchObject({
      causes: [
        {
          reason: 'FieldManagerConflict',
          field: '.spec.template.spec.containers[name="ssa"].image'
        }
      ]
    })

    // dryRun=All changes nothing
    await apps.patchNamespacedDaemonSet(
      {
        name: 'ssa',
        namespace: 'default',
        body: other,
        fieldManager: 'team-b',
        force: true,
        dryRun: 'All'
      },
      ssa
    )
    const raw = async () =>
      (await fetchJson(
        kc,
        '/apis/apps/v1/namespaces/default/daemonsets/ssa'
      )) as {
        spec: { template: { spec: { containers: { image: string }[] } } }
        metadata: { generation: number; managedFields: { manager: string }[] }
      }
    expect((await raw()).spec.template.spec.containers[0]!.image).toBe(
      'example/ssa:1'
    )

    await apps.patchNamespacedDaemonSet(
      {
        name: 'ssa',
        namespace: 'default',
        body: other,
        fieldManager: 'team-b',
        force: true
      },
      ssa
    )
    const after = await raw()
    expect(after.spec.template.spec.containers[0]!.image).toBe('example/ssa:2')
    expect(after.metadata.generation).toBe(2)
    expect(after.metadata.managedFields.map((m) => m.manager).sort()).toEqual([
      'team-a',
      'team-b'
    ])
  })

  it('an informer lists, watches and sees the controller create pods', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const informer = makeInformer(
      kc,
      '/api/v1/namespaces/default/pods',
      () =>
        core.listNamespacedPod({
          namespace: 'default',
          labelSelector: 'app=informed'
        }),
      'app=informed'
    )
    const added = new Set<string>()
    informer.on('add', (pod) => added.add(pod.metadata?.name ?? ''))
    await informer.start()
    await kc.makeApiClient(AppsV1Api).createNamespacedDaemonSet({
      namespace: 'default',
      body: daemonSet('informed', 'example/informed:1', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1 }
      }) as never
    })
    await waitFor(() => added.size === cluster.objects.list('nodes').length)
    await informer.stop()
    expect([...added].every((n) => n.startsWith('informed-'))).toBe(true)
  })

  it('optimistic concurrency: a stale resourceVersion gets 409 Conflict', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const node = await core.readNode({ name: 'n1' })
    await core.patchNode(
      { name: 'n1', body: { metadata: { labels: { touched: 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
    )
    const err = await core
      .replaceNode({ name: 'n1', body: node })
      .catch((e: unknown) => e)
    expect((err as ApiException<string>).code).toBe(409)
    expect(JSON.parse((err as ApiException<string>).body)['message']).toBe(
      'Operation cannot be fulfilled on nodes "n1": the object has been modified; please apply your changes to the latest version and try again'
    )
  })

  it('404 NotFound carries the Status body the API server sends', async () => {
    const err = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDaemonSet({ name: 'nope', namespace: 'default' })
      .catch((e: unknown) => e)
    expect((err as ApiException<string>).code).toBe(404)
    expect(JSON.parse((err as ApiException<string>).body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'daemonsets.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'daemonsets' },
      code: 404
    })
  })
})

async function fetchJson(kc: KubeConfig, path: string): Promise<unknown> {
  const core = kc.makeApiClient(CoreV1Api)
  void core
  const cluster = kc.getCurrentCluster()!
  const opts: { headers?: Record<string, string>; ca?: string } = {}
  await kc.applyToHTTPSOptions(opts)
  const https = await import('node:https')
  return new Promise((resolve, reject) => {
    https
      .get(
        `${cluster.server}${path}`,
        { headers: opts.headers, ca: opts.ca },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(JSON.parse(text)))
        }
      )
      .on('error', reject)
  })
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
