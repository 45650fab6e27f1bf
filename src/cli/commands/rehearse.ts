import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import {
  startRehearsalCluster,
  ScenarioError,
  SeedError,
  parseScenario
} from '../../rehearsal/index.js'
import { UserError } from '../../util/errors.js'
import { writeFileAtomic } from '../../adapters/fs/write-atomic.js'
import type { CliCommand, CliIo } from '../command.js'

const USAGE = `Usage: ds-rollout rehearse --snapshot <file> [--scenario <file>] [--port <n>] [--speed <n>] --kubeconfig-out <file>

Starts a local rehearsal cluster: a Kubernetes API simulator on 127.0.0.1
seeded with the snapshot's nodes and DaemonSets. kubectl and the gated apply
work against it through the kubeconfig it writes. Runs until SIGINT/SIGTERM.

Options:
  --snapshot <file>        compact snapshot (kind DsRolloutSnapshot) or
                           \`kubectl get nodes -o json\` output (JSON or YAML)
  --scenario <file>        faults and changes to inject (docs/rehearsal.md)
  --port <n>               port to listen on (default: a free port)
  --speed <n>              simulated seconds per real second (default: the
                           scenario's speed, else 1)
  --kubeconfig-out <file>  where to write the kubeconfig (context 'rehearsal')
`

interface RehearseFlags {
  snapshot: string
  scenario?: string
  port?: number
  speed?: number
  kubeconfigOut: string
}

function parseFlags(args: string[]): RehearseFlags {
  const values = new Map<string, string>()
  const known = [
    '--snapshot',
    '--scenario',
    '--port',
    '--speed',
    '--kubeconfig-out'
  ]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    if (!known.includes(name))
      throw new UserError(
        `unknown option '${arg}' (see ds-rollout rehearse --help)`
      )
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i]
    if (value === undefined || value === '')
      throw new UserError(`option ${name} needs a value`)
    values.set(name, value)
  }
  const snapshot = values.get('--snapshot')
  const kubeconfigOut = values.get('--kubeconfig-out')
  if (snapshot === undefined)
    throw new UserError('--snapshot <file> is required')
  if (kubeconfigOut === undefined)
    throw new UserError('--kubeconfig-out <file> is required')
  const number = (
    name: string,
    check: (n: number) => boolean,
    what: string
  ): number | undefined => {
    const v = values.get(name)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isFinite(n) || !check(n))
      throw new UserError(`${name} must be ${what}, got '${v}'`)
    return n
  }
  const flags: RehearseFlags = { snapshot, kubeconfigOut }
  const scenario = values.get('--scenario')
  if (scenario !== undefined) flags.scenario = scenario
  const port = number(
    '--port',
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    'a port number (0-65535)'
  )
  if (port !== undefined) flags.port = port
  const speed = number(
    '--speed',
    (n) => n > 0 && n <= 10_000,
    'a number greater than 0 and at most 10000'
  )
  if (speed !== undefined) flags.speed = speed
  return flags
}

async function readDocument(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UserError(
      code === 'ENOENT'
        ? 'file not found'
        : `cannot read file (${code ?? 'error'})`,
      { file }
    )
  }
  try {
    return parseYaml(text, { version: '1.1' }) as unknown
  } catch (err) {
    if (err instanceof YAMLParseError)
      throw new UserError(err.message.split('\n')[0]!, {
        file,
        line: err.linePos?.[0]?.line
      })
    throw err
  }
}

/** Resolves when the process gets SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((done) => {
    const handler = (signal: string): void => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
      done(signal)
    }
    process.on('SIGINT', handler)
    process.on('SIGTERM', handler)
  })
}

export const rehearseCommand: CliCommand = {
  name: 'rehearse',
  summary: 'Run a local rehearsal cluster (API simulator) from a node snapshot',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const flags = parseFlags(args)
    const snapshotFile = resolve(io.cwd, flags.snapshot)
    const kubeconfigPath = resolve(io.cwd, flags.kubeconfigOut)
    const snapshot = await readDocument(snapshotFile)
    let scenario: unknown
    if (flags.scenario !== undefined) {
      const scenarioFile = resolve(io.cwd, flags.scenario)
      scenario = await readDocument(scenarioFile)
      try {
        parseScenario(scenario)
      } catch (err) {
        if (err instanceof ScenarioError)
          throw new UserError(err.message, { file: scenarioFile })
        throw err
      }
    }
    let cluster
    try {
      cluster = await startRehearsalCluster({
        snapshot,
        scenario,
        ...(flags.speed !== undefined ? { speed: flags.speed } : {}),
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        kubeconfigPath,
        writeKubeconfig: (path, text) =>
          writeFileAtomic(path, text, path, 0o600)
      })
    } catch (err) {
      if (err instanceof SeedError)
        throw new UserError(err.message, { file: snapshotFile })
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE')
        throw new UserError(`port ${String(flags.port)} is already in use`)
      if (code === 'ENOENT' || code === 'EACCES')
        throw new UserError(`cannot write the kubeconfig (${code})`, {
          file: kubeconfigPath
        })
      throw err
    }
    if (cluster.withoutTemplate.length > 0)
      io.stderr(
        `note: the snapshot records no template for ${cluster.withoutTemplate.length} DaemonSet(s) (${cluster.withoutTemplate.join(', ')}): they do not run here; their recorded pods keep their requests and host ports on the nodes until a DaemonSet of that name is applied\n`
      )
    io.stdout(
      `rehearsal cluster ready at ${cluster.server} (speed ${cluster.speed}x); kubeconfig: ${kubeconfigPath} (context rehearsal)\n`
    )
    const signal = await untilSignal()
    await cluster.stop()
    io.stderr(`rehearsal cluster stopped (${signal})\n`)
    return 0
  }
}
