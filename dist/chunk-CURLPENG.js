import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  COMPACT_FILE_VERSION,
  decodeCompactNodes
} from "./chunk-SIJVKFXV.js";
import {
  checkSymlinkBoundary
} from "./chunk-EPVRT7OT.js";
import {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  SlimShare,
  slimNode,
  slimPod,
  snapshotFromCluster
} from "./chunk-4JXI4YPL.js";
import {
  require_dist
} from "./chunk-H3PSRQXT.js";
import {
  checkInputBounds,
  shapeProblemOf
} from "./chunk-OYJMIEJR.js";
import {
  parseQuantity
} from "./chunk-6VWNBCTM.js";
import {
  MAX_SNAPSHOT_FILE_BYTES,
  MAX_SNAPSHOT_JSON_TEXT_BYTES,
  MAX_SNAPSHOT_YAML_BYTES,
  MAX_YAML_ALIAS_COUNT,
  STREAM_KUBECTL_LIST_BYTES
} from "./chunk-UVZGKNRS.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import {
  __toESM
} from "./chunk-T3LJ2J2J.js";

// src/adapters/fs/read-snapshot-files.ts
var import_yaml = __toESM(require_dist(), 1);
import { open as open2, readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";

// src/core/snapshot/load.ts
function isObj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
var SIMPLE_QUANTITY = /^\d{1,18}(?:m|Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPE])?$/;
var Reader = class {
  file;
  goodQuantities = /* @__PURE__ */ new Set();
  constructor(file) {
    this.file = file;
  }
  fail(where, what) {
    throw new UserError(`${where === "" ? "" : `${where}: `}${what}`, {
      file: this.file
    });
  }
  str(v, where) {
    if (typeof v !== "string")
      this.fail(where, `expected a string, got ${kindOf(v)}`);
    return v;
  }
  optStr(v, where) {
    return v === void 0 ? void 0 : this.str(v, where);
  }
  bool(v, where, dflt) {
    if (v === void 0) return dflt;
    if (typeof v !== "boolean")
      this.fail(where, `expected true or false, got ${kindOf(v)}`);
    return v;
  }
  int(v, where, dflt) {
    if (v === void 0) return dflt;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      this.fail(where, `expected a non-negative integer, got ${kindOf(v)}`);
    return v;
  }
  arr(v, where) {
    if (v === void 0) return [];
    if (!Array.isArray(v)) this.fail(where, `expected a list, got ${kindOf(v)}`);
    return v;
  }
  stringMap(v, where) {
    if (v === void 0 || v === null) return {};
    if (!isObj(v))
      this.fail(where, `expected a map of strings, got ${kindOf(v)}`);
    for (const k in v) {
      if (typeof v[k] !== "string")
        this.fail(`${where}.${k}`, `expected a string, got ${kindOf(v[k])}`);
    }
    return v;
  }
  /**
   * Checks a map of quantity strings as quantities() does, spelling out
   * the place only when something is wrong.
   */
  quantitiesOf(v, where) {
    for (const k in v) {
      const text = v[k];
      if (typeof text !== "string" || !SIMPLE_QUANTITY.test(text) && !this.goodQuantities.has(text)) {
        this.quantities(v, where());
        return;
      }
    }
  }
  quantities(v, where) {
    if (v === void 0 || v === null) return {};
    if (!isObj(v))
      this.fail(where, `expected a map of quantities, got ${kindOf(v)}`);
    let out;
    for (const k in v) {
      if (typeof v[k] !== "string") {
        out = {};
        break;
      }
    }
    for (const k in v) {
      const raw = v[k];
      const text = typeof raw === "number" ? String(raw) : raw;
      if (typeof text !== "string")
        this.fail(`${where}.${k}`, `expected a quantity, got ${kindOf(raw)}`);
      if (!SIMPLE_QUANTITY.test(text) && !this.goodQuantities.has(text)) {
        if (parseQuantity(text) === void 0)
          this.fail(
            `${where}.${k}`,
            `${JSON.stringify(text)} is not a Kubernetes quantity`
          );
        this.goodQuantities.add(text);
      }
      if (out !== void 0) out[k] = text;
    }
    return out ?? v;
  }
};
function kindOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "string")
    return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "\u2026" : v);
  return String(v);
}
function readNode(r, v, where) {
  if (!isObj(v)) r.fail(where, `expected a node, got ${kindOf(v)}`);
  const name = r.str(v.name, `${where}.name`);
  if (name === "") r.fail(`${where}.name`, "is empty");
  const at = `${where} (${name})`;
  const statusUnknown = v.allocatable === void 0 || v.allocatable === null;
  const taints = r.arr(v.taints, `${at}.taints`).map((t, i) => {
    const tw = `${at}.taints[${i}]`;
    if (!isObj(t)) r.fail(tw, `expected a taint, got ${kindOf(t)}`);
    const taint = {
      key: r.str(t.key, `${tw}.key`),
      effect: r.str(t.effect, `${tw}.effect`)
    };
    const value = r.optStr(t.value, `${tw}.value`);
    if (value !== void 0) taint.value = value;
    return taint;
  });
  const conditions = r.arr(v.conditions, `${at}.conditions`).map((c, i) => {
    const cw = `${at}.conditions[${i}]`;
    if (!isObj(c)) r.fail(cw, `expected a condition, got ${kindOf(c)}`);
    const cond = {
      type: r.str(c.type, `${cw}.type`),
      status: r.str(c.status, `${cw}.status`)
    };
    const reason = r.optStr(c.reason, `${cw}.reason`);
    if (reason !== void 0) cond.reason = reason;
    return cond;
  });
  const daemonPods = r.arr(v.daemonPods, `${at}.daemonPods`).map((p, i) => readDaemonPod(r, p, `${at}.daemonPods[${i}]`));
  return {
    name,
    labels: r.stringMap(v.labels, `${at}.labels`),
    taints,
    unschedulable: r.bool(v.unschedulable, `${at}.unschedulable`, false),
    conditions,
    allocatable: r.quantities(v.allocatable, `${at}.allocatable`),
    requested: r.quantities(v.requested, `${at}.requested`),
    hostPorts: r.arr(v.hostPorts, `${at}.hostPorts`).map((p, i) => r.str(p, `${at}.hostPorts[${i}]`)),
    podCount: r.int(v.podCount, `${at}.podCount`, 0),
    daemonPods,
    ...statusUnknown || v.statusUnknown === true ? { statusUnknown: true } : {}
  };
}
function readDaemonPod(r, v, where) {
  if (!isObj(v)) r.fail(where, `expected a daemon pod, got ${kindOf(v)}`);
  if (typeof v.name === "string" && typeof v.namespace === "string" && typeof v.daemonSet === "string" && typeof v.revisionHash === "string" && typeof v.phase === "string" && typeof v.ready === "boolean" && (v.scheduled === void 0 || typeof v.scheduled === "boolean") && Array.isArray(v.hostPorts) && v.hostPorts.every((p) => typeof p === "string") && r.quantities(v.requests, `${where}.requests`) === v.requests) {
    return v;
  }
  const pod = {
    name: r.str(v.name, `${where}.name`),
    namespace: r.str(v.namespace, `${where}.namespace`),
    daemonSet: r.str(v.daemonSet, `${where}.daemonSet`),
    revisionHash: r.optStr(v.revisionHash, `${where}.revisionHash`) ?? "",
    phase: r.optStr(v.phase, `${where}.phase`) ?? "Running",
    ready: r.bool(v.ready, `${where}.ready`, true),
    requests: r.quantities(v.requests, `${where}.requests`),
    hostPorts: r.arr(v.hostPorts, `${where}.hostPorts`).map((p, i) => r.str(p, `${where}.hostPorts[${i}]`))
  };
  if (v.scheduled !== void 0)
    pod.scheduled = r.bool(v.scheduled, `${where}.scheduled`, true);
  return pod;
}
var TIMING_FIELDS = [
  "startSeconds",
  "pullStartSeconds",
  "readySeconds",
  "stopSeconds"
];
function readTimings(r, v, where) {
  if (!isObj(v)) r.fail(where, `expected a map, got ${kindOf(v)}`);
  const out = {
    namespace: r.str(v.namespace, `${where}.namespace`),
    name: r.str(v.name, `${where}.name`),
    pods: r.int(v.pods, `${where}.pods`, 0)
  };
  for (const field of TIMING_FIELDS) {
    const value = v[field];
    if (value === void 0) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 86400)
      r.fail(
        `${where}.${field}`,
        `expected seconds between 0 and 86400, got ${kindOf(value)}`
      );
    out[field] = value;
  }
  if (v.replacedAfterReady !== void 0)
    out.replacedAfterReady = r.int(
      v.replacedAfterReady,
      `${where}.replacedAfterReady`,
      0
    );
  return out;
}
function readDaemonSet(r, v, where) {
  if (!isObj(v)) r.fail(where, `expected a DaemonSet, got ${kindOf(v)}`);
  const ds = {
    namespace: r.str(v.namespace, `${where}.namespace`),
    name: r.str(v.name, `${where}.name`)
  };
  const uid = r.optStr(v.uid, `${where}.uid`);
  if (uid !== void 0) ds.uid = uid;
  if (v.generation !== void 0)
    ds.generation = r.int(v.generation, `${where}.generation`, 0);
  const hash = r.optStr(v.currentRevisionHash, `${where}.currentRevisionHash`);
  if (hash !== void 0) ds.currentRevisionHash = hash;
  if (v.template !== void 0) {
    if (!isObj(v.template))
      r.fail(`${where}.template`, "expected a pod template");
    ds.template = v.template;
  }
  if (v.updateStrategy !== void 0) {
    if (!isObj(v.updateStrategy))
      r.fail(`${where}.updateStrategy`, "expected an update strategy");
    ds.updateStrategy = v.updateStrategy;
  }
  if (v.minReadySeconds !== void 0)
    ds.minReadySeconds = r.int(v.minReadySeconds, `${where}.minReadySeconds`, 0);
  if (v.status !== void 0) {
    if (!isObj(v.status)) r.fail(`${where}.status`, "expected a map of numbers");
    ds.status = v.status;
  }
  const problem = shapeProblemOf("DaemonSet", {
    spec: {
      ...ds.template !== void 0 ? { template: ds.template } : {},
      ...ds.updateStrategy !== void 0 ? { updateStrategy: ds.updateStrategy } : {}
    }
  });
  if (problem !== void 0) r.fail(where, problem.replace(/^spec\./, ""));
  return ds;
}
function readCompact(r, doc) {
  if (doc.version !== SNAPSHOT_VERSION && doc.version !== COMPACT_FILE_VERSION) {
    r.fail(
      "",
      `snapshot version ${JSON.stringify(doc.version)} is not supported (this ds-rollout reads versions ${SNAPSHOT_VERSION} and ${COMPACT_FILE_VERSION})`
    );
  }
  let nodes;
  if (doc.version === COMPACT_FILE_VERSION) {
    nodes = decodeCompactNodes(
      doc,
      (where, what) => r.fail(where, what),
      (v, where) => r.quantitiesOf(v, where)
    );
  } else {
    if (!Array.isArray(doc.nodes)) r.fail("", "the snapshot has no nodes list");
    const seen = /* @__PURE__ */ new Set();
    nodes = doc.nodes.map((n, i) => {
      const node = readNode(r, n, `nodes[${i}]`);
      if (seen.has(node.name))
        r.fail(`nodes[${i}]`, `node ${node.name} is listed twice`);
      seen.add(node.name);
      return node;
    });
  }
  const daemonSets = r.arr(doc.daemonSets, "daemonSets").map((d, i) => readDaemonSet(r, d, `daemonSets[${i}]`));
  const snapshot = {
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    nodes,
    daemonSets
  };
  const recordedAt = r.optStr(doc.recordedAt, "recordedAt");
  if (recordedAt !== void 0) snapshot.recordedAt = recordedAt;
  if (doc.timings !== void 0) {
    const timings = r.arr(doc.timings, "timings").map((t, i) => readTimings(r, t, `timings[${i}]`));
    if (timings.length > 0) snapshot.timings = timings;
  }
  if (doc.cluster !== void 0) {
    if (!isObj(doc.cluster)) r.fail("cluster", "expected a map");
    const cluster = {};
    const name = r.optStr(doc.cluster.name, "cluster.name");
    const version = r.optStr(doc.cluster.version, "cluster.version");
    if (name !== void 0) cluster.name = name;
    if (version !== void 0) cluster.version = version;
    snapshot.cluster = cluster;
  }
  return snapshot;
}
function optField(obj, key, ok) {
  const v = obj[key];
  return v === void 0 ? !(key in obj) : ok(v);
}
var isString = (v) => typeof v === "string";
var isQuantity = (v) => typeof v === "string" || typeof v === "number" && Number.isFinite(v);
function mapOf(v, ok) {
  if (!isObj(v)) return false;
  for (const k of Object.keys(v)) if (!ok(v[k])) return false;
  return true;
}
var stringMap = (v) => mapOf(v, isString);
var quantityMap = (v) => mapOf(v, isQuantity);
function listOfStringFields(v, fields) {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i += 1) {
    const item = v[i];
    if (!isObj(item)) return false;
    for (const f of fields) if (!optField(item, f, isString)) return false;
  }
  return true;
}
var TAINT_FIELDS = ["key", "value", "effect", "timeAdded"];
var CONDITION_FIELDS = ["type", "status", "reason"];
var taintList = (v) => listOfStringFields(v, TAINT_FIELDS);
var conditionList = (v) => listOfStringFields(v, CONDITION_FIELDS);
function plainNode(node) {
  if ("metadata" in node) {
    const meta = node.metadata;
    if (!isObj(meta) || !optField(meta, "name", isString) || !optField(meta, "generateName", isString) || !optField(meta, "namespace", isString) || !optField(meta, "labels", stringMap) || !optField(meta, "annotations", stringMap))
      return false;
  }
  if ("spec" in node) {
    const spec = node.spec;
    if (!isObj(spec) || !optField(spec, "taints", taintList) || !optField(spec, "unschedulable", (v) => typeof v === "boolean"))
      return false;
  }
  if ("status" in node) {
    const status = node.status;
    if (!isObj(status) || !optField(status, "allocatable", quantityMap) || !optField(status, "capacity", quantityMap) || !optField(status, "conditions", conditionList))
      return false;
  }
  return true;
}
function collectObject(r, item, kind, where, into) {
  if (!isObj(item)) r.fail(where, `expected an object, got ${kindOf(item)}`);
  const k = typeof item.kind === "string" ? item.kind : kind;
  if ((k === "Node" || k === "Pod" || k === "DaemonSet") && !(k === "Node" && plainNode(item))) {
    const problem = shapeProblemOf(k, item);
    if (problem !== void 0) r.fail(where, `${k}: ${problem}`);
  }
  const meta = item.metadata;
  const name = isObj(meta) && typeof meta.name === "string" ? meta.name : void 0;
  if (k === "Node") {
    if (name === void 0) r.fail(where, "a Node without metadata.name");
    const status = item.status;
    if (isObj(status) && isObj(status.allocatable))
      r.quantities(status.allocatable, `${where} (${name}).status.allocatable`);
    into.nodes.push(item);
  } else if (k === "Pod") {
    into.pods.push(item);
  } else if (k === "DaemonSet") {
    if (name === void 0) r.fail(where, "a DaemonSet without metadata.name");
    into.daemonSets.push(item);
  }
}
function loadSnapshot(data, file) {
  let docs;
  if (Array.isArray(file)) {
    if (!Array.isArray(data) || data.length !== file.length) {
      throw new UserError(
        `loadSnapshot: ${file.length} file names for ${Array.isArray(data) ? data.length : 1} documents`
      );
    }
    docs = data.map((doc, i) => ({ doc, file: file[i] ?? "" }));
  } else {
    docs = (Array.isArray(data) ? data : [data]).map((doc) => ({ doc, file }));
  }
  const names = [...new Set(Array.isArray(file) ? file : [file])].join(", ");
  docs = docs.filter((d) => d.doc !== null && d.doc !== void 0);
  if (docs.length === 0) {
    throw new UserError("the snapshot is empty", { file: names || void 0 });
  }
  const compact = docs.filter(
    (d) => isObj(d.doc) && d.doc.kind === SNAPSHOT_KIND
  );
  if (compact.length > 0) {
    const first = compact[0];
    if (docs.length > 1) {
      throw new UserError(
        `a ${SNAPSHOT_KIND} cannot be combined with other documents (${docs.length} given)`,
        { file: first.file }
      );
    }
    return readCompact(new Reader(first.file), first.doc);
  }
  const into = { nodes: [], pods: [], daemonSets: [] };
  const readers = /* @__PURE__ */ new Map();
  for (const { doc, file: f } of docs) {
    let r = readers.get(f);
    if (r === void 0) {
      r = new Reader(f);
      readers.set(f, r);
    }
    if (!isObj(doc)) {
      return r.fail(
        "",
        `expected a ${SNAPSHOT_KIND} or a kubectl list of Nodes, Pods or DaemonSets, got ${kindOf(doc)}`
      );
    }
    const kind = typeof doc.kind === "string" ? doc.kind : void 0;
    if (Array.isArray(doc.items)) {
      const itemKind = kind !== void 0 && kind.endsWith("List") && kind !== "List" ? kind.slice(0, -4) : void 0;
      doc.items.forEach(
        (item, i) => collectObject(r, item, itemKind, `items[${i}]`, into)
      );
    } else if (kind === "Node" || kind === "Pod" || kind === "DaemonSet") {
      collectObject(r, doc, kind, "", into);
    } else {
      r.fail(
        "",
        `expected a ${SNAPSHOT_KIND} or a kubectl list of Nodes, Pods or DaemonSets${kind === void 0 ? "" : `, got kind ${JSON.stringify(kind)}`}`
      );
    }
  }
  if (into.nodes.length === 0) {
    throw new UserError(
      "no nodes in the snapshot: give the output of `kubectl get nodes -o json` (pods and DaemonSets alone are not enough)",
      { file: names }
    );
  }
  const seen = /* @__PURE__ */ new Set();
  for (const n of into.nodes) {
    const name = n.metadata?.name ?? "";
    if (seen.has(name))
      throw new UserError(`node ${name} is listed twice`, { file: names });
    seen.add(name);
  }
  return snapshotFromCluster(into, { ownsInput: true });
}

