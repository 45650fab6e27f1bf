import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  IsomorphicFetchHttpLibrary,
  RequestContext
} from "./chunk-UXULGSZA.js";
import {
  snapshotBuilder
} from "./chunk-5NZU25QQ.js";
import {
  buildPlan,
  labelSelectorMatches,
  selectorToString
} from "./chunk-FN6XMSTQ.js";
import {
  code,
  expandWaves,
  formatDuration,
  inert,
  waveCount
} from "./chunk-6P4GJB52.js";
import {
  FIELD_MANAGER
} from "./chunk-TN5DIXVG.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/core/render/deploy-report.ts
var HEADLINE = {
  "rolled-out": "\u2705 Rolled out",
  "rolled-back": "\u21A9\uFE0F Failed and rolled back (rollback verified)",
  failed: "\u274C Failed",
  "undo-failed": "\u{1F6A8} Failed and the rollback did not complete"
};
var UNDO_HEADLINE = {
  "rolled-out": "\u2705 Rolled out",
  "rolled-back": "\u21A9\uFE0F Rolled back (verified)",
  failed: "\u274C Failed",
  "undo-failed": "\u{1F6A8} The rollback did not complete"
};
var MAX_ROWS = 50;
function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}m ${String(s).padStart(2, "0")}s`;
}
function renderDeployReport(report) {
  const out = [];
  const undo = report.mode === "undo";
  out.push(
    `## ds-rollout ${undo ? "undo" : "apply"}: ${(undo ? UNDO_HEADLINE : HEADLINE)[report.result]}`
  );
  out.push("");
  out.push(inert(report.summary));
  out.push("");
  if (report.clusterState !== void 0 && report.clusterState.length > 0) {
    out.push("**State the cluster is left in:**");
    out.push("");
    for (const line of report.clusterState) out.push(`- ${inert(line)}`);
    out.push("");
  }
  if (report.daemonSets.length > 0) {
    out.push(
      "| DaemonSet | Revision before | Revision after | Gate | Undo | Rollback check |"
    );
    out.push("|---|---|---|---|---|---|");
    for (const ds of report.daemonSets) {
      out.push(
        `| ${code(`${ds.namespace}/${ds.name}`)} | ${ds.revisionBefore ?? "\u2013"} | ${ds.revisionAfter ?? "\u2013"} | ${cell(ds.gate)} | ${cell(ds.undo)} | ${cell(ds.verify)} |`
      );
    }
    out.push("");
  }
  const planned = report.plannedSeconds === void 0 ? "no estimate" : `planned ${duration(report.plannedSeconds)}${report.plannedFrom === "live plan" ? " by the live plan" : ""}`;
  out.push(
    `**Duration:** ${duration(report.actualSeconds)} (${planned})${report.apiRequests === void 0 ? "" : ` \xB7 ${report.apiRequests} API requests`}${report.cancelled === true ? " \xB7 cancelled" : ""}`
  );
  out.push("");
  if (report.livePlan !== void 0 && report.livePlan.length > 0) {
    out.push("**Plan against the live nodes (preflight):**");
    out.push("");
    for (const line of report.livePlan) out.push(`- ${inert(line)}`);
    out.push("");
  }
  if (report.failing.length > 0) {
    out.push(`### Failing pods (${report.failing.length})`);
    out.push("");
    out.push(
      "| Pod | Node | Container | Reason | Restarts | Last state / message |"
    );
    out.push("|---|---|---|---|---|---|");
    for (const p of report.failing.slice(0, MAX_ROWS)) {
      const detail = [p.message, p.lastState].filter((x) => x !== void 0 && x !== "").join(" \u2014 ");
      out.push(
        `| ${code(p.pod)} | ${p.node === void 0 ? "\u2013" : code(p.node)} | ${p.container === void 0 ? "\u2013" : code(p.container)} | ${code(p.reason)} | ${p.restartCount ?? 0} | ${detail === "" ? "\u2013" : code(detail)} |`
      );
    }
    if (report.failing.length > MAX_ROWS)
      out.push(`
${report.failing.length - MAX_ROWS} more omitted.`);
    out.push("");
  }
  if (report.nodeProblems.length > 0) {
    out.push(
      `### Pods on NotReady nodes (attributed to the node, ${report.nodeProblems.length})`
    );
    out.push("");
    for (const p of report.nodeProblems.slice(0, MAX_ROWS)) {
      out.push(`- ${code(p.pod)} on ${code(p.node ?? "?")}: ${code(p.reason)}`);
    }
    out.push("");
  }
  if (report.warnings.length > 0) {
    out.push("### Warnings");
    out.push("");
    for (const w of report.warnings) out.push(`- ${inert(w)}`);
    out.push("");
  }
  if (report.timeline.length > 0) {
    out.push("<details><summary>Timeline</summary>");
    out.push("");
    out.push("| t | Phase | Event |");
    out.push("|---|---|---|");
    const rows = report.timeline.slice(0, 200);
    for (const t of rows) {
      out.push(`| +${t.at.toFixed(1)}s | ${t.phase} | ${inert(t.message)} |`);
    }
    if (report.timeline.length > rows.length)
      out.push(`
${report.timeline.length - rows.length} more omitted.`);
    out.push("");
    out.push("</details>");
    out.push("");
  }
  return out.join("\n");
}
function cell(text) {
  if (text === void 0 || text === "") return "\u2013";
  return inert(text);
}

// src/adapters/kube/errors.ts
var KubeApiError = class extends Error {
  status;
  reason;
  object;
  causes;
  constructor(status, reason, message, object, causes = []) {
    super(`${object}: ${message} (${status} ${reason})`);
    this.name = "KubeApiError";
    this.status = status;
    this.reason = reason;
    this.object = object;
    this.causes = causes;
  }
  /** The API's message alone. */
  get apiMessage() {
    return this.message.replace(/^[^:]*: /, "").replace(/ \(\d+ \w*\)$/, "");
  }
};
function kubeApiErrorFrom(status, body, object) {
  let reason = statusReason(status);
  let message = body.trim().slice(0, 500) || reason;
  let causes = [];
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const s = parsed;
      if (typeof s["reason"] === "string" && s["reason"] !== "")
        reason = s["reason"];
      if (typeof s["message"] === "string" && s["message"] !== "")
        message = s["message"];
      const details = s["details"];
      if (typeof details === "object" && details !== null) {
        const c = details["causes"];
        if (Array.isArray(c))
          causes = c.filter(
            (x) => typeof x === "object" && x !== null
          );
      }
    }
  } catch {
  }
  return new KubeApiError(status, reason, message, object, causes);
}
function statusReason(status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    default:
      return status >= 500 ? "InternalError" : "Unknown";
  }
}

// src/adapters/kube/list-watch.ts
var DEFAULT_LIST_WATCH = {
  watchTimeoutSeconds: 240,
  minBackoffMs: 200,
  maxBackoffMs: 5e3,
  minHealthyWatchMs: 1e3
};
function key(obj) {
  return `${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}`;
}
var ListWatch = class {
  cache = /* @__PURE__ */ new Map();
  resourceVersion = "";
  abort = new AbortController();
  loop;
  stats = {
    lists: 0,
    watches: 0,
    relists410: 0,
    reconnects: 0
  };
  client;
  path;
  query;
  onChange;
  options;
  sleep;
  constructor(client, path, query, onChange, options = DEFAULT_LIST_WATCH, sleep = abortableSleep) {
    this.client = client;
    this.path = path;
    this.query = query;
    this.onChange = onChange;
    this.options = options;
    this.sleep = sleep;
  }
  items() {
    return [...this.cache.values()];
  }
  /** Lists once (rejects if that fails), then keeps watching in the background. */
  async start() {
    await this.relist();
    this.loop = this.run();
  }
  async stop() {
    this.abort.abort();
    await this.loop;
  }
  async relist() {
    const list = await this.client.list(
      this.path,
      this.query,
      this.path,
      this.abort.signal
    );
    this.stats.lists += 1;
    this.cache.clear();
    for (const item of list.items) this.cache.set(key(item), item);
    this.resourceVersion = list.resourceVersion;
    this.onChange("SYNC", void 0);
  }
  async run() {
    let backoff = this.options.minBackoffMs;
    let needList = false;
    while (!this.abort.signal.aborted) {
      const started = Date.now();
      const watchAbort = new AbortController();
      const onStop = () => watchAbort.abort();
      this.abort.signal.addEventListener("abort", onStop, { once: true });
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        this.stats.watches += 1;
        await this.client.watch(
          this.path,
          {
            ...this.query,
            resourceVersion: this.resourceVersion,
            timeoutSeconds: this.options.watchTimeoutSeconds
          },
          (event) => {
            if (event.type === "ERROR") {
              const status = event.object;
              if (status.code === 410) {
                this.stats.relists410 += 1;
                needList = true;
              }
              watchAbort.abort();
              return;
            }
            const obj = event.object;
            const rv = obj.metadata?.resourceVersion;
            if (rv !== void 0) this.resourceVersion = rv;
            if (event.type === "BOOKMARK") return;
            if (event.type === "DELETED") this.cache.delete(key(obj));
            else this.cache.set(key(obj), obj);
            this.onChange(event.type, obj);
          },
          watchAbort.signal
        );
        if (Date.now() - started >= this.options.minHealthyWatchMs) {
          backoff = this.options.minBackoffMs;
          continue;
        }
      } catch (err) {
        if (this.abort.signal.aborted) break;
        if (err instanceof KubeApiError && err.status === 410) {
          this.stats.relists410 += 1;
          needList = true;
          continue;
        }
        if (needList && watchAbort.signal.aborted) continue;
        this.options.log?.(
          `watch ${this.path} dropped (${err instanceof KubeApiError ? err.apiMessage : err instanceof Error ? err.message : String(err)}); reconnecting in ${backoff}ms`
        );
      } finally {
        this.abort.signal.removeEventListener("abort", onStop);
      }
      if (needList) continue;
      this.stats.reconnects += 1;
      await this.sleep(backoff, this.abort.signal);
      backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
    }
  }
};
function abortableSleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

// src/core/deploy/live-plan.ts
var SERVER_ANNOTATIONS = [
  "deprecated.daemonset.template.generation",
  "kubectl.kubernetes.io/last-applied-configuration"
];
function planComparable(obj) {
  const meta = obj.metadata ?? {};
  const annotations = { ...meta.annotations ?? {} };
  for (const a of SERVER_ANNOTATIONS) delete annotations[a];
  const metadata = {};
  if (meta.name !== void 0) metadata.name = meta.name;
  if (meta.namespace !== void 0) metadata.namespace = meta.namespace;
  if (meta.labels !== void 0) metadata.labels = { ...meta.labels };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const out = { metadata };
  if (obj.apiVersion !== void 0) out.apiVersion = obj.apiVersion;
  if (obj.kind !== void 0) out.kind = obj.kind;
  if (obj["spec"] !== void 0) out["spec"] = structuredClone(obj["spec"]);
  return out;
}
function buildLivePlan(daemonSets, snapshot) {
  const base = daemonSets.flatMap(
    (d) => d.live === null ? [] : [
      {
        object: planComparable(d.live),
        source: { file: "live cluster", line: 1 }
      }
    ]
  );
  const head = daemonSets.map((d) => ({
    object: planComparable(d.head),
    source: d.source
  }));
  return buildPlan({
    base,
    head,
    ...snapshot === void 0 ? {} : { snapshot }
  });
}
function count(actions, action) {
  return actions?.[action] ?? 0;
}
function livePlanLine(ds) {
  const key2 = `${ds.namespace}/${ds.name}`;
  const r = ds.rollout;
  const parts = [];
  if (!r.triggered) {
    parts.push(`pod template unchanged, no pods replaced (R4.3)`);
  } else {
    parts.push(ds.change === "added" ? "created" : "rolls out");
  }
  if (r.desired !== void 0)
    parts.push(`${r.desired} desired node(s) of the live cluster`);
  const actions = r["actions"];
  if (actions !== void 0) {
    const changes = [
      [count(actions, "replace"), "replaced"],
      [count(actions, "create"), "gain the daemon"],
      [count(actions, "delete"), "lose it"],
      [count(actions, "pending"), "pending (the new pod cannot be placed)"]
    ];
    const text = changes.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
    if (text.length > 0) parts.push(text.join(", "));
  }
  if (r.triggered && r.waves !== void 0 && r.waves.length > 0) {
    const largest = Math.max(...r.waves.map((w) => w.nodes));
    parts.push(
      `${r.waveCount ?? waveCount(r.waves)} wave(s) of at most ${largest} node(s)${r.maxUnavailable === void 0 ? "" : ` (maxUnavailable ${r.maxUnavailable}${r.maxSurge ? `, maxSurge ${r.maxSurge}` : ""})`}`
    );
  }
  if (r.triggered && r.estimatedSeconds !== void 0)
    parts.push(`estimated ${formatDuration(r.estimatedSeconds)}`);
  const stall = r["stall"];
  if (stall !== void 0)
    parts.push(
      `HANGS with ${stall.nodesLeft ?? "?"} node(s) left: ${stall.reason ?? ""}`
    );
  return `live plan ${key2}: ${parts.join("; ")}`;
}
var LIVE_FINDING_CODES = /* @__PURE__ */ new Set([
  "no-eligible-nodes",
  "coverage-drop",
  "pods-will-not-fit",
  "surge-window-will-not-fit",
  "rollout-will-hang",
  "rollout-never-completes",
  "budget-consumed-by-unhealthy-nodes",
  "max-unavailable-large",
  "slow-rollout",
  "rollout-in-progress"
]);
function livePlanReport(plan) {
  const lines = plan.daemonSets.filter((ds) => ds.change !== "removed").map(livePlanLine);
  const findings = [
    ...plan.findings,
    ...plan.daemonSets.flatMap((ds) => ds.findings)
  ].filter((f) => f.severity !== "info");
  const live = findings.filter((f) => LIVE_FINDING_CODES.has(f.code));
  const other = findings.length - live.length;
  if (other > 0)
    lines.push(
      `live plan: ${other} more warning(s) about the manifests themselves (as in the reviewed plan; see ds-rollout plan)`
    );
  const warnings = live.map(
    (f) => `live plan ${f.severity}${f.namespace === void 0 ? "" : ` ${f.namespace}/${f.name ?? ""}`}: ${f.message}`
  );
  return { lines, warnings };
}
function livePlanSeconds(plan, namespace, name) {
  const ds = plan.daemonSets.find(
    (d) => d.namespace === namespace && d.name === name && d.change !== "removed"
  );
  if (ds === void 0 || !ds.rollout.triggered) return void 0;
  return ds.rollout.estimatedSeconds;
}
function compareWithReviewed(live, reviewed) {
  if (typeof reviewed !== "object" || reviewed === null) return [];
  const daemonSets = reviewed.daemonSets;
  if (!Array.isArray(daemonSets)) return [];
  const out = [];
  for (const item of daemonSets) {
    if (typeof item !== "object" || item === null) continue;
    if (item.change === "removed") continue;
    const key2 = `${item.namespace}/${item.name}`;
    const now = live.daemonSets.find(
      (d) => d.namespace === item.namespace && d.name === item.name && d.change !== "removed"
    );
    if (now === void 0) continue;
    const said = item.rollout?.triggered;
    if (typeof said === "boolean" && said !== now.rollout.triggered)
      out.push(
        `DaemonSet ${key2}: the reviewed plan said ${said ? "the change rolls out" : "no pods are replaced"}, but against the live cluster ${now.rollout.triggered ? "it rolls out" : "no pods are replaced (the live template already matches)"}`
      );
    const desired = item.rollout?.desired;
    if (typeof desired === "number" && now.rollout.desired !== void 0 && desired !== now.rollout.desired)
      out.push(
        `DaemonSet ${key2}: the reviewed plan simulated ${desired} desired node(s), the live cluster has ${now.rollout.desired}: its snapshot is stale, so its waves and estimate may be off`
      );
  }
  return out;
}
function reviewedSeconds(reviewed, namespace, name) {
  if (typeof reviewed !== "object" || reviewed === null) return void 0;
  const daemonSets = reviewed.daemonSets;
  if (!Array.isArray(daemonSets)) return void 0;
  for (const item of daemonSets) {
    if (typeof item !== "object" || item === null) continue;
    if (item.namespace !== namespace || item.name !== name) continue;
    if (item.change === "removed") continue;
    const s = item.rollout?.estimatedSeconds;
    return typeof s === "number" ? s : void 0;
  }
  return void 0;
}

