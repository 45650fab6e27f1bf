import type { ManifestObject } from './types.js'

/**
 * Parses the text of one manifest file (multi-document YAML 1.1 or JSON,
 * `kind: List` expanded) into objects that know their file and line.
 * Placeholder until the manifest loader lands.
 */
export function parseManifests(_text: string, _file: string): ManifestObject[] {
  return []
}
