/**
 * The redaction policy lives in core/redact/policy.ts (issue 11); these
 * names are kept for existing callers.
 */
export {
  REDACTED,
  looksSecret,
  redactAt,
  redactValue
} from '../redact/policy.js'
