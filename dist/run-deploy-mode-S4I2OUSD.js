import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  runUndo
} from "./chunk-TM3VRDTM.js";
import {
  KubeClient,
  parseBlockOn,
  parseBoolean,
  parseCanaryOptions,
  parseDuration,
  parseGateOptions,
  parseOnCancel,
  plannedSeconds,
  renderDeployReport,
  runApply
} from "./chunk-SYPLGFVJ.js";
import {
  kubeConfigSecrets,
  loadKubeConfig
} from "./chunk-UXULGSZA.js";
import {
  actionOctokit
} from "./chunk-AGAM66LC.js";
import {
  decideCommentTarget,
  permissionDenial,
  upsertStickyComment,
  writeSummary
} from "./chunk-ZOEY3VTH.js";
import {
  checkPlanVersion,
  loadManifestSets
} from "./chunk-XLDRI3WU.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-5NZU25QQ.js";
import {
  commentMarker,
  fitComment
} from "./chunk-E6WTOUUY.js";
import "./chunk-I5GSSFKM.js";
import "./chunk-AVAIQGKA.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-N2AKPHC4.js";
import {
  code,
  oneLine
} from "./chunk-BV7EA5QP.js";
import "./chunk-6VWNBCTM.js";
import {
  OUTPUTS,
  redactText
} from "./chunk-TN5DIXVG.js";
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
function gateFrom(inputs) {
  const byName = {
    timeout: inputs.timeout,
    "progress-deadline": inputs.progressDeadline,
    "max-restarts": inputs.maxRestarts,
    "soak-seconds": inputs.soakSeconds,
    "max-unavailable": inputs.maxUnavailable,
    "unschedulable-grace": inputs.unschedulableGrace ?? "",
    "attribute-not-ready-nodes": inputs.attributeNotReadyNodes ?? ""
  };
  return parseGateOptions((name) => byName[name], "");
}
async function runApplyMode(settings, deps) {
  if (settings.head.length === 0)
    throw new UserError("the head input is required for mode apply");
  const gate = gateFrom(settings);
  const onCancel = parseOnCancel(settings.onCancel || "undo", "on-cancel");
  const force = settings.force.trim() === "" ? false : parseBoolean(settings.force, "force");
  const undo = settings.undo.trim() === "" ? true : parseBoolean(settings.undo, "undo");
  const waitFor = settings.waitForRollout.trim();
  const canary = parseCanaryOptions(settings.canary, settings.waves);
  const blockOn = (settings.blockOn ?? "").trim() === "" ? void 0 : parseBlockOn(settings.blockOn ?? "", "block-on");
  const restartOnConfigChange = (settings.restartOnConfigChange ?? "").trim() === "" ? false : parseBoolean(
    settings.restartOnConfigChange ?? "",
    "restart-on-config-change"
  );
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
  const livePlan = (settings.livePlan ?? "").trim() === "" ? true : parseBoolean(settings.livePlan ?? "", "live-plan");
  const outcome = await runApply(
    {
      objects,
      ...base === void 0 ? {} : { base },
      gate,
      force,
      undo,
      onCancel,
      concurrency: waitFor === "" ? "refuse" : "wait",
      concurrencyWaitSeconds: waitFor === "" ? 0 : parseDuration(waitFor, "wait-for-rollout"),
      ...planned === void 0 ? {} : { plannedSeconds: planned },
      ...reviewed === void 0 ? {} : { reviewedPlan: reviewed },
      livePlan,
      ...blockOn === void 0 ? {} : { blockOn },
      restartOnConfigChange,
      ...canary
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
  if (settings.name.trim() === "")
    throw new UserError("the name input is required for mode undo");
  const toRevision = settings.toRevision.trim() === "" ? 0 : Number(settings.toRevision.trim());
  if (!Number.isInteger(toRevision))
    throw new UserError(
      `to-revision must be a whole number, not ${JSON.stringify(settings.toRevision)}`
    );
  const gate = gateFrom(settings);
  const client = connect(settings, deps);
  const outcome = await runUndo(
    {
      namespace: settings.namespace.trim() || "default",
      name: settings.name.trim(),
      toRevision,
      dryRun: false,
      verify: true,
      force: (settings.force ?? "").trim() === "" ? false : parseBoolean(settings.force ?? "", "force"),
      gate
    },
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
        cwd
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
  const deploy = {
    ...inputs.deploy,
    kubeconfigPath: inputs.deploy.kubeconfigPath === "" ? "" : resolve(cwd, inputs.deploy.kubeconfigPath)
  };
  let result;
  try {
    result = inputs.mode === "apply" ? await runApplyMode(
      {
        ...deploy,
        head: inputs.manifests,
        base: inputs.baseManifests ?? []
      },
      engineDeps
    ) : await runUndoMode(deploy, engineDeps);
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
