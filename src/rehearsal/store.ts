import { clone, nameOf, namespaceOf, type Obj } from './json.js'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  rv: number
  resource: string
  type: WatchEventType
  object: Obj
}

export type StoreListener = (event: StoreEvent) => void

/**
 * The rehearsal cluster's object store: one global resourceVersion counter
 * (as etcd's revision), objects keyed by resource and `namespace/name`, and
 * a bounded log of recent changes so that watches can resume from a
 * resourceVersion. A resourceVersion older than the log is "expired" (410).
 */
export class ObjectStore {
  private revision = 1
  private readonly objects = new Map<string, Map<string, Obj>>()
  private readonly log: StoreEvent[] = []
  private logStart = 0
  private oldestRv = 1
  private readonly listeners = new Set<StoreListener>()

  constructor(private readonly logLimit: number = 50_000) {}

  get currentRevision(): number {
    return this.revision
  }

  /** Oldest resourceVersion a watch may start from. */
  get oldestResumable(): number {
    return this.oldestRv
  }

  private table(resource: string): Map<string, Obj> {
    let t = this.objects.get(resource)
    if (t === undefined) {
      t = new Map()
      this.objects.set(resource, t)
    }
    return t
  }

  /** The stored object itself (do not mutate; use put). */
  peek(resource: string, namespace: string, name: string): Obj | undefined {
    return this.table(resource).get(`${namespace}/${name}`)
  }

  /** All stored objects of a resource (do not mutate), optionally in a namespace. */
  peekAll(resource: string, namespace?: string): Obj[] {
    const out: Obj[] = []
    for (const obj of this.table(resource).values()) {
      if (namespace === undefined || namespaceOf(obj) === namespace)
        out.push(obj)
    }
    return out
  }

  count(resource: string): number {
    return this.table(resource).size
  }

  /**
   * Stores `obj` (a new or replaced object) with the next resourceVersion.
   * The caller passes a fresh object it will no longer mutate.
   */
  put(resource: string, obj: Obj): Obj {
    const key = `${namespaceOf(obj)}/${nameOf(obj)}`
    const table = this.table(resource)
    const existed = table.has(key)
    this.revision++
    const meta = obj['metadata'] as Obj
    meta['resourceVersion'] = String(this.revision)
    table.set(key, obj)
    this.record({
      rv: this.revision,
      resource,
      type: existed ? 'MODIFIED' : 'ADDED',
      object: obj
    })
    return obj
  }

  remove(resource: string, namespace: string, name: string): Obj | undefined {
    const key = `${namespace}/${name}`
    const table = this.table(resource)
    const obj = table.get(key)
    if (obj === undefined) return undefined
    table.delete(key)
    this.revision++
    const gone = clone(obj)
    ;(gone['metadata'] as Obj)['resourceVersion'] = String(this.revision)
    this.record({ rv: this.revision, resource, type: 'DELETED', object: gone })
    return gone
  }

  private record(event: StoreEvent): void {
    this.log.push(event)
    if (this.log.length - this.logStart > this.logLimit)
      this.compactTo(Math.floor(this.logLimit / 2))
    for (const l of this.listeners) l(event)
  }

  /** Drops all but the newest `keep` log entries: older resourceVersions expire. */
  compactTo(keep: number): void {
    const live = this.log.length - this.logStart
    const drop = Math.max(0, live - keep)
    this.logStart += drop
    const first = this.log[this.logStart]
    this.oldestRv = first === undefined ? this.revision : first.rv - 1
    if (this.logStart > 10_000) {
      this.log.splice(0, this.logStart)
      this.logStart = 0
    }
  }

  /** Events after `rv` for a resource, or undefined when `rv` has expired. */
  eventsSince(resource: string, rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestRv) return undefined
    const out: StoreEvent[] = []
    for (let i = this.logStart; i < this.log.length; i++) {
      const e = this.log[i]!
      if (e.rv > rv && e.resource === resource) out.push(e)
    }
    return out
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
