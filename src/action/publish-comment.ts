import { permissionDenial } from '../adapters/github/permissions.js'
import { upsertStickyComment } from '../adapters/github/sticky-comment.js'
import type { GitHubClient } from '../adapters/github/octokit.js'
import type { PlanVerdict } from '../core/verdict/decide-verdict.js'
import type { Plan } from '../core/plan/types.js'
import {
  renderComment,
  renderNoChangesComment
} from '../core/render/comment.js'
import { isNoteworthy } from '../core/render/overview.js'
import type { CommentDecision } from './comment-target.js'

/** What happened to the comment; `skipped` carries the reason shown to the user. */
export type CommentOutcome =
  | {
      status: 'created' | 'updated' | 'unchanged'
      id: number
      url: string
      /** What did not go as planned (e.g. our comment could not be updated, so a new one was posted). */
      note?: string
    }
  | { status: 'skipped'; reason: string }

export interface CommentRequest {
  decision: CommentDecision
  key: string
  plan: Plan
  verdict: PlanVerdict
  headSha: string | undefined
  runUrl: string | undefined
}

/**
 * Writes the sticky comment. A plan that changes no DaemonSet (and has no
 * errors or warnings) creates nothing, but turns an earlier plan comment
 * into a "no changes any more" note. A token that may not comment (fork, missing permission) is an
 * expected outcome: the reason is returned, not thrown.
 */
export async function publishComment(
  octokit: GitHubClient | undefined,
  request: CommentRequest
): Promise<CommentOutcome> {
  const { decision, key, plan } = request
  if (decision.kind === 'none')
    return { status: 'skipped', reason: decision.reason }
  if (octokit === undefined) {
    return { status: 'skipped', reason: 'the `github-token` input is empty.' }
  }
  const changed = isNoteworthy(plan)
  const body = changed
    ? renderComment(plan, {
        key,
        verdict: request.verdict,
        ...(request.headSha === undefined ? {} : { headSha: request.headSha }),
        ...(request.runUrl === undefined ? {} : { runUrl: request.runUrl })
      })
    : renderNoChangesComment({
        key,
        ...(request.headSha === undefined ? {} : { headSha: request.headSha })
      })
  try {
    const result = await upsertStickyComment(
      octokit,
      decision.target,
      key,
      body,
      {
        createIfMissing: changed
      }
    )
    if (result.action === 'absent') {
      return {
        status: 'skipped',
        reason:
          'the change touches no DaemonSet, so there is no plan to comment.'
      }
    }
    return {
      status: result.action,
      id: result.id,
      url: result.url,
      ...(result.note === undefined ? {} : { note: result.note })
    }
  } catch (err) {
    const denial = permissionDenial(err, decision.permission)
    if (denial === undefined) throw err
    return { status: 'skipped', reason: denial }
  }
}
