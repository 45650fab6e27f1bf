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
  user: { type?: string; login?: string; id?: number } | null
}

/**
 * Who the token acts as: `github-actions[bot]` for the workflow token, the
 * App's `<slug>[bot]` for an App installation token, the user for a
 * personal token. GraphQL's `viewer` answers for all three (REST `GET /user`
 * refuses installation tokens, `GET /app` needs the App's JWT); `GET /user`
 * is the fallback for servers without GraphQL. Looked up once per client.
 */
export interface TokenIdentity {
  login: string
  id?: number
}

const identities = new WeakMap<object, Promise<TokenIdentity | undefined>>()

export function tokenIdentity(
  octokit: GitHubClient
): Promise<TokenIdentity | undefined> {
  let found = identities.get(octokit)
  if (found === undefined) {
    found = lookUpIdentity(octokit)
    identities.set(octokit, found)
  }
  return found
}

async function lookUpIdentity(
  octokit: GitHubClient
): Promise<TokenIdentity | undefined> {
  try {
    const answer = await octokit.graphql<{
      viewer?: { login?: unknown; databaseId?: unknown }
    }>('query { viewer { login databaseId } }')
    const login = answer.viewer?.login
    const id = answer.viewer?.databaseId
    if (typeof login === 'string' && login !== '')
      return typeof id === 'number' ? { login, id } : { login }
  } catch {
    // fall through to REST
  }
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return { login: data.login, id: data.id }
  } catch {
    return undefined
  }
}

/** Whether `user` is the token's identity: same login, and same id when both are known. */
function isAuthor(user: CommentLike['user'], identity: TokenIdentity): boolean {
  if (user === null || user.login !== identity.login) return false
  return (
    identity.id === undefined ||
    user.id === undefined ||
    user.id === identity.id
  )
}

/**
 * Finds our comment for `key`: the first one, across every page, whose
 * body STARTS with the key's marker and whose author is the token's own
 * identity. Another app's or a person's comment with the same marker is
 * never ours (we would overwrite it). With no known identity, no comment
 * is ours.
 */
export async function findStickyComment(
  octokit: GitHubClient,
  target: CommentTarget,
  key: string,
  identity?: TokenIdentity
): Promise<FoundComment | undefined> {
  const me = identity ?? (await tokenIdentity(octokit))
  if (me === undefined) return undefined
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
    (c) => isAuthor(c.user, me) && isOurComment(c.body, key)
  )
  if (ours === undefined) return undefined
  return { id: ours.id, body: ours.body ?? '', url: ours.html_url }
}

export type StickyResult =
  | {
      action: 'created' | 'updated' | 'unchanged'
      id: number
      url: string
      /** Said when something did not go as planned (our comment could not be updated, so a new one was posted; no identity). */
      note?: string
    }
  /** Nothing existed and `createIfMissing` was false. */
  | { action: 'absent' }

/**
 * Creates, updates or leaves alone our comment so that it reads `body`.
 * The write is skipped when the body is already identical. When updating
 * our comment fails for any reason (deleted meanwhile, locked, edited
 * permissions), a new comment is posted rather than nothing: the plan is
 * never silently missing.
 */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: CommentTarget,
  key: string,
  body: string,
  options: { createIfMissing: boolean; identity?: TokenIdentity }
): Promise<StickyResult> {
  const identity = options.identity ?? (await tokenIdentity(octokit))
  const existing =
    identity === undefined
      ? undefined
      : await findStickyComment(octokit, target, key, identity)
  let note: string | undefined =
    identity === undefined
      ? "the token's identity could not be looked up (GraphQL viewer, GET /user), so no earlier comment is taken as ours"
      : undefined
  if (existing !== undefined) {
    if (existing.body === body) {
      return { action: 'unchanged', id: existing.id, url: existing.url }
    }
    try {
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
    } catch (err) {
      note = `updating our comment ${existing.id} failed (${describeFailure(err)}), so a new one was posted`
    }
  } else if (!options.createIfMissing) return { action: 'absent' }
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
  return note === undefined
    ? { action: 'created', id: data.id, url: data.html_url }
    : { action: 'created', id: data.id, url: data.html_url, note }
}

function describeFailure(err: unknown): string {
  const status = (err as { status?: unknown }).status
  const message = err instanceof Error ? err.message : String(err)
  return typeof status === 'number' ? `HTTP ${status}: ${message}` : message
}
