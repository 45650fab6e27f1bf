/**
 * Fit of one pod template against prepared nodes (numbers, no BigInt in the
 * per-node loop). See fit.ts for how requests and host ports are derived.
 */
import { isByteResource } from '../k8s/quantity.js'
import type { PodSpec } from '../k8s/types.js'
import type { SnapshotDaemonPod } from '../snapshot/types.js'
import {
  effectiveRequests,
  insufficient,
  podHostPorts,
  portsConflict,
  PORTS_REASON,
  TOO_MANY_PODS_REASON,
  type PortUse
} from './fit.js'
import {
  podOccupiesNode,
  type PreparedNode,
  type PreparedSnapshot
} from './prepared.js'

/** What one pod of a template asks of a node. */
export interface PodDemand {
  /** Non-zero requests, in the scheduler's order (cpu, memory, ephemeral-storage, then the rest). */
  requests: [string, number][]
  /** Exact requests in milli-units, for messages. */
  exact: Map<string, bigint>
  ports: string[]
}

const ORDER = ['cpu', 'memory', 'ephemeral-storage']
const NO_PORTS: readonly string[] = Object.freeze([])

export function podDemand(spec: PodSpec | undefined): PodDemand {
  const exact = effectiveRequests(spec)
  const names = [...exact.keys()].sort((a, b) => {
    const ia = ORDER.indexOf(a)
    const ib = ORDER.indexOf(b)
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib)
    return a < b ? -1 : a > b ? 1 : 0
  })
  const requests: [string, number][] = []
  for (const name of names) {
    const q = exact.get(name) ?? 0n
    if (q > 0n) requests.push([name, Number(q)])
  }
  return { requests, exact, ports: podHostPorts(spec) }
}

