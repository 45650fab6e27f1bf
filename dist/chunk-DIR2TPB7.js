import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  DEFAULT_INPUT_LIMITS,
  INPUT_LIMIT_FLAGS,
  INPUT_LIMIT_NAMES,
  parseInputLimitValue
} from "./chunk-OYJMIEJR.js";

// src/cli/input-limit-flags.ts
var INPUT_LIMIT_OPTIONS = Object.fromEntries(
  INPUT_LIMIT_NAMES.map((name) => [
    INPUT_LIMIT_FLAGS[name],
    { type: "string" }
  ])
);
var INPUT_LIMIT_USAGE = `Input limits (checked before parsing; raise one when a legitimate file needs it):
  --max-nesting-depth <n> deepest nesting of collections (default ${DEFAULT_INPUT_LIMITS.maxNestingDepth})
  --max-documents <n>     YAML documents per file (default ${DEFAULT_INPUT_LIMITS.maxDocuments})
  --max-aliases <n>       YAML aliases per document (default ${DEFAULT_INPUT_LIMITS.maxAliases})
  --max-key-chars <n>     longest mapping key (default ${DEFAULT_INPUT_LIMITS.maxKeyChars})
  --max-scalar-chars <n>  longest value (default ${DEFAULT_INPUT_LIMITS.maxScalarChars})
`;
function inputLimitsFromFlags(values) {
  const limits = {};
  for (const name of INPUT_LIMIT_NAMES) {
    const flag = INPUT_LIMIT_FLAGS[name];
    const raw = values[flag];
    if (typeof raw !== "string") continue;
    limits[name] = parseInputLimitValue(raw, `--${flag}`);
  }
  return limits;
}

export {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
};
