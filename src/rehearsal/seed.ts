import {
  asArray,
  asNumber,
  asObj,
  asString,
  asStringMap,
  clone,
  isObj,
  type Obj
} from './json.js'
import { randomUUID } from 'node:crypto'

/** What a snapshot or node list gives the cluster to start with. */
export interface Seed {
  nodes: Obj[]
  daemonSets: { ds: Obj; revisionHash?: string }[]
  /** Pods to create (already bound and running, or as recorded). */
  pods: Obj[]
  /**
   * Namespaces the recorded cluster has workloads in (its DaemonSets and
   * daemon pods, with or without a recorded template): they exist in the
   * real cluster, so manifests applied to the rehearsal need not create them.
   */
  namespaces: Set<string>
  /**
   * DaemonSets (`namespace/name`) whose pods a compact snapshot records but
   * whose template it does not: they cannot run here. Their recorded pods
   * are seeded as Pod objects (see `recordedPods`).
   */
  withoutTemplate: string[]
  /**
   * Pods a compact snapshot records only as usage, as Pod objects bound to
   * their nodes: each node's other workloads (namespace
   * {@link WORKLOAD_NAMESPACE}) and the daemon pods of DaemonSets recorded
   * without a template (owned by the recorded DaemonSet uid, which has no
   * object here).
   */
  recordedPods: { pod: Obj; ready: boolean }[]
  /** `namespace/name` → uid the recorded pods of a template-less DaemonSet name as owner. */
  recordedOwners: Map<string, string>
}

/**
 * Namespace of the pods that stand for a compact snapshot's per-node usage
 * of other workloads (the snapshot records their sums, not their names).
 */
export const WORKLOAD_NAMESPACE = 'snapshot-workloads'
/** Image of the seeded stand-in pods (nothing runs). */
export const STAND_IN_IMAGE = 'registry.k8s.io/pause:3.10'

/** Resources the API requires a limit equal to the request for (extended, hugepages). */
function needsLimit(resource: string): boolean {
  return (
    resource !== 'cpu' &&
    resource !== 'memory' &&
    resource !== 'ephemeral-storage'
  )
}

/** `TCP/9100` or `UDP/10.0.0.1:53` as a container port. */
function containerPort(text: string): Obj | undefined {
  const m = /^([A-Za-z]+)\/(?:(.*):)?(\d+)$/.exec(text.trim())
  if (!m) return undefined
  const port = Number(m[3])
  const hostIP = m[2] ?? ''
  return {
    containerPort: port,
    hostPort: port,
    protocol: m[1]!.toUpperCase(),
    ...(hostIP !== '' && hostIP !== '0.0.0.0' ? { hostIP } : {})
  }
}

/** A stand-in pod bound to `node` that requests `requests` and holds `ports`. */
function standInPod(
  meta: Obj,
  node: string,
  requests: Record<string, string>,
  ports: string[],
  phase: string
): Obj {
  const limits: Record<string, string> = {}
  for (const [k, v] of Object.entries(requests))
    if (needsLimit(k)) limits[k] = v
  const containerPorts = ports
    .map(containerPort)
    .filter((p): p is Obj => p !== undefined)
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec: {
      nodeName: node,
      restartPolicy: 'Always',
      containers: [
        {
          name: 'recorded',
          image: STAND_IN_IMAGE,
          ...(Object.keys(requests).length
            ? {
                resources: {
                  requests: { ...requests },
                  ...(Object.keys(limits).length ? { limits } : {})
                }
              }
            : {}),
          ...(containerPorts.length ? { ports: containerPorts } : {})
        }
      ]
    },
    status: { phase }
  }
}

export class SeedError extends Error {}

/**
 * Reads a compact snapshot (kind DsRolloutSnapshot, see
 * src/core/snapshot/types.ts) or a `kubectl get nodes -o json` List
 * (optionally mixed with pods and daemonsets). Parsed here on purpose, not
 * with the product's loader.
 */
export function readSeed(doc: unknown): Seed {
  const seed: Seed = {
    nodes: [],
    daemonSets: [],
    pods: [],
    namespaces: new Set(),
    withoutTemplate: [],
    recordedPods: [],
    recordedOwners: new Map()
  }
  if (doc === undefined || doc === null) return seed
  if (!isObj(doc)) throw new SeedError('snapshot: expected an object')
  if (doc['kind'] === 'DsRolloutSnapshot') return readCompact(doc, seed)
  const items: Obj[] = []
  const collect = (d: unknown): void => {
    if (Array.isArray(d)) d.forEach(collect)
    else if (isObj(d) && Array.isArray(d['items']))
      (d['items'] as unknown[]).forEach(collect)
    else if (isObj(d) && typeof d['kind'] === 'string') items.push(d)
  }
  if (!Array.isArray(doc['items']) && doc['kind'] !== 'List')
    throw new SeedError(
      `snapshot: expected kind DsRolloutSnapshot or a List (kubectl get nodes -o json), got kind ${String(doc['kind'] ?? '(none)')}`
    )
  collect(doc)
  for (const item of items) {
    const ns = asString(asObj(item['metadata'])['namespace'])
    if (ns !== undefined && ns !== '') seed.namespaces.add(ns)
    if (item['kind'] === 'Node') seed.nodes.push(cleanObject(item))
    else if (item['kind'] === 'DaemonSet')
      seed.daemonSets.push({ ds: cleanObject(item) })
    else if (item['kind'] === 'Pod') seed.pods.push(cleanObject(item))
  }
  if (seed.nodes.length === 0)
    throw new SeedError('snapshot: the list holds no Node objects')
  return seed
}

