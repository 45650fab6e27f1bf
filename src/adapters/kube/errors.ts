/**
 * An error answer from the Kubernetes API, with the Status it returned
 * (status code, reason, message) and the object the call was about. The
 * message is the API's own, never client-node's (which embeds headers).
 */
export class KubeApiError extends Error {
  readonly status: number
  readonly reason: string
  readonly object: string
  readonly causes: { reason?: string; message?: string; field?: string }[]

  constructor(
    status: number,
    reason: string,
    message: string,
    object: string,
    causes: { reason?: string; message?: string; field?: string }[] = []
  ) {
    super(`${object}: ${message} (${status} ${reason})`)
    this.name = 'KubeApiError'
    this.status = status
    this.reason = reason
    this.object = object
    this.causes = causes
  }

  /** The API's message alone. */
  get apiMessage(): string {
    return this.message.replace(/^[^:]*: /, '').replace(/ \(\d+ \w*\)$/, '')
  }
}

/** Builds a KubeApiError from a response status and body (a Status JSON or anything). */
export function kubeApiErrorFrom(
  status: number,
  body: string,
  object: string
): KubeApiError {
  let reason = statusReason(status)
  let message = body.trim().slice(0, 500) || reason
  let causes: { reason?: string; message?: string; field?: string }[] = []
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null) {
      const s = parsed as Record<string, unknown>
      if (typeof s['reason'] === 'string' && s['reason'] !== '')
        reason = s['reason']
      if (typeof s['message'] === 'string' && s['message'] !== '')
        message = s['message']
      const details = s['details']
      if (typeof details === 'object' && details !== null) {
        const c = (details as Record<string, unknown>)['causes']
        if (Array.isArray(c))
          causes = c.filter(
            (x): x is { reason?: string; message?: string; field?: string } =>
              typeof x === 'object' && x !== null
          )
      }
    }
  } catch {
    // not JSON: keep the text
  }
  return new KubeApiError(status, reason, message, object, causes)
}

function statusReason(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequest'
    case 401:
      return 'Unauthorized'
    case 403:
      return 'Forbidden'
    case 404:
      return 'NotFound'
    case 409:
      return 'Conflict'
    case 410:
      return 'Expired'
    case 422:
      return 'Invalid'
    case 429:
      return 'TooManyRequests'
    default:
      return status >= 500 ? 'InternalError' : 'Unknown'
  }
}
