import {
  AppsV1Api,
  CoreV1Api,
  VersionApi,
  type KubeConfig
} from '@kubernetes/client-node'
import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import { snapshotBuilder } from '../../core/snapshot/from-cluster.js'
import type { Snapshot } from '../../core/snapshot/types.js'

/** Options of a recording; the defaults suit real clusters. */
export interface RecordOptions {
  /** Items per list page (`limit`); the API server pages with `continue`. */
  pageSize?: number
  /** The recording time (tests pin it). */
  now?: () => Date
}

interface Page {
  items: unknown[]
  metadata?: { _continue?: string }
}

/**
 * Typed client-node models are class instances with Dates for timestamps;
 * the core reads wire JSON. A JSON round trip gives back plain objects with
 * RFC 3339 strings, under the wire field names for every field the snapshot
 * uses (the typed models drop fields they do not know, which the snapshot
 * does not need).
 */
export function toWire<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** The API's own words for a failed call, never client-node's message (it holds headers). */
export function apiErrorMessage(err: unknown, what: string): string {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    const body = (err as { body?: unknown }).body
    let reason = ''
    if (typeof body === 'string') {
      try {
        const status = JSON.parse(body) as { message?: unknown }
        if (typeof status.message === 'string') reason = status.message
      } catch {
        reason = body.slice(0, 200)
      }
    }
    return `cannot ${what}: ${reason || 'request failed'} (HTTP ${String(code)})`
  }
  const cause =
    err instanceof Error &&
    typeof (err as { cause?: unknown }).cause === 'object'
      ? ((err as { cause: { code?: unknown } }).cause.code ?? '')
      : ''
  return `cannot ${what}: ${cause !== '' ? String(cause) : 'the API server did not answer'}`
}

/**
 * The continue token of a 410 Expired answer to a paged list: the API server
 * compacted the snapshot the list was reading, and its Status carries a
 * token that goes on from where the list stopped (with newer data).
 */
function expiredContinueToken(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  if ((err as { code?: unknown }).code !== 410) return undefined
  const body = (err as { body?: unknown }).body
  if (typeof body !== 'string') return undefined
  try {
    const status = JSON.parse(body) as { metadata?: { continue?: unknown } }
    const token = status.metadata?.continue
    return typeof token === 'string' && token !== '' ? token : undefined
  } catch {
    return undefined
  }
}

/** Most 410 Expired answers one list goes on from before giving up. */
const MAX_EXPIRED_RESUMES = 5

/**
 * Lists every page, handing each page's items (as wire JSON) to `onPage`.
 * Listing the pods of a large cluster takes minutes; when the continue token
 * expires on the way (410 Expired, after etcd compaction), the list goes on
 * with the token the API server offers for the remainder instead of
 * starting over: items already handed on are not read twice, and the rest
 * is read at a newer revision (the API's "inconsistent continue").
 */
async function listPages<T>(
  what: string,
  fetchPage: (cont: string | undefined) => Promise<Page>,
  onPage: (items: T[]) => void
): Promise<void> {
  let cont: string | undefined
  let resumes = 0
  do {
    let page: Page
    try {
      page = await fetchPage(cont)
    } catch (err) {
      const next = cont === undefined ? undefined : expiredContinueToken(err)
      if (next !== undefined && resumes < MAX_EXPIRED_RESUMES) {
        resumes += 1
        cont = next
        continue
      }
      throw new Error(apiErrorMessage(err, what))
    }
    onPage(page.items.map((item) => toWire<T>(item)))
    cont = page.metadata?._continue || undefined
  } while (cont !== undefined)
}

async function listAll<T>(
  what: string,
  fetchPage: (cont: string | undefined) => Promise<Page>
): Promise<T[]> {
  const items: T[] = []
  await listPages<T>(what, fetchPage, (page) => items.push(...page))
  return items
}

/**
 * Records a node snapshot from a live cluster with read-only list calls
 * (nodes, pods of all namespaces, DaemonSets of all namespaces), paging
 * through large lists.
 */
export async function recordSnapshot(
  kc: KubeConfig,
  options: RecordOptions = {}
): Promise<Snapshot> {
  const limit = options.pageSize ?? 500
  const core = kc.makeApiClient(CoreV1Api)
  const apps = kc.makeApiClient(AppsV1Api)
  const nodes = await listAll<Node>('list nodes', (cont) =>
    core.listNode({ limit, _continue: cont })
  )
  const daemonSets = await listAll<DaemonSet>(
    'list DaemonSets in all namespaces',
    (cont) => apps.listDaemonSetForAllNamespaces({ limit, _continue: cont })
  )
  const builder = snapshotBuilder({ nodes, daemonSets })
  // Pods are folded into the per-node sums page by page: a large cluster's
  // pods are never all in memory at once.
  await listPages<Pod>(
    'list pods in all namespaces',
    (cont) =>
      core.listPodForAllNamespaces({
        limit,
        _continue: cont,
        // Terminal pods hold no node resources (the scheduler skips them too).
        fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed'
      }),
    (page) => builder.addPods(page)
  )
  let version: string | undefined
  try {
    version = (await kc.makeApiClient(VersionApi).getCode()).gitVersion
  } catch {
    version = undefined // optional: the snapshot is complete without it
  }
  const cluster: { name?: string; version?: string } = {}
  const context = kc.getCurrentContext()
  if (context !== '') cluster.name = context
  if (version !== undefined) cluster.version = version
  const {
    kind,
    version: format,
    nodes: recorded,
    daemonSets: live
  } = builder.finish()
  return {
    kind,
    version: format,
    recordedAt: (options.now?.() ?? new Date()).toISOString(),
    cluster,
    nodes: recorded,
    daemonSets: live
  }
}
