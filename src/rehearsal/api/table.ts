import { parseTime } from '../clock.js'
import {
  asArray,
  asNumber,
  asObj,
  asString,
  asStringMap,
  isObj,
  type Obj
} from '../json.js'
import { formatLabelSelector } from '../selectors.js'

/** Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`). */
interface Column {
  name: string
  type: string
  format?: string
  priority?: number
}

/** Age as kubectl prints it (duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < -1) return '<invalid>'
  if (s < 0) return '0s'
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`
  if (m < 180) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`
  if (h < 48) return `${h}h`
  const d = Math.floor(h / 24)
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`
  if (d < 365 * 2) return `${d}d`
  return `${Math.floor(d / 365)}y`
}

function age(obj: Obj, now: number): string {
  const t = parseTime(asObj(obj['metadata'])['creationTimestamp'])
  return t === undefined ? '<unknown>' : humanDuration(now - t)
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name' }
const AGE: Column = { name: 'Age', type: 'string' }

function nodeRow(n: Obj, now: number): unknown[] {
  const conds = asArray(asObj(n['status'])['conditions'])
  const ready = conds.find((c) => isObj(c) && c['type'] === 'Ready')
  let status = isObj(ready)
    ? ready['status'] === 'True'
      ? 'Ready'
      : 'NotReady'
    : 'Unknown'
  if (asObj(n['spec'])['unschedulable'] === true)
    status += ',SchedulingDisabled'
  const roles = Object.keys(asStringMap(asObj(n['metadata'])['labels']))
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
  const info = asObj(asObj(n['status'])['nodeInfo'])
  const addr = asArray(asObj(n['status'])['addresses']).find(
    (a) => isObj(a) && a['type'] === 'InternalIP'
  )
  return [
    asString(asObj(n['metadata'])['name']),
    status,
    roles.length ? roles.join(',') : '<none>',
    age(n, now),
    asString(info['kubeletVersion']) ?? '',
    isObj(addr) ? addr['address'] : '<none>',
    '<none>',
    asString(info['osImage']) ?? '<unknown>',
    asString(info['kernelVersion']) ?? '<unknown>',
    asString(info['containerRuntimeVersion']) ?? '<unknown>'
  ]
}

/** The STATUS column of `kubectl get pods` (printers.printPod, simplified). */
export function podStatusText(p: Obj): string {
  const status = asObj(p['status'])
  let reason =
    asString(status['reason']) ?? asString(status['phase']) ?? 'Unknown'
  const inits = asArray(status['initContainerStatuses'])
  const initCount = asArray(asObj(p['spec'])['initContainers']).length
  let initializing = false
  inits.forEach((c, i) => {
    if (initializing) return
    const st = asObj(asObj(c)['state'])
    const term = asObj(st['terminated'])
    if (isObj(st['terminated']) && term['exitCode'] === 0) return
    initializing = true
    const waiting = asObj(st['waiting'])
    if (isObj(st['terminated']))
      reason = `Init:${asString(term['reason']) ?? 'Error'}`
    else if (
      asString(waiting['reason']) &&
      waiting['reason'] !== 'PodInitializing'
    )
      reason = `Init:${String(waiting['reason'])}`
    else reason = `Init:${i}/${initCount}`
  })
  if (!initializing) {
    for (const c of asArray(status['containerStatuses'])) {
      const st = asObj(asObj(c)['state'])
      const w = asString(asObj(st['waiting'])['reason'])
      const t = asObj(st['terminated'])
      if (w) reason = w
      else if (isObj(st['terminated']))
        reason = asString(t['reason']) ?? `ExitCode:${String(t['exitCode'])}`
    }
  }
  if (asObj(p['metadata'])['deletionTimestamp'] !== undefined)
    reason = 'Terminating'
  return reason
}

function podRow(p: Obj, now: number): unknown[] {
  const status = asObj(p['status'])
  const spec = asObj(p['spec'])
  const statuses = asArray(status['containerStatuses'])
  const total = asArray(spec['containers']).length
  const ready = statuses.filter((c) => isObj(c) && c['ready'] === true).length
  let restarts = 0
  let lastRestart: number | undefined
  for (const c of statuses) {
    restarts += asNumber(asObj(c)['restartCount']) ?? 0
    const fin = parseTime(
      asObj(asObj(asObj(c)['lastState'])['terminated'])['finishedAt']
    )
    if (fin !== undefined && (lastRestart === undefined || fin > lastRestart))
      lastRestart = fin
  }
  const restartText =
    lastRestart !== undefined && restarts > 0
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : String(restarts)
  return [
    asString(asObj(p['metadata'])['name']),
    `${ready}/${total}`,
    podStatusText(p),
    restartText,
    age(p, now),
    asString(status['podIP']) ?? '<none>',
    asString(spec['nodeName']) || '<none>',
    '<none>',
    '<none>'
  ]
}

