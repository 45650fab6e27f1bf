import { redactText } from '../core/redact/policy.js'
import type { Logger } from './types.js'

/** A Logger writing plain lines (CLI); groups become "== name ==" headings. */
export function lineLogger(write: (line: string) => void): Logger {
  return {
    info: (m) => write(redactText(m)),
    warning: (m) => write(`warning: ${redactText(m)}`),
    error: (m) => write(`error: ${redactText(m)}`),
    async group(name, fn) {
      write(`== ${name} ==`)
      return fn()
    }
  }
}
