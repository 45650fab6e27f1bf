import type { KubeClient, WatchEvent } from './client.js'
import { KubeApiError } from './errors.js'

/**
 * The one list-and-watch of the code base, as client-go's reflector does
 * it: list (paged, one consistent revision) to get the objects and a
 * resourceVersion, then watch from that version with bookmarks.
 * - A clean end of the watch (the server's timeout): watch again from the
 *   last version seen (an event's or a bookmark's); no re-list.
 * - A dropped connection, an error answer, an idle stream: back off
 *   (doubling, reset by any event) and watch again from the last version.
 * - 410 Gone (as an answer or an ERROR event: the version is compacted
 *   away): list again.
 * - A watch that ends sooner than `minHealthyWatchMs` counts as a failure,
 *   so a proxy cutting streams cannot turn it into a hot loop.
 * No polling: between events nothing is sent. Objects are reduced by
 * `slim` before they are stored (default: kept whole).
 */

export type RestartReason = 'closed' | 'error' | 'expired'

/** One change to the store; undefined when a list replaced it all. */
export interface StoreChange<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  key: string
  before: T | undefined
  after: T | undefined
}

export interface ReflectorOptions<T> {
  client: KubeClient
  /** Collection path, e.g. /api/v1/namespaces/x/pods. */
  path: string
  /** Name in log lines (default: the path). */
  resource?: string
  /** Selectors sent with the list and the watch. */
  query?: Record<string, string | undefined>
  /** Reduces an object to what is kept; undefined drops it (as if deleted). */
  slim?: (obj: unknown) => T | undefined
  /**
   * Called after every change to the store: with the change for a single
   * object, without arguments when a list replaced the whole store.
   */
  onChange: (change?: StoreChange<T>) => void
  /** Logs a line (no object content). */
  log?: (message: string) => void
  pageSize?: number
  /** Server-side watch timeout (default 300 s). */
  watchTimeoutSeconds?: number
  /** A watch stream silent this long is dropped (default: timeout + 30 s). */
  idleMs?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  /** A watch that ends sooner counts as a failure (default 1000 ms). */
  minHealthyWatchMs?: number
  /**
   * Whether a failed list request is first retried by the transport
   * (bounded, quick) before this reflector backs off (default true). The
   * service turns it off: its reflectors back off and log every failure.
   */
  retryRequests?: boolean
  now?: () => number
  /** Waits `ms`, or less when `signal` aborts (tests inject). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export interface ListWatchStats {
  lists: number
  watches: number
  relists410: number
  reconnects: number
}

class WatchExpired extends Error {}

/** `namespace/name`, or `name` for a cluster-scoped object. */
function metaOf(obj: unknown): {
  key: string | undefined
  resourceVersion: string | undefined
} {
  const meta = (obj as { metadata?: Record<string, unknown> } | null)?.metadata
  const name = meta?.['name']
  const ns = meta?.['namespace']
  const rv = meta?.['resourceVersion']
  return {
    key:
      typeof name === 'string'
        ? typeof ns === 'string' && ns !== ''
          ? `${ns}/${name}`
          : name
        : undefined,
    resourceVersion: typeof rv === 'string' ? rv : undefined
  }
}

export class Reflector<T> {
  readonly resource: string
  /** The objects, by `namespace/name` (or `name` when cluster-scoped). */
  store = new Map<string, T>()
  readonly stats: ListWatchStats = {
    lists: 0,
    watches: 0,
    relists410: 0,
    reconnects: 0
  }
  private readonly o: ReflectorOptions<T>
  private readonly now: () => number
  private readonly slim: (obj: unknown) => T | undefined
  private readonly abort = new AbortController()
  private stopped = false
  private synced = false
  private watching = false
  private staleSinceMs: number | undefined
  private readonly restarts = new Map<RestartReason, number>()
  private runPromise: Promise<void> | undefined
  private readonly syncWaiters: (() => void)[] = []

