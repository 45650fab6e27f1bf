import { UserError } from '../../util/errors.js'

/**
 * Limits on YAML and JSON text, checked by {@link checkInputBounds} in one
 * linear pass before any parser sees the text. A parser that builds a tree
 * pays far more per byte than this scan (the `yaml` package: about 11 µs per
 * byte of nested `[`), and recursive code after it can overflow the stack, so
 * hostile text is refused here, in milliseconds per MB.
 */
export interface InputLimits {
  /** Deepest nesting of collections: flow brackets plus block indentation levels. */
  maxNestingDepth: number
  /** Most YAML documents (`---` separated) in one text. */
  maxDocuments: number
  /** Most aliases (`*name`) in one YAML document. */
  maxAliases: number
  /** Longest mapping key, in characters. */
  maxKeyChars: number
  /** Longest scalar (plain, quoted or block), in characters. */
  maxScalarChars: number
}

/**
 * The default limits, in one place. Real manifests stay far below them:
 * a Kubernetes object nests a few dozen levels at most (CRD schemas
 * included), the API server stores objects up to about 1.5 MiB, and label
 * keys are at most 317 characters. Each is raisable with the CLI flag named
 * in {@link INPUT_LIMIT_FLAGS}.
 */
export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxNestingDepth: 200,
  maxDocuments: 20_000,
  maxAliases: 100,
  maxKeyChars: 4096,
  maxScalarChars: 4 * 1024 * 1024
})

/** The CLI flag that raises each limit (also the limit's name in messages). */
export const INPUT_LIMIT_FLAGS: Readonly<Record<keyof InputLimits, string>> =
  Object.freeze({
    maxNestingDepth: 'max-nesting-depth',
    maxDocuments: 'max-documents',
    maxAliases: 'max-aliases',
    maxKeyChars: 'max-key-chars',
    maxScalarChars: 'max-scalar-chars'
  })

/** The limit names, for iterating over flags. */
export const INPUT_LIMIT_NAMES = Object.keys(
  DEFAULT_INPUT_LIMITS
) as (keyof InputLimits)[]

/** Text refused by the pre-check: where, which limit, and the limit's value. */
export class InputLimitError extends UserError {
  readonly limit: keyof InputLimits
  readonly limitValue: number

  constructor(
    what: string,
    limit: keyof InputLimits,
    value: number,
    where: { file?: string; line?: number }
  ) {
    const flag = INPUT_LIMIT_FLAGS[limit]
    super(
      `${what}: over the limit ${flag}=${value}; ` +
        `if the file is legitimate, raise it with --${flag} ` +
        `(Action input input-limits: ${flag}=<n>)`,
      where
    )
    this.name = 'InputLimitError'
    this.limit = limit
    this.limitValue = value
  }
}

/**
 * A limit as a user gave it (a `--max-*` flag, an entry of the Action's
 * `input-limits`): a whole number of at least 1. `label` names where it
 * came from in the message.
 */
export function parseInputLimitValue(raw: string, label: string): number {
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < 1)
    throw new UserError(
      `${label} must be a whole number ≥ 1, not ${JSON.stringify(raw)}`
    )
  return n
}

/**
 * The Action's `input-limits`: `name=value` pairs separated by commas,
 * spaces or lines, the names those of the CLI flags (`max-documents=50000,
 * max-nesting-depth=300`).
 */
export function parseInputLimitList(
  text: string,
  label = "input 'input-limits'"
): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {}
  for (const pair of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const eq = pair.indexOf('=')
    const flag = eq < 0 ? pair : pair.slice(0, eq)
    const name = INPUT_LIMIT_NAMES.find((n) => INPUT_LIMIT_FLAGS[n] === flag)
    if (name === undefined || eq < 0)
      throw new UserError(
        `${label}: ${JSON.stringify(pair)} is not one of ${INPUT_LIMIT_NAMES.map((n) => `${INPUT_LIMIT_FLAGS[n]}=<n>`).join(', ')}`
      )
    limits[name] = parseInputLimitValue(pair.slice(eq + 1), `${label}: ${flag}`)
  }
  return limits
}

/** The limits in force: the defaults with any given overrides. */
export function resolveInputLimits(
  overrides?: Partial<InputLimits>
): InputLimits {
  const limits = { ...DEFAULT_INPUT_LIMITS }
  if (overrides === undefined) return limits
  for (const name of INPUT_LIMIT_NAMES) {
    const value = overrides[name]
    if (value !== undefined) limits[name] = value
  }
  return limits
}