// src/core/deploy/progress.ts
function currentWave(plannedWaves, updated) {
  if (plannedWaves.length === 0) return void 0;
  let done = 0;
  for (const [i, nodes] of plannedWaves.entries()) {
    done += nodes;
    if (updated < done) return { index: i + 1, total: plannedWaves.length };
  }
  return { index: plannedWaves.length, total: plannedWaves.length };
}
function progressLine(input) {
  const p = input.progress;
  const parts = [
    `${p.updated}/${p.desired} updated, ${p.available}/${p.desired} available, ${p.unavailable}/${p.desired} unavailable`
  ];
  if (input.waveLabel !== void 0) parts.push(input.waveLabel);
  else if (input.plannedWaves !== void 0) {
    const wave = currentWave(input.plannedWaves, p.updated);
    if (wave !== void 0)
      parts.push(`wave ~${wave.index}/${wave.total} (plan)`);
  }
  parts.push(`elapsed ${formatDuration(input.elapsedSeconds)}`);
  if (input.planned !== void 0) {
    const left = input.planned.seconds - input.elapsedSeconds;
    parts.push(
      left >= 0 ? `ETA ~${formatDuration(left)} (${input.planned.source} estimate ${formatDuration(input.planned.seconds)})` : `over the ${input.planned.source} estimate of ${formatDuration(input.planned.seconds)} by ${formatDuration(-left)}`
    );
  }
  if (input.paceFrom !== void 0 && p.updated > input.paceFrom && p.updated < p.desired && input.elapsedSeconds > 0) {
    const perNode = input.elapsedSeconds / (p.updated - input.paceFrom);
    parts.push(
      `~${formatDuration(perNode * (p.desired - p.updated))} left at the current pace`
    );
  }
  if (input.soaking === true) parts.push("soaking");
  if (!p.observed)
    parts.push("waiting for the controller to observe the change");
  return `[${input.key}] ${input.phase}: ${parts.join(", ")}`;
}
var PROGRESS_LINE_INTERVAL_MS = 5e3;
function progressThrottle(intervalMs = PROGRESS_LINE_INTERVAL_MS) {
  let last = -Infinity;
  let lastStatus = "";
  return {
    shouldPrint(nowMs, status, waiting) {
      if (nowMs - last < intervalMs && status === lastStatus && waiting)
        return false;
      last = nowMs;
      lastStatus = status;
      return true;
    },
    reset() {
      last = -Infinity;
    }
  };
}

