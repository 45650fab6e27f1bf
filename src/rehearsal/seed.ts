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
import { parseQuantity } from './quantity.js'
import type { NodeBaseline } from './controllers/scheduler.js'

/** What a snapshot or node list gives the cluster to start with. */
export interface Seed {
  nodes: Obj[]
  baselines: Map<string, NodeBaseline>
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
   * stay in the node baselines (`daemonPods`) instead.
   */
  withoutTemplate: string[]
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
    baselines: new Map(),
    daemonSets: [],
    pods: [],
    namespaces: new Set(),
    withoutTemplate: []
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
    const requested: Record<string, number> = {}
    for (const [k, v] of Object.entries(asStringMap(n['requested'])))
      requested[k] = parseQuantity(v)
    seed.baselines.set(name, {
      requested,
      hostPorts: asArray(n['hostPorts']).map(String),
      podCount: asNumber(n['podCount']) ?? 0,
      daemonPods: []
    })
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
      byDs.set(key, [
        ...(byDs.get(key) ?? []),
        { node: String(n['name']), pod: dp }
      ])
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
  // at all) keep holding what they hold on their nodes, so the nodes are as
  // full as the snapshot says, until a DaemonSet of that name is created.
  for (const [key, pods] of byDs) {
    if (started.has(key)) continue
    seed.withoutTemplate.push(key)
    for (const { node, pod } of pods) {
      if (pod['scheduled'] === false) continue
      const requested: Record<string, number> = {}
      for (const [k, v] of Object.entries(asStringMap(pod['requests'])))
        requested[k] = parseQuantity(v)
      seed.baselines.get(node)?.daemonPods?.push({
        daemonSet: key,
        requested,
        hostPorts: asArray(pod['hostPorts']).map(String)
      })
    }
  }
  seed.withoutTemplate.sort()
  return seed
}
