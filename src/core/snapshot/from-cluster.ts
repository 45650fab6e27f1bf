/**
 * Builds the compact snapshot from cluster objects as wire JSON (what
 * `kubectl get nodes,pods,ds -o json` prints, or what the live recorder
 * lists). Pure: used by loadSnapshot for kubectl files and by the recorder.
 */
import { formatQuantity, isByteResource } from '../k8s/quantity.js'
import type { DaemonSet, Node, Pod, PodSpec } from '../k8s/types.js'
import { effectiveRequests, podHostPorts } from '../k8s/pod-resources.js'
import {
  observeTimings,
  podTimeline,
  type ObservedTimings,
  type PodTimeline
} from './pod-timings.js'
import {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  type Snapshot,
  type SnapshotDaemonPod,
  type SnapshotDaemonSet,
  type SnapshotNode
} from './types.js'

export interface ClusterObjects {
  nodes: Node[]
  /** Pods of all namespaces; optional (without them a node looks empty). */
  pods?: Pod[]
  daemonSets?: DaemonSet[]
  recordedAt?: string
  cluster?: { name?: string; version?: string }
}

const TERMINAL = new Set(['Succeeded', 'Failed'])

/** The node a pod is bound or targeted to (R7.2): nodeName, else the daemon pod's matchFields term. */
export function podTargetNode(spec: PodSpec | undefined): string | undefined {
  if (typeof spec?.nodeName === 'string' && spec.nodeName !== '')
    return spec.nodeName
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? []
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (
        f.key === 'metadata.name' &&
        f.operator === 'In' &&
        f.values?.length === 1
      ) {
        return f.values[0]
      }
    }
  }
  return undefined
}

function quantityStrings(
  values: Record<string, string | number> | undefined
): Record<string, string> {
  if (values === undefined || values === null) return {}
  // All strings (what the API gives): the map as it is, no copy.
  const keys = Object.keys(values)
  if (keys.every((k) => typeof values[k] === 'string'))
    return values as Record<string, string>
  const out: Record<string, string> = {}
  for (const k of keys) out[k] = String(values[k])
  return out
}

function formatRequests(sum: Map<string, bigint>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, milli] of [...sum].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[name] = formatQuantity(milli, isByteResource(name))
  }
  return out
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True'
  )
}

function daemonSetOwner(pod: Pod): string | undefined {
  const owner = (pod.metadata?.ownerReferences ?? []).find(
    (o) => o.controller === true
  )
  return owner?.kind === 'DaemonSet' ? owner.name : undefined
}

interface NodeAccumulator {
  /** Created with the node's first pod (a nodes-only export has none). */
  requested: Map<string, bigint> | undefined
  hostPorts: Set<string> | undefined
  podCount: number
  daemonPods: SnapshotDaemonPod[]
}

/**
 * Builds a snapshot incrementally: nodes and DaemonSets first, then pods page
 * by page, so a recorder never holds every pod of a large cluster at once.
 */
export interface SnapshotBuilder {
  addPods(pods: readonly Pod[]): void
  finish(): Snapshot
}

export interface BuilderOptions {
  /**
   * Keep the nodes' label maps as they are instead of copying them: for
   * objects parsed for this snapshot alone and not used after (a snapshot
   * file); a live view's objects are copied (the default).
   */
  ownsInput?: boolean
}

