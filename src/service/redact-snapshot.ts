import { redactValue } from '../core/diff/redact.js'
import type { Snapshot } from '../core/snapshot/types.js'

/**
 * The snapshot as `GET /v1/snapshot` serves it: the whole snapshot (live
 * DaemonSets' templates, their other fields, the cluster's name, node data)
 * through the same redaction policy as plans, so nothing a plan would hide
 * is served here. (Plans are computed from the unredacted view.) Runs in a
 * plan worker, off the event loop.
 */
export function redactSnapshot(snapshot: Snapshot): Snapshot {
  return redactValue(snapshot) as Snapshot
}
