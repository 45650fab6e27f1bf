import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import { snapshotBuilder } from '../../core/snapshot/from-cluster.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import type { KubeClient } from './client.js'

export interface LiveSnapshotOptions {
  /**
   * The live DaemonSets the plan is about (the deploy preflight already
   * read them); undefined lists the DaemonSets of all namespaces.
   */
  daemonSets?: DaemonSet[]
  /**
   * Namespaces whose pods are listed; undefined lists pods of all
   * namespaces (needs list pods cluster-wide). With only some namespaces,
   * other workloads' requests and host ports are not seen by the fit check.
   */
  podNamespaces?: string[]
  /** Items per list page (default 500). */
  pageSize?: number
  signal?: AbortSignal
}

/**
 * The node snapshot of the live cluster, the one paged node/pod reader of
 * the code base (the deploy's live plan and `ds-rollout snapshot`): nodes,
 * DaemonSets unless given, then the non-terminal pods page by page, folded
 * into per-node sums as they come (a large cluster's pods are never all in
 * memory). Costs ceil(nodes / pageSize) + ceil(pods / pageSize) list
 * requests (plus the DaemonSet pages). A pod list whose continue token
 * expires goes on with the token the API offers (see
 * `ListPagesOptions.resumeExpired`): each pod is counted once.
 * Errors are KubeApiErrors whose `object` says which list failed.
 */
export async function readLiveSnapshot(
  client: KubeClient,
  options: LiveSnapshotOptions = {}
): Promise<Snapshot> {
  const pageOptions = {
    resumeExpired: true,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize })
  }
  const nodes: Node[] = []
  await client.listPages<Node>(
    '/api/v1/nodes',
    {},
    (page) => {
      nodes.push(...page)
    },
    { object: 'nodes', ...pageOptions }
  )
  let daemonSets = options.daemonSets
  if (daemonSets === undefined) {
    const listed: DaemonSet[] = []
    await client.listPages<DaemonSet>(
      '/apis/apps/v1/daemonsets',
      {},
      (page) => {
        listed.push(...page)
      },
      { object: 'DaemonSets in all namespaces', ...pageOptions }
    )
    daemonSets = listed
  }
  const builder = snapshotBuilder({ nodes, daemonSets })
  // Terminal pods hold no node resources (the scheduler skips them too).
  const query = {
    fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed'
  }
  const lists =
    options.podNamespaces === undefined
      ? [{ path: '/api/v1/pods', object: 'pods in all namespaces' }]
      : [...new Set(options.podNamespaces)].map((ns) => ({
          path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
          object: `pods in namespace ${ns}`
        }))
  for (const { path, object } of lists) {
    await client.listPages<Pod>(path, query, (page) => builder.addPods(page), {
      object,
      ...pageOptions
    })
  }
  return builder.finish()
}
