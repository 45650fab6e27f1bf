/**
 * A real CommonMark/GFM renderer (micromark + GFM, as GitHub's cmark-gfm
 * follows the same spec) to prove that text from input stays inert: the
 * rendered HTML is inspected for links, images, HTML elements and the
 * @mentions / #references GitHub would make from its text nodes.
 */
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/** Markdown to HTML the way GitHub parses it; raw HTML is let through, so injected HTML shows up as elements. */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    allowDangerousProtocol: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

/** Every element name in the rendered HTML. */
export function elementNames(html: string): string[] {
  return [...html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)/g)].map((m) =>
    (m[1] ?? '').toLowerCase()
  )
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'"
}

/** The text GitHub's mention and reference filters see: text nodes outside code, entities decoded. */
export function textOutsideCode(html: string): string {
  return html
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e] ?? e)
    .replace(/&#(\d+);/g, (_e, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_e, h: string) =>
      String.fromCodePoint(parseInt(h, 16))
    )
}

/** What GitHub would turn into a link from plain text: `@user`, `@org/team`, `#123`, `GH-123`, `owner/repo#1`. */
export const MENTION_OR_REF =
  /(?:^|[^\w`])(?:@[A-Za-z0-9][A-Za-z0-9-]*|#\d+|GH-\d+)/

/**
 * Whatever in `html` did not come from `template` (the HTML of the same
 * Markdown with the input replaced by a harmless word): elements, links,
 * images and mentions the input added.
 */
export function injected(
  html: string,
  baseline: string
): { elements: string[]; mentions: string[] } {
  const count = (names: string[]): Map<string, number> => {
    const m = new Map<string, number>()
    for (const n of names) m.set(n, (m.get(n) ?? 0) + 1)
    return m
  }
  const have = count(elementNames(html))
  const base = count(elementNames(baseline))
  const elements: string[] = []
  for (const [name, n] of have)
    if (n > (base.get(name) ?? 0)) elements.push(name)
  const mentions = [
    ...textOutsideCode(html).matchAll(new RegExp(MENTION_OR_REF, 'g'))
  ].map((m) => m[0].trim())
  return { elements, mentions }
}
