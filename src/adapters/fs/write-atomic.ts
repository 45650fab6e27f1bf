import { randomBytes } from 'node:crypto'
import { chmod, lstat, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UserError } from '../../util/errors.js'

/**
 * What `--output` (and `--kubeconfig-out`) may replace: nothing, or a
 * regular file. A device (`/dev/null`), FIFO, socket or directory is
 * refused, and so is a symlink, whatever it points at: the rename would
 * replace the link itself, and writing through it would let a link decide
 * where the file lands (docs/redaction.md, "Files").
 */
async function checkTarget(path: string, display: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined)
  if (info === undefined || info.isFile()) return
  const what = info.isSymbolicLink()
    ? 'a symlink; give the path of the file itself'
    : info.isDirectory()
      ? 'a directory; give a file path'
      : info.isFIFO()
        ? 'a FIFO'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : 'not a regular file'
  throw new UserError(
    `the output path is ${what}: ds-rollout writes only regular files`,
    { file: display }
  )
}

/**
 * Writes a file so that readers see the old content or the whole new
 * content, never a partial write: a temporary file in the same directory,
 * then a rename over the target. The file gets `mode` (default 0644 less
 * the umask) whatever mode an earlier file at that path had: 0600 for
 * credentials stays 0600 even over a world-readable file.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  display = path,
  mode?: number
): Promise<void> {
  await checkTarget(path, display)
  const temp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    await writeFile(temp, text, {
      encoding: 'utf8',
      flag: 'wx',
      ...(mode === undefined ? {} : { mode })
    })
    // The umask may have taken bits away from `mode`, never added any; an
    // explicit chmod makes it exact.
    if (mode !== undefined) await chmod(temp, mode)
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    const code = (err as NodeJS.ErrnoException).code ?? 'write error'
    throw new UserError(
      `cannot write the output file (${code})` +
        (code === 'ENOENT' ? ': its directory does not exist' : ''),
      { file: display }
    )
  }
}
