/**
 * The API server's value checks on a DaemonSet's metadata and pod template
 * (k8s.io/kubernetes pkg/apis/core/validation and apps/validation,
 * apimachinery's label and name rules), for the fields docs/diff.md lists.
 * Runs after validate-shape.ts, so every field read here has its API type.
 * Each problem is an error finding at the field's line, worded with the
 * API server's own rule, so a plan is green only when `kubectl apply
 * --dry-run=server` would accept the object.
 */
import { validLabelValue } from '../k8s/node-affinity.js'
import { parseQuantity } from '../k8s/quantity.js'
import type { Finding } from '../plan/types.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { isMap, type JsonMap } from './normalize.js'

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP'])
const PULL_POLICIES = new Set(['Always', 'IfNotPresent', 'Never'])
const TOTAL_ANNOTATION_BYTES = 256 * 1024

/** apimachinery IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/')
  let name = key
  if (parts.length === 2) {
    const prefix = parts[0] ?? ''
    name = parts[1] ?? ''
    if (prefix === '') return 'prefix part must be non-empty'
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
      return 'prefix part must be a lowercase RFC 1123 subdomain (at most 253 characters)'
  } else if (parts.length > 2)
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"
  if (name === '') return 'name part must be non-empty'
  if (name.length > 63) return 'name part must be no more than 63 characters'
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  return undefined
}

/** apimachinery IsValidPortName (IANA_SVC_NAME). */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters'
  if (!IANA_SVC_NAME.test(name))
    return "must contain only lowercase alphanumeric characters or '-', and start and end with an alphanumeric character"
  if (name.includes('--')) return "must not contain consecutive hyphens ('--')"
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)'
  return undefined
}

/** Quantities as the API grammar reads them: no spaces, parseable, ≥ 0. */
function quantityProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== value.trim())
    return 'must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$ (no spaces)'
  const parsed = parseQuantity(value)
  if (parsed === undefined)
    return 'must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$ (for example 100m, 0.5, 64Mi, 1Gi)'
  if (parsed < 0n) return 'must be greater than or equal to 0'
  return undefined
}

type Add = (code: string, message: string, path: string) => void

function checkLabels(add: Add, labels: unknown, path: string): void {
  if (!isMap(labels)) return
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key)
    if (keyProblem !== undefined)
      add(
        'invalid-label',
        `${path}: label key ${JSON.stringify(key)} is invalid: ${keyProblem}`,
        `${path}.${key}`
      )
    if (typeof value === 'string' && !validLabelValue(value))
      add(
        'invalid-label',
        `${path}.${key}: label value ${JSON.stringify(value)} is invalid: must be 63 characters or less, and empty or begin and end with an alphanumeric character, with '-', '_', '.' or alphanumerics between`,
        `${path}.${key}`
      )
  }
}

function checkAnnotations(add: Add, annotations: unknown, path: string): void {
  if (!isMap(annotations)) return
  let total = 0
  for (const [key, value] of Object.entries(annotations)) {
    total += key.length + (typeof value === 'string' ? value.length : 0)
    const problem = qualifiedNameProblem(key.toLowerCase())
    if (problem !== undefined)
      add(
        'invalid-annotation',
        `${path}: annotation key ${JSON.stringify(key)} is invalid: ${problem}`,
        `${path}.${key}`
      )
  }
  if (total > TOTAL_ANNOTATION_BYTES)
    add(
      'invalid-annotation',
      `${path}: annotations may not be larger than 256 KiB in total (these are ${total} characters)`,
      path
    )
}

function checkSelector(add: Add, selector: unknown, path: string): void {
  if (!isMap(selector)) return
  checkLabels(add, selector.matchLabels, `${path}.matchLabels`)
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : []
  expressions.forEach((req: unknown, i: number) => {
    if (!isMap(req)) return
    const at = `${path}.matchExpressions[${i}]`
    if (typeof req.key === 'string') {
      const problem = qualifiedNameProblem(req.key)
      if (problem !== undefined)
        add(
          'invalid-label',
          `${at}.key ${JSON.stringify(req.key)} is invalid: ${problem}`,
          `${at}.key`
        )
    }
    const values = Array.isArray(req.values) ? req.values : []
    values.forEach((value: unknown, j: number) => {
      if (typeof value === 'string' && !validLabelValue(value))
        add(
          'invalid-label',
          `${at}.values[${j}] ${JSON.stringify(value)} is not a valid label value (63 characters or less, alphanumeric at both ends)`,
          `${at}.values[${j}]`
        )
    })
  })
}

