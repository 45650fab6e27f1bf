import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  decideCommentTarget,
  permissionDenial,
  upsertStickyComment,
  writeSummary
} from "./chunk-RWZCK2J2.js";
import {
  fallbackFile,
  renderSarif,
  repoPathMapper
} from "./chunk-G22BYCHH.js";
import {
  expandPaths,
  loadManifestSets,
  locateRepo,
  resolveCommit,
  serializePlan,
  tooLarge
} from "./chunk-25FDCXIW.js";
import {
  readSnapshotFiles
} from "./chunk-CURLPENG.js";
import "./chunk-SIJVKFXV.js";
import {
  readInputText
} from "./chunk-EPVRT7OT.js";
import "./chunk-4JXI4YPL.js";
import {
  fitMarkdown,
  renderComment,
  renderNoChangesComment,
  utf8Bytes
} from "./chunk-Y3H3YNDC.js";
import {
  decideVerdict
} from "./chunk-I6QB7U5L.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import {
  renderPlanBody,
  renderPlanSummaryLine
} from "./chunk-M43H3GKN.js";
import {
  PLAN_SCHEMA_VERSION,
  allFindings,
  buildPlan,
  code,
  hangNodes,
  hangingDaemonSets,
  inert,
  isNoteworthy,
  markBaseNotCompared,
  oneLine,
  renderHeadline,
  renderNoBaseBanner,
  renderOverviewTable,
  renderVerdictLine
} from "./chunk-FXAEVUHL.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import {
  redactDeep
} from "./chunk-M2D2NH6K.js";
import {
  DEFAULT_COMMENT_KEY,
  MAX_ANNOTATIONS_PER_LEVEL,
  MAX_MANIFEST_BYTES,
  MAX_SUMMARY_BYTES,
  OUTPUTS,
  PLAN_JSON_FILE,
  SARIF_FILE,
  TOOL_VERSION
} from "./chunk-UVZGKNRS.js";
import {
  UserError,
  errorMessage
} from "./chunk-MICTRCJ2.js";
import {
  error,
  group,
  info,
  notice,
  setOutput,
  warning
} from "./chunk-VY42FCZX.js";
import "./chunk-T3LJ2J2J.js";

// src/action/run-plan-mode.ts
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