// src/adapters/kube/live-snapshot.ts
async function readLiveSnapshot(client, options) {
  const pageOptions = {
    ...options.signal === void 0 ? {} : { signal: options.signal },
    ...options.pageSize === void 0 ? {} : { pageSize: options.pageSize }
  };
  const nodes = [];
  await client.listPages(
    "/api/v1/nodes",
    {},
    (page) => {
      nodes.push(...page);
    },
    { object: "nodes", ...pageOptions }
  );
  const builder = snapshotBuilder({ nodes, daemonSets: options.daemonSets });
  const query = {
    fieldSelector: "status.phase!=Succeeded,status.phase!=Failed"
  };
  const paths = options.podNamespaces === void 0 ? ["/api/v1/pods"] : [...new Set(options.podNamespaces)].map(
    (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`
  );
  for (const path of paths) {
    await client.listPages(path, query, (page) => builder.addPods(page), {
      object: "pods",
      ...pageOptions
    });
  }
  return builder.finish();
}

// src/deploy/live-plan.ts
function apiMessage(err) {
  if (err instanceof KubeApiError)
    return `${err.apiMessage} (${err.status} ${err.reason})`;
  return err instanceof Error ? err.message : String(err);
}
async function computeLivePlan(client, targets, canListNodes, signal, reviewedPlan) {
  const daemonSets = targets.filter((t) => t.item.object.kind === "DaemonSet");
  if (daemonSets.length === 0) return { skipped: "no DaemonSet in the bundle" };
  if (!canListNodes)
    return {
      skipped: "the token may not list nodes; grant list nodes (examples/rbac) or pass --no-live-plan"
    };
  const start = client.requests.total;
  const warnings = [];
  try {
    const cluster = await client.canI({
      verb: "list",
      group: "",
      resource: "pods"
    });
    let podNamespaces;
    if (!cluster.allowed) {
      podNamespaces = daemonSets.map((t) => t.namespace ?? "default");
      warnings.push(
        `live plan: the token may not list pods in all namespaces, so only pods in ${[...new Set(podNamespaces)].join(", ")} were read; whether the new pods fit next to other workloads was not checked`
      );
    }
    const snapshot = await readLiveSnapshot(client, {
      daemonSets: daemonSets.flatMap(
        (t) => t.live === null ? [] : [t.live]
      ),
      ...podNamespaces === void 0 ? {} : { podNamespaces },
      signal
    });
    const input = daemonSets.map((t) => ({
      live: t.live,
      head: t.dryRun ?? t.item.object,
      source: t.item.source
    }));
    const plan = buildLivePlan(input, snapshot);
    const report = livePlanReport(plan);
    const disagreements = compareWithReviewed(plan, reviewedPlan);
    return {
      plan,
      lines: report.lines,
      warnings: [...disagreements, ...warnings, ...report.warnings],
      requests: client.requests.total - start,
      nodes: snapshot.nodes.length
    };
  } catch (err) {
    return {
      skipped: `could not read the live nodes and pods: ${apiMessage(err)}`
    };
  }
}

// src/core/undo/compare.ts
var PRESENCE_KEYS = /* @__PURE__ */ new Set(["emptyDir"]);
function normaliseTemplate(value, key2 = "") {
  if (value === null || value === void 0) return void 0;
  if (Array.isArray(value)) {
    const items = value.map((v) => normaliseTemplate(v));
    return items.length === 0 ? void 0 : items;
  }
  if (typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$patch") continue;
      const n = normaliseTemplate(v, k);
      if (n !== void 0) out[k] = n;
    }
    if (Object.keys(out).length === 0 && !PRESENCE_KEYS.has(key2))
      return void 0;
    return out;
  }
  return value;
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (typeof a === "object") {
    if (Array.isArray(b)) return false;
    const ao = a;
    const bo = b;
    const ak = Object.keys(ao);
    if (ak.length !== Object.keys(bo).length) return false;
    return ak.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
  }
  return false;
}
function templatesEqual(live, revision) {
  return deepEqual(normaliseTemplate(live), normaliseTemplate(revision));
}

// src/core/undo/history.ts
function controlledRevisions(revisions, ds) {
  const uid = ds.metadata?.uid;
  return revisions.filter(
    (r) => r.metadata?.ownerReferences?.some(
      (o) => o.controller === true && uid !== void 0 && o.uid === uid
    )
  );
}
function pickRollbackRevision(revisions, toRevision) {
  if (toRevision < 0) {
    return {
      ok: false,
      message: `unable to find specified revision ${toRevision} in history`
    };
  }
  if (toRevision > 0) {
    const found = revisions.find((r) => (r.revision ?? 0) === toRevision);
    return found === void 0 ? {
      ok: false,
      message: `unable to find specified revision ${toRevision} in history`
    } : { ok: true, revision: found };
  }
  if (revisions.length <= 1)
    return { ok: false, message: "no last revision to roll back to" };
  const sorted = [...revisions].sort(
    (a, b) => (a.revision ?? 0) - (b.revision ?? 0)
  );
  return { ok: true, revision: sorted[sorted.length - 2] };
}
function latestRevision(revisions) {
  let best;
  for (const r of revisions) {
    if (best === void 0 || (r.revision ?? 0) > (best.revision ?? 0)) best = r;
  }
  return best;
}
function revisionHash(revision, dsName) {
  const label2 = revision.metadata?.labels?.["controller-revision-hash"];
  if (label2 !== void 0) return label2;
  const name = revision.metadata?.name;
  if (name?.startsWith(`${dsName}-`) === true)
    return name.slice(dsName.length + 1);
  return name;
}
function revisionTemplate(revision) {
  const data = revision.data;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return void 0;
  const spec = data["spec"];
  if (typeof spec !== "object" || spec === null || Array.isArray(spec))
    return void 0;
  return spec["template"];
}

// src/core/gate/pod-signals.ts
var IMAGE_REASONS = /* @__PURE__ */ new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "ImageInspectError",
  "ErrImageNeverPull",
  "InvalidImageName",
  "RegistryUnavailable",
  "SignatureValidationFailed",
  "RROUnsupported"
]);
var SETUP_REASONS = /* @__PURE__ */ new Set([
  "CreateContainerConfigError",
  "PreCreateHookError",
  "CreateContainerError",
  "PreStartHookError",
  "PostStartHookError"
]);
var RUNTIME_REASONS = /* @__PURE__ */ new Set([
  "RunContainerError",
  "RunInitContainerError",
  "VerifyNonRootError",
  "CreatePodSandboxError",
  "ConfigPodSandboxError",
  "KillPodSandboxError",
  "KillContainerError"
]);
var UNSCHEDULABLE_REASONS = /* @__PURE__ */ new Set([
  "Unschedulable",
  "SchedulingGated",
  "SchedulerError"
]);
function record(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
}
function str(value) {
  return typeof value === "string" ? value : void 0;
}
function num(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : void 0;
}
function containerSignals(list, init) {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const status = record(entry);
    if (status === void 0) return [];
    const state = record(status["state"]);
    const waiting = record(state?.["waiting"]);
    const last = record(record(status["lastState"])?.["terminated"]);
    const signal = {
      name: str(status["name"]) ?? "?",
      init,
      ready: status["ready"] === true,
      restartCount: num(status["restartCount"]) ?? 0
    };
    const reason = str(waiting?.["reason"]);
    if (reason !== void 0) signal.waitingReason = reason;
    const message = str(waiting?.["message"]);
    if (message !== void 0) signal.waitingMessage = message;
    if (last !== void 0) {
      const terminated = {};
      const r = str(last["reason"]);
      if (r !== void 0) terminated.reason = r;
      const code2 = num(last["exitCode"]);
      if (code2 !== void 0) terminated.exitCode = code2;
      const m = str(last["message"]);
      if (m !== void 0) terminated.message = m;
      signal.lastTerminated = terminated;
    }
    return [signal];
  });
}
function podContainerSignals(pod) {
  return [
    ...containerSignals(pod.status?.initContainerStatuses, true),
    ...containerSignals(pod.status?.containerStatuses, false)
  ];
}
function podBelongsTo(pod, ds) {
  const uid = ds.metadata?.uid;
  if (uid === void 0) return false;
  const owner = pod.metadata?.ownerReferences?.find(
    (r) => r.controller === true
  );
  if (owner === void 0 || owner.uid !== uid) return false;
  return labelSelectorMatches(
    ds.spec?.selector ?? {},
    pod.metadata?.labels ?? {}
  );
}
function podNodeName(pod) {
  if (pod.spec?.nodeName !== void 0 && pod.spec.nodeName !== "")
    return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (field.key === "metadata.name" && field.operator === "In" && field.values?.length === 1) {
        return field.values[0];
      }
    }
  }
  return void 0;
}
function templateGeneration(ds) {
  return ds.metadata?.annotations?.["deprecated.daemonset.template.generation"];
}
function podIsUpdated(pod, ds, currentHash) {
  const labels = pod.metadata?.labels ?? {};
  if (currentHash !== void 0 && labels["controller-revision-hash"] === currentHash)
    return true;
  const generation = templateGeneration(ds);
  return generation !== void 0 && labels["pod-template-generation"] === generation;
}
function podIsReady(pod) {
  return pod.status?.conditions?.some(
    (c) => c.type === "Ready" && c.status === "True"
  ) === true;
}
function podUnschedulableReason(pod) {
  const condition = pod.status?.conditions?.find(
    (c) => c.type === "PodScheduled" && c.status === "False"
  );
  if (condition?.reason === void 0) return void 0;
  if (!UNSCHEDULABLE_REASONS.has(condition.reason)) return void 0;
  return condition.message === void 0 ? { reason: condition.reason } : { reason: condition.reason, message: condition.message };
}
function podIsAvailable(pod, minReadySeconds, now) {
  const ready = pod.status?.conditions?.find(
    (c) => c.type === "Ready" && c.status === "True"
  );
  if (ready === void 0) return false;
  if (minReadySeconds <= 0) return true;
  if (ready.lastTransitionTime === void 0) return false;
  const since = Date.parse(ready.lastTransitionTime);
  return Number.isFinite(since) && since + minReadySeconds * 1e3 <= now;
}

// src/core/gate/evaluate.ts
function startGate(now) {
  return {
    startedAt: now,
    lastProgressKey: "",
    lastProgressAt: now,
    unschedulableSince: {},
    soakRestarts: {},
    notReadyNodes: [],
    timeline: [{ at: 0, kind: "started", message: "gate started" }],
    nodeProblems: [],
    progress: {
      desired: 0,
      updated: 0,
      ready: 0,
      available: 0,
      unavailable: 0,
      observed: false,
      elapsedSeconds: 0
    }
  };
}
function resolveBudget(value, desired) {
  if (typeof value === "number") return value;
  const match = /^(\d+)%$/.exec(value.trim());
  if (match === null) {
    const n = Number(value);
    return Number.isInteger(n) ? n : 0;
  }
  return Math.ceil(Number(match[1]) * desired / 100);
}
function nodeIsReady(node) {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True";
}
function podName(pod) {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? "?"}`.replace(
    /^\//,
    ""
  );
}
function describeLast(last) {
  if (last === void 0) return void 0;
  let text = last.reason ?? "Terminated";
  if (last.exitCode !== void 0) text += ` (exit ${last.exitCode})`;
  if (last.message !== void 0 && last.message !== "")
    text += `: ${last.message.trim().split("\n").slice(-3).join(" / ")}`;
  return text;
}
var REASON_ORDER = [
  "image",
  "setup",
  "crash-loop",
  "restarts",
  "unschedulable"
];
function classifyPod(pod, uid, state, now, options) {
  const node = podNodeName(pod);
  const base = (reason) => {
    const problem = { pod: podName(pod), reason, updated: true };
    if (node !== void 0) problem.node = node;
    return problem;
  };
  const signals = podContainerSignals(pod);
  for (const s of signals) {
    const reason = s.waitingReason;
    if (reason === void 0) continue;
    let category;
    if (IMAGE_REASONS.has(reason)) category = "image";
    else if (SETUP_REASONS.has(reason) || RUNTIME_REASONS.has(reason))
      category = "setup";
    else if (reason === "CrashLoopBackOff" && s.restartCount >= options.maxRestarts)
      category = "crash-loop";
    if (category === void 0) continue;
    const problem = base(reason);
    problem.container = s.init ? `${s.name} (init)` : s.name;
    if (s.waitingMessage !== void 0) problem.message = s.waitingMessage;
    problem.restartCount = s.restartCount;
    const last = describeLast(s.lastTerminated);
    if (last !== void 0) problem.lastState = last;
    return { reason: category, problem };
  }
  for (const s of signals) {
    if (s.restartCount > options.maxRestarts) {
      const problem = base("Restarts");
      problem.container = s.init ? `${s.name} (init)` : s.name;
      problem.restartCount = s.restartCount;
      problem.message = `${s.restartCount} restarts (max-restarts ${options.maxRestarts})`;
      const last = describeLast(s.lastTerminated);
      if (last !== void 0) problem.lastState = last;
      return { reason: "restarts", problem };
    }
  }
  const unschedulable = podUnschedulableReason(pod);
  if (unschedulable === void 0) {
    delete state.unschedulableSince[uid];
  } else {
    const since = state.unschedulableSince[uid] ?? now;
    state.unschedulableSince[uid] = since;
    if (now - since >= options.unschedulableGraceSeconds * 1e3) {
      const problem = base(unschedulable.reason);
      if (unschedulable.message !== void 0)
        problem.message = unschedulable.message;
      return { reason: "unschedulable", problem };
    }
  }
  return void 0;
}
function stuckPods(updatedPods) {
  return updatedPods.filter((p) => !podIsReady(p)).slice(0, 20).map((p) => {
    const signals = podContainerSignals(p);
    const waiting = signals.find((s) => s.waitingReason !== void 0);
    const unschedulable = podUnschedulableReason(p);
    const problem = {
      pod: podName(p),
      reason: waiting?.waitingReason ?? unschedulable?.reason ?? p.status?.phase ?? "NotReady",
      updated: true
    };
    const node = podNodeName(p);
    if (node !== void 0) problem.node = node;
    if (waiting !== void 0)
      problem.container = waiting.init ? `${waiting.name} (init)` : waiting.name;
    const restarts = signals.reduce((n, s) => n + s.restartCount, 0);
    if (restarts > 0) problem.restartCount = restarts;
    return problem;
  });
}
function totalRestarts(pod) {
  return podContainerSignals(pod).reduce((n, s) => n + s.restartCount, 0);
}
function addTimeline(state, now, kind, message) {
  const entry = {
    at: Math.round((now - state.startedAt) / 100) / 10,
    kind,
    message
  };
  state.timeline.push(entry);
}
function finish(state, now, verdict, progress) {
  state.final = verdict;
  addTimeline(
    state,
    now,
    verdict.status === "succeeded" ? "succeeded" : "failed",
    verdict.message
  );
  return { state, verdict, progress };
}
function progressOf(ds, elapsedSeconds) {
  const status = ds.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  return {
    desired,
    updated: status.updatedNumberScheduled ?? 0,
    ready: status.numberReady ?? 0,
    available,
    unavailable: status.numberUnavailable ?? Math.max(0, desired - available),
    observed: (ds.metadata?.generation ?? 0) <= (status.observedGeneration ?? -1),
    elapsedSeconds
  };
}
function decile(n, d) {
  return d === 0 ? 10 : Math.floor(n * 10 / d);
}
function stepGate(state, observation, now, options) {
  const elapsed = (now - state.startedAt) / 1e3;
  if (state.final !== void 0)
    return { state, verdict: state.final, progress: state.progress };
  const ds = observation.daemonSet;
  if (ds === null) {
    return finish(
      state,
      now,
      {
        status: "failed",
        reason: "deleted",
        message: "the DaemonSet was deleted during the rollout",
        failing: []
      },
      state.progress
    );
  }
  const progress = progressOf(ds, Math.round(elapsed * 10) / 10);
  state.progress = progress;
  const scope = observation.scopeNodes === void 0 ? void 0 : new Set(observation.scopeNodes);
  const strategy = ds.spec?.updateStrategy?.type ?? "RollingUpdate";
  if (strategy !== "RollingUpdate" && scope === void 0) {
    return finish(
      state,
      now,
      {
        status: "failed",
        reason: "not-rolling-update",
        message: `rollout status is only available for RollingUpdate strategy type (this DaemonSet uses ${strategy})`,
        failing: []
      },
      progress
    );
  }
  const timedOut = elapsed > options.timeoutSeconds;
  if (!progress.observed) {
    if (timedOut) {
      return finish(
        state,
        now,
        {
          status: "failed",
          reason: "timeout",
          message: `the controller did not observe generation ${ds.metadata?.generation ?? "?"} within ${options.timeoutSeconds}s`,
          failing: []
        },
        progress
      );
    }
    return {
      state,
      verdict: {
        status: "waiting",
        phase: "observe",
        message: "Waiting for daemon set spec update to be observed..."
      },
      progress
    };
  }
  if (state.observedAt === void 0) {
    state.observedAt = now;
    addTimeline(
      state,
      now,
      "observed",
      `controller observed generation ${ds.metadata?.generation ?? "?"}`
    );
  }
  const notReady = new Set(
    (observation.nodes ?? []).filter((n) => !nodeIsReady(n)).map((n) => n.metadata?.name ?? "")
  );
  for (const name of notReady) {
    if (!state.notReadyNodes.includes(name))
      addTimeline(state, now, "node-not-ready", `node ${name} is NotReady`);
  }
  for (const name of state.notReadyNodes) {
    if (!notReady.has(name))
      addTimeline(state, now, "node-ready", `node ${name} is Ready again`);
  }
  state.notReadyNodes = [...notReady].sort();
  const pods = observation.pods.filter(
    (p) => podBelongsTo(p, ds) && p.metadata?.deletionTimestamp === void 0 && (scope === void 0 || scope.has(podNodeName(p) ?? ""))
  );
  const updatedPods = pods.filter(
    (p) => podIsUpdated(p, ds, observation.currentHash)
  );
  if (scope !== void 0) {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const updatedNodes = new Set(updatedPods.map((p) => podNodeName(p) ?? ""));
    const readyNodes = new Set(
      updatedPods.filter(podIsReady).map((p) => podNodeName(p) ?? "")
    );
    const availableNodes = new Set(
      updatedPods.filter((p) => podIsAvailable(p, minReady, now)).map((p) => podNodeName(p) ?? "")
    );
    progress.desired = scope.size;
    progress.updated = [...scope].filter((n) => updatedNodes.has(n)).length;
    progress.ready = [...scope].filter((n) => readyNodes.has(n)).length;
    progress.available = [...scope].filter((n) => availableNodes.has(n)).length;
    progress.unavailable = progress.desired - progress.available;
  }
  const failing = [];
  for (const pod of updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? "";
    const found = classifyPod(pod, uid, state, now, options);
    if (found === void 0) continue;
    const node = found.problem.node;
    if (options.attributeNotReadyNodes && node !== void 0 && notReady.has(node)) {
      const known = state.nodeProblems.some(
        (p) => p.pod === found.problem.pod && p.reason === found.problem.reason
      );
      if (!known) {
        state.nodeProblems.push(found.problem);
        addTimeline(
          state,
          now,
          "problem",
          `${found.problem.pod} on NotReady node ${node}: ${found.problem.reason} (attributed to the node)`
        );
      }
      continue;
    }
    failing.push(found);
  }
  if (failing.length > 0) {
    failing.sort(
      (a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)
    );
    const first = failing[0];
    const where2 = first.problem.node === void 0 ? "" : ` on node ${first.problem.node}`;
    return finish(
      state,
      now,
      {
        status: "failed",
        reason: first.reason,
        message: `new pod ${first.problem.pod}${where2}: ${first.problem.reason}${first.problem.message === void 0 ? "" : ` (${first.problem.message})`}`,
        failing: failing.map((f) => f.problem)
      },
      progress
    );
  }
  const sickWithPods = options.attributeNotReadyNodes ? new Set(
    pods.map((p) => podNodeName(p)).filter((n) => n !== void 0 && notReady.has(n))
  ).size : 0;
  if (state.soakStartedAt !== void 0) {
    for (const pod of updatedPods) {
      const uid = pod.metadata?.uid ?? pod.metadata?.name ?? "";
      const restarts = totalRestarts(pod);
      const baseline = state.soakRestarts[uid];
      if (baseline === void 0) {
        state.soakRestarts[uid] = restarts;
      } else if (restarts > baseline) {
        const node = podNodeName(pod);
        if (options.attributeNotReadyNodes && node !== void 0 && notReady.has(node))
          continue;
        const problem = {
          pod: podName(pod),
          reason: "RestartedDuringSoak",
          restartCount: restarts,
          message: `restarted ${restarts - baseline} time(s) within the ${options.soakSeconds}s soak`,
          updated: true
        };
        if (node !== void 0) problem.node = node;
        const last = podContainerSignals(pod).find(
          (s) => s.lastTerminated !== void 0
        );
        const lastText = describeLast(last?.lastTerminated);
        if (lastText !== void 0) problem.lastState = lastText;
        return finish(
          state,
          now,
          {
            status: "failed",
            reason: "restarted-during-soak",
            message: `new pod ${problem.pod}${node === void 0 ? "" : ` on node ${node}`} restarted during the soak`,
            failing: [problem]
          },
          progress
        );
      }
    }
  }
  if (options.maxUnavailable !== void 0 && scope === void 0) {
    const budget = resolveBudget(options.maxUnavailable, progress.desired);
    const unavailable = progress.unavailable - sickWithPods;
    if (unavailable > budget) {
      return finish(
        state,
        now,
        {
          status: "failed",
          reason: "unavailable-budget",
          message: `${unavailable} of ${progress.desired} pods unavailable, above the gate's max-unavailable ${budget}`,
          failing: []
        },
        progress
      );
    }
  }
  const newReady = updatedPods.filter(podIsReady).length;
  const key2 = `${progress.desired}/${progress.updated}/${progress.ready}/${progress.available}/${newReady}`;
  if (key2 !== state.lastProgressKey) {
    const before = state.lastProgressKey.split("/").map(Number);
    if (state.lastProgressKey === "" || decile(progress.updated, progress.desired) !== decile(before[1] ?? 0, before[0] ?? 0) || decile(progress.available, progress.desired) !== decile(before[3] ?? 0, before[0] ?? 0)) {
      addTimeline(
        state,
        now,
        "progress",
        `${progress.updated} updated, ${progress.available} available of ${progress.desired}`
      );
    }
    state.lastProgressKey = key2;
    state.lastProgressAt = now;
  }
  const complete = progress.updated + sickWithPods >= progress.desired && progress.available + sickWithPods >= progress.desired;
  if (complete) {
    if (state.soakStartedAt === void 0) {
      state.soakStartedAt = now;
      state.soakRestarts = {};
      for (const pod of updatedPods) {
        state.soakRestarts[pod.metadata?.uid ?? pod.metadata?.name ?? ""] = totalRestarts(pod);
      }
      addTimeline(
        state,
        now,
        "complete",
        `all ${progress.desired} pods updated and available${sickWithPods > 0 ? ` (${sickWithPods} on NotReady nodes)` : ""}; soaking ${options.soakSeconds}s`
      );
    }
    if (now - state.soakStartedAt >= options.soakSeconds * 1e3) {
      return finish(
        state,
        now,
        {
          status: "succeeded",
          message: scope === void 0 ? `daemon set "${ds.metadata?.name ?? "?"}" successfully rolled out${sickWithPods > 0 ? ` (${sickWithPods} node(s) NotReady, attributed to the nodes)` : ""}` : `${progress.available} of ${scope.size} node(s) run the new revision, available and soaked${sickWithPods > 0 ? ` (${sickWithPods} NotReady, attributed to the nodes)` : ""}`
        },
        progress
      );
    }
  } else if (state.soakStartedAt !== void 0) {
    delete state.soakStartedAt;
    addTimeline(
      state,
      now,
      "soak-reset",
      "rollout no longer complete; soak restarts"
    );
  }
  if (timedOut) {
    return finish(
      state,
      now,
      {
        status: "failed",
        reason: "timeout",
        message: `rollout did not finish within ${options.timeoutSeconds}s (${progress.updated} updated, ${progress.available} available of ${progress.desired})`,
        failing: stuckPods(updatedPods)
      },
      progress
    );
  }
  if (!complete && now - state.lastProgressAt > options.progressDeadlineSeconds * 1e3) {
    return finish(
      state,
      now,
      {
        status: "failed",
        reason: "no-progress",
        message: `no progress for ${options.progressDeadlineSeconds}s (${progress.updated} updated, ${progress.available} available of ${progress.desired})${state.notReadyNodes.length > 0 ? `; NotReady node(s) ${state.notReadyNodes.slice(0, 5).join(", ")}${state.notReadyNodes.length > 5 ? ", ..." : ""} count as unavailable and can hold the rollout (R3.10): check the nodes before blaming the revision` : ""}`,
        failing: stuckPods(updatedPods)
      },
      progress
    );
  }
  if (complete) {
    return {
      state,
      verdict: {
        status: "waiting",
        phase: "soak",
        message: `soaking: ${Math.ceil(options.soakSeconds - (now - (state.soakStartedAt ?? now)) / 1e3)}s left`
      },
      progress
    };
  }
  const message = progress.updated < progress.desired ? `Waiting for daemon set "${ds.metadata?.name ?? "?"}" rollout to finish: ${progress.updated} out of ${progress.desired} new pods have been updated...` : `Waiting for daemon set "${ds.metadata?.name ?? "?"}" rollout to finish: ${progress.available} of ${progress.desired} updated pods are available...`;
  return {
    state,
    verdict: { status: "waiting", phase: "rollout", message },
    progress
  };
}
function nextGateDeadline(state, options) {
  const candidates = [
    state.startedAt + options.timeoutSeconds * 1e3 + 1,
    state.lastProgressAt + options.progressDeadlineSeconds * 1e3 + 1
  ];
  if (state.soakStartedAt !== void 0)
    candidates.push(state.soakStartedAt + options.soakSeconds * 1e3);
  for (const since of Object.values(state.unschedulableSince))
    candidates.push(since + options.unschedulableGraceSeconds * 1e3);
  return Math.min(...candidates);
}

// src/deploy/gate-runner.ts
async function runGate(namespace, name, options, deps, signal) {
  const now = deps.now ?? Date.now;
  const client = deps.client;
  let state = startGate(now());
  let currentRevision;
  let resolvingRevision = false;
  let finished;
  let wake;
  const poke = () => wake?.();
  const initial = await client.get(
    "apps/v1",
    "DaemonSet",
    name,
    namespace
  );
  if (initial === null) {
    const step = stepGate(state, { daemonSet: null, pods: [] }, now(), options);
    return {
      verdict: step.verdict,
      state: step.state,
      progress: step.progress,
      watchStats: { watches: 0, relists410: 0, reconnects: 0 }
    };
  }
  const dsWatch = new ListWatch(
    client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    poke,
    deps.listWatchOptions
  );
  const podWatch = new ListWatch(
    client,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    { labelSelector: selectorToString(initial.spec?.selector) || void 0 },
    poke,
    deps.listWatchOptions
  );
  const nodeWatch = deps.watchNodes ? new ListWatch(
    client,
    "/api/v1/nodes",
    {},
    poke,
    deps.listWatchOptions
  ) : void 0;
  const watches = [
    dsWatch,
    podWatch,
    ...nodeWatch === void 0 ? [] : [nodeWatch]
  ];
  async function resolveRevision(ds) {
    if (resolvingRevision) return;
    resolvingRevision = true;
    try {
      const list = await client.list(
        `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
        { labelSelector: selectorToString(ds.spec?.selector) || void 0 }
      );
      const mine = controlledRevisions(list.items, ds);
      const match = mine.filter((r) => {
        const data = r.data;
        return templatesEqual(
          ds.spec?.template,
          data?.spec?.template
        );
      }).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
      if (match !== void 0) currentRevision = match;
    } catch (err) {
      deps.log?.(
        `could not list ControllerRevisions: ${err instanceof Error ? err.message : String(err)}`
      );
    } finally {
      resolvingRevision = false;
      poke();
    }
  }
  const onAbort = () => {
    finished ??= {
      status: "cancelled",
      message: "cancelled while waiting for the rollout"
    };
    poke();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    for (const w of watches) await w.start();
    let lastKey = "";
    let revisionTries = 0;
    while (finished === void 0) {
      const ds = dsWatch.items().find((d) => d.metadata?.name === name) ?? null;
      if (ds !== null && currentRevision === void 0 && (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0) && revisionTries < 20) {
        revisionTries += 1;
        void resolveRevision(ds);
      }
      const observation = {
        daemonSet: ds,
        pods: podWatch.items(),
        ...nodeWatch === void 0 ? {} : { nodes: nodeWatch.items() },
        ...deps.scopeNodes === void 0 ? {} : { scopeNodes: deps.scopeNodes },
        ...currentRevision === void 0 || ds === null ? {} : { currentHash: revisionHash(currentRevision, name) }
      };
      const step = stepGate(state, observation, now(), options);
      state = step.state;
      const key2 = JSON.stringify(step.progress) + step.verdict.status;
      if (key2 !== lastKey) {
        lastKey = key2;
        deps.onProgress?.(step.progress, step.verdict);
      }
      if (step.verdict.status !== "waiting") {
        finished = step.verdict;
        break;
      }
      const deadline = nextGateDeadline(state, options);
      await new Promise((resolve) => {
        const timer = setTimeout(
          resolve,
          Math.max(10, Math.min(deadline - now(), 5e3))
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = void 0;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    await Promise.all(watches.map((w) => w.stop()));
  }
  const result = {
    verdict: finished,
    state,
    progress: state.progress,
    watchStats: {
      watches: watches.reduce((n, w) => n + w.stats.watches, 0),
      relists410: watches.reduce((n, w) => n + w.stats.relists410, 0),
      reconnects: watches.reduce((n, w) => n + w.stats.reconnects, 0)
    }
  };
  if (currentRevision !== void 0) result.currentRevision = currentRevision;
  return result;
}

// src/core/deploy/access.ts
function neededAccess(targets, options) {
  const out = [];
  const add = (a) => {
    if (!out.some(
      (o) => o.verb === a.verb && o.group === a.group && o.resource === a.resource && o.namespace === a.namespace
    ))
      out.push(a);
  };
  for (const t of targets) {
    const base = {
      group: t.group,
      resource: t.resource,
      ...t.namespace === void 0 ? {} : { namespace: t.namespace }
    };
    add({ verb: "get", ...base, why: `read ${t.kind} before changing it` });
    add({ verb: "patch", ...base, why: `server-side apply of ${t.kind}` });
    if (!t.exists) add({ verb: "create", ...base, why: `create ${t.kind}` });
    if ((t.kind === "ConfigMap" || t.kind === "Secret") && options.undo && t.exists)
      add({
        verb: "update",
        ...base,
        why: `restore the recorded ${t.kind} on undo`
      });
    if (t.kind === "DaemonSet") {
      const ns = t.namespace === void 0 ? {} : { namespace: t.namespace };
      add({
        verb: "list",
        group: "apps",
        resource: "daemonsets",
        ...ns,
        why: "gate: list the DaemonSet"
      });
      add({
        verb: "watch",
        group: "apps",
        resource: "daemonsets",
        ...ns,
        why: "gate: watch the DaemonSet"
      });
      add({
        verb: "list",
        group: "apps",
        resource: "controllerrevisions",
        ...ns,
        why: "record and undo: list ControllerRevisions (R6.2)"
      });
      add({
        verb: "list",
        group: "",
        resource: "pods",
        ...ns,
        why: "gate: list the DaemonSet pods"
      });
      add({
        verb: "watch",
        group: "",
        resource: "pods",
        ...ns,
        why: "gate: watch the DaemonSet pods"
      });
      add({
        verb: "list",
        group: "",
        resource: "nodes",
        why: "gate: tell sick nodes from a bad revision",
        optional: true
      });
      add({
        verb: "watch",
        group: "",
        resource: "nodes",
        why: "gate: tell sick nodes from a bad revision",
        optional: true
      });
      if (options.canary)
        add({
          verb: "delete",
          group: "",
          resource: "pods",
          ...ns,
          why: "canary: replace pods on canary nodes"
        });
    }
  }
  return out;
}

// src/core/deploy/order.ts
var RANK = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  PriorityClass: 2,
  ServiceAccount: 3,
  ClusterRole: 4,
  ClusterRoleBinding: 5,
  Role: 6,
  RoleBinding: 7,
  ConfigMap: 8,
  Secret: 9,
  DaemonSet: 20
};
function applyOrder(items) {
  return items.map((item, index) => ({ item, index })).sort((a, b) => {
    const ra = RANK[a.item.object.kind ?? ""] ?? 10;
    const rb = RANK[b.item.object.kind ?? ""] ?? 10;
    return ra - rb || a.index - b.index;
  }).map(({ item }) => item);
}
function objectNamespace(obj, namespaced) {
  if (!namespaced) return void 0;
  const ns = obj.metadata?.namespace;
  return ns === void 0 || ns === "" ? "default" : ns;
}
function firstDifference(expected, live, path = "") {
  if (expected === null || expected === void 0) return void 0;
  if (Array.isArray(expected)) {
    if (!Array.isArray(live) || live.length !== expected.length)
      return path || ".";
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], live[i], `${path}[${i}]`);
      if (d !== void 0) return d;
    }
    return void 0;
  }
  if (typeof expected === "object") {
    if (typeof live !== "object" || live === null || Array.isArray(live))
      return path || ".";
    for (const [k, v] of Object.entries(expected)) {
      const d = firstDifference(
        v,
        live[k],
        `${path}.${k}`
      );
      if (d !== void 0) return d;
    }
    return void 0;
  }
  if (expected === live) return void 0;
  if (String(expected) === String(live)) return void 0;
  return path || ".";
}

// src/core/undo/plan-undo.ts
var LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
function planUndo(ds, listed, toRevision = 0) {
  const history = controlledRevisions(listed, ds);
  const pick = pickRollbackRevision(history, toRevision);
  if (!pick.ok) return { kind: "error", message: pick.message };
  const revision = pick.revision;
  const warnings = [];
  if (ds.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== void 0) {
    warnings.push(
      `daemonset ${ds.metadata?.namespace ?? ""}/${ds.metadata?.name ?? ""} has the ${LAST_APPLIED_ANNOTATION} annotation: a later client-side "kubectl apply" re-merges that configuration and may undo this rollback`
    );
  }
  if (templatesEqual(ds.spec?.template, revisionTemplate(revision))) {
    return {
      kind: "skip",
      revision,
      message: `skipped rollback (current template already matches revision ${toRevision})`,
      warnings
    };
  }
  if (revision.data === void 0) {
    return {
      kind: "error",
      message: `revision ${revision.revision ?? "?"} (${revision.metadata?.name ?? "?"}) has no data`
    };
  }
  return {
    kind: "rollback",
    revision,
    patchBody: JSON.stringify(revision.data),
    warnings
  };
}

// src/deploy/preflight.ts
function where(item) {
  return `${item.source.file}:${item.source.line}`;
}
function label(t) {
  const kind = t.item.object.kind ?? "?";
  return `${kind} ${t.namespace === void 0 ? t.name : `${t.namespace}/${t.name}`}`;
}
function apiMessage2(err) {
  if (err instanceof KubeApiError)
    return `${err.apiMessage} (${err.status} ${err.reason})`;
  return err instanceof Error ? err.message : String(err);
}
function equalJson(a, b) {
  return JSON.stringify(normaliseTemplate(a)) === JSON.stringify(normaliseTemplate(b));
}
async function preflight(client, objects, options, log) {
  const problems = [];
  const warnings = [];
  const result = {
    ok: false,
    problems,
    warnings,
    targets: [],
    canWatchNodes: false
  };
  try {
    const version = await client.version();
    if (version.gitVersion !== void 0)
      result.serverVersion = version.gitVersion;
    log(
      `API server reachable${version.gitVersion === void 0 ? "" : ` (${version.gitVersion})`}`
    );
  } catch (err) {
    problems.push(`the API server is not reachable: ${apiMessage2(err)}`);
    return result;
  }
  const ordered = applyOrder(objects);
  const checked = /* @__PURE__ */ new Set();
  for (const item of ordered) {
    const { apiVersion, kind } = item.object;
    if (apiVersion === void 0 || kind === void 0) continue;
    const key2 = `${apiVersion}/${kind}`;
    if (checked.has(key2)) continue;
    checked.add(key2);
    try {
      const why = await client.notServed(apiVersion, kind);
      if (why !== void 0) problems.push(`${where(item)}: ${why}`);
    } catch (err) {
      problems.push(
        `${where(item)}: cannot read API discovery for ${apiVersion}: ${apiMessage2(err)}`
      );
    }
  }
  if (problems.length > 0) return result;
  const targets = [];
  for (const item of ordered) {
    const obj = item.object;
    if (obj.apiVersion === void 0 || obj.kind === void 0 || obj.metadata?.name === void 0) {
      problems.push(
        `${where(item)}: object without apiVersion, kind or metadata.name`
      );
      continue;
    }
    try {
      const info = await client.resource(obj.apiVersion, obj.kind);
      targets.push({
        item,
        info,
        namespace: objectNamespace(obj, info.namespaced),
        name: obj.metadata.name,
        live: null
      });
    } catch (err) {
      problems.push(
        `${where(item)}: ${obj.kind} ${obj.metadata.name}: ${apiMessage2(err)}`
      );
    }
  }
  if (problems.length > 0) return result;
  let nodesDenied = false;
  const checkAll = async (needs2) => {
    const answers = [];
    for (let k = 0; k < needs2.length; k += 10) {
      answers.push(
        ...await Promise.all(
          needs2.slice(k, k + 10).map(async (n) => ({ n, answer: await client.canI(n) }))
        )
      );
    }
    for (const { n, answer } of answers) {
      if (answer.allowed) continue;
      const scope = n.namespace === void 0 ? "cluster-wide" : `in namespace ${n.namespace}`;
      const text = `${n.verb} ${n.group === "" ? "" : `${n.group}/`}${n.resource} ${scope} (${n.why})`;
      if (n.resource === "nodes") nodesDenied = true;
      if (n.optional === true)
        warnings.push(
          `not allowed: ${text}; pods on NotReady nodes will count against the revision`
        );
      else problems.push(`missing permission: ${text}`);
    }
  };
  const accessTargets = targets.map((t) => ({
    group: t.info.group,
    resource: t.info.plural,
    kind: t.item.object.kind ?? "",
    exists: true,
    ...t.namespace === void 0 ? {} : { namespace: t.namespace }
  }));
  const needs = neededAccess(accessTargets, {
    undo: options.undo,
    canary: options.canary
  });
  try {
    await checkAll(needs);
  } catch (err) {
    problems.push(
      `cannot check permissions (SelfSubjectAccessReview): ${apiMessage2(err)}`
    );
    return result;
  }
  result.canWatchNodes = !nodesDenied;
  if (problems.length > 0) return result;
  for (const t of targets) {
    try {
      t.live = await client.get(
        t.item.object.apiVersion ?? "",
        t.item.object.kind ?? "",
        t.name,
        t.namespace
      );
    } catch (err) {
      problems.push(
        `${where(t.item)}: cannot read ${label(t)}: ${apiMessage2(err)}`
      );
    }
  }
  const missing = targets.filter((t) => t.live === null);
  if (missing.length > 0) {
    const createNeeds = neededAccess(
      missing.map((t) => ({
        group: t.info.group,
        resource: t.info.plural,
        kind: t.item.object.kind ?? "",
        exists: false,
        ...t.namespace === void 0 ? {} : { namespace: t.namespace }
      })),
      { undo: false, canary: false }
    ).filter((n) => n.verb === "create");
    await checkAll(createNeeds);
  }
  result.targets = targets;
  if (problems.length > 0) return result;
  const baseDaemonSets = /* @__PURE__ */ new Map();
  for (const b of options.base ?? []) {
    if (b.object.kind === "DaemonSet")
      baseDaemonSets.set(
        `${b.object.metadata?.namespace ?? "default"}/${b.object.metadata?.name ?? ""}`,
        b.object
      );
  }
  for (const t of targets) {
    if (t.item.object.kind !== "DaemonSet") continue;
    const head = t.item.object;
    const live = t.live;
    const key2 = `${t.namespace ?? ""}/${t.name}`;
    if (live !== null) {
      if (head.spec?.selector !== void 0 && !equalJson(head.spec.selector, live.spec?.selector)) {
        problems.push(
          `${where(t.item)}: DaemonSet ${key2}: spec.selector cannot change (R4.8: it is immutable in apps/v1); live ${JSON.stringify(live.spec?.selector)}, manifest ${JSON.stringify(head.spec.selector)}. Delete and re-create the DaemonSet instead.`
        );
      }
      if (live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== void 0) {
        warnings.push(
          `DaemonSet ${key2} carries ${LAST_APPLIED_ANNOTATION}: it was last written by client-side kubectl apply; a later client-side apply may revert fields this run or its undo sets`
        );
      }
    }
    if (options.base !== void 0) {
      const base = baseDaemonSets.get(key2);
      if (base === void 0 && live !== null) {
        problems.push(
          `DaemonSet ${key2}: the cluster drifted from the reviewed plan: the plan's base has no such DaemonSet, but it exists live`
        );
      } else if (base !== void 0 && live === null) {
        problems.push(
          `DaemonSet ${key2}: the cluster drifted from the reviewed plan: the plan's base has it, but it does not exist live`
        );
      } else if (base !== void 0 && live !== null) {
        const diff = firstDifference(
          base.spec?.template,
          live.spec?.template,
          "spec.template"
        );
        if (diff !== void 0)
          problems.push(
            `DaemonSet ${key2}: the cluster drifted from the reviewed plan: live ${diff} differs from the plan's base; re-run the plan against the live cluster`
          );
      }
    }
  }
  if (problems.length > 0) return result;
  const newNamespaces = new Set(
    targets.filter((t) => t.item.object.kind === "Namespace" && t.live === null).map((t) => t.name)
  );
  for (const t of targets) {
    if (t.namespace !== void 0 && newNamespaces.has(t.namespace)) {
      log(
        `dry run skipped for ${label(t)}: its namespace is created by this run`
      );
      continue;
    }
    try {
      t.dryRun = await client.apply(t.item.object, {
        force: options.force,
        dryRun: true
      });
    } catch (err) {
      problems.push(
        `${where(t.item)}: server-side dry run of ${label(t)} failed: ${apiMessage2(err)}`
      );
    }
  }
  log(
    `server-side dry run of ${targets.length} object(s): ${problems.length === 0 ? "passed" : "failed"}`
  );
  result.ok = problems.length === 0;
  return result;
}

// src/adapters/kube/resources.ts
var KNOWN = {
  Namespace: { plural: "namespaces", namespaced: false },
  ServiceAccount: { plural: "serviceaccounts", namespaced: true },
  ConfigMap: { plural: "configmaps", namespaced: true },
  Secret: { plural: "secrets", namespaced: true },
  Service: { plural: "services", namespaced: true },
  Pod: { plural: "pods", namespaced: true },
  Node: { plural: "nodes", namespaced: false },
  DaemonSet: { plural: "daemonsets", namespaced: true },
  Deployment: { plural: "deployments", namespaced: true },
  ControllerRevision: { plural: "controllerrevisions", namespaced: true },
  Role: { plural: "roles", namespaced: true },
  RoleBinding: { plural: "rolebindings", namespaced: true },
  ClusterRole: { plural: "clusterroles", namespaced: false },
  ClusterRoleBinding: { plural: "clusterrolebindings", namespaced: false },
  PodDisruptionBudget: { plural: "poddisruptionbudgets", namespaced: true },
  PriorityClass: { plural: "priorityclasses", namespaced: false },
  CustomResourceDefinition: {
    plural: "customresourcedefinitions",
    namespaced: false
  },
  PodSecurityPolicy: { plural: "podsecuritypolicies", namespaced: false },
  NetworkPolicy: { plural: "networkpolicies", namespaced: true },
  StorageClass: { plural: "storageclasses", namespaced: false },
  CSIDriver: { plural: "csidrivers", namespaced: false },
  ValidatingWebhookConfiguration: {
    plural: "validatingwebhookconfigurations",
    namespaced: false
  },
  MutatingWebhookConfiguration: {
    plural: "mutatingwebhookconfigurations",
    namespaced: false
  },
  APIService: { plural: "apiservices", namespaced: false },
  IngressClass: { plural: "ingressclasses", namespaced: false },
  RuntimeClass: { plural: "runtimeclasses", namespaced: false }
};
function knownResource(apiVersion, kind) {
  const entry = KNOWN[kind];
  if (entry === void 0) return void 0;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  return { group, version, ...entry };
}
function collectionPath(info, namespace) {
  const base = info.group === "" ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  return info.namespaced && namespace !== void 0 ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}
function objectPath(info, name, namespace) {
  return `${collectionPath(info, namespace)}/${pathSegment(name)}`;
}
function describeObject(obj) {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? "?";
  return `${(obj.kind ?? "object").toLowerCase()} ${ns === void 0 ? name : `${ns}/${name}`}`;
}
function pathSegment(name) {
  return encodeURIComponent(name).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

// src/adapters/kube/transport.ts
var DEFAULT_RETRY = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 4e3
};
var KubeTransport = class {
  server;
  counter = { total: 0, byKind: {}, retries: 0 };
  http = new IsomorphicFetchHttpLibrary();
  kc;
  retry;
  sleep;
  constructor(kc, retry = DEFAULT_RETRY, sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
    this.kc = kc;
    this.retry = retry;
    this.sleep = sleep;
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new Error("kubeconfig selects no cluster");
    this.server = cluster.server.replace(/\/+$/, "");
  }
  count(req) {
    const watch = req.query?.["watch"] === true || req.query?.["watch"] === "true";
    const kind = watch ? "WATCH" : req.method;
    this.counter.total += 1;
    this.counter.byKind[kind] = (this.counter.byKind[kind] ?? 0) + 1;
  }
  async send(req) {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== void 0) url.searchParams.set(k, String(v));
    }
    const ctx = new RequestContext(url.toString(), req.method);
    ctx.setHeaderParam("Accept", "application/json");
    if (req.body !== void 0) {
      ctx.setHeaderParam("Content-Type", req.contentType ?? "application/json");
      ctx.setBody(req.body);
    }
    if (req.signal !== void 0) ctx.setSignal(req.signal);
    await this.kc.applySecurityAuthentication(ctx);
    this.count(req);
    const response = await this.http.send(ctx).toPromise();
    return {
      status: response.httpStatusCode,
      headers: response.headers,
      body: response.body
    };
  }
  retryable(err, req) {
    if (err instanceof KubeApiError) {
      if (err.status === 429 || err.status >= 500) return true;
      if (err.status === 409 && req.method !== "GET") {
        return err.reason === "Conflict" && !err.causes.some((c) => c.reason === "FieldManagerConflict");
      }
      return false;
    }
    if (req.signal?.aborted === true) return false;
    return err instanceof Error && err.name !== "AbortError";
  }
  /** Sends a request with bounded retries; resolves to the parsed JSON body. */
  async json(req) {
    let attempt = 0;
    for (; ; ) {
      attempt += 1;
      try {
        const res = await this.send(req);
        const text = await res.body.text();
        if (res.status >= 200 && res.status < 300) {
          return text === "" ? {} : JSON.parse(text);
        }
        const error = kubeApiErrorFrom(res.status, text, req.object);
        const retryAfter = Number(res.headers["retry-after"]);
        if (attempt < this.retry.attempts && this.retryable(error, req)) {
          this.counter.retries += 1;
          await this.sleep(
            Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1e3, this.retry.maxDelayMs) : this.delay(attempt)
          );
          continue;
        }
        throw error;
      } catch (err) {
        if (err instanceof KubeApiError) throw err;
        if (attempt < this.retry.attempts && this.retryable(err, req)) {
          this.counter.retries += 1;
          await this.sleep(this.delay(attempt));
          continue;
        }
        throw new KubeApiError(
          0,
          "Unreachable",
          `cannot reach the API server ${this.server}: ${describeNetworkError(err)}`,
          req.object
        );
      }
    }
  }
  delay(attempt) {
    return Math.min(
      this.retry.baseDelayMs * 2 ** (attempt - 1),
      this.retry.maxDelayMs
    );
  }
  /**
   * Opens a watch stream and hands each newline-delimited JSON event to
   * onEvent. Resolves when the server closes the stream; rejects on an
   * error response or a dropped connection.
   */
  async watch(req, onEvent) {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) {
      throw kubeApiErrorFrom(res.status, await res.body.text(), req.object);
    }
    const stream = res.body.stream();
    if (stream === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = stream.getReader();
    try {
      for (; ; ) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== "") emitLine(line, onEvent);
          newline = buffer.indexOf("\n");
        }
      }
      const rest = buffer.trim();
      if (rest !== "") emitLine(rest, onEvent);
    } finally {
      reader.releaseLock();
    }
  }
};
function emitLine(line, onEvent) {
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    return;
  }
  if (typeof parsed === "object" && parsed !== null) {
    const e = parsed;
    if (typeof e["type"] === "string")
      onEvent({ type: e["type"], object: e["object"] });
  }
}
function describeNetworkError(err) {
  if (err instanceof Error) {
    const cause = err.cause;
    if (cause instanceof Error) return cause.message;
    return err.message.split("\n")[0] ?? "network error";
  }
  return String(err);
}

