/**
 * Label and field selectors as the API server parses and matches them.
 * The metav1.LabelSelector matching here is a deliberate twin of
 * src/core/k8s/label-selector.ts; test/rehearsal/twin-rules.test.ts holds both
 * to one table.
 */
import { asObj, asString, isObj, valueAtPath, type Obj } from './json.js'

/** One parsed requirement of a label selector string. */
export interface LabelRequirement {
  key: string
  op: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt'
  values: string[]
}

export class SelectorError extends Error {}

/**
 * Parses a label selector string as the API server accepts it:
 * `a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const out: LabelRequirement[] = []
  for (const part of splitTopLevel(text)) {
    const s = part.trim()
    if (s === '') continue
    let m = /^!\s*([^\s=!<>(),]+)$/.exec(s)
    if (m) {
      out.push({ key: m[1]!, op: '!', values: [] })
      continue
    }
    m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s)
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
      out.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values })
      continue
    }
    m = /^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/.exec(s)
    if (m) {
      const key = m[1]!
      const value = m[3]!
      const op = m[2]!
      if (op === '!=') out.push({ key, op: 'notin', values: [value] })
      else if (op === '>') out.push({ key, op: 'gt', values: [value] })
      else if (op === '<') out.push({ key, op: 'lt', values: [value] })
      else out.push({ key, op: 'in', values: [value] })
      continue
    }
    m = /^([^\s=!<>(),]+)$/.exec(s)
    if (m) {
      out.push({ key: m[1]!, op: 'exists', values: [] })
      continue
    }
    throw new SelectorError(`unable to parse requirement: ${s}`)
  }
  return out
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  return parts
}

export function matchesLabelRequirements(
  reqs: LabelRequirement[],
  labels: Record<string, string>
): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key)
    const v = labels[r.key]
    switch (r.op) {
      case 'in':
        return has && r.values.includes(v!)
      case 'notin':
        return !has || !r.values.includes(v!)
      case 'exists':
        return has
      case '!':
        return !has
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!) || !/^-?\d+$/.test(r.values[0] ?? ''))
          return false
        const a = BigInt(v!)
        const b = BigInt(r.values[0]!)
        return r.op === 'gt' ? a > b : a < b
      }
    }
  })
}

/**
 * A metav1.LabelSelector (matchLabels + matchExpressions) as requirements.
 * Returns undefined for a selector that cannot be converted (invalid operator).
 */
export function labelSelectorRequirements(
  selector: unknown
): LabelRequirement[] | undefined {
  const sel = asObj(selector)
  const out: LabelRequirement[] = []
  for (const [k, v] of Object.entries(asObj(sel['matchLabels']))) {
    out.push({ key: k, op: 'in', values: [String(v)] })
  }
  const exprs = sel['matchExpressions']
  if (Array.isArray(exprs)) {
    for (const e of exprs) {
      if (!isObj(e)) return undefined
      const key = asString(e['key']) ?? ''
      const values = Array.isArray(e['values']) ? e['values'].map(String) : []
      switch (e['operator']) {
        case 'In':
          out.push({ key, op: 'in', values })
          break
        case 'NotIn':
          out.push({ key, op: 'notin', values })
          break
        case 'Exists':
          out.push({ key, op: 'exists', values: [] })
          break
        case 'DoesNotExist':
          out.push({ key, op: '!', values: [] })
          break
        default:
          return undefined
      }
    }
  }
  return out
}

/** The selector as kubectl prints it (`metav1.FormatLabelSelector`). */
export function formatLabelSelector(selector: unknown): string {
  const reqs = labelSelectorRequirements(selector)
  if (reqs === undefined) return '<error>'
  if (reqs.length === 0) return '<none>'
  return reqs
    .map((r) => {
      switch (r.op) {
        case 'in':
          return r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : `${r.key} in (${r.values.join(',')})`
        case 'notin':
          return `${r.key} notin (${r.values.join(',')})`
        case 'exists':
          return r.key
        case '!':
          return `!${r.key}`
        default:
          return `${r.key}${r.op === 'gt' ? '>' : '<'}${r.values[0]}`
      }
    })
    .join(',')
}

/** One field selector term: `path=value`, `path==value` or `path!=value`. */
export interface FieldRequirement {
  path: string
  negate: boolean
  value: string
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = []
  for (const part of text.split(',')) {
    const s = part.trim()
    if (s === '') continue
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(s)
    if (!m) throw new SelectorError(`invalid selector: '${s}'`)
    out.push({ path: m[1]!.trim(), negate: m[2] === '!=', value: m[3]!.trim() })
  }
  return out
}

export function matchesFieldRequirements(
  reqs: FieldRequirement[],
  obj: Obj
): boolean {
  return reqs.every((r) => {
    const raw = valueAtPath(obj, r.path)
    const value = raw === undefined || raw === null ? '' : String(raw)
    return r.negate ? value !== r.value : value === r.value
  })
}
