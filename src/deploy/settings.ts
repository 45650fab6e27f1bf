import { DEFAULT_GATE_OPTIONS, type GateOptions } from '../core/gate/types.js'
import type { Plan } from '../core/plan/types.js'
import { UserError } from '../util/errors.js'
import { BLOCK_ON_VALUES, type BlockOn } from '../core/deploy/live-plan.js'
import { parseCanary, type CanarySpec } from '../core/gate/waves.js'

/**
 * A duration in seconds from "90", "90s", "5m", "1h30m". Rejects anything
 * else with one message naming the option.
 */
export function parseDuration(value: string, option: string): number {
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text)
  const re = /(\d+(?:\.\d+)?)(h|m|s)/gy
  let total = 0
  let matched = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1)
    matched += m[0].length
  }
  if (text === '' || matched !== text.length)
    throw new UserError(
      `${option} must be a duration such as 300, 90s, 5m or 1h30m, not ${JSON.stringify(value)}`
    )
  return total
}

function parseCount(value: string, option: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new UserError(
      `${option} must be a whole number, not ${JSON.stringify(value)}`
    )
  return Number(value.trim())
}

/** "3" or "10%" (R3.2 form); undefined when empty. */
export function parseIntOrPercent(
  value: string,
  option: string
): number | string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+$/.test(text)) return Number(text)
  if (/^\d+%$/.test(text) && Number(text.slice(0, -1)) <= 100) return text
  throw new UserError(
    `${option} must be a number or a percentage such as 10%, not ${JSON.stringify(value)}`
  )
}

/** Strict booleans, like core.getBooleanInput: true/false only. */
export function parseBoolean(value: string, option: string): boolean {
  const text = value.trim()
  if (text === 'true' || text === 'True' || text === 'TRUE') return true
  if (text === 'false' || text === 'False' || text === 'FALSE') return false
  throw new UserError(
    `${option} must be true or false, not ${JSON.stringify(value)}`
  )
}

export function parseOnCancel(value: string, option: string): 'undo' | 'leave' {
  const text = value.trim()
  if (text === 'undo' || text === 'leave') return text
  throw new UserError(
    `${option} must be undo or leave, not ${JSON.stringify(value)}`
  )
}

/**
 * The gate options from named string settings (CLI flags or Action
 * inputs); `get` returns undefined or '' for unset ones, which take the
 * defaults. `prefix` is how option names are shown ("--" for the CLI).
 */
export function parseGateOptions(
  get: (name: string) => string | undefined,
  prefix = ''
): GateOptions {
  const value = (name: string): string | undefined => {
    const v = get(name)
    return v === undefined || v.trim() === '' ? undefined : v
  }
  const options: GateOptions = { ...DEFAULT_GATE_OPTIONS }
  const timeout = value('timeout')
  if (timeout !== undefined)
    options.timeoutSeconds = parseDuration(timeout, `${prefix}timeout`)
  const progress = value('progress-deadline')
  if (progress !== undefined)
    options.progressDeadlineSeconds = parseDuration(
      progress,
      `${prefix}progress-deadline`
    )
  const restarts = value('max-restarts')
  if (restarts !== undefined)
    options.maxRestarts = parseCount(restarts, `${prefix}max-restarts`)
  const soak = value('soak-seconds')
  if (soak !== undefined)
    options.soakSeconds = parseDuration(soak, `${prefix}soak-seconds`)
  const grace = value('unschedulable-grace')
  if (grace !== undefined)
    options.unschedulableGraceSeconds = parseDuration(
      grace,
      `${prefix}unschedulable-grace`
    )
  const budget = value('max-unavailable')
  if (budget !== undefined) {
    const parsed = parseIntOrPercent(budget, `${prefix}max-unavailable`)
    if (parsed !== undefined) options.maxUnavailable = parsed
  }
  const attribute = value('attribute-not-ready-nodes')
  if (attribute !== undefined)
    options.attributeNotReadyNodes = parseBoolean(
      attribute,
      `${prefix}attribute-not-ready-nodes`
    )
  if (options.timeoutSeconds <= 0)
    throw new UserError(`${prefix}timeout must be more than 0`)
  return options
}

/** The plan's estimate of the rollout time (sum over DaemonSets), if it has one. */
export function plannedSeconds(plan: unknown): number | undefined {
  if (typeof plan !== 'object' || plan === null) return undefined
  const daemonSets = (plan as Plan).daemonSets
  if (!Array.isArray(daemonSets)) return undefined
  let total = 0
  let any = false
  for (const ds of daemonSets) {
    const s = ds.rollout?.estimatedSeconds
    if (typeof s === 'number') {
      total += s
      any = true
    }
  }
  return any ? total : undefined
}

/** The canary and waves options ('' = off). */
export function parseCanaryOptions(
  canary: string,
  waves: string,
  prefix = ''
): { canary?: CanarySpec; waves?: number } {
  const out: { canary?: CanarySpec; waves?: number } = {}
  if (canary.trim() !== '') {
    const spec = parseCanary(canary)
    if ('error' in spec) throw new UserError(`${prefix}canary: ${spec.error}`)
    out.canary = spec
  }
  if (waves.trim() !== '') {
    if (!/^\d+$/.test(waves.trim()) || Number(waves.trim()) < 1)
      throw new UserError(
        `${prefix}waves must be a whole number of at least 1, not ${JSON.stringify(waves)}`
      )
    if (out.canary === undefined)
      throw new UserError(`${prefix}waves needs ${prefix}canary`)
    out.waves = Number(waves.trim())
  }
  return out
}

/** `block-on`: a comma-separated list of hang, pending; or none. */
export function parseBlockOn(value: string, name: string): BlockOn[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (items.length === 1 && items[0] === 'none') return []
  for (const item of items)
    if (!BLOCK_ON_VALUES.includes(item as BlockOn))
      throw new UserError(
        `${name} must be a comma-separated list of ${BLOCK_ON_VALUES.join(', ')}, or none; got ${JSON.stringify(value)}`
      )
  return [...new Set(items as BlockOn[])]
}
