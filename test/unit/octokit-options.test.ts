import { describe, expect, it } from 'vitest'
import {
  DEFAULT_OCTOKIT_SETTINGS,
  DO_NOT_RETRY,
  octokitOptions,
  shouldRetryRateLimit
} from '../../src/adapters/github/octokit.js'

const settings = {
  ...DEFAULT_OCTOKIT_SETTINGS,
  baseUrl: 'https://ghe.example/api/v3'
}

describe('octokitOptions', () => {
  it('bounds plugin-retry and leaves 429 to the throttling plugin', () => {
    const options = octokitOptions(settings, () => {})
    expect(options.baseUrl).toBe('https://ghe.example/api/v3')
    expect(options.retry).toEqual({
      retries: 3,
      retryAfterBaseValue: 1000,
      doNotRetry: DO_NOT_RETRY
    })
    expect(DO_NOT_RETRY).toContain(429)
    expect(DO_NOT_RETRY).not.toContain(502)
    expect(options.throttle.retryAfterBaseValue).toBe(1000)
    expect(options.throttle.enabled).toBe(true)
  })

  it('retries rate limits a bounded number of times, for bounded waits', () => {
    const warned: string[] = []
    const { onRateLimit, onSecondaryRateLimit } = octokitOptions(
      settings,
      (m) => warned.push(m)
    ).throttle
    expect(
      onSecondaryRateLimit(5, { method: 'POST', url: '/x' }, undefined, 0)
    ).toBe(true)
    expect(onRateLimit(30, { method: 'GET', url: '/y' }, undefined, 1)).toBe(
      true
    )
    expect(onRateLimit(30, { method: 'GET', url: '/y' }, undefined, 2)).toBe(
      false
    )
    expect(onRateLimit(61, { method: 'GET', url: '/y' }, undefined, 0)).toBe(
      false
    )
    expect(warned).toEqual([
      'GitHub secondary rate limit on POST /x: retrying after 5s',
      'GitHub primary rate limit on GET /y: retrying after 30s',
      'GitHub primary rate limit on GET /y: giving up (retry 2, asked to wait 30s)',
      'GitHub primary rate limit on GET /y: giving up (retry 0, asked to wait 61s)'
    ])
  })

  it.each([
    [0, 0, true],
    [60, 1, true],
    [61, 0, false],
    [1, 2, false]
  ])(
    'shouldRetryRateLimit(wait %is, retry %i) is %s',
    (wait, count, expected) => {
      expect(
        shouldRetryRateLimit(wait, count, {
          rateLimitRetries: 2,
          maxRateLimitWaitSeconds: 60
        })
      ).toBe(expected)
    }
  )
})
