/**
 * Issue 15: docs/simulation.md's duration formula, rendered as GitHub
 * renders it (micromark + GFM), keeps every term and operator: on main a
 * line starting with `- minReadySeconds` became a list item and the
 * operator vanished.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderGfm } from '../support/markdown.js'

const doc = readFileSync(
  join(import.meta.dirname, '..', '..', 'docs', 'simulation.md'),
  'utf8'
)

describe('docs/simulation.md duration formula', () => {
  const html = renderGfm(doc)

  it('renders as one formula with every term', () => {
    expect(html).toContain(
      'waveSeconds = terminateSeconds + pullSeconds + startSeconds + readySeconds + minReadySeconds'
    )
  })

  it('no term of it became a list item of its own', () => {
    expect(html).not.toMatch(/<li>\s*<code>minReadySeconds<\/code>/)
  })
})
