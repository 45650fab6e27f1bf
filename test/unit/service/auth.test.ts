import { describe, expect, it } from 'vitest'
import {
  ChainAuthenticator,
  StaticTokenAuthenticator,
  TokenReviewAuthenticator
} from '../../../src/service/auth.js'
import { parseTokensFile } from '../../../src/service/tokens.js'

const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.service-account.sig'

function reviewer() {
  const seen: string[] = []
  const review = async (token: string) => {
    seen.push(token)
    return token === SA_TOKEN
      ? { authenticated: true, username: 'system:serviceaccount:ci:runner' }
      : { authenticated: false }
  }
  return { seen, review }
}

describe('TokenReview authentication', () => {
  it('accepts a reviewed token as its service account and caches the answer', async () => {
    let now = 0
    const { seen, review } = reviewer()
    const auth = new TokenReviewAuthenticator(review, {
      ttlMs: 60_000,
      now: () => now
    })
    expect(await auth.authenticate(SA_TOKEN)).toEqual({
      id: 'system:serviceaccount:ci:runner'
    })
    expect(await auth.authenticate(SA_TOKEN)).toBeDefined()
    expect(seen).toHaveLength(1)
    now = 61_000
    await auth.authenticate(SA_TOKEN)
    expect(seen).toHaveLength(2)
  })

  it('caches rejections only briefly', async () => {
    let now = 0
    const { seen, review } = reviewer()
    const auth = new TokenReviewAuthenticator(review, { now: () => now })
    expect(await auth.authenticate('nope')).toBeUndefined()
    expect(await auth.authenticate('nope')).toBeUndefined()
    expect(seen).toHaveLength(1)
    now = 6_000
    await auth.authenticate('nope')
    expect(seen).toHaveLength(2)
  })

  it('bounds the cache', async () => {
    const { review } = reviewer()
    const auth = new TokenReviewAuthenticator(review, { maxEntries: 2 })
    for (const t of ['a', 'b', 'c', 'd']) await auth.authenticate(t)
    expect(
      (auth as unknown as { cache: Map<string, unknown> }).cache.size
    ).toBe(2)
  })
})

describe('chained authentication', () => {
  it('tries static tokens first, then TokenReview', async () => {
    const { seen, review } = reviewer()
    const chain = new ChainAuthenticator([
      new StaticTokenAuthenticator(
        parseTokensFile('static-token-0123456789', 'tokens')
      ),
      new TokenReviewAuthenticator(review)
    ])
    expect(await chain.authenticate('static-token-0123456789')).toEqual({
      id: 'tokens:1'
    })
    expect(seen).toHaveLength(0)
    expect(await chain.authenticate(SA_TOKEN)).toEqual({
      id: 'system:serviceaccount:ci:runner'
    })
    expect(await chain.authenticate('other')).toBeUndefined()
  })
})
