import { formatFieldError, type FieldError } from './validation.js'

/** An error answered as a metav1.Status body, as the API server sends it. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }

  body(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code
    }
  }
}

/** `daemonsets.apps` or `pods` (the group-qualified resource). */
export function qualified(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`
}

export function notFound(
  group: string,
  resource: string,
  name: string
): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualified(group, resource)} "${name}" not found`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource
    }
  )
}

export function alreadyExists(
  group: string,
  resource: string,
  name: string
): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualified(group, resource)} "${name}" already exists`,
    {
      name,
      ...(group ? { group } : {}),
      kind: resource
    }
  )
}

export function staleConflict(
  group: string,
  resource: string,
  name: string
): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(group ? { group } : {}), kind: resource }
  )
}

export function invalid(
  group: string,
  kind: string,
  name: string,
  errs: FieldError[]
): ApiError {
  const lines = errs.map(formatFieldError)
  const summary = lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`
  return new ApiError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${summary}`,
    {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errs.map((e, i) => ({
        reason: e.type,
        message: lines[i]!.slice(e.field.length + 2),
        field: e.field
      }))
    }
  )
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message)
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message)
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource'
  )
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized')
}

export function pathNotFound(): ApiError {
  return new ApiError(
    404,
    'NotFound',
    'the server could not find the requested resource'
  )
}
