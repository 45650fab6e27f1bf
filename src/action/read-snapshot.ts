import { readFile } from 'node:fs/promises'
import {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  type Snapshot
} from '../core/snapshot/types.js'
import { UserError } from '../util/errors.js'

/**
 * Reads the recorded node snapshot named by the `snapshot` input. Checks
 * only the envelope (kind, version, lists); the simulation reads the rest.
 */
export async function readSnapshot(
  path: string,
  shownAs: string
): Promise<Snapshot> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as { code?: unknown }).code
    throw new UserError(
      code === 'ENOENT'
        ? 'snapshot file not found'
        : `cannot read the snapshot (${String(code)})`,
      { file: shownAs }
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UserError(
      `the snapshot is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      { file: shownAs }
    )
  }
  const snapshot = value as Partial<Snapshot> | null
  if (
    snapshot === null ||
    typeof snapshot !== 'object' ||
    snapshot.kind !== SNAPSHOT_KIND ||
    snapshot.version !== SNAPSHOT_VERSION ||
    !Array.isArray(snapshot.nodes) ||
    !Array.isArray(snapshot.daemonSets)
  ) {
    throw new UserError(
      `not a ds-rollout snapshot (expected kind ${SNAPSHOT_KIND}, version ${SNAPSHOT_VERSION}, with nodes and daemonSets lists); record one with 'ds-rollout snapshot'`,
      { file: shownAs }
    )
  }
  return snapshot as Snapshot
}
