import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import {
  podTargetNode,
  snapshotFromCluster
} from '../../core/snapshot/from-cluster.js'
import {
  observeTimings,
  podTimeline,
  type ObservedTimings,
  type PodTimeline
} from '../../core/snapshot/pod-timings.js'
import type { Snapshot, SnapshotNode } from '../../core/snapshot/types.js'

/**
 * Builds the snapshot from the view's stores incrementally, with the same
 * pure conversion as `ds-rollout plan` (snapshotFromCluster) applied per
 * node: a node's entry depends only on the node and the pods targeted at
 * it, so after a watch event only the nodes it touched are converted again.
 * The current revision hash of each DaemonSet, which the conversion reads
 * from daemon pods, is collected from the per-node conversions; only a
 * change of a DaemonSet's template generation (a new rollout), or a
 * DaemonSet appearing or going, converts every node again.
 */
export class IncrementalSnapshot {
  private readonly byNode = new Map<string, SnapshotNode>()
  /** Pod keys by the node they are bound or targeted to. */
  private readonly podsByNode = new Map<string, Set<string>>()
  private readonly dirtyNodes = new Set<string>()
  private allDirty = true
  /** Current revision hashes seen on each node, by `namespace/name`. */
  private readonly hashesByNode = new Map<string, Map<string, string>>()
  /** How many nodes saw each hash, by `namespace/name`. */
  private readonly hashCounts = new Map<string, Map<string, number>>()
  /** Daemon pod timelines on each node, by `namespace/name` (calibration). */
  private readonly timelinesByNode = new Map<
    string,
    Map<string, PodTimeline[]>
  >()
  /** The timings of the last build; recomputed only when a node changed. */
  private timings: ObservedTimings[] = []

  /** After a list replaced a store: convert everything again. */
  reset(): void {
    this.allDirty = true
  }

  nodeChanged(name: string): void {
    this.dirtyNodes.add(name)
  }

  podChanged(
    key: string,
    before: Pod | undefined,
    after: Pod | undefined
  ): void {
    const from = before === undefined ? undefined : podTargetNode(before.spec)
    const to = after === undefined ? undefined : podTargetNode(after.spec)
    if (from !== undefined && from !== to) {
      this.podsByNode.get(from)?.delete(key)
      this.dirtyNodes.add(from)
    }
    if (to !== undefined) {
      let set = this.podsByNode.get(to)
      if (set === undefined) {
        set = new Set()
        this.podsByNode.set(to, set)
      }
      set.add(key)
      this.dirtyNodes.add(to)
    }
  }

  /**
   * A status-only change needs no node converted again; a new template
   * generation changes which pods count as current everywhere.
   */
  daemonSetChanged(
    before: DaemonSet | undefined,
    after: DaemonSet | undefined
  ): void {
    if (
      before === undefined ||
      after === undefined ||
      generationOf(before) !== generationOf(after)
    ) {
      this.allDirty = true
    }
  }

