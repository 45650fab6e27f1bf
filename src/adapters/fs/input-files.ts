import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { UserError } from '../../util/errors.js'

/**
 * The one rule for symlinks, for explicit paths, glob matches and directory
 * walks alike (docs/redaction.md, "Files"): inside the working directory,
 * where a pull request can plant files, a path is followed only when its
 * real path is inside the working directory too. A symlink there pointing
 * elsewhere (`k8s/a.yaml -> /proc/self/environ`) is an error, never read.
 * Paths outside the working directory can only be named by the workflow or
 * the CLI user (`/dev/stdin`, `<(kubectl ...)`) and are read as named.
 */
export async function checkSymlinkBoundary(
  absolute: string,
  cwd: string,
  shown: string
): Promise<void> {
  const root = resolve(cwd)
  if (!isWithin(absolute, root)) return
  let real: string
  let realRoot: string
  try {
    ;[real, realRoot] = await Promise.all([realpath(absolute), realpath(root)])
  } catch {
    throw new UserError('no such file or directory (or a broken symlink)', {
      file: shown
    })
  }
  if (!isWithin(real, realRoot))
    throw new UserError(
      `is a symlink leading outside the working directory (to ${real}); ds-rollout follows symlinks only when they stay inside it`,
      { file: shown }
    )
}

function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** How long a pipe may stay silent before the read gives up. */
export const PIPE_IDLE_MS = 30_000

/**
 * Reads an input file as text, never more than `maxBytes` and never
 * blocking forever: opened non-blocking, so a FIFO with no writer neither
 * hangs the open nor the read (it is an error at once); a regular file is
 * refused by its size before reading; anything else (a pipe, `/dev/stdin`,
 * a character device such as `/dev/zero`) is read in chunks up to the cap,
 * giving up when it stays silent for `idleMs`. Directories and sockets are
 * refused.
 */
export async function readInputText(
  absolute: string,
  shown: string,
  maxBytes: number,
  tooLarge: () => UserError,
  idleMs = PIPE_IDLE_MS
): Promise<string> {
  let handle
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'open error'
    throw new UserError(
      code === 'ENOENT'
        ? 'no such file or directory'
        : `cannot read the file (${code})`,
      { file: shown }
    )
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory())
      throw new UserError('is a directory, not a file', { file: shown })
    if (info.isSocket())
      throw new UserError('is a socket, not a file', { file: shown })
    if (info.isFile() && info.size > maxBytes) throw tooLarge()
    const chunks: Buffer[] = []
    let total = 0
    let idleSince = Date.now()
    const buf = Buffer.alloc(64 * 1024)
    for (;;) {
      let bytesRead: number
      try {
        ;({ bytesRead } = await handle.read(buf, 0, buf.length, null))
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
          if (Date.now() - idleSince > idleMs)
            throw new UserError(
              `nothing could be read for ${Math.round(idleMs / 1000)} s (a pipe or FIFO nobody writes to?)`,
              { file: shown }
            )
          await sleep(20)
          continue
        }
        throw new UserError(`cannot read the file (${code ?? 'read error'})`, {
          file: shown
        })
      }
      if (bytesRead === 0) break
      idleSince = Date.now()
      total += bytesRead
      if (total > maxBytes) throw tooLarge()
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)))
    }
    // An empty regular file is a file with no objects; an empty pipe is
    // almost always a FIFO nobody opened for writing (or a producer that
    // failed), and reading it as "no manifests" would plan every DaemonSet
    // as removed.
    if (total === 0 && !info.isFile())
      throw new UserError(
        'nothing could be read from it (a FIFO or pipe with no writer, or a command that printed nothing)',
        { file: shown }
      )
    return Buffer.concat(chunks).toString('utf8')
  } finally {
    await handle.close()
  }
}
