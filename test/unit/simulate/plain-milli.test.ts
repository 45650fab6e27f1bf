/**
 * prepared.ts reads the common quantity forms (digits and one suffix)
 * without the full parser: the number must be exactly what the parser
 * gives, and anything else must be left to the parser.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseQuantity } from '../../../src/core/k8s/quantity.js'
import { plainMilli } from '../../../src/core/simulate/prepared.js'

const SUFFIXES = [
  '',
  'm',
  'k',
  'M',
  'G',
  'T',
  'Ki',
  'Mi',
  'Gi',
  'Ti',
  'Pi',
  'Ei',
  'n',
  'u',
  'e3',
  'E2',
  'i',
  'mi',
  'KiB'
]
const quantityText = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.bigInt({ min: 0n, max: 10n ** 18n }).map(String),
        fc.stringMatching(/^[0-9]{1,20}$/)
      ),
      fc.constantFrom(...SUFFIXES)
    )
    .map(([digits, suffix]) => digits + suffix),
  fc.constantFrom(
    '',
    ' 5',
    '5 ',
    '+5',
    '-5',
    '1.5',
    '.5',
    '5.',
    '0x10',
    '１',
    'Mi',
    '9007199254740993m'
  ),
  fc.string({ maxLength: 8 })
)

describe('plainMilli', () => {
  it('is the parser’s number whenever it answers', () => {
    fc.assert(
      fc.property(quantityText, (text) => {
        const plain = plainMilli(text)
        if (plain === undefined) return
        const parsed = parseQuantity(text)
        expect(parsed).toBeDefined()
        expect(plain).toBe(Number(parsed))
        expect(BigInt(plain)).toBe(parsed)
      }),
      { numRuns: 5000 }
    )
  })

  it('reads the forms a snapshot repeats, and leaves the rest to the parser', () => {
    expect(plainMilli('250m')).toBe(250)
    expect(plainMilli('4')).toBe(4000)
    expect(plainMilli('512Mi')).toBe(512 * 2 ** 20 * 1000)
    expect(plainMilli('95551679124')).toBe(95551679124000)
    for (const other of [
      '1.5',
      '+1',
      ' 1',
      '1e3',
      '',
      'Mi',
      '1Pi',
      '99999999999999999'
    ])
      expect(plainMilli(other)).toBeUndefined()
  })
})
