import type { KubeObject } from '../../core/k8s/types.js'
import type { KubeClient, WatchEvent } from './client.js'
import { KubeApiError } from './errors.js'

export interface ListWatchOptions {
  /** Server-side watch timeout; the watch is re-opened from the last resourceVersion. */
  watchTimeoutSeconds: number
  minBackoffMs: number
  maxBackoffMs: number
  /** A watch that ends sooner than this counts as a failure (backs off). */
  minHealthyWatchMs: number
  log?: (message: string) => void
}

export const DEFAULT_LIST_WATCH: ListWatchOptions = {
  watchTimeoutSeconds: 240,
  minBackoffMs: 200,
  maxBackoffMs: 5000,
  minHealthyWatchMs: 1000
}

export interface ListWatchStats {
  lists: number
  watches: number
  relists410: number
  reconnects: number
}

function key(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`
}

/**
 * A cache of one collection kept current by list, then watch from the
 * list's resourceVersion (house style 15): re-list on 410 Gone, re-open the
 * watch when the server ends it, back off and reconnect when it drops.
 * No polling: between events nothing is sent.
 */
export class ListWatch<T extends KubeObject> {
  private readonly cache = new Map<string, T>()
  private resourceVersion = ''
  private readonly abort = new AbortController()
  private loop: Promise<void> | undefined
  readonly stats: ListWatchStats = {
    lists: 0,
    watches: 0,
    relists410: 0,
    reconnects: 0
  }

  private readonly client: KubeClient
  private readonly path: string
  private readonly query: Record<string, string | undefined>
  private readonly onChange: (type: string, object: T | undefined) => void
  private readonly options: ListWatchOptions
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>

  constructor(
    client: KubeClient,
    path: string,
    query: Record<string, string | undefined>,
    onChange: (type: string, object: T | undefined) => void,
    options: ListWatchOptions = DEFAULT_LIST_WATCH,
    sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep
  ) {
    this.client = client
    this.path = path
    this.query = query
    this.onChange = onChange
    this.options = options
    this.sleep = sleep
  }

  items(): T[] {
    return [...this.cache.values()]
  }

  /** Lists once (rejects if that fails), then keeps watching in the background. */
  async start(): Promise<void> {
    await this.relist()
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.abort.abort()
    await this.loop
  }

  private async relist(): Promise<void> {
    const list = await this.client.list<T>(
      this.path,
      this.query,
      this.path,
      this.abort.signal
    )
    this.stats.lists += 1
    this.cache.clear()
    for (const item of list.items) this.cache.set(key(item), item)
    this.resourceVersion = list.resourceVersion
    this.onChange('SYNC', undefined)
  }

  private async run(): Promise<void> {
    let backoff = this.options.minBackoffMs
    let needList = false
    while (!this.abort.signal.aborted) {
      const started = Date.now()
      const watchAbort = new AbortController()
      const onStop = (): void => watchAbort.abort()
      this.abort.signal.addEventListener('abort', onStop, { once: true })
      try {
        if (needList) {
          await this.relist()
          needList = false
        }
        this.stats.watches += 1
        await this.client.watch(
          this.path,
          {
            ...this.query,
            resourceVersion: this.resourceVersion,
            timeoutSeconds: this.options.watchTimeoutSeconds
          },
          (event: WatchEvent) => {
            if (event.type === 'ERROR') {
              const status = event.object as { code?: number; message?: string }
              if (status.code === 410) {
                this.stats.relists410 += 1
                needList = true
              }
              watchAbort.abort()
              return
            }
            const obj = event.object as T
            const rv = obj.metadata?.resourceVersion
            if (rv !== undefined) this.resourceVersion = rv
            if (event.type === 'BOOKMARK') return
            if (event.type === 'DELETED') this.cache.delete(key(obj))
            else this.cache.set(key(obj), obj)
            this.onChange(event.type, obj)
          },
          watchAbort.signal
        )
        if (Date.now() - started >= this.options.minHealthyWatchMs) {
          backoff = this.options.minBackoffMs
          continue
        }
      } catch (err) {
        if (this.abort.signal.aborted) break
        if (err instanceof KubeApiError && err.status === 410) {
          this.stats.relists410 += 1
          needList = true
          continue
        }
        if (needList && watchAbort.signal.aborted) continue
        this.options.log?.(
          `watch ${this.path} dropped (${err instanceof KubeApiError ? err.apiMessage : err instanceof Error ? err.message : String(err)}); reconnecting in ${backoff}ms`
        )
      } finally {
        this.abort.signal.removeEventListener('abort', onStop)
      }
      if (needList) continue
      this.stats.reconnects += 1
      await this.sleep(backoff, this.abort.signal)
      backoff = Math.min(backoff * 2, this.options.maxBackoffMs)
    }
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
