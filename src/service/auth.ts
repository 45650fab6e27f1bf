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

export interface Authenticator {
  authenticate(token: string): Promise<Identity | undefined>
}

export class StaticTokenAuthenticator implements Authenticator {
  private readonly tokens: readonly AcceptedToken[]

  constructor(tokens: readonly AcceptedToken[]) {
    this.tokens = tokens
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    const match = matchToken(token, this.tokens)
    return match === undefined ? undefined : { id: match.id }
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

  async authenticate(token: string): Promise<Identity | undefined> {
    const key = createHash('sha256').update(token).digest('base64')
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

/** Tries each authenticator in turn. */
export class ChainAuthenticator implements Authenticator {
  private readonly chain: readonly Authenticator[]

  constructor(chain: readonly Authenticator[]) {
    this.chain = chain
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    for (const a of this.chain) {
      const identity = await a.authenticate(token)
      if (identity !== undefined) return identity
    }
    return undefined
  }
}
