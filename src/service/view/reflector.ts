import {
  KubeHttpError,
  type KubeTransport,
  type WatchEvent
} from '../../adapters/kube/raw-api.js'

/**
 * Keeps one resource's objects current with list+watch, the way client-go's
 * reflector does: list (paged) to get a consistent set and a
 * resourceVersion, then watch from that version; on a clean end of the watch
 * (server timeout) watch again from the last version seen; on a dropped
 * connection back off and watch again; on 410 Gone (the version is too old)
 * list again. Objects are reduced by `slim` before they are stored, so the
 * memory held is what the simulation needs, not whole objects.
 */

export type RestartReason = 'closed' | 'error' | 'expired'

export interface ReflectorOptions<T> {
  resource: string
  path: string
  fieldSelector?: string
  transport: KubeTransport
  /** Reduces an object to what is kept; undefined drops it (as if deleted). */
  slim: (obj: unknown) => T | undefined
  /**
   * Called after every change to the store: with the key and the object
   * before and after for a single change, without arguments when the whole
   * store was replaced (a list).
   */
  onChange: (change?: {
    key: string
    before: T | undefined
    after: T | undefined
  }) => void
  /** Logs a line (no object content). */
  log?: (message: string) => void
  pageSize?: number
  watchTimeoutSeconds?: number
  idleMs?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  now?: () => number
}

class WatchExpired extends Error {}

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
  private readonly o: ReflectorOptions<T>
  private readonly now: () => number
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
    this.resource = options.resource
    this.now = options.now ?? Date.now
  }

  start(): void {
    this.runPromise ??= this.run()
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
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.abort.signal.addEventListener('abort', done, { once: true })
    })
  }

  private async run(): Promise<void> {
    const initial = this.o.backoffInitialMs ?? 500
    const max = this.o.backoffMaxMs ?? 30_000
    let backoff = initial
    while (!this.stopped) {
      let rv: string
      try {
        rv = await this.relist()
        backoff = initial
      } catch (err) {
        if (this.stopped) return
        this.log(`list failed (${describe(err)}); retrying in ${backoff} ms`)
        await this.sleep(backoff)
        backoff = Math.min(max, backoff * 2)
        continue
      }
      while (!this.stopped) {
        const startedMs = this.now()
        let reason: RestartReason
        this.watching = true
        try {
          await this.o.transport.watch(
            this.o.path,
            {
              resourceVersion: rv,
              fieldSelector: this.o.fieldSelector,
              timeoutSeconds: this.o.watchTimeoutSeconds ?? 300,
              idleMs:
                this.o.idleMs ??
                ((this.o.watchTimeoutSeconds ?? 300) + 30) * 1000
            },
            (event) => {
              rv = this.apply(event) ?? rv
              backoff = initial
            },
            this.abort.signal
          )
          reason = 'closed'
        } catch (err) {
          if (this.stopped) return
          reason =
            err instanceof WatchExpired ||
            (err instanceof KubeHttpError && err.status === 410)
              ? 'expired'
              : 'error'
          if (reason === 'error') {
            this.log(
              `watch failed (${describe(err)}); resuming in ${backoff} ms`
            )
          }
        }
        this.watching = false
        this.staleSinceMs = this.now()
        if (this.stopped) return
        this.restarts.set(reason, (this.restarts.get(reason) ?? 0) + 1)
        if (reason === 'expired') {
          this.log('resourceVersion expired (410); listing again')
          break
        }
        // A watch that ends at once (a proxy cutting streams, a server
        // refusing) must not turn into a hot loop.
        if (reason === 'error' || this.now() - startedMs < 1000) {
          await this.sleep(backoff)
          backoff = Math.min(max, backoff * 2)
        }
      }
    }
  }

  /** Lists every page and replaces the store; returns the list's resourceVersion. */
  private async relist(): Promise<string> {
    const next = new Map<string, T>()
    let cont: string | undefined
    let rv = ''
    do {
      const page = await this.o.transport.list(this.o.path, {
        limit: this.o.pageSize ?? 500,
        continue: cont,
        fieldSelector: this.o.fieldSelector
      })
      for (const item of page.items) {
        const { key } = metaOf(item)
        if (key === undefined) continue
        const slim = this.o.slim(item)
        if (slim !== undefined) next.set(key, slim)
      }
      cont = page.continue
      rv = page.resourceVersion
    } while (cont !== undefined && !this.stopped)
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
        const after = this.o.slim(event.object)
        if (after === undefined) this.store.delete(key)
        else this.store.set(key, after)
        if (before !== undefined || after !== undefined) {
          this.o.onChange({ key, before, after })
        }
        return resourceVersion
      }
      case 'DELETED': {
        if (key === undefined) return resourceVersion
        const before = this.store.get(key)
        if (before !== undefined) {
          this.store.delete(key)
          this.o.onChange({ key, before, after: undefined })
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

function describe(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
}
