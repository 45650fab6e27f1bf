import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  Reflector
} from "./chunk-QUVCEMVH.js";
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
  ApiError,
  checkJsonContentType,
  errorBody,
  parsePlanFormat
} from "./chunk-FH3CVZHK.js";
import {
  isMovable,
  isTransferable,
  kFieldCount,
  kQueueOptions,
  kRequestCountField,
  kResponseCountField,
  kTransferable,
  kValue,
  markMovable,
  withNullPrototype
} from "./chunk-CCBRZLOT.js";
import {
  readSnapshotFiles
} from "./chunk-CURLPENG.js";
import "./chunk-SIJVKFXV.js";
import "./chunk-EPVRT7OT.js";
import {
  observeTimings,
  podTargetNode,
  podTimeline,
  snapshotFromCluster
} from "./chunk-4JXI4YPL.js";
import "./chunk-H3PSRQXT.js";
import {
  DEFAULT_INPUT_LIMITS,
  resolveInputLimits
} from "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import "./chunk-M2D2NH6K.js";
import "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/service/serve-options.ts
import { parseArgs } from "node:util";
var SERVE_USAGE = `Usage: ds-rollout serve [options]

Runs the rollout analysis service: POST /v1/plan, GET /v1/snapshot,
/healthz, /readyz, /metrics.

Cluster (one of):
  --kubeconfig <file>     kubeconfig to watch the cluster with (default: KUBECONFIG,
                          ~/.kube/config, or in-cluster service account)
  --context <name>        kubeconfig context
  --snapshot <file>       serve a recorded snapshot instead of a live cluster
                          (ds-rollout snapshot, or kubectl get nodes/pods/ds
                          -o json|yaml files; repeatable)

Authentication (at least one):
  --tokens <file>         accepted bearer tokens, one per line (# comments)
  --token-review          accept Kubernetes service account tokens (TokenReview)

Server:
  --listen <host:port>    address to listen on (default 0.0.0.0:8080)
  --tls-cert <file>       serve HTTPS with this certificate (PEM) ...
  --tls-key <file>        ... and this key (PEM)
  --max-body-bytes <n>    largest request body (default 1048576)
  --rate-limit <n>        requests per second per client (default 10)
  --rate-burst <n>        burst per client (default 30)
  --shutdown-grace <s>    seconds to finish requests on SIGTERM (default 10)

Work limits (each request is planned in a worker thread, off the event loop):
  --workers <n>           worker threads (default: cores, 2 to 4)
  --max-queue <n>         requests that may wait for a worker; more get 503
                          with Retry-After (default 16)
  --max-in-flight-per-client <n>
                          plan/snapshot requests one client may have in
                          progress; more get 429 (default: workers - 1, min 1)
  --plan-timeout <s>      time limit of one request in its worker (default 20)
  --worker-heap-mb <n>    heap cap of each worker (default 1024)
  --max-daemonsets <n>    DaemonSets per side (head, base) of one request
                          (default 200)
  --max-response-bytes <n> largest answer before compression (default 67108864)
  --send-timeout <s>      time a client has to read its answer before it is
                          cut off (default 60)

${INPUT_LIMIT_USAGE}`;
function parseListen(value) {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      `--listen must be host:port (e.g. 0.0.0.0:8080 or [::]:8080), got '${value}'`
    );
  }
  const host = m[1] ?? m[2] ?? "";
  return { host: host === "" ? "0.0.0.0" : host, port };
}
function positive(name, value, fallback) {
  if (value === void 0) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UserError(`--${name} must be a positive number, got '${value}'`);
  }
  return n;
}
function optionalPositive(name, value) {
  return value === void 0 ? void 0 : positive(name, value, 0);
}
function whole(name, value, min = 1) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < min) {
    throw new UserError(
      `--${name} must be a whole number \u2265 ${min}, got '${value}'`
    );
  }
  return n;
}
function parseServeArgs(args) {
  let values;
  try {
    ;
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: "string" },
        context: { type: "string" },
        snapshot: { type: "string", multiple: true },
        listen: { type: "string" },
        tokens: { type: "string" },
        "token-review": { type: "boolean" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "max-body-bytes": { type: "string" },
        "rate-limit": { type: "string" },
        "rate-burst": { type: "string" },
        "shutdown-grace": { type: "string" },
        workers: { type: "string" },
        "max-queue": { type: "string" },
        "max-in-flight-per-client": { type: "string" },
        "plan-timeout": { type: "string" },
        "worker-heap-mb": { type: "string" },
        "max-daemonsets": { type: "string" },
        "max-response-bytes": { type: "string" },
        "send-timeout": { type: "string" },
        ...INPUT_LIMIT_OPTIONS
      }
    }));
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err));
  }
  const str = (k) => {
    const v = values[k];
    return typeof v === "string" ? v : void 0;
  };
  const tlsCert = str("tls-cert");
  const tlsKey = str("tls-key");
  if (tlsCert === void 0 !== (tlsKey === void 0)) {
    throw new UserError("--tls-cert and --tls-key go together");
  }
  const tokens = str("tokens");
  const tokenReview = values["token-review"] === true;
  if (tokens === void 0 && !tokenReview) {
    throw new UserError(
      "authentication is required: give --tokens <file> and/or --token-review"
    );
  }
  const snapshot = Array.isArray(values.snapshot) ? values.snapshot : void 0;
  if (snapshot !== void 0 && (str("kubeconfig") !== void 0 || str("context") !== void 0) && !tokenReview) {
    throw new UserError(
      "--snapshot replaces the live cluster: drop --kubeconfig/--context"
    );
  }
  const { host, port } = parseListen(str("listen") ?? "0.0.0.0:8080");
  return {
    kubeconfig: str("kubeconfig"),
    context: str("context"),
    snapshot,
    host,
    port,
    tokens,
    tokenReview,
    tlsCert,
    tlsKey,
    maxBodyBytes: Math.floor(
      positive("max-body-bytes", str("max-body-bytes"), 1024 * 1024)
    ),
    rateLimit: positive("rate-limit", str("rate-limit"), 10),
    rateBurst: Math.max(
      1,
      Math.floor(positive("rate-burst", str("rate-burst"), 30))
    ),
    shutdownGraceSeconds: positive("shutdown-grace", str("shutdown-grace"), 10),
    workers: whole("workers", str("workers")),
    maxQueue: whole("max-queue", str("max-queue"), 0),
    maxInFlightPerClient: whole(
      "max-in-flight-per-client",
      str("max-in-flight-per-client")
    ),
    planTimeoutSeconds: optionalPositive("plan-timeout", str("plan-timeout")),
    workerHeapMb: whole("worker-heap-mb", str("worker-heap-mb"), 64),
    maxDaemonSets: whole("max-daemonsets", str("max-daemonsets")),
    maxResponseBytes: whole("max-response-bytes", str("max-response-bytes")),
    sendTimeoutSeconds: optionalPositive("send-timeout", str("send-timeout")),
    inputLimits: inputLimitsFromFlags(values)
  };
}

// src/service/start.ts
import { readFile } from "node:fs/promises";

// src/adapters/kube/token-review.ts
function kubeTokenReviewer(client, audiences) {
  return async (token) => {
    const result = await client.create(
      "/apis/authentication.k8s.io/v1/tokenreviews",
      {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenReview",
        spec: { token, ...audiences === void 0 ? {} : { audiences } }
      },
      "tokenreview"
    );
    const username = result.status?.user?.username;
    return {
      authenticated: result.status?.authenticated === true,
      ...typeof username === "string" ? { username } : {}
    };
  };
}

// src/service/auth.ts
import { createHash as createHash2 } from "node:crypto";

// src/service/tokens.ts
import { createHash, timingSafeEqual } from "node:crypto";
function digestOf(token) {
  return createHash("sha256").update(token, "utf8").digest();
}
function parseTokensFile(text, file) {
  const tokens = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    if (/\s/.test(line)) {
      throw new Error(
        `${file}:${i + 1}: a token line must hold exactly one token (no spaces)`
      );
    }
    if (line.length < 16) {
      throw new Error(
        `${file}:${i + 1}: token is shorter than 16 characters; use a long random token`
      );
    }
    tokens.push({ id: `tokens:${i + 1}`, digest: digestOf(line) });
  });
  return tokens;
}
function bearerToken(header) {
  if (header === void 0) return void 0;
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m?.[1];
}
function matchToken(presented, accepted) {
  const digest2 = digestOf(presented);
  let found;
  for (const candidate of accepted) {
    if (timingSafeEqual(digest2, candidate.digest) && found === void 0) {
      found = candidate;
    }
  }
  return found;
}

// src/service/auth.ts
var StaticTokenAuthenticator = class {
  tokens;
  constructor(tokens) {
    this.tokens = tokens;
  }
  known(token) {
    const match = matchToken(token, this.tokens);
    return match === void 0 ? "rejected" : { id: match.id };
  }
  async authenticate(token) {
    const answer = this.known(token);
    return answer === "rejected" || answer === "unknown" ? void 0 : answer;
  }
};
var TokenReviewAuthenticator = class {
  review;
  ttlMs;
  maxEntries;
  now;
  cache = /* @__PURE__ */ new Map();
  constructor(review, options) {
    this.review = review;
    this.ttlMs = options?.ttlMs ?? 6e4;
    this.maxEntries = options?.maxEntries ?? 1e3;
    this.now = options?.now ?? Date.now;
  }
  known(token) {
    const hit = this.cache.get(digest(token));
    if (hit === void 0 || hit.expiresMs <= this.now()) return "unknown";
    return hit.identity ?? "rejected";
  }
  async authenticate(token) {
    const key = digest(token);
    const hit = this.cache.get(key);
    if (hit !== void 0 && hit.expiresMs > this.now()) return hit.identity;
    const result = await this.review(token);
    const identity = result.authenticated && result.username !== void 0 ? { id: result.username } : void 0;
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== void 0) this.cache.delete(oldest);
    }
    const ttl = identity === void 0 ? Math.min(this.ttlMs, 5e3) : this.ttlMs;
    this.cache.set(key, { identity, expiresMs: this.now() + ttl });
    return identity;
  }
};
function digest(token) {
  return createHash2("sha256").update(token).digest("base64");
}
var ChainAuthenticator = class {
  chain;
  constructor(chain) {
    this.chain = chain;
  }
  known(token) {
    let unknown = false;
    for (const a of this.chain) {
      const answer = a.known(token);
      if (answer === "unknown") unknown = true;
      else if (answer !== "rejected") return answer;
    }
    return unknown ? "unknown" : "rejected";
  }
  async authenticate(token) {
    for (const a of this.chain) {
      const identity = await a.authenticate(token);
      if (identity !== void 0) return identity;
    }
    return void 0;
  }
};