// src/adapters/fs/json-error.ts
var WS = /* @__PURE__ */ new Set([" ", "	", "\n", "\r"]);
function locateJsonError(text) {
  let i = 0;
  const n = text.length;
  const at = (index, message) => {
    let line = 1;
    let lineStart2 = 0;
    for (let k = 0; k < index && k < n; k += 1)
      if (text.charCodeAt(k) === 10) {
        line += 1;
        lineStart2 = k + 1;
      }
    return { line, column: index - lineStart2 + 1, message };
  };
  const skip = () => {
    while (i < n && WS.has(text[i])) i += 1;
  };
  const describe = (index) => index >= n ? "unexpected end of the text" : `unexpected ${JSON.stringify(text[index])}`;
  const stack = [];
  let expect = "value";
  if (text.charCodeAt(0) === 65279) i = 1;
  for (; ; ) {
    skip();
    if (i >= n) {
      if (stack.length === 0 && expect === "comma-or-close") break;
      return at(i, "unexpected end of the text");
    }
    const c = text[i];
    if (expect === "comma-or-close") {
      if (stack.length === 0) return at(i, `${describe(i)} after the end`);
      const open3 = stack[stack.length - 1];
      if (c === ",") {
        expect = open3 === "{" ? "key" : "value";
        i += 1;
      } else if (c === "}" && open3 === "{" || c === "]" && open3 === "[") {
        stack.pop();
        i += 1;
      } else
        return at(
          i,
          `${describe(i)}: expected ',' or '${open3 === "{" ? "}" : "]"}'`
        );
      continue;
    }
    if (expect === "colon") {
      if (c !== ":") return at(i, `${describe(i)}: expected ':'`);
      i += 1;
      expect = "value";
      continue;
    }
    if (expect === "key-or-close" && c === "}" || expect === "value-or-close" && c === "]") {
      stack.pop();
      i += 1;
      expect = "comma-or-close";
      continue;
    }
    const isKey = expect === "key" || expect === "key-or-close";
    if (isKey) {
      if (c !== '"')
        return at(i, `${describe(i)}: expected a key in double quotes`);
    }
    if (c === '"') {
      const start = i;
      i += 1;
      while (i < n && text[i] !== '"') {
        const code = text.charCodeAt(i);
        if (code < 32) return at(i, "control character in a string");
        if (text[i] === "\\") {
          const e = text[i + 1];
          if (e === "u") {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
              return at(i, "bad \\u escape in a string");
            i += 6;
            continue;
          }
          if (e === void 0 || !'"\\/bfnrt'.includes(e))
            return at(i, "bad escape in a string");
          i += 2;
          continue;
        }
        i += 1;
      }
      if (i >= n) return at(start, "unterminated string");
      i += 1;
      expect = isKey ? "colon" : "comma-or-close";
      continue;
    }
    if (c === "{" || c === "[") {
      stack.push(c);
      i += 1;
      expect = c === "{" ? "key-or-close" : "value-or-close";
      continue;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(i, i + 400)
    );
    if (m === null || m[0] === "") return at(i, describe(i));
    i += m[0].length;
    expect = "comma-or-close";
  }
  return at(n, "not valid JSON");
}

