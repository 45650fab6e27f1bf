/**
 * Where a text that JSON.parse rejected first goes wrong, as line and column
 * (1-based) and a short description. V8's own messages quote the text
 * around the error (newlines included) and often give no position, so the
 * plan's one-line `file:line: message` is built from this instead. Only
 * called after JSON.parse failed, so speed does not matter much; it walks
 * the text once, without recursion.
 */
export interface JsonErrorAt {
  line: number
  column: number
  message: string
}

const WS = new Set([' ', '\t', '\n', '\r'])

export function locateJsonError(text: string): JsonErrorAt {
  let i = 0
  const n = text.length
  const at = (index: number, message: string): JsonErrorAt => {
    let line = 1
    let lineStart = 0
    for (let k = 0; k < index && k < n; k += 1)
      if (text.charCodeAt(k) === 10) {
        line += 1
        lineStart = k + 1
      }
    return { line, column: index - lineStart + 1, message }
  }
  const skip = () => {
    while (i < n && WS.has(text[i]!)) i += 1
  }
  const describe = (index: number): string =>
    index >= n
      ? 'unexpected end of the text'
      : `unexpected ${JSON.stringify(text[index])}`
  // Stack of open containers: '{' or '['; `expect` says what may come next.
  const stack: string[] = []
  type Expect =
    | 'value'
    | 'key'
    | 'colon'
    | 'comma-or-close'
    | 'value-or-close'
    | 'key-or-close'
  let expect: Expect = 'value'
  if (text.charCodeAt(0) === 0xfeff) i = 1
  for (;;) {
    skip()
    if (i >= n) {
      if (stack.length === 0 && expect === 'comma-or-close') break
      return at(i, 'unexpected end of the text')
    }
    const c = text[i]!
    if (expect === 'comma-or-close') {
      if (stack.length === 0) return at(i, `${describe(i)} after the end`)
      const open = stack[stack.length - 1]
      if (c === ',') {
        expect = open === '{' ? 'key' : 'value'
        i += 1
      } else if ((c === '}' && open === '{') || (c === ']' && open === '[')) {
        stack.pop()
        i += 1
      } else
        return at(
          i,
          `${describe(i)}: expected ',' or '${open === '{' ? '}' : ']'}'`
        )
      continue
    }
    if (expect === 'colon') {
      if (c !== ':') return at(i, `${describe(i)}: expected ':'`)
      i += 1
      expect = 'value'
      continue
    }
    if (
      (expect === 'key-or-close' && c === '}') ||
      (expect === 'value-or-close' && c === ']')
    ) {
      stack.pop()
      i += 1
      expect = 'comma-or-close'
      continue
    }
    const isKey: boolean = expect === 'key' || expect === 'key-or-close'
    if (isKey) {
      if (c !== '"')
        return at(i, `${describe(i)}: expected a key in double quotes`)
    }
    // A value (or a key string).
    if (c === '"') {
      const start = i
      i += 1
      while (i < n && text[i] !== '"') {
        const code = text.charCodeAt(i)
        if (code < 0x20) return at(i, 'control character in a string')
        if (text[i] === '\\') {
          const e = text[i + 1]
          if (e === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
              return at(i, 'bad \\u escape in a string')
            i += 6
            continue
          }
          if (e === undefined || !'"\\/bfnrt'.includes(e))
            return at(i, 'bad escape in a string')
          i += 2
          continue
        }
        i += 1
      }
      if (i >= n) return at(start, 'unterminated string')
      i += 1
      expect = isKey ? 'colon' : 'comma-or-close'
      continue
    }
    if (c === '{' || c === '[') {
      stack.push(c)
      i += 1
      expect = c === '{' ? 'key-or-close' : 'value-or-close'
      continue
    }
    const m =
      /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        text.slice(i, i + 400)
      )
    if (m === null || m[0] === '') return at(i, describe(i))
    i += m[0].length
    expect = 'comma-or-close'
  }
  return at(n, 'not valid JSON')
}
