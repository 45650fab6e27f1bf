/** Small helpers over plain JSON objects (the rehearsal store keeps wire JSON). */

export type Obj = Record<string, unknown>

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The object at `key`, created when missing. */
export function child(parent: Obj, key: string): Obj {
  const value = parent[key]
  if (isObj(value)) return value
  const created: Obj = {}
  parent[key] = created
  return created
}

export function asObj(value: unknown): Obj {
  return isObj(value) ? value : {}
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined
}

export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isObj(value)) return out
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v
  }
  return out
}

export function clone<T>(value: T): T {
  return structuredClone(value)
}

/** JSON with object keys sorted, as Go's encoding/json writes maps. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (isObj(value)) {
    const out: Obj = {}
    for (const key of Object.keys(value).sort()) {
      const v = value[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  return value
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => deepEqual(v, b[i]))
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    if (ka.length !== kb.length) return false
    return ka.every((k) => deepEqual(a[k], b[k]))
  }
  return false
}

export function metadataOf(obj: Obj): Obj {
  return child(obj, 'metadata')
}

export function nameOf(obj: Obj): string {
  return asString(asObj(obj['metadata'])['name']) ?? ''
}

export function namespaceOf(obj: Obj): string {
  return asString(asObj(obj['metadata'])['namespace']) ?? ''
}

/** The labels map itself (read it, do not mutate it). */
export function labelsOf(obj: Obj): Record<string, string> {
  const labels = asObj(obj['metadata'])['labels']
  return isObj(labels) ? (labels as Record<string, string>) : {}
}

/** Value at a dotted path such as `spec.nodeName` (used by field selectors). */
export function valueAtPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const part of path.split('.')) {
    if (!isObj(cur)) return undefined
    cur = cur[part]
  }
  return cur
}