// src/adapters/fs/json-list-stream.ts
import { open } from "node:fs/promises";

// src/adapters/fs/indented-cuts.ts
var NEWLINE = 10;
var RETURN = 13;
var SPACE = 32;
var TAB = 9;
var QUOTE = 34;
var COMMA = 44;
var OPEN_OBJECT = 123;
var CLOSE_OBJECT = 125;
var OPEN_ARRAY = 91;
var CLOSE_ARRAY = 93;
var ODD = /* @__PURE__ */ Symbol("odd layout");
function odd() {
  throw ODD;
}
function lineStart(buf, at) {
  let i = at;
  while (i > 0 && buf[i - 1] !== NEWLINE) i -= 1;
  return i;
}
function indentOf(buf, start) {
  let i = start;
  while (buf[i] === SPACE || buf[i] === TAB) i += 1;
  return i - start;
}
function endsLine(buf, at, end) {
  let i = at + 1;
  while (i < end && (buf[i] === SPACE || buf[i] === TAB || buf[i] === RETURN))
    i += 1;
  return i < end && buf[i] === NEWLINE;
}
function keyOf(buf, start, indent, open3, names) {
  const q = start + indent;
  if (buf[q] !== QUOTE) return -2;
  let i = q + 1;
  while (i < open3 && buf[i] !== QUOTE) {
    if (buf[i] === 92 || buf[i] < 32) return -2;
    i += 1;
  }
  if (i >= open3) return -2;
  let colon = 0;
  for (let j = i + 1; j < open3; j += 1) {
    const b = buf[j];
    if (b === 58) colon += 1;
    else if (b !== SPACE && b !== TAB) return -2;
  }
  if (colon !== 1) return -2;
  const len = i - q - 1;
  for (let n = 0; n < names.length; n += 1) {
    const name = names[n];
    if (name.length !== len) continue;
    let k = 0;
    while (k < len && buf[q + 1 + k] === name.charCodeAt(k)) k += 1;
    if (k === len) return n;
  }
  return -1;
}
function closerOf(buf, open3, start, indent, close, end, next) {
  let p = open3;
  for (; ; ) {
    if (next.object <= p) {
      next.object = buf.indexOf(CLOSE_OBJECT, p + 1);
      if (next.object < 0 || next.object > end) next.object = end;
    }
    if (next.array <= p) {
      next.array = buf.indexOf(CLOSE_ARRAY, p + 1);
      if (next.array < 0 || next.array > end) next.array = end;
    }
    p = next.object < next.array ? next.object : next.array;
    if (p >= end) odd();
    let s = p;
    while (buf[s - 1] === SPACE || buf[s - 1] === TAB) s -= 1;
    if (buf[s - 1] !== NEWLINE) continue;
    const ind = p - s;
    if (ind > indent) continue;
    if (ind < indent || buf[p] !== close) odd();
    for (let k = 0; k < indent; k += 1) if (buf[s + k] !== buf[start + k]) odd();
    return p;
  }
}
function blockEnd(buf, open3, start, indent, end, next) {
  const close = buf[open3] === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
  return closerOf(buf, open3, start, indent, close, end, next);
}
function keptRanges(buf, from, to, keep) {
  try {
    return cut(buf, from, to, keep);
  } catch (err) {
    if (err === ODD) return void 0;
    throw err;
  }
}
function cut(buf, from, to, keep) {
  const itemIndent = from - lineStart(buf, from);
  if (!endsLine(buf, from, to)) return void 0;
  const firstMember = buf.indexOf(NEWLINE, from) + 1;
  const unit = indentOf(buf, firstMember) - itemIndent;
  if (unit <= 0) return void 0;
  const memberIndent = itemIndent + unit;
  const childIndent = memberIndent + unit;
  const cuts = [];
  const parents = [...keep.keys()];
  const kept = [...keep.values()];
  let parent;
  let pos = from;
  let nextObject = -1;
  let nextArray = -1;
  const closers = { object: -1, array: -1 };
  for (; ; ) {
    if (nextObject < pos) {
      nextObject = buf.indexOf(OPEN_OBJECT, pos);
      if (nextObject < 0 || nextObject >= to) nextObject = to;
    }
    if (nextArray < pos) {
      nextArray = buf.indexOf(OPEN_ARRAY, pos);
      if (nextArray < 0 || nextArray >= to) nextArray = to;
    }
    const open3 = nextObject < nextArray ? nextObject : nextArray;
    if (open3 >= to) break;
    pos = open3 + 1;
    if (!endsLine(buf, open3, to)) continue;
    const start = lineStart(buf, open3);
    const indent = indentOf(buf, start);
    if (indent === itemIndent) {
      if (start + indent !== open3) odd();
      parent = void 0;
      continue;
    }
    if (indent === memberIndent) {
      const key = keyOf(buf, start, indent, open3, parents);
      parent = key < 0 ? void 0 : kept[key];
      if (parent === void 0) {
        pos = blockEnd(buf, open3, start, indent, to, closers) + 1;
      }
      continue;
    }
    if (indent !== childIndent || parent === void 0) odd();
    const close = blockEnd(buf, open3, start, indent, to, closers);
    pos = close + 1;
    if (keyOf(buf, start, indent, open3, parent) !== -1) continue;
    let after = close + 1;
    const comma = buf[after] === COMMA;
    if (comma) after += 1;
    while (after < to && (buf[after] === SPACE || buf[after] === TAB || buf[after] === RETURN))
      after += 1;
    if (after >= to || buf[after] !== NEWLINE) odd();
    after += 1;
    let cutStart = start;
    let slot = cuts.length;
    if (slot > 0 && cuts[slot - 1] === cutStart) {
      slot -= 2;
      cutStart = cuts[slot];
    }
    if (!comma) {
      let b = cutStart - 1;
      while (b > from && (buf[b - 1] === RETURN || buf[b - 1] === SPACE || buf[b - 1] === TAB || buf[b - 1] === NEWLINE))
        b -= 1;
      if (buf[b - 1] === COMMA) cutStart = b - 1;
      else if (buf[b - 1] !== OPEN_OBJECT) odd();
    }
    cuts[slot] = cutStart;
    cuts[slot + 1] = after;
  }
  if (cuts.length === 0) return void 0;
  const ranges = [];
  let at = from;
  for (let k = 0; k < cuts.length; k += 2) {
    if (cuts[k] > at) ranges.push(at, cuts[k]);
    at = cuts[k + 1];
  }
  if (at < to) ranges.push(at, to);
  return ranges;
}

