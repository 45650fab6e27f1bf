import { randomUUID } from 'node:crypto'
import type { SimClock } from '../clock.js'
import {
  asObj,
  asString,
  child,
  clone,
  deepEqual,
  isObj,
  nameOf,
  namespaceOf,
  type Obj
} from '../json.js'
import type { ObjectStore } from '../store.js'
import { defaultDaemonSet } from './defaults.js'
import {
  ApplyConflictError,
  formatPath,
  recordUpdate,
  serverSideApply
} from './managed-fields.js'
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError
} from './patch.js'
import {
  groupVersionOf,
  RESOURCES,
  storeKey,
  type ResourceType
} from './resources.js'
import {
  alreadyExists,
  ApiError,
  badRequest,
  invalid,
  notFound,
  staleConflict
} from './status.js'
import {
  quantityDecodeError,
  validateDaemonSet,
  validateDaemonSetStatusUpdate,
  validateResourceQuantities,
  validateDaemonSetUpdate,
  validateObjectName,
  type FieldError
} from './validation.js'

export const TEMPLATE_GENERATION_ANNOTATION =
  'deprecated.daemonset.template.generation'

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

export function randomSuffix(n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++)
    s += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)]
  return s
}

export interface WriteOptions {
  dryRun?: boolean
  /** Field manager for managedFields; undefined for internal writes (not tracked). */
  manager?: string
  subresource?: string
  /** Set by server-side apply, which computes managedFields itself. */
  managedFieldsDone?: boolean
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply'

/**
 * Create/update/patch/delete with the API server's registry semantics:
 * defaulting, validation, generation rules, optimistic concurrency,
 * managedFields and graceful pod deletion.
 */
export class Registry {
  constructor(
    readonly store: ObjectStore,
    readonly clock: SimClock
  ) {}

  resource(group: string, resource: string): ResourceType {
    const r = RESOURCES.find(
      (x) => x.group === group && x.resource === resource
    )
    if (r === undefined)
      throw new Error(`unknown resource ${group}/${resource}`)
    return r
  }

  get(r: ResourceType, ns: string, name: string): Obj {
    const obj = this.store.peek(storeKey(r), r.namespaced ? ns : '', name)
    if (obj === undefined) throw notFound(r.group, r.resource, name)
    return obj
  }

  private checkNamespace(r: ResourceType, ns: string): void {
    if (!r.namespaced) return
    if (this.store.peek('/namespaces', '', ns) === undefined)
      throw notFound('', 'namespaces', ns)
  }

  create(
    r: ResourceType,
    ns: string,
    input: Obj,
    opts: WriteOptions = {}
  ): Obj {
    const obj = clone(input)
    obj['apiVersion'] = groupVersionOf(r)
    obj['kind'] = r.kind
    this.decodeQuantities(obj)
    const meta = child(obj, 'metadata')
    if (r.namespaced) {
      const given = asString(meta['namespace'])
      if (given !== undefined && given !== '' && given !== ns)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request'
        )
      meta['namespace'] = ns
    } else delete meta['namespace']
    if (
      (asString(meta['name']) ?? '') === '' &&
      typeof meta['generateName'] === 'string'
    ) {
      // A generated name that is taken is drawn again, up to 8 times, as the
      // API server does since Kubernetes 1.32 (RetryGenerateName, KEP-4420);
      // before, a rare collision failed the create with AlreadyExists.
      const prefix = meta['generateName']
      let name = `${prefix}${randomSuffix()}`
      for (
        let tries = 1;
        tries < 8 &&
        this.store.peek(storeKey(r), r.namespaced ? ns : '', name) !==
          undefined;
        tries++
      )
        name = `${prefix}${randomSuffix()}`
      meta['name'] = name
    }
    const nameErrs = validateObjectName(meta['name'])
    if (nameErrs.length > 0)
      throw invalid(r.group, r.kind, asString(meta['name']) ?? '', nameErrs)
    this.checkNamespace(r, ns)
    const name = nameOf(obj)
    if (
      this.store.peek(storeKey(r), r.namespaced ? ns : '', name) !== undefined
    )
      throw alreadyExists(r.group, r.resource, name)
    meta['uid'] = randomUUID()
    meta['creationTimestamp'] = this.clock.iso()
    delete meta['resourceVersion']
    delete meta['deletionTimestamp']
    this.prepareForCreate(r, obj)
    if (
      opts.manager !== undefined &&
      r.resource !== 'events' &&
      r.resource !== 'pods'
    )
      recordUpdate(
        undefined,
        obj,
        opts.manager,
        groupVersionOf(r),
        this.clock.iso()
      )
    if (opts.dryRun) {
      meta['resourceVersion'] = ''
      return obj
    }
    return this.store.put(storeKey(r), obj)
  }

