import type { Logger } from './types.js'

/** A Logger writing plain lines (CLI); groups become "== name ==" headings. */
export function lineLogger(write: (line: string) => void): Logger {
  return {
    info: (m) => write(m),
    warning: (m) => write(`warning: ${m}`),
    error: (m) => write(`error: ${m}`),
    async group(name, fn) {
      write(`== ${name} ==`)
      return fn()
    }
  }
}
