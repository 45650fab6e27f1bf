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
import {
  compilePlacementParts,
  type Placement,
  type PlacementParts
} from '../k8s/daemon-placement.js'
import { parseQuantity } from '../k8s/quantity.js'
import type { TolerationOptions } from '../k8s/tolerations.js'
import type { PodSpec, Taint } from '../k8s/types.js'
import type {
  SnapshotDaemonPod,
  SnapshotDaemonSet,
  SnapshotNode,
  Snapshot
} from '../snapshot/types.js'
import { addPorts, emptyPortUse, type PortUse } from './fit.js'

export interface PreparedNode {
  node: SnapshotNode
  /** Position in `PreparedSnapshot.nodes` (and in the snapshot). */
  index: number
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
  /** A daemon pod's requests in milli-units (`pods` left out; memoised per pod object). */
  podRequests: (pod: SnapshotDaemonPod) => readonly [string, number][]
  /**
   * Free room per node for one resource (allocatable − used, milli-units),
   * indexed like `nodes`: one typed array per resource, filled on first use,
   * so the per-node fit reads one number instead of two map lookups.
   */
  free: (resource: string) => Float64Array
  /**
   * Nodes that look the same to the simulation of any one DaemonSet, apart
   * from placement (which is evaluated per node): same readiness, status,
   * pod count and capacity, allocatable and used resources, host ports and
   * daemon pods. Computed on first use; undefined when the nodes are mostly
   * unlike (grouping them would not pay).
   */
  classes: () => NodeClasses | undefined
  /**
   * Where a pod template may run (compileDaemonPlacement, R1.1-R1.7), node
   * by node: `placement(spec).of(i)` is node i's. Templates whose placement
   * fields are the same (base and head of most changes, DaemonSets with the
   * same selector and tolerations) share one answer per node.
   */
  placement: (
    spec: PodSpec | undefined,
    options: TolerationOptions
  ) => NodePlacements
}

/**
 * The name and label half of placement (PlacementParts.match) on each node
 * (null: it matches), shared by the templates with the same nodeName,
 * nodeSelector and affinity.
 */
function nodeMatches(
  nodes: readonly PreparedNode[],
  match: PlacementParts['match']
): readonly (Placement | null)[] {
  const out = new Array<Placement | null>(nodes.length)
  for (let i = 0; i < nodes.length; i += 1)
    out[i] = match(nodes[i]!.node) ?? null
  return out
}

/**
 * One template's placement on each node, worked out for every node at once
 * (the simulation reads every node's): `of(i)` only reads an array, so the
 * per-node loop calls nothing that differs from template to template.
 */
export class NodePlacements {
  private readonly placements: readonly Placement[]

  constructor(
    nodes: readonly PreparedNode[],
    matches: readonly (Placement | null)[],
    taints: PlacementParts['taints']
  ) {
    const out = new Array<Placement>(nodes.length)
    // Taint verdicts by taint list: snapshots share one list between nodes.
    const byTaints = new Map<readonly Taint[], Placement>()
    for (let i = 0; i < nodes.length; i += 1) {
      const matched = matches[i]
      if (matched !== null && matched !== undefined) {
        out[i] = matched
        continue
      }
      const list = nodes[i]!.node.taints
      let p = byTaints.get(list)
      if (p === undefined) {
        p = taints(list)
        byTaints.set(list, p)
      }
      out[i] = p
    }
    this.placements = out
  }

  /** Node `index`'s placement. */
  of(index: number): Placement {
    return this.placements[index]!
  }
}

/** Node classes: `ids[i]` is node i's class, in `0 .. count - 1`. */
export interface NodeClasses {
  ids: Int32Array
  count: number
}

const TERMINAL = new Set(['Succeeded', 'Failed'])

/** The use of a node without requests, shared (never written to). */
const NOTHING_USED: Map<string, number> = new Map()