function cleanObject(o: Obj): Obj {
  const c = clone(o)
  const m = asObj(c['metadata'])
  for (const k of ['resourceVersion', 'managedFields', 'selfLink']) delete m[k]
  c['metadata'] = m
  return c
}

/**
 * A version 2 compact snapshot (tables plus one row per node, see
 * docs/snapshot.md) in the version 1 shape this seed reads. Daemon pods have
 * no names in version 2: they are named `<daemonSet>-<node index in base 36>`.
 */
function expandVersion2(doc: Obj): Obj {
  const fields = asArray(doc['nodeFields']).map(String)
  const table = (name: string) => asArray(doc[name])
  const labelSets = table('labelSets')
  const taintSets = table('taintSets')
  const resourceSets = table('resourceSets')
  const hostPortSets = table('hostPortSets')
  const templates = table('podTemplates').map(asObj)
  const phases = ['Running', 'Pending', 'Unknown', 'Succeeded', 'Failed']
  const nodes = asArray(doc['nodes']).map((raw, i) => {
    const row = asArray(raw)
    const col = (f: string) => row[fields.indexOf(f)]
    const name = asString(col('name')) ?? ''
    const labels = { ...asStringMap(labelSets[asNumber(col('labels')) ?? -1]) }
    if (col('hostnameLabel') === 1) labels['kubernetes.io/hostname'] = name
    const ready = col('ready')
    return {
      name,
      labels,
      taints: asArray(taintSets[asNumber(col('taints')) ?? -1]),
      unschedulable: col('unschedulable') === 1,
      conditions:
        typeof ready === 'string' ? [{ type: 'Ready', status: ready }] : [],
      allocatable: asStringMap(
        resourceSets[asNumber(col('allocatable')) ?? -1]
      ),
      requested: asStringMap(col('requested')),
      hostPorts: asArray(hostPortSets[asNumber(col('hostPorts')) ?? -1]),
      podCount: asNumber(col('podCount')) ?? 0,
      daemonPods: asArray(col('daemonPods')).map((c) => {
        const code = asNumber(c) ?? 0
        const t = asObj(templates[Math.floor(code / 32)])
        const state = code % 32
        return {
          name: `${String(t['daemonSet'])}-${i.toString(36)}`,
          namespace: t['namespace'],
          daemonSet: t['daemonSet'],
          revisionHash: t['revisionHash'],
          phase: phases[(state >> 1) & 7] ?? 'Unknown',
          ready: (state & 1) === 1,
          ...((state & 16) === 16 ? { scheduled: false } : {}),
          requests: t['requests'],
          hostPorts: t['hostPorts']
        }
      })
    }
  })
  return { ...doc, version: 1, nodes }
}

