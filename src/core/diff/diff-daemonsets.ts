/**
 * The semantic diff of every DaemonSet between two manifest sets: matched
 * by namespace/name, normalised (R8.1-R8.4), compared field by field, and
 * classified by whether the change replaces pods (R4.3).
 */
import type { DaemonSet } from '../k8s/types.js'
import { lineOfField } from '../manifests/field-lines.js'
import type { ManifestObject, SourcePosition } from '../manifests/types.js'
import type {
  ChangeKind,
  FieldChange,
  Finding,
  RolloutPlan
} from '../plan/types.js'
import {
  changedConfigs,
  configChangeFor,
  configKey,
  configRefs,
  removedConfigs,
  renamedConfigs,
  type RenamedConfig
} from './config-refs.js'
import { deepEqual, diffValues, type RawChange } from './field-diff.js'
import {
  isMap,
  namespaceOf,
  normalizeDaemonSet,
  type JsonMap
} from './normalize.js'
import { REDACTED, redactAt } from './redact.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { validateDaemonSet } from './validate.js'

/**
 * Error codes about an object's shape: a DaemonSet with one of them is not
 * simulated. Other errors (a deprecated apiVersion, a hazard such as
 * host-port-with-surge) leave the object readable, so the plan still shows
 * what its rollout would do.
 */
export const SHAPE_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid-field-type',
  'invalid-quantity'
])

export interface DaemonSetDiff {
  namespace: string
  name: string
  change: ChangeKind
  /** Head's position, or base's for a removal. */
  source: SourcePosition
  baseSource?: SourcePosition
  /** The manifests as written (not normalised). */
  base?: DaemonSet
  head?: DaemonSet
  rollout: Pick<RolloutPlan, 'triggered' | 'reason'>
  changes: FieldChange[]
  findings: Finding[]
  /**
   * Set when the head has an error finding about its shape (a field of the
   * wrong type, a value the simulation cannot read): it is not simulated,
   * so no wrongly typed value reaches code that assumes a type. The
   * sentence says why.
   */
  invalid?: string
  /** Generated ConfigMaps/Secrets renamed by a new hash, diffed by content. */
  renamedConfigs?: RenamedConfig[]
}

export interface ManifestDiff {
  daemonSets: DaemonSetDiff[]
  /** Findings not tied to one DaemonSet. */
  findings: Finding[]
}

interface Side {
  entry: ManifestObject
  normal: JsonMap
}

function isTemplatePath(path: string): boolean {
  return path === 'spec.template' || /^spec\.template[.[ ]/.test(path)
}

function nameOf(object: DaemonSet): string {
  const name = object.metadata?.name
  return typeof name === 'string' ? name : ''
}

function collect(
  objects: ManifestObject[],
  duplicates: (
    first: ManifestObject,
    again: ManifestObject,
    key: string
  ) => void
): Map<string, Side> {
  const out = new Map<string, Side>()
  for (const entry of objects) {
    if (entry.object.kind !== 'DaemonSet') continue
    const key = `${namespaceOf(entry.object)}/${nameOf(entry.object)}`
    const first = out.get(key)
    if (first !== undefined) {
      duplicates(first.entry, entry, key)
      continue
    }
    out.set(key, { entry, normal: normalizeDaemonSet(entry.object) })
  }
  return out
}

const CONTAINER_ARGS =
  /^spec\.template\.spec\.(initContainers|containers|ephemeralContainers)\[name=([^\]]+)\]\.args$/

/** The executable of the container whose args changed, for the short password flags of known programs (`mysql -p`). */
function programOf(
  path: string,
  normal: JsonMap | undefined
): string | undefined {
  const m = CONTAINER_ARGS.exec(path)
  if (m === null || normal === undefined) return undefined
  const spec = isMap(normal.spec) ? normal.spec : undefined
  const template =
    spec !== undefined && isMap(spec.template) ? spec.template : undefined
  const podSpec =
    template !== undefined && isMap(template.spec) ? template.spec : undefined
  const list = podSpec?.[m[1] ?? '']
  if (!Array.isArray(list)) return undefined
  const container: unknown = list.find((c) => isMap(c) && c.name === m[2])
  if (!isMap(container) || !Array.isArray(container.command)) return undefined
  const first: unknown = container.command[0]
  return typeof first === 'string' ? first : undefined
}

function toFieldChange(
  raw: RawChange,
  fieldLines: Record<string, number> | undefined,
  before?: JsonMap,
  after?: JsonMap
): FieldChange {
  const change: FieldChange = {
    path: raw.path,
    template: isTemplatePath(raw.path)
  }
  const line = lineOfField(fieldLines, raw.headPath)
  if (line !== undefined) change.line = line
  if (raw.before !== undefined)
    change.before = redactAt(raw.path, raw.before, programOf(raw.path, before))
  if (raw.after !== undefined)
    change.after = redactAt(raw.path, raw.after, programOf(raw.path, after))
  return change
}

