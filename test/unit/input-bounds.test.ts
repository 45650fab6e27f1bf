import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  checkInputBounds,
  DEFAULT_INPUT_LIMITS,
  InputLimitError,
  type InputLimits
} from '../../src/core/manifests/input-bounds.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { UserError } from '../../src/util/errors.js'

const REALWORLD = fileURLToPath(
  new URL('../fixtures/realworld', import.meta.url)
)

function refusal(
  text: string,
  limits?: Partial<InputLimits>
): UserError | undefined {
  try {
    checkInputBounds(text, 'm.yaml', limits)
    return undefined
  } catch (err) {
    if (err instanceof UserError) return err
    throw err
  }
}

describe('checkInputBounds: hostile text is refused before parsing', () => {
  const cases: [string, string, keyof InputLimits, number][] = [
    ['900 KB of nested [', '['.repeat(900_000), 'maxNestingDepth', 1],
    [
      'nested { in a document',
      'a:\n  b: ' + '{x: '.repeat(300),
      'maxNestingDepth',
      2
    ],
    [
      'deep block indentation',
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:\n`).join(''),
      'maxNestingDepth',
      201
    ],
    [
      'compact nested sequences',
      '- '.repeat(300) + 'x\n',
      'maxNestingDepth',
      1
    ],
    [
      '200,000 empty documents',
      '---\n'.repeat(200_000),
      'maxDocuments',
      20_001
    ],
    [
      'too many aliases',
      'a: &x 1\nb: [' + Array(150).fill('*x').join(', ') + ']\n',
      'maxAliases',
      2
    ],
    ['a long key', `${'k'.repeat(5000)}: 1\n`, 'maxKeyChars', 1],
    ['a long JSON key', `{"${'k'.repeat(5000)}": 1}`, 'maxKeyChars', 1],
    [
      'a long quoted value',
      `a: 1\nb: "${'v'.repeat(DEFAULT_INPUT_LIMITS.maxScalarChars + 1)}"\n`,
      'maxScalarChars',
      2
    ],
    [
      'a long block scalar',
      'a: 1\nb: |\n' + '  0123456789abcdef\n'.repeat(300_000),
      'maxScalarChars',
      2
    ]
  ]
  it.each(cases)('%s', (_name, text, limit, line) => {
    const err = refusal(text)
    expect(err).toBeInstanceOf(InputLimitError)
    const limitError = err as InputLimitError
    expect(limitError.limit).toBe(limit)
    expect(limitError.limitValue).toBe(DEFAULT_INPUT_LIMITS[limit])
    expect(limitError.line).toBe(line)
    expect(limitError.file).toBe('m.yaml')
    // The message names the limit, its value and the flag that raises it.
    expect(limitError.message).toMatch(/over the limit max-[a-z-]+=\d+/)
    expect(limitError.message).toMatch(/raise it with --max-/)
  })

  it('a raised limit lets the text through', () => {
    expect(refusal('---\n'.repeat(200_000), { maxDocuments: 200_001 })).toBe(
      undefined
    )
    expect(
      refusal('['.repeat(300) + ']'.repeat(300), { maxNestingDepth: 301 })
    ).toBe(undefined)
  })

  const recursive: [string, string, number][] = [
    ['flow', 'metadata: &a {name: x, labels: *a}\n', 1],
    ['block', 'x: 1\na: &x\n  b: 1\n  c: *x\n', 4],
    ['sequence item', '- &x\n  y: *x\n', 2],
    ['indentless sequence', 'a: &x\n- *x\n', 2],
    ['flow sequence', 'a: &s [1, [2, *s]]\n', 1]
  ]
  it.each(recursive)('a recursive alias (%s) is refused', (_n, text, line) => {
    const err = refusal(text)
    expect(err?.message).toMatch(
      /alias \*\w+ is used inside the node of its own anchor/
    )
    expect(err?.line).toBe(line)
  })

  const fine: [string, string][] = [
    ['alias after its anchor', 'a: &x\n  b: 1\nc: *x\n'],
    ['flow aliases after the anchor', 'a: &x {b: 1}\nc: [*x, *x]\n'],
    ['anchor on an empty value', '- name: &x\n  foo: *x\n'],
    [
      'brackets inside plain and quoted scalars',
      'a: echo [[[[\nb: "{{{{"\nc: \'[\'\n'
    ],
    [
      'brackets inside a block scalar',
      'a: |\n  [[[[[[\n  *nope\n  ---\nb: 1\n'
    ],
    ['a comment with brackets', '# [[[[[[\na: 1 # {{{{\n']
  ]
  it.each(fine)('%s passes', (_n, text) => {
    expect(refusal(text, { maxNestingDepth: 4 })).toBe(undefined)
  })

  it('passes every real-world manifest', () => {
    for (const file of readdirSync(REALWORLD).filter((f) =>
      f.endsWith('.yaml')
    ))
      expect(refusal(readFileSync(`${REALWORLD}/${file}`, 'utf8'))).toBe(
        undefined
      )
  })

  it('passes whatever the yaml library writes at a nesting within the limit', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1 }), tie('node'), {
          maxKeys: 4
        })
      )
    })).node
    fc.assert(
      fc.property(value, (v) => {
        for (const text of [
          stringify({ v }),
          stringify({ v }, { collectionStyle: 'flow' }),
          JSON.stringify({ v })
        ])
          expect(refusal(text, { maxNestingDepth: 100 })).toBe(undefined)
      }),
      { numRuns: 300 }
    )
  })

  it('parseManifests runs the check first (3 MB of nesting in well under a second)', () => {
    const started = performance.now()
    expect(() => parseManifests('['.repeat(3_000_000), 'big.yaml')).toThrow(
      InputLimitError
    )
    // Generous: the parser itself takes over 30 s on this text.
    expect(performance.now() - started).toBeLessThan(5000)
  })
})

describe('checkInputBounds: unrendered templates', () => {
  it.each([
    ['a value', 'a: 1\nimage: {{ .Values.image }}\n', 2],
    ['a directive line', 'a: 1\n{{- if .Values.enabled }}\nb: 2\n', 2],
    [
      'an include',
      'metadata:\n  labels:\n    {{- include "x" . | nindent 4 }}\n',
      3
    ]
  ])('%s is refused with a pointer to --render', (_n, text, line) => {
    const err = refusal(text)
    expect(err?.message).toMatch(/unrendered template.*--render/)
    expect(err?.line).toBe(line)
  })

  it('template text inside strings and block scalars is content', () => {
    expect(
      refusal(
        'summary: "{{ $labels.instance }} down"\nt: |\n  {{ define "x" }}\n  {{ end }}\n'
      )
    ).toBe(undefined)
  })
})
