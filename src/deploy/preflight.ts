import type { KubeClient } from '../adapters/kube/client.js'
import { KubeApiError } from '../adapters/kube/errors.js'
import type { ResourceInfo } from '../adapters/kube/resources.js'
import { neededAccess, type NeededAccess } from '../core/deploy/access.js'
import {
  applyOrder,
  firstDifference,
  objectNamespace
} from '../core/deploy/order.js'
import type { DaemonSet, KubeObject } from '../core/k8s/types.js'
import type { ManifestObject } from '../core/manifests/types.js'
import { normaliseTemplate } from '../core/undo/compare.js'
import { LAST_APPLIED_ANNOTATION } from '../core/undo/plan-undo.js'

export interface Target {
  item: ManifestObject
  info: ResourceInfo
  namespace: string | undefined
  name: string
  /** The live object before anything was written (raw JSON), or null. */
  live: KubeObject | null
  /** What the server would store (the server-side dry run's answer), when it ran. */
  dryRun?: KubeObject
}

export interface PreflightResult {
  ok: boolean
  problems: string[]
  warnings: string[]
  targets: Target[]
  /** Whether the token may list/watch nodes (NotReady attribution). */
  canWatchNodes: boolean
  serverVersion?: string
}

function where(item: ManifestObject): string {
  return `${item.source.file}:${item.source.line}`
}

function label(t: {
  item: ManifestObject
  namespace: string | undefined
  name: string
}): string {
  const kind = t.item.object.kind ?? '?'
  return `${kind} ${t.namespace === undefined ? t.name : `${t.namespace}/${t.name}`}`
}

function apiMessage(err: unknown): string {
  if (err instanceof KubeApiError)
    return `${err.apiMessage} (${err.status} ${err.reason})`
  return err instanceof Error ? err.message : String(err)
}

function equalJson(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(normaliseTemplate(a)) ===
    JSON.stringify(normaliseTemplate(b))
  )
}

interface PreflightOptions {
  undo: boolean
  canary: boolean
  force: boolean
  base?: ManifestObject[]
}

/** What the preflight steps share. */
interface Check {
  client: KubeClient
  options: PreflightOptions
  log: (message: string) => void
  result: PreflightResult
  problems: string[]
  warnings: string[]
}

/** `GET /version`: the API server answers. */
async function reachable(c: Check): Promise<boolean> {
  try {
    const version = await c.client.version()
    if (version.gitVersion !== undefined)
      c.result.serverVersion = version.gitVersion
    c.log(
      `API server reachable${version.gitVersion === undefined ? '' : ` (${version.gitVersion})`}`
    )
    return true
  } catch (err) {
    c.problems.push(`the API server is not reachable: ${apiMessage(err)}`)
    return false
  }
}

/**
 * Every apiVersion/kind must be served (old bundles use removed versions
 * such as extensions/v1beta1 DaemonSets or rbac v1beta1).
 */
async function servedKinds(c: Check, ordered: ManifestObject[]): Promise<void> {
  const checked = new Set<string>()
  for (const item of ordered) {
    const { apiVersion, kind } = item.object
    if (apiVersion === undefined || kind === undefined) continue
    const key = `${apiVersion}/${kind}`
    if (checked.has(key)) continue
    checked.add(key)
    try {
      const why = await c.client.notServed(apiVersion, kind)
      if (why !== undefined) c.problems.push(`${where(item)}: ${why}`)
    } catch (err) {
      c.problems.push(
        `${where(item)}: cannot read API discovery for ${apiVersion}: ${apiMessage(err)}`
      )
    }
  }
}

/** Each object's resource (plural, scope) from discovery. */
async function resolveTargets(
  c: Check,
  ordered: ManifestObject[]
): Promise<Target[]> {
  const targets: Target[] = []
  for (const item of ordered) {
    const obj = item.object
    if (
      obj.apiVersion === undefined ||
      obj.kind === undefined ||
      obj.metadata?.name === undefined
    ) {
      c.problems.push(
        `${where(item)}: object without apiVersion, kind or metadata.name`
      )
      continue
    }
    try {
      const info = await c.client.resource(obj.apiVersion, obj.kind)
      targets.push({
        item,
        info,
        namespace: objectNamespace(obj, info.namespaced),
        name: obj.metadata.name,
        live: null
      })
    } catch (err) {
      c.problems.push(
        `${where(item)}: ${obj.kind} ${obj.metadata.name}: ${apiMessage(err)}`
      )
    }
  }
  return targets
}

