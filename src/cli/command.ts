/** What every CLI subcommand provides. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** True when stdout is a terminal: `key=value` results are then left out (see results.ts). */
  stdoutIsTerminal?: boolean
  cwd: string
  env: NodeJS.ProcessEnv
}

export interface CliCommand {
  name: string
  summary: string
  usage: string
  /** Resolves to the process exit code. Throw UserError for bad input (exit 2). */
  run(args: string[], io: CliIo): Promise<number>
}
