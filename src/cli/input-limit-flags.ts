import {
  DEFAULT_INPUT_LIMITS,
  INPUT_LIMIT_FLAGS,
  INPUT_LIMIT_NAMES,
  parseInputLimitValue,
  type InputLimits
} from '../core/manifests/input-bounds.js'

/** parseArgs options for the flags that raise the input pre-check's limits. */
export const INPUT_LIMIT_OPTIONS = Object.fromEntries(
  INPUT_LIMIT_NAMES.map((name) => [
    INPUT_LIMIT_FLAGS[name],
    { type: 'string' as const }
  ])
) as Record<string, { type: 'string' }>

/** The usage lines of those flags, with their defaults. */
export const INPUT_LIMIT_USAGE = `Input limits (checked before parsing; raise one when a legitimate file needs it):
  --max-nesting-depth <n> deepest nesting of collections (default ${DEFAULT_INPUT_LIMITS.maxNestingDepth})
  --max-documents <n>     YAML documents per file (default ${DEFAULT_INPUT_LIMITS.maxDocuments})
  --max-aliases <n>       YAML aliases per document (default ${DEFAULT_INPUT_LIMITS.maxAliases})
  --max-key-chars <n>     longest mapping key (default ${DEFAULT_INPUT_LIMITS.maxKeyChars})
  --max-scalar-chars <n>  longest value (default ${DEFAULT_INPUT_LIMITS.maxScalarChars})
`

/** The limits given on the command line (whole numbers ≥ 1), by name. */
export function inputLimitsFromFlags(
  values: Record<string, unknown>
): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {}
  for (const name of INPUT_LIMIT_NAMES) {
    const flag = INPUT_LIMIT_FLAGS[name]
    const raw = values[flag]
    if (typeof raw !== 'string') continue
    limits[name] = parseInputLimitValue(raw, `--${flag}`)
  }
  return limits
}