/**
 * SelfSubjectAccessReviews, at most 10 in flight (a large bundle must not
 * burst the API). Returns whether nodes were denied (optional access).
 */
async function checkAll(c: Check, needs: NeededAccess[]): Promise<boolean> {
  let nodesDenied = false
  const answers: {
    n: NeededAccess
    answer: { allowed: boolean; reason?: string }
  }[] = []
  for (let k = 0; k < needs.length; k += 10) {
    answers.push(
      ...(await Promise.all(
        needs
          .slice(k, k + 10)
          .map(async (n) => ({ n, answer: await c.client.canI(n) }))
      ))
    )
  }
  for (const { n, answer } of answers) {
    if (answer.allowed) continue
    const scope =
      n.namespace === undefined ? 'cluster-wide' : `in namespace ${n.namespace}`
    const text = `${n.verb} ${n.group === '' ? '' : `${n.group}/`}${n.resource} ${scope} (${n.why})`
    if (n.resource === 'nodes') nodesDenied = true
    if (n.optional === true)
      c.warnings.push(
        `not allowed: ${text}; pods on NotReady nodes will count against the revision`
      )
    else c.problems.push(`missing permission: ${text}`)
  }
  return nodesDenied
}

/** Permissions, before reading anything else (SSAR is always allowed). */
async function checkAccess(c: Check, targets: Target[]): Promise<boolean> {
  const needs = neededAccess(
    targets.map((t) => ({
      group: t.info.group,
      resource: t.info.plural,
      kind: t.item.object.kind ?? '',
      exists: true,
      ...(t.namespace === undefined ? {} : { namespace: t.namespace })
    })),
    { undo: c.options.undo, canary: c.options.canary }
  )
  try {
    c.result.canWatchNodes = !(await checkAll(c, needs))
    return true
  } catch (err) {
    c.problems.push(
      `cannot check permissions (SelfSubjectAccessReview): ${apiMessage(err)}`
    )
    return false
  }
}

/** Read what is live (recorded later for the undo); creating the missing ones must be allowed. */
async function readLive(c: Check, targets: Target[]): Promise<void> {
  for (const t of targets) {
    try {
      t.live = await c.client.get(
        t.item.object.apiVersion ?? '',
        t.item.object.kind ?? '',
        t.name,
        t.namespace
      )
    } catch (err) {
      c.problems.push(
        `${where(t.item)}: cannot read ${label(t)}: ${apiMessage(err)}`
      )
    }
  }
  const missing = targets.filter((t) => t.live === null)
  if (missing.length === 0) return
  const createNeeds = neededAccess(
    missing.map((t) => ({
      group: t.info.group,
      resource: t.info.plural,
      kind: t.item.object.kind ?? '',
      exists: false,
      ...(t.namespace === undefined ? {} : { namespace: t.namespace })
    })),
    { undo: false, canary: false }
  ).filter((n) => n.verb === 'create')
  await checkAll(c, createNeeds)
}

/** R4.8 (immutable selector) and the last-applied warning, for one live DaemonSet. */
function liveDaemonSetChecks(
  c: Check,
  t: Target,
  head: DaemonSet,
  live: DaemonSet
): void {
  const key = `${t.namespace ?? ''}/${t.name}`
  if (
    head.spec?.selector !== undefined &&
    !equalJson(head.spec.selector, live.spec?.selector)
  )
    c.problems.push(
      `${where(t.item)}: DaemonSet ${key}: spec.selector cannot change (R4.8: it is immutable in apps/v1); live ${JSON.stringify(live.spec?.selector)}, manifest ${JSON.stringify(head.spec.selector)}. Delete and re-create the DaemonSet instead.`
    )
  if (live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined)
    c.warnings.push(
      `DaemonSet ${key} carries ${LAST_APPLIED_ANNOTATION}: it was last written by client-side kubectl apply; a later client-side apply may revert fields this run or its undo sets`
    )
}