function readCompact(doc: Obj, seed: Seed): Seed {
  if (doc['version'] === 2) doc = expandVersion2(doc)
  if (doc['version'] !== 1)
    throw new SeedError(
      `snapshot: unsupported DsRolloutSnapshot version ${String(doc['version'])}`
    )
  const nodes = asArray(doc['nodes'])
  nodes.forEach((raw, i) => {
    const n = asObj(raw)
    const name = asString(n['name'])
    if (!name) throw new SeedError(`snapshot: nodes[${i}].name is missing`)
    const allocatable = asStringMap(n['allocatable'])
    const conditions = asArray(n['conditions']).filter(isObj)
    seed.nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name, ...asStringMap(n['labels']) }
      },
      spec: {
        ...(n['unschedulable'] === true ? { unschedulable: true } : {}),
        ...(asArray(n['taints']).length
          ? { taints: clone(asArray(n['taints'])) }
          : {})
      },
      status: {
        capacity: allocatable,
        allocatable,
        conditions: conditions.length
          ? conditions.map((c) => ({ ...c }))
          : [
              {
                type: 'Ready',
                status: 'True',
                reason: 'KubeletReady',
                message: 'kubelet is posting ready status'
              }
            ],
        addresses: [
          {
            type: 'InternalIP',
            address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`
          },
          { type: 'Hostname', address: name }
        ],
        nodeInfo: {
          kubeletVersion:
            asString(asObj(doc['cluster'])['version']) ?? 'v1.32.0',
          containerRuntimeVersion: 'containerd://1.7.0',
          osImage: 'Rehearsal Linux',
          kernelVersion: '6.1.0',
          operatingSystem: 'linux',
          architecture: 'amd64'
        }
      }
    })
    // The node's other workloads: `podCount` pods, the first holding the
    // summed requests and the host ports (so sums and ports read back
    // exactly), the rest empty.
    const requested = asStringMap(n['requested'])
    const hostPorts = asArray(n['hostPorts']).map(String)
    const count = Math.max(
      asNumber(n['podCount']) ?? 0,
      Object.keys(requested).length || hostPorts.length ? 1 : 0
    )
    for (let k = 0; k < count; k++) {
      seed.namespaces.add(WORKLOAD_NAMESPACE)
      seed.recordedPods.push({
        pod: standInPod(
          {
            name: `workload-${k + 1}-${name}`.slice(0, 253),
            namespace: WORKLOAD_NAMESPACE,
            labels: { 'ds-rollout.dev/stand-in': 'workload' },
            annotations: {
              'ds-rollout.dev/stand-in':
                "seeded from the snapshot: one of the node's other pods (podCount), this one carrying their summed requests and host ports"
            }
          },
          name,
          k === 0 ? requested : {},
          k === 0 ? hostPorts : [],
          'Running'
        ),
        ready: true
      })
    }
  })
  const byDs = new Map<string, { node: string; pod: Obj }[]>()
  nodes.forEach((raw) => {
    const n = asObj(raw)
    for (const p of asArray(n['daemonPods'])) {
      const dp = asObj(p)
      const podNamespace = asString(dp['namespace'])
      if (podNamespace !== undefined && podNamespace !== '')
        seed.namespaces.add(podNamespace)
      const key = `${String(dp['namespace'])}/${String(dp['daemonSet'])}`
      const list = byDs.get(key)
      if (list === undefined)
        byDs.set(key, [{ node: String(n['name']), pod: dp }])
      else list.push({ node: String(n['name']), pod: dp })
    }
  })
  const started = new Set<string>()
  for (const raw of asArray(doc['daemonSets'])) {
    const d = asObj(raw)
    const dsNamespace = asString(d['namespace'])
    if (dsNamespace !== undefined && dsNamespace !== '')
      seed.namespaces.add(dsNamespace)
    const template = asObj(d['template'])
    if (!isObj(d['template'])) continue
    started.add(`${String(d['namespace'])}/${String(d['name'])}`)
    const labels = asStringMap(asObj(template['metadata'])['labels'])
    const ds: Obj = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: d['name'],
        namespace: d['namespace'] ?? 'default',
        ...(d['uid'] ? { uid: d['uid'] } : {})
      },
      spec: {
        selector: { matchLabels: labels },
        template: clone(template),
        ...(isObj(d['updateStrategy'])
          ? { updateStrategy: clone(d['updateStrategy']) }
          : {}),
        ...(d['minReadySeconds'] !== undefined
          ? { minReadySeconds: d['minReadySeconds'] }
          : {})
      }
    }
    const hash = asString(d['currentRevisionHash'])
    seed.daemonSets.push({ ds, ...(hash ? { revisionHash: hash } : {}) })
    for (const { node, pod } of byDs.get(
      `${String(d['namespace'])}/${String(d['name'])}`
    ) ?? []) {
      seed.pods.push({
        metadata: { name: pod['name'], namespace: pod['namespace'] },
        node,
        ds: String(d['name']),
        ready: pod['ready'] === true
      } as Obj)
    }
  }
  // Daemon pods of DaemonSets recorded without a template (or not recorded
  // at all) are Pod objects too, owned by the recorded DaemonSet's uid
  // (which has no object here), so the nodes are as full as the snapshot
  // says and the API shows why, until a DaemonSet of that name is created.
  const recordedUid = new Map<string, string>()
  for (const raw of asArray(doc['daemonSets'])) {
    const d = asObj(raw)
    const uid = asString(d['uid'])
    if (uid)
      recordedUid.set(`${String(d['namespace'])}/${String(d['name'])}`, uid)
  }
  for (const [key, pods] of byDs) {
    if (started.has(key)) continue
    seed.withoutTemplate.push(key)
    const uid = recordedUid.get(key) ?? randomUUID()
    seed.recordedOwners.set(key, uid)
    for (const { node, pod } of pods) {
      // A Pending pod that only targets its node holds nothing there.
      if (pod['scheduled'] === false) continue
      const hash = asString(pod['revisionHash']) ?? ''
      seed.recordedPods.push({
        pod: standInPod(
          {
            name: pod['name'],
            namespace: pod['namespace'],
            labels: hash ? { 'controller-revision-hash': hash } : {},
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'DaemonSet',
                name: pod['daemonSet'],
                uid,
                controller: true,
                blockOwnerDeletion: true
              }
            ]
          },
          node,
          asStringMap(pod['requests']),
          asArray(pod['hostPorts']).map(String),
          asString(pod['phase']) ?? 'Running'
        ),
        ready: pod['ready'] === true
      })
    }
  }
  seed.withoutTemplate.sort()
  return seed
}
