/**
 * Reads a node snapshot from already-parsed JSON/YAML documents: our compact
 * format (docs/snapshot.md), or what kubectl prints (`kubectl get nodes -o
 * json`, optionally with `kubectl get pods -A -o json` and `kubectl get ds
 * -A -o json`), one file or several. Every problem is a UserError naming the
 * file and the place in it.
 */
import { shapeProblemOf } from '../diff/validate-shape.js'
import { parseQuantity } from '../k8s/quantity.js'
import type { DaemonSet, Node, Pod } from '../k8s/types.js'
import { UserError } from '../../util/errors.js'
import { COMPACT_FILE_VERSION, decodeCompactNodes } from './compact-file.js'
import { snapshotFromCluster } from './from-cluster.js'
import {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  type ObservedTimings,
  type Snapshot,
  type SnapshotDaemonPod,
  type SnapshotDaemonSet,
  type SnapshotNode
} from './types.js'

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Quantities parseQuantity surely accepts (digits and a unit: `250m`,
 * `4Gi`, `110`), told apart without parsing; anything else is parsed.
 */
const SIMPLE_QUANTITY = /^\d{1,18}(?:m|Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPE])?$/

class Reader {
  readonly file: string
  private readonly goodQuantities = new Set<string>()
  constructor(file: string) {
    this.file = file
  }

  fail(where: string, what: string): never {
    throw new UserError(`${where === '' ? '' : `${where}: `}${what}`, {
      file: this.file
    })
  }

  str(v: unknown, where: string): string {
    if (typeof v !== 'string')
      this.fail(where, `expected a string, got ${kindOf(v)}`)
    return v
  }

  optStr(v: unknown, where: string): string | undefined {
    return v === undefined ? undefined : this.str(v, where)
  }

  bool(v: unknown, where: string, dflt: boolean): boolean {
    if (v === undefined) return dflt
    if (typeof v !== 'boolean')
      this.fail(where, `expected true or false, got ${kindOf(v)}`)
    return v
  }

  int(v: unknown, where: string, dflt: number): number {
    if (v === undefined) return dflt
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      this.fail(where, `expected a non-negative integer, got ${kindOf(v)}`)
    return v
  }

  arr(v: unknown, where: string): unknown[] {
    if (v === undefined) return []
    if (!Array.isArray(v)) this.fail(where, `expected a list, got ${kindOf(v)}`)
    return v
  }

  stringMap(v: unknown, where: string): Record<string, string> {
    if (v === undefined || v === null) return {}
    if (!isObj(v))
      this.fail(where, `expected a map of strings, got ${kindOf(v)}`)
    for (const k in v) {
      if (typeof v[k] !== 'string')
        this.fail(`${where}.${k}`, `expected a string, got ${kindOf(v[k])}`)
    }
    return v as Record<string, string>
  }

  /**
   * Checks a map of quantity strings as quantities() does, spelling out
   * the place only when something is wrong.
   */
  quantitiesOf(v: Record<string, string>, where: () => string): void {
    for (const k in v) {
      const text = v[k]
      if (
        typeof text !== 'string' ||
        (!SIMPLE_QUANTITY.test(text) && !this.goodQuantities.has(text))
      ) {
        this.quantities(v, where())
        return
      }
    }
  }

