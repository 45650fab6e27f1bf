import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  DEPLOY_SETTINGS,
  parseApplySettings,
  parseUndoSettings
} from "./chunk-4V2MU4RG.js";
import {
  COMMENT_KEY_PATTERN
} from "./chunk-Y3H3YNDC.js";
import {
  FAIL_ON_VALUES
} from "./chunk-I6QB7U5L.js";
import "./chunk-M43H3GKN.js";
import "./chunk-FXAEVUHL.js";
import {
  parseInputLimitList
} from "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import {
  redactText
} from "./chunk-M2D2NH6K.js";
import {
  DEFAULT_COMMENT_KEY
} from "./chunk-UVZGKNRS.js";
import {
  UserError,
  errorMessage
} from "./chunk-MICTRCJ2.js";
import {
  debug,
  getInput,
  setFailed,
  setSecret
} from "./chunk-VY42FCZX.js";
import "./chunk-T3LJ2J2J.js";

// src/action/main.ts
import { readFileSync } from "node:fs";

// src/action/inputs.ts
var MODES = ["plan", "apply", "undo"];
function parseList(value) {
  return value.split(/[\n,]/).map((entry) => entry.trim()).filter((entry) => entry !== "");
}
function optional(value) {
  const trimmed = value.trim();
  return trimmed === "" ? void 0 : trimmed;
}
function oneOf(name, value, allowed) {
  const found = allowed.find((a) => a === value);
  if (found === void 0) {
    throw new UserError(
      `input '${name}' must be one of: ${allowed.join(", ")} (got '${value}')`
    );
  }
  return found;
}
function parseComment(value) {
  if (value === "" || value === "auto") return "auto";
  if (["true", "True", "TRUE"].includes(value)) return "always";
  if (["false", "False", "FALSE"].includes(value)) return "never";
  throw new UserError(
    `input 'comment' must be true, false or auto (got '${value}')`
  );
}
function parseInputs(get) {
  const mode = oneOf("mode", optional(get("mode")) ?? "plan", MODES);
  const manifests = parseList(get("manifests"));
  if (manifests.length === 0 && mode !== "undo") {
    throw new UserError(
      "input 'manifests' is required: paths or globs of the head manifests, newline or comma separated"
    );
  }
  const settings = new Map(DEPLOY_SETTINGS.map((name) => [name, get(name)]));
  const setting = (name) => settings.get(name);
  if (mode === "undo" && (setting("name") ?? "").trim() === "") {
    throw new UserError(
      "input 'name' is required in mode undo: the DaemonSet to roll back (with 'namespace')"
    );
  }
  const deploy = {
    kubeconfig: get("kubeconfig"),
    kubeconfigPath: get("kubeconfig-path").trim(),
    context: get("context").trim(),
    planFile: get("plan-file").trim(),
    ...mode === "apply" ? { apply: parseApplySettings(setting) } : {},
    ...mode === "undo" ? { undo: parseUndoSettings(setting) } : {}
  };
  const analysisUrl = optional(get("analysis-url"));
  const analysisToken = get("analysis-token").trim();
  const snapshotList = parseList(get("snapshot"));
  const snapshot = snapshotList.length === 0 ? void 0 : snapshotList;
  if (analysisUrl !== void 0 && snapshot !== void 0) {
    throw new UserError(
      "inputs 'snapshot' and 'analysis-url' are mutually exclusive: plan against a recorded snapshot or against the analysis service's live view, not both"
    );
  }
  if (analysisUrl !== void 0 && analysisToken === "") {
    throw new UserError(
      "input 'analysis-url' needs 'analysis-token': the service requires a bearer token"
    );
  }
  const baseList = parseList(get("base-manifests"));
  const baseManifests = baseList.length === 0 ? void 0 : baseList;
  const baseRef = optional(get("base-ref"));
  if (baseManifests !== void 0 && baseRef !== void 0) {
    throw new UserError(
      "inputs 'base-manifests' and 'base-ref' are mutually exclusive: give the base as files (base-manifests) or as a git ref (base-ref), not both"
    );
  }
  const commentKey = optional(get("comment-key")) ?? DEFAULT_COMMENT_KEY;
  if (!COMMENT_KEY_PATTERN.test(commentKey)) {
    throw new UserError(
      `input 'comment-key' may hold only letters, digits and . _ / : - (1 to 100 of them), got '${commentKey}'`
    );
  }
  const githubToken = get("github-token").trim();
  const comment = parseComment(get("comment").trim());
  if (comment === "always" && githubToken === "") {
    throw new UserError(
      "input 'comment' is true but 'github-token' is empty: pass a token (the default is ${{ github.token }}) or set comment: false"
    );
  }
  return {
    mode,
    manifests,
    baseManifests,
    snapshot,
    baseRef,
    renderCommand: optional(get("render-command")),
    renderEnv: parseList(get("render-env")),
    renderDirectory: optional(get("render-directory")),
    inputLimits: parseInputLimitList(get("input-limits")),
    githubToken,
    comment,
    commentKey,
    failOn: oneOf(
      "fail-on",
      optional(get("fail-on")) ?? "error",
      FAIL_ON_VALUES
    ),
    workingDirectory: optional(get("working-directory")) ?? ".",
    analysisUrl,
    analysisToken,
    deploy
  };
}