const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB
}
function isBreakOrEnd(c: number): boolean {
  return c === LF || c === CR || Number.isNaN(c)
}
function isSpaceOrEnd(c: number): boolean {
  return isBlank(c) || isBreakOrEnd(c)
}
/** `[ ] { } ,`: the flow indicators. */
function isFlowIndicator(c: number): boolean {
  return c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2c
}

interface OpenAnchor {
  name: string
  /** Flow anchor: closed when the flow depth falls back to this. */
  flowDepth?: number
  /** Block anchor: closed by a line indented at most this much. */
  column?: number
  /** Block anchor on an indentless sequence: `- ` lines at `column` stay inside. */
  indentless?: boolean
}

/**
 * Checks YAML (1.1 or 1.2) or JSON text against `limits` in one linear pass
 * and throws an {@link InputLimitError} (file, line, limit name and value) at
 * the first limit crossed. It measures: nesting depth (flow brackets plus
 * block indentation levels and `- ` entries), the number of documents,
 * aliases per document, aliases used inside the node of their own anchor
 * (`&a {labels: *a}`, which no Kubernetes decoder accepts), and the length
 * of keys and scalars. It does not check syntax: text that passes may still
 * be refused by the parser, which then reports the syntax error. Text with
 * `{{` where a value starts is an unrendered template (Helm, Go templates):
 * refused with a pointer to `--render`, since the parser would misread it.
 */
