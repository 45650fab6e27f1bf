/**
 * JSON text with a size limit, built in pieces so an answer that would pass
 * the limit is refused before its whole text exists (a plan for hundreds of
 * DaemonSets over a large fleet runs to hundreds of megabytes). The output
 * is byte-for-byte `JSON.stringify(value, null, indent)`.
 */

export class TooLargeError extends Error {
  readonly limitBytes: number
  constructor(limitBytes: number) {
    super(`the answer would exceed ${limitBytes} bytes`)
    this.name = 'TooLargeError'
    this.limitBytes = limitBytes
  }
}

/** Containers this many levels deep are stringified whole. */
const SPLIT_DEPTH = 4

/**
 * `JSON.stringify(value, null, indent) + '\n'` as a Buffer, or a
 * TooLargeError as soon as the text passes `limitBytes`.
 */
export function stringifyBounded(
  value: unknown,
  limitBytes: number,
  indent = 2
): Buffer {
  const pieces: string[] = []
  let size = 0
  const push = (text: string): void => {
    size += Buffer.byteLength(text)
    if (size > limitBytes) throw new TooLargeError(limitBytes)
    pieces.push(text)
  }
  /** A line break and the indentation of `depth` (nothing when compact). */
  const nl = (depth: number): string =>
    indent === 0 ? '' : '\n' + ' '.repeat(indent * depth)
  const colon = indent === 0 ? ':' : ': '
  /** Writes `v` at `depth`; false when JSON would skip it. */
  const write = (v: unknown, depth: number): boolean => {
    const json = toJsonValue(v)
    if (json === undefined) return false
    if (depth >= SPLIT_DEPTH || typeof json !== 'object' || json === null) {
      const text = JSON.stringify(json, null, indent)
      if (text === undefined) return false
      push(indent === 0 ? text : text.replaceAll('\n', nl(depth)))
      return true
    }
    if (Array.isArray(json)) {
      if (json.length === 0) {
        push('[]')
        return true
      }
      json.forEach((item, i) => {
        push((i === 0 ? '[' : ',') + nl(depth + 1))
        if (!write(item, depth + 1)) push('null')
      })
      push(nl(depth) + ']')
      return true
    }
    let first = true
    for (const [k, item] of Object.entries(json)) {
      if (toJsonValue(item) === undefined) continue
      push((first ? '{' : ',') + nl(depth + 1) + JSON.stringify(k) + colon)
      first = false
      write(item, depth + 1)
    }
    push(first ? '{}' : nl(depth) + '}')
    return true
  }
  if (!write(value, 0)) push('null')
  push('\n')
  // Written piece by piece into one buffer: no joined copy of the text.
  const out = Buffer.allocUnsafe(size)
  let offset = 0
  for (const piece of pieces) offset += out.write(piece, offset)
  return out
}

/** What JSON.stringify would serialize for `v` (after toJSON), or undefined to skip. */
function toJsonValue(v: unknown): unknown {
  if (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return (v as { toJSON: () => unknown }).toJSON()
  }
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
    return undefined
  }
  return v
}
