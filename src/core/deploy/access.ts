/** One permission the run needs (SelfSubjectAccessReview attributes). */
export interface NeededAccess {
  verb: string
  group: string
  resource: string
  namespace?: string
  /** Why the run needs it, for the "missing permissions" message. */
  why: string
  /** Optional permissions only degrade the run (e.g. node attribution). */
  optional?: boolean
}

export interface AccessTarget {
  group: string
  resource: string
  namespace?: string
  kind: string
  exists: boolean
}

/**
 * Every verb an apply needs: server-side apply (patch; create for objects
 * that do not exist yet), reading what it records, and what the gate and
 * the undo read and write for each DaemonSet. Deduplicated.
 */
export function neededAccess(
  targets: AccessTarget[],
  options: { undo: boolean; canary: boolean }
): NeededAccess[] {
  const out: NeededAccess[] = []
  const add = (a: NeededAccess): void => {
    if (
      !out.some(
        (o) =>
          o.verb === a.verb &&
          o.group === a.group &&
          o.resource === a.resource &&
          o.namespace === a.namespace
      )
    )
      out.push(a)
  }
  for (const t of targets) {
    const base = {
      group: t.group,
      resource: t.resource,
      ...(t.namespace === undefined ? {} : { namespace: t.namespace })
    }
    add({ verb: 'get', ...base, why: `read ${t.kind} before changing it` })
    add({ verb: 'patch', ...base, why: `server-side apply of ${t.kind}` })
    if (!t.exists) add({ verb: 'create', ...base, why: `create ${t.kind}` })
    if (
      (t.kind === 'ConfigMap' || t.kind === 'Secret') &&
      options.undo &&
      t.exists
    )
      add({
        verb: 'update',
        ...base,
        why: `restore the recorded ${t.kind} on undo`
      })
    if (t.kind === 'DaemonSet') {
      const ns = t.namespace === undefined ? {} : { namespace: t.namespace }
      add({
        verb: 'list',
        group: 'apps',
        resource: 'daemonsets',
        ...ns,
        why: 'gate: list the DaemonSet'
      })
      add({
        verb: 'watch',
        group: 'apps',
        resource: 'daemonsets',
        ...ns,
        why: 'gate: watch the DaemonSet'
      })
      add({
        verb: 'list',
        group: 'apps',
        resource: 'controllerrevisions',
        ...ns,
        why: 'record and undo: list ControllerRevisions (R6.2)'
      })
      add({
        verb: 'list',
        group: '',
        resource: 'pods',
        ...ns,
        why: 'gate: list the DaemonSet pods'
      })
      add({
        verb: 'watch',
        group: '',
        resource: 'pods',
        ...ns,
        why: 'gate: watch the DaemonSet pods'
      })
      add({
        verb: 'list',
        group: '',
        resource: 'nodes',
        why: 'gate: tell sick nodes from a bad revision',
        optional: true
      })
      add({
        verb: 'watch',
        group: '',
        resource: 'nodes',
        why: 'gate: tell sick nodes from a bad revision',
        optional: true
      })
      if (options.canary)
        add({
          verb: 'delete',
          group: '',
          resource: 'pods',
          ...ns,
          why: 'canary: replace pods on canary nodes'
        })
    }
  }
  return out
}
