import { PATCH_STRATEGIC, type KubeClient } from '../adapters/kube/client.js'
import { ListWatch } from '../adapters/kube/list-watch.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import type { DaemonSet } from '../core/k8s/types.js'
import { planUndo } from '../core/undo/plan-undo.js'
import type { ControllerRevision } from '../core/undo/types.js'
import { UserError } from '../util/errors.js'

/** What the undo is about to do, for a caller to show or refuse (see guard). */
export interface UndoPreview {
  live: DaemonSet
  target: ControllerRevision
}

export interface UndoOutcome {
  kind: 'rolled-back' | 'skipped' | 'refused'
  /** The revision number rolled back to (its number before the controller renumbers it, R4.6). */
  toRevision: number
  revisionName: string
  /** kubectl's wording: "daemonset.apps/<name> rolled back" or "skipped rollback (...)". */
  message: string
  warnings: string[]
  /** The DaemonSet the PATCH returned (rolled-back only). */
  daemonSet?: DaemonSet
  /** The live DaemonSet and the target revision, as the undo saw them. */
  preview?: UndoPreview
}

/**
 * R6.10: wait until the controller has observed the current generation, so
 * that "second highest revision" is not one step too far back. Watch-based.
 */
export async function waitObserved(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
  signal?: AbortSignal
): Promise<DaemonSet> {
  const observedOf = (ds: DaemonSet | null | undefined): boolean =>
    ds != null &&
    (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0)
  const first = await client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    name,
    namespace
  )
  if (first === null)
    throw new UserError(
      `daemonsets.apps "${name}" not found in namespace ${namespace}`
    )
  if (observedOf(first)) return first
  let latest: DaemonSet = first
  let resolve: (() => void) | undefined
  const done = new Promise<void>((r) => (resolve = r))
  const watch = new ListWatch<DaemonSet>(
    client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    () => {
      const ds = watch.items()[0]
      if (ds !== undefined) latest = ds
      if (observedOf(ds)) resolve?.()
    }
  )
  const timer = setTimeout(() => resolve?.(), timeoutMs)
  const onAbort = (): void => resolve?.()
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted === true) onAbort()
  try {
    await watch.start()
    await done
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    await watch.stop()
  }
  return latest
}

/**
 * `kubectl rollout undo daemonset/<name> [--to-revision n]` through the API
 * (reference section 6): wait for observedGeneration (R6.10), list the
 * revisions with the DaemonSet's selector and keep those it controls
 * (R6.2), pick the target (R6.3/R6.4), skip if the live template already
 * matches (R6.6, compared semantically per R6.9), else PATCH the revision's
 * data verbatim as a strategic merge patch (R6.7).
 */
export async function undoDaemonSet(
  client: KubeClient,
  namespace: string,
  name: string,
  toRevision: number,
  options: {
    dryRun?: boolean
    observeTimeoutMs?: number
    signal?: AbortSignal
    /** Sees the target before anything is written; a string refuses the undo with that reason. */
    guard?: (preview: UndoPreview) => string | undefined
  } = {}
): Promise<UndoOutcome> {
  const ds = await waitObserved(
    client,
    namespace,
    name,
    options.observeTimeoutMs ?? 30_000,
    options.signal
  )
  const listed = await client.list<ControllerRevision>(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || undefined },
    `controllerrevisions in ${namespace}`
  )
  const plan = planUndo(ds, listed.items, toRevision)
  if (plan.kind === 'error') throw new UserError(plan.message)
  const revisionName = plan.revision.metadata?.name ?? '?'
  const number = plan.revision.revision ?? 0
  const preview: UndoPreview = { live: ds, target: plan.revision }
  if (plan.kind === 'skip') {
    return {
      kind: 'skipped',
      toRevision: number,
      revisionName,
      message: plan.message,
      warnings: plan.warnings,
      preview
    }
  }
  const refused = options.guard?.(preview)
  if (refused !== undefined)
    return {
      kind: 'refused',
      toRevision: number,
      revisionName,
      message: refused,
      warnings: plan.warnings,
      preview
    }
  const patched = await client.patch<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    name,
    namespace,
    plan.patchBody,
    PATCH_STRATEGIC,
    options.dryRun === true
  )
  return {
    kind: 'rolled-back',
    toRevision: number,
    revisionName,
    message: `daemonset.apps/${name} rolled back${options.dryRun === true ? ' (server dry run)' : ''}`,
    warnings: plan.warnings,
    daemonSet: patched,
    preview
  }
}
