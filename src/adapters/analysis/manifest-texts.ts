import { expandPaths } from '../fs/expand-paths.js'
import { readInputText } from '../fs/input-files.js'
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
    out.push({
      name: file.display,
      content: await readInputText(
        file.absolute,
        file.display,
        MAX_MANIFEST_BYTES,
        () => tooLarge(file.display)
      )
    })
  }
  return out
}
