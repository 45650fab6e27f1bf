import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import { timingSafeEqual } from 'node:crypto'
import { parse as parseYaml } from 'yaml'
import { checkAcyclic, checkBodyNesting } from './body-bounds.js'
import {
  asArray,
  asObj,
  asString,
  labelsOf,
  nameOf,
  namespaceOf,
  type Obj
} from '../json.js'
import {
  matchesFieldRequirements,
  matchesLabelRequirements,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  type FieldRequirement,
  type LabelRequirement
} from '../selectors.js'
import type { StoreEvent } from '../store.js'
import {
  groupVersionOf,
  storeKey,
  findResource,
  hasGroupVersion,
  apiVersionsDoc,
  apiGroupListDoc,
  apiGroupDoc,
  apiResourceListDoc,
  openApiV3Doc,
  openApiV3Root,
  SERVER_VERSION,
  type ResourceType
} from './resources.js'
import type { PatchType, Registry } from './registry.js'
import {
  ApiError,
  badRequest,
  expired,
  methodNotAllowed,
  pathNotFound,
  unauthorized
} from './status.js'
import { toTable } from './table.js'
import { decodeKubeProtobuf, ProtobufError } from './protobuf.js'

/** What the API server asks the fault injector before answering. */
export interface ApiFaultHooks {
  /** An error to answer instead, or a delay (ms) to wait first. */
  before(verb: string, resource: string): { error?: ApiError; delayMs?: number }
  /** Wall-clock ms after which a watch on `resource` is cut, if any. */
  watchCutAfterMs(resource: string): number | undefined
}

export interface ApiServerOptions {
  registry: Registry
  token: string
  cert: string
  key: string
  faults?: ApiFaultHooks
  /** Wall-clock ms between watch bookmarks. */
  bookmarkIntervalMs?: number
}

interface Route {
  resource?: ResourceType
  group: string
  version: string
  namespace: string
  name?: string
  subresource?: string
  discovery?: object
}

const JSON_TYPE = 'application/json'

/** The HTTPS API server (loopback only). */
export class ApiServer {
  private server: Server | undefined
  private readonly watches = new Set<() => void>()

  constructor(private readonly opts: ApiServerOptions) {}

  async listen(port: number): Promise<number> {
    const server = createServer(
      { cert: this.opts.cert, key: this.opts.key },
      (req, res) => {
        this.handle(req, res).catch((err: unknown) => {
          const e =
            err instanceof ApiError
              ? err
              : new ApiError(
                  500,
                  'InternalError',
                  `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`
                )
          this.sendError(res, e)
        })
      }
    )
    server.keepAliveTimeout = 60_000
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    const addr = server.address()
    return typeof addr === 'object' && addr !== null ? addr.port : port
  }

