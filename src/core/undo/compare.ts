/**
 * Keys whose empty object value means something (`emptyDir: {}` selects an
 * emptyDir volume), so `{}` there is not the same as absent.
 */
const PRESENCE_KEYS: ReadonlySet<string> = new Set(['emptyDir'])

/**
 * Normalises a pod template for the semantic comparison of R6.9: drops the
 * strategic-merge directive `$patch`, null values (`creationTimestamp: null`
 * written by pre-1.34 controllers), and empty lists and maps that Go's
 * omitempty would leave out.
 */
export function normaliseTemplate(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) {
    const items = value.map((v) => normaliseTemplate(v))
    return items.length === 0 ? undefined : items
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === '$patch') continue
      const n = normaliseTemplate(v, k)
      if (n !== undefined) out[k] = n
    }
    if (Object.keys(out).length === 0 && !PRESENCE_KEYS.has(key))
      return undefined
    return out
  }
  return value
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => deepEqual(v, b[i]))
  }
  if (typeof a === 'object') {
    if (Array.isArray(b)) return false
    const ao = a as Record<string, unknown>
    const bo = b as Record<string, unknown>
    const ak = Object.keys(ao)
    if (ak.length !== Object.keys(bo).length) return false
    return ak.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]))
  }
  return false
}

/**
 * R6.9: whether a live pod template and a revision's template are the same,
 * compared semantically (key order, `$patch`, `creationTimestamp: null` and
 * omitted empties do not count), unlike kubectl's byte comparison (R6.6).
 */
export function templatesEqual(live: unknown, revision: unknown): boolean {
  return deepEqual(normaliseTemplate(live), normaliseTemplate(revision))
}
