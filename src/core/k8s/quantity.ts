/**
 * Twin: src/rehearsal/quantity.ts (the rehearsal cluster's own parser, kept
 * separate on purpose); test/rehearsal/twin-rules.test.ts holds both to one table.
 *
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity),
 * compared exactly. A quantity is held as an integer number of milli-units
 * (BigInt), rounded up to the milli as the API server does (R8.2d), so
 * `0.5` == `500m` and `1Gi` == `1024Mi` compare equal and sums never drift.
 */

const BINARY_SUFFIXES: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n
}

const DECIMAL_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
}

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/

/** Ceil division for non-negative or negative BigInts. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q
}

/**
 * Parses a quantity into milli-units, or returns undefined when it is not a
 * valid Kubernetes quantity. Numbers (from YAML `cpu: 2` or `cpu: 0.5`) are
 * accepted too.
 */
export function parseQuantity(value: unknown): bigint | undefined {
  // Snapshots repeat quantity strings across nodes and the loader and the
  // simulation both read them: remember recent string results (bounded).
  if (typeof value === 'string') {
    const hit = RECENT.get(value)
    if (hit !== undefined) return hit === null ? undefined : hit
    const parsed = parseQuantityUncached(value)
    if (RECENT.size >= RECENT_LIMIT) RECENT.clear()
    RECENT.set(value, parsed ?? null)
    return parsed
  }
  return parseQuantityUncached(value)
}

const RECENT = new Map<string, bigint | null>()
const RECENT_LIMIT = 200_000

function parseQuantityUncached(value: unknown): bigint | undefined {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    text = String(value)
    if (/e/i.test(text)) text = value.toFixed(9)
  } else if (typeof value === 'string') {
    text = value.trim()
  } else {
    return undefined
  }
  const m = QUANTITY.exec(text)
  if (m === null) return undefined
  const [, sign = '', digits = '', suffix, exponent] = m
  const [whole = '', fraction = ''] = digits.split('.')
  // value = mantissa * 10^-fraction.length * multiplier, in milli-units.
  let mantissa = BigInt((whole || '0') + fraction)
  let scale = -fraction.length + 3 // milli
  let multiplier = 1n
  if (suffix !== undefined && suffix in BINARY_SUFFIXES) {
    multiplier = BINARY_SUFFIXES[suffix] ?? 1n
  } else if (suffix !== undefined) {
    scale += DECIMAL_EXPONENTS[suffix] ?? 0
  } else if (exponent !== undefined) {
    const e = Number(exponent)
    if (Math.abs(e) > 100) return undefined
    scale += e
  }
  mantissa *= multiplier
  let milli: bigint
  if (scale >= 0) milli = mantissa * 10n ** BigInt(scale)
  else milli = ceilDiv(mantissa, 10n ** BigInt(-scale))
  return sign === '-' ? -milli : milli
}

/** True when both are valid quantities of the same value, or both are the same invalid text. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const qa = parseQuantity(a)
  const qb = parseQuantity(b)
  if (qa === undefined || qb === undefined) return a === b
  return qa === qb
}

/**
 * Formats milli-units for people: whole units when exact, else milli
 * (`500m`); memory-like resources in binary units when exact.
 */
export function formatQuantity(milli: bigint, binary = false): string {
  if (milli % 1000n !== 0n) return `${milli}m`
  const units = milli / 1000n
  if (binary && units !== 0n) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
      const size = BINARY_SUFFIXES[suffix] ?? 1n
      if (units % size === 0n) return `${units / size}${suffix}`
    }
  }
  return `${units}`
}

/** Resource names whose quantities read best in binary units. */
export function isByteResource(name: string): boolean {
  return (
    name === 'memory' ||
    name === 'ephemeral-storage' ||
    name === 'storage' ||
    name.startsWith('hugepages-')
  )
}
