/**
 * The snapshot's type check (shapeProblemOf) names the first wrongly typed
 * field by its path; the path is built only when there is a problem, so
 * each kind of step (field, list index, map key, root) is pinned here.
 */
import { describe, expect, it } from 'vitest'
import { shapeProblemOf } from '../../src/core/diff/validate-shape.js'

describe('shapeProblemOf paths', () => {
  it('names fields, list indexes and map keys', () => {
    expect(
      shapeProblemOf('Node', {
        metadata: { name: 'a' },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }, { type: 5 }]
        }
      })
    ).toBe('status.conditions[1].type: expected a string, got an integer')
    expect(
      shapeProblemOf('Node', { metadata: { labels: { a: 'x', b: true } } })
    ).toBe('metadata.labels.b: expected a string, got a boolean')
    expect(
      shapeProblemOf('Node', { status: { allocatable: { cpu: '1', x: {} } } })
    ).toMatch(/^status\.allocatable\.x: expected a quantity .*, got an object$/)
    expect(
      shapeProblemOf('Node', {
        spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: [] }] }
      })
    ).toBe('spec.taints[1].key: expected a string, got a list')
    expect(shapeProblemOf('Node', 'x')).toBe(
      'the object: expected an object, got a string'
    )
    expect(shapeProblemOf('Node', { status: 'x' })).toBe(
      'status: expected an object, got a string'
    )
  })

  it('accepts null for unset fields but not inside lists and maps', () => {
    expect(
      shapeProblemOf('Node', { metadata: { name: 'a', labels: null } })
    ).toBeUndefined()
    expect(
      shapeProblemOf('Node', { status: { allocatable: { cpu: null } } })
    ).toMatch(/^status\.allocatable\.cpu: expected a quantity .*, got null$/)
    expect(shapeProblemOf('Node', { status: { conditions: [null] } })).toBe(
      'status.conditions[0]: expected an object, got null'
    )
  })
})
