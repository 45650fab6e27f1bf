import type { PodTemplateSpec } from '../core/k8s/types.js'
import { redactValue } from '../core/diff/redact.js'
import type { Snapshot } from '../core/snapshot/types.js'

/**
 * The snapshot as `GET /v1/snapshot` serves it: the live DaemonSets'
 * templates with secret-looking env values and flag values replaced by
 * "(redacted)", the same rule plans follow. (Plans are computed from the
 * unredacted view.) Nothing else in a snapshot holds free-form values.
 */
export function redactSnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    daemonSets: snapshot.daemonSets.map((ds) =>
      ds.template === undefined
        ? ds
        : { ...ds, template: redactValue(ds.template) as PodTemplateSpec }
    )
  }
}
