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
import type { InputLimits } from '../../core/manifests/input-bounds.js'
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
import { mapRenderedSources } from './render-origins.js'
import {
  renderEntryFromCommand,
  withoutBuildMetadata
} from '../../core/manifests/render-origin.js'
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
  cwd: string,
  limits?: Partial<InputLimits>
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
      file.display,
      limits
    )
  )
}

/** A directory the user named for the render command, checked. */
async function directoryFor(
  path: string,
  cwd: string,
  what: string
): Promise<string> {
  const dir = resolve(cwd, path)
  const info = await stat(dir).catch(() => undefined)
  if (info === undefined || !info.isDirectory())
    throw new UserError(`${what} must be a directory (${dir} is not one)`, {
      file: path
    })
  return dir
}

/** The repository root of `cwd` (git top level), or `cwd` outside git. */
async function rootOf(cwd: string): Promise<{ dir: string; git: boolean }> {
  try {
    const top = (await locateRepo(cwd)).toplevel
    return top === '' ? { dir: cwd, git: false } : { dir: top, git: true }
  } catch {
    return { dir: cwd, git: false }
  }
}

/** `dir` as the user sees it: relative to cwd (`.` for cwd itself). */
function shown(dir: string, cwd: string): string {
  const rel = relative(cwd, dir)
  return rel === '' ? '.' : isAbsolute(rel) ? dir : rel
}

/** Runs the render command in `dir`; a failure says where it ran. */
async function renderIn(
  command: string,
  dir: string,
  label: string,
  env: Record<string, string>,
  where: string
): Promise<string> {
  try {
    return await runRenderCommand(command, dir, label, env)
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    throw new UserError(
      `${err.message} (it ran in ${where}; render commands run from the repository root unless --render-directory, or the Action's render-directory, names another directory)`,
      {
        ...(err.file === undefined ? {} : { file: err.file }),
        ...(err.line === undefined ? {} : { line: err.line })
      }
    )
  }
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
    return await renderIn(
      command,
      where,
      label,
      env,
      `${repo.prefix.replace(/\/$/, '') || '.'} of a clean checkout of ${ref}`
    )
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
  /**
   * Where the render command runs (relative to cwd); default the
   * repository root of cwd (cwd itself outside git).
   */
  renderDirectory?: string
  cwd: string
  /** Raised limits of the input pre-check (input-bounds.ts). */
  limits?: Partial<InputLimits>
}): Promise<{ base: ManifestObject[]; head: ManifestObject[] }> {
  const { cwd, render, baseRef, limits } = options
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
    const repository = await rootOf(cwd)
    const root = repository.dir
    const runDir =
      options.renderDirectory === undefined
        ? root
        : await directoryFor(options.renderDirectory, cwd, '--render-directory')
    if (options.head.length > 1)
      throw new UserError(
        'with --render, --head names at most one path: the entry the command builds (its kustomization directory, chart or file), for mapping findings back to it'
      )
    const named = options.head[0]
    if (
      named !== undefined &&
      (await stat(resolve(cwd, named)).catch(() => undefined)) === undefined
    )
      throw new UserError(
        'with --render, --head names the entry the command builds (a kustomization directory, chart or file), and this path does not exist',
        { file: named }
      )
    const guessed =
      named === undefined ? renderEntryFromCommand(render) : undefined
    const entry =
      named !== undefined
        ? resolve(cwd, named)
        : guessed === undefined
          ? undefined
          : resolve(runDir, guessed)
    // The command's text may carry a secret (`DB_PASS=... helm template`):
    // findings, errors and the comment name its output by a fixed label,
    // until the objects are mapped back to their source files.
    const label = RENDERED_LABEL
    const headText = await renderIn(
      render,
      runDir,
      label,
      env,
      runDir !== root
        ? shown(runDir, cwd)
        : repository.git
          ? `the repository root, ${runDir}`
          : `the current directory, ${runDir} (not in a git repository)`
    )
    const head = await mapRenderedSources(
      parseManifests(headText, label, limits),
      headText,
      { cwd, entry }
    )
    let base: ManifestObject[] = []
    if (baseRef !== undefined) {
      base = parseManifests(
        await renderAtRef(render, baseRef, runDir, env),
        `${label} at ${baseRef}`,
        limits
      ).map(withoutBuildMetadata)
    } else if (basePaths !== undefined) {
      if (basePaths.length > 1)
        throw new UserError(
          'with --render, --base names one directory: the root of the base checkout, where the command runs at the same place as in the head'
        )
      const baseRoot = await directoryFor(
        basePaths[0]!,
        cwd,
        'with --render, --base'
      )
      const where = join(baseRoot, relative(root, runDir))
      base = parseManifests(
        await renderIn(
          render,
          where,
          `${label} (base)`,
          env,
          shown(where, cwd)
        ),
        `${label} (base)`,
        limits
      ).map(withoutBuildMetadata)
    }
    return { base, head }
  }
  if (options.head.length === 0)
    throw new UserError(
      '--head is required: the files or directories of the new manifests'
    )
  const head = await loadManifestPaths(options.head, cwd, limits)
  let base: ManifestObject[] = []
  if (baseRef !== undefined)
    base = await loadAtRef(options.head, baseRef, cwd, limits)
  else if (basePaths !== undefined)
    base = await loadManifestPaths(basePaths, cwd, limits)
  return { base, head }
}
