import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadManifestSets } from '../../adapters/fs/load-manifest-sets.js'
import { writeFileAtomic } from '../../adapters/fs/write-atomic.js'
import { connectKube } from '../../adapters/kube/connect.js'
import { checkPlanVersion } from '../../core/plan/serialize.js'
import { renderDeployReport } from '../../core/render/deploy-report.js'
import { runApply } from '../../deploy/apply.js'
import { lineLogger } from '../../deploy/logger.js'
import {
  parseApplySettings,
  plannedSeconds,
  type SettingReader
} from '../../deploy/settings.js'
import type { ApplyOutcome } from '../../deploy/types.js'
import { UserError } from '../../util/errors.js'
import {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
} from '../input-limit-flags.js'
import type { CliCommand, CliIo } from '../command.js'
import { humanLines, parseOutputFormat, writeResults } from '../results.js'

const USAGE = `Usage: ds-rollout apply --head <path>... [--base <path>...] [--plan <plan.json>]
                        [--kubeconfig <file>] [--context <name>]
                        [--timeout <dur>] [--progress-deadline <dur>] [--max-restarts <n>]
                        [--soak-seconds <dur>] [--max-unavailable <n|p%>]
                        [--unschedulable-grace <dur>] [--attribute-not-ready-nodes true|false]
                        [--force] [--on-cancel undo|leave] [--no-undo]
                        [--wait-for-rollout <dur>] [--canary <n|p%|selector> [--waves <n>]]
                        [--no-live-plan] [--block-on hang,pending|none]
                        [--restart-on-config-change] [--report <file>]
                        [--output-format auto|key-value|none] [--max-<limit> <n>]

Applies the manifests with server-side apply (field manager ds-rollout) after a
preflight (API reachable, every needed verb allowed, server-side dry run,
immutable selector, drift from --base, a plan against the live nodes), gates each DaemonSet's rollout on its
pods, and on failure undoes it like \`kubectl rollout undo\`, restores recorded
ConfigMaps/Secrets, and verifies that the rollback converges.

Options:
  --head <path>              manifests to apply (file, directory, glob); repeatable
  --base <path>              the reviewed plan's base manifests: refuse if the live
                             DaemonSets drifted from them; repeatable
  --plan <file>              the plan JSON (ds-rollout plan --format json), for the
                             ETA and planned vs actual duration; the preflight warns
                             where the live plan disagrees with it
  --kubeconfig <file>        kubeconfig (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --context <name>           kubeconfig context to use
  --timeout <dur>            overall limit per DaemonSet, soak included (default 15m)
  --progress-deadline <dur>  fail when the rollout makes no progress this long (default 5m)
  --max-restarts <n>         restarts allowed per new container (default 1)
  --soak-seconds <dur>       new pods must stay ready this long after completion (default 30)
  --max-unavailable <n|p%>   the gate's own budget against numberUnavailable (default none)
  --unschedulable-grace <dur> how long a new pod may stay Unschedulable (default 60)
  --attribute-not-ready-nodes true|false
                             blame NotReady nodes, not the revision (default true)
  --force                    server-side apply with force (take over conflicting fields)
  --on-cancel undo|leave     on SIGINT/SIGTERM: undo the rollout or leave it (default undo)
  --no-undo                  do not undo automatically when the gate fails
  --no-live-plan             skip the preflight's plan against the live nodes (it
                             lists every node and pod, 500 per request; its
                             estimate is the ETA when --plan is not given)
  --block-on <list>          refuse before writing when the live plan predicts:
                             hang (the rollout stops with nodes left, e.g. NotReady
                             nodes using up maxUnavailable), pending (new pods that
                             cannot be placed); comma-separated, or none
                             (default hang)
  --restart-on-config-change when a ConfigMap/Secret the DaemonSet reads changes but
                             its pod template does not, bump a pod-template
                             annotation so the pods restart, gated (undo reverts it)
  --wait-for-rollout <dur>   wait this long for a rollout already in progress, instead
                             of refusing to start
  --canary <n|p%|selector>   canary waves: switch the DaemonSet to OnDelete, replace
                             and verify the pods on these nodes first (a count, a
                             percentage, or a node label selector such as pool=canary),
                             then the rest in waves no larger than maxUnavailable;
                             the strategy is restored on every exit path
  --waves <n>                split the nodes after the canary into at most n waves
  --report <file>            write the Markdown report to this file
  --output-format auto|key-value|none
                             the results as key=value lines on stdout (summary,
                             result, revision-before, revision-after,
                             failed-nodes): auto (default) writes them only when
                             stdout is not a terminal; progress and the summary
                             always go to stderr

${INPUT_LIMIT_USAGE}
Exit codes: 0 rolled out, 1 failed or rolled back, 2 bad input, 3 the undo failed.
`

