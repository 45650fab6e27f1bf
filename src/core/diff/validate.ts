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
import type { Finding } from '../plan/types.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { at, mapsOf, stringMap } from './json.js'
import { imageTagAndDigest, isMap, type JsonMap } from './normalize.js'
import { validateAffinity, validateTolerations } from './validate-scheduling.js'
import { validateStrategy, validateSurgeHostPort } from './validate-strategy.js'
import { validateShape } from './validate-shape.js'

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const REMOVED_API_VERSIONS = new Set([
  'extensions/v1beta1',
  'apps/v1beta2',
  'apps/v1beta1'
])

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

/** No digest, and no tag or `latest`: what runs depends on when a node pulled. */
function isMutableImage(image: string): boolean {
  const { tag, digest } = imageTagAndDigest(image)
  return digest === '' && (tag === '' || tag === 'latest')
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
      else if (isMutableImage(c.image))
        out.push(
          makeFinding(
            ref,
            'warning',
            'mutable-image-tag',
            `container ${JSON.stringify(name)} uses ${JSON.stringify(c.image)} (no tag or :latest, so imagePullPolicy defaults to Always, R8.2a): nodes can run different builds, a new build at the same tag starts no rollout, and a rollback does not bring the old build back. Pin a version tag or digest`,
            `spec.template.spec.${list}[${i}].image`
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
  // A field of the wrong type: the API server refuses the object while
  // decoding it, before any other check; the checks below assume the types.
  const shape = validateShape(ref, raw)
  if (shape.length > 0) return [...out, ...shape]
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
