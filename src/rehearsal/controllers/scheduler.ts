import type { SimClock } from '../clock.js'
import {
  asArray,
  asObj,
  asString,
  child,
  clone,
  isObj,
  nameOf,
  namespaceOf,
  type Obj
} from '../json.js'
import type { Registry } from '../api/registry.js'
import { quantityOrZero } from '../quantity.js'
import { podSpecMatchesNode, untoleratedTaint } from './eligibility.js'
import type { EventRecorder } from './events.js'
import { isDeleting, isTerminal, targetNodeOf } from './pod-util.js'

/**
 * Effective requests of a pod in milli-units, as the scheduler's
 * resourcehelper.PodRequests computes them: the containers plus the
 * sidecars (init containers with restartPolicy Always), or the largest
 * init container together with the sidecars started before it, whichever
 * is larger; plus the pod overhead. A limit without a request counts as the
 * request (pod defaulting). Twin of src/core/k8s/pod-resources.ts
 * (effectiveRequests), held to the same answers by
 * test/rehearsal/twin-rules.test.ts.
 */
export function podRequests(spec: Obj): Record<string, bigint> {
  const containerRequests = (c: unknown): Record<string, bigint> => {
    const r = asObj(asObj(c)['resources'])
    const limits = asObj(r['limits'])
    const requests = asObj(r['requests'])
    const out: Record<string, bigint> = {}
    for (const k of new Set([...Object.keys(limits), ...Object.keys(requests)]))
      out[k] = quantityOrZero(
        Object.hasOwn(requests, k) ? requests[k] : limits[k]
      )
    return out
  }
  const addInto = (
    into: Record<string, bigint>,
    from: Record<string, bigint>
  ): void => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0n) + v
  }
  const sum: Record<string, bigint> = {}
  for (const c of asArray(spec['containers']))
    addInto(sum, containerRequests(c))
  const sidecars: Record<string, bigint> = {}
  const initPeak: Record<string, bigint> = {}
  for (const c of asArray(spec['initContainers'])) {
    const own = containerRequests(c)
    const during: Record<string, bigint> = { ...sidecars }
    if (asObj(c)['restartPolicy'] === 'Always') {
      addInto(sidecars, own)
      Object.assign(during, sidecars)
    } else addInto(during, own)
    for (const [k, v] of Object.entries(during))
      if (v > (initPeak[k] ?? 0n)) initPeak[k] = v
  }
  addInto(sum, sidecars)
  for (const [k, v] of Object.entries(initPeak))
    if (v > (sum[k] ?? 0n)) sum[k] = v
  for (const [k, v] of Object.entries(asObj(spec['overhead'])))
    sum[k] = (sum[k] ?? 0n) + quantityOrZero(v)
  delete sum['pods']
  return sum
}

/** Host ports a pod asks for, as `PROTOCOL/hostIP:port`. */
export function podHostPorts(spec: Obj): string[] {
  const out: string[] = []
  const sidecars = asArray(spec['initContainers']).filter(
    (c) => asObj(c)['restartPolicy'] === 'Always'
  )
  for (const c of [...sidecars, ...asArray(spec['containers'])]) {
    for (const p of asArray(asObj(c)['ports'])) {
      const port = asObj(p)
      const hp = Number(port['hostPort'] ?? 0)
      if (hp > 0)
        out.push(
          `${asString(port['protocol']) ?? 'TCP'}/${asString(port['hostIP']) || '0.0.0.0'}:${hp}`
        )
    }
  }
  return out
}

function portsConflict(a: string, b: string): boolean {
  const pa = /^([A-Z]+)\/(.*):(\d+)$/.exec(a)
  const pb = /^([A-Z]+)\/(.*):(\d+)$/.exec(b)
  if (!pa || !pb) return a === b
  if (pa[1] !== pb[1] || pa[3] !== pb[3]) return false
  return pa[2] === '0.0.0.0' || pb[2] === '0.0.0.0' || pa[2] === pb[2]
}

interface NodeUse {
  requested: Record<string, bigint>
  ports: string[]
  pods: number
}

