import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadManifestSets } from '../../adapters/fs/load-manifest-sets.js'
import { readSnapshotFiles } from '../../adapters/fs/read-snapshot-files.js'
import { writeFileAtomic } from '../../adapters/fs/write-atomic.js'
import {
  decideVerdict,
  FAIL_ON_VALUES
} from '../../core/verdict/decide-verdict.js'
import { buildPlan, type PlanInput } from '../../core/plan/build-plan.js'
import { serializePlan } from '../../core/plan/serialize.js'
import { renderPlanMarkdown } from '../../core/render/plan-markdown.js'
import { renderSarif } from '../../core/render/sarif.js'
import {
  fallbackFile,
  repoPathMapper,
  repositoryRoot
} from '../../adapters/fs/repo-paths.js'
import { TOOL_VERSION } from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import type { CliCommand } from '../command.js'
import {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
} from '../input-limit-flags.js'

const USAGE = `Usage: ds-rollout plan --head <path>... [--base <path>... | --base-ref <ref>]
                       [--render '<command>' [--render-directory <dir>]
                        [--render-env NAME[=value]]...]
                       [--snapshot <file>...]
                       [--pull-seconds <n>] [--start-seconds <n>]
                       [--format markdown|json|sarif] [--pretty]
                       [--nodes non-routine|all] [--output <file>]
                       [--fail-on never|error|warning] [--max-<limit> <n>]

Diffs the DaemonSets of two manifest sets, says which changes replace pods,
and checks them against the API server's rules. With --snapshot, simulates
each rollout against a recorded node snapshot. Without --base or
--base-ref no base is compared: every DaemonSet counts as added, and the
plan says so (a "No base compared" banner, baseCompared: false, finding
no-base-compared).

Options:
  --head <path>       new manifests: file, directory (*.yaml, *.yml, *.json,
                      recursive) or glob; repeatable. With --render: the
                      entry the command builds (kustomization directory,
                      chart, file), where findings without a source file
                      are annotated (default: read from the command)
  --base <path>       old manifests, same forms; repeatable. With --render: the
                      root of a checkout of the base version
  --base-ref <ref>    old manifests: the --head paths as they are at this git ref
  --render <command>  take the manifests from this command's stdout, run from
                      the repository root and at the same place in a clean
                      checkout of --base-ref (e.g. 'kustomize build
                      overlays/prod'), with a scrubbed environment (PATH,
                      HOME, locale, temp dirs; no KUBECONFIG, no tokens);
                      findings are mapped back to source files (kustomize
                      buildMetadata: [originAnnotations], Helm # Source:)
  --render-directory <dir>
                      run the render command there instead of the
                      repository root (relative to the current directory)
  --render-env <v>    give the render command NAME (copied from this
                      environment) or NAME=value; repeatable
  --snapshot <file>   node snapshot to simulate against: a 'ds-rollout snapshot'
                      file, or kubectl output (get nodes / pods -A / ds -A,
                      -o json or -o yaml); repeatable, one export per file
  --pull-seconds <n>  estimate: seconds to pull a changed image (default: what
                      the snapshot's pods of the DaemonSet show, else 20)
  --start-seconds <n> estimate: seconds from pod creation to containers
                      started (default: observed, else 5)
  --format <f>        markdown (default), json (the plan contract,
                      docs/plan-json.md) or sarif (SARIF 2.1.0 findings for
                      code scanning, paths relative to the repository root)
  --pretty            JSON and SARIF: indent it (default: one compact line)
  --nodes <which>     per-node detail for the non-routine nodes (default) or
                      for all nodes (JSON grows with the fleet)
  --output <file>     write the plan to this file (atomically) instead of stdout
  --fail-on <level>   exit 1 (after writing the plan) when findings reach this
                      severity: never (default), error or warning; the fail-on
                      verdict for other CI systems, like the Action's fail-on


${INPUT_LIMIT_USAGE}
Exit codes: 0 plan produced (and accepted by --fail-on), 1 rejected by --fail-on,
2 bad input or usage.
`

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        head: { type: 'string', multiple: true },
        base: { type: 'string', multiple: true },
        'base-ref': { type: 'string' },
        render: { type: 'string' },
        'render-env': { type: 'string', multiple: true },
        'render-directory': { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        'pull-seconds': { type: 'string' },
        'start-seconds': { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        pretty: { type: 'boolean', default: false },
        nodes: { type: 'string', default: 'non-routine' },
        output: { type: 'string' },
        'fail-on': { type: 'string', default: 'never' },
        ...INPUT_LIMIT_OPTIONS
      }
    }).values
  } catch (err) {
    const message =
      err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    throw new UserError(`${message} (see ds-rollout plan --help)`)
  }
}

