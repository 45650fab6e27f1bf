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
  /** Index path in the head (`spec.template.spec.containers[1].image`). */
  headPath: string
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

/** Where a value sits: its readable path, its index path in the head, and the fields holding it. */
interface Where {
  /** Readable path, list items by key. */
  path: string
  /** The same place in the head with list items by index (`a.b[2].c`), the parser's fieldLines format. */
  headPath: string
  /** The field name holding the value. */
  key: string
  /** The field name holding its parent. */
  parentKey: string
}

function push(
  out: RawChange[],
  where: Where,
  path: string,
  before: unknown,
  after: unknown
): void {
  const change: RawChange = { path, headPath: where.headPath }
  if (before !== undefined) change.before = before
  if (after !== undefined) change.after = after
  out.push(change)
}

function diffList(
  before: unknown[],
  after: unknown[],
  where: Where,
  out: RawChange[]
): void {
  const { path, headPath, key } = where
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
      push(out, where, `${path} (order)`, common, commonAfter)
    beforeKeys.forEach((k, i) => {
      const j = afterIndex.get(k)
      const item: Where = {
        path: `${path}[${k}]`,
        headPath,
        key: '',
        parentKey: key
      }
      if (j === undefined) push(out, item, item.path, before[i], undefined)
      else
        diffAt(
          before[i],
          after[j],
          { ...item, headPath: `${headPath}[${j}]` },
          out
        )
    })
    afterKeys.forEach((k, j) => {
      if (!beforeIndex.has(k))
        push(
          out,
          { ...where, headPath: `${headPath}[${j}]` },
          `${path}[${k}]`,
          undefined,
          after[j]
        )
    })
    return
  }
  const scalars = [...before, ...after].every(
    (v) => !isMap(v) && !Array.isArray(v)
  )
  if (scalars || before.length !== after.length) {
    if (!deepEqual(before, after)) push(out, where, path, before, after)
    return
  }
  before.forEach((item, i) =>
    diffAt(
      item,
      after[i],
      {
        path: `${path}[${i}]`,
        headPath: `${headPath}[${i}]`,
        key: '',
        parentKey: key
      },
      out
    )
  )
}

function diffAt(
  before: unknown,
  after: unknown,
  where: Where,
  out: RawChange[]
): void {
  if (before === undefined && after === undefined) return
  if (before === undefined || after === undefined) {
    push(out, where, where.path, before, after)
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffList(before, after, where, out)
    return
  }
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    keys.sort()
    for (const k of keys)
      diffAt(
        before[k],
        after[k],
        {
          path: joinPath(where.path, k),
          headPath: where.headPath === '' ? k : `${where.headPath}.${k}`,
          key: k,
          parentKey: where.key
        },
        out
      )
    return
  }
  const equal = isQuantityField(where.parentKey, where.key)
    ? quantitiesEqual(before, after)
    : deepEqual(before, after)
  if (!equal) push(out, where, where.path, before, after)
}

/**
 * The changes between two normalised objects, in path order. Each change
 * carries `headPath`, the head's index path of the changed field (or of its
 * nearest parent that exists in the head), for line lookups.
 */
export function diffValues(before: unknown, after: unknown): RawChange[] {
  const out: RawChange[] = []
  diffAt(before, after, { path: '', headPath: '', key: '', parentKey: '' }, out)
  return out
}
