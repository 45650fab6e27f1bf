import { randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { ApiError, errorBody } from './api-error.js'
import type { Authenticator, Identity } from './auth.js'
import { formatPrometheus, ServiceMetrics } from './metrics.js'
import { PlanPool } from './plan-pool.js'
import { checkJsonContentType, parsePlanFormat } from './plan-request.js'
import { RateLimiter, type RateLimitOptions } from './rate-limit.js'
import { readBody } from './read-body.js'
import { writeStreamed } from './write-streamed.js'
import { resolveRoute, routeLabel, type RouteName } from './routes.js'
import type { SnapshotSource } from './snapshot-source.js'
import { bearerToken } from './tokens.js'
import type { Snapshot } from '../core/snapshot/types.js'
import {
  DEFAULT_INPUT_LIMITS,
  type InputLimits
} from '../core/manifests/input-bounds.js'
import type {
  AnswerLimits,
  SharedSnapshot,
  WorkerReply,
  WorkerTask
} from './worker/task.js'

export interface ServiceLimits {
  /** Largest accepted request body (413 above). */
  maxBodyBytes: number
  /** Time allowed to receive the request headers. */
  headersTimeoutMs: number
  /** Time allowed to receive the whole request. */
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
  /** Per authenticated client. */
  rateLimit: RateLimitOptions
  /** Per source address, for requests that fail authentication. */
  authFailureRateLimit: RateLimitOptions
  /** Worker threads for plan and snapshot requests. */
  workers: number
  /** Requests that may wait for a worker (503 beyond). */
  maxQueue: number
  /** Plan and snapshot requests one client may have in progress (429 beyond). */
  maxInFlightPerClient: number
  /** Time limit of one plan or snapshot request in its worker, waiting included. */
  planTimeoutMs: number
  /** Heap cap of each worker, in MB. */
  workerHeapMb: number
  /** Most DaemonSets per side (head, base) of one plan request. */
  maxDaemonSets: number
  /** Largest answer before compression (413 above). */
  maxResponseBytes: number
  /** Time a client has to read its whole answer before it is cut off. */
  sendTimeoutMs: number
  /** The pre-check's limits for bodies and manifest texts. */
  input: InputLimits
}

export const DEFAULT_LIMITS: ServiceLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  rateLimit: { ratePerSecond: 10, burst: 30 },
  authFailureRateLimit: { ratePerSecond: 1, burst: 10 },
  workers: Math.max(2, Math.min(4, availableParallelism())),
  maxQueue: 16,
  /** Derived from `workers` (workers - 1, at least 1) unless given. */
  maxInFlightPerClient: 0,
  planTimeoutMs: 20_000,
  workerHeapMb: 1024,
  maxDaemonSets: 200,
  maxResponseBytes: 64 * 1024 * 1024,
  sendTimeoutMs: 60_000,
  input: { ...DEFAULT_INPUT_LIMITS }
}

export interface AnalysisServiceOptions {
  source: SnapshotSource
  authenticator: Authenticator
  tls?: { cert: string | Buffer; key: string | Buffer }
  limits?: Partial<ServiceLimits>
  /** One JSON line per request and per notable event; never tokens or bodies. */
  log?: (line: string) => void
  now?: () => number
}

interface Reply {
  status: number
  contentType: string
  body: string | Uint8Array
  /** The body is already gzipped. */
  gzipped?: boolean
  headers?: Record<string, string>
}

function json(status: number, value: unknown): Reply {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(value) + '\n'
  }
}

/**
 * The analysis service's HTTP server: authentication, rate limits, size
 * limits and timeouts around the plan engine and the cluster view.
 */
export class AnalysisService {
  readonly server: http.Server
  readonly metrics = new ServiceMetrics()
  private readonly source: SnapshotSource
  private readonly auth: Authenticator
  private readonly limits: ServiceLimits
  private readonly clients: RateLimiter
  private readonly authFailures: RateLimiter
  private readonly log: (line: string) => void
  private readonly now: () => number
  private readonly pool: PlanPool
  private readonly inFlightByClient = new Map<string, number>()
  private shared: { of: Snapshot; shared: SharedSnapshot } | undefined
  private snapshotVersion = 0
  private shuttingDown = false

