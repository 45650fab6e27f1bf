import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  IsomorphicFetchHttpLibrary,
  RequestContext
} from "./chunk-UXULGSZA.js";
import {
  snapshotBuilder
} from "./chunk-5NZU25QQ.js";
import {
  R_NOT_READY,
  buildPlan,
  configRefs,
  daemonPodTolerations,
  labelSelectorMatches,
  selectorToString,
  taintIsTolerated
} from "./chunk-I5GSSFKM.js";
import {
  code,
  expandWaves,
  formatDuration,
  inert,
  waveCount
} from "./chunk-BV7EA5QP.js";
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
    shouldPrint(nowMs, status, waiting2, signature) {
      const since2 = nowMs - last;
      const print = !waiting2 || status !== lastStatus || since2 >= heartbeatMs || signature !== lastSignature && since2 >= intervalMs;
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
      const key2 = `${event.line.key} ${event.line.phase}`;
      let throttle = throttles.get(key2);
      if (throttle === void 0) {
        throttle = progressThrottle();
        throttles.set(key2, throttle);
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
function collectionPath(info2, namespace) {
  const base = info2.group === "" ? `/api/${info2.version}` : `/apis/${info2.group}/${info2.version}`;
  return info2.namespaced && namespace !== void 0 ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info2.plural}` : `${base}/${info2.plural}`;
}
function objectPath(info2, name, namespace) {
  return `${collectionPath(info2, namespace)}/${pathSegment(name)}`;
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
        const error2 = kubeApiErrorFrom(res.status, text, req.object);
        const retryAfter = Number(res.headers["retry-after"]);
        if (attempt < this.retry.attempts && this.retryable(error2, req)) {
          this.counter.retries += 1;
          await this.sleep(
            Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1e3, this.retry.maxDelayMs) : this.delay(attempt)
          );
          continue;
        }
        throw error2;
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
    const info2 = {
      group,
      version,
      plural: found.name,
      namespaced: found.namespaced
    };
    this.discovered.set(key2, info2);
    return info2;
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
    const info2 = await this.resource(apiVersion, kind);
    try {
      return await this.transport.json({
        method: "GET",
        path: objectPath(info2, name, namespace),
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
    const info2 = await this.resource(obj.apiVersion, obj.kind);
    const send = (force) => this.transport.json({
      method: "PATCH",
      path: objectPath(
        info2,
        name,
        info2.namespaced ? obj.metadata?.namespace ?? "default" : void 0
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
    const info2 = await this.resource(apiVersion, kind);
    return this.transport.json({
      method: "PATCH",
      path: objectPath(info2, name, namespace),
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
    const info2 = await this.resource(obj.apiVersion ?? "v1", obj.kind ?? "");
    return this.transport.json({
      method: "PUT",
      path: objectPath(
        info2,
        obj.metadata?.name ?? "",
        info2.namespaced ? obj.metadata?.namespace : void 0
      ),
      query: { fieldManager: FIELD_MANAGER },
      body: JSON.stringify(obj),
      object: describeObject(obj)
    });
  }
  /** DELETE; resolves false when it was already gone. */
  async delete(apiVersion, kind, name, namespace) {
    const info2 = await this.resource(apiVersion, kind);
    try {
      await this.transport.json({
        method: "DELETE",
        path: objectPath(info2, name, namespace),
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
  collectionPathFor(info2, namespace) {
    return collectionPath(info2, namespace);
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
    const waiting2 = record(state?.["waiting"]);
    const last = record(record(status["lastState"])?.["terminated"]);
    const signal = {
      name: str(status["name"]) ?? "?",
      init,
      ready: status["ready"] === true,
      restartCount: num(status["restartCount"]) ?? 0
    };
    const reason = str(waiting2?.["reason"]);
    if (reason !== void 0) signal.waitingReason = reason;
    const message = str(waiting2?.["message"]);
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
  const since2 = Date.parse(ready.lastTransitionTime);
  return Number.isFinite(since2) && since2 + minReadySeconds * 1e3 <= now;
}

// src/core/gate/classify.ts
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
function baseProblem(pod, reason) {
  const problem = { pod: podName(pod), reason, updated: true };
  const node = podNodeName(pod);
  if (node !== void 0) problem.node = node;
  return problem;
}
function containerProblem(pod, options) {
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
    const problem = baseProblem(pod, reason);
    problem.container = s.init ? `${s.name} (init)` : s.name;
    if (s.waitingMessage !== void 0) problem.message = s.waitingMessage;
    problem.restartCount = s.restartCount;
    const last = describeLast(s.lastTerminated);
    if (last !== void 0) problem.lastState = last;
    return { reason: category, problem };
  }
  for (const s of signals) {
    if (s.restartCount > options.maxRestarts) {
      const problem = baseProblem(pod, "Restarts");
      problem.container = s.init ? `${s.name} (init)` : s.name;
      problem.restartCount = s.restartCount;
      problem.message = `${s.restartCount} restarts (max-restarts ${options.maxRestarts})`;
      const last = describeLast(s.lastTerminated);
      if (last !== void 0) problem.lastState = last;
      return { reason: "restarts", problem };
    }
  }
  return void 0;
}
function unschedulableProblem(pod, uid, state, now, options) {
  const node = podNodeName(pod);
  const unschedulable = podUnschedulableReason(pod);
  if (unschedulable === void 0) {
    delete state.unschedulableSince[uid];
    if (node !== void 0 && (pod.spec?.nodeName ?? "") !== "")
      delete state.unschedulableNodes[node];
    return void 0;
  }
  const since2 = state.unschedulableSince[uid] ?? (node === void 0 ? void 0 : state.unschedulableNodes[node]) ?? now;
  state.unschedulableSince[uid] = since2;
  if (node !== void 0) state.unschedulableNodes[node] = since2;
  if (now - since2 < options.unschedulableGraceSeconds * 1e3) return void 0;
  const problem = baseProblem(pod, unschedulable.reason);
  if (unschedulable.message !== void 0)
    problem.message = unschedulable.message;
  return { reason: "unschedulable", problem };
}
function classifyPod(pod, uid, state, now, options) {
  return containerProblem(pod, options) ?? unschedulableProblem(pod, uid, state, now, options);
}
function stuckPods(updatedPods) {
  return updatedPods.filter((p) => !podIsReady(p)).slice(0, 20).map((p) => {
    const signals = podContainerSignals(p);
    const waiting2 = signals.find((s) => s.waitingReason !== void 0);
    const unschedulable = podUnschedulableReason(p);
    const problem = {
      pod: podName(p),
      reason: waiting2?.waitingReason ?? unschedulable?.reason ?? p.status?.phase ?? "NotReady",
      updated: true
    };
    const node = podNodeName(p);
    if (node !== void 0) problem.node = node;
    if (waiting2 !== void 0)
      problem.container = waiting2.init ? `${waiting2.name} (init)` : waiting2.name;
    if (unschedulable?.message !== void 0 && waiting2 === void 0)
      problem.message = unschedulable.message;
    const restarts = signals.reduce((n, s) => n + s.restartCount, 0);
    if (restarts > 0) problem.restartCount = restarts;
    return problem;
  });
}
function totalRestarts(pod) {
  return podContainerSignals(pod).reduce((n, s) => n + s.restartCount, 0);
}

// src/core/gate/done.ts
var EXCLUSION_WORDS = {
  NotReady: "NotReady",
  Unreachable: "Unreachable",
  PendingBeforeRun: "had no available daemon pod before this run and cannot place one (live plan)"
};
var UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
function nodeHealth(node) {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const unreachable = ready?.status === "Unknown" || (node.spec?.taints ?? []).some((t) => t.key === UNREACHABLE_TAINT);
  if (unreachable) return "Unreachable";
  return ready?.status === "True" ? "Ready" : "NotReady";
}
function since(node) {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const t = Date.parse(String(ready?.lastTransitionTime ?? ""));
  return Number.isFinite(t) ? t : void 0;
}
function podName2(pod) {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? "?"}`.replace(
    /^\//,
    ""
  );
}
function excludedNodes(nodes, pods, template, knownUnavailable = []) {
  const tolerations = daemonPodTolerations(
    template?.spec?.tolerations,
    template?.spec?.hostNetwork === true
  );
  const out = /* @__PURE__ */ new Map();
  const podsByNode = /* @__PURE__ */ new Map();
  for (const p of pods) {
    const n = podNodeName(p);
    if (n === void 0) continue;
    podsByNode.set(n, [...podsByNode.get(n) ?? [], p]);
  }
  for (const node of nodes) {
    const name = node.metadata?.name ?? "";
    const health = nodeHealth(node);
    if (health === "Ready") continue;
    const here = podsByNode.get(name) ?? [];
    if (here.length === 0) continue;
    const terminating = here.find(
      (p) => p.metadata?.deletionTimestamp !== void 0
    );
    const pod = terminating ?? here[0];
    const exclusion = {
      node: name,
      reason: health,
      desired: (node.spec?.taints ?? []).every(
        (t2) => t2.effect !== "NoSchedule" && t2.effect !== "NoExecute" || taintIsTolerated(tolerations, t2)
      )
    };
    if (pod !== void 0) {
      exclusion.pod = podName2(pod);
      exclusion.detail = terminating !== void 0 ? "Terminating" : "not ready";
    }
    const t = since(node);
    if (t !== void 0) exclusion.since = t;
    out.set(name, exclusion);
  }
  for (const name of knownUnavailable) {
    if (out.has(name)) continue;
    const exclusion = {
      node: name,
      reason: "PendingBeforeRun",
      desired: true
    };
    const pod = (podsByNode.get(name) ?? []).find(
      (p) => p.metadata?.deletionTimestamp === void 0
    );
    if (pod !== void 0) {
      exclusion.pod = podName2(pod);
      exclusion.detail = pod.status?.phase ?? "Pending";
    }
    out.set(name, exclusion);
  }
  return [...out.values()].sort((a, b) => a.node.localeCompare(b.node));
}
function doneCounts(desired, statusUpdated, statusAvailable, ds, pods, excluded, now, currentHash) {
  const skip = new Set(excluded.filter((e) => e.desired).map((e) => e.node));
  const live = pods.filter(
    (p) => p.metadata?.deletionTimestamp === void 0 && skip.has(podNodeName(p) ?? "")
  );
  const updatedThere = live.filter((p) => podIsUpdated(p, ds, currentHash));
  const availableThere = live.filter(
    (p) => podIsAvailable(p, ds.spec?.minReadySeconds ?? 0, now)
  ).length;
  return {
    required: Math.max(0, desired - skip.size),
    updated: Math.max(0, statusUpdated - updatedThere.length),
    available: Math.max(0, statusAvailable - availableThere)
  };
}
function isDone(counts) {
  return counts.updated >= counts.required && counts.available >= counts.required;
}
function describeExclusion(e) {
  const details = [
    EXCLUSION_WORDS[e.reason],
    ...e.pod === void 0 ? [] : [`pod ${e.pod}${e.detail === void 0 ? "" : ` ${e.detail}`}`]
  ];
  return `${e.node} (${details.join("; ")})`;
}

// src/core/gate/blockers.ts
var MAX_BLOCKERS = 5;
function time(value) {
  const t = Date.parse(String(value ?? ""));
  return Number.isFinite(t) ? t : void 0;
}
function podBlocker(pod, unschedulableSince) {
  const blocker = { pod: podName(pod), reason: "not ready" };
  const node = podNodeName(pod);
  if (node !== void 0) blocker.node = node;
  const deleting = time(pod.metadata?.deletionTimestamp);
  const unschedulable = podUnschedulableReason(pod);
  const waiting2 = podContainerSignals(pod).find(
    (s) => s.waitingReason !== void 0
  );
  if (deleting !== void 0) {
    blocker.reason = "Terminating";
    blocker.since = deleting;
  } else if (unschedulable !== void 0) {
    blocker.reason = `Pending ${unschedulable.reason}${unschedulable.message === void 0 ? "" : ` (${unschedulable.message})`}`;
    const since2 = unschedulableSince ?? time(pod.metadata?.creationTimestamp ?? void 0);
    if (since2 !== void 0) blocker.since = since2;
  } else {
    blocker.reason = waiting2?.waitingReason ?? pod.status?.phase ?? "not ready";
    const created = time(pod.metadata?.creationTimestamp);
    if (created !== void 0) blocker.since = created;
  }
  return blocker;
}
function findBlockers(excluded, pods, unschedulableSince) {
  const out = excluded.map((e) => {
    const since2 = e.since === void 0 ? "" : ` since ${clock(e.since)}`;
    const b = {
      node: e.node,
      reason: e.reason === "PendingBeforeRun" ? `${e.detail ?? "no pod"}, node ${EXCLUSION_WORDS[e.reason]}` : e.detail === "Terminating" ? `Terminating, node ${e.reason}${since2}` : `node ${e.reason}${since2}`,
      excluded: true
    };
    if (e.pod !== void 0) b.pod = e.pod;
    return b;
  });
  const skip = new Set(excluded.map((e) => e.node));
  for (const pod of pods) {
    if (out.length >= MAX_BLOCKERS) break;
    if (skip.has(podNodeName(pod) ?? "")) continue;
    if (podIsReady(pod) && pod.metadata?.deletionTimestamp === void 0)
      continue;
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? "";
    out.push(podBlocker(pod, unschedulableSince[uid]));
  }
  return out.slice(0, MAX_BLOCKERS);
}
function describeBlocker(b) {
  const who = b.pod !== void 0 ? `pod ${b.pod}${b.node === void 0 ? "" : ` on ${b.node}`}` : `node ${b.node ?? "?"}`;
  const when = b.since === void 0 ? "" : ` since ${clock(b.since)}`;
  return `${who}: ${b.reason}${when}`;
}
function clock(ms) {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`;
}

// src/core/gate/evaluate.ts
function startGate(now, carry = {}) {
  return {
    startedAt: now,
    lastProgressKey: "",
    lastProgressAt: now,
    unschedulableSince: {},
    unschedulableNodes: { ...carry.unschedulableNodes ?? {} },
    knownUnavailable: [...carry.knownUnavailable ?? []],
    soakRestarts: {},
    notReadyNodes: [],
    excluded: [],
    blockers: [],
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
function fail(look2, reason, message, failing = []) {
  return finish(
    look2.state,
    look2.now,
    { status: "failed", reason, message, failing },
    look2.progress
  );
}
function waiting(look2, phase, message) {
  return {
    state: look2.state,
    verdict: { status: "waiting", phase, message },
    progress: look2.progress
  };
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
function nodeIsReady(node) {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True";
}
function look(state, observation, ds, now, options) {
  const elapsed2 = (now - state.startedAt) / 1e3;
  const progress = progressOf(ds, Math.round(elapsed2 * 10) / 10);
  state.progress = progress;
  const scope = observation.scopeNodes === void 0 ? void 0 : new Set(observation.scopeNodes);
  const allPods = observation.pods.filter(
    (p) => podBelongsTo(p, ds) && (scope === void 0 || scope.has(podNodeName(p) ?? ""))
  );
  const pods = allPods.filter(
    (p) => p.metadata?.deletionTimestamp === void 0
  );
  const excluded = options.attributeNotReadyNodes ? excludedNodes(
    observation.nodes ?? [],
    allPods,
    ds.spec?.template,
    state.knownUnavailable
  ) : [];
  return {
    state,
    now,
    options,
    observation,
    ds,
    progress,
    elapsed: elapsed2,
    scope,
    pods,
    allPods,
    updatedPods: pods.filter(
      (p) => podIsUpdated(p, ds, observation.currentHash)
    ),
    excluded,
    excludedNames: new Set(excluded.map((e) => e.node))
  };
}
function checkStrategy(l) {
  const strategy = l.ds.spec?.updateStrategy?.type ?? "RollingUpdate";
  if (strategy === "RollingUpdate" || l.scope !== void 0) return void 0;
  return fail(
    l,
    "not-rolling-update",
    `rollout status is only available for RollingUpdate strategy type (this DaemonSet uses ${strategy})`
  );
}
function checkObserved(l) {
  if (!l.progress.observed) {
    if (l.elapsed > l.options.timeoutSeconds)
      return fail(
        l,
        "timeout",
        `the controller did not observe generation ${l.ds.metadata?.generation ?? "?"} within ${l.options.timeoutSeconds}s`
      );
    return waiting(
      l,
      "observe",
      "Waiting for daemon set spec update to be observed..."
    );
  }
  if (l.state.observedAt === void 0) {
    l.state.observedAt = l.now;
    addTimeline(
      l.state,
      l.now,
      "observed",
      `controller observed generation ${l.ds.metadata?.generation ?? "?"}`
    );
  }
  return void 0;
}
function trackNodes(l) {
  const notReady = new Set(
    (l.observation.nodes ?? []).filter((n) => !nodeIsReady(n)).map((n) => n.metadata?.name ?? "")
  );
  for (const name of notReady) {
    if (!l.state.notReadyNodes.includes(name))
      addTimeline(l.state, l.now, "node-not-ready", `node ${name} is NotReady`);
  }
  for (const name of l.state.notReadyNodes) {
    if (!notReady.has(name))
      addTimeline(l.state, l.now, "node-ready", `node ${name} is Ready again`);
  }
  l.state.notReadyNodes = [...notReady].sort();
  l.state.excluded = l.excluded;
}
function scopeCounters(l) {
  if (l.scope === void 0) return;
  const scope = l.scope;
  const minReady = l.ds.spec?.minReadySeconds ?? 0;
  const nodesOf = (pods) => new Set(pods.map((p) => podNodeName(p) ?? ""));
  const updatedNodes = nodesOf(l.updatedPods);
  const readyNodes = nodesOf(l.updatedPods.filter(podIsReady));
  const availableNodes = nodesOf(
    l.updatedPods.filter((p) => podIsAvailable(p, minReady, l.now))
  );
  const count2 = (set) => [...scope].filter((n) => set.has(n)).length;
  l.progress.desired = scope.size;
  l.progress.updated = count2(updatedNodes);
  l.progress.ready = count2(readyNodes);
  l.progress.available = count2(availableNodes);
  l.progress.unavailable = l.progress.desired - l.progress.available;
}
function checkPods(l) {
  const failing = [];
  for (const pod of l.updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? "";
    const found = classifyPod(pod, uid, l.state, l.now, l.options);
    if (found === void 0) continue;
    const node = found.problem.node;
    const excluded = l.excluded.find((e) => e.node === node);
    if (node !== void 0 && excluded !== void 0) {
      attribute(l, found.problem, excluded);
      continue;
    }
    failing.push(found);
  }
  if (failing.length === 0) return void 0;
  failing.sort(
    (a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)
  );
  const first = failing[0];
  const where2 = first.problem.node === void 0 ? "" : ` on node ${first.problem.node}`;
  return fail(
    l,
    first.reason,
    `new pod ${first.problem.pod}${where2}: ${first.problem.reason}${first.problem.message === void 0 ? "" : ` (${first.problem.message})`}`,
    failing.map((f) => f.problem)
  );
}
function attribute(l, problem, e) {
  const known = l.state.nodeProblems.some(
    (p) => p.pod === problem.pod && p.reason === problem.reason
  );
  if (known) return;
  l.state.nodeProblems.push(problem);
  addTimeline(
    l.state,
    l.now,
    "problem",
    `${problem.pod} on node ${e.node} (${EXCLUSION_WORDS[e.reason]}): ${problem.reason} (attributed to the node)`
  );
}
function checkSoakRestarts(l) {
  if (l.state.soakStartedAt === void 0) return void 0;
  for (const pod of l.updatedPods) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? "";
    const restarts = totalRestarts(pod);
    const baseline = l.state.soakRestarts[uid];
    if (baseline === void 0) {
      l.state.soakRestarts[uid] = restarts;
      continue;
    }
    const node = podNodeName(pod);
    if (restarts <= baseline || l.excludedNames.has(node ?? "")) continue;
    const problem = {
      pod: podName(pod),
      reason: "RestartedDuringSoak",
      restartCount: restarts,
      message: `restarted ${restarts - baseline} time(s) within the ${l.options.soakSeconds}s soak`,
      updated: true
    };
    if (node !== void 0) problem.node = node;
    const last = podContainerSignals(pod).find(
      (s) => s.lastTerminated !== void 0
    );
    const lastText = describeLast(last?.lastTerminated);
    if (lastText !== void 0) problem.lastState = lastText;
    return fail(
      l,
      "restarted-during-soak",
      `new pod ${problem.pod}${node === void 0 ? "" : ` on node ${node}`} restarted during the soak`,
      [problem]
    );
  }
  return void 0;
}
function checkBudget(l) {
  if (l.options.maxUnavailable === void 0 || l.scope !== void 0)
    return void 0;
  const budget = resolveBudget(l.options.maxUnavailable, l.progress.desired);
  const unavailable = Math.max(
    0,
    l.progress.unavailable - l.excluded.filter((e) => e.desired).length
  );
  if (unavailable <= budget) return void 0;
  return fail(
    l,
    "unavailable-budget",
    `${unavailable} of ${l.progress.desired} pods unavailable, above the gate's max-unavailable ${budget}`
  );
}
function trackProgress(l) {
  const { state, progress } = l;
  const newReady = l.updatedPods.filter(podIsReady).length;
  const key2 = `${progress.desired}/${progress.updated}/${progress.ready}/${progress.available}/${newReady}`;
  if (key2 === state.lastProgressKey) return;
  const before = state.lastProgressKey.split("/").map(Number);
  if (state.lastProgressKey === "" || decile(progress.updated, progress.desired) !== decile(before[1] ?? 0, before[0] ?? 0) || decile(progress.available, progress.desired) !== decile(before[3] ?? 0, before[0] ?? 0)) {
    addTimeline(
      state,
      l.now,
      "progress",
      `${progress.updated} updated, ${progress.available} available of ${progress.desired}`
    );
  }
  state.lastProgressKey = key2;
  state.lastProgressAt = l.now;
}
function isComplete(l) {
  if (l.scope !== void 0) {
    const required = [...l.scope].filter((n) => !l.excludedNames.has(n));
    const minReady = l.ds.spec?.minReadySeconds ?? 0;
    const ok = new Set(
      l.updatedPods.filter((p) => podIsAvailable(p, minReady, l.now)).map((p) => podNodeName(p) ?? "")
    );
    return required.every((n) => ok.has(n));
  }
  return isDone(
    doneCounts(
      l.progress.desired,
      l.progress.updated,
      l.progress.available,
      l.ds,
      l.allPods,
      l.excluded,
      l.now,
      l.observation.currentHash
    )
  );
}
function excludedText(l) {
  const n = l.excluded.length;
  if (n === 0) return "";
  const names = l.excluded.slice(0, 5).map((e) => e.node);
  const why = [
    ...new Set(
      l.excluded.map(
        (e) => e.reason === "PendingBeforeRun" ? EXCLUSION_WORDS[e.reason] : "NotReady"
      )
    )
  ];
  return ` (${n} node(s) ${n > 5 ? `${names.join(", ")}, ...` : names.join(", ")} ${why.join(" or ")}, excluded and attributed to the nodes)`;
}
function checkComplete(l, complete2) {
  const { state } = l;
  if (!complete2) {
    if (state.soakStartedAt !== void 0) {
      delete state.soakStartedAt;
      addTimeline(
        state,
        l.now,
        "soak-reset",
        "rollout no longer complete; soak restarts"
      );
    }
    return void 0;
  }
  if (state.soakStartedAt === void 0) {
    state.soakStartedAt = l.now;
    state.soakRestarts = {};
    for (const pod of l.updatedPods)
      state.soakRestarts[pod.metadata?.uid ?? pod.metadata?.name ?? ""] = totalRestarts(pod);
    addTimeline(
      state,
      l.now,
      "complete",
      `all ${l.progress.desired - l.excluded.filter((e) => e.desired).length} required pods updated and available${excludedText(l)}; soaking ${l.options.soakSeconds}s`
    );
  }
  if (l.now - state.soakStartedAt < l.options.soakSeconds * 1e3)
    return void 0;
  return finish(
    state,
    l.now,
    {
      status: "succeeded",
      message: l.scope === void 0 ? `daemon set "${l.ds.metadata?.name ?? "?"}" successfully rolled out${excludedText(l)}` : `${l.progress.available} of ${l.scope.size} node(s) run the new revision, available and soaked${excludedText(l)}`
    },
    l.progress
  );
}
function blockersText(l) {
  if (l.state.blockers.length === 0) return "";
  const held = l.excluded.some(
    (e) => e.pod !== void 0 && e.reason !== "PendingBeforeRun"
  );
  const budget = held ? `; NotReady node(s) hold pods that count as unavailable and use up maxUnavailable, so the controller replaces nothing else (R3.10)` : "";
  return `; blocked by ${l.state.blockers.map(describeBlocker).join("; ")}${budget}`;
}
function checkDeadlines(l, complete2) {
  const p = l.progress;
  const counts = `${p.updated} updated, ${p.available} available of ${p.desired}`;
  if (l.elapsed > l.options.timeoutSeconds)
    return fail(
      l,
      "timeout",
      `rollout did not finish within ${l.options.timeoutSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    );
  if (!complete2 && l.now - l.state.lastProgressAt > l.options.progressDeadlineSeconds * 1e3)
    return fail(
      l,
      "no-progress",
      `no progress for ${l.options.progressDeadlineSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    );
  return void 0;
}
function waitingVerdict(l, complete2) {
  const p = l.progress;
  if (complete2)
    return waiting(
      l,
      "soak",
      `soaking: ${Math.ceil(l.options.soakSeconds - (l.now - (l.state.soakStartedAt ?? l.now)) / 1e3)}s left`
    );
  const name = l.ds.metadata?.name ?? "?";
  return waiting(
    l,
    "rollout",
    p.updated < p.desired ? `Waiting for daemon set "${name}" rollout to finish: ${p.updated} out of ${p.desired} new pods have been updated...` : `Waiting for daemon set "${name}" rollout to finish: ${p.available} of ${p.desired} updated pods are available...`
  );
}
function stepGate(state, observation, now, options) {
  if (state.final !== void 0)
    return { state, verdict: state.final, progress: state.progress };
  const ds = observation.daemonSet;
  if (ds === null)
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
  const l = look(state, observation, ds, now, options);
  const early = checkStrategy(l) ?? checkObserved(l);
  if (early !== void 0) return early;
  trackNodes(l);
  scopeCounters(l);
  l.state.blockers = findBlockers(
    l.excluded,
    l.allPods,
    l.state.unschedulableSince
  );
  const failed = checkPods(l) ?? checkSoakRestarts(l) ?? checkBudget(l);
  if (failed !== void 0) return failed;
  trackProgress(l);
  const complete2 = isComplete(l);
  return checkComplete(l, complete2) ?? checkDeadlines(l, complete2) ?? waitingVerdict(l, complete2);
}
function nextGateDeadline(state, options) {
  const candidates = [
    state.startedAt + options.timeoutSeconds * 1e3 + 1,
    state.lastProgressAt + options.progressDeadlineSeconds * 1e3 + 1
  ];
  if (state.soakStartedAt !== void 0)
    candidates.push(state.soakStartedAt + options.soakSeconds * 1e3);
  for (const since2 of Object.values(state.unschedulableSince))
    candidates.push(since2 + options.unschedulableGraceSeconds * 1e3);
  return Math.min(...candidates);
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
function planWaves(nodes, canary, maxUnavailable, waves2) {
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
  if (waves2 !== void 0 && waves2 > 0)
    size = Math.min(size, Math.max(1, Math.ceil(rest.length / waves2)));
  const out = [];
  for (let i = 0; i < rest.length; i += size) out.push(rest.slice(i, i + size));
  return { canary: canaryNodes.map((n) => n.name), waves: out };
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
  const key2 = keyOf(run);
  const rolling = phase === "gate" && settings.canary === void 0;
  const progress = progressEmitter(state.emit, state.now, {
    key: key2,
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
  gateTimeline(state, key2, phase, result);
  return result;
}
function gateTimeline(state, key2, phase, result) {
  for (const entry of result.state.timeline) {
    if (entry.kind === "started") continue;
    note(
      state,
      phase,
      `${key2}: ${entry.message}`,
      result.state.startedAt + entry.at * 1e3
    );
  }
  const w = result.watchStats;
  note(
    state,
    phase,
    `${key2}: ${w.watches} watch request(s), ${w.reconnects} reconnect(s) after drops, ${w.relists410} re-list(s) after 410 Gone`
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
  const key2 = keyOf(run);
  const { deps, settings } = state;
  const canary = settings.canary;
  let waveLabel;
  const progress = progressEmitter(
    state.emit,
    state.now,
    { key: key2, phase: "canary" },
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
      log: (m) => state.emit({ kind: "log", level: "info", message: `[${key2}] ${m}` }),
      note: (m, at) => note(state, "canary", `${key2}: ${m}`, at),
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
  const key2 = keyOf(run);
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
  const record2 = {
    originalStrategy: original,
    startedAt: new Date(state.now()).toISOString(),
    ...run.outcome.revisionBefore === void 0 ? {} : { revisionBefore: run.outcome.revisionBefore }
  };
  const out = { run: {}, outcome: {}, gates: [] };
  let succeeded = false;
  try {
    await switchToOnDelete(client, namespace, name, record2);
    note(
      state,
      "canary",
      `${key2}: updateStrategy switched to OnDelete for the canary (original recorded in ${CANARY_ANNOTATION})`
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
          `${key2}: original updateStrategy restored (${original.type ?? "RollingUpdate"})`
        );
      } catch (err) {
        out.run.restoreProblem = `DaemonSet ${key2}: its updateStrategy is still OnDelete; restoring ${JSON.stringify(original)} failed: ${apiMessage(err)}`;
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
  const key2 = keyOf(run);
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
      `${key2}: ${config.join(", ")} changed and the template did not: pod-template annotation ${RESTARTED_AT_ANNOTATION} bumped (--restart-on-config-change), so the pods restart under the gate`
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
      `applied DaemonSet ${key2} (generation ${applied.metadata?.generation ?? "?"}${run.templateChanged ? ", pod template changed: rollout starts" : ", pod template unchanged: no pods replaced (R4.3)"})`
    );
    info(
      state,
      `applied DaemonSet ${key2}${run.templateChanged ? "" : " (pod template unchanged)"}`
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
  const key2 = keyOf(run);
  const strategy = run.target.item.object.spec?.updateStrategy?.type;
  if (strategy === "OnDelete") {
    run.outcome.gate = "OnDelete: no automatic rollout (R3.14); pods take the new template when they are deleted";
    note(state, "gate", `${key2}: ${run.outcome.gate}`);
    return;
  }
  const gate = await state.deps.log.group(
    `Gate ${key2}`,
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

// src/core/deploy/next-steps.ts
function conflictManagers(message) {
  const out = /* @__PURE__ */ new Set();
  for (const m of message.matchAll(/conflicts? with "([^"]+)"/g))
    out.add(m[1]);
  for (const m of message.matchAll(/^"([^"]+)" using /gm))
    out.add(m[1]);
  return [...out];
}
function isApplyConflict(message) {
  return /Apply failed with \d+ conflicts?/.test(message);
}
function conflictSteps(message) {
  const managers = conflictManagers(message);
  const who = managers.length === 0 ? "another field manager" : managers.map((m) => `"${m}"`).join(", ");
  return [
    `The conflicting fields are owned by ${who}. If these manifests should own them, re-run with --force (Action input force: true): server-side apply then takes them over from ${who}.`,
    `If ${who} should keep them, remove those fields from the manifests (or set them to the live values to share them), then re-run.`
  ];
}
function stuckNodeSteps(all) {
  const full = all.filter((e) => e.reason === "PendingBeforeRun");
  const excluded = all.filter((e) => e.reason !== "PendingBeforeRun");
  const steps = full.length === 0 ? [] : [
    `${full.map((e) => e.node).join(", ")} had no available daemon pod before this run either (no room for it): see what ${full.length === 1 ? "it runs" : "they run"} with kubectl describe node ${full.map((e) => e.node).join(" ")}, then free room or keep the DaemonSet off ${full.length === 1 ? "it" : "them"} (nodeSelector/affinity).`
  ];
  if (excluded.length === 0) return steps;
  return [...steps, ...notReadySteps(excluded)];
}
function notReadySteps(excluded) {
  const names = excluded.slice(0, 5).map((e) => e.node);
  const list = names.join(" ");
  const steps = [
    `Find out why ${names.join(", ")} ${names.length === 1 ? "is" : "are"} ${excluded[0]?.reason ?? "NotReady"}: kubectl describe node ${list}`,
    `If ${names.length === 1 ? "it comes" : "they come"} back, re-run. If not, take ${names.length === 1 ? "it" : "them"} out of the cluster so the DaemonSet stops waiting: kubectl cordon ${list} && kubectl drain ${list} --ignore-daemonsets --delete-emptydir-data --force && kubectl delete node ${list}`,
    `Or let the rollout proceed around sick nodes: raise spec.updateStrategy.rollingUpdate.maxUnavailable above the number of NotReady nodes (R3.10) and re-run.`
  ];
  const terminating = excluded.filter((e) => e.detail === "Terminating");
  if (terminating.length > 0)
    steps.push(
      `A pod on a NotReady node stays Terminating until its kubelet returns; once the node is deleted it goes with it (${terminating.slice(0, 3).map((e) => e.pod ?? "?").join(", ")}).`
    );
  return steps;
}
function namespaceOf(pod) {
  const i = pod.indexOf("/");
  return i < 0 ? "default" : pod.slice(0, i);
}
function nameOf(pod) {
  const i = pod.indexOf("/");
  return i < 0 ? pod : pod.slice(i + 1);
}
function podSteps(failing) {
  const steps = [];
  const unschedulable = failing.filter(
    (p) => ["Unschedulable", "SchedulingGated", "SchedulerError"].includes(p.reason)
  );
  const other = failing.filter((p) => !unschedulable.includes(p));
  if (unschedulable.length > 0) {
    const nodes = [...new Set(unschedulable.map((p) => p.node ?? "?"))].slice(
      0,
      5
    );
    const first = unschedulable[0];
    steps.push(
      `The new pod does not fit on ${nodes.join(", ")}: see why with kubectl -n ${namespaceOf(first.pod)} describe pod ${nameOf(first.pod)} and what the node runs with kubectl describe node ${nodes.join(" ")}`,
      `Free room on ${nodes.length === 1 ? "that node" : "those nodes"} (move other workloads away), lower the DaemonSet's resource requests, or keep it off ${nodes.length === 1 ? "that node" : "those nodes"} (nodeSelector/affinity); then re-run.`
    );
  }
  if (other.length > 0) {
    const first = other[0];
    const ns = namespaceOf(first.pod);
    const name = nameOf(first.pod);
    const container = first.container === void 0 ? "" : ` -c ${first.container.replace(/ \(init\)$/, "")}`;
    steps.push(
      `Look at the failing pod: kubectl -n ${ns} describe pod ${name} and kubectl -n ${ns} logs ${name}${container} --previous`,
      `Fix the image or configuration in the manifests (${first.reason}) and re-run.`
    );
  }
  return steps;
}
function configOnlySteps(ds) {
  return [
    `Restart the pods so they read the new configuration: kubectl -n ${ds.namespace} rollout restart daemonset/${ds.name}`,
    `Or re-run with --restart-on-config-change (Action input restart-on-config-change: true): the run bumps a pod-template annotation, so the restart is gated and undone like any rollout.`
  ];
}
function refusedUndoSteps(ds, revision) {
  return [
    `To go to that revision anyway: ds-rollout undo --namespace ${ds.namespace} --name ${ds.name} --to-revision ${revision}`,
    `To see the history: kubectl -n ${ds.namespace} rollout history daemonset/${ds.name}`
  ];
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
function isRolledBackFrom(record2, revision, dsName) {
  const hash = revisionHash(revision, dsName);
  if (record2.hash !== void 0 && hash !== void 0)
    return record2.hash === hash;
  return record2.revision !== void 0 && record2.revision === revision.revision;
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
  const record2 = {
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
          annotations: { [ROLLED_BACK_FROM_ANNOTATION]: JSON.stringify(record2) }
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
  const key2 = keyOf(run);
  const { namespace, name } = run.outcome;
  if (run.before === null) {
    problems.push(
      `DaemonSet ${key2} was created by this run; it has no earlier revision to go back to and is left in place (delete it with: kubectl -n ${namespace} delete daemonset ${name})`
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
    problems.push(`DaemonSet ${key2}: undo failed: ${apiMessage(err)}`);
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
    const key2 = keyOf(run);
    const verify = await state.deps.log.group(
      `Verify rollback ${key2}`,
      () => gatePhase(state, run, "verify")
    );
    run.outcome.verify = verify.verdict.message;
    if (verify.state.excluded.length > 0)
      out.excluded.push({ key: key2, nodes: verify.state.excluded });
    if (verify.verdict.status !== "succeeded") {
      out.problems.push(
        `DaemonSet ${key2}: the rollback did not converge: ${verify.verdict.message}`
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
    const key2 = keyOf(run);
    try {
      const ds = await state.deps.client.get(
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
      lines.push(`DaemonSet ${key2}: state unknown (${apiMessage(err)})`);
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
function excludedWarning(key2, nodes) {
  const sick = nodes.every((e) => e.reason !== "PendingBeforeRun");
  return `DaemonSet ${key2}: the rollback counts as done without ${nodes.map(describeExclusion).join(", ")}: ${sick ? `${nodes.length === 1 ? "that node is" : "those nodes are"} NotReady or unreachable, so no pod there can become available; the DaemonSet waits for ${nodes.length === 1 ? "it" : "them"}` : "no pod there can become available"}`;
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
    // Every node: the deploy excludes and names nodes from this detail.
    nodeDetail: "all",
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
  const stall = r["stall"];
  if (r.triggered && r.estimatedSeconds !== void 0 && stall === void 0)
    parts.push(`estimated ${formatDuration(r.estimatedSeconds)}`);
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
var BLOCK_ON_VALUES = ["hang", "pending"];
function livePlanHangs(plan, namespace, name) {
  const ds = plan.daemonSets.find(
    (d) => d.namespace === namespace && d.name === name && d.change !== "removed"
  );
  return ds?.rollout.triggered === true && ds.rollout.stall !== void 0;
}
function notReadyNodes(ds) {
  return (ds.nodeDetail ?? []).filter((n) => n.shouldRun && n.reasons.includes(R_NOT_READY)).map((n) => ({ node: n.name, reason: "NotReady", desired: true }));
}
function livePlanBlocks(plan, blockOn) {
  const out = [];
  for (const ds of plan.daemonSets) {
    if (ds.change === "removed" || !ds.rollout.triggered) continue;
    const key2 = `${ds.namespace}/${ds.name}`;
    const stall = ds.rollout.stall;
    if (blockOn.includes("hang") && stall !== void 0) {
      const sick = notReadyNodes(ds);
      out.push({
        namespace: ds.namespace,
        name: ds.name,
        kind: "hang",
        message: `The live plan predicts that the rollout of DaemonSet ${key2} hangs with ${stall.nodesLeft ?? "?"} node(s) left on the old pod${sick.length > 0 ? ` (NotReady: ${sick.map((n) => n.node).join(", ")})` : ""}: ${stall.reason ?? ""}.`,
        steps: stuckNodeSteps(sick)
      });
    }
    const pending = (ds.nodeDetail ?? []).filter((n) => n.action === "pending");
    if (blockOn.includes("pending") && pending.length > 0) {
      const names = pending.slice(0, 5).map((n) => n.name);
      out.push({
        namespace: ds.namespace,
        name: ds.name,
        kind: "pending",
        message: `The live plan predicts that ${pending.length} new pod(s) of DaemonSet ${key2} stay Pending (they cannot be placed on ${names.join(", ")}${pending.length > 5 ? ", ..." : ""}).`,
        steps: [
          `See what the node(s) run and request: kubectl describe node ${names.join(" ")}`,
          `Free room there, lower the DaemonSet's resource requests, or keep it off those nodes (nodeSelector/affinity); then re-run.`
        ]
      });
    }
  }
  return out;
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
    const key2 = `${apiVersion}/${kind}`;
    if (checked.has(key2)) continue;
    checked.add(key2);
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
  const key2 = `${t.namespace ?? ""}/${t.name}`;
  if (head.spec?.selector !== void 0 && !equalJson(head.spec.selector, live.spec?.selector))
    c.problems.push(
      `${where(t.item)}: DaemonSet ${key2}: spec.selector cannot change (R4.8: it is immutable in apps/v1); live ${JSON.stringify(live.spec?.selector)}, manifest ${JSON.stringify(head.spec.selector)}. Delete and re-create the DaemonSet instead.`
    );
  if (live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== void 0)
    c.warnings.push(
      `DaemonSet ${key2} carries ${LAST_APPLIED_ANNOTATION}: it was last written by client-side kubectl apply; a later client-side apply may revert fields this run or its undo sets`
    );
}
function driftCheck(c, key2, base, live) {
  const drifted = "the cluster drifted from the reviewed plan";
  if (base === void 0 && live !== null)
    c.problems.push(
      `DaemonSet ${key2}: ${drifted}: the plan's base has no such DaemonSet, but it exists live`
    );
  else if (base !== void 0 && live === null)
    c.problems.push(
      `DaemonSet ${key2}: ${drifted}: the plan's base has it, but it does not exist live`
    );
  else if (base !== void 0 && live !== null) {
    const diff = firstDifference(
      base.spec?.template,
      live.spec?.template,
      "spec.template"
    );
    if (diff !== void 0)
      c.problems.push(
        `DaemonSet ${key2}: ${drifted}: live ${diff} differs from the plan's base; re-run the plan against the live cluster`
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
      const key2 = `${t.namespace ?? ""}/${t.name}`;
      driftCheck(c, key2, baseDaemonSets.get(key2), live);
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
  const record2 = run.before === null ? void 0 : readCanaryRecord(run.before);
  if (record2 === void 0) return void 0;
  const key2 = keyOf(run);
  const msg = `DaemonSet ${key2} has an interrupted canary (started ${record2.startedAt}): restoring its updateStrategy and undoing it to revision ${record2.revisionBefore ?? "previous"} before this run`;
  warn(state, msg);
  note(state, "recover", msg);
  const problem = await state.deps.log.group(
    `Recover interrupted canary ${key2}`,
    async () => {
      try {
        const { namespace, name } = run.outcome;
        await restoreStrategy(client, namespace, name, record2.originalStrategy);
        const undone = await undoDaemonSet(
          client,
          namespace,
          name,
          record2.revisionBefore ?? 0
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
      summary: `Not started: could not recover the interrupted canary of DaemonSet ${key2}: ${problem}`,
      clusterState: await describeState(state),
      nextSteps: [
        `Look at the DaemonSet: kubectl -n ${run.outcome.namespace} get daemonset ${run.outcome.name} -o yaml (annotation ds-rollout.io/canary-in-progress holds the original updateStrategy)`,
        `Then roll it back by hand: ds-rollout undo --namespace ${run.outcome.namespace} --name ${run.outcome.name}${record2.revisionBefore === void 0 ? "" : ` --to-revision ${record2.revisionBefore}`}`
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
  const key2 = keyOf(run);
  if (settings.concurrency === "refuse") {
    const s = run.before.status ?? {};
    const msg = `a rollout of DaemonSet ${key2} is already in progress (${s.updatedNumberScheduled ?? 0}/${s.desiredNumberScheduled ?? 0} updated, ${s.numberAvailable ?? 0} available, observedGeneration ${s.observedGeneration ?? "?"} of ${run.before.metadata?.generation ?? "?"}); refusing to start (use concurrency: wait to wait for it)`;
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
    `waiting up to ${settings.concurrencyWaitSeconds}s for the rollout of ${key2} in progress to converge`
  );
  const converged = await waitConverged(
    state,
    run.outcome.namespace,
    run.outcome.name,
    settings.concurrencyWaitSeconds * 1e3
  );
  if (converged === null) {
    if (state.deps.signal.aborted) return cancelledBeforeWrite(state);
    const msg = `the rollout of DaemonSet ${key2} already in progress did not converge within ${settings.concurrencyWaitSeconds}s`;
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
function finish2(state, exit) {
  const report = state.report;
  report.result = exit.result;
  report.summary = exit.summary;
  if (exit.clusterState !== void 0) report.clusterState = exit.clusterState;
  if (exit.nextSteps !== void 0 && exit.nextSteps.length > 0)
    report.nextSteps = exit.nextSteps;
  report.actualSeconds = Math.round((state.now() - state.t0) / 100) / 10;
  report.apiRequests = state.deps.client.requests.total;
  report.failedNodes = [
    ...new Set(
      report.failing.map((p) => p.node).filter((n) => n !== void 0)
    )
  ].sort();
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
  if (early !== void 0) return finish2(state, early);
  await recordPhase(state);
  await applyPhase(state);
  const exit = state.failure === void 0 ? rolledOutExit(state) : await failurePhase(state, state.failure);
  return finish2(state, exit);
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
  const attribute2 = value("attribute-not-ready-nodes");
  if (attribute2 !== void 0)
    options.attributeNotReadyNodes = parseBoolean(
      attribute2,
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
function parseCanaryOptions(canary, waves2, prefix = "") {
  const out = {};
  if (canary.trim() !== "") {
    const spec = parseCanary(canary);
    if ("error" in spec) throw new UserError(`${prefix}canary: ${spec.error}`);
    out.canary = spec;
  }
  if (waves2.trim() !== "") {
    if (!/^\d+$/.test(waves2.trim()) || Number(waves2.trim()) < 1)
      throw new UserError(
        `${prefix}waves must be a whole number of at least 1, not ${JSON.stringify(waves2)}`
      );
    if (out.canary === void 0)
      throw new UserError(`${prefix}waves needs ${prefix}canary`);
    out.waves = Number(waves2.trim());
  }
  return out;
}
function parseBlockOn(value, name) {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 1 && items[0] === "none") return [];
  for (const item of items)
    if (!BLOCK_ON_VALUES.includes(item))
      throw new UserError(
        `${name} must be a comma-separated list of ${BLOCK_ON_VALUES.join(", ")}, or none; got ${JSON.stringify(value)}`
      );
  return [...new Set(items)];
}

export {
  KubeApiError,
  KubeClient,
  renderDeployReport,
  eventBus,
  progressPrinter,
  normaliseTemplate,
  templatesEqual,
  controlledRevisions,
  revisionTemplate,
  describeExclusion,
  runGate,
  undoDaemonSet,
  progressEmitter,
  stuckNodeSteps,
  podSteps,
  refusedUndoSteps,
  readRolledBackFrom,
  isRolledBackFrom,
  runApply,
  parseDuration,
  parseBoolean,
  parseOnCancel,
  parseGateOptions,
  plannedSeconds,
  parseCanaryOptions,
  parseBlockOn
};
