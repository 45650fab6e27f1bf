import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small Kubernetes API stand-in on loopback for the cluster view tests:
 * paged lists, watches from a resourceVersion with bookmarks, 410 Gone for
 * compacted versions, and switches to drop every open watch.
 */

interface Event {
  rv: number
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: Record<string, unknown>
}

interface Resource {
  items: Map<string, Record<string, unknown>>
  log: Event[]
}

export const RESOURCE_PATHS: Record<string, string> = {
  nodes: '/api/v1/nodes',
  pods: '/api/v1/pods',
  daemonsets: '/apis/apps/v1/daemonsets',
  controllerrevisions: '/apis/apps/v1/controllerrevisions'
}

function keyOf(obj: Record<string, unknown>): string {
  const meta = obj['metadata'] as { name: string; namespace?: string }
  return meta.namespace === undefined
    ? meta.name
    : `${meta.namespace}/${meta.name}`
}

export class FakeKubeApi {
  readonly server: http.Server
  private rv = 100
  private compactedRv = 0
  private readonly resources = new Map<string, Resource>()
  private readonly watches = new Set<{
    resource: string
    res: http.ServerResponse
    from: number
  }>()
  readonly requests: {
    resource: string
    watch: boolean
    query: URLSearchParams
  }[] = []
  /** When set, watch requests answer this status. */
  failWatchesWith: number | undefined
  /** When set, list requests answer this status (e.g. 403 for missing RBAC). */
  failListsWith: number | undefined

  constructor() {
    for (const name of Object.keys(RESOURCE_PATHS)) {
      this.resources.set(name, { items: new Map(), log: [] })
    }
    this.server = http.createServer((req, res) => this.handle(req, res))
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  kubeconfig(server: string): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: fake, cluster: {server: "' +
        server +
        '", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: fake-token-123}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: u}}]',
      'current-context: fake'
    ].join('\n')
  }

  async close(): Promise<void> {
    this.dropWatches()
    this.server.closeAllConnections()
    await new Promise<void>((r) => this.server.close(() => r()))
  }

  upsert(resource: string, obj: Record<string, unknown>): void {
    const r = this.resources.get(resource)
    if (r === undefined) throw new Error(resource)
    const key = keyOf(obj)
    const type = r.items.has(key) ? 'MODIFIED' : 'ADDED'
    this.rv += 1
    const stored = {
      ...obj,
      metadata: {
        ...(obj['metadata'] as object),
        resourceVersion: String(this.rv)
      }
    }
    r.items.set(key, stored)
    this.emit(resource, { rv: this.rv, type, object: stored })
  }

  remove(resource: string, key: string): void {
    const r = this.resources.get(resource)
    const obj = r?.items.get(key)
    if (r === undefined || obj === undefined) return
    r.items.delete(key)
    this.rv += 1
    this.emit(resource, {
      rv: this.rv,
      type: 'DELETED',
      object: {
        ...obj,
        metadata: {
          ...(obj['metadata'] as object),
          resourceVersion: String(this.rv)
        }
      }
    })
  }

  /** The objects now stored, in list order. */
  items(resource: string): Record<string, unknown>[] {
    return [...(this.resources.get(resource)?.items.values() ?? [])]
  }

  /** Every version up to now becomes too old to watch from (etcd compaction). */
  compact(): void {
    this.compactedRv = this.rv
    for (const r of this.resources.values()) r.log = []
  }

  /** Cuts every open watch connection mid-stream. */
  dropWatches(): void {
    for (const w of this.watches) w.res.socket?.destroy()
    this.watches.clear()
  }

  openWatches(resource?: string): number {
    return [...this.watches].filter(
      (w) => resource === undefined || w.resource === resource
    ).length
  }

