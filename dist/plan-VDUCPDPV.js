import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  writeFileAtomic
} from "./chunk-L42FRM2R.js";
import {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
} from "./chunk-DIR2TPB7.js";
import {
  fallbackFile,
  renderSarif,
  repoPathMapper,
  repositoryRoot
} from "./chunk-G22BYCHH.js";
import {
  loadManifestSets,
  serializePlan
} from "./chunk-25FDCXIW.js";
import {
  readSnapshotFiles
} from "./chunk-CURLPENG.js";
import "./chunk-SIJVKFXV.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-4JXI4YPL.js";
import {
  FAIL_ON_VALUES,
  decideVerdict
} from "./chunk-I6QB7U5L.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import {
  renderPlanMarkdown
} from "./chunk-M43H3GKN.js";
import {
  buildPlan
} from "./chunk-FXAEVUHL.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-M2D2NH6K.js";
import {
  TOOL_VERSION
} from "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/cli/commands/plan.ts
import { resolve } from "node:path";
import { parseArgs } from "node:util";
var USAGE = `Usage: ds-rollout plan --head <path>... [--base <path>... | --base-ref <ref>]
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
`;
function parse(args) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        head: { type: "string", multiple: true },
        base: { type: "string", multiple: true },
        "base-ref": { type: "string" },
        render: { type: "string" },
        "render-env": { type: "string", multiple: true },
        "render-directory": { type: "string" },
        snapshot: { type: "string", multiple: true },
        "pull-seconds": { type: "string" },
        "start-seconds": { type: "string" },
        format: { type: "string", default: "markdown" },
        pretty: { type: "boolean", default: false },
        nodes: { type: "string", default: "non-routine" },
        output: { type: "string" },
        "fail-on": { type: "string", default: "never" },
        ...INPUT_LIMIT_OPTIONS
      }
    }).values;
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err);
    throw new UserError(`${message} (see ds-rollout plan --help)`);
  }
}
function seconds(flag, value) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new UserError(
      `--${flag} must be a number of seconds \u2265 0, not ${JSON.stringify(value)}`
    );
  return n;
}
var planCommand = {
  name: "plan",
  summary: "diff DaemonSet manifests and show what the rollout will do",
  usage: USAGE,
  async run(args, io) {
    const values = parse(args);
    const format = values.format;
    const failOn = FAIL_ON_VALUES.find((v) => v === values["fail-on"]);
    if (failOn === void 0)
      throw new UserError(
        `--fail-on must be never, error or warning, not ${JSON.stringify(values["fail-on"])}`
      );
    if (format !== "markdown" && format !== "json" && format !== "sarif")
      throw new UserError(
        `--format must be markdown, json or sarif, not ${JSON.stringify(format)}`
      );
    const nodeDetail = values.nodes;
    if (nodeDetail !== "non-routine" && nodeDetail !== "all")
      throw new UserError(
        `--nodes must be non-routine or all, not ${JSON.stringify(nodeDetail)}`
      );
    const pullSeconds = seconds("pull-seconds", values["pull-seconds"]);
    const startSeconds = seconds("start-seconds", values["start-seconds"]);
    const limits = inputLimitsFromFlags(values);
    if ((values.head ?? []).length === 0 && values.render === void 0)
      throw new UserError("--head is required (see ds-rollout plan --help)");
    const snapshotRead = values.snapshot !== void 0 && values.snapshot.length > 0 ? settle(readSnapshotFiles(values.snapshot, io.cwd, limits)) : void 0;
    const sets = await settle(
      loadManifestSets({
        head: values.head ?? [],
        ...values.base !== void 0 ? { base: values.base } : {},
        ...values["base-ref"] !== void 0 ? { baseRef: values["base-ref"] } : {},
        ...values.render !== void 0 ? { render: values.render } : {},
        ...values["render-env"] !== void 0 ? { renderEnv: values["render-env"] } : {},
        ...values["render-directory"] !== void 0 ? { renderDirectory: values["render-directory"] } : {},
        cwd: io.cwd,
        limits
      })
    );
    const manifests = sets.ok ? sets.value : void 0;
    if (manifests === void 0) {
      await snapshotRead;
      throw sets.error;
    }
    const baseCompared = (values.base ?? []).length > 0 || values["base-ref"] !== void 0;
    const input = {
      base: manifests.base,
      head: manifests.head,
      nodeDetail
    };
    if (!baseCompared) input.baseCompared = false;
    if (snapshotRead !== void 0) {
      const read = await snapshotRead;
      if (!read.ok) throw read.error;
      input.snapshot = read.value;
    }
    if (pullSeconds !== void 0 || startSeconds !== void 0)
      input.simulation = {
        ...pullSeconds !== void 0 ? { pullSeconds } : {},
        ...startSeconds !== void 0 ? { startSeconds } : {}
      };
    const plan = buildPlan(input);
    let text;
    if (format === "json") text = serializePlan(plan, { pretty: values.pretty });
    else if (format === "sarif") {
      const map = repoPathMapper(io.cwd, await repositoryRoot(io.cwd));
      const fallback = fallbackFile(plan, map);
      const log = renderSarif(plan, {
        version: TOOL_VERSION,
        repoPath: map,
        ...fallback === void 0 ? {} : { fallbackFile: fallback }
      });
      text = `${values.pretty === true ? JSON.stringify(log, null, 2) : JSON.stringify(log)}
`;
    } else text = renderPlanMarkdown(plan);
    if (!baseCompared)
      io.stderr(
        "ds-rollout plan: no base compared (no --base or --base-ref): every DaemonSet counts as added\n"
      );
    if (values.output !== void 0) {
      await writeFileAtomic(resolve(io.cwd, values.output), text, values.output);
    } else {
      io.stdout(text);
    }
    const verdict = decideVerdict(plan, failOn);
    if (verdict.outcome === "fail") {
      io.stderr(`ds-rollout plan: plan rejected: ${verdict.reason}
`);
      return 1;
    }
    return 0;
  }
};
function settle(promise) {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error) => ({ ok: false, error })
  );
}
export {
  planCommand
};
