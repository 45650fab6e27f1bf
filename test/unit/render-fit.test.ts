import { describe, expect, it } from 'vitest'
import {
  fitMarkdown,
  utf16Length,
  utf8Bytes
} from '../../src/core/render/fit.js'

const note = (n: number) => `> cut: ${n} lines omitted`
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function fit(text: string, limit: number) {
  return fitMarkdown(text, { limit, measure: utf16Length, note })
}

/** `count` lines of `width` characters each (the last without a newline). */
function lines(count: number, width = 9): string {
  return Array.from({ length: count }, (_, i) =>
    String(i).padStart(width, '0')
  ).join('\n')
}

describe('fitMarkdown', () => {
  it('returns text of exactly the limit unchanged', () => {
    const text = lines(100)
    const result = fit(text, text.length)
    expect(result).toEqual({ text, truncated: false, omittedLines: 0 })
  })

  it('cuts text of limit + 1 at a line boundary, within the limit, with the note', () => {
    const text = lines(100)
    const result = fit(text, text.length - 1)
    expect(result.truncated).toBe(true)
    expect(result.text.length).toBeLessThanOrEqual(text.length - 1)
    const [kept, tail] = result.text.split('\n\n> cut: ')
    // What is kept is whole leading lines of the input.
    expect(text.startsWith(kept! + '\n')).toBe(true)
    expect(kept!.split('\n').every((l) => l.length === 9)).toBe(true)
    expect(tail).toBe(`${result.omittedLines} lines omitted`)
    expect(kept!.split('\n').length + result.omittedLines).toBe(100)
  })

  it('keeps as many lines as fit (the cut is as late as the budget allows)', () => {
    const text = lines(1000)
    const limit = 5000
    const result = fit(text, limit)
    expect(result.text.length).toBeLessThanOrEqual(limit)
    // One more 9-character line (plus its newline) would not have fitted
    // next to the note, measured with its largest count.
    const kept = result.text.split('\n\n> cut:')[0]!
    expect(kept.length + 10 + ('\n\n' + note(1000)).length).toBeGreaterThan(
      limit
    )
  })

  it('never splits a surrogate pair when the cut falls inside an emoji', () => {
    // Each line is 20 emoji (40 UTF-16 units); limits that fall mid-emoji.
    const text = Array.from({ length: 50 }, () => '🚀'.repeat(20)).join('\n')
    for (const limit of [301, 555, 1001, 1999]) {
      const result = fit(text, limit)
      expect(result.text.length).toBeLessThanOrEqual(limit)
      expect(result.text).not.toMatch(LONE_SURROGATE)
    }
  })

  it('cuts an over-long first line at a code point, never inside an emoji', () => {
    const text = 'x' + '🙂'.repeat(100) + '\nsecond line'
    const result = fit(text, 50)
    expect(result.text.length).toBeLessThanOrEqual(50)
    expect(result.text).not.toMatch(LONE_SURROGATE)
    expect(result.text.startsWith('x🙂')).toBe(true)
  })

  it('closes a code fence left open by the cut', () => {
    const text = [
      '# Plan',
      '```diff',
      ...lines(200).split('\n'),
      '```',
      'after'
    ].join('\n')
    const result = fit(text, 600)
    const body = result.text.split('\n\n> cut:')[0]!
    const fences = body.split('\n').filter((l) => l.startsWith('```'))
    expect(fences).toEqual(['```diff', '```'])
    expect(body.endsWith('\n```')).toBe(true)
  })

  it('closes a longer tilde fence with the same fence', () => {
    const text = ['~~~~yaml', ...lines(200).split('\n'), '~~~~'].join('\n')
    const result = fit(text, 300)
    expect(result.text.split('\n\n> cut:')[0]!.endsWith('\n~~~~')).toBe(true)
  })

  it('closes nested <details> left open by the cut, and a fence inside them first', () => {
    const text = [
      '<details><summary>outer</summary>',
      '',
      '<details>',
      '<summary>inner</summary>',
      '',
      '```',
      ...lines(300).split('\n'),
      '```',
      '</details>',
      '</details>'
    ].join('\n')
    const result = fit(text, 900)
    expect(result.text.length).toBeLessThanOrEqual(900)
    const body = result.text.split('\n\n> cut:')[0]!
    expect(body.endsWith('\n```\n\n</details>\n\n</details>')).toBe(true)
  })

  it('does not count <details> that appear inside a code block', () => {
    const text = [
      '```html',
      '<details>',
      ...lines(200).split('\n'),
      '```'
    ].join('\n')
    const result = fit(text, 400)
    expect(result.text).not.toContain('</details>')
  })

  it('does not treat a closed fence as open', () => {
    const text = ['```', 'a', '```', ...lines(200).split('\n')].join('\n')
    const result = fit(text, 400)
    expect(result.text.split('\n\n> cut:')[0]!.endsWith('```')).toBe(false)
  })

  it('measures UTF-8 bytes when asked to (step summary)', () => {
    const text = Array.from({ length: 100 }, () => 'é'.repeat(10)).join('\n')
    const result = fitMarkdown(text, { limit: 500, measure: utf8Bytes, note })
    expect(utf8Bytes(result.text)).toBeLessThanOrEqual(500)
    expect(result.text.length).toBeLessThan(500)
  })
})