  async close(): Promise<void> {
    for (const stop of [...this.watches]) stop()
    const server = this.server
    if (server === undefined) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private sendJson(
    res: ServerResponse,
    code: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    if (res.headersSent) {
      res.end()
      return
    }
    const text = JSON.stringify(body)
    res.writeHead(code, {
      'Content-Type': JSON_TYPE,
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
      ...headers
    })
    res.end(text)
  }

  private sendError(res: ServerResponse, err: ApiError): void {
    this.sendJson(res, err.code, err.body(), err.headers)
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? ''
    const m = /^Bearer\s+(.+)$/i.exec(header)
    if (!m) return false
    const a = Buffer.from(m[1]!.trim())
    const b = Buffer.from(this.opts.token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    if (!this.authorized(req)) throw unauthorized()
    const path = url.pathname.replace(/\/+$/, '') || '/'
    if (path === '/version') return this.sendJson(res, 200, SERVER_VERSION)
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('ok')
      return
    }
    if (path === '/openapi/v3') return this.sendJson(res, 200, openApiV3Root())
    if (path.startsWith('/openapi/v3/')) {
      const parts = path.slice('/openapi/v3/'.length).split('/')
      const doc =
        parts[0] === 'api'
          ? openApiV3Doc('', parts[1] ?? '')
          : openApiV3Doc(parts[1] ?? '', parts[2] ?? '')
      if (doc === undefined) throw pathNotFound()
      return this.sendJson(res, 200, doc)
    }
    const route = this.route(path)
    if (route === undefined) throw pathNotFound()
    if (route.discovery !== undefined) {
      if (req.method !== 'GET') throw methodNotAllowed()
      return this.sendJson(res, 200, route.discovery)
    }
    const r = route.resource!
    const q = url.searchParams
    const isWatch =
      req.method === 'GET' &&
      (q.get('watch') === 'true' || q.get('watch') === '1')
    const verb = verbOf(req.method ?? 'GET', route, isWatch)
    const fault = this.opts.faults?.before(verb, r.resource) ?? {}
    if (fault.delayMs !== undefined && fault.delayMs > 0)
      await sleep(fault.delayMs)
    if (fault.error !== undefined) throw fault.error
    const dryRun = q.getAll('dryRun').includes('All')
    const reg = this.opts.registry
    const ns = r.namespaced ? route.namespace : ''
    const manager =
      q.get('fieldManager') ?? managerFromAgent(req.headers['user-agent'])
    switch (verb) {
      case 'watch':
        return this.watch(req, res, r, route.namespace, q)
      case 'list':
        return this.list(req, res, r, route.namespace, q)
      case 'get':
        if (route.subresource === 'log')
          return this.sendLog(res, reg.get(r, ns, route.name!), q)
        return this.sendObject(req, res, r, reg.get(r, ns, route.name!), q)
      case 'create': {
        const body = asObj(await readBody(req))
        if (r.createOnly) return this.sendJson(res, 201, this.review(body))
        if (route.subresource === 'eviction') {
          // PodDisruptionBudgets are stored but not enforced here.
          const grace = asObj(body['deleteOptions'])['gracePeriodSeconds']
          reg.delete(r, ns, route.name!, {
            dryRun,
            gracePeriodSeconds: typeof grace === 'number' ? grace : undefined
          })
          return this.sendJson(res, 201, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            code: 201
          })
        }
        const created = reg.create(r, ns, body, { dryRun, manager })
        return this.sendJson(res, 201, created)
      }
      case 'update': {
        const body = asObj(await readBody(req))
        return this.sendJson(
          res,
          200,
          reg.update(r, ns, route.name!, body, {
            dryRun,
            manager,
            subresource: route.subresource
          })
        )
      }
      case 'patch': {
        const type = patchTypeOf(req.headers['content-type'])
        const body = await readBody(req)
        const existed =
          this.opts.registry.store.peek(storeKey(r), ns, route.name!) !==
          undefined
        const result = reg.patch(r, ns, route.name!, type, body, {
          dryRun,
          manager:
            type === 'apply' ? (q.get('fieldManager') ?? undefined) : manager,
          subresource: route.subresource,
          force: q.get('force') === 'true'
        })
        return this.sendJson(res, existed ? 200 : 201, result)
      }
      case 'delete': {
        const body = asObj(await readBody(req).catch(() => ({})))
        const pre = asObj(body['preconditions'])
        const grace = q.get('gracePeriodSeconds') ?? body['gracePeriodSeconds']
        const propagation =
          q.get('propagationPolicy') ?? body['propagationPolicy']
        const deleted = reg.delete(r, ns, route.name!, {
          dryRun,
          gracePeriodSeconds:
            grace === undefined || grace === null ? undefined : Number(grace),
          uid: asString(pre['uid']),
          resourceVersion: asString(pre['resourceVersion']),
          orphan: propagation === 'Orphan'
        })
        return this.sendJson(res, 200, deleted)
      }
      case 'deletecollection':
        throw methodNotAllowed()
    }
  }

  private review(body: Obj): Obj {
    return {
      ...body,
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      status: {
        allowed: true,
        reason: 'rehearsal cluster: the token user may do everything'
      }
    }
  }

