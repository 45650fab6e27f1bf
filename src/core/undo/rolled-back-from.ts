import type { DaemonSet } from '../k8s/types.js'
import { revisionHash } from './history.js'
import type { ControllerRevision } from './types.js'

/**
 * Written on a DaemonSet by an apply that rolled back: which revision it
 * rolled back from, so that a later undo does not go forward into it (R6.3:
 * after an undo, "the previous revision" is the one that just failed).
 */
export const ROLLED_BACK_FROM_ANNOTATION = 'ds-rollout.io/rolled-back-from'

export interface RolledBackFrom {
  /** Its ControllerRevision number when the apply saw it. */
  revision?: number
  /** Its controller-revision-hash (stable when the controller renumbers, R4.6). */
  hash?: string
  images: string[]
  /** When the rollback happened (ISO time). */
  at: string
  /** Why the gate failed it. */
  reason: string
}

export function readRolledBackFrom(ds: DaemonSet): RolledBackFrom | undefined {
  const text = ds.metadata?.annotations?.[ROLLED_BACK_FROM_ANNOTATION]
  if (text === undefined) return undefined
  try {
    const parsed = JSON.parse(text) as Partial<RolledBackFrom>
    if (typeof parsed !== 'object' || parsed === null) return undefined
    return {
      ...(typeof parsed.revision === 'number'
        ? { revision: parsed.revision }
        : {}),
      ...(typeof parsed.hash === 'string' ? { hash: parsed.hash } : {}),
      images: Array.isArray(parsed.images) ? parsed.images.map(String) : [],
      at: String(parsed.at ?? '?'),
      reason: String(parsed.reason ?? '')
    }
  } catch {
    return undefined
  }
}

/** Whether this revision is the one a ds-rollout apply rolled back from. */
export function isRolledBackFrom(
  record: RolledBackFrom,
  revision: ControllerRevision,
  dsName: string
): boolean {
  const hash = revisionHash(revision, dsName)
  if (record.hash !== undefined && hash !== undefined)
    return record.hash === hash
  return record.revision !== undefined && record.revision === revision.revision
}
