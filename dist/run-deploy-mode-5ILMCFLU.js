import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  runUndo
} from "./chunk-R6TV4P26.js";
import {
  renderDeployReport,
  runApply
} from "./chunk-QBI4QXKO.js";
import "./chunk-UMYJFZQQ.js";
import "./chunk-QUVCEMVH.js";
import {
  KubeClient,
  kubeConfigSecrets,
  loadKubeConfig
} from "./chunk-MU7Q3OSJ.js";
import {
  plannedSeconds
} from "./chunk-4V2MU4RG.js";
import {
  actionOctokit
} from "./chunk-AGAM66LC.js";
import {
  decideCommentTarget,
  permissionDenial,
  upsertStickyComment,
  writeSummary
} from "./chunk-RWZCK2J2.js";
import {
  checkPlanVersion,
  loadManifestSets
} from "./chunk-25FDCXIW.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-4JXI4YPL.js";
import {
  commentMarker,
  fitComment
} from "./chunk-Y3H3YNDC.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-M43H3GKN.js";
import {
  code,
  oneLine
} from "./chunk-FXAEVUHL.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import {
  redactText
} from "./chunk-M2D2NH6K.js";
import {
  OUTPUTS
} from "./chunk-UVZGKNRS.js";
import {
  UserError,
  errorMessage
} from "./chunk-MICTRCJ2.js";
import {
  error,
  group,
  info,
  setOutput,
  setSecret,
  warning
} from "./chunk-VY42FCZX.js";
import "./chunk-T3LJ2J2J.js";

// src/action/run-deploy-mode.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

// src/core/render/deploy-comment.ts
function renderDeployComment(report, ctx) {
  const parts = [];
  if (ctx.sha !== void 0) parts.push(`for ${code(ctx.sha.slice(0, 12))}`);
  if (ctx.runUrl !== void 0)
    parts.push(`[workflow run and job summary](${ctx.runUrl})`);
  parts.push("updated in place on every deploy");
  const body = [
    commentMarker(ctx.key),
    report.trim(),
    "",
    `<sub>ds-rollout deploy ${parts.join(" \xB7 ")}</sub>`
  ].join("\n");
  return fitComment(body, {
    ...ctx.runUrl === void 0 ? {} : { runUrl: ctx.runUrl },
    ...ctx.limit === void 0 ? {} : { limit: ctx.limit }
  });
}

