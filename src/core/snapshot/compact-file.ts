/**
 * The compact snapshot file, version 2 (docs/snapshot.md): what `ds-rollout
 * snapshot` writes. Per node one short row; what nodes repeat (label sets,
 * taint sets, allocatable, host ports, daemon pod templates) is stored once
 * and referred to by index. About 200 bytes a node on a typical fleet,
 * against 3–4 KB in version 1. Pure: encode a Snapshot, decode a parsed
 * file back into the same Snapshot model (version 1 files are read by
 * load.ts as before).
 */
import type { Taint } from '../k8s/types.js'
import type {
  ObservedTimings,
  Snapshot,
  SnapshotDaemonPod,
  SnapshotDaemonSet,
  SnapshotNode
} from './types.js'
import { SNAPSHOT_KIND } from './types.js'

export const COMPACT_FILE_VERSION = 2 as const

/** The columns of a node row, in order (the file repeats them in `nodeFields`). */
export const NODE_FIELDS = [
  'name',
  'labels',
  'hostnameLabel',
  'taints',
  'unschedulable',
  'ready',
  'allocatable',
  'requested',
  'hostPorts',
  'podCount',
  'daemonPods'
] as const

/** Pod phases by code (daemon pod state bits 1–3). */
export const POD_PHASES = [
  'Running',
  'Pending',
  'Unknown',
  'Succeeded',
  'Failed'
] as const

const HOSTNAME = 'kubernetes.io/hostname'

/** A daemon pod template: what the pods of one DaemonSet revision share. */
export interface CompactPodTemplate {
  namespace: string
  daemonSet: string
  revisionHash: string
  requests: Record<string, string>
  hostPorts: string[]
}

export type CompactNodeRow = [
  name: string,
  labels: number,
  hostnameLabel: 0 | 1,
  taints: number,
  unschedulable: 0 | 1,
  ready: string | null,
  allocatable: number,
  requested: Record<string, string>,
  hostPorts: number,
  podCount: number,
  daemonPods: number[]
]

export interface CompactSnapshotFile {
  kind: typeof SNAPSHOT_KIND
  version: typeof COMPACT_FILE_VERSION
  recordedAt?: string
  /** Observed pod timings per DaemonSet (Snapshot.timings). */
  timings?: ObservedTimings[]
  cluster?: { name?: string; version?: string }
  labelSets: Record<string, string>[]
  taintSets: Taint[][]
  resourceSets: Record<string, string>[]
  hostPortSets: string[][]
  podTemplates: CompactPodTemplate[]
  nodeFields: readonly string[]
  nodes: CompactNodeRow[]
  daemonSets: SnapshotDaemonSet[]
}

/** Interns values by their JSON text: each distinct value gets one index. */
class Table<T> {
  readonly values: T[] = []
  private readonly index = new Map<string, number>()
  id(value: T, key = JSON.stringify(value)): number {
    let i = this.index.get(key)
    if (i === undefined) {
      i = this.values.length
      this.values.push(value)
      this.index.set(key, i)
    }
    return i
  }
}

/** A daemon pod's state as bits: 1 ready, 2–8 phase code × 2, 16 not scheduled. */
export function podState(pod: SnapshotDaemonPod): number {
  let phase = POD_PHASES.indexOf(pod.phase as (typeof POD_PHASES)[number])
  if (phase < 0) phase = 2 // Unknown
  return (pod.ready ? 1 : 0) | (phase << 1) | (pod.scheduled === false ? 16 : 0)
}

/** The snapshot as a version 2 compact file (plain data, for JSON.stringify). */
export function encodeCompactSnapshot(snapshot: Snapshot): CompactSnapshotFile {
  const labelSets = new Table<Record<string, string>>()
  const taintSets = new Table<Taint[]>()
  const resourceSets = new Table<Record<string, string>>()
  const hostPortSets = new Table<string[]>()
  const templates = new Table<CompactPodTemplate>()
  const nodes: CompactNodeRow[] = snapshot.nodes.map((n) => {
    const hostname = n.labels[HOSTNAME] === n.name
    const labels = hostname ? { ...n.labels } : n.labels
    if (hostname) delete labels[HOSTNAME]
    const ready = n.conditions.find((c) => c.type === 'Ready')
    return [
      n.name,
      labelSets.id(labels),
      hostname ? 1 : 0,
      taintSets.id(n.taints),
      n.unschedulable ? 1 : 0,
      ready === undefined ? null : ready.status,
      resourceSets.id(n.allocatable),
      n.requested,
      hostPortSets.id(n.hostPorts),
      n.podCount,
      n.daemonPods.map(
        (p) =>
          templates.id({
            namespace: p.namespace,
            daemonSet: p.daemonSet,
            revisionHash: p.revisionHash,
            requests: p.requests,
            hostPorts: p.hostPorts
          }) *
            32 +
          podState(p)
      )
    ]
  })
  const file: CompactSnapshotFile = {
    kind: SNAPSHOT_KIND,
    version: COMPACT_FILE_VERSION,
    labelSets: labelSets.values,
    taintSets: taintSets.values,
    resourceSets: resourceSets.values,
    hostPortSets: hostPortSets.values,
    podTemplates: templates.values,
    nodeFields: NODE_FIELDS,
    nodes,
    daemonSets: snapshot.daemonSets
  }
  if (snapshot.recordedAt !== undefined) file.recordedAt = snapshot.recordedAt
  if (snapshot.cluster !== undefined) file.cluster = snapshot.cluster
  if (snapshot.timings !== undefined) file.timings = snapshot.timings
  return file
}

