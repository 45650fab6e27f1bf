import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  readLiveSnapshot
} from "./chunk-UMYJFZQQ.js";
import {
  ListWatch
} from "./chunk-QUVCEMVH.js";
import {
  KubeApiError,
  PATCH_MERGE,
  PATCH_STRATEGIC
} from "./chunk-MU7Q3OSJ.js";
import {
  buildLivePlan,
  compareWithReviewed,
  configOnlySteps,
  conflictSteps,
  describeBlocker,
  describeExclusion,
  isApplyConflict,
  livePlanBlocks,
  livePlanHangs,
  livePlanReport,
  livePlanSeconds,
  nextGateDeadline,
  planWaves,
  podBelongsTo,
  podIsUpdated,
  podNodeName,
  podSteps,
  reviewedSeconds,
  startGate,
  stepGate,
  stuckNodeSteps
} from "./chunk-4V2MU4RG.js";
import {
  code,
  configRefs,
  expandWaves,
  formatDuration,
  inert,
  selectorToString
} from "./chunk-FXAEVUHL.js";
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
  if (report.undoTarget !== void 0 && report.undoTarget.length > 0) {
    out.push("**Undo target:**");
    out.push("");
    for (const line of report.undoTarget) out.push(`- ${inert(line.trim())}`);
    out.push("");
  }
  if (report.nextSteps !== void 0 && report.nextSteps.length > 0) {
    out.push("**Next steps:**");
    out.push("");
    report.nextSteps.forEach((step, i) => out.push(`${i + 1}. ${inert(step)}`));
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

// src/core/deploy/report.ts
function closeReport(report, elapsedMs, apiRequests) {
  report.actualSeconds = Math.round(elapsedMs / 100) / 10;
  report.apiRequests = apiRequests;
  report.failedNodes = [
    ...new Set(
      report.failing.map((p) => p.node).filter((n) => n !== void 0)
    )
  ].sort();
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
function eta(input) {
  const p = input.progress;
  if (!p.observed || p.updated >= p.desired || input.soaking === true)
    return void 0;
  if (input.paceFrom !== void 0 && p.updated > input.paceFrom && input.elapsedSeconds > 0) {
    const perNode = input.elapsedSeconds / (p.updated - input.paceFrom);
    return `ETA ~${formatDuration(perNode * (p.desired - p.updated))} at the observed pace`;
  }
  if (input.planned === void 0) return void 0;
  if (input.planned.hangs === true)
    return `no ETA: the ${input.planned.source} predicts a hang`;
  const left = input.planned.seconds - input.elapsedSeconds;
  return left >= 0 ? `ETA ~${formatDuration(left)} (${input.planned.source} estimate ${formatDuration(input.planned.seconds)})` : `over the ${input.planned.source} estimate of ${formatDuration(input.planned.seconds)} by ${formatDuration(-left)}`;
}
function progressLine(input) {
  const p = input.progress;
  const head = `[${input.key}] ${input.phase}:`;
  if (!p.observed)
    return `${head} waiting for the controller to observe the change, elapsed ${formatDuration(input.elapsedSeconds)}`;
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
  const estimate = eta(input);
  if (estimate !== void 0) parts.push(estimate);
  if (input.soaking === true) parts.push("soaking");
  let line = `${head} ${parts.join(", ")}`;
  const stalled = input.stalledSeconds ?? 0;
  if (stalled >= STALL_SECONDS && input.soaking !== true && input.blockers !== void 0 && input.blockers.length > 0)
    line += `; nothing moved for ${formatDuration(stalled)}, waiting on ${input.blockers.join("; ")}`;
  return line;
}
var STALL_SECONDS = 10;
var PROGRESS_LINE_INTERVAL_MS = 5e3;
var PROGRESS_HEARTBEAT_MS = 6e4;
function progressThrottle(intervalMs = PROGRESS_LINE_INTERVAL_MS, heartbeatMs = PROGRESS_HEARTBEAT_MS) {
  let last = -Infinity;
  let lastStatus = "";
  let lastSignature;
  return {
    shouldPrint(nowMs, status, waiting, signature) {
      const since = nowMs - last;
      const print = !waiting || status !== lastStatus || since >= heartbeatMs || signature !== lastSignature && since >= intervalMs;
      if (!print) return false;
      last = nowMs;
      lastStatus = status;
      lastSignature = signature;
      return true;
    },
    reset() {
      last = -Infinity;
    }
  };
}

// src/deploy/engine/events.ts
function eventBus(subscribers) {
  return (event) => {
    for (const s of subscribers) s(event);
  };
}
function reportBuilder(report) {
  return (event) => {
    if (event.kind === "timeline")
      report.timeline.push({
        at: event.at,
        phase: event.phase,
        message: event.message
      });
    else if (event.kind === "warning") report.warnings.push(event.message);
  };
}
function progressPrinter(log) {
  const throttles = /* @__PURE__ */ new Map();
  return (event) => {
    if (event.kind === "log") log[event.level](event.message);
    else if (event.kind === "warning") log.warning(event.message);
    else if (event.kind === "progress") {
      const key = `${event.line.key} ${event.line.phase}`;
      let throttle = throttles.get(key);
      if (throttle === void 0) {
        throttle = progressThrottle();
        throttles.set(key, throttle);
      }
      if (event.fresh === true) throttle.reset();
      const p = event.line.progress;
      const signature = `${p.observed}/${p.desired}/${p.updated}/${p.available}/${p.unavailable}/${(event.line.blockers ?? []).join(";")}/${event.line.waveLabel ?? ""}/${(event.line.stalledSeconds ?? 0) >= STALL_SECONDS}`;
      if (throttle.shouldPrint(event.at, event.status, event.waiting, signature))
        log.info(progressLine(event.line));
    }
  };
}

// src/core/undo/compare.ts
var PRESENCE_KEYS = /* @__PURE__ */ new Set(["emptyDir"]);
function normaliseTemplate(value, key = "") {
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
    if (Object.keys(out).length === 0 && !PRESENCE_KEYS.has(key))
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

// src/deploy/gate-runner.ts
function gateWatches(namespace, name, initial, deps, poke) {
  const ds = new ListWatch(
    deps.client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    poke,
    deps.listWatchOptions
  );
  const pods = new ListWatch(
    deps.client,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    { labelSelector: selectorToString(initial.spec?.selector) || void 0 },
    poke,
    deps.listWatchOptions
  );
  const nodes = deps.watchNodes ? new ListWatch(
    deps.client,
    "/api/v1/nodes",
    {},
    poke,
    deps.listWatchOptions
  ) : void 0;
  const all = [
    ds,
    pods,
    ...nodes === void 0 ? [] : [nodes]
  ];
  return { ds, pods, ...nodes === void 0 ? {} : { nodes }, all };
}
async function findCurrentRevision(client, namespace, ds) {
  const list = await client.list(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || void 0 }
  );
  return controlledRevisions(list.items, ds).filter((r) => {
    const data = r.data;
    return templatesEqual(ds.spec?.template, data?.spec?.template);
  }).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
}
var GateLoop = class {
  constructor(namespace, name, options, deps, now) {
    this.namespace = namespace;
    this.name = name;
    this.options = options;
    this.deps = deps;
    this.now = now;
    this.state = startGate(now(), deps.carry);
  }
  namespace;
  name;
  options;
  deps;
  now;
  state;
  currentRevision;
  finished;
  resolving = false;
  tries = 0;
  wake;
  poke = () => this.wake?.();
  cancel = () => {
    this.finished ??= {
      status: "cancelled",
      message: "cancelled while waiting for the rollout"
    };
    this.poke();
  };
  /** Looks up the current revision once the controller has observed the spec (at most 20 tries). */
  resolveRevision(ds) {
    if (ds === null || this.currentRevision !== void 0 || this.resolving || (ds.status?.observedGeneration ?? 0) < (ds.metadata?.generation ?? 0) || this.tries >= 20)
      return;
    this.tries += 1;
    this.resolving = true;
    findCurrentRevision(this.deps.client, this.namespace, ds).then((found) => {
      if (found !== void 0) this.currentRevision = found;
    }).catch(
      (err) => this.deps.log?.(
        `could not list ControllerRevisions: ${err instanceof Error ? err.message : String(err)}`
      )
    ).finally(() => {
      this.resolving = false;
      this.poke();
    });
  }
  /** One step of the pure gate on what the watches hold; true when it is over. */
  step(w) {
    const ds = w.ds.items().find((d) => d.metadata?.name === this.name) ?? null;
    this.resolveRevision(ds);
    const observation = {
      daemonSet: ds,
      pods: w.pods.items(),
      ...w.nodes === void 0 ? {} : { nodes: w.nodes.items() },
      ...this.deps.scopeNodes === void 0 ? {} : { scopeNodes: this.deps.scopeNodes },
      ...this.currentRevision === void 0 || ds === null ? {} : {
        currentHash: revisionHash(this.currentRevision, this.name)
      }
    };
    const step = stepGate(this.state, observation, this.now(), this.options);
    this.state = step.state;
    this.deps.onProgress?.(step.progress, step.verdict, this.state);
    if (step.verdict.status === "waiting") return false;
    this.finished = step.verdict;
    return true;
  }
  /** Sleeps until the next deadline (at most 5 s) or the next event. */
  async sleep() {
    const deadline = nextGateDeadline(this.state, this.options);
    await new Promise((resolve) => {
      const timer = setTimeout(
        resolve,
        Math.max(10, Math.min(deadline - this.now(), 5e3))
      );
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = void 0;
  }
};
async function runGate(namespace, name, options, deps, signal) {
  const now = deps.now ?? Date.now;
  const loop = new GateLoop(namespace, name, options, deps, now);
  const initial = await deps.client.get(
    "apps/v1",
    "DaemonSet",
    name,
    namespace
  );
  if (initial === null) {
    const step = stepGate(
      loop.state,
      { daemonSet: null, pods: [] },
      now(),
      options
    );
    return {
      verdict: step.verdict,
      state: step.state,
      progress: step.progress,
      watchStats: { watches: 0, relists410: 0, reconnects: 0 }
    };
  }
  const watches = gateWatches(namespace, name, initial, deps, loop.poke);
  signal.addEventListener("abort", loop.cancel, { once: true });
  if (signal.aborted) loop.cancel();
  try {
    for (const w of watches.all) await w.start();
    while (loop.finished === void 0) {
      if (loop.step(watches)) break;
      await loop.sleep();
    }
  } finally {
    signal.removeEventListener("abort", loop.cancel);
    await Promise.all(watches.all.map((w) => w.stop()));
  }
  const stats = watches.all.map((w) => w.stats);
  const result = {
    verdict: loop.finished,
    state: loop.state,
    progress: loop.state.progress,
    watchStats: {
      watches: stats.reduce((n, s) => n + s.watches, 0),
      relists410: stats.reduce((n, s) => n + s.relists410, 0),
      reconnects: stats.reduce((n, s) => n + s.reconnects, 0)
    }
  };
  if (loop.currentRevision !== void 0)
    result.currentRevision = loop.currentRevision;
  return result;
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
  const preview = { live: ds, target: plan.revision };
  if (plan.kind === "skip") {
    return {
      kind: "skipped",
      toRevision: number,
      revisionName,
      message: plan.message,
      warnings: plan.warnings,
      preview
    };
  }
  const refused = options.guard?.(preview);
  if (refused !== void 0)
    return {
      kind: "refused",
      toRevision: number,
      revisionName,
      message: refused,
      warnings: plan.warnings,
      preview
    };
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
    daemonSet: patched,
    preview
  };
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
async function switchToOnDelete(client, namespace, name, record) {
  await client.patch(
    "apps/v1",
    "DaemonSet",
    name,
    namespace,
    JSON.stringify({
      metadata: {
        annotations: { [CANARY_ANNOTATION]: JSON.stringify(record) }
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
async function waveContext(namespace, name, canary, deps) {
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
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const listPods = async () => (await client.list(podsPath, {
    labelSelector: selectorToString(ds.spec?.selector) || void 0
  })).items.filter((p) => podBelongsTo(p, ds));
  const nodeNames = [
    ...new Set(
      (await listPods()).map((p) => podNodeName(p)).filter((n) => n !== void 0)
    )
  ];
  let labels = /* @__PURE__ */ new Map();
  if (canary.kind === "selector") {
    const nodes = await client.list("/api/v1/nodes");
    labels = new Map(
      nodes.items.map((n) => [n.metadata?.name ?? "", n.metadata?.labels ?? {}])
    );
  }
  return {
    ds,
    current,
    hash: current === void 0 ? void 0 : revisionHash(current, name),
    listPods,
    nodeNames,
    labels
  };
}
async function runWave(namespace, name, ctx, wave, scope, label2, gate, deps) {
  const { client } = deps;
  const waveSet = new Set(wave);
  const stale = (await ctx.listPods()).filter(
    (p) => waveSet.has(podNodeName(p) ?? "") && !podIsUpdated(p, ctx.ds, ctx.hash) && p.metadata?.deletionTimestamp === void 0
  );
  for (const pod of stale)
    await client.delete("v1", "Pod", pod.metadata?.name ?? "", namespace);
  deps.note(`${label2}: replacing ${stale.length} pod(s) on ${wave.join(", ")}`);
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
  for (const entry of gateResult.state.timeline)
    if (entry.kind !== "started")
      deps.note(
        `${label2}: ${entry.message}`,
        gateResult.state.startedAt + entry.at * 1e3
      );
  return gateResult;
}
async function runCanaryWaves(namespace, name, canary, maxUnavailable, waves2, gate, deps) {
  const ctx = await waveContext(namespace, name, canary, deps);
  const planned = planWaves(
    ctx.nodeNames.map((n) => ({ name: n, labels: ctx.labels.get(n) ?? {} })),
    canary,
    maxUnavailable,
    waves2
  );
  const result = {
    verdict: {
      status: "failed",
      reason: "canary-plan",
      message: "error" in planned ? planned.error : "",
      failing: []
    },
    gates: [],
    plan: [],
    wavesDone: 0
  };
  if (ctx.current !== void 0) result.currentRevision = ctx.current;
  if ("error" in planned) return result;
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
    const gateResult = await runWave(
      namespace,
      name,
      ctx,
      wave,
      scope,
      label2,
      gate,
      deps
    );
    result.gates.push(gateResult);
    result.verdict = gateResult.verdict;
    if (gateResult.verdict.status !== "succeeded") return result;
    result.wavesDone = index + 1;
  }
  return result;
}

// src/deploy/engine/state.ts
function apiMessage(err) {
  if (err instanceof KubeApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
function keyOf(run) {
  return `${run.outcome.namespace}/${run.outcome.name}`;
}
function elapsed(state, at = state.now()) {
  return Math.round((at - state.t0) / 100) / 10;
}
function note(state, phase, message, at) {
  state.emit({ kind: "timeline", at: elapsed(state, at), phase, message });
}
function info(state, message) {
  state.emit({ kind: "log", level: "info", message });
}
function error(state, message) {
  state.emit({ kind: "log", level: "error", message });
}
function warn(state, message) {
  state.emit({ kind: "warning", message });
}
function revisionsText(state, pick) {
  if (state.runs.length === 1) return String(pick(state.runs[0].outcome) ?? "");
  return state.runs.map(
    (r) => `${r.outcome.namespace}/${r.outcome.name}=${pick(r.outcome) ?? ""}`
  ).join(",");
}
var UNCHANGED = ["unchanged: the run stopped before any write"];

// src/deploy/engine/gate-phase.ts
function progressEmitter(emit, now, base, options = { pace: true }) {
  const started = now();
  let paceFrom;
  let fresh = true;
  return {
    fresh() {
      fresh = true;
    },
    onProgress(p, verdict, gate, waveLabel) {
      const t = now();
      if (paceFrom === void 0 && p.observed) paceFrom = p.updated;
      const soaking = verdict.status === "waiting" && verdict.phase === "soak";
      emit({
        kind: "progress",
        at: t,
        status: verdict.status === "waiting" ? verdict.phase : verdict.status,
        waiting: verdict.status === "waiting",
        fresh,
        line: {
          ...base,
          ...waveLabel === void 0 ? {} : { waveLabel },
          progress: { ...p },
          elapsedSeconds: (t - started) / 1e3,
          soaking,
          ...options.pace && paceFrom !== void 0 ? { paceFrom } : {},
          stalledSeconds: (t - gate.lastProgressAt) / 1e3,
          blockers: gate.blockers.map(describeBlocker)
        }
      });
      fresh = false;
    }
  };
}
function absorbGate(state, gate) {
  const report = state.report;
  if (gate.verdict.status === "failed")
    report.failing.push(...gate.verdict.failing);
  for (const p of gate.state.nodeProblems) {
    if (!report.nodeProblems.some(
      (q) => q.pod === p.pod && q.reason === p.reason
    ))
      report.nodeProblems.push(p);
  }
}
async function gatePhase(state, run, phase) {
  const { settings, deps } = state;
  const key = keyOf(run);
  const rolling = phase === "gate" && settings.canary === void 0;
  const progress = progressEmitter(state.emit, state.now, {
    key,
    phase,
    ...rolling && run.planned !== void 0 ? { planned: run.planned } : {},
    ...rolling && run.plannedWaves !== void 0 ? { plannedWaves: run.plannedWaves } : {}
  });
  const result = await runGate(
    run.outcome.namespace,
    run.outcome.name,
    settings.gate,
    {
      client: deps.client,
      now: state.now,
      watchNodes: state.pre?.canWatchNodes ?? false,
      log: (m) => state.emit({ kind: "log", level: "warning", message: m }),
      ...deps.listWatchOptions === void 0 ? {} : { listWatchOptions: deps.listWatchOptions },
      ...run.carry === void 0 ? {} : {
        // The gate starts from the live plan's knowledge, the
        // verification also from the gate's.
        carry: phase === "verify" ? run.carry : { knownUnavailable: run.carry.knownUnavailable ?? [] }
      },
      onProgress: progress.onProgress
    },
    deps.signal
  );
  gateTimeline(state, key, phase, result);
  return result;
}
function gateTimeline(state, key, phase, result) {
  for (const entry of result.state.timeline) {
    if (entry.kind === "started") continue;
    note(
      state,
      phase,
      `${key}: ${entry.message}`,
      result.state.startedAt + entry.at * 1e3
    );
  }
  const w = result.watchStats;
  note(
    state,
    phase,
    `${key}: ${w.watches} watch request(s), ${w.reconnects} reconnect(s) after drops, ${w.relists410} re-list(s) after 410 Gone`
  );
}

// src/deploy/engine/canary-phase.ts
async function unchanged(state, run) {
  const head = run.target.item.object;
  const { client } = state.deps;
  const dry = await client.apply(head, {
    force: state.settings.force,
    dryRun: true
  });
  if (!templatesEqual(run.before?.spec?.template, dry.spec?.template))
    return void 0;
  await client.apply(head, { force: state.settings.force, dryRun: false });
  const gate = "pod template unchanged (R4.3): no canary needed";
  note(state, "canary", `${keyOf(run)}: ${gate}`);
  return { run: { applied: true }, outcome: { gate }, gates: [] };
}
async function waves(state, run, original, out) {
  const { namespace, name } = run.outcome;
  const key = keyOf(run);
  const { deps, settings } = state;
  const canary = settings.canary;
  let waveLabel;
  const progress = progressEmitter(
    state.emit,
    state.now,
    { key, phase: "canary" },
    { pace: false }
  );
  const result = await runCanaryWaves(
    namespace,
    name,
    canary,
    original.rollingUpdate?.maxUnavailable ?? 1,
    settings.waves,
    settings.gate,
    {
      client: deps.client,
      signal: deps.signal,
      now: state.now,
      log: (m) => state.emit({ kind: "log", level: "info", message: `[${key}] ${m}` }),
      note: (m, at) => note(state, "canary", `${key}: ${m}`, at),
      watchNodes: state.pre?.canWatchNodes ?? false,
      ...deps.listWatchOptions === void 0 ? {} : { listWatchOptions: deps.listWatchOptions },
      onWave: (label2) => {
        waveLabel = label2;
        progress.fresh();
      },
      onProgress: (p, verdict, gate) => progress.onProgress(p, verdict, gate, waveLabel)
    }
  );
  out.gates.push(...result.gates);
  if (result.currentRevision?.revision !== void 0)
    out.outcome.revisionAfter = result.currentRevision.revision;
  if (result.verdict.status !== "succeeded") {
    out.outcome.gate = `canary failed after ${result.wavesDone} of ${result.plan.length} wave(s): ${result.verdict.message}`;
    out.failure = result.verdict;
    return false;
  }
  out.outcome.gate = `canary + ${result.plan.length - 1} wave(s) passed`;
  return true;
}
async function complete(state, run, out) {
  const { namespace, name } = run.outcome;
  const { client } = state.deps;
  await client.apply(run.target.item.object, {
    force: state.settings.force,
    dryRun: false
  });
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
  note(
    state,
    "canary",
    `${keyOf(run)}: the canary wave(s) passed; updateStrategy restored from the manifest`
  );
  const final = await gatePhase(state, run, "gate");
  out.gates.push(final);
  out.outcome.gate = `${out.outcome.gate ?? "canary passed"}; ${final.verdict.message}`;
  if (final.verdict.status !== "succeeded") out.failure = final.verdict;
}
async function canaryPhase(state, run) {
  const { namespace, name } = run.outcome;
  const key = keyOf(run);
  const { client } = state.deps;
  try {
    const same = await unchanged(state, run);
    if (same !== void 0) return same;
  } catch (err) {
    return {
      run: {},
      outcome: {},
      gates: [],
      failure: { status: "apply-error", message: apiMessage(err) }
    };
  }
  const original = run.before?.spec?.updateStrategy ?? {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 1 }
  };
  const record = {
    originalStrategy: original,
    startedAt: new Date(state.now()).toISOString(),
    ...run.outcome.revisionBefore === void 0 ? {} : { revisionBefore: run.outcome.revisionBefore }
  };
  const out = { run: {}, outcome: {}, gates: [] };
  let succeeded = false;
  try {
    await switchToOnDelete(client, namespace, name, record);
    note(
      state,
      "canary",
      `${key}: updateStrategy switched to OnDelete for the canary (original recorded in ${CANARY_ANNOTATION})`
    );
    const onDelete = structuredClone(run.target.item.object);
    onDelete.spec = {
      ...onDelete.spec ?? {},
      updateStrategy: { type: "OnDelete" }
    };
    await client.apply(onDelete, { force: state.settings.force, dryRun: false });
    out.run.applied = true;
    out.run.templateChanged = true;
    out.outcome.templateChanged = true;
    if (await waves(state, run, original, out)) {
      succeeded = true;
      await complete(state, run, out);
    }
  } catch (err) {
    out.failure = { status: "apply-error", message: apiMessage(err) };
  } finally {
    if (!succeeded) {
      try {
        await restoreStrategy(client, namespace, name, original);
        note(
          state,
          "canary",
          `${key}: original updateStrategy restored (${original.type ?? "RollingUpdate"})`
        );
      } catch (err) {
        out.run.restoreProblem = `DaemonSet ${key}: its updateStrategy is still OnDelete; restoring ${JSON.stringify(original)} failed: ${apiMessage(err)}`;
      }
    }
  }
  return out;
}

// src/deploy/engine/apply-phase.ts
var RESTARTED_AT_ANNOTATION = "ds-rollout.io/restartedAt";
async function recordPhase(state) {
  const { client } = state.deps;
  state.recorded = (state.pre?.targets ?? []).filter(
    (t) => (t.item.object.kind === "ConfigMap" || t.item.object.kind === "Secret") && t.live !== null
  );
  for (const run of state.runs) {
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
    state,
    "record",
    `recorded ${state.runs.filter((r) => r.before !== null).length} DaemonSet(s) and ${state.recorded.length} ConfigMap/Secret(s)`
  );
}
function changedConfigs(state, run) {
  const spec = run.target.item.object.spec?.template?.spec;
  const refs = configRefs(spec);
  return state.recorded.filter(
    (t) => refs.some(
      (r) => r.kind === t.item.object.kind && r.name === t.name && (t.namespace ?? "default") === run.outcome.namespace
    )
  ).filter((t) => {
    const data = (o) => JSON.stringify([o?.["data"] ?? {}, o?.["binaryData"] ?? {}]);
    return data(t.live) !== data(t.dryRun ?? t.item.object);
  }).map((t) => `${t.item.object.kind} ${t.namespace}/${t.name}`);
}
function withRestart(head, at) {
  const copy = structuredClone(head);
  const template = copy.spec?.template ?? {};
  template.metadata = {
    ...template.metadata ?? {},
    annotations: {
      ...template.metadata?.annotations ?? {},
      [RESTARTED_AT_ANNOTATION]: at
    }
  };
  copy.spec = { ...copy.spec ?? {}, template };
  return copy;
}
async function applyOthers(state) {
  const { client } = state.deps;
  await state.deps.log.group("Apply", async () => {
    for (const t of state.pre?.targets ?? []) {
      if (t.item.object.kind === "DaemonSet") continue;
      try {
        await client.apply(t.item.object, {
          force: state.settings.force,
          dryRun: false
        });
        state.appliedOthers.push(t);
        info(
          state,
          `applied ${t.item.object.kind} ${t.namespace === void 0 ? t.name : `${t.namespace}/${t.name}`}`
        );
      } catch (err) {
        state.failure = {
          verdict: { status: "apply-error", message: apiMessage(err) }
        };
        return;
      }
    }
  });
  note(
    state,
    "apply",
    `applied ${state.appliedOthers.length} non-DaemonSet object(s)`
  );
}
async function applyDaemonSet(state, run) {
  const key = keyOf(run);
  let head = run.target.item.object;
  const config = run.before === null || !templatesEqual(
    run.before.spec?.template,
    run.target.dryRun?.spec?.template
  ) ? [] : changedConfigs(state, run);
  if (config.length > 0 && state.settings.restartOnConfigChange === true) {
    head = withRestart(head, new Date(state.now()).toISOString());
    note(
      state,
      "apply",
      `${key}: ${config.join(", ")} changed and the template did not: pod-template annotation ${RESTARTED_AT_ANNOTATION} bumped (--restart-on-config-change), so the pods restart under the gate`
    );
  }
  try {
    const applied = await state.deps.client.apply(head, {
      force: state.settings.force,
      dryRun: false
    });
    run.applied = true;
    run.templateChanged = run.before === null || !templatesEqual(run.before.spec?.template, applied.spec?.template);
    run.outcome.templateChanged = run.templateChanged;
    if (!run.templateChanged && config.length > 0) run.configOnly = config;
    note(
      state,
      "apply",
      `applied DaemonSet ${key} (generation ${applied.metadata?.generation ?? "?"}${run.templateChanged ? ", pod template changed: rollout starts" : ", pod template unchanged: no pods replaced (R4.3)"})`
    );
    info(
      state,
      `applied DaemonSet ${key}${run.templateChanged ? "" : " (pod template unchanged)"}`
    );
    return true;
  } catch (err) {
    state.failure = {
      verdict: { status: "apply-error", message: apiMessage(err) },
      run
    };
    return false;
  }
}
async function gateDaemonSet(state, run) {
  const key = keyOf(run);
  const strategy = run.target.item.object.spec?.updateStrategy?.type;
  if (strategy === "OnDelete") {
    run.outcome.gate = "OnDelete: no automatic rollout (R3.14); pods take the new template when they are deleted";
    note(state, "gate", `${key}: ${run.outcome.gate}`);
    return;
  }
  const gate = await state.deps.log.group(
    `Gate ${key}`,
    () => gatePhase(state, run, "gate")
  );
  absorbGate(state, gate);
  if (gate.currentRevision !== void 0) {
    if (gate.currentRevision.revision !== void 0)
      run.outcome.revisionAfter = gate.currentRevision.revision;
    const hash = revisionHash(gate.currentRevision, run.outcome.name);
    if (hash !== void 0) run.appliedHash = hash;
  }
  run.carry = {
    ...run.carry,
    unschedulableNodes: { ...gate.state.unschedulableNodes }
  };
  run.outcome.gate = gate.verdict.message;
  run.excluded = gate.state.excluded;
  if (gate.verdict.status !== "succeeded")
    state.failure = { verdict: gate.verdict, run };
}
async function applyPhase(state) {
  await applyOthers(state);
  for (const run of state.runs) {
    if (state.failure !== void 0) break;
    if (state.settings.canary !== void 0 && run.before !== null) {
      const canaried = await state.deps.log.group(
        `Canary ${keyOf(run)}`,
        () => canaryPhase(state, run)
      );
      Object.assign(run, canaried.run);
      Object.assign(run.outcome, canaried.outcome);
      if (canaried.failure !== void 0)
        state.failure = { verdict: canaried.failure, run };
      continue;
    }
    if (!await applyDaemonSet(state, run)) break;
    await gateDaemonSet(state, run);
  }
  if (state.failure?.verdict.status === "apply-error")
    error(state, state.failure.verdict.message);
  for (const run of state.runs)
    if (run.configOnly !== void 0) warn(state, configOnlyWarning(run));
}
function configOnlyWarning(run) {
  return `DaemonSet ${keyOf(run)}: ${(run.configOnly ?? []).join(", ")} changed but the pod template did not, so no pod was replaced (config-change-without-rollout): pods that read it as environment variables or at start keep the old configuration until they restart`;
}

// src/core/undo/rolled-back-from.ts
var ROLLED_BACK_FROM_ANNOTATION = "ds-rollout.io/rolled-back-from";
function readRolledBackFrom(ds) {
  const text = ds.metadata?.annotations?.[ROLLED_BACK_FROM_ANNOTATION];
  if (text === void 0) return void 0;
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return void 0;
    return {
      ...typeof parsed.revision === "number" ? { revision: parsed.revision } : {},
      ...typeof parsed.hash === "string" ? { hash: parsed.hash } : {},
      images: Array.isArray(parsed.images) ? parsed.images.map(String) : [],
      at: String(parsed.at ?? "?"),
      reason: String(parsed.reason ?? "")
    };
  } catch {
    return void 0;
  }
}
function isRolledBackFrom(record, revision, dsName) {
  const hash = revisionHash(revision, dsName);
  if (record.hash !== void 0 && hash !== void 0)
    return record.hash === hash;
  return record.revision !== void 0 && record.revision === revision.revision;
}

// src/deploy/restorable.ts
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

// src/deploy/engine/undo-phase.ts
async function restoreConfigs(state, problems) {
  for (const t of state.appliedOthers) {
    const kind = t.item.object.kind;
    if ((kind === "ConfigMap" || kind === "Secret") && t.live === null)
      note(
        state,
        "undo",
        `${kind} ${t.namespace}/${t.name} was created by this run and is left in place`
      );
  }
  for (const t of state.recorded) {
    if (!state.appliedOthers.includes(t) || t.live === null) continue;
    const what = `${t.item.object.kind} ${t.namespace}/${t.name}`;
    try {
      await state.deps.client.replace(restorable(t.live));
      note(state, "undo", `restored ${what}`);
      info(state, `restored ${what}`);
    } catch (err) {
      problems.push(`${what} not restored: ${apiMessage(err)}`);
    }
  }
}
async function recordRolledBackFrom(state, run, why) {
  const head = run.target.item.object;
  const record = {
    ...run.outcome.revisionAfter === void 0 ? {} : { revision: run.outcome.revisionAfter },
    ...run.appliedHash === void 0 ? {} : { hash: run.appliedHash },
    images: (head.spec?.template?.spec?.containers ?? []).map(
      (c) => c.image ?? "?"
    ),
    at: new Date(state.now()).toISOString(),
    reason: why.slice(0, 300)
  };
  try {
    await state.deps.client.patch(
      "apps/v1",
      "DaemonSet",
      run.outcome.name,
      run.outcome.namespace,
      JSON.stringify({
        metadata: {
          annotations: { [ROLLED_BACK_FROM_ANNOTATION]: JSON.stringify(record) }
        }
      }),
      PATCH_MERGE
    );
  } catch (err) {
    warn(
      state,
      `DaemonSet ${keyOf(run)}: could not record the failed revision in ${ROLLED_BACK_FROM_ANNOTATION}: ${apiMessage(err)}; a later undo will not know it`
    );
  }
}
async function undoOne(state, run, why, problems) {
  const key = keyOf(run);
  const { namespace, name } = run.outcome;
  if (run.before === null) {
    problems.push(
      `DaemonSet ${key} was created by this run; it has no earlier revision to go back to and is left in place (delete it with: kubectl -n ${namespace} delete daemonset ${name})`
    );
    run.outcome.undo = "not possible: created by this run";
    return;
  }
  try {
    const undone = await undoDaemonSet(
      state.deps.client,
      namespace,
      name,
      run.outcome.revisionBefore ?? 0
    );
    run.outcome.undo = `${undone.message} to revision ${undone.toRevision}`;
    for (const w of undone.warnings) warn(state, w);
    note(
      state,
      "undo",
      `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
    );
    info(state, undone.message);
    await recordRolledBackFrom(state, run, why);
  } catch (err) {
    run.outcome.undo = `failed: ${apiMessage(err)}`;
    problems.push(`DaemonSet ${key}: undo failed: ${apiMessage(err)}`);
  }
}
async function undoPhase(state, why) {
  const problems = state.runs.flatMap(
    (r) => r.restoreProblem === void 0 ? [] : [r.restoreProblem]
  );
  await state.deps.log.group("Undo", async () => {
    await restoreConfigs(state, problems);
    for (const run of [...state.runs].reverse()) {
      if (!run.applied || !run.templateChanged) continue;
      await undoOne(state, run, why, problems);
    }
  });
  return problems;
}
async function verifyPhase(state) {
  const out = { problems: [], excluded: [] };
  for (const run of state.runs) {
    if (!run.applied || !run.templateChanged || run.before === null) continue;
    const key = keyOf(run);
    const verify = await state.deps.log.group(
      `Verify rollback ${key}`,
      () => gatePhase(state, run, "verify")
    );
    run.outcome.verify = verify.verdict.message;
    if (verify.state.excluded.length > 0)
      out.excluded.push({ key, nodes: verify.state.excluded });
    if (verify.verdict.status !== "succeeded") {
      out.problems.push(
        `DaemonSet ${key}: the rollback did not converge: ${verify.verdict.message}`
      );
      absorbGate(state, verify);
    } else
      for (const p of verify.state.nodeProblems)
        if (!state.report.nodeProblems.includes(p))
          state.report.nodeProblems.push(p);
    if (verify.currentRevision?.revision !== void 0)
      run.outcome.revisionAfter = verify.currentRevision.revision;
  }
  return out;
}

// src/deploy/engine/outcome.ts
async function describeState(state) {
  const lines = [];
  for (const run of state.runs) {
    const key = keyOf(run);
    try {
      const ds = await state.deps.client.get(
        "apps/v1",
        "DaemonSet",
        run.outcome.name,
        run.outcome.namespace
      );
      if (ds === null) {
        lines.push(`DaemonSet ${key} does not exist`);
        continue;
      }
      const s = ds.status ?? {};
      const images = (ds.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "?").join(", ");
      const onBefore = run.before !== null && templatesEqual(run.before.spec?.template, ds.spec?.template);
      lines.push(
        `DaemonSet ${key}: template ${onBefore ? "is the one from before this run" : "is NOT the one from before this run"} (images ${images}); generation ${ds.metadata?.generation ?? "?"}, observed ${s.observedGeneration ?? "?"}; ${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, ${s.numberUnavailable ?? 0} unavailable`
      );
    } catch (err) {
      lines.push(`DaemonSet ${key}: state unknown (${apiMessage(err)})`);
    }
  }
  return lines;
}
function failureSteps(state, failure) {
  const v = failure.verdict;
  if (v.status === "apply-error")
    return isApplyConflict(v.message) ? conflictSteps(v.message) : [
      "Fix what the API server rejected (its message is above; nothing else was applied after it), then re-run."
    ];
  if (v.status === "cancelled") return [];
  const held = failure.run?.excluded ?? [];
  const steps = [];
  if (v.status === "failed") steps.push(...podSteps(v.failing));
  if (held.length > 0) steps.push(...stuckNodeSteps(held));
  if (steps.length === 0 && v.status === "failed")
    steps.push(
      `See what the pods are doing: kubectl -n ${failure.run?.outcome.namespace ?? "default"} get pods -o wide, then fix the revision and re-run.`
    );
  return steps;
}
function excludedWarning(key, nodes) {
  const sick = nodes.every((e) => e.reason !== "PendingBeforeRun");
  return `DaemonSet ${key}: the rollback counts as done without ${nodes.map(describeExclusion).join(", ")}: ${sick ? `${nodes.length === 1 ? "that node is" : "those nodes are"} NotReady or unreachable, so no pod there can become available; the DaemonSet waits for ${nodes.length === 1 ? "it" : "them"}` : "no pod there can become available"}`;
}
function rolledOutExit(state) {
  const names = state.runs.map(keyOf).join(", ") || `${state.appliedOthers.length} object(s)`;
  const configOnly = state.runs.filter((r) => r.configOnly !== void 0);
  const excluded = state.runs.flatMap((r) => r.excluded ?? []);
  const nextSteps = [
    ...configOnly.flatMap((r) => configOnlySteps(r.outcome)),
    ...stuckNodeSteps(excluded)
  ];
  return {
    result: "rolled-out",
    summary: `Rolled out ${names}: ${state.runs.map((r) => r.outcome.gate).join("; ")}`,
    ...nextSteps.length > 0 ? { nextSteps } : {}
  };
}
async function failurePhase(state, failure) {
  const { settings, deps } = state;
  const cancelled = failure.verdict.status === "cancelled" || deps.signal.aborted;
  state.report.cancelled = cancelled;
  const why = failure.verdict.message;
  note(state, cancelled ? "cancel" : "gate", `failed: ${why}`);
  const steps = failureSteps(state, failure);
  const doUndo = cancelled ? settings.onCancel === "undo" : settings.undo;
  if (!doUndo)
    return {
      result: "failed",
      summary: cancelled ? `Cancelled; the rollout is left as it is (on-cancel: leave). ${why}` : `Failed: ${why}. Automatic undo is off; the rollout is left as it is.`,
      clusterState: await describeState(state),
      nextSteps: [
        ...steps,
        ...state.runs.filter((r) => r.applied && r.templateChanged && r.before !== null).map(
          (r) => `To roll back: ds-rollout undo --namespace ${r.outcome.namespace} --name ${r.outcome.name}${r.outcome.revisionBefore === void 0 ? "" : ` --to-revision ${r.outcome.revisionBefore}`}`
        )
      ]
    };
  const undoProblems = await undoPhase(state, why);
  if (undoProblems.length > 0) {
    for (const p of undoProblems) error(state, p);
    return {
      result: "undo-failed",
      summary: `Failed: ${why}. The undo did not complete: ${undoProblems.join(" ")}`,
      clusterState: [...undoProblems, ...await describeState(state)],
      nextSteps: [...steps, ...handUndoSteps(state)]
    };
  }
  if (cancelled)
    return {
      result: "rolled-back",
      summary: `Cancelled; the rollout was undone (on-cancel: undo) but not verified, as the run is stopping. ${why}`,
      clusterState: await describeState(state),
      nextSteps: state.runs.map(
        (r) => `Check that the rollback converges: kubectl -n ${r.outcome.namespace} rollout status daemonset/${r.outcome.name}`
      )
    };
  return verifiedExit(state, why, steps);
}
async function verifiedExit(state, why, steps) {
  const verify = await verifyPhase(state);
  for (const e of verify.excluded) warn(state, excludedWarning(e.key, e.nodes));
  const excludedSteps = stuckNodeSteps(verify.excluded.flatMap((e) => e.nodes));
  const live = state.runs.filter((r) => r.before !== null).map(
    (r) => `${keyOf(r)} is back on the release from before this run (images ${(r.before?.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "?").join(", ")}; now revision ${r.outcome.revisionAfter ?? "?"})`
  ).join("; ");
  if (verify.problems.length > 0) {
    return {
      result: "undo-failed",
      summary: `Failed: ${why}. Rolled back, but the rollback did not converge: ${verify.problems.join(" ")}`,
      clusterState: [...verify.problems, ...await describeState(state)],
      nextSteps: dedupe([
        ...podSteps(state.report.failing.slice(-20)),
        ...excludedSteps,
        ...handUndoSteps(state)
      ])
    };
  }
  return {
    result: "rolled-back",
    summary: `Failed: ${why}. Rolled back to the previous revision and verified that the rollback converged${verify.excluded.length > 0 ? " on every node that can run a pod" : ""}: ${live}.`,
    nextSteps: dedupe([
      ...steps,
      ...excludedSteps,
      `Do not run a plain "ds-rollout undo" now expecting an earlier release: the previous revision is the one that failed (ds-rollout undo refuses it unless named with --to-revision).`
    ])
  };
}
function handUndoSteps(state) {
  return state.runs.filter((r) => r.before !== null && r.applied).map(
    (r) => `When the blocker is gone, check and finish the rollback: ds-rollout undo --namespace ${r.outcome.namespace} --name ${r.outcome.name}${r.outcome.revisionBefore === void 0 ? "" : ` --to-revision ${r.outcome.revisionBefore}`} (and kubectl -n ${r.outcome.namespace} rollout status daemonset/${r.outcome.name})`
  );
}
function dedupe(lines) {
  return [...new Set(lines)];
}

// src/deploy/live-plan.ts
function apiMessage2(err) {
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
      skipped: `could not read the live nodes and pods: ${apiMessage2(err)}`
    };
  }
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

// src/deploy/preflight.ts
function where(item) {
  return `${item.source.file}:${item.source.line}`;
}
function label(t) {
  const kind = t.item.object.kind ?? "?";
  return `${kind} ${t.namespace === void 0 ? t.name : `${t.namespace}/${t.name}`}`;
}
function apiMessage3(err) {
  if (err instanceof KubeApiError)
    return `${err.apiMessage} (${err.status} ${err.reason})`;
  return err instanceof Error ? err.message : String(err);
}
function equalJson(a, b) {
  return JSON.stringify(normaliseTemplate(a)) === JSON.stringify(normaliseTemplate(b));
}
async function reachable(c) {
  try {
    const version = await c.client.version();
    if (version.gitVersion !== void 0)
      c.result.serverVersion = version.gitVersion;
    c.log(
      `API server reachable${version.gitVersion === void 0 ? "" : ` (${version.gitVersion})`}`
    );
    return true;
  } catch (err) {
    c.problems.push(`the API server is not reachable: ${apiMessage3(err)}`);
    return false;
  }
}
async function servedKinds(c, ordered) {
  const checked = /* @__PURE__ */ new Set();
  for (const item of ordered) {
    const { apiVersion, kind } = item.object;
    if (apiVersion === void 0 || kind === void 0) continue;
    const key = `${apiVersion}/${kind}`;
    if (checked.has(key)) continue;
    checked.add(key);
    try {
      const why = await c.client.notServed(apiVersion, kind);
      if (why !== void 0) c.problems.push(`${where(item)}: ${why}`);
    } catch (err) {
      c.problems.push(
        `${where(item)}: cannot read API discovery for ${apiVersion}: ${apiMessage3(err)}`
      );
    }
  }
}
async function resolveTargets(c, ordered) {
  const targets = [];
  for (const item of ordered) {
    const obj = item.object;
    if (obj.apiVersion === void 0 || obj.kind === void 0 || obj.metadata?.name === void 0) {
      c.problems.push(
        `${where(item)}: object without apiVersion, kind or metadata.name`
      );
      continue;
    }
    try {
      const info2 = await c.client.resource(obj.apiVersion, obj.kind);
      targets.push({
        item,
        info: info2,
        namespace: objectNamespace(obj, info2.namespaced),
        name: obj.metadata.name,
        live: null
      });
    } catch (err) {
      c.problems.push(
        `${where(item)}: ${obj.kind} ${obj.metadata.name}: ${apiMessage3(err)}`
      );
    }
  }
  return targets;
}
async function checkAll(c, needs) {
  let nodesDenied = false;
  const answers = [];
  for (let k = 0; k < needs.length; k += 10) {
    answers.push(
      ...await Promise.all(
        needs.slice(k, k + 10).map(async (n) => ({ n, answer: await c.client.canI(n) }))
      )
    );
  }
  for (const { n, answer } of answers) {
    if (answer.allowed) continue;
    const scope = n.namespace === void 0 ? "cluster-wide" : `in namespace ${n.namespace}`;
    const text = `${n.verb} ${n.group === "" ? "" : `${n.group}/`}${n.resource} ${scope} (${n.why})`;
    if (n.resource === "nodes") nodesDenied = true;
    if (n.optional === true)
      c.warnings.push(
        `not allowed: ${text}; pods on NotReady nodes will count against the revision`
      );
    else c.problems.push(`missing permission: ${text}`);
  }
  return nodesDenied;
}
async function checkAccess(c, targets) {
  const needs = neededAccess(
    targets.map((t) => ({
      group: t.info.group,
      resource: t.info.plural,
      kind: t.item.object.kind ?? "",
      exists: true,
      ...t.namespace === void 0 ? {} : { namespace: t.namespace }
    })),
    { undo: c.options.undo, canary: c.options.canary }
  );
  try {
    c.result.canWatchNodes = !await checkAll(c, needs);
    return true;
  } catch (err) {
    c.problems.push(
      `cannot check permissions (SelfSubjectAccessReview): ${apiMessage3(err)}`
    );
    return false;
  }
}
async function readLive(c, targets) {
  for (const t of targets) {
    try {
      t.live = await c.client.get(
        t.item.object.apiVersion ?? "",
        t.item.object.kind ?? "",
        t.name,
        t.namespace
      );
    } catch (err) {
      c.problems.push(
        `${where(t.item)}: cannot read ${label(t)}: ${apiMessage3(err)}`
      );
    }
  }
  const missing = targets.filter((t) => t.live === null);
  if (missing.length === 0) return;
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
  await checkAll(c, createNeeds);
}
function liveDaemonSetChecks(c, t, head, live) {
  const key = `${t.namespace ?? ""}/${t.name}`;
  if (head.spec?.selector !== void 0 && !equalJson(head.spec.selector, live.spec?.selector))
    c.problems.push(
      `${where(t.item)}: DaemonSet ${key}: spec.selector cannot change (R4.8: it is immutable in apps/v1); live ${JSON.stringify(live.spec?.selector)}, manifest ${JSON.stringify(head.spec.selector)}. Delete and re-create the DaemonSet instead.`
    );
  if (live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== void 0)
    c.warnings.push(
      `DaemonSet ${key} carries ${LAST_APPLIED_ANNOTATION}: it was last written by client-side kubectl apply; a later client-side apply may revert fields this run or its undo sets`
    );
}
function driftCheck(c, key, base, live) {
  const drifted = "the cluster drifted from the reviewed plan";
  if (base === void 0 && live !== null)
    c.problems.push(
      `DaemonSet ${key}: ${drifted}: the plan's base has no such DaemonSet, but it exists live`
    );
  else if (base !== void 0 && live === null)
    c.problems.push(
      `DaemonSet ${key}: ${drifted}: the plan's base has it, but it does not exist live`
    );
  else if (base !== void 0 && live !== null) {
    const diff = firstDifference(
      base.spec?.template,
      live.spec?.template,
      "spec.template"
    );
    if (diff !== void 0)
      c.problems.push(
        `DaemonSet ${key}: ${drifted}: live ${diff} differs from the plan's base; re-run the plan against the live cluster`
      );
  }
}
function daemonSetChecks(c, targets) {
  const baseDaemonSets = /* @__PURE__ */ new Map();
  for (const b of c.options.base ?? []) {
    if (b.object.kind === "DaemonSet")
      baseDaemonSets.set(
        `${b.object.metadata?.namespace ?? "default"}/${b.object.metadata?.name ?? ""}`,
        b.object
      );
  }
  for (const t of targets) {
    if (t.item.object.kind !== "DaemonSet") continue;
    const live = t.live;
    if (live !== null)
      liveDaemonSetChecks(c, t, t.item.object, live);
    if (c.options.base !== void 0) {
      const key = `${t.namespace ?? ""}/${t.name}`;
      driftCheck(c, key, baseDaemonSets.get(key), live);
    }
  }
}
async function dryRunAll(c, targets) {
  const newNamespaces = new Set(
    targets.filter((t) => t.item.object.kind === "Namespace" && t.live === null).map((t) => t.name)
  );
  for (const t of targets) {
    if (t.namespace !== void 0 && newNamespaces.has(t.namespace)) {
      c.log(
        `dry run skipped for ${label(t)}: its namespace is created by this run`
      );
      continue;
    }
    try {
      t.dryRun = await c.client.apply(t.item.object, {
        force: c.options.force,
        dryRun: true
      });
    } catch (err) {
      c.problems.push(
        `${where(t.item)}: server-side dry run of ${label(t)} failed: ${apiMessage3(err)}`
      );
    }
  }
  c.log(
    `server-side dry run of ${targets.length} object(s): ${c.problems.length === 0 ? "passed" : "failed"}`
  );
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
  const c = { client, options, log, result, problems, warnings };
  if (!await reachable(c)) return result;
  const ordered = applyOrder(objects);
  await servedKinds(c, ordered);
  if (problems.length > 0) return result;
  const targets = await resolveTargets(c, ordered);
  if (problems.length > 0) return result;
  if (!await checkAccess(c, targets) || problems.length > 0) return result;
  await readLive(c, targets);
  result.targets = targets;
  if (problems.length > 0) return result;
  daemonSetChecks(c, targets);
  if (problems.length > 0) return result;
  await dryRunAll(c, targets);
  result.ok = problems.length === 0;
  return result;
}

// src/deploy/types.ts
var DEFAULT_BLOCK_ON = ["hang"];

// src/deploy/engine/preflight-phase.ts
async function preflightPhase(state) {
  const { settings, deps } = state;
  const pre = await deps.log.group(
    "Preflight",
    () => preflight(
      deps.client,
      settings.objects,
      {
        undo: settings.undo,
        canary: settings.canary !== void 0,
        force: settings.force,
        ...settings.base === void 0 ? {} : { base: settings.base }
      },
      (m) => info(state, m)
    )
  );
  state.pre = pre;
  for (const w of pre.warnings) warn(state, w);
  if (!pre.ok) {
    for (const p of pre.problems) error(state, p);
    note(
      state,
      "preflight",
      `stopped before any write: ${pre.problems.length} problem(s)`
    );
    return {
      result: "failed",
      summary: `Preflight failed; nothing was changed. ${pre.problems.join(" ")}`,
      clusterState: UNCHANGED,
      nextSteps: preflightSteps(pre.problems)
    };
  }
  note(state, "preflight", "passed");
  await livePlanPhase(state);
  collectRuns(state);
  return blockOnPhase(state);
}
function preflightSteps(problems) {
  const conflicts = problems.filter(isApplyConflict);
  const steps = [...new Set(conflicts.flatMap(conflictSteps))];
  if (conflicts.length < problems.length)
    steps.push("Fix the problems above (nothing was written), then re-run.");
  return steps;
}
async function livePlanPhase(state) {
  const { settings, deps } = state;
  if (settings.livePlan === false || state.pre === void 0) return;
  const pre = state.pre;
  const computed = await deps.log.group("Live plan", async () => {
    const result = await computeLivePlan(
      deps.client,
      pre.targets,
      pre.canWatchNodes,
      deps.signal,
      settings.reviewedPlan
    );
    if ("skipped" in result) return result;
    for (const line of result.lines) info(state, line);
    for (const w of result.warnings.slice(0, 10)) warn(state, w);
    for (const w of result.warnings.slice(10))
      state.emit({ kind: "log", level: "warning", message: w });
    info(
      state,
      `live plan read ${result.nodes} node(s) with ${result.requests} API request(s)`
    );
    return result;
  });
  if ("skipped" in computed) {
    warn(state, `live plan skipped: ${computed.skipped}`);
    note(state, "live-plan", `skipped: ${computed.skipped}`);
    return;
  }
  state.livePlan = computed;
  state.report.livePlan = computed.lines;
  state.report.livePlanRequests = computed.requests;
  for (const line of computed.lines) note(state, "live-plan", line);
}
function collectRuns(state) {
  const { settings } = state;
  for (const t of state.pre?.targets ?? []) {
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
    planRun(state, run);
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
    state.runs.push(run);
    state.report.daemonSets.push(outcome);
  }
  if (settings.plannedSeconds !== void 0) {
    state.report.plannedFrom = "plan";
    return;
  }
  const live = state.runs.flatMap(
    (r) => r.planned === void 0 || r.planned.hangs === true ? [] : [r.planned.seconds]
  );
  if (live.length > 0) {
    state.report.plannedSeconds = live.reduce((a, b) => a + b, 0);
    state.report.plannedFrom = "live plan";
  }
}
function planRun(state, run) {
  const plan = state.livePlan?.plan;
  if (plan === void 0) return;
  const { namespace, name } = run.outcome;
  const ds = plan.daemonSets.find(
    (d) => d.namespace === namespace && d.name === name && d.change !== "removed"
  );
  if (ds?.rollout.triggered === true && ds.rollout.waves !== void 0)
    run.plannedWaves = expandWaves(ds.rollout.waves).map((w) => w.nodes);
  const known = (ds?.nodeDetail ?? []).filter(
    (n) => n.shouldRun && n.before !== "running" && (n.before === "pending" || n.action === "pending")
  ).map((n) => n.name);
  if (known.length > 0) run.carry = { knownUnavailable: known };
  const seconds = livePlanSeconds(plan, namespace, name);
  if (seconds !== void 0 && state.settings.plannedSeconds === void 0)
    run.planned = {
      seconds,
      source: "live plan",
      ...livePlanHangs(plan, namespace, name) ? { hangs: true } : {}
    };
}
function blockOnPhase(state) {
  const plan = state.livePlan?.plan;
  const blockOn = state.settings.blockOn ?? DEFAULT_BLOCK_ON;
  if (plan === void 0 || blockOn.length === 0) return void 0;
  const blocks = livePlanBlocks(plan, blockOn);
  if (blocks.length === 0) return void 0;
  for (const b of blocks) error(state, b.message);
  note(state, "preflight", `blocked by block-on: ${blocks.length} finding(s)`);
  return {
    result: "failed",
    summary: `Not started (block-on: ${blockOn.join(",")}); nothing was changed. ${blocks.map((b) => b.message).join(" ")}`,
    clusterState: UNCHANGED,
    nextSteps: [
      ...blocks.flatMap((b) => b.steps),
      `To apply anyway and let the gate judge the rollout: re-run with --block-on none (Action input block-on: none).`
    ]
  };
}

// src/deploy/engine/prepare-phase.ts
function rolloutInProgress(ds) {
  const s = ds.status ?? {};
  return (ds.metadata?.generation ?? 0) > (s.observedGeneration ?? -1) || (s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0);
}
function cancelledBeforeWrite(state) {
  state.report.cancelled = true;
  note(state, "cancel", "cancelled before any write");
  return {
    result: "failed",
    summary: "Cancelled before any write; nothing was changed.",
    clusterState: UNCHANGED
  };
}
async function recoverCanary(state, run) {
  const { client } = state.deps;
  const record = run.before === null ? void 0 : readCanaryRecord(run.before);
  if (record === void 0) return void 0;
  const key = keyOf(run);
  const msg = `DaemonSet ${key} has an interrupted canary (started ${record.startedAt}): restoring its updateStrategy and undoing it to revision ${record.revisionBefore ?? "previous"} before this run`;
  warn(state, msg);
  note(state, "recover", msg);
  const problem = await state.deps.log.group(
    `Recover interrupted canary ${key}`,
    async () => {
      try {
        const { namespace, name } = run.outcome;
        await restoreStrategy(client, namespace, name, record.originalStrategy);
        const undone = await undoDaemonSet(
          client,
          namespace,
          name,
          record.revisionBefore ?? 0
        );
        note(state, "recover", undone.message);
        if (undone.kind !== "rolled-back") return void 0;
        const verify = await gatePhase(state, run, "recover");
        return verify.verdict.status === "succeeded" ? void 0 : `the recovered rollback did not converge: ${verify.verdict.message}`;
      } catch (err) {
        return apiMessage(err);
      }
    }
  );
  if (problem !== void 0)
    return {
      result: "undo-failed",
      summary: `Not started: could not recover the interrupted canary of DaemonSet ${key}: ${problem}`,
      clusterState: await describeState(state),
      nextSteps: [
        `Look at the DaemonSet: kubectl -n ${run.outcome.namespace} get daemonset ${run.outcome.name} -o yaml (annotation ds-rollout.io/canary-in-progress holds the original updateStrategy)`,
        `Then roll it back by hand: ds-rollout undo --namespace ${run.outcome.namespace} --name ${run.outcome.name}${record.revisionBefore === void 0 ? "" : ` --to-revision ${record.revisionBefore}`}`
      ]
    };
  run.before = await client.get(
    "apps/v1",
    "DaemonSet",
    run.outcome.name,
    run.outcome.namespace
  );
  return void 0;
}
async function awaitQuiet(state, run) {
  const { settings } = state;
  if (run.before === null || !rolloutInProgress(run.before)) return void 0;
  const key = keyOf(run);
  if (settings.concurrency === "refuse") {
    const s = run.before.status ?? {};
    const msg = `a rollout of DaemonSet ${key} is already in progress (${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, observedGeneration ${s.observedGeneration ?? "?"} of ${run.before.metadata?.generation ?? "?"}); refusing to start (use concurrency: wait to wait for it)`;
    error(state, msg);
    note(state, "preflight", msg);
    return {
      result: "failed",
      summary: `Not started: ${msg}`,
      clusterState: UNCHANGED,
      nextSteps: [
        `Watch it finish: kubectl -n ${run.outcome.namespace} rollout status daemonset/${run.outcome.name}`,
        `Or re-run with --wait-for-rollout 10m (Action input wait-for-rollout: 10m) to wait for it.`
      ]
    };
  }
  info(
    state,
    `waiting up to ${settings.concurrencyWaitSeconds}s for the rollout of ${key} in progress to converge`
  );
  const converged = await waitConverged(
    state,
    run.outcome.namespace,
    run.outcome.name,
    settings.concurrencyWaitSeconds * 1e3
  );
  if (converged === null) {
    if (state.deps.signal.aborted) return cancelledBeforeWrite(state);
    const msg = `the rollout of DaemonSet ${key} already in progress did not converge within ${settings.concurrencyWaitSeconds}s`;
    return {
      result: "failed",
      summary: `Not started: ${msg}`,
      clusterState: UNCHANGED,
      nextSteps: [
        `See what holds it: kubectl -n ${run.outcome.namespace} rollout status daemonset/${run.outcome.name} and kubectl -n ${run.outcome.namespace} get pods -o wide`
      ]
    };
  }
  run.before = converged;
  return void 0;
}
async function preparePhase(state) {
  if (state.deps.signal.aborted) return cancelledBeforeWrite(state);
  for (const run of state.runs) {
    const exit = await recoverCanary(state, run);
    if (exit !== void 0) return exit;
  }
  for (const run of state.runs) {
    const exit = await awaitQuiet(state, run);
    if (exit !== void 0) return exit;
  }
  if (state.deps.signal.aborted) return cancelledBeforeWrite(state);
  return void 0;
}
async function waitConverged(state, namespace, name, timeoutMs) {
  const signal = state.deps.signal;
  let resolve;
  const done = new Promise((r) => resolve = r);
  const watch = new ListWatch(
    state.deps.client,
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

// src/deploy/apply.ts
function newRunState(settings, deps) {
  const now = deps.now ?? Date.now;
  const report = {
    result: "failed",
    summary: "",
    daemonSets: [],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline: [],
    warnings: [],
    actualSeconds: 0
  };
  if (settings.plannedSeconds !== void 0)
    report.plannedSeconds = settings.plannedSeconds;
  return {
    settings,
    deps,
    now,
    t0: now(),
    report,
    runs: [],
    recorded: [],
    appliedOthers: [],
    // The report builder and the progress printer subscribe to the phases' events.
    emit: eventBus([reportBuilder(report), progressPrinter(deps.log)])
  };
}
function finish(state, exit) {
  const report = state.report;
  report.result = exit.result;
  report.summary = exit.summary;
  if (exit.clusterState !== void 0) report.clusterState = exit.clusterState;
  if (exit.nextSteps !== void 0 && exit.nextSteps.length > 0)
    report.nextSteps = exit.nextSteps;
  closeReport(report, state.now() - state.t0, state.deps.client.requests.total);
  const wrote = state.runs.length > 0 && exit.clusterState?.[0]?.startsWith("unchanged") !== true;
  return {
    result: exit.result,
    revisionBefore: wrote ? revisionsText(state, (o) => o.revisionBefore) : "",
    revisionAfter: wrote ? revisionsText(state, (o) => o.revisionAfter) : "",
    failedNodes: report.failedNodes,
    report
  };
}
async function runApply(settings, deps) {
  const state = newRunState(settings, deps);
  const early = await preflightPhase(state) ?? await preparePhase(state);
  if (early !== void 0) return finish(state, early);
  await recordPhase(state);
  await applyPhase(state);
  const exit = state.failure === void 0 ? rolledOutExit(state) : await failurePhase(state, state.failure);
  return finish(state, exit);
}

export {
  renderDeployReport,
  closeReport,
  eventBus,
  progressPrinter,
  normaliseTemplate,
  templatesEqual,
  controlledRevisions,
  revisionTemplate,
  runGate,
  undoDaemonSet,
  progressEmitter,
  readRolledBackFrom,
  isRolledBackFrom,
  runApply
};