// src/adapters/kube/client.ts
var PATCH_STRATEGIC = "application/strategic-merge-patch+json";
var PATCH_APPLY = "application/apply-patch+yaml";
var PATCH_MERGE = "application/merge-patch+json";
var KubeClient = class {
  transport;
  discovered = /* @__PURE__ */ new Map();
  groupVersions = /* @__PURE__ */ new Map();
  constructor(kc, retry = DEFAULT_RETRY, sleep) {
    this.transport = new KubeTransport(kc, retry, sleep);
  }
  get requests() {
    return this.transport.counter;
  }
  /** GET /version: is the API reachable and who is it. */
  async version() {
    return this.transport.json({
      method: "GET",
      path: "/version",
      object: "the API server"
    });
  }
  /** Resolves apiVersion/kind to a resource, using discovery for kinds not in the table. */
  async resource(apiVersion, kind) {
    const known = knownResource(apiVersion, kind);
    if (known !== void 0) return known;
    const key2 = `${apiVersion}/${kind}`;
    const cached = this.discovered.get(key2);
    if (cached !== void 0) return cached;
    const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.transport.json({
      method: "GET",
      path,
      object: `API group ${apiVersion}`
    });
    const found = list.resources?.find(
      (r) => r.kind === kind && !r.name.includes("/")
    );
    if (found === void 0) {
      throw new KubeApiError(
        404,
        "NotFound",
        `the server has no resource for kind ${kind} in ${apiVersion}`,
        `${kind}`
      );
    }
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
    const info = {
      group,
      version,
      plural: found.name,
      namespaced: found.namespaced
    };
    this.discovered.set(key2, info);
    return info;
  }
  /**
   * Whether the API server serves this apiVersion and kind (discovery, one
   * request per group-version). Undefined when it does; else why not.
   */
  async notServed(apiVersion, kind) {
    const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let list = this.groupVersions.get(apiVersion);
    if (list === void 0) {
      try {
        const doc = await this.transport.json({
          method: "GET",
          path,
          object: `API group-version ${apiVersion}`
        });
        list = doc.resources ?? [];
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) list = null;
        else throw err;
      }
      this.groupVersions.set(apiVersion, list);
    }
    if (list === null)
      return `apiVersion ${apiVersion} is not served by this API server (it may have been removed; kind ${kind})`;
    if (!list.some((r) => r.kind === kind && !r.name.includes("/")))
      return `kind ${kind} is not served in apiVersion ${apiVersion} by this API server`;
    return void 0;
  }
  /** GET one object; null when it does not exist. */
  async get(apiVersion, kind, name, namespace) {
    const info = await this.resource(apiVersion, kind);
    try {
      return await this.transport.json({
        method: "GET",
        path: objectPath(info, name, namespace),
        object: `${kind.toLowerCase()} ${namespace === void 0 ? name : `${namespace}/${name}`}`
      });
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return null;
      throw err;
    }
  }
  /** LIST with paging (limit + continue); returns the items and the list's resourceVersion. */
  async list(path, query = {}, object = path, signal) {
    const items = [];
    const resourceVersion = await this.listPages(
      path,
      query,
      (page) => {
        items.push(...page);
      },
      { object, ...signal === void 0 ? {} : { signal } }
    );
    return { items, resourceVersion };
  }
  /**
   * LIST page by page (`limit`, default 500, then `continue`), handing each
   * page to `onPage` so a large cluster's objects are never all in memory at
   * once. Returns the list's resourceVersion.
   */
  async listPages(path, query, onPage, options = {}) {
    let cont;
    let resourceVersion = "";
    do {
      const req = {
        method: "GET",
        path,
        query: { ...query, limit: options.pageSize ?? 500, continue: cont },
        object: options.object ?? path
      };
      const page = await this.transport.json(
        options.signal === void 0 ? req : { ...req, signal: options.signal }
      );
      onPage(page.items ?? []);
      cont = page.metadata?.continue || void 0;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (cont !== void 0);
    return resourceVersion;
  }
  /** One watch request from resourceVersion; resolves when the server ends it. */
  async watch(path, query, onEvent, signal, object = path) {
    await this.transport.watch(
      {
        method: "GET",
        path,
        query: { ...query, watch: "true", allowWatchBookmarks: "true" },
        object,
        signal
      },
      (e) => onEvent(e)
    );
  }
  /** Server-side apply with the fixed field manager (house style 15). */
  async apply(obj, options) {
    const name = obj.metadata?.name;
    if (obj.apiVersion === void 0 || obj.kind === void 0 || name === void 0) {
      throw new KubeApiError(
        400,
        "BadRequest",
        "object has no apiVersion, kind or metadata.name",
        describeObject(obj)
      );
    }
    const info = await this.resource(obj.apiVersion, obj.kind);
    const send = (force) => this.transport.json({
      method: "PATCH",
      path: objectPath(
        info,
        name,
        info.namespaced ? obj.metadata?.namespace ?? "default" : void 0
      ),
      query: {
        fieldManager: FIELD_MANAGER,
        force: force ? "true" : void 0,
        dryRun: options.dryRun ? "All" : void 0
      },
      body: JSON.stringify(obj),
      contentType: PATCH_APPLY,
      object: describeObject(obj)
    });
    try {
      return await send(options.force);
    } catch (err) {
      if (!options.force && onlyOwnConflicts(err)) return send(true);
      throw err;
    }
  }
  /** PATCH with an explicit content type (strategic merge for undo, R6.7). */
  async patch(apiVersion, kind, name, namespace, body, contentType, dryRun = false) {
    const info = await this.resource(apiVersion, kind);
    return this.transport.json({
      method: "PATCH",
      path: objectPath(info, name, namespace),
      query: {
        fieldManager: FIELD_MANAGER,
        dryRun: dryRun ? "All" : void 0
      },
      body,
      contentType,
      object: `${kind.toLowerCase()} ${namespace === void 0 ? name : `${namespace}/${name}`}`
    });
  }
  /** PUT a whole object (restoring recorded ConfigMaps/Secrets). */
  async replace(obj) {
    const info = await this.resource(obj.apiVersion ?? "v1", obj.kind ?? "");
    return this.transport.json({
      method: "PUT",
      path: objectPath(
        info,
        obj.metadata?.name ?? "",
        info.namespaced ? obj.metadata?.namespace : void 0
      ),
      query: { fieldManager: FIELD_MANAGER },
      body: JSON.stringify(obj),
      object: describeObject(obj)
    });
  }
  /** DELETE; resolves false when it was already gone. */
  async delete(apiVersion, kind, name, namespace) {
    const info = await this.resource(apiVersion, kind);
    try {
      await this.transport.json({
        method: "DELETE",
        path: objectPath(info, name, namespace),
        object: `${kind.toLowerCase()} ${namespace === void 0 ? name : `${namespace}/${name}`}`
      });
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return false;
      throw err;
    }
  }
  /** SelfSubjectAccessReview: may the current identity do this? */
  async canI(check) {
    const attrs = {
      verb: check.verb,
      group: check.group,
      resource: check.resource
    };
    if (check.namespace !== void 0) attrs["namespace"] = check.namespace;
    if (check.name !== void 0) attrs["name"] = check.name;
    if (check.subresource !== void 0)
      attrs["subresource"] = check.subresource;
    const review = await this.transport.json({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      body: JSON.stringify({
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: attrs }
      }),
      object: "selfsubjectaccessreview"
    });
    const result = {
      allowed: review.status?.allowed === true
    };
    if (review.status?.reason !== void 0)
      result.reason = review.status.reason;
    return result;
  }
  collectionPathFor(info, namespace) {
    return collectionPath(info, namespace);
  }
};
function onlyOwnConflicts(err) {
  if (!(err instanceof KubeApiError) || err.status !== 409) return false;
  const conflicts = err.causes.filter(
    (c) => c.reason === "FieldManagerConflict"
  );
  if (conflicts.length === 0) return false;
  const own = new RegExp(`^conflict with "${FIELD_MANAGER}"( using |$)`);
  return conflicts.every((c) => own.test(c.message ?? ""));
}

