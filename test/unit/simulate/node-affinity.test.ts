import { describe, expect, it } from 'vitest'
import {
  compileLabelRequirement,
  compileNodeAffinity,
  parseInt64
} from '../../../src/core/k8s/node-affinity.js'
import type { NodeSelectorTerm, PodSpec } from '../../../src/core/k8s/types.js'

const node = (labels: Record<string, string>, name = 'node-a') => ({
  name,
  labels
})

function affinity(terms: NodeSelectorTerm[]): PodSpec {
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms
        }
      }
    }
  }
}

function matches(
  operator: string,
  values: string[] | undefined,
  labels: Record<string, string>
): boolean {
  return compileNodeAffinity(
    affinity([{ matchExpressions: [{ key: 'k', operator, values }] }])
  )(node(labels))
}

describe('R1.9 label operators', () => {
  // [operator, values, label value or undefined (absent), expected]
  const table: [string, string[] | undefined, string | undefined, boolean][] = [
    ['In', ['a', 'b'], undefined, false],
    ['In', ['a', 'b'], 'a', true],
    ['In', ['a', 'b'], 'c', false],
    ['NotIn', ['a'], undefined, true],
    ['NotIn', ['a'], 'a', false],
    ['NotIn', ['a'], 'b', true],
    ['Exists', undefined, undefined, false],
    ['Exists', undefined, '', true],
    ['DoesNotExist', undefined, undefined, true],
    ['DoesNotExist', undefined, 'x', false],
    ['Gt', ['2'], undefined, false],
    ['Gt', ['2'], '4', true],
    ['Gt', ['2'], '2', false],
    ['Gt', ['2'], 'four', false],
    ['Lt', ['2'], '1', true],
    ['Lt', ['2'], '-5', true],
    ['Lt', ['2'], '3', false],
    ['Lt', ['2'], '1.5', false],
    ['Gt', ['2'], '99999999999999999999', false]
  ]
  it.each(table)('%s %j on label %j → %s', (op, values, label, expected) => {
    const labels: Record<string, string> =
      label === undefined ? {} : { k: label }
    expect(matches(op, values, labels)).toBe(expected)
  })

  it('R1.8 requirements that do not parse never match: In/NotIn without values, Exists with values, Gt with 2 values or a non-int, unknown operator', () => {
    for (const [op, values] of [
      ['In', []],
      ['NotIn', []],
      ['Exists', ['x']],
      ['DoesNotExist', ['x']],
      ['Gt', ['1', '2']],
      ['Gt', ['two']],
      ['Lt', []],
      ['Matches', ['x']]
    ] as [string, string[]][]) {
      expect(
        compileLabelRequirement({ key: 'k', operator: op, values })
      ).toBeUndefined()
      // NotIn [] would match an absent label if it parsed: it must not.
      expect(matches(op, values, {})).toBe(false)
      expect(matches(op, values, { k: 'x' })).toBe(false)
    }
  })

  it('parses int64 like strconv.ParseInt (range, sign, no decimals)', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n)
    expect(parseInt64('9223372036854775808')).toBeUndefined()
    expect(parseInt64('+3')).toBe(3n)
    expect(parseInt64(' 3')).toBeUndefined()
  })
})

describe('R1.8 terms and nodeSelector', () => {
  it('no nodeSelector and no affinity matches every node', () => {
    expect(compileNodeAffinity({})(node({}))).toBe(true)
    expect(compileNodeAffinity(undefined)(node({}))).toBe(true)
  })

  it('nodeSelector needs every key present with an equal value', () => {
    const m = compileNodeAffinity({ nodeSelector: { a: '1', b: '2' } })
    expect(m(node({ a: '1', b: '2', c: '3' }))).toBe(true)
    expect(m(node({ a: '1' }))).toBe(false)
    expect(m(node({ a: '1', b: '3' }))).toBe(false)
  })

  it('nodeSelector AND required affinity (R1.3)', () => {
    const spec: PodSpec = {
      ...affinity([
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }
      ]),
      nodeSelector: { pool: 'x' }
    }
    const m = compileNodeAffinity(spec)
    expect(m(node({ pool: 'x', zone: 'a' }))).toBe(true)
    expect(m(node({ pool: 'x', zone: 'b' }))).toBe(false)
    expect(m(node({ pool: 'y', zone: 'a' }))).toBe(false)
  })

  it('terms are ORed, expressions inside a term ANDed', () => {
    const m = compileNodeAffinity(
      affinity([
        {
          matchExpressions: [
            { key: 'a', operator: 'Exists' },
            { key: 'b', operator: 'In', values: ['1'] }
          ]
        },
        { matchExpressions: [{ key: 'c', operator: 'Exists' }] }
      ])
    )
    expect(m(node({ a: 'x', b: '1' }))).toBe(true)
    expect(m(node({ a: 'x', b: '2' }))).toBe(false)
    expect(m(node({ c: '' }))).toBe(true)
  })

  it('an empty term is skipped (matches nothing); only empty terms → no node matches', () => {
    expect(compileNodeAffinity(affinity([{}]))(node({ a: '1' }))).toBe(false)
    expect(compileNodeAffinity(affinity([]))(node({}))).toBe(false)
    const m = compileNodeAffinity(
      affinity([{}, { matchExpressions: [{ key: 'a', operator: 'Exists' }] }])
    )
    expect(m(node({ a: '1' }))).toBe(true)
  })

  it('an unparsable term never matches but the other terms are still evaluated', () => {
    const m = compileNodeAffinity(
      affinity([
        {
          matchExpressions: [
            { key: 'gpu-count', operator: 'Gt', values: ['two'] }
          ]
        },
        {
          matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }]
        }
      ])
    )
    expect(m(node({ 'gpu-count': '4', zone: 'a' }))).toBe(false)
    expect(m(node({ 'gpu-count': '4', zone: 'b' }))).toBe(true)
  })
})

