import { parseManifests } from '../../core/manifests/parse.js'
import type { ManifestObject } from '../../core/manifests/types.js'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import { expandPaths, type ManifestFile } from './expand-paths.js'
import { readInputText } from './input-files.js'

export function tooLarge(file: string): UserError {
  return new UserError(
    `the file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; ds-rollout reads manifests up to that size`,
    { file }
  )
}

/** Reads and parses files, refusing oversized ones before or while reading them. */
export async function readManifestFiles(
  files: ManifestFile[]
): Promise<ManifestObject[]> {
  const out: ManifestObject[] = []
  for (const file of files) {
    // Capped and non-blocking whatever the file is (`/dev/zero`, a FIFO).
    const text = await readInputText(
      file.absolute,
      file.display,
      MAX_MANIFEST_BYTES,
      () => tooLarge(file.display)
    )
    out.push(...parseManifests(text, file.display))
  }
  return out
}

/** Loads every manifest object from files, directories and glob patterns. */
export async function loadManifestPaths(
  paths: string[],
  cwd: string
): Promise<ManifestObject[]> {
  return readManifestFiles(await expandPaths(paths, cwd))
}
