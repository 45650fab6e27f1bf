import { clone, deepEqual, isObj, type Obj } from '../json.js'

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch)
  const out: Obj = isObj(target) ? clone(target) : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = applyMergePatch(out[key], value)
  }
  return out
}

/**
 * Merge keys of the lists the strategic merge patch merges instead of
 * replacing (`patchMergeKey` in k8s.io/api). Lists not named here are
 * replaced whole, as for `tolerations`, `args` or `command`.
 */
export const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resizePolicy: 'resourceName'
}

/** Primitive lists merged as sets by the strategic merge patch. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers'])

export class PatchError extends Error {}

/**
 * Strategic merge patch (the subset kubectl uses): maps merge, `null`
 * deletes, `$patch: replace|delete|merge` on maps and list items,
 * `$retainKeys`, `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`
 * (ordering honoured), lists with a merge key merge by that key, other lists
 * are replaced.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown
): unknown {
  if (!isObj(patch)) return clone(patch)
  const directive = patch['$patch']
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch
    return stripDirectives(rest)
  }
  if (directive === 'delete') return undefined
  const out: Obj = isObj(target) ? clone(target) : {}
  const retain = patch['$retainKeys']
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue
    if (key.startsWith('$setElementOrder/')) continue
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length)
      const cur = out[field]
      if (Array.isArray(cur) && Array.isArray(value)) {
        out[field] = cur.filter((v) => !value.some((d) => deepEqual(d, v)))
      }
      continue
    }
    if (value === null) {
      delete out[key]
      continue
    }
    if (Array.isArray(value)) {
      const order = patch[`$setElementOrder/${key}`]
      out[key] = mergeList(
        key,
        out[key],
        value,
        Array.isArray(order) ? order : undefined
      )
      continue
    }
    if (isObj(value)) {
      const merged = applyStrategicMergePatch(out[key], value)
      if (merged === undefined) delete out[key]
      else out[key] = merged
      continue
    }
    out[key] = value
  }
  if (Array.isArray(retain)) {
    for (const key of Object.keys(out))
      if (!retain.includes(key)) delete out[key]
  }
  return out
}

function mergeList(
  field: string,
  current: unknown,
  patch: unknown[],
  order: unknown[] | undefined
): unknown[] {
  const cur = Array.isArray(current) ? current : []
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...cur]
    for (const v of patch) if (!out.some((c) => deepEqual(c, v))) out.push(v)
    return out
  }
  const mergeKey = MERGE_KEYS[field]
  if (mergeKey === undefined || !patch.every(isObj)) {
    if (
      patch.length === 1 &&
      isObj(patch[0]) &&
      patch[0]['$patch'] === 'replace'
    )
      return []
    return stripDirectives(patch) as unknown[]
  }
  if (patch.some((p) => isObj(p) && p['$patch'] === 'replace')) {
    return stripDirectives(
      patch.filter((p) => !(isObj(p) && p['$patch'] === 'replace'))
    ) as unknown[]
  }
  const out: unknown[] = cur.map((c) => clone(c))
  for (const p of patch as Obj[]) {
    const key = p[mergeKey]
    const idx = out.findIndex((c) => isObj(c) && deepEqual(c[mergeKey], key))
    if (p['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1)
      continue
    }
    if (idx >= 0) out[idx] = applyStrategicMergePatch(out[idx], p)
    else out.push(stripDirectives(p))
  }
  if (order !== undefined) {
    const rank = (item: unknown): number => {
      if (!isObj(item)) return Number.MAX_SAFE_INTEGER
      const i = order.findIndex(
        (o) => isObj(o) && deepEqual(o[mergeKey], item[mergeKey])
      )
      return i < 0 ? Number.MAX_SAFE_INTEGER : i
    }
    out.sort((a, b) => rank(a) - rank(b))
  }
  return out
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives)
  if (isObj(value)) {
    const out: Obj = {}
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) continue
      out[k] = stripDirectives(v)
    }
    return out
  }
  return value
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array')
  let doc = clone(target)
  for (const raw of ops) {
    if (!isObj(raw)) throw new PatchError('invalid json patch operation')
    const op = String(raw['op'])
    const path = parsePointer(String(raw['path'] ?? ''))
    switch (op) {
      case 'add':
        doc = setAt(doc, path, clone(raw['value']), true)
        break
      case 'replace':
        getAt(doc, path)
        doc = setAt(doc, path, clone(raw['value']), false)
        break
      case 'remove':
        doc = removeAt(doc, path)
        break
      case 'test':
        if (!deepEqual(getAt(doc, path), raw['value']))
          throw new PatchError(`testing value ${String(raw['path'])} failed`)
        break
      case 'move':
      case 'copy': {
        const from = parsePointer(String(raw['from'] ?? ''))
        const value = clone(getAt(doc, from))
        if (op === 'move') doc = removeAt(doc, from)
        doc = setAt(doc, path, value, true)
        break
      }
      default:
        throw new PatchError(`Unexpected kind: ${op}`)
    }
  }
  return doc
}

function parsePointer(p: string): string[] {
  if (p === '') return []
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function getAt(doc: unknown, path: string[]): unknown {
  let cur = doc
  for (const part of path) {
    if (Array.isArray(cur)) cur = cur[Number(part)]
    else if (isObj(cur)) cur = cur[part]
    else cur = undefined
    if (cur === undefined)
      throw new PatchError(`missing path: /${path.join('/')}`)
  }
  return cur
}

function setAt(
  doc: unknown,
  path: string[],
  value: unknown,
  insert: boolean
): unknown {
  if (path.length === 0) return value
  const parent = getAt(doc, path.slice(0, -1))
  const last = path[path.length - 1]!
  if (Array.isArray(parent)) {
    const idx = last === '-' ? parent.length : Number(last)
    if (insert) parent.splice(idx, 0, value)
    else parent[idx] = value
  } else if (isObj(parent)) parent[last] = value
  else throw new PatchError(`missing path: /${path.join('/')}`)
  return doc
}

function removeAt(doc: unknown, path: string[]): unknown {
  const parent = getAt(doc, path.slice(0, -1))
  const last = path[path.length - 1]!
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else if (isObj(parent)) {
    if (!(last in parent))
      throw new PatchError(`missing path: /${path.join('/')}`)
    delete parent[last]
  }
  return doc
}