describe('R1.10 matchFields metadata.name', () => {
  it('In [x] matches only node x, NotIn [x] every other node', () => {
    const only = compileNodeAffinity(
      affinity([
        {
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['node-a'] }
          ]
        }
      ])
    )
    expect(only(node({}, 'node-a'))).toBe(true)
    expect(only(node({}, 'node-b'))).toBe(false)
    const not = compileNodeAffinity(
      affinity([
        {
          matchFields: [
            { key: 'metadata.name', operator: 'NotIn', values: ['node-a'] }
          ]
        }
      ])
    )
    expect(not(node({}, 'node-a'))).toBe(false)
    expect(not(node({}, 'node-b'))).toBe(true)
  })

  it('matchFields with two values or Exists does not parse', () => {
    for (const req of [
      { key: 'metadata.name', operator: 'In', values: ['a', 'b'] },
      { key: 'metadata.name', operator: 'Exists' }
    ]) {
      expect(
        compileNodeAffinity(affinity([{ matchFields: [req] }]))(node({}, 'a'))
      ).toBe(false)
    }
  })

  it('matchExpressions and matchFields in one term are ANDed', () => {
    const m = compileNodeAffinity(
      affinity([
        {
          matchExpressions: [{ key: 'pool', operator: 'In', values: ['x'] }],
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['node-a'] }
          ]
        }
      ])
    )
    expect(m(node({ pool: 'x' }, 'node-a'))).toBe(true)
    expect(m(node({ pool: 'y' }, 'node-a'))).toBe(false)
    expect(m(node({ pool: 'x' }, 'node-b'))).toBe(false)
  })
})

describe('section 9 worked examples', () => {
  it('example 12: gpu-count Gt ["2"]; zone NotIn ["a"] on a node without zone matches (R1.9)', () => {
    const gt = compileNodeAffinity(
      affinity([
        {
          matchExpressions: [
            { key: 'gpu-count', operator: 'Gt', values: ['2'] }
          ]
        }
      ])
    )
    expect(gt(node({ 'gpu-count': '4' }))).toBe(true)
    expect(gt(node({ 'gpu-count': 'four' }))).toBe(false)
    expect(gt(node({}))).toBe(false)
    const notIn = compileNodeAffinity(
      affinity([
        {
          matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }]
        }
      ])
    )
    expect(notIn(node({}))).toBe(true)
  })

  it('example 13: matchFields metadata.name In [node-a] → only node-a (R1.10)', () => {
    const m = compileNodeAffinity(
      affinity([
        {
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['node-a'] }
          ]
        }
      ])
    )
    expect(
      ['node-a', 'node-b', 'node-c'].filter((n) => m(node({}, n)))
    ).toEqual(['node-a'])
  })
})

describe('R1.11 soft scheduling preferences play no part in eligibility', () => {
  it('preferred node affinity, pod (anti-)affinity and topology spread exclude no node', () => {
    const spec = {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              preference: {
                matchExpressions: [
                  { key: 'zone', operator: 'In', values: ['b'] }
                ]
              }
            }
          ]
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { app: 'agent' } },
              topologyKey: 'kubernetes.io/hostname'
            }
          ]
        }
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'agent' } }
        }
      ]
    } as unknown as PodSpec
    expect(compileNodeAffinity(spec)(node({ zone: 'a' }))).toBe(true)
    expect(compileNodeAffinity(spec)(node({}))).toBe(true)
  })
})
