import type { KubeConfig } from '@kubernetes/client-node'
import type { KubeObject } from '../../core/k8s/types.js'
import { FIELD_MANAGER } from '../../util/constants.js'
import { KubeApiError } from './errors.js'
import {
  collectionPath,
  describeObject,
  knownResource,
  objectPath,
  type ResourceInfo
} from './resources.js'
import {
  DEFAULT_RETRY,
  KubeTransport,
  type RetryPolicy,
  type TransportLimits,
  type WatchEvent
} from './transport.js'

export type { WatchEvent } from './transport.js'

export interface ListResult<T> {
  items: T[]
  resourceVersion: string
}

export interface AccessCheck {
  verb: string
  group: string
  resource: string
  namespace?: string
  name?: string
  subresource?: string
}

export interface ListPagesOptions {
  /** What the list is of, for error messages (default: the path). */
  object?: string
  signal?: AbortSignal
  /** Items per page (`limit`), default 500. */
  pageSize?: number
  /**
   * When the continue token expires on the way (410 Expired after etcd
   * compaction), go on with the token the API offers for the rest, at a
   * newer revision (the API's "inconsistent continue"), at most 5 times:
   * items already handed on are not read twice. Right for folding a large
   * list into sums; wrong for a cache that needs one consistent revision.
   */
  resumeExpired?: boolean
  /** False: each page request is sent once, the caller retries (default true). */
  retry?: boolean
}

/** Most 410 Expired answers one paged list goes on from before giving up. */
const MAX_EXPIRED_RESUMES = 5

export const PATCH_STRATEGIC = 'application/strategic-merge-patch+json'
export const PATCH_APPLY = 'application/apply-patch+yaml'
export const PATCH_MERGE = 'application/merge-patch+json'

/**
 * The Kubernetes calls ds-rollout makes, as raw wire JSON. Every error is a
 * KubeApiError carrying the API's Status reason and message.
 */
export class KubeClient {
  readonly transport: KubeTransport
  private readonly discovered = new Map<string, ResourceInfo>()
  private readonly groupVersions = new Map<
    string,
    { name: string; kind: string; namespaced: boolean }[] | null
  >()

  constructor(
    kc: KubeConfig,
    retry: RetryPolicy = DEFAULT_RETRY,
    sleep?: (ms: number) => Promise<void>,
    limits?: TransportLimits
  ) {
    this.transport = new KubeTransport(kc, retry, sleep, limits)
  }

  get requests(): KubeTransport['counter'] {
    return this.transport.counter
  }

  /** GET /version: is the API reachable and who is it. */
  async version(): Promise<{ gitVersion?: string }> {
    return this.transport.json({
      method: 'GET',
      path: '/version',
      object: 'the API server'
    })
  }

