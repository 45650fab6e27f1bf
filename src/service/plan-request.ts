import { ApiError } from './api-error.js'

/**
 * Validation of a `POST /v1/plan` request, kept pure: content type, the JSON
 * body `{"head": "<YAML>", "base": "<YAML>"}` and the `format` query
 * parameter. Every failure is an ApiError with a message that says what to
 * send instead; no message repeats the body.
 */

export type PlanFormat = 'json' | 'markdown'

export interface PlanRequest {
  head: string
  base: string | undefined
  format: PlanFormat
}

const KNOWN_FIELDS = new Set(['head', 'base'])

export function parsePlanFormat(url: string): PlanFormat {
  const q = url.indexOf('?')
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1))
  const format = params.get('format')
  if (format === null || format === '' || format === 'json') return 'json'
  if (format === 'markdown' || format === 'md') return 'markdown'
  throw new ApiError(
    400,
    'invalid-format',
    "query parameter 'format' must be 'json' or 'markdown'"
  )
}

export function checkJsonContentType(contentType: string | undefined): void {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') {
    throw new ApiError(
      415,
      'unsupported-media-type',
      'send the body as JSON with Content-Type: application/json'
    )
  }
}

/** Parses the body text of a plan request. */
export function parsePlanBody(
  text: string
): Pick<PlanRequest, 'head' | 'base'> {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (err) {
    // JSON.parse messages name a position but do not quote the input at
    // length; keep only their first line.
    const reason = err instanceof Error ? err.message.split('\n')[0] : ''
    throw new ApiError(400, 'invalid-json', `body is not valid JSON: ${reason}`)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(
      400,
      'invalid-body',
      'body must be a JSON object {"head": "<YAML>", "base": "<YAML>"}'
    )
  }
  const record = body as Record<string, unknown>
  const unknown = Object.keys(record).filter((k) => !KNOWN_FIELDS.has(k))
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      'unknown-field',
      `unknown field(s) ${unknown
        .slice(0, 5)
        .map((k) => JSON.stringify(k.slice(0, 64)))
        .join(', ')}; expected "head" and optional "base"`
    )
  }
  const { head, base } = record
  if (head === undefined || head === null) {
    throw new ApiError(
      400,
      'missing-head',
      'field "head" (the manifests as YAML text) is required'
    )
  }
  if (typeof head !== 'string') {
    throw new ApiError(400, 'invalid-head', 'field "head" must be a string')
  }
  if (base !== undefined && base !== null && typeof base !== 'string') {
    throw new ApiError(400, 'invalid-base', 'field "base" must be a string')
  }
  return { head, base: typeof base === 'string' ? base : undefined }
}
