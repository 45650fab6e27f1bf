/**
 * A structural diff of two normalised objects that reports changes by
 * readable path, matching list items by their Kubernetes merge key
 * (`containers[name=agent]`) instead of their index, and reporting a
 * reorder of a keyed list as its own change (`... (order)`): the order is
 * part of the pod template's hash, so a reorder replaces pods (R4.3).
 */
import { quantitiesEqual } from '../k8s/quantity.js'
import { isMap, type JsonMap } from './normalize.js'

export interface RawChange {
  path: string
  before?: unknown
  after?: unknown
}

type KeyOf = (item: JsonMap, items: JsonMap[]) => string | undefined

function byField(field: string): KeyOf {
  return (item) => {
    const value = item[field]
    return typeof value === 'string' || typeof value === 'number'
      ? `${field}=${value}`
      : undefined
  }
}

function byFields(fields: string[]): KeyOf {
  return (item) => {
    const parts = fields
      .filter((f) => item[f] !== undefined && item[f] !== '')
      .map((f) => `${f}=${String(item[f])}`)
    return parts.length === 0 ? '(empty)' : parts.join(',')
  }
}

/** Container ports: by name when every port on both sides has one, else by port and protocol. */
const PORT_KEY = byFields(['containerPort', 'protocol'])

/** Merge keys of the lists in a DaemonSet, by the field that holds the list. */
const LIST_KEYS: Record<string, KeyOf> = {
  containers: byField('name'),
  initContainers: byField('name'),
  ephemeralContainers: byField('name'),
  volumes: byField('name'),
  env: byField('name'),
  imagePullSecrets: byField('name'),
  volumeMounts: byField('mountPath'),
  volumeDevices: byField('devicePath'),
  hostAliases: byField('ip'),
  tolerations: byFields(['key', 'operator', 'value', 'effect']),
  ports: PORT_KEY
}

/** Fields whose values are resource quantities, compared numerically (R8.2d). */
function isQuantityField(parentKey: string, key: string): boolean {
  return (
    parentKey === 'requests' ||
    parentKey === 'limits' ||
    parentKey === 'overhead' ||
    key === 'sizeLimit'
  )
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

export function joinPath(path: string, key: string): string {
  const segment = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`
  if (path === '') return segment
  return segment.startsWith('[') ? path + segment : `${path}.${segment}`
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => k in b && deepEqual(a[k], b[k]))
  }
  return false
}

/** Keys for every item, or undefined when the list cannot be matched by key. */
function keysFor(items: unknown[], keyOf: KeyOf): string[] | undefined {
  if (!items.every(isMap)) return undefined
  const maps = items as JsonMap[]
  const keys = maps.map((item) => keyOf(item, maps))
  if (keys.some((k) => k === undefined)) return undefined
  if (new Set(keys).size !== keys.length) return undefined
  return keys as string[]
}

function keyOfList(key: string, before: unknown[], after: unknown[]): KeyOf {
  if (key === 'ports') {
    const named = [...before, ...after].every(
      (p) => isMap(p) && typeof p.name === 'string' && p.name !== ''
    )
    if (named) return byField('name')
  }
  return LIST_KEYS[key] as KeyOf
}

function diffList(
  before: unknown[],
  after: unknown[],
  path: string,
  key: string,
  out: RawChange[]
): void {
  const keyed = key in LIST_KEYS
  const keyOf = keyed ? keyOfList(key, before, after) : undefined
  const beforeKeys = keyOf && keysFor(before, keyOf)
  const afterKeys = keyOf && keysFor(after, keyOf)
  if (beforeKeys !== undefined && afterKeys !== undefined) {
    const afterIndex = new Map(afterKeys.map((k, i) => [k, i]))
    const beforeIndex = new Map(beforeKeys.map((k, i) => [k, i]))
    const common = beforeKeys.filter((k) => afterIndex.has(k))
    const commonAfter = afterKeys.filter((k) => beforeIndex.has(k))
    if (common.some((k, i) => k !== commonAfter[i]))
      out.push({ path: `${path} (order)`, before: common, after: commonAfter })
    beforeKeys.forEach((k, i) => {
      const j = afterIndex.get(k)
      const itemPath = `${path}[${k}]`
      if (j === undefined) out.push({ path: itemPath, before: before[i] })
      else diffValues(before[i], after[j], itemPath, '', out)
    })
    afterKeys.forEach((k, j) => {
      if (!beforeIndex.has(k))
        out.push({ path: `${path}[${k}]`, after: after[j] })
    })
    return
  }
  const scalars = [...before, ...after].every(
    (v) => !isMap(v) && !Array.isArray(v)
  )
  if (scalars || before.length !== after.length) {
    if (!deepEqual(before, after)) out.push({ path, before, after })
    return
  }
  before.forEach((item, i) =>
    diffValues(item, after[i], `${path}[${i}]`, '', out)
  )
}

/**
 * Appends the changes between `before` and `after` (both normalised) to
 * `out`. `key` is the field name holding the values (it picks the list key
 * and the quantity comparison).
 */
export function diffValues(
  before: unknown,
  after: unknown,
  path: string,
  key: string,
  out: RawChange[],
  parentKey = ''
): void {
  if (before === undefined && after === undefined) return
  if (before === undefined) {
    out.push({ path, after })
    return
  }
  if (after === undefined) {
    out.push({ path, before })
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffList(before, after, path, key, out)
    return
  }
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    keys.sort()
    for (const k of keys)
      diffValues(before[k], after[k], joinPath(path, k), k, out, key)
    return
  }
  const equal = isQuantityField(parentKey, key)
    ? quantitiesEqual(before, after)
    : deepEqual(before, after)
  if (!equal) out.push({ path, before, after })
}
