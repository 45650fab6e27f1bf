import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Tags
} from 'yaml'
import type { KubeObject } from '../k8s/types.js'
import { UserError } from '../../util/errors.js'
import {
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_OBJECTS,
  MAX_YAML_ALIAS_COUNT
} from '../../util/constants.js'
import type { ManifestObject } from './types.js'
import { checkInputBounds, type InputLimits } from './input-bounds.js'

const TIMESTAMP = 'tag:yaml.org,2002:timestamp'

/**
 * kubectl decodes YAML with go-yaml, which follows YAML 1.1 for booleans
 * (`yes`, `on`) and octal (`0644`) but keeps timestamps and base-60 numbers
 * (`1:20`) as strings. The `yaml` package's 1.1 schema resolves those two, so
 * they are dropped here to read manifests the way kubectl does.
 */
function kubectlTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag !== 'object') return true
    if (tag.tag === TIMESTAMP) return false
    return !('format' in tag && tag.format === 'TIME')
  })
}

/** Offsets of line starts, for turning a character offset into a 1-based line. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
    starts.push(i + 1)
  return starts
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] ?? 0) <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/**
 * JSON is read with the YAML 1.2 core schema (where `1e3` is a number, as in
 * JSON) so that objects keep their line numbers. A `.json` file must be
 * strict JSON; other text is taken as JSON only when it parses as JSON.
 */
function jsonMode(text: string, file: string): boolean {
  const strict = file.toLowerCase().endsWith('.json')
  const first = /\S/.exec(text)
  if (!strict && (first === null || (first[0] !== '{' && first[0] !== '[')))
    return false
  try {
    JSON.parse(text)
    return true
  } catch (err) {
    if (!strict) return false
    const message = err instanceof Error ? err.message : String(err)
    const lineCol = /line (\d+) column \d+/.exec(message)
    const position = /position (\d+)/.exec(message)
    const line = lineCol
      ? Number(lineCol[1])
      : position
        ? lineAt(lineStarts(text), Number(position[1]))
        : lineStarts(text.trimEnd()).length
    throw new UserError(
      `JSON syntax error: ${message.split('\n')[0]?.replace(/,? ".*" is not valid JSON$/, '') ?? message}`,
      { file, line }
    )
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return `a ${typeof value}`
}

/** Turns whatever `toJS` throws (alias limits, deep nesting) into one clear message. */
function toPlain(doc: Document, file: string, line: number): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/alias/i.test(message))
      throw new UserError(
        `too many YAML alias expansions (more than ${MAX_YAML_ALIAS_COUNT}); ` +
          'the document looks like an alias bomb',
        { file, line }
      )
    if (err instanceof RangeError)
      throw new UserError('the document is nested too deeply to read', {
        file,
        line
      })
    throw new UserError(`cannot read the document: ${message}`, { file, line })
  }
}

function checkObject(
  value: unknown,
  file: string,
  line: number,
  what: string
): KubeObject {
  if (!isPlainObject(value))
    throw new UserError(
      `${what} is ${describeType(value)}, not a Kubernetes object`,
      { file, line }
    )
  const missing = ['apiVersion', 'kind'].filter(
    (key) => typeof value[key] !== 'string' || value[key] === ''
  )
  if (missing.length > 0)
    throw new UserError(`${what} has no ${missing.join(' and no ')}`, {
      file,
      line
    })
  return value as KubeObject
}

/** The node of each `items` entry of a `kind: List` document, by index. */
function listItemNodes(doc: Document): (YamlNode | null)[] {
  const contents = doc.contents
  if (!isMap(contents)) return []
  const items = contents.get('items', true)
  if (!isSeq(items)) return []
  return items.items.map((item) => item as YamlNode | null)
}

