import type { KubeObject } from '../k8s/types.js'

/** Apply order: what others depend on first, DaemonSets last. */
const RANK: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  PriorityClass: 2,
  ServiceAccount: 3,
  ClusterRole: 4,
  ClusterRoleBinding: 5,
  Role: 6,
  RoleBinding: 7,
  ConfigMap: 8,
  Secret: 9,
  DaemonSet: 20
}

/** Objects in apply order (stable within a rank: manifest order). */
export function applyOrder<T extends { object: KubeObject }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const ra = RANK[a.item.object.kind ?? ''] ?? 10
      const rb = RANK[b.item.object.kind ?? ''] ?? 10
      return ra - rb || a.index - b.index
    })
    .map(({ item }) => item)
}

/** The namespace an object lands in (namespaced kinds default to "default"). */
export function objectNamespace(
  obj: KubeObject,
  namespaced: boolean
): string | undefined {
  if (!namespaced) return undefined
  const ns = obj.metadata?.namespace
  return ns === undefined || ns === '' ? 'default' : ns
}

/**
 * Whether `expected` (a manifest) is contained in `live` (a server object
 * with defaults filled in): every field the manifest sets has the same value
 * live. Lists must have the same length; their items are compared the same
 * way. Returns the first differing path, or undefined when contained.
 */
export function firstDifference(
  expected: unknown,
  live: unknown,
  path = ''
): string | undefined {
  if (expected === null || expected === undefined) return undefined
  if (Array.isArray(expected)) {
    if (!Array.isArray(live) || live.length !== expected.length)
      return path || '.'
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], live[i], `${path}[${i}]`)
      if (d !== undefined) return d
    }
    return undefined
  }
  if (typeof expected === 'object') {
    if (typeof live !== 'object' || live === null || Array.isArray(live))
      return path || '.'
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      const d = firstDifference(
        v,
        (live as Record<string, unknown>)[k],
        `${path}.${k}`
      )
      if (d !== undefined) return d
    }
    return undefined
  }
  if (expected === live) return undefined
  // Kubernetes returns ints for int-or-string fields given as numbers, and
  // numbers for quantities given as strings only when they are equal.
  if (String(expected) === String(live)) return undefined
  return path || '.'
}
