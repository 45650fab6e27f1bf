import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

/** The Octokit the adapters take as their first argument. */
export type GitHubClient = ReturnType<typeof getOctokit>

/** Retry and rate-limit behaviour; tests turn the waits down. */
export interface OctokitSettings {
  baseUrl: string
  /** Retries of a 5xx or network failure (plugin-retry). */
  retries: number
  /** plugin-retry waits (attempt²) × this many milliseconds. */
  retryAfterBaseMs: number
  /** Retries after a primary or secondary rate limit (plugin-throttling). */
  rateLimitRetries: number
  /** A rate limit that asks for a longer wait than this fails instead of stalling the job. */
  maxRateLimitWaitSeconds: number
  /** plugin-throttling waits retry-after × this many milliseconds. */
  rateLimitBaseMs: number
  /**
   * plugin-throttling on or off. Always on in the Action; it also spaces
   * comment writes 3 s apart process-wide, which only tests that make many
   * writes in one process need to turn off.
   */
  throttle: boolean
}

export const DEFAULT_OCTOKIT_SETTINGS: Omit<OctokitSettings, 'baseUrl'> = {
  retries: 3,
  retryAfterBaseMs: 1000,
  rateLimitRetries: 2,
  maxRateLimitWaitSeconds: 60,
  rateLimitBaseMs: 1000,
  throttle: true
}

/**
 * Statuses plugin-retry must not retry: client errors that will not change
 * on their own, and 429, which plugin-throttling handles with the wait the
 * server asks for (create-pull-request does the same).
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

/** Whether to retry after a rate limit: a bounded number of times, for a bounded wait. */
export function shouldRetryRateLimit(
  retryAfterSeconds: number,
  retryCount: number,
  settings: Pick<
    OctokitSettings,
    'rateLimitRetries' | 'maxRateLimitWaitSeconds'
  >
): boolean {
  return (
    retryCount < settings.rateLimitRetries &&
    retryAfterSeconds <= settings.maxRateLimitWaitSeconds
  )
}

interface RequestOptionsLike {
  method?: string
  url?: string
}

/** The options object for getOctokit; pure, so it is tested without a client. */
export function octokitOptions(
  settings: OctokitSettings,
  warn: (message: string) => void
) {
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: RequestOptionsLike,
      _octokit: unknown,
      retryCount: number
    ): boolean => {
      const again = shouldRetryRateLimit(retryAfter, retryCount, settings)
      warn(
        `GitHub ${kind} rate limit on ${options.method ?? ''} ${options.url ?? ''}: ` +
          (again
            ? `retrying after ${retryAfter}s`
            : `giving up (retry ${retryCount}, asked to wait ${retryAfter}s)`)
      )
      return again
    }
  return {
    baseUrl: settings.baseUrl,
    retry: {
      retries: settings.retries,
      retryAfterBaseValue: settings.retryAfterBaseMs,
      doNotRetry: DO_NOT_RETRY
    },
    throttle: {
      enabled: settings.throttle,
      retryAfterBaseValue: settings.rateLimitBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary')
    }
  }
}

/** Builds the one client of a run, with bounded retries and rate-limit handling. */
export function createOctokit(
  token: string,
  settings: OctokitSettings,
  warn: (message: string) => void
): GitHubClient {
  return getOctokit(token, octokitOptions(settings, warn), retry, throttling)
}
