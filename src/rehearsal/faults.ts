import { ApiError } from './api/status.js'
import type { ApiFaultHooks } from './api/server.js'
import type { ApiFault } from './scenario.js'

function matches(f: ApiFault, verb: string, resource: string): boolean {
  return (
    (f.verb === '*' || f.verb === verb) &&
    (f.resource === '*' || f.resource === resource)
  )
}

/**
 * API faults from the scenario. Their times are wall-clock seconds since the
 * cluster started, because they act on client connections, not on the
 * simulated cluster.
 */
export class ApiFaults implements ApiFaultHooks {
  private readonly started = Date.now()
  private readonly used = new Map<ApiFault, { window: number; count: number }>()

  constructor(private readonly faults: ApiFault[]) {}

  before(
    verb: string,
    resource: string
  ): { error?: ApiError; delayMs?: number } {
    const elapsed = (Date.now() - this.started) / 1000
    let delayMs = 0
    for (const f of this.faults) {
      if (!matches(f, verb, resource) || elapsed < (f.afterSeconds ?? 0))
        continue
      if (f.effect === 'slow') delayMs += f.delayMs ?? 0
      if (f.effect !== 'status') continue
      const window = f.everySeconds
        ? Math.floor((elapsed - (f.afterSeconds ?? 0)) / f.everySeconds)
        : 0
      const u = this.used.get(f) ?? { window, count: 0 }
      if (u.window !== window) {
        u.window = window
        u.count = 0
      }
      if (u.count >= (f.burst ?? 3)) {
        this.used.set(f, u)
        continue
      }
      u.count++
      this.used.set(f, u)
      if (f.code === 429)
        return {
          delayMs,
          error: new ApiError(
            429,
            'TooManyRequests',
            'Too many requests, please try again later.',
            { retryAfterSeconds: 1 },
            { 'Retry-After': '1' }
          )
        }
      if (f.code === 503)
        return {
          delayMs,
          error: new ApiError(
            503,
            'ServiceUnavailable',
            'the server is currently unable to handle the request (rehearsal fault)'
          )
        }
      return {
        delayMs,
        error: new ApiError(
          500,
          'InternalError',
          'Internal error occurred: rehearsal fault injected'
        )
      }
    }
    return delayMs > 0 ? { delayMs } : {}
  }

  watchCutAfterMs(resource: string): number | undefined {
    const f = this.faults.find(
      (x) => x.effect === 'disconnect' && matches(x, 'watch', resource)
    )
    return f?.everySeconds === undefined ? undefined : f.everySeconds * 1000
  }
}
