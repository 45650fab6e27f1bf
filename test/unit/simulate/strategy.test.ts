import { describe, expect, it } from 'vitest'
import {
  resolveStrategy,
  scaleIntOrPercent
} from '../../../src/core/simulate/strategy.js'
import type { DaemonSetSpec } from '../../../src/core/k8s/types.js'

const ru = (
  maxUnavailable?: number | string,
  maxSurge?: number | string
): DaemonSetSpec => ({
  updateStrategy: {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable, maxSurge }
  }
})

describe('R3.2 scaling int-or-percent (rounding up)', () => {
  const table: [number | string, number, number][] = [
    [3, 10, 3],
    ['25%', 10, 3],
    ['10%', 5, 1],
    ['10%', 0, 0],
    ['20%', 7, 2],
    ['100%', 7, 7],
    ['1%', 65000, 650],
    ['33%', 3, 1],
    ['0%', 50, 0]
  ]
  it.each(table)('%j of %d → %d', (v, n, expected) => {
    expect(scaleIntOrPercent(v, n)).toEqual({ value: expected })
  })
  it('a string without % or with a non-integer number is an error (the sync fails)', () => {
    expect(scaleIntOrPercent('1', 10)).toHaveProperty('error')
    expect(scaleIntOrPercent('1.5%', 10)).toHaveProperty('error')
    expect(scaleIntOrPercent('%', 10)).toHaveProperty('error')
  })
})

describe('R3.1-R3.6 resolveStrategy', () => {
  it('R8.1 defaults: no strategy → RollingUpdate maxUnavailable 1, maxSurge 0', () => {
    const s = resolveStrategy({}, 10)
    expect(s).toMatchObject({
      type: 'RollingUpdate',
      maxUnavailable: 1,
      maxSurge: 0,
      surge: false
    })
    expect(s.rejected).toEqual([])
  })
  it('R3.3 OnDelete: both counts 0, no fallback', () => {
    expect(
      resolveStrategy({ updateStrategy: { type: 'OnDelete' } }, 10)
    ).toMatchObject({
      type: 'OnDelete',
      maxUnavailable: 0,
      maxSurge: 0,
      fallback: false
    })
  })
  it('R3.4 both resolve to 0 with N > 0 → maxUnavailable 1 (and the API would reject 0/0, R3.6)', () => {
    const s = resolveStrategy(ru('0%', 0), 4)
    expect(s).toMatchObject({ maxUnavailable: 1, maxSurge: 0, fallback: true })
    expect(s.rejected[0]).toMatch(/cannot be 0 when maxSurge is 0/)
  })
  it('R3.4 does not apply when N = 0 (example 2)', () => {
    expect(resolveStrategy(ru('10%'), 0)).toMatchObject({
      maxUnavailable: 0,
      fallback: false
    })
  })
  it('R3.5 surge mode when maxSurge resolves > 0; example 3: maxSurge 20%, maxUnavailable 0, 7 desired → 2', () => {
    const s = resolveStrategy(ru(0, '20%'), 7)
    expect(s).toMatchObject({ maxSurge: 2, maxUnavailable: 0, surge: true })
    expect(s.rejected).toEqual([])
  })
  it('example 1: maxUnavailable 25% of 10 → 3 (a Deployment would floor to 2)', () => {
    expect(resolveStrategy(ru('25%'), 10).maxUnavailable).toBe(3)
  })
  it('example 4 / R3.6: rollingUpdate {maxSurge: 1} → maxUnavailable defaults to 1 → rejected', () => {
    const s = resolveStrategy(
      { updateStrategy: { rollingUpdate: { maxSurge: 1 } } },
      5
    )
    expect(s.rejected).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'
    ])
  })
  it('R3.6 rejects percentages over 100% and unknown types', () => {
    expect(resolveStrategy(ru('150%'), 5).rejected.join()).toMatch(
      /at most 100%/
    )
    expect(
      resolveStrategy(
        { updateStrategy: { type: 'Recreate' } },
        5
      ).rejected.join()
    ).toMatch(/Unsupported value/)
  })
  it('R3.2 a bad percent is reported as a sync error', () => {
    const s = resolveStrategy(ru('ten%'), 5)
    expect(s.errors[0]).toMatch(/maxUnavailable/)
  })
})
