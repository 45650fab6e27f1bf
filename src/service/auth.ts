import { createHash } from 'node:crypto'
import { matchToken, type AcceptedToken } from './tokens.js'

/**
 * Who may call the API. A request presents a bearer token; an
 * Authenticator returns the caller's identity (a label safe to log and to
 * key rate limits by) or undefined. The token itself is never logged,
 * stored in clear, or echoed.
 */

export interface Identity {
  /** e.g. `tokens:3` (line of the tokens file) or `system:serviceaccount:ci:runner`. */
  id: string
}

/** What an authenticator knows about a token without calling anyone. */
export type LocalAnswer = Identity | 'rejected' | 'unknown'

export interface Authenticator {
  /**
   * Answers from what is at hand (static tokens, cached reviews), at no
   * remote cost: 'unknown' when only {@link authenticate} can tell. The
   * server asks this first, so a client over its failed-login limit is
   * refused before any TokenReview is made for it.
   */
  known(token: string): LocalAnswer
  /** The full check, which may call out (TokenReview). */
  authenticate(token: string): Promise<Identity | undefined>
}

export class StaticTokenAuthenticator implements Authenticator {
  private readonly tokens: readonly AcceptedToken[]

  constructor(tokens: readonly AcceptedToken[]) {
    this.tokens = tokens
  }

  known(token: string): LocalAnswer {
    const match = matchToken(token, this.tokens)
    return match === undefined ? 'rejected' : { id: match.id }
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    const answer = this.known(token)
    return answer === 'rejected' || answer === 'unknown' ? undefined : answer
  }
}

/** Calls the Kubernetes TokenReview API; returns the username when authenticated. */
export type TokenReviewer = (
  token: string
) => Promise<{ authenticated: boolean; username?: string }>

/**
 * Kubernetes TokenReview (for in-cluster callers presenting a service
 * account token). Results are cached by token digest for a short time, so a
 * burst of requests costs one review; the cache is bounded.
 */
export class TokenReviewAuthenticator implements Authenticator {
  private readonly review: TokenReviewer
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly now: () => number
  private readonly cache = new Map<
    string,
    { identity: Identity | undefined; expiresMs: number }
  >()

  constructor(
    review: TokenReviewer,
    options?: { ttlMs?: number; maxEntries?: number; now?: () => number }
  ) {
    this.review = review
    this.ttlMs = options?.ttlMs ?? 60_000
    this.maxEntries = options?.maxEntries ?? 1000
    this.now = options?.now ?? Date.now
  }

  known(token: string): LocalAnswer {
    const hit = this.cache.get(digest(token))
    if (hit === undefined || hit.expiresMs <= this.now()) return 'unknown'
    return hit.identity ?? 'rejected'
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    const key = digest(token)
    const hit = this.cache.get(key)
    if (hit !== undefined && hit.expiresMs > this.now()) return hit.identity
    const result = await this.review(token)
    const identity =
      result.authenticated && result.username !== undefined
        ? { id: result.username }
        : undefined
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value
      if (oldest !== undefined) this.cache.delete(oldest)
    }
    // Rejections are cached for less time so a fixed token works soon.
    const ttl = identity === undefined ? Math.min(this.ttlMs, 5000) : this.ttlMs
    this.cache.set(key, { identity, expiresMs: this.now() + ttl })
    return identity
  }
}

/** The cache key of a token: its SHA-256, so the cache never holds a token. */
function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64')
}

/** Tries each authenticator in turn. */
export class ChainAuthenticator implements Authenticator {
  private readonly chain: readonly Authenticator[]

  constructor(chain: readonly Authenticator[]) {
    this.chain = chain
  }

  known(token: string): LocalAnswer {
    let unknown = false
    for (const a of this.chain) {
      const answer = a.known(token)
      if (answer === 'unknown') unknown = true
      else if (answer !== 'rejected') return answer
    }
    return unknown ? 'unknown' : 'rejected'
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    for (const a of this.chain) {
      const identity = await a.authenticate(token)
      if (identity !== undefined) return identity
    }
    return undefined
  }
}
