import { redactText } from '../core/redact/policy.js'

/**
 * An error the API reports to the client as `{"error": {"code", "message"}}`
 * with an HTTP status. Messages are written for the caller and never hold
 * request data beyond a manifest's file name and line.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly headers: Record<string, string>
  readonly details: Record<string, string | number> | undefined

  constructor(
    status: number,
    code: string,
    message: string,
    extra?: {
      headers?: Record<string, string>
      details?: Record<string, string | number>
    }
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.headers = extra?.headers ?? {}
    this.details = extra?.details
  }
}

export interface ErrorBody {
  error: {
    code: string
    message: string
    [key: string]: string | number
  }
}

/** The JSON body of an error response; the message through the redaction policy, like every answer. */
export function errorBody(err: ApiError): ErrorBody {
  return {
    error: { ...err.details, code: err.code, message: redactText(err.message) }
  }
}
