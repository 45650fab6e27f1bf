import {
  asArray,
  asObj,
  asString,
  isObj,
  nameOf,
  namespaceOf
} from '../json.js'
import type { Registry } from '../api/registry.js'
import { controllerRefUid, isDeleting } from './pod-util.js'

/**
 * The garbage collector, for what DaemonSets own: pods and
 * ControllerRevisions whose DaemonSet owner is gone are deleted (with
 * their grace period, as a foreground delete of the dependent would).
 *
 * Owners that exist in the recorded cluster but not here (DaemonSets a
 * snapshot records pods of but no template for) count as present: their
 * recorded pods stay until a DaemonSet of that namespace/name is created
 * here, which removes them at once ({@link replaceRecordedPods}) so its own
 * pods start fresh.
 *
 * Invariants: a dependent already being deleted is left to its deletion;
 * a recorded owner, once replaced, is forgotten and never comes back.
 */
export class GarbageCollector {
  /** `namespace/name` → the recorded uid, while no DaemonSet of that name exists here. */
  private readonly recordedOwners: Map<string, string>

  constructor(
    private readonly registry: Registry,
    recordedOwners: ReadonlyMap<string, string>
  ) {
    this.recordedOwners = new Map(recordedOwners)
  }

  /** Removes the recorded pods of each recorded owner a DaemonSet now stands for. */
  replaceRecordedPods(): void {
    if (this.recordedOwners.size === 0) return
    const store = this.registry.store
    const podType = this.registry.resource('', 'pods')
    for (const [key, uid] of this.recordedOwners) {
      const [ns = '', name = ''] = key.split('/')
      if (store.peek('apps/daemonsets', ns, name) === undefined) continue
      this.recordedOwners.delete(key)
      for (const p of store.peekAll('/pods', ns))
        if (controllerRefUid(p) === uid)
          this.registry.removeInternal(podType, p)
    }
  }

  /** Deletes pods and revisions whose DaemonSet owner exists neither here nor in the recording. */
  collect(): void {
    const store = this.registry.store
    const uids = new Set([
      ...store
        .peekAll('apps/daemonsets')
        .map((d) => asString(asObj(d['metadata'])['uid'])),
      ...this.recordedOwners.values()
    ])
    for (const [type, key] of [
      [this.registry.resource('', 'pods'), '/pods'],
      [
        this.registry.resource('apps', 'controllerrevisions'),
        'apps/controllerrevisions'
      ]
    ] as const) {
      for (const o of store.peekAll(key)) {
        const refs = asArray(asObj(o['metadata'])['ownerReferences']).filter(
          isObj
        )
        const ds = refs.find((r) => r['kind'] === 'DaemonSet')
        if (ds === undefined || uids.has(asString(ds['uid']))) continue
        if (isDeleting(o)) continue
        try {
          this.registry.delete(type, namespaceOf(o), nameOf(o))
        } catch {
          // already gone
        }
      }
    }
  }
}
