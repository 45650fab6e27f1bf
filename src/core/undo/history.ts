import type { DaemonSet, JsonValue } from '../k8s/types.js'
import type { ControllerRevision } from './types.js'

/**
 * R6.2 step 3: keep the revisions whose controller ownerReference is the
 * DaemonSet (metav1.IsControlledBy). The caller lists them with the
 * DaemonSet's selector as labelSelector (step 2).
 */
export function controlledRevisions(
  revisions: ControllerRevision[],
  ds: DaemonSet
): ControllerRevision[] {
  const uid = ds.metadata?.uid
  return revisions.filter((r) =>
    r.metadata?.ownerReferences?.some(
      (o) => o.controller === true && uid !== undefined && o.uid === uid
    )
  )
}

export type RevisionPick =
  { ok: true; revision: ControllerRevision } | { ok: false; message: string }

/**
 * R6.1, R6.3, R6.4: the revision `kubectl rollout undo` goes back to.
 * toRevision 0 takes the second highest `.revision`, whatever the current
 * template is; n takes the revision numbered n.
 */
export function pickRollbackRevision(
  revisions: ControllerRevision[],
  toRevision: number
): RevisionPick {
  if (toRevision < 0) {
    return {
      ok: false,
      message: `unable to find specified revision ${toRevision} in history`
    }
  }
  if (toRevision > 0) {
    const found = revisions.find((r) => (r.revision ?? 0) === toRevision)
    return found === undefined
      ? {
          ok: false,
          message: `unable to find specified revision ${toRevision} in history`
        }
      : { ok: true, revision: found }
  }
  if (revisions.length <= 1)
    return { ok: false, message: 'no last revision to roll back to' }
  const sorted = [...revisions].sort(
    (a, b) => (a.revision ?? 0) - (b.revision ?? 0)
  )
  return { ok: true, revision: sorted[sorted.length - 2] as ControllerRevision }
}

/** The highest-numbered revision (the current one once observed, R4.6). */
export function latestRevision(
  revisions: ControllerRevision[]
): ControllerRevision | undefined {
  let best: ControllerRevision | undefined
  for (const r of revisions) {
    if (best === undefined || (r.revision ?? 0) > (best.revision ?? 0)) best = r
  }
  return best
}

/** A revision's hash: its controller-revision-hash label, else its name's suffix (R4.5/R4.6). */
export function revisionHash(
  revision: ControllerRevision,
  dsName: string
): string | undefined {
  const label = revision.metadata?.labels?.['controller-revision-hash']
  if (label !== undefined) return label
  const name = revision.metadata?.name
  if (name?.startsWith(`${dsName}-`) === true)
    return name.slice(dsName.length + 1)
  return name
}

/** data.spec.template of a revision, when present. */
export function revisionTemplate(
  revision: ControllerRevision
): JsonValue | undefined {
  const data = revision.data
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return undefined
  const spec = data['spec']
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    return undefined
  return spec['template']
}
