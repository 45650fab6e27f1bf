import {
  asArray,
  asObj,
  asString,
  deepEqual,
  isObj,
  type Obj
} from '../json.js'
import { parseQuantity, readQuantity } from '../quantity.js'
import {
  labelSelectorRequirements,
  matchesLabelRequirements
} from '../selectors.js'

/** One field error, printed as the API server prints field.Error. */
export interface FieldError {
  field: string
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
  detail: string
  value?: unknown
}

export function formatGoValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value)
  if (value === undefined || value === null) return 'null'
  if (isObj(value) && ('matchLabels' in value || 'matchExpressions' in value)) {
    const labels = asObj(value['matchLabels'])
    const ml = Object.keys(labels).length
      ? `map[string]string{${Object.entries(labels)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .join(', ')}}`
      : 'map[string]string(nil)'
    return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`
  }
  if (isObj(value)) {
    return `map[string]string{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(', ')}}`
  }
  return JSON.stringify(value)
}

export function formatFieldError(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`
    case 'FieldValueForbidden':
      return `${e.field}: Forbidden: ${e.detail}`
    case 'FieldValueNotSupported':
      return `${e.field}: Unsupported value: ${formatGoValue(e.value)}: supported values: ${e.detail}`
    case 'FieldValueInvalid':
      return `${e.field}: Invalid value: ${formatGoValue(e.value)}: ${e.detail}`
  }
}

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

export function validateObjectName(
  name: unknown,
  path = 'metadata.name'
): FieldError[] {
  if (typeof name !== 'string' || name === '')
    return [
      {
        field: path,
        type: 'FieldValueRequired',
        detail: 'name or generateName is required'
      }
    ]
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    return [
      {
        field: path,
        type: 'FieldValueInvalid',
        value: name,
        detail:
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      }
    ]
  return []
}

function validateIntOrPercent(
  value: unknown,
  field: string,
  errs: FieldError[]
): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      errs.push({
        field,
        type: 'FieldValueInvalid',
        value,
        detail: 'must be greater than or equal to 0'
      })
      return undefined
    }
    return value
  }
  if (typeof value === 'string') {
    const m = /^([0-9]+)%$/.exec(value)
    if (!m) {
      errs.push({
        field,
        type: 'FieldValueInvalid',
        value,
        detail:
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
      })
      return undefined
    }
    const pct = Number(m[1])
    if (pct > 100) {
      errs.push({
        field,
        type: 'FieldValueInvalid',
        value,
        detail: 'must not be greater than 100%'
      })
      return undefined
    }
    return pct
  }
  if (value === undefined) return 0
  errs.push({
    field,
    type: 'FieldValueInvalid',
    value,
    detail: 'must be an integer or percentage'
  })
  return undefined
}

/** R3.6: update strategy rules. */
function validateStrategy(strategy: Obj, errs: FieldError[]): void {
  const type = strategy['type']
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    errs.push({
      field: 'spec.updateStrategy.type',
      type: 'FieldValueNotSupported',
      value: type ?? '',
      detail: '"OnDelete", "RollingUpdate"'
    })
    return
  }
  if (type !== 'RollingUpdate') return
  const ru = strategy['rollingUpdate']
  if (!isObj(ru)) {
    errs.push({
      field: 'spec.updateStrategy.rollingUpdate',
      type: 'FieldValueRequired',
      detail: ''
    })
    return
  }
  const base = 'spec.updateStrategy.rollingUpdate'
  const mu = validateIntOrPercent(
    ru['maxUnavailable'],
    `${base}.maxUnavailable`,
    errs
  )
  const ms = validateIntOrPercent(ru['maxSurge'], `${base}.maxSurge`, errs)
  if (mu === undefined || ms === undefined) return
  if (mu === 0 && ms === 0) {
    errs.push({
      field: `${base}.maxUnavailable`,
      type: 'FieldValueInvalid',
      value: ru['maxUnavailable'],
      detail: 'cannot be 0 when maxSurge is 0'
    })
  }
  if (mu !== 0 && ms !== 0) {
    errs.push({
      field: `${base}.maxSurge`,
      type: 'FieldValueInvalid',
      value: ru['maxSurge'],
      detail: 'may not be set when maxUnavailable is non-zero'
    })
  }
}

