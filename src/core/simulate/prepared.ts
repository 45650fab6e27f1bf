/**
 * A snapshot indexed once for simulation: quantities parsed to numbers,
 * per-node usage summed, daemon pods grouped by DaemonSet. Computed on the
 * first simulation against a snapshot object and shared by every
 * DaemonSet simulated against it (a WeakMap keyed by the snapshot), so
 * planning 20 DaemonSets over 65k nodes parses each quantity once.
 *
 * Quantities are held as milli-units in float64 numbers. They are exact up
 * to 2^53 milli-units (about 9 TB of memory); beyond that a comparison can be
 * off by a few milli-bytes, which cannot change a fit verdict in practice.
 */
import { parseQuantity } from '../k8s/quantity.js'
import type {
  SnapshotDaemonPod,
  SnapshotDaemonSet,
  SnapshotNode,
  Snapshot
} from '../snapshot/types.js'
import { addPorts, emptyPortUse, type PortUse } from './fit.js'

export interface PreparedNode {
  node: SnapshotNode
  /** The Ready condition is True. */
  ready: boolean
  /** Allocatable per resource (milli-units); `pods` excluded. */
  allocatable: Map<string, number>
  /** Requests of every pod bound to the node (non-daemon + daemon pods). */
  used: Map<string, number>
  /** allocatable `pods`, Infinity when the node does not say. */
  podCapacity: number
  /** Pods bound to the node (non-daemon + daemon pods). */
  podsUsed: number
  ports: PortUse
}

export interface PreparedSnapshot {
  nodes: PreparedNode[]
  /** DaemonSets listed in the snapshot, by `namespace/name`. */
  daemonSets: Map<string, SnapshotDaemonSet>
  /** `namespace/name` of every DaemonSet with at least one pod in the snapshot. */
  withPods: Set<string>
  /**
   * A DaemonSet's non-terminal pods per node, aligned with `nodes` (index i
   * holds node i's pods, undefined when none): one array lookup per node.
   */
  podsByDaemonSet: Map<string, (SnapshotDaemonPod[] | undefined)[]>
  /** A quantity string in milli-units (memoised; 0 when unparsable). */
  quantity: (value: string) => number
}

const TERMINAL = new Set(['Succeeded', 'Failed'])

export function dsKey(namespace: string, name: string): string {
  return `${namespace}/${name}`
}

/** Whether the pod holds node resources (bound and not terminal). */
export function podOccupiesNode(pod: SnapshotDaemonPod): boolean {
  return pod.scheduled !== false && !TERMINAL.has(pod.phase)
}

const cache = new WeakMap<Snapshot, PreparedSnapshot>()

/** The prepared form of a snapshot, computed once per snapshot object. */
export function prepareSnapshot(snapshot: Snapshot): PreparedSnapshot {
  const hit = cache.get(snapshot)
  if (hit !== undefined) return hit
  const prepared = buildPrepared(snapshot)
  cache.set(snapshot, prepared)
  return prepared
}

function buildPrepared(snapshot: Snapshot): PreparedSnapshot {
  const quantities = new Map<string, number>()
  const quantity = (value: string): number => {
    let q = quantities.get(value)
    if (q === undefined) {
      const parsed = parseQuantity(value)
      q = parsed === undefined ? 0 : Number(parsed)
      quantities.set(value, q)
    }
    return q
  }
  const toNumbers = (list: Record<string, string>): Map<string, number> => {
    const out = new Map<string, number>()
    for (const name in list) {
      const value = list[name]
      if (value !== undefined) out.set(name, quantity(value))
    }
    return out
  }
  const withPods = new Set<string>()
  const podsByDaemonSet = new Map<string, (SnapshotDaemonPod[] | undefined)[]>()
  const alignedByNamespace = new Map<
    string,
    Map<string, (SnapshotDaemonPod[] | undefined)[]>
  >()
  const nodes: PreparedNode[] = []
  for (const node of snapshot.nodes) {
    const index = nodes.length
    const allocatable = toNumbers(node.allocatable)
    const podCapacity = allocatable.has('pods')
      ? allocatable.get('pods')! / 1000
      : Infinity
    allocatable.delete('pods')
    const used = toNumbers(node.requested)
    used.delete('pods')
    const ports = emptyPortUse()
    addPorts(ports, node.hostPorts)
    let podsUsed = node.podCount
    for (const pod of node.daemonPods) {
      if (TERMINAL.has(pod.phase)) continue
      // Two-level lookup: no `namespace/name` string built per pod.
      let byName = alignedByNamespace.get(pod.namespace)
      if (byName === undefined) {
        byName = new Map()
        alignedByNamespace.set(pod.namespace, byName)
      }
      let aligned = byName.get(pod.daemonSet)
      if (aligned === undefined) {
        const key = dsKey(pod.namespace, pod.daemonSet)
        withPods.add(key)
        aligned = new Array<SnapshotDaemonPod[] | undefined>(
          snapshot.nodes.length
        )
        podsByDaemonSet.set(key, aligned)
        byName.set(pod.daemonSet, aligned)
      }
      const list = aligned[index]
      if (list === undefined) aligned[index] = [pod]
      else list.push(pod)
      if (!podOccupiesNode(pod)) continue
      podsUsed += 1
      const requests = pod.requests
      for (const name in requests) {
        const value = requests[name]
        if (name !== 'pods' && value !== undefined)
          used.set(name, (used.get(name) ?? 0) + quantity(value))
      }
      addPorts(ports, pod.hostPorts)
    }
    const ready = node.conditions.some(
      (c) => c.type === 'Ready' && c.status === 'True'
    )
    nodes.push({
      node,
      ready,
      allocatable,
      used,
      podCapacity,
      podsUsed,
      ports
    })
  }
  const daemonSets = new Map<string, SnapshotDaemonSet>()
  for (const ds of snapshot.daemonSets) {
    daemonSets.set(dsKey(ds.namespace, ds.name), ds)
  }
  return { nodes, daemonSets, withPods, podsByDaemonSet, quantity }
}
