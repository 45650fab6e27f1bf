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
  TOO_MANY_PODS_REASON
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

/** The free-room arrays of a demand's resources (prepared.free), looked up once per demand. */
const freeArrays = new WeakMap<
  PodDemand,
  { prepared: PreparedSnapshot; frees: Float64Array[] }
>()

function freesOf(
  demand: PodDemand,
  prepared: PreparedSnapshot
): Float64Array[] {
  const hit = freeArrays.get(demand)
  if (hit !== undefined && hit.prepared === prepared) return hit.frees
  const frees = demand.requests.map(([name]) => prepared.free(name))
  freeArrays.set(demand, { prepared, frees })
  return frees
}

export interface FitResult {
  fits: boolean
  /** The scheduler's reasons, e.g. `Insufficient memory`. */
  reasons: string[]
  /** Details for people: `memory: requests 512Mi, 300Mi free`. */
  details: string[]
}

const FITS: FitResult = Object.freeze({
  fits: true,
  reasons: Object.freeze([]) as unknown as string[],
  details: Object.freeze([]) as unknown as string[]
})

/**
 * Whether a pod with `demand` fits `node`. `own` are the node's current pods
 * of the same DaemonSet; with `keepOwn` false they are gone first (a
 * non-surge replacement deletes the old pod before creating the new one),
 * with `keepOwn` true they stay (the surge window).
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
  let reasons: string[] | undefined
  let details: string[] | undefined
  // This DaemonSet's own pods that hold room on the node and are gone first.
  let ownCount = 0
  if (!keepOwn) {
    for (const pod of own) if (podOccupiesNode(pod)) ownCount += 1
  }
  if (node.podsUsed - ownCount + 1 > node.podCapacity) {
    reasons = [TOO_MANY_PODS_REASON]
    details = [
      `pods: ${node.podsUsed - ownCount} of ${node.podCapacity} already on the node`
    ]
  }
  const requests = demand.requests
  const frees = freesOf(demand, prepared)
  for (let i = 0; i < requests.length; i += 1) {
    const [name, want] = requests[i]!
    let free = frees[i]![node.index]!
    if (ownCount > 0) {
      for (const pod of own) {
        if (!podOccupiesNode(pod)) continue
        const held = prepared.podRequests(pod)
        for (let j = 0; j < held.length; j += 1)
          if (held[j]![0] === name) free += held[j]![1]
      }
    }
    if (want > free) {
      ;(reasons ??= []).push(insufficient(name))
      ;(details ??= []).push(
        `${name}: requests ${formatMilli(name, want)}, ${formatMilli(name, Math.max(0, free))} free`
      )
    }
  }
  if (demand.ports.length > 0) {
    let minus: readonly string[] = NO_PORTS
    if (ownCount === 1 && own.length === 1) {
      // The common case, one old pod: its own list, no copy.
      if (own[0]!.hostPorts.length > 0) minus = own[0]!.hostPorts
    } else if (ownCount > 0) {
      const held: string[] = []
      for (const pod of own)
        if (podOccupiesNode(pod) && pod.hostPorts.length > 0)
          held.push(...pod.hostPorts)
      if (held.length > 0) minus = held
    }
    if (portsConflict(demand.ports, node.ports, minus)) {
      ;(reasons ??= []).push(PORTS_REASON)
      ;(details ??= []).push(`host ports ${demand.ports.join(', ')}`)
    }
  }
  if (reasons === undefined) return FITS
  return { fits: false, reasons, details: details ?? [] }
}
