import type { KubeConfig } from '@kubernetes/client-node'
import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import { snapshotBuilder } from '../../core/snapshot/from-cluster.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import {
  KubeConfigTransport,
  KubeHttpError,
  type KubeListPage,
  type ListParams
} from './raw-api.js'

/** Options of a recording; the defaults suit real clusters. */
export interface RecordOptions {
  /** Items per list page (`limit`); the API server pages with `continue`. */
  pageSize?: number
  /** The recording time (tests pin it). */
  now?: () => Date
}

/**
 * The API's own words for a failed call (the Status message and the HTTP
 * status), or the connection error's code; never headers or credentials.
 */
export function apiErrorMessage(err: unknown, what: string): string {
  if (err instanceof KubeHttpError) {
    const reason = err.apiMessage ?? err.message.replace(/^\d+ /, '')
    return `cannot ${what}: ${reason || 'request failed'} (HTTP ${err.status})`
  }
  const code =
    typeof err === 'object' && err !== null
      ? ((err as { code?: unknown }).code ??
        (err as { cause?: { code?: unknown } }).cause?.code)
      : undefined
  return `cannot ${what}: ${typeof code === 'string' && code !== '' ? code : 'the API server did not answer'}`
}

/**
 * The continue token of a 410 Expired answer to a paged list: the API server
 * compacted the snapshot the list was reading, and its Status carries a
 * token that goes on from where the list stopped (with newer data).
 */
function expiredContinueToken(err: unknown): string | undefined {
  return err instanceof KubeHttpError && err.status === 410
    ? err.continueToken
    : undefined
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
  fetchPage: (cont: string | undefined) => Promise<KubeListPage>,
  onPage: (items: T[]) => void
): Promise<void> {
  let cont: string | undefined
  let resumes = 0
  do {
    let page: KubeListPage
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
    onPage(page.items as T[])
    cont = page.continue
  } while (cont !== undefined)
}

async function listAll<T>(
  what: string,
  fetchPage: (cont: string | undefined) => Promise<KubeListPage>
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
  // Raw wire JSON over the kubeconfig's credentials and TLS settings (no
  // generated API classes: they drop unknown fields, turn timestamps into
  // Dates, and weigh megabytes in the bundle).
  const api = new KubeConfigTransport(kc)
  const page =
    (path: string, fieldSelector?: string) =>
    (cont: string | undefined): Promise<KubeListPage> => {
      const params: ListParams = { limit }
      if (cont !== undefined) params.continue = cont
      if (fieldSelector !== undefined) params.fieldSelector = fieldSelector
      return api.list(path, params)
    }
  const nodes = await listAll<Node>('list nodes', page('/api/v1/nodes'))
  const daemonSets = await listAll<DaemonSet>(
    'list DaemonSets in all namespaces',
    page('/apis/apps/v1/daemonsets')
  )
  const builder = snapshotBuilder({ nodes, daemonSets })
  // Pods are folded into the per-node sums page by page: a large cluster's
  // pods are never all in memory at once.
  await listPages<Pod>(
    'list pods in all namespaces',
    // Terminal pods hold no node resources (the scheduler skips them too).
    page('/api/v1/pods', 'status.phase!=Succeeded,status.phase!=Failed'),
    (items) => builder.addPods(items)
  )
  let version: string | undefined
  try {
    const info = (await api.request('GET', '/version')) as {
      gitVersion?: unknown
    }
    version = typeof info.gitVersion === 'string' ? info.gitVersion : undefined
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
