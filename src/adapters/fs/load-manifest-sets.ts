// PLACEHOLDER (action branch): only the signature the Action codes against.
// The real loader comes from the manifest-loader/diff branch (issue 2); the
// lead takes that file when merging. Nothing else belongs in this file.
import type { ManifestObject } from '../../core/manifests/types.js'

export async function loadManifestSets(_options: {
  head: string[]
  base?: string[]
  baseRef?: string
  render?: string
  cwd: string
}): Promise<{ base: ManifestObject[]; head: ManifestObject[] }> {
  return { base: [], head: [] }
}
