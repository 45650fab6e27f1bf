/**
 * Recognising "this token may not write here" so that the Action can skip
 * the comment and say why, instead of failing a plan that is otherwise fine
 * (forks get a read-only token under `pull_request`).
 */

/** GitHub's message when the workflow token lacks a permission. */
export const NOT_ACCESSIBLE_BY_INTEGRATION =
  'Resource not accessible by integration'

function status(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const value = (err as { status?: unknown }).status
  return typeof value === 'number' ? value : undefined
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * The reason to show when `err` means the token may not read or write the
 * comment; undefined for any other error (which the caller rethrows).
 */
export function permissionDenial(
  err: unknown,
  needed: string
): string | undefined {
  const code = status(err)
  const text = message(err)
  if (code === 403 && /rate limit/i.test(text)) return undefined
  if (code === 403) {
    const why = text.includes(NOT_ACCESSIBLE_BY_INTEGRATION)
      ? `GitHub answered 403 "${NOT_ACCESSIBLE_BY_INTEGRATION}"`
      : 'GitHub answered 403'
    return `the token may not write comments here (${why}); give the job \`permissions: ${needed}\`, or see docs/action.md for forks`
  }
  if (code === 404) {
    return `GitHub answered 404: the token cannot see this repository's comments; give the job \`permissions: ${needed}\``
  }
  return undefined
}
