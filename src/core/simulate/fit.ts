/**
 * Scheduler fit for a daemon pod (R1.18): the controller does not check
 * resources or host ports; the default scheduler does, and a pod that does
 * not fit stays Pending. This mirrors the NodeResourcesFit and NodePorts
 * filters and reports their own words.
 */
export {
  containerRequests,
  effectiveRequests,
  formatHostPort,
  podHostPorts
} from '../k8s/pod-resources.js'

/** Splits `PROTO/ip:port` or `PROTO/port` into the "any address" key and whether it names one address. */
export function hostPortAnyKey(entry: string): string {
  // Few distinct entries, asked for on every node: remembered (bounded).
  let key = ANY_KEYS.get(entry)
  if (key === undefined) {
    key = anyKeyOf(entry)
    if (ANY_KEYS.size >= 10_000) ANY_KEYS.clear()
    ANY_KEYS.set(entry, key)
  }
  return key
}

const ANY_KEYS = new Map<string, string>()

function anyKeyOf(entry: string): string {
  const slash = entry.indexOf('/')
  const rest = entry.slice(slash + 1)
  const colon = rest.lastIndexOf(':')
  return colon < 0 ? entry : `${entry.slice(0, slash)}/${rest.slice(colon + 1)}`
}

/**
 * Counts of host ports in use on a node: `exact` by the entry as written,
 * `any` by protocol and port whatever the address. A port conflicts (the
 * scheduler's HostPortInfo.CheckConflict) when the same protocol and port is
 * used on the same address, or when either side binds all addresses.
 */
export interface PortUse {
  exact: Map<string, number>
  any: Map<string, number>
}

export function emptyPortUse(): PortUse {
  return { exact: new Map(), any: new Map() }
}

export function addPorts(use: PortUse, ports: readonly string[], by = 1): void {
  for (const p of ports) {
    use.exact.set(p, (use.exact.get(p) ?? 0) + by)
    const anyKey = hostPortAnyKey(p)
    use.any.set(anyKey, (use.any.get(anyKey) ?? 0) + by)
  }
}

/**
 * Whether the wanted ports conflict with `use` after taking away `minus`
 * (the ports of pods that will be gone by then).
 */
export function portsConflict(
  wanted: readonly string[],
  use: PortUse,
  minus: readonly string[] = []
): boolean {
  for (const p of wanted) {
    const anyKey = hostPortAnyKey(p)
    if (anyKey === p) {
      let n = use.any.get(anyKey) ?? 0
      for (const m of minus) if (hostPortAnyKey(m) === anyKey) n -= 1
      if (n > 0) return true
    } else {
      let n = (use.exact.get(p) ?? 0) + (use.exact.get(anyKey) ?? 0)
      for (const m of minus) if (m === p || m === anyKey) n -= 1
      if (n > 0) return true
    }
  }
  return false
}

/** The scheduler's message for a port conflict (NodePorts filter). */
export const PORTS_REASON = "didn't have free ports for the requested pod ports"

/** The scheduler's message when the node has no room for another pod. */
export const TOO_MANY_PODS_REASON = 'Too many pods'

/** The scheduler's message for a resource that does not fit. */
export function insufficient(resource: string): string {
  // One string per resource, shared by every node that lacks it.
  let text = INSUFFICIENT.get(resource)
  if (text === undefined) {
    text = `Insufficient ${resource}`
    if (INSUFFICIENT.size >= 1000) INSUFFICIENT.clear()
    INSUFFICIENT.set(resource, text)
  }
  return text
}

const INSUFFICIENT = new Map<string, string>()