function validateNonNegative(
  value: unknown,
  field: string,
  errs: FieldError[]
): void {
  if (value === undefined) return
  if (typeof value !== 'number' || value < 0)
    errs.push({
      field,
      type: 'FieldValueInvalid',
      value,
      detail: 'must be greater than or equal to 0'
    })
}

function validateTolerations(
  tols: unknown,
  base: string,
  errs: FieldError[]
): void {
  asArray(tols).forEach((t, i) => {
    const tol = asObj(t)
    const f = `${base}[${i}]`
    const key = asString(tol['key']) ?? ''
    const op = asString(tol['operator']) ?? ''
    if (key === '' && op !== 'Exists')
      errs.push({
        field: `${f}.operator`,
        type: 'FieldValueInvalid',
        value: op,
        detail:
          'operator must be Exists when `key` is empty, which means "match all values and all keys"'
      })
    if (op === 'Exists' && (asString(tol['value']) ?? '') !== '')
      errs.push({
        field: `${f}.operator`,
        type: 'FieldValueInvalid',
        value: tol['value'],
        detail: "value must be empty when `operator` is 'Exists'"
      })
    if (op !== '' && op !== 'Exists' && op !== 'Equal')
      errs.push({
        field: `${f}.operator`,
        type: 'FieldValueNotSupported',
        value: op,
        detail: '"Equal", "Exists"'
      })
    if (tol['tolerationSeconds'] !== undefined && tol['effect'] !== 'NoExecute')
      errs.push({
        field: `${f}.effect`,
        type: 'FieldValueInvalid',
        value: tol['effect'] ?? '',
        detail: "effect must be 'NoExecute' when `tolerationSeconds` is set"
      })
  })
}

function validateNodeAffinity(spec: Obj, errs: FieldError[]): void {
  const req = asObj(
    asObj(asObj(spec['affinity'])['nodeAffinity'])[
      'requiredDuringSchedulingIgnoredDuringExecution'
    ]
  )
  const base =
    'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms'
  asArray(req['nodeSelectorTerms']).forEach((term, i) => {
    const t = asObj(term)
    asArray(t['matchExpressions']).forEach((e, j) => {
      const ex = asObj(e)
      const f = `${base}[${i}].matchExpressions[${j}]`
      const n = asArray(ex['values']).length
      switch (ex['operator']) {
        case 'In':
        case 'NotIn':
          if (n === 0)
            errs.push({
              field: `${f}.values`,
              type: 'FieldValueRequired',
              detail: "must be specified when `operator` is 'In' or 'NotIn'"
            })
          break
        case 'Exists':
        case 'DoesNotExist':
          if (n > 0)
            errs.push({
              field: `${f}.values`,
              type: 'FieldValueForbidden',
              detail:
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            })
          break
        case 'Gt':
        case 'Lt':
          if (n !== 1)
            errs.push({
              field: `${f}.values`,
              type: 'FieldValueRequired',
              detail:
                "must be specified single value when `operator` is 'Lt' or 'Gt'"
            })
          break
        default:
          errs.push({
            field: `${f}.operator`,
            type: 'FieldValueInvalid',
            value: ex['operator'] ?? '',
            detail: 'not a valid selector operator'
          })
      }
    })
    asArray(t['matchFields']).forEach((e, j) => {
      const ex = asObj(e)
      const f = `${base}[${i}].matchFields[${j}]`
      if (ex['key'] !== 'metadata.name')
        errs.push({
          field: `${f}.key`,
          type: 'FieldValueInvalid',
          value: ex['key'] ?? '',
          detail: 'not a valid field selector key'
        })
      if (asArray(ex['values']).length !== 1)
        errs.push({
          field: `${f}.values`,
          type: 'FieldValueRequired',
          detail:
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
        })
    })
  })
}

