/**
 * Reading the repository's own Markdown for the documentation tests: the
 * documents, their text outside code, their links and GitHub's heading
 * anchors.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const REPO_ROOT = new URL('../../', import.meta.url).pathname

/** README.md and every Markdown file under docs/, as repository-relative paths. */
export function userDocs(): string[] {
  return [
    'README.md',
    ...readdirSync(join(REPO_ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`)
  ]
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8')
}

/** The text with fenced code blocks blanked out (line numbers kept). */
export function withoutCodeBlocks(markdown: string): string {
  const out: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line)
    if (fence === undefined && m !== null) {
      fence = m[1]![0]!.repeat(m[1]!.length)
      out.push('')
    } else if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined
      out.push('')
    } else out.push(line)
  }
  return out.join('\n')
}

/** The text without fenced code blocks and without inline code spans. */
export function prose(markdown: string): string {
  return withoutCodeBlocks(markdown).replace(/(`+)[^`]*?\1/g, '``')
}

export interface MarkdownLink {
  target: string
  line: number
}

/** Inline links and images `[text](target)` and reference definitions `[x]: target`, outside code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = []
  prose(markdown)
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(
        /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g
      ))
        links.push({ target: m[1]!, line: i + 1 })
      const ref = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(text)
      if (ref !== null) links.push({ target: ref[1]!, line: i + 1 })
    })
  return links
}

/** GitHub's anchor for a heading text (github-slugger: lower case, punctuation dropped, spaces to hyphens). */
export function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Every anchor the headings of a Markdown document get on GitHub (repeats get -1, -2, ...). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of withoutCodeBlocks(markdown).split('\n')) {
    const m = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (m === null) continue
    const base = headingSlug(m[1]!)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}
