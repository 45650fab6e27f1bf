/**
 * Validation of one head DaemonSet, following the API server's own checks
 * (R3.6, R8.5, R8.6) so that the plan reports what `kubectl apply` would
 * refuse before anyone runs it, plus the rollout hazards of R3.15.
 */
import {
  labelSelectorIsEmpty,
  labelSelectorMatches
} from '../k8s/label-selector.js'
import type { LabelSelector } from '../k8s/types.js'
import type { SourcePosition } from '../manifests/types.js'
import type { Finding, Severity } from '../plan/types.js'
import { defaultPullPolicy, isMap, type JsonMap } from './normalize.js'

export interface DaemonSetRef {
  namespace: string
  name: string
  source: SourcePosition
  /** Line of each field, from the parser; findings point at their field when known. */
  fieldLines?: Record<string, number> | undefined
}

/** Where findings with a fixed subject point. */
const CODE_PATHS: Record<string, string> = {
  'deprecated-api-version': 'apiVersion',
  'unknown-api-version': 'apiVersion',
  'invalid-name': 'metadata.name',
  'missing-selector': 'spec',
  'empty-selector': 'spec.selector',
  'selector-mismatch': 'spec.selector',
  'selector-changed': 'spec.selector',
  'invalid-restart-policy': 'spec.template.spec.restartPolicy',
  'active-deadline-seconds': 'spec.template.spec.activeDeadlineSeconds',
  'invalid-update-strategy': 'spec.updateStrategy.type',
  'max-surge-requires-max-unavailable-zero':
    'spec.updateStrategy.rollingUpdate.maxSurge',
  'max-surge-and-max-unavailable-both-set':
    'spec.updateStrategy.rollingUpdate.maxSurge',
  'max-surge-and-max-unavailable-both-zero':
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
  'host-port-with-surge': 'spec.updateStrategy.rollingUpdate.maxSurge'
}

const LEADING_PATH = /^(?:spec|metadata)(?:\.[A-Za-z_][\w]*|\[\d+\])*/

/** The line of `path`, or of its nearest ancestor that has one. */
export function lineOf(ref: DaemonSetRef, path: string | undefined): number {
  const lines = ref.fieldLines
  let current = path
  while (lines !== undefined && current !== undefined && current !== '') {
    const line = lines[current]
    if (line !== undefined) return line
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['))
    current = cut > 0 ? current.slice(0, cut) : undefined
  }
  return ref.source.line
}

/**
 * A finding about one DaemonSet. Its line is the line of the field it is
 * about: `path`, else the code's fixed subject, else the field path the
 * message starts with, else the object's first line.
 */
export function makeFinding(
  ref: DaemonSetRef,
  severity: Severity,
  code: string,
  message: string,
  path?: string
): Finding {
  const subject = path ?? CODE_PATHS[code] ?? LEADING_PATH.exec(message)?.[0]
  return {
    severity,
    code,
    message,
    file: ref.source.file,
    line: lineOf(ref, subject),
    namespace: ref.namespace,
    name: ref.name
  }
}

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const PERCENT = /^[0-9]+%$/
const REMOVED_API_VERSIONS = new Set([
  'extensions/v1beta1',
  'apps/v1beta2',
  'apps/v1beta1'
])

function at(object: unknown, ...keys: (string | number)[]): unknown {
  let current: unknown = object
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[key]
    } else {
      if (!isMap(current)) return undefined
      current = current[key]
    }
  }
  return current
}

function mapsOf(value: unknown): JsonMap[] {
  return Array.isArray(value) ? value.filter(isMap) : []
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isMap(value)) return out
  for (const [k, v] of Object.entries(value)) out[k] = String(v)
  return out
}

