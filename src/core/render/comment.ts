import type { PlanVerdict } from '../verdict/decide-verdict.js'
import type { Plan } from '../plan/types.js'
import {
  COMMENT_MARKER_PREFIX,
  DEFAULT_COMMENT_KEY,
  MAX_COMMENT_CHARS
} from '../../util/constants.js'
import { fitMarkdown, utf16Length } from './fit.js'
import { code } from './inert.js'
import {
  renderVerdictLine,
  renderNoBaseBanner,
  renderOverviewTable
} from './overview.js'
import { renderPlanBody, renderPlanSummaryLine } from './plan-markdown.js'

/** Keys the marker can carry safely inside an HTML comment (no `>`, no spaces). */
export const COMMENT_KEY_PATTERN = /^[A-Za-z0-9._/:-]{1,100}$/

/**
 * The hidden marker that identifies our comment for one key. It is the
 * FIRST line of every body we write, so no truncation can remove it.
 */
export function commentMarker(key: string): string {
  return `<!-- ${COMMENT_MARKER_PREFIX}:${key} -->`
}

/** Whether a comment body is ours for this key: it starts with the marker line. */
export function isOurComment(
  body: string | null | undefined,
  key: string
): boolean {
  if (typeof body !== 'string') return false
  const marker = commentMarker(key)
  return (
    body === marker ||
    body.startsWith(marker + '\n') ||
    body.startsWith(marker + '\r\n')
  )
}

export interface CommentContext {
  /** The comment key (several instances can share a pull request). */
  key: string
  verdict: PlanVerdict
  /** The commit the plan was made for. */
  headSha?: string
  /** Link to the workflow run, where the job summary holds the full plan. */
  runUrl?: string
  /** Budget in UTF-16 units; GitHub's limit unless a test says otherwise. */
  limit?: number
}

function title(key: string): string {
  return key === DEFAULT_COMMENT_KEY
    ? '### ds-rollout plan'
    : `### ds-rollout plan · ${code(key)}`
}

function footer(ctx: CommentContext): string {
  const parts: string[] = []
  if (ctx.headSha !== undefined)
    parts.push(`for ${code(ctx.headSha.slice(0, 12))}`)
  if (ctx.runUrl !== undefined)
    parts.push(`[workflow run and job summary](${ctx.runUrl})`)
  parts.push('updated in place on every run')
  return `<sub>ds-rollout plan ${parts.join(' · ')}</sub>`
}

function cutNote(
  ctx: Pick<CommentContext, 'runUrl'>,
  limit: number
): (omitted: number) => string {
  const where =
    ctx.runUrl === undefined
      ? 'the job summary of this workflow run'
      : `the [job summary](${ctx.runUrl})`
  return (omitted) =>
    `> [!NOTE]\n> This plan was cut to fit GitHub's comment limit ` +
    `(${limit.toLocaleString('en-US')} characters); ${omitted} more line${omitted === 1 ? '' : 's'} ` +
    `are in ${where} and in the \`plan-json\` output.`
}

/** Fits a body (marker on its first line) into the comment budget. */
export function fitComment(
  body: string,
  ctx: Pick<CommentContext, 'runUrl' | 'limit'>
): string {
  const limit = ctx.limit ?? MAX_COMMENT_CHARS
  return fitMarkdown(body, {
    limit,
    measure: utf16Length,
    note: cutNote(ctx, limit)
  }).text
}

/**
 * The full plan folded under the overview. It is unfolded when the plan
 * has errors or warnings: those must be read before approving.
 */
function fullPlan(plan: Plan): string[] {
  const body = renderPlanBody(plan).trim()
  if (body === '') return []
  const open = plan.summary.errors > 0 || plan.summary.warnings > 0
  return [
    '',
    open ? '<details open>' : '<details>',
    '<summary>Full plan</summary>',
    '',
    body,
    '',
    '</details>'
  ]
}

/**
 * The sticky pull-request comment: marker, verdict, the plan's summary
 * line, an at-a-glance table, then the full plan in `<details>`; cut to
 * GitHub's limit when it is longer.
 */
export function renderComment(plan: Plan, ctx: CommentContext): string {
  const sections = [
    commentMarker(ctx.key),
    title(ctx.key),
    '',
    renderVerdictLine(ctx.verdict),
    '',
    renderPlanSummaryLine(plan)
  ]
  const banner = renderNoBaseBanner(plan)
  if (banner !== '') sections.push('', banner)
  const table = renderOverviewTable(plan)
  if (table !== '') sections.push('', table)
  sections.push(...fullPlan(plan), '', footer(ctx))
  return fitComment(sections.join('\n'), ctx)
}

/**
 * The body that replaces an earlier plan once the pull request no longer
 * changes any DaemonSet, so that no stale plan stays on the pull request.
 */
export function renderNoChangesComment(
  ctx: Pick<CommentContext, 'key' | 'headSha'>
): string {
  const at =
    ctx.headSha === undefined ? '' : ` as of ${code(ctx.headSha.slice(0, 12))}`
  return [
    commentMarker(ctx.key),
    title(ctx.key),
    '',
    `This pull request no longer changes any DaemonSet${at}: nothing will roll out. ` +
      'An earlier version of this comment showed a rollout plan that no longer applies.'
  ].join('\n')
}