/** With --base: the live DaemonSet must still be the reviewed plan's base. */
function driftCheck(
  c: Check,
  key: string,
  base: DaemonSet | undefined,
  live: DaemonSet | null
): void {
  const drifted = 'the cluster drifted from the reviewed plan'
  if (base === undefined && live !== null)
    c.problems.push(
      `DaemonSet ${key}: ${drifted}: the plan's base has no such DaemonSet, but it exists live`
    )
  else if (base !== undefined && live === null)
    c.problems.push(
      `DaemonSet ${key}: ${drifted}: the plan's base has it, but it does not exist live`
    )
  else if (base !== undefined && live !== null) {
    const diff = firstDifference(
      base.spec?.template,
      live.spec?.template,
      'spec.template'
    )
    if (diff !== undefined)
      c.problems.push(
        `DaemonSet ${key}: ${drifted}: live ${diff} differs from the plan's base; re-run the plan against the live cluster`
      )
  }
}

/** DaemonSet-specific checks. */
function daemonSetChecks(c: Check, targets: Target[]): void {
  const baseDaemonSets = new Map<string, DaemonSet>()
  for (const b of c.options.base ?? []) {
    if (b.object.kind === 'DaemonSet')
      baseDaemonSets.set(
        `${b.object.metadata?.namespace ?? 'default'}/${b.object.metadata?.name ?? ''}`,
        b.object as DaemonSet
      )
  }
  for (const t of targets) {
    if (t.item.object.kind !== 'DaemonSet') continue
    const live = t.live as DaemonSet | null
    if (live !== null)
      liveDaemonSetChecks(c, t, t.item.object as DaemonSet, live)
    if (c.options.base !== undefined) {
      const key = `${t.namespace ?? ''}/${t.name}`
      driftCheck(c, key, baseDaemonSets.get(key), live)
    }
  }
}

/** Server-side dry run of every object (dryRun=All), in apply order. */
async function dryRunAll(c: Check, targets: Target[]): Promise<void> {
  const newNamespaces = new Set(
    targets
      .filter((t) => t.item.object.kind === 'Namespace' && t.live === null)
      .map((t) => t.name)
  )
  for (const t of targets) {
    if (t.namespace !== undefined && newNamespaces.has(t.namespace)) {
      c.log(
        `dry run skipped for ${label(t)}: its namespace is created by this run`
      )
      continue
    }
    try {
      t.dryRun = await c.client.apply(t.item.object, {
        force: c.options.force,
        dryRun: true
      })
    } catch (err) {
      c.problems.push(
        `${where(t.item)}: server-side dry run of ${label(t)} failed: ${apiMessage(err)}`
      )
    }
  }
  c.log(
    `server-side dry run of ${targets.length} object(s): ${c.problems.length === 0 ? 'passed' : 'failed'}`
  )
}

/**
 * Everything that must hold before the first write: the API answers; the
 * token may do every verb the run needs (SelfSubjectAccessReview, all
 * missing ones listed); no immutable selector change (R4.8); the live
 * DaemonSets match the reviewed plan's base; a server-side dry run of every
 * object passes. Nothing here writes. Each step runs only when the ones
 * before it found no problem.
 */
export async function preflight(
  client: KubeClient,
  objects: ManifestObject[],
  options: PreflightOptions,
  log: (message: string) => void
): Promise<PreflightResult> {
  const problems: string[] = []
  const warnings: string[] = []
  const result: PreflightResult = {
    ok: false,
    problems,
    warnings,
    targets: [],
    canWatchNodes: false
  }
  const c: Check = { client, options, log, result, problems, warnings }
  if (!(await reachable(c))) return result
  const ordered = applyOrder(objects)
  await servedKinds(c, ordered)
  if (problems.length > 0) return result
  const targets = await resolveTargets(c, ordered)
  if (problems.length > 0) return result
  if (!(await checkAccess(c, targets)) || problems.length > 0) return result
  await readLive(c, targets)
  result.targets = targets
  if (problems.length > 0) return result
  daemonSetChecks(c, targets)
  if (problems.length > 0) return result
  await dryRunAll(c, targets)
  result.ok = problems.length === 0
  return result
}
