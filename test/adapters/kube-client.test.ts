import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { KubeApiError } from '../../src/adapters/kube/errors.js'
import { ListWatch } from '../../src/adapters/kube/list-watch.js'
import { SERVER, testClient } from './kube-fixture.js'

const DS_PATH = '/apis/apps/v1/namespaces/kube-system/daemonsets/agent'

describe('KubeClient (raw JSON over client-node)', () => {
  it('keeps unknown fields and timestamps as strings, sends the bearer token', async () => {
    nock(SERVER, { reqheaders: { authorization: 'Bearer sekret-token-123' } })
      .get(DS_PATH)
      .reply(200, {
        kind: 'DaemonSet',
        metadata: { name: 'agent', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: { futureField: { x: 1 } }
      })
    const ds = await testClient().get(
      'apps/v1',
      'DaemonSet',
      'agent',
      'kube-system'
    )
    expect(ds).toEqual({
      kind: 'DaemonSet',
      metadata: { name: 'agent', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { futureField: { x: 1 } }
    })
  })

  it('returns null on 404', async () => {
    nock(SERVER).get(DS_PATH).reply(404, {
      kind: 'Status',
      reason: 'NotFound',
      message: 'daemonsets.apps "agent" not found',
      code: 404
    })
    expect(
      await testClient().get('apps/v1', 'DaemonSet', 'agent', 'kube-system')
    ).toBeNull()
  })

  it('retries 500 and 429 (bounded) and counts every request', async () => {
    nock(SERVER)
      .get(DS_PATH)
      .reply(500, { kind: 'Status', message: 'etcd hiccup', code: 500 })
    nock(SERVER)
      .get(DS_PATH)
      .reply(
        429,
        { kind: 'Status', reason: 'TooManyRequests', code: 429 },
        { 'Retry-After': '1' }
      )
    nock(SERVER).get(DS_PATH).reply(200, { kind: 'DaemonSet' })
    const client = testClient()
    expect(
      await client.get('apps/v1', 'DaemonSet', 'agent', 'kube-system')
    ).toEqual({ kind: 'DaemonSet' })
    expect(client.requests.total).toBe(3)
  })

  it('gives up after the bounded attempts with the API Status message', async () => {
    nock(SERVER).get(DS_PATH).times(3).reply(503, {
      kind: 'Status',
      reason: 'ServiceUnavailable',
      message: 'apiserver is shutting down',
      code: 503
    })
    const err = await testClient()
      .get('apps/v1', 'DaemonSet', 'agent', 'kube-system')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KubeApiError)
    expect(err).toMatchObject({
      status: 503,
      reason: 'ServiceUnavailable',
      object: 'daemonset kube-system/agent'
    })
    expect((err as KubeApiError).message).toBe(
      'daemonset kube-system/agent: apiserver is shutting down (503 ServiceUnavailable)'
    )
  })

  it('server-side apply: field manager, force, dryRun=All and the apply content type', async () => {
    let seen: unknown
    nock(SERVER, {
      reqheaders: { 'content-type': 'application/apply-patch+yaml' }
    })
      .patch(DS_PATH)
      .query({ fieldManager: 'ds-rollout', force: 'true', dryRun: 'All' })
      .reply(200, async (req: Request) => {
        seen = JSON.parse(await req.text())
        return { kind: 'DaemonSet', metadata: { name: 'agent' } }
      })
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { x: 1 }
    }
    await testClient().apply(obj, { force: true, dryRun: true })
    expect(seen).toEqual(obj)
  })

  it('does not retry a server-side apply field-manager conflict and surfaces it as is', async () => {
    nock(SERVER)
      .patch(DS_PATH)
      .query(true)
      .reply(409, {
        kind: 'Status',
        reason: 'Conflict',
        code: 409,
        message:
          'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.template.spec.containers[name="agent"].image',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              field: '.spec.template.spec.containers[name="agent"].image'
            }
          ]
        }
      })
    const err = await testClient()
      .apply(
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'agent', namespace: 'kube-system' }
        },
        { force: false, dryRun: false }
      )
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 409, reason: 'Conflict' })
    expect((err as Error).message).toContain(
      'conflict with "kubectl-client-side-apply"'
    )
  })

  it('takes back fields held only by its own Update manager (after an undo) with force', async () => {
    nock(SERVER)
      .patch(DS_PATH)
      .query({ fieldManager: 'ds-rollout' })
      .reply(409, {
        kind: 'Status',
        reason: 'Conflict',
        code: 409,
        message:
          'Apply failed with 1 conflict: conflict with "ds-rollout" using apps/v1: .spec.template.spec.containers[name="agent"].image',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              message: 'conflict with "ds-rollout" using apps/v1',
              field: '.spec.template.spec.containers[name="agent"].image'
            }
          ]
        }
      })
    nock(SERVER)
      .patch(DS_PATH)
      .query({ fieldManager: 'ds-rollout', force: 'true' })
      .reply(200, { kind: 'DaemonSet' })
    await testClient().apply(
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: 'kube-system' }
      },
      { force: false, dryRun: false }
    )
  })

  it('retries an optimistic-concurrency 409 on a write', async () => {
    nock(SERVER).patch(DS_PATH).query(true).reply(409, {
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      message: 'the object has been modified'
    })
    nock(SERVER).patch(DS_PATH).query(true).reply(200, { kind: 'DaemonSet' })
    await testClient().patch(
      'apps/v1',
      'DaemonSet',
      'agent',
      'kube-system',
      '{}',
      'application/strategic-merge-patch+json'
    )
  })

  it('R6.7: strategic merge patch sends the body byte for byte', async () => {
    const body =
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null}}}}'
    let sent = ''
    nock(SERVER, {
      reqheaders: { 'content-type': 'application/strategic-merge-patch+json' }
    })
      .patch(DS_PATH)
      .query(true)
      .reply(200, async (req: Request) => {
        sent = await req.text()
        return {}
      })
    await testClient().patch(
      'apps/v1',
      'DaemonSet',
      'agent',
      'kube-system',
      body,
      'application/strategic-merge-patch+json'
    )
    expect(sent).toBe(body)
  })

  it('SelfSubjectAccessReview', async () => {
    nock(SERVER)
      .post(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        (b: { spec: { resourceAttributes: Record<string, string> } }) =>
          b.spec.resourceAttributes['verb'] === 'patch' &&
          b.spec.resourceAttributes['resource'] === 'daemonsets'
      )
      .reply(201, { status: { allowed: false, reason: 'RBAC: no rule' } })
    expect(
      await testClient().canI({
        verb: 'patch',
        group: 'apps',
        resource: 'daemonsets',
        namespace: 'kube-system'
      })
    ).toEqual({ allowed: false, reason: 'RBAC: no rule' })
  })

  it('pages lists with limit and continue', async () => {
    nock(SERVER)
      .get('/api/v1/namespaces/kube-system/pods')
      .query({ labelSelector: 'app=agent', limit: '500' })
      .reply(200, {
        items: [{ metadata: { name: 'a' } }],
        metadata: { continue: 'c1', resourceVersion: '10' }
      })
    nock(SERVER)
      .get('/api/v1/namespaces/kube-system/pods')
      .query({ labelSelector: 'app=agent', limit: '500', continue: 'c1' })
      .reply(200, {
        items: [{ metadata: { name: 'b' } }],
        metadata: { resourceVersion: '11' }
      })
    const list = await testClient().list(
      '/api/v1/namespaces/kube-system/pods',
      { labelSelector: 'app=agent' }
    )
    expect(
      list.items.map((i) => (i as { metadata: { name: string } }).metadata.name)
    ).toEqual(['a', 'b'])
    expect(list.resourceVersion).toBe('11')
  })

  it('a caller that retries in its own way sends a failing page once, and sees the API Status', async () => {
    const PODS = '/api/v1/pods'
    nock(SERVER).get(PODS).query({ limit: '500' }).reply(500, {
      kind: 'Status',
      reason: 'InternalError',
      message: 'etcd hiccup',
      code: 500
    })
    const client = testClient()
    const err = await client
      .listPages(PODS, {}, () => {}, { object: 'pods', retry: false })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KubeApiError)
    expect(err).toMatchObject({
      status: 500,
      reason: 'InternalError',
      apiMessage: 'etcd hiccup'
    })
    expect(client.requests.total).toBe(1)
    expect(nock.isDone()).toBe(true)
  })

  it('410 Expired in the middle of a paged list: goes on with the offered token only when asked', async () => {
    const PODS = '/api/v1/pods'
    const page1 = () =>
      nock(SERVER)
        .get(PODS)
        .query({ limit: '500' })
        .reply(200, {
          items: [{ metadata: { name: 'a' } }],
          metadata: { continue: 'c1', resourceVersion: '10' }
        })
    const expired = () =>
      nock(SERVER)
        .get(PODS)
        .query({ limit: '500', continue: 'c1' })
        .reply(410, {
          kind: 'Status',
          reason: 'Expired',
          code: 410,
          message: 'The provided continue parameter is too old',
          metadata: { continue: 'c1-fresh' }
        })
    page1()
    expired()
    const err = await testClient()
      .list(PODS)
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 410, continueToken: 'c1-fresh' })
    page1()
    expired()
    nock(SERVER)
      .get(PODS)
      .query({ limit: '500', continue: 'c1-fresh' })
      .reply(200, {
        items: [{ metadata: { name: 'b' } }],
        metadata: { resourceVersion: '12' }
      })
    const names: string[] = []
    await testClient().listPages<{ metadata: { name: string } }>(
      PODS,
      {},
      (page) => names.push(...page.map((p) => p.metadata.name)),
      { resumeExpired: true }
    )
    expect(names).toEqual(['a', 'b'])
  })

  it('reports an unreachable server as one line', async () => {
    nock(SERVER).get('/version').times(3).replyWithError('connect ECONNREFUSED')
    const err = await testClient()
      .version()
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ reason: 'Unreachable' })
    expect((err as Error).message).toContain(
      'cannot reach the API server https://kube.example.test:6443'
    )
  })
})

