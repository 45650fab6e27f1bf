/**
 * Reads only some members of one item of an indented JSON list (what
 * `kubectl get ... -o json` prints), straight from the bytes, without
 * parsing the rest: a Node of a big fleet is 3–4 KB (annotations,
 * addresses, images, node info, condition timestamps), of which the
 * snapshot reads a few hundred bytes.
 *
 * It relies on the layout every JSON indenter prints (kubectl, jq,
 * JSON.stringify, Go's encoder, Python's json): an object or list that does
 * not fit on its line opens at the end of a line and closes on a line of its
 * own at the indentation of the line that opened it, and what it holds is on
 * lines indented deeper. A raw newline never occurs inside a JSON string, so
 * these lines are found with `Buffer.indexOf` without looking at the bytes in
 * between.
 *
 * What is checked:
 * - the line structure of every level it reads: each member of an object it
 *   walks starts a line at the members' indentation with a key, a member that
 *   is followed by a comma is followed by another member, the last one by the
 *   closing line at the object's own indentation; a member whose value opens
 *   at the end of its line has its closing line at the member's indentation
 *   (`}` for `{`, `]` for `[`);
 * - every member it keeps, in full, by JSON.parse;
 * - every skipped value written on one line: a string (no control
 *   characters, escapes checked by JSON.parse when there are any) or, by
 *   JSON.parse, anything else.
 *
 * What is not: the lines inside a skipped value that spans several lines
 * (an annotation map, the image list) are not read at all, so a syntax error
 * there goes unnoticed. A truncated or cut file, a missing or extra closing
 * line at any level read, or an item that does not follow this layout is
 * not picked: `pickIndentedItem` returns undefined and the caller parses
 * the item in full (which reports the error exactly).
 */

/** What to keep of an object's members. */
export interface Pick {
  /** Member names, and what is kept of each (same order). */
  readonly names: readonly string[]
  readonly values: readonly PickValue[]
}

/**
 * `whole`: the value, parsed in full. A Pick: an object whose members are
 * picked in turn. `each`: a list whose elements (objects) are picked.
 */
export type PickValue = 'whole' | Pick | { readonly each: Pick }

export type PickSpec = { [key: string]: 'whole' | PickSpec | [PickSpec] }

/** Builds a Pick from a nested literal: `{ metadata: { name: 'whole' }, conditions: [{ type: 'whole' }] }`. */
export function pick(spec: PickSpec): Pick {
  const names: string[] = []
  const values: PickValue[] = []
  for (const [key, value] of Object.entries(spec)) {
    names.push(key)
    values.push(
      value === 'whole'
        ? 'whole'
        : Array.isArray(value)
          ? { each: pick(value[0]!) }
          : pick(value)
    )
  }
  return { names, values }
}

const NEWLINE = 0x0a
const RETURN = 0x0d
const SPACE = 0x20
const TAB = 0x09
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/** Thrown (and caught) when an item does not follow the layout. */
const BAIL = Symbol('bail')

/**
 * Strings already made, by a hash of their bytes: the values a fleet's
 * nodes repeat (label keys and values, condition types and reasons,
 * quantities) are made once and shared, instead of once per node.
 */
const CACHE_SIZE = 4096
const cache: (string | undefined)[] = new Array<string | undefined>(
  CACHE_SIZE
).fill(undefined)

class Walker {
  readonly buf: Buffer
  readonly limit: number
  /** Where the last value read ended (just past its last byte). */
  end = 0
  /** Set by key(): what is kept of the member (undefined: skipped) and its name. */
  want: PickValue | undefined = undefined
  name = ''
  /** Set by afterValue(): a comma followed the value. */
  comma = false

  constructor(buf: Buffer, limit: number) {
    this.buf = buf
    this.limit = limit
  }

  bail(): never {
    throw BAIL
  }

  /** JSON.parse of bytes [from, to): the text is validated there. */
  parse(from: number, to: number): unknown {
    try {
      return JSON.parse(this.buf.toString('utf8', from, to)) as unknown
    } catch {
      return this.bail()
    }
  }

