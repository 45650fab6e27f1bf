/**
 * The documentation stands alone: every link in README.md and docs/ points
 * at a file the repository has (and at a heading that exists), every `*.md`
 * named in the docs, action.yml or the CLI's help exists, and the docs do not
 * send the reader into source files to learn a format or a rule.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  headingAnchors,
  markdownLinks,
  readRepoFile,
  REPO_ROOT,
  userDocs,
  withoutCodeBlocks
} from '../support/markdown-docs.js'

function exists(path: string): boolean {
  return existsSync(join(REPO_ROOT, path))
}

/** Problems with the links of one Markdown document. */
function linkProblems(doc: string): string[] {
  const text = readRepoFile(doc)
  const problems: string[] = []
  for (const { target, line } of markdownLinks(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:
    const [pathPart = '', anchor] = target.split('#', 2)
    const path =
      pathPart === '' ? doc : normalize(join(dirname(doc), decodeURI(pathPart)))
    if (path.startsWith('..') || !exists(path)) {
      problems.push(`${doc}:${line}: ${target}: no such file in the repository`)
      continue
    }
    if (
      anchor !== undefined &&
      anchor !== '' &&
      path.endsWith('.md') &&
      statSync(join(REPO_ROOT, path)).isFile() &&
      !headingAnchors(readRepoFile(path)).has(anchor)
    )
      problems.push(`${doc}:${line}: ${target}: no heading with that anchor`)
  }
  return problems
}

/** `name.md` words in prose that do not name a file (next to the text, at the root, or in docs/). */
function mentionedMarkdownProblems(file: string, text: string): string[] {
  const problems: string[] = []
  for (const m of text.matchAll(
    /(?<![\w/.-])((?:\.\.\/|[\w-]+\/)*[\w.-]+\.md)\b/g
  )) {
    const name = m[1]!
    const candidates = [
      normalize(join(dirname(file), name)),
      normalize(name),
      normalize(join('docs', name))
    ]
    if (!candidates.some((c) => !c.startsWith('..') && exists(c)))
      problems.push(
        `${file}: mentions ${name}, which the repository does not have`
      )
  }
  return problems
}

describe('documentation links', () => {
  it('every link in README.md and docs/ resolves to a file (and heading) of the repository', () => {
    expect(userDocs().flatMap(linkProblems)).toEqual([])
  })

  it('every Markdown file named in the docs, action.yml and src/ exists', () => {
    const sources = [
      ...userDocs().map(
        (f) => [f, withoutCodeBlocks(readRepoFile(f))] as const
      ),
      ['action.yml', readRepoFile('action.yml')] as const,
      ...listFiles('src').map((f) => [f, readRepoFile(f)] as const)
    ]
    expect(
      sources.flatMap(([file, text]) => mentionedMarkdownProblems(file, text))
    ).toEqual([])
  })

  it('the docs describe formats and rules themselves instead of pointing into source files', () => {
    const pointers: string[] = []
    for (const doc of userDocs()) {
      let text = withoutCodeBlocks(readRepoFile(doc))
      // The README's Development section describes the source layout for contributors.
      if (doc === 'README.md') text = text.split(/^## Development$/m)[0]!
      text.split('\n').forEach((line, i) => {
        if (/(?<![\w/.-])(?:\.\.\/)*src\/[\w./-]+/.test(line))
          pointers.push(`${doc}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(pointers).toEqual([])
  })

  it('the checks catch a missing file, a missing anchor and a stray source pointer', () => {
    // The helpers above are what the real checks use; a broken fixture must fail them.
    expect(
      mentionedMarkdownProblems('docs/x.md', 'see daemonset-semantics.md')
    ).toHaveLength(1)
    expect(mentionedMarkdownProblems('docs/x.md', 'see semantics.md')).toEqual(
      []
    )
    expect(
      headingAnchors('## 2. Scheduler fit (R1.18, R3.15)\n## A\n## A')
    ).toEqual(new Set(['2-scheduler-fit-r118-r315', 'a', 'a-1']))
  })
})

function listFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap(
    (e) =>
      e.isDirectory()
        ? listFiles(`${dir}/${e.name}`)
        : /\.(ts|js)$/.test(e.name)
          ? [`${dir}/${e.name}`]
          : []
  )
}