describe('ListWatch', () => {
  const PODS = '/api/v1/namespaces/ns/pods'
  const pod = (name: string, rv: string) => ({
    metadata: { name, namespace: 'ns', resourceVersion: rv }
  })

  it('lists, watches from the resourceVersion, re-lists on 410 and reconnects after a drop', async () => {
    nock(SERVER)
      .get(PODS)
      .query({ limit: '500' })
      .reply(200, {
        items: [pod('a', '1')],
        metadata: { resourceVersion: '5' }
      })
    nock(SERVER)
      .get(PODS)
      .query((q) => q['watch'] === 'true' && q['resourceVersion'] === '5')
      .reply(
        200,
        JSON.stringify({ type: 'ADDED', object: pod('b', '6') }) +
          '\n' +
          JSON.stringify({
            type: 'ERROR',
            object: { kind: 'Status', code: 410, reason: 'Expired' }
          }) +
          '\n'
      )
    nock(SERVER)
      .get(PODS)
      .query({ limit: '500' })
      .reply(200, {
        items: [pod('a', '1'), pod('b', '6'), pod('c', '7')],
        metadata: { resourceVersion: '8' }
      })
    nock(SERVER)
      .get(PODS)
      .query((q) => q['watch'] === 'true' && q['resourceVersion'] === '8')
      .replyWithError('socket hang up')
    nock(SERVER)
      .get(PODS)
      .query((q) => q['watch'] === 'true' && q['resourceVersion'] === '8')
      .reply(
        200,
        JSON.stringify({ type: 'DELETED', object: pod('a', '9') }) + '\n'
      )
    const events: string[] = []
    let watch!: ListWatch<{ metadata: { name: string } }>
    const done = new Promise<void>((resolve) => {
      watch = new ListWatch(
        testClient(),
        PODS,
        {},
        (type, obj) => {
          events.push(`${type}:${obj?.metadata?.name ?? ''}`)
          if (type === 'DELETED') resolve()
        },
        {
          watchTimeoutSeconds: 60,
          minBackoffMs: 1,
          maxBackoffMs: 2,
          minHealthyWatchMs: 0
        }
      )
    })
    await watch.start()
    await done
    await watch.stop()
    expect(events).toEqual(['SYNC:', 'ADDED:b', 'SYNC:', 'DELETED:a'])
    expect(
      watch
        .items()
        .map((p) => p.metadata.name)
        .sort()
    ).toEqual(['b', 'c'])
    expect(watch.stats.relists410).toBe(1)
    expect(watch.stats.reconnects).toBeGreaterThanOrEqual(1)
    nock.cleanAll()
  })
})