/** The default scheduler, reduced to the filters that matter for daemon pods. */
export class Scheduler {
  private readonly lastMessage = new Map<string, string>()

  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock,
    private readonly events: EventRecorder
  ) {}

  run(): void {
    const pending = this.registry.store
      .peekAll('/pods')
      .filter(
        (p) =>
          (asString(asObj(p['spec'])['nodeName']) ?? '') === '' &&
          !isDeleting(p) &&
          !isTerminal(p)
      )
    if (pending.length === 0) return
    const nodes = this.registry.store.peekAll('/nodes')
    const byName = new Map(nodes.map((n) => [nameOf(n), n]))
    const use = this.usage()
    for (const pod of pending) {
      const spec = asObj(pod['spec'])
      const target = targetNodeOf(pod)
      const candidates =
        target !== undefined
          ? [byName.get(target)].filter((n): n is Obj => n !== undefined)
          : nodes
      const reasons = new Map<string, number>()
      let noVictims = 0
      let chosen: Obj | undefined
      const requests = podRequests(spec)
      const ports = podHostPorts(spec)
      const tolerations = asArray(spec['tolerations']).filter(isObj)
      for (const node of candidates) {
        const fail = this.filter(
          node,
          spec,
          tolerations,
          requests,
          ports,
          use.get(nameOf(node))
        )
        if (fail.length === 0) {
          chosen = node
          break
        }
        if (
          fail.some(
            (f) =>
              f.startsWith('Insufficient') ||
              f.startsWith('Too many') ||
              f.includes('free ports')
          )
        )
          noVictims++
        for (const f of fail) reasons.set(f, (reasons.get(f) ?? 0) + 1)
      }
      if (chosen !== undefined) {
        this.bind(pod, nameOf(chosen))
        const u = use.get(nameOf(chosen)) ?? {
          requested: {},
          ports: [],
          pods: 0
        }
        for (const [k, v] of Object.entries(requests))
          u.requested[k] = (u.requested[k] ?? 0n) + v
        u.ports.push(...ports)
        u.pods++
        use.set(nameOf(chosen), u)
        continue
      }
      const others = nodes.length - candidates.length
      if (others > 0)
        reasons.set(
          "node(s) didn't match Pod's node affinity/selector",
          (reasons.get("node(s) didn't match Pod's node affinity/selector") ??
            0) + others
        )
      const hist = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort()
      const notHelpful = nodes.length - noVictims
      const pre = [
        ...(noVictims > 0
          ? [`${noVictims} No preemption victims found for incoming pod`]
          : []),
        ...(notHelpful > 0
          ? [`${notHelpful} Preemption is not helpful for scheduling`]
          : [])
      ].sort()
      const message =
        nodes.length === 0
          ? 'no nodes available to schedule pods'
          : `0/${nodes.length} nodes are available: ${hist.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${pre.join(', ')}.`
      this.markUnschedulable(pod, message)
    }
  }

  /**
   * What the pods bound to each node hold: every pod the API shows (seeded
   * workloads included), nothing hidden, so `kubectl describe node` and a
   * snapshot taken from the rehearsal see what this counts.
   */
  private usage(): Map<string, NodeUse> {
    const out = new Map<string, NodeUse>()
    for (const p of this.registry.store.peekAll('/pods')) {
      const spec = asObj(p['spec'])
      const node = asString(spec['nodeName'])
      if (!node || isTerminal(p)) continue
      const u = out.get(node) ?? { requested: {}, ports: [], pods: 0 }
      const demand = this.demandOf(spec)
      for (const [k, v] of Object.entries(demand.requests))
        u.requested[k] = (u.requested[k] ?? 0n) + v
      u.ports.push(...demand.ports)
      u.pods++
      out.set(node, u)
    }
    return out
  }

  /** A stored pod spec is replaced, never changed in place: its demand is computed once. */
  private readonly demand = new WeakMap<
    Obj,
    { requests: Record<string, bigint>; ports: string[] }
  >()

  private demandOf(spec: Obj): {
    requests: Record<string, bigint>
    ports: string[]
  } {
    let d = this.demand.get(spec)
    if (d === undefined) {
      d = { requests: podRequests(spec), ports: podHostPorts(spec) }
      this.demand.set(spec, d)
    }
    return d
  }

  private filter(
    node: Obj,
    spec: Obj,
    tolerations: Obj[],
    requests: Record<string, bigint>,
    ports: string[],
    u: NodeUse | undefined
  ): string[] {
    if (!podSpecMatchesNode(spec, node))
      return ["node(s) didn't match Pod's node affinity/selector"]
    const taint = untoleratedTaint(node, tolerations)
    if (taint !== undefined)
      return [
        `node(s) had untolerated taint {${String(taint['key'])}: ${asString(taint['value']) ?? ''}}`
      ]
    const out: string[] = []
    const alloc = asObj(asObj(node['status'])['allocatable'])
    const used = u ?? { requested: {}, ports: [], pods: 0 }
    const maxPods =
      alloc['pods'] === undefined ? 110_000n : quantityOrZero(alloc['pods'])
    if (BigInt(used.pods + 1) * 1000n > maxPods) out.push('Too many pods')
    for (const [k, v] of Object.entries(requests)) {
      if (v <= 0n) continue
      const have = alloc[k] === undefined ? 0n : quantityOrZero(alloc[k])
      if ((used.requested[k] ?? 0n) + v > have) out.push(`Insufficient ${k}`)
    }
    if (ports.some((p) => used.ports.some((q) => portsConflict(p, q))))
      out.push("node(s) didn't have free ports for the requested pod ports")
    return out
  }

  private bind(pod: Obj, node: string): void {
    const next = clone(pod)
    child(next, 'spec')['nodeName'] = node
    const status = child(next, 'status')
    status['conditions'] = [
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: this.clock.iso()
      }
    ]
    this.registry.putInternal(this.registry.resource('', 'pods'), next)
    this.lastMessage.delete(`${namespaceOf(pod)}/${nameOf(pod)}`)
    this.events.record(
      next,
      'Normal',
      'Scheduled',
      `Successfully assigned ${namespaceOf(pod)}/${nameOf(pod)} to ${node}`,
      'default-scheduler'
    )
  }

  private markUnschedulable(pod: Obj, message: string): void {
    const key = `${namespaceOf(pod)}/${nameOf(pod)}`
    if (this.lastMessage.get(key) === message) return
    this.lastMessage.set(key, message)
    const next = clone(pod)
    const status = child(next, 'status')
    status['phase'] = 'Pending'
    status['conditions'] = [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: this.clock.iso(),
        reason: 'Unschedulable',
        message
      }
    ]
    this.registry.putInternal(this.registry.resource('', 'pods'), next)
    this.events.record(
      next,
      'Warning',
      'FailedScheduling',
      message,
      'default-scheduler'
    )
  }
}