function validateContainers(spec: Obj, errs: FieldError[]): void {
  const containers = asArray(spec['containers'])
  if (containers.length === 0)
    errs.push({
      field: 'spec.template.spec.containers',
      type: 'FieldValueRequired',
      detail: ''
    })
  const seen = new Set<string>()
  for (const field of ['initContainers', 'containers']) {
    asArray(spec[field]).forEach((c, i) => {
      const con = asObj(c)
      const f = `spec.template.spec.${field}[${i}]`
      const name = asString(con['name']) ?? ''
      if (name === '')
        errs.push({
          field: `${f}.name`,
          type: 'FieldValueRequired',
          detail: ''
        })
      else if (!DNS_LABEL.test(name))
        errs.push({
          field: `${f}.name`,
          type: 'FieldValueInvalid',
          value: name,
          detail:
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
        })
      else if (seen.has(name))
        errs.push({
          field: `${f}.name`,
          type: 'FieldValueInvalid',
          value: name,
          detail: 'Duplicate value'
        })
      seen.add(name)
      if ((asString(con['image']) ?? '').trim() === '')
        errs.push({
          field: `${f}.image`,
          type: 'FieldValueRequired',
          detail: ''
        })
    })
  }
}

/** R8.5: DaemonSet create validation (after defaulting). */
export function validateDaemonSet(ds: Obj): FieldError[] {
  const errs: FieldError[] = []
  const meta = asObj(ds['metadata'])
  errs.push(...validateObjectName(meta['name']))
  const spec = asObj(ds['spec'])
  const selector = spec['selector']
  const template = asObj(spec['template'])
  const templateLabels = asObj(asObj(template['metadata'])['labels']) as Record<
    string,
    string
  >
  if (!isObj(selector)) {
    errs.push({
      field: 'spec.selector',
      type: 'FieldValueRequired',
      detail: ''
    })
  } else {
    const reqs = labelSelectorRequirements(selector)
    if (reqs === undefined) {
      errs.push({
        field: 'spec.selector.matchExpressions',
        type: 'FieldValueInvalid',
        value: selector,
        detail: 'not a valid selector operator'
      })
    } else if (reqs.length === 0) {
      errs.push({
        field: 'spec.selector',
        type: 'FieldValueInvalid',
        value: selector,
        detail: 'empty selector is invalid for daemonset'
      })
    } else if (!matchesLabelRequirements(reqs, templateLabels)) {
      errs.push({
        field: 'spec.template.metadata.labels',
        type: 'FieldValueInvalid',
        value: templateLabels,
        detail: '`selector` does not match template `labels`'
      })
    }
  }
  const podSpec = asObj(template['spec'])
  validateContainers(podSpec, errs)
  const rp = podSpec['restartPolicy']
  if (rp !== 'Always')
    errs.push({
      field: 'spec.template.spec.restartPolicy',
      type: 'FieldValueNotSupported',
      value: rp ?? '',
      detail: '"Always"'
    })
  if (podSpec['activeDeadlineSeconds'] !== undefined)
    errs.push({
      field: 'spec.template.spec.activeDeadlineSeconds',
      type: 'FieldValueForbidden',
      detail: 'activeDeadlineSeconds in DaemonSet is not Supported'
    })
  validateTolerations(
    podSpec['tolerations'],
    'spec.template.spec.tolerations',
    errs
  )
  validateNodeAffinity(podSpec, errs)
  validateNonNegative(spec['minReadySeconds'], 'spec.minReadySeconds', errs)
  validateNonNegative(
    spec['templateGeneration'],
    'spec.templateGeneration',
    errs
  )
  validateNonNegative(
    spec['revisionHistoryLimit'],
    'spec.revisionHistoryLimit',
    errs
  )
  validateStrategy(asObj(spec['updateStrategy']), errs)
  errs.push(...validateResourceQuantities(podSpec, 'spec.template.spec'))
  return errs
}

/** R8.6 / R4.8: update validation (selector immutable) plus the create rules. */
export function validateDaemonSetUpdate(next: Obj, old: Obj): FieldError[] {
  const errs = validateDaemonSet(next)
  const a = asObj(next['spec'])['selector']
  const b = asObj(old['spec'])['selector']
  if (!deepEqual(a, b))
    errs.push({
      field: 'spec.selector',
      type: 'FieldValueInvalid',
      value: a,
      detail: 'field is immutable'
    })
  return errs
}

