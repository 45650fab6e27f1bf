import { UserError } from '../../util/errors.js'
import type { Snapshot } from './types.js'

/** Checks a parsed snapshot file. Placeholder until the snapshot loader lands. */
export function loadSnapshot(_data: unknown, file: string): Snapshot {
  throw new UserError('snapshot support is not built yet', { file })
}
