import { open } from 'node:fs/promises'
import { keptRanges, type KeptMembers } from './indented-cuts.js'

/**
 * Reads a JSON object of the kubectl list shape (`{"kind": "List", "items":
 * [ ... ], ...}`) from a file in chunks, without ever holding the whole text:
 * each element of the top-level `items` array is cut out and parsed with
 * JSON.parse on its own, then handed to `mapItem` (which can shrink it), and
 * every other top-level member is parsed as it is (and is visible to
 * `mapItem` once read: `kind` comes first in API output, after `items` in
 * kubectl's). For exports too large for
 * one JavaScript string (V8 caps strings at about 512 MiB).
 *
 * Any other top-level object is read member by member (each member must
 * then fit in one string). Throws JsonListShapeError when the text is not a
 * JSON object, and SyntaxError (with a byte offset) when it is not JSON.
 * With `cuts`, members of indented items the caller does not read are left
 * out before JSON.parse (ItemCuts, indented-cuts.ts): their content is then
 * not checked.
 */
export class JsonListShapeError extends Error {}

/**
 * Lets the reader leave out of each item of an indented list the members
 * two levels down that the caller does not read (indented-cuts.ts): `keep`
 * names those it reads, per parent; `usable` says whether an item read
 * without the others can stand for it (a Node or a Pod, say). A batch with
 * an item that cannot is parsed again in full.
 */
export interface ItemCuts {
  keep: KeptMembers
  usable(item: unknown, envelope: Record<string, unknown>): boolean
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const COLON = 0x3a
const FAST_BATCH_BYTES = 128 * 1024

type State =
  | 'start' // before the top-level '{'
  | 'key-or-end' // inside the object, before a key or '}'
  | 'key' // inside a key string
  | 'colon'
  | 'value' // before a member value
  | 'member' // inside a (non-items) member value
  | 'comma-or-end' // after a member value
  | 'item-or-end' // inside items, before an element or ']'
  | 'item' // inside an element
  | 'item-comma-or-end'
  | 'done'

interface ValueScan {
  nesting: number
  inString: boolean
  escaped: boolean
  /** Next quote / backslash at or after the scan position in this chunk (chunk length: none; -1: not looked up). */
  nextQuote: number
  nextBackslash: number
}

/**
 * Scans an object, array or string value from `from`, carrying its state
 * across chunks. Returns the index just past the value's end, or -1 when the
 * chunk ends first. Inside strings it jumps with Buffer.indexOf, so most
 * bytes of a pod are never looked at one by one.
 */
function scanValue(chunk: Buffer, from: number, s: ValueScan): number {
  // One tight pass over the bytes: cheaper than indexOf per string when
  // strings are short (node and pod objects are mostly short strings).
  let nesting = s.nesting
  let inString = s.inString
  let escaped = s.escaped
  const len = chunk.length
  let i = from
  let end = -1
  while (i < len) {
    const b = chunk[i]!
    i += 1
    if (inString) {
      if (escaped) escaped = false
      else if (b === BACKSLASH) escaped = true
      else if (b === QUOTE) {
        inString = false
        if (nesting === 0) {
          end = i
          break
        }
      }
    } else if (b === QUOTE) inString = true
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) nesting += 1
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      nesting -= 1
      if (nesting === 0) {
        end = i
        break
      }
    }
  }
  s.nesting = nesting
  s.inString = inString
  s.escaped = escaped
  return end
}

/**
 * For an item whose `{` is at `at`, preceded on its line only by
 * indentation: the bytes that close it in indented JSON (newline, the same
 * indentation, `}`). Undefined when the brace does not start its line.
 */
function itemClose(chunk: Buffer, at: number): Buffer | undefined {
  let j = at - 1
  while (j >= 0 && (chunk[j] === 0x20 || chunk[j] === 0x09)) j -= 1
  if (j < 0 || chunk[j] !== 0x0a) return undefined
  const close = Buffer.allocUnsafe(at - j + 1)
  chunk.copy(close, 0, j, at)
  close[at - j] = CLOSE_OBJECT
  return close
}

