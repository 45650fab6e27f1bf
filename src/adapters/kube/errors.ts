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
  /** The API's message alone (the Status message, or the network error's). */
  readonly apiMessage: string
  /**
   * `metadata.continue` of the Status: a 410 Expired answer to a paged
   * list offers a token that goes on with the rest (at a newer revision).
   */
  readonly continueToken: string | undefined

  constructor(
    status: number,
    reason: string,
    message: string,
    object: string,
    causes: { reason?: string; message?: string; field?: string }[] = [],
    continueToken?: string
  ) {
    super(`${object}: ${message} (${status} ${reason})`)
    this.name = 'KubeApiError'
    this.status = status
    this.reason = reason
    this.object = object
    this.causes = causes
    this.apiMessage = message
    this.continueToken = continueToken
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
  let continueToken: string | undefined
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null) {
      const s = parsed as Record<string, unknown>
      if (typeof s['reason'] === 'string' && s['reason'] !== '')
        reason = s['reason']
      if (typeof s['message'] === 'string' && s['message'] !== '')
        message = s['message']
      const meta = s['metadata']
      if (typeof meta === 'object' && meta !== null) {
        const token = (meta as Record<string, unknown>)['continue']
        if (typeof token === 'string' && token !== '') continueToken = token
      }
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
  return new KubeApiError(
    status,
    reason,
    message,
    object,
    causes,
    continueToken
  )
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
