/**
 * ConfigMaps and Secrets a DaemonSet's pods read. Pods read env vars only at
 * start, and a changed ConfigMap or Secret alone does not change the
 * template, so no rollout happens: the plan has to say so.
 */
import type { ManifestObject } from '../manifests/types.js'
import { deepEqual } from './field-diff.js'
import { mapsOf } from './json.js'
import { isMap, namespaceOf, type JsonMap } from './normalize.js'

export type ConfigKind = 'ConfigMap' | 'Secret'

export interface ConfigRef {
  kind: ConfigKind
  name: string
  /** How the pods read it: as files (volume, projected) or as env. */
  via: 'volume' | 'env'
  /** True when every reference is marked `optional: true` (pods start without it). */
  optional: boolean
}

function nameOf(value: unknown, field = 'name'): string | undefined {
  if (!isMap(value)) return undefined
  const name = value[field]
  return typeof name === 'string' && name !== '' ? name : undefined
}

/** Every ConfigMap and Secret the pod spec mounts or reads, deduplicated. */
export function configRefs(podSpec: unknown): ConfigRef[] {
  const refs = new Map<string, ConfigRef>()
  const add = (
    kind: ConfigKind,
    holder: unknown,
    via: ConfigRef['via'],
    field = 'name'
  ) => {
    const name = nameOf(holder, field)
    if (name === undefined) return
    const optional = isMap(holder) && holder.optional === true
    const key = `${kind}/${name}`
    const known = refs.get(key)
    refs.set(key, {
      kind,
      name,
      // env wins: it is the case where even a kubelet refresh does not help.
      via: known?.via === 'env' ? 'env' : via,
      optional: (known?.optional ?? true) && optional
    })
  }
  if (!isMap(podSpec)) return []
  for (const volume of mapsOf(podSpec.volumes)) {
    add('ConfigMap', volume.configMap, 'volume')
    add('Secret', volume.secret, 'volume', 'secretName')
    for (const source of mapsOf(
      isMap(volume.projected) ? volume.projected.sources : undefined
    )) {
      add('ConfigMap', source.configMap, 'volume')
      add('Secret', source.secret, 'volume')
    }
  }
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const container of mapsOf(podSpec[list])) {
      for (const env of mapsOf(container.env)) {
        const from = isMap(env.valueFrom) ? env.valueFrom : {}
        add('ConfigMap', from.configMapKeyRef, 'env')
        add('Secret', from.secretKeyRef, 'env')
      }
      for (const envFrom of mapsOf(container.envFrom)) {
        add('ConfigMap', envFrom.configMapRef, 'env')
        add('Secret', envFrom.secretRef, 'env')
      }
    }
  return [...refs.values()]
}

/** The content of a ConfigMap or Secret as key → value, so data/stringData/binaryData compare alike. */
function contentOf(object: JsonMap): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const decode = (value: unknown): unknown => {
    if (typeof value !== 'string') return value
    try {
      return atob(value.replace(/\s+/g, ''))
    } catch {
      return value
    }
  }
  if (object.kind === 'Secret') {
    for (const [k, v] of Object.entries(isMap(object.data) ? object.data : {}))
      out[k] = decode(v)
    for (const [k, v] of Object.entries(
      isMap(object.stringData) ? object.stringData : {}
    ))
      out[k] = v
  } else {
    for (const [k, v] of Object.entries(isMap(object.data) ? object.data : {}))
      out[k] = v
    for (const [k, v] of Object.entries(
      isMap(object.binaryData) ? object.binaryData : {}
    ))
      out[`binary:${k}`] = v
  }
  return out
}

export interface ConfigChange {
  kind: ConfigKind
  namespace: string
  name: string
  /** Keys added, removed or changed (names only: never values). */
  keys: string[]
  immutable: boolean
  file: string
  line: number
}

export function configKey(
  kind: string,
  namespace: string,
  name: string
): string {
  return `${kind}/${namespace}/${name}`
}

function indexConfigs(objects: ManifestObject[]): Map<string, ManifestObject> {
  const index = new Map<string, ManifestObject>()
  for (const entry of objects) {
    const { kind, metadata } = entry.object
    if (kind !== 'ConfigMap' && kind !== 'Secret') continue
    const name = metadata?.name
    if (typeof name !== 'string') continue
    index.set(configKey(kind, namespaceOf(entry.object), name), entry)
  }
  return index
}