  /**
   * After a value ending at `at`: an optional comma (sets `comma`), then the
   * end of the line. Returns the next line's start.
   */
  afterValue(at: number): number {
    const buf = this.buf
    let i = at
    this.comma = false
    if (buf[i] === COMMA) {
      this.comma = true
      i += 1
    }
    let b = buf[i]
    while (b === SPACE || b === TAB || b === RETURN) b = buf[++i]
    if (b !== NEWLINE || i >= this.limit) this.bail()
    return i + 1
  }

  /** True when the value opened at `at` (`{` or `[`) ends its line. */
  opensBlock(at: number): boolean {
    const buf = this.buf
    let i = at + 1
    let b = buf[i]
    while (b === SPACE || b === TAB || b === RETURN) b = buf[++i]
    return b === NEWLINE
  }

  /** The length of the indentation of the line starting at `at`. */
  indentAt(at: number): number {
    const buf = this.buf
    let i = at
    let b = buf[i]
    while (b === SPACE || b === TAB) b = buf[++i]
    return i - at
  }

  /** The line at `at` has the same `n` bytes of indentation as the line at `ref`, and no more. */
  sameIndent(at: number, ref: number, n: number): boolean {
    const buf = this.buf
    for (let k = 0; k < n; k += 1)
      if (buf[at + k] !== buf[ref + k]) return false
    const b = buf[at + n]
    return b !== SPACE && b !== TAB
  }

  /**
   * The closing byte of a value opened at the end of its line, for a member
   * whose line starts at `lineStart` with `indent` bytes of indentation: the
   * first line at that indentation starting with `close`.
   */
  closer(open: number, lineStart: number, indent: number, close: number) {
    const buf = this.buf
    let p = open
    for (;;) {
      p = buf.indexOf(close, p + 1)
      if (p < 0 || p >= this.limit) this.bail()
      const start = p - indent
      if (
        start > open &&
        buf[start - 1] === NEWLINE &&
        this.sameIndent(start, lineStart, indent)
      )
        return p
    }
  }

  /**
   * The JSON string whose opening quote is at `at`, as JSON.parse gives it;
   * `end` is set past its closing quote. Plain ASCII strings are read here
   * (and shared through the cache), others by JSON.parse.
   */
  str(at: number): string {
    const buf = this.buf
    let i = at + 1
    let h = 0
    let b = buf[i]
    while (b !== QUOTE) {
      if (b === undefined || b < 0x20 || b === BACKSLASH || b >= 0x80)
        return this.rareStr(at)
      h = (Math.imul(h, 31) + b) | 0
      b = buf[++i]
    }
    this.end = i + 1
    const len = i - at - 1
    const slot = (h ^ (h >>> 12) ^ len) & (CACHE_SIZE - 1)
    const known = cache[slot]
    if (known !== undefined && known.length === len) {
      let k = 0
      while (k < len && known.charCodeAt(k) === buf[at + 1 + k]) k += 1
      if (k === len) return known
    }
    const made = buf.toString('latin1', at + 1, i)
    cache[slot] = made
    return made
  }

  /** A string with escapes, control characters or UTF-8: JSON.parse decides. */
  rareStr(at: number): string {
    const buf = this.buf
    let i = at + 1
    for (;;) {
      const b = buf[i]
      if (b === undefined || i >= this.limit || b === NEWLINE) this.bail()
      if (b === QUOTE) break
      i += b === BACKSLASH ? 2 : 1
    }
    this.end = i + 1
    return this.parse(at, i + 1) as string
  }

  /** Checks the string at `at` without making it; `end` is set past it. */
  skipStr(at: number): void {
    const buf = this.buf
    let i = at + 1
    let b = buf[i]
    while (b !== QUOTE) {
      if (b === undefined || b < 0x20 || b === BACKSLASH) {
        this.rareStr(at)
        return
      }
      b = buf[++i]
    }
    this.end = i + 1
  }