  constructor(options: AnalysisServiceOptions) {
    this.source = options.source
    this.auth = options.authenticator
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    if (!(this.limits.maxInFlightPerClient >= 1)) {
      this.limits.maxInFlightPerClient = Math.max(1, this.limits.workers - 1)
    }
    this.clients = new RateLimiter(this.limits.rateLimit)
    this.authFailures = new RateLimiter(this.limits.authFailureRateLimit)
    this.log = options.log ?? (() => {})
    this.now = options.now ?? Date.now
    this.pool = new PlanPool(
      {
        workers: this.limits.workers,
        maxQueue: this.limits.maxQueue,
        timeoutMs: this.limits.planTimeoutMs,
        heapMb: this.limits.workerHeapMb
      },
      (message) =>
        this.log(
          JSON.stringify({
            time: new Date(this.now()).toISOString(),
            msg: message
          })
        )
    )
    const handler = (
      req: http.IncomingMessage,
      res: http.ServerResponse
    ): void => {
      void this.handle(req, res)
    }
    const serverOptions: http.ServerOptions = {
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      keepAliveTimeout: this.limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.min(
        1000,
        this.limits.headersTimeoutMs,
        this.limits.requestTimeoutMs
      )
    }
    this.server =
      options.tls === undefined
        ? http.createServer(serverOptions, handler)
        : https.createServer(
            { ...serverOptions, cert: options.tls.cert, key: options.tls.key },
            handler
          )
    this.server.maxHeadersCount = 100
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) {
        socket.destroy()
        return
      }
      const [status, code, message] =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [
              '408 Request Timeout',
              'request-timeout',
              'the request was not received in time'
            ]
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? [
                '431 Request Header Fields Too Large',
                'headers-too-large',
                'the request headers are too large'
              ]
            : ['400 Bad Request', 'bad-request', 'malformed HTTP request']
      this.metrics.recordRejection(code)
      socket.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n` +
          JSON.stringify({ error: { code, message } })
      )
    })
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    return this.server.address() as AddressInfo
  }

  /**
   * Stops taking connections, lets requests in flight finish for up to
   * `graceMs`, then closes what is left. /readyz fails from the first
   * moment so load balancers stop sending traffic.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.shuttingDown = true
    const closed = new Promise<void>((resolve) =>
      this.server.close(() => resolve())
    )
    this.server.closeIdleConnections()
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs)
    timer.unref()
    await closed
    clearTimeout(timer)
    await this.pool.close()
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const started = performance.now()
    const requestId = randomUUID()
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const decision = resolveRoute(method, url)
    const label = routeLabel(decision)
    let client = 'anonymous'
    let reply: Reply
    // Work for a client that went away is stopped (its worker terminated).
    const gone = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) gone.abort()
    })
    try {
      if (decision.kind === 'not-found') {
        throw new ApiError(
          404,
          'not-found',
          'no such endpoint; see /v1/plan and /v1/snapshot'
        )
      }
      if (decision.kind === 'method-not-allowed') {
        throw new ApiError(405, 'method-not-allowed', `use ${decision.allow}`, {
          headers: { Allow: decision.allow }
        })
      }
      const route = decision.route
      if (route.auth) {
        const identity = await this.authenticate(req)
        client = identity.id
        this.rateLimit(this.clients, identity.id, 'rate-limited')
      }
      reply = await this.dispatch(route.name, req, url, gone.signal, client)
    } catch (err) {
      if (gone.signal.aborted) {
        this.metrics.recordRejection('client-gone')
        this.log(
          JSON.stringify({
            time: new Date(this.now()).toISOString(),
            msg: 'client went away',
            requestId,
            route: label,
            client
          })
        )
        return
      }
      reply = this.errorReply(err, label)
    }
    this.send(req, res, reply, requestId)
    const seconds = (performance.now() - started) / 1000
    this.metrics.recordRequest(label, reply.status, seconds)
    if (label !== 'healthz' && label !== 'readyz' && label !== 'metrics') {
      this.log(
        JSON.stringify({
          time: new Date(this.now()).toISOString(),
          msg: 'request',
          requestId,
          method,
          route: label,
          status: reply.status,
          ms: Math.round(seconds * 1000),
          client
        })
      )
    }
  }

  private errorReply(err: unknown, label: string): Reply {
    if (err instanceof ApiError) {
      if (err.status === 401) this.metrics.recordRejection('unauthenticated')
      if (err.status === 413) this.metrics.recordRejection('too-large')
      if (err.status === 429) this.metrics.recordRejection('rate-limited')
      if (err.code === 'busy') this.metrics.recordRejection('busy')
      if (err.code === 'too-many-daemonsets')
        this.metrics.recordRejection('too-many-daemonsets')
      if (err.code === 'answer-too-large')
        this.metrics.recordRejection('answer-too-large')
      if (err.code === 'plan-timeout') this.metrics.recordRejection('timed-out')
      if (err.code === 'plan-out-of-memory')
        this.metrics.recordRejection('out-of-memory')
      return { ...json(err.status, errorBody(err)), headers: err.headers }
    }
    // An engine bug: say so without the details (they may quote manifests).
    this.log(
      JSON.stringify({
        time: new Date(this.now()).toISOString(),
        msg: 'internal error',
        route: label,
        error: err instanceof Error ? err.name : typeof err
      })
    )
    return json(500, {
      error: {
        code: 'internal',
        message: 'internal error while handling the request'
      }
    })
  }

  private rateLimit(limiter: RateLimiter, key: string, code: string): void {
    const decision = limiter.take(key, this.now())
    if (!decision.allowed) {
      throw new ApiError(
        429,
        code,
        `too many requests; retry in ${decision.retryAfterSeconds} s`,
        { headers: { 'Retry-After': String(decision.retryAfterSeconds) } }
      )
    }
  }

  private async authenticate(req: http.IncomingMessage): Promise<Identity> {
    const token = bearerToken(req.headers.authorization)
    const address = `addr:${req.socket.remoteAddress ?? 'unknown'}`
    const local = token === undefined ? 'rejected' : this.auth.known(token)
    if (local !== 'rejected' && local !== 'unknown') return local
    // A token only a TokenReview can judge: a client over its failed-login
    // limit is refused before the review, so guessing costs the API server
    // nothing.
    if (local === 'unknown' && !this.authFailures.check(address, this.now())) {
      this.rateLimit(this.authFailures, address, 'rate-limited')
    }
    let identity: Identity | undefined
    try {
      identity =
        token === undefined || local === 'rejected'
          ? undefined
          : await this.auth.authenticate(token)
    } catch {
      // TokenReview unreachable or forbidden: not the caller's fault, and
      // not a reason to let them in.
      throw new ApiError(
        503,
        'auth-unavailable',
        'cannot check the token right now; retry shortly',
        { headers: { 'Retry-After': '5' } }
      )
    }
    if (identity !== undefined) return identity
    // Failed attempts are limited per source address, so guessing is slow.
    this.rateLimit(this.authFailures, address, 'rate-limited')
    throw new ApiError(
      401,
      'unauthenticated',
      token === undefined
        ? 'send a bearer token: Authorization: Bearer <token>'
        : 'the bearer token is not accepted',
      { headers: { 'WWW-Authenticate': 'Bearer realm="ds-rollout"' } }
    )
  }

  private async dispatch(
    route: RouteName,
    req: http.IncomingMessage,
    url: string,
    cancel: AbortSignal,
    client: string
  ): Promise<Reply> {
    const nowMs = this.now()
    switch (route) {
      case 'healthz':
        return json(200, { status: 'ok' })
      case 'readyz': {
        const ready = this.source.ready() && !this.shuttingDown
        return json(ready ? 200 : 503, {
          status: ready
            ? 'ready'
            : this.shuttingDown
              ? 'shutting-down'
              : 'waiting-for-first-list'
        })
      }
      case 'metrics': {
        const counts = this.source.counts()
        return {
          status: 200,
          contentType: 'text/plain; version=0.0.4; charset=utf-8',
          body: formatPrometheus(
            this.metrics.families(
              {
                ready: this.source.ready(),
                snapshotAgeSeconds: this.source.ageSeconds(nowMs),
                nodes: counts.nodes,
                pods: counts.pods,
                watchRestarts: this.source.watchRestarts()
              },
              {
                ...this.pool.counters,
                inFlight: this.pool.size(),
                waiting: this.pool.waiting()
              }
            )
          )
        }
      }
      case 'snapshot': {
        const snapshot = this.sharedSnapshot(nowMs)
        return await this.runInWorker(
          {
            kind: 'snapshot',
            gzip: acceptsGzip(req.headers['accept-encoding']),
            snapshot,
            limits: this.answerLimits()
          },
          cancel,
          client
        )
      }
      case 'plan': {
        const format = parsePlanFormat(url)
        checkJsonContentType(req.headers['content-type'])
        // Only bounded reading happens here; parsing is the worker's.
        const body = await readBody(req, this.limits.maxBodyBytes)
        const snapshot = this.sharedSnapshot(nowMs)
        const reply = await this.runInWorker(
          {
            kind: 'plan',
            body,
            format,
            gzip: acceptsGzip(req.headers['accept-encoding']),
            snapshot,
            limits: this.answerLimits()
          },
          cancel,
          client
        )
        return reply
      }
    }
  }

  private answerLimits(): AnswerLimits {
    return {
      maxDaemonSets: this.limits.maxDaemonSets,
      maxResponseBytes: this.limits.maxResponseBytes,
      input: this.limits.input
    }
  }

  private async runInWorker(
    task: WorkerTask,
    cancel: AbortSignal,
    client: string
  ): Promise<Reply> {
    // One client holds at most maxInFlightPerClient workers, so with two or
    // more workers another client always finds one free.
    const held = this.inFlightByClient.get(client) ?? 0
    if (held >= this.limits.maxInFlightPerClient) {
      throw new ApiError(
        429,
        'too-many-in-flight',
        `this client already has ${held} request(s) in progress (the limit per client); retry when one has finished`,
        { headers: { 'Retry-After': '1' } }
      )
    }
    this.inFlightByClient.set(client, held + 1)
    let result: WorkerReply
    try {
      result = await this.pool.run(task, cancel, isHeavy(task))
    } finally {
      const now = (this.inFlightByClient.get(client) ?? 1) - 1
      if (now === 0) this.inFlightByClient.delete(client)
      else this.inFlightByClient.set(client, now)
    }
    if (!result.ok) {
      throw new ApiError(result.status, result.code, result.message, {
        ...(result.headers === undefined ? {} : { headers: result.headers }),
        ...(result.details === undefined ? {} : { details: result.details })
      })
    }
    if (task.kind === 'plan') {
      this.metrics.recordPlan(result.daemonSets, result.bytes)
    }
    return {
      status: 200,
      contentType: result.contentType,
      body: result.body,
      gzipped: result.gzip
    }
  }

  /**
   * The current snapshot as shared JSON bytes, made once per snapshot (the
   * source hands out the same object until the cluster changes).
   */
  private sharedSnapshot(nowMs: number): SharedSnapshot {
    const snapshot = this.source.snapshot(nowMs)
    if (snapshot === undefined) throw notReady()
    if (this.shared?.of !== snapshot) {
      // Encoded straight into shared memory (one copy). This stringify is
      // the one cost per snapshot version left on the event loop (~10 ms
      // for 5,000 nodes, a few hundred ms for 65,000; docs/service.md).
      const text = JSON.stringify(snapshot)
      const sab = new SharedArrayBuffer(Buffer.byteLength(text))
      Buffer.from(sab).write(text)
      this.snapshotVersion++
      this.shared = {
        of: snapshot,
        shared: {
          version: this.snapshotVersion,
          bytes: sab,
          length: sab.byteLength,
          nodes: snapshot.nodes.length
        }
      }
    }
    return this.shared.shared
  }

  private send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    reply: Reply,
    requestId: string
  ): void {
    if (res.headersSent || res.destroyed) return
    // Answers from the workers come compressed when the client takes it;
    // small answers made here (errors, probes, metrics) are compressed here
    // only when they are big enough to gain.
    let body: string | Uint8Array = reply.body
    const headers: Record<string, string | number> = {}
    if (reply.gzipped === true) {
      headers['Content-Encoding'] = 'gzip'
      headers['Vary'] = 'Accept-Encoding'
    } else if (
      typeof reply.body === 'string' &&
      reply.body.length >= GZIP_MIN_BYTES &&
      acceptsGzip(req.headers['accept-encoding'])
    ) {
      body = gzipSync(reply.body, { level: 1 })
      headers['Content-Encoding'] = 'gzip'
      headers['Vary'] = 'Accept-Encoding'
    }
    Object.assign(headers, {
      'Content-Type': reply.contentType,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Request-Id': requestId,
      ...reply.headers
    })
    // After a refused body the rest of it is still on the socket: close the
    // connection instead of reading megabytes we will not use.
    const unread = !req.complete
    if (unread) headers['Connection'] = 'close'
    res.writeHead(reply.status, headers)
    if (req.method === 'HEAD') res.end()
    else writeStreamed(res, body, this.limits.sendTimeoutMs)
    if (unread) {
      // Drain what the client is still sending (discarded) so closing the
      // socket does not reset it before the client reads the response; a
      // client that never stops is cut off.
      req.resume()
      const timer = setTimeout(() => req.destroy(), 5000)
      timer.unref()
      req.once('end', () => clearTimeout(timer))
      req.once('close', () => clearTimeout(timer))
    }
  }
}

const GZIP_MIN_BYTES = 8 * 1024

/**
 * Above this many DaemonSet × node pairs a plan counts as heavy (seconds of
 * work, megabytes of answer): heavy requests share `workers - 1` workers, so
 * a small plan never waits behind them.
 */
const HEAVY_NODE_PLANS = 50_000
/** A snapshot answer this many nodes large counts as heavy too. */
const HEAVY_SNAPSHOT_NODES = 10_000
/** `kind: DaemonSet` in a JSON request body (YAML lines escaped in strings). */
const KIND_DAEMONSET = /kind:[ \t]*(?:\\?["'])?DaemonSet\b/g

/** A cheap estimate, before any parsing, of whether a task is heavy. */
function isHeavy(task: WorkerTask): boolean {
  const nodes = task.snapshot.nodes
  if (task.kind === 'snapshot') return nodes >= HEAVY_SNAPSHOT_NODES
  const daemonSets = task.body.match(KIND_DAEMONSET)?.length ?? 0
  return daemonSets * Math.max(1, nodes) > HEAVY_NODE_PLANS
}
/** Whether an Accept-Encoding header allows gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';')
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  }
  return false
}

function notReady(): ApiError {
  return new ApiError(
    503,
    'not-ready',
    'the cluster view is not loaded yet; retry shortly',
    { headers: { 'Retry-After': '2' } }
  )
}
