/** Small readers for plain JSON objects (manifests as parsed). */
import { isMap, type JsonMap } from './normalize.js'

export function at(object: unknown, ...keys: (string | number)[]): unknown {
  let current: unknown = object
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[key]
    } else {
      if (!isMap(current)) return undefined
      current = current[key]
    }
  }
  return current
}

export function mapsOf(value: unknown): JsonMap[] {
  return Array.isArray(value) ? value.filter(isMap) : []
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isMap(value)) return out
  for (const [k, v] of Object.entries(value)) out[k] = String(v)
  return out
}