  private prepareForCreate(r: ResourceType, obj: Obj): void {
    if (r.kind === 'DaemonSet') {
      defaultDaemonSet(obj)
      const meta = child(obj, 'metadata')
      meta['generation'] = 1
      const annotations = child(meta, 'annotations')
      const given = Number(annotations[TEMPLATE_GENERATION_ANNOTATION] ?? 0)
      annotations[TEMPLATE_GENERATION_ANNOTATION] = String(
        Math.max(1, Number.isFinite(given) ? given : 1)
      )
      obj['status'] = {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0
      }
      this.validate(r, obj, validateDaemonSet(obj))
    } else if (r.kind === 'Namespace') {
      child(obj, 'spec')['finalizers'] = ['kubernetes']
      obj['status'] = { phase: 'Active' }
      const labels = child(child(obj, 'metadata'), 'labels')
      labels['kubernetes.io/metadata.name'] = nameOf(obj)
    } else if (r.kind === 'Pod') {
      this.validate(
        r,
        obj,
        validateResourceQuantities(asObj(obj['spec']), 'spec')
      )
      const status = asObj(obj['status'])
      if (status['phase'] === undefined)
        obj['status'] = { ...status, phase: 'Pending', qosClass: 'BestEffort' }
    } else if (
      r.kind === 'ControllerRevision' ||
      r.kind === 'ConfigMap' ||
      r.kind === 'Secret'
    ) {
      // no generation
    } else {
      child(obj, 'metadata')['generation'] ??= 1
    }
  }

  /** A body whose quantities do not parse is rejected as the real decoder does (400). */
  private decodeQuantities(obj: Obj): void {
    const message = quantityDecodeError(obj)
    if (message !== undefined) throw badRequest(message)
  }

  private validate(r: ResourceType, obj: Obj, errs: FieldError[]): void {
    if (errs.length > 0) throw invalid(r.group, r.kind, nameOf(obj), errs)
  }

  /** PUT semantics. `input` is the whole new object. */
  update(
    r: ResourceType,
    ns: string,
    name: string,
    input: Obj,
    opts: WriteOptions = {}
  ): Obj {
    const old = this.get(r, ns, name)
    const obj = clone(input)
    const meta = child(obj, 'metadata')
    const rv = asString(meta['resourceVersion'])
    if (
      rv !== undefined &&
      rv !== '' &&
      rv !== asString(asObj(old['metadata'])['resourceVersion'])
    )
      throw staleConflict(r.group, r.resource, name)
    if (asString(meta['name']) !== undefined && meta['name'] !== name)
      throw badRequest(
        `the name of the object (${String(meta['name'])}) does not match the name on the URL (${name})`
      )
    return this.commitUpdate(r, old, obj, opts)
  }

