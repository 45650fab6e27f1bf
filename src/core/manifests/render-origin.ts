/**
 * Where a rendered object came from, so findings in rendered output land on
 * the source files reviewers see in the pull request:
 * - kustomize writes `config.kubernetes.io/origin` (`path: base/ds.yaml`,
 *   relative to the kustomization built) on every resource when the
 *   kustomization has `buildMetadata: [originAnnotations]`;
 * - `helm template` puts `# Source: <chart>/templates/<file>` above every
 *   document.
 * Pure: the adapter (adapters/fs/render-origins.ts) reads the files.
 */
import { parse as parseYaml } from 'yaml'
import type { ManifestObject } from './types.js'

/** The annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const KUSTOMIZE_ORIGIN_ANNOTATION = 'config.kubernetes.io/origin'
/** The one it writes with `buildMetadata: [transformerAnnotations]`. */
export const KUSTOMIZE_TRANSFORMATIONS_ANNOTATION =
  'alpha.config.kubernetes.io/transformations'

export type RenderOrigin =
  { kind: 'kustomize'; path: string } | { kind: 'helm'; path: string }

/** The local `path` of a kustomize origin annotation; undefined for remote or generated origins. */
export function kustomizeOriginPath(object: unknown): string | undefined {
  const annotations = (
    object as { metadata?: { annotations?: Record<string, unknown> } }
  )?.metadata?.annotations
  const text = annotations?.[KUSTOMIZE_ORIGIN_ANNOTATION]
  if (typeof text !== 'string') return undefined
  let origin: unknown
  try {
    origin = parseYaml(text)
  } catch {
    return undefined
  }
  if (typeof origin !== 'object' || origin === null) return undefined
  const o = origin as Record<string, unknown>
  // `repo:` origins come from a remote base: no file of this repository.
  if (typeof o['repo'] === 'string') return undefined
  return typeof o['path'] === 'string' && o['path'] !== ''
    ? o['path']
    : undefined
}

/**
 * The `# Source:` comment of the `helm template` document an object starting
 * at `line` (1-based, as the parser counts it) belongs to: the comment sits
 * between the document's `---` and its first key.
 */
export function helmSourceAt(
  lines: string[],
  line: number
): string | undefined {
  let content = Math.max(1, line)
  while (
    content <= lines.length &&
    /^(---.*|#.*|\s*)$/.test(lines[content - 1] ?? '')
  )
    content += 1
  for (let l = content - 1; l >= 1; l -= 1) {
    const text = lines[l - 1] ?? ''
    const m = /^# Source: (.+?)\s*$/.exec(text)
    if (m !== null) return m[1]
    if (/^---/.test(text) || !/^(#.*|\s*)$/.test(text)) return undefined
  }
  return undefined
}

/**
 * The rendered object without kustomize's build metadata annotations: they
 * say where the object was defined, not what it is, and must not show as a
 * change when a base moves.
 */
export function withoutBuildMetadata(entry: ManifestObject): ManifestObject {
  const annotations = entry.object.metadata?.annotations
  if (
    annotations === undefined ||
    (!(KUSTOMIZE_ORIGIN_ANNOTATION in annotations) &&
      !(KUSTOMIZE_TRANSFORMATIONS_ANNOTATION in annotations))
  )
    return entry
  const rest = { ...annotations }
  delete rest[KUSTOMIZE_ORIGIN_ANNOTATION]
  delete rest[KUSTOMIZE_TRANSFORMATIONS_ANNOTATION]
  const metadata = { ...entry.object.metadata }
  if (Object.keys(rest).length === 0) delete metadata.annotations
  else metadata.annotations = rest
  return { ...entry, object: { ...entry.object, metadata } }
}

const VALUE_FLAGS = new Set([
  '-f',
  '--values',
  '--set',
  '--set-string',
  '--set-file',
  '--set-json',
  '-n',
  '--namespace',
  '--version',
  '--repo',
  '-o',
  '--output',
  '--output-dir',
  '--kube-version',
  '--api-versions',
  '-a',
  '--name-template',
  '--post-renderer',
  '--show-only',
  '-s',
  '--load-restrictor',
  '--helm-command',
  '--mount',
  '--env',
  '-e'
])

/**
 * The entry a render command builds, guessed from its words when the user
 * did not name it (`--head`): the directory of `kustomize build <dir>` /
 * `kubectl kustomize <dir>` (default `.`), the chart of `helm template
 * [name] <chart>`. Undefined when the command is something else.
 */
export function renderEntryFromCommand(command: string): string | undefined {
  const words = command.trim().split(/\s+/)
  const positional = (from: number): string[] => {
    const out: string[] = []
    for (let i = from; i < words.length; i += 1) {
      const w = words[i]!
      if (/^[|;&]/.test(w)) break
      if (w.startsWith('-')) {
        if (!w.includes('=') && VALUE_FLAGS.has(w)) i += 1
        continue
      }
      out.push(w.replace(/^['"]|['"]$/g, ''))
    }
    return out
  }
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i]!.replace(/^.*\//, '')
    if (
      (w === 'kustomize' && words[i + 1] === 'build') ||
      (w === 'kubectl' && words[i + 1] === 'kustomize')
    )
      return positional(i + 2)[0] ?? '.'
    if (w === 'helm' && words[i + 1] === 'template') {
      const args = positional(i + 2)
      return args.length >= 2 ? args[1] : args[0]
    }
  }
  return undefined
}
