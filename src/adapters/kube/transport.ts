import http from 'node:http'
import https from 'node:https'
import { createInterface } from 'node:readline'
import type { KubeConfig } from '@kubernetes/client-node'
import { KubeApiError, kubeApiErrorFrom } from './errors.js'

/**
 * The one request layer to the Kubernetes API: raw JSON over HTTP(S) with
 * the kubeconfig's credentials, TLS settings and proxy
 * (`applyToHTTPSOptions`). No generated client classes: their typed models
 * drop unknown fields and turn timestamps into Dates, and we diff and patch
 * back what we read; they are also most of the bundle.
 *
 * Every error is a {@link KubeApiError}: an error answer carries the API's
 * Status, an unreachable server is status 0, reason `Unreachable`. Never
 * headers or credentials.
 */

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** API path, e.g. /apis/apps/v1/namespaces/x/daemonsets/y */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: string
  contentType?: string
  /** What the call is about, for error messages: "daemonset kube-system/agent". */
  object: string
  signal?: AbortSignal
  /** False: one attempt, the caller retries in its own way (default true). */
  retry?: boolean
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number
  /** First back-off; doubles per attempt. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 4000
}

/** Counts requests by verb, so runs can report what they cost the API server. */
export interface RequestCounter {
  total: number
  byKind: Record<string, number>
  /** Requests repeated after a 429/5xx/409 or a dropped connection. */
  retries: number
}

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

export interface TransportLimits {
  /** Deadline of one request (not of a watch), default 60 s. */
  requestTimeoutMs?: number
  /** Largest response body read, default 256 MiB. */
  maxResponseBytes?: number
}

export class KubeTransport {
  readonly server: string
  readonly counter: RequestCounter = { total: 0, byKind: {}, retries: 0 }
  private readonly requestTimeoutMs: number
  private readonly maxResponseBytes: number

  constructor(
    private readonly kc: KubeConfig,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
    limits: TransportLimits = {}
  ) {
    const cluster = kc.getCurrentCluster()
    if (cluster === null) throw new Error('kubeconfig selects no cluster')
    this.server = cluster.server.replace(/\/+$/, '')
    this.requestTimeoutMs = limits.requestTimeoutMs ?? 60_000
    this.maxResponseBytes = limits.maxResponseBytes ?? 256 * 1024 * 1024
  }

  /**
   * Sends a request with bounded retries (429, 5xx, optimistic-concurrency
   * 409 on writes, dropped connections; Retry-After honoured) and resolves
   * to the parsed JSON body.
   */
  async json<T>(req: KubeRequest): Promise<T> {
    let attempt = 0
    for (;;) {
      attempt += 1
      try {
        const { status, retryAfter, text } = await this.exchange(req)
        if (status >= 200 && status < 300)
          return (text === '' ? {} : JSON.parse(text)) as T
        const error = kubeApiErrorFrom(status, text, req.object)
        if (this.mayRetry(attempt, req) && this.retryable(error, req)) {
          this.counter.retries += 1
          await this.sleep(
            retryAfter !== undefined
              ? Math.min(retryAfter * 1000, this.retry.maxDelayMs)
              : this.delay(attempt)
          )
          continue
        }
        throw error
      } catch (err) {
        if (err instanceof KubeApiError) throw err
        if (this.mayRetry(attempt, req) && this.retryable(err, req)) {
          this.counter.retries += 1
          await this.sleep(this.delay(attempt))
          continue
        }
        throw new KubeApiError(
          0,
          'Unreachable',
          `cannot reach the API server ${this.server}: ${describeNetworkError(err)}`,
          req.object
        )
      }
    }
  }

  /**
   * Opens a watch stream and hands each newline-delimited JSON event to
   * `onEvent`. Resolves when the server ends the stream cleanly (its
   * timeout); rejects with a KubeApiError on an error answer, and with an
   * Error when the connection drops, a line is not JSON, `onEvent` throws,
   * or nothing arrives for `idleMs`.
   */
  async watch(
    req: KubeRequest,
    onEvent: (event: WatchEvent) => void,
    idleMs: number
  ): Promise<void> {
    const res = await this.open(req, req.signal)
    const status = res.statusCode ?? 0
    if (status < 200 || status >= 300)
      throw kubeApiErrorFrom(
        status,
        await readText(res, 1024 * 1024),
        req.object
      )
    await streamEvents(res, onEvent, idleMs)
  }

