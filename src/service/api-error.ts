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

/** The JSON body of an error response. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    [key: string]: string | number
  }
}

export function errorBody(err: ApiError): ErrorBody {
  return { error: { ...err.details, code: err.code, message: err.message } }
}