// src/adapters/fs/json-list-stream.ts
var JsonListShapeError = class extends Error {
};
var SPACE2 = /* @__PURE__ */ new Set([32, 9, 10, 13]);
var QUOTE2 = 34;
var BACKSLASH = 92;
var OPEN_OBJECT2 = 123;
var CLOSE_OBJECT2 = 125;
var OPEN_ARRAY2 = 91;
var CLOSE_ARRAY2 = 93;
var COMMA2 = 44;
var COLON = 58;
var FAST_BATCH_BYTES = 128 * 1024;
function scanValue(chunk, from, s) {
  let nesting = s.nesting;
  let inString = s.inString;
  let escaped = s.escaped;
  const len = chunk.length;
  let i = from;
  let end = -1;
  while (i < len) {
    const b = chunk[i];
    i += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE2) {
        inString = false;
        if (nesting === 0) {
          end = i;
          break;
        }
      }
    } else if (b === QUOTE2) inString = true;
    else if (b === OPEN_OBJECT2 || b === OPEN_ARRAY2) nesting += 1;
    else if (b === CLOSE_OBJECT2 || b === CLOSE_ARRAY2) {
      nesting -= 1;
      if (nesting === 0) {
        end = i;
        break;
      }
    }
  }
  s.nesting = nesting;
  s.inString = inString;
  s.escaped = escaped;
  return end;
}
function itemClose(chunk, at) {
  let j = at - 1;
  while (j >= 0 && (chunk[j] === 32 || chunk[j] === 9)) j -= 1;
  if (j < 0 || chunk[j] !== 10) return void 0;
  const close = Buffer.allocUnsafe(at - j + 1);
  chunk.copy(close, 0, j, at);
  close[at - j] = CLOSE_OBJECT2;
  return close;
}
async function readJsonListStreaming(path, mapItem, chunkBytes = 4 * 1024 * 1024, cuts) {
  const envelope = {};
  const items = [];
  let state = "start";
  let key = "";
  let sawItems = false;
  let parts = [];
  let captureStart = -1;
  const scan = {
    nesting: 0,
    inString: false,
    escaped: false,
    nextQuote: -1,
    nextBackslash: -1
  };
  let scalar = false;
  let keyEscaped = false;
  let offset = 0;
  let fastPath = true;
  const text = (chunk, end) => {
    parts.push(chunk.subarray(captureStart, end));
    const s = parts.length === 1 ? parts[0].toString("utf8") : Buffer.concat(parts).toString("utf8");
    parts = [];
    captureStart = -1;
    return s;
  };
  const fail = (at, what) => {
    throw new SyntaxError(`${what} at byte ${at}`);
  };
  const handle = await open(path, "r");
  const buffers = [
    Buffer.allocUnsafe(chunkBytes),
    Buffer.allocUnsafe(chunkBytes)
  ];
  let reading = 0;
  let next = handle.read(buffers[0], 0, chunkBytes, null);
  let scratch = Buffer.alloc(0);
  try {
    for (; ; ) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const buffer = buffers[reading];
      reading ^= 1;
      next = handle.read(buffers[reading], 0, chunkBytes, null);
      const chunk = bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead);
      if (captureStart >= 0) captureStart = 0;
      scan.nextQuote = -1;
      scan.nextBackslash = -1;
      for (let i = 0; i < chunk.length; i += 1) {
        const b = chunk[i];
        switch (state) {
          case "start":
            if (SPACE2.has(b) || offset + i < 3 && b >= 187) continue;
            if (b !== OPEN_OBJECT2) throw new JsonListShapeError("not an object");
            state = "key-or-end";
            continue;
          case "key-or-end":
          case "comma-or-end":
            if (SPACE2.has(b)) continue;
            if (b === CLOSE_OBJECT2) {
              state = "done";
              continue;
            }
            if (state === "comma-or-end") {
              if (b !== COMMA2) fail(offset + i, "expected ',' or '}'");
              state = "key-or-end";
              continue;
            }
            if (b !== QUOTE2) fail(offset + i, "expected a key");
            state = "key";
            captureStart = i;
            keyEscaped = false;
            continue;
          case "key":
            if (keyEscaped) keyEscaped = false;
            else if (b === BACKSLASH) keyEscaped = true;
            else if (b === QUOTE2) {
              key = JSON.parse(text(chunk, i + 1));
              state = "colon";
            }
            continue;
          case "colon":
            if (SPACE2.has(b)) continue;
            if (b !== COLON) fail(offset + i, "expected ':'");
            state = "value";
            continue;
          case "value":
            if (SPACE2.has(b)) continue;
            if (key === "items" && b === OPEN_ARRAY2) {
              sawItems = true;
              state = "item-or-end";
              continue;
            }
            state = "member";
            break;
          // handled below as the first byte of the value
          case "item-or-end":
          case "item-comma-or-end":
            if (SPACE2.has(b)) continue;
            if (b === CLOSE_ARRAY2) {
              state = "comma-or-end";
              continue;
            }
            if (state === "item-comma-or-end") {
              if (b !== COMMA2) fail(offset + i, "expected ',' or ']'");
              state = "item-or-end";
              continue;
            }
            state = "item";
            break;
          case "done":
            if (!SPACE2.has(b)) fail(offset + i, "unexpected text after the end");
            continue;
          default:
            break;
        }
        if (state === "item" && captureStart < 0 && fastPath && b === OPEN_OBJECT2) {
          const close = itemClose(chunk, i);
          const last = close === void 0 ? -1 : chunk.lastIndexOf(close, i + FAST_BATCH_BYTES);
          if (close !== void 0 && last > i) {
            const end = last + close.length;
            let batch;
            const kept = cuts === void 0 ? void 0 : keptRanges(chunk, i, end, cuts.keep);
            if (kept !== void 0) {
              let size2 = 0;
              for (let k = 0; k < kept.length; k += 2)
                size2 += kept[k + 1] - kept[k];
              if (scratch.length < size2) scratch = Buffer.allocUnsafe(size2 * 2);
              let at = 0;
              for (let k = 0; k < kept.length; k += 2)
                at += chunk.copy(scratch, at, kept[k], kept[k + 1]);
              try {
                batch = JSON.parse(`[${scratch.toString("utf8", 0, at)}]`);
              } catch {
                batch = void 0;
              }
              if (Array.isArray(batch) && !batch.every((item) => cuts.usable(item, envelope)))
                batch = void 0;
            }
            if (batch === void 0) {
              try {
                batch = JSON.parse(`[${chunk.toString("utf8", i, end)}]`);
              } catch {
                batch = void 0;
              }
            }
            if (Array.isArray(batch)) {
              for (const item of batch) items.push(mapItem(item, envelope));
              state = "item-comma-or-end";
              i = end - 1;
              continue;
            }
            fastPath = false;
          }
        }
        if (captureStart < 0) {
          captureStart = i;
          scan.nesting = 0;
          scan.inString = false;
          scan.escaped = false;
          scalar = b !== QUOTE2 && b !== OPEN_OBJECT2 && b !== OPEN_ARRAY2;
          if (scalar) continue;
        }
        let ended = -1;
        if (scalar) {
          if (SPACE2.has(b) || b === COMMA2 || b === CLOSE_OBJECT2 || b === CLOSE_ARRAY2) {
            ended = i;
          } else continue;
        } else {
          ended = scanValue(chunk, i, scan);
          if (ended < 0) {
            i = chunk.length;
            continue;
          }
        }
        const value = JSON.parse(text(chunk, ended));
        if (state === "item") {
          items.push(mapItem(value, envelope));
          state = "item-comma-or-end";
        } else {
          envelope[key] = value;
          state = "comma-or-end";
        }
        i = ended - 1;
      }
      if (captureStart >= 0)
        parts.push(Buffer.from(chunk.subarray(captureStart)));
      offset += chunk.length;
    }
  } finally {
    await next.catch(() => void 0);
    await handle.close();
  }
  if (state === "start") throw new JsonListShapeError("empty");
  if (state !== "done") fail(offset, "unexpected end of the file");
  if (sawItems) envelope.items = items;
  return envelope;
}

