import type { KubeObject } from '../core/k8s/types.js'

/** A recorded object made fit to PUT back: no resourceVersion, managedFields or status. */
export function restorable(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj)
  const meta = { ...(copy.metadata ?? {}) }
  delete meta.resourceVersion
  delete meta['managedFields']
  delete meta['generation']
  delete meta.creationTimestamp
  copy.metadata = meta
  delete copy['status']
  return copy
}
