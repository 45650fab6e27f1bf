import type { DaemonSet, Node, Pod } from '../../core/k8s/types.js'
import {
  formatQuantity,
  isByteResource,
  parseQuantity
} from '../../core/k8s/quantity.js'
import {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  type Snapshot,
  type SnapshotNode
} from '../../core/snapshot/types.js'
import type { ControllerRevision } from './slim.js'

/** The view's objects, in the shape a recorded object list has. */
export interface ViewObjects {
  nodes: Node[]
  pods: Pod[]
  daemonSets: DaemonSet[]
  controllerRevisions: ControllerRevision[]
}

/**
 * BRIDGE (service branch): turns the view's objects into a Snapshot. This is
 * a stand-in for the simulate branch's pure conversion in
 * src/core/snapshot/; when that lands this function only calls it.
 */
export function snapshotFromView(
  objects: ViewObjects,
  meta: { recordedAt: string; cluster?: Snapshot['cluster'] }
): Snapshot {
  const byNode = new Map<string, SnapshotNode>()
  const nodes = objects.nodes.map((n): SnapshotNode => {
    const out: SnapshotNode = {
      name: n.metadata?.name ?? '',
      labels: n.metadata?.labels ?? {},
      taints: n.spec?.taints ?? [],
      unschedulable: n.spec?.unschedulable === true,
      conditions: (n.status?.conditions ?? []).map((c) => ({
        type: c.type,
        status: c.status,
        ...(c.reason === undefined ? {} : { reason: c.reason })
      })),
      allocatable: Object.fromEntries(
        Object.entries(n.status?.allocatable ?? {}).map(([k, v]) => [
          k,
          String(v)
        ])
      ),
      requested: {},
      hostPorts: [],
      podCount: 0,
      daemonPods: []
    }
    byNode.set(out.name, out)
    return out
  })
  const sums = new Map<string, Map<string, bigint>>()
  for (const pod of objects.pods) {
    const node = byNode.get(pod.spec?.nodeName ?? '')
    if (node === undefined) continue
    const requests = new Map<string, bigint>()
    for (const c of pod.spec?.containers ?? []) {
      for (const [k, v] of Object.entries(
        c.resources?.requests ?? c.resources?.limits ?? {}
      )) {
        requests.set(k, (requests.get(k) ?? 0n) + (parseQuantity(v) ?? 0n))
      }
    }
    const ports = (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map(
        (p) =>
          `${p.protocol ?? 'TCP'}/${p.hostIP ? `${p.hostIP}:` : ''}${p.hostPort}`
      )
    )
    const owner = pod.metadata?.ownerReferences?.find(
      (r) => r.controller === true
    )
    if (owner?.kind === 'DaemonSet') {
      node.daemonPods.push({
        name: pod.metadata?.name ?? '',
        namespace: pod.metadata?.namespace ?? '',
        daemonSet: owner.name,
        revisionHash: pod.metadata?.labels?.['controller-revision-hash'] ?? '',
        phase: pod.status?.phase ?? 'Unknown',
        ready:
          pod.status?.conditions?.some(
            (c) => c.type === 'Ready' && c.status === 'True'
          ) === true,
        requests: Object.fromEntries(
          [...requests].map(([k, v]) => [
            k,
            formatQuantity(v, isByteResource(k))
          ])
        ),
        hostPorts: ports
      })
      continue
    }
    node.podCount += 1
    node.hostPorts.push(...ports)
    const sum = sums.get(node.name) ?? new Map<string, bigint>()
    for (const [k, v] of requests) sum.set(k, (sum.get(k) ?? 0n) + v)
    sums.set(node.name, sum)
  }
  for (const [name, sum] of sums) {
    const node = byNode.get(name)
    if (node === undefined) continue
    node.requested = Object.fromEntries(
      [...sum].map(([k, v]) => [k, formatQuantity(v, isByteResource(k))])
    )
  }
  const daemonSets = objects.daemonSets.map((ds) => {
    const ns = ds.metadata?.namespace ?? 'default'
    const name = ds.metadata?.name ?? ''
    let current: ControllerRevision | undefined
    for (const rev of objects.controllerRevisions) {
      const owner = rev.metadata?.ownerReferences?.[0]
      if (rev.metadata?.namespace !== ns || owner?.name !== name) continue
      if (
        current === undefined ||
        (rev.revision ?? 0) > (current.revision ?? 0)
      )
        current = rev
    }
    const hash = current?.metadata?.labels?.['controller-revision-hash']
    return {
      namespace: ns,
      name,
      ...(ds.metadata?.uid === undefined ? {} : { uid: ds.metadata.uid }),
      ...(ds.metadata?.generation === undefined
        ? {}
        : { generation: ds.metadata.generation }),
      ...(hash === undefined ? {} : { currentRevisionHash: hash }),
      ...(ds.spec?.template === undefined
        ? {}
        : { template: ds.spec.template }),
      ...(ds.spec?.updateStrategy === undefined
        ? {}
        : { updateStrategy: ds.spec.updateStrategy }),
      ...(ds.spec?.minReadySeconds === undefined
        ? {}
        : { minReadySeconds: ds.spec.minReadySeconds })
    }
  })
  return {
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    recordedAt: meta.recordedAt,
    ...(meta.cluster === undefined ? {} : { cluster: meta.cluster }),
    nodes,
    daemonSets
  }
}
