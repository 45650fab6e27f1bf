import { UserError } from '../../util/errors.js'
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from './types.js'

/**
 * Checks parsed JSON is a snapshot. Placeholder (service branch) until the
 * simulate branch's loader lands; on merge take the simulate branch's version.
 */
export function loadSnapshot(data: unknown, file: string): Snapshot {
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { kind?: unknown }).kind !== SNAPSHOT_KIND ||
    (data as { version?: unknown }).version !== SNAPSHOT_VERSION ||
    !Array.isArray((data as { nodes?: unknown }).nodes)
  ) {
    throw new UserError(
      `not a ${SNAPSHOT_KIND} version ${SNAPSHOT_VERSION} snapshot`,
      { file }
    )
  }
  return data as Snapshot
}
