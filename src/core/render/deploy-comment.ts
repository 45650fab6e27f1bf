import { code } from './inert.js'
import { commentMarker, fitComment } from './comment.js'

export interface DeployCommentContext {
  /** The sticky comment's key (`deploy:<comment-key>`). */
  key: string
  /** The deployed commit. */
  sha?: string
  /** Link to the workflow run (its job summary holds the whole report). */
  runUrl?: string
  /** Budget in UTF-16 units; GitHub's limit unless a test says otherwise. */
  limit?: number
}

/**
 * The deploy report (renderDeployReport's Markdown, already inert) as a
 * sticky comment: the marker first, a footer naming the commit and the
 * run, cut to GitHub's comment limit like the plan comment.
 */
export function renderDeployComment(
  report: string,
  ctx: DeployCommentContext
): string {
  const parts: string[] = []
  if (ctx.sha !== undefined) parts.push(`for ${code(ctx.sha.slice(0, 12))}`)
  if (ctx.runUrl !== undefined)
    parts.push(`[workflow run and job summary](${ctx.runUrl})`)
  parts.push('updated in place on every deploy')
  const body = [
    commentMarker(ctx.key),
    report.trim(),
    '',
    `<sub>ds-rollout deploy ${parts.join(' · ')}</sub>`
  ].join('\n')
  return fitComment(body, {
    ...(ctx.runUrl === undefined ? {} : { runUrl: ctx.runUrl }),
    ...(ctx.limit === undefined ? {} : { limit: ctx.limit })
  })
}
