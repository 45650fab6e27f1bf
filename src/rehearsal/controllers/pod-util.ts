import { parseTime } from '../clock.js'
import { asArray, asObj, asString, isObj, type Obj } from '../json.js'

export const HASH_LABEL = 'controller-revision-hash'
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation'

/** R7.2: spec.nodeName, else the single matchFields metadata.name value. */
export function targetNodeOf(pod: Obj): string | undefined {
  const spec = asObj(pod['spec'])
  const bound = asString(spec['nodeName'])
  if (bound) return bound
  const terms = asArray(
    asObj(
      asObj(
        asObj(asObj(spec['affinity'])['nodeAffinity'])[
          'requiredDuringSchedulingIgnoredDuringExecution'
        ]
      )
    )['nodeSelectorTerms']
  )
  for (const t of terms) {
    for (const f of asArray(asObj(t)['matchFields'])) {
      const req = asObj(f)
      const values = asArray(req['values'])
      if (
        req['key'] === 'metadata.name' &&
        req['operator'] === 'In' &&
        values.length === 1
      )
        return String(values[0])
    }
  }
  return undefined
}

export function isTerminal(pod: Obj): boolean {
  const phase = asObj(pod['status'])['phase']
  return phase === 'Succeeded' || phase === 'Failed'
}

export function isDeleting(pod: Obj): boolean {
  return asObj(pod['metadata'])['deletionTimestamp'] !== undefined
}

function readyCondition(pod: Obj): Obj | undefined {
  const c = asArray(asObj(pod['status'])['conditions']).find(
    (x) => isObj(x) && x['type'] === 'Ready'
  )
  return isObj(c) ? c : undefined
}

/** R3.7 */
export function isPodReady(pod: Obj): boolean {
  return readyCondition(pod)?.['status'] === 'True'
}

/** R3.8: Ready for minReadySeconds (`lastTransitionTime + minReadySeconds <= now`). */
export function isPodAvailable(
  pod: Obj,
  minReadySeconds: number,
  now: number
): boolean {
  const c = readyCondition(pod)
  if (c?.['status'] !== 'True') return false
  if (minReadySeconds <= 0) return true
  const t = parseTime(c['lastTransitionTime'])
  if (t === undefined) return false
  return t + minReadySeconds * 1000 <= now
}

/** R7.3: hash label equals the current hash, or pod-template-generation equals templateGeneration. */
export function isPodUpdated(
  pod: Obj,
  hash: string,
  templateGeneration: string | undefined
): boolean {
  const labels = asObj(asObj(pod['metadata'])['labels'])
  const templateMatches =
    templateGeneration !== undefined &&
    labels[TEMPLATE_GENERATION_LABEL] === templateGeneration
  const hashMatches = hash.length > 0 && labels[HASH_LABEL] === hash
  return hashMatches || templateMatches
}

/** podByCreationTimestampAndPhase: bound first, then oldest, then name. */
export function compareOldestFirst(a: Obj, b: Obj): number {
  const ba = (asString(asObj(a['spec'])['nodeName']) ?? '') !== ''
  const bb = (asString(asObj(b['spec'])['nodeName']) ?? '') !== ''
  if (ba !== bb) return ba ? -1 : 1
  const ta = parseTime(asObj(a['metadata'])['creationTimestamp']) ?? 0
  const tb = parseTime(asObj(b['metadata'])['creationTimestamp']) ?? 0
  if (ta !== tb) return ta - tb
  const na = asString(asObj(a['metadata'])['name']) ?? ''
  const nb = asString(asObj(b['metadata'])['name']) ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}

export function controllerRefUid(obj: Obj): string | undefined {
  const ref = asArray(asObj(obj['metadata'])['ownerReferences']).find(
    (r) => isObj(r) && r['controller'] === true
  )
  return isObj(ref) ? asString(ref['uid']) : undefined
}