/** `spec.template.spec.containers[name=a].image` → `containers[name=a].image`, for short reasons. */
function shortPath(path: string): string {
  return path
    .replace(/^spec\.template\.spec\./, '')
    .replace(/^spec\.template\./, 'template.')
}

function listed(paths: string[], limit = 3): string {
  const shown = paths.slice(0, limit).join(', ')
  return paths.length > limit
    ? `${shown} and ${paths.length - limit} more`
    : shown
}

function updateStrategyType(normal: JsonMap): unknown {
  const spec = isMap(normal.spec) ? normal.spec : {}
  return isMap(spec.updateStrategy) ? spec.updateStrategy.type : undefined
}

function rolloutFor(
  change: ChangeKind,
  changes: FieldChange[],
  head: JsonMap | undefined
): Pick<RolloutPlan, 'triggered' | 'reason'> {
  if (change === 'added')
    return {
      triggered: true,
      reason: 'New DaemonSet: a pod is created on every eligible node.'
    }
  if (change === 'removed')
    return {
      triggered: false,
      reason:
        'DaemonSet removed from the manifests: if it is deleted, its pods are deleted on every node.'
    }
  if (change === 'unchanged') return { triggered: false, reason: 'No change.' }
  const template = changes
    .filter((c) => c.template)
    .map((c) => shortPath(c.path))
  if (template.length > 0) {
    const what = `spec.template changed (${listed(template)})`
    if (head !== undefined && updateStrategyType(head) === 'OnDelete')
      return {
        triggered: true,
        reason: `${what}: a new revision, but updateStrategy is OnDelete, so pods are replaced only when they are deleted (R3.14).`
      }
    return { triggered: true, reason: `${what}: every pod is replaced (R4.3).` }
  }
  const other = changes.map((c) => c.path)
  return {
    triggered: false,
    reason: `Only fields outside spec.template changed (${listed(other)}): no pod is replaced (R4.3).`
  }
}

function podSpecOf(normal: JsonMap): unknown {
  const spec = isMap(normal.spec) ? normal.spec : {}
  return isMap(spec.template) ? spec.template.spec : undefined
}