// src/adapters/fs/read-snapshot-files.ts
var GIB = 1024 * 1024 * 1024;
var MIB = 1024 * 1024;
function size(bytes) {
  return bytes >= GIB ? `${bytes / GIB} GiB` : `${bytes / MIB} MiB`;
}
async function fileHead(path) {
  const handle = await open2(path, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.toString("utf8", 0, bytesRead).replace(/^\uFEFF/, "");
  } finally {
    await handle.close();
  }
}
function slimItems() {
  const share = new SlimShare();
  return (item, envelope) => {
    if (item === null || typeof item !== "object") return item;
    const kind = item.kind;
    if (kind === "Pod" || kind === void 0 && envelope.kind === "PodList")
      return slimPod(item);
    if (kind === "Node" || kind === void 0 && envelope.kind === "NodeList")
      return slimNode(item, share);
    return item;
  };
}
var SLIM_CUTS = {
  keep: /* @__PURE__ */ new Map([
    [
      "metadata",
      ["name", "namespace", "labels", "creationTimestamp", "ownerReferences"]
    ],
    [
      "spec",
      [
        "taints",
        "unschedulable",
        "nodeName",
        "hostNetwork",
        "overhead",
        "affinity",
        "containers",
        "initContainers"
      ]
    ],
    ["status", ["allocatable", "conditions", "phase", "containerStatuses"]]
  ]),
  usable(item, envelope) {
    if (item === null || typeof item !== "object") return false;
    const kind = item.kind;
    return kind === "Pod" || kind === "Node" || kind === void 0 && (envelope.kind === "PodList" || envelope.kind === "NodeList");
  }
};
function readKubectlListStreaming(path, chunkBytes) {
  return readJsonListStreaming(path, slimItems(), chunkBytes, SLIM_CUTS);
}
function parseYaml(text, shown, limits) {
  checkInputBounds(text, shown, limits);
  const docs = (0, import_yaml.parseAllDocuments)(text, { version: "1.1" });
  if (!Array.isArray(docs)) {
    return [];
  }
  const out = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== void 0)
      throw new UserError(
        `not valid YAML: ${error.message.split("\n")[0] ?? ""}`,
        { file: shown, line: error.linePos?.[0].line ?? 1 }
      );
    try {
      out.push(doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }));
    } catch (err) {
      throw new UserError(
        `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`,
        { file: shown }
      );
    }
  }
  return out;
}
async function readDocuments(shown, cwd, limits) {
  const path = resolve(cwd, shown);
  const info = await stat(path).catch(() => void 0);
  if (info === void 0) throw new UserError("no such file", { file: shown });
  if (!info.isFile())
    throw new UserError(
      "is not a regular file (a directory, device, FIFO or socket); give the exported file",
      { file: shown }
    );
  await checkSymlinkBoundary(path, cwd, shown);
  if (info.size > MAX_SNAPSHOT_FILE_BYTES)
    throw new UserError(
      `the snapshot file is ${size(info.size)}, more than the ${size(MAX_SNAPSHOT_FILE_BYTES)} ds-rollout reads; record a compact snapshot with 'ds-rollout snapshot' (it pages through the cluster and keeps only what the simulation needs), or split the export (for example pods per namespace) into several --snapshot files`,
      { file: shown }
    );
  let head;
  try {
    head = await fileHead(path);
  } catch (err) {
    throw new UserError(
      `cannot read the file (${String(err.code ?? err)})`,
      { file: shown }
    );
  }
  const first = head.trimStart().charAt(0);
  if (first === "{" || first === "[") {
    const kubectlList = first === "{" && info.size > STREAM_KUBECTL_LIST_BYTES && !/"kind"\s*:\s*"DsRolloutSnapshot"/.test(head);
    if (info.size > MAX_SNAPSHOT_JSON_TEXT_BYTES || kubectlList) {
      try {
        return [await readKubectlListStreaming(path)];
      } catch (err) {
        if (err instanceof JsonListShapeError)
          throw new UserError(
            `the file is ${size(info.size)}: JSON this large is read only as one object (a kubectl list {"kind": "...List", "items": [...]}, or a compact snapshot); record a compact snapshot with 'ds-rollout snapshot' instead`,
            { file: shown }
          );
        if (err instanceof SyntaxError)
          throw new UserError(`not valid JSON: ${err.message}`, { file: shown });
        if (err instanceof RangeError)
          throw new UserError(
            `the file is ${size(info.size)} and one of its values is too large to read; give kubectl lists (one object per item) or record a compact snapshot with 'ds-rollout snapshot'`,
            { file: shown }
          );
        throw err;
      }
    }
    const text = await readFile(path, "utf8");
    try {
      return [JSON.parse(text.replace(/^\uFEFF/, ""))];
    } catch {
      if (info.size <= MAX_SNAPSHOT_YAML_BYTES) {
        try {
          return parseYaml(text, shown, limits);
        } catch {
        }
      }
      const where = locateJsonError(text);
      throw new UserError(
        `not valid JSON: ${where.message} (column ${where.column})`,
        { file: shown, line: where.line }
      );
    }
  }
  if (info.size > MAX_SNAPSHOT_YAML_BYTES)
    throw new UserError(
      `the YAML file is ${size(info.size)}, more than the ${size(MAX_SNAPSHOT_YAML_BYTES)} read as YAML; export it as JSON (kubectl get ... -o json), which is read up to ` + size(MAX_SNAPSHOT_FILE_BYTES),
      { file: shown }
    );
  return parseYaml(await readFile(path, "utf8"), shown, limits);
}
async function readSnapshotFiles(paths, cwd, limits) {
  if (paths.length === 0) throw new UserError("no snapshot file given");
  const docs = [];
  const names = [];
  for (const shown of paths) {
    for (const doc of await readDocuments(shown, cwd, limits)) {
      docs.push(doc);
      names.push(shown);
    }
  }
  if (docs.length === 0)
    throw new UserError("the snapshot is empty", { file: paths.join(", ") });
  return loadSnapshot(docs, names);
}

export {
  readSnapshotFiles
};
