import { PLAN_SCHEMA_VERSION, type Plan } from '../../core/plan/types.js'
import { UserError } from '../../util/errors.js'

/**
 * Client of the rollout analysis service (`ds-rollout serve`): sends the
 * manifests, gets back the plan computed against the live cluster. Bounded
 * retries (network errors, 429, 502-504) with a per-attempt timeout; errors
 * name the service's own code and message and never the token.
 */

export interface FetchPlanOptions {
  /** Base URL of the service, e.g. `https://ds-rollout.platform.svc:8443`. */
  url: string
  token: string
  /** YAML text, or the files it came from (findings then name them). */
  head: string | ManifestFileText[]
  base?: string | ManifestFileText[]
  /** Per attempt (default 30 s). */
  timeoutMs?: number
  /** Attempts in all (default 3). */
  attempts?: number
  /** Longest wait between attempts, also caps Retry-After (default 10 s). */
  maxDelayMs?: number
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>
}

/** One manifest file: its name as findings should show it, and its text. */
export interface ManifestFileText {
  name: string
  content: string
}

const RETRYABLE = new Set([429, 502, 503, 504])

export class AnalysisServiceError extends Error {
  readonly status: number | undefined
  readonly code: string | undefined

  constructor(message: string, status?: number, code?: string) {
    super(message)
    this.name = 'AnalysisServiceError'
    this.status = status
    this.code = code
  }
}

function planUrl(base: string): string {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    throw new UserError(`analysis-url is not a URL: '${base}'`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('analysis-url must start with https:// (or http://)')
  }
  if (url.username !== '' || url.password !== '') {
    throw new UserError(
      'analysis-url must not hold credentials; use analysis-token'
    )
  }
  url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/plan'
  url.search = ''
  return url.toString()
}

function errorOf(status: number, text: string): AnalysisServiceError {
  let code: string | undefined
  let message = `analysis service answered ${status}`
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown }
    }
    if (typeof body.error?.code === 'string') code = body.error.code
    if (typeof body.error?.message === 'string') {
      message = `analysis service answered ${status} ${code ?? ''}: ${body.error.message}`
    }
  } catch {
    // not our JSON error (a proxy page): keep the status only
  }
  return new AnalysisServiceError(message.replace('  ', ' '), status, code)
}

function retryDelayMs(
  res: Response | undefined,
  attempt: number,
  maxDelayMs: number
): number {
  const header = res?.headers.get('retry-after')
  const seconds = header === null || header === undefined ? NaN : Number(header)
  const ms = Number.isFinite(seconds)
    ? seconds * 1000
    : 500 * 2 ** (attempt - 1)
  return Math.min(maxDelayMs, Math.max(0, ms))
}

function isPlan(value: unknown): value is Plan {
  const v = value as {
    schemaVersion?: unknown
    daemonSets?: unknown
    summary?: unknown
  }
  return (
    typeof value === 'object' &&
    value !== null &&
    v.schemaVersion === PLAN_SCHEMA_VERSION &&
    Array.isArray(v.daemonSets) &&
    typeof v.summary === 'object'
  )
}

export async function fetchPlanFromService(
  options: FetchPlanOptions
): Promise<Plan> {
  const url = planUrl(options.url)
  if (options.token.trim() === '')
    throw new UserError('analysis-token is empty')
  const attempts = Math.max(1, options.attempts ?? 3)
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxDelayMs = options.maxDelayMs ?? 10_000
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const body = JSON.stringify({
    head: options.head,
    ...(options.base === undefined ? {} : { base: options.base })
  })
  let last: AnalysisServiceError | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res: Response | undefined
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json'
        },
        body,
        signal: AbortSignal.timeout(timeoutMs)
      })
      const text = await res.text()
      if (res.ok) {
        let plan: unknown
        try {
          plan = JSON.parse(text)
        } catch {
          throw new AnalysisServiceError(
            'analysis service sent a plan that is not JSON',
            res.status
          )
        }
        if (!isPlan(plan)) {
          const sent = (plan as { schemaVersion?: unknown } | null)
            ?.schemaVersion
          throw new AnalysisServiceError(
            typeof sent === 'number'
              ? `analysis service sent a plan of schemaVersion ${sent}; this Action reads schemaVersion ${PLAN_SCHEMA_VERSION}: run the same ds-rollout version in the service and the Action`
              : `analysis service sent no plan of schemaVersion ${PLAN_SCHEMA_VERSION}`,
            res.status
          )
        }
        return plan
      }
      last = errorOf(res.status, text)
      if (res.status === 422 || res.status === 400) {
        // The manifests (or the request) are at fault: the user fixes them.
        throw new UserError(last.message)
      }
      if (!RETRYABLE.has(res.status)) throw last
    } catch (err) {
      // Answers that retrying cannot change (bad token, bad manifests, a
      // reply that is not a plan) end here.
      if (err instanceof UserError || err instanceof AnalysisServiceError) {
        throw err
      } else {
        const timedOut = err instanceof Error && err.name === 'TimeoutError'
        const cause = (err as { cause?: { code?: unknown } }).cause?.code
        last = new AnalysisServiceError(
          timedOut
            ? `analysis service did not answer within ${timeoutMs} ms`
            : `cannot reach the analysis service (${typeof cause === 'string' ? cause : err instanceof Error ? err.message : 'error'})`
        )
      }
    }
    if (attempt < attempts) await sleep(retryDelayMs(res, attempt, maxDelayMs))
  }
  throw new AnalysisServiceError(
    `${last?.message ?? 'analysis service failed'} (after ${attempts} attempts)`,
    last?.status,
    last?.code
  )
}
