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
  /**
   * The 1-based line of each field of a DaemonSet, by path
   * (`spec.updateStrategy.rollingUpdate.maxSurge`, `spec.template.spec.tolerations[0]`),
   * so findings can point at the field. Absent for other kinds.
   */
  fieldLines?: Record<string, number>
}
