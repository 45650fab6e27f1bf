import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fetchPlanFromService } from '../adapters/analysis/client.js'
import { manifestFilesForService } from '../adapters/analysis/manifest-files.js'
import { readManifestTexts } from '../adapters/analysis/manifest-texts.js'
import { locateRepo, resolveCommit } from '../adapters/fs/git.js'
import { readSnapshotFiles } from '../adapters/fs/read-snapshot-files.js'
import { loadManifestSets } from '../adapters/fs/load-manifest-sets.js'
import type { OctokitSettings } from '../adapters/github/octokit.js'
import { decideVerdict } from '../core/verdict/decide-verdict.js'
import { buildPlan, markBaseNotCompared } from '../core/plan/build-plan.js'
import { serializePlan } from '../core/plan/serialize.js'
import type { Plan } from '../core/plan/types.js'
import {
  selectAnnotations,
  type Annotation
} from '../core/render/annotations.js'
import { inert, oneLine } from '../core/render/inert.js'
import {
  hangingDaemonSets,
  hangNodes,
  renderHeadline
} from '../core/render/overview.js'
import { renderSarif } from '../core/render/sarif.js'
import { redactDeep } from '../core/redact/policy.js'
import { renderSummary } from '../core/render/summary.js'
import { fallbackFile, repoPathMapper } from '../adapters/fs/repo-paths.js'
import {
  DEFAULT_COMMENT_KEY,
  MAX_ANNOTATIONS_PER_LEVEL,
  OUTPUTS,
  PLAN_JSON_FILE,
  SARIF_FILE,
  TOOL_VERSION
} from '../util/constants.js'
import { errorMessage, UserError } from '../util/errors.js'
import { decideCommentTarget } from './comment-target.js'
import type { Inputs } from './inputs.js'
import { publishComment, type CommentOutcome } from './publish-comment.js'
import type { RunContext } from './run-context.js'
import { writeSummary } from './step-summary.js'

/** Seams for tests; the Action itself runs with the defaults. */
export interface PlanModeDependencies {
  loadManifestSets: typeof loadManifestSets
  buildPlan: typeof buildPlan
  fetchPlanFromService: typeof fetchPlanFromService
  octokitSettings: Partial<Omit<OctokitSettings, 'baseUrl'>>
}

/** Where the JSON plan goes: one file per comment key, so matrix legs in one job do not collide. */
function planJsonPath(dir: string, key: string): string {
  return keyedPath(dir, PLAN_JSON_FILE, key)
}

/** `name.ext` for the default key, `name.<key>.ext` for another. */
function keyedPath(dir: string, file: string, key: string): string {
  if (key === DEFAULT_COMMENT_KEY) return join(dir, file)
  const slug = key.replace(/[^A-Za-z0-9._-]/g, '_')
  return join(dir, file.replace(/(\.[a-z]+)$/, `.${slug}$1`))
}

/** Manifest paths in the plan are relative to the working directory; annotations want the repository root. */
function repoPath(file: string, cwd: string, workspace: string): string {
  const rel = relative(workspace, resolve(cwd, file))
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file
  return rel.split(sep).join('/')
}

function annotate(a: Annotation, cwd: string, workspace: string): void {
  // Annotations are plain text: one line, secrets hidden, nothing else.
  const props: core.AnnotationProperties = { title: oneLine(a.title) }
  if (a.file !== undefined) props.file = repoPath(a.file, cwd, workspace)
  if (a.line !== undefined) props.startLine = a.line
  const message = oneLine(a.message)
  if (a.level === 'error') core.error(message, props)
  else if (a.level === 'warning') core.warning(message, props)
  else core.notice(message, props)
}

/**
 * The base commit the event names (the pull request's base, the commit
 * before a push) must be in the checkout. actions/checkout fetches one
 * commit by default, so the usual cause is a shallow clone; the loader's
 * own message speaks of `--base-ref`, which the user never gave. A plan
 * against nothing would show every DaemonSet as added, so this fails
 * instead, saying how to fix the workflow.
 */
