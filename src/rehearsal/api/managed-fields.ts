import { clone, deepEqual, isObj, type Obj } from '../json.js'
import { MERGE_KEYS } from './patch.js'

/**
 * Field ownership for server-side apply, in the spirit of
 * sigs.k8s.io/structured-merge-diff: every leaf field of an object is a path
 * of `f:<field>` and `k:{"<mergeKey>":<value>}` segments; managedFields
 * records which manager set which paths (FieldsV1 format).
 */
type Path = string[]

const SKIP_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink'
])

export interface ManagedEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time: string
  fieldsType: 'FieldsV1'
  fieldsV1: Obj
  subresource?: string
}

export interface Conflict {
  manager: string
  apiVersion: string
  path: Path
}

function listKey(field: string, items: unknown[]): string | undefined {
  const key = MERGE_KEYS[field]
  if (key === undefined) return undefined
  return items.every((i) => isObj(i) && i[key] !== undefined) ? key : undefined
}

function collect(value: Obj, prefix: Path, out: Path[], top: boolean): void {
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue
    if (top && (key === 'apiVersion' || key === 'kind' || key === 'status'))
      continue
    const seg = `f:${key}`
    if (top && key === 'metadata' && isObj(v)) {
      const meta: Obj = {}
      for (const [mk, mv] of Object.entries(v))
        if (!SKIP_META.has(mk)) meta[mk] = mv
      if (Object.keys(meta).length > 0) collect(meta, [seg], out, false)
      continue
    }
    if (isObj(v) && Object.keys(v).length > 0) {
      collect(v, [...prefix, seg], out, false)
    } else if (
      Array.isArray(v) &&
      v.length > 0 &&
      listKey(key, v) !== undefined
    ) {
      const mk = listKey(key, v)!
      for (const item of v as Obj[]) {
        const itemSeg = `k:${JSON.stringify({ [mk]: item[mk] })}`
        out.push([...prefix, seg, itemSeg, '.'])
        collect(item, [...prefix, seg, itemSeg], out, false)
      }
    } else {
      out.push([...prefix, seg])
    }
  }
}

export function fieldPaths(obj: Obj): Path[] {
  const out: Path[] = []
  collect(obj, [], out, true)
  return out
}

function valueAt(obj: unknown, path: Path): unknown {
  let cur: unknown = obj
  for (const seg of path) {
    if (seg === '.') return cur
    if (seg.startsWith('f:')) {
      if (!isObj(cur)) return undefined
      cur = cur[seg.slice(2)]
    } else {
      if (!Array.isArray(cur)) return undefined
      const want = JSON.parse(seg.slice(2)) as Obj
      const [k, v] = Object.entries(want)[0]!
      cur = cur.find((i) => isObj(i) && deepEqual(i[k], v))
    }
  }
  return cur
}

function removeAt(obj: Obj, path: Path): void {
  const parentPath = path.slice(0, -1)
  const last = path[path.length - 1]!
  if (last === '.') {
    // the list item itself
    const itemSeg = parentPath[parentPath.length - 1]!
    const list = valueAt(obj, parentPath.slice(0, -1))
    if (!Array.isArray(list)) return
    const want = JSON.parse(itemSeg.slice(2)) as Obj
    const [k, v] = Object.entries(want)[0]!
    const idx = list.findIndex((i) => isObj(i) && deepEqual(i[k], v))
    if (idx >= 0) list.splice(idx, 1)
    return
  }
  const parent = valueAt(obj, parentPath)
  if (isObj(parent) && last.startsWith('f:')) delete parent[last.slice(2)]
}

export function formatPath(path: Path): string {
  return path
    .filter((s) => s !== '.')
    .map((s) => {
      if (s.startsWith('f:')) return `.${s.slice(2)}`
      const want = JSON.parse(s.slice(2)) as Obj
      return `[${Object.entries(want)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`
    })
    .join('')
}

export function toFieldsV1(paths: Path[]): Obj {
  const root: Obj = {}
  for (const path of paths) {
    let cur = root
    for (const seg of path) {
      const existing = cur[seg]
      const next: Obj = isObj(existing) ? existing : {}
      cur[seg] = next
      cur = next
    }
  }
  return root
}

