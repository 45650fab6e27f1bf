import { readFile, stat } from 'node:fs/promises'
import { parseManifests } from '../../core/manifests/parse.js'
import type { ManifestObject } from '../../core/manifests/types.js'
import type { InputLimits } from '../../core/manifests/input-bounds.js'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import { expandPaths, type ManifestFile } from './expand-paths.js'

export function tooLarge(file: string): UserError {
  return new UserError(
    `the file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; ds-rollout reads manifests up to that size`,
    { file }
  )
}

/** Reads and parses files, refusing oversized ones before reading them. */
export async function readManifestFiles(
  files: ManifestFile[],
  limits?: Partial<InputLimits>
): Promise<ManifestObject[]> {
  const out: ManifestObject[] = []
  for (const file of files) {
    const info = await stat(file.absolute)
    if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(file.display)
    let text: string
    try {
      text = await readFile(file.absolute, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'read error'
      throw new UserError(`cannot read the file (${code})`, {
        file: file.display
      })
    }
    out.push(...parseManifests(text, file.display, limits))
  }
  return out
}

/** Loads every manifest object from files, directories and glob patterns. */
export async function loadManifestPaths(
  paths: string[],
  cwd: string,
  limits?: Partial<InputLimits>
): Promise<ManifestObject[]> {
  return readManifestFiles(await expandPaths(paths, cwd), limits)
}
