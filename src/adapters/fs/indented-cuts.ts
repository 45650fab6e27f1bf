/**
 * Finds, in a run of items of an indented JSON list (what `kubectl get ... -o
 * json` prints), the members a reader does not need that span several lines
 * (a Node's annotations, capacity, addresses, node info, image list; a Pod's
 * volumes, managed fields...), so that JSON.parse is given the text without
 * them: less text to parse, fewer objects made and thrown away.
 *
 * Only members two levels down (`metadata.annotations`, `status.images`)
 * under the parents `keep` names are cut, and only when their value opens at
 * the end of the member's line and closes on a line of its own at the
 * member's indentation, as every JSON indenter prints it. A raw newline
 * never occurs inside a JSON string, so those lines are found with
 * Buffer.indexOf without reading what lies between: a cut member's content
 * is not looked at, and not checked (the caller parses the rest, which
 * JSON.parse checks). The layout is checked on the lines it reads; where it
 * does not hold (odd indentation, one-line items), nothing is cut.
 */

/** Member names kept, per parent (`metadata`, `spec`, `status`). */
export type KeptMembers = ReadonlyMap<string, readonly string[]>

const NEWLINE = 0x0a
const RETURN = 0x0d
const SPACE = 0x20
const TAB = 0x09
const QUOTE = 0x22
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/** The layout is not the one expected: nothing is cut. */
const ODD = Symbol('odd layout')

function odd(): never {
  throw ODD
}

/** Start of the line holding `at`. */
function lineStart(buf: Buffer, at: number): number {
  let i = at
  while (i > 0 && buf[i - 1] !== NEWLINE) i -= 1
  return i
}

/** Length of the indentation of the line starting at `start`. */
function indentOf(buf: Buffer, start: number): number {
  let i = start
  while (buf[i] === SPACE || buf[i] === TAB) i += 1
  return i - start
}

/** `{` or `[` at `at` ends its line. */
function endsLine(buf: Buffer, at: number, end: number): boolean {
  let i = at + 1
  while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === RETURN))
    i += 1
  return i < end && buf[i] === NEWLINE
}

/**
 * The member whose line starts at `start` (after `indent` bytes) and whose
 * value opens at `open`, when the line is `"key": {` with a plain key (no
 * escapes): the index of one of `names` it is, or -1 (another key), or -2
 * (not such a line: a list element, an escaped key; never cut).
 */
function keyOf(
  buf: Buffer,
  start: number,
  indent: number,
  open: number,
  names: readonly string[]
): number {
  const q = start + indent
  if (buf[q] !== QUOTE) return -2
  let i = q + 1
  while (i < open && buf[i] !== QUOTE) {
    // An escape or a control character: not a plain key.
    if (buf[i] === 0x5c || buf[i]! < 0x20) return -2
    i += 1
  }
  if (i >= open) return -2
  // Between the key and the value: only spaces and one colon.
  let colon = 0
  for (let j = i + 1; j < open; j += 1) {
    const b = buf[j]
    if (b === 0x3a) colon += 1
    else if (b !== SPACE && b !== TAB) return -2
  }
  if (colon !== 1) return -2
  const len = i - q - 1
  for (let n = 0; n < names.length; n += 1) {
    const name = names[n]!
    if (name.length !== len) continue
    let k = 0
    while (k < len && buf[q + 1 + k] === name.charCodeAt(k)) k += 1
    if (k === len) return n
  }
  return -1
}

/**
 * The closing byte of the value opened at `open` on the line starting at
 * `start` with `indent` bytes of indentation: the first line after it, of
 * that indentation or less, that starts with a closing bracket. It must be
 * `close` (`}` or `]`) at that very indentation; a shallower closing line
 * first, or the other bracket, means the file is not laid out (or not
 * balanced) as expected.
 */
function closerOf(
  buf: Buffer,
  open: number,
  start: number,
  indent: number,
  close: number,
  end: number,
  next: NextClosers
): number {
  let p = open
  for (;;) {
    // The next `}` and `]` found by an earlier search stay valid while they
    // lie ahead: the search goes forward through the batch.
    if (next.object <= p) {
      next.object = buf.indexOf(CLOSE_OBJECT, p + 1)
      if (next.object < 0 || next.object > end) next.object = end
    }
    if (next.array <= p) {
      next.array = buf.indexOf(CLOSE_ARRAY, p + 1)
      if (next.array < 0 || next.array > end) next.array = end
    }
    p = next.object < next.array ? next.object : next.array
    if (p >= end) odd()
    // First on its line (after indentation)? Else inside a line: skip it.
    let s = p
    while (buf[s - 1] === SPACE || buf[s - 1] === TAB) s -= 1
    if (buf[s - 1] !== NEWLINE) continue
    const ind = p - s
    if (ind > indent) continue
    if (ind < indent || buf[p] !== close) odd()
    for (let k = 0; k < indent; k += 1) if (buf[s + k] !== buf[start + k]) odd()
    return p
  }
}

