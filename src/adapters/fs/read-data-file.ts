import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseDocument } from 'yaml'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import { tooLarge } from './read-manifests.js'

/** Reads one JSON or YAML data file (a snapshot, a config) into plain data. */
export async function readDataFile(
  path: string,
  cwd: string
): Promise<unknown> {
  const absolute = resolve(cwd, path)
  const info = await stat(absolute).catch(() => undefined)
  if (info === undefined || !info.isFile())
    throw new UserError('no such file', { file: path })
  if (info.size > MAX_MANIFEST_BYTES * 4) throw tooLarge(path)
  const text = await readFile(absolute, 'utf8')
  const doc = parseDocument(text, { version: '1.2' })
  const error = doc.errors[0]
  if (error !== undefined)
    throw new UserError(`syntax error: ${error.message.split('\n')[0] ?? ''}`, {
      file: path,
      line: error.linePos?.[0].line ?? 1
    })
  try {
    return doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    throw new UserError(
      `cannot read the file: ${err instanceof Error ? err.message : String(err)}`,
      { file: path }
    )
  }
}