export function checkInputBounds(
  text: string,
  file: string,
  overrides?: Partial<InputLimits>
): void {
  const limits = resolveInputLimits(overrides)
  const n = text.length
  let i = 0
  let line = 1
  let lineStart = 0
  // Flow collections currently open.
  let flowDepth = 0
  // Indentation of the open block collections (and `- ` entries).
  const indents: number[] = []
  let documents = 0
  // After `...`, the next content starts a new document.
  let documentEnded = false
  let aliases = 0
  const anchors: OpenAnchor[] = []
  const openNames = new Map<string, number>()
  // An anchor that waits for its node: a flow collection, a block or a scalar.
  let pendingAnchor: { name: string; column: number } | undefined
  // Column of the key or `- ` that owns what follows on this line.
  let ownerColumn = 0
  // Inside a block scalar (`|`, `>`): lines indented more than this are its content.
  let blockScalarOwner: number | undefined
  let blockScalarChars = 0
  let blockScalarLine = 0
  let atNodeStart = true
  let lastScalarChars = -1
  let lastScalarLine = 0

  const fail = (what: string, limit: keyof InputLimits, at = line): never => {
    throw new InputLimitError(what, limit, limits[limit], { file, line: at })
  }
  const checkDepth = (): void => {
    if (indents.length + flowDepth > limits.maxNestingDepth)
      fail('the text nests too deeply', 'maxNestingDepth')
  }
  const checkScalar = (chars: number, at: number, partial = false): void => {
    if (chars > limits.maxScalarChars)
      fail(
        partial
          ? `a value of more than ${limits.maxScalarChars} characters`
          : `a value of ${chars} characters`,
        'maxScalarChars',
        at
      )
  }
  const openAnchor = (anchor: OpenAnchor): void => {
    anchors.push(anchor)
    openNames.set(anchor.name, (openNames.get(anchor.name) ?? 0) + 1)
  }
  const closeTopAnchor = (): void => {
    const top = anchors.pop()
    if (top === undefined) return
    const count = (openNames.get(top.name) ?? 1) - 1
    if (count === 0) openNames.delete(top.name)
    else openNames.set(top.name, count)
  }
  const startDocument = (): void => {
    documents++
    if (documents > limits.maxDocuments)
      fail(`more than ${limits.maxDocuments} documents`, 'maxDocuments')
    indents.length = 0
    flowDepth = 0
    aliases = 0
    anchors.length = 0
    openNames.clear()
    pendingAnchor = undefined
    documentEnded = false
  }
  const endBlockScalar = (): void => {
    if (blockScalarOwner === undefined) return
    checkScalar(blockScalarChars, blockScalarLine)
    blockScalarOwner = undefined
  }
  /** Reads an anchor or alias name from i (just after `&` or `*`). */
  const readName = (): string => {
    const start = i
    while (i < n) {
      const c = text.charCodeAt(i)
      if (isSpaceOrEnd(c) || isFlowIndicator(c)) break
      i++
    }
    if (i - start > limits.maxKeyChars)
      fail(`an anchor name of ${i - start} characters`, 'maxKeyChars')
    return text.slice(start, i)
  }
  /** A pending anchor is on a node that turned out to be a scalar or alias. */
  const settleAnchorOnScalar = (): void => {
    pendingAnchor = undefined
  }

  // Start of a line: indentation, document markers, block scalar content.
  const startLine = (): void => {
    lineStart = i
    let col = 0
    while (i < n && isBlank(text.charCodeAt(i))) {
      i++
      col++
    }
    const c = i < n ? text.charCodeAt(i) : NaN
    const blankLine = isBreakOrEnd(c)
    if (blockScalarOwner !== undefined) {
      const marker =
        col === 0 && (text.startsWith('---', i) || text.startsWith('...', i))
      if (blankLine || (col > blockScalarOwner && !marker)) {
        // Content of the block scalar: skip to the end of the line.
        let end = text.indexOf('\n', i)
        if (end === -1) end = n
        blockScalarChars += end - lineStart + 1
        i = end
        if (blockScalarChars > limits.maxScalarChars)
          checkScalar(blockScalarChars, blockScalarLine, true)
        return
      }
      endBlockScalar()
    }
    if (blankLine) return
    // Document markers and directives (column 0 only).
    if (col === 0 && flowDepth === 0) {
      if (
        (text.startsWith('---', i) || text.startsWith('...', i)) &&
        isSpaceOrEnd(text.charCodeAt(i + 3))
      ) {
        if (text.charCodeAt(i) === 0x2d) startDocument()
        else documentEnded = true
        i += 3
        atNodeStart = true
        ownerColumn = -1
        return
      }
      if (c === 0x25 /* % */) {
        const end = text.indexOf('\n', i)
        i = end === -1 ? n : end
        return
      }
    }
    if (c === 0x23 /* # */) {
      const end = text.indexOf('\n', i)
      i = end === -1 ? n : end
      return
    }
    if (documents === 0 || documentEnded) startDocument()
    if (flowDepth > 0) return // inside a flow collection, lines do not nest
    const dash = c === 0x2d && isSpaceOrEnd(text.charCodeAt(i + 1))
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > col)
      indents.pop()
    while (anchors.length > 0) {
      const top = anchors[anchors.length - 1]
      if (top?.column === undefined || top.column < col) break
      // `key: &a` over an indentless sequence: `- ` lines at the key's column.
      if (top.column === col && top.indentless === true && dash) break
      closeTopAnchor()
    }
    if (pendingAnchor !== undefined) {
      // `key: &a` then a block node on the next lines.
      const indentless = col === pendingAnchor.column && dash
      if (col > pendingAnchor.column || indentless)
        openAnchor({
          name: pendingAnchor.name,
          column: pendingAnchor.column,
          indentless
        })
      pendingAnchor = undefined
    }
    if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < col)
      indents.push(col)
    checkDepth()
    ownerColumn = col
    atNodeStart = true
  }

  startLine()
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === LF) {
      i++
      line++
      startLine()
      continue
    }
    if (c === CR || isBlank(c)) {
      i++
      continue
    }
    const column = i - lineStart
    if (c === 0x23 /* # */) {
      const prev = text.charCodeAt(i - 1)
      if (i === lineStart || isBlank(prev) || prev === LF) {
        const end = text.indexOf('\n', i)
        i = end === -1 ? n : end
        continue
      }
    }
    if (flowDepth > 0 && isFlowIndicator(c)) {
      if (c === 0x5b || c === 0x7b) {
        if (pendingAnchor !== undefined) {
          openAnchor({ name: pendingAnchor.name, flowDepth })
          pendingAnchor = undefined
        }
        flowDepth++
        checkDepth()
        atNodeStart = true
      } else if (c === 0x5d || c === 0x7d) {
        flowDepth--
        while (anchors.length > 0) {
          const top = anchors[anchors.length - 1]
          if (top?.flowDepth === undefined || top.flowDepth < flowDepth) break
          closeTopAnchor()
        }
        atNodeStart = false
        lastScalarChars = -1
      } else {
        atNodeStart = true
      }
      i++
      continue
    }
    // `:` as the value indicator: what came before was a key.
    if (
      c === 0x3a &&
      (isSpaceOrEnd(text.charCodeAt(i + 1)) ||
        (flowDepth > 0 &&
          (isFlowIndicator(text.charCodeAt(i + 1)) || lastScalarChars >= 0)))
    ) {
      if (lastScalarChars > limits.maxKeyChars)
        fail(
          `a key of ${lastScalarChars} characters`,
          'maxKeyChars',
          lastScalarLine
        )
      lastScalarChars = -1
      i++
      atNodeStart = true
      continue
    }
    if (!atNodeStart) {
      // Rest of a token we do not measure (e.g. text after a quoted scalar).
      i++
      continue
    }
    // Node start.
    if (c === 0x7b && text.charCodeAt(i + 1) === 0x7b)
      throw new UserError(
        'this looks like an unrendered template ({{ ... }}): ds-rollout reads rendered manifests. ' +
          "Pass the command that renders them with --render (for example --render 'helm template .' or --render 'kustomize build .')",
        { file, line }
      )
    if (c === 0x5b || c === 0x7b) {
      if (pendingAnchor !== undefined) {
        openAnchor({ name: pendingAnchor.name, flowDepth })
        pendingAnchor = undefined
      }
      flowDepth++
      checkDepth()
      i++
      continue
    }
    if (
      flowDepth === 0 &&
      c === 0x2d /* - */ &&
      isSpaceOrEnd(text.charCodeAt(i + 1))
    ) {
      // A block sequence entry: one more level, owned by this column.
      indents.push(column + 1)
      checkDepth()
      ownerColumn = column
      i++
      continue
    }
    if (c === 0x3f /* ? */ && isSpaceOrEnd(text.charCodeAt(i + 1))) {
      ownerColumn = column
      i++
      continue
    }
    if (c === 0x26 /* & */) {
      i++
      const name = readName()
      pendingAnchor = { name, column: ownerColumn }
      continue
    }
    if (c === 0x2a /* * */) {
      i++
      const name = readName()
      aliases++
      if (aliases > limits.maxAliases)
        fail(`more than ${limits.maxAliases} aliases`, 'maxAliases')
      if (openNames.has(name))
        throw new UserError(
          `the alias *${name} is used inside the node of its own anchor &${name}; ` +
            'a recursive alias describes an infinite object, which Kubernetes refuses',
          { file, line }
        )
      settleAnchorOnScalar()
      atNodeStart = false
      lastScalarChars = name.length
      lastScalarLine = line
      continue
    }
    if (c === 0x21 /* ! */) {
      // A tag: skip it; the node follows.
      while (i < n && !isSpaceOrEnd(text.charCodeAt(i))) i++
      continue
    }
    if (flowDepth === 0 && (c === 0x7c || c === 0x3e) /* | > */) {
      let j = i + 1
      while (j < n) {
        const d = text.charCodeAt(j)
        if (d === 0x2b || d === 0x2d || (d >= 0x30 && d <= 0x39)) j++
        else break
      }
      const after = text.charCodeAt(j)
      if (isSpaceOrEnd(after)) {
        settleAnchorOnScalar()
        blockScalarOwner = ownerColumn
        blockScalarChars = 0
        blockScalarLine = line
        const end = text.indexOf('\n', j)
        i = end === -1 ? n : end
        atNodeStart = false
        continue
      }
    }
    if (c === 0x22 || c === 0x27 /* " ' */) {
      // A quoted scalar, possibly over several lines.
      const startLine = line
      const start = i
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === LF) {
          line++
          lineStart = i + 1
        } else if (c === 0x22 && d === 0x5c /* \ */) {
          i++
          if (text.charCodeAt(i) === LF) {
            line++
            lineStart = i + 1
          }
        } else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++
          else break
        }
        i++
        if (i - start > limits.maxScalarChars)
          checkScalar(i - start, startLine, true)
      }
      i++
      lastScalarChars = i - start - 2
      lastScalarLine = startLine
      checkScalar(lastScalarChars, startLine)
      settleAnchorOnScalar()
      if (flowDepth === 0) ownerColumn = column
      atNodeStart = false
      continue
    }
    // A plain scalar: to the end of the line, a `: `, a ` #` or (in flow) an indicator.
    const start = i
    while (i < n) {
      const d = text.charCodeAt(i)
      if (isBreakOrEnd(d)) break
      if (d === 0x3a && isSpaceOrEnd(text.charCodeAt(i + 1))) break
      if (d === 0x23 && isBlank(text.charCodeAt(i - 1))) break
      if (
        flowDepth > 0 &&
        (isFlowIndicator(d) ||
          (d === 0x3a && isFlowIndicator(text.charCodeAt(i + 1))))
      )
        break
      i++
    }
    let end = i
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--
    lastScalarChars = end - start
    lastScalarLine = line
    checkScalar(lastScalarChars, line)
    settleAnchorOnScalar()
    if (flowDepth === 0) ownerColumn = column
    atNodeStart = false
  }
  endBlockScalar()
}
