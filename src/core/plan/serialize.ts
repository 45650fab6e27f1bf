/**
 * The one way a plan becomes JSON text (CLI `--format json`, the Action's
 * plan file, the analysis service): compact, one line, unless `pretty`.
 * And the one way a plan file is read back (`apply --plan`, the Action's
 * deploy mode): schemaVersion 1 and 2 are read; anything else is refused
 * with a message that names both versions.
 */
import { UserError } from '../../util/errors.js'
import {
  PLAN_SCHEMA_VERSION,
  READABLE_PLAN_SCHEMA_VERSIONS,
  type Plan
} from './types.js'

export interface SerializeOptions {
  /** Indent with two spaces (CLI `--pretty`). Default: one line. */
  pretty?: boolean
}

/** The plan as JSON text with a trailing newline. */
export function serializePlan(
  plan: Plan,
  options: SerializeOptions = {}
): string {
  return `${options.pretty === true ? JSON.stringify(plan, null, 2) : JSON.stringify(plan)}\n`
}

/**
 * Checks that a parsed plan file is a plan this version reads (schemaVersion
 * 1 or 2; the fields `apply` uses mean the same in both) and returns it.
 * `file` names the file in the message.
 */
export function checkPlanVersion(value: unknown, file: string): unknown {
  const version =
    typeof value === 'object' && value !== null
      ? (value as { schemaVersion?: unknown }).schemaVersion
      : undefined
  if (
    typeof version === 'number' &&
    READABLE_PLAN_SCHEMA_VERSIONS.includes(version)
  )
    return value
  const said =
    version === undefined
      ? 'has no schemaVersion'
      : `has schemaVersion ${JSON.stringify(version)}`
  throw new UserError(
    `the plan file ${said}; this ds-rollout writes schemaVersion ${PLAN_SCHEMA_VERSION} and reads schemaVersion ${READABLE_PLAN_SCHEMA_VERSIONS.join(' and ')}: re-run ds-rollout plan --format json with this version`,
    { file }
  )
}