  quantities(v: unknown, where: string): Record<string, string> {
    if (v === undefined || v === null) return {}
    if (!isObj(v))
      this.fail(where, `expected a map of quantities, got ${kindOf(v)}`)
    // Reuse the parsed map when it needs no conversion (65k nodes: no copies).
    let out: Record<string, string> | undefined
    for (const k in v) {
      if (typeof v[k] !== 'string') {
        out = {}
        break
      }
    }
    for (const k in v) {
      const raw = v[k]
      const text = typeof raw === 'number' ? String(raw) : raw
      if (typeof text !== 'string')
        this.fail(`${where}.${k}`, `expected a quantity, got ${kindOf(raw)}`)
      if (!SIMPLE_QUANTITY.test(text) && !this.goodQuantities.has(text)) {
        if (parseQuantity(text) === undefined)
          this.fail(
            `${where}.${k}`,
            `${JSON.stringify(text)} is not a Kubernetes quantity`
          )
        this.goodQuantities.add(text)
      }
      if (out !== undefined) out[k] = text
    }
    return out ?? (v as Record<string, string>)
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a map'
  if (typeof v === 'string')
    return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
  return String(v)
}

function readNode(r: Reader, v: unknown, where: string): SnapshotNode {
  if (!isObj(v)) r.fail(where, `expected a node, got ${kindOf(v)}`)
  const name = r.str(v.name, `${where}.name`)
  if (name === '') r.fail(`${where}.name`, 'is empty')
  const at = `${where} (${name})`
  // No allocatable: a joining node whose kubelet has not posted status yet.
  // It stays in the plan (not Ready, fit unknown) rather than failing the snapshot.
  const statusUnknown = v.allocatable === undefined || v.allocatable === null
  const taints = r.arr(v.taints, `${at}.taints`).map((t, i) => {
    const tw = `${at}.taints[${i}]`
    if (!isObj(t)) r.fail(tw, `expected a taint, got ${kindOf(t)}`)
    const taint: { key: string; value?: string; effect: string } = {
      key: r.str(t.key, `${tw}.key`),
      effect: r.str(t.effect, `${tw}.effect`)
    }
    const value = r.optStr(t.value, `${tw}.value`)
    if (value !== undefined) taint.value = value
    return taint
  })
  const conditions = r.arr(v.conditions, `${at}.conditions`).map((c, i) => {
    const cw = `${at}.conditions[${i}]`
    if (!isObj(c)) r.fail(cw, `expected a condition, got ${kindOf(c)}`)
    const cond: { type: string; status: string; reason?: string } = {
      type: r.str(c.type, `${cw}.type`),
      status: r.str(c.status, `${cw}.status`)
    }
    const reason = r.optStr(c.reason, `${cw}.reason`)
    if (reason !== undefined) cond.reason = reason
    return cond
  })
  const daemonPods = r
    .arr(v.daemonPods, `${at}.daemonPods`)
    .map((p, i) => readDaemonPod(r, p, `${at}.daemonPods[${i}]`))
  return {
    name,
    labels: r.stringMap(v.labels, `${at}.labels`),
    taints,
    unschedulable: r.bool(v.unschedulable, `${at}.unschedulable`, false),
    conditions,
    allocatable: r.quantities(v.allocatable, `${at}.allocatable`),
    requested: r.quantities(v.requested, `${at}.requested`),
    hostPorts: r
      .arr(v.hostPorts, `${at}.hostPorts`)
      .map((p, i) => r.str(p, `${at}.hostPorts[${i}]`)),
    podCount: r.int(v.podCount, `${at}.podCount`, 0),
    daemonPods,
    ...(statusUnknown || v.statusUnknown === true
      ? { statusUnknown: true as const }
      : {})
  }
}

function readDaemonPod(
  r: Reader,
  v: unknown,
  where: string
): SnapshotDaemonPod {
  if (!isObj(v)) r.fail(where, `expected a daemon pod, got ${kindOf(v)}`)
  // A complete, valid entry is returned as it is (no copy).
  if (
    typeof v.name === 'string' &&
    typeof v.namespace === 'string' &&
    typeof v.daemonSet === 'string' &&
    typeof v.revisionHash === 'string' &&
    typeof v.phase === 'string' &&
    typeof v.ready === 'boolean' &&
    (v.scheduled === undefined || typeof v.scheduled === 'boolean') &&
    Array.isArray(v.hostPorts) &&
    v.hostPorts.every((p) => typeof p === 'string') &&
    r.quantities(v.requests, `${where}.requests`) === v.requests
  ) {
    return v as unknown as SnapshotDaemonPod
  }
  const pod: SnapshotDaemonPod = {
    name: r.str(v.name, `${where}.name`),
    namespace: r.str(v.namespace, `${where}.namespace`),
    daemonSet: r.str(v.daemonSet, `${where}.daemonSet`),
    revisionHash: r.optStr(v.revisionHash, `${where}.revisionHash`) ?? '',
    phase: r.optStr(v.phase, `${where}.phase`) ?? 'Running',
    ready: r.bool(v.ready, `${where}.ready`, true),
    requests: r.quantities(v.requests, `${where}.requests`),
    hostPorts: r
      .arr(v.hostPorts, `${where}.hostPorts`)
      .map((p, i) => r.str(p, `${where}.hostPorts[${i}]`))
  }
  if (v.scheduled !== undefined)
    pod.scheduled = r.bool(v.scheduled, `${where}.scheduled`, true)
  return pod
}

const TIMING_FIELDS = [
  'startSeconds',
  'pullStartSeconds',
  'readySeconds',
  'stopSeconds'
] as const

/** Observed pod timings of one DaemonSet (pod-timings.ts): numbers ≥ 0, bounded. */
function readTimings(r: Reader, v: unknown, where: string): ObservedTimings {
  if (!isObj(v)) r.fail(where, `expected a map, got ${kindOf(v)}`)
  const out: ObservedTimings = {
    namespace: r.str(v.namespace, `${where}.namespace`),
    name: r.str(v.name, `${where}.name`),
    pods: r.int(v.pods, `${where}.pods`, 0)
  }
  for (const field of TIMING_FIELDS) {
    const value = v[field]
    if (value === undefined) continue
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > 86_400
    )
      r.fail(
        `${where}.${field}`,
        `expected seconds between 0 and 86400, got ${kindOf(value)}`
      )
    out[field] = value
  }
  if (v.replacedAfterReady !== undefined)
    out.replacedAfterReady = r.int(
      v.replacedAfterReady,
      `${where}.replacedAfterReady`,
      0
    )
  return out
}

