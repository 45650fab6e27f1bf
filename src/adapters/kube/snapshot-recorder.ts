import type { KubeConfig } from '@kubernetes/client-node'
import type { Snapshot } from '../../core/snapshot/types.js'
import { KubeClient } from './client.js'
import { KubeApiError } from './errors.js'
import { readLiveSnapshot } from './live-snapshot.js'

/** Options of a recording; the defaults suit real clusters. */
export interface RecordOptions {
  /** Items per list page (`limit`); the API server pages with `continue`. */
  pageSize?: number
  /** The recording time (tests pin it). */
  now?: () => Date
}

/**
 * The API's own words for a failed list (the Status message and the HTTP
 * status), or why the server could not be reached; never headers or
 * credentials.
 */
export function apiErrorMessage(err: unknown): string {
  if (err instanceof KubeApiError) {
    const what = `cannot list ${err.object}`
    return err.status === 0
      ? `${what}: ${err.apiMessage}`
      : `${what}: ${err.apiMessage || 'request failed'} (HTTP ${err.status})`
  }
  return err instanceof Error ? err.message : String(err)
}

/**
 * Records a node snapshot from a live cluster with read-only list calls
 * (nodes, DaemonSets of all namespaces, pods of all namespaces), paging
 * through large lists: the live plan's reader, plus the cluster's name and
 * version and the recording time.
 */
export async function recordSnapshot(
  kc: KubeConfig,
  options: RecordOptions = {}
): Promise<Snapshot> {
  const client = new KubeClient(kc)
  let snapshot: Snapshot
  try {
    snapshot = await readLiveSnapshot(
      client,
      options.pageSize === undefined ? {} : { pageSize: options.pageSize }
    )
  } catch (err) {
    throw new Error(apiErrorMessage(err))
  }
  let version: string | undefined
  try {
    const info = await client.version()
    version = typeof info.gitVersion === 'string' ? info.gitVersion : undefined
  } catch {
    version = undefined // optional: the snapshot is complete without it
  }
  const cluster: { name?: string; version?: string } = {}
  const context = kc.getCurrentContext()
  if (context !== '') cluster.name = context
  if (version !== undefined) cluster.version = version
  const { kind, version: format, nodes, daemonSets } = snapshot
  return {
    kind,
    version: format,
    recordedAt: (options.now?.() ?? new Date()).toISOString(),
    cluster,
    nodes,
    daemonSets
  }
}
