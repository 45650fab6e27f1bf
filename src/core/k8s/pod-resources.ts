/**
 * Twin: src/rehearsal/controllers/scheduler.ts (podRequests, podHostPorts);
 * test/rehearsal/twin-rules.test.ts holds both to one table.
 *
 * What a pod asks of a node: effective resource requests and host ports,
 * computed the way the scheduler and pod defaulting do.
 */
import { parseQuantity } from './quantity.js'
import type { Container, PodSpec } from './types.js'

/** Resources the scheduler never compares as requests. */
const NOT_REQUESTS = new Set(['pods'])

function add(into: Map<string, bigint>, name: string, milli: bigint): void {
  into.set(name, (into.get(name) ?? 0n) + milli)
}

/**
 * A container's requests as the created pod will have them: pod defaulting
 * copies a limit into an unset request (R8.2f; SetDefaults_Pod), so a
 * template with only limits requests its limits.
 */
export function containerRequests(c: Container): Map<string, bigint> {
  const out = new Map<string, bigint>()
  const requests = c.resources?.requests ?? {}
  const limits = c.resources?.limits ?? {}
  for (const [name, value] of Object.entries(limits)) {
    if (Object.prototype.hasOwnProperty.call(requests, name)) continue
    const q = parseQuantity(value)
    if (q !== undefined) out.set(name, q)
  }
  for (const [name, value] of Object.entries(requests)) {
    const q = parseQuantity(value)
    if (q !== undefined) out.set(name, q)
  }
  return out
}

/**
 * The pod's effective request per resource, in milli-units, as the
 * scheduler computes it (k8s resourcehelper.PodRequests): the sum of the
 * containers plus the sidecars (init containers with restartPolicy Always),
 * or the largest init container together with the sidecars started before
 * it, whichever is larger; plus the pod overhead.
 */
export function effectiveRequests(
  spec: PodSpec | undefined
): Map<string, bigint> {
  const sum = new Map<string, bigint>()
  for (const c of spec?.containers ?? []) {
    for (const [name, q] of containerRequests(c)) add(sum, name, q)
  }
  const sidecars = new Map<string, bigint>()
  const initPeak = new Map<string, bigint>()
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c)
    let during: Map<string, bigint>
    if (c.restartPolicy === 'Always') {
      for (const [name, q] of own) add(sidecars, name, q)
      during = new Map(sidecars)
    } else {
      during = new Map(sidecars)
      for (const [name, q] of own) add(during, name, q)
    }
    for (const [name, q] of during) {
      if (q > (initPeak.get(name) ?? 0n)) initPeak.set(name, q)
    }
  }
  for (const [name, q] of sidecars) add(sum, name, q)
  for (const [name, q] of initPeak) {
    if (q > (sum.get(name) ?? 0n)) sum.set(name, q)
  }
  for (const [name, value] of Object.entries(spec?.overhead ?? {})) {
    const q = parseQuantity(value)
    if (q !== undefined && sum.has(name)) add(sum, name, q)
    else if (q !== undefined) sum.set(name, q)
  }
  for (const name of NOT_REQUESTS) sum.delete(name)
  return sum
}

/** `PROTOCOL/port` for all addresses, `PROTOCOL/hostIP:port` for one. */
export function formatHostPort(
  protocol: string | undefined,
  hostIP: string | undefined,
  port: number
): string {
  const proto = protocol === undefined || protocol === '' ? 'TCP' : protocol
  const ip = hostIP === undefined || hostIP === '' || hostIP === '0.0.0.0'
  return ip ? `${proto}/${port}` : `${proto}/${hostIP}:${port}`
}

/**
 * Host ports the pod will hold. With hostNetwork, pod defaulting sets
 * hostPort = containerPort on the Pod (R8.3, R3.15), so every listed
 * containerPort is a host port.
 */
export function podHostPorts(spec: PodSpec | undefined): string[] {
  const hostNetwork = spec?.hostNetwork === true
  const ports: string[] = []
  const containers = [
    ...(spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ...(spec?.containers ?? [])
  ]
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      const hostPort =
        typeof p.hostPort === 'number' && p.hostPort > 0
          ? p.hostPort
          : hostNetwork
            ? p.containerPort
            : 0
      if (hostPort > 0)
        ports.push(formatHostPort(p.protocol, p.hostIP, hostPort))
    }
  }
  return [...new Set(ports)]
}