/**
 * The text of a version 2 compact file: one JSON object, one node row per
 * line (so a diff of two recordings reads), no other indentation.
 */
export function compactSnapshotText(snapshot: Snapshot): string {
  const { nodes, ...rest } = encodeCompactSnapshot(snapshot)
  const head = JSON.stringify(rest)
  const rows = nodes.map((row) => JSON.stringify(row)).join(',\n')
  return `${head.slice(0, -1)},"nodes":[\n${rows}\n]}\n`
}

/** A problem in a version 2 file: where (a JSON path) and what. */
export type Fail = (where: string, what: string) => never

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStringMap(v: unknown): v is Record<string, string> {
  if (!isObj(v)) return false
  for (const k in v) if (typeof v[k] !== 'string') return false
  return true
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

function table<T>(
  doc: Record<string, unknown>,
  name: string,
  check: (v: unknown) => v is T,
  what: string,
  fail: Fail
): T[] {
  const list = doc[name]
  if (!Array.isArray(list)) fail(name, 'expected a list')
  list.forEach((v, i) => {
    if (!check(v)) fail(`${name}[${i}]`, `expected ${what}`)
  })
  return list as T[]
}

function isTaintList(v: unknown): v is Taint[] {
  return (
    Array.isArray(v) &&
    v.every(
      (t) =>
        isObj(t) &&
        typeof t.key === 'string' &&
        typeof t.effect === 'string' &&
        (t.value === undefined || typeof t.value === 'string')
    )
  )
}

function isTemplate(v: unknown): v is CompactPodTemplate {
  return (
    isObj(v) &&
    typeof v.namespace === 'string' &&
    typeof v.daemonSet === 'string' &&
    typeof v.revisionHash === 'string' &&
    isStringMap(v.requests) &&
    isStringList(v.hostPorts)
  )
}

/**
 * Decodes the nodes of a version 2 file into the Snapshot model. Nodes that
 * share a label set share nothing mutable: each gets its own labels object
 * (with its hostname label); daemon pods with the same template and state
 * are one shared, frozen object. `checkQuantities` validates resource maps
 * (load.ts's rules). Daemon pods have no names in version 2 (the simulation
 * does not use them): `name` is ''.
 */
export function decodeCompactNodes(
  doc: Record<string, unknown>,
  fail: Fail,
  checkQuantities: (v: Record<string, string>, where: () => string) => void
): SnapshotNode[] {
  const fields = doc.nodeFields
  if (
    !Array.isArray(fields) ||
    fields.length !== NODE_FIELDS.length ||
    fields.some((f, i) => f !== NODE_FIELDS[i])
  )
    fail(
      'nodeFields',
      `expected ${JSON.stringify(NODE_FIELDS)} (this ds-rollout reads snapshot version ${COMPACT_FILE_VERSION} rows in that order)`
    )
  const labelSets = table(
    doc,
    'labelSets',
    isStringMap,
    'a map of labels',
    fail
  )
  const taintSets = table(
    doc,
    'taintSets',
    isTaintList,
    'a list of taints',
    fail
  )
  const resourceSets = table(
    doc,
    'resourceSets',
    isStringMap,
    'a map of quantities',
    fail
  )
  resourceSets.forEach((r, i) => checkQuantities(r, () => `resourceSets[${i}]`))
  const hostPortSets = table(
    doc,
    'hostPortSets',
    isStringList,
    'a list of host ports',
    fail
  )
  const templates = table(
    doc,
    'podTemplates',
    isTemplate,
    'a pod template (namespace, daemonSet, revisionHash, requests, hostPorts)',
    fail
  )
  templates.forEach((t, i) =>
    checkQuantities(t.requests, () => `podTemplates[${i}].requests`)
  )
  const rows = doc.nodes
  if (!Array.isArray(rows)) fail('nodes', 'the snapshot has no nodes list')
  const pods = new Map<number, SnapshotDaemonPod>()
  const podOf = (code: number, row: number, j: number): SnapshotDaemonPod => {
    let pod = pods.get(code)
    if (pod !== undefined) return pod
    const t = templates[Math.floor(code / 32)]
    const state = code % 32
    const phase = POD_PHASES[(state >> 1) & 7]
    if (
      t === undefined ||
      phase === undefined ||
      !Number.isInteger(code) ||
      code < 0
    )
      fail(
        `nodes[${row}].daemonPods[${j}]`,
        `no such daemon pod code ${JSON.stringify(code)}`
      )
    pod = Object.freeze({
      name: '',
      namespace: t.namespace,
      daemonSet: t.daemonSet,
      revisionHash: t.revisionHash,
      phase,
      ready: (state & 1) === 1,
      ...((state & 16) === 16 ? { scheduled: false } : {}),
      requests: t.requests,
      hostPorts: t.hostPorts
    }) as SnapshotDaemonPod
    pods.set(code, pod)
    return pod
  }
  // Places (`nodes[3].labels`) are spelled out only for an error.
  const index = <T>(list: T[], v: unknown, row: number, field: string): T => {
    const item = typeof v === 'number' ? list[v] : undefined
    if (item === undefined)
      fail(`nodes[${row}].${field}`, `no such entry ${JSON.stringify(v)}`)
    return item
  }
  const seen = new Set<string>()
  const conditionsOf = new Map<string | null, SnapshotNode['conditions']>()
  // Per label set and hostname flag, a template each node's own labels
  // object is copied from (the hostname label already in place, so setting
  // it is a plain store).
  const labelTemplates = new Map<number, Record<string, string>>()
  const labelsOf = (l: unknown, hostname: unknown, name: string, i: number) => {
    const set = index(labelSets, l, i, 'labels')
    if (hostname !== 1) return { ...set }
    let template = labelTemplates.get(l as number)
    if (template === undefined) {
      template = { ...set }
      template[HOSTNAME] = ''
      labelTemplates.set(l as number, template)
    }
    const labels = { ...template }
    labels[HOSTNAME] = name
    return labels
  }
  const nodes: SnapshotNode[] = new Array<SnapshotNode>(rows.length)
  // Places (`nodes[3].name`) are spelled out only for an error.
  let current = 0
  const where = (): string => `nodes[${current}]`
  const requestedWhere = (): string => `nodes[${current}].requested`
  for (let i = 0; i < rows.length; i += 1) {
    const row: unknown = rows[i]
    current = i
    if (!Array.isArray(row) || row.length !== NODE_FIELDS.length)
      fail(where(), `expected a row of ${NODE_FIELDS.length} fields`)
    const [
      name,
      l,
      hostname,
      t,
      unschedulable,
      ready,
      a,
      requested,
      h,
      podCount,
      daemonPods
    ] = row as unknown[]
    if (typeof name !== 'string' || name === '')
      fail(`${where()}.name`, 'expected a node name')
    if (seen.has(name)) fail(where(), `node ${name} is listed twice`)
    seen.add(name)
    const labels = labelsOf(l, hostname, name, i)
    if (ready !== null && typeof ready !== 'string')
      fail(`${where()}.ready`, 'expected the Ready status or null')
    let conditions = conditionsOf.get(ready)
    if (conditions === undefined) {
      conditions = ready === null ? [] : [{ type: 'Ready', status: ready }]
      conditionsOf.set(ready, conditions)
    }
    if (!isStringMap(requested))
      fail(`${where()}.requested`, 'expected a map of quantities')
    checkQuantities(requested, requestedWhere)
    if (
      typeof podCount !== 'number' ||
      !Number.isInteger(podCount) ||
      podCount < 0
    )
      fail(`${where()}.podCount`, 'expected a non-negative integer')
    if (!Array.isArray(daemonPods))
      fail(`${where()}.daemonPods`, 'expected a list of pod codes')
    const pods: SnapshotDaemonPod[] = new Array<SnapshotDaemonPod>(
      daemonPods.length
    )
    for (let j = 0; j < daemonPods.length; j += 1)
      pods[j] = podOf(daemonPods[j] as number, i, j)
    nodes[i] = {
      name,
      labels,
      taints: index(taintSets, t, i, 'taints'),
      unschedulable: unschedulable === 1,
      conditions,
      allocatable: index(resourceSets, a, i, 'allocatable'),
      requested,
      hostPorts: index(hostPortSets, h, i, 'hostPorts'),
      podCount,
      daemonPods: pods
    }
  }
  return nodes
}
