import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import {
  isAbsolute,
  join,
  matchesGlob,
  posix,
  relative,
  resolve
} from 'node:path'
import { parseManifests } from '../../core/manifests/parse.js'
import type { ManifestObject } from '../../core/manifests/types.js'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import {
  hasManifestExtension,
  isGlob,
  isSkippedDirectory
} from './expand-paths.js'
import {
  extractCommit,
  listTree,
  locateRepo,
  readBlobs,
  resolveCommit,
  type RepoLocation,
  type TreeEntry
} from './git.js'
import { loadManifestPaths, tooLarge } from './read-manifests.js'
import { runRenderCommand } from './render.js'
import { renderEnvironment } from './render-env.js'
import { RENDERED_LABEL } from '../../core/render/inert.js'

export interface ManifestSetOptions {
  /** Head paths (files, directories, globs). With `render`: at most one directory to run the command in. */
  head: string[]
  /** Base paths; exclusive with baseRef. */
  base?: string[]
  /** Read the base from this git ref: the head paths as they were at the ref. */
  baseRef?: string
  /** A command whose stdout is the manifests, run in the head and in the base. */
  render?: string
  cwd: string
}

function comparePaths(a: string, b: string): number {
  const sa = a.split('/')
  const sb = b.split('/')
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] ?? ''
    const y = sb[i] ?? ''
    if (x !== y) return x < y ? -1 : 1
  }
  return sa.length - sb.length
}

/** A head path as a path relative to the repository top level (posix). */
function repoRelative(path: string, repo: RepoLocation, cwd: string): string {
  const rel = isAbsolute(path)
    ? relative(repo.toplevel, path).split('\\').join('/')
    : posix.normalize(repo.prefix + path.split('\\').join('/'))
  const cleaned = rel.replace(/\/+$/, '')
  if (cleaned === '..' || cleaned.startsWith('../'))
    throw new UserError(`the path is outside the git repository of ${cwd}`, {
      file: path
    })
  return cleaned === '' ? '.' : cleaned
}

function underSkippedDirectory(path: string, root: string): boolean {
  const rest = root === '.' ? path : path.slice(root.length + 1)
  return rest.split('/').slice(0, -1).some(isSkippedDirectory)
}

interface RefFile {
  display: string
  entry: TreeEntry
}

/** The files that `paths` named at `commit`, expanded like the head's (directories, globs). */
async function filesAtRef(
  paths: string[],
  ref: string,
  commit: string,
  repo: RepoLocation,
  cwd: string
): Promise<RefFile[]> {
  const out: RefFile[] = []
  const seen = new Set<string>()
  let everything: TreeEntry[] | undefined
  for (const path of paths) {
    let found: RefFile[]
    if (isGlob(path)) {
      everything ??= await listTree(commit, [], repo.toplevel)
      found = everything
        .filter(
          (e) => e.path.startsWith(repo.prefix) && hasManifestExtension(e.path)
        )
        .filter((e) => {
          const segments = e.path.slice(repo.prefix.length).split('/')
          // The file itself or a directory above it may match the pattern.
          return segments.some((_, i) =>
            matchesGlob(segments.slice(0, i + 1).join('/'), path)
          )
        })
        .map((e) => ({
          display: `${ref}:${e.path.slice(repo.prefix.length)}`,
          entry: e
        }))
    } else {
      const rel = repoRelative(path, repo, cwd)
      const entries = await listTree(
        commit,
        rel === '.' ? [] : [rel],
        repo.toplevel
      )
      const exact = entries.find((e) => e.path === rel)
      if (exact !== undefined)
        found = [{ display: `${ref}:${path}`, entry: exact }]
      else
        found = entries
          .filter(
            (e) =>
              (rel === '.' || e.path.startsWith(`${rel}/`)) &&
              hasManifestExtension(e.path)
          )
          .filter((e) => !underSkippedDirectory(e.path, rel))
          .map((e) => ({
            display: `${ref}:${join(path, rel === '.' ? e.path : e.path.slice(rel.length + 1))}`,
            entry: e
          }))
    }
    found.sort((a, b) => comparePaths(a.entry.path, b.entry.path))
    for (const file of found) {
      if (seen.has(file.entry.path)) continue
      seen.add(file.entry.path)
      out.push(file)
    }
  }
  return out
}

/**
 * The base as the head paths were at a git ref. Files that did not exist
 * there are simply absent (their objects count as added).
 */