  /** Resolves apiVersion/kind to a resource, using discovery for kinds not in the table. */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const known = knownResource(apiVersion, kind)
    if (known !== undefined) return known
    const key = `${apiVersion}/${kind}`
    const cached = this.discovered.get(key)
    if (cached !== undefined) return cached
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`
    const list = await this.transport.json<{
      resources?: { name: string; kind: string; namespaced: boolean }[]
    }>({
      method: 'GET',
      path,
      object: `API group ${apiVersion}`
    })
    const found = list.resources?.find(
      (r) => r.kind === kind && !r.name.includes('/')
    )
    if (found === undefined) {
      throw new KubeApiError(
        404,
        'NotFound',
        `the server has no resource for kind ${kind} in ${apiVersion}`,
        `${kind}`
      )
    }
    const [group, version] = apiVersion.includes('/')
      ? (apiVersion.split('/', 2) as [string, string])
      : ['', apiVersion]
    const info = {
      group,
      version,
      plural: found.name,
      namespaced: found.namespaced
    }
    this.discovered.set(key, info)
    return info
  }

  /**
   * Whether the API server serves this apiVersion and kind (discovery, one
   * request per group-version). Undefined when it does; else why not.
   */
  async notServed(
    apiVersion: string,
    kind: string
  ): Promise<string | undefined> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`
    let list = this.groupVersions.get(apiVersion)
    if (list === undefined) {
      try {
        const doc = await this.transport.json<{
          resources?: { name: string; kind: string; namespaced: boolean }[]
        }>({
          method: 'GET',
          path,
          object: `API group-version ${apiVersion}`
        })
        list = doc.resources ?? []
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) list = null
        else throw err
      }
      this.groupVersions.set(apiVersion, list)
    }
    if (list === null)
      return `apiVersion ${apiVersion} is not served by this API server (it may have been removed; kind ${kind})`
    if (!list.some((r) => r.kind === kind && !r.name.includes('/')))
      return `kind ${kind} is not served in apiVersion ${apiVersion} by this API server`
    return undefined
  }

  /** GET one object; null when it does not exist. */
  async get<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string
  ): Promise<T | null> {
    const info = await this.resource(apiVersion, kind)
    try {
      return await this.transport.json<T>({
        method: 'GET',
        path: objectPath(info, name, namespace),
        object: `${kind.toLowerCase()} ${namespace === undefined ? name : `${namespace}/${name}`}`
      })
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return null
      throw err
    }
  }

  /** LIST with paging (limit + continue); returns the items and the list's resourceVersion. */
  async list<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
    object = path,
    signal?: AbortSignal
  ): Promise<ListResult<T>> {
    const items: T[] = []
    const resourceVersion = await this.listPages<T>(
      path,
      query,
      (page) => {
        items.push(...page)
      },
      { object, ...(signal === undefined ? {} : { signal }) }
    )
    return { items, resourceVersion }
  }

  /**
   * LIST page by page (`limit`, default 500, then `continue`), handing each
   * page to `onPage` so a large cluster's objects are never all in memory at
   * once. Returns the list's resourceVersion.
   */
  async listPages<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    onPage: (items: T[]) => void,
    options: ListPagesOptions = {}
  ): Promise<string> {
    let cont: string | undefined
    let resourceVersion = ''
    let resumes = 0
    do {
      const req = {
        method: 'GET' as const,
        path,
        query: { ...query, limit: options.pageSize ?? 500, continue: cont },
        object: options.object ?? path,
        ...(options.retry === false ? { retry: false } : {})
      }
      let page: {
        items?: T[]
        metadata?: { continue?: string; resourceVersion?: string }
      }
      try {
        page = await this.transport.json(
          options.signal === undefined
            ? req
            : { ...req, signal: options.signal }
        )
      } catch (err) {
        const next =
          options.resumeExpired === true &&
          cont !== undefined &&
          err instanceof KubeApiError &&
          err.status === 410
            ? err.continueToken
            : undefined
        if (next === undefined || resumes >= MAX_EXPIRED_RESUMES) throw err
        resumes += 1
        cont = next
        continue
      }
      onPage(page.items ?? [])
      cont = page.metadata?.continue || undefined
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion
    } while (cont !== undefined)
    return resourceVersion
  }

  /**
   * One watch request from `query.resourceVersion` (bookmarks asked for);
   * resolves when the server ends it. Rejects when nothing arrives for
   * `idleMs` (default: the server-side timeout plus 30 s).
   */
  async watch(
    path: string,
    query: Record<string, string | number | undefined>,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
    object = path,
    idleMs?: number
  ): Promise<void> {
    const timeout = Number(query['timeoutSeconds'] ?? 300)
    await this.transport.watch(
      {
        method: 'GET',
        path,
        query: { ...query, watch: 'true', allowWatchBookmarks: 'true' },
        object,
        signal
      },
      onEvent,
      idleMs ?? (timeout + 30) * 1000
    )
  }

  /** POST an object to a collection (reviews: TokenReview, ...); resolves to the answer. */
  async create<T>(path: string, body: unknown, object: string): Promise<T> {
    return this.transport.json<T>({
      method: 'POST',
      path,
      body: JSON.stringify(body),
      object
    })
  }

  /** Server-side apply with the fixed field manager (house style 15). */
  async apply<T extends KubeObject>(
    obj: KubeObject,
    options: { force: boolean; dryRun: boolean }
  ): Promise<T> {
    const name = obj.metadata?.name
    if (
      obj.apiVersion === undefined ||
      obj.kind === undefined ||
      name === undefined
    ) {
      throw new KubeApiError(
        400,
        'BadRequest',
        'object has no apiVersion, kind or metadata.name',
        describeObject(obj)
      )
    }
    const info = await this.resource(obj.apiVersion, obj.kind)
    const send = (force: boolean): Promise<T> =>
      this.transport.json<T>({
        method: 'PATCH',
        path: objectPath(
          info,
          name,
          info.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined
        ),
        query: {
          fieldManager: FIELD_MANAGER,
          force: force ? 'true' : undefined,
          dryRun: options.dryRun ? 'All' : undefined
        },
        body: JSON.stringify(obj),
        contentType: PATCH_APPLY,
        object: describeObject(obj)
      })
    try {
      return await send(options.force)
    } catch (err) {
      // Our own undo (a strategic-merge PATCH, like kubectl's) and canary
      // strategy switch are Update operations under the same manager name;
      // server-side apply counts them as another manager. Taking back fields
      // only we ever wrote is safe: force exactly then, never for others.
      if (!options.force && onlyOwnConflicts(err)) return send(true)
      throw err
    }
  }

  /** PATCH with an explicit content type (strategic merge for undo, R6.7). */
  async patch<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    body: string,
    contentType: string,
    dryRun = false
  ): Promise<T> {
    const info = await this.resource(apiVersion, kind)
    return this.transport.json<T>({
      method: 'PATCH',
      path: objectPath(info, name, namespace),
      query: {
        fieldManager: FIELD_MANAGER,
        dryRun: dryRun ? 'All' : undefined
      },
      body,
      contentType,
      object: `${kind.toLowerCase()} ${namespace === undefined ? name : `${namespace}/${name}`}`
    })
  }

  /** PUT a whole object (restoring recorded ConfigMaps/Secrets). */
  async replace<T extends KubeObject>(obj: KubeObject): Promise<T> {
    const info = await this.resource(obj.apiVersion ?? 'v1', obj.kind ?? '')
    return this.transport.json<T>({
      method: 'PUT',
      path: objectPath(
        info,
        obj.metadata?.name ?? '',
        info.namespaced ? obj.metadata?.namespace : undefined
      ),
      query: { fieldManager: FIELD_MANAGER },
      body: JSON.stringify(obj),
      object: describeObject(obj)
    })
  }

  /** DELETE; resolves false when it was already gone. */
  async delete(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string
  ): Promise<boolean> {
    const info = await this.resource(apiVersion, kind)
    try {
      await this.transport.json({
        method: 'DELETE',
        path: objectPath(info, name, namespace),
        object: `${kind.toLowerCase()} ${namespace === undefined ? name : `${namespace}/${name}`}`
      })
      return true
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return false
      throw err
    }
  }

  /** SelfSubjectAccessReview: may the current identity do this? */
  async canI(
    check: AccessCheck
  ): Promise<{ allowed: boolean; reason?: string }> {
    const attrs: Record<string, string> = {
      verb: check.verb,
      group: check.group,
      resource: check.resource
    }
    if (check.namespace !== undefined) attrs['namespace'] = check.namespace
    if (check.name !== undefined) attrs['name'] = check.name
    if (check.subresource !== undefined)
      attrs['subresource'] = check.subresource
    const review = await this.transport.json<{
      status?: { allowed?: boolean; reason?: string }
    }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: JSON.stringify({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attrs }
      }),
      object: 'selfsubjectaccessreview'
    })
    const result: { allowed: boolean; reason?: string } = {
      allowed: review.status?.allowed === true
    }
    if (review.status?.reason !== undefined)
      result.reason = review.status.reason
    return result
  }

  collectionPathFor(info: ResourceInfo, namespace?: string): string {
    return collectionPath(info, namespace)
  }
}

/** A 409 whose every conflict is with ds-rollout's own (Update) manager. */
export function onlyOwnConflicts(err: unknown): boolean {
  if (!(err instanceof KubeApiError) || err.status !== 409) return false
  const conflicts = err.causes.filter(
    (c) => c.reason === 'FieldManagerConflict'
  )
  if (conflicts.length === 0) return false
  const own = new RegExp(`^conflict with "${FIELD_MANAGER}"( using |$)`)
  return conflicts.every((c) => own.test(c.message ?? ''))
}