function readDaemonSet(
  r: Reader,
  v: unknown,
  where: string
): SnapshotDaemonSet {
  if (!isObj(v)) r.fail(where, `expected a DaemonSet, got ${kindOf(v)}`)
  const ds: SnapshotDaemonSet = {
    namespace: r.str(v.namespace, `${where}.namespace`),
    name: r.str(v.name, `${where}.name`)
  }
  const uid = r.optStr(v.uid, `${where}.uid`)
  if (uid !== undefined) ds.uid = uid
  if (v.generation !== undefined)
    ds.generation = r.int(v.generation, `${where}.generation`, 0)
  const hash = r.optStr(v.currentRevisionHash, `${where}.currentRevisionHash`)
  if (hash !== undefined) ds.currentRevisionHash = hash
  if (v.template !== undefined) {
    if (!isObj(v.template))
      r.fail(`${where}.template`, 'expected a pod template')
    ds.template = v.template
  }
  if (v.updateStrategy !== undefined) {
    if (!isObj(v.updateStrategy))
      r.fail(`${where}.updateStrategy`, 'expected an update strategy')
    ds.updateStrategy = v.updateStrategy
  }
  if (v.minReadySeconds !== undefined)
    ds.minReadySeconds = r.int(v.minReadySeconds, `${where}.minReadySeconds`, 0)
  if (v.status !== undefined) {
    if (!isObj(v.status)) r.fail(`${where}.status`, 'expected a map of numbers')
    ds.status = v.status as Record<string, number>
  }
  // The template and strategy are read like a manifest's: their fields
  // must have their API types.
  const problem = shapeProblemOf('DaemonSet', {
    spec: {
      ...(ds.template !== undefined ? { template: ds.template } : {}),
      ...(ds.updateStrategy !== undefined
        ? { updateStrategy: ds.updateStrategy }
        : {})
    }
  })
  if (problem !== undefined) r.fail(where, problem.replace(/^spec\./, ''))
  return ds
}

function readCompact(r: Reader, doc: Obj): Snapshot {
  if (
    doc.version !== SNAPSHOT_VERSION &&
    doc.version !== COMPACT_FILE_VERSION
  ) {
    r.fail(
      '',
      `snapshot version ${JSON.stringify(doc.version)} is not supported (this ds-rollout reads versions ${SNAPSHOT_VERSION} and ${COMPACT_FILE_VERSION})`
    )
  }
  let nodes: SnapshotNode[]
  if (doc.version === COMPACT_FILE_VERSION) {
    nodes = decodeCompactNodes(
      doc,
      (where, what) => r.fail(where, what),
      (v, where) => r.quantitiesOf(v, where)
    )
  } else {
    if (!Array.isArray(doc.nodes)) r.fail('', 'the snapshot has no nodes list')
    const seen = new Set<string>()
    nodes = doc.nodes.map((n, i) => {
      const node = readNode(r, n, `nodes[${i}]`)
      if (seen.has(node.name))
        r.fail(`nodes[${i}]`, `node ${node.name} is listed twice`)
      seen.add(node.name)
      return node
    })
  }
  const daemonSets = r
    .arr(doc.daemonSets, 'daemonSets')
    .map((d, i) => readDaemonSet(r, d, `daemonSets[${i}]`))
  const snapshot: Snapshot = {
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    nodes,
    daemonSets
  }
  const recordedAt = r.optStr(doc.recordedAt, 'recordedAt')
  if (recordedAt !== undefined) snapshot.recordedAt = recordedAt
  if (doc.timings !== undefined) {
    const timings = r
      .arr(doc.timings, 'timings')
      .map((t, i) => readTimings(r, t, `timings[${i}]`))
    if (timings.length > 0) snapshot.timings = timings
  }
  if (doc.cluster !== undefined) {
    if (!isObj(doc.cluster)) r.fail('cluster', 'expected a map')
    const cluster: { name?: string; version?: string } = {}
    const name = r.optStr(doc.cluster.name, 'cluster.name')
    const version = r.optStr(doc.cluster.version, 'cluster.version')
    if (name !== undefined) cluster.name = name
    if (version !== undefined) cluster.version = version
    snapshot.cluster = cluster
  }
  return snapshot
}

