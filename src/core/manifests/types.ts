import type { KubeObject } from '../k8s/types.js'

/** Where an object was defined: the file (as the user named it) and the 1-based line of its document. */
export interface SourcePosition {
  file: string
  line: number
}

/** One Kubernetes object from a manifest, with where it came from. */
export interface ManifestObject {
  object: KubeObject
  source: SourcePosition
}
