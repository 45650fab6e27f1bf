/**
 * Node selector and required node affinity, as the DaemonSet controller
 * evaluates them (R1.3, R1.8-R1.11; component-helpers nodeaffinity
 * `NewRequiredNodeAffinity`, apimachinery labels `Requirement.Matches`).
 *
 * A matcher is compiled once per pod template and then applied to many
 * nodes, so the per-node work is a few property lookups.
 */
import type {
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodSpec
} from './types.js'

/** What a matcher needs to know about a node. */
export interface NodeIdentity {
  name: string
  labels: Record<string, string>
}

export type NodeMatcher = (node: NodeIdentity) => boolean

type Requirement = (node: NodeIdentity) => boolean

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, in range. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined
  const value = BigInt(text)
  if (value > 9223372036854775807n || value < -9223372036854775808n)
    return undefined
  return value
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** apimachinery IsValidLabelValue: empty, or ≤ 63 alphanumerics with `-_.` inside. */
export function validLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value)
}

/** apimachinery IsQualifiedName, the rule for label keys. */
export function validLabelKey(key: string): boolean {
  const slash = key.indexOf('/')
  const name = slash === -1 ? key : key.slice(slash + 1)
  if (slash !== -1) {
    const prefix = key.slice(0, slash)
    if (
      prefix.length === 0 ||
      prefix.length > 253 ||
      !DNS_SUBDOMAIN.test(prefix)
    )
      return false
  }
  return name.length <= 63 && LABEL_NAME.test(name)
}

function own(labels: Record<string, string>, key: string): string | undefined {
  const value = labels[key]
  // A string is the node's own label: Object.prototype holds none.
  if (typeof value === 'string') return value
  return value !== undefined &&
    Object.prototype.hasOwnProperty.call(labels, key)
    ? value
    : undefined
}

/**
 * Compiles one label requirement (R1.9). Returns undefined when it does not
 * parse (unknown operator, wrong number of values, Gt/Lt value that is not
 * an int64): the caller then drops the whole term (R1.8).
 */
export function compileLabelRequirement(
  req: NodeSelectorRequirement
): Requirement | undefined {
  const key = req.key
  const values = req.values ?? []
  if (typeof key !== 'string' || key === '') return undefined
  // labels.NewRequirement refuses an invalid key or value; the term then
  // matches no node (component-helpers nodeaffinity).
  if (!validLabelKey(key)) return undefined
  if (
    (req.operator === 'In' || req.operator === 'NotIn') &&
    !values.every((v) => typeof v === 'string' && validLabelValue(v))
  )
    return undefined
  switch (req.operator) {
    case 'In': {
      if (values.length === 0) return undefined
      const set = new Set(values)
      return (n) => {
        const v = own(n.labels, key)
        return v !== undefined && set.has(v)
      }
    }
    case 'NotIn': {
      if (values.length === 0) return undefined
      const set = new Set(values)
      return (n) => {
        const v = own(n.labels, key)
        return v === undefined || !set.has(v)
      }
    }
    case 'Exists':
      if (values.length !== 0) return undefined
      return (n) => own(n.labels, key) !== undefined
    case 'DoesNotExist':
      if (values.length !== 0) return undefined
      return (n) => own(n.labels, key) === undefined
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return undefined
      const bound = parseInt64(values[0] ?? '')
      if (bound === undefined) return undefined
      const greater = req.operator === 'Gt'
      return (n) => {
        const v = own(n.labels, key)
        if (v === undefined) return false
        const parsed = parseInt64(v)
        if (parsed === undefined) return false
        return greater ? parsed > bound : parsed < bound
      }
    }
    default:
      return undefined
  }
}

/**
 * Compiles one field requirement (R1.10): In/NotIn with exactly one value.
 * The only node field is metadata.name (validation rejects other keys); a
 * field the node does not have reads as "", as in fields.Set.Get.
 */
export function compileFieldRequirement(
  req: NodeSelectorRequirement
): Requirement | undefined {
  const values = req.values ?? []
  if (values.length !== 1) return undefined
  const wanted = values[0]
  const byName = req.key === 'metadata.name'
  if (req.operator === 'In')
    return byName ? (n) => n.name === wanted : () => wanted === ''
  if (req.operator === 'NotIn')
    return byName ? (n) => n.name !== wanted : () => wanted !== ''
  return undefined
}

/**
 * Compiles one nodeSelectorTerm. Undefined means the term never matches:
 * it is empty (R1.8, skipped) or one of its requirements does not parse.
 */
export function compileTerm(term: NodeSelectorTerm): Requirement | undefined {
  const expressions = term.matchExpressions ?? []
  const fields = term.matchFields ?? []
  if (expressions.length === 0 && fields.length === 0) return undefined
  const reqs: Requirement[] = []
  for (const e of expressions) {
    const r = compileLabelRequirement(e)
    if (r === undefined) return undefined
    reqs.push(r)
  }
  for (const f of fields) {
    const r = compileFieldRequirement(f)
    if (r === undefined) return undefined
    reqs.push(r)
  }
  if (reqs.length === 1) return reqs[0]
  return (n) => {
    for (const r of reqs) if (!r(n)) return false
    return true
  }
}

/** Compiles a nodeSelector map (R1.8): every key present with an equal value. */
export function compileNodeSelector(
  selector: Record<string, string> | undefined
): NodeMatcher | undefined {
  const entries = Object.entries(selector ?? {})
  if (entries.length === 0) return undefined
  return (n) => {
    for (const [k, v] of entries) if (own(n.labels, k) !== v) return false
    return true
  }
}

/**
 * Compiles the required node affinity: terms ORed (R1.8). Undefined when the
 * pod has none (every node matches); `() => false` when it has terms but none
 * can ever match.
 */
export function compileRequiredAffinity(
  terms: NodeSelectorTerm[] | undefined
): NodeMatcher | undefined {
  if (terms === undefined) return undefined
  const compiled: Requirement[] = []
  for (const t of terms) {
    const c = compileTerm(t)
    if (c !== undefined) compiled.push(c)
  }
  if (compiled.length === 0) return () => false
  if (compiled.length === 1) return compiled[0]
  return (n) => {
    for (const c of compiled) if (c(n)) return true
    return false
  }
}

/**
 * nodeSelector AND required node affinity of a pod spec (R1.3). A
 * requiredDuringScheduling block with no terms matches no node (validation
 * rejects it; LazyErrorNodeSelector.Match returns false).
 */
export function compileNodeAffinity(spec: PodSpec | undefined): NodeMatcher {
  const bySelector = compileNodeSelector(spec?.nodeSelector)
  const required =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
  const byAffinity =
    required === undefined || required === null
      ? undefined
      : compileRequiredAffinity(required.nodeSelectorTerms ?? [])
  if (bySelector === undefined && byAffinity === undefined) return () => true
  if (bySelector === undefined) return byAffinity as NodeMatcher
  if (byAffinity === undefined) return bySelector
  return (n) => bySelector(n) && byAffinity(n)
}
