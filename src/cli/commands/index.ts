import type { CliCommand } from '../command.js'
import { planCommand } from './plan.js'

/** Every subcommand, in the order `ds-rollout --help` lists them. One line per command. */
export const COMMANDS: CliCommand[] = [planCommand]