// What the shape check (validate-shape.ts) would find nothing wrong with,
// checked without it. "Absent" is `!(key in obj)`, as that check reads it
// (a field set to undefined or null goes through the full check).

/** The field is absent, or passes `ok`. */
function optField(obj: Obj, key: string, ok: (v: unknown) => boolean): boolean {
  const v = obj[key]
  // A value: check it. undefined: absent (fine), or set to undefined.
  return v === undefined ? !(key in obj) : ok(v)
}

const isString = (v: unknown): boolean => typeof v === 'string'
const isQuantity = (v: unknown): boolean =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))

/** A map whose values all pass `ok`. */
function mapOf(v: unknown, ok: (item: unknown) => boolean): boolean {
  if (!isObj(v)) return false
  for (const k of Object.keys(v)) if (!ok(v[k])) return false
  return true
}

const stringMap = (v: unknown): boolean => mapOf(v, isString)
const quantityMap = (v: unknown): boolean => mapOf(v, isQuantity)

/** A list of maps whose `fields` are absent or strings. */
function listOfStringFields(v: unknown, fields: readonly string[]): boolean {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i += 1) {
    const item: unknown = v[i]
    if (!isObj(item)) return false
    for (const f of fields) if (!optField(item, f, isString)) return false
  }
  return true
}

const TAINT_FIELDS = ['key', 'value', 'effect', 'timeAdded'] as const
const CONDITION_FIELDS = ['type', 'status', 'reason'] as const
const taintList = (v: unknown): boolean => listOfStringFields(v, TAINT_FIELDS)
const conditionList = (v: unknown): boolean =>
  listOfStringFields(v, CONDITION_FIELDS)

/**
 * True when every field of a Node that the shape check reads (nodeShape in
 * validate-shape.ts) is absent or of its plain type, so that check has
 * nothing to say: a fleet's 65,000 well-formed nodes skip it. Anything else
 * goes through the full check, which names the field.
 */
function plainNode(node: Obj): boolean {
  if ('metadata' in node) {
    const meta = node.metadata
    if (
      !isObj(meta) ||
      !optField(meta, 'name', isString) ||
      !optField(meta, 'generateName', isString) ||
      !optField(meta, 'namespace', isString) ||
      !optField(meta, 'labels', stringMap) ||
      !optField(meta, 'annotations', stringMap)
    )
      return false
  }
  if ('spec' in node) {
    const spec = node.spec
    if (
      !isObj(spec) ||
      !optField(spec, 'taints', taintList) ||
      !optField(spec, 'unschedulable', (v) => typeof v === 'boolean')
    )
      return false
  }
  if ('status' in node) {
    const status = node.status
    if (
      !isObj(status) ||
      !optField(status, 'allocatable', quantityMap) ||
      !optField(status, 'capacity', quantityMap) ||
      !optField(status, 'conditions', conditionList)
    )
      return false
  }
  return true
}

interface Collected {
  nodes: Node[]
  pods: Pod[]
  daemonSets: DaemonSet[]
}