  build(
    nodes: ReadonlyMap<string, Node>,
    pods: ReadonlyMap<string, Pod>,
    daemonSets: ReadonlyMap<string, DaemonSet>,
    meta: { recordedAt: string; cluster?: Snapshot['cluster'] }
  ): Snapshot {
    const anyDirty = this.allDirty || this.dirtyNodes.size > 0
    if (this.allDirty) {
      this.byNode.clear()
      this.timelinesByNode.clear()
      this.podsByNode.clear()
      this.hashesByNode.clear()
      this.hashCounts.clear()
      for (const [key, pod] of pods) this.podChanged(key, undefined, pod)
      for (const name of nodes.keys()) this.dirtyNodes.add(name)
      this.allDirty = false
    }
    for (const name of this.dirtyNodes) {
      this.countHashes(name, -1)
      this.hashesByNode.delete(name)
      const node = nodes.get(name)
      this.timelinesByNode.delete(name)
      if (node === undefined) {
        this.byNode.delete(name)
        continue
      }
      const own: Pod[] = []
      const owners = new Map<string, DaemonSet>()
      for (const key of this.podsByNode.get(name) ?? []) {
        const pod = pods.get(key)
        if (pod === undefined) continue
        own.push(pod)
        const owner = daemonSetOwner(pod)
        const timeline = owner === undefined ? undefined : podTimeline(pod)
        if (owner !== undefined && timeline !== undefined) {
          let byDs = this.timelinesByNode.get(name)
          if (byDs === undefined) {
            byDs = new Map()
            this.timelinesByNode.set(name, byDs)
          }
          byDs.set(owner, [...(byDs.get(owner) ?? []), timeline])
        }
        const ds = owner === undefined ? undefined : daemonSets.get(owner)
        if (owner !== undefined && ds !== undefined) owners.set(owner, ds)
      }
      const part = snapshotFromCluster({
        nodes: [node],
        pods: own,
        daemonSets: [...owners.values()]
      })
      const entry = part.nodes[0]
      if (entry !== undefined) this.byNode.set(name, entry)
      else this.byNode.delete(name)
      const hashes = new Map<string, string>()
      for (const d of part.daemonSets) {
        if (d.currentRevisionHash !== undefined) {
          hashes.set(`${d.namespace}/${d.name}`, d.currentRevisionHash)
        }
      }
      if (hashes.size > 0) {
        this.hashesByNode.set(name, hashes)
        this.countHashes(name, 1)
      }
    }
    this.dirtyNodes.clear()
    const base = snapshotFromCluster({
      nodes: [],
      daemonSets: [...daemonSets.values()],
      recordedAt: meta.recordedAt,
      ...(meta.cluster === undefined ? {} : { cluster: meta.cluster })
    })
    for (const d of base.daemonSets) {
      const counts = this.hashCounts.get(`${d.namespace}/${d.name}`)
      for (const [hash, n] of counts ?? []) {
        if (n > 0) {
          d.currentRevisionHash = hash
          break
        }
      }
    }
    const out: SnapshotNode[] = []
    for (const name of nodes.keys()) {
      const entry = this.byNode.get(name)
      if (entry !== undefined) out.push(entry)
    }
    if (anyDirty) this.timings = this.observe(daemonSets)
    const snapshot: Snapshot = { ...base, nodes: out }
    if (this.timings.length > 0) snapshot.timings = this.timings
    return snapshot
  }

  /** Each DaemonSet's timings from its pods on every node (as snapshotFromCluster does). */
  private observe(
    daemonSets: ReadonlyMap<string, DaemonSet>
  ): ObservedTimings[] {
    const all = new Map<string, PodTimeline[]>()
    for (const byDs of this.timelinesByNode.values())
      for (const [ds, list] of byDs) {
        const into = all.get(ds)
        if (into === undefined) all.set(ds, [...list])
        else into.push(...list)
      }
    const out: ObservedTimings[] = []
    for (const [key, list] of [...all].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    )) {
      const cut = key.indexOf('/')
      const t = observeTimings(
        key.slice(0, cut),
        key.slice(cut + 1),
        list,
        daemonSets.get(key)?.spec?.minReadySeconds ?? 0
      )
      if (t !== undefined) out.push(t)
    }
    return out
  }

  private countHashes(node: string, delta: 1 | -1): void {
    for (const [ds, hash] of this.hashesByNode.get(node) ?? []) {
      let counts = this.hashCounts.get(ds)
      if (counts === undefined) {
        counts = new Map()
        this.hashCounts.set(ds, counts)
      }
      const n = (counts.get(hash) ?? 0) + delta
      if (n > 0) counts.set(hash, n)
      else counts.delete(hash)
    }
  }
}

/** `namespace/name` of the DaemonSet controlling a pod. */
function daemonSetOwner(pod: Pod): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true)
  return ref?.kind === 'DaemonSet'
    ? `${pod.metadata?.namespace ?? 'default'}/${ref.name}`
    : undefined
}

function generationOf(ds: DaemonSet): string | undefined {
  return ds.metadata?.annotations?.['deprecated.daemonset.template.generation']
}
