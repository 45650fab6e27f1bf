import { glob, readdir, realpath, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { UserError } from '../../util/errors.js'
import { checkSymlinkBoundary } from './input-files.js'

/** Extensions a directory is searched for, recursively. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json']

export interface ManifestFile {
  /** The path as shown to the user: as given, or given dir + relative path. */
  display: string
  /** Absolute path on disk. */
  absolute: string
}

export function hasManifestExtension(name: string): boolean {
  const lower = name.toLowerCase()
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

/** Hidden directories (.git, .github) and node_modules are never manifests. */
export function isSkippedDirectory(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules'
}

export function isGlob(path: string): boolean {
  return /[*?[\]{}]/.test(path)
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A directory's manifest files, recursively. Symlinks are followed by the
 * same rule as explicit paths (checkSymlinkBoundary): within the working
 * directory only; a symlinked directory met twice (a loop) is walked once.
 */
async function walk(
  dir: string,
  display: string,
  cwd: string,
  visited: Set<string>
): Promise<ManifestFile[]> {
  const real = await realpath(dir)
  if (visited.has(real)) return []
  visited.add(real)
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => byCodePoint(a.name, b.name))
  const out: ManifestFile[] = []
  for (const entry of entries) {
    const absolute = join(dir, entry.name)
    const shown = join(display, entry.name)
    let isDirectory = entry.isDirectory()
    let isFile = entry.isFile()
    if (entry.isSymbolicLink()) {
      if (isSkippedDirectory(entry.name)) continue
      if (!entry.isDirectory() && !hasManifestExtension(entry.name)) {
        // A symlink named like no manifest may still lead to a directory.
        const target = await stat(absolute).catch(() => undefined)
        if (target === undefined || !target.isDirectory()) continue
      }
      await checkSymlinkBoundary(absolute, cwd, shown)
      const target = await stat(absolute)
      isDirectory = target.isDirectory()
      isFile = !isDirectory
    }
    if (isDirectory) {
      if (!isSkippedDirectory(entry.name))
        out.push(...(await walk(absolute, shown, cwd, visited)))
    } else if (isFile && hasManifestExtension(entry.name)) {
      out.push({ display: shown, absolute })
    }
  }
  return out
}

async function expandOne(path: string, cwd: string): Promise<ManifestFile[]> {
  const absolute = resolve(cwd, path)
  let info
  try {
    info = await stat(absolute)
  } catch {
    throw new UserError('no such file or directory', { file: path })
  }
  await checkSymlinkBoundary(absolute, cwd, path)
  if (info.isDirectory()) return walk(absolute, path, cwd, new Set())
  return [{ display: path, absolute }]
}

/**
 * Turns the user's paths (files, directories, glob patterns) into a sorted,
 * de-duplicated list of files. A directory contributes its *.yaml, *.yml and
 * *.json files recursively in code-point order, so plans are deterministic.
 */
export async function expandPaths(
  paths: string[],
  cwd: string
): Promise<ManifestFile[]> {
  const out: ManifestFile[] = []
  const seen = new Set<string>()
  for (const path of paths) {
    let files: ManifestFile[]
    if (isGlob(path)) {
      const matches: string[] = []
      for await (const match of glob(path, { cwd })) matches.push(match)
      matches.sort(byCodePoint)
      if (matches.length === 0)
        throw new UserError('the pattern matches no files', { file: path })
      files = []
      for (const match of matches) {
        // A file matched by a pattern counts only with a manifest extension
        // (`deploy/*` should not pick up README.md); a directory is walked.
        const expanded = await expandOne(match, cwd)
        files.push(
          ...expanded.filter(
            (f) => f.display !== match || hasManifestExtension(match)
          )
        )
      }
    } else {
      files = await expandOne(path, cwd)
    }
    for (const file of files) {
      if (seen.has(file.absolute)) continue
      seen.add(file.absolute)
      out.push(file)
    }
  }
  return out
}
