import { clone, type Obj } from './json.js'
import type { Registry } from './api/registry.js'

/** Read access to the stored objects and internal writes, for tests and tools. */
export interface ClusterObjects {
  /** `resource` is `pods`, `nodes`, `apps/daemonsets`, `apps/controllerrevisions`, ... */
  list(resource: string, namespace?: string): Obj[]
  get(resource: string, namespace: string, name: string): Obj | undefined
  create(resource: string, namespace: string, obj: object): Obj
  /** A JSON merge patch, through the same registry rules as the API. */
  patch(
    resource: string,
    namespace: string,
    name: string,
    mergePatch: object
  ): Obj
  /** A JSON merge patch of the status subresource (tests set pod readiness). */
  patchStatus(
    resource: string,
    namespace: string,
    name: string,
    mergePatch: object
  ): Obj
  /** DELETE; `gracePeriodSeconds: 0` removes a bound pod at once (`--force`). */
  delete(
    resource: string,
    namespace: string,
    name: string,
    options?: { gracePeriodSeconds?: number }
  ): void
  subscribe(
    listener: (event: { type: string; resource: string; object: Obj }) => void
  ): () => void
}

const MANAGER = 'rehearsal-test'

/**
 * {@link ClusterObjects} over a registry. Reads return copies, so a caller
 * never changes a stored object; writes go through the registry's rules
 * (validation, managedFields under the `rehearsal-test` manager) as API
 * writes do. Resource names are `plural` for the core group and
 * `group/plural` otherwise.
 */
export function clusterObjects(registry: Registry): ClusterObjects {
  const store = registry.store
  const storeKey = (resource: string): string =>
    resource.includes('/') ? resource : `/${resource}`
  const typeOf = (resource: string) => {
    const [group, res] = resource.includes('/')
      ? (resource.split('/') as [string, string])
      : ['', resource]
    return registry.resource(group, res)
  }
  return {
    list: (resource, namespace) =>
      store.peekAll(storeKey(resource), namespace).map((o) => clone(o)),
    get: (resource, namespace, name) => {
      const o = store.peek(storeKey(resource), namespace, name)
      return o === undefined ? undefined : clone(o)
    },
    create: (resource, namespace, obj) =>
      clone(
        registry.create(typeOf(resource), namespace, obj as Obj, {
          manager: MANAGER
        })
      ),
    patch: (resource, namespace, name, mergePatch) =>
      clone(
        registry.patch(typeOf(resource), namespace, name, 'merge', mergePatch, {
          manager: MANAGER
        })
      ),
    patchStatus: (resource, namespace, name, mergePatch) =>
      clone(
        registry.patch(typeOf(resource), namespace, name, 'merge', mergePatch, {
          manager: MANAGER,
          subresource: 'status'
        })
      ),
    delete: (resource, namespace, name, options = {}) => {
      registry.delete(typeOf(resource), namespace, name, options)
    },
    subscribe: (listener) =>
      store.subscribe((e) =>
        listener({
          type: e.type,
          resource: e.resource.startsWith('/')
            ? e.resource.slice(1)
            : e.resource,
          object: e.object
        })
      )
  }
}