// src/adapters/analysis/client.ts
var RETRYABLE = /* @__PURE__ */ new Set([429, 502, 503, 504]);
var AnalysisServiceError = class extends Error {
  status;
  code;
  constructor(message, status, code2) {
    super(message);
    this.name = "AnalysisServiceError";
    this.status = status;
    this.code = code2;
  }
};
function planUrl(base) {
  let url;
  try {
    url = new URL(base);
  } catch {
    throw new UserError(`analysis-url is not a URL: '${base}'`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UserError("analysis-url must start with https:// (or http://)");
  }
  if (url.username !== "" || url.password !== "") {
    throw new UserError(
      "analysis-url must not hold credentials; use analysis-token"
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, "") + "/v1/plan";
  url.search = "";
  return url.toString();
}
function errorOf(status, text) {
  let code2;
  let message = `analysis service answered ${status}`;
  try {
    const body = JSON.parse(text);
    if (typeof body.error?.code === "string") code2 = body.error.code;
    if (typeof body.error?.message === "string") {
      message = `analysis service answered ${status} ${code2 ?? ""}: ${body.error.message}`;
    }
  } catch {
  }
  return new AnalysisServiceError(message.replace("  ", " "), status, code2);
}
function retryDelayMs(res, attempt, maxDelayMs) {
  const header = res?.headers.get("retry-after");
  const seconds = header === null || header === void 0 ? NaN : Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1e3 : 500 * 2 ** (attempt - 1);
  return Math.min(maxDelayMs, Math.max(0, ms));
}
function isPlan(value) {
  const v = value;
  return typeof value === "object" && value !== null && v.schemaVersion === PLAN_SCHEMA_VERSION && Array.isArray(v.daemonSets) && typeof v.summary === "object";
}
async function fetchPlanFromService(options) {
  const url = planUrl(options.url);
  if (options.token.trim() === "")
    throw new UserError("analysis-token is empty");
  const attempts = Math.max(1, options.attempts ?? 3);
  const timeoutMs = options.timeoutMs ?? 3e4;
  const maxDelayMs = options.maxDelayMs ?? 1e4;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const body = JSON.stringify({
    head: options.head,
    ...options.base === void 0 ? {} : { base: options.base }
  });
  let last;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${options.token}`,
          "Content-Type": "application/json",
          Accept: "application/json"
        },
        body,
        signal: AbortSignal.timeout(timeoutMs)
      });
      const text = await res.text();
      if (res.ok) {
        let plan;
        try {
          plan = JSON.parse(text);
        } catch {
          throw new AnalysisServiceError(
            "analysis service sent a plan that is not JSON",
            res.status
          );
        }
        if (!isPlan(plan)) {
          const sent = plan?.schemaVersion;
          throw new AnalysisServiceError(
            typeof sent === "number" ? `analysis service sent a plan of schemaVersion ${sent}; this Action reads schemaVersion ${PLAN_SCHEMA_VERSION}: run the same ds-rollout version in the service and the Action` : `analysis service sent no plan of schemaVersion ${PLAN_SCHEMA_VERSION}`,
            res.status
          );
        }
        return plan;
      }
      last = errorOf(res.status, text);
      if (res.status === 422 || res.status === 400) {
        throw new UserError(last.message);
      }
      if (!RETRYABLE.has(res.status)) throw last;
    } catch (err) {
      if (err instanceof UserError || err instanceof AnalysisServiceError) {
        throw err;
      } else {
        const timedOut = err instanceof Error && err.name === "TimeoutError";
        const cause = err.cause?.code;
        last = new AnalysisServiceError(
          timedOut ? `analysis service did not answer within ${timeoutMs} ms` : `cannot reach the analysis service (${typeof cause === "string" ? cause : err instanceof Error ? err.message : "error"})`
        );
      }
    }
    if (attempt < attempts) await sleep(retryDelayMs(res, attempt, maxDelayMs));
  }
  throw new AnalysisServiceError(
    `${last?.message ?? "analysis service failed"} (after ${attempts} attempts)`,
    last?.status,
    last?.code
  );
}

// src/adapters/analysis/manifest-files.ts
function manifestFilesForService(objects) {
  const byFile = /* @__PURE__ */ new Map();
  for (const o of objects) {
    const list = byFile.get(o.source.file) ?? [];
    list.push(o);
    byFile.set(o.source.file, list);
  }
  const files = [];
  for (const [name, list] of byFile) {
    const lines = [];
    const sorted = [...list].sort((a, b) => a.source.line - b.source.line);
    sorted.forEach((o, i) => {
      if (i === 0) {
        while (lines.length < o.source.line - 1) lines.push("");
      } else {
        while (lines.length < o.source.line - 2) lines.push("");
        lines.push("---");
      }
      lines.push(yamlSafeJson(o.object));
    });
    files.push({ name, content: lines.join("\n") + "\n" });
  }
  return files;
}
function yamlSafeJson(value) {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}

// src/adapters/analysis/manifest-texts.ts
async function readManifestTexts(paths, cwd) {
  const out = [];
  for (const file of await expandPaths(paths, cwd)) {
    out.push({
      name: file.display,
      content: await readInputText(
        file.absolute,
        file.display,
        MAX_MANIFEST_BYTES,
        () => tooLarge(file.display)
      )
    });
  }
  return out;
}

// src/core/render/annotations.ts
var LEVEL = {
  error: "error",
  warning: "warning",
  info: "notice"
};
function toAnnotation(finding) {
  const subject = finding.name === void 0 ? "" : ` ${finding.namespace ?? "default"}/${finding.name}`;
  const annotation = {
    level: LEVEL[finding.severity],
    title: `ds-rollout ${finding.code}${subject}`,
    message: finding.message
  };
  if (finding.file !== void 0) annotation.file = finding.file;
  if (finding.line !== void 0) annotation.line = finding.line;
  return annotation;
}
function selectAnnotations(plan, perLevel) {
  const omitted = {
    error: 0,
    warning: 0,
    notice: 0
  };
  const annotations = [];
  for (const level of ["error", "warning", "notice"]) {
    const ofLevel = allFindings(plan).map(toAnnotation).filter((a) => a.level === level);
    annotations.push(...ofLevel.slice(0, perLevel));
    omitted[level] = Math.max(0, ofLevel.length - perLevel);
  }
  const total = omitted.error + omitted.warning + omitted.notice;
  if (total === 0) return { annotations, omitted };
  const parts = ["error", "warning", "notice"].filter((level) => omitted[level] > 0).map(
    (level) => `${omitted[level]} ${level}${omitted[level] === 1 ? "" : "s"}`
  );
  return {
    annotations,
    omitted,
    overflow: {
      level: "notice",
      title: "ds-rollout: more findings",
      message: `${total} more finding${total === 1 ? "" : "s"} not annotated (${parts.join(", ")}); see the job summary for all of them.`
    }
  };
}

// src/core/render/summary.ts
function commentLine(comment) {
  if (comment.status === "skipped") return `\u{1F4AC} No comment: ${comment.reason}`;
  const what = {
    created: "created",
    updated: "updated",
    unchanged: "already up to date"
  }[comment.status];
  const note = comment.note === void 0 ? "" : ` ${inert(comment.note)}.`;
  return comment.url === void 0 ? `\u{1F4AC} Plan comment ${what}.${note}` : `\u{1F4AC} [Plan comment](${comment.url}) ${what}.${note}`;
}
function renderSummary(plan, ctx) {
  const heading = ctx.key === DEFAULT_COMMENT_KEY ? "## ds-rollout plan" : `## ds-rollout plan \xB7 ${code(ctx.key)}`;
  const sections = [
    heading,
    "",
    renderVerdictLine(ctx.verdict),
    "",
    renderPlanSummaryLine(plan) + (ctx.headSha === void 0 ? "" : ` \xB7 commit ${code(ctx.headSha.slice(0, 12))}`),
    "",
    commentLine(ctx.comment)
  ];
  const banner = renderNoBaseBanner(plan);
  if (banner !== "") sections.push("", banner);
  const table = renderOverviewTable(plan);
  if (table !== "") sections.push("", table);
  const full = renderPlanBody(plan).trim();
  if (full !== "") sections.push("", full);
  const limit = ctx.limit ?? MAX_SUMMARY_BYTES;
  const fitted = fitMarkdown(sections.join("\n"), {
    limit: limit - 1,
    measure: utf8Bytes,
    note: (omitted) => `> [!WARNING]
> This summary was trimmed to the runner's step-summary limit (${limit.toLocaleString("en-US")} bytes): ${omitted} more line${omitted === 1 ? " was" : "s were"} omitted. The complete plan is in the file named by the \`plan-json\` output.`
  }).text;
  return fitted + "\n";
}

// src/action/publish-comment.ts
async function publishComment(octokit, request) {
  const { decision, key, plan } = request;
  if (decision.kind === "none")
    return { status: "skipped", reason: decision.reason };
  if (octokit === void 0) {
    return { status: "skipped", reason: "the `github-token` input is empty." };
  }
  const changed = isNoteworthy(plan);
  const body = changed ? renderComment(plan, {
    key,
    verdict: request.verdict,
    ...request.headSha === void 0 ? {} : { headSha: request.headSha },
    ...request.runUrl === void 0 ? {} : { runUrl: request.runUrl }
  }) : renderNoChangesComment({
    key,
    ...request.headSha === void 0 ? {} : { headSha: request.headSha }
  });
  try {
    const result = await upsertStickyComment(
      octokit,
      decision.target,
      key,
      body,
      {
        createIfMissing: changed
      }
    );
    if (result.action === "absent") {
      return {
        status: "skipped",
        reason: "the change touches no DaemonSet, so there is no plan to comment."
      };
    }
    return {
      status: result.action,
      id: result.id,
      url: result.url,
      ...result.note === void 0 ? {} : { note: result.note }
    };
  } catch (err) {
    const denial = permissionDenial(err, decision.permission);
    if (denial === void 0) throw err;
    return { status: "skipped", reason: denial };
  }
}

// src/action/run-plan-mode.ts
function planJsonPath(dir, key) {
  return keyedPath(dir, PLAN_JSON_FILE, key);
}
function keyedPath(dir, file, key) {
  if (key === DEFAULT_COMMENT_KEY) return join(dir, file);
  const slug = key.replace(/[^A-Za-z0-9._-]/g, "_");
  return join(dir, file.replace(/(\.[a-z]+)$/, `.${slug}$1`));
}
function repoPath(file, cwd, workspace) {
  const rel = relative(workspace, resolve(cwd, file));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return file;
  return rel.split(sep).join("/");
}
function annotate(a, cwd, workspace) {
  const props = { title: oneLine(a.title) };
  if (a.file !== void 0) props.file = repoPath(a.file, cwd, workspace);
  if (a.line !== void 0) props.startLine = a.line;
  const message = oneLine(a.message);
  if (a.level === "error") error(message, props);
  else if (a.level === "warning") warning(message, props);
  else notice(message, props);
}
async function checkEventBase(ref, what, cwd) {
  try {
    await locateRepo(cwd);
  } catch {
    throw new UserError(
      `the working directory ${cwd} is not inside a git checkout, so ${what} ${ref} cannot be read: check out the repository with actions/checkout, or give \`base-manifests\``
    );
  }
  try {
    await resolveCommit(ref, cwd);
  } catch {
    throw new UserError(
      `${what} ${ref} is not in the checkout (a shallow clone?): use actions/checkout with \`fetch-depth: 0\`, or give \`base-ref\` or \`base-manifests\``
    );
  }
}
async function runPlanMode(inputs, ctx, deps) {
  const load = deps.loadManifestSets ?? loadManifestSets;
  const makePlan = deps.buildPlan ?? buildPlan;
  const workspace = ctx.workspace || process.cwd();
  const cwd = resolve(workspace, inputs.workingDirectory);
  if (inputs.renderCommand !== void 0 && ctx.eventName === "pull_request_target") {
    warning(
      "render-command runs under pull_request_target, with a token that can write to this repository: make sure it does not execute anything from the pull request (see docs/action.md)."
    );
  }
  const baseRef = inputs.baseManifests !== void 0 ? void 0 : inputs.baseRef ?? ctx.pullRequest?.baseSha ?? ctx.pushBefore;
  if (baseRef !== void 0 && inputs.baseRef === void 0) {
    await checkEventBase(
      baseRef,
      ctx.pullRequest === void 0 ? "the commit before the push" : "the pull request's base commit",
      cwd
    );
  }
  const snapshot = inputs.snapshot === void 0 ? void 0 : await readSnapshotFiles(inputs.snapshot, cwd, inputs.inputLimits);
  const sets = await group("Load manifests", async () => {
    const loaded = await load({
      head: inputs.manifests,
      ...inputs.baseManifests === void 0 ? {} : { base: inputs.baseManifests },
      ...baseRef === void 0 ? {} : { baseRef },
      ...inputs.renderCommand === void 0 ? {} : {
        render: inputs.renderCommand,
        renderEnv: inputs.renderEnv,
        ...inputs.renderDirectory === void 0 ? {} : { renderDirectory: inputs.renderDirectory }
      },
      cwd,
      limits: inputs.inputLimits
    });
    info(
      `base: ${loaded.base.length} objects, head: ${loaded.head.length} objects`
    );
    return loaded;
  });
  const baseCompared = inputs.baseManifests !== void 0 || baseRef !== void 0;
  if (!baseCompared)
    warning(
      "No base compared: no base-ref or base-manifests was given and the event names no base commit, so every DaemonSet counts as added. Set base-ref (or base-manifests) to compare against what is deployed."
    );
  const analysisUrl = inputs.analysisUrl;
  const planned = await group("Plan", async () => {
    if (analysisUrl === void 0)
      return makePlan({
        base: sets.base,
        head: sets.head,
        ...snapshot === void 0 ? {} : { snapshot },
        ...baseCompared ? {} : { baseCompared: false }
      });
    info(`Asking the analysis service at ${oneLine(analysisUrl)}`);
    const fetchPlan = deps.fetchPlanFromService ?? fetchPlanFromService;
    return redactDeep(
      await fetchPlan({
        url: analysisUrl,
        token: inputs.analysisToken,
        head: inputs.renderCommand === void 0 ? await readManifestTexts(inputs.manifests, cwd) : manifestFilesForService(sets.head),
        base: manifestFilesForService(sets.base)
      })
    );
  });
  const plan = baseCompared ? planned : markBaseNotCompared(planned);
  const verdict = decideVerdict(plan, inputs.failOn);
  const headSha = ctx.pullRequest?.headSha ?? (ctx.sha || void 0);
  const headline = renderHeadline(plan, verdict);
  info(headline);
  const planFile = planJsonPath(ctx.runnerTemp || tmpdir(), inputs.commentKey);
  await mkdir(resolve(planFile, ".."), { recursive: true });
  await writeFile(planFile, serializePlan(plan));
  const toRepo = repoPathMapper(cwd, workspace);
  const fallback = fallbackFile(plan, toRepo);
  const sarifFile = keyedPath(
    ctx.runnerTemp || tmpdir(),
    SARIF_FILE,
    inputs.commentKey
  );
  await writeFile(
    sarifFile,
    JSON.stringify(
      renderSarif(plan, {
        version: TOOL_VERSION,
        repoPath: toRepo,
        ...fallback === void 0 ? {} : { fallbackFile: fallback }
      })
    ) + "\n"
  );
  let commentError;
  const comment = await group("Comment", async () => {
    const decision = decideCommentTarget(inputs.comment, ctx);
    const octokit = decision.kind === "post" && inputs.githubToken !== "" ? (await import("./github-client-V2S7MKHO.js")).actionOctokit(
      inputs.githubToken,
      ctx,
      deps.octokitSettings
    ) : void 0;
    try {
      const outcome = await publishComment(octokit, {
        decision,
        key: inputs.commentKey,
        plan,
        verdict,
        headSha,
        runUrl: ctx.runUrl
      });
      if (outcome.status === "skipped")
        info(`No comment: ${outcome.reason}`);
      else info(`Comment ${outcome.id} ${outcome.status}: ${outcome.url}`);
      if (outcome.status !== "skipped" && outcome.note !== void 0)
        warning(`ds-rollout comment: ${oneLine(outcome.note)}`);
      return outcome;
    } catch (err) {
      commentError = err;
      return {
        status: "skipped",
        reason: `writing the comment failed: ${inert(errorMessage(err))}`
      };
    }
  });
  await writeSummary(
    ctx.stepSummaryFile,
    renderSummary(plan, {
      key: inputs.commentKey,
      verdict,
      comment,
      ...headSha === void 0 ? {} : { headSha }
    })
  );
  const selection = selectAnnotations(plan, MAX_ANNOTATIONS_PER_LEVEL);
  for (const a of selection.annotations) annotate(a, cwd, workspace);
  if (selection.overflow !== void 0)
    annotate(selection.overflow, cwd, workspace);
  setOutput(OUTPUTS.changed, plan.summary.changed > 0);
  setOutput(OUTPUTS.rolloutRequired, plan.summary.rollouts > 0);
  setOutput(OUTPUTS.highestSeverity, plan.summary.highestSeverity);
  setOutput(OUTPUTS.planJson, planFile);
  setOutput(
    OUTPUTS.commentId,
    comment.status === "skipped" ? "" : String(comment.id)
  );
  setOutput(OUTPUTS.summary, headline);
  setOutput(OUTPUTS.sarif, sarifFile);
  setOutput(OUTPUTS.baseCompared, plan.baseCompared !== false);
  setOutput(OUTPUTS.rolloutHangs, hangingDaemonSets(plan).length > 0);
  setOutput(OUTPUTS.rolloutHangNodes, hangNodes(plan));
  const failures = [];
  if (commentError !== void 0) {
    failures.push(`writing the comment failed: ${errorMessage(commentError)}`);
  }
  if (verdict.outcome === "fail")
    failures.push(`ds-rollout: plan rejected: ${verdict.reason}`);
  return failures.length > 0 ? failures.join("; ") : void 0;
}
export {
  runPlanMode
};
