/**
 * Simulated time: runs `speed` times faster than the wall clock, starting at
 * the real current time. All cluster timestamps come from here.
 */
export class SimClock {
  private readonly realStart = performance.now()
  private readonly simStart = Date.now()

  private offset = 0

  /** With `manual`, time moves only through advance() (tests). */
  constructor(
    readonly speed: number,
    readonly manual = false
  ) {}

  /** Simulated epoch milliseconds. */
  now(): number {
    if (this.manual) return this.simStart + this.offset
    return this.simStart + (performance.now() - this.realStart) * this.speed
  }

  advance(ms: number): void {
    if (!this.manual) throw new Error('advance() needs a manual clock')
    this.offset += ms
  }

  /** RFC 3339 with second precision, as metav1.Time serialises. */
  iso(ms: number = this.now()): string {
    return new Date(Math.floor(ms / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z')
  }

  /** Wall-clock milliseconds for a simulated duration. */
  realMs(simMs: number): number {
    return simMs / this.speed
  }
}

export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : t
}