// src/action/run-context.ts
function record(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
}
function text(value) {
  return typeof value === "string" && value !== "" ? value : void 0;
}
var PULL_REQUEST_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
var NULL_SHA = /^0+$/;
function readPullRequest(payload) {
  const pr = record(payload["pull_request"]);
  if (pr === void 0) return void 0;
  const number = pr["number"];
  const base = record(pr["base"]);
  const head = record(pr["head"]);
  const baseSha = text(base?.["sha"]);
  const headSha = text(head?.["sha"]);
  const baseRepo = text(record(base?.["repo"])?.["full_name"]);
  if (typeof number !== "number" || baseSha === void 0 || headSha === void 0 || baseRepo === void 0) {
    return void 0;
  }
  const headRepo = text(record(head?.["repo"])?.["full_name"]);
  return {
    number,
    baseSha,
    headSha,
    headRepo,
    baseRepo,
    fork: headRepo !== baseRepo
  };
}
function readRunContext(env, readText) {
  const eventName = env["GITHUB_EVENT_NAME"] ?? "";
  const [owner, repo] = (env["GITHUB_REPOSITORY"] ?? "").split("/");
  if (owner === void 0 || owner === "" || repo === void 0 || repo === "") {
    throw new UserError(
      "GITHUB_REPOSITORY is not set to 'owner/name': the Action runs only inside a GitHub workflow"
    );
  }
  let payload = {};
  const eventPath = env["GITHUB_EVENT_PATH"];
  if (eventPath !== void 0 && eventPath !== "") {
    try {
      payload = record(JSON.parse(readText(eventPath))) ?? {};
    } catch (err) {
      throw new UserError(
        `cannot read the event payload: ${err instanceof Error ? err.message : String(err)}`,
        { file: eventPath }
      );
    }
  }
  const pullRequest = PULL_REQUEST_EVENTS.has(eventName) ? readPullRequest(payload) : void 0;
  const before = eventName === "push" ? text(payload["before"]) : void 0;
  const serverUrl = env["GITHUB_SERVER_URL"] ?? "https://github.com";
  const runId = env["GITHUB_RUN_ID"];
  return {
    eventName,
    owner,
    repo,
    sha: pullRequest?.headSha ?? env["GITHUB_SHA"] ?? "",
    apiUrl: env["GITHUB_API_URL"] ?? "https://api.github.com",
    runUrl: runId === void 0 || runId === "" ? void 0 : `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    workspace: env["GITHUB_WORKSPACE"] ?? "",
    runnerTemp: env["RUNNER_TEMP"],
    stepSummaryFile: env["GITHUB_STEP_SUMMARY"] || void 0,
    pullRequest,
    pushBefore: before !== void 0 && !NULL_SHA.test(before) ? before : void 0
  };
}

// src/action/main.ts
function secretsOf(inputs) {
  return [inputs.githubToken, inputs.analysisToken].filter(
    (value) => value.trim() !== ""
  );
}
function debugInputs(inputs) {
  const { githubToken, analysisToken, deploy, ...rest } = inputs;
  const { kubeconfig, ...deployRest } = deploy;
  const shown = {
    ...rest,
    // The render command's text and render-env values may carry secrets.
    renderCommand: rest.renderCommand === void 0 ? void 0 : "(not shown)",
    renderEnv: rest.renderEnv.map((entry) => entry.replace(/=.*/s, "=***")),
    githubToken: githubToken === "" ? "" : "***",
    analysisToken: analysisToken === "" ? "" : "***",
    deploy: { ...deployRest, kubeconfig: kubeconfig === "" ? "" : "***" }
  };
  for (const [name, value] of Object.entries(shown))
    debug(`input ${name}: ${JSON.stringify(value)}`);
}
async function run(deps = {}) {
  let failure;
  try {
    const inputs = parseInputs((name) => getInput(name));
    for (const secret of secretsOf(inputs)) setSecret(secret);
    debugInputs(inputs);
    const ctx = readRunContext(
      process.env,
      (path) => readFileSync(path, "utf8")
    );
    failure = inputs.mode === "plan" ? await (await import("./run-plan-mode-X6O36TC4.js")).runPlanMode(inputs, ctx, deps) : await (await import("./run-deploy-mode-5ILMCFLU.js")).runDeployMode(inputs, ctx, deps);
  } catch (err) {
    failure = errorMessage(err);
  }
  if (failure !== void 0) setFailed(redactText(failure));
}

// src/index.ts
process.on("unhandledRejection", (err) => setFailed(errorMessage(err)));
await run();
