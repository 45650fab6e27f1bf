import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  readLiveSnapshot
} from "./chunk-UMYJFZQQ.js";
import {
  writeFileAtomic
} from "./chunk-L42FRM2R.js";
import {
  KubeApiError,
  KubeClient,
  loadKubeConfig
} from "./chunk-MU7Q3OSJ.js";
import {
  compactSnapshotText
} from "./chunk-SIJVKFXV.js";
import "./chunk-4JXI4YPL.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/cli/commands/snapshot.ts
import { resolve } from "node:path";
import { parseArgs } from "node:util";

// src/adapters/kube/snapshot-recorder.ts
function apiErrorMessage(err) {
  if (err instanceof KubeApiError) {
    const what = `cannot list ${err.object}`;
    return err.status === 0 ? `${what}: ${err.apiMessage}` : `${what}: ${err.apiMessage || "request failed"} (HTTP ${err.status})`;
  }
  return err instanceof Error ? err.message : String(err);
}
async function recordSnapshot(kc, options = {}) {
  const client = new KubeClient(kc);
  let snapshot;
  try {
    snapshot = await readLiveSnapshot(
      client,
      options.pageSize === void 0 ? {} : { pageSize: options.pageSize }
    );
  } catch (err) {
    throw new Error(apiErrorMessage(err));
  }
  let version;
  try {
    const info = await client.version();
    version = typeof info.gitVersion === "string" ? info.gitVersion : void 0;
  } catch {
    version = void 0;
  }
  const cluster = {};
  const context = kc.getCurrentContext();
  if (context !== "") cluster.name = context;
  if (version !== void 0) cluster.version = version;
  const { kind, version: format, nodes, daemonSets } = snapshot;
  return {
    kind,
    version: format,
    recordedAt: (options.now?.() ?? /* @__PURE__ */ new Date()).toISOString(),
    cluster,
    nodes,
    daemonSets
  };
}

// src/cli/commands/snapshot.ts
var USAGE = `Usage: ds-rollout snapshot --output <file> [--kubeconfig <file>] [--context <name>]

Records a node snapshot (docs/snapshot.md) from a live cluster with
read-only list calls: nodes, pods and DaemonSets of all namespaces. Give it
to \`ds-rollout plan --snapshot <file>\` to simulate rollouts without
cluster access.

Options:
  --output <file>      where to write the snapshot (JSON, written atomically)
  --kubeconfig <file>  kubeconfig to use (default: KUBECONFIG, ~/.kube/config)
  --context <name>     kubeconfig context (default: the current context)
  --page-size <n>      items per list request (default 500)

Exit codes: 0 recorded, 1 the cluster call failed, 2 bad input or usage.
`;
function parse(args) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        output: { type: "string" },
        kubeconfig: { type: "string" },
        context: { type: "string" },
        "page-size": { type: "string" }
      }
    }).values;
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err);
    throw new UserError(`${message} (see ds-rollout snapshot --help)`);
  }
}
var snapshotCommand = {
  name: "snapshot",
  summary: "record a node snapshot from a live cluster (read-only)",
  usage: USAGE,
  async run(args, io) {
    const values = parse(args);
    if (values.output === void 0 || values.output === "")
      throw new UserError(
        "--output is required (see ds-rollout snapshot --help)"
      );
    let pageSize;
    if (values["page-size"] !== void 0) {
      pageSize = Number(values["page-size"]);
      if (!Number.isInteger(pageSize) || pageSize < 1)
        throw new UserError("--page-size must be a positive integer");
    }
    const kc = loadKubeConfig({
      ...values.kubeconfig !== void 0 ? { path: resolve(io.cwd, values.kubeconfig) } : {},
      ...values.context !== void 0 ? { context: values.context } : {}
    });
    const snapshot = await recordSnapshot(
      kc,
      pageSize === void 0 ? {} : { pageSize }
    );
    await writeFileAtomic(
      resolve(io.cwd, values.output),
      compactSnapshotText(snapshot),
      values.output
    );
    const pods = snapshot.nodes.reduce(
      (n, node) => n + node.daemonPods.length,
      0
    );
    io.stderr(
      `ds-rollout snapshot: ${snapshot.nodes.length} nodes, ${pods} daemon pods, ${snapshot.daemonSets.length} DaemonSets \u2192 ${values.output}
`
    );
    return 0;
  }
};
export {
  snapshotCommand
};
