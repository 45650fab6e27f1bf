import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Static bearer tokens: parsing the tokens file and checking a presented
 * token in constant time. Tokens are kept only as SHA-256 digests, so a
 * heap dump or a stray log line cannot leak them, and every comparison is
 * between equal-length digests (timingSafeEqual needs equal lengths; hashing
 * first also hides the length of the accepted tokens).
 */

export interface AcceptedToken {
  /** A label for logs and rate limits that says nothing about the token: `tokens:<line>`. */
  id: string
  digest: Buffer
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/**
 * One token per line; blank lines and lines starting with `#` are ignored;
 * surrounding whitespace is trimmed. Throws (without echoing the line) on a
 * token with inner whitespace, which is almost always a pasted
 * `Authorization: Bearer x` line or two tokens on one line.
 */
export function parseTokensFile(text: string, file: string): AcceptedToken[] {
  const tokens: AcceptedToken[] = []
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    if (/\s/.test(line)) {
      throw new Error(
        `${file}:${i + 1}: a token line must hold exactly one token (no spaces)`
      )
    }
    if (line.length < 16) {
      throw new Error(
        `${file}:${i + 1}: token is shorter than 16 characters; use a long random token`
      )
    }
    tokens.push({ id: `tokens:${i + 1}`, digest: digestOf(line) })
  })
  return tokens
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)
  return m?.[1]
}

/**
 * The accepted token that matches, comparing against every accepted token
 * (no early exit) so the time taken does not say which one matched.
 */
export function matchToken(
  presented: string,
  accepted: readonly AcceptedToken[]
): AcceptedToken | undefined {
  const digest = digestOf(presented)
  let found: AcceptedToken | undefined
  for (const candidate of accepted) {
    if (timingSafeEqual(digest, candidate.digest) && found === undefined) {
      found = candidate
    }
  }
  return found
}
