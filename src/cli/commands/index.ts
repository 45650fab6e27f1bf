import type { CliCommand } from '../command.js'

/**
 * One subcommand as `ds-rollout --help` lists it, and how to load it. The
 * module is imported only when the command runs (or its --help is asked
 * for), so `ds-rollout --help` and each command load only what they use.
 * `name` and `summary` must equal the loaded command's (a test checks).
 */
export interface CommandEntry {
  name: string
  summary: string
  load: () => Promise<CliCommand>
}

/** Every subcommand, in the order `ds-rollout --help` lists them. One line per command. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'plan',
    summary: 'diff DaemonSet manifests and show what the rollout will do',
    load: async () => (await import('./plan.js')).planCommand
  },
  {
    name: 'snapshot',
    summary: 'record a node snapshot from a live cluster (read-only)',
    load: async () => (await import('./snapshot.js')).snapshotCommand
  },
  {
    name: 'apply',
    summary:
      'apply manifests, gate the DaemonSet rollout, undo automatically on failure',
    load: async () => (await import('./apply.js')).applyCommand
  },
  {
    name: 'undo',
    summary: 'roll a DaemonSet back like kubectl rollout undo, then verify it',
    load: async () => (await import('./undo.js')).undoCommand
  },
  {
    name: 'rehearse',
    summary:
      'Run a local rehearsal cluster (API simulator) from a node snapshot',
    load: async () => (await import('./rehearse.js')).rehearseCommand
  },
  {
    name: 'serve',
    summary:
      'run the rollout analysis service (HTTP API over a live cluster view)',
    load: async () => (await import('./serve.js')).serveCommand
  }
]