function checkPortNumber(
  add: Add,
  value: unknown,
  path: string,
  allowZero: boolean
): void {
  if (typeof value !== 'number') return
  if (value < (allowZero ? 0 : 1) || value > 65535)
    add(
      'invalid-port',
      `${path} ${value} must be between 1 and 65535, inclusive`,
      path
    )
}

/** A probe or handler port: a number 1-65535 or an IANA_SVC_NAME. */
function checkNamedPort(add: Add, value: unknown, path: string): void {
  if (typeof value === 'number') checkPortNumber(add, value, path, false)
  else if (typeof value === 'string') {
    const problem = portNameProblem(value)
    if (problem !== undefined)
      add(
        'invalid-port',
        `${path} ${JSON.stringify(value)} is neither a port number nor a valid port name: ${problem}`,
        path
      )
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const

function checkProbe(
  add: Add,
  probe: unknown,
  path: string,
  kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe'
): void {
  if (!isMap(probe)) return
  const handlers = PROBE_HANDLERS.filter((h) => isMap(probe[h]))
  if (handlers.length === 0)
    add(
      'invalid-probe',
      `${path}: must specify a handler type (exec, httpGet, tcpSocket or grpc)`,
      path
    )
  else if (handlers.length > 1)
    add(
      'invalid-probe',
      `${path}: may not specify more than 1 handler type (has ${handlers.join(' and ')})`,
      path
    )
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold'
  ])
    if (typeof probe[field] === 'number' && probe[field] < 0)
      add(
        'invalid-probe',
        `${path}.${field} must be greater than or equal to 0`,
        `${path}.${field}`
      )
  if (
    kind !== 'readinessProbe' &&
    typeof probe.successThreshold === 'number' &&
    probe.successThreshold !== 1
  )
    add(
      'invalid-probe',
      `${path}.successThreshold must be 1 for a ${kind}`,
      `${path}.successThreshold`
    )
  if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds != null)
    add(
      'invalid-probe',
      `${path}.terminationGracePeriodSeconds must not be set for a readinessProbe`,
      `${path}.terminationGracePeriodSeconds`
    )
  if (
    typeof probe.terminationGracePeriodSeconds === 'number' &&
    probe.terminationGracePeriodSeconds <= 0
  )
    add(
      'invalid-probe',
      `${path}.terminationGracePeriodSeconds must be greater than 0`,
      `${path}.terminationGracePeriodSeconds`
    )
  const http = probe.httpGet
  if (isMap(http)) {
    checkNamedPort(add, http.port, `${path}.httpGet.port`)
    if (http.port === undefined)
      add(
        'invalid-probe',
        `${path}.httpGet.port is required`,
        `${path}.httpGet`
      )
    if (
      typeof http.scheme === 'string' &&
      http.scheme !== 'HTTP' &&
      http.scheme !== 'HTTPS'
    )
      add(
        'invalid-probe',
        `${path}.httpGet.scheme ${JSON.stringify(http.scheme)}: supported values are "HTTP" and "HTTPS"`,
        `${path}.httpGet.scheme`
      )
  }
  const tcp = probe.tcpSocket
  if (isMap(tcp)) {
    checkNamedPort(add, tcp.port, `${path}.tcpSocket.port`)
    if (tcp.port === undefined)
      add(
        'invalid-probe',
        `${path}.tcpSocket.port is required`,
        `${path}.tcpSocket`
      )
  }
  const grpc = probe.grpc
  if (isMap(grpc)) {
    if (grpc.port === undefined)
      add('invalid-probe', `${path}.grpc.port is required`, `${path}.grpc`)
    checkPortNumber(add, grpc.port, `${path}.grpc.port`, false)
  }
  const exec = probe.exec
  if (isMap(exec) && !(Array.isArray(exec.command) && exec.command.length > 0))
    add('invalid-probe', `${path}.exec.command is required`, `${path}.exec`)
}

