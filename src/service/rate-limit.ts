/**
 * Per-client rate limiting as token buckets: each client may make `burst`
 * requests at once and `ratePerSecond` sustained. Pure bookkeeping: the
 * caller passes the clock. The table of clients is bounded: when it is full,
 * clients whose bucket has refilled are forgotten first (they are
 * indistinguishable from new clients), then the least recently seen.
 */

export interface RateLimitOptions {
  ratePerSecond: number
  burst: number
  /** Most clients tracked at once. */
  maxClients?: number
}

export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number }

interface Bucket {
  tokens: number
  updatedMs: number
}

export class RateLimiter {
  private readonly rate: number
  private readonly burst: number
  private readonly maxClients: number
  /** Insertion order = least recently seen first. */
  private readonly buckets = new Map<string, Bucket>()

  constructor(options: RateLimitOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new Error('rate limit needs ratePerSecond > 0 and burst >= 1')
    }
    this.rate = options.ratePerSecond
    this.burst = options.burst
    this.maxClients = options.maxClients ?? 10_000
  }

  /** Takes one request from `client`'s bucket at time `nowMs`. */
  take(client: string, nowMs: number): RateDecision {
    const bucket = this.refilled(client, nowMs)
    this.buckets.delete(client)
    this.evict(nowMs, this.maxClients - 1)
    this.buckets.set(client, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { allowed: true, remaining: Math.floor(bucket.tokens) }
    }
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((1 - bucket.tokens) / this.rate)
    )
    return { allowed: false, retryAfterSeconds }
  }

  /** Whether `client` could take a request at `nowMs`, without taking it. */
  check(client: string, nowMs: number): boolean {
    return this.refilled(client, nowMs).tokens >= 1
  }

  /** How many clients are tracked (for tests and metrics). */
  size(): number {
    return this.buckets.size
  }

  private refilled(client: string, nowMs: number): Bucket {
    const bucket = this.buckets.get(client)
    if (bucket === undefined) return { tokens: this.burst, updatedMs: nowMs }
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000
    return {
      tokens: Math.min(this.burst, bucket.tokens + elapsed * this.rate),
      updatedMs: nowMs
    }
  }

  /** Forgets clients until at most `keep` remain. */
  private evict(nowMs: number, keep: number): void {
    if (this.buckets.size <= keep) return
    for (const [client, bucket] of this.buckets) {
      if (this.buckets.size <= keep) return
      const full =
        bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.rate >=
        this.burst
      if (full) this.buckets.delete(client)
    }
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= keep) return
      this.buckets.delete(client)
    }
  }
}
