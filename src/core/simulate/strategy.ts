/**
 * The update strategy as the controller resolves it: apps/v1 defaults
 * (R8.1), maxUnavailable/maxSurge scaled against desiredNumberScheduled with
 * rounding up (R3.1-R3.2, intstr.GetScaledValueFromIntOrPercent), the
 * both-zero fallback (R3.4), surge mode (R3.5) and the API's validation of
 * the pair (R3.6).
 */
import type { DaemonSetSpec, IntOrPercent } from '../k8s/types.js'

export type ScaledValue = { value: number } | { error: string }

/**
 * intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true): an integer
 * as is; `"<int>%"` → ceil((pct*total)/100) in float64; any other string is
 * an error (the controller's sync fails on it).
 */
export function scaleIntOrPercent(
  value: IntOrPercent,
  total: number
): ScaledValue {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      return { error: `invalid value ${value}: not an integer` }
    return { value }
  }
  if (!value.endsWith('%')) {
    return {
      error: `invalid value for IntOrString: invalid type: string is not a percentage (${JSON.stringify(value)})`
    }
  }
  const digits = value.slice(0, -1)
  // strconv.Atoi: optional sign, decimal digits.
  if (!/^[+-]?\d+$/.test(digits)) {
    return {
      error: `invalid value ${JSON.stringify(value)}: strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`
    }
  }
  const pct = Number(digits)
  return { value: Math.ceil((pct * total) / 100) }
}

export type StrategyType = 'RollingUpdate' | 'OnDelete'

export interface ResolvedStrategy {
  type: StrategyType
  /** The values after apps/v1 defaulting (R8.1), before scaling. */
  maxUnavailableSpec: IntOrPercent
  maxSurgeSpec: IntOrPercent
  /** Resolved against `desired` (0 for OnDelete, R3.3). */
  maxUnavailable: number
  maxSurge: number
  /** Surge mode (R3.5). */
  surge: boolean
  /** True when the R3.4 fallback turned 0/0 into maxUnavailable 1. */
  fallback: boolean
  /** Why the controller cannot resolve the strategy (its sync fails). */
  errors: string[]
  /** The API server's rejection of this strategy (R3.6), when it would reject it. */
  rejected: string[]
}

function isZero(v: IntOrPercent): boolean {
  if (typeof v === 'number') return v === 0
  return /^0+%$/.test(v)
}

function validPositiveIntOrPercent(v: IntOrPercent): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0
  const m = /^(\d+)%$/.exec(v)
  return m !== null && Number(m[1]) <= 100
}

/** Resolves the strategy of a DaemonSet spec for `desired` nodes (R3.1-R3.6, R8.1). */
export function resolveStrategy(
  spec: DaemonSetSpec | undefined,
  desired: number
): ResolvedStrategy {
  const strategy = spec?.updateStrategy
  const rawType = strategy?.type ?? ''
  const rejected: string[] = []
  const errors: string[] = []
  if (rawType === 'OnDelete') {
    return {
      type: 'OnDelete',
      maxUnavailableSpec: 0,
      maxSurgeSpec: 0,
      maxUnavailable: 0,
      maxSurge: 0,
      surge: false,
      fallback: false,
      errors,
      rejected
    }
  }
  if (rawType !== '' && rawType !== 'RollingUpdate') {
    rejected.push(
      `spec.updateStrategy.type: Unsupported value: ${JSON.stringify(rawType)}: supported values: "OnDelete", "RollingUpdate"`
    )
  }
  const ru = strategy?.rollingUpdate
  const maxUnavailableSpec: IntOrPercent = ru?.maxUnavailable ?? 1
  const maxSurgeSpec: IntOrPercent = ru?.maxSurge ?? 0
  for (const [field, v] of [
    ['maxUnavailable', maxUnavailableSpec],
    ['maxSurge', maxSurgeSpec]
  ] as const) {
    if (!validPositiveIntOrPercent(v)) {
      rejected.push(
        `spec.updateStrategy.rollingUpdate.${field}: Invalid value: ${JSON.stringify(v)}: must be a non-negative integer or a percentage of at most 100%`
      )
    }
  }
  if (!isZero(maxUnavailableSpec) && !isZero(maxSurgeSpec)) {
    rejected.push(
      `spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: ${JSON.stringify(maxSurgeSpec)}: may not be set when maxUnavailable is non-zero`
    )
  } else if (isZero(maxUnavailableSpec) && isZero(maxSurgeSpec)) {
    rejected.push(
      `spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(maxUnavailableSpec)}: cannot be 0 when maxSurge is 0`
    )
  }
  const unavailable = scaleIntOrPercent(maxUnavailableSpec, desired)
  const surge = scaleIntOrPercent(maxSurgeSpec, desired)
  if ('error' in unavailable)
    errors.push(`maxUnavailable: ${unavailable.error}`)
  if ('error' in surge) errors.push(`maxSurge: ${surge.error}`)
  let maxUnavailable = 'value' in unavailable ? unavailable.value : 0
  const maxSurge = 'value' in surge ? surge.value : 0
  let fallback = false
  if (
    errors.length === 0 &&
    desired > 0 &&
    maxUnavailable === 0 &&
    maxSurge === 0
  ) {
    maxUnavailable = 1
    fallback = true
  }
  return {
    type: 'RollingUpdate',
    maxUnavailableSpec,
    maxSurgeSpec,
    maxUnavailable,
    maxSurge,
    surge: maxSurge > 0,
    fallback,
    errors,
    rejected
  }
}
