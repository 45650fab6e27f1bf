import { describe, expect, it } from 'vitest'
import { progressThrottle } from '../../src/core/deploy/progress.js'

describe('progressThrottle', () => {
  it('while nothing changes, prints one heartbeat per minute', () => {
    const throttle = progressThrottle(5000, 60_000)
    const printed = [0, 1000, 5000, 30_000, 59_999, 60_000, 90_000].filter(
      (t) => throttle.shouldPrint(t, 'ready', true, 'same')
    )
    expect(printed).toEqual([0, 60_000])
  })

  it('when the counters change, prints at most one line per interval', () => {
    const throttle = progressThrottle(5000, 60_000)
    const printed = [0, 1000, 4999, 5000, 7000, 10000].filter((t) =>
      throttle.shouldPrint(t, 'ready', true, String(t))
    )
    expect(printed).toEqual([0, 5000, 10000])
  })

  it('prints at once when the phase changes or the gate stops waiting', () => {
    const throttle = progressThrottle(5000)
    expect(throttle.shouldPrint(0, 'ready', true)).toBe(true)
    expect(throttle.shouldPrint(100, 'soak', true)).toBe(true)
    expect(throttle.shouldPrint(200, 'soak', true)).toBe(false)
    expect(throttle.shouldPrint(300, 'failed', false)).toBe(true)
  })

  it('prints the next update after reset (a new canary wave)', () => {
    const throttle = progressThrottle(5000)
    expect(throttle.shouldPrint(0, 'ready', true)).toBe(true)
    throttle.reset()
    expect(throttle.shouldPrint(10, 'ready', true)).toBe(true)
  })
})