/** The flags of `ds-rollout apply` (strict: an unknown flag is a UserError). */
export function parseApplyFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        head: { type: 'string', multiple: true },
        base: { type: 'string', multiple: true },
        plan: { type: 'string' },
        ...INPUT_LIMIT_OPTIONS,
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        timeout: { type: 'string' },
        'progress-deadline': { type: 'string' },
        'max-restarts': { type: 'string' },
        'soak-seconds': { type: 'string' },
        'max-unavailable': { type: 'string' },
        'unschedulable-grace': { type: 'string' },
        'attribute-not-ready-nodes': { type: 'string' },
        force: { type: 'boolean', default: false },
        'on-cancel': { type: 'string', default: 'undo' },
        'no-undo': { type: 'boolean', default: false },
        'no-live-plan': { type: 'boolean', default: false },
        'block-on': { type: 'string' },
        'restart-on-config-change': { type: 'boolean', default: false },
        'wait-for-rollout': { type: 'string' },
        canary: { type: 'string' },
        waves: { type: 'string' },
        report: { type: 'string' },
        'output-format': { type: 'string', default: 'auto' }
      }
    }).values
  } catch (err) {
    const message =
      err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    throw new UserError(`${message} (see ds-rollout apply --help)`)
  }
}

/**
 * The deploy settings as the flags give them (shared with undo): a string
 * flag as given, a boolean flag `--<name>` as "true" and `--no-<name>` as
 * "false", an absent one as unset.
 */
export function flagReader(
  values: Record<string, string | boolean | string[] | undefined>
): SettingReader {
  return (name) => {
    const value = values[name]
    if (typeof value === 'string') return value
    if (value === true) return 'true'
    if (values[`no-${name}`] === true) return 'false'
    return undefined
  }
}

/** The report's next steps as terminal lines (shared with undo). */
export function nextStepLines(steps: string[] | undefined): string[] {
  if (steps === undefined || steps.length === 0) return []
  return ['Next steps:', ...steps.map((s, i) => `  ${i + 1}. ${s}`)]
}

/** Exit code for a deploy result (shared with undo). */
export function exitCodeFor(result: ApplyOutcome['result']): number {
  return result === 'rolled-out' ? 0 : result === 'undo-failed' ? 3 : 1
}

/** Aborts the controller on SIGINT/SIGTERM while `fn` runs. */
export async function withSignals<T>(
  io: CliIo,
  fn: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const controller = new AbortController()
  const handler = (sig: NodeJS.Signals): void => {
    io.stderr(`received ${sig}: stopping\n`)
    controller.abort()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  try {
    return await fn(controller.signal)
  } finally {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}

export const applyCommand: CliCommand = {
  name: 'apply',
  summary:
    'apply manifests, gate the DaemonSet rollout, undo automatically on failure',
  usage: USAGE,
  async run(args, io) {
    const values = parseApplyFlags(args)
    if ((values.head ?? []).length === 0)
      throw new UserError('--head is required (see ds-rollout apply --help)')
    const settings = parseApplySettings(flagReader(values), '--')
    const outputFormat = parseOutputFormat(values['output-format'])
    const sets = await loadManifestSets({
      head: values.head ?? [],
      ...(values.base !== undefined ? { base: values.base } : {}),
      cwd: io.cwd,
      limits: inputLimitsFromFlags(values)
    })
    if (sets.head.length === 0)
      throw new UserError(
        `no Kubernetes objects found in ${(values.head ?? []).join(', ')}`
      )
    let planned: number | undefined
    let reviewed: unknown
    if (values.plan !== undefined) {
      let text: string
      try {
        text = await readFile(resolve(io.cwd, values.plan), 'utf8')
      } catch {
        throw new UserError('cannot read the plan file', { file: values.plan })
      }
      try {
        reviewed = JSON.parse(text)
      } catch {
        throw new UserError(
          'the plan file is not JSON (use ds-rollout plan --format json)',
          { file: values.plan }
        )
      }
      reviewed = checkPlanVersion(reviewed, values.plan)
      planned = plannedSeconds(reviewed)
    }
    const client = connectKube({
      ...(values.kubeconfig !== undefined
        ? { path: resolve(io.cwd, values.kubeconfig) }
        : {}),
      ...(values.context !== undefined ? { context: values.context } : {})
    })
    const human = humanLines(io)
    const outcome = await withSignals(io, (signal) =>
      runApply(
        {
          objects: sets.head,
          ...(values.base !== undefined ? { base: sets.base } : {}),
          ...settings,
          ...(planned !== undefined ? { plannedSeconds: planned } : {}),
          ...(reviewed !== undefined ? { reviewedPlan: reviewed } : {})
        },
        { client, log: lineLogger(human.write), signal }
      )
    )
    human.once(outcome.report.summary)
    if (values.report !== undefined) {
      await writeFileAtomic(
        resolve(io.cwd, values.report),
        renderDeployReport(outcome.report),
        values.report
      )
    }
    for (const line of nextStepLines(outcome.report.nextSteps))
      human.write(line)
    writeResults(io, outputFormat, [
      ['summary', outcome.report.summary],
      ['result', outcome.result],
      ['revision-before', outcome.revisionBefore],
      ['revision-after', outcome.revisionAfter],
      ['failed-nodes', outcome.failedNodes.join(',')]
    ])
    return exitCodeFor(outcome.result)
  }
}