/** A `--<flag> <seconds>` value: a number ≥ 0, or undefined when not given. */
function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UserError(
      `--${flag} must be a number of seconds ≥ 0, not ${JSON.stringify(value)}`
    )
  return n
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'diff DaemonSet manifests and show what the rollout will do',
  usage: USAGE,
  async run(args, io) {
    const values = parse(args)
    const format = values.format
    const failOn = FAIL_ON_VALUES.find((v) => v === values['fail-on'])
    if (failOn === undefined)
      throw new UserError(
        `--fail-on must be never, error or warning, not ${JSON.stringify(values['fail-on'])}`
      )
    if (format !== 'markdown' && format !== 'json' && format !== 'sarif')
      throw new UserError(
        `--format must be markdown, json or sarif, not ${JSON.stringify(format)}`
      )
    const nodeDetail = values.nodes
    if (nodeDetail !== 'non-routine' && nodeDetail !== 'all')
      throw new UserError(
        `--nodes must be non-routine or all, not ${JSON.stringify(nodeDetail)}`
      )
    const pullSeconds = seconds('pull-seconds', values['pull-seconds'])
    const startSeconds = seconds('start-seconds', values['start-seconds'])
    const limits = inputLimitsFromFlags(values)
    if ((values.head ?? []).length === 0 && values.render === undefined)
      throw new UserError('--head is required (see ds-rollout plan --help)')
    // The snapshot is read while the manifests load (its file reads fill
    // the manifests' waits); a manifest error is still the one reported.
    const snapshotRead =
      values.snapshot !== undefined && values.snapshot.length > 0
        ? settle(readSnapshotFiles(values.snapshot, io.cwd, limits))
        : undefined
    const sets = await settle(
      loadManifestSets({
        head: values.head ?? [],
        ...(values.base !== undefined ? { base: values.base } : {}),
        ...(values['base-ref'] !== undefined
          ? { baseRef: values['base-ref'] }
          : {}),
        ...(values.render !== undefined ? { render: values.render } : {}),
        ...(values['render-env'] !== undefined
          ? { renderEnv: values['render-env'] }
          : {}),
        ...(values['render-directory'] !== undefined
          ? { renderDirectory: values['render-directory'] }
          : {}),
        cwd: io.cwd,
        limits
      })
    )
    const manifests = sets.ok ? sets.value : undefined
    if (manifests === undefined) {
      await snapshotRead
      throw (sets as { error: unknown }).error
    }
    const baseCompared =
      (values.base ?? []).length > 0 || values['base-ref'] !== undefined
    const input: PlanInput = {
      base: manifests.base,
      head: manifests.head,
      nodeDetail
    }
    if (!baseCompared) input.baseCompared = false
    if (snapshotRead !== undefined) {
      const read = await snapshotRead
      if (!read.ok) throw read.error
      input.snapshot = read.value
    }
    if (pullSeconds !== undefined || startSeconds !== undefined)
      input.simulation = {
        ...(pullSeconds !== undefined ? { pullSeconds } : {}),
        ...(startSeconds !== undefined ? { startSeconds } : {})
      }
    const plan = buildPlan(input)
    let text: string
    if (format === 'json') text = serializePlan(plan, { pretty: values.pretty })
    else if (format === 'sarif') {
      const map = repoPathMapper(io.cwd, await repositoryRoot(io.cwd))
      const fallback = fallbackFile(plan, map)
      const log = renderSarif(plan, {
        version: TOOL_VERSION,
        repoPath: map,
        ...(fallback === undefined ? {} : { fallbackFile: fallback })
      })
      text = `${values.pretty === true ? JSON.stringify(log, null, 2) : JSON.stringify(log)}\n`
    } else text = renderPlanMarkdown(plan)
    if (!baseCompared)
      io.stderr(
        'ds-rollout plan: no base compared (no --base or --base-ref): every DaemonSet counts as added\n'
      )
    if (values.output !== undefined) {
      await writeFileAtomic(resolve(io.cwd, values.output), text, values.output)
    } else {
      io.stdout(text)
    }
    const verdict = decideVerdict(plan, failOn)
    if (verdict.outcome === 'fail') {
      io.stderr(`ds-rollout plan: plan rejected: ${verdict.reason}\n`)
      return 1
    }
    return 0
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** A promise that never rejects: its value or its error, to be looked at in order. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error })
  )
}