export function snapshotBuilder(
  input: Omit<ClusterObjects, 'pods'>,
  options: BuilderOptions = {}
): SnapshotBuilder {
  const copyLabels = options.ownsInput !== true
  const acc = new Map<string, NodeAccumulator>()
  for (const node of input.nodes) {
    const name = node.metadata?.name
    if (typeof name === 'string')
      acc.set(name, {
        requested: undefined,
        hostPorts: undefined,
        podCount: 0,
        daemonPods: []
      })
  }
  // Hash of the current revision, from pods whose pod-template-generation
  // equals the DaemonSet's templateGeneration (R4.2, R7.3).
  const generationOf = new Map<string, string>()
  for (const ds of input.daemonSets ?? []) {
    const g =
      ds.metadata?.annotations?.['deprecated.daemonset.template.generation']
    if (g !== undefined)
      generationOf.set(`${ds.metadata?.namespace}/${ds.metadata?.name}`, g)
  }
  const currentHash = new Map<string, string>()
  // Each daemon pod's start, for the calibrated estimate (pod-timings.ts).
  const timelines = new Map<string, PodTimeline[]>()

  const addPods = (pods: readonly Pod[]): void => {
    for (const pod of pods) {
      const phase = pod.status?.phase ?? 'Pending'
      if (TERMINAL.has(phase)) continue
      const target = podTargetNode(pod.spec)
      if (target === undefined) continue
      const node = acc.get(target)
      if (node === undefined) continue // R1.19: pods of vanished nodes are deleted
      const owner = daemonSetOwner(pod)
      const requests = effectiveRequests(pod.spec)
      const ports = podHostPorts(pod.spec)
      const bound =
        typeof pod.spec?.nodeName === 'string' && pod.spec.nodeName !== ''
      if (owner !== undefined) {
        const namespace = pod.metadata?.namespace ?? 'default'
        const labels = pod.metadata?.labels ?? {}
        const hash = labels['controller-revision-hash'] ?? ''
        const key = `${namespace}/${owner}`
        const generation = generationOf.get(key)
        if (
          generation !== undefined &&
          hash !== '' &&
          labels['pod-template-generation'] === generation
        ) {
          currentHash.set(key, hash)
        }
        const daemonPod: SnapshotDaemonPod = {
          name: pod.metadata?.name ?? '',
          namespace,
          daemonSet: owner,
          revisionHash: hash,
          phase,
          ready: isReady(pod),
          requests: formatRequests(requests),
          hostPorts: ports
        }
        if (!bound) daemonPod.scheduled = false
        node.daemonPods.push(daemonPod)
        const timeline = podTimeline(pod)
        if (timeline !== undefined) {
          const list = timelines.get(key)
          if (list === undefined) timelines.set(key, [timeline])
          else list.push(timeline)
        }
        continue
      }
      if (!bound) continue
      node.podCount += 1
      const requested = (node.requested ??= new Map())
      for (const [name, q] of requests)
        requested.set(name, (requested.get(name) ?? 0n) + q)
      const hostPorts = (node.hostPorts ??= new Set())
      for (const p of ports) hostPorts.add(p)
    }
  }

  const finish = (): Snapshot => {
    const nodes: SnapshotNode[] = []
    // Nodes of one pool repeat the same taints: one shared list per
    // distinct list (the simulation memoises taint verdicts per object).
    const taintLists = new Map<string, SnapshotNode['taints']>()
    const taintsOf = (node: Node): SnapshotNode['taints'] => {
      const taints = node.spec?.taints ?? []
      if (taints.length === 0) {
        // Most nodes: the one shared empty list, without a key string.
        let none = taintLists.get('[]')
        if (none === undefined) {
          none = []
          taintLists.set('[]', none)
        }
        return none
      }
      const list = taints.map((t) => {
        const taint: { key: string; value?: string; effect: string } = {
          key: t.key,
          effect: t.effect
        }
        if (t.value !== undefined && t.value !== '') taint.value = t.value
        return taint
      })
      const id = JSON.stringify(list)
      const shared = taintLists.get(id)
      if (shared !== undefined) return shared
      taintLists.set(id, list)
      return list
    }
    // Likewise the conditions (type, status, reason): a fleet's nodes
    // repeat a handful of lists (the compact file's decoder shares them
    // too). The distinct lists seen so far are compared field by field.
    const conditionLists: SnapshotNode['conditions'][] = []
    const sameConditions = (
      list: NonNullable<NonNullable<Node['status']>['conditions']>,
      known: SnapshotNode['conditions']
    ): boolean => {
      if (list.length !== known.length) return false
      for (let i = 0; i < list.length; i += 1) {
        const c = list[i]!
        const k = known[i]!
        if (c.type !== k.type || c.status !== k.status || c.reason !== k.reason)
          return false
      }
      return true
    }
    const conditionsOf = (node: Node): SnapshotNode['conditions'] => {
      const conditions = node.status?.conditions ?? []
      const plain = conditions.every(
        (c) =>
          typeof c.type === 'string' &&
          typeof c.status === 'string' &&
          (c.reason === undefined || typeof c.reason === 'string')
      )
      if (plain)
        for (const known of conditionLists)
          if (sameConditions(conditions, known)) return known
      const list = conditions.map((c) => {
        const out: { type: string; status: string; reason?: string } = {
          type: c.type,
          status: c.status
        }
        if (c.reason !== undefined) out.reason = c.reason
        return out
      })
      if (plain && conditionLists.length < 64) conditionLists.push(list)
      return list
    }
    for (const node of input.nodes) {
      const name = node.metadata?.name
      if (typeof name !== 'string') continue
      const a = acc.get(name)
      if (a === undefined) continue
      const out: SnapshotNode = {
        name,
        labels: copyLabels
          ? { ...(node.metadata?.labels ?? {}) }
          : (node.metadata?.labels ?? {}),
        taints: taintsOf(node),
        unschedulable: node.spec?.unschedulable === true,
        conditions: conditionsOf(node),
        allocatable: quantityStrings(node.status?.allocatable),
        requested: a.requested === undefined ? {} : formatRequests(a.requested),
        hostPorts: a.hostPorts === undefined ? [] : [...a.hostPorts].sort(),
        podCount: a.podCount,
        daemonPods: a.daemonPods
      }
      if (node.status?.allocatable == null) out.statusUnknown = true
      nodes.push(out)
    }

    const daemonSets: SnapshotDaemonSet[] = (input.daemonSets ?? []).map(
      (ds) => {
        const namespace = ds.metadata?.namespace ?? 'default'
        const name = ds.metadata?.name ?? ''
        const out: SnapshotDaemonSet = { namespace, name }
        if (ds.metadata?.uid !== undefined) out.uid = ds.metadata.uid
        if (ds.metadata?.generation !== undefined)
          out.generation = ds.metadata.generation
        const hash = currentHash.get(`${namespace}/${name}`)
        if (hash !== undefined) out.currentRevisionHash = hash
        if (ds.spec?.template !== undefined) out.template = ds.spec.template
        if (ds.spec?.updateStrategy !== undefined)
          out.updateStrategy = ds.spec.updateStrategy
        if (ds.spec?.minReadySeconds !== undefined)
          out.minReadySeconds = ds.spec.minReadySeconds
        const status: Record<string, number> = {}
        for (const [k, v] of Object.entries(ds.status ?? {}))
          if (typeof v === 'number') status[k] = v
        if (Object.keys(status).length > 0) out.status = status
        return out
      }
    )

    const snapshot: Snapshot = {
      kind: SNAPSHOT_KIND,
      version: SNAPSHOT_VERSION,
      nodes,
      daemonSets
    }
    if (input.recordedAt !== undefined) snapshot.recordedAt = input.recordedAt
    if (input.cluster !== undefined) snapshot.cluster = input.cluster
    const minReady = new Map<string, number>()
    for (const ds of input.daemonSets ?? [])
      minReady.set(
        `${ds.metadata?.namespace ?? 'default'}/${ds.metadata?.name ?? ''}`,
        ds.spec?.minReadySeconds ?? 0
      )
    const timings: ObservedTimings[] = []
    for (const [key, list] of [...timelines].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    )) {
      const cut = key.indexOf('/')
      const observed = observeTimings(
        key.slice(0, cut),
        key.slice(cut + 1),
        list,
        minReady.get(key) ?? 0
      )
      if (observed !== undefined) timings.push(observed)
    }
    if (timings.length > 0) snapshot.timings = timings
    return snapshot
  }
  return { addPods, finish }
}

