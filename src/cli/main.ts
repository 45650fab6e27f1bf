import { TOOL_VERSION } from '../util/constants.js'
import { errorMessage, UserError } from '../util/errors.js'
import { redactText } from '../core/redact/policy.js'
import type { CliIo } from './command.js'
import { COMMANDS } from './commands/index.js'

function helpText(): string {
  const lines = [
    'Usage: ds-rollout <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `ds-rollout <command> --help` for the options of one command.'
  ]
  return lines.join('\n') + '\n'
}

/** Runs the CLI and resolves to the exit code: 0 done, 1 failed, 2 bad input or usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(helpText())
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout(`ds-rollout ${TOOL_VERSION}\n`)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (command === undefined) {
    io.stderr(`ds-rollout: unknown command '${name}'\n\n${helpText()}`)
    return 2
  }
  try {
    // Loaded on demand: a command evaluates only the modules it uses.
    const loaded = await command.load()
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(
        loaded.usage.endsWith('\n') ? loaded.usage : loaded.usage + '\n'
      )
      return 0
    }
    return await loaded.run(rest, io)
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`ds-rollout ${name}: ${redactText(err.describe())}\n`)
      return 2
    }
    io.stderr(`ds-rollout ${name}: ${redactText(errorMessage(err))}\n`)
    return 1
  }
}