// src/deploy/undo.ts
async function waitObserved(client, namespace, name, timeoutMs, signal) {
  const observedOf = (ds) => ds != null && (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0);
  const first = await client.get(
    "apps/v1",
    "DaemonSet",
    name,
    namespace
  );
  if (first === null)
    throw new UserError(
      `daemonsets.apps "${name}" not found in namespace ${namespace}`
    );
  if (observedOf(first)) return first;
  let latest = first;
  let resolve;
  const done = new Promise((r) => resolve = r);
  const watch = new ListWatch(
    client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    () => {
      const ds = watch.items()[0];
      if (ds !== void 0) latest = ds;
      if (observedOf(ds)) resolve?.();
    }
  );
  const timer = setTimeout(() => resolve?.(), timeoutMs);
  const onAbort = () => resolve?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted === true) onAbort();
  try {
    await watch.start();
    await done;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    await watch.stop();
  }
  return latest;
}
async function undoDaemonSet(client, namespace, name, toRevision, options = {}) {
  const ds = await waitObserved(
    client,
    namespace,
    name,
    options.observeTimeoutMs ?? 3e4,
    options.signal
  );
  const listed = await client.list(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || void 0 },
    `controllerrevisions in ${namespace}`
  );
  const plan = planUndo(ds, listed.items, toRevision);
  if (plan.kind === "error") throw new UserError(plan.message);
  const revisionName = plan.revision.metadata?.name ?? "?";
  const number = plan.revision.revision ?? 0;
  if (plan.kind === "skip") {
    return {
      kind: "skipped",
      toRevision: number,
      revisionName,
      message: plan.message,
      warnings: plan.warnings
    };
  }
  const patched = await client.patch(
    "apps/v1",
    "DaemonSet",
    name,
    namespace,
    plan.patchBody,
    PATCH_STRATEGIC,
    options.dryRun === true
  );
  return {
    kind: "rolled-back",
    toRevision: number,
    revisionName,
    message: `daemonset.apps/${name} rolled back${options.dryRun === true ? " (server dry run)" : ""}`,
    warnings: plan.warnings,
    daemonSet: patched
  };
}