  private emit(resource: string, event: Event): void {
    this.resources.get(resource)?.log.push(event)
    for (const w of this.watches) {
      if (w.resource === resource && event.rv > w.from) {
        w.res.write(
          JSON.stringify({ type: event.type, object: event.object }) + '\n'
        )
      }
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x')
    const resource = Object.entries(RESOURCE_PATHS).find(
      ([, p]) => p === url.pathname
    )?.[0]
    const r = resource === undefined ? undefined : this.resources.get(resource)
    if (
      resource === undefined ||
      r === undefined ||
      req.headers.authorization !== 'Bearer fake-token-123'
    ) {
      res.writeHead(resource === undefined ? 404 : 401, {
        'Content-Type': 'application/json'
      })
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: 'nope' }))
      return
    }
    const watch = url.searchParams.get('watch') === 'true'
    this.requests.push({ resource, watch, query: url.searchParams })
    if (!watch && this.failListsWith !== undefined) {
      res.writeHead(this.failListsWith, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: this.failListsWith,
          reason: 'Forbidden',
          message: `${resource} is forbidden: User "system:serviceaccount:ds-rollout:ds-rollout-analysis" cannot list resource "${resource}" at the cluster scope`
        })
      )
      return
    }
    if (!watch) {
      const all = [...r.items.values()]
      const limit =
        Number(url.searchParams.get('limit') ?? all.length) || all.length
      const offset = Number(url.searchParams.get('continue') ?? '0')
      const items = all.slice(offset, offset + limit)
      const next =
        offset + limit < all.length ? String(offset + limit) : undefined
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          kind: 'List',
          metadata: {
            resourceVersion: String(this.rv),
            ...(next === undefined ? {} : { continue: next })
          },
          items
        })
      )
      return
    }
    if (this.failWatchesWith !== undefined) {
      res.writeHead(this.failWatchesWith, {
        'Content-Type': 'application/json'
      })
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: this.failWatchesWith,
          message: 'watch refused'
        })
      )
      return
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? '0')
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked'
    })
    if (from < this.compactedRv) {
      res.end(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            code: 410,
            reason: 'Expired',
            message: 'too old resource version'
          }
        }) + '\n'
      )
      return
    }
    const entry = { resource, res, from }
    this.watches.add(entry)
    res.on('close', () => this.watches.delete(entry))
    for (const e of r.log) {
      if (e.rv > from)
        res.write(JSON.stringify({ type: e.type, object: e.object }) + '\n')
    }
    res.write(
      JSON.stringify({
        type: 'BOOKMARK',
        object: { metadata: { resourceVersion: String(this.rv) } }
      }) + '\n'
    )
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0')
    if (timeout > 0) {
      const t = setTimeout(() => res.end(), timeout * 1000)
      res.on('close', () => clearTimeout(t))
    }
  }
}

export function node(
  name: string,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name },
      annotations: { big: 'x'.repeat(100) }
    },
    spec: {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status'
        }
      ],
      images: [{ names: ['registry/some-image:1'], sizeBytes: 1234 }]
    },
    ...extra
  }
}

export function pod(
  name: string,
  nodeName: string,
  opts: { daemonSet?: string; hash?: string; cpu?: string; phase?: string } = {}
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.daemonSet === undefined ? 'default' : 'kube-system',
      uid: `uid-${name}`,
      labels: {
        app: 'x',
        ...(opts.hash === undefined
          ? {}
          : { 'controller-revision-hash': opts.hash })
      },
      ...(opts.daemonSet === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'DaemonSet',
                name: opts.daemonSet,
                uid: 'ds-uid',
                controller: true
              }
            ]
          })
    },
    spec: {
      nodeName,
      containers: [
        {
          name: 'c',
          image: 'img',
          env: [{ name: 'PASSWORD', value: 'hunter2' }],
          resources: { requests: { cpu: opts.cpu ?? '100m', memory: '64Mi' } },
          ports: [
            { containerPort: 80 },
            { containerPort: 9100, hostPort: 9100 }
          ]
        }
      ]
    },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' }
      ]
    }
  }
}