// src/service/server.ts
import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { availableParallelism as availableParallelism2 } from "node:os";
import { performance as performance2 } from "node:perf_hooks";
import { gzipSync } from "node:zlib";

// src/service/metrics.ts
var LATENCY_BUCKETS = [
  5e-3,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10
];
var PLAN_DAEMONSETS_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100];
var PLAN_BYTES_BUCKETS = [
  1e3,
  1e4,
  1e5,
  1e6,
  1e7
];
function escapeLabelValue(value) {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}
function formatLabels(labels, extra) {
  const pairs = Object.entries(labels);
  if (extra !== void 0) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}
function formatNumber(value) {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
function formatPrometheus(families) {
  const out = [];
  for (const family of families) {
    out.push(`# HELP ${family.name} ${family.help.replace(/\n/g, " ")}`);
    out.push(`# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples ?? []) {
      out.push(
        `${family.name}${formatLabels(s.labels)} ${formatNumber(s.value)}`
      );
    }
    for (const h of family.histograms ?? []) {
      let cumulative = 0;
      h.buckets.forEach((le, i) => {
        cumulative += h.counts[i] ?? 0;
        out.push(
          `${family.name}_bucket${formatLabels(h.labels, ["le", formatNumber(le)])} ${cumulative}`
        );
      });
      out.push(
        `${family.name}_bucket${formatLabels(h.labels, ["le", "+Inf"])} ${h.count}`
      );
      out.push(
        `${family.name}_sum${formatLabels(h.labels)} ${formatNumber(h.sum)}`
      );
      out.push(`${family.name}_count${formatLabels(h.labels)} ${h.count}`);
    }
  }
  return out.join("\n") + "\n";
}
function newHistogram(labels, buckets) {
  return { labels, buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
}
function observe(h, value) {
  const i = h.buckets.findIndex((le) => value <= le);
  if (i !== -1) h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.sum += value;
  h.count += 1;
}
var NO_POOL = {
  refused: 0,
  timedOut: 0,
  outOfMemory: 0,
  cancelled: 0,
  queued: 0,
  inFlight: 0,
  waiting: 0
};
var ServiceMetrics = class {
  requests = /* @__PURE__ */ new Map();
  latency = /* @__PURE__ */ new Map();
  planDaemonSets = newHistogram({}, PLAN_DAEMONSETS_BUCKETS);
  planBytes = newHistogram({}, PLAN_BYTES_BUCKETS);
  rejected = /* @__PURE__ */ new Map();
  recordRequest(route, status, seconds) {
    const key = `${route}\0${status}`;
    const sample = this.requests.get(key) ?? {
      labels: { route, code: String(status) },
      value: 0
    };
    sample.value += 1;
    this.requests.set(key, sample);
    const h = this.latency.get(route) ?? newHistogram({ route }, LATENCY_BUCKETS);
    observe(h, seconds);
    this.latency.set(route, h);
  }
  recordPlan(daemonSets, bytes) {
    observe(this.planDaemonSets, daemonSets);
    observe(this.planBytes, bytes);
  }
  /** Counts a refused request by reason (auth, rate-limit, too-large, ...). */
  recordRejection(reason) {
    const sample = this.rejected.get(reason) ?? { labels: { reason }, value: 0 };
    sample.value += 1;
    this.rejected.set(reason, sample);
  }
  families(view, pool = NO_POOL) {
    return [
      {
        name: "ds_rollout_http_requests_total",
        help: "HTTP requests by route and status code.",
        type: "counter",
        samples: [...this.requests.values()]
      },
      {
        name: "ds_rollout_http_request_duration_seconds",
        help: "HTTP request latency by route.",
        type: "histogram",
        histograms: [...this.latency.values()]
      },
      {
        name: "ds_rollout_http_rejected_total",
        help: "Requests refused before reaching a handler, by reason.",
        type: "counter",
        samples: [...this.rejected.values()]
      },
      {
        name: "ds_rollout_worker_requests_total",
        help: "Plan and snapshot requests by what happened to them in the worker pool: queued (waited for a worker), refused (queue full, 503), timed-out (time limit), out-of-memory (worker heap cap), cancelled (client went away).",
        type: "counter",
        samples: [
          { labels: { outcome: "queued" }, value: pool.queued },
          { labels: { outcome: "refused" }, value: pool.refused },
          { labels: { outcome: "timed-out" }, value: pool.timedOut },
          { labels: { outcome: "out-of-memory" }, value: pool.outOfMemory },
          { labels: { outcome: "cancelled" }, value: pool.cancelled }
        ]
      },
      {
        name: "ds_rollout_worker_requests_in_flight",
        help: "Plan and snapshot requests running in a worker or waiting for one.",
        type: "gauge",
        samples: [{ labels: {}, value: pool.inFlight }]
      },
      {
        name: "ds_rollout_worker_queue_length",
        help: "Plan and snapshot requests waiting for a worker.",
        type: "gauge",
        samples: [{ labels: {}, value: pool.waiting }]
      },
      {
        name: "ds_rollout_plan_daemonsets",
        help: "DaemonSets per computed plan.",
        type: "histogram",
        histograms: [this.planDaemonSets]
      },
      {
        name: "ds_rollout_plan_response_bytes",
        help: "Size of plan responses in bytes.",
        type: "histogram",
        histograms: [this.planBytes]
      },
      {
        name: "ds_rollout_watch_restarts_total",
        help: "Watch restarts of the cluster view by resource and reason (closed, error, expired).",
        type: "counter",
        samples: view.watchRestarts.map((r) => ({
          labels: { resource: r.resource, reason: r.reason },
          value: r.count
        }))
      },
      {
        name: "ds_rollout_snapshot_age_seconds",
        help: "How stale the served snapshot may be: seconds since the view was last known current (NaN before the first list).",
        type: "gauge",
        samples: [{ labels: {}, value: view.snapshotAgeSeconds ?? NaN }]
      },
      {
        name: "ds_rollout_view_ready",
        help: "1 once the first full list of every resource is in.",
        type: "gauge",
        samples: [{ labels: {}, value: view.ready ? 1 : 0 }]
      },
      {
        name: "ds_rollout_view_objects",
        help: "Objects held by the cluster view.",
        type: "gauge",
        samples: [
          { labels: { resource: "nodes" }, value: view.nodes },
          { labels: { resource: "pods" }, value: view.pods }
        ]
      }
    ];
  }
};

// src/service/plan-pool.ts
import { existsSync } from "node:fs";
import { fileURLToPath as fileURLToPath2 } from "node:url";

// node_modules/tinypool/dist/index.js
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { EventEmitterAsyncResource, once } from "node:events";
import { AsyncResource } from "node:async_hooks";
import { URL as URL2, fileURLToPath } from "node:url";
import { inspect, types } from "node:util";
import assert from "node:assert";
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fork } from "node:child_process";
var ThreadWorker = class {
  name = "ThreadWorker";
  runtime = "worker_threads";
  initialize(options) {
    this.thread = new Worker(fileURLToPath(import.meta.url + "/../entry/worker.js"), options);
    this.threadId = this.thread.threadId;
  }
  async terminate() {
    const output = await this.thread.terminate();
    this.channel?.onClose?.();
    return output;
  }
  postMessage(message, transferListItem) {
    return this.thread.postMessage(message, transferListItem);
  }
  on(event, callback) {
    return this.thread.on(event, callback);
  }
  once(event, callback) {
    return this.thread.once(event, callback);
  }
  emit(event, ...data) {
    return this.thread.emit(event, ...data);
  }
  ref() {
    return this.thread.ref();
  }
  unref() {
    return this.thread.unref();
  }
  setChannel(channel) {
    if (channel.onMessage) throw new Error("{ runtime: 'worker_threads' } doesn't support channel.onMessage. Use transferListItem for listening to messages instead.");
    if (channel.postMessage) throw new Error("{ runtime: 'worker_threads' } doesn't support channel.postMessage. Use transferListItem for sending to messages instead.");
    if (this.channel && this.channel !== channel) this.channel.onClose?.();
    this.channel = channel;
  }
};
var __tinypool_worker_message__ = true;
var SIGKILL_TIMEOUT = 1e3;
var ProcessWorker = class {
  name = "ProcessWorker";
  runtime = "child_process";
  isTerminating = false;
  initialize(options) {
    this.process = fork(fileURLToPath(import.meta.url + "/../entry/process.js"), options.argv, {
      ...options,
      stdio: "pipe",
      env: {
        ...options.env,
        TINYPOOL_WORKER_ID: options.workerData[0].workerId.toString()
      }
    });
    process.stdout.setMaxListeners(1 + process.stdout.getMaxListeners());
    process.stderr.setMaxListeners(1 + process.stderr.getMaxListeners());
    this.process.stdout?.pipe(process.stdout);
    this.process.stderr?.pipe(process.stderr);
    this.threadId = this.process.pid;
    this.process.on("exit", this.onUnexpectedExit);
    this.waitForExit = new Promise((r) => this.process.on("exit", r));
  }
  onUnexpectedExit = () => {
    this.process.emit("error", new Error("Worker exited unexpectedly"));
  };
  async terminate() {
    this.isTerminating = true;
    this.process.off("exit", this.onUnexpectedExit);
    const sigkillTimeout = setTimeout(() => this.process.kill("SIGKILL"), SIGKILL_TIMEOUT);
    this.process.kill();
    await this.waitForExit;
    this.process.stdout?.unpipe(process.stdout);
    this.process.stderr?.unpipe(process.stderr);
    this.port?.close();
    this.channel?.onClose?.();
    clearTimeout(sigkillTimeout);
  }
  setChannel(channel) {
    if (this.channel && this.channel !== channel) this.channel.onClose?.();
    this.channel = channel;
    this.channel.onMessage?.((message) => {
      this.send(message);
    });
  }
  send(message) {
    if (!this.isTerminating) this.process.send(message);
  }
  postMessage(message, transferListItem) {
    transferListItem?.forEach((item) => {
      if (item instanceof MessagePort) {
        this.port = item;
        this.port.start();
      }
    });
    if (this.port) this.port.on("message", (message$1) => this.send({
      ...message$1,
      source: "port",
      __tinypool_worker_message__
    }));
    return this.send({
      ...message,
      source: "pool",
      __tinypool_worker_message__
    });
  }
  on(event, callback) {
    return this.process.on(event, (data) => {
      if (event === "error") return callback(data);
      if (!data || !data.__tinypool_worker_message__) return this.channel?.postMessage?.(data);
      if (data.source === "pool") callback(data);
      else if (data.source === "port") this.port.postMessage(data);
    });
  }
  once(event, callback) {
    return this.process.once(event, callback);
  }
  emit(event, ...data) {
    return this.process.emit(event, ...data);
  }
  ref() {
    return this.process.ref();
  }
  unref() {
    this.port?.unref();
    this.process.channel?.unref?.();
    if (hasUnref(this.process.stdout)) this.process.stdout.unref();
    if (hasUnref(this.process.stderr)) this.process.stderr.unref();
    return this.process.unref();
  }
};
function hasUnref(stream) {
  return stream != null && "unref" in stream && typeof stream.unref === "function";
}
var cpuCount = availableParallelism();
function onabort(abortSignal, listener) {
  if ("addEventListener" in abortSignal) abortSignal.addEventListener("abort", listener, { once: true });
  else abortSignal.once("abort", listener);
}
var AbortError = class extends Error {
  constructor() {
    super("The task has been aborted");
  }
  get name() {
    return "AbortError";
  }
};
var CancelError = class extends Error {
  constructor() {
    super("The task has been cancelled");
  }
  get name() {
    return "CancelError";
  }
};
var ArrayTaskQueue = class {
  tasks = [];
  get size() {
    return this.tasks.length;
  }
  shift() {
    return this.tasks.shift();
  }
  push(task) {
    this.tasks.push(task);
  }
  remove(task) {
    const index = this.tasks.indexOf(task);
    assert.notStrictEqual(index, -1);
    this.tasks.splice(index, 1);
  }
  cancel() {
    while (this.tasks.length > 0) {
      const task = this.tasks.pop();
      task?.cancel();
    }
  }
};
var kDefaultOptions = {
  filename: null,
  name: "default",
  runtime: "worker_threads",
  minThreads: Math.max(cpuCount / 2, 1),
  maxThreads: cpuCount,
  idleTimeout: 0,
  maxQueue: Infinity,
  concurrentTasksPerWorker: 1,
  useAtomics: true,
  taskQueue: new ArrayTaskQueue(),
  trackUnmanagedFds: true
};
var kDefaultRunOptions = {
  transferList: void 0,
  filename: null,
  signal: null,
  name: null
};
var DirectlyTransferable = class {
  #value;
  constructor(value) {
    this.#value = value;
  }
  get [kTransferable]() {
    return this.#value;
  }
  get [kValue]() {
    return this.#value;
  }
};
var ArrayBufferViewTransferable = class {
  #view;
  constructor(view) {
    this.#view = view;
  }
  get [kTransferable]() {
    return this.#view.buffer;
  }
  get [kValue]() {
    return this.#view;
  }
};
var taskIdCounter = 0;
function maybeFileURLToPath(filename) {
  if (typeof filename !== "string") return filename.protocol === "file:" ? fileURLToPath(filename) : filename.href;
  return filename.startsWith("file:") ? fileURLToPath(new URL2(filename)) : filename;
}
var TaskInfo = class extends AsyncResource {
  abortListener = null;
  workerInfo = null;
  constructor(task, transferList, filename, name, callback, abortSignal, triggerAsyncId, channel) {
    super("Tinypool.Task", {
      requireManualDestroy: true,
      triggerAsyncId
    });
    this.callback = callback;
    this.task = task;
    this.transferList = transferList;
    this.cancel = () => this.callback(new CancelError(), null);
    this.channel = channel;
    if (isMovable(task)) {
      if (this.transferList == null) this.transferList = [];
      this.transferList = this.transferList.concat(task[kTransferable]);
      this.task = task[kValue];
    }
    this.filename = filename;
    this.name = name;
    this.taskId = taskIdCounter++;
    this.abortSignal = abortSignal;
    this.created = performance.now();
    this.started = 0;
  }
  releaseTask() {
    const ret = this.task;
    this.task = null;
    return ret;
  }
  done(err, result) {
    this.emitDestroy();
    this.runInAsyncScope(this.callback, null, err, result);
    if (this.abortSignal && this.abortListener) if ("removeEventListener" in this.abortSignal && this.abortListener) this.abortSignal.removeEventListener("abort", this.abortListener);
    else this.abortSignal.off("abort", this.abortListener);
  }
  get [kQueueOptions]() {
    return kQueueOptions in this.task ? this.task[kQueueOptions] : null;
  }
};
var AsynchronouslyCreatedResource = class {
  onreadyListeners = [];
  markAsReady() {
    const listeners = this.onreadyListeners;
    assert(listeners !== null);
    this.onreadyListeners = null;
    for (const listener of listeners) listener();
  }
  isReady() {
    return this.onreadyListeners === null;
  }
  onReady(fn) {
    if (this.onreadyListeners === null) {
      fn();
      return;
    }
    this.onreadyListeners.push(fn);
  }
};
var AsynchronouslyCreatedResourcePool = class {
  pendingItems = /* @__PURE__ */ new Set();
  readyItems = /* @__PURE__ */ new Set();
  constructor(maximumUsage) {
    this.maximumUsage = maximumUsage;
    this.onAvailableListeners = [];
  }
  add(item) {
    this.pendingItems.add(item);
    item.onReady(() => {
      if (this.pendingItems.has(item)) {
        this.pendingItems.delete(item);
        this.readyItems.add(item);
        this.maybeAvailable(item);
      }
    });
  }
  delete(item) {
    this.pendingItems.delete(item);
    this.readyItems.delete(item);
  }
  findAvailable() {
    let minUsage = this.maximumUsage;
    let candidate = null;
    for (const item of this.readyItems) {
      const usage = item.currentUsage();
      if (usage === 0) return item;
      if (usage < minUsage) {
        candidate = item;
        minUsage = usage;
      }
    }
    return candidate;
  }
  *[Symbol.iterator]() {
    yield* this.pendingItems;
    yield* this.readyItems;
  }
  get size() {
    return this.pendingItems.size + this.readyItems.size;
  }
  maybeAvailable(item) {
    if (item.currentUsage() < this.maximumUsage) for (const listener of this.onAvailableListeners) listener(item);
  }
  onAvailable(fn) {
    this.onAvailableListeners.push(fn);
  }
};
var Errors = {
  ThreadTermination: () => new Error("Terminating worker thread"),
  FilenameNotProvided: () => new Error("filename must be provided to run() or in options object"),
  TaskQueueAtLimit: () => new Error("Task queue is at limit"),
  NoTaskQueueAvailable: () => new Error("No task queue available and all Workers are busy")
};
var WorkerInfo = class extends AsynchronouslyCreatedResource {
  idleTimeout = null;
  lastSeenResponseCount = 0;
  constructor(worker, port, workerId, freeWorkerId, onMessage, filename, teardown) {
    super();
    this.worker = worker;
    this.workerId = workerId;
    this.freeWorkerId = freeWorkerId;
    this.teardown = teardown;
    this.filename = filename;
    this.port = port;
    this.port.on("message", (message) => this._handleResponse(message));
    this.onMessage = onMessage;
    this.taskInfos = /* @__PURE__ */ new Map();
    this.sharedBuffer = new Int32Array(new SharedArrayBuffer(kFieldCount * Int32Array.BYTES_PER_ELEMENT));
  }
  async destroy(timeout) {
    let resolve;
    let reject;
    const ret = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    if (this.teardown && this.filename) {
      const { teardown, filename } = this;
      await new Promise((resolve$1, reject$1) => {
        this.postTask(new TaskInfo({}, [], filename, teardown, (error, result) => error ? reject$1(error) : resolve$1(result), null, 1, void 0));
      });
    }
    const timer = timeout ? setTimeout(() => reject(new Error("Failed to terminate worker")), timeout) : null;
    this.worker.terminate().then(() => {
      if (timer !== null) clearTimeout(timer);
      this.port.close();
      this.clearIdleTimeout();
      for (const taskInfo of this.taskInfos.values()) taskInfo.done(Errors.ThreadTermination());
      this.taskInfos.clear();
      resolve();
    });
    return ret;
  }
  clearIdleTimeout() {
    if (this.idleTimeout !== null) {
      clearTimeout(this.idleTimeout);
      this.idleTimeout = null;
    }
  }
  ref() {
    this.port.ref();
    return this;
  }
  unref() {
    this.port.unref();
    return this;
  }
  _handleResponse(message) {
    this.usedMemory = message.usedMemory;
    this.onMessage(message);
    if (this.taskInfos.size === 0) this.unref();
  }
  postTask(taskInfo) {
    assert(!this.taskInfos.has(taskInfo.taskId));
    const message = {
      task: taskInfo.releaseTask(),
      taskId: taskInfo.taskId,
      filename: taskInfo.filename,
      name: taskInfo.name
    };
    try {
      if (taskInfo.channel) this.worker.setChannel?.(taskInfo.channel);
      this.port.postMessage(message, taskInfo.transferList);
    } catch (err) {
      taskInfo.done(err);
      return;
    }
    taskInfo.workerInfo = this;
    this.taskInfos.set(taskInfo.taskId, taskInfo);
    this.ref();
    this.clearIdleTimeout();
    Atomics.add(this.sharedBuffer, kRequestCountField, 1);
    Atomics.notify(this.sharedBuffer, kRequestCountField, 1);
  }
  processPendingMessages() {
    const actualResponseCount = Atomics.load(this.sharedBuffer, kResponseCountField);
    if (actualResponseCount !== this.lastSeenResponseCount) {
      this.lastSeenResponseCount = actualResponseCount;
      let entry;
      while ((entry = receiveMessageOnPort(this.port)) !== void 0) this._handleResponse(entry.message);
    }
  }
  isRunningAbortableTask() {
    if (this.taskInfos.size !== 1) return false;
    const [first] = this.taskInfos;
    const [, task] = first || [];
    return task?.abortSignal !== null;
  }
  currentUsage() {
    if (this.isRunningAbortableTask()) return Infinity;
    return this.taskInfos.size;
  }
};
var ThreadPool = class {
  skipQueue = [];
  completed = 0;
  start = performance.now();
  inProcessPendingMessages = false;
  startingUp = false;
  workerFailsDuringBootstrap = false;
  constructor(publicInterface, options) {
    this.publicInterface = publicInterface;
    this.taskQueue = options.taskQueue || new ArrayTaskQueue();
    const filename = options.filename ? maybeFileURLToPath(options.filename) : null;
    this.options = withNullPrototype({
      ...kDefaultOptions,
      ...options,
      filename,
      maxQueue: 0
    });
    if (options.maxThreads !== void 0 && this.options.minThreads >= options.maxThreads) this.options.minThreads = options.maxThreads;
    if (options.minThreads !== void 0 && this.options.maxThreads <= options.minThreads) this.options.maxThreads = options.minThreads;
    if (options.maxQueue === "auto") this.options.maxQueue = this.options.maxThreads ** 2;
    else this.options.maxQueue = options.maxQueue ?? kDefaultOptions.maxQueue;
    this.workerIds = new Map(new Array(this.options.maxThreads).fill(0).map((_, i) => [i + 1, true]));
    this.workers = new AsynchronouslyCreatedResourcePool(this.options.concurrentTasksPerWorker);
    this.workers.onAvailable((w) => this._onWorkerAvailable(w));
    this.startingUp = true;
    this._ensureMinimumWorkers();
    this.startingUp = false;
  }
  _ensureEnoughWorkersForTaskQueue() {
    while (this.workers.size < this.taskQueue.size && this.workers.size < this.options.maxThreads) this._addNewWorker();
  }
  _ensureMaximumWorkers() {
    while (this.workers.size < this.options.maxThreads) this._addNewWorker();
  }
  _ensureMinimumWorkers() {
    while (this.workers.size < this.options.minThreads) this._addNewWorker();
  }
  _addNewWorker() {
    const workerIds = this.workerIds;
    let workerId;
    workerIds.forEach((isIdAvailable, _workerId$1) => {
      if (isIdAvailable && !workerId) {
        workerId = _workerId$1;
        workerIds.set(_workerId$1, false);
      }
    });
    const tinypoolPrivateData = { workerId };
    const worker = this.options.runtime === "child_process" ? new ProcessWorker() : new ThreadWorker();
    worker.initialize({
      env: this.options.env,
      argv: this.options.argv,
      execArgv: this.options.execArgv,
      resourceLimits: this.options.resourceLimits,
      workerData: [tinypoolPrivateData, this.options.workerData],
      trackUnmanagedFds: this.options.trackUnmanagedFds,
      serialization: this.options.serialization
    });
    const onMessage = (message$1) => {
      const { taskId, result } = message$1;
      const taskInfo = workerInfo.taskInfos.get(taskId);
      workerInfo.taskInfos.delete(taskId);
      if (!this.shouldRecycleWorker(taskInfo)) this.workers.maybeAvailable(workerInfo);
      if (taskInfo === void 0) {
        const err = new Error(`Unexpected message from Worker: ${inspect(message$1)}`);
        this.publicInterface.emit("error", err);
      } else taskInfo.done(message$1.error, result);
      this._processPendingMessages();
    };
    const { port1, port2 } = new MessageChannel();
    const workerInfo = new WorkerInfo(worker, port1, workerId, () => workerIds.set(workerId, true), onMessage, this.options.filename, this.options.teardown);
    if (this.startingUp) workerInfo.markAsReady();
    const message = {
      filename: this.options.filename,
      name: this.options.name,
      port: port2,
      sharedBuffer: workerInfo.sharedBuffer,
      useAtomics: this.options.useAtomics
    };
    worker.postMessage(message, [port2]);
    worker.on("message", (message$1) => {
      if (message$1.ready === true) {
        port1.start();
        if (workerInfo.currentUsage() === 0) workerInfo.unref();
        if (!workerInfo.isReady()) workerInfo.markAsReady();
        return;
      }
      worker.emit("error", new Error(`Unexpected message on Worker: ${inspect(message$1)}`));
    });
    worker.on("error", (err) => {
      worker.ref = () => {
      };
      const taskInfos = [...workerInfo.taskInfos.values()];
      workerInfo.taskInfos.clear();
      this._removeWorker(workerInfo);
      if (workerInfo.isReady() && !this.workerFailsDuringBootstrap) this._ensureMinimumWorkers();
      else this.workerFailsDuringBootstrap = true;
      if (taskInfos.length > 0) for (const taskInfo of taskInfos) taskInfo.done(err, null);
      else this.publicInterface.emit("error", err);
    });
    worker.unref();
    port1.on("close", () => {
      worker.ref();
    });
    this.workers.add(workerInfo);
  }
  _processPendingMessages() {
    if (this.inProcessPendingMessages || !this.options.useAtomics) return;
    this.inProcessPendingMessages = true;
    try {
      for (const workerInfo of this.workers) workerInfo.processPendingMessages();
    } finally {
      this.inProcessPendingMessages = false;
    }
  }
  _removeWorker(workerInfo) {
    workerInfo.freeWorkerId();
    this.workers.delete(workerInfo);
    return workerInfo.destroy(this.options.terminateTimeout);
  }
  _onWorkerAvailable(workerInfo) {
    while ((this.taskQueue.size > 0 || this.skipQueue.length > 0) && workerInfo.currentUsage() < this.options.concurrentTasksPerWorker) {
      const taskInfo = this.skipQueue.shift() || this.taskQueue.shift();
      if (taskInfo.abortSignal && workerInfo.taskInfos.size > 0) {
        this.skipQueue.push(taskInfo);
        break;
      }
      const now = performance.now();
      taskInfo.started = now;
      workerInfo.postTask(taskInfo);
      this._maybeDrain();
      return;
    }
    if (workerInfo.taskInfos.size === 0 && this.workers.size > this.options.minThreads) workerInfo.idleTimeout = setTimeout(() => {
      assert.strictEqual(workerInfo.taskInfos.size, 0);
      if (this.workers.size > this.options.minThreads) this._removeWorker(workerInfo);
    }, this.options.idleTimeout).unref();
  }
  runTask(task, options) {
    let { filename, name } = options;
    const { transferList = [], signal = null, channel } = options;
    if (filename == null) filename = this.options.filename;
    if (name == null) name = this.options.name;
    if (typeof filename !== "string" && !(filename instanceof URL2)) return Promise.reject(Errors.FilenameNotProvided());
    filename = maybeFileURLToPath(filename);
    let resolve;
    let reject;
    const ret = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const taskInfo = new TaskInfo(task, transferList, filename, name, (err, result) => {
      this.completed++;
      if (err !== null) reject(err);
      if (this.shouldRecycleWorker(taskInfo)) this._removeWorker(taskInfo.workerInfo).then(() => this._ensureMinimumWorkers()).then(() => this._ensureEnoughWorkersForTaskQueue()).then(() => resolve(result)).catch(reject);
      else resolve(result);
    }, signal, this.publicInterface.asyncResource.asyncId(), channel);
    if (signal !== null) {
      if (signal.aborted) return Promise.reject(new AbortError());
      taskInfo.abortListener = () => {
        reject(new AbortError());
        if (taskInfo.workerInfo !== null) {
          this._removeWorker(taskInfo.workerInfo);
          this._ensureMinimumWorkers();
        } else this.taskQueue.remove(taskInfo);
      };
      onabort(signal, taskInfo.abortListener);
    }
    if (this.taskQueue.size > 0) {
      const totalCapacity = this.options.maxQueue + this.pendingCapacity();
      if (this.taskQueue.size >= totalCapacity) if (this.options.maxQueue === 0) return Promise.reject(Errors.NoTaskQueueAvailable());
      else return Promise.reject(Errors.TaskQueueAtLimit());
      else {
        if (this.workers.size < this.options.maxThreads) this._addNewWorker();
        this.taskQueue.push(taskInfo);
      }
      return ret;
    }
    let workerInfo = this.workers.findAvailable();
    if (workerInfo !== null && workerInfo.currentUsage() > 0 && signal) workerInfo = null;
    let waitingForNewWorker = false;
    if ((workerInfo === null || workerInfo.currentUsage() > 0) && this.workers.size < this.options.maxThreads) {
      this._addNewWorker();
      waitingForNewWorker = true;
    }
    if (workerInfo === null) {
      if (this.options.maxQueue <= 0 && !waitingForNewWorker) return Promise.reject(Errors.NoTaskQueueAvailable());
      else this.taskQueue.push(taskInfo);
      return ret;
    }
    const now = performance.now();
    taskInfo.started = now;
    workerInfo.postTask(taskInfo);
    this._maybeDrain();
    return ret;
  }
  shouldRecycleWorker(taskInfo) {
    if (taskInfo?.workerInfo?.shouldRecycle) return true;
    if (this.options.isolateWorkers && taskInfo?.workerInfo) return true;
    if (!this.options.isolateWorkers && this.options.maxMemoryLimitBeforeRecycle !== void 0 && (taskInfo?.workerInfo?.usedMemory || 0) > this.options.maxMemoryLimitBeforeRecycle) return true;
    return false;
  }
  pendingCapacity() {
    return this.workers.pendingItems.size * this.options.concurrentTasksPerWorker;
  }
  _maybeDrain() {
    if (this.taskQueue.size === 0 && this.skipQueue.length === 0) this.publicInterface.emit("drain");
  }
  async destroy() {
    while (this.skipQueue.length > 0) {
      const taskInfo = this.skipQueue.shift();
      taskInfo.done(new Error("Terminating worker thread"));
    }
    while (this.taskQueue.size > 0) {
      const taskInfo = this.taskQueue.shift();
      taskInfo.done(new Error("Terminating worker thread"));
    }
    const exitEvents = [];
    while (this.workers.size > 0) {
      const [workerInfo] = this.workers;
      exitEvents.push(once(workerInfo.worker, "exit"));
      this._removeWorker(workerInfo);
    }
    await Promise.all(exitEvents);
  }
  async recycleWorkers(_options = {}) {
    const options = withNullPrototype(_options);
    const runtimeChanged = options?.runtime && options.runtime !== this.options.runtime;
    if (options?.runtime) this.options.runtime = options.runtime;
    if (this.options.isolateWorkers && !runtimeChanged) return;
    const exitEvents = [];
    Array.from(this.workers).filter((workerInfo) => {
      if (workerInfo.currentUsage() === 0) {
        exitEvents.push(once(workerInfo.worker, "exit"));
        this._removeWorker(workerInfo);
      } else workerInfo.shouldRecycle = true;
    });
    await Promise.all(exitEvents);
    this._ensureMinimumWorkers();
  }
};
var Tinypool = class extends EventEmitterAsyncResource {
  #pool;
  constructor(_options = {}) {
    const options = withNullPrototype(_options);
    if (options.minThreads !== void 0 && options.minThreads > 0 && options.minThreads < 1) options.minThreads = Math.max(1, Math.floor(options.minThreads * cpuCount));
    if (options.maxThreads !== void 0 && options.maxThreads > 0 && options.maxThreads < 1) options.maxThreads = Math.max(1, Math.floor(options.maxThreads * cpuCount));
    super({
      ...options,
      name: "Tinypool"
    });
    if (options.minThreads !== void 0 && options.maxThreads !== void 0 && options.minThreads > options.maxThreads) throw new RangeError("options.minThreads and options.maxThreads must not conflict");
    this.#pool = new ThreadPool(this, options);
  }
  run(task, options = kDefaultRunOptions) {
    const { transferList, filename, name, signal, runtime, channel } = withNullPrototype(options);
    return this.#pool.runTask(task, {
      transferList,
      filename,
      name,
      signal,
      runtime,
      channel
    });
  }
  async destroy() {
    await this.#pool.destroy();
    this.emitDestroy();
  }
  get options() {
    return this.#pool.options;
  }
  get threads() {
    const ret = [];
    for (const workerInfo of this.#pool.workers) ret.push(workerInfo.worker);
    return ret;
  }
  get queueSize() {
    const pool = this.#pool;
    return Math.max(pool.taskQueue.size - pool.pendingCapacity(), 0);
  }
  cancelPendingTasks() {
    const pool = this.#pool;
    pool.taskQueue.cancel();
  }
  async recycleWorkers(options = {}) {
    await this.#pool.recycleWorkers(options);
  }
  get completed() {
    return this.#pool.completed;
  }
  get duration() {
    return performance.now() - this.#pool.start;
  }
  static get isWorkerThread() {
    return process.__tinypool_state__?.isWorkerThread || false;
  }
  static get workerData() {
    return process.__tinypool_state__?.workerData || void 0;
  }
  static get version() {
    const { version } = JSON.parse(readFileSync(new URL2("../package.json", import.meta.url), "utf-8"));
    return version;
  }
  static move(val) {
    if (val != null && typeof val === "object" && typeof val !== "function") {
      if (!isTransferable(val)) if (types.isArrayBufferView(val)) val = new ArrayBufferViewTransferable(val);
      else val = new DirectlyTransferable(val);
      markMovable(val);
    }
    return val;
  }
  static get transferableSymbol() {
    return kTransferable;
  }
  static get valueSymbol() {
    return kValue;
  }
  static get queueOptionsSymbol() {
    return kQueueOptions;
  }
};
var _workerId = process.__tinypool_state__?.workerId;
var src_default = Tinypool;

// src/service/plan-pool.ts
function defaultWorkerFile() {
  const bundled = new URL("./plan-worker.js", import.meta.url);
  if (existsSync(fileURLToPath2(bundled))) return bundled.href;
  return new URL("./worker/source-entry.ts", import.meta.url).href;
}
var PlanPool = class {
  options;
  counters = {
    refused: 0,
    timedOut: 0,
    outOfMemory: 0,
    cancelled: 0,
    queued: 0
  };
  pool;
  inFlight = 0;
  heavySlots;
  constructor(options, log = () => {
  }) {
    this.options = options;
    this.heavySlots = new Slots(Math.max(1, options.workers - 1));
    this.pool = new src_default({
      filename: options.filename ?? defaultWorkerFile(),
      minThreads: 1,
      maxThreads: options.workers,
      // The bound is kept here (inFlight); Tinypool's own is a backstop.
      maxQueue: options.maxQueue + options.workers,
      idleTimeout: 6e4,
      // A worker left holding a large heap by a heavy request is replaced
      // after it, so memory goes back down between heavy requests.
      maxMemoryLimitBeforeRecycle: RECYCLE_HEAP_BYTES,
      resourceLimits: {
        maxOldGenerationSizeMb: options.heapMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.ceil(options.heapMb / 8))
      }
    });
    this.pool.on(
      "error",
      (err) => log(`plan worker failed: ${err instanceof Error ? err.name : "error"}`)
    );
  }
  /** Tasks running or waiting. */
  size() {
    return this.inFlight;
  }
  /** Tasks waiting for a worker. */
  waiting() {
    return Math.max(0, this.inFlight - this.options.workers);
  }
  /**
   * Runs one task. Rejects with an ApiError for the client (503 busy, 422
   * time or memory limit) or an AbortError when `cancel` fired first.
   */
  async run(task, cancel, heavy = false) {
    if (this.inFlight >= this.options.workers + this.options.maxQueue) {
      this.counters.refused++;
      throw busy();
    }
    if (this.inFlight >= this.options.workers) this.counters.queued++;
    this.inFlight++;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = AbortSignal.any([cancel, timeout]);
    let release = () => {
    };
    try {
      if (heavy) release = await this.heavySlots.acquire(signal);
      return await this.pool.run(task, { signal });
    } catch (err) {
      if (cancel.aborted) {
        this.counters.cancelled++;
        throw err;
      }
      if (timeout.aborted) {
        this.counters.timedOut++;
        throw new ApiError(
          422,
          "plan-timeout",
          `the request took longer than the limit of ${this.options.timeoutMs / 1e3} s; split it into smaller requests, or ask the operator to raise --plan-timeout`,
          { details: { limitSeconds: this.options.timeoutMs / 1e3 } }
        );
      }
      const code = err.code;
      if (code === "ERR_WORKER_OUT_OF_MEMORY") {
        this.counters.outOfMemory++;
        throw new ApiError(
          422,
          "plan-out-of-memory",
          `the request needed more than the worker heap limit of ${this.options.heapMb} MB; split it into smaller requests, or ask the operator to raise --worker-heap-mb`,
          { details: { limitMb: this.options.heapMb } }
        );
      }
      if (err instanceof Error && err.message === "Task queue is at limit") {
        this.counters.refused++;
        throw busy();
      }
      throw err;
    } finally {
      release();
      this.inFlight--;
    }
  }
  async close() {
    await this.pool.destroy();
  }
};
var RECYCLE_HEAP_BYTES = 256 * 1024 * 1024;
var Slots = class {
  free;
  waiters = [];
  constructor(size) {
    this.free = size;
  }
  /** Resolves with a release function once a slot is free. */
  async acquire(signal) {
    if (signal.aborted) throw signal.reason;
    if (this.free > 0) {
      this.free--;
      return this.releaser();
    }
    await new Promise((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(wake);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(signal.reason);
      };
      this.waiters.push(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    return this.releaser();
  }
  releaser() {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next !== void 0) next();
      else this.free++;
    };
  }
};
function busy() {
  return new ApiError(
    503,
    "busy",
    "the service is at capacity (all workers busy and the queue full); retry shortly",
    { headers: { "Retry-After": "2" } }
  );
}

// src/service/rate-limit.ts
var RateLimiter = class {
  rate;
  burst;
  maxClients;
  /** Insertion order = least recently seen first. */
  buckets = /* @__PURE__ */ new Map();
  constructor(options) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new Error("rate limit needs ratePerSecond > 0 and burst >= 1");
    }
    this.rate = options.ratePerSecond;
    this.burst = options.burst;
    this.maxClients = options.maxClients ?? 1e4;
  }
  /** Takes one request from `client`'s bucket at time `nowMs`. */
  take(client, nowMs) {
    const bucket = this.refilled(client, nowMs);
    this.buckets.delete(client);
    this.evict(nowMs, this.maxClients - 1);
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((1 - bucket.tokens) / this.rate)
    );
    return { allowed: false, retryAfterSeconds };
  }
  /** Whether `client` could take a request at `nowMs`, without taking it. */
  check(client, nowMs) {
    return this.refilled(client, nowMs).tokens >= 1;
  }
  /** How many clients are tracked (for tests and metrics). */
  size() {
    return this.buckets.size;
  }
  refilled(client, nowMs) {
    const bucket = this.buckets.get(client);
    if (bucket === void 0) return { tokens: this.burst, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1e3;
    return {
      tokens: Math.min(this.burst, bucket.tokens + elapsed * this.rate),
      updatedMs: nowMs
    };
  }
  /** Forgets clients until at most `keep` remain. */
  evict(nowMs, keep) {
    if (this.buckets.size <= keep) return;
    for (const [client, bucket] of this.buckets) {
      if (this.buckets.size <= keep) return;
      const full = bucket.tokens + (nowMs - bucket.updatedMs) / 1e3 * this.rate >= this.burst;
      if (full) this.buckets.delete(client);
    }
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= keep) return;
      this.buckets.delete(client);
    }
  }
};

// src/service/read-body.ts
async function readBody(req, limitBytes) {
  const tooLarge = () => new ApiError(
    413,
    "body-too-large",
    `request body exceeds the limit of ${limitBytes} bytes`,
    { details: { limitBytes } }
  );
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  return await new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (err) => {
      cleanup();
      reject(
        new ApiError(
          400,
          "bad-request",
          `request body could not be read (${err.message})`
        )
      );
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

// src/service/write-streamed.ts
var WRITE_CHUNK_BYTES = 64 * 1024;
function writeStreamed(res, body, timeoutMs) {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  if (bytes.length <= WRITE_CHUNK_BYTES) {
    res.end(bytes);
    return;
  }
  const timer = setTimeout(() => res.destroy(), timeoutMs);
  timer.unref();
  res.once("close", () => clearTimeout(timer));
  res.once("finish", () => clearTimeout(timer));
  let offset = 0;
  const pump = () => {
    while (offset < bytes.length && !res.destroyed) {
      const end = Math.min(bytes.length, offset + WRITE_CHUNK_BYTES);
      const chunk = bytes.subarray(offset, end);
      offset = end;
      if (offset >= bytes.length) {
        res.end(chunk);
        return;
      }
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

// src/service/routes.ts
var ROUTES = [
  { name: "plan", method: "POST", path: "/v1/plan", auth: true },
  { name: "snapshot", method: "GET", path: "/v1/snapshot", auth: true },
  { name: "healthz", method: "GET", path: "/healthz", auth: false },
  { name: "readyz", method: "GET", path: "/readyz", auth: false },
  { name: "metrics", method: "GET", path: "/metrics", auth: false }
];
function pathOf(url) {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
function resolveRoute(method, url) {
  const path = pathOf(url);
  const route = ROUTES.find((r) => r.path === path);
  if (route === void 0) return { kind: "not-found" };
  const allowed = route.method === "GET" ? ["GET", "HEAD"] : [route.method];
  if (!allowed.includes(method)) {
    return { kind: "method-not-allowed", route, allow: allowed.join(", ") };
  }
  return { kind: "route", route };
}
function routeLabel(decision) {
  return decision.kind === "not-found" ? "other" : decision.route.name;
}

// src/service/server.ts
var DEFAULT_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 1e4,
  requestTimeoutMs: 3e4,
  keepAliveTimeoutMs: 5e3,
  rateLimit: { ratePerSecond: 10, burst: 30 },
  authFailureRateLimit: { ratePerSecond: 1, burst: 10 },
  workers: Math.max(2, Math.min(4, availableParallelism2())),
  maxQueue: 16,
  /** Derived from `workers` (workers - 1, at least 1) unless given. */
  maxInFlightPerClient: 0,
  planTimeoutMs: 2e4,
  workerHeapMb: 1024,
  maxDaemonSets: 200,
  maxResponseBytes: 64 * 1024 * 1024,
  sendTimeoutMs: 6e4,
  input: { ...DEFAULT_INPUT_LIMITS }
};
function json(status, value) {
  return {
    status,
    contentType: "application/json; charset=utf-8",
    body: JSON.stringify(value) + "\n"
  };
}
var AnalysisService = class {
  server;
  metrics = new ServiceMetrics();
  source;
  auth;
  limits;
  clients;
  authFailures;
  log;
  now;
  pool;
  inFlightByClient = /* @__PURE__ */ new Map();
  shared;
  snapshotVersion = 0;
  shuttingDown = false;
  constructor(options) {
    this.source = options.source;
    this.auth = options.authenticator;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    if (!(this.limits.maxInFlightPerClient >= 1)) {
      this.limits.maxInFlightPerClient = Math.max(1, this.limits.workers - 1);
    }
    this.clients = new RateLimiter(this.limits.rateLimit);
    this.authFailures = new RateLimiter(this.limits.authFailureRateLimit);
    this.log = options.log ?? (() => {
    });
    this.now = options.now ?? Date.now;
    this.pool = new PlanPool(
      {
        workers: this.limits.workers,
        maxQueue: this.limits.maxQueue,
        timeoutMs: this.limits.planTimeoutMs,
        heapMb: this.limits.workerHeapMb
      },
      (message) => this.log(
        JSON.stringify({
          time: new Date(this.now()).toISOString(),
          msg: message
        })
      )
    );
    const handler = (req, res) => {
      void this.handle(req, res);
    };
    const serverOptions = {
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      keepAliveTimeout: this.limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.min(
        1e3,
        this.limits.headersTimeoutMs,
        this.limits.requestTimeoutMs
      )
    };
    this.server = options.tls === void 0 ? http.createServer(serverOptions, handler) : https.createServer(
      { ...serverOptions, cert: options.tls.cert, key: options.tls.key },
      handler
    );
    this.server.maxHeadersCount = 100;
    this.server.on("clientError", (err, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const [status, code, message] = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [
        "408 Request Timeout",
        "request-timeout",
        "the request was not received in time"
      ] : err.code === "HPE_HEADER_OVERFLOW" ? [
        "431 Request Header Fields Too Large",
        "headers-too-large",
        "the request headers are too large"
      ] : ["400 Bad Request", "bad-request", "malformed HTTP request"];
      this.metrics.recordRejection(code);
      socket.end(
        `HTTP/1.1 ${status}\r
Connection: close\r
Content-Type: application/json\r
\r
` + JSON.stringify({ error: { code, message } })
      );
    });
  }
  async listen(host, port) {
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return this.server.address();
  }
  /**
   * Stops taking connections, lets requests in flight finish for up to
   * `graceMs`, then closes what is left. /readyz fails from the first
   * moment so load balancers stop sending traffic.
   */
  async close(graceMs = 1e4) {
    this.shuttingDown = true;
    const closed = new Promise(
      (resolve) => this.server.close(() => resolve())
    );
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
    await this.pool.close();
  }
  async handle(req, res) {
    const started = performance2.now();
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const decision = resolveRoute(method, url);
    const label = routeLabel(decision);
    let client = "anonymous";
    let reply;
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      if (decision.kind === "not-found") {
        throw new ApiError(
          404,
          "not-found",
          "no such endpoint; see /v1/plan and /v1/snapshot"
        );
      }
      if (decision.kind === "method-not-allowed") {
        throw new ApiError(405, "method-not-allowed", `use ${decision.allow}`, {
          headers: { Allow: decision.allow }
        });
      }
      const route = decision.route;
      if (route.auth) {
        const identity = await this.authenticate(req);
        client = identity.id;
        this.rateLimit(this.clients, identity.id, "rate-limited");
      }
      reply = await this.dispatch(route.name, req, url, gone.signal, client);
    } catch (err) {
      if (gone.signal.aborted) {
        this.metrics.recordRejection("client-gone");
        this.log(
          JSON.stringify({
            time: new Date(this.now()).toISOString(),
            msg: "client went away",
            requestId,
            route: label,
            client
          })
        );
        return;
      }
      reply = this.errorReply(err, label);
    }
    this.send(req, res, reply, requestId);
    const seconds = (performance2.now() - started) / 1e3;
    this.metrics.recordRequest(label, reply.status, seconds);
    if (label !== "healthz" && label !== "readyz" && label !== "metrics") {
      this.log(
        JSON.stringify({
          time: new Date(this.now()).toISOString(),
          msg: "request",
          requestId,
          method,
          route: label,
          status: reply.status,
          ms: Math.round(seconds * 1e3),
          client
        })
      );
    }
  }
  errorReply(err, label) {
    if (err instanceof ApiError) {
      if (err.status === 401) this.metrics.recordRejection("unauthenticated");
      if (err.status === 413) this.metrics.recordRejection("too-large");
      if (err.status === 429) this.metrics.recordRejection("rate-limited");
      if (err.code === "busy") this.metrics.recordRejection("busy");
      if (err.code === "too-many-daemonsets")
        this.metrics.recordRejection("too-many-daemonsets");
      if (err.code === "answer-too-large")
        this.metrics.recordRejection("answer-too-large");
      if (err.code === "plan-timeout") this.metrics.recordRejection("timed-out");
      if (err.code === "plan-out-of-memory")
        this.metrics.recordRejection("out-of-memory");
      return { ...json(err.status, errorBody(err)), headers: err.headers };
    }
    this.log(
      JSON.stringify({
        time: new Date(this.now()).toISOString(),
        msg: "internal error",
        route: label,
        error: err instanceof Error ? err.name : typeof err
      })
    );
    return json(500, {
      error: {
        code: "internal",
        message: "internal error while handling the request"
      }
    });
  }
  rateLimit(limiter, key, code) {
    const decision = limiter.take(key, this.now());
    if (!decision.allowed) {
      throw new ApiError(
        429,
        code,
        `too many requests; retry in ${decision.retryAfterSeconds} s`,
        { headers: { "Retry-After": String(decision.retryAfterSeconds) } }
      );
    }
  }
  async authenticate(req) {
    const token = bearerToken(req.headers.authorization);
    const address = `addr:${req.socket.remoteAddress ?? "unknown"}`;
    const local = token === void 0 ? "rejected" : this.auth.known(token);
    if (local !== "rejected" && local !== "unknown") return local;
    if (local === "unknown" && !this.authFailures.check(address, this.now())) {
      this.rateLimit(this.authFailures, address, "rate-limited");
    }
    let identity;
    try {
      identity = token === void 0 || local === "rejected" ? void 0 : await this.auth.authenticate(token);
    } catch {
      throw new ApiError(
        503,
        "auth-unavailable",
        "cannot check the token right now; retry shortly",
        { headers: { "Retry-After": "5" } }
      );
    }
    if (identity !== void 0) return identity;
    this.rateLimit(this.authFailures, address, "rate-limited");
    throw new ApiError(
      401,
      "unauthenticated",
      token === void 0 ? "send a bearer token: Authorization: Bearer <token>" : "the bearer token is not accepted",
      { headers: { "WWW-Authenticate": 'Bearer realm="ds-rollout"' } }
    );
  }
  async dispatch(route, req, url, cancel, client) {
    const nowMs = this.now();
    switch (route) {
      case "healthz":
        return json(200, { status: "ok" });
      case "readyz": {
        const ready = this.source.ready() && !this.shuttingDown;
        return json(ready ? 200 : 503, {
          status: ready ? "ready" : this.shuttingDown ? "shutting-down" : "waiting-for-first-list"
        });
      }
      case "metrics": {
        const counts = this.source.counts();
        return {
          status: 200,
          contentType: "text/plain; version=0.0.4; charset=utf-8",
          body: formatPrometheus(
            this.metrics.families(
              {
                ready: this.source.ready(),
                snapshotAgeSeconds: this.source.ageSeconds(nowMs),
                nodes: counts.nodes,
                pods: counts.pods,
                watchRestarts: this.source.watchRestarts()
              },
              {
                ...this.pool.counters,
                inFlight: this.pool.size(),
                waiting: this.pool.waiting()
              }
            )
          )
        };
      }
      case "snapshot": {
        const snapshot = this.sharedSnapshot(nowMs);
        return await this.runInWorker(
          {
            kind: "snapshot",
            gzip: acceptsGzip(req.headers["accept-encoding"]),
            snapshot,
            limits: this.answerLimits()
          },
          cancel,
          client
        );
      }
      case "plan": {
        const format = parsePlanFormat(url);
        checkJsonContentType(req.headers["content-type"]);
        const body = await readBody(req, this.limits.maxBodyBytes);
        const snapshot = this.sharedSnapshot(nowMs);
        const reply = await this.runInWorker(
          {
            kind: "plan",
            body,
            format,
            gzip: acceptsGzip(req.headers["accept-encoding"]),
            snapshot,
            limits: this.answerLimits()
          },
          cancel,
          client
        );
        return reply;
      }
    }
  }
  answerLimits() {
    return {
      maxDaemonSets: this.limits.maxDaemonSets,
      maxResponseBytes: this.limits.maxResponseBytes,
      input: this.limits.input
    };
  }
  async runInWorker(task, cancel, client) {
    const held = this.inFlightByClient.get(client) ?? 0;
    if (held >= this.limits.maxInFlightPerClient) {
      throw new ApiError(
        429,
        "too-many-in-flight",
        `this client already has ${held} request(s) in progress (the limit per client); retry when one has finished`,
        { headers: { "Retry-After": "1" } }
      );
    }
    this.inFlightByClient.set(client, held + 1);
    let result;
    try {
      result = await this.pool.run(task, cancel, isHeavy(task));
    } finally {
      const now = (this.inFlightByClient.get(client) ?? 1) - 1;
      if (now === 0) this.inFlightByClient.delete(client);
      else this.inFlightByClient.set(client, now);
    }
    if (!result.ok) {
      throw new ApiError(result.status, result.code, result.message, {
        ...result.headers === void 0 ? {} : { headers: result.headers },
        ...result.details === void 0 ? {} : { details: result.details }
      });
    }
    if (task.kind === "plan") {
      this.metrics.recordPlan(result.daemonSets, result.bytes);
    }
    return {
      status: 200,
      contentType: result.contentType,
      body: result.body,
      gzipped: result.gzip
    };
  }
  /**
   * The current snapshot as shared JSON bytes, made once per snapshot (the
   * source hands out the same object until the cluster changes).
   */
  sharedSnapshot(nowMs) {
    const snapshot = this.source.snapshot(nowMs);
    if (snapshot === void 0) throw notReady();
    if (this.shared?.of !== snapshot) {
      const text = JSON.stringify(snapshot);
      const sab = new SharedArrayBuffer(Buffer.byteLength(text));
      Buffer.from(sab).write(text);
      this.snapshotVersion++;
      this.shared = {
        of: snapshot,
        shared: {
          version: this.snapshotVersion,
          bytes: sab,
          length: sab.byteLength,
          nodes: snapshot.nodes.length
        }
      };
    }
    return this.shared.shared;
  }
  send(req, res, reply, requestId) {
    if (res.headersSent || res.destroyed) return;
    let body = reply.body;
    const headers = {};
    if (reply.gzipped === true) {
      headers["Content-Encoding"] = "gzip";
      headers["Vary"] = "Accept-Encoding";
    } else if (typeof reply.body === "string" && reply.body.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers["accept-encoding"])) {
      body = gzipSync(reply.body, { level: 1 });
      headers["Content-Encoding"] = "gzip";
      headers["Vary"] = "Accept-Encoding";
    }
    Object.assign(headers, {
      "Content-Type": reply.contentType,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Request-Id": requestId,
      ...reply.headers
    });
    const unread = !req.complete;
    if (unread) headers["Connection"] = "close";
    res.writeHead(reply.status, headers);
    if (req.method === "HEAD") res.end();
    else writeStreamed(res, body, this.limits.sendTimeoutMs);
    if (unread) {
      req.resume();
      const timer = setTimeout(() => req.destroy(), 5e3);
      timer.unref();
      req.once("end", () => clearTimeout(timer));
      req.once("close", () => clearTimeout(timer));
    }
  }
};
var GZIP_MIN_BYTES = 8 * 1024;
var HEAVY_NODE_PLANS = 5e4;
var HEAVY_SNAPSHOT_NODES = 1e4;
var KIND_DAEMONSET = /kind:[ \t]*(?:\\?["'])?DaemonSet\b/g;
function isHeavy(task) {
  const nodes = task.snapshot.nodes;
  if (task.kind === "snapshot") return nodes >= HEAVY_SNAPSHOT_NODES;
  const daemonSets = task.body.match(KIND_DAEMONSET)?.length ?? 0;
  return daemonSets * Math.max(1, nodes) > HEAVY_NODE_PLANS;
}
function acceptsGzip(header) {
  for (const part of (header ?? "").toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";");
    if (coding?.trim() !== "gzip" && coding?.trim() !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === void 0 || Number(q.slice(2)) > 0;
  }
  return false;
}
function notReady() {
  return new ApiError(
    503,
    "not-ready",
    "the cluster view is not loaded yet; retry shortly",
    { headers: { "Retry-After": "2" } }
  );
}

// src/service/snapshot-source.ts
var FileSnapshotSource = class {
  data;
  loadedAtMs;
  constructor(snapshot, loadedAtMs) {
    this.data = snapshot;
    this.loadedAtMs = loadedAtMs;
  }
  ready() {
    return true;
  }
  snapshot() {
    return this.data;
  }
  /** Age of the recording (recordedAt), else time since it was loaded. */
  ageSeconds(nowMs) {
    const recorded = this.data.recordedAt === void 0 ? NaN : Date.parse(this.data.recordedAt);
    const since = Number.isNaN(recorded) ? this.loadedAtMs : recorded;
    return Math.max(0, (nowMs - since) / 1e3);
  }
  counts() {
    let pods = 0;
    for (const node of this.data.nodes) {
      pods += node.podCount + node.daemonPods.length;
    }
    return { nodes: this.data.nodes.length, pods };
  }
  watchRestarts() {
    return [];
  }
  async stop() {
  }
};

// src/service/view/incremental-snapshot.ts
var IncrementalSnapshot = class {
  byNode = /* @__PURE__ */ new Map();
  /** Pod keys by the node they are bound or targeted to. */
  podsByNode = /* @__PURE__ */ new Map();
  dirtyNodes = /* @__PURE__ */ new Set();
  allDirty = true;
  /** Current revision hashes seen on each node, by `namespace/name`. */
  hashesByNode = /* @__PURE__ */ new Map();
  /** How many nodes saw each hash, by `namespace/name`. */
  hashCounts = /* @__PURE__ */ new Map();
  /** Daemon pod timelines on each node, by `namespace/name` (calibration). */
  timelinesByNode = /* @__PURE__ */ new Map();
  /** The timings of the last build; recomputed only when a node changed. */
  timings = [];
  /** After a list replaced a store: convert everything again. */
  reset() {
    this.allDirty = true;
  }
  nodeChanged(name) {
    this.dirtyNodes.add(name);
  }
  podChanged(key, before, after) {
    const from = before === void 0 ? void 0 : podTargetNode(before.spec);
    const to = after === void 0 ? void 0 : podTargetNode(after.spec);
    if (from !== void 0 && from !== to) {
      this.podsByNode.get(from)?.delete(key);
      this.dirtyNodes.add(from);
    }
    if (to !== void 0) {
      let set = this.podsByNode.get(to);
      if (set === void 0) {
        set = /* @__PURE__ */ new Set();
        this.podsByNode.set(to, set);
      }
      set.add(key);
      this.dirtyNodes.add(to);
    }
  }
  /**
   * A status-only change needs no node converted again; a new template
   * generation changes which pods count as current everywhere.
   */
  daemonSetChanged(before, after) {
    if (before === void 0 || after === void 0 || generationOf(before) !== generationOf(after)) {
      this.allDirty = true;
    }
  }
  build(nodes, pods, daemonSets, meta) {
    const anyDirty = this.allDirty || this.dirtyNodes.size > 0;
    if (this.allDirty) {
      this.byNode.clear();
      this.timelinesByNode.clear();
      this.podsByNode.clear();
      this.hashesByNode.clear();
      this.hashCounts.clear();
      for (const [key, pod] of pods) this.podChanged(key, void 0, pod);
      for (const name of nodes.keys()) this.dirtyNodes.add(name);
      this.allDirty = false;
    }
    for (const name of this.dirtyNodes) {
      this.countHashes(name, -1);
      this.hashesByNode.delete(name);
      const node = nodes.get(name);
      this.timelinesByNode.delete(name);
      if (node === void 0) {
        this.byNode.delete(name);
        continue;
      }
      const own = [];
      const owners = /* @__PURE__ */ new Map();
      for (const key of this.podsByNode.get(name) ?? []) {
        const pod = pods.get(key);
        if (pod === void 0) continue;
        own.push(pod);
        const owner = daemonSetOwner(pod);
        const timeline = owner === void 0 ? void 0 : podTimeline(pod);
        if (owner !== void 0 && timeline !== void 0) {
          let byDs = this.timelinesByNode.get(name);
          if (byDs === void 0) {
            byDs = /* @__PURE__ */ new Map();
            this.timelinesByNode.set(name, byDs);
          }
          byDs.set(owner, [...byDs.get(owner) ?? [], timeline]);
        }
        const ds = owner === void 0 ? void 0 : daemonSets.get(owner);
        if (owner !== void 0 && ds !== void 0) owners.set(owner, ds);
      }
      const part = snapshotFromCluster({
        nodes: [node],
        pods: own,
        daemonSets: [...owners.values()]
      });
      const entry = part.nodes[0];
      if (entry !== void 0) this.byNode.set(name, entry);
      else this.byNode.delete(name);
      const hashes = /* @__PURE__ */ new Map();
      for (const d of part.daemonSets) {
        if (d.currentRevisionHash !== void 0) {
          hashes.set(`${d.namespace}/${d.name}`, d.currentRevisionHash);
        }
      }
      if (hashes.size > 0) {
        this.hashesByNode.set(name, hashes);
        this.countHashes(name, 1);
      }
    }
    this.dirtyNodes.clear();
    const base = snapshotFromCluster({
      nodes: [],
      daemonSets: [...daemonSets.values()],
      recordedAt: meta.recordedAt,
      ...meta.cluster === void 0 ? {} : { cluster: meta.cluster }
    });
    for (const d of base.daemonSets) {
      const counts = this.hashCounts.get(`${d.namespace}/${d.name}`);
      for (const [hash, n] of counts ?? []) {
        if (n > 0) {
          d.currentRevisionHash = hash;
          break;
        }
      }
    }
    const out = [];
    for (const name of nodes.keys()) {
      const entry = this.byNode.get(name);
      if (entry !== void 0) out.push(entry);
    }
    if (anyDirty) this.timings = this.observe(daemonSets);
    const snapshot = { ...base, nodes: out };
    if (this.timings.length > 0) snapshot.timings = this.timings;
    return snapshot;
  }
  /** Each DaemonSet's timings from its pods on every node (as snapshotFromCluster does). */
  observe(daemonSets) {
    const all = /* @__PURE__ */ new Map();
    for (const byDs of this.timelinesByNode.values())
      for (const [ds, list] of byDs) {
        const into = all.get(ds);
        if (into === void 0) all.set(ds, [...list]);
        else into.push(...list);
      }
    const out = [];
    for (const [key, list] of [...all].sort(
      ([a], [b]) => a < b ? -1 : a > b ? 1 : 0
    )) {
      const cut = key.indexOf("/");
      const t = observeTimings(
        key.slice(0, cut),
        key.slice(cut + 1),
        list,
        daemonSets.get(key)?.spec?.minReadySeconds ?? 0
      );
      if (t !== void 0) out.push(t);
    }
    return out;
  }
  countHashes(node, delta) {
    for (const [ds, hash] of this.hashesByNode.get(node) ?? []) {
      let counts = this.hashCounts.get(ds);
      if (counts === void 0) {
        counts = /* @__PURE__ */ new Map();
        this.hashCounts.set(ds, counts);
      }
      const n = (counts.get(hash) ?? 0) + delta;
      if (n > 0) counts.set(hash, n);
      else counts.delete(hash);
    }
  }
};
function daemonSetOwner(pod) {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref?.kind === "DaemonSet" ? `${pod.metadata?.namespace ?? "default"}/${ref.name}` : void 0;
}
function generationOf(ds) {
  return ds.metadata?.annotations?.["deprecated.daemonset.template.generation"];
}

// src/service/view/slim.ts
var DAEMON_POD_LABELS = [
  "controller-revision-hash",
  "pod-template-generation"
];
var LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function pick(source, keys) {
  const out = {};
  for (const key of keys) {
    if (source[key] !== void 0) out[key] = source[key];
  }
  return out;
}
function controllerRef(obj) {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}
function slimNode(raw) {
  if (!isRecord(raw)) return void 0;
  const node = raw;
  const meta = node.metadata ?? {};
  return {
    metadata: pick(meta, ["name", "uid", "labels", "resourceVersion"]),
    spec: pick(node.spec ?? {}, ["unschedulable", "taints"]),
    status: {
      ...pick(node.status ?? {}, ["allocatable"]),
      conditions: (node.status?.conditions ?? []).map(
        (c) => pick(c, ["type", "status", "reason"])
      )
    }
  };
}
function slimContainer(c, hostNetwork) {
  const out = { name: c.name };
  const requests = c.resources?.requests;
  const limits = c.resources?.limits;
  if (requests !== void 0 || limits !== void 0) {
    out.resources = {};
    if (requests !== void 0) out.resources.requests = requests;
    if (limits !== void 0) out.resources.limits = limits;
  }
  const ports = c.ports?.filter(
    (p) => hostNetwork || p.hostPort !== void 0 && p.hostPort !== 0
  );
  if (ports !== void 0 && ports.length > 0) out.ports = ports;
  if (typeof c["restartPolicy"] === "string")
    out["restartPolicy"] = c["restartPolicy"];
  return out;
}
function slimPod(raw) {
  if (!isRecord(raw)) return void 0;
  const pod = raw;
  const meta = pod.metadata ?? {};
  const owner = controllerRef(pod);
  const daemon = owner?.kind === "DaemonSet";
  const phase = pod.status?.phase;
  if (!daemon && (phase === "Succeeded" || phase === "Failed")) return void 0;
  const labels = {};
  if (daemon) Object.assign(labels, meta.labels ?? {});
  else {
    for (const key of DAEMON_POD_LABELS) {
      const v = meta.labels?.[key];
      if (v !== void 0) labels[key] = v;
    }
  }
  const spec = pod.spec ?? {};
  const hostNetwork = spec.hostNetwork === true;
  const slimSpec = {
    containers: (spec.containers ?? []).map(
      (c) => slimContainer(c, hostNetwork)
    )
  };
  if (spec.nodeName !== void 0) slimSpec.nodeName = spec.nodeName;
  if (spec.initContainers !== void 0) {
    slimSpec.initContainers = spec.initContainers.map(
      (c) => slimContainer(c, hostNetwork)
    );
  }
  if (spec.overhead !== void 0) slimSpec.overhead = spec.overhead;
  if (spec.hostNetwork !== void 0) slimSpec.hostNetwork = spec.hostNetwork;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (daemon && spec.nodeName === void 0 && terms !== void 0) {
    slimSpec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms.map((t) => ({
            ...t.matchFields === void 0 ? {} : { matchFields: t.matchFields }
          }))
        }
      }
    };
  }
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  const starts = daemon ? (pod.status?.containerStatuses ?? []).map((raw2) => {
    const c = isRecord(raw2) ? raw2 : {};
    const startedAt = c.state?.running?.startedAt;
    return {
      restartCount: c.restartCount,
      ...startedAt === void 0 ? {} : { state: { running: { startedAt } } }
    };
  }) : void 0;
  return {
    metadata: {
      ...pick(meta, [
        "name",
        "namespace",
        "uid",
        "deletionTimestamp",
        ...daemon ? ["creationTimestamp"] : []
      ]),
      labels,
      ...owner === void 0 ? {} : { ownerReferences: [owner] }
    },
    spec: slimSpec,
    status: {
      ...phase === void 0 ? {} : { phase },
      conditions: ready === void 0 ? [] : [
        pick(
          ready,
          daemon ? ["type", "status", "lastTransitionTime"] : ["type", "status"]
        )
      ],
      ...starts === void 0 ? {} : { containerStatuses: starts }
    }
  };
}
function slimDaemonSet(raw) {
  if (!isRecord(raw)) return void 0;
  const ds = raw;
  const meta = { ...ds.metadata ?? {} };
  delete meta["managedFields"];
  if (meta.annotations?.[LAST_APPLIED] !== void 0) {
    const annotations = { ...meta.annotations };
    delete annotations[LAST_APPLIED];
    meta.annotations = annotations;
  }
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta,
    spec: ds.spec,
    status: ds.status
  };
}

// src/service/view/cluster-view.ts
var ClusterView = class {
  nodes;
  pods;
  daemonSets;
  all;
  now;
  minRebuildMs;
  cluster;
  dirty = true;
  incremental = new IncrementalSnapshot();
  cached;
  builtAtMs = 0;
  constructor(options) {
    this.now = options.now ?? Date.now;
    this.minRebuildMs = options.minRebuildMs ?? 1e3;
    this.cluster = options.cluster;
    const common = {
      ...options.reflector,
      client: options.client,
      // Every failed list is logged and backed off here, not retried unseen.
      retryRequests: false,
      log: options.log,
      now: this.now
    };
    const inc = this.incremental;
    this.nodes = new Reflector({
      ...common,
      resource: "nodes",
      path: "/api/v1/nodes",
      slim: slimNode,
      onChange: (change) => {
        this.dirty = true;
        if (change === void 0) inc.reset();
        else inc.nodeChanged(change.key);
      }
    });
    this.pods = new Reflector({
      ...common,
      resource: "pods",
      path: "/api/v1/pods",
      slim: slimPod,
      onChange: (change) => {
        this.dirty = true;
        if (change === void 0) inc.reset();
        else inc.podChanged(change.key, change.before, change.after);
      }
    });
    this.daemonSets = new Reflector({
      ...common,
      resource: "daemonsets",
      path: "/apis/apps/v1/daemonsets",
      slim: slimDaemonSet,
      onChange: (change) => {
        this.dirty = true;
        if (change === void 0) inc.reset();
        else inc.daemonSetChanged(change.before, change.after);
      }
    });
    this.all = [this.nodes, this.pods, this.daemonSets];
  }
  start() {
    for (const r of this.all) r.start();
  }
  async waitForSync() {
    await Promise.all(this.all.map((r) => r.waitForSync()));
  }
  async stop() {
    await Promise.all(this.all.map((r) => r.stop()));
  }
  ready() {
    return this.all.every((r) => r.isSynced());
  }
  snapshot(nowMs) {
    if (!this.ready()) return void 0;
    const due = nowMs - this.builtAtMs >= this.minRebuildMs;
    if (this.cached === void 0 || this.dirty && due) {
      this.dirty = false;
      this.builtAtMs = nowMs;
      this.cached = this.incremental.build(
        this.nodes.store,
        this.pods.store,
        this.daemonSets.store,
        {
          recordedAt: new Date(nowMs).toISOString(),
          ...this.cluster === void 0 ? {} : { cluster: this.cluster }
        }
      );
    }
    return this.cached;
  }
  /**
   * How stale the served snapshot may be: zero while every watch is open
   * and the snapshot is rebuilt, growing from the moment a watch dropped
   * until it is back.
   */
  ageSeconds(nowMs) {
    let oldest;
    for (const r of this.all) {
      const asOf = r.currentAsOfMs();
      if (asOf === void 0) return void 0;
      oldest = oldest === void 0 ? asOf : Math.min(oldest, asOf);
    }
    if (oldest === void 0) return void 0;
    const servedAsOf = this.dirty && this.cached !== void 0 ? this.builtAtMs : nowMs;
    return Math.max(0, (nowMs - Math.min(oldest, servedAsOf)) / 1e3);
  }
  counts() {
    return { nodes: this.nodes.store.size, pods: this.pods.store.size };
  }
  watchRestarts() {
    return this.all.flatMap(
      (r) => r.restartCounts().map((c) => ({ resource: r.resource, ...c }))
    );
  }
};

// src/service/start.ts
function defined(values) {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== void 0)
  );
}
async function readText(file, what) {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = err.code;
    throw new UserError(
      `cannot read ${what} (${typeof code === "string" ? code : "error"})`,
      { file }
    );
  }
}
async function startService(options, hooks) {
  const needKube = options.snapshot === void 0 || options.tokenReview;
  const kc = needKube ? loadKubeConfig({ path: options.kubeconfig, context: options.context }) : void 0;
  const client = kc === void 0 ? void 0 : new KubeClient(kc);
  let source;
  if (options.snapshot !== void 0) {
    source = new FileSnapshotSource(
      await readSnapshotFiles(options.snapshot, process.cwd()),
      Date.now()
    );
  } else {
    const view = new ClusterView({
      client,
      cluster: { name: kc?.getCurrentContext() },
      log: (message) => hooks.log(
        JSON.stringify({ time: (/* @__PURE__ */ new Date()).toISOString(), msg: message })
      ),
      ...hooks.view
    });
    view.start();
    source = view;
  }
  const authenticators = [];
  if (options.tokens !== void 0) {
    const text = await readText(options.tokens, "tokens file");
    let tokens;
    try {
      tokens = parseTokensFile(text, options.tokens);
    } catch (err) {
      throw new UserError(err instanceof Error ? err.message : String(err));
    }
    if (tokens.length === 0) {
      throw new UserError("tokens file holds no token", {
        file: options.tokens
      });
    }
    authenticators.push(new StaticTokenAuthenticator(tokens));
  }
  if (options.tokenReview && client !== void 0) {
    authenticators.push(new TokenReviewAuthenticator(kubeTokenReviewer(client)));
  }
  let tls;
  if (options.tlsCert !== void 0 && options.tlsKey !== void 0) {
    tls = {
      cert: await readText(options.tlsCert, "TLS certificate"),
      key: await readText(options.tlsKey, "TLS key")
    };
  }
  const service = new AnalysisService({
    source,
    authenticator: new ChainAuthenticator(authenticators),
    ...tls === void 0 ? {} : { tls },
    limits: {
      maxBodyBytes: options.maxBodyBytes,
      rateLimit: { ratePerSecond: options.rateLimit, burst: options.rateBurst },
      ...defined({
        workers: options.workers,
        maxQueue: options.maxQueue,
        maxInFlightPerClient: options.maxInFlightPerClient,
        planTimeoutMs: options.planTimeoutSeconds === void 0 ? void 0 : options.planTimeoutSeconds * 1e3,
        workerHeapMb: options.workerHeapMb,
        maxDaemonSets: options.maxDaemonSets,
        maxResponseBytes: options.maxResponseBytes,
        sendTimeoutMs: options.sendTimeoutSeconds === void 0 ? void 0 : options.sendTimeoutSeconds * 1e3
      }),
      input: resolveInputLimits(options.inputLimits)
    },
    log: hooks.log
  });
  let address;
  try {
    address = await service.listen(options.host, options.port);
  } catch (err) {
    await source.stop();
    const code = err.code;
    throw new UserError(
      `cannot listen on ${options.host}:${options.port} (${typeof code === "string" ? code : "error"})`
    );
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${tls === void 0 ? "http" : "https"}://${host}:${address.port}`;
  return {
    service,
    source,
    url,
    stop: async () => {
      await service.close(options.shutdownGraceSeconds * 1e3);
      await source.stop();
    }
  };
}

// src/cli/commands/serve.ts
var serveCommand = {
  name: "serve",
  summary: "run the rollout analysis service (HTTP API over a live cluster view)",
  usage: SERVE_USAGE,
  async run(args, io) {
    const options = parseServeArgs(args);
    const running = await startService(options, {
      log: (line) => io.stderr(line + "\n")
    });
    io.stderr(
      JSON.stringify({
        time: (/* @__PURE__ */ new Date()).toISOString(),
        msg: "listening",
        url: running.url
      }) + "\n"
    );
    await new Promise((resolve) => {
      const stop = () => {
        process.off("SIGTERM", stop);
        process.off("SIGINT", stop);
        resolve();
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    });
    io.stderr(
      JSON.stringify({ time: (/* @__PURE__ */ new Date()).toISOString(), msg: "shutting down" }) + "\n"
    );
    await running.stop();
    return 0;
  }
};
export {
  serveCommand
};
