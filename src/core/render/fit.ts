/**
 * Cutting Markdown to a size limit without breaking it. GitHub refuses
 * comments over 65,536 characters and step summaries over 1 MiB; a plain
 * `slice` would cut mid-line, could split a surrogate pair, and would leave a
 * code fence or `<details>` open so that the rest of the page renders as
 * code or stays folded. This cuts at a line boundary, closes what is open,
 * and ends with a note saying that (and how much) was cut.
 */

export interface FitOptions {
  /** The budget, in the unit `measure` counts. */
  limit: number
  /** Size of a string: UTF-16 units for comments, UTF-8 bytes for summaries. */
  measure: (text: string) => number
  /** The Markdown put after the cut, told how many lines were dropped. */
  note: (omittedLines: number) => string
}

export interface FitResult {
  text: string
  truncated: boolean
  /** Lines of the input that are not in `text`. */
  omittedLines: number
}

/** UTF-16 code units: what `String.length` counts; never fewer than GitHub's characters. */
export function utf16Length(text: string): number {
  return text.length
}

const encoder = new TextEncoder()

/** UTF-8 bytes, what the runner counts for the step summary. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length
}

interface BlockState {
  /** The open code fence (its character and length), if any. */
  fence: { char: string; length: number } | undefined
  /** How many `<details>` are open. */
  details: number
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/

function advance(state: BlockState, line: string): BlockState {
  const fence = FENCE.exec(line)
  if (state.fence !== undefined) {
    if (
      fence !== null &&
      fence[1]!.startsWith(state.fence.char) &&
      fence[1]!.length >= state.fence.length &&
      fence[2]!.trim() === ''
    ) {
      return { ...state, fence: undefined }
    }
    return state
  }
  if (fence !== null) {
    const marker = fence[1]!
    // A backtick fence's info string cannot hold a backtick (CommonMark 4.5).
    if (!(marker.startsWith('`') && fence[2]!.includes('`'))) {
      return {
        ...state,
        fence: { char: marker.charAt(0), length: marker.length }
      }
    }
  }
  const opened = line.match(/<details(\s[^>]*)?>/gi)?.length ?? 0
  const closed = line.match(/<\/details\s*>/gi)?.length ?? 0
  return { ...state, details: Math.max(0, state.details + opened - closed) }
}

/** The lines that close whatever `state` has open, each preceded by a newline. */
function closers(state: BlockState): string {
  let out = ''
  if (state.fence !== undefined) {
    out += '\n' + state.fence.char.repeat(state.fence.length)
  }
  for (let i = 0; i < state.details; i++) out += '\n\n</details>'
  return out
}

/** The longest prefix of `text`, in whole code points, that measures at most `limit`. */
function prefixByCodePoints(
  text: string,
  limit: number,
  measure: (text: string) => number
): string {
  let out = ''
  let used = 0
  for (const point of text) {
    const size = measure(point)
    if (used + size > limit) break
    out += point
    used += size
  }
  return out
}

/**
 * Returns `text` unchanged when it fits; otherwise the longest run of whole
 * leading lines that fits together with the closing lines and the note.
 * The first line always survives (it carries the comment's marker): should
 * it alone be too long, it is cut at a code point boundary.
 */
export function fitMarkdown(text: string, options: FitOptions): FitResult {
  const { limit, measure, note } = options
  if (measure(text) <= limit) {
    return { text, truncated: false, omittedLines: 0 }
  }
  const lines = text.split('\n')
  // The note is measured with the largest count it can show, so the final
  // text (whose count can only be smaller) fits too.
  const noteBudget = measure('\n\n' + note(lines.length))
  let state: BlockState = { fence: undefined, details: 0 }
  let used = 0
  let kept = 0
  for (const line of lines) {
    const next = advance(state, line)
    const cost = (kept > 0 ? 1 : 0) + measure(line)
    if (used + cost + measure(closers(next)) + noteBudget > limit) break
    used += cost
    state = next
    kept++
  }
  if (kept === 0) {
    const first = prefixByCodePoints(
      lines[0] ?? '',
      Math.max(0, limit - noteBudget),
      measure
    )
    return {
      text: first + '\n\n' + note(lines.length - 1),
      truncated: true,
      omittedLines: lines.length - 1
    }
  }
  const omitted = lines.length - kept
  const body = lines.slice(0, kept).join('\n') + closers(state)
  return {
    text: body + '\n\n' + note(omitted),
    truncated: true,
    omittedLines: omitted
  }
}
