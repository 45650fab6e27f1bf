/**
 * What the rehearsal API checks in a request body before parsing it, as
 * the real API server's decoders bound their input (a nesting depth limit
 * in its JSON and YAML decoding, on top of the 3 MiB body cap in server.ts).
 *
 * Deliberate twin of the product's input pre-check
 * (src/core/manifests/input-bounds.ts): the rehearsal imports nothing from
 * the product (test/rehearsal/independence.test.ts), so it keeps its own,
 * simpler bound. Brackets are counted without regard to quoting: a
 * legitimate Kubernetes object never holds a thousand unclosed brackets,
 * and a quote cannot hide nesting from this count.
 */

/** Flow nesting (`[`, `{`) deeper than this is refused before parsing. */
export const MAX_BODY_NESTING = 1000

export class BodyBoundsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BodyBoundsError'
  }
}

/** Throws when the text opens more than MAX_BODY_NESTING brackets at once. */
export function checkBodyNesting(text: string): void {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_BODY_NESTING)
        throw new BodyBoundsError(
          `the body nests deeper than the limit of ${MAX_BODY_NESTING} levels`
        )
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
  }
}

/**
 * Throws when a parsed YAML body refers to itself (a recursive alias such
 * as `metadata: &a {labels: *a}`), which no JSON object can be.
 */
export function checkAcyclic(value: unknown): void {
  const path = new Set<object>()
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return
    if (path.has(v))
      throw new BodyBoundsError('the body refers to itself (a recursive alias)')
    path.add(v)
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child)
    path.delete(v)
  }
  visit(value)
}
