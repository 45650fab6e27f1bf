import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parseManifests } from '../../core/manifests/parse.js'
import {
  helmSourceAt,
  kustomizeOriginPath,
  withoutBuildMetadata
} from '../../core/manifests/render-origin.js'
import type { ManifestObject } from '../../core/manifests/types.js'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'

export interface RenderedSourceContext {
  /** The directory paths in the plan are relative to (the user's cwd). */
  cwd: string
  /**
   * The render command's entry, absolute: the kustomization directory or the
   * chart it builds, or a file. Undefined when unknown.
   */
  entry: string | undefined
}

const ENTRY_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
  'Chart.yaml'
]

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined)
  return info !== undefined && info.isFile() && info.size <= MAX_MANIFEST_BYTES
}

async function isDirectory(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined)
  return info !== undefined && info.isDirectory()
}

/** A path as the plan names files: relative to cwd, with `/`. */
function display(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return (rel === '' || isAbsolute(rel) ? path : rel).split(sep).join('/')
}

/** The entry's directory and the file reviewers know it by (kustomization.yaml, Chart.yaml). */
export async function renderEntry(
  entry: string | undefined
): Promise<{ dir: string; file: string | undefined } | undefined> {
  if (entry === undefined) return undefined
  if (await isDirectory(entry)) {
    for (const name of ENTRY_FILES)
      if (await isFile(join(entry, name)))
        return { dir: entry, file: join(entry, name) }
    return { dir: entry, file: undefined }
  }
  if (await isFile(entry)) return { dir: dirname(entry), file: entry }
  return undefined
}

function lineOfKind(text: string, kind: string): number {
  const lines = text.split(/\r?\n/)
  const i = lines.findIndex((l) =>
    new RegExp(`^\\s*kind:\\s*['"]?${kind}['"]?\\s*(#.*)?$`).test(l)
  )
  return i < 0 ? 1 : i + 1
}

/**
 * Maps objects parsed from a render command's output back to the files
 * they came from: kustomize origin annotations (paths relative to the
 * kustomization built), Helm `# Source:` comments (relative to the chart's
 * parent), else the entry file (kustomization.yaml, Chart.yaml). Lines come
 * from the source file: for kustomize the matching document and its field
 * lines, for a Helm template the line of its `kind:`. kustomize's build
 * metadata annotations are removed from the objects. Files that cannot be
 * read keep the rendered label and line.
 */
export async function mapRenderedSources(
  objects: ManifestObject[],
  renderedText: string,
  ctx: RenderedSourceContext
): Promise<ManifestObject[]> {
  const entry = await renderEntry(ctx.entry)
  const lines = renderedText.split(/\r?\n/)
  const texts = new Map<string, string | undefined>()
  const read = async (path: string): Promise<string | undefined> => {
    if (!texts.has(path))
      texts.set(
        path,
        (await isFile(path))
          ? await readFile(path, 'utf8').catch(() => undefined)
          : undefined
      )
    return texts.get(path)
  }
  const out: ManifestObject[] = []
  for (const original of objects) {
    const kustomizePath = kustomizeOriginPath(original.object)
    const entryObject = withoutBuildMetadata(original)
    const kind = entryObject.object.kind ?? ''
    const name = entryObject.object.metadata?.name ?? ''
    let mapped: ManifestObject | undefined
    if (kustomizePath !== undefined && entry !== undefined) {
      const path = resolve(entry.dir, kustomizePath)
      const text = await read(path)
      if (text !== undefined) {
        const file = display(ctx.cwd, path)
        let docs: ManifestObject[] = []
        try {
          docs = parseManifests(text, file)
        } catch {
          docs = []
        }
        const sameKind = docs.filter((d) => d.object.kind === kind)
        const match =
          sameKind.find((d) => d.object.metadata?.name === name) ??
          sameKind.find((d) => {
            const n = d.object.metadata?.name
            return typeof n === 'string' && n !== '' && name.includes(n)
          }) ??
          (sameKind.length === 1 ? sameKind[0] : undefined)
        mapped = {
          object: entryObject.object,
          source: match?.source ?? { file, line: 1 }
        }
        if (match?.fieldLines !== undefined)
          mapped.fieldLines = match.fieldLines
      }
    }
    if (mapped === undefined && entry !== undefined) {
      const source = helmSourceAt(lines, original.source.line)
      if (source !== undefined) {
        // `<chart name>/templates/x.yaml`: the chart name is the entry.
        const path = resolve(entry.dir, source.split('/').slice(1).join('/'))
        const text = await read(path)
        if (text !== undefined)
          mapped = {
            object: entryObject.object,
            source: {
              file: display(ctx.cwd, path),
              line: lineOfKind(text, kind)
            }
          }
      }
    }
    if (mapped === undefined && entry?.file !== undefined)
      mapped = {
        object: entryObject.object,
        source: { file: display(ctx.cwd, entry.file), line: 1 }
      }
    out.push(mapped ?? entryObject)
  }
  return out
}