export function fromFieldsV1(fields: unknown): Path[] {
  const out: Path[] = []
  const walk = (node: unknown, prefix: Path): void => {
    if (!isObj(node)) return
    const keys = Object.keys(node)
    if (keys.length === 0 && prefix.length > 0) {
      out.push(prefix)
      return
    }
    for (const k of keys) walk(node[k], [...prefix, k])
  }
  walk(fields, [])
  return out
}

const key = (p: Path): string => p.join('\n')

function entriesOf(obj: Obj): ManagedEntry[] {
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {}
  const mf = meta['managedFields']
  return Array.isArray(mf)
    ? (mf.filter(isObj) as unknown as ManagedEntry[])
    : []
}

function setEntries(obj: Obj, entries: ManagedEntry[]): void {
  const meta = obj['metadata'] as Obj
  const kept = entries.filter((e) => Object.keys(e.fieldsV1).length > 0)
  if (kept.length === 0) delete meta['managedFields']
  else meta['managedFields'] = kept
}

/** Records an Update (create, PUT, non-apply PATCH) by `manager`. */
export function recordUpdate(
  before: Obj | undefined,
  after: Obj,
  manager: string,
  apiVersion: string,
  time: string
): void {
  const entries = before ? entriesOf(before).map((e) => clone(e)) : []
  const oldPaths = new Map(
    (before ? fieldPaths(before) : []).map((p) => [key(p), p])
  )
  const newPaths = fieldPaths(after)
  const newKeys = new Set(newPaths.map(key))
  const changed = newPaths.filter((p) => {
    const old = oldPaths.get(key(p))
    return (
      old === undefined || !deepEqual(valueAt(before, p), valueAt(after, p))
    )
  })
  const changedKeys = new Set(changed.map(key))
  for (const e of entries) {
    if (e.subresource !== undefined) continue
    const kept = fromFieldsV1(e.fieldsV1).filter(
      (p) =>
        newKeys.has(key(p)) &&
        !(changedKeys.has(key(p)) && e.manager !== manager)
    )
    e.fieldsV1 = toFieldsV1(kept)
  }
  let mine = entries.find(
    (e) =>
      e.manager === manager &&
      e.operation === 'Update' &&
      e.subresource === undefined
  )
  if (changed.length > 0) {
    if (mine === undefined) {
      mine = {
        manager,
        operation: 'Update',
        apiVersion,
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: {}
      }
      entries.push(mine)
    }
    const owned = fromFieldsV1(mine.fieldsV1).filter((p) => newKeys.has(key(p)))
    const ownedKeys = new Set(owned.map(key))
    for (const p of changed) if (!ownedKeys.has(key(p))) owned.push(p)
    mine.fieldsV1 = toFieldsV1(owned)
    mine.time = time
  }
  setEntries(after, entries)
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

function lastAppliedKeys(live: Obj): Set<string> {
  const meta = isObj(live['metadata']) ? live['metadata'] : {}
  const annotations = isObj(meta['annotations']) ? meta['annotations'] : {}
  const text = annotations[LAST_APPLIED]
  if (typeof text !== 'string') return new Set()
  try {
    const parsed: unknown = JSON.parse(text)
    return isObj(parsed) ? new Set(fieldPaths(parsed).map(key)) : new Set()
  } catch {
    return new Set()
  }
}

export class ApplyConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(describeConflicts(conflicts))
  }
}

function describeConflicts(conflicts: Conflict[]): string {
  const who = (c: Conflict): string => `"${c.manager}" using ${c.apiVersion}`
  const n = conflicts.length
  if (n === 1) {
    const c = conflicts[0]!
    return `Apply failed with 1 conflict: conflict with ${who(c)}: ${formatPath(c.path)}`
  }
  const byManager = new Map<string, Conflict[]>()
  for (const c of conflicts)
    byManager.set(who(c), [...(byManager.get(who(c)) ?? []), c])
  let text = `Apply failed with ${n} conflicts: conflicts with`
  if (byManager.size === 1) {
    const [[m, cs]] = [...byManager.entries()] as [[string, Conflict[]]]
    text += ` ${m}:`
    for (const c of cs) text += `\n- ${formatPath(c.path)}`
  } else {
    for (const [m, cs] of byManager) {
      text += `\n${m}:`
      for (const c of cs) text += `\n- ${formatPath(c.path)}`
    }
  }
  return text
}