/** Frees of one resource on a node, for messages: `2Gi free of 16Gi`. */
export function formatMilli(name: string, milli: number): string {
  const binary = isByteResource(name)
  if (milli % 1000 !== 0 || !binary) {
    if (milli % 1000 !== 0) return `${Math.round(milli)}m`
    return `${milli / 1000}`
  }
  let units = milli / 1000
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10]
  ] as const) {
    if (units >= size) {
      const v = units / size
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${suffix}`
    }
  }
  return `${units}`
}

/**
 * What a demand needs looked up once per snapshot: the free-room arrays of
 * its resources (prepared.free), what a node's own pods give back (per
 * distinct shared pod list) and the host-port verdict (per distinct port
 * use and held ports). Nodes of a snapshot share pod lists and port uses
 * (prepared.ts), so each is worked out a handful of times, not per node.
 */
interface DemandLookups {
  prepared: PreparedSnapshot
  frees: Float64Array[]
  /** `requests ...` of each request, for messages. */
  shown: string[]
  /** Results of failing fits, by what fails (fitOnNode). */
  failures: Map<string, FitResult>
  held: WeakMap<readonly SnapshotDaemonPod[], Held>
  /** The pod list asked last and what it holds (neighbouring nodes mostly share one). */
  lastOwn: readonly SnapshotDaemonPod[] | undefined
  lastHeld: Held
  /** Port conflict by port use, then by the held ports taken away. */
  ports: WeakMap<PortUse, Map<readonly string[], boolean>>
  /** The port use and held ports asked last, and the answer. */
  lastPortUse: PortUse | undefined
  lastHeldPorts: readonly string[] | undefined
  lastConflict: boolean
}

/** What a node's own pods of the DaemonSet hold, given back when they go first. */
interface Held {
  /** How many of them hold room on the node (bound, not terminal). */
  count: number
  /** Per request of the demand, the room they hold (milli-units). */
  room: number[]
  /** Their host ports. */
  ports: readonly string[]
}

const lookups = new WeakMap<PodDemand, DemandLookups>()
// The demand asked last: a simulation asks for one demand node after node.
let lastDemand: PodDemand | undefined
let lastLookups: DemandLookups | undefined

function lookupsOf(
  demand: PodDemand,
  prepared: PreparedSnapshot
): DemandLookups {
  if (
    demand === lastDemand &&
    lastLookups !== undefined &&
    lastLookups.prepared === prepared
  )
    return lastLookups
  const hit = lookups.get(demand)
  if (hit !== undefined && hit.prepared === prepared) {
    lastDemand = demand
    lastLookups = hit
    return hit
  }
  const made: DemandLookups = {
    prepared,
    frees: demand.requests.map(([name]) => prepared.free(name)),
    shown: demand.requests.map(([name, want]) => formatMilli(name, want)),
    failures: new Map(),
    held: new WeakMap(),
    lastOwn: undefined,
    lastHeld: NOTHING_HELD,
    ports: new WeakMap(),
    lastPortUse: undefined,
    lastHeldPorts: undefined,
    lastConflict: false
  }
  lookups.set(demand, made)
  lastDemand = demand
  lastLookups = made
  return made
}

/** Whether the demand's host ports conflict, remembered per port use and held ports. */
function portConflictOf(
  look: DemandLookups,
  demand: PodDemand,
  use: PortUse,
  heldPorts: readonly string[]
): boolean {
  let byHeld = look.ports.get(use)
  if (byHeld === undefined) {
    byHeld = new Map()
    look.ports.set(use, byHeld)
  }
  let conflict = byHeld.get(heldPorts)
  if (conflict === undefined) {
    conflict = portsConflict(demand.ports, use, heldPorts)
    // Bounded: port uses are shared, held port lists mostly are.
    if (byHeld.size < 64) byHeld.set(heldPorts, conflict)
  }
  return conflict
}

/** What `own` holds, remembered per shared (frozen) list. */
function heldOf(
  look: DemandLookups,
  demand: PodDemand,
  own: readonly SnapshotDaemonPod[],
  prepared: PreparedSnapshot
): Held {
  const frozen = Object.isFrozen(own)
  const hit = frozen ? look.held.get(own) : undefined
  if (hit !== undefined) return hit
  const held = sumHeld(demand, own, prepared)
  // Per-node lists (two pods of one DaemonSet) are not remembered.
  if (frozen) look.held.set(own, held)
  return held
}

function sumHeld(
  demand: PodDemand,
  own: readonly SnapshotDaemonPod[],
  prepared: PreparedSnapshot
): Held {
  let count = 0
  const room = demand.requests.map(() => 0)
  const ports: string[] = []
  for (const pod of own) {
    if (!podOccupiesNode(pod)) continue
    count += 1
    const held = prepared.podRequests(pod)
    for (let i = 0; i < demand.requests.length; i += 1) {
      const name = demand.requests[i]![0]
      for (let j = 0; j < held.length; j += 1)
        if (held[j]![0] === name) room[i] = room[i]! + held[j]![1]
    }
    if (pod.hostPorts.length > 0) ports.push(...pod.hostPorts)
  }
  // One old pod: its own list, so that nodes share the key below.
  const only = count === 1 && own.length === 1 ? own[0]!.hostPorts : ports
  return { count, room, ports: only.length > 0 ? only : NO_PORTS }
}

const NOTHING_HELD: Held = Object.freeze({
  count: 0,
  room: [],
  ports: NO_PORTS
}) as Held

export interface FitResult {
  fits: boolean
  /** The scheduler's reasons, e.g. `Insufficient memory`. */
  reasons: string[]
  /** Details for people: `memory: requests 512Mi, 300Mi free`. */
  details: string[]
}

/** The result of every pod that fits: one shared object. */
export const FITS: FitResult = Object.freeze({
  fits: true,
  reasons: Object.freeze([]) as unknown as string[],
  details: Object.freeze([]) as unknown as string[]
})

/**
 * Whether a pod with `demand` fits `node`. `own` are the node's current pods
 * of the same DaemonSet; with `keepOwn` false they are gone first (a
 * non-surge replacement deletes the old pod before creating the new one),
 * with `keepOwn` true they stay (the surge window). A pod that fits gets
 * the shared FITS.
 */
export function fitOnNode(
  demand: PodDemand,
  node: PreparedNode,
  own: readonly SnapshotDaemonPod[],
  keepOwn: boolean,
  prepared: PreparedSnapshot
): FitResult {
  // A joining node has not reported allocatable: fit is unknown, and the
  // controller creates the pod there all the same (outcomes.ts says so).
  if (node.node.statusUnknown === true) return FITS
  // Hot path (every node × every DaemonSet): no allocation unless it fails.
  const look = lookupsOf(demand, prepared)
  let held = NOTHING_HELD
  if (!keepOwn && own.length > 0) {
    if (own === look.lastOwn) held = look.lastHeld
    else {
      held = heldOf(look, demand, own, prepared)
      look.lastOwn = own
      look.lastHeld = held
    }
  }
  const ownCount = held.count
  const podsHere = node.podsUsed - ownCount
  // What fails, as a short key: nodes whose figures read the same (free
  // room is shown rounded) share one frozen result, and with it one reason
  // list (outcomes.ts), group and redaction.
  let failed: string | undefined
  if (podsHere + 1 > node.podCapacity)
    failed = `p${podsHere}/${node.podCapacity}`
  const requests = demand.requests
  const frees = look.frees
  let freeShown: string[] | undefined
  for (let i = 0; i < requests.length; i += 1) {
    const want = requests[i]![1]
    let free = frees[i]![node.index]!
    if (ownCount > 0) free += held.room[i]!
    if (want > free) {
      const shown = formatMilli(requests[i]![0], Math.max(0, free))
      ;(freeShown ??= new Array<string>(requests.length))[i] = shown
      failed = `${failed ?? ''}|${i}:${shown}`
    }
  }
  let conflict = false
  if (demand.ports.length > 0) {
    if (node.ports === look.lastPortUse && held.ports === look.lastHeldPorts)
      conflict = look.lastConflict
    else {
      conflict = portConflictOf(look, demand, node.ports, held.ports)
      look.lastPortUse = node.ports
      look.lastHeldPorts = held.ports
      look.lastConflict = conflict
    }
    if (conflict) failed = `${failed ?? ''}|ports`
  }
  if (failed === undefined) return FITS
  const known = look.failures.get(failed)
  if (known !== undefined) return known
  const reasons: string[] = []
  const details: string[] = []
  if (podsHere + 1 > node.podCapacity) {
    reasons.push(TOO_MANY_PODS_REASON)
    details.push(`pods: ${podsHere} of ${node.podCapacity} already on the node`)
  }
  for (let i = 0; i < requests.length; i += 1) {
    const shown = freeShown?.[i]
    if (shown === undefined) continue
    const name = requests[i]![0]
    reasons.push(insufficient(name))
    details.push(`${name}: requests ${look.shown[i]!}, ${shown} free`)
  }
  if (conflict) {
    reasons.push(PORTS_REASON)
    details.push(`host ports ${demand.ports.join(', ')}`)
  }
  const result: FitResult = Object.freeze({
    fits: false,
    reasons: Object.freeze(reasons) as string[],
    details: Object.freeze(details) as string[]
  })
  // Bounded: a fleet has a few thousand distinct failures at most.
  if (look.failures.size >= 10_000) look.failures.clear()
  look.failures.set(failed, result)
  return result
}