// src/core/gate/waves.ts
function parseCanary(text) {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const count2 = Number(t);
    return count2 > 0 ? { kind: "count", count: count2 } : { error: "canary must be at least 1 node" };
  }
  if (/^\d+%$/.test(t)) {
    const percent = Number(t.slice(0, -1));
    return percent > 0 && percent <= 100 ? { kind: "percent", percent } : { error: "canary percentage must be 1% to 100%" };
  }
  const selector = { matchLabels: {}, matchExpressions: [] };
  const parts = t.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  if (parts.length === 0)
    return {
      error: `canary must be a count, a percentage or a label selector, not ${JSON.stringify(text)}`
    };
  for (const raw of parts) {
    const part = raw.trim();
    let m;
    if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(part)) !== null) {
      selector.matchExpressions.push({
        key: m[1],
        operator: "NotIn",
        values: [m[2]]
      });
    } else if ((m = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(part)) !== null) {
      selector.matchLabels[m[1]] = m[2];
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part)) !== null) {
      selector.matchExpressions.push({
        key: m[1],
        operator: m[2] === "in" ? "In" : "NotIn",
        values: m[3].split(",").map((v) => v.trim()).filter((v) => v !== "")
      });
    } else if ((m = /^!([\w./-]+)$/.exec(part)) !== null) {
      selector.matchExpressions.push({ key: m[1], operator: "DoesNotExist" });
    } else if ((m = /^([\w./-]+)$/.exec(part)) !== null) {
      selector.matchExpressions.push({ key: m[1], operator: "Exists" });
    } else {
      return {
        error: `canary must be a count, a percentage or a label selector, not ${JSON.stringify(text)}`
      };
    }
  }
  return { kind: "selector", selector, text: t };
}
function planWaves(nodes, canary, maxUnavailable, waves) {
  const sorted = [...nodes].sort(
    (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
  let canaryNodes;
  if (canary.kind === "count") canaryNodes = sorted.slice(0, canary.count);
  else if (canary.kind === "percent")
    canaryNodes = sorted.slice(
      0,
      Math.max(1, Math.ceil(canary.percent * sorted.length / 100))
    );
  else
    canaryNodes = sorted.filter(
      (n) => labelSelectorMatches(canary.selector, n.labels)
    );
  if (canaryNodes.length === 0)
    return {
      error: canary.kind === "selector" ? `no node running this DaemonSet matches the canary selector ${canary.text}` : "the DaemonSet runs on no node"
    };
  const chosen = new Set(canaryNodes.map((n) => n.name));
  const rest = sorted.filter((n) => !chosen.has(n.name)).map((n) => n.name);
  let size = Math.max(1, resolveBudget(maxUnavailable, sorted.length));
  if (waves !== void 0 && waves > 0)
    size = Math.min(size, Math.max(1, Math.ceil(rest.length / waves)));
  const out = [];
  for (let i = 0; i < rest.length; i += size) out.push(rest.slice(i, i + size));
  return { canary: canaryNodes.map((n) => n.name), waves: out };
}

// src/deploy/canary.ts
var CANARY_ANNOTATION = "ds-rollout.io/canary-in-progress";
function readCanaryRecord(ds) {
  const text = ds.metadata?.annotations?.[CANARY_ANNOTATION];
  if (text === void 0) return void 0;
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && typeof parsed.originalStrategy === "object")
      return parsed;
  } catch {
  }
  return {
    originalStrategy: {
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 1 }
    },
    startedAt: "?"
  };
}
async function switchToOnDelete(client, namespace, name, record2) {
  await client.patch(
    "apps/v1",
    "DaemonSet",
    name,
    namespace,
    JSON.stringify({
      metadata: {
        annotations: { [CANARY_ANNOTATION]: JSON.stringify(record2) }
      },
      spec: { updateStrategy: { type: "OnDelete", rollingUpdate: null } }
    }),
    PATCH_MERGE
  );
}
async function restoreStrategy(client, namespace, name, strategy) {
  await client.patch(
    "apps/v1",
    "DaemonSet",
    name,
    namespace,
    JSON.stringify({
      metadata: { annotations: { [CANARY_ANNOTATION]: null } },
      spec: { updateStrategy: { rollingUpdate: null, ...strategy } }
    }),
    PATCH_MERGE
  );
}
async function runCanaryWaves(namespace, name, canary, maxUnavailable, waves, gate, deps) {
  const { client } = deps;
  const ds = await waitObserved(client, namespace, name, 3e4, deps.signal);
  const revisions = await client.list(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || void 0 }
  );
  const current = controlledRevisions(revisions.items, ds).filter(
    (r) => templatesEqual(
      ds.spec?.template,
      r.data?.spec?.template
    )
  ).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
  const hash = current === void 0 ? void 0 : revisionHash(current, name);
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const listPods = async () => (await client.list(podsPath, {
    labelSelector: selectorToString(ds.spec?.selector) || void 0
  })).items.filter((p) => podBelongsTo(p, ds));
  const pods = await listPods();
  const nodeNames = [
    ...new Set(
      pods.map((p) => podNodeName(p)).filter((n) => n !== void 0)
    )
  ];
  let labels = /* @__PURE__ */ new Map();
  if (canary.kind === "selector") {
    const nodes = await client.list("/api/v1/nodes");
    labels = new Map(
      nodes.items.map((n) => [n.metadata?.name ?? "", n.metadata?.labels ?? {}])
    );
  }
  const planned = planWaves(
    nodeNames.map((n) => ({ name: n, labels: labels.get(n) ?? {} })),
    canary,
    maxUnavailable,
    waves
  );
  const result = {
    verdict: {
      status: "failed",
      reason: "canary-plan",
      message: "",
      failing: []
    },
    gates: [],
    plan: [],
    wavesDone: 0
  };
  if (current !== void 0) result.currentRevision = current;
  if ("error" in planned) {
    result.verdict = {
      status: "failed",
      reason: "canary-plan",
      message: planned.error,
      failing: []
    };
    return result;
  }
  result.plan = [planned.canary, ...planned.waves];
  deps.log(
    `canary on ${planned.canary.join(", ")}; then ${planned.waves.length} wave(s) of at most ${Math.max(0, ...planned.waves.map((w) => w.length))} node(s)`
  );
  deps.note(
    `plan: canary ${planned.canary.length} node(s), then ${planned.waves.length} wave(s)`
  );
  const scope = [];
  for (const [index, wave] of result.plan.entries()) {
    if (deps.signal.aborted) {
      result.verdict = {
        status: "cancelled",
        message: "cancelled between canary waves"
      };
      return result;
    }
    const label2 = index === 0 ? "canary" : `wave ${index}/${result.plan.length - 1}`;
    deps.onWave?.(label2);
    scope.push(...wave);
    const waveSet = new Set(wave);
    const stale = (await listPods()).filter(
      (p) => waveSet.has(podNodeName(p) ?? "") && !podIsUpdated(p, ds, hash) && p.metadata?.deletionTimestamp === void 0
    );
    for (const pod of stale) {
      await client.delete("v1", "Pod", pod.metadata?.name ?? "", namespace);
    }
    deps.note(
      `${label2}: replacing ${stale.length} pod(s) on ${wave.join(", ")}`
    );
    deps.log(
      `${label2}: replacing ${stale.length} pod(s) on ${wave.length} node(s)`
    );
    const gateResult = await runGate(
      namespace,
      name,
      gate,
      {
        client,
        ...deps.now === void 0 ? {} : { now: deps.now },
        watchNodes: deps.watchNodes,
        scopeNodes: [...scope],
        log: deps.log,
        ...deps.listWatchOptions === void 0 ? {} : { listWatchOptions: deps.listWatchOptions },
        ...deps.onProgress === void 0 ? {} : { onProgress: deps.onProgress }
      },
      deps.signal
    );
    result.gates.push(gateResult);
    for (const entry of gateResult.state.timeline) {
      if (entry.kind !== "started") deps.note(`${label2}: ${entry.message}`);
    }
    if (gateResult.verdict.status !== "succeeded") {
      result.verdict = gateResult.verdict;
      return result;
    }
    result.wavesDone = index + 1;
    result.verdict = gateResult.verdict;
  }
  return result;
}

