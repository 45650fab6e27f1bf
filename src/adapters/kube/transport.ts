import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig
} from '@kubernetes/client-node'
import { KubeApiError, kubeApiErrorFrom } from './errors.js'

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

/**
 * Raw JSON over client-node's own request path (kubeconfig auth, TLS
 * dispatcher, undici), without its typed models: those drop unknown fields
 * and turn timestamps into Dates, and we diff and patch back what we read.
 */
export class KubeTransport {
  readonly server: string
  readonly counter: RequestCounter = { total: 0, byKind: {}, retries: 0 }
  private readonly http = new IsomorphicFetchHttpLibrary()
  private readonly kc: KubeConfig
  private readonly retry: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>

  constructor(
    kc: KubeConfig,
    retry: RetryPolicy = DEFAULT_RETRY,
    sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms))
  ) {
    this.kc = kc
    this.retry = retry
    this.sleep = sleep
    const cluster = kc.getCurrentCluster()
    if (cluster === null) throw new Error('kubeconfig selects no cluster')
    this.server = cluster.server.replace(/\/+$/, '')
  }

  private count(req: KubeRequest): void {
    const watch =
      req.query?.['watch'] === true || req.query?.['watch'] === 'true'
    const kind = watch ? 'WATCH' : req.method
    this.counter.total += 1
    this.counter.byKind[kind] = (this.counter.byKind[kind] ?? 0) + 1
  }

  private async send(req: KubeRequest): Promise<{
    status: number
    headers: Record<string, string>
    body: {
      text(): Promise<string>
      stream(): ReadableStream<Uint8Array> | null
    }
  }> {
    const url = new URL(this.server + req.path)
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v))
    }
    const ctx = new RequestContext(url.toString(), req.method as HttpMethod)
    ctx.setHeaderParam('Accept', 'application/json')
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json')
      ctx.setBody(req.body)
    }
    if (req.signal !== undefined) ctx.setSignal(req.signal)
    await this.kc.applySecurityAuthentication(ctx)
    this.count(req)
    const response = await this.http.send(ctx).toPromise()
    return {
      status: response.httpStatusCode,
      headers: response.headers,
      body: response.body
    }
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
    if (req.signal?.aborted === true) return false
    // Connection reset / refused: transient.
    return err instanceof Error && err.name !== 'AbortError'
  }

  /** Sends a request with bounded retries; resolves to the parsed JSON body. */
  async json<T>(req: KubeRequest): Promise<T> {
    let attempt = 0
    for (;;) {
      attempt += 1
      try {
        const res = await this.send(req)
        const text = await res.body.text()
        if (res.status >= 200 && res.status < 300) {
          return (text === '' ? {} : JSON.parse(text)) as T
        }
        const error = kubeApiErrorFrom(res.status, text, req.object)
        const retryAfter = Number(res.headers['retry-after'])
        if (attempt < this.retry.attempts && this.retryable(error, req)) {
          this.counter.retries += 1
          await this.sleep(
            Number.isFinite(retryAfter) && retryAfter > 0
              ? Math.min(retryAfter * 1000, this.retry.maxDelayMs)
              : this.delay(attempt)
          )
          continue
        }
        throw error
      } catch (err) {
        if (err instanceof KubeApiError) throw err
        if (attempt < this.retry.attempts && this.retryable(err, req)) {
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

  private delay(attempt: number): number {
    return Math.min(
      this.retry.baseDelayMs * 2 ** (attempt - 1),
      this.retry.maxDelayMs
    )
  }

  /**
   * Opens a watch stream and hands each newline-delimited JSON event to
   * onEvent. Resolves when the server closes the stream; rejects on an
   * error response or a dropped connection.
   */
  async watch(
    req: KubeRequest,
    onEvent: (event: { type: string; object: unknown }) => void
  ): Promise<void> {
    const res = await this.send(req)
    if (res.status < 200 || res.status >= 300) {
      throw kubeApiErrorFrom(res.status, await res.body.text(), req.object)
    }
    const stream = res.body.stream()
    if (stream === null) return
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = stream.getReader()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let newline = buffer.indexOf('\n')
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim()
          buffer = buffer.slice(newline + 1)
          if (line !== '') emitLine(line, onEvent)
          newline = buffer.indexOf('\n')
        }
      }
      const rest = buffer.trim()
      if (rest !== '') emitLine(rest, onEvent)
    } finally {
      reader.releaseLock()
    }
  }
}

function emitLine(
  line: string,
  onEvent: (event: { type: string; object: unknown }) => void
): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const e = parsed as Record<string, unknown>
    if (typeof e['type'] === 'string')
      onEvent({ type: e['type'], object: e['object'] })
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause
    if (cause instanceof Error) return cause.message
    return err.message.split('\n')[0] ?? 'network error'
  }
  return String(err)
}
