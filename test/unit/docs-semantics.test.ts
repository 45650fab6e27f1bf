/**
 * docs/semantics.md is the repository's own statement of the DaemonSet rules
 * the code relies on. Every rule id cited anywhere in src/, test/, docs/ or
 * the README (R1.14, R3.8a ...) must be defined there, as a heading, with the
 * Kubernetes source it comes from and the tests that pin it.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { estimateDurations } from '../../src/core/simulate/rollout.js'
import {
  headingAnchors,
  markdownLinks,
  readRepoFile,
  REPO_ROOT,
  userDocs
} from '../support/markdown-docs.js'

const RULE_ID = /(?<![\w.])R\d+\.\d+[a-z]?(?![\w.]*\d)/g

function filesUnder(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap(
    (e) =>
      e.isDirectory()
        ? e.name === 'realworld'
          ? []
          : filesUnder(`${dir}/${e.name}`)
        : /\.(ts|js|md|ya?ml|json)$/.test(e.name)
          ? [`${dir}/${e.name}`]
          : []
  )
}

/** Rule ids cited per file, outside docs/semantics.md itself. */
function citations(): Map<string, string[]> {
  const cited = new Map<string, string[]>()
  const files = [
    ...filesUnder('src'),
    ...filesUnder('test'),
    ...userDocs().filter((f) => f !== 'docs/semantics.md'),
    'action.yml'
  ]
  for (const file of files)
    for (const m of readRepoFile(file).matchAll(RULE_ID)) {
      const where = cited.get(m[0]) ?? []
      where.push(file)
      cited.set(m[0], where)
    }
  return cited
}

interface Rule {
  id: string
  body: string
}

/** The rules of docs/semantics.md: `### R<n>.<m> Title` headings and their text. */
function definedRules(): Rule[] {
  const text = readRepoFile('docs/semantics.md')
  const parts = text.split(/^### /m).slice(1)
  return parts.flatMap((part) => {
    const id = /^(R\d+\.\d+[a-z]?) /.exec(part)?.[1]
    return id === undefined ? [] : [{ id, body: part.split(/^## /m)[0]! }]
  })
}

describe('docs/semantics.md', () => {
  it('defines every rule id cited in src/, test/, docs/, README.md and action.yml', () => {
    const defined = new Set(definedRules().map((r) => r.id))
    const cited = citations()
    expect(cited.size).toBeGreaterThan(60)
    const undefinedIds = [...cited]
      .filter(([id]) => !defined.has(id))
      .map(
        ([id, files]) => `${id} (cited in ${[...new Set(files)].join(', ')})`
      )
    expect(undefinedIds).toEqual([])
  })

  it('defines each rule once, with its Kubernetes source and the tests that pin it', () => {
    const rules = definedRules()
    const ids = rules.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of rules) {
      expect(rule.body, rule.id).toMatch(/^- Kubernetes source: \S/m)
      const pinned = /^- Pinned by: (.*)$/m.exec(rule.body)?.[1] ?? ''
      // A rule without a test says so in words (the closing note lists them).
      if (pinned === 'no dedicated test yet') continue
      const tests = markdownLinks(pinned).map((l) => l.target)
      expect(tests.length, `${rule.id} names no test`).toBeGreaterThan(0)
      for (const t of tests) expect(t, rule.id).toMatch(/^\.\.\/test\/.*\.ts$/)
    }
  })

  it('lists as pinning tests only files that cite the rule', () => {
    // Each listed test exists (the link test checks that) and cites the id,
    // so the list does not drift from the tests.
    const cited = citations()
    const missing = definedRules().filter((rule) => {
      const pinned = /^- Pinned by: (.*)$/m.exec(rule.body)?.[1] ?? ''
      if (pinned === 'no dedicated test yet') return false
      const tests = markdownLinks(pinned).map((l) => l.target.slice(3))
      return !tests.every((t) => (cited.get(rule.id) ?? []).includes(t))
    })
    expect(missing.map((r) => r.id)).toEqual([])
  })

  it('has a heading anchor for every rule, for links such as semantics.md#r114-...', () => {
    const anchors = headingAnchors(readRepoFile('docs/semantics.md'))
    for (const rule of definedRules())
      expect(
        [...anchors].some((a) =>
          a.startsWith(rule.id.toLowerCase().replace('.', '') + '-')
        ),
        rule.id
      ).toBe(true)
  })

  it('defines every worked example the tests cite ("example 14", "examples 5-11")', () => {
    const defined = new Set(
      [
        ...readRepoFile('docs/semantics.md').matchAll(/^### Example (\d+):/gm)
      ].map((m) => Number(m[1]))
    )
    const cited: string[] = []
    for (const file of [...filesUnder('src'), ...filesUnder('test')])
      for (const m of readRepoFile(file).matchAll(
        /\bexamples? (\d+)(?:-(\d+))?\b/gi
      )) {
        const from = Number(m[1])
        for (let n = from; n <= Number(m[2] ?? from); n++)
          if (!defined.has(n)) cited.push(`example ${n} (${file})`)
      }
    expect(defined.size).toBeGreaterThan(0)
    expect(cited).toEqual([])
  })

  it('no document cites the reference text outside the repository', () => {
    const outside = [...userDocs(), ...filesUnder('src'), 'action.yml'].filter(
      (f) => readRepoFile(f).includes('daemonset-semantics.md')
    )
    expect(outside).toEqual([])
  })
})

describe('docs/simulation.md: the duration formula', () => {
  it('is a code block (no Markdown bullet eats a sign) and adds up as the simulation does', () => {
    const doc = readRepoFile('docs/simulation.md')
    const formula = /```\n\s*(waveSeconds = [^\n]+)\n\s*```/.exec(doc)?.[1]
    expect(formula).toBe(
      'waveSeconds = terminateSeconds + pullSeconds + startSeconds + readySeconds + minReadySeconds'
    )
    const ds = (image: string, minReadySeconds?: number) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'a', namespace: 'x' },
      spec: {
        ...(minReadySeconds !== undefined ? { minReadySeconds } : {}),
        template: {
          spec: {
            terminationGracePeriodSeconds: 40,
            containers: [
              {
                name: 'c',
                image,
                readinessProbe: { initialDelaySeconds: 3, periodSeconds: 4 }
              }
            ]
          }
        }
      }
    })
    const d = estimateDurations(ds('r/a:1'), ds('r/a:2', 12), false)
    // terminate 40 + pull 20 + start 5 + ready (3 + 4 × 1) + minReadySeconds 12
    expect(d).toMatchObject({
      terminateSeconds: 40,
      pullSeconds: 20,
      startSeconds: 5,
      readySeconds: 7,
      minReadySeconds: 12
    })
    expect(d.waveSeconds).toBe(40 + 20 + 5 + 7 + 12)
    expect(
      estimateDurations(ds('r/a:1'), ds('r/a:2', 12), true).waveSeconds
    ).toBe(20 + 5 + 7 + 12)
  })
})