/** The port use of a node without host ports, shared (never written to). */
const NO_PORT_USE: PortUse = Object.freeze({
  exact: new Map<string, number>(),
  any: new Map<string, number>()
})

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
    // Per-node sums (`requested`) are mostly distinct: the common plain
    // forms are read directly, without the parser or the memo.
    const plain = plainMilli(value)
    if (plain !== undefined) return plain
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
  // Nodes and pods of a version 2 snapshot share their allocatable maps and
  // pod objects: each is turned into numbers once (a version 1 snapshot
  // has its own per node, and pays one extra lookup).
  const allocatableOf = new Map<
    Record<string, string>,
    { allocatable: Map<string, number>; podCapacity: number }
  >()
  const allocatableByContent = new Map<
    string,
    { allocatable: Map<string, number>; podCapacity: number }
  >()
  interface PodInfo {
    aligned: (SnapshotDaemonPod[] | undefined)[] | undefined
    occupies: boolean
    requests: [string, number][]
    /** The scratch slot of each request's resource (slotOf). */
    slots: number[]
    /**
     * The pod as a node's only pod of its DaemonSet: one shared, frozen
     * list (a second pod of the DaemonSet on the node gets a new list).
     */
    alone: SnapshotDaemonPod[]
    /** Its host ports as a JSON array ('' when none): self-delimiting, so keys of lists cannot collide. */
    portsKey: string
  }
  const podInfo = new Map<SnapshotDaemonPod, PodInfo>()
  // Resource names of daemon pod requests, numbered for the per-node sums.
  const resourceNames: string[] = []
  const slotByName = new Map<string, number>()
  let sums = new Float64Array(8)
  let touchedAt = new Int32Array(8).fill(-1)
  const slotOf = (name: string): number => {
    let slot = slotByName.get(name)
    if (slot === undefined) {
      slot = resourceNames.length
      resourceNames.push(name)
      slotByName.set(name, slot)
      if (slot >= sums.length) {
        const grownSums = new Float64Array(sums.length * 2)
        grownSums.set(sums)
        sums = grownSums
        const grownAt = new Int32Array(touchedAt.length * 2).fill(-1)
        grownAt.set(touchedAt)
        touchedAt = grownAt
      }
    }
    return slot
  }
  const infoOf = (pod: SnapshotDaemonPod): PodInfo => {
    let info = podInfo.get(pod)
    if (info !== undefined) return info
    let aligned: (SnapshotDaemonPod[] | undefined)[] | undefined
    if (!TERMINAL.has(pod.phase)) {
      // Two-level lookup: no `namespace/name` string built per pod.
      let byName = alignedByNamespace.get(pod.namespace)
      if (byName === undefined) {
        byName = new Map()
        alignedByNamespace.set(pod.namespace, byName)
      }
      aligned = byName.get(pod.daemonSet)
      if (aligned === undefined) {
        const key = dsKey(pod.namespace, pod.daemonSet)
        withPods.add(key)
        aligned = new Array<SnapshotDaemonPod[] | undefined>(
          snapshot.nodes.length
        )
        podsByDaemonSet.set(key, aligned)
        byName.set(pod.daemonSet, aligned)
      }
    }
    const requests: [string, number][] = []
    const slots: number[] = []
    for (const name in pod.requests) {
      const value = pod.requests[name]
      if (name !== 'pods' && value !== undefined) {
        requests.push([name, quantity(value)])
        slots.push(slotOf(name))
      }
    }
    info = {
      aligned,
      occupies: podOccupiesNode(pod),
      requests,
      slots,
      alone: Object.freeze([pod]) as SnapshotDaemonPod[],
      portsKey: pod.hostPorts.length === 0 ? '' : JSON.stringify(pod.hostPorts)
    }
    podInfo.set(pod, info)
    return info
  }
  const nodes: PreparedNode[] = []
  const touched: number[] = []
  const portUses = new Map<string, PortUse>()
  const portLists: (readonly string[])[] = []
  const snapshotNodes = snapshot.nodes
  for (let n = 0; n < snapshotNodes.length; n += 1) {
    const node = snapshotNodes[n]!
    const index = nodes.length
    let alloc = allocatableOf.get(node.allocatable)
    if (alloc === undefined) {
      // A kubectl export gives every node its own allocatable object: nodes
      // of one instance type still share one (by content).
      const content = JSON.stringify(node.allocatable)
      alloc = allocatableByContent.get(content)
      if (alloc === undefined) {
        const allocatable = toNumbers(node.allocatable)
        const podCapacity = allocatable.has('pods')
          ? allocatable.get('pods')! / 1000
          : Infinity
        allocatable.delete('pods')
        alloc = { allocatable, podCapacity }
        allocatableByContent.set(content, alloc)
      }
      allocatableOf.set(node.allocatable, alloc)
    }
    const { allocatable, podCapacity } = alloc
    let used: Map<string, number> | undefined
    for (const _ in node.requested) {
      used = toNumbers(node.requested)
      used.delete('pods')
      break
    }
    // Host ports in use: the node's own and its daemon pods'. Nodes with
    // the same ones share one (never written) use, most nodes the empty one.
    let portsKey =
      node.hostPorts.length > 0 ? JSON.stringify(node.hostPorts) : ''
    portLists.length = 0
    if (node.hostPorts.length > 0) portLists.push(node.hostPorts)
    let podsUsed = node.podCount
    const daemonPods = node.daemonPods
    for (let p = 0; p < daemonPods.length; p += 1) {
      const pod = daemonPods[p]!
      const info = infoOf(pod)
      const aligned = info.aligned
      if (aligned === undefined) continue
      const list = aligned[index]
      if (list === undefined) aligned[index] = info.alone
      else if (Object.isFrozen(list)) aligned[index] = [...list, pod]
      else list.push(pod)
      if (!info.occupies) continue
      podsUsed += 1
      // Summed in the same order as one Map update per request would,
      // in a scratch slot per resource, written back once per node.
      const requests = info.requests
      const slots = info.slots
      for (let i = 0; i < requests.length; i += 1) {
        const slot = slots[i]!
        if (touchedAt[slot] !== index) {
          touchedAt[slot] = index
          touched.push(slot)
          sums[slot] = used?.get(requests[i]![0]) ?? 0
        }
        sums[slot] = sums[slot]! + requests[i]![1]
      }
      if (info.portsKey !== '') {
        portsKey += info.portsKey
        portLists.push(pod.hostPorts)
      }
    }
    if (touched.length > 0) used ??= new Map()
    for (let t = 0; t < touched.length; t += 1) {
      const slot = touched[t]!
      used!.set(resourceNames[slot]!, sums[slot]!)
    }
    touched.length = 0
    let ports = NO_PORT_USE
    if (portsKey !== '') {
      const shared = portUses.get(portsKey)
      if (shared !== undefined) ports = shared
      else {
        ports = emptyPortUse()
        for (const list of portLists) addPorts(ports, list)
        portUses.set(portsKey, ports)
      }
    }
    const ready = node.conditions.some(
      (c) => c.type === 'Ready' && c.status === 'True'
    )
    nodes.push({
      node,
      index,
      ready,
      allocatable,
      used: used ?? NOTHING_USED,
      podCapacity,
      podsUsed,
      ports
    })
  }
  const daemonSets = new Map<string, SnapshotDaemonSet>()
  for (const ds of snapshot.daemonSets) {
    daemonSets.set(dsKey(ds.namespace, ds.name), ds)
  }
  const freeByResource = new Map<string, Float64Array>()
  const free = (resource: string): Float64Array => {
    let list = freeByResource.get(resource)
    if (list === undefined) {
      list = new Float64Array(nodes.length)
      for (let i = 0; i < nodes.length; i += 1) {
        const n = nodes[i]!
        list[i] =
          (n.allocatable.get(resource) ?? 0) - (n.used.get(resource) ?? 0)
      }
      freeByResource.set(resource, list)
    }
    return list
  }
  let classes: NodeClasses | undefined | null = null
  const placements = new Map<string, NodePlacements>()
  const matches = new Map<string, readonly (Placement | null)[]>()
  const placement = (
    spec: PodSpec | undefined,
    options: TolerationOptions
  ): NodePlacements => {
    const matchKey = JSON.stringify([
      spec?.nodeName ?? '',
      spec?.nodeSelector ?? null,
      spec?.affinity ?? null
    ])
    const key = `${matchKey}${placementTolerationKey(spec, options)}`
    let of = placements.get(key)
    if (of === undefined) {
      const parts = compilePlacementParts(spec, options)
      let matching = matches.get(matchKey)
      if (matching === undefined) {
        matching = nodeMatches(nodes, parts.match)
        matches.set(matchKey, matching)
      }
      of = new NodePlacements(nodes, matching, parts.taints)
      // Bounded: a plan has a few templates, a service serves many plans
      // against one snapshot.
      if (placements.size >= 32) {
        placements.clear()
        matches.clear()
      }
      placements.set(key, of)
    }
    return of
  }
  return {
    nodes,
    daemonSets,
    withPods,
    podsByDaemonSet,
    quantity,
    podRequests: (pod) => infoOf(pod).requests,
    free,
    classes: () => {
      if (classes === null) classes = nodeClasses(nodes)
      return classes
    },
    placement
  }
}