/** ConfigMaps and Secrets present on both sides whose content differs, by `Kind/namespace/name`. */
export function changedConfigs(
  base: ManifestObject[],
  head: ManifestObject[]
): Map<string, ConfigChange> {
  const before = indexConfigs(base)
  const changes = new Map<string, ConfigChange>()
  for (const [key, entry] of indexConfigs(head)) {
    const old = before.get(key)
    if (old === undefined) continue
    const a = contentOf(old.object as JsonMap)
    const b = contentOf(entry.object as JsonMap)
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => !deepEqual(a[k], b[k]))
      .map((k) => k.replace(/^binary:/, ''))
      .sort()
    if (keys.length === 0) continue
    changes.set(key, {
      kind: entry.object.kind as ConfigKind,
      namespace: namespaceOf(entry.object),
      name: String(entry.object.metadata?.name),
      keys,
      immutable: old.object.immutable === true,
      file: entry.source.file,
      line: entry.source.line
    })
  }
  return changes
}

export function configChangeFor(
  changes: Map<string, ConfigChange>,
  namespace: string,
  ref: ConfigRef
): ConfigChange | undefined {
  return changes.get(configKey(ref.kind, namespace, ref.name))
}

/** ConfigMaps and Secrets in the base that the head no longer defines, by `Kind/namespace/name`. */
export function removedConfigs(
  base: ManifestObject[],
  head: ManifestObject[]
): Set<string> {
  const after = indexConfigs(head)
  return new Set([...indexConfigs(base).keys()].filter((k) => !after.has(k)))
}

/**
 * kustomize's name hash (configMapGenerator, secretGenerator): `-` and ten
 * characters of its encoding alphabet (hex digits with 0, 1, 3, a, e
 * replaced by consonants, so no word is spelled).
 */
const GENERATED_SUFFIX = /-[bcdfghkmt2456789]{10}$/

/** The name without a kustomize hash suffix; undefined when it has none. */
export function generatedStem(name: string): string | undefined {
  return GENERATED_SUFFIX.test(name)
    ? name.replace(GENERATED_SUFFIX, '')
    : undefined
}

/** One key of a renamed ConfigMap or Secret, compared by content. */
export interface RenamedConfigKey {
  key: string
  /** Absent when the key is new. Secret values are never given: `(redacted)`. */
  before?: unknown
  after?: unknown
}

/** A generated ConfigMap or Secret whose hash suffix changed, diffed against its predecessor. */
export interface RenamedConfig {
  kind: ConfigKind
  namespace: string
  /** The name in the base (old hash). */
  before: string
  /** The name in the head (new hash). */
  after: string
  /** Keys added, removed or changed; empty when only the name changed. */
  changes: RenamedConfigKey[]
}

/**
 * ConfigMaps and Secrets a head DaemonSet references under a generated name
 * (kustomize hash suffix) that the base referenced under another hash of
 * the same stem: the old and the new object, compared by content. Without
 * this the plan shows only the reference's new name.
 */
export function renamedConfigs(
  basePodSpec: unknown,
  headPodSpec: unknown,
  namespace: string,
  base: ManifestObject[],
  head: ManifestObject[],
  redacted: string
): RenamedConfig[] {
  const before = configRefs(basePodSpec)
  const after = configRefs(headPodSpec)
  const baseIndex = indexConfigs(base)
  const headIndex = indexConfigs(head)
  const out: RenamedConfig[] = []
  for (const ref of after) {
    const stem = generatedStem(ref.name)
    if (stem === undefined) continue
    if (before.some((b) => b.kind === ref.kind && b.name === ref.name)) continue
    const old = before.find(
      (b) =>
        b.kind === ref.kind &&
        b.name !== ref.name &&
        generatedStem(b.name) === stem
    )
    if (old === undefined) continue
    const oldObject = baseIndex.get(configKey(ref.kind, namespace, old.name))
    const newObject = headIndex.get(configKey(ref.kind, namespace, ref.name))
    if (oldObject === undefined || newObject === undefined) continue
    const a = contentOf(oldObject.object as JsonMap)
    const b = contentOf(newObject.object as JsonMap)
    const changes: RenamedConfigKey[] = []
    for (const key of [
      ...new Set([...Object.keys(a), ...Object.keys(b)])
    ].sort()) {
      if (deepEqual(a[key], b[key])) continue
      const change: RenamedConfigKey = { key: key.replace(/^binary:/, '') }
      const secret = ref.kind === 'Secret' || key.startsWith('binary:')
      if (key in a) change.before = secret ? redacted : a[key]
      if (key in b) change.after = secret ? redacted : b[key]
      changes.push(change)
    }
    out.push({
      kind: ref.kind,
      namespace,
      before: old.name,
      after: ref.name,
      changes
    })
  }
  return out
}
