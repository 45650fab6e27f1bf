/**
 * Daemon pod tolerations and NodeShouldRunDaemonPod for the rehearsal
 * controller and scheduler. Deliberate twins of src/core/k8s/tolerations.ts
 * and src/core/k8s/daemon-placement.ts (the planning engine's), written
 * separately so each checks the other; test/rehearsal/twin-rules.test.ts
 * holds them to one table.
 */
import {
  asArray,
  asObj,
  asString,
  asStringMap,
  labelsOf,
  isObj,
  type Obj
} from '../json.js'

/** R1.14: tolerations the DaemonSet controller adds to every daemon pod. */
export function daemonTolerations(hostNetwork: boolean): Obj[] {
  const t = (key: string, effect: string): Obj => ({
    key,
    operator: 'Exists',
    effect
  })
  const out = [
    t('node.kubernetes.io/not-ready', 'NoExecute'),
    t('node.kubernetes.io/unreachable', 'NoExecute'),
    t('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    t('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    t('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    t('node.kubernetes.io/unschedulable', 'NoSchedule')
  ]
  if (hostNetwork)
    out.push(t('node.kubernetes.io/network-unavailable', 'NoSchedule'))
  return out
}

/** R1.15: a user toleration equal in (key, effect, operator, value) is replaced; missing ones are appended. */
export function withDaemonTolerations(
  tolerations: unknown,
  hostNetwork: boolean
): Obj[] {
  const out = asArray(tolerations)
    .filter(isObj)
    .map((t) => ({ ...t }))
  for (const d of daemonTolerations(hostNetwork)) {
    const idx = out.findIndex(
      (t) =>
        (t['key'] ?? '') === d['key'] &&
        (t['effect'] ?? '') === d['effect'] &&
        (t['operator'] ?? 'Equal') === d['operator'] &&
        (t['value'] ?? '') === ''
    )
    if (idx >= 0) out[idx] = d
    else out.push(d)
  }
  return out
}

const INT64 = /^-?\d+$/

/** R1.12: does one toleration tolerate one taint. */
export function toleratesTaint(tol: Obj, taint: Obj): boolean {
  const effect = asString(tol['effect']) ?? ''
  if (effect !== '' && effect !== taint['effect']) return false
  const key = asString(tol['key']) ?? ''
  if (key !== '' && key !== taint['key']) return false
  const op = asString(tol['operator']) ?? ''
  const tv = asString(taint['value']) ?? ''
  const v = asString(tol['value']) ?? ''
  switch (op) {
    case '':
    case 'Equal':
      return v === tv
    case 'Exists':
      return true
    default:
      return false
  }
}

function tolerated(tols: Obj[], taint: Obj): boolean {
  return tols.some((t) => toleratesTaint(t, taint))
}

/** R1.9: one node selector requirement against node labels. */
function requirementMatches(
  req: Obj,
  labels: Record<string, string>
): boolean | undefined {
  const key = asString(req['key']) ?? ''
  const values = asArray(req['values']).map(String)
  const has = Object.hasOwn(labels, key)
  const v = labels[key]
  switch (req['operator']) {
    case 'In':
      return has && values.includes(v!)
    case 'NotIn':
      return !has || !values.includes(v!)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !INT64.test(values[0]!)) return undefined
      if (!has || !INT64.test(v!)) return false
      const a = BigInt(v!)
      const b = BigInt(values[0]!)
      return req['operator'] === 'Gt' ? a > b : a < b
    }
    default:
      return undefined
  }
}

function fieldMatches(req: Obj, nodeName: string): boolean | undefined {
  const values = asArray(req['values']).map(String)
  if (req['key'] !== 'metadata.name' || values.length !== 1) return undefined
  if (req['operator'] === 'In') return nodeName === values[0]
  if (req['operator'] === 'NotIn') return nodeName !== values[0]
  return undefined
}

/** R1.8/R1.10: required node affinity terms (ORed; empty terms skipped; parse errors never match). */
export function matchesNodeSelectorTerms(terms: unknown, node: Obj): boolean {
  const labels = labelsOf(node)
  const name = asString(asObj(node['metadata'])['name']) ?? ''
  for (const raw of asArray(terms)) {
    const term = asObj(raw)
    const exprs = asArray(term['matchExpressions']).map(asObj)
    const fields = asArray(term['matchFields']).map(asObj)
    if (exprs.length === 0 && fields.length === 0) continue
    let ok = true
    for (const e of exprs)
      if (requirementMatches(e, labels) !== true) ok = false
    for (const f of fields) if (fieldMatches(f, name) !== true) ok = false
    if (ok) return true
  }
  return false
}

/** R1.3: nodeSelector AND required node affinity. */
export function podSpecMatchesNode(spec: Obj, node: Obj): boolean {
  const labels = labelsOf(node)
  for (const [k, v] of Object.entries(asStringMap(spec['nodeSelector']))) {
    if (labels[k] !== v) return false
  }
  const required = asObj(
    asObj(asObj(spec['affinity'])['nodeAffinity'])[
      'requiredDuringSchedulingIgnoredDuringExecution'
    ]
  )
  if (
    required['nodeSelectorTerms'] === undefined &&
    Object.keys(required).length === 0
  )
    return true
  return matchesNodeSelectorTerms(required['nodeSelectorTerms'], node)
}

export interface Eligibility {
  shouldRun: boolean
  shouldContinueRunning: boolean
}

/** R1.1-R1.7: NodeShouldRunDaemonPod for a template pod spec. */
export function nodeShouldRunDaemonPod(
  node: Obj,
  templateSpec: Obj,
  tolerations: Obj[]
): Eligibility {
  const nodeName = asString(asObj(node['metadata'])['name']) ?? ''
  const fixed = asString(templateSpec['nodeName']) ?? ''
  if (fixed !== '' && fixed !== nodeName)
    return { shouldRun: false, shouldContinueRunning: false }
  if (!podSpecMatchesNode(templateSpec, node))
    return { shouldRun: false, shouldContinueRunning: false }
  const taints = asArray(asObj(node['spec'])['taints']).map(asObj)
  const blocking = taints.filter(
    (t) =>
      (t['effect'] === 'NoSchedule' || t['effect'] === 'NoExecute') &&
      !tolerated(tolerations, t)
  )
  if (blocking.length === 0)
    return { shouldRun: true, shouldContinueRunning: true }
  const noExecute = blocking.some((t) => t['effect'] === 'NoExecute')
  return { shouldRun: false, shouldContinueRunning: !noExecute }
}

/** Taints the scheduler's TaintToleration filter rejects (NoSchedule + NoExecute not tolerated). */
export function untoleratedTaint(
  node: Obj,
  tolerations: Obj[]
): Obj | undefined {
  return asArray(asObj(node['spec'])['taints'])
    .map(asObj)
    .find(
      (t) =>
        (t['effect'] === 'NoSchedule' || t['effect'] === 'NoExecute') &&
        !tolerated(tolerations, t)
    )
}