// src/action/deploy-mode.ts
function connect(inputs, deps) {
  if (inputs.kubeconfig.trim() !== "") {
    for (const line of inputs.kubeconfig.split("\n")) {
      const m = /^\s*(token|client-key-data|client-certificate-data|password|access-token|refresh-token|id-token|client-secret)\s*:\s*(\S+)\s*$/.exec(
        line
      );
      if (m?.[2] !== void 0 && m[2].length >= 4)
        deps.setSecret(m[2].replace(/^["']|["']$/g, ""));
    }
  }
  const kc = loadKubeConfig({
    ...inputs.kubeconfig.trim() !== "" ? { content: inputs.kubeconfig } : {},
    ...inputs.kubeconfigPath.trim() !== "" ? { path: inputs.kubeconfigPath.trim() } : {},
    ...inputs.context.trim() !== "" ? { context: inputs.context.trim() } : {}
  });
  for (const secret of kubeConfigSecrets(kc)) deps.setSecret(secret);
  return deps.makeClient?.(kc) ?? new KubeClient(kc);
}
async function runApplyMode(settings, deps) {
  if (settings.head.length === 0)
    throw new UserError("the head input is required for mode apply");
  const client = connect(settings, deps);
  const objects = await deps.loadManifests(settings.head);
  if (objects.length === 0)
    throw new UserError(
      `no Kubernetes objects found in ${settings.head.join(", ")}`
    );
  const base = settings.base.length > 0 ? await deps.loadManifests(settings.base) : void 0;
  const reviewed = settings.planFile.trim() === "" ? void 0 : checkPlanVersion(
    await deps.readJson(settings.planFile.trim()),
    settings.planFile.trim()
  );
  const planned = reviewed === void 0 ? void 0 : plannedSeconds(reviewed);
  const outcome = await runApply(
    {
      objects,
      ...base === void 0 ? {} : { base },
      ...settings.apply,
      ...planned === void 0 ? {} : { plannedSeconds: planned },
      ...reviewed === void 0 ? {} : { reviewedPlan: reviewed }
    },
    { client, log: deps.log, signal: deps.signal }
  );
  logNextSteps(deps, outcome.report, outcome.result === "rolled-out");
  deps.setOutput(OUTPUTS.result, outcome.result);
  deps.setOutput(OUTPUTS.revisionBefore, outcome.revisionBefore);
  deps.setOutput(OUTPUTS.revisionAfter, outcome.revisionAfter);
  deps.setOutput(OUTPUTS.failedNodes, outcome.failedNodes.join(","));
  await deps.writeSummary(renderDeployReport(outcome.report));
  return {
    result: outcome.result,
    failed: outcome.result !== "rolled-out",
    message: outcome.report.summary
  };
}
function logNextSteps(deps, report, succeeded) {
  if (succeeded) deps.log.info(report.summary);
  if (report.nextSteps === void 0 || report.nextSteps.length === 0) return;
  deps.log.info("Next steps:");
  report.nextSteps.forEach((s, i) => deps.log.info(`  ${i + 1}. ${s}`));
}
async function runUndoMode(settings, deps) {
  if (settings.undo.name === "")
    throw new UserError("the name input is required for mode undo");
  const client = connect(settings, deps);
  const outcome = await runUndo(
    { ...settings.undo, dryRun: false, verify: true },
    { client, log: deps.log, signal: deps.signal }
  );
  logNextSteps(deps, outcome.report, outcome.result === "rolled-back");
  deps.setOutput(OUTPUTS.result, outcome.result);
  deps.setOutput(OUTPUTS.revisionBefore, outcome.revisionBefore);
  deps.setOutput(OUTPUTS.revisionAfter, outcome.revisionAfter);
  deps.setOutput(OUTPUTS.failedNodes, outcome.report.failedNodes.join(","));
  await deps.writeSummary(renderDeployReport(outcome.report));
  return {
    result: outcome.result,
    failed: outcome.result !== "rolled-back",
    message: outcome.message
  };
}

// src/action/run-deploy-mode.ts
var actionsLogger = {
  info: (message) => info(redactText(message)),
  warning: (message) => warning(oneLine(message)),
  error: (message) => error(oneLine(message)),
  group: (name, fn) => group(name, fn)
};
function cancellationSignal() {
  const controller = new AbortController();
  const onSignal = (name) => {
    if (controller.signal.aborted) return;
    warning(`Received ${name}: the workflow was cancelled`);
    controller.abort(new Error(`cancelled (${name})`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };
}
async function publishDeployComment(inputs, ctx, markdown, settings) {
  const setting = inputs.comment === "auto" && ctx.eventName === "push" ? "always" : inputs.comment;
  const decision = decideCommentTarget(setting, ctx);
  if (decision.kind === "none") {
    info(`No deploy comment: ${decision.reason}`);
    return "";
  }
  if (inputs.githubToken === "") {
    info("No deploy comment: the `github-token` input is empty.");
    return "";
  }
  const octokit = actionOctokit(inputs.githubToken, ctx, settings);
  const key = `deploy:${inputs.commentKey}`;
  const body = renderDeployComment(markdown, {
    key,
    ...ctx.runUrl === void 0 ? {} : { runUrl: ctx.runUrl },
    ...ctx.sha === "" ? {} : { sha: ctx.sha }
  });
  try {
    const result = await upsertStickyComment(
      octokit,
      decision.target,
      key,
      body,
      { createIfMissing: true }
    );
    if (result.action === "absent") return "";
    info(`Deploy comment ${result.id} ${result.action}: ${result.url}`);
    if (result.note !== void 0)
      warning(`ds-rollout deploy comment: ${oneLine(result.note)}`);
    return String(result.id);
  } catch (err) {
    const denial = permissionDenial(err, decision.permission);
    warning(
      oneLine(
        `No deploy comment: ${denial ?? `writing it failed: ${errorMessage(err)}`}`
      )
    );
    return "";
  }
}
async function runDeployMode(inputs, ctx, deps) {
  const workspace = ctx.workspace || process.cwd();
  const cwd = resolve(workspace, inputs.workingDirectory);
  const cancellation = deps.signal === void 0 ? cancellationSignal() : void 0;
  let report = "";
  const engineDeps = {
    log: actionsLogger,
    setOutput: (name, value) => setOutput(name, value),
    setSecret: (value) => setSecret(value),
    writeSummary: async (markdown) => {
      report = markdown;
      await writeSummary(ctx.stepSummaryFile, markdown);
    },
    loadManifests: async (paths) => {
      const sets = await loadManifestSets({
        head: paths,
        ...inputs.renderCommand === void 0 ? {} : { render: inputs.renderCommand, renderEnv: inputs.renderEnv },
        cwd,
        limits: inputs.inputLimits
      });
      return sets.head;
    },
    readJson: async (path) => {
      const text = await readFile(resolve(cwd, path), "utf8").catch(
        (err) => {
          throw new UserError(
            `cannot read plan-file ${path}: ${errorMessage(err)}`
          );
        }
      );
      try {
        return JSON.parse(text);
      } catch {
        throw new UserError(`plan-file ${path} is not JSON`);
      }
    },
    signal: deps.signal ?? cancellation.signal,
    ...deps.makeClient === void 0 ? {} : { makeClient: deps.makeClient }
  };
  const kube = {
    kubeconfig: inputs.deploy.kubeconfig,
    context: inputs.deploy.context,
    kubeconfigPath: inputs.deploy.kubeconfigPath === "" ? "" : resolve(cwd, inputs.deploy.kubeconfigPath)
  };
  let result;
  try {
    if (inputs.deploy.apply !== void 0)
      result = await runApplyMode(
        {
          ...kube,
          head: inputs.manifests,
          base: inputs.baseManifests ?? [],
          planFile: inputs.deploy.planFile,
          apply: inputs.deploy.apply
        },
        engineDeps
      );
    else if (inputs.deploy.undo !== void 0)
      result = await runUndoMode(
        { ...kube, undo: inputs.deploy.undo },
        engineDeps
      );
    else throw new Error(`mode ${inputs.mode} is not a deploy mode`);
  } finally {
    cancellation?.dispose();
  }
  setOutput(OUTPUTS.summary, oneLine(result.message));
  const commentId = report === "" ? "" : await publishDeployComment(inputs, ctx, report, deps.octokitSettings);
  setOutput(OUTPUTS.commentId, commentId);
  return result.failed ? `ds-rollout ${inputs.mode}: ${result.message}` : void 0;
}
export {
  runDeployMode
};
