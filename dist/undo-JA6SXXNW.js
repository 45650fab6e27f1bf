import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  runUndo
} from "./chunk-R6TV4P26.js";
import {
  connectKube,
  exitCodeFor,
  flagReader,
  humanLines,
  lineLogger,
  nextStepLines,
  parseOutputFormat,
  withSignals,
  writeResults
} from "./chunk-YG4CQ5X2.js";
import "./chunk-QBI4QXKO.js";
import "./chunk-UMYJFZQQ.js";
import "./chunk-L42FRM2R.js";
import "./chunk-QUVCEMVH.js";
import "./chunk-DIR2TPB7.js";
import "./chunk-MU7Q3OSJ.js";
import {
  parseUndoSettings
} from "./chunk-4V2MU4RG.js";
import "./chunk-25FDCXIW.js";
import "./chunk-EPVRT7OT.js";
import "./chunk-4JXI4YPL.js";
import "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import "./chunk-FXAEVUHL.js";
import "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-M2D2NH6K.js";
import "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/cli/commands/undo.ts
import { resolve } from "node:path";
import { parseArgs } from "node:util";
var USAGE = `Usage: ds-rollout undo --namespace <ns> --name <daemonset> [--to-revision <n>]
                       [--kubeconfig <file>] [--context <name>] [--dry-run] [--no-verify] [--force]
                       [--timeout <dur>] [--progress-deadline <dur>] [--max-restarts <n>]
                       [--soak-seconds <dur>] [--max-unavailable <n|p%>]
                       [--output-format auto|key-value|none]

Does what \`kubectl rollout undo daemonset/<name> [--to-revision n]\` does, through
the API: waits for the controller to observe the spec, lists the DaemonSet's
ControllerRevisions, picks the previous one (or --to-revision), compares
templates semantically and PATCHes the revision's data as a strategic merge
patch. Then verifies that the rollback converges, with the same gate as apply.
Every undo (--dry-run too) shows the target revision's images and its template
against the live one. After an apply rolled back, "the previous revision" is
the release that failed: the undo refuses to go there unless --to-revision
names it or --force is given.

Options:
  --namespace <ns>      namespace of the DaemonSet (default: default)
  --name <daemonset>    the DaemonSet
  --to-revision <n>     the revision to go back to (default 0: the previous one)
  --dry-run             server-side dry run of the PATCH (dryRun=All); no verify
  --no-verify           do not wait for the rollback to converge
  --force               undo even into the release a ds-rollout apply rolled back from
  (gate options as for ds-rollout apply)
  --output-format auto|key-value|none
                        the results as key=value lines on stdout (summary,
                        result, revision-before, revision-after): auto
                        (default) only when stdout is not a terminal

Exit codes: 0 rolled back (or nothing to do), 1 refused (see above) or the rollback did not converge,
2 bad input or no revision to go back to, 3 the undo failed.
`;
function parseUndoFlags(args) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        namespace: { type: "string", short: "n", default: "default" },
        name: { type: "string" },
        "to-revision": { type: "string" },
        kubeconfig: { type: "string" },
        context: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "no-verify": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        timeout: { type: "string" },
        "progress-deadline": { type: "string" },
        "max-restarts": { type: "string" },
        "soak-seconds": { type: "string" },
        "max-unavailable": { type: "string" },
        "unschedulable-grace": { type: "string" },
        "attribute-not-ready-nodes": { type: "string" },
        "output-format": { type: "string", default: "auto" }
      }
    }).values;
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err);
    throw new UserError(`${message} (see ds-rollout undo --help)`);
  }
}
var undoCommand = {
  name: "undo",
  summary: "roll a DaemonSet back like kubectl rollout undo, then verify it",
  usage: USAGE,
  async run(args, io) {
    const values = parseUndoFlags(args);
    if (values.name === void 0 || values.name === "")
      throw new UserError("--name is required (see ds-rollout undo --help)");
    const outputFormat = parseOutputFormat(values["output-format"]);
    const settings = parseUndoSettings(flagReader(values), "--");
    const client = connectKube({
      ...values.kubeconfig !== void 0 ? { path: resolve(io.cwd, values.kubeconfig) } : {},
      ...values.context !== void 0 ? { context: values.context } : {}
    });
    const human = humanLines(io);
    const outcome = await withSignals(
      io,
      (signal) => runUndo(
        {
          ...settings,
          dryRun: values["dry-run"],
          verify: !values["no-verify"] && !values["dry-run"]
        },
        { client, log: lineLogger(human.write), signal }
      )
    );
    human.once(outcome.message);
    for (const line of nextStepLines(outcome.report.nextSteps))
      human.write(line);
    writeResults(io, outputFormat, [
      ["summary", outcome.message],
      ["result", outcome.result],
      ["revision-before", outcome.revisionBefore],
      ["revision-after", outcome.revisionAfter]
    ]);
    return outcome.result === "rolled-back" ? 0 : exitCodeFor(outcome.result);
  }
};
export {
  parseUndoFlags,
  undoCommand
};
