import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  ApiError,
  parsePlanBody
} from "./chunk-FH3CVZHK.js";
import {
  parseManifests
} from "./chunk-GNQ547S4.js";
import "./chunk-H3PSRQXT.js";
import {
  renderPlanMarkdown
} from "./chunk-M43H3GKN.js";
import {
  buildPlan
} from "./chunk-FXAEVUHL.js";
import {
  checkInputBounds
} from "./chunk-OYJMIEJR.js";
import "./chunk-6VWNBCTM.js";
import {
  redactValue
} from "./chunk-M2D2NH6K.js";
import "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import "./chunk-T3LJ2J2J.js";

// src/service/worker/plan-worker.ts
import { gzipSync } from "node:zlib";

// src/service/bounded-json.ts
var TooLargeError = class extends Error {
  limitBytes;
  constructor(limitBytes) {
    super(`the answer would exceed ${limitBytes} bytes`);
    this.name = "TooLargeError";
    this.limitBytes = limitBytes;
  }
};
var SPLIT_DEPTH = 4;
function stringifyBounded(value, limitBytes, indent = 2) {
  const pieces = [];
  let size = 0;
  const push = (text) => {
    size += Buffer.byteLength(text);
    if (size > limitBytes) throw new TooLargeError(limitBytes);
    pieces.push(text);
  };
  const nl = (depth) => indent === 0 ? "" : "\n" + " ".repeat(indent * depth);
  const colon = indent === 0 ? ":" : ": ";
  const write = (v, depth) => {
    const json = toJsonValue(v);
    if (json === void 0) return false;
    if (depth >= SPLIT_DEPTH || typeof json !== "object" || json === null) {
      const text = JSON.stringify(json, null, indent);
      if (text === void 0) return false;
      push(indent === 0 ? text : text.replaceAll("\n", nl(depth)));
      return true;
    }
    if (Array.isArray(json)) {
      if (json.length === 0) {
        push("[]");
        return true;
      }
      json.forEach((item, i) => {
        push((i === 0 ? "[" : ",") + nl(depth + 1));
        if (!write(item, depth + 1)) push("null");
      });
      push(nl(depth) + "]");
      return true;
    }
    let first = true;
    for (const [k, item] of Object.entries(json)) {
      if (toJsonValue(item) === void 0) continue;
      push((first ? "{" : ",") + nl(depth + 1) + JSON.stringify(k) + colon);
      first = false;
      write(item, depth + 1);
    }
    push(first ? "{}" : nl(depth) + "}");
    return true;
  };
  if (!write(value, 0)) push("null");
  push("\n");
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const piece of pieces) offset += out.write(piece, offset);
  return out;
}
function toJsonValue(v) {
  if (v !== null && typeof v === "object" && typeof v.toJSON === "function") {
    return v.toJSON();
  }
  if (v === void 0 || typeof v === "function" || typeof v === "symbol") {
    return void 0;
  }
  return v;
}