  constructor(options: ReflectorOptions<T>) {
    this.o = options
    this.resource = options.resource ?? options.path
    this.now = options.now ?? Date.now
    this.slim = options.slim ?? ((obj) => obj as T)
  }

  /** Starts in the background; the first list is retried until it succeeds. */
  start(): void {
    this.runPromise ??= this.run(undefined)
  }

  /** Lists once (rejects when that fails), then keeps watching in the background. */
  async startSynced(): Promise<void> {
    const rv = await this.relist()
    this.runPromise ??= this.run(rv)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.abort.abort()
    await this.runPromise
  }

  /** True once the first full list is in. */
  isSynced(): boolean {
    return this.synced
  }

  /** Resolves when the first full list is in. */
  async waitForSync(): Promise<void> {
    if (this.synced) return
    await new Promise<void>((resolve) => this.syncWaiters.push(resolve))
  }

  /** When the store was last known to match the cluster (now while a watch is open). */
  currentAsOfMs(): number | undefined {
    if (!this.synced) return undefined
    return this.watching ? this.now() : this.staleSinceMs
  }

  restartCounts(): { reason: RestartReason; count: number }[] {
    return [...this.restarts].map(([reason, count]) => ({ reason, count }))
  }

  private log(message: string): void {
    this.o.log?.(`${this.resource}: ${message}`)
  }

  private async sleep(ms: number): Promise<void> {
    if (this.stopped) return
    await (this.o.sleep ?? abortableSleep)(ms, this.abort.signal)
  }

  /** Lists (unless given the list's version), then watches until stopped. */
  private async run(listed: string | undefined): Promise<void> {
    const initial = this.o.backoffInitialMs ?? 500
    const max = this.o.backoffMaxMs ?? 30_000
    let backoff = initial
    let rv = listed
    while (!this.stopped) {
      if (rv === undefined) {
        try {
          rv = await this.relist()
          backoff = initial
        } catch (err) {
          if (this.stopped) return
          this.log(`list failed (${describe(err)}); retrying in ${backoff} ms`)
          this.stats.reconnects += 1
          await this.sleep(backoff)
          backoff = Math.min(max, backoff * 2)
          continue
        }
      }
      const reason = await this.watchOnce(rv, (next) => {
        rv = next
        backoff = initial
      })
      if (reason === undefined) return
      if (reason.why === 'expired') {
        this.log('resourceVersion expired (410); listing again')
        this.stats.relists410 += 1
        rv = undefined
        continue
      }
      if (reason.why === 'error' || reason.lastedMs < this.minHealthyMs()) {
        if (reason.why === 'error')
          this.log(
            `watch failed (${reason.message}); resuming in ${backoff} ms`
          )
        this.stats.reconnects += 1
        await this.sleep(backoff)
        backoff = Math.min(max, backoff * 2)
      }
    }
  }

  private minHealthyMs(): number {
    return this.o.minHealthyWatchMs ?? 1000
  }

  /**
   * One watch request from `rv`; `seen` gets every newer version. Returns
   * why it ended, or undefined when stopped.
   */
  private async watchOnce(
    rv: string,
    seen: (rv: string) => void
  ): Promise<
    { why: RestartReason; lastedMs: number; message: string } | undefined
  > {
    const startedMs = this.now()
    const timeoutSeconds = this.o.watchTimeoutSeconds ?? 300
    let why: RestartReason = 'closed'
    let message = ''
    this.watching = true
    this.stats.watches += 1
    try {
      await this.o.client.watch(
        this.o.path,
        { ...this.o.query, resourceVersion: rv, timeoutSeconds },
        (event) => {
          const next = this.apply(event)
          if (next !== undefined) seen(next)
        },
        this.abort.signal,
        this.resource,
        this.o.idleMs ?? (timeoutSeconds + 30) * 1000
      )
    } catch (err) {
      if (this.stopped) return undefined
      why =
        err instanceof WatchExpired ||
        (err instanceof KubeApiError && err.status === 410)
          ? 'expired'
          : 'error'
      message = describe(err)
    }
    this.watching = false
    this.staleSinceMs = this.now()
    if (this.stopped) return undefined
    this.restarts.set(why, (this.restarts.get(why) ?? 0) + 1)
    return { why, lastedMs: this.now() - startedMs, message }
  }