/** The relaxed rule (RelaxedEnvironmentVariableValidation, on by default since 1.32). */
function envNameProblem(name: string): string | undefined {
  if (name === '') return 'is required'
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 32 || c > 126 || c === 61)
      return "must consist only of printable ASCII characters other than '='"
  }
  return undefined
}

function checkContainer(
  add: Add,
  c: JsonMap,
  path: string,
  volumes: Set<string>,
  hostNetwork: boolean,
  portNames: Map<string, string>,
  hostPorts: Map<string, string>
): void {
  if (typeof c.name === 'string' && c.name !== '') {
    if (c.name.length > 63 || !DNS1123_LABEL.test(c.name))
      add(
        'invalid-pod-template',
        `${path}.name ${JSON.stringify(c.name)} must be a lowercase RFC 1123 label (a-z, 0-9 and '-', alphanumeric at both ends, at most 63 characters)`,
        `${path}.name`
      )
  }
  if (
    typeof c.imagePullPolicy === 'string' &&
    !PULL_POLICIES.has(c.imagePullPolicy)
  )
    add(
      'invalid-pod-template',
      `${path}.imagePullPolicy ${JSON.stringify(c.imagePullPolicy)}: supported values are "Always", "IfNotPresent" and "Never"`,
      `${path}.imagePullPolicy`
    )
  const ports = Array.isArray(c.ports) ? c.ports : []
  ports.forEach((p: unknown, i: number) => {
    if (!isMap(p)) return
    const at = `${path}.ports[${i}]`
    if (p.containerPort === undefined || p.containerPort === null)
      add('invalid-port', `${at}.containerPort is required`, at)
    checkPortNumber(add, p.containerPort, `${at}.containerPort`, false)
    checkPortNumber(add, p.hostPort, `${at}.hostPort`, true)
    if (typeof p.protocol === 'string' && !PROTOCOLS.has(p.protocol))
      add(
        'invalid-port',
        `${at}.protocol ${JSON.stringify(p.protocol)}: supported values are "SCTP", "TCP" and "UDP"`,
        `${at}.protocol`
      )
    if (typeof p.name === 'string' && p.name !== '') {
      const problem = portNameProblem(p.name)
      if (problem !== undefined)
        add(
          'invalid-port',
          `${at}.name ${JSON.stringify(p.name)} is not a valid port name: ${problem}`,
          `${at}.name`
        )
      const first = portNames.get(p.name)
      if (first !== undefined)
        add(
          'invalid-port',
          `${at}.name ${JSON.stringify(p.name)} is a duplicate (first at ${first}): port names must be unique within the pod`,
          `${at}.name`
        )
      else portNames.set(p.name, at)
    }
    if (
      hostNetwork &&
      typeof p.hostPort === 'number' &&
      p.hostPort !== 0 &&
      p.hostPort !== p.containerPort
    )
      add(
        'invalid-port',
        `${at}.hostPort must match containerPort when hostNetwork is true`,
        `${at}.hostPort`
      )
    const hostPort =
      typeof p.hostPort === 'number' && p.hostPort > 0
        ? p.hostPort
        : hostNetwork && typeof p.containerPort === 'number'
          ? p.containerPort
          : undefined
    if (hostPort !== undefined) {
      const key = `${typeof p.protocol === 'string' ? p.protocol : 'TCP'}/${typeof p.hostIP === 'string' ? p.hostIP : ''}:${hostPort}`
      const first = hostPorts.get(key)
      if (first !== undefined)
        add(
          'invalid-port',
          `${at}: host port ${hostPort}/${key.split('/')[0]} is already used by ${first}`,
          at
        )
      else hostPorts.set(key, at)
    }
  })
  const env = Array.isArray(c.env) ? c.env : []
  env.forEach((e: unknown, i: number) => {
    if (!isMap(e)) return
    const at = `${path}.env[${i}]`
    const name = typeof e.name === 'string' ? e.name : ''
    const problem = envNameProblem(name)
    if (problem !== undefined)
      add(
        'invalid-env',
        `${at}.name ${JSON.stringify(name)} ${problem} (a valid environment variable name)`,
        `${at}.name`
      )
    if (typeof e.value === 'string' && e.value !== '' && isMap(e.valueFrom))
      add(
        'invalid-env',
        `${at}.valueFrom may not be specified when value is not empty`,
        `${at}.valueFrom`
      )
    if (isMap(e.valueFrom)) {
      const sources = [
        'fieldRef',
        'resourceFieldRef',
        'configMapKeyRef',
        'secretKeyRef',
        'fileKeyRef'
      ].filter((s) => isMap((e.valueFrom as JsonMap)[s]))
      if (sources.length !== 1)
        add(
          'invalid-env',
          `${at}.valueFrom must have exactly one source (fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef), not ${sources.length}`,
          `${at}.valueFrom`
        )
    }
  })
  const envFrom = Array.isArray(c.envFrom) ? c.envFrom : []
  envFrom.forEach((e: unknown, i: number) => {
    if (!isMap(e)) return
    const at = `${path}.envFrom[${i}]`
    if (typeof e.prefix === 'string' && e.prefix !== '') {
      const problem = envNameProblem(e.prefix)
      if (problem !== undefined)
        add('invalid-env', `${at}.prefix ${problem}`, `${at}.prefix`)
    }
    const sources = ['configMapRef', 'secretRef'].filter((s) => isMap(e[s]))
    if (sources.length !== 1)
      add(
        'invalid-env',
        `${at} must have exactly one of configMapRef or secretRef`,
        at
      )
  })
  const resources = isMap(c.resources) ? c.resources : {}
  const requests = isMap(resources.requests) ? resources.requests : {}
  const limits = isMap(resources.limits) ? resources.limits : {}
  for (const [kind, map] of [
    ['requests', requests],
    ['limits', limits]
  ] as const)
    for (const [name, value] of Object.entries(map)) {
      const problem = quantityProblem(value)
      if (problem !== undefined)
        add(
          'invalid-quantity',
          `${path}.resources.${kind}.${name} ${JSON.stringify(value)} ${problem}`,
          `${path}.resources.${kind}.${name}`
        )
    }
  for (const [name, value] of Object.entries(requests)) {
    if (!(name in limits)) continue
    const request = parseQuantity(value)
    const limit = parseQuantity(limits[name])
    if (request !== undefined && limit !== undefined && request > limit)
      add(
        'requests-above-limits',
        `${path}.resources.requests.${name} ${JSON.stringify(value)} must be less than or equal to ${name} limit of ${JSON.stringify(limits[name])}`,
        `${path}.resources.requests.${name}`
      )
  }
  for (const kind of [
    'livenessProbe',
    'readinessProbe',
    'startupProbe'
  ] as const)
    checkProbe(add, c[kind], `${path}.${kind}`, kind)
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : []
  const mountPaths = new Set<string>()
  mounts.forEach((m: unknown, i: number) => {
    if (!isMap(m)) return
    const at = `${path}.volumeMounts[${i}]`
    if (typeof m.name === 'string' && !volumes.has(m.name))
      add(
        'invalid-volume',
        `${at}.name ${JSON.stringify(m.name)} not found: no volume of that name in spec.template.spec.volumes`,
        `${at}.name`
      )
    if (typeof m.mountPath !== 'string' || m.mountPath === '')
      add('invalid-volume', `${at}.mountPath is required`, at)
    else if (mountPaths.has(m.mountPath))
      add(
        'invalid-volume',
        `${at}.mountPath ${JSON.stringify(m.mountPath)} must be unique within the container`,
        `${at}.mountPath`
      )
    else mountPaths.add(m.mountPath)
  })
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image'
]

