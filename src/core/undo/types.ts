import type { JsonValue, KubeObject } from '../k8s/types.js'

/** apps/v1 ControllerRevision as wire JSON (data kept verbatim, R4.5). */
export interface ControllerRevision extends KubeObject {
  revision?: number
  data?: JsonValue
}