function mergeApplied(
  live: unknown,
  applied: unknown,
  field?: string
): unknown {
  if (Array.isArray(applied)) {
    const mk = field === undefined ? undefined : listKey(field, applied)
    if (mk === undefined || !Array.isArray(live)) return clone(applied)
    const out = live.map((i) => clone(i))
    for (const item of applied as Obj[]) {
      const idx = out.findIndex((i) => isObj(i) && deepEqual(i[mk], item[mk]))
      if (idx >= 0) out[idx] = mergeApplied(out[idx], item)
      else out.push(clone(item))
    }
    return out
  }
  if (isObj(applied)) {
    const out: Obj = isObj(live) ? clone(live) : {}
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) continue
      out[k] = mergeApplied(out[k], v, k)
    }
    return out
  }
  return applied
}

function pruneEmpty(value: unknown): void {
  if (!isObj(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (isObj(v)) {
      pruneEmpty(v)
      if (Object.keys(v).length === 0 && k !== 'metadata') delete value[k]
    }
  }
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (undefined when
 * creating). Returns the new object with managedFields updated; throws
 * ApplyConflictError unless `force`.
 */
export function serverSideApply(
  live: Obj | undefined,
  applied: Obj,
  manager: string,
  apiVersion: string,
  force: boolean,
  time: string
): Obj {
  const entries = live ? entriesOf(live).map((e) => clone(e)) : []
  const newPaths = fieldPaths(applied)
  const newKeys = new Set(newPaths.map(key))
  const others = entries.filter(
    (e) =>
      !(e.manager === manager && e.operation === 'Apply') &&
      e.subresource === undefined
  )
  const conflicts: Conflict[] = []
  for (const e of others) {
    const owned = new Set(fromFieldsV1(e.fieldsV1).map(key))
    for (const p of newPaths) {
      if (p[p.length - 1] === '.') continue
      if (!owned.has(key(p))) continue
      if (
        live !== undefined &&
        !deepEqual(valueAt(live, p), valueAt(applied, p))
      ) {
        conflicts.push({
          manager: e.manager,
          apiVersion: e.apiVersion,
          path: p
        })
      }
    }
  }
  // The API server's lastAppliedManager: for the manager `kubectl`, conflicts
  // on fields that the client-side-apply annotation also sets are allowed, so
  // switching from `kubectl apply` to `kubectl apply --server-side` works.
  const upgrade =
    !force &&
    conflicts.length > 0 &&
    manager === 'kubectl' &&
    live !== undefined &&
    conflicts.every((c) => lastAppliedKeys(live).has(key(c.path)))
  if (conflicts.length > 0 && !force && !upgrade)
    throw new ApplyConflictError(conflicts)
  if (force || upgrade) {
    const conflictKeys = new Set(conflicts.map((c) => key(c.path)))
    for (const e of others) {
      e.fieldsV1 = toFieldsV1(
        fromFieldsV1(e.fieldsV1).filter((p) => !conflictKeys.has(key(p)))
      )
    }
  }
  let mine = entries.find(
    (e) => e.manager === manager && e.operation === 'Apply'
  )
  const base: Obj = live ? clone(live) : {}
  if (mine !== undefined) {
    const ownedByOthers = new Set(
      others.flatMap((e) => fromFieldsV1(e.fieldsV1).map(key))
    )
    const dropped = fromFieldsV1(mine.fieldsV1).filter(
      (p) => !newKeys.has(key(p)) && !ownedByOthers.has(key(p))
    )
    // remove deepest paths first so list items go after their fields
    dropped.sort((a, b) => b.length - a.length)
    for (const p of dropped) removeAt(base, p)
    pruneEmpty(base)
  }
  const merged = mergeApplied(base, applied) as Obj
  if (mine === undefined) {
    mine = {
      manager,
      operation: 'Apply',
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {}
    }
    entries.push(mine)
  }
  mine.fieldsV1 = toFieldsV1(newPaths)
  mine.time = time
  if (!isObj(merged['metadata'])) merged['metadata'] = {}
  setEntries(merged, entries)
  return merged
}
