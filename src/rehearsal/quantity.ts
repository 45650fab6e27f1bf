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

const FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_GRAMMAR}'`
const SUFFIX_WRONG = "unable to parse quantity's suffix"
const SUFFIX_CHARS = 'eEinumkKMGTP'

/**
 * Parses a quantity as resource.ParseQuantity scans it (sign, digits,
 * optional fraction, then a suffix of `eEinumkKMGTP` letters, optional sign
 * and digits), into milli-units rounded up as MilliValue does. Like the API
 * server, it takes a bare sign or suffix (`+`, `.`, `e3`) as zero.
 */
export function readQuantity(value: unknown): QuantityProblem {
  let text: string
  if (typeof value === 'number' && Number.isFinite(value)) {
    // A JSON number is decoded from its text: 1e3 is 1000, 0.5 is 0.5.
    text = String(value)
    if (/e/i.test(text)) text = value.toFixed(9).replace(/\.?0+$/, '')
  } else if (typeof value === 'string') text = value.trim()
  else return { ok: false, message: FORMAT_WRONG }
  if (text === '') return { ok: false, message: FORMAT_WRONG }
  let pos = 0
  let negative = false
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-'
    pos++
  }
  const digitsFrom = (from: number): number => {
    let i = from
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++
    return i
  }
  let end = digitsFrom(pos)
  const whole = text.slice(pos, end)
  let fraction = ''
  pos = end
  if (text[pos] === '.') {
    end = digitsFrom(pos + 1)
    fraction = text.slice(pos + 1, end)
    pos = end
  }
  const suffixStart = pos
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos]!)) pos++
  if (text[pos] === '+' || text[pos] === '-') pos++
  pos = digitsFrom(pos)
  if (pos < text.length) return { ok: false, message: FORMAT_WRONG }
  const suffix = text.slice(suffixStart)
  let exponent10: number
  let factor = 1n
  if (suffix in BINARY) {
    exponent10 = 0
    factor = BINARY[suffix]!
  } else if (suffix in DECIMAL) exponent10 = DECIMAL[suffix]!
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix)
    if (e === null) return { ok: false, message: SUFFIX_WRONG }
    exponent10 = Number(e[1])
    // Beyond what any resource holds; keeps 10n ** n small.
    if (Math.abs(exponent10) > 100) return { ok: false, message: SUFFIX_WRONG }
  }
  const digits = BigInt(`${whole}${fraction}` || '0') * factor
  const scale = exponent10 + 3 - fraction.length
  const milli =
    scale >= 0
      ? digits * 10n ** BigInt(scale)
      : divideRoundingUp(digits, 10n ** BigInt(-scale))
  return { ok: true, milli: negative ? -milli : milli }
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