async function loadAtRef(
  paths: string[],
  ref: string,
  cwd: string
): Promise<ManifestObject[]> {
  const repo = await locateRepo(cwd)
  const commit = await resolveCommit(ref, cwd)
  const files = await filesAtRef(paths, ref, commit, repo, cwd)
  for (const file of files)
    if (file.entry.size > MAX_MANIFEST_BYTES) throw tooLarge(file.display)
  const blobs = await readBlobs(
    files.map((f) => f.entry.object),
    repo.toplevel
  )
  return files.flatMap((file) =>
    parseManifests(
      (blobs.get(file.entry.object) ?? Buffer.alloc(0)).toString('utf8'),
      file.display
    )
  )
}

async function renderDirectory(
  paths: string[] | undefined,
  cwd: string,
  flag: string
): Promise<string> {
  if (paths === undefined || paths.length === 0) return cwd
  if (paths.length > 1)
    throw new UserError(
      `with --render, ${flag} takes one directory to run the command in`
    )
  const dir = resolve(cwd, paths[0] ?? '.')
  const info = await stat(dir).catch(() => undefined)
  if (info === undefined || !info.isDirectory())
    throw new UserError(
      `with --render, ${flag} must be a directory to run the command in`,
      { file: paths[0] ?? '.' }
    )
  return dir
}

/** Runs the render command in a clean extract of `ref`, at the same place in the tree as `headDir`. */
async function renderAtRef(
  command: string,
  ref: string,
  headDir: string,
  env: Record<string, string>
): Promise<string> {
  const label = `${RENDERED_LABEL} at ${ref}`
  const repo = await locateRepo(headDir)
  const commit = await resolveCommit(ref, headDir)
  const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-base-'))
  try {
    await extractCommit(commit, repo.toplevel, dir)
    const where = join(dir, repo.prefix)
    const info = await stat(where).catch(() => undefined)
    if (info === undefined)
      throw new UserError(
        `the directory ${repo.prefix || '.'} does not exist at ${ref}`,
        { file: label }
      )
    return await runRenderCommand(command, where, label, env)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Loads the base and head manifest sets the way the CLI and the Action take
 * them: two sets of paths, the head paths at a git ref, or a render command
 * run in both versions.
 */
export async function loadManifestSets(options: {
  head: string[]
  base?: string[]
  baseRef?: string
  render?: string
  /**
   * `render-env`: variables the render command gets beyond the scrubbed
   * environment (render-env.ts), `NAME` (copied) or `NAME=value`.
   */
  renderEnv?: readonly string[]
  cwd: string
}): Promise<{ base: ManifestObject[]; head: ManifestObject[] }> {
  const { cwd, render, baseRef } = options
  const basePaths =
    options.base !== undefined && options.base.length > 0
      ? options.base
      : undefined
  if (basePaths !== undefined && baseRef !== undefined)
    throw new UserError(
      '--base and --base-ref cannot be used together: pick one way to name the base'
    )
  if (render !== undefined) {
    if (render.trim() === '') throw new UserError('--render needs a command')
    const env = renderEnvironment(process.env, options.renderEnv)
    const headDir = await renderDirectory(options.head, cwd, '--head')
    // The command's text may carry a secret (`DB_PASS=... helm template`):
    // findings, errors and the comment name its output by a fixed label.
    const label = RENDERED_LABEL
    const head = parseManifests(
      await runRenderCommand(render, headDir, label, env),
      label
    )
    let base: ManifestObject[] = []
    if (baseRef !== undefined) {
      base = parseManifests(
        await renderAtRef(render, baseRef, headDir, env),
        `${label} at ${baseRef}`
      )
    } else if (basePaths !== undefined) {
      const baseDir = await renderDirectory(basePaths, cwd, '--base')
      base = parseManifests(
        await runRenderCommand(render, baseDir, `${label} (base)`, env),
        `${label} (base)`
      )
    }
    return { base, head }
  }
  if (options.head.length === 0)
    throw new UserError(
      '--head is required: the files or directories of the new manifests'
    )
  const head = await loadManifestPaths(options.head, cwd)
  let base: ManifestObject[] = []
  if (baseRef !== undefined) base = await loadAtRef(options.head, baseRef, cwd)
  else if (basePaths !== undefined)
    base = await loadManifestPaths(basePaths, cwd)
  return { base, head }
}