  /**
   * The key of the member at `at` (its opening quote): sets `want` (what is
   * kept of it, undefined when skipped), `name` when wanted, and `end` past
   * the key's closing quote.
   */
  key(at: number, keep: Pick): void {
    const buf = this.buf
    if (buf[at] !== QUOTE) this.bail()
    const names = keep.names
    let i = at + 1
    let b = buf[i]
    while (b !== QUOTE) {
      if (b === undefined || b < 0x20 || b === BACKSLASH || b >= 0x80) {
        const name = this.rareStr(at)
        const k = names.indexOf(name)
        this.want = k < 0 ? undefined : keep.values[k]
        this.name = name
        return
      }
      b = buf[++i]
    }
    this.end = i + 1
    // Compare bytes with the wanted names (ASCII) before making a string.
    const len = i - at - 1
    for (let n = 0; n < names.length; n += 1) {
      const wanted = names[n]!
      if (wanted.length !== len) continue
      let k = 0
      while (k < len && buf[at + 1 + k] === wanted.charCodeAt(k)) k += 1
      if (k === len) {
        this.want = keep.values[n]
        this.name = wanted
        return
      }
    }
    this.want = undefined
  }

  /** After a key ending at `at`: the colon; returns where the value starts. */
  colon(at: number): number {
    const buf = this.buf
    let v = at
    let b = buf[v]
    while (b === SPACE || b === TAB) b = buf[++v]
    if (b !== COLON) this.bail()
    b = buf[++v]
    while (b === SPACE || b === TAB) b = buf[++v]
    return v
  }

  /**
   * The end of a value written on one line from `at`: before the comma (if
   * any) and the line's end.
   */
  oneLineEnd(at: number): number {
    const buf = this.buf
    const limit = this.limit
    let nl = at
    while (nl < limit && buf[nl] !== NEWLINE) nl += 1
    if (nl >= limit) this.bail()
    let e = nl
    let b = buf[e - 1]
    while (e > at && (b === RETURN || b === SPACE || b === TAB))
      b = buf[--e - 1]
    if (b === COMMA) b = buf[--e - 1]
    while (e > at && (b === SPACE || b === TAB)) b = buf[--e - 1]
    if (e <= at) this.bail()
    return e
  }

  /**
   * A value kept whole, starting at `v` on a member line that starts at
   * `lineStart` with `indent` bytes of indentation: what JSON.parse gives.
   * `end` is set past the value.
   */
  whole(v: number, lineStart: number, indent: number): unknown {
    const buf = this.buf
    const first = buf[v]
    if (first === QUOTE) {
      // The string must end its line (the caller's afterValue checks).
      return this.str(v)
    } else if (first === OPEN_OBJECT && this.opensBlock(v)) {
      const close = this.closer(v, lineStart, indent, CLOSE_OBJECT)
      this.end = close + 1
      return this.parse(v, close + 1)
    } else if (first === OPEN_ARRAY && this.opensBlock(v)) {
      const close = this.closer(v, lineStart, indent, CLOSE_ARRAY)
      this.end = close + 1
      return this.parse(v, close + 1)
    }
    const e = this.oneLineEnd(v)
    this.end = e
    return this.parse(v, e)
  }