/** Line of every field under `node`, by dotted path with `[i]` for list items. */
function fieldLinesOf(node: unknown, starts: number[]): Record<string, number> {
  const lines: Record<string, number> = {}
  const visit = (current: unknown, path: string, depth: number): void => {
    if (depth > 64) return
    if (isMap(current)) {
      for (const pair of current.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined
        if (key === undefined) continue
        const childPath = path === '' ? key : `${path}.${key}`
        const range = (pair.key as YamlNode).range
        if (range) lines[childPath] = lineAt(starts, range[0])
        visit(pair.value, childPath, depth + 1)
      }
    } else if (isSeq(current)) {
      current.items.forEach((item, i) => {
        const childPath = `${path}[${i}]`
        const range = (item as YamlNode | null)?.range
        if (range) lines[childPath] = lineAt(starts, range[0])
        visit(item, childPath, depth + 1)
      })
    }
  }
  visit(node, '', 0)
  return lines
}

function entry(
  object: KubeObject,
  file: string,
  line: number,
  node: unknown,
  starts: number[]
): ManifestObject {
  const result: ManifestObject = { object, source: { file, line } }
  if (object.kind === 'DaemonSet')
    result.fieldLines = fieldLinesOf(node, starts)
  return result
}

/**
 * Parses the text of one manifest file (multi-document YAML 1.1 or JSON,
 * `kind: List` expanded) into objects that know their file and line. Empty
 * and comment-only documents are skipped. Anything kubectl would refuse
 * (syntax errors, non-object documents, objects without apiVersion/kind)
 * is a UserError naming file:line, so the user fixes it before we plan.
 * The text first passes the linear pre-check of input-bounds.ts (nesting,
 * documents, aliases, key and scalar length; `limits` raises its defaults),
 * so hostile text is refused before the parser spends time on it.
 */
export function parseManifests(
  input: string,
  file: string,
  limits?: Partial<InputLimits>
): ManifestObject[] {
  // A byte-order mark is not content (and JSON.parse rejects it).
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  if (text.length > MAX_MANIFEST_BYTES)
    throw new UserError(
      `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; ` +
        'split it or pass fewer objects',
      { file }
    )
  checkInputBounds(text, file, limits)
  const json = jsonMode(text, file)
  const starts = lineStarts(text)
  let docs: Document.Parsed[]
  try {
    const parsed = parseAllDocuments(
      text,
      json
        ? { version: '1.2', schema: 'core' }
        : { version: '1.1', customTags: kubectlTags }
    )
    docs = Array.isArray(parsed) ? parsed : []
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw new UserError(`cannot parse the manifest: ${message}`, { file })
  }
  const objects: ManifestObject[] = []
  for (const doc of docs) {
    const error = doc.errors[0]
    if (error !== undefined) {
      const line = error.linePos?.[0].line ?? lineAt(starts, error.pos[0] ?? 0)
      const message = error.message.split('\n')[0] ?? error.message
      if (/call stack/i.test(message))
        throw new UserError('the document is nested too deeply to read', {
          file,
          line
        })
      throw new UserError(
        `${json ? 'JSON' : 'YAML'} syntax error: ${message.replace(/ at line \d+, column \d+:?$/, '')}`,
        { file, line }
      )
    }
    // A document with no content (empty, or only comments) is skipped.
    if (doc.contents === null) continue
    const line = lineAt(starts, doc.contents.range[0])
    const value = toPlain(doc, file, line)
    if (value === null || value === undefined) continue
    const object = checkObject(value, file, line, 'the document')
    if (object.kind === 'List' && Array.isArray(object.items)) {
      const nodes = listItemNodes(doc)
      object.items.forEach((item: unknown, index: number) => {
        const node = nodes[index]
        const itemLine = node?.range ? lineAt(starts, node.range[0]) : line
        if (item === null) return
        const itemObject = checkObject(
          item,
          file,
          itemLine,
          `List item ${index}`
        )
        objects.push(entry(itemObject, file, itemLine, node, starts))
      })
    } else {
      objects.push(entry(object, file, line, doc.contents, starts))
    }
    if (objects.length > MAX_MANIFEST_OBJECTS)
      throw new UserError(
        `more than ${MAX_MANIFEST_OBJECTS} objects in one manifest`,
        { file, line }
      )
  }
  return objects
}
