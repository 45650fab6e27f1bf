import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../src/service/rate-limit.js'

describe('per-client rate limit', () => {
  it('allows the burst, then refuses with a Retry-After', () => {
    const rl = new RateLimiter({ ratePerSecond: 2, burst: 3 })
    for (let i = 0; i < 3; i++) expect(rl.take('a', 0).allowed).toBe(true)
    expect(rl.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 })
  })

  it('refills at the sustained rate', () => {
    const rl = new RateLimiter({ ratePerSecond: 2, burst: 1 })
    expect(rl.take('a', 0).allowed).toBe(true)
    expect(rl.take('a', 100).allowed).toBe(false)
    expect(rl.take('a', 600).allowed).toBe(true)
  })

  it('rounds Retry-After up to whole seconds for slow rates', () => {
    const rl = new RateLimiter({ ratePerSecond: 0.1, burst: 1 })
    rl.take('a', 0)
    expect(rl.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 10 })
  })

  it('keeps clients apart', () => {
    const rl = new RateLimiter({ ratePerSecond: 1, burst: 1 })
    expect(rl.take('a', 0).allowed).toBe(true)
    expect(rl.take('a', 0).allowed).toBe(false)
    expect(rl.take('b', 0).allowed).toBe(true)
  })

  it('bounds the client table, forgetting refilled clients first', () => {
    const rl = new RateLimiter({ ratePerSecond: 1, burst: 2, maxClients: 3 })
    rl.take('busy', 0)
    rl.take('busy', 0) // empty bucket: must be remembered
    rl.take('idle1', 0)
    rl.take('idle2', 0)
    // Five seconds later idle1/idle2 have refilled; busy too, but a fresh
    // client entering must not reset a client that is still limited.
    rl.take('busy', 5000)
    rl.take('busy', 5000)
    expect(rl.take('new', 5000).allowed).toBe(true)
    expect(rl.size()).toBeLessThanOrEqual(3)
    expect(rl.take('busy', 5000).allowed).toBe(false)
  })
})