/** Checks one intstr value per ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function intOrPercentProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      return 'must be an integer or a percent string'
    return value < 0 ? 'must be greater than or equal to 0' : undefined
  }
  if (typeof value === 'string') {
    if (!PERCENT.test(value))
      return "must be an integer or a percent string such as '10%' (a string without '%' is rejected)"
    return Number(value.slice(0, -1)) > 100
      ? 'must not be greater than 100%'
      : undefined
  }
  return 'must be an integer or a percent string'
}

function isZero(value: unknown): boolean {
  return (
    value === 0 ||
    (typeof value === 'string' &&
      PERCENT.test(value) &&
      Number(value.slice(0, -1)) === 0)
  )
}

function validateStrategy(
  ref: DaemonSetRef,
  raw: JsonMap,
  normal: JsonMap,
  out: Finding[]
): void {
  const type = at(normal, 'spec', 'updateStrategy', 'type')
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-update-strategy',
        `spec.updateStrategy.type ${JSON.stringify(type)} is not supported: use RollingUpdate or OnDelete (R3.6)`
      )
    )
    return
  }
  if (type !== 'RollingUpdate') return
  const path = 'spec.updateStrategy.rollingUpdate'
  const maxUnavailable = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxUnavailable'
  )
  const maxSurge = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxSurge'
  )
  let valid = true
  for (const [field, value] of [
    ['maxUnavailable', maxUnavailable],
    ['maxSurge', maxSurge]
  ] as const) {
    const problem = intOrPercentProblem(value)
    if (problem !== undefined) {
      valid = false
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-int-or-percent',
          `${path}.${field} ${JSON.stringify(value)} ${problem} (R3.6)`
        )
      )
    }
  }
  if (!valid) return
  const unavailableGiven =
    at(raw, 'spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable') !==
      undefined &&
    at(raw, 'spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable') !==
      null
  if (!isZero(maxSurge) && !isZero(maxUnavailable)) {
    if (!unavailableGiven)
      out.push(
        makeFinding(
          ref,
          'error',
          'max-surge-requires-max-unavailable-zero',
          `${path}.maxSurge is ${JSON.stringify(maxSurge)} but maxUnavailable is not set: the API server defaults it to 1 and then rejects the DaemonSet ` +
            `("maxSurge: may not be set when maxUnavailable is non-zero"). Fix: add maxUnavailable: 0 (R3.6, R8.1)`
        )
      )
    else
      out.push(
        makeFinding(
          ref,
          'error',
          'max-surge-and-max-unavailable-both-set',
          `${path}: maxSurge ${JSON.stringify(maxSurge)} and maxUnavailable ${JSON.stringify(maxUnavailable)} are both non-zero; the API server rejects this ` +
            `("may not be set when maxUnavailable is non-zero"). Set exactly one of them to 0 (R3.6)`
        )
      )
  } else if (isZero(maxSurge) && isZero(maxUnavailable)) {
    out.push(
      makeFinding(
        ref,
        'error',
        'max-surge-and-max-unavailable-both-zero',
        `${path}: maxUnavailable and maxSurge are both 0, so no pod could ever be replaced; the API server rejects this ` +
          `("cannot be 0 when maxSurge is 0"). Set one of them above 0 (R3.6)`
      )
    )
  }
}

function validateSelector(
  ref: DaemonSetRef,
  raw: JsonMap,
  normal: JsonMap,
  out: Finding[]
): void {
  const selector = at(normal, 'spec', 'selector')
  if (selector === undefined || at(raw, 'spec', 'selector') == null) {
    out.push(
      makeFinding(
        ref,
        'error',
        'missing-selector',
        'spec.selector is required in apps/v1 (older API versions derived it from the template labels); ' +
          'set spec.selector.matchLabels to the template labels (R8.5)'
      )
    )
    return
  }
  if (!isMap(selector) || labelSelectorIsEmpty(selector as LabelSelector)) {
    out.push(
      makeFinding(
        ref,
        'error',
        'empty-selector',
        'spec.selector is empty; the API server rejects it ("empty selector is invalid for daemonset") (R8.5)'
      )
    )
    return
  }
  for (const [i, req] of mapsOf(selector.matchExpressions).entries()) {
    const op = req.operator
    const values = Array.isArray(req.values) ? req.values : []
    const problem =
      op === 'In' || op === 'NotIn'
        ? values.length === 0
          ? 'needs at least one value'
          : undefined
        : op === 'Exists' || op === 'DoesNotExist'
          ? values.length > 0
            ? 'must have no values'
            : undefined
          : `has unknown operator ${JSON.stringify(op)}`
    if (problem !== undefined)
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-selector',
          `spec.selector.matchExpressions[${i}] ${problem}`
        )
      )
  }
  const labels = stringMap(at(normal, 'spec', 'template', 'metadata', 'labels'))
  if (!labelSelectorMatches(selector as LabelSelector, labels))
    out.push(
      makeFinding(
        ref,
        'error',
        'selector-mismatch',
        'spec.selector does not match spec.template.metadata.labels; the API server rejects it ' +
          '("`selector` does not match template `labels`") (R8.5)'
      )
    )
}

function validateTolerations(
  ref: DaemonSetRef,
  podSpec: JsonMap,
  out: Finding[]
): void {
  for (const [i, t] of mapsOf(podSpec.tolerations).entries()) {
    const where = `spec.template.spec.tolerations[${i}]`
    const key = typeof t.key === 'string' ? t.key : ''
    const operator = t.operator ?? 'Equal'
    const problems: string[] = []
    if (
      operator !== 'Equal' &&
      operator !== 'Exists' &&
      operator !== 'Lt' &&
      operator !== 'Gt'
    )
      problems.push(
        `operator ${JSON.stringify(operator)} is not supported (Equal or Exists)`
      )
    if (key === '' && operator !== 'Exists')
      problems.push('an empty key requires operator Exists')
    if (operator === 'Exists' && t.value !== undefined && t.value !== '')
      problems.push('operator Exists requires an empty value')
    if (
      t.effect !== undefined &&
      t.effect !== '' &&
      !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(
        String(t.effect)
      )
    )
      problems.push(
        `effect ${JSON.stringify(t.effect)} is not NoSchedule, PreferNoSchedule or NoExecute`
      )
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      problems.push('tolerationSeconds requires effect NoExecute')
    for (const p of problems)
      out.push(
        makeFinding(ref, 'error', 'invalid-toleration', `${where}: ${p} (R8.6)`)
      )
  }
}

function nodeRequirementProblem(
  req: JsonMap,
  field: boolean
): string | undefined {
  const values = Array.isArray(req.values) ? req.values : []
  if (field && req.key !== 'metadata.name')
    return 'matchFields supports only the key metadata.name'
  if (
    field &&
    ((req.operator !== 'In' && req.operator !== 'NotIn') || values.length !== 1)
  )
    return 'matchFields on metadata.name needs operator In or NotIn with exactly one value'
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0
        ? `operator ${req.operator} needs at least one value`
        : undefined
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0
        ? `operator ${req.operator} must have no values`
        : undefined
    case 'Gt':
    case 'Lt':
      return values.length !== 1 || !/^-?\d+$/.test(String(values[0]))
        ? `operator ${req.operator} needs exactly one integer value`
        : undefined
    default:
      return `operator ${JSON.stringify(req.operator)} is not supported`
  }
}

function validateAffinity(
  ref: DaemonSetRef,
  podSpec: JsonMap,
  out: Finding[]
): void {
  const base = 'spec.template.spec.affinity.nodeAffinity'
  const nodeAffinity = at(podSpec, 'affinity', 'nodeAffinity')
  if (!isMap(nodeAffinity)) return
  const terms: [string, JsonMap][] = []
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
  if (isMap(required)) {
    const list = mapsOf(required.nodeSelectorTerms)
    if (list.length === 0)
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-node-affinity',
          `${base}.requiredDuringSchedulingIgnoredDuringExecution needs at least one nodeSelectorTerm (R8.6)`
        )
      )
    list.forEach((t, i) =>
      terms.push([
        `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
        t
      ])
    )
  }
  mapsOf(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach(
    (p, i) => {
      if (isMap(p.preference))
        terms.push([
          `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
          p.preference
        ])
    }
  )
  for (const [where, term] of terms) {
    for (const [field, isField] of [
      ['matchExpressions', false],
      ['matchFields', true]
    ] as const)
      mapsOf(term[field]).forEach((req, j) => {
        const problem = nodeRequirementProblem(req, isField)
        if (problem !== undefined)
          out.push(
            makeFinding(
              ref,
              'error',
              'invalid-node-affinity',
              `${where}.${field}[${j}]: ${problem} (R8.6)`
            )
          )
      })
  }
}

function validatePodTemplate(
  ref: DaemonSetRef,
  normal: JsonMap,
  out: Finding[]
): void {
  const podSpec = at(normal, 'spec', 'template', 'spec')
  if (!isMap(podSpec)) {
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-pod-template',
        'spec.template.spec is missing'
      )
    )
    return
  }
  const containers = mapsOf(podSpec.containers)
  if (containers.length === 0)
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-pod-template',
        'spec.template.spec.containers is empty: a pod needs at least one container'
      )
    )
  const names = new Set<string>()
  for (const list of ['initContainers', 'containers'] as const)
    for (const [i, c] of mapsOf(podSpec[list]).entries()) {
      const name = typeof c.name === 'string' ? c.name : ''
      if (name === '')
        out.push(
          makeFinding(
            ref,
            'error',
            'invalid-pod-template',
            `spec.template.spec.${list}[${i}] has no name`
          )
        )
      else if (names.has(name))
        out.push(
          makeFinding(
            ref,
            'error',
            'invalid-pod-template',
            `spec.template.spec.${list}[${i}]: container name ${JSON.stringify(name)} is used twice`
          )
        )
      names.add(name)
      if (typeof c.image !== 'string' || c.image === '')
        out.push(
          makeFinding(
            ref,
            'error',
            'invalid-pod-template',
            `spec.template.spec.${list}[${i}] has no image`
          )
        )
      else if (defaultPullPolicy(c.image) === 'Always')
        out.push(
          makeFinding(
            ref,
            'warning',
            'mutable-image-tag',
            `container ${JSON.stringify(name)} uses ${JSON.stringify(c.image)} (no tag or :latest): nodes can run different builds, and a new build at the same tag starts no rollout. Pin a version tag or digest`
          )
        )
    }
  if (podSpec.restartPolicy !== 'Always')
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-restart-policy',
        `spec.template.spec.restartPolicy is ${JSON.stringify(podSpec.restartPolicy)}; a DaemonSet only supports Always (R8.5)`
      )
    )
  if (podSpec.activeDeadlineSeconds !== undefined)
    out.push(
      makeFinding(
        ref,
        'error',
        'active-deadline-seconds',
        'spec.template.spec.activeDeadlineSeconds is forbidden in a DaemonSet template (R8.5); remove it'
      )
    )
  validateTolerations(ref, podSpec, out)
  validateAffinity(ref, podSpec, out)
}

/** hostPort (or hostNetwork with container ports) with surge deadlocks the rollout (R3.15). */
function validateSurgeHostPort(
  ref: DaemonSetRef,
  normal: JsonMap,
  out: Finding[]
): void {
  if (at(normal, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate') return
  const maxSurge = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxSurge'
  )
  if (isZero(maxSurge) || intOrPercentProblem(maxSurge) !== undefined) return
  const podSpec = at(normal, 'spec', 'template', 'spec')
  const hostNetwork = at(podSpec, 'hostNetwork') === true
  const ports = mapsOf(at(podSpec, 'containers')).flatMap((c) =>
    mapsOf(c.ports)
  )
  const bound = ports.filter((p) => p.hostPort !== undefined || hostNetwork)
  if (bound.length === 0) return
  const port = bound[0]?.hostPort ?? bound[0]?.containerPort
  out.push(
    makeFinding(
      ref,
      'warning',
      'host-port-with-surge',
      `maxSurge ${JSON.stringify(maxSurge)} with ${hostNetwork ? 'hostNetwork ports' : 'hostPort'} (${String(port)}): the surge pod cannot bind the port the old pod still holds, stays Pending, and the rollout deadlocks (R3.15). Use maxSurge: 0 with maxUnavailable instead`
    )
  )
}

/** Every API-level problem of one head DaemonSet. `raw` is the manifest as written, `normal` the normalised copy. */
export function validateDaemonSet(
  ref: DaemonSetRef,
  raw: JsonMap,
  normal: JsonMap
): Finding[] {
  const out: Finding[] = []
  const apiVersion = raw.apiVersion
  if (typeof apiVersion === 'string' && REMOVED_API_VERSIONS.has(apiVersion))
    out.push(
      makeFinding(
        ref,
        'error',
        'deprecated-api-version',
        `${apiVersion} DaemonSets are no longer served (removed in Kubernetes 1.16); use apps/v1, which requires spec.selector and defaults updateStrategy to RollingUpdate`
      )
    )
  else if (apiVersion !== 'apps/v1')
    out.push(
      makeFinding(
        ref,
        'error',
        'unknown-api-version',
        `apiVersion ${JSON.stringify(apiVersion)} is not a served DaemonSet version; use apps/v1`
      )
    )
  const name = at(raw, 'metadata', 'name')
  if (typeof name !== 'string' || name === '')
    out.push(
      makeFinding(ref, 'error', 'invalid-name', 'metadata.name is missing')
    )
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-name',
        `metadata.name ${JSON.stringify(name)} is not a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters) (R8.5)`
      )
    )
  validateSelector(ref, raw, normal, out)
  validatePodTemplate(ref, normal, out)
  validateStrategy(ref, raw, normal, out)
  for (const field of ['minReadySeconds', 'revisionHistoryLimit']) {
    const value = at(normal, 'spec', field)
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-spec-value',
          `spec.${field} ${JSON.stringify(value)} must be an integer ≥ 0 (R8.5)`
        )
      )
  }
  validateSurgeHostPort(ref, normal, out)
  return out
}
