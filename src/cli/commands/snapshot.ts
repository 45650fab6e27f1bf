import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFileAtomic } from '../../adapters/fs/write-atomic.js'
import { loadKubeConfig } from '../../adapters/kube/kubeconfig.js'
import { recordSnapshot } from '../../adapters/kube/snapshot-recorder.js'
import { compactSnapshotText } from '../../core/snapshot/compact-file.js'
import { UserError } from '../../util/errors.js'
import type { CliCommand } from '../command.js'

const USAGE = `Usage: ds-rollout snapshot --output <file> [--kubeconfig <file>] [--context <name>]

Records a node snapshot (docs/snapshot.md) from a live cluster with
read-only list calls: nodes, pods and DaemonSets of all namespaces. Give it
to \`ds-rollout plan --snapshot <file>\` to simulate rollouts without
cluster access.

Options:
  --output <file>      where to write the snapshot (JSON, written atomically)
  --kubeconfig <file>  kubeconfig to use (default: KUBECONFIG, ~/.kube/config)
  --context <name>     kubeconfig context (default: the current context)
  --page-size <n>      items per list request (default 500)

Exit codes: 0 recorded, 1 the cluster call failed, 2 bad input or usage.
`

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        output: { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'page-size': { type: 'string' }
      }
    }).values
  } catch (err) {
    const message =
      err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    throw new UserError(`${message} (see ds-rollout snapshot --help)`)
  }
}

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: 'record a node snapshot from a live cluster (read-only)',
  usage: USAGE,
  async run(args, io) {
    const values = parse(args)
    if (values.output === undefined || values.output === '')
      throw new UserError(
        '--output is required (see ds-rollout snapshot --help)'
      )
    let pageSize: number | undefined
    if (values['page-size'] !== undefined) {
      pageSize = Number(values['page-size'])
      if (!Number.isInteger(pageSize) || pageSize < 1)
        throw new UserError('--page-size must be a positive integer')
    }
    const kc = loadKubeConfig({
      ...(values.kubeconfig !== undefined
        ? { path: resolve(io.cwd, values.kubeconfig) }
        : {}),
      ...(values.context !== undefined ? { context: values.context } : {})
    })
    const snapshot = await recordSnapshot(
      kc,
      pageSize === undefined ? {} : { pageSize }
    )
    await writeFileAtomic(
      resolve(io.cwd, values.output),
      compactSnapshotText(snapshot),
      values.output
    )
    const pods = snapshot.nodes.reduce(
      (n, node) => n + node.daemonPods.length,
      0
    )
    io.stderr(
      `ds-rollout snapshot: ${snapshot.nodes.length} nodes, ${pods} daemon pods, ${snapshot.daemonSets.length} DaemonSets → ${values.output}\n`
    )
    return 0
  }
}