/** Converts cluster objects to the compact snapshot (docs/snapshot.md). */
export function snapshotFromCluster(
  input: ClusterObjects,
  options: BuilderOptions = {}
): Snapshot {
  const builder = snapshotBuilder(input, options)
  builder.addPods(input.pods ?? [])
  return builder.finish()
}

const KEPT_POD_LABELS = ['controller-revision-hash', 'pod-template-generation']

/**
 * A copy of a wire Pod with only the fields snapshotBuilder reads (owner,
 * revision labels, target node, requests, host ports, phase, Ready). Lets a
 * reader of a huge `kubectl get pods -A -o json` keep one small object per
 * pod instead of the whole pod.
 */
export function slimPod(pod: Pod): Pod {
  const meta = pod.metadata ?? {}
  const labels: Record<string, string> = {}
  for (const k of KEPT_POD_LABELS) {
    const v = meta.labels?.[k]
    if (v !== undefined) labels[k] = v
  }
  const spec = pod.spec
  const slimContainer = (c: NonNullable<PodSpec['containers']>[number]) => {
    const out: Record<string, unknown> = { name: c.name }
    if (c.restartPolicy !== undefined) out.restartPolicy = c.restartPolicy
    if (c.resources !== undefined)
      out.resources = {
        ...(c.resources.requests !== undefined
          ? { requests: c.resources.requests }
          : {}),
        ...(c.resources.limits !== undefined
          ? { limits: c.resources.limits }
          : {})
      }
    if (c.ports !== undefined) out.ports = c.ports
    return out
  }
  const slimSpec: Record<string, unknown> = {}
  if (spec !== undefined) {
    if (spec.nodeName !== undefined) slimSpec.nodeName = spec.nodeName
    if (spec.hostNetwork !== undefined) slimSpec.hostNetwork = spec.hostNetwork
    if (spec.overhead !== undefined) slimSpec.overhead = spec.overhead
    const required =
      spec.affinity?.nodeAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution
    if (required !== undefined)
      slimSpec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: required
        }
      }
    slimSpec.containers = (spec.containers ?? []).map(slimContainer)
    if (spec.initContainers !== undefined)
      slimSpec.initContainers = spec.initContainers.map(slimContainer)
  }
  const status: Record<string, unknown> = {}
  if (pod.status?.phase !== undefined) status.phase = pod.status.phase
  const ready = (pod.status?.conditions ?? []).filter((c) => c.type === 'Ready')
  if (ready.length > 0)
    status.conditions = ready.map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.lastTransitionTime !== undefined
        ? { lastTransitionTime: c.lastTransitionTime }
        : {})
    }))
  // What the calibrated estimate reads (pod-timings.ts): restarts and starts.
  if (pod.status?.containerStatuses !== undefined)
    status.containerStatuses = pod.status.containerStatuses.map((raw) => {
      const c = (raw ?? {}) as {
        restartCount?: unknown
        state?: { running?: { startedAt?: unknown } }
      }
      const startedAt = c.state?.running?.startedAt
      return {
        restartCount: c.restartCount,
        ...(startedAt !== undefined
          ? { state: { running: { startedAt } } }
          : {})
      }
    })
  const metadata: Record<string, unknown> = {}
  if (meta.creationTimestamp !== undefined)
    metadata.creationTimestamp = meta.creationTimestamp
  if (meta.name !== undefined) metadata.name = meta.name
  if (meta.namespace !== undefined) metadata.namespace = meta.namespace
  metadata.labels = labels
  const owners = (meta.ownerReferences ?? []).filter((o) => o.controller)
  if (owners.length > 0)
    metadata.ownerReferences = owners.map((o) => ({
      kind: o.kind,
      name: o.name,
      controller: true
    }))
  return {
    ...(pod.kind !== undefined ? { kind: pod.kind } : {}),
    metadata,
    spec: slimSpec,
    status
  } as Pod
}

