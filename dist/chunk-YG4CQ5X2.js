import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  renderDeployReport,
  runApply
} from "./chunk-QBI4QXKO.js";
import {
  writeFileAtomic
} from "./chunk-L42FRM2R.js";
import {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
} from "./chunk-DIR2TPB7.js";
import {
  KubeClient,
  loadKubeConfig
} from "./chunk-MU7Q3OSJ.js";
import {
  parseApplySettings,
  plannedSeconds
} from "./chunk-4V2MU4RG.js";
import {
  checkPlanVersion,
  loadManifestSets
} from "./chunk-25FDCXIW.js";
import {
  oneLine
} from "./chunk-FXAEVUHL.js";
import {
  redactText
} from "./chunk-M2D2NH6K.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/cli/commands/apply.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

// src/adapters/kube/connect.ts
function connectKube(source) {
  return new KubeClient(loadKubeConfig(source));
}

// src/deploy/logger.ts
function lineLogger(write) {
  return {
    info: (m) => write(redactText(m)),
    warning: (m) => write(`warning: ${redactText(m)}`),
    error: (m) => write(`error: ${redactText(m)}`),
    async group(name, fn) {
      write(`== ${name} ==`);
      return fn();
    }
  };
}

// src/cli/results.ts
var OUTPUT_FORMATS = [
  "auto",
  "key-value",
  "none"
];
function parseOutputFormat(value) {
  const format = OUTPUT_FORMATS.find((f) => f === (value ?? "auto"));
  if (format === void 0)
    throw new UserError(
      `--output-format must be ${OUTPUT_FORMATS.join(", ")}, not ${JSON.stringify(value)}`
    );
  return format;
}
function humanLines(io) {
  const written = /* @__PURE__ */ new Set();
  const write = (raw) => {
    const line = oneLine(raw);
    written.add(line);
    io.stderr(`${line}
`);
  };
  return {
    write,
    once(line) {
      line = oneLine(line);
      if (line === "" || written.has(line) || written.has(`warning: ${line}`) || written.has(`error: ${line}`))
        return;
      write(line);
    }
  };
}
function writeResults(io, format, results) {
  if (format === "none") return;
  if (format === "auto" && io.stdoutIsTerminal === true) return;
  io.stdout(
    results.map(([key, value]) => `${key}=${oneLine(String(value))}
`).join("")
  );
}

// src/cli/commands/apply.ts
var USAGE = `Usage: ds-rollout apply --head <path>... [--base <path>...] [--plan <plan.json>]
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
`;
function parseApplyFlags(args) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        head: { type: "string", multiple: true },
        base: { type: "string", multiple: true },
        plan: { type: "string" },
        ...INPUT_LIMIT_OPTIONS,
        kubeconfig: { type: "string" },
        context: { type: "string" },
        timeout: { type: "string" },
        "progress-deadline": { type: "string" },
        "max-restarts": { type: "string" },
        "soak-seconds": { type: "string" },
        "max-unavailable": { type: "string" },
        "unschedulable-grace": { type: "string" },
        "attribute-not-ready-nodes": { type: "string" },
        force: { type: "boolean", default: false },
        "on-cancel": { type: "string", default: "undo" },
        "no-undo": { type: "boolean", default: false },
        "no-live-plan": { type: "boolean", default: false },
        "block-on": { type: "string" },
        "restart-on-config-change": { type: "boolean", default: false },
        "wait-for-rollout": { type: "string" },
        canary: { type: "string" },
        waves: { type: "string" },
        report: { type: "string" },
        "output-format": { type: "string", default: "auto" }
      }
    }).values;
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err);
    throw new UserError(`${message} (see ds-rollout apply --help)`);
  }
}
function flagReader(values) {
  return (name) => {
    const value = values[name];
    if (typeof value === "string") return value;
    if (value === true) return "true";
    if (values[`no-${name}`] === true) return "false";
    return void 0;
  };
}
function nextStepLines(steps) {
  if (steps === void 0 || steps.length === 0) return [];
  return ["Next steps:", ...steps.map((s, i) => `  ${i + 1}. ${s}`)];
}
function exitCodeFor(result) {
  return result === "rolled-out" ? 0 : result === "undo-failed" ? 3 : 1;
}
async function withSignals(io, fn) {
  const controller = new AbortController();
  const handler = (sig) => {
    io.stderr(`received ${sig}: stopping
`);
    controller.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  }
}
var applyCommand = {
  name: "apply",
  summary: "apply manifests, gate the DaemonSet rollout, undo automatically on failure",
  usage: USAGE,
  async run(args, io) {
    const values = parseApplyFlags(args);
    if ((values.head ?? []).length === 0)
      throw new UserError("--head is required (see ds-rollout apply --help)");
    const settings = parseApplySettings(flagReader(values), "--");
    const outputFormat = parseOutputFormat(values["output-format"]);
    const sets = await loadManifestSets({
      head: values.head ?? [],
      ...values.base !== void 0 ? { base: values.base } : {},
      cwd: io.cwd,
      limits: inputLimitsFromFlags(values)
    });
    if (sets.head.length === 0)
      throw new UserError(
        `no Kubernetes objects found in ${(values.head ?? []).join(", ")}`
      );
    let planned;
    let reviewed;
    if (values.plan !== void 0) {
      let text;
      try {
        text = await readFile(resolve(io.cwd, values.plan), "utf8");
      } catch {
        throw new UserError("cannot read the plan file", { file: values.plan });
      }
      try {
        reviewed = JSON.parse(text);
      } catch {
        throw new UserError(
          "the plan file is not JSON (use ds-rollout plan --format json)",
          { file: values.plan }
        );
      }
      reviewed = checkPlanVersion(reviewed, values.plan);
      planned = plannedSeconds(reviewed);
    }
    const client = connectKube({
      ...values.kubeconfig !== void 0 ? { path: resolve(io.cwd, values.kubeconfig) } : {},
      ...values.context !== void 0 ? { context: values.context } : {}
    });
    const human = humanLines(io);
    const outcome = await withSignals(
      io,
      (signal) => runApply(
        {
          objects: sets.head,
          ...values.base !== void 0 ? { base: sets.base } : {},
          ...settings,
          ...planned !== void 0 ? { plannedSeconds: planned } : {},
          ...reviewed !== void 0 ? { reviewedPlan: reviewed } : {}
        },
        { client, log: lineLogger(human.write), signal }
      )
    );
    human.once(outcome.report.summary);
    if (values.report !== void 0) {
      await writeFileAtomic(
        resolve(io.cwd, values.report),
        renderDeployReport(outcome.report),
        values.report
      );
    }
    for (const line of nextStepLines(outcome.report.nextSteps))
      human.write(line);
    writeResults(io, outputFormat, [
      ["summary", outcome.report.summary],
      ["result", outcome.result],
      ["revision-before", outcome.revisionBefore],
      ["revision-after", outcome.revisionAfter],
      ["failed-nodes", outcome.failedNodes.join(",")]
    ]);
    return exitCodeFor(outcome.result);
  }
};

export {
  connectKube,
  lineLogger,
  parseOutputFormat,
  humanLines,
  writeResults,
  parseApplyFlags,
  flagReader,
  nextStepLines,
  exitCodeFor,
  withSignals,
  applyCommand
};
