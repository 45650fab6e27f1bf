import { randomUUID } from 'node:crypto'
import type { SimClock } from '../clock.js'
import { asObj, asString, clone, type Obj } from '../json.js'
import type { Registry } from '../api/registry.js'

const EVENTS = { group: '', resource: 'events' }
const MAX_EVENTS = 5000

/** Records core/v1 Events, aggregating repeats (count, lastTimestamp) as client-go does. */
export class EventRecorder {
  private readonly recent = new Map<string, string>()
  private readonly order: string[] = []

  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock
  ) {}

  record(
    involved: Obj,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string
  ): void {
    const meta = asObj(involved['metadata'])
    const ns = asString(meta['namespace']) || 'default'
    const uid = asString(meta['uid']) ?? ''
    const key = `${uid}\u0000${reason}\u0000${message}`
    const r = this.registry.resource(EVENTS.group, EVENTS.resource)
    const now = this.clock.iso()
    const existingName = this.recent.get(key)
    if (existingName !== undefined) {
      const existing = this.registry.store.peek('/events', ns, existingName)
      if (existing !== undefined) {
        const next = clone(existing)
        next['count'] = Number(next['count'] ?? 1) + 1
        next['lastTimestamp'] = now
        this.registry.putInternal(r, next)
        return
      }
    }
    const name = `${asString(meta['name']) ?? 'object'}.${randomUUID().replace(/-/g, '').slice(0, 16)}`
    const event: Obj = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace: ns,
        uid: randomUUID(),
        creationTimestamp: now
      },
      involvedObject: {
        apiVersion: involved['apiVersion'],
        kind: involved['kind'],
        name: meta['name'],
        namespace: meta['namespace'],
        uid,
        resourceVersion: meta['resourceVersion']
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: ''
    }
    this.registry.putInternal(r, event)
    this.recent.set(key, name)
    this.order.push(`${ns}/${name}`)
    if (this.order.length > MAX_EVENTS) {
      const old = this.order.shift()!
      const [ons, oname] = old.split('/') as [string, string]
      const gone = this.registry.store.peek('/events', ons, oname)
      if (gone !== undefined) this.registry.removeInternal(r, gone)
    }
    if (this.recent.size > MAX_EVENTS * 2) this.recent.clear()
  }
}