async function checkEventBase(
  ref: string,
  what: string,
  cwd: string
): Promise<void> {
  try {
    await locateRepo(cwd)
  } catch {
    throw new UserError(
      `the working directory ${cwd} is not inside a git checkout, so ${what} ${ref} cannot be read: ` +
        'check out the repository with actions/checkout, or give `base-manifests`'
    )
  }
  try {
    await resolveCommit(ref, cwd)
  } catch {
    throw new UserError(
      `${what} ${ref} is not in the checkout (a shallow clone?): ` +
        'use actions/checkout with `fetch-depth: 0`, or give `base-ref` or `base-manifests`'
    )
  }
}

/**
 * `mode: plan`: loads base and head, plans (against the snapshot, or
 * through the analysis service), publishes the comment, summary,
 * annotations and outputs, and resolves to why the step fails (the fail-on
 * verdict, a comment error), if it does.
 */
export async function runPlanMode(
  inputs: Inputs,
  ctx: RunContext,
  deps: Partial<PlanModeDependencies>
): Promise<string | undefined> {
  const load = deps.loadManifestSets ?? loadManifestSets
  const makePlan = deps.buildPlan ?? buildPlan
  const workspace = ctx.workspace || process.cwd()
  const cwd = resolve(workspace, inputs.workingDirectory)

  if (
    inputs.renderCommand !== undefined &&
    ctx.eventName === 'pull_request_target'
  ) {
    core.warning(
      'render-command runs under pull_request_target, with a token that can write to this repository: ' +
        'make sure it does not execute anything from the pull request (see docs/action.md).'
    )
  }
  const baseRef =
    inputs.baseManifests !== undefined
      ? undefined
      : (inputs.baseRef ?? ctx.pullRequest?.baseSha ?? ctx.pushBefore)

  if (baseRef !== undefined && inputs.baseRef === undefined) {
    await checkEventBase(
      baseRef,
      ctx.pullRequest === undefined
        ? 'the commit before the push'
        : "the pull request's base commit",
      cwd
    )
  }

  // The snapshot is checked first: a bad one fails before any real work.
  const snapshot =
    inputs.snapshot === undefined
      ? undefined
      : await readSnapshotFiles(inputs.snapshot, cwd, inputs.inputLimits)
  const sets = await core.group('Load manifests', async () => {
    const loaded = await load({
      head: inputs.manifests,
      ...(inputs.baseManifests === undefined
        ? {}
        : { base: inputs.baseManifests }),
      ...(baseRef === undefined ? {} : { baseRef }),
      ...(inputs.renderCommand === undefined
        ? {}
        : {
            render: inputs.renderCommand,
            renderEnv: inputs.renderEnv,
            ...(inputs.renderDirectory === undefined
              ? {}
              : { renderDirectory: inputs.renderDirectory })
          }),
      cwd,
      limits: inputs.inputLimits
    })
    core.info(
      `base: ${loaded.base.length} objects, head: ${loaded.head.length} objects`
    )
    return loaded
  })
  // No base given and none from the event (workflow_dispatch without
  // base-ref): the plan says so instead of showing everything as added.
  const baseCompared =
    inputs.baseManifests !== undefined || baseRef !== undefined
  if (!baseCompared)
    core.warning(
      'No base compared: no base-ref or base-manifests was given and the event names no base commit, so every DaemonSet counts as added. Set base-ref (or base-manifests) to compare against what is deployed.'
    )
  const analysisUrl = inputs.analysisUrl
  const planned: Plan = await core.group('Plan', async () => {
    if (analysisUrl === undefined)
      return makePlan({
        base: sets.base,
        head: sets.head,
        ...(snapshot === undefined ? {} : { snapshot }),
        ...(baseCompared ? {} : { baseCompared: false })
      })
    // The service plans against its live view of the cluster. Unrendered
    // head files are sent as they are, so findings keep their lines.
    core.info(`Asking the analysis service at ${oneLine(analysisUrl)}`)
    const fetchPlan = deps.fetchPlanFromService ?? fetchPlanFromService
    // The service redacts too; the plan is redacted here again so that what
    // this Action publishes never depends on the service's version.
    return redactDeep(
      await fetchPlan({
        url: analysisUrl,
        token: inputs.analysisToken,
        head:
          inputs.renderCommand === undefined
            ? await readManifestTexts(inputs.manifests, cwd)
            : manifestFilesForService(sets.head),
        base: manifestFilesForService(sets.base)
      })
    )
  })
  const plan = baseCompared ? planned : markBaseNotCompared(planned)
  const verdict = decideVerdict(plan, inputs.failOn)
  const headSha = ctx.pullRequest?.headSha ?? (ctx.sha || undefined)
  const headline = renderHeadline(plan, verdict)
  core.info(headline)

  const planFile = planJsonPath(ctx.runnerTemp || tmpdir(), inputs.commentKey)
  await mkdir(resolve(planFile, '..'), { recursive: true })
  await writeFile(planFile, serializePlan(plan))
  // The findings as SARIF, for github/codeql-action/upload-sarif: paths
  // relative to the workspace (the repository root actions/checkout makes).
  const toRepo = repoPathMapper(cwd, workspace)
  const fallback = fallbackFile(plan, toRepo)
  const sarifFile = keyedPath(
    ctx.runnerTemp || tmpdir(),
    SARIF_FILE,
    inputs.commentKey
  )
  await writeFile(
    sarifFile,
    JSON.stringify(
      renderSarif(plan, {
        version: TOOL_VERSION,
        repoPath: toRepo,
        ...(fallback === undefined ? {} : { fallbackFile: fallback })
      })
    ) + '\n'
  )

  // The comment may fail for reasons other than permissions; the summary,
  // annotations and outputs are still written before that failure is reported.
  let commentError: unknown
  const comment: CommentOutcome = await core.group('Comment', async () => {
    const decision = decideCommentTarget(inputs.comment, ctx)
    // Octokit is loaded only when a comment is posted.
    const octokit =
      decision.kind === 'post' && inputs.githubToken !== ''
        ? (await import('./github-client.js')).actionOctokit(
            inputs.githubToken,
            ctx,
            deps.octokitSettings
          )
        : undefined
    try {
      const outcome = await publishComment(octokit, {
        decision,
        key: inputs.commentKey,
        plan,
        verdict,
        headSha,
        runUrl: ctx.runUrl
      })
      if (outcome.status === 'skipped')
        core.info(`No comment: ${outcome.reason}`)
      else core.info(`Comment ${outcome.id} ${outcome.status}: ${outcome.url}`)
      if (outcome.status !== 'skipped' && outcome.note !== undefined)
        core.warning(`ds-rollout comment: ${oneLine(outcome.note)}`)
      return outcome
    } catch (err) {
      commentError = err
      return {
        status: 'skipped',
        reason: `writing the comment failed: ${inert(errorMessage(err))}`
      }
    }
  })

  await writeSummary(
    ctx.stepSummaryFile,
    renderSummary(plan, {
      key: inputs.commentKey,
      verdict,
      comment,
      ...(headSha === undefined ? {} : { headSha })
    })
  )

  const selection = selectAnnotations(plan, MAX_ANNOTATIONS_PER_LEVEL)
  for (const a of selection.annotations) annotate(a, cwd, workspace)
  if (selection.overflow !== undefined)
    annotate(selection.overflow, cwd, workspace)

  core.setOutput(OUTPUTS.changed, plan.summary.changed > 0)
  core.setOutput(OUTPUTS.rolloutRequired, plan.summary.rollouts > 0)
  core.setOutput(OUTPUTS.highestSeverity, plan.summary.highestSeverity)
  core.setOutput(OUTPUTS.planJson, planFile)
  core.setOutput(
    OUTPUTS.commentId,
    comment.status === 'skipped' ? '' : String(comment.id)
  )
  core.setOutput(OUTPUTS.summary, headline)
  core.setOutput(OUTPUTS.sarif, sarifFile)
  core.setOutput(OUTPUTS.baseCompared, plan.baseCompared !== false)
  core.setOutput(OUTPUTS.rolloutHangs, hangingDaemonSets(plan).length > 0)
  core.setOutput(OUTPUTS.rolloutHangNodes, hangNodes(plan))

  const failures: string[] = []
  if (commentError !== undefined) {
    failures.push(`writing the comment failed: ${errorMessage(commentError)}`)
  }
  if (verdict.outcome === 'fail')
    failures.push(`ds-rollout: plan rejected: ${verdict.reason}`)
  return failures.length > 0 ? failures.join('; ') : undefined
}
