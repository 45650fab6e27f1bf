import { parseManifests } from '../core/manifests/parse.js'
import { buildPlan } from '../core/plan/build-plan.js'
import { serializePlan } from '../core/plan/serialize.js'
import type { Plan } from '../core/plan/types.js'
import { renderPlanMarkdown } from '../core/render/plan-markdown.js'
import type { Snapshot } from '../core/snapshot/types.js'
import { UserError } from '../util/errors.js'
import { ApiError } from './api-error.js'
import type { PlanRequest } from './plan-request.js'

export interface PlanResponse {
  plan: Plan
  contentType: string
  body: string
}

/**
 * Runs the same engine as `ds-rollout plan`: the manifests are parsed under
 * their file names (`head` and `base` for plain text, so findings and errors
 * point at `head:12`), then diffed and simulated against the snapshot. A manifest
 * error becomes a 422 with its file and line.
 */
export function computePlan(
  request: PlanRequest,
  snapshot: Snapshot
): PlanResponse {
  let plan: Plan
  try {
    const head = request.head.flatMap((f) => parseManifests(f.content, f.name))
    const base = request.base.flatMap((f) => parseManifests(f.content, f.name))
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
    return {
      plan,
      contentType: 'text/markdown; charset=utf-8',
      body: renderPlanMarkdown(plan)
    }
  }
  return {
    plan,
    contentType: 'application/json; charset=utf-8',
    body: serializePlan(plan)
  }
}