function collectObject(
  r: Reader,
  item: unknown,
  kind: string | undefined,
  where: string,
  into: Collected
): void {
  if (!isObj(item)) r.fail(where, `expected an object, got ${kindOf(item)}`)
  const k = typeof item.kind === 'string' ? item.kind : kind
  // Every field the snapshot reads must have its API type: an object that
  // does not is a broken export, refused with the field's path.
  if (
    (k === 'Node' || k === 'Pod' || k === 'DaemonSet') &&
    !(k === 'Node' && plainNode(item))
  ) {
    const problem = shapeProblemOf(k, item)
    if (problem !== undefined) r.fail(where, `${k}: ${problem}`)
  }
  const meta = item.metadata
  const name =
    isObj(meta) && typeof meta.name === 'string' ? meta.name : undefined
  if (k === 'Node') {
    if (name === undefined) r.fail(where, 'a Node without metadata.name')
    const status = item.status
    // A Node without status (or allocatable) is joining: the kubelet has
    // not posted it yet. It is kept (not Ready, fit unknown); fields of the
    // wrong type were refused above.
    if (isObj(status) && isObj(status.allocatable))
      r.quantities(status.allocatable, `${where} (${name}).status.allocatable`)
    into.nodes.push(item as Node)
  } else if (k === 'Pod') {
    into.pods.push(item as Pod)
  } else if (k === 'DaemonSet') {
    if (name === undefined) r.fail(where, 'a DaemonSet without metadata.name')
    into.daemonSets.push(item as DaemonSet)
  }
  // Other kinds (a `kubectl get all` list) play no part in placement.
}

/**
 * Loads a snapshot. `data` is one parsed document, or several (a YAML
 * stream, or several files: then `file` is the list of their names, one per
 * document). The snapshot may keep parts of `data` (label maps): do not
 * change it afterwards.
 */
export function loadSnapshot(
  data: unknown | unknown[],
  file: string | string[]
): Snapshot {
  let docs: { doc: unknown; file: string }[]
  if (Array.isArray(file)) {
    if (!Array.isArray(data) || data.length !== file.length) {
      throw new UserError(
        `loadSnapshot: ${file.length} file names for ${Array.isArray(data) ? data.length : 1} documents`
      )
    }
    docs = data.map((doc, i) => ({ doc, file: file[i] ?? '' }))
  } else {
    docs = (Array.isArray(data) ? data : [data]).map((doc) => ({ doc, file }))
  }
  const names = [...new Set(Array.isArray(file) ? file : [file])].join(', ')
  docs = docs.filter((d) => d.doc !== null && d.doc !== undefined)
  if (docs.length === 0) {
    throw new UserError('the snapshot is empty', { file: names || undefined })
  }

  const compact = docs.filter(
    (d) => isObj(d.doc) && d.doc.kind === SNAPSHOT_KIND
  )
  if (compact.length > 0) {
    const first = compact[0]!
    if (docs.length > 1) {
      throw new UserError(
        `a ${SNAPSHOT_KIND} cannot be combined with other documents (${docs.length} given)`,
        { file: first.file }
      )
    }
    return readCompact(new Reader(first.file), first.doc as Obj)
  }

  const into: Collected = { nodes: [], pods: [], daemonSets: [] }
  const readers = new Map<string, Reader>()
  for (const { doc, file: f } of docs) {
    let r = readers.get(f)
    if (r === undefined) {
      r = new Reader(f)
      readers.set(f, r)
    }
    if (!isObj(doc)) {
      return r.fail(
        '',
        `expected a ${SNAPSHOT_KIND} or a kubectl list of Nodes, Pods or DaemonSets, got ${kindOf(doc)}`
      )
    }
    const kind = typeof doc.kind === 'string' ? doc.kind : undefined
    if (Array.isArray(doc.items)) {
      const itemKind =
        kind !== undefined && kind.endsWith('List') && kind !== 'List'
          ? kind.slice(0, -4)
          : undefined
      doc.items.forEach((item, i) =>
        collectObject(r!, item, itemKind, `items[${i}]`, into)
      )
    } else if (kind === 'Node' || kind === 'Pod' || kind === 'DaemonSet') {
      collectObject(r, doc, kind, '', into)
    } else {
      r.fail(
        '',
        `expected a ${SNAPSHOT_KIND} or a kubectl list of Nodes, Pods or DaemonSets${kind === undefined ? '' : `, got kind ${JSON.stringify(kind)}`}`
      )
    }
  }
  if (into.nodes.length === 0) {
    throw new UserError(
      'no nodes in the snapshot: give the output of `kubectl get nodes -o json` (pods and DaemonSets alone are not enough)',
      { file: names }
    )
  }
  const seen = new Set<string>()
  for (const n of into.nodes) {
    const name = n.metadata?.name ?? ''
    if (seen.has(name))
      throw new UserError(`node ${name} is listed twice`, { file: names })
    seen.add(name)
  }
  // The documents were parsed for this snapshot: their label maps are kept.
  return snapshotFromCluster(into, { ownsInput: true })
}