export function validateDaemonSetStatusUpdate(
  next: Obj,
  old: Obj
): FieldError[] {
  const a = asObj(next['status'])['collisionCount']
  const b = asObj(old['status'])['collisionCount']
  if (typeof b === 'number' && (typeof a !== 'number' || a < b))
    return [
      {
        field: 'status.collisionCount',
        type: 'FieldValueInvalid',
        value: a ?? null,
        detail: 'cannot be decremented'
      }
    ]
  return []
}

/** Container lists of a pod spec whose resources hold quantities. */
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers']

/** Every quantity of a pod spec with its field path. */
function podSpecQuantities(
  spec: Obj,
  prefix: string
): { field: string; value: unknown }[] {
  const out: { field: string; value: unknown }[] = []
  for (const list of CONTAINER_LISTS)
    asArray(spec[list]).forEach((c, i) => {
      const resources = asObj(asObj(c)['resources'])
      for (const kind of ['requests', 'limits'])
        for (const [name, value] of Object.entries(asObj(resources[kind])))
          out.push({
            field: `${prefix}.${list}[${i}].resources.${kind}[${name}]`,
            value
          })
    })
  for (const [name, value] of Object.entries(asObj(spec['overhead'])))
    out.push({ field: `${prefix}.overhead[${name}]`, value })
  return out
}

function quantitiesOf(obj: Obj): { field: string; value: unknown }[] {
  const kind = obj['kind']
  const spec = asObj(obj['spec'])
  if (kind === 'Pod') return podSpecQuantities(spec, 'spec')
  if (kind === 'DaemonSet')
    return podSpecQuantities(
      asObj(asObj(spec['template'])['spec']),
      'spec.template.spec'
    )
  if (kind === 'Node') {
    const status = asObj(obj['status'])
    return ['capacity', 'allocatable'].flatMap((k) =>
      Object.entries(asObj(status[k])).map(([name, value]) => ({
        field: `status.${k}[${name}]`,
        value
      }))
    )
  }
  return []
}

/**
 * The decode error a real API server answers (400 BadRequest) when a
 * quantity in the body is not one: resource.Quantity fails to unmarshal
 * before any validation runs, e.g. `DaemonSet in version "v1" cannot be
 * handled as a DaemonSet: quantities must match the regular expression
 * '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.
 */
export function quantityDecodeError(obj: Obj): string | undefined {
  for (const { value } of quantitiesOf(obj)) {
    const r = readQuantity(value)
    if (!r.ok) {
      const kind = String(obj['kind'])
      const version = String(obj['apiVersion'] ?? 'v1').replace(/^.*\//, '')
      return `${kind} in version "${version}" cannot be handled as a ${kind}: ${r.message}`
    }
  }
  return undefined
}

/**
 * ValidateResourceRequirements for a pod spec: no negative quantity, and a
 * request never above its limit (the real messages).
 */
export function validateResourceQuantities(
  spec: Obj,
  prefix: string
): FieldError[] {
  const errs: FieldError[] = []
  for (const list of CONTAINER_LISTS)
    asArray(spec[list]).forEach((c, i) => {
      const resources = asObj(asObj(c)['resources'])
      const requests = asObj(resources['requests'])
      const limits = asObj(resources['limits'])
      const base = `${prefix}.${list}[${i}].resources`
      for (const [kind, values] of [
        ['limits', limits],
        ['requests', requests]
      ] as const)
        for (const [name, value] of Object.entries(values)) {
          const q = parseQuantity(value)
          if (q !== undefined && q < 0n)
            errs.push({
              field: `${base}.${kind}[${name}]`,
              type: 'FieldValueInvalid',
              value: String(value),
              detail: 'must be greater than or equal to 0'
            })
        }
      for (const [name, value] of Object.entries(requests)) {
        const req = parseQuantity(value)
        const lim = parseQuantity(limits[name])
        if (req !== undefined && lim !== undefined && req > lim)
          errs.push({
            field: `${base}.requests`,
            type: 'FieldValueInvalid',
            value: String(value),
            detail: `must be less than or equal to ${name} limit of ${String(limits[name])}`
          })
      }
    })
  return errs
}