// src/service/compute-plan.ts
function countDaemonSets(objects) {
  let n = 0;
  for (const o of objects) if (o.object.kind === "DaemonSet") n++;
  return n;
}
var DAEMONSET_KIND_LINE = /^kind:[ \t]*(["']?)DaemonSet\1[ \t]*(#.*)?$/gm;
function countDaemonSetLines(files) {
  let n = 0;
  for (const f of files) n += f.content.match(DAEMONSET_KIND_LINE)?.length ?? 0;
  return n;
}
function checkDaemonSetCount(side, count, limit) {
  if (count > limit) {
    throw new ApiError(
      422,
      "too-many-daemonsets",
      `"${side}" holds ${count} DaemonSets; one request plans at most ${limit} per side. Split the request, or ask the operator to raise --max-daemonsets`,
      { details: { side, count, limit } }
    );
  }
}
function computePlan(request, snapshot, limits) {
  let plan;
  try {
    checkDaemonSetCount(
      "head",
      countDaemonSetLines(request.head),
      limits.maxDaemonSets
    );
    checkDaemonSetCount(
      "base",
      countDaemonSetLines(request.base),
      limits.maxDaemonSets
    );
    const head = request.head.flatMap(
      (f) => parseManifests(f.content, f.name, limits.input)
    );
    checkDaemonSetCount("head", countDaemonSets(head), limits.maxDaemonSets);
    const base = request.base.flatMap(
      (f) => parseManifests(f.content, f.name, limits.input)
    );
    checkDaemonSetCount("base", countDaemonSets(base), limits.maxDaemonSets);
    plan = buildPlan({ base, head, snapshot });
  } catch (err) {
    if (err instanceof UserError) {
      const details = {};
      if (err.file !== void 0) details["file"] = err.file;
      if (err.line !== void 0) details["line"] = err.line;
      throw new ApiError(422, "invalid-manifest", err.describe(), { details });
    }
    throw err;
  }
  if (request.format === "markdown") {
    const text = Buffer.from(renderPlanMarkdown(plan));
    if (text.length > limits.maxResponseBytes) {
      throw new TooLargeError(limits.maxResponseBytes);
    }
    return { plan, contentType: "text/markdown; charset=utf-8", body: text };
  }
  return {
    plan,
    contentType: "application/json; charset=utf-8",
    // Compact, one line: the plan JSON's form unless --pretty (serialize.ts).
    body: stringifyBounded(plan, limits.maxResponseBytes, 0)
  };
}

// src/service/redact-snapshot.ts
function redactSnapshot(snapshot) {
  return redactValue(snapshot);
}

// src/service/worker/plan-worker.ts
var cached;
function snapshotOf(shared) {
  if (cached?.version !== shared.version) {
    cached = void 0;
    const text = Buffer.from(shared.bytes, 0, shared.length).toString("utf8");
    cached = { version: shared.version, snapshot: JSON.parse(text) };
  }
  return cached.snapshot;
}
var GZIP_MIN_BYTES = 8 * 1024;
function answer(text, contentType, acceptsGzip, daemonSets) {
  const gzip = acceptsGzip && text.length >= GZIP_MIN_BYTES;
  return {
    ok: true,
    contentType,
    body: gzip ? gzipSync(text, { level: 1 }) : text,
    gzip,
    bytes: text.length,
    daemonSets
  };
}
function runTask(task) {
  const snapshot = snapshotOf(task.snapshot);
  if (task.kind === "snapshot") {
    const text = stringifyBounded(
      redactSnapshot(snapshot),
      task.limits.maxResponseBytes,
      0
    );
    return answer(text, JSON_TYPE, task.gzip, 0);
  }
  try {
    checkInputBounds(task.body, "request body", task.limits.input);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new ApiError(400, "body-over-limit", err.describe());
  }
  const body = parsePlanBody(task.body);
  const result = computePlan({ ...body, format: task.format }, snapshot, {
    maxDaemonSets: task.limits.maxDaemonSets,
    maxResponseBytes: task.limits.maxResponseBytes,
    input: task.limits.input
  });
  return answer(
    result.body,
    result.contentType,
    task.gzip,
    result.plan.daemonSets.length
  );
}
var JSON_TYPE = "application/json; charset=utf-8";
function replyForError(err) {
  if (err instanceof ApiError) {
    return {
      ok: false,
      status: err.status,
      code: err.code,
      message: err.message,
      ...err.details === void 0 ? {} : { details: err.details },
      headers: err.headers
    };
  }
  if (err instanceof TooLargeError) {
    return {
      ok: false,
      status: 413,
      code: "answer-too-large",
      message: `the answer would exceed the limit of ${err.limitBytes} bytes; send fewer DaemonSets per request, or ask the operator to raise --max-response-bytes`,
      details: { limitBytes: err.limitBytes }
    };
  }
  if (err instanceof RangeError) {
    return {
      ok: false,
      status: 422,
      code: "input-too-complex",
      message: "the manifests are too deeply nested, self-referencing or large to plan; simplify them or split the request"
    };
  }
  return {
    ok: false,
    status: 500,
    code: "internal",
    message: "internal error while handling the request",
    details: { error: err instanceof Error ? err.name : typeof err }
  };
}
function planWorker(task) {
  try {
    return runTask(task);
  } catch (err) {
    return replyForError(err);
  }
}
export {
  planWorker as default,
  replyForError,
  runTask
};