function dsRow(d: Obj, now: number): unknown[] {
  const s = asObj(d['status'])
  const tpl = asObj(asObj(asObj(d['spec'])['template'])['spec'])
  const containers = asArray(tpl['containers']).map(asObj)
  const nodeSelector = asStringMap(tpl['nodeSelector'])
  const sel = Object.entries(nodeSelector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  return [
    asString(asObj(d['metadata'])['name']),
    asNumber(s['desiredNumberScheduled']) ?? 0,
    asNumber(s['currentNumberScheduled']) ?? 0,
    asNumber(s['numberReady']) ?? 0,
    asNumber(s['updatedNumberScheduled']) ?? 0,
    asNumber(s['numberAvailable']) ?? 0,
    sel || '<none>',
    age(d, now),
    containers.map((c) => c['name']).join(','),
    containers.map((c) => c['image']).join(','),
    formatLabelSelector(asObj(d['spec'])['selector'])
  ]
}

function crRow(c: Obj, now: number): unknown[] {
  const refs = asArray(asObj(c['metadata'])['ownerReferences']).map(asObj)
  const owner = refs.find((r) => r['controller'] === true)
  const ctrl = owner
    ? `${String(owner['kind']).toLowerCase()}.${String(owner['apiVersion']).split('/')[0]}/${String(owner['name'])}`
    : '<none>'
  return [
    asString(asObj(c['metadata'])['name']),
    ctrl,
    asNumber(c['revision']) ?? 0,
    age(c, now)
  ]
}

function eventRow(e: Obj, now: number): unknown[] {
  const last =
    parseTime(e['lastTimestamp']) ??
    parseTime(e['eventTime']) ??
    parseTime(asObj(e['metadata'])['creationTimestamp'])
  const io = asObj(e['involvedObject'])
  return [
    last === undefined ? '<unknown>' : humanDuration(now - last),
    e['type'],
    e['reason'],
    `${String(io['kind']).toLowerCase()}/${String(io['name'])}`,
    e['message']
  ]
}

const SPECS: Record<
  string,
  { columns: Column[]; row: (o: Obj, now: number) => unknown[] }
> = {
  Node: {
    columns: [
      NAME,
      { name: 'Status', type: 'string' },
      { name: 'Roles', type: 'string' },
      AGE,
      { name: 'Version', type: 'string' },
      { name: 'Internal-IP', type: 'string', priority: 1 },
      { name: 'External-IP', type: 'string', priority: 1 },
      { name: 'OS-Image', type: 'string', priority: 1 },
      { name: 'Kernel-Version', type: 'string', priority: 1 },
      { name: 'Container-Runtime', type: 'string', priority: 1 }
    ],
    row: nodeRow
  },
  Pod: {
    columns: [
      NAME,
      { name: 'Ready', type: 'string' },
      { name: 'Status', type: 'string' },
      { name: 'Restarts', type: 'string' },
      AGE,
      { name: 'IP', type: 'string', priority: 1 },
      { name: 'Node', type: 'string', priority: 1 },
      { name: 'Nominated Node', type: 'string', priority: 1 },
      { name: 'Readiness Gates', type: 'string', priority: 1 }
    ],
    row: podRow
  },
  DaemonSet: {
    columns: [
      NAME,
      { name: 'Desired', type: 'integer' },
      { name: 'Current', type: 'integer' },
      { name: 'Ready', type: 'integer' },
      { name: 'Up-to-date', type: 'integer' },
      { name: 'Available', type: 'integer' },
      { name: 'Node Selector', type: 'string' },
      AGE,
      { name: 'Containers', type: 'string', priority: 1 },
      { name: 'Images', type: 'string', priority: 1 },
      { name: 'Selector', type: 'string', priority: 1 }
    ],
    row: dsRow
  },
  ControllerRevision: {
    columns: [
      NAME,
      { name: 'Controller', type: 'string' },
      { name: 'Revision', type: 'integer' },
      AGE
    ],
    row: crRow
  },
  Event: {
    columns: [
      { name: 'Last Seen', type: 'string' },
      { name: 'Type', type: 'string' },
      { name: 'Reason', type: 'string' },
      { name: 'Object', type: 'string' },
      { name: 'Message', type: 'string' }
    ],
    row: eventRow
  }
}

function partial(obj: Obj): Obj {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: obj['metadata']
  }
}

/** A meta.k8s.io/v1 Table for `items` of one kind. */
export function toTable(
  kind: string,
  items: Obj[],
  listMeta: Obj,
  includeObject: string | undefined,
  now: number
): Obj {
  const spec = SPECS[kind] ?? {
    columns: [NAME, { name: 'Created At', type: 'date' }],
    row: (o: Obj) => [
      asString(asObj(o['metadata'])['name']),
      asObj(o['metadata'])['creationTimestamp']
    ]
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: spec.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0
    })),
    rows: items.map((o) => ({
      cells: spec.row(o, now),
      ...(includeObject === 'None'
        ? {}
        : { object: includeObject === 'Object' ? o : partial(o) })
    }))
  }
}
