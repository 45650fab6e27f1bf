import type { CommentTarget } from '../adapters/github/sticky-comment.js'
import type { CommentSetting } from './inputs.js'
import type { RunContext } from './run-context.js'

/** Where to comment, or why not. */
export type CommentDecision =
  | { kind: 'post'; target: CommentTarget; permission: string }
  | { kind: 'none'; reason: string }

/**
 * Chooses the comment's place from the `comment` input and the event:
 * pull requests get a sticky comment on the conversation; push and
 * workflow_dispatch get a commit comment only when asked (`comment: true`).
 * A fork's `pull_request` run is skipped up front under `auto`: GitHub
 * gives it a read-only token, so the write could only fail.
 */
export function decideCommentTarget(
  setting: CommentSetting,
  ctx: RunContext
): CommentDecision {
  if (setting === 'never') {
    return { kind: 'none', reason: 'the `comment` input is false.' }
  }
  const pr = ctx.pullRequest
  if (pr !== undefined) {
    if (pr.fork && ctx.eventName === 'pull_request' && setting === 'auto') {
      return {
        kind: 'none',
        reason:
          `this pull request comes from a fork (${pr.headRepo ?? 'a deleted repository'}), and GitHub gives ` +
          '`pull_request` runs from forks a read-only token. The plan is below; docs/action.md shows how to comment on fork pull requests safely.'
      }
    }
    return {
      kind: 'post',
      target: {
        kind: 'issue',
        owner: ctx.owner,
        repo: ctx.repo,
        number: pr.number
      },
      permission: 'pull-requests: write'
    }
  }
  if (setting === 'always' && ctx.sha !== '') {
    return {
      kind: 'post',
      target: {
        kind: 'commit',
        owner: ctx.owner,
        repo: ctx.repo,
        sha: ctx.sha
      },
      permission: 'contents: write'
    }
  }
  return {
    kind: 'none',
    reason: `the \`${ctx.eventName || 'unknown'}\` event has no pull request (set \`comment: true\` for a commit comment).`
  }
}
