import { ApiError } from './api-error.js'

/**
 * Validation of a `POST /v1/plan` request, kept pure: content type, the JSON
 * body `{"head": "<YAML>", "base": "<YAML>"}` and the `format` query
 * parameter. Every failure is an ApiError with a message that says what to
 * send instead; no message repeats the body.
 *
 * Each side may also be a list of files, `[{"name": "monitoring/ds.yaml",
 * "content": "<YAML>"}]`, so findings and errors name the caller's own files
 * and lines (the Action uses this for PR annotations).
 */

export type PlanFormat = 'json' | 'markdown'

/** One manifest file of a request. */
export interface ManifestText {
  name: string
  content: string
}

export interface PlanRequest {
  head: ManifestText[]
  base: ManifestText[]
  format: PlanFormat
}

const MAX_FILES = 1000
const FILE_NAME = /^[^\u0000-\u001f\u007f]{1,256}$/

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

function side(
  value: unknown,
  field: 'head' | 'base'
): ManifestText[] | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return [{ name: field, content: value }]
  const shape = `field "${field}" must be YAML text or a list of {"name", "content"} files`
  if (!Array.isArray(value)) throw new ApiError(400, `invalid-${field}`, shape)
  if (value.length > MAX_FILES) {
    throw new ApiError(
      400,
      `invalid-${field}`,
      `field "${field}" lists more than ${MAX_FILES} files`
    )
  }
  const names = new Set<string>()
  return value.map((item: unknown, i) => {
    const f = item as { name?: unknown; content?: unknown } | null
    if (
      typeof f !== 'object' ||
      f === null ||
      typeof f.name !== 'string' ||
      typeof f.content !== 'string'
    ) {
      throw new ApiError(400, `invalid-${field}`, `${shape} (item ${i})`)
    }
    if (!FILE_NAME.test(f.name)) {
      throw new ApiError(
        400,
        `invalid-${field}`,
        `${field}[${i}].name must be 1-256 characters without control characters`
      )
    }
    if (names.has(f.name)) {
      throw new ApiError(
        400,
        `invalid-${field}`,
        `${field} names a file twice (item ${i})`
      )
    }
    names.add(f.name)
    return { name: f.name, content: f.content }
  })
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
  const head = side(record['head'], 'head')
  if (head === undefined) {
    throw new ApiError(
      400,
      'missing-head',
      'field "head" (the manifests as YAML text) is required'
    )
  }
  return { head, base: side(record['base'], 'base') ?? [] }
}