/**
 * What the nodes of one read share: condition lists and allocatable maps
 * that many nodes repeat are kept once (SlimShare), so a 65,000-node export
 * keeps fewer objects per node alive.
 * The values are equal to what each node had; only identity is shared (as
 * the compact file's decoder shares allocatable maps and condition lists).
 */
export class SlimShare {
  private readonly conditionLists: NonNullable<
    NonNullable<Node['status']>['conditions']
  >[] = []
  private readonly maps: Record<string, string>[] = []

  /** An equal map of strings seen before (same keys in the same order), or this one. */
  stringMap(v: unknown): unknown {
    if (!isPlainStringMap(v)) return v
    const keys = Object.keys(v)
    for (const known of this.maps) {
      const knownKeys = Object.keys(known)
      if (knownKeys.length !== keys.length) continue
      let same = true
      for (let i = 0; i < keys.length && same; i += 1)
        same = knownKeys[i] === keys[i] && known[keys[i]!] === v[keys[i]!]
      if (same) return known
    }
    if (this.maps.length < 64) this.maps.push(v)
    return v
  }

  /** slimNode's conditions: an equal list seen before, or a new one. */
  conditions(
    list: NonNullable<NonNullable<Node['status']>['conditions']>
  ): NonNullable<NonNullable<Node['status']>['conditions']> {
    const plain = list.every(
      (c) =>
        isPlainObject(c) &&
        typeof c.type === 'string' &&
        typeof c.status === 'string' &&
        (c.reason === undefined || typeof c.reason === 'string')
    )
    if (plain) {
      for (const known of this.conditionLists) {
        if (known.length !== list.length) continue
        let same = true
        for (let i = 0; i < list.length && same; i += 1) {
          const c = list[i]!
          const k = known[i]!
          same =
            c.type === k.type && c.status === k.status && c.reason === k.reason
        }
        if (same) return known
      }
    }
    const out = list.map(slimCondition)
    if (plain && this.conditionLists.length < 64) this.conditionLists.push(out)
    return out
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A map whose values are all strings, without a `__proto__` key (copying one would set the prototype). */
function isPlainStringMap(v: unknown): v is Record<string, string> {
  if (!isPlainObject(v)) return false
  for (const k of Object.keys(v))
    if (typeof v[k] !== 'string' || k === '__proto__') return false
  return true
}

type Condition = NonNullable<NonNullable<Node['status']>['conditions']>[number]

/** type, status and reason of a condition; anything but an object as it is (the shape check names it). */
function slimCondition(c: Condition): Condition {
  if (!isPlainObject(c)) return c
  return {
    type: c.type,
    status: c.status,
    ...(c.reason !== undefined ? { reason: c.reason } : {})
  } as Condition
}

/**
 * A copy of a wire Node with only what snapshotBuilder and loadSnapshot
 * read (name, labels, taints, unschedulable, allocatable, conditions);
 * drops the image lists, addresses and node info that make a big fleet's
 * `kubectl get nodes -o json` large. With `share`, values repeated across
 * the nodes of one read are kept once (SlimShare).
 */
export function slimNode(node: Node, share?: SlimShare): Node {
  const meta = node.metadata ?? {}
  const spec: Record<string, unknown> = {}
  if (node.spec?.taints !== undefined) spec.taints = node.spec.taints
  if (node.spec?.unschedulable !== undefined)
    spec.unschedulable = node.spec.unschedulable
  const status: Record<string, unknown> = {}
  const allocatable = node.status?.allocatable
  if (allocatable !== undefined)
    status.allocatable =
      share === undefined ? allocatable : share.stringMap(allocatable)
  const conditions = node.status?.conditions
  if (conditions !== undefined)
    status.conditions = !Array.isArray(conditions)
      ? conditions
      : share === undefined
        ? conditions.map(slimCondition)
        : share.conditions(conditions)
  return {
    ...(node.kind !== undefined ? { kind: node.kind } : {}),
    metadata: {
      ...(meta.name !== undefined ? { name: meta.name } : {}),
      ...(meta.labels !== undefined ? { labels: meta.labels } : {})
    },
    spec,
    status
  } as Node
}