/**
 * What the taint half of placement reads of a template besides the node
 * (with the name and label fields, everything compileDaemonPlacement reads):
 * templates with the same keys place their pods on the same nodes.
 */
function placementTolerationKey(
  spec: PodSpec | undefined,
  options: TolerationOptions
): string {
  return JSON.stringify([
    spec?.tolerations ?? null,
    spec?.hostNetwork === true,
    options.comparisonOperators === true
  ])
}

/** Milli-units per unit of the suffixes plainMilli reads. */
const PLAIN_SUFFIX: Record<string, number> = {
  '': 1000,
  m: 1,
  k: 1e6,
  M: 1e9,
  G: 1e12,
  Ki: 1024 * 1000,
  Mi: 1024 ** 2 * 1000,
  Gi: 1024 ** 3 * 1000,
  Ti: 1024 ** 4 * 1000
}

/**
 * `123`, `250m`, `512Mi`, ... (digits and one common suffix) in milli-units,
 * when exact in a double; undefined for anything else (the full parser,
 * quantity.ts, reads it). The same number Number(parseQuantity(value)) gives.
 */
export function plainMilli(value: string): number | undefined {
  let end = value.length
  while (end > 0) {
    const c = value.charCodeAt(end - 1)
    if (c >= 48 && c <= 57) break
    end -= 1
  }
  if (end === 0 || end > 15 || value.length - end > 2) return undefined
  const unit = PLAIN_SUFFIX[value.slice(end)]
  if (unit === undefined) return undefined
  let n = 0
  for (let i = 0; i < end; i += 1) {
    const d = value.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  const milli = n * unit
  return Number.isSafeInteger(milli) ? milli : undefined
}

/** Classes are used when there are at most this share of nodes. */
const CLASS_SHARE = 0.25
/** Nodes looked at before the whole fleet is keyed. */
const SAMPLE = 1024

function entriesKey(map: Map<string, number>): string {
  let key = ''
  for (const [name, value] of map) key += `${name}=${value};`
  return key
}

/**
 * Groups nodes by everything the per-node outcome reads besides placement
 * (outcomes.ts, node-fit.ts). Two steps: the node's own figures first, and
 * only when those already leave few classes, its daemon pods (by content).
 */
function nodeClasses(nodes: readonly PreparedNode[]): NodeClasses | undefined {
  const limit = Math.max(1, Math.floor(nodes.length * CLASS_SHARE))
  const allocKeys = new Map<Map<string, number>, string>()
  // Allocatable maps and pod capacities numbered: a node with nothing in
  // use and no host port (a node list without pods) is keyed by a number.
  const allocIds = new Map<Map<string, number>, number>()
  const capacityIds = new Map<number, number>()
  const figures = (pn: PreparedNode): string | number => {
    const flags = (pn.ready ? 1 : 0) + (pn.node.statusUnknown === true ? 2 : 0)
    if (
      pn.used === NOTHING_USED &&
      pn.node.hostPorts.length === 0 &&
      pn.podsUsed < 65536
    ) {
      let alloc = allocIds.get(pn.allocatable)
      if (alloc === undefined) {
        alloc = allocIds.size
        allocIds.set(pn.allocatable, alloc)
      }
      let capacity = capacityIds.get(pn.podCapacity)
      if (capacity === undefined) {
        capacity = capacityIds.size
        capacityIds.set(pn.podCapacity, capacity)
      }
      // Exact (below 2^53) while the ids stay this small.
      if (alloc < 262144 && capacity < 65536)
        return ((alloc * 65536 + capacity) * 65536 + pn.podsUsed) * 4 + flags
    }
    let alloc = allocKeys.get(pn.allocatable)
    if (alloc === undefined) {
      alloc = entriesKey(pn.allocatable)
      allocKeys.set(pn.allocatable, alloc)
    }
    return `${flags}|${pn.podsUsed}|${pn.podCapacity}|${alloc}|${entriesKey(pn.used)}|${pn.node.hostPorts.join(',')}`
  }
  // A sample spread over the fleet first: when its nodes are already
  // mostly unlike, the whole fleet is not keyed at all.
  const stride = Math.max(1, Math.floor(nodes.length / SAMPLE))
  const sampled = new Set<string | number>()
  let samples = 0
  for (let i = 0; i < nodes.length; i += stride) {
    sampled.add(figures(nodes[i]!))
    samples += 1
  }
  if (sampled.size > Math.max(1, samples * CLASS_SHARE)) return undefined
  const first = new Array<string | number>(nodes.length)
  const firstSeen = new Set<string | number>()
  for (let i = 0; i < nodes.length; i += 1) {
    const key = figures(nodes[i]!)
    first[i] = key
    firstSeen.add(key)
    if (firstSeen.size > limit) return undefined
  }
  const podKeys = new Map<SnapshotDaemonPod, string>()
  const podKey = (pod: SnapshotDaemonPod): string => {
    let key = podKeys.get(pod)
    if (key === undefined) {
      key = JSON.stringify([
        pod.namespace,
        pod.daemonSet,
        pod.revisionHash,
        pod.phase,
        pod.ready,
        pod.scheduled,
        pod.requests,
        pod.hostPorts
      ])
      podKeys.set(pod, key)
    }
    return key
  }
  const ids = new Int32Array(nodes.length)
  const byKey = new Map<string | number, number>()
  for (let i = 0; i < nodes.length; i += 1) {
    let key = first[i]!
    const pods = nodes[i]!.node.daemonPods
    // A numbered key with pods becomes `#<number>|<pods>`: never the same
    // as a spelled-out key, which starts with the flags and a `|`.
    if (pods.length > 0 && typeof key === 'number') key = `#${key}`
    for (let p = 0; p < pods.length; p += 1) key += `|${podKey(pods[p]!)}`
    let id = byKey.get(key)
    if (id === undefined) {
      id = byKey.size
      if (id >= limit) return undefined
      byKey.set(key, id)
    }
    ids[i] = id
  }
  return { ids, count: byKey.size }
}