/**
 * Where the next `}` and `]` are, from the last search (-1: not searched):
 * shared by the searches of one batch, which only go forward.
 */
interface NextClosers {
  object: number
  array: number
}

/** closerOf for the bracket that opens at `open`. */
function blockEnd(
  buf: Buffer,
  open: number,
  start: number,
  indent: number,
  end: number,
  next: NextClosers
): number {
  const close = buf[open] === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY
  return closerOf(buf, open, start, indent, close, end, next)
}

/**
 * The ranges of `[from, to)` to keep, as [start, end, start, end, ...],
 * when members can be cut; undefined when none is (nothing to cut, or the
 * layout does not allow it). `from` is the `{` of the first item, alone on
 * its line; the items follow one another up to `to`.
 */
export function keptRanges(
  buf: Buffer,
  from: number,
  to: number,
  keep: KeptMembers
): number[] | undefined {
  try {
    return cut(buf, from, to, keep)
  } catch (err) {
    if (err === ODD) return undefined
    throw err
  }
}

function cut(
  buf: Buffer,
  from: number,
  to: number,
  keep: KeptMembers
): number[] | undefined {
  const itemIndent = from - lineStart(buf, from)
  if (!endsLine(buf, from, to)) return undefined
  const firstMember = buf.indexOf(NEWLINE, from) + 1
  const unit = indentOf(buf, firstMember) - itemIndent
  if (unit <= 0) return undefined
  const memberIndent = itemIndent + unit
  const childIndent = memberIndent + unit
  // Cuts, as [start, end) pairs in order.
  const cuts: number[] = []
  const parents = [...keep.keys()]
  const kept = [...keep.values()]
  let parent: readonly string[] | undefined
  let pos = from
  let nextObject = -1
  let nextArray = -1
  const closers: NextClosers = { object: -1, array: -1 }
  for (;;) {
    if (nextObject < pos) {
      nextObject = buf.indexOf(OPEN_OBJECT, pos)
      if (nextObject < 0 || nextObject >= to) nextObject = to
    }
    if (nextArray < pos) {
      nextArray = buf.indexOf(OPEN_ARRAY, pos)
      if (nextArray < 0 || nextArray >= to) nextArray = to
    }
    const open = nextObject < nextArray ? nextObject : nextArray
    if (open >= to) break
    pos = open + 1
    // Only a value that ends its line opens a block (a `{` or `[` inside a
    // string is never followed by a raw newline).
    if (!endsLine(buf, open, to)) continue
    const start = lineStart(buf, open)
    const indent = indentOf(buf, start)
    if (indent === itemIndent) {
      // The next item.
      if (start + indent !== open) odd()
      parent = undefined
      continue
    }
    if (indent === memberIndent) {
      const key = keyOf(buf, start, indent, open, parents)
      parent = key < 0 ? undefined : kept[key]
      if (parent === undefined) {
        // Not metadata, spec or status: skipped whole, nothing cut inside.
        pos = blockEnd(buf, open, start, indent, to, closers) + 1
      }
      continue
    }
    if (indent !== childIndent || parent === undefined) odd()
    const close = blockEnd(buf, open, start, indent, to, closers)
    pos = close + 1
    // A list element, an escaped key or a kept member: not cut.
    if (keyOf(buf, start, indent, open, parent) !== -1) continue
    // Cut from the member's line to the end of its closing line.
    let after = close + 1
    const comma = buf[after] === COMMA
    if (comma) after += 1
    while (
      after < to &&
      (buf[after] === SPACE || buf[after] === TAB || buf[after] === RETURN)
    )
      after += 1
    if (after >= to || buf[after] !== NEWLINE) odd()
    after += 1
    let cutStart = start
    // Adjacent to the previous cut: one cut (its pair is written again).
    let slot = cuts.length
    if (slot > 0 && cuts[slot - 1] === cutStart) {
      slot -= 2
      cutStart = cuts[slot]!
    }
    if (!comma) {
      // The last member: the comma that ended the member before it goes too.
      let b = cutStart - 1 // the newline before the cut
      while (
        b > from &&
        (buf[b - 1] === RETURN ||
          buf[b - 1] === SPACE ||
          buf[b - 1] === TAB ||
          buf[b - 1] === NEWLINE)
      )
        b -= 1
      if (buf[b - 1] === COMMA) cutStart = b - 1
      else if (buf[b - 1] !== OPEN_OBJECT) odd()
    }
    cuts[slot] = cutStart
    cuts[slot + 1] = after
  }
  if (cuts.length === 0) return undefined
  const ranges: number[] = []
  let at = from
  for (let k = 0; k < cuts.length; k += 2) {
    if (cuts[k]! > at) ranges.push(at, cuts[k]!)
    at = cuts[k + 1]!
  }
  if (at < to) ranges.push(at, to)
  return ranges
}
