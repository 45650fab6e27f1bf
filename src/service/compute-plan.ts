import type { InputLimits } from '../core/manifests/input-bounds.js'
import { parseManifests } from '../core/manifests/parse.js'
import type { ManifestObject } from '../core/manifests/types.js'
import { buildPlan } from '../core/plan/build-plan.js'
import type { Plan } from '../core/plan/types.js'
import { renderPlanMarkdown } from '../core/render/plan-markdown.js'
import type { Snapshot } from '../core/snapshot/types.js'
import { UserError } from '../util/errors.js'
import { ApiError } from './api-error.js'
import { stringifyBounded, TooLargeError } from './bounded-json.js'
import type { PlanRequest } from './plan-request.js'

export interface PlanResponse {
  plan: Plan
  contentType: string
  body: Buffer
}

export interface PlanLimits {
  /** Most DaemonSets on each side (head, base) of one request (422 above). */
  maxDaemonSets: number
  /** Largest answer in bytes (TooLargeError above). */
  maxResponseBytes: number
  /** The pre-check's limits for each manifest text (defaults when absent). */
  input?: Partial<InputLimits>
}

function countDaemonSets(objects: readonly ManifestObject[]): number {
  let n = 0
  for (const o of objects) if (o.object.kind === 'DaemonSet') n++
  return n
}

/** `kind: DaemonSet` lines at the top level of a document (block style). */
const DAEMONSET_KIND_LINE = /^kind:[ \t]*(["']?)DaemonSet\1[ \t]*(#.*)?$/gm

/**
 * A lower bound on the DaemonSets in some manifest texts, found without
 * parsing, so a request far over the limit is refused before YAML parsing
 * costs anything (objects in flow style are counted after parsing).
 */
function countDaemonSetLines(files: readonly { content: string }[]): number {
  let n = 0
  for (const f of files) n += f.content.match(DAEMONSET_KIND_LINE)?.length ?? 0
  return n
}

function checkDaemonSetCount(
  side: 'head' | 'base',
  count: number,
  limit: number
): void {
  if (count > limit) {
    throw new ApiError(
      422,
      'too-many-daemonsets',
      `"${side}" holds ${count} DaemonSets; one request plans at most ${limit} per side. Split the request, or ask the operator to raise --max-daemonsets`,
      { details: { side, count, limit } }
    )
  }
}

/**
 * Runs the same engine as `ds-rollout plan`: the manifests are parsed under
 * their file names (`head` and `base` for plain text, so findings and errors
 * point at `head:12`), then diffed and simulated against the snapshot. A manifest
 * error becomes a 422 with its file and line. The answer is refused (413)
 * as soon as its text passes `maxResponseBytes`, before it is all built.
 */
export function computePlan(
  request: PlanRequest,
  snapshot: Snapshot,
  limits: PlanLimits
): PlanResponse {
  let plan: Plan
  try {
    checkDaemonSetCount(
      'head',
      countDaemonSetLines(request.head),
      limits.maxDaemonSets
    )
    checkDaemonSetCount(
      'base',
      countDaemonSetLines(request.base),
      limits.maxDaemonSets
    )
    const head = request.head.flatMap((f) =>
      parseManifests(f.content, f.name, limits.input)
    )
    checkDaemonSetCount('head', countDaemonSets(head), limits.maxDaemonSets)
    const base = request.base.flatMap((f) =>
      parseManifests(f.content, f.name, limits.input)
    )
    checkDaemonSetCount('base', countDaemonSets(base), limits.maxDaemonSets)
    plan = buildPlan({ base, head, snapshot })
  } catch (err) {
    if (err instanceof UserError) {
      const details: Record<string, string | number> = {}
      if (err.file !== undefined) details['file'] = err.file
      if (err.line !== undefined) details['line'] = err.line
      throw new ApiError(422, 'invalid-manifest', err.describe(), { details })
    }
    throw err
  }
  if (request.format === 'markdown') {
    const text = Buffer.from(renderPlanMarkdown(plan))
    if (text.length > limits.maxResponseBytes) {
      throw new TooLargeError(limits.maxResponseBytes)
    }
    return { plan, contentType: 'text/markdown; charset=utf-8', body: text }
  }
  return {
    plan,
    contentType: 'application/json; charset=utf-8',
    // Compact, one line: the plan JSON's form unless --pretty (serialize.ts).
    body: stringifyBounded(plan, limits.maxResponseBytes, 0)
  }
}
