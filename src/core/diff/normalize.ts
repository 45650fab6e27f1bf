/**
 * Brings a DaemonSet into the shape the API server stores, so that a diff
 * sees only what the server would see: the apps/v1 defaults (R8.1) and the
 * pod-template defaults (R8.2-R8.2e) are filled in on both sides, and the
 * server-owned noise of R8.4 is dropped. Pod-only defaults are NOT added
 * (R8.2f): they never appear in a template. Resource quantities are left as
 * written; the diff compares them numerically (R8.2d).
 */

export type JsonMap = Record<string, unknown>

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The namespace a manifest object lands in when it names none. */
export const DEFAULT_NAMESPACE = 'default'

const NOISY_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink'
]

const NOISY_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deprecated.daemonset.template.generation'
]

/** Fields that are Go maps with omitempty: `{}` and absent are the same. */
const OMITEMPTY_MAPS = new Set([
  'labels',
  'annotations',
  'nodeSelector',
  'requests',
  'limits',
  'matchLabels'
])

/**
 * Non-pointer Go fields with omitempty: their zero value is not stored, so
 * `hostNetwork: false` or `initialDelaySeconds: 0` equal an absent field.
 * Pointer fields (`privileged`, `runAsNonRoot`, `automountServiceAccountToken`,
 * `mountPropagation`, ...) are not listed: for them false/0/"" is a value.
 */
const ZERO_IS_ABSENT: Record<string, unknown> = {
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
  stdin: false,
  stdinOnce: false,
  tty: false,
  readOnly: false,
  initialDelaySeconds: 0,
  hostPort: 0,
  hostIP: '',
  subPath: '',
  subPathExpr: '',
  workingDir: '',
  nodeName: '',
  hostname: '',
  subdomain: '',
  priorityClassName: '',
  serviceAccountName: '',
  value: ''
}

/**
 * Drops nulls, empty lists, empty string maps and omitempty zero values: the
 * server does not store them, so `env: []`, `env:` and no `env` are one
 * thing. Entries of string maps (labels, annotations) are kept as written.
 */
function prune(value: unknown, key: string, inStringMap = false): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item, ''))
    return items.length === 0 ? undefined : items
  }
  if (isMap(value)) {
    const out: JsonMap = {}
    const stringMap = OMITEMPTY_MAPS.has(key)
    for (const [k, v] of Object.entries(value)) {
      const pruned = prune(v, k, stringMap)
      if (pruned !== undefined) out[k] = pruned
    }
    if (stringMap && Object.keys(out).length === 0) return undefined
    return out
  }
  if (value === null) return undefined
  if (!inStringMap && key in ZERO_IS_ABSENT && ZERO_IS_ABSENT[key] === value)
    return undefined
  return value
}

function child(parent: JsonMap, key: string): JsonMap | undefined {
  const value = parent[key]
  return isMap(value) ? value : undefined
}

function ensureMap(parent: JsonMap, key: string): JsonMap {
  const value = parent[key]
  if (isMap(value)) return value
  const created: JsonMap = {}
  parent[key] = created
  return created
}

function setDefault(target: JsonMap, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value
}

function mapsOf(value: unknown): JsonMap[] {
  return Array.isArray(value) ? value.filter(isMap) : []
}

/** The tag and digest of an image reference (`registry:5000/a/b:tag@sha256:...`). */
export function imageTagAndDigest(image: string): {
  tag: string
  digest: string
} {
  const at = image.indexOf('@')
  const digest = at === -1 ? '' : image.slice(at + 1)
  const name = at === -1 ? image : image.slice(0, at)
  const lastSegment = name.slice(name.lastIndexOf('/') + 1)
  const colon = lastSegment.lastIndexOf(':')
  return { tag: colon === -1 ? '' : lastSegment.slice(colon + 1), digest }
}

/**
 * The API server's default pull policy (R8.2a, SetDefaults_Container): Always
 * when the tag is `latest` or the image has neither tag nor digest (the tag
 * then defaults to latest), IfNotPresent otherwise.
 */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent'
  const { tag, digest } = imageTagAndDigest(image)
  if (tag === 'latest' || (tag === '' && digest === '')) return 'Always'
  return 'IfNotPresent'
}

function normalizeHttpGet(handler: JsonMap | undefined): void {
  const httpGet = handler && child(handler, 'httpGet')
  if (httpGet === undefined) return
  setDefault(httpGet, 'path', '/')
  setDefault(httpGet, 'scheme', 'HTTP')
}

function normalizeProbe(probe: JsonMap | undefined): void {
  if (probe === undefined) return
  setDefault(probe, 'timeoutSeconds', 1)
  setDefault(probe, 'periodSeconds', 10)
  setDefault(probe, 'successThreshold', 1)
  setDefault(probe, 'failureThreshold', 3)
  normalizeHttpGet(probe)
  const grpc = child(probe, 'grpc')
  if (grpc !== undefined) setDefault(grpc, 'service', '')
}

function normalizeFieldRef(holder: JsonMap | undefined): void {
  const fieldRef = holder && child(holder, 'fieldRef')
  if (fieldRef !== undefined) setDefault(fieldRef, 'apiVersion', 'v1')
}

