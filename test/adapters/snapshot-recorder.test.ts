import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nock from 'nock'
import { describe, expect, it, onTestFinished } from 'vitest'
import { loadKubeConfig } from '../../src/adapters/kube/kubeconfig.js'
import { recordSnapshot } from '../../src/adapters/kube/snapshot-recorder.js'
import { snapshotCommand } from '../../src/cli/commands/snapshot.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'

const SERVER = 'https://k8s.example.test:6443'
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: ${SERVER}
      insecure-skip-tls-verify: true
users:
  - name: reader
    user:
      token: sekret-token-123
contexts:
  - name: prod-reader
    context: { cluster: prod, user: reader }
current-context: prod-reader
`

const node = (name: string, zone: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    creationTimestamp: '2026-01-02T03:04:05Z',
    labels: { 'topology.kubernetes.io/zone': zone }
  },
  spec: {
    taints: [
      {
        key: 'dedicated',
        value: 'gpu',
        effect: 'NoSchedule',
        timeAdded: '2026-01-02T03:04:05Z'
      }
    ]
  },
  status: {
    allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        lastHeartbeatTime: '2026-11-20T10:00:00Z',
        lastTransitionTime: '2026-11-01T10:00:00Z'
      }
    ]
  }
})

const agentPod = {
  metadata: {
    name: 'node-agent-abcde',
    namespace: 'monitoring',
    creationTimestamp: '2026-11-01T10:00:00Z',
    labels: {
      'controller-revision-hash': '6d4f8b7c9',
      'pod-template-generation': '4'
    },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: 'node-agent',
        uid: 'u1',
        controller: true
      }
    ]
  },
  spec: {
    nodeName: 'node-b',
    containers: [
      {
        name: 'agent',
        image: 'agent:2',
        resources: { requests: { cpu: '100m', memory: '128Mi' } }
      }
    ]
  },
  status: {
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastTransitionTime: '2026-11-01T10:00:30Z'
      }
    ]
  }
}

const webPod = {
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d',
        uid: 'u2',
        controller: true
      }
    ]
  },
  spec: {
    nodeName: 'node-a',
    containers: [
      {
        name: 'web',
        image: 'web:1',
        ports: [{ containerPort: 80, hostPort: 8080 }],
        resources: { requests: { cpu: '500m', memory: '1Gi' } }
      }
    ]
  },
  status: { phase: 'Running' }
}

const ds = {
  metadata: {
    name: 'node-agent',
    namespace: 'monitoring',
    uid: 'u1',
    generation: 4,
    annotations: { 'deprecated.daemonset.template.generation': '4' }
  },
  spec: {
    selector: { matchLabels: { app: 'node-agent' } },
    template: {
      metadata: { labels: { app: 'node-agent' } },
      spec: { containers: [{ name: 'agent', image: 'agent:2' }] }
    },
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1 }
    }
  },
  status: { desiredNumberScheduled: 2, numberReady: 1 }
}

function mockCluster(): { authorizations: string[] } {
  const seen = { authorizations: [] as string[] }
  const api = nock(SERVER)
  // Nodes in two pages of one (limit + continue).
  api
    .get('/api/v1/nodes')
    .query({ limit: '1' })
    .reply((req: Request) => {
      seen.authorizations.push(String(req.headers.get('authorization')))
      return [
        200,
        {
          kind: 'NodeList',
          apiVersion: 'v1',
          metadata: { continue: 'page-2-token' },
          items: [node('node-a', 'a')]
        }
      ]
    })
  api
    .get('/api/v1/nodes')
    .query({ limit: '1', continue: 'page-2-token' })
    .reply(200, {
      kind: 'NodeList',
      apiVersion: 'v1',
      metadata: {},
      items: [node('node-b', 'b')]
    })
  api
    .get('/api/v1/pods')
    .query({
      limit: '1',
      fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed'
    })
    .reply(200, {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { continue: 'p2' },
      items: [agentPod]
    })
  api
    .get('/api/v1/pods')
    .query({
      limit: '1',
      continue: 'p2',
      fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed'
    })
    .reply(200, {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: {},
      items: [webPod]
    })
  api
    .get('/apis/apps/v1/daemonsets')
    .query({ limit: '1' })
    .reply(200, {
      kind: 'DaemonSetList',
      apiVersion: 'apps/v1',
      metadata: {},
      items: [ds]
    })
  api
    .get('/version')
    .reply(200, { major: '1', minor: '33', gitVersion: 'v1.33.4' })
  return seen
}

describe('recordSnapshot (client-node against nock)', () => {
  it('pages through nodes and pods with limit/continue, read-only, and converts to the compact snapshot', async () => {
    const seen = mockCluster()
    const kc = loadKubeConfig({ content: KUBECONFIG })
    const snap = await recordSnapshot(kc, {
      pageSize: 1,
      now: () => new Date('2026-11-20T12:00:00Z')
    })
    expect(seen.authorizations).toEqual(['Bearer sekret-token-123'])
    expect(snap.recordedAt).toBe('2026-11-20T12:00:00.000Z')
    expect(snap.cluster).toEqual({ name: 'prod-reader', version: 'v1.33.4' })
    expect(snap.nodes.map((n) => n.name)).toEqual(['node-a', 'node-b'])
    const a = snap.nodes[0]!
    expect(a).toMatchObject({
      labels: { 'topology.kubernetes.io/zone': 'a' },
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      requested: { cpu: '500m', memory: '1Gi' },
      hostPorts: ['TCP/8080'],
      podCount: 1
    })
    expect(snap.nodes[1]!.daemonPods).toEqual([
      {
        name: 'node-agent-abcde',
        namespace: 'monitoring',
        daemonSet: 'node-agent',
        revisionHash: '6d4f8b7c9',
        phase: 'Running',
        ready: true,
        requests: { cpu: '100m', memory: '128Mi' },
        hostPorts: []
      }
    ])
    expect(snap.daemonSets[0]).toMatchObject({
      namespace: 'monitoring',
      name: 'node-agent',
      currentRevisionHash: '6d4f8b7c9'
    })
    // Typed models turn timestamps into Dates: what we store is wire JSON again.
    expect(JSON.stringify(snap)).not.toMatch(/"_continue"/)
    // And it loads back as a valid snapshot.
    expect(
      loadSnapshot(JSON.parse(JSON.stringify(snap)), 'rec.json').nodes
    ).toHaveLength(2)
  })

  it("reports the API's own message for a refused list, without headers or the token", async () => {
    nock(SERVER).get('/api/v1/nodes').query(true).reply(403, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message:
        'nodes is forbidden: User "reader" cannot list resource "nodes" in API group "" at the cluster scope',
      reason: 'Forbidden',
      code: 403
    })
    const kc = loadKubeConfig({ content: KUBECONFIG })
    const err = (await recordSnapshot(kc).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error
    )) as Error
    expect(err.message).toBe(
      'cannot list nodes: nodes is forbidden: User "reader" cannot list resource "nodes" in API group "" at the cluster scope (HTTP 403)'
    )
    expect(err.message).not.toContain('sekret')
  })
})

describe('ds-rollout snapshot', () => {
  it('writes the snapshot atomically to --output using --kubeconfig and --context', async () => {
    mockCluster()
    const dir = mkdtempSync(join(tmpdir(), 'ds-snap-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG)
    const err: string[] = []
    const code = await snapshotCommand.run(
      [
        '--output',
        'out/../snap.json',
        '--kubeconfig',
        'kubeconfig',
        '--context',
        'prod-reader',
        '--page-size',
        '1'
      ],
      { stdout: () => {}, stderr: (t) => err.push(t), cwd: dir, env: {} }
    )
    expect(code).toBe(0)
    const text = readFileSync(join(dir, 'snap.json'), 'utf8')
    const written = JSON.parse(text)
    expect(written.kind).toBe('DsRolloutSnapshot')
    // Version 2: shared tables and one row per node, per line.
    expect(written.version).toBe(2)
    expect(written.nodes).toHaveLength(2)
    expect(text.split('\n').filter((l) => l.startsWith('["'))).toHaveLength(2)
    // It reads back.
    const loaded = loadSnapshot(written, 'snap.json')
    expect(loaded.nodes.map((n) => n.name)).toEqual(
      written.nodes.map((r: unknown[]) => r[0])
    )
    expect(loaded.nodes.flatMap((n) => n.daemonPods)).toHaveLength(1)
    expect(err.join('')).toBe(
      'ds-rollout snapshot: 2 nodes, 1 daemon pods, 1 DaemonSets → out/../snap.json\n'
    )
  })

  it('needs --output and a known context', async () => {
    const io = { stdout: () => {}, stderr: () => {}, cwd: tmpdir(), env: {} }
    await expect(snapshotCommand.run([], io)).rejects.toThrow(
      '--output is required'
    )
    const dir = mkdtempSync(join(tmpdir(), 'ds-snap-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG)
    await expect(
      snapshotCommand.run(
        [
          '--output',
          'x.json',
          '--kubeconfig',
          'kubeconfig',
          '--context',
          'nope'
        ],
        { ...io, cwd: dir }
      )
    ).rejects.toThrow("kubeconfig has no context 'nope' (it has: prod-reader)")
  })
})

describe('recordSnapshot: a continue token that expires during a long list', () => {
  const PODS = '/api/v1/pods'
  const phase = 'status.phase!=Succeeded,status.phase!=Failed'
  const expired = (token?: string) => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: token === undefined ? {} : { continue: token },
    status: 'Failure',
    message:
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.',
    reason: 'Expired',
    code: 410
  })

  function mockRest(): nock.Scope {
    const api = nock(SERVER)
    api
      .get('/api/v1/nodes')
      .query({ limit: '1' })
      .reply(200, {
        kind: 'NodeList',
        apiVersion: 'v1',
        metadata: {},
        items: [node('node-a', 'a'), node('node-b', 'b')]
      })
    api
      .get('/apis/apps/v1/daemonsets')
      .query({ limit: '1' })
      .reply(200, {
        kind: 'DaemonSetList',
        apiVersion: 'apps/v1',
        metadata: {},
        items: [ds]
      })
    api
      .get('/version')
      .reply(200, { major: '1', minor: '33', gitVersion: 'v1.33.4' })
    api
      .get(PODS)
      .query({ limit: '1', fieldSelector: phase })
      .reply(200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { continue: 'p2' },
        items: [agentPod]
      })
    return api
  }

  it('410 Expired: goes on with the token the API offers, each pod counted once', async () => {
    const api = mockRest()
    api
      .get(PODS)
      .query({ limit: '1', continue: 'p2', fieldSelector: phase })
      .reply(410, expired('p2-fresh'))
    api
      .get(PODS)
      .query({ limit: '1', continue: 'p2-fresh', fieldSelector: phase })
      .reply(200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: [webPod]
      })
    const snap = await recordSnapshot(loadKubeConfig({ content: KUBECONFIG }), {
      pageSize: 1
    })
    expect(snap.nodes.flatMap((n) => n.daemonPods.map((p) => p.name))).toEqual([
      'node-agent-abcde'
    ])
    expect(snap.nodes.reduce((sum, n) => sum + n.podCount, 0)).toBe(1)
    expect(api.isDone()).toBe(true)
  })

  it("410 without a token: one clear error in the API server's words", async () => {
    const api = mockRest()
    api
      .get(PODS)
      .query({ limit: '1', continue: 'p2', fieldSelector: phase })
      .reply(410, expired())
    await expect(
      recordSnapshot(loadKubeConfig({ content: KUBECONFIG }), { pageSize: 1 })
    ).rejects.toThrow(
      /^cannot list pods in all namespaces: The provided continue parameter is too old .* \(HTTP 410\)$/
    )
    nock.cleanAll()
  })
})
