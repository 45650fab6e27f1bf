import http from 'node:http'
import https from 'node:https'
import { createInterface } from 'node:readline'
import type { KubeConfig } from '@kubernetes/client-node'

/**
 * Raw JSON access to the Kubernetes API through a KubeConfig: list pages,
 * watch streams and small POSTs. The typed client-node models drop unknown
 * fields and turn timestamps into Dates; the cluster view needs wire JSON,
 * and it needs control of resourceVersion, bookmarks and timeouts, so this
 * talks HTTP itself with the kubeconfig's credentials and TLS settings
 * (`applyToHTTPSOptions`). Errors carry the HTTP status and the API's
 * Status reason, never headers or credentials.
 */

export class KubeHttpError extends Error {
  readonly status: number
  readonly reason: string | undefined
  /** The Status object's own message, when the answer was one. */
  readonly apiMessage: string | undefined
  /** `metadata.continue` of the Status (a 410 Expired list offers one to go on with). */
  readonly continueToken: string | undefined

  constructor(
    status: number,
    message: string,
    reason?: string,
    details?: { apiMessage?: string; continueToken?: string }
  ) {
    super(message)
    this.name = 'KubeHttpError'
    this.status = status
    this.reason = reason
    this.apiMessage = details?.apiMessage
    this.continueToken = details?.continueToken
  }
}

export interface KubeListPage {
  items: unknown[]
  resourceVersion: string
  continue: string | undefined
}

export interface WatchEvent {
  type: string
  object: unknown
}

export interface ListParams {
  limit?: number
  continue?: string
  fieldSelector?: string
}

export interface WatchParams {
  resourceVersion: string
  fieldSelector?: string
  timeoutSeconds: number
  /** Client-side inactivity limit: the stream is dropped when nothing arrives for this long. */
  idleMs: number
}

/** The seam the cluster view uses; tests substitute fakes. */
export interface KubeTransport {
  list(path: string, params: ListParams): Promise<KubeListPage>
  /** Streams events until the server ends the watch (resolves) or it fails (rejects). */
  watch(
    path: string,
    params: WatchParams,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal
  ): Promise<void>
}

function statusMessage(status: number, text: string): KubeHttpError {
  try {
    const parsed = JSON.parse(text) as {
      message?: unknown
      reason?: unknown
      metadata?: { continue?: unknown }
    }
    if (typeof parsed.message === 'string') {
      const token = parsed.metadata?.continue
      return new KubeHttpError(
        status,
        `${status} ${parsed.message}`,
        typeof parsed.reason === 'string' ? parsed.reason : undefined,
        {
          apiMessage: parsed.message,
          ...(typeof token === 'string' && token !== ''
            ? { continueToken: token }
            : {})
        }
      )
    }
  } catch {
    // not a Status object
  }
  return new KubeHttpError(
    status,
    `${status} ${http.STATUS_CODES[status] ?? 'error'}`
  )
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}

export class KubeConfigTransport implements KubeTransport {
  private readonly kc: KubeConfig
  private readonly requestTimeoutMs: number

  constructor(kc: KubeConfig, options?: { requestTimeoutMs?: number }) {
    this.kc = kc
    this.requestTimeoutMs = options?.requestTimeoutMs ?? 60_000
  }

  private async open(
    method: string,
    pathAndQuery: string,
    signal: AbortSignal | undefined,
    body?: string
  ): Promise<http.IncomingMessage> {
    const cluster = this.kc.getCurrentCluster()
    if (cluster === null) throw new Error('kubeconfig selects no cluster')
    const base = new URL(cluster.server)
    const url = new URL(
      base.pathname.replace(/\/$/, '') + pathAndQuery,
      base.origin
    )
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: 'application/json' }
    }
    await this.kc.applyToHTTPSOptions(opts)
    const headers = (opts.headers ?? {}) as Record<string, string>
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const mod = url.protocol === 'http:' ? http : https
    return await new Promise((resolve, reject) => {
      const req = mod.request(url, { ...opts, headers, signal }, (res) =>
        resolve(res)
      )
      req.on('error', (err) => reject(err))
      if (body !== undefined) req.write(body)
      req.end()
    })
  }

  private async readText(
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

  /** A JSON request with a deadline; throws KubeHttpError on non-2xx. */
  async request(
    method: string,
    pathAndQuery: string,
    body?: unknown
  ): Promise<unknown> {
    const signal = AbortSignal.timeout(this.requestTimeoutMs)
    const res = await this.open(
      method,
      pathAndQuery,
      signal,
      body === undefined ? undefined : JSON.stringify(body)
    )
    const text = await this.readText(res, 256 * 1024 * 1024)
    const status = res.statusCode ?? 0
    if (status < 200 || status >= 300) throw statusMessage(status, text)
    return JSON.parse(text) as unknown
  }

  async list(path: string, params: ListParams): Promise<KubeListPage> {
    const data = (await this.request(
      'GET',
      path +
        query({
          limit: params.limit,
          continue: params.continue,
          fieldSelector: params.fieldSelector
        })
    )) as {
      items?: unknown
      metadata?: { resourceVersion?: unknown; continue?: unknown }
    }
    const cont = data.metadata?.continue
    return {
      items: Array.isArray(data.items) ? data.items : [],
      resourceVersion:
        typeof data.metadata?.resourceVersion === 'string'
          ? data.metadata.resourceVersion
          : '',
      continue: typeof cont === 'string' && cont !== '' ? cont : undefined
    }
  }

  async watch(
    path: string,
    params: WatchParams,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal
  ): Promise<void> {
    const res = await this.open(
      'GET',
      path +
        query({
          watch: 'true',
          allowWatchBookmarks: 'true',
          resourceVersion: params.resourceVersion,
          timeoutSeconds: params.timeoutSeconds,
          fieldSelector: params.fieldSelector
        }),
      signal
    )
    const status = res.statusCode ?? 0
    if (status !== 200) {
      throw statusMessage(status, await this.readText(res, 1024 * 1024))
    }
    await new Promise<void>((resolve, reject) => {
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
        idle = setTimeout(
          () => finish(new Error('watch idle timeout')),
          params.idleMs
        )
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
          onEvent({ type: e.type, object: e.object })
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)))
        }
      })
      lines.on('close', () => {
        // A stream cut mid-response emits 'aborted'/'error' first; a clean
        // end (server timeout) only closes.
        setImmediate(() =>
          finish(
            res.complete ? undefined : new Error('watch connection dropped')
          )
        )
      })
    })
  }
}