  /** One request and its whole answer, within the request deadline. */
  private async exchange(req: KubeRequest): Promise<{
    status: number
    retryAfter: number | undefined
    text: string
  }> {
    const deadline = AbortSignal.timeout(this.requestTimeoutMs)
    const signal =
      req.signal === undefined
        ? deadline
        : AbortSignal.any([req.signal, deadline])
    const res = await this.open(req, signal)
    const text = await readText(res, this.maxResponseBytes)
    const retryAfter = Number(res.headers['retry-after'])
    return {
      status: res.statusCode ?? 0,
      retryAfter:
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      text
    }
  }

  /** Sends the request line, headers and body; resolves when the answer's headers arrive. */
  private async open(
    req: KubeRequest,
    signal: AbortSignal | undefined
  ): Promise<http.IncomingMessage> {
    const url = new URL(this.server + req.path)
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v))
    const opts: https.RequestOptions = {
      method: req.method,
      headers: { Accept: 'application/json' }
    }
    await this.kc.applyToHTTPSOptions(opts)
    const headers = { ...(opts.headers as Record<string, string>) }
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(req.body))
    }
    this.count(req)
    const mod = url.protocol === 'http:' ? http : https
    return await new Promise((resolve, reject) => {
      const r = mod.request(url, { ...opts, headers, signal }, resolve)
      r.on('error', reject)
      if (req.body !== undefined) r.write(req.body)
      r.end()
    })
  }

  private count(req: KubeRequest): void {
    const watch =
      req.query?.['watch'] === true || req.query?.['watch'] === 'true'
    const kind = watch ? 'WATCH' : req.method
    this.counter.total += 1
    this.counter.byKind[kind] = (this.counter.byKind[kind] ?? 0) + 1
  }

  private mayRetry(attempt: number, req: KubeRequest): boolean {
    return req.retry !== false && attempt < this.retry.attempts
  }

  private retryable(err: unknown, req: KubeRequest): boolean {
    if (err instanceof KubeApiError) {
      if (err.status === 429 || err.status >= 500) return true
      // Optimistic-concurrency conflicts on writes are worth a retry;
      // server-side apply field-ownership conflicts are not (they need --force).
      if (err.status === 409 && req.method !== 'GET') {
        return (
          err.reason === 'Conflict' &&
          !err.causes.some((c) => c.reason === 'FieldManagerConflict')
        )
      }
      return false
    }
    // The caller gave up: no retry. A reset, a refused connection or our
    // own deadline: transient.
    if (req.signal?.aborted === true) return false
    return err instanceof Error
  }

  private delay(attempt: number): number {
    return Math.min(
      this.retry.baseDelayMs * 2 ** (attempt - 1),
      this.retry.maxDelayMs
    )
  }
}

/** A response body as text; more than `limitBytes` destroys the stream and throws. */
async function readText(
  res: http.IncomingMessage,
  limitBytes: number
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limitBytes) {
      res.destroy()
      throw new Error(`response larger than ${limitBytes} bytes`)
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads a watch stream line by line until it ends, fails or idles (see KubeTransport.watch). */
function streamEvents(
  res: http.IncomingMessage,
  onEvent: (event: WatchEvent) => void,
  idleMs: number
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined
    let settled = false
    const finish = (err?: Error): void => {
      if (settled) return
      settled = true
      if (idle !== undefined) clearTimeout(idle)
      res.destroy()
      if (err === undefined) resolve()
      else reject(err)
    }
    const touch = (): void => {
      if (idle !== undefined) clearTimeout(idle)
      idle = setTimeout(() => finish(new Error('watch idle timeout')), idleMs)
      idle.unref()
    }
    touch()
    res.on('data', touch)
    res.on('error', (err) => finish(err))
    res.on('aborted', () => finish(new Error('watch connection aborted')))
    const lines = createInterface({ input: res, crlfDelay: Infinity })
    // readline re-emits the input's errors; unhandled they would crash.
    lines.on('error', (err) => finish(err))
    lines.on('line', (line) => {
      if (settled || line.trim() === '') return
      let event: unknown
      try {
        event = JSON.parse(line)
      } catch {
        finish(new Error('watch stream sent a line that is not JSON'))
        return
      }
      const e = event as { type?: unknown; object?: unknown }
      if (typeof e.type !== 'string') return
      try {
        onEvent({ type: e.type as WatchEvent['type'], object: e.object })
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)))
      }
    })
    lines.on('close', () => {
      // A stream cut mid-response emits 'aborted'/'error' first; a clean
      // end (server timeout) only closes.
      setImmediate(() =>
        finish(res.complete ? undefined : new Error('watch connection dropped'))
      )
    })
  })
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'AbortError' || err.name === 'TimeoutError')
      return 'no answer in time'
    const cause = (err as { cause?: unknown }).cause
    if (cause instanceof Error) return cause.message
    return err.message.split('\n')[0] ?? 'network error'
  }
  return String(err)
}
