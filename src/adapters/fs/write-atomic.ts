import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UserError } from '../../util/errors.js'

/**
 * Writes a file so that readers see the old content or the whole new
 * content, never a partial write: a temporary file in the same directory,
 * then a rename over the target.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  display = path
): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' })
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    const code = (err as NodeJS.ErrnoException).code ?? 'write error'
    throw new UserError(`cannot write the output file (${code})`, {
      file: display
    })
  }
}
