import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  stringifyBounded,
  TooLargeError
} from '../../../src/service/bounded-json.js'

describe('stringifyBounded', () => {
  it('is JSON.stringify(value, null, indent) + newline for any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 7, stringUnit: 'binary' }),
        fc.constantFrom(0, 2),
        (value, indent) => {
          expect(stringifyBounded(value, 1e9, indent).toString()).toBe(
            JSON.stringify(value, null, indent) + '\n'
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it('skips what JSON skips and honours toJSON', () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1],
      c: { d: new Date(0), e: { f: { g: { h: [1, undefined] } } } }
    }
    expect(stringifyBounded(value, 1e9).toString()).toBe(
      JSON.stringify(value, null, 2) + '\n'
    )
  })

  it('refuses once the text passes the limit, without building it all', () => {
    const big = {
      daemonSets: Array.from({ length: 200 }, (_, i) => ({
        name: `ds-${i}`,
        nodes: Array.from({ length: 1000 }, (_, n) => ({ node: `node-${n}` }))
      }))
    }
    expect(() => stringifyBounded(big, 100_000)).toThrow(TooLargeError)
    expect(stringifyBounded({ a: 'x' }, 100).toString()).toBe(
      '{\n  "a": "x"\n}\n'
    )
  })
})
