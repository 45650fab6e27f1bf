import type { DaemonSet } from '../k8s/types.js'
import { templatesEqual } from './compare.js'
import {
  controlledRevisions,
  pickRollbackRevision,
  revisionTemplate
} from './history.js'
import type { ControllerRevision } from './types.js'

export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration'

export type UndoPlan =
  | {
      kind: 'rollback'
      revision: ControllerRevision
      /** R6.7: the PATCH body, exactly revision.data (strategic merge patch). */
      patchBody: string
      warnings: string[]
    }
  | {
      kind: 'skip'
      revision: ControllerRevision
      message: string
      warnings: string[]
    }
  | { kind: 'error'; message: string }

/**
 * What `kubectl rollout undo daemonset/X [--to-revision n]` would do, given
 * the live DaemonSet (already observed, R6.10) and the ControllerRevisions
 * listed with its selector (R6.2).
 */
export function planUndo(
  ds: DaemonSet,
  listed: ControllerRevision[],
  toRevision = 0
): UndoPlan {
  const history = controlledRevisions(listed, ds)
  const pick = pickRollbackRevision(history, toRevision)
  if (!pick.ok) return { kind: 'error', message: pick.message }
  const revision = pick.revision
  const warnings: string[] = []
  if (ds.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
    warnings.push(
      `daemonset ${ds.metadata?.namespace ?? ''}/${ds.metadata?.name ?? ''} has the ${LAST_APPLIED_ANNOTATION} annotation: a later client-side "kubectl apply" re-merges that configuration and may undo this rollback`
    )
  }
  // R6.6 with R6.9: skip when the live template already matches.
  if (templatesEqual(ds.spec?.template, revisionTemplate(revision))) {
    return {
      kind: 'skip',
      revision,
      message: `skipped rollback (current template already matches revision ${toRevision})`,
      warnings
    }
  }
  if (revision.data === undefined) {
    return {
      kind: 'error',
      message: `revision ${revision.revision ?? '?'} (${revision.metadata?.name ?? '?'}) has no data`
    }
  }
  return {
    kind: 'rollback',
    revision,
    patchBody: JSON.stringify(revision.data),
    warnings
  }
}
