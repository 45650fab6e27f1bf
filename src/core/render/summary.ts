import type { PlanVerdict } from '../verdict/decide-verdict.js'
import type { Plan } from '../plan/types.js'
import { DEFAULT_COMMENT_KEY, MAX_SUMMARY_BYTES } from '../../util/constants.js'
import { fitMarkdown, utf8Bytes } from './fit.js'
import { code, inert } from './inert.js'
import {
  renderVerdictLine,
  renderNoBaseBanner,
  renderOverviewTable
} from './overview.js'
import { renderPlanBody, renderPlanSummaryLine } from './plan-markdown.js'

/** What happened to the pull-request (or commit) comment, for the summary. */
export type CommentStatus =
  | {
      status: 'created' | 'updated' | 'unchanged'
      url?: string
      /** Said after the status (e.g. a new comment was posted because ours could not be updated). */
      note?: string
    }
  | { status: 'skipped'; reason: string }

export interface SummaryContext {
  key: string
  verdict: PlanVerdict
  comment: CommentStatus
  headSha?: string
  /** Budget in UTF-8 bytes; the runner's per-step limit unless a test says otherwise. */
  limit?: number
}

function commentLine(comment: CommentStatus): string {
  if (comment.status === 'skipped') return `💬 No comment: ${comment.reason}`
  const what = {
    created: 'created',
    updated: 'updated',
    unchanged: 'already up to date'
  }[comment.status]
  const note = comment.note === undefined ? '' : ` ${inert(comment.note)}.`
  return comment.url === undefined
    ? `💬 Plan comment ${what}.${note}`
    : `💬 [Plan comment](${comment.url}) ${what}.${note}`
}

/**
 * The job summary: the same plan as the comment, with room for more (1 MiB
 * instead of 65,536 characters), trimmed with a visible note when even that
 * is not enough.
 */
export function renderSummary(plan: Plan, ctx: SummaryContext): string {
  const heading =
    ctx.key === DEFAULT_COMMENT_KEY
      ? '## ds-rollout plan'
      : `## ds-rollout plan · ${code(ctx.key)}`
  const sections = [
    heading,
    '',
    renderVerdictLine(ctx.verdict),
    '',
    renderPlanSummaryLine(plan) +
      (ctx.headSha === undefined
        ? ''
        : ` · commit ${code(ctx.headSha.slice(0, 12))}`),
    '',
    commentLine(ctx.comment)
  ]
  const banner = renderNoBaseBanner(plan)
  if (banner !== '') sections.push('', banner)
  const table = renderOverviewTable(plan)
  if (table !== '') sections.push('', table)
  const full = renderPlanBody(plan).trim()
  if (full !== '') sections.push('', full)
  const limit = ctx.limit ?? MAX_SUMMARY_BYTES
  // One byte is kept for the final newline, so that whatever a later step
  // appends to the summary file starts on its own line.
  const fitted = fitMarkdown(sections.join('\n'), {
    limit: limit - 1,
    measure: utf8Bytes,
    note: (omitted) =>
      `> [!WARNING]\n> This summary was trimmed to the runner's step-summary limit ` +
      `(${limit.toLocaleString('en-US')} bytes): ${omitted} more line${omitted === 1 ? ' was' : 's were'} omitted. ` +
      'The complete plan is in the file named by the `plan-json` output.'
  }).text
  return fitted + '\n'
}
