import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import { snapshotBuilder } from '../../core/snapshot/from-cluster.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import type { KubeClient } from './client.js'

export interface LiveSnapshotOptions {
  /** The live DaemonSets the plan is about (already read by the preflight). */
  daemonSets: DaemonSet[]
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
 * The node snapshot of the live cluster through the deploy client (so its
 * requests are counted and retried like every other call): nodes, then the
 * non-terminal pods page by page, folded into per-node sums as they come
 * (a large cluster's pods are never all in memory). Costs
 * ceil(nodes / pageSize) + ceil(pods / pageSize) list requests.
 */
export async function readLiveSnapshot(
  client: KubeClient,
  options: LiveSnapshotOptions
): Promise<Snapshot> {
  const pageOptions = {
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
  const builder = snapshotBuilder({ nodes, daemonSets: options.daemonSets })
  // Terminal pods hold no node resources (the scheduler skips them too).
  const query = {
    fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed'
  }
  const paths =
    options.podNamespaces === undefined
      ? ['/api/v1/pods']
      : [...new Set(options.podNamespaces)].map(
          (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`
        )
  for (const path of paths) {
    await client.listPages<Pod>(path, query, (page) => builder.addPods(page), {
      object: 'pods',
      ...pageOptions
    })
  }
  return builder.finish()
}