  private route(path: string): Route | undefined {
    const parts = path.split('/').filter((p) => p !== '')
    if (parts.length === 0) return undefined
    let group: string
    let version: string
    let rest: string[]
    if (parts[0] === 'api') {
      if (parts.length === 1)
        return {
          group: '',
          version: '',
          namespace: '',
          discovery: apiVersionsDoc()
        }
      group = ''
      version = parts[1]!
      rest = parts.slice(2)
    } else if (parts[0] === 'apis') {
      if (parts.length === 1)
        return {
          group: '',
          version: '',
          namespace: '',
          discovery: apiGroupListDoc()
        }
      group = parts[1]!
      if (parts.length === 2)
        return hasGroupVersion(group, 'v1')
          ? { group, version: '', namespace: '', discovery: apiGroupDoc(group) }
          : undefined
      version = parts[2]!
      rest = parts.slice(3)
    } else return undefined
    if (!hasGroupVersion(group, version)) return undefined
    if (rest.length === 0)
      return {
        group,
        version,
        namespace: '',
        discovery: apiResourceListDoc(group, version)
      }
    let namespace = ''
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1]!
      rest = rest.slice(2)
    }
    const resource = findResource(group, version, rest[0]!)
    if (resource === undefined) return undefined
    if (!resource.namespaced && namespace !== '') return undefined
    const name = rest[1]
    const subresource = rest[2]
    if (
      subresource !== undefined &&
      !resource.subresources.includes(subresource)
    )
      return undefined
    if (rest.length > 3) return undefined
    return { resource, group, version, namespace, name, subresource }
  }

  private wantsTable(req: IncomingMessage): boolean {
    return (req.headers.accept ?? '').includes('as=Table')
  }

  private sendObject(
    req: IncomingMessage,
    res: ServerResponse,
    r: ResourceType,
    obj: Obj,
    q: URLSearchParams
  ): void {
    if (this.wantsTable(req)) {
      return this.sendJson(
        res,
        200,
        toTable(
          r.kind,
          [obj],
          {
            resourceVersion:
              asString(asObj(obj['metadata'])['resourceVersion']) ?? ''
          },
          q.get('includeObject') ?? undefined,
          this.opts.registry.clock.now()
        )
      )
    }
    this.sendJson(res, 200, obj)
  }

  /** pods/log: there is no real process, so the log says what the simulated container did. */
  private sendLog(res: ServerResponse, pod: Obj, q: URLSearchParams): void {
    const statuses = asArray(asObj(pod['status'])['containerStatuses']).map(
      asObj
    )
    const wanted = q.get('container')
    const names = statuses.map((c) => String(c['name']))
    if (wanted === null && names.length > 1)
      throw badRequest(
        `a container name must be specified for pod ${nameOf(pod)}, choose one of: [${names.join(' ')}]`
      )
    const cs = statuses.find((c) => wanted === null || c['name'] === wanted)
    if (cs === undefined)
      throw badRequest(
        `container ${wanted ?? ''} is not valid for pod ${nameOf(pod)}`
      )
    const state = asObj(cs['state'])
    const waiting = asObj(state['waiting'])
    if (
      state['waiting'] !== undefined &&
      waiting['reason'] !== 'CrashLoopBackOff'
    )
      throw badRequest(
        `container "${String(cs['name'])}" in pod "${nameOf(pod)}" is waiting to start: ${String(waiting['reason'])}`
      )
    const lines = [
      `rehearsal: simulated container ${String(cs['name'])} (image ${String(cs['image'])}) started`
    ]
    if (
      Number(cs['restartCount'] ?? 0) > 0 ||
      waiting['reason'] === 'CrashLoopBackOff'
    )
      lines.push('rehearsal: simulated crash (exit code 1)')
    const text = lines.join('\n') + '\n'
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(text)
    })
    res.end(text)
  }

  private selectors(q: URLSearchParams): {
    labels: LabelRequirement[]
    fields: FieldRequirement[]
  } {
    try {
      return {
        labels: parseLabelSelector(q.get('labelSelector') ?? ''),
        fields: parseFieldSelector(q.get('fieldSelector') ?? '')
      }
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.message)
      throw err
    }
  }

  private list(
    req: IncomingMessage,
    res: ServerResponse,
    r: ResourceType,
    ns: string,
    q: URLSearchParams
  ): void {
    const store = this.opts.registry.store
    const { labels, fields } = this.selectors(q)
    const limit = Number(q.get('limit') ?? 0)
    const cont = q.get('continue') ?? ''
    let start = ''
    let rv = store.currentRevision
    if (cont !== '') {
      let token: { rv?: number; start?: string }
      try {
        token = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as {
          rv?: number
          start?: string
        }
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data')
      }
      if ((token.rv ?? 0) < store.oldestResumable)
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'
        )
      start = token.start ?? ''
      rv = token.rv ?? rv
    }
    const items = store
      .peekAll(storeKey(r), ns === '' ? undefined : ns)
      .filter(
        (o) =>
          matchesLabelRequirements(labels, labelsOf(o)) &&
          matchesFieldRequirements(fields, o)
      )
      .map((o) => ({ key: `${namespaceOf(o)}/${nameOf(o)}`, o }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .filter((x) => x.key > start)
    const meta: Obj = { resourceVersion: String(rv) }
    let page = items
    if (limit > 0 && items.length > limit) {
      page = items.slice(0, limit)
      meta['continue'] = Buffer.from(
        JSON.stringify({ rv, start: page[page.length - 1]!.key })
      ).toString('base64')
      meta['remainingItemCount'] = items.length - limit
    }
    const objs = page.map((x) => x.o)
    if (this.wantsTable(req)) {
      return this.sendJson(
        res,
        200,
        toTable(
          r.kind,
          objs,
          meta,
          q.get('includeObject') ?? undefined,
          this.opts.registry.clock.now()
        )
      )
    }
    this.sendJson(res, 200, {
      kind: `${r.kind}List`,
      apiVersion: groupVersionOf(r),
      metadata: meta,
      items: objs
    })
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    r: ResourceType,
    ns: string,
    q: URLSearchParams
  ): void {
    const store = this.opts.registry.store
    const { labels, fields } = this.selectors(q)
    const key = storeKey(r)
    const matches = (o: Obj): boolean =>
      (ns === '' || namespaceOf(o) === ns) &&
      matchesLabelRequirements(labels, labelsOf(o)) &&
      matchesFieldRequirements(fields, o)
    res.writeHead(200, {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked'
    })
    res.flushHeaders()
    const table = this.wantsTable(req)
    let sentColumns = false
    const write = (type: string, object: unknown): void => {
      let out = object
      if (
        table &&
        (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
      ) {
        const o = object as Obj
        const t = toTable(
          r.kind,
          [o],
          {
            resourceVersion:
              asString(asObj(o['metadata'])['resourceVersion']) ?? ''
          },
          q.get('includeObject') ?? undefined,
          this.opts.registry.clock.now()
        )
        if (sentColumns) t['columnDefinitions'] = []
        sentColumns = true
        out = t
      }
      res.write(JSON.stringify({ type, object: out }) + '\n')
    }
    const rvParam = q.get('resourceVersion') ?? ''
    const inside = new Set<string>()
    const send = (e: StoreEvent): void => {
      const k = `${namespaceOf(e.object)}/${nameOf(e.object)}`
      const m = matches(e.object)
      if (e.type === 'DELETED') {
        if (inside.delete(k) || m) write('DELETED', e.object)
        return
      }
      if (m) {
        write(inside.has(k) ? e.type : 'ADDED', e.object)
        inside.add(k)
      } else if (inside.delete(k)) write('DELETED', e.object)
    }
    const initial =
      q.get('sendInitialEvents') === 'true' || rvParam === '' || rvParam === '0'
    if (initial) {
      for (const o of store.peekAll(key))
        if (matches(o)) {
          inside.add(`${namespaceOf(o)}/${nameOf(o)}`)
          write('ADDED', o)
        }
      if (q.get('sendInitialEvents') === 'true')
        write('BOOKMARK', {
          kind: r.kind,
          apiVersion: groupVersionOf(r),
          metadata: {
            resourceVersion: String(store.currentRevision),
            annotations: { 'k8s.io/initial-events-end': 'true' }
          }
        })
    } else {
      const rv = Number(rvParam)
      const replay = Number.isFinite(rv)
        ? store.eventsSince(key, rv)
        : undefined
      if (replay === undefined) {
        write(
          'ERROR',
          expired(
            `too old resource version: ${rvParam} (${store.oldestResumable})`
          ).body()
        )
        res.end()
        return
      }
      for (const o of store.peekAll(key))
        if (matches(o) && Number(asObj(o['metadata'])['resourceVersion']) <= rv)
          inside.add(`${namespaceOf(o)}/${nameOf(o)}`)
      for (const e of replay) send(e)
    }
    const unsubscribe = store.subscribe((e) => {
      if (e.resource === key) send(e)
    })
    const timers: NodeJS.Timeout[] = []
    const stop = (): void => {
      unsubscribe()
      for (const t of timers) clearTimeout(t)
      this.watches.delete(stop)
      if (!res.writableEnded) res.end()
    }
    this.watches.add(stop)
    if (q.get('allowWatchBookmarks') === 'true') {
      const t = setInterval(
        () =>
          write('BOOKMARK', {
            kind: r.kind,
            apiVersion: groupVersionOf(r),
            metadata: { resourceVersion: String(store.currentRevision) }
          }),
        this.opts.bookmarkIntervalMs ?? 1000
      )
      timers.push(t)
    }
    const timeout = Number(q.get('timeoutSeconds') ?? 0)
    if (timeout > 0) timers.push(setTimeout(stop, timeout * 1000))
    const cut = this.opts.faults?.watchCutAfterMs(r.resource)
    if (cut !== undefined) timers.push(setTimeout(() => res.destroy(), cut))
    req.on('close', stop)
    res.on('close', stop)
  }
}

function verbOf(method: string, route: Route, isWatch: boolean): string {
  const single = route.name !== undefined
  switch (method) {
    case 'GET':
      return isWatch ? 'watch' : single ? 'get' : 'list'
    case 'POST':
      if (single && route.subresource !== 'eviction') throw methodNotAllowed()
      return 'create'
    case 'PUT':
      if (!single) throw methodNotAllowed()
      return 'update'
    case 'PATCH':
      if (!single) throw methodNotAllowed()
      return 'patch'
    case 'DELETE':
      return single ? 'delete' : 'deletecollection'
    default:
      throw methodNotAllowed()
  }
}

function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0]!.trim()
  switch (ct) {
    case 'application/merge-patch+json':
      return 'merge'
    case 'application/strategic-merge-patch+json':
      return 'strategic'
    case 'application/json-patch+json':
      return 'json'
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply'
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`
      )
  }
}

/** The default field manager: the user agent up to the first `/`, as the API server derives it. */
function managerFromAgent(agent: string | undefined): string {
  const a = (agent ?? 'unknown').split('/')[0]!
  return a.length > 128 ? a.slice(0, 128) : a
}

/**
 * The API server's default `--max-request-body-bytes` (3 MiB): a larger
 * body is refused with 413 before it is all read.
 */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024

function tooLarge(): ApiError {
  return new ApiError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`,
    undefined,
    { Connection: 'close' }
  )
}

