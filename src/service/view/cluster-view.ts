import type { KubeClient } from '../../adapters/kube/client.js'
import {
  Reflector,
  type ReflectorOptions
} from '../../adapters/kube/list-watch.js'
import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import type { SnapshotSource, WatchRestartCount } from '../snapshot-source.js'
import { IncrementalSnapshot } from './incremental-snapshot.js'
import { slimDaemonSet, slimNode, slimPod } from './slim.js'

export interface ClusterViewOptions {
  /** The Kubernetes client the reflectors list and watch through. */
  client: KubeClient
  cluster?: Snapshot['cluster']
  log?: (message: string) => void
  /** Shortest time between two snapshot rebuilds while the cluster churns. */
  minRebuildMs?: number
  /** Passed to every reflector (tests shorten backoffs and timeouts). */
  reflector?: Pick<
    ReflectorOptions<unknown>,
    | 'pageSize'
    | 'watchTimeoutSeconds'
    | 'idleMs'
    | 'backoffInitialMs'
    | 'backoffMaxMs'
  >
  now?: () => number
}

/**
 * The live cluster view: nodes, pods and DaemonSets (slimmed), each kept
 * current by a Reflector. (The current revision hash comes from the pods'
 * pod-template-generation label, as the snapshot conversion reads it, so
 * ControllerRevisions are not watched.) The snapshot is
 * built from the view on demand, only when something changed, and at most
 * once per `minRebuildMs` (a busy 5,000-node cluster changes every few
 * milliseconds; plans then see a view at most that much older).
 */
export class ClusterView implements SnapshotSource {
  private readonly nodes: Reflector<Node>
  private readonly pods: Reflector<Pod>
  private readonly daemonSets: Reflector<DaemonSet>
  private readonly all: Pick<
    Reflector<unknown>,
    | 'resource'
    | 'start'
    | 'stop'
    | 'waitForSync'
    | 'isSynced'
    | 'currentAsOfMs'
    | 'restartCounts'
  >[]
  private readonly now: () => number
  private readonly minRebuildMs: number
  private readonly cluster: Snapshot['cluster'] | undefined
  private dirty = true
  private readonly incremental = new IncrementalSnapshot()
  private cached: Snapshot | undefined
  private builtAtMs = 0

  constructor(options: ClusterViewOptions) {
    this.now = options.now ?? Date.now
    this.minRebuildMs = options.minRebuildMs ?? 1000
    this.cluster = options.cluster
    const common = {
      ...options.reflector,
      client: options.client,
      // Every failed list is logged and backed off here, not retried unseen.
      retryRequests: false,
      log: options.log,
      now: this.now
    }
    const inc = this.incremental
    this.nodes = new Reflector<Node>({
      ...common,
      resource: 'nodes',
      path: '/api/v1/nodes',
      slim: slimNode,
      onChange: (change) => {
        this.dirty = true
        if (change === undefined) inc.reset()
        else inc.nodeChanged(change.key)
      }
    })
    this.pods = new Reflector<Pod>({
      ...common,
      resource: 'pods',
      path: '/api/v1/pods',
      slim: slimPod,
      onChange: (change) => {
        this.dirty = true
        if (change === undefined) inc.reset()
        else inc.podChanged(change.key, change.before, change.after)
      }
    })
    this.daemonSets = new Reflector<DaemonSet>({
      ...common,
      resource: 'daemonsets',
      path: '/apis/apps/v1/daemonsets',
      slim: slimDaemonSet,
      onChange: (change) => {
        this.dirty = true
        if (change === undefined) inc.reset()
        else inc.daemonSetChanged(change.before, change.after)
      }
    })
    this.all = [this.nodes, this.pods, this.daemonSets]
  }

  start(): void {
    for (const r of this.all) r.start()
  }

  async waitForSync(): Promise<void> {
    await Promise.all(this.all.map((r) => r.waitForSync()))
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((r) => r.stop()))
  }

  ready(): boolean {
    return this.all.every((r) => r.isSynced())
  }

  snapshot(nowMs: number): Snapshot | undefined {
    if (!this.ready()) return undefined
    const due = nowMs - this.builtAtMs >= this.minRebuildMs
    if (this.cached === undefined || (this.dirty && due)) {
      this.dirty = false
      this.builtAtMs = nowMs
      // The same pure conversion `ds-rollout plan` applies to recorded
      // `kubectl get -o json` files, applied to the nodes that changed.
      this.cached = this.incremental.build(
        this.nodes.store,
        this.pods.store,
        this.daemonSets.store,
        {
          recordedAt: new Date(nowMs).toISOString(),
          ...(this.cluster === undefined ? {} : { cluster: this.cluster })
        }
      )
    }
    return this.cached
  }

  /**
   * How stale the served snapshot may be: zero while every watch is open
   * and the snapshot is rebuilt, growing from the moment a watch dropped
   * until it is back.
   */
  ageSeconds(nowMs: number): number | undefined {
    let oldest: number | undefined
    for (const r of this.all) {
      const asOf = r.currentAsOfMs()
      if (asOf === undefined) return undefined
      oldest = oldest === undefined ? asOf : Math.min(oldest, asOf)
    }
    if (oldest === undefined) return undefined
    // A changed view not yet rebuilt: the served snapshot is as old as its build.
    const servedAsOf =
      this.dirty && this.cached !== undefined ? this.builtAtMs : nowMs
    return Math.max(0, (nowMs - Math.min(oldest, servedAsOf)) / 1000)
  }

  counts(): { nodes: number; pods: number } {
    return { nodes: this.nodes.store.size, pods: this.pods.store.size }
  }

  watchRestarts(): WatchRestartCount[] {
    return this.all.flatMap((r) =>
      r.restartCounts().map((c) => ({ resource: r.resource, ...c }))
    )
  }
}