function checkVolumes(add: Add, podSpec: JsonMap): Set<string> {
  const names = new Set<string>()
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : []
  volumes.forEach((v: unknown, i: number) => {
    if (!isMap(v)) return
    const at = `spec.template.spec.volumes[${i}]`
    const name = typeof v.name === 'string' ? v.name : ''
    if (name === '') add('invalid-volume', `${at}.name is required`, at)
    else if (name.length > 63 || !DNS1123_LABEL.test(name))
      add(
        'invalid-volume',
        `${at}.name ${JSON.stringify(name)} must be a lowercase RFC 1123 label (a-z, 0-9 and '-', at most 63 characters)`,
        `${at}.name`
      )
    else if (names.has(name))
      add(
        'invalid-volume',
        `${at}.name ${JSON.stringify(name)} is a duplicate`,
        `${at}.name`
      )
    names.add(name)
    const sources = VOLUME_SOURCES.filter((s) => isMap(v[s]))
    if (sources.length > 1)
      add(
        'invalid-volume',
        `${at} may not specify more than 1 volume type (has ${sources.join(' and ')})`,
        at
      )
    const hostPath = v.hostPath
    if (
      isMap(hostPath) &&
      (typeof hostPath.path !== 'string' || hostPath.path === '')
    )
      add('invalid-volume', `${at}.hostPath.path is required`, `${at}.hostPath`)
    const configMap = v.configMap
    if (
      isMap(configMap) &&
      (typeof configMap.name !== 'string' || configMap.name === '')
    )
      add(
        'invalid-volume',
        `${at}.configMap.name is required`,
        `${at}.configMap`
      )
    const emptyDir = v.emptyDir
    if (isMap(emptyDir) && emptyDir.sizeLimit != null) {
      const problem = quantityProblem(emptyDir.sizeLimit)
      if (problem !== undefined)
        add(
          'invalid-quantity',
          `${at}.emptyDir.sizeLimit ${JSON.stringify(emptyDir.sizeLimit)} ${problem}`,
          `${at}.emptyDir.sizeLimit`
        )
    }
    for (const mode of ['secret', 'configMap', 'projected', 'downwardAPI']) {
      const source = v[mode]
      if (isMap(source) && typeof source.defaultMode === 'number') {
        const m = source.defaultMode
        if (m < 0 || m > 0o777)
          add(
            'invalid-volume',
            `${at}.${mode}.defaultMode ${m} must be a file mode between 0 and 0777 (octal), both inclusive`,
            `${at}.${mode}.defaultMode`
          )
      }
    }
  })
  return names
}

