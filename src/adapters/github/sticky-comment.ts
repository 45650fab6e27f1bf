import { isOurComment } from '../../core/render/comment.js'
import type { GitHubClient } from './octokit.js'

/** Where the comment lives: a pull request (its issue thread) or a commit. */
export type CommentTarget =
  | { kind: 'issue'; owner: string; repo: string; number: number }
  | { kind: 'commit'; owner: string; repo: string; sha: string }

export interface FoundComment {
  id: number
  body: string
  url: string
}

/** The comment fields we read; both list endpoints return at least these. */
interface CommentLike {
  id: number
  body?: string | null
  html_url: string
  user: { type?: string; login?: string } | null
}

/**
 * Finds our comment for `key`: the first one, across every page, whose
 * body STARTS with the key's marker and whose author is a bot (the
 * workflow token or an App). Requiring a bot author stops a human from
 * hijacking the comment by pasting the marker.
 */
export async function findStickyComment(
  octokit: GitHubClient,
  target: CommentTarget,
  key: string
): Promise<FoundComment | undefined> {
  const comments: CommentLike[] =
    target.kind === 'issue'
      ? await octokit.paginate(octokit.rest.issues.listComments, {
          owner: target.owner,
          repo: target.repo,
          issue_number: target.number,
          per_page: 100
        })
      : await octokit.paginate(octokit.rest.repos.listCommentsForCommit, {
          owner: target.owner,
          repo: target.repo,
          commit_sha: target.sha,
          per_page: 100
        })
  const ours = comments.find(
    (c) => c.user?.type === 'Bot' && isOurComment(c.body, key)
  )
  if (ours === undefined) return undefined
  return { id: ours.id, body: ours.body ?? '', url: ours.html_url }
}

export type StickyResult =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url: string }
  /** Nothing existed and `createIfMissing` was false. */
  | { action: 'absent' }

/**
 * Creates, updates or leaves alone our comment so that it reads `body`.
 * The write is skipped when the body is already identical.
 */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: CommentTarget,
  key: string,
  body: string,
  options: { createIfMissing: boolean }
): Promise<StickyResult> {
  const existing = await findStickyComment(octokit, target, key)
  if (existing !== undefined) {
    if (existing.body === body) {
      return { action: 'unchanged', id: existing.id, url: existing.url }
    }
    const { data } =
      target.kind === 'issue'
        ? await octokit.rest.issues.updateComment({
            owner: target.owner,
            repo: target.repo,
            comment_id: existing.id,
            body
          })
        : await octokit.rest.repos.updateCommitComment({
            owner: target.owner,
            repo: target.repo,
            comment_id: existing.id,
            body
          })
    return { action: 'updated', id: data.id, url: data.html_url }
  }
  if (!options.createIfMissing) return { action: 'absent' }
  const { data } =
    target.kind === 'issue'
      ? await octokit.rest.issues.createComment({
          owner: target.owner,
          repo: target.repo,
          issue_number: target.number,
          body
        })
      : await octokit.rest.repos.createCommitComment({
          owner: target.owner,
          repo: target.repo,
          commit_sha: target.sha,
          body
        })
  return { action: 'created', id: data.id, url: data.html_url }
}
