import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { UserError } from '../../util/errors.js'

const run = promisify(execFile)

/** Runs git with an argument vector (no shell) and returns stdout. */
export async function git(
  args: string[],
  cwd: string,
  maxBuffer = 64 * 1024 * 1024
): Promise<Buffer> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      maxBuffer,
      encoding: 'buffer'
    })
    return stdout
  } catch (err) {
    const e = err as { code?: unknown; stderr?: Buffer }
    if (e.code === 'ENOENT')
      throw new UserError('git is not installed or not on PATH')
    const stderr =
      e.stderr?.toString('utf8').trim().split('\n').slice(-3).join(' ') ?? ''
    throw new UserError(
      `git ${args[0] ?? ''} failed: ${stderr || String(e.code)}`
    )
  }
}

export interface RepoLocation {
  /** Absolute path of the work tree's top level. */
  toplevel: string
  /** cwd relative to the top level, with a trailing slash, or ''. */
  prefix: string
}

export async function locateRepo(cwd: string): Promise<RepoLocation> {
  let out: string
  try {
    out = (
      await git(['rev-parse', '--show-toplevel', '--show-prefix'], cwd)
    ).toString('utf8')
  } catch {
    throw new UserError(
      `--base-ref needs a git repository, and ${cwd} is not inside one`
    )
  }
  const [toplevel = '', prefix = ''] = out.split('\n')
  return { toplevel, prefix }
}

/** Resolves a ref to a commit id, refusing option-like refs. */
export async function resolveCommit(ref: string, cwd: string): Promise<string> {
  if (ref === '' || ref.startsWith('-'))
    throw new UserError(`--base-ref ${JSON.stringify(ref)} is not a git ref`)
  try {
    return (
      await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd)
    )
      .toString('utf8')
      .trim()
  } catch {
    throw new UserError(
      `--base-ref ${ref}: no such commit, branch or tag in this repository (fetch it first, e.g. git fetch origin ${ref})`
    )
  }
}

export interface TreeEntry {
  /** Path relative to the repository top level. */
  path: string
  object: string
  size: number
}

/** Files (blobs) under `paths` at `commit`; a path absent at the commit lists nothing. */
export async function listTree(
  commit: string,
  paths: string[],
  toplevel: string
): Promise<TreeEntry[]> {
  const out = await git(
    ['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--', ...paths],
    toplevel
  )
  const entries: TreeEntry[] = []
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue
    const tab = record.indexOf('\t')
    const [, type, object, size] = record.slice(0, tab).split(/\s+/)
    if (type !== 'blob' || object === undefined) continue
    entries.push({ path: record.slice(tab + 1), object, size: Number(size) })
  }
  return entries
}

/** Reads many blobs with one `git cat-file --batch`. */
export async function readBlobs(
  objects: string[],
  toplevel: string
): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>()
  if (objects.length === 0) return result
  const child = spawn('git', ['cat-file', '--batch'], {
    cwd: toplevel,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const chunks: Buffer[] = []
  const errors: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => chunks.push(c))
  child.stderr.on('data', (c: Buffer) => errors.push(c))
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
  child.stdin.end(objects.join('\n') + '\n')
  const code = await done
  if (code !== 0)
    throw new UserError(
      `git cat-file failed: ${Buffer.concat(errors).toString('utf8').trim()}`
    )
  const data = Buffer.concat(chunks)
  let offset = 0
  while (offset < data.length) {
    const newline = data.indexOf(0x0a, offset)
    if (newline === -1) break
    const [object = '', type = '', size = '0'] = data
      .subarray(offset, newline)
      .toString('utf8')
      .split(' ')
    if (type === 'missing') {
      offset = newline + 1
      continue
    }
    const length = Number(size)
    result.set(object, data.subarray(newline + 1, newline + 1 + length))
    offset = newline + 1 + length + 1
  }
  return result
}

/**
 * Extracts the tree of `commit` into `dir` (git archive | tar -x): a clean
 * checkout that leaves the repository's worktree list untouched.
 */
export async function extractCommit(
  commit: string,
  toplevel: string,
  dir: string
): Promise<void> {
  const archive = spawn('git', ['archive', '--format=tar', commit], {
    cwd: toplevel,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir], {
    stdio: ['pipe', 'ignore', 'pipe']
  })
  archive.stdout.pipe(tar.stdin)
  let stderr = ''
  archive.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  tar.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  const exit = (child: typeof archive | typeof tar) =>
    new Promise<number>((resolve) => {
      child.on('error', () => resolve(127))
      child.on('close', (code) => resolve(code ?? 1))
    })
  const [archiveCode, tarCode] = await Promise.all([exit(archive), exit(tar)])
  if (archiveCode !== 0 || tarCode !== 0)
    throw new UserError(
      `cannot check out ${commit} for --render: ${stderr.trim() || `git archive exit ${archiveCode}, tar exit ${tarCode}`}`
    )
}