/** Diffs the DaemonSets of two manifest sets. Pure; never includes Secret data. */
export function diffDaemonSets(
  base: ManifestObject[],
  head: ManifestObject[]
): ManifestDiff {
  const globalFindings: Finding[] = []
  const duplicateFindings = new Map<string, Finding[]>()
  const baseSides = collect(base, (first, again, key) => {
    globalFindings.push({
      severity: 'warning',
      code: 'duplicate-daemonset',
      message: `the base defines DaemonSet ${key} twice (also at ${first.source.file}:${first.source.line}); the first one is used`,
      file: again.source.file,
      line: again.source.line
    })
  })
  const headSides = collect(head, (first, again, key) => {
    const [namespace = '', name = ''] = key.split('/')
    const list = duplicateFindings.get(key) ?? []
    list.push(
      makeFinding(
        { namespace, name, source: again.source },
        'error',
        'duplicate-daemonset',
        `DaemonSet ${key} is defined twice (first at ${first.source.file}:${first.source.line}); applying both makes the last one win. Remove one`
      )
    )
    duplicateFindings.set(key, list)
  })
  const configs = changedConfigs(base, head)
  const removed = removedConfigs(base, head)
  for (const change of configs.values())
    if (change.immutable)
      globalFindings.push({
        severity: 'error',
        code: 'immutable-config-changed',
        message: `${change.kind} ${change.namespace}/${change.name} is immutable but its data changed (${listed(change.keys, 5)}); the API server rejects the update. Create it under a new name instead`,
        file: change.file,
        line: change.line
      })

  const keys = [...new Set([...baseSides.keys(), ...headSides.keys()])]
  const results: DaemonSetDiff[] = []
  for (const key of keys) {
    const before = baseSides.get(key)
    const after = headSides.get(key)
    const current = (after ?? before) as Side
    const namespace = namespaceOf(current.entry.object)
    const name = nameOf(current.entry.object)
    const ref: DaemonSetRef = {
      namespace,
      name,
      source: current.entry.source,
      fieldLines: current.entry.fieldLines
    }
    const findings: Finding[] = [...(duplicateFindings.get(key) ?? [])]
    let changes: FieldChange[] = []
    let change: ChangeKind
    if (before === undefined) change = 'added'
    else if (after === undefined) change = 'removed'
    else {
      changes = diffValues(before.normal, after.normal).map((raw) =>
        toFieldChange(raw, after.entry.fieldLines, before.normal, after.normal)
      )
      change = changes.length > 0 ? 'modified' : 'unchanged'
      const selectorBefore = isMap(before.normal.spec)
        ? before.normal.spec.selector
        : undefined
      const selectorAfter = isMap(after.normal.spec)
        ? after.normal.spec.selector
        : undefined
      if (!deepEqual(selectorBefore, selectorAfter))
        findings.push(
          makeFinding(
            ref,
            'error',
            'selector-changed',
            'spec.selector changed, but it is immutable in apps/v1: the apply fails with "field is immutable" (R4.8). ' +
              'To change it, delete the DaemonSet with --cascade=orphan and create it again, or create it under a new name'
          )
        )
    }
    const rollout = rolloutFor(change, changes, after?.normal)
    let invalid: string | undefined
    if (after !== undefined) {
      const validation = validateDaemonSet(
        ref,
        after.entry.object as JsonMap,
        after.normal
      )
      findings.push(...validation)
      const errors = validation.filter(
        (f) => f.severity === 'error' && SHAPE_ERROR_CODES.has(f.code)
      )
      const first = errors[0]
      if (first !== undefined)
        invalid =
          `the API server would refuse this DaemonSet's shape (${first.code} at line ${first.line ?? ref.source.line}` +
          `${errors.length > 1 ? ` and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}` : ''}), so it was not simulated; fix the error findings first`
      const refs = configRefs(podSpecOf(after.normal))
      for (const configRef of refs)
        if (
          !configRef.optional &&
          removed.has(configKey(configRef.kind, namespace, configRef.name))
        )
          findings.push(
            makeFinding(
              ref,
              'warning',
              'referenced-config-removed',
              `${configRef.kind} ${namespace}/${configRef.name} is no longer in the manifests, but the DaemonSet still ${configRef.via === 'env' ? 'reads it as environment variables' : 'mounts it'}: once it is deleted, every new or replaced pod fails to start ` +
                `(${configRef.via === 'env' ? 'CreateContainerConfigError' : 'stuck in ContainerCreating'}). Keep it, remove the reference, or mark it optional`
            )
          )
      if (!rollout.triggered)
        for (const configRef of refs) {
          const changed = configChangeFor(configs, namespace, configRef)
          if (changed === undefined) continue
          const how =
            configRef.via === 'env'
              ? 'the pods read it as environment variables, which are fixed at container start'
              : 'the kubelet refreshes mounted files after a delay (never for subPath mounts), but the process must notice and reload them'
          findings.push(
            makeFinding(
              ref,
              'warning',
              'config-change-without-rollout',
              `${changed.kind} ${namespace}/${changed.name} changed (${listed(changed.keys, 5)}) but the DaemonSet template did not, so no pod is replaced: ${how}. ` +
                'Add a checksum of the config to spec.template.metadata.annotations, or run kubectl rollout restart after applying'
            )
          )
        }
    }
    let renamed: RenamedConfig[] = []
    if (before !== undefined && after !== undefined) {
      renamed = renamedConfigs(
        podSpecOf(before.normal),
        podSpecOf(after.normal),
        namespace,
        base,
        head,
        REDACTED
      )
      for (const r of renamed)
        findings.push(
          makeFinding(
            ref,
            'info',
            'config-renamed',
            `${r.kind} ${namespace}/${r.after} replaces ${r.before} (a generated name: kustomize's hash suffix changed), so the pods are replaced; by content, ` +
              (r.changes.length === 0
                ? 'nothing changed but the name'
                : `${r.changes.length} key${r.changes.length === 1 ? '' : 's'} changed: ${listed(
                    r.changes.map(
                      (c) =>
                        `${c.key} (${'before' in c ? ('after' in c ? 'changed' : 'removed') : 'added'})`
                    ),
                    5
                  )}`)
          )
        )
    }
    const result: DaemonSetDiff = {
      namespace,
      name,
      change,
      source: current.entry.source,
      rollout,
      changes,
      findings
    }
    if (invalid !== undefined) result.invalid = invalid
    if (renamed.length > 0) result.renamedConfigs = renamed
    if (before !== undefined) {
      result.base = before.entry.object
      result.baseSource = before.entry.source
    }
    if (after !== undefined) result.head = after.entry.object
    results.push(result)
  }

  // A namespace change is a removal plus an addition; say so once.
  for (const added of results.filter((r) => r.change === 'added')) {
    const moved = results.find(
      (r) => r.change === 'removed' && r.name === added.name
    )
    if (moved !== undefined)
      added.findings.push(
        makeFinding(
          added,
          'info',
          'namespace-changed',
          `DaemonSet ${added.name} moved from namespace ${moved.namespace} to ${added.namespace}: this creates a new DaemonSet (new pods on every eligible node) and deleting the old one removes its pods; both run side by side in between`
        )
      )
  }
  return { daemonSets: results, findings: globalFindings }
}
