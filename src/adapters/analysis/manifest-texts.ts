import { readFile, stat } from 'node:fs/promises'
import { expandPaths } from '../fs/expand-paths.js'
import { tooLarge } from '../fs/read-manifests.js'
import { MAX_MANIFEST_BYTES } from '../../util/constants.js'
import type { ManifestFileText } from './client.js'

/**
 * The manifest files named by paths (files, directories, globs: the same
 * expansion and names as `ds-rollout plan --head`), as text for the
 * analysis service. Sending the files themselves keeps every position the
 * local parser would report, field lines included (FieldChange.line).
 */
export async function readManifestTexts(
  paths: string[],
  cwd: string
): Promise<ManifestFileText[]> {
  const out: ManifestFileText[] = []
  for (const file of await expandPaths(paths, cwd)) {
    const info = await stat(file.absolute)
    if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(file.display)
    out.push({
      name: file.display,
      content: await readFile(file.absolute, 'utf8')
    })
  }
  return out
}