export async function readJsonListStreaming(
  path: string,
  mapItem: (item: unknown, envelope: Record<string, unknown>) => unknown,
  chunkBytes = 4 * 1024 * 1024,
  cuts?: ItemCuts
): Promise<Record<string, unknown>> {
  const envelope: Record<string, unknown> = {}
  const items: unknown[] = []
  let state: State = 'start'
  let key = ''
  let sawItems = false
  // The text being captured (a key, a member value or an element), as parts.
  let parts: Buffer[] = []
  let captureStart = -1
  // Inside the captured value: nesting and string state.
  const scan: ValueScan = {
    nesting: 0,
    inString: false,
    escaped: false,
    nextQuote: -1,
    nextBackslash: -1
  }
  let scalar = false
  let keyEscaped = false
  let offset = 0
  let fastPath = true

  const text = (chunk: Buffer, end: number): string => {
    parts.push(chunk.subarray(captureStart, end))
    const s =
      parts.length === 1
        ? parts[0]!.toString('utf8')
        : Buffer.concat(parts).toString('utf8')
    parts = []
    captureStart = -1
    return s
  }
  const fail = (at: number, what: string): never => {
    throw new SyntaxError(`${what} at byte ${at}`)
  }

  // Two buffers, read into again and again: a fresh 4 MiB buffer per chunk
  // counts as external memory and triggers full garbage collections of the
  // growing heap. While one chunk is parsed the next is read into the other
  // buffer, so the file is read while this thread parses. Nothing keeps a
  // view of a buffer past its chunk (the part of a value cut by the chunk's
  // end is copied into `parts`).
  const handle = await open(path, 'r')
  const buffers = [
    Buffer.allocUnsafe(chunkBytes),
    Buffer.allocUnsafe(chunkBytes)
  ]
  let reading = 0
  let next = handle.read(buffers[0]!, 0, chunkBytes, null)
  let scratch = Buffer.alloc(0)
  try {
    for (;;) {
      const { bytesRead } = await next
      if (bytesRead === 0) break
      const buffer = buffers[reading]!
      reading ^= 1
      next = handle.read(buffers[reading]!, 0, chunkBytes, null)
      const chunk =
        bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead)
      if (captureStart >= 0) captureStart = 0
      scan.nextQuote = -1
      scan.nextBackslash = -1
      for (let i = 0; i < chunk.length; i += 1) {
        const b = chunk[i]!
        switch (state) {
          case 'start':
            if (SPACE.has(b) || (offset + i < 3 && b >= 0xbb)) continue // BOM
            if (b !== OPEN_OBJECT) throw new JsonListShapeError('not an object')
            state = 'key-or-end'
            continue
          case 'key-or-end':
          case 'comma-or-end':
            if (SPACE.has(b)) continue
            if (b === CLOSE_OBJECT) {
              state = 'done'
              continue
            }
            if (state === 'comma-or-end') {
              if (b !== COMMA) fail(offset + i, "expected ',' or '}'")
              state = 'key-or-end'
              continue
            }
            if (b !== QUOTE) fail(offset + i, 'expected a key')
            state = 'key'
            captureStart = i
            keyEscaped = false
            continue
          case 'key':
            if (keyEscaped) keyEscaped = false
            else if (b === BACKSLASH) keyEscaped = true
            else if (b === QUOTE) {
              key = JSON.parse(text(chunk, i + 1)) as string
              state = 'colon'
            }
            continue
          case 'colon':
            if (SPACE.has(b)) continue
            if (b !== COLON) fail(offset + i, "expected ':'")
            state = 'value'
            continue
          case 'value':
            if (SPACE.has(b)) continue
            if (key === 'items' && b === OPEN_ARRAY) {
              sawItems = true
              state = 'item-or-end'
              continue
            }
            state = 'member'
            break // handled below as the first byte of the value
          case 'item-or-end':
          case 'item-comma-or-end':
            if (SPACE.has(b)) continue
            if (b === CLOSE_ARRAY) {
              state = 'comma-or-end'
              continue
            }
            if (state === 'item-comma-or-end') {
              if (b !== COMMA) fail(offset + i, "expected ',' or ']'")
              state = 'item-or-end'
              continue
            }
            state = 'item'
            break
          case 'done':
            if (!SPACE.has(b)) fail(offset + i, 'unexpected text after the end')
            continue
          default:
            break
        }
        // Fast path for indented lists (kubectl prints them so): a raw
        // newline never occurs inside a JSON string, so "\n<indent>}" with
        // the indent of an item's opening brace closes an item. Everything up
        // to the last such close in this chunk is parsed as one array by
        // JSON.parse, without looking at its bytes here. If that text is not
        // a valid array (odd indentation), the byte scan below takes over for
        // the rest of the file.
        if (
          state === 'item' &&
          captureStart < 0 &&
          fastPath &&
          b === OPEN_OBJECT
        ) {
          const close = itemClose(chunk, i)
          // Batches of about FAST_BATCH_BYTES: the parsed items are garbage
          // once slimmed, and small batches keep them young (cheap to collect).
          const last =
            close === undefined
              ? -1
              : chunk.lastIndexOf(close, i + FAST_BATCH_BYTES)
          if (close !== undefined && last > i) {
            const end = last + close.length
            let batch: unknown
            // Without the members the caller does not read, when the
            // layout allows and every item of the batch can do without.
            const kept =
              cuts === undefined
                ? undefined
                : keptRanges(chunk, i, end, cuts.keep)
            if (kept !== undefined) {
              let size = 0
              for (let k = 0; k < kept.length; k += 2)
                size += kept[k + 1]! - kept[k]!
              if (scratch.length < size) scratch = Buffer.allocUnsafe(size * 2)
              let at = 0
              for (let k = 0; k < kept.length; k += 2)
                at += chunk.copy(scratch, at, kept[k], kept[k + 1])
              try {
                batch = JSON.parse(`[${scratch.toString('utf8', 0, at)}]`)
              } catch {
                batch = undefined
              }
              if (
                Array.isArray(batch) &&
                !batch.every((item) => cuts!.usable(item, envelope))
              )
                batch = undefined
            }
            if (batch === undefined) {
              try {
                batch = JSON.parse(`[${chunk.toString('utf8', i, end)}]`)
              } catch {
                batch = undefined
              }
            }
            if (Array.isArray(batch)) {
              for (const item of batch) items.push(mapItem(item, envelope))
              state = 'item-comma-or-end'
              i = end - 1
              continue
            }
            fastPath = false
          }
        }
        // state is 'member' or 'item': scan one JSON value.
        if (captureStart < 0) {
          captureStart = i
          scan.nesting = 0
          scan.inString = false
          scan.escaped = false
          scalar = b !== QUOTE && b !== OPEN_OBJECT && b !== OPEN_ARRAY
          if (scalar) continue
        }
        let ended = -1
        if (scalar) {
          if (
            SPACE.has(b) ||
            b === COMMA ||
            b === CLOSE_OBJECT ||
            b === CLOSE_ARRAY
          ) {
            ended = i // the delimiter is not part of the value
          } else continue
        } else {
          ended = scanValue(chunk, i, scan)
          if (ended < 0) {
            i = chunk.length
            continue
          }
        }
        const value = JSON.parse(text(chunk, ended)) as unknown
        if (state === 'item') {
          items.push(mapItem(value, envelope))
          state = 'item-comma-or-end'
        } else {
          envelope[key] = value
          state = 'comma-or-end'
        }
        // Go on after the value; a scalar's delimiter is looked at again.
        i = ended - 1
      }
      if (captureStart >= 0)
        parts.push(Buffer.from(chunk.subarray(captureStart)))
      offset += chunk.length
    }
  } finally {
    // A read may still be in flight (the loop threw): let it end first.
    await next.catch(() => undefined)
    await handle.close()
  }
  if (state === 'start') throw new JsonListShapeError('empty')
  if (state !== 'done') fail(offset, 'unexpected end of the file')
  // Without a top-level `items` (a compact ds-rollout snapshot) every member
  // was parsed whole: the object is complete as it is.
  if (sawItems) envelope.items = items
  return envelope
}