/** The body's bytes, bounded by MAX_REQUEST_BODY_BYTES. */
async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BODY_BYTES) {
    req.resume()
    throw tooLarge()
  }
  return await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer): void => {
      size += c.length
      if (size <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(c)
        return
      }
      // Refuse now; the rest is read and dropped (not destroyed) so the
      // 413 still reaches the client.
      req.off('data', onData)
      chunks.length = 0
      req.resume()
      reject(tooLarge())
    }
    req.on('data', onData)
    req.once('end', () => resolve(Buffer.concat(chunks)))
    req.once('error', reject)
  })
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [await readBodyBytes(req)]
  const ct0 = req.headers['content-type'] ?? ''
  if (ct0.includes('protobuf')) {
    try {
      return decodeKubeProtobuf(Buffer.concat(chunks))
    } catch (err) {
      if (err instanceof ProtobufError)
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          `the body of the request could not be decoded: ${err.message}`
        )
      throw err
    }
  }
  if (ct0.includes('cbor'))
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'
    )
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  const ct = req.headers['content-type'] ?? ''
  try {
    // One linear pass bounds the nesting before a parser sees the text; a
    // YAML body must not refer to itself (body-bounds.ts).
    checkBodyNesting(text)
    if (ct.includes('yaml')) {
      const value = parseYaml(text, { version: '1.1' }) as unknown
      checkAcyclic(value)
      return value
    }
    return JSON.parse(text) as unknown
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