// src/deploy/apply.ts
function apiMessage3(err) {
  if (err instanceof KubeApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
function rolloutInProgress(ds) {
  const s = ds.status ?? {};
  return (ds.metadata?.generation ?? 0) > (s.observedGeneration ?? -1) || (s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0);
}
function restorable(obj) {
  const copy = structuredClone(obj);
  const meta = { ...copy.metadata ?? {} };
  delete meta.resourceVersion;
  delete meta["managedFields"];
  delete meta["generation"];
  delete meta.creationTimestamp;
  copy.metadata = meta;
  delete copy["status"];
  return copy;
}
async function runApply(settings, deps) {
  const now = deps.now ?? Date.now;
  const t0 = now();
  const { client, log, signal } = deps;
  const timeline = [];
  const note = (phase, message) => {
    timeline.push({ at: Math.round((now() - t0) / 100) / 10, phase, message });
  };
  const report = {
    result: "failed",
    summary: "",
    daemonSets: [],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline,
    warnings: [],
    actualSeconds: 0
  };
  if (settings.plannedSeconds !== void 0)
    report.plannedSeconds = settings.plannedSeconds;
  const finish2 = (outcome) => {
    report.actualSeconds = Math.round((now() - t0) / 100) / 10;
    report.apiRequests = client.requests.total;
    report.result = outcome.result;
    report.failedNodes = [
      ...new Set(
        report.failing.map((p) => p.node).filter((n) => n !== void 0)
      )
    ].sort();
    return { ...outcome, failedNodes: report.failedNodes, report };
  };
  const pre = await log.group(
    "Preflight",
    () => preflight(
      client,
      settings.objects,
      {
        undo: settings.undo,
        canary: settings.canary !== void 0,
        force: settings.force,
        ...settings.base === void 0 ? {} : { base: settings.base }
      },
      (m) => log.info(m)
    )
  );
  report.warnings.push(...pre.warnings);
  for (const w of pre.warnings) log.warning(w);
  if (!pre.ok) {
    for (const p of pre.problems) log.error(p);
    note(
      "preflight",
      `stopped before any write: ${pre.problems.length} problem(s)`
    );
    report.summary = `Preflight failed; nothing was changed. ${pre.problems.join(" ")}`;
    report.clusterState = ["unchanged: the run stopped before any write"];
    return finish2({ result: "failed", revisionBefore: "", revisionAfter: "" });
  }
  note("preflight", "passed");
  let livePlan;
  if (settings.livePlan !== false) {
    livePlan = await log.group("Live plan", async () => {
      const computed = await computeLivePlan(
        client,
        pre.targets,
        pre.canWatchNodes,
        signal,
        settings.reviewedPlan
      );
      if ("skipped" in computed) {
        log.warning(`live plan skipped: ${computed.skipped}`);
        return computed;
      }
      for (const line of computed.lines) log.info(line);
      for (const w of computed.warnings) log.warning(w);
      log.info(
        `live plan read ${computed.nodes} node(s) with ${computed.requests} API request(s)`
      );
      return computed;
    });
    if ("skipped" in livePlan) {
      report.warnings.push(`live plan skipped: ${livePlan.skipped}`);
      note("live-plan", `skipped: ${livePlan.skipped}`);
    } else {
      report.livePlan = livePlan.lines;
      report.livePlanRequests = livePlan.requests;
      report.warnings.push(...livePlan.warnings.slice(0, 10));
      for (const line of livePlan.lines) note("live-plan", line);
    }
  }
  const cancelledBeforeWrite = () => {
    report.cancelled = true;
    report.summary = "Cancelled before any write; nothing was changed.";
    report.clusterState = ["unchanged: the run stopped before any write"];
    note("cancel", "cancelled before any write");
    log.warning(report.summary);
    return finish2({ result: "failed", revisionBefore: "", revisionAfter: "" });
  };
  if (signal.aborted) return cancelledBeforeWrite();
  const runs = [];
  for (const t of pre.targets) {
    if (t.item.object.kind !== "DaemonSet") continue;
    const outcome = {
      namespace: t.namespace ?? "default",
      name: t.name
    };
    const run = {
      target: t,
      outcome,
      before: t.live,
      applied: false,
      templateChanged: false
    };
    if (livePlan !== void 0 && !("skipped" in livePlan)) {
      const seconds = livePlanSeconds(
        livePlan.plan,
        outcome.namespace,
        outcome.name
      );
      const ds = livePlan.plan.daemonSets.find(
        (d) => d.namespace === outcome.namespace && d.name === outcome.name && d.change !== "removed"
      );
      if (ds?.rollout.triggered === true && ds.rollout.waves !== void 0)
        run.plannedWaves = expandWaves(ds.rollout.waves).map((w) => w.nodes);
      if (seconds !== void 0 && settings.plannedSeconds === void 0)
        run.planned = { seconds, source: "live plan" };
    }
    if (settings.plannedSeconds !== void 0)
      run.planned = {
        // This DaemonSet's own estimate when the reviewed plan has it, else the total.
        seconds: reviewedSeconds(
          settings.reviewedPlan,
          outcome.namespace,
          outcome.name
        ) ?? settings.plannedSeconds,
        source: "plan"
      };
    runs.push(run);
    report.daemonSets.push(outcome);
  }
  if (settings.plannedSeconds === void 0) {
    const live = runs.flatMap(
      (r) => r.planned === void 0 ? [] : [r.planned.seconds]
    );
    if (live.length > 0) {
      report.plannedSeconds = live.reduce((a, b) => a + b, 0);
      report.plannedFrom = "live plan";
    }
  } else report.plannedFrom = "plan";
  for (const run of runs) {
    const record2 = run.before === null ? void 0 : readCanaryRecord(run.before);
    if (record2 === void 0 || run.before === null) continue;
    const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
    const msg = `DaemonSet ${key2} has an interrupted canary (started ${record2.startedAt}): restoring its updateStrategy and undoing it to revision ${record2.revisionBefore ?? "previous"} before this run`;
    log.warning(msg);
    report.warnings.push(msg);
    note("recover", msg);
    const recovered = await log.group(
      `Recover interrupted canary ${key2}`,
      async () => {
        try {
          await restoreStrategy(
            client,
            run.outcome.namespace,
            run.outcome.name,
            record2.originalStrategy
          );
          const undone = await undoDaemonSet(
            client,
            run.outcome.namespace,
            run.outcome.name,
            record2.revisionBefore ?? 0
          );
          note("recover", undone.message);
          if (undone.kind === "rolled-back") {
            const verify = await gateWithProgress(
              client,
              run,
              settings,
              deps,
              "recover",
              note,
              pre.canWatchNodes
            );
            if (verify.verdict.status !== "succeeded")
              return `the recovered rollback did not converge: ${verify.verdict.message}`;
          }
          return void 0;
        } catch (err) {
          return apiMessage3(err);
        }
      }
    );
    if (recovered !== void 0) {
      report.summary = `Not started: could not recover the interrupted canary of DaemonSet ${key2}: ${recovered}`;
      report.clusterState = await describeState(client, runs);
      return finish2({
        result: "undo-failed",
        revisionBefore: "",
        revisionAfter: ""
      });
    }
    run.before = await client.get(
      "apps/v1",
      "DaemonSet",
      run.outcome.name,
      run.outcome.namespace
    );
  }
  for (const run of runs) {
    if (run.before === null || !rolloutInProgress(run.before)) continue;
    const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
    if (settings.concurrency === "refuse") {
      const s = run.before.status ?? {};
      const msg = `a rollout of DaemonSet ${key2} is already in progress (${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, observedGeneration ${s.observedGeneration ?? "?"} of ${run.before.metadata?.generation ?? "?"}); refusing to start (use concurrency: wait to wait for it)`;
      log.error(msg);
      report.summary = `Not started: ${msg}`;
      report.clusterState = ["unchanged: the run stopped before any write"];
      note("preflight", msg);
      return finish2({ result: "failed", revisionBefore: "", revisionAfter: "" });
    }
    log.info(
      `waiting up to ${settings.concurrencyWaitSeconds}s for the rollout of ${key2} in progress to converge`
    );
    const converged = await waitConverged(
      client,
      run.outcome.namespace,
      run.outcome.name,
      settings.concurrencyWaitSeconds * 1e3,
      signal
    );
    if (converged === null) {
      if (signal.aborted) return cancelledBeforeWrite();
      const msg = `the rollout of DaemonSet ${key2} already in progress did not converge within ${settings.concurrencyWaitSeconds}s`;
      report.summary = `Not started: ${msg}`;
      report.clusterState = ["unchanged: the run stopped before any write"];
      return finish2({ result: "failed", revisionBefore: "", revisionAfter: "" });
    }
    run.before = converged;
  }
  if (signal.aborted) return cancelledBeforeWrite();
  const recorded = pre.targets.filter(
    (t) => (t.item.object.kind === "ConfigMap" || t.item.object.kind === "Secret") && t.live !== null
  );
  for (const run of runs) {
    if (run.before === null) continue;
    const list = await client.list(
      `/apis/apps/v1/namespaces/${encodeURIComponent(run.outcome.namespace)}/controllerrevisions`,
      {
        labelSelector: selectorToString(run.before.spec?.selector) || void 0
      }
    );
    const mine = controlledRevisions(list.items, run.before);
    const current = mine.filter(
      (r) => templatesEqual(
        run.before?.spec?.template,
        r.data?.spec?.template
      )
    ).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0] ?? latestRevision(mine);
    if (current?.revision !== void 0)
      run.outcome.revisionBefore = current.revision;
  }
  note(
    "record",
    `recorded ${runs.filter((r) => r.before !== null).length} DaemonSet(s) and ${recorded.length} ConfigMap/Secret(s)`
  );
  const revisionsText = (pick) => {
    if (runs.length === 1) return String(pick(runs[0].outcome) ?? "");
    return runs.map(
      (r) => `${r.outcome.namespace}/${r.outcome.name}=${pick(r.outcome) ?? ""}`
    ).join(",");
  };
  let failure;
  const appliedOthers = [];
  await log.group("Apply", async () => {
    for (const t of pre.targets) {
      if (t.item.object.kind === "DaemonSet") continue;
      try {
        await client.apply(t.item.object, {
          force: settings.force,
          dryRun: false
        });
        appliedOthers.push(t);
        log.info(
          `applied ${t.item.object.kind} ${t.namespace === void 0 ? t.name : `${t.namespace}/${t.name}`}`
        );
      } catch (err) {
        failure = {
          verdict: { status: "apply-error", message: apiMessage3(err) }
        };
        log.error(apiMessage3(err));
        return;
      }
    }
  });
  note("apply", `applied ${appliedOthers.length} non-DaemonSet object(s)`);
  for (const run of runs) {
    if (failure !== void 0) break;
    const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
    if (settings.canary !== void 0 && run.before !== null) {
      const canaried = await log.group(
        `Canary ${key2}`,
        () => canaryRollout(
          client,
          run,
          settings,
          deps,
          note,
          pre.canWatchNodes,
          report
        )
      );
      if (canaried !== void 0) failure = { verdict: canaried, run };
      continue;
    }
    try {
      const applied = await client.apply(run.target.item.object, {
        force: settings.force,
        dryRun: false
      });
      run.applied = true;
      run.templateChanged = run.before === null || !templatesEqual(run.before.spec?.template, applied.spec?.template);
      run.outcome.templateChanged = run.templateChanged;
      note(
        "apply",
        `applied DaemonSet ${key2} (generation ${applied.metadata?.generation ?? "?"}${run.templateChanged ? ", pod template changed: rollout starts" : ", pod template unchanged: no pods replaced (R4.3)"})`
      );
      log.info(
        `applied DaemonSet ${key2}${run.templateChanged ? "" : " (pod template unchanged)"}`
      );
    } catch (err) {
      failure = {
        verdict: { status: "apply-error", message: apiMessage3(err) },
        run
      };
      log.error(apiMessage3(err));
      break;
    }
    const strategyType = run.target.item.object.spec?.updateStrategy?.type;
    if (strategyType === "OnDelete") {
      run.outcome.gate = "OnDelete: no automatic rollout (R3.14); pods take the new template when they are deleted";
      note("gate", `${key2}: ${run.outcome.gate}`);
      continue;
    }
    const gate = await log.group(
      `Gate ${key2}`,
      () => gateWithProgress(
        client,
        run,
        settings,
        deps,
        "gate",
        note,
        pre.canWatchNodes
      )
    );
    absorbGate(report, gate);
    if (gate.currentRevision?.revision !== void 0)
      run.outcome.revisionAfter = gate.currentRevision.revision;
    run.outcome.gate = gate.verdict.message;
    if (gate.verdict.status !== "succeeded") {
      failure = { verdict: gate.verdict, run };
    }
  }
  if (failure === void 0) {
    report.summary = `Rolled out ${runs.map((r) => `${r.outcome.namespace}/${r.outcome.name}`).join(", ") || `${appliedOthers.length} object(s)`}: ${runs.map((r) => r.outcome.gate).join("; ")}`;
    log.info(report.summary);
    return finish2({
      result: "rolled-out",
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    });
  }
  const cancelled = failure.verdict.status === "cancelled" || signal.aborted;
  report.cancelled = cancelled;
  const why = failure.verdict.message;
  note(cancelled ? "cancel" : "gate", `failed: ${why}`);
  const doUndo = cancelled ? settings.onCancel === "undo" : settings.undo;
  if (!doUndo) {
    report.summary = cancelled ? `Cancelled; the rollout is left as it is (on-cancel: leave). ${why}` : `Failed: ${why}. Automatic undo is off; the rollout is left as it is.`;
    report.clusterState = await describeState(client, runs);
    return finish2({
      result: "failed",
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    });
  }
  const undoProblems = [
    ...runs.flatMap(
      (r) => r.restoreProblem === void 0 ? [] : [r.restoreProblem]
    )
  ];
  await log.group("Undo", async () => {
    for (const t of appliedOthers) {
      if ((t.item.object.kind === "ConfigMap" || t.item.object.kind === "Secret") && t.live === null)
        note(
          "undo",
          `${t.item.object.kind} ${t.namespace}/${t.name} was created by this run and is left in place`
        );
    }
    for (const t of recorded) {
      if (!appliedOthers.includes(t) || t.live === null) continue;
      try {
        await client.replace(restorable(t.live));
        note("undo", `restored ${t.item.object.kind} ${t.namespace}/${t.name}`);
        log.info(`restored ${t.item.object.kind} ${t.namespace}/${t.name}`);
      } catch (err) {
        undoProblems.push(
          `${t.item.object.kind} ${t.namespace}/${t.name} not restored: ${apiMessage3(err)}`
        );
      }
    }
    for (const run of [...runs].reverse()) {
      if (!run.applied || !run.templateChanged) continue;
      const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
      if (run.before === null) {
        undoProblems.push(
          `DaemonSet ${key2} was created by this run; it has no earlier revision to go back to and is left in place (delete it with: kubectl -n ${run.outcome.namespace} delete daemonset ${run.outcome.name})`
        );
        run.outcome.undo = "not possible: created by this run";
        continue;
      }
      try {
        const undone = await undoDaemonSet(
          client,
          run.outcome.namespace,
          run.outcome.name,
          run.outcome.revisionBefore ?? 0
        );
        run.outcome.undo = `${undone.message} to revision ${undone.toRevision}`;
        for (const w of undone.warnings) {
          report.warnings.push(w);
          log.warning(w);
        }
        note(
          "undo",
          `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
        );
        log.info(undone.message);
      } catch (err) {
        run.outcome.undo = `failed: ${apiMessage3(err)}`;
        undoProblems.push(`DaemonSet ${key2}: undo failed: ${apiMessage3(err)}`);
      }
    }
  });
  if (undoProblems.length > 0) {
    for (const p of undoProblems) log.error(p);
    report.summary = `Failed: ${why}. The undo did not complete: ${undoProblems.join(" ")}`;
    report.clusterState = [
      ...undoProblems,
      ...await describeState(client, runs)
    ];
    return finish2({
      result: "undo-failed",
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    });
  }
  if (cancelled) {
    report.summary = `Cancelled; the rollout was undone (on-cancel: undo) but not verified, as the run is stopping. ${why}`;
    report.clusterState = await describeState(client, runs);
    return finish2({
      result: "rolled-back",
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    });
  }
  const verifyProblems = [];
  for (const run of runs) {
    if (!run.applied || !run.templateChanged || run.before === null) continue;
    const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
    const verify = await log.group(
      `Verify rollback ${key2}`,
      () => gateWithProgress(
        client,
        run,
        settings,
        deps,
        "verify",
        note,
        pre.canWatchNodes
      )
    );
    run.outcome.verify = verify.verdict.message;
    if (verify.verdict.status !== "succeeded") {
      verifyProblems.push(
        `DaemonSet ${key2}: the rollback did not converge: ${verify.verdict.message}`
      );
      if (verify.verdict.status === "failed")
        report.failing.push(...verify.verdict.failing);
    }
    if (verify.currentRevision?.revision !== void 0)
      run.outcome.revisionAfter = verify.currentRevision.revision;
  }
  if (verifyProblems.length > 0) {
    report.summary = `Failed: ${why}. Rolled back, but the rollback did not converge: ${verifyProblems.join(" ")}`;
    report.clusterState = [
      ...verifyProblems,
      ...await describeState(client, runs)
    ];
    return finish2({
      result: "undo-failed",
      revisionBefore: revisionsText((o) => o.revisionBefore),
      revisionAfter: revisionsText((o) => o.revisionAfter)
    });
  }
  report.summary = `Failed: ${why}. Rolled back to the previous revision and verified that the rollback converged.`;
  log.info(report.summary);
  return finish2({
    result: "rolled-back",
    revisionBefore: revisionsText((o) => o.revisionBefore),
    revisionAfter: revisionsText((o) => o.revisionAfter)
  });
}
function absorbGate(report, gate) {
  if (gate.verdict.status === "failed")
    report.failing.push(...gate.verdict.failing);
  for (const p of gate.state.nodeProblems) {
    if (!report.nodeProblems.some(
      (q) => q.pod === p.pod && q.reason === p.reason
    ))
      report.nodeProblems.push(p);
  }
}
async function gateWithProgress(client, run, settings, deps, phase, note, watchNodes) {
  const now = deps.now ?? Date.now;
  const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
  const throttle = progressThrottle();
  const started = now();
  const rolling = phase === "gate" && settings.canary === void 0;
  let paceFrom;
  const result = await runGate(
    run.outcome.namespace,
    run.outcome.name,
    settings.gate,
    {
      client,
      now,
      watchNodes,
      log: (m) => deps.log.warning(m),
      ...deps.listWatchOptions === void 0 ? {} : { listWatchOptions: deps.listWatchOptions },
      onProgress: (p, verdict) => {
        const t = now();
        if (paceFrom === void 0 && p.observed) paceFrom = p.updated;
        const status = verdict.status === "waiting" ? verdict.phase : verdict.status;
        if (!throttle.shouldPrint(t, status, verdict.status === "waiting"))
          return;
        deps.log.info(
          progressLine({
            key: key2,
            phase,
            progress: p,
            elapsedSeconds: (t - started) / 1e3,
            // The plan estimates the DaemonSet's own rolling update, not
            // canary waves (whose final gate only confirms completion).
            ...rolling && run.planned !== void 0 ? { planned: run.planned } : {},
            ...rolling && run.plannedWaves !== void 0 ? { plannedWaves: run.plannedWaves } : {},
            soaking: verdict.status === "waiting" && verdict.phase === "soak",
            ...paceFrom === void 0 ? {} : { paceFrom }
          })
        );
      }
    },
    deps.signal
  );
  for (const entry of result.state.timeline) {
    if (entry.kind === "started") continue;
    note(phase, `${key2}: ${entry.message}`);
  }
  const w = result.watchStats;
  note(
    phase,
    `${key2}: ${w.watches} watch request(s), ${w.reconnects} reconnect(s) after drops, ${w.relists410} re-list(s) after 410 Gone`
  );
  return result;
}
async function waitConverged(client, namespace, name, timeoutMs, signal) {
  let resolve;
  const done = new Promise((r) => resolve = r);
  const watch = new ListWatch(
    client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    () => {
      const ds = watch.items()[0];
      if (ds !== void 0 && !rolloutInProgress(ds)) resolve(ds);
    }
  );
  const timer = setTimeout(() => resolve(null), timeoutMs);
  const onAbort = () => resolve(null);
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    await watch.start();
    return await done;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    await watch.stop();
  }
}
async function describeState(client, runs) {
  const lines = [];
  for (const run of runs) {
    const key2 = `${run.outcome.namespace}/${run.outcome.name}`;
    try {
      const ds = await client.get(
        "apps/v1",
        "DaemonSet",
        run.outcome.name,
        run.outcome.namespace
      );
      if (ds === null) {
        lines.push(`DaemonSet ${key2} does not exist`);
        continue;
      }
      const s = ds.status ?? {};
      const images = (ds.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "?").join(", ");
      const onBefore = run.before !== null && templatesEqual(run.before.spec?.template, ds.spec?.template);
      lines.push(
        `DaemonSet ${key2}: template ${onBefore ? "is the one from before this run" : "is NOT the one from before this run"} (images ${images}); generation ${ds.metadata?.generation ?? "?"}, observed ${s.observedGeneration ?? "?"}; ${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, ${s.numberUnavailable ?? 0} unavailable`
      );
    } catch (err) {
      lines.push(`DaemonSet ${key2}: state unknown (${apiMessage3(err)})`);
    }
  }
  return lines;
}
async function canaryRollout(client, run, settings, deps, note, watchNodes, report) {
  const before = run.before;
  const { namespace, name } = run.outcome;
  const key2 = `${namespace}/${name}`;
  const head = run.target.item.object;
  const canary = settings.canary;
  try {
    const dry = await client.apply(head, {
      force: settings.force,
      dryRun: true
    });
    if (templatesEqual(before.spec?.template, dry.spec?.template)) {
      await client.apply(head, { force: settings.force, dryRun: false });
      run.applied = true;
      run.outcome.gate = "pod template unchanged (R4.3): no canary needed";
      note("canary", `${key2}: ${run.outcome.gate}`);
      return void 0;
    }
  } catch (err) {
    return { status: "apply-error", message: apiMessage3(err) };
  }
  const original = before.spec?.updateStrategy ?? {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 1 }
  };
  const record2 = {
    originalStrategy: original,
    startedAt: new Date((deps.now ?? Date.now)()).toISOString()
  };
  if (run.outcome.revisionBefore !== void 0)
    record2.revisionBefore = run.outcome.revisionBefore;
  const maxUnavailable = original.rollingUpdate?.maxUnavailable ?? 1;
  let succeeded = false;
  const now = deps.now ?? Date.now;
  const started = now();
  const throttle = progressThrottle();
  let waveLabel;
  try {
    await switchToOnDelete(client, namespace, name, record2);
    note(
      "canary",
      `${key2}: updateStrategy switched to OnDelete for the canary (original recorded in ${CANARY_ANNOTATION})`
    );
    const onDelete = structuredClone(head);
    onDelete.spec = {
      ...onDelete.spec ?? {},
      updateStrategy: { type: "OnDelete" }
    };
    await client.apply(onDelete, { force: settings.force, dryRun: false });
    run.applied = true;
    run.templateChanged = true;
    run.outcome.templateChanged = true;
    const result = await runCanaryWaves(
      namespace,
      name,
      canary,
      maxUnavailable,
      settings.waves,
      settings.gate,
      {
        client,
        signal: deps.signal,
        ...deps.now === void 0 ? {} : { now: deps.now },
        log: (m) => deps.log.info(`[${key2}] ${m}`),
        note: (m) => note("canary", `${key2}: ${m}`),
        watchNodes,
        ...deps.listWatchOptions === void 0 ? {} : { listWatchOptions: deps.listWatchOptions },
        onWave: (label2) => {
          waveLabel = label2;
          throttle.reset();
        },
        onProgress: (p, verdict) => {
          const t = now();
          const status = verdict.status === "waiting" ? verdict.phase : verdict.status;
          if (!throttle.shouldPrint(t, status, verdict.status === "waiting"))
            return;
          deps.log.info(
            progressLine({
              key: key2,
              phase: "canary",
              progress: p,
              elapsedSeconds: (t - started) / 1e3,
              ...waveLabel === void 0 ? {} : { waveLabel },
              soaking: verdict.status === "waiting" && verdict.phase === "soak"
            })
          );
        }
      }
    );
    for (const g of result.gates) absorbGate(report, g);
    if (result.currentRevision?.revision !== void 0)
      run.outcome.revisionAfter = result.currentRevision.revision;
    if (result.verdict.status !== "succeeded") {
      run.outcome.gate = `canary failed after ${result.wavesDone} of ${result.plan.length} wave(s): ${result.verdict.message}`;
      return result.verdict;
    }
    await client.apply(head, { force: settings.force, dryRun: false });
    await client.patch(
      "apps/v1",
      "DaemonSet",
      name,
      namespace,
      JSON.stringify({
        metadata: { annotations: { [CANARY_ANNOTATION]: null } }
      }),
      PATCH_MERGE
    );
    succeeded = true;
    note(
      "canary",
      `${key2}: all ${result.plan.length} wave(s) passed; updateStrategy restored from the manifest`
    );
    const final = await gateWithProgress(
      client,
      run,
      settings,
      deps,
      "gate",
      note,
      watchNodes
    );
    absorbGate(report, final);
    run.outcome.gate = `canary + ${result.plan.length - 1} wave(s) passed; ${final.verdict.message}`;
    return final.verdict.status === "succeeded" ? void 0 : final.verdict;
  } catch (err) {
    return { status: "apply-error", message: apiMessage3(err) };
  } finally {
    if (!succeeded) {
      try {
        await restoreStrategy(client, namespace, name, original);
        note(
          "canary",
          `${key2}: original updateStrategy restored (${original.type ?? "RollingUpdate"})`
        );
      } catch (err) {
        run.restoreProblem = `DaemonSet ${key2}: its updateStrategy is still OnDelete; restoring ${JSON.stringify(original)} failed: ${apiMessage3(err)}`;
      }
    }
  }
}

// src/core/gate/types.ts
var DEFAULT_GATE_OPTIONS = {
  timeoutSeconds: 900,
  progressDeadlineSeconds: 300,
  maxRestarts: 1,
  soakSeconds: 30,
  unschedulableGraceSeconds: 60,
  attributeNotReadyNodes: true
};

// src/deploy/settings.ts
function parseDuration(value, option) {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * (m[2] === "h" ? 3600 : m[2] === "m" ? 60 : 1);
    matched += m[0].length;
  }
  if (text === "" || matched !== text.length)
    throw new UserError(
      `${option} must be a duration such as 300, 90s, 5m or 1h30m, not ${JSON.stringify(value)}`
    );
  return total;
}
function parseCount(value, option) {
  if (!/^\d+$/.test(value.trim()))
    throw new UserError(
      `${option} must be a whole number, not ${JSON.stringify(value)}`
    );
  return Number(value.trim());
}
function parseIntOrPercent(value, option) {
  const text = value.trim();
  if (text === "") return void 0;
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d+%$/.test(text) && Number(text.slice(0, -1)) <= 100) return text;
  throw new UserError(
    `${option} must be a number or a percentage such as 10%, not ${JSON.stringify(value)}`
  );
}
function parseBoolean(value, option) {
  const text = value.trim();
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  throw new UserError(
    `${option} must be true or false, not ${JSON.stringify(value)}`
  );
}
function parseOnCancel(value, option) {
  const text = value.trim();
  if (text === "undo" || text === "leave") return text;
  throw new UserError(
    `${option} must be undo or leave, not ${JSON.stringify(value)}`
  );
}
function parseGateOptions(get, prefix = "") {
  const value = (name) => {
    const v = get(name);
    return v === void 0 || v.trim() === "" ? void 0 : v;
  };
  const options = { ...DEFAULT_GATE_OPTIONS };
  const timeout = value("timeout");
  if (timeout !== void 0)
    options.timeoutSeconds = parseDuration(timeout, `${prefix}timeout`);
  const progress = value("progress-deadline");
  if (progress !== void 0)
    options.progressDeadlineSeconds = parseDuration(
      progress,
      `${prefix}progress-deadline`
    );
  const restarts = value("max-restarts");
  if (restarts !== void 0)
    options.maxRestarts = parseCount(restarts, `${prefix}max-restarts`);
  const soak = value("soak-seconds");
  if (soak !== void 0)
    options.soakSeconds = parseDuration(soak, `${prefix}soak-seconds`);
  const grace = value("unschedulable-grace");
  if (grace !== void 0)
    options.unschedulableGraceSeconds = parseDuration(
      grace,
      `${prefix}unschedulable-grace`
    );
  const budget = value("max-unavailable");
  if (budget !== void 0) {
    const parsed = parseIntOrPercent(budget, `${prefix}max-unavailable`);
    if (parsed !== void 0) options.maxUnavailable = parsed;
  }
  const attribute = value("attribute-not-ready-nodes");
  if (attribute !== void 0)
    options.attributeNotReadyNodes = parseBoolean(
      attribute,
      `${prefix}attribute-not-ready-nodes`
    );
  if (options.timeoutSeconds <= 0)
    throw new UserError(`${prefix}timeout must be more than 0`);
  return options;
}
function plannedSeconds(plan) {
  if (typeof plan !== "object" || plan === null) return void 0;
  const daemonSets = plan.daemonSets;
  if (!Array.isArray(daemonSets)) return void 0;
  let total = 0;
  let any = false;
  for (const ds of daemonSets) {
    const s = ds.rollout?.estimatedSeconds;
    if (typeof s === "number") {
      total += s;
      any = true;
    }
  }
  return any ? total : void 0;
}
function parseCanaryOptions(canary, waves, prefix = "") {
  const out = {};
  if (canary.trim() !== "") {
    const spec = parseCanary(canary);
    if ("error" in spec) throw new UserError(`${prefix}canary: ${spec.error}`);
    out.canary = spec;
  }
  if (waves.trim() !== "") {
    if (!/^\d+$/.test(waves.trim()) || Number(waves.trim()) < 1)
      throw new UserError(
        `${prefix}waves must be a whole number of at least 1, not ${JSON.stringify(waves)}`
      );
    if (out.canary === void 0)
      throw new UserError(`${prefix}waves needs ${prefix}canary`);
    out.waves = Number(waves.trim());
  }
  return out;
}

export {
  KubeApiError,
  KubeClient,
  renderDeployReport,
  progressLine,
  progressThrottle,
  templatesEqual,
  controlledRevisions,
  runGate,
  undoDaemonSet,
  runApply,
  parseDuration,
  parseBoolean,
  parseOnCancel,
  parseGateOptions,
  plannedSeconds,
  parseCanaryOptions
};
