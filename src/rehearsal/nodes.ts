import type { SimClock } from './clock.js'
import {
  asArray,
  asObj,
  asString,
  child,
  clone,
  isObj,
  nameOf,
  type Obj
} from './json.js'
import type { Registry } from './api/registry.js'

const NOT_READY_TAINT = 'node.kubernetes.io/not-ready'
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable'

/**
 * The cluster's nodes: what a kubelet registers, and what the node
 * lifecycle controller derives from a node's conditions and cordon.
 *
 * Invariants kept by every write here:
 * - a node not Ready carries the not-ready taints, NoSchedule and NoExecute
 *   (TaintNodesByCondition and taint-based eviction); a Ready node none;
 * - a NoExecute taint always has a `timeAdded`;
 * - after {@link syncCordon}, `spec.unschedulable` and the unschedulable
 *   taint agree (R1.16);
 * - an empty taint list is written as no `spec.taints` at all, as the API
 *   server's output omits it.
 * Node writes are internal (no validation, no managedFields), as the
 * kubelet's and the controller's are not the user's.
 */
export class Nodes {
  private readonly nodeType

  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock
  ) {
    this.nodeType = registry.resource('', 'nodes')
  }

  /** The stored nodes (not copies: do not change them). */
  all(): Obj[] {
    return this.registry.store.peekAll('/nodes')
  }

  /** The stored node (not a copy), if any. */
  get(name: string): Obj | undefined {
    return this.registry.store.peek('/nodes', '', name)
  }

  /**
   * Registers a node as a kubelet would: the well-known hostname/os/arch
   * labels, a Ready condition, a default allocatable and capacity, node
   * info and addresses, each only where the input does not set its own.
   * Assumes: `metadata.name` is set (throws otherwise).
   */
  add(input: object): void {
    const node = clone(input) as Obj
    const meta = child(node, 'metadata')
    const name = asString(meta['name'])
    if (!name) throw new Error('addNode: metadata.name is required')
    const nodeLabels = child(meta, 'labels')
    nodeLabels['kubernetes.io/hostname'] ??= name
    nodeLabels['kubernetes.io/os'] ??= 'linux'
    nodeLabels['kubernetes.io/arch'] ??= 'amd64'
    this.defaultStatus(child(node, 'status'), name)
    node['apiVersion'] = 'v1'
    node['kind'] = 'Node'
    this.registry.create(this.nodeType, '', node)
  }

  /** The status fields a kubelet reports, where the input leaves them out. */
  private defaultStatus(status: Obj, name: string): void {
    if (!Array.isArray(status['conditions']))
      status['conditions'] = [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status'
        }
      ]
    status['allocatable'] ??= {
      cpu: '4',
      memory: '16Gi',
      pods: '110',
      'ephemeral-storage': '100Gi'
    }
    status['capacity'] ??= status['allocatable']
    status['nodeInfo'] ??= {
      kubeletVersion: 'v1.32.0',
      containerRuntimeVersion: 'containerd://1.7.0',
      osImage: 'Rehearsal Linux',
      kernelVersion: '6.1.0',
      operatingSystem: 'linux',
      architecture: 'amd64'
    }
    // One InternalIP per node, in registration order.
    const count = this.registry.store.count('/nodes')
    status['addresses'] ??= [
      {
        type: 'InternalIP',
        address: `10.1.${count >> 8}.${(count & 255) + 1}`
      },
      { type: 'Hostname', address: name }
    ]
  }

  /** Deletes a node at once (no grace: its kubelet is gone). Unknown names are ignored. */
  remove(name: string): void {
    const node = this.get(name)
    if (node !== undefined) this.registry.removeInternal(this.nodeType, node)
  }

  /**
   * Replaces a node's taints. A NoExecute taint without `timeAdded` gets
   * the current simulated time. Throws for an unknown node.
   */
  setTaints(name: string, taints: object[]): void {
    this.update(name, (n) => {
      const spec = child(n, 'spec')
      const list = taints.map((t) => ({ ...(t as Obj) }))
      for (const t of list)
        if (t['effect'] === 'NoExecute' && t['timeAdded'] === undefined)
          t['timeAdded'] = this.clock.iso()
      if (list.length) spec['taints'] = list
      else delete spec['taints']
    })
  }

  /**
   * Sets the node's Ready condition (both transition times now) and, as
   * the node lifecycle controller does, adds or removes the not-ready
   * taints to match. Throws for an unknown node.
   */
  setReady(name: string, ready: boolean): void {
    this.update(name, (n) => {
      const now = this.clock.iso()
      const status = child(n, 'status')
      status['conditions'] = [
        ...asArray(status['conditions'])
          .filter(isObj)
          .filter((c) => c['type'] !== 'Ready'),
        readyCondition(ready, now)
      ]
      const spec = child(n, 'spec')
      const taints = asArray(spec['taints'])
        .filter(isObj)
        .filter((t) => t['key'] !== NOT_READY_TAINT)
      if (!ready)
        taints.push(
          { key: NOT_READY_TAINT, effect: 'NoSchedule' },
          { key: NOT_READY_TAINT, effect: 'NoExecute', timeAdded: now }
        )
      if (taints.length) spec['taints'] = taints
      else delete spec['taints']
    })
  }

  /**
   * Node lifecycle controller: a cordoned node (`spec.unschedulable`)
   * carries the unschedulable NoSchedule taint, an uncordoned one does not
   * (R1.16). Nodes that already agree are not written.
   */
  syncCordon(): void {
    for (const n of this.all()) {
      const cordoned = asObj(n['spec'])['unschedulable'] === true
      const taints = asArray(asObj(n['spec'])['taints']).filter(isObj)
      const tainted = taints.some((t) => t['key'] === UNSCHEDULABLE_TAINT)
      if (cordoned === tainted) continue
      this.setTaints(
        nameOf(n),
        cordoned
          ? [
              ...taints,
              {
                key: UNSCHEDULABLE_TAINT,
                effect: 'NoSchedule',
                timeAdded: this.clock.iso()
              }
            ]
          : taints.filter((t) => t['key'] !== UNSCHEDULABLE_TAINT)
      )
    }
  }

  /** Applies `edit` to a copy of the stored node and stores it. Throws for an unknown node. */
  private update(name: string, edit: (node: Obj) => void): void {
    const node = this.get(name)
    if (node === undefined) throw new Error(`node ${name} not found`)
    const next = clone(node)
    edit(next)
    this.registry.putInternal(this.nodeType, next)
  }
}

/** The Ready condition a kubelet posts (or, not ready, the runtime's reason). */
function readyCondition(ready: boolean, now: string): Obj {
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: now,
        lastTransitionTime: now
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message:
          'container runtime network not ready: NetworkReady=false (rehearsal fault)',
        lastHeartbeatTime: now,
        lastTransitionTime: now
      }
}