  private commitUpdate(
    r: ResourceType,
    old: Obj,
    obj: Obj,
    opts: WriteOptions
  ): Obj {
    const oldMeta = asObj(old['metadata'])
    const meta = child(obj, 'metadata')
    obj['apiVersion'] = groupVersionOf(r)
    obj['kind'] = r.kind
    this.decodeQuantities(obj)
    for (const k of [
      'uid',
      'creationTimestamp',
      'namespace',
      'name',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation'
    ]) {
      if (oldMeta[k] === undefined) delete meta[k]
      else meta[k] = oldMeta[k]
    }
    if (opts.subresource === 'status') {
      obj['metadata'] = clone(oldMeta)
      if (old['spec'] !== undefined) obj['spec'] = clone(old['spec'])
      if (r.kind === 'DaemonSet')
        this.validate(r, obj, validateDaemonSetStatusUpdate(obj, old))
    } else {
      if (old['status'] !== undefined) obj['status'] = clone(old['status'])
      else delete obj['status']
      this.prepareForUpdate(r, obj, old)
    }
    if (
      opts.manager !== undefined &&
      opts.subresource === undefined &&
      r.resource !== 'events' &&
      r.resource !== 'pods'
    )
      recordUpdate(old, obj, opts.manager, groupVersionOf(r), this.clock.iso())
    else if (
      opts.subresource === undefined &&
      opts.managedFieldsDone !== true
    ) {
      const mf = oldMeta['managedFields']
      if (mf !== undefined) meta['managedFields'] = clone(mf)
    }
    const unchanged = deepEqual(stripRv(obj), stripRv(old))
    if (opts.dryRun || unchanged) {
      meta['resourceVersion'] = oldMeta['resourceVersion']
      return unchanged && !opts.dryRun ? old : obj
    }
    return this.store.put(storeKey(r), obj)
  }

  private prepareForUpdate(r: ResourceType, obj: Obj, old: Obj): void {
    if (r.kind !== 'DaemonSet') return
    defaultDaemonSet(obj)
    const meta = child(obj, 'metadata')
    const oldMeta = asObj(old['metadata'])
    const oldGen = Number(oldMeta['generation'] ?? 1)
    const oldTg = Number(
      asObj(oldMeta['annotations'])[TEMPLATE_GENERATION_ANNOTATION] ?? 1
    )
    const oldSpec = asObj(old['spec'])
    const spec = asObj(obj['spec'])
    let tg = oldTg
    let gen = oldGen
    if (!deepEqual(spec['template'], oldSpec['template'])) {
      tg = oldTg + 1
      gen = oldGen + 1
    } else if (!deepEqual(spec, oldSpec)) gen = oldGen + 1
    meta['generation'] = gen
    child(meta, 'annotations')[TEMPLATE_GENERATION_ANNOTATION] = String(tg)
    this.validate(r, obj, validateDaemonSetUpdate(obj, old))
  }

  patch(
    r: ResourceType,
    ns: string,
    name: string,
    type: PatchType,
    body: unknown,
    opts: WriteOptions & { force?: boolean }
  ): Obj {
    const existing = this.store.peek(storeKey(r), r.namespaced ? ns : '', name)
    if (type === 'apply') {
      if (!isObj(body)) throw badRequest('apply patch must be an object')
      const manager = opts.manager
      if (manager === undefined || manager === '')
        throw badRequest(
          'PATCH, application/apply-patch+yaml requires fieldManager to be set'
        )
      const bodyMeta = asObj(body['metadata'])
      if (asString(bodyMeta['name']) !== name)
        throw badRequest(
          `the name of the object (${String(bodyMeta['name'])}) does not match the name on the URL (${name})`
        )
      try {
        const gv = groupVersionOf(r)
        const merged = serverSideApply(
          existing,
          body,
          manager,
          gv,
          opts.force === true,
          this.clock.iso()
        )
        if (existing === undefined) {
          const created = this.create(r, ns, merged, {
            ...opts,
            manager: undefined
          })
          return created
        }
        const rv = asString(bodyMeta['resourceVersion'])
        if (
          rv !== undefined &&
          rv !== asString(asObj(existing['metadata'])['resourceVersion'])
        )
          throw staleConflict(r.group, r.resource, name)
        return this.commitUpdate(r, existing, merged, {
          ...opts,
          manager: undefined,
          managedFieldsDone: true
        })
      } catch (err) {
        if (err instanceof ApplyConflictError) {
          throw new ApiError(409, 'Conflict', err.message, {
            causes: err.conflicts.map((c) => ({
              reason: 'FieldManagerConflict',
              message: `conflict with "${c.manager}" using ${c.apiVersion}`,
              field: formatPath(c.path)
            }))
          })
        }
        throw err
      }
    }
    if (existing === undefined) throw notFound(r.group, r.resource, name)
    let next: unknown
    try {
      if (type === 'merge') next = applyMergePatch(existing, body)
      else if (type === 'strategic')
        next = applyStrategicMergePatch(existing, body)
      else next = applyJsonPatch(existing, body)
    } catch (err) {
      if (err instanceof PatchError)
        throw new ApiError(422, 'Invalid', err.message)
      throw err
    }
    if (!isObj(next)) throw badRequest('patch result is not an object')
    const rv = asString(asObj(next['metadata'])['resourceVersion'])
    if (
      rv !== undefined &&
      rv !== asString(asObj(existing['metadata'])['resourceVersion'])
    )
      throw staleConflict(r.group, r.resource, name)
    return this.commitUpdate(r, existing, next, opts)
  }

