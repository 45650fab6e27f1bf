import { describe, expect, it } from 'vitest'
import {
  formatQuantity,
  parseQuantity,
  quantitiesEqual
} from '../../src/core/k8s/quantity.js'

describe('parseQuantity (milli-units, R8.2d)', () => {
  it.each([
    ['500m', 500n],
    ['0.5', 500n],
    [0.5, 500n],
    ['1', 1000n],
    [2, 2000n],
    ['1k', 1_000_000n],
    ['1Ki', 1024_000n],
    ['1Mi', 1048576_000n],
    ['1Gi', 1073741824_000n],
    ['1e3', 1_000_000n],
    ['1E3', 1_000_000n],
    ['100n', 1n],
    ['1u', 1n],
    ['0.0001', 1n],
    ['.5', 500n],
    ['+1', 1000n],
    ['-1', -1000n],
    ['1.5Gi', 1610612736_000n]
  ])('%s -> %s milli', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected)
  })

  it.each(['', 'abc', '1 Gi', '1GB', '1.2.3', 'Mi', null, true, {}])(
    'rejects %j',
    (input) => {
      expect(parseQuantity(input)).toBeUndefined()
    }
  )
})

describe('quantitiesEqual', () => {
  it.each([
    ['0.5', '500m', true],
    ['1Gi', '1024Mi', true],
    ['1000m', '1', true],
    ['1G', '1Gi', false],
    ['100m', '0.1', true],
    ['1', 1, true],
    ['weird', 'weird', true],
    ['weird', 'other', false]
  ])('%j vs %j -> %s', (a, b, equal) => {
    expect(quantitiesEqual(a, b)).toBe(equal)
  })
})

describe('formatQuantity', () => {
  it.each([
    [500n, false, '500m'],
    [2000n, false, '2'],
    [1073741824_000n, true, '1Gi'],
    [1536n * 1048576n * 1000n, true, '1536Mi'],
    [1000n * 1000n, true, '1000']
  ])('%s (binary %s) -> %s', (milli, binary, text) => {
    expect(formatQuantity(milli, binary)).toBe(text)
  })
})