/**
 * The API server's value rules for the metadata, selector and pod template
 * of one DaemonSet (`raw` as written, already of the right shape).
 */
export function validatePodSpecValues(
  ref: DaemonSetRef,
  raw: JsonMap
): Finding[] {
  const out: Finding[] = []
  const add: Add = (code, message, path) => {
    if (out.length < 50)
      out.push(makeFinding(ref, 'error', code, message, path))
  }
  const metadata = isMap(raw.metadata) ? raw.metadata : {}
  checkLabels(add, metadata.labels, 'metadata.labels')
  checkAnnotations(add, metadata.annotations, 'metadata.annotations')
  const spec = isMap(raw.spec) ? raw.spec : {}
  checkSelector(add, spec.selector, 'spec.selector')
  const template = isMap(spec.template) ? spec.template : {}
  const templateMeta = isMap(template.metadata) ? template.metadata : {}
  checkLabels(add, templateMeta.labels, 'spec.template.metadata.labels')
  checkAnnotations(
    add,
    templateMeta.annotations,
    'spec.template.metadata.annotations'
  )
  const podSpec = isMap(template.spec) ? template.spec : undefined
  if (podSpec === undefined) return out
  checkLabels(add, podSpec.nodeSelector, 'spec.template.spec.nodeSelector')
  const volumes = checkVolumes(add, podSpec)
  const hostNetwork = podSpec.hostNetwork === true
  const portNames = new Map<string, string>()
  const hostPorts = new Map<string, string>()
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = Array.isArray(podSpec[list]) ? podSpec[list] : []
    containers.forEach((c: unknown, i: number) => {
      if (isMap(c))
        checkContainer(
          add,
          c,
          `spec.template.spec.${list}[${i}]`,
          volumes,
          hostNetwork,
          portNames,
          hostPorts
        )
    })
  }
  if (isMap(podSpec.overhead))
    for (const [name, value] of Object.entries(podSpec.overhead)) {
      const problem = quantityProblem(value)
      if (problem !== undefined)
        add(
          'invalid-quantity',
          `spec.template.spec.overhead.${name} ${JSON.stringify(value)} ${problem}`,
          `spec.template.spec.overhead.${name}`
        )
    }
  for (const field of ['terminationGracePeriodSeconds'])
    if (typeof podSpec[field] === 'number' && podSpec[field] < 0)
      add(
        'invalid-spec-value',
        `spec.template.spec.${field} must be greater than or equal to 0`,
        `spec.template.spec.${field}`
      )
  return out
}