  /**
   * DELETE. Pods bound to a node and not terminal get a deletionTimestamp
   * (the kubelet removes them); everything else goes at once.
   */
  delete(
    r: ResourceType,
    ns: string,
    name: string,
    opts: {
      dryRun?: boolean
      gracePeriodSeconds?: number
      uid?: string
      resourceVersion?: string
      orphan?: boolean
    } = {}
  ): Obj {
    const obj = this.get(r, ns, name)
    const meta = asObj(obj['metadata'])
    if (opts.uid !== undefined && opts.uid !== meta['uid'])
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${r.group ? `${r.resource}.${r.group}` : r.resource} "${name}": Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${String(meta['uid'])}`,
        { name, kind: r.resource }
      )
    if (
      opts.resourceVersion !== undefined &&
      opts.resourceVersion !== meta['resourceVersion']
    )
      throw staleConflict(r.group, r.resource, name)
    if (opts.dryRun) return obj
    if (r.kind === 'Pod') {
      const spec = asObj(obj['spec'])
      const phase = asObj(obj['status'])['phase']
      const bound = (asString(spec['nodeName']) ?? '') !== ''
      const terminal = phase === 'Succeeded' || phase === 'Failed'
      const grace =
        opts.gracePeriodSeconds ??
        Number(spec['terminationGracePeriodSeconds'] ?? 30)
      if (bound && !terminal && grace > 0) {
        if (meta['deletionTimestamp'] !== undefined) return obj
        const next = clone(obj)
        const m = child(next, 'metadata')
        m['deletionTimestamp'] = this.clock.iso(this.clock.now() + grace * 1000)
        m['deletionGracePeriodSeconds'] = grace
        return this.store.put(storeKey(r), next)
      }
    }
    if (opts.orphan) this.orphanDependents(meta['uid'])
    if (r.kind === 'Namespace') this.deleteNamespaceContents(name)
    return this.store.remove(storeKey(r), r.namespaced ? ns : '', name) ?? obj
  }

  private orphanDependents(uid: unknown): void {
    for (const r of RESOURCES) {
      if (!r.namespaced || r.createOnly) continue
      for (const o of this.store.peekAll(storeKey(r))) {
        const refs = asObj(o['metadata'])['ownerReferences']
        if (
          !Array.isArray(refs) ||
          !refs.some((x) => isObj(x) && x['uid'] === uid)
        )
          continue
        const next = clone(o)
        const m = child(next, 'metadata')
        m['ownerReferences'] = refs.filter(
          (x) => !(isObj(x) && x['uid'] === uid)
        )
        if ((m['ownerReferences'] as unknown[]).length === 0)
          delete m['ownerReferences']
        this.store.put(storeKey(r), next)
      }
    }
  }

  private deleteNamespaceContents(ns: string): void {
    for (const r of RESOURCES) {
      if (!r.namespaced || r.createOnly) continue
      for (const o of this.store.peekAll(storeKey(r), ns))
        this.store.remove(storeKey(r), ns, nameOf(o))
    }
  }

  /** Internal write (controllers, kubelet): no validation, no managedFields. */
  putInternal(r: ResourceType, obj: Obj): Obj {
    return this.store.put(storeKey(r), obj)
  }

  removeInternal(r: ResourceType, obj: Obj): void {
    this.store.remove(storeKey(r), namespaceOf(obj), nameOf(obj))
  }
}

function stripRv(obj: Obj): Obj {
  const c = { ...obj, metadata: { ...asObj(obj['metadata']) } }
  delete (c.metadata as Obj)['resourceVersion']
  delete (c.metadata as Obj)['managedFields']
  return c
}
