/**
 * Text taken from manifests (names, images, values) must be inert in
 * GitHub Markdown: no @mentions, no #refs, no HTML, no links, no breaking
 * out of a table. A code span does all of that, provided its fence is longer
 * than any run of backticks inside it.
 */
export function code(value: unknown): string {
  let text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  // A code span cannot hold a line break, and GFM tables split on `|` even
  // inside code spans unless it is escaped.
  text = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
  if (text === '') return '` `'
  let longest = 0
  for (const run of text.match(/`+/g) ?? [])
    longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  const pad =
    text.startsWith('`') || text.endsWith('`') || text.startsWith(' ')
      ? ' '
      : ''
  return `${fence}${pad}${text}${pad}${fence}`
}
