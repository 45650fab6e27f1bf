/**
 * The one escaping path (issue 11). Text from manifests, file names, the
 * render command, cluster API messages and the analysis service reaches
 * GitHub Markdown (comment, job summary, CLI markdown, deploy report) only
 * through `code()` (a code span) or `inert()` (escaped plain text). Both
 * first pass the text through the redaction policy, and both keep it on one
 * line: no @mention, #reference, autolink, link, image, HTML element or
 * table break can come from it. test/unit/render-inert.test.ts proves it
 * with a real CommonMark/GFM renderer (micromark + GFM).
 */
import { redactText } from '../redact/policy.js'

/**
 * Line terminators in CommonMark (`\n`, `\r`) and those some renderers and
 * editors also break on (U+2028, U+2029, NEL, VT, FF), plus the other C0
 * controls and DEL, which have no business in a comment.
 */
// eslint-disable-next-line no-control-regex
const BREAKS_AND_CONTROLS =
  /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g

/** Bidirectional overrides and isolates: they make shown text differ from what it says. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g

/** One line, no control characters, secrets hidden. */
export function oneLine(value: unknown): string {
  const text =
    typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return redactText(text).replace(BREAKS_AND_CONTROLS, ' ').replace(BIDI, '')
}

/** A zero-width space: breaks `@name`, `#123` and `GH-1` references for GitHub without changing what a reader sees. */
const ZWSP = '\u200b'

/**
 * A value as a code span: nothing inside renders (no link, HTML, mention),
 * provided the fence is longer than any run of backticks inside it and the
 * span stays on one line. `|` is escaped, since GFM tables split on it even
 * inside code spans (inside a table the backslash is removed; elsewhere it
 * shows).
 */
export function code(value: unknown): string {
  // A backslash right before a pipe would pair with our escape (`\\|`) and
  // let the pipe split the cell: a zero-width space keeps them apart.
  const text = oneLine(value)
    .replace(/\\(?=\|)/g, `\\${ZWSP}`)
    .replace(/\|/g, '\\|')
  if (text.trim() === '') return '` `'
  let longest = 0
  for (const run of text.match(/`+/g) ?? [])
    longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  const pad =
    text.startsWith('`') ||
    text.endsWith('`') ||
    text.startsWith(' ') ||
    text.endsWith(' ')
      ? ' '
      : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/**
 * Plain text (finding messages, API error messages, names in our own
 * sentences) made inert without the noise of a code span: the characters
 * that start inline Markdown (emphasis, code, links, images, HTML, entities,
 * strikethrough, math, table cells) backslash-escaped (not parentheses: with
 * `[` and `]` escaped no link can form, and a list marker `1)` is escaped
 * below), autolinks broken
 * (`http\://`, `www\.`), a block marker at the start escaped, `@` and `#`
 * followed by a zero-width space so GitHub makes no mention or reference of
 * them; one line.
 */
export function inert(value: unknown): string {
  return oneLine(value)
    .replace(/^ +/, '')
    .replace(/[\\`*_[\]<>!|~&$]/g, '\\$&')
    .replace(/[@#]/g, `$&${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^[-+=>:]/, '\\$&')
}

/**
 * The fixed label shown for manifests produced by a `render-command`: the
 * command's text may carry a secret (`DB_PASS=… helm template …`) and is
 * never shown.
 */
export const RENDERED_LABEL = '(rendered by render-command)'