function normalizeContainer(container: JsonMap): void {
  setDefault(container, 'imagePullPolicy', defaultPullPolicy(container.image))
  setDefault(container, 'terminationMessagePath', '/dev/termination-log')
  setDefault(container, 'terminationMessagePolicy', 'File')
  for (const port of mapsOf(container.ports))
    setDefault(port, 'protocol', 'TCP')
  setDefault(container, 'resources', {})
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
    normalizeProbe(child(container, probe))
  const lifecycle = child(container, 'lifecycle')
  if (lifecycle !== undefined) {
    normalizeHttpGet(child(lifecycle, 'postStart'))
    normalizeHttpGet(child(lifecycle, 'preStop'))
  }
  for (const env of mapsOf(container.env))
    normalizeFieldRef(child(env, 'valueFrom'))
}

const DEFAULT_MODE = 0o644

function normalizeVolume(volume: JsonMap): void {
  const sources = Object.keys(volume).filter((k) => k !== 'name')
  if (sources.length === 0) volume.emptyDir = {}
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const spec = child(volume, source)
    if (spec !== undefined) setDefault(spec, 'defaultMode', DEFAULT_MODE)
  }
  const hostPath = child(volume, 'hostPath')
  if (hostPath !== undefined) setDefault(hostPath, 'type', '')
  const downwardAPI = child(volume, 'downwardAPI')
  for (const item of mapsOf(downwardAPI?.items)) normalizeFieldRef(item)
  const projected = child(volume, 'projected')
  for (const source of mapsOf(projected?.sources)) {
    const token = child(source, 'serviceAccountToken')
    if (token !== undefined) setDefault(token, 'expirationSeconds', 3600)
    for (const item of mapsOf(child(source, 'downwardAPI')?.items))
      normalizeFieldRef(item)
  }
}

function normalizePodSpec(spec: JsonMap): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst')
  setDefault(spec, 'restartPolicy', 'Always')
  setDefault(spec, 'securityContext', {})
  setDefault(spec, 'terminationGracePeriodSeconds', 30)
  setDefault(spec, 'schedulerName', 'default-scheduler')
  // serviceAccount is the deprecated mirror of serviceAccountName.
  if (
    spec.serviceAccountName === undefined &&
    spec.serviceAccount !== undefined
  )
    spec.serviceAccountName = spec.serviceAccount
  if (spec.serviceAccount === spec.serviceAccountName)
    delete spec.serviceAccount
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const container of mapsOf(spec[list])) normalizeContainer(container)
  for (const volume of mapsOf(spec.volumes)) normalizeVolume(volume)
}

function normalizeMetadata(metadata: JsonMap | undefined): void {
  if (metadata === undefined) return
  for (const key of NOISY_METADATA) delete metadata[key]
  const annotations = child(metadata, 'annotations')
  if (annotations !== undefined) {
    for (const key of NOISY_ANNOTATIONS) delete annotations[key]
    if (Object.keys(annotations).length === 0) delete metadata.annotations
  }
}

/** The API group/version's DaemonSet defaults (R8.1); extensions/v1beta1 defaulted to OnDelete. */
function normalizeDaemonSetSpec(spec: JsonMap, apiVersion: unknown): void {
  const legacy = apiVersion === 'extensions/v1beta1'
  const strategy = ensureMap(spec, 'updateStrategy')
  setDefault(strategy, 'type', legacy ? 'OnDelete' : 'RollingUpdate')
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureMap(strategy, 'rollingUpdate')
    setDefault(rolling, 'maxUnavailable', 1)
    setDefault(rolling, 'maxSurge', 0)
  }
  setDefault(spec, 'revisionHistoryLimit', 10)
  setDefault(spec, 'minReadySeconds', 0)
  delete spec.templateGeneration
  const template = child(spec, 'template')
  if (template === undefined) return
  const templateMeta = child(template, 'metadata')
  if (templateMeta !== undefined) {
    delete templateMeta.creationTimestamp
    if (Object.keys(templateMeta).length === 0) delete template.metadata
  }
  const podSpec = child(template, 'spec')
  if (podSpec !== undefined) normalizePodSpec(podSpec)
  // extensions/v1beta1 defaulted a missing selector to the template labels.
  if (legacy && spec.selector === undefined) {
    const labels = templateMeta && child(templateMeta, 'labels')
    if (labels !== undefined) spec.selector = { matchLabels: { ...labels } }
  }
}

/** The namespace of a manifest object, `default` when it names none. */
export function namespaceOf(object: { metadata?: unknown }): string {
  const metadata = isMap(object.metadata) ? object.metadata : {}
  return typeof metadata.namespace === 'string' && metadata.namespace !== ''
    ? metadata.namespace
    : DEFAULT_NAMESPACE
}

/**
 * A deep copy of the DaemonSet as the server would store it, for diffing.
 * The input is not modified.
 */
export function normalizeDaemonSet(object: unknown): JsonMap {
  const source = isMap(object) ? object : {}
  const copy = (prune(structuredClone(source), '') ?? {}) as JsonMap
  delete copy.status
  const metadata = ensureMap(copy, 'metadata')
  normalizeMetadata(metadata)
  metadata.namespace = namespaceOf(copy)
  const spec = ensureMap(copy, 'spec')
  normalizeDaemonSetSpec(spec, copy.apiVersion)
  return copy
}
