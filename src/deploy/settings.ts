import { DEFAULT_GATE_OPTIONS, type GateOptions } from '../core/gate/types.js'
import type { Plan } from '../core/plan/types.js'
import { UserError } from '../util/errors.js'
import { BLOCK_ON_VALUES, type BlockOn } from '../core/deploy/live-plan.js'
import { parseCanary, type CanarySpec } from '../core/gate/waves.js'
import type { UndoSettings } from './run-undo.js'
import type { ApplySettings } from './types.js'

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

/**
 * The deploy settings, declared once: each is an Action input of this name
 * (action.yml) and a CLI flag `--<name>` of `ds-rollout apply` / `undo`
 * (boolean flags are `--<name>` for true or `--no-<name>` for false). Both
 * sides read them as strings through a {@link SettingReader} and get the
 * same typed settings, defaults and messages from the parsers below.
 */
export const GATE_SETTINGS = [
  'timeout',
  'progress-deadline',
  'max-restarts',
  'soak-seconds',
  'max-unavailable',
  'unschedulable-grace',
  'attribute-not-ready-nodes'
] as const

export const APPLY_SETTINGS = [
  ...GATE_SETTINGS,
  'force',
  'on-cancel',
  'undo',
  'wait-for-rollout',
  'canary',
  'waves',
  'live-plan',
  'block-on',
  'restart-on-config-change'
] as const

export const UNDO_SETTINGS = [
  ...GATE_SETTINGS,
  'namespace',
  'name',
  'to-revision',
  'force'
] as const

/** Every deploy setting name (apply and undo). */
export const DEPLOY_SETTINGS: readonly DeploySettingName[] = [
  ...new Set([...APPLY_SETTINGS, ...UNDO_SETTINGS])
]

export type DeploySettingName =
  (typeof APPLY_SETTINGS)[number] | (typeof UNDO_SETTINGS)[number]

/** One setting's value as given; undefined or blank = unset (its default applies). */
export type SettingReader = (name: DeploySettingName) => string | undefined

/** What `ds-rollout apply` and the Action's `mode: apply` take from their settings. */
export type ApplyModeOptions = Pick<
  ApplySettings,
  | 'gate'
  | 'force'
  | 'undo'
  | 'onCancel'
  | 'concurrency'
  | 'concurrencyWaitSeconds'
  | 'livePlan'
  | 'blockOn'
  | 'restartOnConfigChange'
  | 'canary'
  | 'waves'
>

/** What `ds-rollout undo` and the Action's `mode: undo` take from their settings. */
export type UndoModeOptions = Pick<
  UndoSettings,
  'namespace' | 'name' | 'toRevision' | 'force' | 'gate'
>

function setting(get: SettingReader, name: DeploySettingName) {
  const v = get(name)
  return v === undefined || v.trim() === '' ? undefined : v.trim()
}

/**
 * The apply settings, validated, with their defaults: force false, undo
 * true, on-cancel undo, refuse a rollout in progress unless
 * wait-for-rollout, live plan on, block-on as DEFAULT_BLOCK_ON (absent),
 * restart-on-config-change false, no canary. `prefix` is how names are
 * shown in messages ("--" for the CLI, "" for the Action).
 */
export function parseApplySettings(
  get: SettingReader,
  prefix = ''
): ApplyModeOptions {
  const bool = (name: DeploySettingName, fallback: boolean): boolean => {
    const v = setting(get, name)
    return v === undefined ? fallback : parseBoolean(v, `${prefix}${name}`)
  }
  const waitFor = setting(get, 'wait-for-rollout')
  const blockOn = setting(get, 'block-on')
  return {
    gate: parseGateOptions((name) => get(name as DeploySettingName), prefix),
    force: bool('force', false),
    undo: bool('undo', true),
    onCancel: parseOnCancel(
      setting(get, 'on-cancel') ?? 'undo',
      `${prefix}on-cancel`
    ),
    concurrency: waitFor === undefined ? 'refuse' : 'wait',
    concurrencyWaitSeconds:
      waitFor === undefined
        ? 0
        : parseDuration(waitFor, `${prefix}wait-for-rollout`),
    livePlan: bool('live-plan', true),
    ...(blockOn === undefined
      ? {}
      : { blockOn: parseBlockOn(blockOn, `${prefix}block-on`) }),
    restartOnConfigChange: bool('restart-on-config-change', false),
    ...parseCanaryOptions(
      setting(get, 'canary') ?? '',
      setting(get, 'waves') ?? '',
      prefix
    )
  }
}

/**
 * The undo settings, validated, with their defaults: namespace `default`,
 * to-revision 0 (the previous revision), force false. The DaemonSet name
 * is required by the caller (each says how to give it).
 */
export function parseUndoSettings(
  get: SettingReader,
  prefix = ''
): UndoModeOptions {
  const revision = setting(get, 'to-revision')
  const force = setting(get, 'force')
  return {
    namespace: setting(get, 'namespace') ?? 'default',
    name: setting(get, 'name') ?? '',
    toRevision:
      revision === undefined ? 0 : parseCount(revision, `${prefix}to-revision`),
    force: force === undefined ? false : parseBoolean(force, `${prefix}force`),
    gate: parseGateOptions((name) => get(name as DeploySettingName), prefix)
  }
}
