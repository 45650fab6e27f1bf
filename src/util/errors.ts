/**
 * A problem with what the user gave us (a manifest, a flag, a file). It is
 * reported as one line, with the file and line when known, and never with a
 * stack trace. The CLI exits 2 on it.
 */
export class UserError extends Error {
  readonly file: string | undefined
  readonly line: number | undefined

  constructor(message: string, where?: { file?: string; line?: number }) {
    super(message)
    this.name = 'UserError'
    this.file = where?.file
    this.line = where?.line
  }

  /** "file:line: message", or as much of that as is known. */
  describe(): string {
    if (this.file === undefined) return this.message
    const at = this.line === undefined ? this.file : `${this.file}:${this.line}`
    return `${at}: ${this.message}`
  }
}

/** The message of anything thrown, without assuming it is an Error. */
export function errorMessage(err: unknown): string {
  if (err instanceof UserError) return err.describe()
  if (err instanceof Error) return err.message
  return String(err)
}
