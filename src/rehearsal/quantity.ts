/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity) as
 * the API server reads them and the scheduler counts them: whole
 * milli-units in a BigInt, rounded up (Quantity.MilliValue), so sums never
 * drift and `0.0001` cpu counts as 1m.
 *
 * Deliberate twin of src/core/k8s/quantity.ts (the planning engine's
 * parser): written separately so the rehearsal stays an independent oracle;
 * test/rehearsal/twin-rules.test.ts holds both to the same answers.
 */

/** The grammar the API server checks first (ErrFormatWrong). */
export const QUANTITY_GRAMMAR = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
const GRAMMAR = new RegExp(QUANTITY_GRAMMAR)

const BINARY: Record<string, bigint> = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n
}
const DECIMAL: Record<string, number> = {
  '': 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
}

/** Why a quantity is not one, in the API server's words (its decode error). */
export type QuantityProblem =
  { ok: true; milli: bigint } | { ok: false; message: string }

function divideRoundingUp(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a > 0n ? q + 1n : q
}

/** Parses a quantity as resource.ParseQuantity does, into milli-units. */
export function readQuantity(value: unknown): QuantityProblem {
  let text: string
  if (typeof value === 'number' && Number.isFinite(value)) {
    // A JSON number is decoded from its text: 1e3 is 1000, 0.5 is 0.5.
    text = String(value)
    if (/e/i.test(text)) text = value.toFixed(9).replace(/\.?0+$/, '')
  } else if (typeof value === 'string') text = value.trim()
  else
    return {
      ok: false,
      message: `quantities must match the regular expression '${QUANTITY_GRAMMAR}'`
    }
  const shape = GRAMMAR.exec(text)
  if (shape === null)
    return {
      ok: false,
      message: `quantities must match the regular expression '${QUANTITY_GRAMMAR}'`
    }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text)!
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m
  if (whole === '' && fraction === '')
    return { ok: false, message: 'unable to parse numeric part of quantity' }
  if (fraction.includes('.') || suffix.includes('.'))
    return { ok: false, message: 'unable to parse numeric part of quantity' }
  let exponent10: number
  let factor = 1n
  if (suffix in BINARY) {
    exponent10 = 0
    factor = BINARY[suffix]!
  } else if (suffix in DECIMAL) exponent10 = DECIMAL[suffix]!
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix)
    if (e === null)
      return { ok: false, message: "unable to parse quantity's suffix" }
    exponent10 = Number(e[1])
    if (Math.abs(exponent10) > 100)
      return { ok: false, message: "unable to parse quantity's suffix" }
  }
  const digits = BigInt(`${whole}${fraction}` || '0') * factor
  const scale = exponent10 + 3 - fraction.length
  const milli =
    scale >= 0
      ? digits * 10n ** BigInt(scale)
      : divideRoundingUp(digits, 10n ** BigInt(-scale))
  return { ok: true, milli: sign === '-' ? -milli : milli }
}

/** Milli-units of a quantity, or undefined when the API would reject it. */
export function parseQuantity(value: unknown): bigint | undefined {
  const r = readQuantity(value)
  return r.ok ? r.milli : undefined
}

/** Milli-units, 0 for what is not a quantity (already rejected at the API). */
export function quantityOrZero(value: unknown): bigint {
  return parseQuantity(value) ?? 0n
}