  /** Lists every page and replaces the store; returns the list's resourceVersion. */
  private async relist(): Promise<string> {
    const next = new Map<string, T>()
    const rv = await this.o.client.listPages<unknown>(
      this.o.path,
      { ...this.o.query },
      (items) => {
        for (const item of items) {
          const { key } = metaOf(item)
          if (key === undefined) continue
          const slim = this.slim(item)
          if (slim !== undefined) next.set(key, slim)
        }
      },
      {
        object: this.resource,
        signal: this.abort.signal,
        ...(this.o.retryRequests === false ? { retry: false } : {}),
        ...(this.o.pageSize === undefined ? {} : { pageSize: this.o.pageSize })
      }
    )
    this.stats.lists += 1
    this.store = next
    this.staleSinceMs = this.now()
    this.o.onChange()
    if (!this.synced) {
      this.synced = true
      for (const resolve of this.syncWaiters.splice(0)) resolve()
    }
    return rv
  }

  /** Applies one watch event; returns the resourceVersion it carries. */
  private apply(event: WatchEvent): string | undefined {
    const { key, resourceVersion } = metaOf(event.object)
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        if (key === undefined) return resourceVersion
        const before = this.store.get(key)
        const after = this.slim(event.object)
        if (after === undefined) this.store.delete(key)
        else this.store.set(key, after)
        if (before !== undefined || after !== undefined)
          this.o.onChange({ type: event.type, key, before, after })
        return resourceVersion
      }
      case 'DELETED': {
        if (key === undefined) return resourceVersion
        const before = this.store.get(key)
        if (before !== undefined) {
          this.store.delete(key)
          this.o.onChange({ type: 'DELETED', key, before, after: undefined })
        }
        return resourceVersion
      }
      case 'BOOKMARK':
        return resourceVersion
      case 'ERROR': {
        const status = event.object as { code?: unknown; message?: unknown }
        if (status?.code === 410) throw new WatchExpired('410 Gone')
        throw new Error(
          `watch error ${String(status?.code)}: ${typeof status?.message === 'string' ? status.message : ''}`
        )
      }
      default:
        return resourceVersion
    }
  }
}

/** The deploy engine's options of a list-and-watch. */
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

/**
 * A {@link Reflector} of whole objects, in the deploy engine's terms:
 * `start()` lists once (rejects if that fails) and watches on; `onChange`
 * gets `SYNC` after each list and the event type with the object after
 * each change; `items()` is the current set.
 */
export class ListWatch<T> {
  private readonly reflector: Reflector<T>

  constructor(
    client: KubeClient,
    path: string,
    query: Record<string, string | undefined>,
    onChange: (type: string, object: T | undefined) => void,
    options: ListWatchOptions = DEFAULT_LIST_WATCH,
    sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep
  ) {
    this.reflector = new Reflector<T>({
      client,
      path,
      query,
      onChange: (change) =>
        change === undefined
          ? onChange('SYNC', undefined)
          : onChange(change.type, change.after ?? change.before),
      ...(options.log === undefined ? {} : { log: options.log }),
      watchTimeoutSeconds: options.watchTimeoutSeconds,
      backoffInitialMs: options.minBackoffMs,
      backoffMaxMs: options.maxBackoffMs,
      minHealthyWatchMs: options.minHealthyWatchMs,
      sleep
    })
  }

  get stats(): ListWatchStats {
    return this.reflector.stats
  }

  items(): T[] {
    return [...this.reflector.store.values()]
  }

  start(): Promise<void> {
    return this.reflector.startSynced()
  }

  stop(): Promise<void> {
    return this.reflector.stop()
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

function describe(err: unknown): string {
  if (err instanceof KubeApiError) return `${err.status} ${err.apiMessage}`
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
}