  /**
   * Walks the object opened by `{` at `open` (the last byte of its line),
   * whose closing line has the `indent` bytes of indentation of the line at
   * `lineStart`. Returns the kept members; `end` is set past the `}`.
   */
  object(
    open: number,
    lineStart: number,
    indent: number,
    keep: Pick
  ): Record<string, unknown> {
    const buf = this.buf
    // Members are set in order: a later member of the same name replaces
    // an earlier one, as in JSON.parse. The wanted names are plain (never
    // __proto__), so each is an own property.
    const out: Record<string, unknown> = {}
    let line = this.afterValue(open + 1)
    const inner = this.indentAt(line)
    if (buf[line + inner] === CLOSE_OBJECT) {
      // `{` then `}` on the next line: an empty object.
      if (inner !== indent || !this.sameIndent(line, lineStart, indent))
        this.bail()
      this.end = line + inner + 1
      return out
    }
    if (inner <= indent) this.bail()
    const firstMember = line
    for (;;) {
      // A member line: the members' indentation, then a key.
      if (!this.sameIndent(line, firstMember, inner)) this.bail()
      this.key(line + inner, keep)
      const want = this.want
      const name = this.name
      const v = this.colon(this.end)
      const first = buf[v]
      if (want === undefined) {
        if (
          (first === OPEN_OBJECT || first === OPEN_ARRAY) &&
          this.opensBlock(v)
        ) {
          // A value over several lines, not read: its closing line, and a
          // first line that goes deeper than the member (or closes it).
          const close = this.closer(
            v,
            line,
            inner,
            first === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY
          )
          const next = this.afterValue(v + 1)
          if (next !== close - inner && this.indentAt(next) <= inner)
            this.bail()
          this.end = close + 1
        } else if (first === QUOTE) {
          // The string must end its line (afterValue below checks).
          this.skipStr(v)
        } else {
          const e = this.oneLineEnd(v)
          this.parse(v, e)
          this.end = e
        }
      } else if (want === 'whole') {
        out[name] = this.whole(v, line, inner)
      } else if (
        first === OPEN_OBJECT &&
        'names' in want &&
        this.opensBlock(v)
      ) {
        out[name] = this.object(v, line, inner, want)
      } else if (first === OPEN_ARRAY && 'each' in want && this.opensBlock(v)) {
        out[name] = this.list(v, line, inner, want.each)
      } else {
        // Not the expected kind of value: kept whole, as JSON.parse gives it.
        out[name] = this.whole(v, line, inner)
      }
      line = this.afterValue(this.end)
      if (this.comma) continue
      // After the last member: the object's closing line.
      if (
        !this.sameIndent(line, lineStart, indent) ||
        buf[line + indent] !== CLOSE_OBJECT
      )
        this.bail()
      this.end = line + indent + 1
      return out
    }
  }

  /** Walks a list opened by `[` at `open` (see object()); object elements picked with `keep`, others kept whole. */
  list(open: number, lineStart: number, indent: number, keep: Pick): unknown[] {
    const buf = this.buf
    const out: unknown[] = []
    let line = this.afterValue(open + 1)
    const inner = this.indentAt(line)
    if (buf[line + inner] === CLOSE_ARRAY) {
      if (inner !== indent || !this.sameIndent(line, lineStart, indent))
        this.bail()
      this.end = line + inner + 1
      return out
    }
    if (inner <= indent) this.bail()
    const firstElement = line
    for (;;) {
      if (!this.sameIndent(line, firstElement, inner)) this.bail()
      const at = line + inner
      if (buf[at] === OPEN_OBJECT && this.opensBlock(at))
        out.push(this.object(at, line, inner, keep))
      else out.push(this.whole(at, line, inner))
      line = this.afterValue(this.end)
      if (this.comma) continue
      if (
        !this.sameIndent(line, lineStart, indent) ||
        buf[line + indent] !== CLOSE_ARRAY
      )
        this.bail()
      this.end = line + indent + 1
      return out
    }
  }
}

/**
 * Picks the members `keep` names of the item whose `{` is at `open` in
 * `buf`, the `{` being the only thing on its line after indentation (its
 * line starts at `lineStart`, `indent` bytes of indentation). Reads nothing
 * at or past `limit`. Returns the picked object and the index just past the
 * item's `}`, or undefined when the item does not follow the indented
 * layout (or is cut by `limit`): the caller then parses it in full.
 */
export function pickIndentedItem(
  buf: Buffer,
  open: number,
  lineStart: number,
  indent: number,
  limit: number,
  keep: Pick
): { value: Record<string, unknown>; end: number } | undefined {
  const w = new Walker(buf, limit)
  try {
    const value = w.object(open, lineStart, indent, keep)
    return { value, end: w.end }
  } catch (err) {
    if (err === BAIL) return undefined
    throw err
  }
}
