import type { ManifestObject } from '../../core/manifests/types.js'
import type { ManifestFileText } from './client.js'

/**
 * Turns loaded manifest objects back into files for the analysis service,
 * so that the plan it returns names the same files and lines as a local
 * plan would (PR annotations point at the right place). Each object is
 * written as a one-line JSON document (JSON is YAML) placed on the line it
 * came from, after a `---` separator, with blank lines as padding. Values
 * are the parsed ones, so YAML 1.1 readings (octal modes, `yes`) are kept.
 * When two objects start on adjacent lines (items of a `kind: List`), the
 * later ones move down just enough to fit. Field lines inside an object
 * are not kept (a plan's FieldChange.line then points at the document);
 * send the files themselves (readManifestTexts) when they are at hand.
 */
export function manifestFilesForService(
  objects: readonly ManifestObject[]
): ManifestFileText[] {
  const byFile = new Map<string, ManifestObject[]>()
  for (const o of objects) {
    const list = byFile.get(o.source.file) ?? []
    list.push(o)
    byFile.set(o.source.file, list)
  }
  const files: ManifestFileText[] = []
  for (const [name, list] of byFile) {
    const lines: string[] = []
    const sorted = [...list].sort((a, b) => a.source.line - b.source.line)
    sorted.forEach((o, i) => {
      if (i === 0) {
        while (lines.length < o.source.line - 1) lines.push('')
      } else {
        // The separator needs a line of its own before the document.
        while (lines.length < o.source.line - 2) lines.push('')
        lines.push('---')
      }
      lines.push(yamlSafeJson(o.object))
    })
    files.push({ name, content: lines.join('\n') + '\n' })
  }
  return files
}

/**
 * JSON text that a YAML parser reads back unchanged: characters YAML treats
 * as line breaks or does not allow in a stream (DEL, C1 controls, U+2028,
 * U+2029, BOM) are written as `\uXXXX` escapes, which both accept.
 */
function yamlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
