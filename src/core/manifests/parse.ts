import {
  isMap,
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

function looksLikeJson(text: string, file: string): boolean {
  if (file.toLowerCase().endsWith('.json')) return true
  const first = /\S/.exec(text)
  return first !== null && (first[0] === '{' || first[0] === '[')
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

/** The line of each `items` entry of a `kind: List` document, by index. */
function listItemLines(
  doc: Document,
  starts: number[],
  fallback: number
): number[] {
  const contents = doc.contents
  if (!isMap(contents)) return []
  const items = contents.get('items', true)
  if (!isSeq(items)) return []
  return items.items.map((item) => {
    const range = (item as YamlNode | null)?.range
    return range ? lineAt(starts, range[0]) : fallback
  })
}

/**
 * Parses the text of one manifest file (multi-document YAML 1.1 or JSON,
 * `kind: List` expanded) into objects that know their file and line. Empty
 * and comment-only documents are skipped. Anything kubectl would refuse
 * (syntax errors, non-object documents, objects without apiVersion/kind)
 * is a UserError naming file:line, so the user fixes it before we plan.
 */
export function parseManifests(text: string, file: string): ManifestObject[] {
  if (text.length > MAX_MANIFEST_BYTES)
    throw new UserError(
      `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; ` +
        'split it or pass fewer objects',
      { file }
    )
  const json = looksLikeJson(text, file)
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
      const lines = listItemLines(doc, starts, line)
      object.items.forEach((item: unknown, index: number) => {
        const itemLine = lines[index] ?? line
        if (item === null) return
        objects.push({
          object: checkObject(item, file, itemLine, `List item ${index}`),
          source: { file, line: itemLine }
        })
      })
    } else {
      objects.push({ object, source: { file, line } })
    }
    if (objects.length > MAX_MANIFEST_OBJECTS)
      throw new UserError(
        `more than ${MAX_MANIFEST_OBJECTS} objects in one manifest`,
        { file, line }
      )
  }
  return objects
}
