import type { CliCommand } from '../command.js'
import { applyCommand } from './apply.js'
import { planCommand } from './plan.js'
import { rehearseCommand } from './rehearse.js'
import { serveCommand } from './serve.js'
import { snapshotCommand } from './snapshot.js'
import { undoCommand } from './undo.js'

/** Every subcommand, in the order `ds-rollout --help` lists them. One line per command. */
export const COMMANDS: CliCommand[] = [
  planCommand,
  snapshotCommand,
  applyCommand,
  undoCommand,
  rehearseCommand,
  serveCommand
]
