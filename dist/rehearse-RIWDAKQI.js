import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  writeFileAtomic
} from "./chunk-L42FRM2R.js";
import {
  require_dist
} from "./chunk-H3PSRQXT.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";
import {
  __toESM
} from "./chunk-T3LJ2J2J.js";

// src/cli/commands/rehearse.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { readFile as readFile2 } from "node:fs/promises";
import { resolve } from "node:path";

// src/rehearsal/cluster.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { chmod, writeFile as writeFile2 } from "node:fs/promises";
import { randomBytes } from "node:crypto";

// src/rehearsal/clock.ts
var SimClock = class {
  /** With `manual`, time moves only through advance() (tests). */
  constructor(speed, manual = false) {
    this.speed = speed;
    this.manual = manual;
  }
  speed;
  manual;
  realStart = performance.now();
  simStart = Date.now();
  offset = 0;
  /** Simulated epoch milliseconds. */
  now() {
    if (this.manual) return this.simStart + this.offset;
    return this.simStart + (performance.now() - this.realStart) * this.speed;
  }
  advance(ms) {
    if (!this.manual) throw new Error("advance() needs a manual clock");
    this.offset += ms;
  }
  /** RFC 3339 with second precision, as metav1.Time serialises. */
  iso(ms = this.now()) {
    return new Date(Math.floor(ms / 1e3) * 1e3).toISOString().replace(".000Z", "Z");
  }
  /** Wall-clock milliseconds for a simulated duration. */
  realMs(simMs) {
    return simMs / this.speed;
  }
};
function parseTime(value) {
  if (typeof value !== "string") return void 0;
  const t = Date.parse(value);
  return Number.isNaN(t) ? void 0 : t;
}

// src/rehearsal/api/registry.ts
import { randomUUID } from "node:crypto";

// src/rehearsal/json.ts
function isObj(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function child(parent, key2) {
  const value = parent[key2];
  if (isObj(value)) return value;
  const created = {};
  parent[key2] = created;
  return created;
}
function asObj(value) {
  return isObj(value) ? value : {};
}
function asArray(value) {
  return Array.isArray(value) ? value : [];
}
function asString(value) {
  return typeof value === "string" ? value : void 0;
}
function asNumber(value) {
  return typeof value === "number" ? value : void 0;
}
function asStringMap(value) {
  const out = {};
  if (!isObj(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
  }
  return out;
}
function clone(value) {
  return structuredClone(value);
}
function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObj(value)) {
    const out = {};
    for (const key2 of Object.keys(value).sort()) {
      const v = value[key2];
      if (v !== void 0) out[key2] = sortKeys(v);
    }
    return out;
  }
  return value;
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== void 0);
    const kb = Object.keys(b).filter((k) => b[k] !== void 0);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
function nameOf(obj) {
  return asString(asObj(obj["metadata"])["name"]) ?? "";
}
function namespaceOf(obj) {
  return asString(asObj(obj["metadata"])["namespace"]) ?? "";
}
function labelsOf(obj) {
  const labels = asObj(obj["metadata"])["labels"];
  return isObj(labels) ? labels : {};
}
function valueAtPath(obj, path) {
  let cur = obj;
  for (const part of path.split(".")) {
    if (!isObj(cur)) return void 0;
    cur = cur[part];
  }
  return cur;
}

// src/rehearsal/api/defaults.ts
function defaultDaemonSet(ds) {
  const spec = child(ds, "spec");
  const strategy = child(spec, "updateStrategy");
  if (strategy["type"] === void 0 || strategy["type"] === "")
    strategy["type"] = "RollingUpdate";
  if (strategy["type"] === "RollingUpdate") {
    const ru = child(strategy, "rollingUpdate");
    if (ru["maxUnavailable"] === void 0) ru["maxUnavailable"] = 1;
    if (ru["maxSurge"] === void 0) ru["maxSurge"] = 0;
  }
  if (spec["revisionHistoryLimit"] === void 0)
    spec["revisionHistoryLimit"] = 10;
  const template = child(spec, "template");
  const tmeta = child(template, "metadata");
  if (tmeta["creationTimestamp"] === void 0)
    tmeta["creationTimestamp"] = null;
  defaultPodSpec(child(template, "spec"));
}
function defaultPodSpec(spec) {
  if (spec["dnsPolicy"] === void 0) spec["dnsPolicy"] = "ClusterFirst";
  if (spec["restartPolicy"] === void 0) spec["restartPolicy"] = "Always";
  if (spec["securityContext"] === void 0) spec["securityContext"] = {};
  if (spec["terminationGracePeriodSeconds"] === void 0)
    spec["terminationGracePeriodSeconds"] = 30;
  if (spec["schedulerName"] === void 0)
    spec["schedulerName"] = "default-scheduler";
  for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
    for (const c of asArray(spec[field])) if (isObj(c)) defaultContainer(c);
  }
  for (const v of asArray(spec["volumes"])) if (isObj(v)) defaultVolume(v);
}
function imageHasTagOrDigest(image) {
  if (image.includes("@")) return true;
  const lastSlash = image.lastIndexOf("/");
  return image.slice(lastSlash + 1).includes(":");
}
function defaultContainer(c) {
  const image = typeof c["image"] === "string" ? c["image"] : "";
  if (c["imagePullPolicy"] === void 0 && image !== "") {
    const latest = !imageHasTagOrDigest(image) || image.endsWith(":latest");
    c["imagePullPolicy"] = latest ? "Always" : "IfNotPresent";
  }
  if (c["terminationMessagePath"] === void 0)
    c["terminationMessagePath"] = "/dev/termination-log";
  if (c["terminationMessagePolicy"] === void 0)
    c["terminationMessagePolicy"] = "File";
  if (c["resources"] === void 0) c["resources"] = {};
  for (const p of asArray(c["ports"])) {
    if (isObj(p) && p["protocol"] === void 0) p["protocol"] = "TCP";
  }
  for (const name of ["readinessProbe", "livenessProbe", "startupProbe"]) {
    const probe = c[name];
    if (!isObj(probe)) continue;
    if (probe["timeoutSeconds"] === void 0) probe["timeoutSeconds"] = 1;
    if (probe["periodSeconds"] === void 0) probe["periodSeconds"] = 10;
    if (probe["successThreshold"] === void 0) probe["successThreshold"] = 1;
    if (probe["failureThreshold"] === void 0) probe["failureThreshold"] = 3;
    const http = probe["httpGet"];
    if (isObj(http)) {
      if (http["scheme"] === void 0) http["scheme"] = "HTTP";
      if (http["path"] === void 0) http["path"] = "/";
    }
  }
  for (const e of asArray(c["env"])) {
    if (!isObj(e) || !isObj(e["valueFrom"])) continue;
    const f = e["valueFrom"]["fieldRef"];
    if (isObj(f) && f["apiVersion"] === void 0) f["apiVersion"] = "v1";
  }
}
function defaultVolume(v) {
  for (const kind of ["secret", "configMap", "downwardAPI", "projected"]) {
    const src = v[kind];
    if (isObj(src) && src["defaultMode"] === void 0) src["defaultMode"] = 420;
  }
  const hp = v["hostPath"];
  if (isObj(hp) && hp["type"] === void 0) hp["type"] = "";
  const known = Object.keys(v).filter((k) => k !== "name");
  if (known.length === 0) v["emptyDir"] = {};
}

// src/rehearsal/api/patch.ts
function applyMergePatch(target, patch) {
  if (!isObj(patch)) return clone(patch);
  const out = isObj(target) ? clone(target) : {};
  for (const [key2, value] of Object.entries(patch)) {
    if (value === null) delete out[key2];
    else out[key2] = applyMergePatch(out[key2], value);
  }
  return out;
}
var MERGE_KEYS = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  env: "name",
  imagePullSecrets: "name",
  ports: "containerPort",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ownerReferences: "uid",
  conditions: "type",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resizePolicy: "resourceName"
};
var MERGED_PRIMITIVE_LISTS = /* @__PURE__ */ new Set(["finalizers"]);
var PatchError = class extends Error {
};
function applyStrategicMergePatch(target, patch) {
  if (!isObj(patch)) return clone(patch);
  const directive = patch["$patch"];
  if (directive === "replace") {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (directive === "delete") return void 0;
  const out = isObj(target) ? clone(target) : {};
  const retain = patch["$retainKeys"];
  for (const [key2, value] of Object.entries(patch)) {
    if (key2 === "$patch" || key2 === "$retainKeys") continue;
    if (key2.startsWith("$setElementOrder/")) continue;
    if (key2.startsWith("$deleteFromPrimitiveList/")) {
      const field = key2.slice("$deleteFromPrimitiveList/".length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(value)) {
        out[field] = cur.filter((v) => !value.some((d) => deepEqual(d, v)));
      }
      continue;
    }
    if (value === null) {
      delete out[key2];
      continue;
    }
    if (Array.isArray(value)) {
      const order = patch[`$setElementOrder/${key2}`];
      out[key2] = mergeList(
        key2,
        out[key2],
        value,
        Array.isArray(order) ? order : void 0
      );
      continue;
    }
    if (isObj(value)) {
      const merged = applyStrategicMergePatch(out[key2], value);
      if (merged === void 0) delete out[key2];
      else out[key2] = merged;
      continue;
    }
    out[key2] = value;
  }
  if (Array.isArray(retain)) {
    for (const key2 of Object.keys(out))
      if (!retain.includes(key2)) delete out[key2];
  }
  return out;
}
function mergeList(field, current, patch, order) {
  const cur = Array.isArray(current) ? current : [];
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out2 = [...cur];
    for (const v of patch) if (!out2.some((c) => deepEqual(c, v))) out2.push(v);
    return out2;
  }
  const mergeKey = MERGE_KEYS[field];
  if (mergeKey === void 0 || !patch.every(isObj)) {
    if (patch.length === 1 && isObj(patch[0]) && patch[0]["$patch"] === "replace")
      return [];
    return stripDirectives(patch);
  }
  if (patch.some((p) => isObj(p) && p["$patch"] === "replace")) {
    return stripDirectives(
      patch.filter((p) => !(isObj(p) && p["$patch"] === "replace"))
    );
  }
  const out = cur.map((c) => clone(c));
  for (const p of patch) {
    const key2 = p[mergeKey];
    const idx = out.findIndex((c) => isObj(c) && deepEqual(c[mergeKey], key2));
    if (p["$patch"] === "delete") {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = applyStrategicMergePatch(out[idx], p);
    else out.push(stripDirectives(p));
  }
  if (order !== void 0) {
    const rank = (item) => {
      if (!isObj(item)) return Number.MAX_SAFE_INTEGER;
      const i = order.findIndex(
        (o) => isObj(o) && deepEqual(o[mergeKey], item[mergeKey])
      );
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    out.sort((a, b) => rank(a) - rank(b));
  }
  return out;
}
function stripDirectives(value) {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (isObj(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith("$")) continue;
      out[k] = stripDirectives(v);
    }
    return out;
  }
  return value;
}
function applyJsonPatch(target, ops) {
  if (!Array.isArray(ops)) throw new PatchError("json patch must be an array");
  let doc = clone(target);
  for (const raw of ops) {
    if (!isObj(raw)) throw new PatchError("invalid json patch operation");
    const op = String(raw["op"]);
    const path = parsePointer(String(raw["path"] ?? ""));
    switch (op) {
      case "add":
        doc = setAt(doc, path, clone(raw["value"]), true);
        break;
      case "replace":
        getAt(doc, path);
        doc = setAt(doc, path, clone(raw["value"]), false);
        break;
      case "remove":
        doc = removeAt(doc, path);
        break;
      case "test":
        if (!deepEqual(getAt(doc, path), raw["value"]))
          throw new PatchError(`testing value ${String(raw["path"])} failed`);
        break;
      case "move":
      case "copy": {
        const from = parsePointer(String(raw["from"] ?? ""));
        const value = clone(getAt(doc, from));
        if (op === "move") doc = removeAt(doc, from);
        doc = setAt(doc, path, value, true);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
function parsePointer(p) {
  if (p === "") return [];
  return p.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
function getAt(doc, path) {
  let cur = doc;
  for (const part of path) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObj(cur)) cur = cur[part];
    else cur = void 0;
    if (cur === void 0)
      throw new PatchError(`missing path: /${path.join("/")}`);
  }
  return cur;
}
function setAt(doc, path, value, insert) {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const idx = last === "-" ? parent.length : Number(last);
    if (insert) parent.splice(idx, 0, value);
    else parent[idx] = value;
  } else if (isObj(parent)) parent[last] = value;
  else throw new PatchError(`missing path: /${path.join("/")}`);
  return doc;
}
function removeAt(doc, path) {
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent)) {
    if (!(last in parent))
      throw new PatchError(`missing path: /${path.join("/")}`);
    delete parent[last];
  }
  return doc;
}

// src/rehearsal/api/managed-fields.ts
var SKIP_META = /* @__PURE__ */ new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink"
]);
function listKey(field, items) {
  const key2 = MERGE_KEYS[field];
  if (key2 === void 0) return void 0;
  return items.every((i) => isObj(i) && i[key2] !== void 0) ? key2 : void 0;
}
function collect(value, prefix, out, top) {
  for (const [key2, v] of Object.entries(value)) {
    if (v === void 0 || v === null) continue;
    if (top && (key2 === "apiVersion" || key2 === "kind" || key2 === "status"))
      continue;
    const seg = `f:${key2}`;
    if (top && key2 === "metadata" && isObj(v)) {
      const meta = {};
      for (const [mk, mv] of Object.entries(v))
        if (!SKIP_META.has(mk)) meta[mk] = mv;
      if (Object.keys(meta).length > 0) collect(meta, [seg], out, false);
      continue;
    }
    if (isObj(v) && Object.keys(v).length > 0) {
      collect(v, [...prefix, seg], out, false);
    } else if (Array.isArray(v) && v.length > 0 && listKey(key2, v) !== void 0) {
      const mk = listKey(key2, v);
      for (const item of v) {
        const itemSeg = `k:${JSON.stringify({ [mk]: item[mk] })}`;
        out.push([...prefix, seg, itemSeg, "."]);
        collect(item, [...prefix, seg, itemSeg], out, false);
      }
    } else {
      out.push([...prefix, seg]);
    }
  }
}
function fieldPaths(obj) {
  const out = [];
  collect(obj, [], out, true);
  return out;
}
function valueAt(obj, path) {
  let cur = obj;
  for (const seg of path) {
    if (seg === ".") return cur;
    if (seg.startsWith("f:")) {
      if (!isObj(cur)) return void 0;
      cur = cur[seg.slice(2)];
    } else {
      if (!Array.isArray(cur)) return void 0;
      const want = JSON.parse(seg.slice(2));
      const [k, v] = Object.entries(want)[0];
      cur = cur.find((i) => isObj(i) && deepEqual(i[k], v));
    }
  }
  return cur;
}
function removeAt2(obj, path) {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (last === ".") {
    const itemSeg = parentPath[parentPath.length - 1];
    const list = valueAt(obj, parentPath.slice(0, -1));
    if (!Array.isArray(list)) return;
    const want = JSON.parse(itemSeg.slice(2));
    const [k, v] = Object.entries(want)[0];
    const idx = list.findIndex((i) => isObj(i) && deepEqual(i[k], v));
    if (idx >= 0) list.splice(idx, 1);
    return;
  }
  const parent = valueAt(obj, parentPath);
  if (isObj(parent) && last.startsWith("f:")) delete parent[last.slice(2)];
}
function formatPath(path) {
  return path.filter((s) => s !== ".").map((s) => {
    if (s.startsWith("f:")) return `.${s.slice(2)}`;
    const want = JSON.parse(s.slice(2));
    return `[${Object.entries(want).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
  }).join("");
}
function toFieldsV1(paths) {
  const root = {};
  for (const path of paths) {
    let cur = root;
    for (const seg of path) {
      const existing = cur[seg];
      const next = isObj(existing) ? existing : {};
      cur[seg] = next;
      cur = next;
    }
  }
  return root;
}
function fromFieldsV1(fields2) {
  const out = [];
  const walk = (node, prefix) => {
    if (!isObj(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && prefix.length > 0) {
      out.push(prefix);
      return;
    }
    for (const k of keys) walk(node[k], [...prefix, k]);
  };
  walk(fields2, []);
  return out;
}
var key = (p) => p.join("\n");
function entriesOf(obj) {
  const meta = isObj(obj["metadata"]) ? obj["metadata"] : {};
  const mf = meta["managedFields"];
  return Array.isArray(mf) ? mf.filter(isObj) : [];
}
function setEntries(obj, entries) {
  const meta = obj["metadata"];
  const kept = entries.filter((e) => Object.keys(e.fieldsV1).length > 0);
  if (kept.length === 0) delete meta["managedFields"];
  else meta["managedFields"] = kept;
}
function recordUpdate(before, after, manager, apiVersion, time) {
  const entries = before ? entriesOf(before).map((e) => clone(e)) : [];
  const oldPaths = new Map(
    (before ? fieldPaths(before) : []).map((p) => [key(p), p])
  );
  const newPaths = fieldPaths(after);
  const newKeys = new Set(newPaths.map(key));
  const changed = newPaths.filter((p) => {
    const old = oldPaths.get(key(p));
    return old === void 0 || !deepEqual(valueAt(before, p), valueAt(after, p));
  });
  const changedKeys = new Set(changed.map(key));
  for (const e of entries) {
    if (e.subresource !== void 0) continue;
    const kept = fromFieldsV1(e.fieldsV1).filter(
      (p) => newKeys.has(key(p)) && !(changedKeys.has(key(p)) && e.manager !== manager)
    );
    e.fieldsV1 = toFieldsV1(kept);
  }
  let mine = entries.find(
    (e) => e.manager === manager && e.operation === "Update" && e.subresource === void 0
  );
  if (changed.length > 0) {
    if (mine === void 0) {
      mine = {
        manager,
        operation: "Update",
        apiVersion,
        time,
        fieldsType: "FieldsV1",
        fieldsV1: {}
      };
      entries.push(mine);
    }
    const owned = fromFieldsV1(mine.fieldsV1).filter((p) => newKeys.has(key(p)));
    const ownedKeys = new Set(owned.map(key));
    for (const p of changed) if (!ownedKeys.has(key(p))) owned.push(p);
    mine.fieldsV1 = toFieldsV1(owned);
    mine.time = time;
  }
  setEntries(after, entries);
}
var LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
function lastAppliedKeys(live) {
  const meta = isObj(live["metadata"]) ? live["metadata"] : {};
  const annotations = isObj(meta["annotations"]) ? meta["annotations"] : {};
  const text2 = annotations[LAST_APPLIED];
  if (typeof text2 !== "string") return /* @__PURE__ */ new Set();
  try {
    const parsed = JSON.parse(text2);
    return isObj(parsed) ? new Set(fieldPaths(parsed).map(key)) : /* @__PURE__ */ new Set();
  } catch {
    return /* @__PURE__ */ new Set();
  }
}
var ApplyConflictError = class extends Error {
  constructor(conflicts) {
    super(describeConflicts(conflicts));
    this.conflicts = conflicts;
  }
  conflicts;
};
function describeConflicts(conflicts) {
  const who = (c) => `"${c.manager}" using ${c.apiVersion}`;
  const n = conflicts.length;
  if (n === 1) {
    const c = conflicts[0];
    return `Apply failed with 1 conflict: conflict with ${who(c)}: ${formatPath(c.path)}`;
  }
  const byManager = /* @__PURE__ */ new Map();
  for (const c of conflicts)
    byManager.set(who(c), [...byManager.get(who(c)) ?? [], c]);
  let text2 = `Apply failed with ${n} conflicts: conflicts with`;
  if (byManager.size === 1) {
    const [[m, cs]] = [...byManager.entries()];
    text2 += ` ${m}:`;
    for (const c of cs) text2 += `
- ${formatPath(c.path)}`;
  } else {
    for (const [m, cs] of byManager) {
      text2 += `
${m}:`;
      for (const c of cs) text2 += `
- ${formatPath(c.path)}`;
    }
  }
  return text2;
}
function mergeApplied(live, applied, field) {
  if (Array.isArray(applied)) {
    const mk = field === void 0 ? void 0 : listKey(field, applied);
    if (mk === void 0 || !Array.isArray(live)) return clone(applied);
    const out = live.map((i) => clone(i));
    for (const item of applied) {
      const idx = out.findIndex((i) => isObj(i) && deepEqual(i[mk], item[mk]));
      if (idx >= 0) out[idx] = mergeApplied(out[idx], item);
      else out.push(clone(item));
    }
    return out;
  }
  if (isObj(applied)) {
    const out = isObj(live) ? clone(live) : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) continue;
      out[k] = mergeApplied(out[k], v, k);
    }
    return out;
  }
  return applied;
}
function pruneEmpty(value) {
  if (!isObj(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (isObj(v)) {
      pruneEmpty(v);
      if (Object.keys(v).length === 0 && k !== "metadata") delete value[k];
    }
  }
}
function serverSideApply(live, applied, manager, apiVersion, force, time) {
  const entries = live ? entriesOf(live).map((e) => clone(e)) : [];
  const newPaths = fieldPaths(applied);
  const newKeys = new Set(newPaths.map(key));
  const others = entries.filter(
    (e) => !(e.manager === manager && e.operation === "Apply") && e.subresource === void 0
  );
  const conflicts = [];
  for (const e of others) {
    const owned = new Set(fromFieldsV1(e.fieldsV1).map(key));
    for (const p of newPaths) {
      if (p[p.length - 1] === ".") continue;
      if (!owned.has(key(p))) continue;
      if (live !== void 0 && !deepEqual(valueAt(live, p), valueAt(applied, p))) {
        conflicts.push({
          manager: e.manager,
          apiVersion: e.apiVersion,
          path: p
        });
      }
    }
  }
  const upgrade = !force && conflicts.length > 0 && manager === "kubectl" && live !== void 0 && conflicts.every((c) => lastAppliedKeys(live).has(key(c.path)));
  if (conflicts.length > 0 && !force && !upgrade)
    throw new ApplyConflictError(conflicts);
  if (force || upgrade) {
    const conflictKeys = new Set(conflicts.map((c) => key(c.path)));
    for (const e of others) {
      e.fieldsV1 = toFieldsV1(
        fromFieldsV1(e.fieldsV1).filter((p) => !conflictKeys.has(key(p)))
      );
    }
  }
  let mine = entries.find(
    (e) => e.manager === manager && e.operation === "Apply"
  );
  const base = live ? clone(live) : {};
  if (mine !== void 0) {
    const ownedByOthers = new Set(
      others.flatMap((e) => fromFieldsV1(e.fieldsV1).map(key))
    );
    const dropped = fromFieldsV1(mine.fieldsV1).filter(
      (p) => !newKeys.has(key(p)) && !ownedByOthers.has(key(p))
    );
    dropped.sort((a, b) => b.length - a.length);
    for (const p of dropped) removeAt2(base, p);
    pruneEmpty(base);
  }
  const merged = mergeApplied(base, applied);
  if (mine === void 0) {
    mine = {
      manager,
      operation: "Apply",
      apiVersion,
      time,
      fieldsType: "FieldsV1",
      fieldsV1: {}
    };
    entries.push(mine);
  }
  mine.fieldsV1 = toFieldsV1(newPaths);
  mine.time = time;
  if (!isObj(merged["metadata"])) merged["metadata"] = {};
  setEntries(merged, entries);
  return merged;
}

// src/rehearsal/api/resources.ts
var RW = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch"
];
var RESOURCES = [
  {
    group: "",
    version: "v1",
    resource: "namespaces",
    singular: "namespace",
    kind: "Namespace",
    namespaced: false,
    shortNames: ["ns"],
    subresources: ["status"]
  },
  {
    group: "",
    version: "v1",
    resource: "nodes",
    singular: "node",
    kind: "Node",
    namespaced: false,
    shortNames: ["no"],
    subresources: ["status"]
  },
  {
    group: "",
    version: "v1",
    resource: "pods",
    singular: "pod",
    kind: "Pod",
    namespaced: true,
    shortNames: ["po"],
    categories: ["all"],
    subresources: ["status", "log", "eviction"]
  },
  {
    group: "",
    version: "v1",
    resource: "events",
    singular: "event",
    kind: "Event",
    namespaced: true,
    shortNames: ["ev"],
    subresources: []
  },
  {
    group: "",
    version: "v1",
    resource: "configmaps",
    singular: "configmap",
    kind: "ConfigMap",
    namespaced: true,
    shortNames: ["cm"],
    subresources: []
  },
  {
    group: "",
    version: "v1",
    resource: "secrets",
    singular: "secret",
    kind: "Secret",
    namespaced: true,
    subresources: []
  },
  {
    group: "",
    version: "v1",
    resource: "serviceaccounts",
    singular: "serviceaccount",
    kind: "ServiceAccount",
    namespaced: true,
    shortNames: ["sa"],
    subresources: []
  },
  {
    group: "",
    version: "v1",
    resource: "services",
    singular: "service",
    kind: "Service",
    namespaced: true,
    shortNames: ["svc"],
    categories: ["all"],
    subresources: ["status"]
  },
  {
    group: "apps",
    version: "v1",
    resource: "daemonsets",
    singular: "daemonset",
    kind: "DaemonSet",
    namespaced: true,
    shortNames: ["ds"],
    categories: ["all"],
    subresources: ["status"]
  },
  {
    group: "apps",
    version: "v1",
    resource: "controllerrevisions",
    singular: "controllerrevision",
    kind: "ControllerRevision",
    namespaced: true,
    subresources: []
  },
  {
    group: "apps",
    version: "v1",
    resource: "deployments",
    singular: "deployment",
    kind: "Deployment",
    namespaced: true,
    shortNames: ["deploy"],
    categories: ["all"],
    subresources: ["status"]
  },
  {
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    singular: "customresourcedefinition",
    kind: "CustomResourceDefinition",
    namespaced: false,
    shortNames: ["crd", "crds"],
    subresources: ["status"]
  },
  {
    group: "policy",
    version: "v1",
    resource: "poddisruptionbudgets",
    singular: "poddisruptionbudget",
    kind: "PodDisruptionBudget",
    namespaced: true,
    shortNames: ["pdb"],
    subresources: ["status"]
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "validatingwebhookconfigurations",
    singular: "validatingwebhookconfiguration",
    kind: "ValidatingWebhookConfiguration",
    namespaced: false,
    subresources: []
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    resource: "mutatingwebhookconfigurations",
    singular: "mutatingwebhookconfiguration",
    kind: "MutatingWebhookConfiguration",
    namespaced: false,
    subresources: []
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterroles",
    singular: "clusterrole",
    kind: "ClusterRole",
    namespaced: false,
    subresources: []
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "clusterrolebindings",
    singular: "clusterrolebinding",
    kind: "ClusterRoleBinding",
    namespaced: false,
    subresources: []
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "roles",
    singular: "role",
    kind: "Role",
    namespaced: true,
    subresources: []
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    resource: "rolebindings",
    singular: "rolebinding",
    kind: "RoleBinding",
    namespaced: true,
    subresources: []
  },
  {
    group: "scheduling.k8s.io",
    version: "v1",
    resource: "priorityclasses",
    singular: "priorityclass",
    kind: "PriorityClass",
    namespaced: false,
    shortNames: ["pc"],
    subresources: []
  },
  {
    group: "authorization.k8s.io",
    version: "v1",
    resource: "selfsubjectaccessreviews",
    singular: "selfsubjectaccessreview",
    kind: "SelfSubjectAccessReview",
    namespaced: false,
    subresources: [],
    createOnly: true
  }
];
function groupVersionOf(r) {
  return r.group === "" ? r.version : `${r.group}/${r.version}`;
}
function storeKey(r) {
  return `${r.group}/${r.resource}`;
}
function findResource(group, version, resource) {
  return RESOURCES.find(
    (r) => r.group === group && r.version === version && r.resource === resource
  );
}
var SERVER_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-rehearsal",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.23.0",
  compiler: "gc",
  platform: "linux/amd64"
};
function apiVersionsDoc() {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [
      { clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }
    ]
  };
}
function groups() {
  const out = [];
  for (const r of RESOURCES)
    if (r.group !== "" && !out.includes(r.group)) out.push(r.group);
  return out;
}
function apiGroupDoc(group) {
  const versions = [{ groupVersion: `${group}/v1`, version: "v1" }];
  return {
    kind: "APIGroup",
    apiVersion: "v1",
    name: group,
    versions,
    preferredVersion: versions[0]
  };
}
function apiGroupListDoc() {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups().map((g) => {
      const {
        kind: _k,
        apiVersion: _a,
        ...rest
      } = apiGroupDoc(g);
      return rest;
    })
  };
}
function hasGroupVersion(group, version) {
  return RESOURCES.some((r) => r.group === group && r.version === version);
}
function apiResourceListDoc(group, version) {
  const resources = [];
  for (const r of RESOURCES) {
    if (r.group !== group || r.version !== version) continue;
    const verbs = r.createOnly ? ["create"] : RW;
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
      ...r.shortNames ? { shortNames: r.shortNames } : {},
      ...r.categories ? { categories: r.categories } : {}
    });
    for (const sub of r.subresources) {
      resources.push({
        name: `${r.resource}/${sub}`,
        singularName: "",
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: sub === "log" ? ["get"] : sub === "eviction" ? ["create"] : ["get", "patch", "update"]
      });
    }
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources
  };
}
function openApiPath(r) {
  const prefix = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}/{name}` : `${prefix}/${r.resource}/{name}`;
}
function openApiV3Root() {
  const paths = {};
  for (const r of RESOURCES) {
    const key2 = r.group === "" ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
    paths[key2] = { serverRelativeURL: `/openapi/v3/${key2}?hash=REHEARSAL0001` };
  }
  return { paths };
}
function openApiV3Doc(group, version) {
  const list = RESOURCES.filter(
    (r) => r.group === group && r.version === version && !r.createOnly
  );
  if (list.length === 0 && !hasGroupVersion(group, version)) return void 0;
  const q = (name) => ({
    name,
    in: "query",
    schema: { type: "string", uniqueItems: true }
  });
  const paths = {};
  for (const r of list) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[openApiPath(r)] = {
      patch: {
        operationId: `patch${r.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": gvk,
        parameters: [
          q("dryRun"),
          q("fieldManager"),
          q("fieldValidation"),
          q("force")
        ],
        responses: { "200": { description: "OK" } }
      },
      put: {
        operationId: `replace${r.kind}`,
        "x-kubernetes-action": "put",
        "x-kubernetes-group-version-kind": gvk,
        parameters: [q("dryRun"), q("fieldManager"), q("fieldValidation")],
        responses: { "200": { description: "OK" } }
      }
    };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} }
  };
}

// src/rehearsal/quantity.ts
var QUANTITY_GRAMMAR = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
var BINARY = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n
};
var DECIMAL = {
  "": 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
};
function divideRoundingUp(a, b) {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}
var FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_GRAMMAR}'`;
var SUFFIX_WRONG = "unable to parse quantity's suffix";
var SUFFIX_CHARS = "eEinumkKMGTP";
function readQuantity(value) {
  let text2;
  if (typeof value === "number" && Number.isFinite(value)) {
    text2 = String(value);
    if (/e/i.test(text2)) text2 = value.toFixed(9).replace(/\.?0+$/, "");
  } else if (typeof value === "string") text2 = value.trim();
  else return { ok: false, message: FORMAT_WRONG };
  if (text2 === "") return { ok: false, message: FORMAT_WRONG };
  let pos = 0;
  let negative = false;
  if (text2[0] === "-" || text2[0] === "+") {
    negative = text2[0] === "-";
    pos++;
  }
  const digitsFrom = (from) => {
    let i = from;
    while (i < text2.length && text2[i] >= "0" && text2[i] <= "9") i++;
    return i;
  };
  let end = digitsFrom(pos);
  const whole = text2.slice(pos, end);
  let fraction = "";
  pos = end;
  if (text2[pos] === ".") {
    end = digitsFrom(pos + 1);
    fraction = text2.slice(pos + 1, end);
    pos = end;
  }
  const suffixStart = pos;
  while (pos < text2.length && SUFFIX_CHARS.includes(text2[pos])) pos++;
  if (text2[pos] === "+" || text2[pos] === "-") pos++;
  pos = digitsFrom(pos);
  if (pos < text2.length) return { ok: false, message: FORMAT_WRONG };
  const suffix = text2.slice(suffixStart);
  let exponent10;
  let factor = 1n;
  if (suffix in BINARY) {
    exponent10 = 0;
    factor = BINARY[suffix];
  } else if (suffix in DECIMAL) exponent10 = DECIMAL[suffix];
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (e === null) return { ok: false, message: SUFFIX_WRONG };
    exponent10 = Number(e[1]);
    if (Math.abs(exponent10) > 100) return { ok: false, message: SUFFIX_WRONG };
  }
  const digits = BigInt(`${whole}${fraction}` || "0") * factor;
  const scale = exponent10 + 3 - fraction.length;
  const milli = scale >= 0 ? digits * 10n ** BigInt(scale) : divideRoundingUp(digits, 10n ** BigInt(-scale));
  return { ok: true, milli: negative ? -milli : milli };
}
function parseQuantity(value) {
  const r = readQuantity(value);
  return r.ok ? r.milli : void 0;
}
function quantityOrZero(value) {
  return parseQuantity(value) ?? 0n;
}

// src/rehearsal/selectors.ts
var SelectorError = class extends Error {
};
function parseLabelSelector(text2) {
  const out = [];
  for (const part of splitTopLevel(text2)) {
    const s = part.trim();
    if (s === "") continue;
    let m = /^!\s*([^\s=!<>(),]+)$/.exec(s);
    if (m) {
      out.push({ key: m[1], op: "!", values: [] });
      continue;
    }
    m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s);
    if (m) {
      const values = m[3].split(",").map((v) => v.trim()).filter((v) => v !== "");
      out.push({ key: m[1], op: m[2], values });
      continue;
    }
    m = /^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/.exec(s);
    if (m) {
      const key2 = m[1];
      const value = m[3];
      const op = m[2];
      if (op === "!=") out.push({ key: key2, op: "notin", values: [value] });
      else if (op === ">") out.push({ key: key2, op: "gt", values: [value] });
      else if (op === "<") out.push({ key: key2, op: "lt", values: [value] });
      else out.push({ key: key2, op: "in", values: [value] });
      continue;
    }
    m = /^([^\s=!<>(),]+)$/.exec(s);
    if (m) {
      out.push({ key: m[1], op: "exists", values: [] });
      continue;
    }
    throw new SelectorError(`unable to parse requirement: ${s}`);
  }
  return out;
}
function splitTopLevel(text2) {
  const parts = [];
  let depth = 0;
  let cur = "";
  for (const ch of text2) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}
function matchesLabelRequirements(reqs, labels) {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case "in":
        return has && r.values.includes(v);
      case "notin":
        return !has || !r.values.includes(v);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
      case "lt": {
        if (!has || !/^-?\d+$/.test(v) || !/^-?\d+$/.test(r.values[0] ?? ""))
          return false;
        const a = BigInt(v);
        const b = BigInt(r.values[0]);
        return r.op === "gt" ? a > b : a < b;
      }
    }
  });
}
function labelSelectorRequirements(selector2) {
  const sel = asObj(selector2);
  const out = [];
  for (const [k, v] of Object.entries(asObj(sel["matchLabels"]))) {
    out.push({ key: k, op: "in", values: [String(v)] });
  }
  const exprs = sel["matchExpressions"];
  if (Array.isArray(exprs)) {
    for (const e of exprs) {
      if (!isObj(e)) return void 0;
      const key2 = asString(e["key"]) ?? "";
      const values = Array.isArray(e["values"]) ? e["values"].map(String) : [];
      switch (e["operator"]) {
        case "In":
          out.push({ key: key2, op: "in", values });
          break;
        case "NotIn":
          out.push({ key: key2, op: "notin", values });
          break;
        case "Exists":
          out.push({ key: key2, op: "exists", values: [] });
          break;
        case "DoesNotExist":
          out.push({ key: key2, op: "!", values: [] });
          break;
        default:
          return void 0;
      }
    }
  }
  return out;
}
function formatLabelSelector(selector2) {
  const reqs = labelSelectorRequirements(selector2);
  if (reqs === void 0) return "<error>";
  if (reqs.length === 0) return "<none>";
  return reqs.map((r) => {
    switch (r.op) {
      case "in":
        return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
      case "notin":
        return `${r.key} notin (${r.values.join(",")})`;
      case "exists":
        return r.key;
      case "!":
        return `!${r.key}`;
      default:
        return `${r.key}${r.op === "gt" ? ">" : "<"}${r.values[0]}`;
    }
  }).join(",");
}
function parseFieldSelector(text2) {
  const out = [];
  for (const part of text2.split(",")) {
    const s = part.trim();
    if (s === "") continue;
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(s);
    if (!m) throw new SelectorError(`invalid selector: '${s}'`);
    out.push({ path: m[1].trim(), negate: m[2] === "!=", value: m[3].trim() });
  }
  return out;
}
function matchesFieldRequirements(reqs, obj) {
  return reqs.every((r) => {
    const raw = valueAtPath(obj, r.path);
    const value = raw === void 0 || raw === null ? "" : String(raw);
    return r.negate ? value !== r.value : value === r.value;
  });
}

// src/rehearsal/api/validation.ts
function formatGoValue(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (value === void 0 || value === null) return "null";
  if (isObj(value) && ("matchLabels" in value || "matchExpressions" in value)) {
    const labels = asObj(value["matchLabels"]);
    const ml = Object.keys(labels).length ? `map[string]string{${Object.entries(labels).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")}}` : "map[string]string(nil)";
    return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
  }
  if (isObj(value)) {
    return `map[string]string{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
function formatFieldError(e) {
  switch (e.type) {
    case "FieldValueRequired":
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ""}`;
    case "FieldValueForbidden":
      return `${e.field}: Forbidden: ${e.detail}`;
    case "FieldValueNotSupported":
      return `${e.field}: Unsupported value: ${formatGoValue(e.value)}: supported values: ${e.detail}`;
    case "FieldValueInvalid":
      return `${e.field}: Invalid value: ${formatGoValue(e.value)}: ${e.detail}`;
  }
}
var DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
var DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function validateObjectName(name, path = "metadata.name") {
  if (typeof name !== "string" || name === "")
    return [
      {
        field: path,
        type: "FieldValueRequired",
        detail: "name or generateName is required"
      }
    ];
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    return [
      {
        field: path,
        type: "FieldValueInvalid",
        value: name,
        detail: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      }
    ];
  return [];
}
function validateIntOrPercent(value, field, errs) {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) {
      errs.push({
        field,
        type: "FieldValueInvalid",
        value,
        detail: "must be greater than or equal to 0"
      });
      return void 0;
    }
    return value;
  }
  if (typeof value === "string") {
    const m = /^([0-9]+)%$/.exec(value);
    if (!m) {
      errs.push({
        field,
        type: "FieldValueInvalid",
        value,
        detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
      });
      return void 0;
    }
    const pct = Number(m[1]);
    if (pct > 100) {
      errs.push({
        field,
        type: "FieldValueInvalid",
        value,
        detail: "must not be greater than 100%"
      });
      return void 0;
    }
    return pct;
  }
  if (value === void 0) return 0;
  errs.push({
    field,
    type: "FieldValueInvalid",
    value,
    detail: "must be an integer or percentage"
  });
  return void 0;
}
function validateStrategy(strategy, errs) {
  const type = strategy["type"];
  if (type !== "RollingUpdate" && type !== "OnDelete") {
    errs.push({
      field: "spec.updateStrategy.type",
      type: "FieldValueNotSupported",
      value: type ?? "",
      detail: '"OnDelete", "RollingUpdate"'
    });
    return;
  }
  if (type !== "RollingUpdate") return;
  const ru = strategy["rollingUpdate"];
  if (!isObj(ru)) {
    errs.push({
      field: "spec.updateStrategy.rollingUpdate",
      type: "FieldValueRequired",
      detail: ""
    });
    return;
  }
  const base = "spec.updateStrategy.rollingUpdate";
  const mu = validateIntOrPercent(
    ru["maxUnavailable"],
    `${base}.maxUnavailable`,
    errs
  );
  const ms = validateIntOrPercent(ru["maxSurge"], `${base}.maxSurge`, errs);
  if (mu === void 0 || ms === void 0) return;
  if (mu === 0 && ms === 0) {
    errs.push({
      field: `${base}.maxUnavailable`,
      type: "FieldValueInvalid",
      value: ru["maxUnavailable"],
      detail: "cannot be 0 when maxSurge is 0"
    });
  }
  if (mu !== 0 && ms !== 0) {
    errs.push({
      field: `${base}.maxSurge`,
      type: "FieldValueInvalid",
      value: ru["maxSurge"],
      detail: "may not be set when maxUnavailable is non-zero"
    });
  }
}
function validateNonNegative(value, field, errs) {
  if (value === void 0) return;
  if (typeof value !== "number" || value < 0)
    errs.push({
      field,
      type: "FieldValueInvalid",
      value,
      detail: "must be greater than or equal to 0"
    });
}
function validateTolerations(tols, base, errs) {
  asArray(tols).forEach((t, i) => {
    const tol = asObj(t);
    const f = `${base}[${i}]`;
    const key2 = asString(tol["key"]) ?? "";
    const op = asString(tol["operator"]) ?? "";
    if (key2 === "" && op !== "Exists")
      errs.push({
        field: `${f}.operator`,
        type: "FieldValueInvalid",
        value: op,
        detail: 'operator must be Exists when `key` is empty, which means "match all values and all keys"'
      });
    if (op === "Exists" && (asString(tol["value"]) ?? "") !== "")
      errs.push({
        field: `${f}.operator`,
        type: "FieldValueInvalid",
        value: tol["value"],
        detail: "value must be empty when `operator` is 'Exists'"
      });
    if (op !== "" && op !== "Exists" && op !== "Equal")
      errs.push({
        field: `${f}.operator`,
        type: "FieldValueNotSupported",
        value: op,
        detail: '"Equal", "Exists"'
      });
    if (tol["tolerationSeconds"] !== void 0 && tol["effect"] !== "NoExecute")
      errs.push({
        field: `${f}.effect`,
        type: "FieldValueInvalid",
        value: tol["effect"] ?? "",
        detail: "effect must be 'NoExecute' when `tolerationSeconds` is set"
      });
  });
}
function validateNodeAffinity(spec, errs) {
  const req = asObj(
    asObj(asObj(spec["affinity"])["nodeAffinity"])["requiredDuringSchedulingIgnoredDuringExecution"]
  );
  const base = "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
  asArray(req["nodeSelectorTerms"]).forEach((term, i) => {
    const t = asObj(term);
    asArray(t["matchExpressions"]).forEach((e, j) => {
      const ex = asObj(e);
      const f = `${base}[${i}].matchExpressions[${j}]`;
      const n = asArray(ex["values"]).length;
      switch (ex["operator"]) {
        case "In":
        case "NotIn":
          if (n === 0)
            errs.push({
              field: `${f}.values`,
              type: "FieldValueRequired",
              detail: "must be specified when `operator` is 'In' or 'NotIn'"
            });
          break;
        case "Exists":
        case "DoesNotExist":
          if (n > 0)
            errs.push({
              field: `${f}.values`,
              type: "FieldValueForbidden",
              detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            });
          break;
        case "Gt":
        case "Lt":
          if (n !== 1)
            errs.push({
              field: `${f}.values`,
              type: "FieldValueRequired",
              detail: "must be specified single value when `operator` is 'Lt' or 'Gt'"
            });
          break;
        default:
          errs.push({
            field: `${f}.operator`,
            type: "FieldValueInvalid",
            value: ex["operator"] ?? "",
            detail: "not a valid selector operator"
          });
      }
    });
    asArray(t["matchFields"]).forEach((e, j) => {
      const ex = asObj(e);
      const f = `${base}[${i}].matchFields[${j}]`;
      if (ex["key"] !== "metadata.name")
        errs.push({
          field: `${f}.key`,
          type: "FieldValueInvalid",
          value: ex["key"] ?? "",
          detail: "not a valid field selector key"
        });
      if (asArray(ex["values"]).length !== 1)
        errs.push({
          field: `${f}.values`,
          type: "FieldValueRequired",
          detail: "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
        });
    });
  });
}
function validateContainers(spec, errs) {
  const containers = asArray(spec["containers"]);
  if (containers.length === 0)
    errs.push({
      field: "spec.template.spec.containers",
      type: "FieldValueRequired",
      detail: ""
    });
  const seen = /* @__PURE__ */ new Set();
  for (const field of ["initContainers", "containers"]) {
    asArray(spec[field]).forEach((c, i) => {
      const con = asObj(c);
      const f = `spec.template.spec.${field}[${i}]`;
      const name = asString(con["name"]) ?? "";
      if (name === "")
        errs.push({
          field: `${f}.name`,
          type: "FieldValueRequired",
          detail: ""
        });
      else if (!DNS_LABEL.test(name))
        errs.push({
          field: `${f}.name`,
          type: "FieldValueInvalid",
          value: name,
          detail: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
        });
      else if (seen.has(name))
        errs.push({
          field: `${f}.name`,
          type: "FieldValueInvalid",
          value: name,
          detail: "Duplicate value"
        });
      seen.add(name);
      if ((asString(con["image"]) ?? "").trim() === "")
        errs.push({
          field: `${f}.image`,
          type: "FieldValueRequired",
          detail: ""
        });
    });
  }
}
function validateDaemonSet(ds) {
  const errs = [];
  const meta = asObj(ds["metadata"]);
  errs.push(...validateObjectName(meta["name"]));
  const spec = asObj(ds["spec"]);
  const selector2 = spec["selector"];
  const template = asObj(spec["template"]);
  const templateLabels = asObj(asObj(template["metadata"])["labels"]);
  if (!isObj(selector2)) {
    errs.push({
      field: "spec.selector",
      type: "FieldValueRequired",
      detail: ""
    });
  } else {
    const reqs = labelSelectorRequirements(selector2);
    if (reqs === void 0) {
      errs.push({
        field: "spec.selector.matchExpressions",
        type: "FieldValueInvalid",
        value: selector2,
        detail: "not a valid selector operator"
      });
    } else if (reqs.length === 0) {
      errs.push({
        field: "spec.selector",
        type: "FieldValueInvalid",
        value: selector2,
        detail: "empty selector is invalid for daemonset"
      });
    } else if (!matchesLabelRequirements(reqs, templateLabels)) {
      errs.push({
        field: "spec.template.metadata.labels",
        type: "FieldValueInvalid",
        value: templateLabels,
        detail: "`selector` does not match template `labels`"
      });
    }
  }
  const podSpec = asObj(template["spec"]);
  validateContainers(podSpec, errs);
  const rp = podSpec["restartPolicy"];
  if (rp !== "Always")
    errs.push({
      field: "spec.template.spec.restartPolicy",
      type: "FieldValueNotSupported",
      value: rp ?? "",
      detail: '"Always"'
    });
  if (podSpec["activeDeadlineSeconds"] !== void 0)
    errs.push({
      field: "spec.template.spec.activeDeadlineSeconds",
      type: "FieldValueForbidden",
      detail: "activeDeadlineSeconds in DaemonSet is not Supported"
    });
  validateTolerations(
    podSpec["tolerations"],
    "spec.template.spec.tolerations",
    errs
  );
  validateNodeAffinity(podSpec, errs);
  validateNonNegative(spec["minReadySeconds"], "spec.minReadySeconds", errs);
  validateNonNegative(
    spec["templateGeneration"],
    "spec.templateGeneration",
    errs
  );
  validateNonNegative(
    spec["revisionHistoryLimit"],
    "spec.revisionHistoryLimit",
    errs
  );
  validateStrategy(asObj(spec["updateStrategy"]), errs);
  errs.push(...validateResourceQuantities(podSpec, "spec.template.spec"));
  return errs;
}
function validateDaemonSetUpdate(next, old) {
  const errs = validateDaemonSet(next);
  const a = asObj(next["spec"])["selector"];
  const b = asObj(old["spec"])["selector"];
  if (!deepEqual(a, b))
    errs.push({
      field: "spec.selector",
      type: "FieldValueInvalid",
      value: a,
      detail: "field is immutable"
    });
  return errs;
}
function validateDaemonSetStatusUpdate(next, old) {
  const a = asObj(next["status"])["collisionCount"];
  const b = asObj(old["status"])["collisionCount"];
  if (typeof b === "number" && (typeof a !== "number" || a < b))
    return [
      {
        field: "status.collisionCount",
        type: "FieldValueInvalid",
        value: a ?? null,
        detail: "cannot be decremented"
      }
    ];
  return [];
}
var CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"];
function podSpecQuantities(spec, prefix) {
  const out = [];
  for (const list of CONTAINER_LISTS)
    asArray(spec[list]).forEach((c, i) => {
      const resources = asObj(asObj(c)["resources"]);
      for (const kind of ["requests", "limits"])
        for (const [name, value] of Object.entries(asObj(resources[kind])))
          out.push({
            field: `${prefix}.${list}[${i}].resources.${kind}[${name}]`,
            value
          });
    });
  for (const [name, value] of Object.entries(asObj(spec["overhead"])))
    out.push({ field: `${prefix}.overhead[${name}]`, value });
  return out;
}
function quantitiesOf(obj) {
  const kind = obj["kind"];
  const spec = asObj(obj["spec"]);
  if (kind === "Pod") return podSpecQuantities(spec, "spec");
  if (kind === "DaemonSet")
    return podSpecQuantities(
      asObj(asObj(spec["template"])["spec"]),
      "spec.template.spec"
    );
  if (kind === "Node") {
    const status = asObj(obj["status"]);
    return ["capacity", "allocatable"].flatMap(
      (k) => Object.entries(asObj(status[k])).map(([name, value]) => ({
        field: `status.${k}[${name}]`,
        value
      }))
    );
  }
  return [];
}
function quantityDecodeError(obj) {
  for (const { value } of quantitiesOf(obj)) {
    const r = readQuantity(value);
    if (!r.ok) {
      const kind = String(obj["kind"]);
      const version = String(obj["apiVersion"] ?? "v1").replace(/^.*\//, "");
      return `${kind} in version "${version}" cannot be handled as a ${kind}: ${r.message}`;
    }
  }
  return void 0;
}
function validateResourceQuantities(spec, prefix) {
  const errs = [];
  for (const list of CONTAINER_LISTS)
    asArray(spec[list]).forEach((c, i) => {
      const resources = asObj(asObj(c)["resources"]);
      const requests = asObj(resources["requests"]);
      const limits = asObj(resources["limits"]);
      const base = `${prefix}.${list}[${i}].resources`;
      for (const [kind, values] of [
        ["limits", limits],
        ["requests", requests]
      ])
        for (const [name, value] of Object.entries(values)) {
          const q = parseQuantity(value);
          if (q !== void 0 && q < 0n)
            errs.push({
              field: `${base}.${kind}[${name}]`,
              type: "FieldValueInvalid",
              value: String(value),
              detail: "must be greater than or equal to 0"
            });
        }
      for (const [name, value] of Object.entries(requests)) {
        const req = parseQuantity(value);
        const lim = parseQuantity(limits[name]);
        if (req !== void 0 && lim !== void 0 && req > lim)
          errs.push({
            field: `${base}.requests`,
            type: "FieldValueInvalid",
            value: String(value),
            detail: `must be less than or equal to ${name} limit of ${String(limits[name])}`
          });
      }
    });
  return errs;
}

// src/rehearsal/api/status.ts
var ApiError = class extends Error {
  constructor(code, reason, message, details, headers = {}) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.headers = headers;
  }
  code;
  reason;
  details;
  headers;
  body() {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...this.details ? { details: this.details } : {},
      code: this.code
    };
  }
};
function qualified(group, resource) {
  return group === "" ? resource : `${resource}.${group}`;
}
function notFound(group, resource, name) {
  return new ApiError(
    404,
    "NotFound",
    `${qualified(group, resource)} "${name}" not found`,
    {
      name,
      ...group ? { group } : {},
      kind: resource
    }
  );
}
function alreadyExists(group, resource, name) {
  return new ApiError(
    409,
    "AlreadyExists",
    `${qualified(group, resource)} "${name}" already exists`,
    {
      name,
      ...group ? { group } : {},
      kind: resource
    }
  );
}
function staleConflict(group, resource, name) {
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...group ? { group } : {}, kind: resource }
  );
}
function invalid(group, kind, name, errs) {
  const lines = errs.map(formatFieldError);
  const summary = lines.length === 1 ? lines[0] : `[${lines.join(", ")}]`;
  return new ApiError(
    422,
    "Invalid",
    `${kind}${group ? `.${group}` : ""} "${name}" is invalid: ${summary}`,
    {
      name,
      ...group ? { group } : {},
      kind,
      causes: errs.map((e, i) => ({
        reason: e.type,
        message: lines[i].slice(e.field.length + 2),
        field: e.field
      }))
    }
  );
}
function badRequest(message) {
  return new ApiError(400, "BadRequest", message);
}
function expired(message) {
  return new ApiError(410, "Expired", message);
}
function methodNotAllowed() {
  return new ApiError(
    405,
    "MethodNotAllowed",
    "the server does not allow this method on the requested resource"
  );
}
function unauthorized() {
  return new ApiError(401, "Unauthorized", "Unauthorized");
}
function pathNotFound() {
  return new ApiError(
    404,
    "NotFound",
    "the server could not find the requested resource"
  );
}

// src/rehearsal/api/registry.ts
var TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
var NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function randomSuffix(n = 5) {
  let s = "";
  for (let i = 0; i < n; i++)
    s += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return s;
}
var Registry = class {
  constructor(store, clock) {
    this.store = store;
    this.clock = clock;
  }
  store;
  clock;
  resource(group, resource) {
    const r = RESOURCES.find(
      (x) => x.group === group && x.resource === resource
    );
    if (r === void 0)
      throw new Error(`unknown resource ${group}/${resource}`);
    return r;
  }
  get(r, ns, name) {
    const obj = this.store.peek(storeKey(r), r.namespaced ? ns : "", name);
    if (obj === void 0) throw notFound(r.group, r.resource, name);
    return obj;
  }
  checkNamespace(r, ns) {
    if (!r.namespaced) return;
    if (this.store.peek("/namespaces", "", ns) === void 0)
      throw notFound("", "namespaces", ns);
  }
  create(r, ns, input, opts = {}) {
    const obj = clone(input);
    obj["apiVersion"] = groupVersionOf(r);
    obj["kind"] = r.kind;
    this.decodeQuantities(obj);
    const meta = child(obj, "metadata");
    if (r.namespaced) {
      const given = asString(meta["namespace"]);
      if (given !== void 0 && given !== "" && given !== ns)
        throw badRequest(
          "the namespace of the provided object does not match the namespace sent on the request"
        );
      meta["namespace"] = ns;
    } else delete meta["namespace"];
    if ((asString(meta["name"]) ?? "") === "" && typeof meta["generateName"] === "string") {
      const prefix = meta["generateName"];
      let name2 = `${prefix}${randomSuffix()}`;
      for (let tries = 1; tries < 8 && this.store.peek(storeKey(r), r.namespaced ? ns : "", name2) !== void 0; tries++)
        name2 = `${prefix}${randomSuffix()}`;
      meta["name"] = name2;
    }
    const nameErrs = validateObjectName(meta["name"]);
    if (nameErrs.length > 0)
      throw invalid(r.group, r.kind, asString(meta["name"]) ?? "", nameErrs);
    this.checkNamespace(r, ns);
    const name = nameOf(obj);
    if (this.store.peek(storeKey(r), r.namespaced ? ns : "", name) !== void 0)
      throw alreadyExists(r.group, r.resource, name);
    meta["uid"] = randomUUID();
    meta["creationTimestamp"] = this.clock.iso();
    delete meta["resourceVersion"];
    delete meta["deletionTimestamp"];
    this.prepareForCreate(r, obj);
    if (opts.manager !== void 0 && r.resource !== "events" && r.resource !== "pods")
      recordUpdate(
        void 0,
        obj,
        opts.manager,
        groupVersionOf(r),
        this.clock.iso()
      );
    if (opts.dryRun) {
      meta["resourceVersion"] = "";
      return obj;
    }
    return this.store.put(storeKey(r), obj);
  }
  prepareForCreate(r, obj) {
    if (r.kind === "DaemonSet") {
      defaultDaemonSet(obj);
      const meta = child(obj, "metadata");
      meta["generation"] = 1;
      const annotations = child(meta, "annotations");
      const given = Number(annotations[TEMPLATE_GENERATION_ANNOTATION] ?? 0);
      annotations[TEMPLATE_GENERATION_ANNOTATION] = String(
        Math.max(1, Number.isFinite(given) ? given : 1)
      );
      obj["status"] = {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0
      };
      this.validate(r, obj, validateDaemonSet(obj));
    } else if (r.kind === "Namespace") {
      child(obj, "spec")["finalizers"] = ["kubernetes"];
      obj["status"] = { phase: "Active" };
      const labels = child(child(obj, "metadata"), "labels");
      labels["kubernetes.io/metadata.name"] = nameOf(obj);
    } else if (r.kind === "Pod") {
      this.validate(
        r,
        obj,
        validateResourceQuantities(asObj(obj["spec"]), "spec")
      );
      const status = asObj(obj["status"]);
      if (status["phase"] === void 0)
        obj["status"] = { ...status, phase: "Pending", qosClass: "BestEffort" };
    } else if (r.kind === "ControllerRevision" || r.kind === "ConfigMap" || r.kind === "Secret") {
    } else {
      child(obj, "metadata")["generation"] ??= 1;
    }
  }
  /** A body whose quantities do not parse is rejected as the real decoder does (400). */
  decodeQuantities(obj) {
    const message = quantityDecodeError(obj);
    if (message !== void 0) throw badRequest(message);
  }
  validate(r, obj, errs) {
    if (errs.length > 0) throw invalid(r.group, r.kind, nameOf(obj), errs);
  }
  /** PUT semantics. `input` is the whole new object. */
  update(r, ns, name, input, opts = {}) {
    const old = this.get(r, ns, name);
    const obj = clone(input);
    const meta = child(obj, "metadata");
    const rv = asString(meta["resourceVersion"]);
    if (rv !== void 0 && rv !== "" && rv !== asString(asObj(old["metadata"])["resourceVersion"]))
      throw staleConflict(r.group, r.resource, name);
    if (asString(meta["name"]) !== void 0 && meta["name"] !== name)
      throw badRequest(
        `the name of the object (${String(meta["name"])}) does not match the name on the URL (${name})`
      );
    return this.commitUpdate(r, old, obj, opts);
  }
  commitUpdate(r, old, obj, opts) {
    const oldMeta = asObj(old["metadata"]);
    const meta = child(obj, "metadata");
    obj["apiVersion"] = groupVersionOf(r);
    obj["kind"] = r.kind;
    this.decodeQuantities(obj);
    for (const k of [
      "uid",
      "creationTimestamp",
      "namespace",
      "name",
      "deletionTimestamp",
      "deletionGracePeriodSeconds",
      "generation"
    ]) {
      if (oldMeta[k] === void 0) delete meta[k];
      else meta[k] = oldMeta[k];
    }
    if (opts.subresource === "status") {
      obj["metadata"] = clone(oldMeta);
      if (old["spec"] !== void 0) obj["spec"] = clone(old["spec"]);
      if (r.kind === "DaemonSet")
        this.validate(r, obj, validateDaemonSetStatusUpdate(obj, old));
    } else {
      if (old["status"] !== void 0) obj["status"] = clone(old["status"]);
      else delete obj["status"];
      this.prepareForUpdate(r, obj, old);
    }
    if (opts.manager !== void 0 && opts.subresource === void 0 && r.resource !== "events" && r.resource !== "pods")
      recordUpdate(old, obj, opts.manager, groupVersionOf(r), this.clock.iso());
    else if (opts.subresource === void 0 && opts.managedFieldsDone !== true) {
      const mf = oldMeta["managedFields"];
      if (mf !== void 0) meta["managedFields"] = clone(mf);
    }
    const unchanged = deepEqual(stripRv(obj), stripRv(old));
    if (opts.dryRun || unchanged) {
      meta["resourceVersion"] = oldMeta["resourceVersion"];
      return unchanged && !opts.dryRun ? old : obj;
    }
    return this.store.put(storeKey(r), obj);
  }
  prepareForUpdate(r, obj, old) {
    if (r.kind !== "DaemonSet") return;
    defaultDaemonSet(obj);
    const meta = child(obj, "metadata");
    const oldMeta = asObj(old["metadata"]);
    const oldGen = Number(oldMeta["generation"] ?? 1);
    const oldTg = Number(
      asObj(oldMeta["annotations"])[TEMPLATE_GENERATION_ANNOTATION] ?? 1
    );
    const oldSpec = asObj(old["spec"]);
    const spec = asObj(obj["spec"]);
    let tg = oldTg;
    let gen = oldGen;
    if (!deepEqual(spec["template"], oldSpec["template"])) {
      tg = oldTg + 1;
      gen = oldGen + 1;
    } else if (!deepEqual(spec, oldSpec)) gen = oldGen + 1;
    meta["generation"] = gen;
    child(meta, "annotations")[TEMPLATE_GENERATION_ANNOTATION] = String(tg);
    this.validate(r, obj, validateDaemonSetUpdate(obj, old));
  }
  patch(r, ns, name, type, body, opts) {
    const existing = this.store.peek(storeKey(r), r.namespaced ? ns : "", name);
    if (type === "apply") {
      if (!isObj(body)) throw badRequest("apply patch must be an object");
      const manager = opts.manager;
      if (manager === void 0 || manager === "")
        throw badRequest(
          "PATCH, application/apply-patch+yaml requires fieldManager to be set"
        );
      const bodyMeta = asObj(body["metadata"]);
      if (asString(bodyMeta["name"]) !== name)
        throw badRequest(
          `the name of the object (${String(bodyMeta["name"])}) does not match the name on the URL (${name})`
        );
      try {
        const gv = groupVersionOf(r);
        const merged = serverSideApply(
          existing,
          body,
          manager,
          gv,
          opts.force === true,
          this.clock.iso()
        );
        if (existing === void 0) {
          const created = this.create(r, ns, merged, {
            ...opts,
            manager: void 0
          });
          return created;
        }
        const rv2 = asString(bodyMeta["resourceVersion"]);
        if (rv2 !== void 0 && rv2 !== asString(asObj(existing["metadata"])["resourceVersion"]))
          throw staleConflict(r.group, r.resource, name);
        return this.commitUpdate(r, existing, merged, {
          ...opts,
          manager: void 0,
          managedFieldsDone: true
        });
      } catch (err) {
        if (err instanceof ApplyConflictError) {
          throw new ApiError(409, "Conflict", err.message, {
            causes: err.conflicts.map((c) => ({
              reason: "FieldManagerConflict",
              message: `conflict with "${c.manager}" using ${c.apiVersion}`,
              field: formatPath(c.path)
            }))
          });
        }
        throw err;
      }
    }
    if (existing === void 0) throw notFound(r.group, r.resource, name);
    let next;
    try {
      if (type === "merge") next = applyMergePatch(existing, body);
      else if (type === "strategic")
        next = applyStrategicMergePatch(existing, body);
      else next = applyJsonPatch(existing, body);
    } catch (err) {
      if (err instanceof PatchError)
        throw new ApiError(422, "Invalid", err.message);
      throw err;
    }
    if (!isObj(next)) throw badRequest("patch result is not an object");
    const rv = asString(asObj(next["metadata"])["resourceVersion"]);
    if (rv !== void 0 && rv !== asString(asObj(existing["metadata"])["resourceVersion"]))
      throw staleConflict(r.group, r.resource, name);
    return this.commitUpdate(r, existing, next, opts);
  }
  /**
   * DELETE. Pods bound to a node and not terminal get a deletionTimestamp
   * (the kubelet removes them); everything else goes at once.
   */
  delete(r, ns, name, opts = {}) {
    const obj = this.get(r, ns, name);
    const meta = asObj(obj["metadata"]);
    if (opts.uid !== void 0 && opts.uid !== meta["uid"])
      throw new ApiError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${r.group ? `${r.resource}.${r.group}` : r.resource} "${name}": Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${String(meta["uid"])}`,
        { name, kind: r.resource }
      );
    if (opts.resourceVersion !== void 0 && opts.resourceVersion !== meta["resourceVersion"])
      throw staleConflict(r.group, r.resource, name);
    if (opts.dryRun) return obj;
    if (r.kind === "Pod") {
      const spec = asObj(obj["spec"]);
      const phase = asObj(obj["status"])["phase"];
      const bound = (asString(spec["nodeName"]) ?? "") !== "";
      const terminal = phase === "Succeeded" || phase === "Failed";
      const grace = opts.gracePeriodSeconds ?? Number(spec["terminationGracePeriodSeconds"] ?? 30);
      if (bound && !terminal && grace > 0) {
        if (meta["deletionTimestamp"] !== void 0) return obj;
        const next = clone(obj);
        const m = child(next, "metadata");
        m["deletionTimestamp"] = this.clock.iso(this.clock.now() + grace * 1e3);
        m["deletionGracePeriodSeconds"] = grace;
        return this.store.put(storeKey(r), next);
      }
    }
    if (opts.orphan) this.orphanDependents(meta["uid"]);
    if (r.kind === "Namespace") this.deleteNamespaceContents(name);
    return this.store.remove(storeKey(r), r.namespaced ? ns : "", name) ?? obj;
  }
  orphanDependents(uid) {
    for (const r of RESOURCES) {
      if (!r.namespaced || r.createOnly) continue;
      for (const o of this.store.peekAll(storeKey(r))) {
        const refs = asObj(o["metadata"])["ownerReferences"];
        if (!Array.isArray(refs) || !refs.some((x) => isObj(x) && x["uid"] === uid))
          continue;
        const next = clone(o);
        const m = child(next, "metadata");
        m["ownerReferences"] = refs.filter(
          (x) => !(isObj(x) && x["uid"] === uid)
        );
        if (m["ownerReferences"].length === 0)
          delete m["ownerReferences"];
        this.store.put(storeKey(r), next);
      }
    }
  }
  deleteNamespaceContents(ns) {
    for (const r of RESOURCES) {
      if (!r.namespaced || r.createOnly) continue;
      for (const o of this.store.peekAll(storeKey(r), ns))
        this.store.remove(storeKey(r), ns, nameOf(o));
    }
  }
  /** Internal write (controllers, kubelet): no validation, no managedFields. */
  putInternal(r, obj) {
    return this.store.put(storeKey(r), obj);
  }
  removeInternal(r, obj) {
    this.store.remove(storeKey(r), namespaceOf(obj), nameOf(obj));
  }
};
function stripRv(obj) {
  const c = { ...obj, metadata: { ...asObj(obj["metadata"]) } };
  delete c.metadata["resourceVersion"];
  delete c.metadata["managedFields"];
  return c;
}

// src/rehearsal/api/server.ts
var import_yaml = __toESM(require_dist(), 1);
import { createServer } from "node:https";
import { timingSafeEqual } from "node:crypto";

// src/rehearsal/api/body-bounds.ts
var MAX_BODY_NESTING = 1e3;
var BodyBoundsError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "BodyBoundsError";
  }
};
function checkBodyNesting(text2) {
  let depth = 0;
  for (let i = 0; i < text2.length; i++) {
    const c = text2.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_BODY_NESTING)
        throw new BodyBoundsError(
          `the body nests deeper than the limit of ${MAX_BODY_NESTING} levels`
        );
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
}
function checkAcyclic(value) {
  const path = /* @__PURE__ */ new Set();
  const visit = (v) => {
    if (typeof v !== "object" || v === null) return;
    if (path.has(v))
      throw new BodyBoundsError("the body refers to itself (a recursive alias)");
    path.add(v);
    for (const child2 of Array.isArray(v) ? v : Object.values(v)) visit(child2);
    path.delete(v);
  };
  visit(value);
}

// src/rehearsal/api/table.ts
function humanDuration(ms) {
  const s = Math.floor(ms / 1e3);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}
function age(obj, now) {
  const t = parseTime(asObj(obj["metadata"])["creationTimestamp"]);
  return t === void 0 ? "<unknown>" : humanDuration(now - t);
}
var NAME = { name: "Name", type: "string", format: "name" };
var AGE = { name: "Age", type: "string" };
function nodeRow(n, now) {
  const conds = asArray(asObj(n["status"])["conditions"]);
  const ready = conds.find((c) => isObj(c) && c["type"] === "Ready");
  let status = isObj(ready) ? ready["status"] === "True" ? "Ready" : "NotReady" : "Unknown";
  if (asObj(n["spec"])["unschedulable"] === true)
    status += ",SchedulingDisabled";
  const roles = Object.keys(asStringMap(asObj(n["metadata"])["labels"])).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice("node-role.kubernetes.io/".length));
  const info = asObj(asObj(n["status"])["nodeInfo"]);
  const addr = asArray(asObj(n["status"])["addresses"]).find(
    (a) => isObj(a) && a["type"] === "InternalIP"
  );
  return [
    asString(asObj(n["metadata"])["name"]),
    status,
    roles.length ? roles.join(",") : "<none>",
    age(n, now),
    asString(info["kubeletVersion"]) ?? "",
    isObj(addr) ? addr["address"] : "<none>",
    "<none>",
    asString(info["osImage"]) ?? "<unknown>",
    asString(info["kernelVersion"]) ?? "<unknown>",
    asString(info["containerRuntimeVersion"]) ?? "<unknown>"
  ];
}
function podStatusText(p) {
  const status = asObj(p["status"]);
  let reason = asString(status["reason"]) ?? asString(status["phase"]) ?? "Unknown";
  const inits = asArray(status["initContainerStatuses"]);
  const initCount = asArray(asObj(p["spec"])["initContainers"]).length;
  let initializing = false;
  inits.forEach((c, i) => {
    if (initializing) return;
    const st = asObj(asObj(c)["state"]);
    const term = asObj(st["terminated"]);
    if (isObj(st["terminated"]) && term["exitCode"] === 0) return;
    initializing = true;
    const waiting = asObj(st["waiting"]);
    if (isObj(st["terminated"]))
      reason = `Init:${asString(term["reason"]) ?? "Error"}`;
    else if (asString(waiting["reason"]) && waiting["reason"] !== "PodInitializing")
      reason = `Init:${String(waiting["reason"])}`;
    else reason = `Init:${i}/${initCount}`;
  });
  if (!initializing) {
    for (const c of asArray(status["containerStatuses"])) {
      const st = asObj(asObj(c)["state"]);
      const w = asString(asObj(st["waiting"])["reason"]);
      const t = asObj(st["terminated"]);
      if (w) reason = w;
      else if (isObj(st["terminated"]))
        reason = asString(t["reason"]) ?? `ExitCode:${String(t["exitCode"])}`;
    }
  }
  if (asObj(p["metadata"])["deletionTimestamp"] !== void 0)
    reason = "Terminating";
  return reason;
}
function podRow(p, now) {
  const status = asObj(p["status"]);
  const spec = asObj(p["spec"]);
  const statuses = asArray(status["containerStatuses"]);
  const total = asArray(spec["containers"]).length;
  const ready = statuses.filter((c) => isObj(c) && c["ready"] === true).length;
  let restarts = 0;
  let lastRestart;
  for (const c of statuses) {
    restarts += asNumber(asObj(c)["restartCount"]) ?? 0;
    const fin = parseTime(
      asObj(asObj(asObj(c)["lastState"])["terminated"])["finishedAt"]
    );
    if (fin !== void 0 && (lastRestart === void 0 || fin > lastRestart))
      lastRestart = fin;
  }
  const restartText = lastRestart !== void 0 && restarts > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return [
    asString(asObj(p["metadata"])["name"]),
    `${ready}/${total}`,
    podStatusText(p),
    restartText,
    age(p, now),
    asString(status["podIP"]) ?? "<none>",
    asString(spec["nodeName"]) || "<none>",
    "<none>",
    "<none>"
  ];
}
function dsRow(d, now) {
  const s = asObj(d["status"]);
  const tpl = asObj(asObj(asObj(d["spec"])["template"])["spec"]);
  const containers = asArray(tpl["containers"]).map(asObj);
  const nodeSelector = asStringMap(tpl["nodeSelector"]);
  const sel = Object.entries(nodeSelector).map(([k, v]) => `${k}=${v}`).join(",");
  return [
    asString(asObj(d["metadata"])["name"]),
    asNumber(s["desiredNumberScheduled"]) ?? 0,
    asNumber(s["currentNumberScheduled"]) ?? 0,
    asNumber(s["numberReady"]) ?? 0,
    asNumber(s["updatedNumberScheduled"]) ?? 0,
    asNumber(s["numberAvailable"]) ?? 0,
    sel || "<none>",
    age(d, now),
    containers.map((c) => c["name"]).join(","),
    containers.map((c) => c["image"]).join(","),
    formatLabelSelector(asObj(d["spec"])["selector"])
  ];
}
function crRow(c, now) {
  const refs = asArray(asObj(c["metadata"])["ownerReferences"]).map(asObj);
  const owner = refs.find((r) => r["controller"] === true);
  const ctrl = owner ? `${String(owner["kind"]).toLowerCase()}.${String(owner["apiVersion"]).split("/")[0]}/${String(owner["name"])}` : "<none>";
  return [
    asString(asObj(c["metadata"])["name"]),
    ctrl,
    asNumber(c["revision"]) ?? 0,
    age(c, now)
  ];
}
function eventRow(e, now) {
  const last = parseTime(e["lastTimestamp"]) ?? parseTime(e["eventTime"]) ?? parseTime(asObj(e["metadata"])["creationTimestamp"]);
  const io = asObj(e["involvedObject"]);
  return [
    last === void 0 ? "<unknown>" : humanDuration(now - last),
    e["type"],
    e["reason"],
    `${String(io["kind"]).toLowerCase()}/${String(io["name"])}`,
    e["message"]
  ];
}
var SPECS = {
  Node: {
    columns: [
      NAME,
      { name: "Status", type: "string" },
      { name: "Roles", type: "string" },
      AGE,
      { name: "Version", type: "string" },
      { name: "Internal-IP", type: "string", priority: 1 },
      { name: "External-IP", type: "string", priority: 1 },
      { name: "OS-Image", type: "string", priority: 1 },
      { name: "Kernel-Version", type: "string", priority: 1 },
      { name: "Container-Runtime", type: "string", priority: 1 }
    ],
    row: nodeRow
  },
  Pod: {
    columns: [
      NAME,
      { name: "Ready", type: "string" },
      { name: "Status", type: "string" },
      { name: "Restarts", type: "string" },
      AGE,
      { name: "IP", type: "string", priority: 1 },
      { name: "Node", type: "string", priority: 1 },
      { name: "Nominated Node", type: "string", priority: 1 },
      { name: "Readiness Gates", type: "string", priority: 1 }
    ],
    row: podRow
  },
  DaemonSet: {
    columns: [
      NAME,
      { name: "Desired", type: "integer" },
      { name: "Current", type: "integer" },
      { name: "Ready", type: "integer" },
      { name: "Up-to-date", type: "integer" },
      { name: "Available", type: "integer" },
      { name: "Node Selector", type: "string" },
      AGE,
      { name: "Containers", type: "string", priority: 1 },
      { name: "Images", type: "string", priority: 1 },
      { name: "Selector", type: "string", priority: 1 }
    ],
    row: dsRow
  },
  ControllerRevision: {
    columns: [
      NAME,
      { name: "Controller", type: "string" },
      { name: "Revision", type: "integer" },
      AGE
    ],
    row: crRow
  },
  Event: {
    columns: [
      { name: "Last Seen", type: "string" },
      { name: "Type", type: "string" },
      { name: "Reason", type: "string" },
      { name: "Object", type: "string" },
      { name: "Message", type: "string" }
    ],
    row: eventRow
  }
};
function partial(obj) {
  return {
    kind: "PartialObjectMetadata",
    apiVersion: "meta.k8s.io/v1",
    metadata: obj["metadata"]
  };
}
function toTable(kind, items, listMeta, includeObject, now) {
  const spec = SPECS[kind] ?? {
    columns: [NAME, { name: "Created At", type: "date" }],
    row: (o) => [
      asString(asObj(o["metadata"])["name"]),
      asObj(o["metadata"])["creationTimestamp"]
    ]
  };
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: spec.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: "",
      priority: c.priority ?? 0
    })),
    rows: items.map((o) => ({
      cells: spec.row(o, now),
      ...includeObject === "None" ? {} : { object: includeObject === "Object" ? o : partial(o) }
    }))
  };
}

// src/rehearsal/api/protobuf.ts
var ProtobufError = class extends Error {
};
function fields(buf) {
  const out = [];
  let i = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (; ; ) {
      if (i >= buf.length) throw new ProtobufError("truncated varint");
      const b = buf[i++];
      result |= BigInt(b & 127) << shift;
      if ((b & 128) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key2 = Number(varint());
    const no = key2 >> 3;
    const wire = key2 & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
  return out;
}
var text = (v) => typeof v === "bigint" ? String(v) : new TextDecoder().decode(v);
var bytes = (v) => typeof v === "bigint" ? new Uint8Array() : v;
function mapOf(fs, no, asBase64) {
  const entries = fs.filter((f) => f.no === no);
  if (entries.length === 0) return void 0;
  const out = {};
  for (const e of entries) {
    const kv = fields(bytes(e.value));
    const k = kv.find((f) => f.no === 1);
    const v = kv.find((f) => f.no === 2);
    out[k ? text(k.value) : ""] = v ? asBase64 ? Buffer.from(bytes(v.value)).toString("base64") : text(v.value) : "";
  }
  return out;
}
function objectMeta(buf) {
  const fs = fields(buf);
  const meta = {};
  const str = (no, name) => {
    const f = fs.find((x) => x.no === no);
    if (f) meta[name] = text(f.value);
  };
  str(1, "name");
  str(2, "generateName");
  str(3, "namespace");
  const labels = mapOf(fs, 11, false);
  if (labels) meta["labels"] = labels;
  const annotations = mapOf(fs, 12, false);
  if (annotations) meta["annotations"] = annotations;
  const finalizers = fs.filter((x) => x.no === 14).map((x) => text(x.value));
  if (finalizers.length) meta["finalizers"] = finalizers;
  return meta;
}
function decodeKubeProtobuf(data) {
  if (data.length < 4 || data[0] !== 107 || data[1] !== 56 || data[2] !== 115 || data[3] !== 0)
    throw new ProtobufError("missing the k8s protobuf magic prefix");
  const unknown = fields(data.subarray(4));
  const typeMeta = fields(
    bytes(unknown.find((f) => f.no === 1)?.value ?? new Uint8Array())
  );
  const apiVersion = text(
    typeMeta.find((f) => f.no === 1)?.value ?? new Uint8Array()
  );
  const kind = text(typeMeta.find((f) => f.no === 2)?.value ?? new Uint8Array());
  const raw = fields(
    bytes(unknown.find((f) => f.no === 2)?.value ?? new Uint8Array())
  );
  const metaField = raw.find((f) => f.no === 1);
  const obj = {
    apiVersion,
    kind,
    metadata: metaField ? objectMeta(bytes(metaField.value)) : {}
  };
  const bool = (no) => {
    const f = raw.find((x) => x.no === no);
    return f === void 0 ? void 0 : f.value === 1n;
  };
  switch (kind) {
    case "ConfigMap": {
      const data2 = mapOf(raw, 2, false);
      if (data2) obj["data"] = data2;
      const binary = mapOf(raw, 3, true);
      if (binary) obj["binaryData"] = binary;
      if (bool(4) !== void 0) obj["immutable"] = bool(4);
      return obj;
    }
    case "Secret": {
      const data2 = mapOf(raw, 2, true);
      if (data2) obj["data"] = data2;
      const type = raw.find((f) => f.no === 3);
      if (type) obj["type"] = text(type.value);
      const stringData = mapOf(raw, 4, false);
      if (stringData) obj["stringData"] = stringData;
      if (bool(5) !== void 0) obj["immutable"] = bool(5);
      return obj;
    }
    case "Namespace":
      return obj;
    case "ServiceAccount":
      if (bool(4) !== void 0) obj["automountServiceAccountToken"] = bool(4);
      return obj;
    default:
      throw new ProtobufError(
        `protobuf bodies are decoded only for ConfigMap, Secret, Namespace and ServiceAccount, not ${kind}; send JSON`
      );
  }
}

// src/rehearsal/api/server.ts
var JSON_TYPE = "application/json";
var ApiServer = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  server;
  watches = /* @__PURE__ */ new Set();
  async listen(port) {
    const server = createServer(
      { cert: this.opts.cert, key: this.opts.key },
      (req, res) => {
        this.handle(req, res).catch((err) => {
          const e = err instanceof ApiError ? err : new ApiError(
            500,
            "InternalError",
            `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`
          );
          this.sendError(res, e);
        });
      }
    );
    server.keepAliveTimeout = 6e4;
    this.server = server;
    await new Promise((resolve2, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve2());
    });
    const addr = server.address();
    return typeof addr === "object" && addr !== null ? addr.port : port;
  }
  async close() {
    for (const stop of [...this.watches]) stop();
    const server = this.server;
    if (server === void 0) return;
    server.closeAllConnections();
    await new Promise((resolve2) => server.close(() => resolve2()));
  }
  sendJson(res, code, body, headers = {}) {
    if (res.headersSent) {
      res.end();
      return;
    }
    const text2 = JSON.stringify(body);
    res.writeHead(code, {
      "Content-Type": JSON_TYPE,
      "Content-Length": Buffer.byteLength(text2),
      "Cache-Control": "no-cache, private",
      ...headers
    });
    res.end(text2);
  }
  sendError(res, err) {
    this.sendJson(res, err.code, err.body(), err.headers);
  }
  authorized(req) {
    const header = req.headers.authorization ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) return false;
    const a = Buffer.from(m[1].trim());
    const b = Buffer.from(this.opts.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  async handle(req, res) {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    if (!this.authorized(req)) throw unauthorized();
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/version") return this.sendJson(res, 200, SERVER_VERSION);
    if (path === "/healthz" || path === "/livez" || path === "/readyz") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok");
      return;
    }
    if (path === "/openapi/v3") return this.sendJson(res, 200, openApiV3Root());
    if (path.startsWith("/openapi/v3/")) {
      const parts = path.slice("/openapi/v3/".length).split("/");
      const doc = parts[0] === "api" ? openApiV3Doc("", parts[1] ?? "") : openApiV3Doc(parts[1] ?? "", parts[2] ?? "");
      if (doc === void 0) throw pathNotFound();
      return this.sendJson(res, 200, doc);
    }
    const route = this.route(path);
    if (route === void 0) throw pathNotFound();
    if (route.discovery !== void 0) {
      if (req.method !== "GET") throw methodNotAllowed();
      return this.sendJson(res, 200, route.discovery);
    }
    const r = route.resource;
    const q = url.searchParams;
    const isWatch = req.method === "GET" && (q.get("watch") === "true" || q.get("watch") === "1");
    const verb = verbOf(req.method ?? "GET", route, isWatch);
    const fault = this.opts.faults?.before(verb, r.resource) ?? {};
    if (fault.delayMs !== void 0 && fault.delayMs > 0)
      await sleep(fault.delayMs);
    if (fault.error !== void 0) throw fault.error;
    const dryRun = q.getAll("dryRun").includes("All");
    const reg = this.opts.registry;
    const ns = r.namespaced ? route.namespace : "";
    const manager = q.get("fieldManager") ?? managerFromAgent(req.headers["user-agent"]);
    switch (verb) {
      case "watch":
        return this.watch(req, res, r, route.namespace, q);
      case "list":
        return this.list(req, res, r, route.namespace, q);
      case "get":
        if (route.subresource === "log")
          return this.sendLog(res, reg.get(r, ns, route.name), q);
        return this.sendObject(req, res, r, reg.get(r, ns, route.name), q);
      case "create": {
        const body = asObj(await readBody(req));
        if (r.createOnly) return this.sendJson(res, 201, this.review(body));
        if (route.subresource === "eviction") {
          const grace = asObj(body["deleteOptions"])["gracePeriodSeconds"];
          reg.delete(r, ns, route.name, {
            dryRun,
            gracePeriodSeconds: typeof grace === "number" ? grace : void 0
          });
          return this.sendJson(res, 201, {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Success",
            code: 201
          });
        }
        const created = reg.create(r, ns, body, { dryRun, manager });
        return this.sendJson(res, 201, created);
      }
      case "update": {
        const body = asObj(await readBody(req));
        return this.sendJson(
          res,
          200,
          reg.update(r, ns, route.name, body, {
            dryRun,
            manager,
            subresource: route.subresource
          })
        );
      }
      case "patch": {
        const type = patchTypeOf(req.headers["content-type"]);
        const body = await readBody(req);
        const existed = this.opts.registry.store.peek(storeKey(r), ns, route.name) !== void 0;
        const result = reg.patch(r, ns, route.name, type, body, {
          dryRun,
          manager: type === "apply" ? q.get("fieldManager") ?? void 0 : manager,
          subresource: route.subresource,
          force: q.get("force") === "true"
        });
        return this.sendJson(res, existed ? 200 : 201, result);
      }
      case "delete": {
        const body = asObj(await readBody(req).catch(() => ({})));
        const pre = asObj(body["preconditions"]);
        const grace = q.get("gracePeriodSeconds") ?? body["gracePeriodSeconds"];
        const propagation = q.get("propagationPolicy") ?? body["propagationPolicy"];
        const deleted = reg.delete(r, ns, route.name, {
          dryRun,
          gracePeriodSeconds: grace === void 0 || grace === null ? void 0 : Number(grace),
          uid: asString(pre["uid"]),
          resourceVersion: asString(pre["resourceVersion"]),
          orphan: propagation === "Orphan"
        });
        return this.sendJson(res, 200, deleted);
      }
      case "deletecollection":
        throw methodNotAllowed();
    }
  }
  review(body) {
    return {
      ...body,
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      metadata: { creationTimestamp: null },
      status: {
        allowed: true,
        reason: "rehearsal cluster: the token user may do everything"
      }
    };
  }
  route(path) {
    const parts = path.split("/").filter((p) => p !== "");
    if (parts.length === 0) return void 0;
    let group;
    let version;
    let rest;
    if (parts[0] === "api") {
      if (parts.length === 1)
        return {
          group: "",
          version: "",
          namespace: "",
          discovery: apiVersionsDoc()
        };
      group = "";
      version = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === "apis") {
      if (parts.length === 1)
        return {
          group: "",
          version: "",
          namespace: "",
          discovery: apiGroupListDoc()
        };
      group = parts[1];
      if (parts.length === 2)
        return hasGroupVersion(group, "v1") ? { group, version: "", namespace: "", discovery: apiGroupDoc(group) } : void 0;
      version = parts[2];
      rest = parts.slice(3);
    } else return void 0;
    if (!hasGroupVersion(group, version)) return void 0;
    if (rest.length === 0)
      return {
        group,
        version,
        namespace: "",
        discovery: apiResourceListDoc(group, version)
      };
    let namespace = "";
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = findResource(group, version, rest[0]);
    if (resource === void 0) return void 0;
    if (!resource.namespaced && namespace !== "") return void 0;
    const name = rest[1];
    const subresource = rest[2];
    if (subresource !== void 0 && !resource.subresources.includes(subresource))
      return void 0;
    if (rest.length > 3) return void 0;
    return { resource, group, version, namespace, name, subresource };
  }
  wantsTable(req) {
    return (req.headers.accept ?? "").includes("as=Table");
  }
  sendObject(req, res, r, obj, q) {
    if (this.wantsTable(req)) {
      return this.sendJson(
        res,
        200,
        toTable(
          r.kind,
          [obj],
          {
            resourceVersion: asString(asObj(obj["metadata"])["resourceVersion"]) ?? ""
          },
          q.get("includeObject") ?? void 0,
          this.opts.registry.clock.now()
        )
      );
    }
    this.sendJson(res, 200, obj);
  }
  /** pods/log: there is no real process, so the log says what the simulated container did. */
  sendLog(res, pod, q) {
    const statuses = asArray(asObj(pod["status"])["containerStatuses"]).map(
      asObj
    );
    const wanted = q.get("container");
    const names = statuses.map((c) => String(c["name"]));
    if (wanted === null && names.length > 1)
      throw badRequest(
        `a container name must be specified for pod ${nameOf(pod)}, choose one of: [${names.join(" ")}]`
      );
    const cs = statuses.find((c) => wanted === null || c["name"] === wanted);
    if (cs === void 0)
      throw badRequest(
        `container ${wanted ?? ""} is not valid for pod ${nameOf(pod)}`
      );
    const state = asObj(cs["state"]);
    const waiting = asObj(state["waiting"]);
    if (state["waiting"] !== void 0 && waiting["reason"] !== "CrashLoopBackOff")
      throw badRequest(
        `container "${String(cs["name"])}" in pod "${nameOf(pod)}" is waiting to start: ${String(waiting["reason"])}`
      );
    const lines = [
      `rehearsal: simulated container ${String(cs["name"])} (image ${String(cs["image"])}) started`
    ];
    if (Number(cs["restartCount"] ?? 0) > 0 || waiting["reason"] === "CrashLoopBackOff")
      lines.push("rehearsal: simulated crash (exit code 1)");
    const text2 = lines.join("\n") + "\n";
    res.writeHead(200, {
      "Content-Type": "text/plain",
      "Content-Length": Buffer.byteLength(text2)
    });
    res.end(text2);
  }
  selectors(q) {
    try {
      return {
        labels: parseLabelSelector(q.get("labelSelector") ?? ""),
        fields: parseFieldSelector(q.get("fieldSelector") ?? "")
      };
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.message);
      throw err;
    }
  }
  list(req, res, r, ns, q) {
    const store = this.opts.registry.store;
    const { labels, fields: fields2 } = this.selectors(q);
    const limit = Number(q.get("limit") ?? 0);
    const cont = q.get("continue") ?? "";
    let start = "";
    let rv = store.currentRevision;
    if (cont !== "") {
      let token;
      try {
        token = JSON.parse(Buffer.from(cont, "base64").toString("utf8"));
      } catch {
        throw badRequest("continue key is not valid: illegal base64 data");
      }
      if ((token.rv ?? 0) < store.oldestResumable)
        throw expired(
          "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."
        );
      start = token.start ?? "";
      rv = token.rv ?? rv;
    }
    const items = store.peekAll(storeKey(r), ns === "" ? void 0 : ns).filter(
      (o) => matchesLabelRequirements(labels, labelsOf(o)) && matchesFieldRequirements(fields2, o)
    ).map((o) => ({ key: `${namespaceOf(o)}/${nameOf(o)}`, o })).sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0).filter((x) => x.key > start);
    const meta = { resourceVersion: String(rv) };
    let page = items;
    if (limit > 0 && items.length > limit) {
      page = items.slice(0, limit);
      meta["continue"] = Buffer.from(
        JSON.stringify({ rv, start: page[page.length - 1].key })
      ).toString("base64");
      meta["remainingItemCount"] = items.length - limit;
    }
    const objs = page.map((x) => x.o);
    if (this.wantsTable(req)) {
      return this.sendJson(
        res,
        200,
        toTable(
          r.kind,
          objs,
          meta,
          q.get("includeObject") ?? void 0,
          this.opts.registry.clock.now()
        )
      );
    }
    this.sendJson(res, 200, {
      kind: `${r.kind}List`,
      apiVersion: groupVersionOf(r),
      metadata: meta,
      items: objs
    });
  }
  watch(req, res, r, ns, q) {
    const store = this.opts.registry.store;
    const { labels, fields: fields2 } = this.selectors(q);
    const key2 = storeKey(r);
    const matches2 = (o) => (ns === "" || namespaceOf(o) === ns) && matchesLabelRequirements(labels, labelsOf(o)) && matchesFieldRequirements(fields2, o);
    res.writeHead(200, {
      "Content-Type": JSON_TYPE,
      "Cache-Control": "no-cache, private",
      "Transfer-Encoding": "chunked"
    });
    res.flushHeaders();
    const table = this.wantsTable(req);
    let sentColumns = false;
    const write = (type, object) => {
      let out = object;
      if (table && (type === "ADDED" || type === "MODIFIED" || type === "DELETED")) {
        const o = object;
        const t = toTable(
          r.kind,
          [o],
          {
            resourceVersion: asString(asObj(o["metadata"])["resourceVersion"]) ?? ""
          },
          q.get("includeObject") ?? void 0,
          this.opts.registry.clock.now()
        );
        if (sentColumns) t["columnDefinitions"] = [];
        sentColumns = true;
        out = t;
      }
      res.write(JSON.stringify({ type, object: out }) + "\n");
    };
    const rvParam = q.get("resourceVersion") ?? "";
    const inside = /* @__PURE__ */ new Set();
    const send = (e) => {
      const k = `${namespaceOf(e.object)}/${nameOf(e.object)}`;
      const m = matches2(e.object);
      if (e.type === "DELETED") {
        if (inside.delete(k) || m) write("DELETED", e.object);
        return;
      }
      if (m) {
        write(inside.has(k) ? e.type : "ADDED", e.object);
        inside.add(k);
      } else if (inside.delete(k)) write("DELETED", e.object);
    };
    const initial = q.get("sendInitialEvents") === "true" || rvParam === "" || rvParam === "0";
    if (initial) {
      for (const o of store.peekAll(key2))
        if (matches2(o)) {
          inside.add(`${namespaceOf(o)}/${nameOf(o)}`);
          write("ADDED", o);
        }
      if (q.get("sendInitialEvents") === "true")
        write("BOOKMARK", {
          kind: r.kind,
          apiVersion: groupVersionOf(r),
          metadata: {
            resourceVersion: String(store.currentRevision),
            annotations: { "k8s.io/initial-events-end": "true" }
          }
        });
    } else {
      const rv = Number(rvParam);
      const replay = Number.isFinite(rv) ? store.eventsSince(key2, rv) : void 0;
      if (replay === void 0) {
        write(
          "ERROR",
          expired(
            `too old resource version: ${rvParam} (${store.oldestResumable})`
          ).body()
        );
        res.end();
        return;
      }
      for (const o of store.peekAll(key2))
        if (matches2(o) && Number(asObj(o["metadata"])["resourceVersion"]) <= rv)
          inside.add(`${namespaceOf(o)}/${nameOf(o)}`);
      for (const e of replay) send(e);
    }
    const unsubscribe = store.subscribe((e) => {
      if (e.resource === key2) send(e);
    });
    const timers = [];
    const stop = () => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      this.watches.delete(stop);
      if (!res.writableEnded) res.end();
    };
    this.watches.add(stop);
    if (q.get("allowWatchBookmarks") === "true") {
      const t = setInterval(
        () => write("BOOKMARK", {
          kind: r.kind,
          apiVersion: groupVersionOf(r),
          metadata: { resourceVersion: String(store.currentRevision) }
        }),
        this.opts.bookmarkIntervalMs ?? 1e3
      );
      timers.push(t);
    }
    const timeout = Number(q.get("timeoutSeconds") ?? 0);
    if (timeout > 0) timers.push(setTimeout(stop, timeout * 1e3));
    const cut = this.opts.faults?.watchCutAfterMs(r.resource);
    if (cut !== void 0) timers.push(setTimeout(() => res.destroy(), cut));
    req.on("close", stop);
    res.on("close", stop);
  }
};
function verbOf(method, route, isWatch) {
  const single = route.name !== void 0;
  switch (method) {
    case "GET":
      return isWatch ? "watch" : single ? "get" : "list";
    case "POST":
      if (single && route.subresource !== "eviction") throw methodNotAllowed();
      return "create";
    case "PUT":
      if (!single) throw methodNotAllowed();
      return "update";
    case "PATCH":
      if (!single) throw methodNotAllowed();
      return "patch";
    case "DELETE":
      return single ? "delete" : "deletecollection";
    default:
      throw methodNotAllowed();
  }
}
function patchTypeOf(contentType) {
  const ct = (contentType ?? "").split(";")[0].trim();
  switch (ct) {
    case "application/merge-patch+json":
      return "merge";
    case "application/strategic-merge-patch+json":
      return "strategic";
    case "application/json-patch+json":
      return "json";
    case "application/apply-patch+yaml":
    case "application/apply-patch+cbor":
      return "apply";
    default:
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`
      );
  }
}
function managerFromAgent(agent) {
  const a = (agent ?? "unknown").split("/")[0];
  return a.length > 128 ? a.slice(0, 128) : a;
}
var MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
function tooLarge() {
  return new ApiError(
    413,
    "RequestEntityTooLarge",
    `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`,
    void 0,
    { Connection: "close" }
  );
}
async function readBodyBytes(req) {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BODY_BYTES) {
    req.resume();
    throw tooLarge();
  }
  return await new Promise((resolve2, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (c) => {
      size += c.length;
      if (size <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(c);
        return;
      }
      req.off("data", onData);
      chunks.length = 0;
      req.resume();
      reject(tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => resolve2(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
async function readBody(req) {
  const chunks = [await readBodyBytes(req)];
  const ct0 = req.headers["content-type"] ?? "";
  if (ct0.includes("protobuf")) {
    try {
      return decodeKubeProtobuf(Buffer.concat(chunks));
    } catch (err) {
      if (err instanceof ProtobufError)
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          `the body of the request could not be decoded: ${err.message}`
        );
      throw err;
    }
  }
  if (ct0.includes("cbor"))
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf"
    );
  const text2 = Buffer.concat(chunks).toString("utf8");
  if (text2.trim() === "") return {};
  const ct = req.headers["content-type"] ?? "";
  try {
    checkBodyNesting(text2);
    if (ct.includes("yaml")) {
      const value = (0, import_yaml.parse)(text2, { version: "1.1" });
      checkAcyclic(value);
      return value;
    }
    return JSON.parse(text2);
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`
    );
  }
}
function sleep(ms) {
  return new Promise((resolve2) => setTimeout(resolve2, ms));
}

// src/rehearsal/cluster-objects.ts
var MANAGER = "rehearsal-test";
function clusterObjects(registry) {
  const store = registry.store;
  const storeKey2 = (resource) => resource.includes("/") ? resource : `/${resource}`;
  const typeOf = (resource) => {
    const [group, res] = resource.includes("/") ? resource.split("/") : ["", resource];
    return registry.resource(group, res);
  };
  return {
    list: (resource, namespace) => store.peekAll(storeKey2(resource), namespace).map((o) => clone(o)),
    get: (resource, namespace, name) => {
      const o = store.peek(storeKey2(resource), namespace, name);
      return o === void 0 ? void 0 : clone(o);
    },
    create: (resource, namespace, obj) => clone(
      registry.create(typeOf(resource), namespace, obj, {
        manager: MANAGER
      })
    ),
    patch: (resource, namespace, name, mergePatch) => clone(
      registry.patch(typeOf(resource), namespace, name, "merge", mergePatch, {
        manager: MANAGER
      })
    ),
    patchStatus: (resource, namespace, name, mergePatch) => clone(
      registry.patch(typeOf(resource), namespace, name, "merge", mergePatch, {
        manager: MANAGER,
        subresource: "status"
      })
    ),
    delete: (resource, namespace, name, options = {}) => {
      registry.delete(typeOf(resource), namespace, name, options);
    },
    subscribe: (listener) => store.subscribe(
      (e) => listener({
        type: e.type,
        resource: e.resource.startsWith("/") ? e.resource.slice(1) : e.resource,
        object: e.object
      })
    )
  };
}

// src/rehearsal/controllers/eligibility.ts
function daemonTolerations(hostNetwork) {
  const t = (key2, effect) => ({
    key: key2,
    operator: "Exists",
    effect
  });
  const out = [
    t("node.kubernetes.io/not-ready", "NoExecute"),
    t("node.kubernetes.io/unreachable", "NoExecute"),
    t("node.kubernetes.io/disk-pressure", "NoSchedule"),
    t("node.kubernetes.io/memory-pressure", "NoSchedule"),
    t("node.kubernetes.io/pid-pressure", "NoSchedule"),
    t("node.kubernetes.io/unschedulable", "NoSchedule")
  ];
  if (hostNetwork)
    out.push(t("node.kubernetes.io/network-unavailable", "NoSchedule"));
  return out;
}
function withDaemonTolerations(tolerations, hostNetwork) {
  const out = asArray(tolerations).filter(isObj).map((t) => ({ ...t }));
  for (const d of daemonTolerations(hostNetwork)) {
    const idx = out.findIndex(
      (t) => (t["key"] ?? "") === d["key"] && (t["effect"] ?? "") === d["effect"] && (t["operator"] ?? "Equal") === d["operator"] && (t["value"] ?? "") === ""
    );
    if (idx >= 0) out[idx] = d;
    else out.push(d);
  }
  return out;
}
var INT64 = /^-?\d+$/;
function toleratesTaint(tol, taint) {
  const effect = asString(tol["effect"]) ?? "";
  if (effect !== "" && effect !== taint["effect"]) return false;
  const key2 = asString(tol["key"]) ?? "";
  if (key2 !== "" && key2 !== taint["key"]) return false;
  const op = asString(tol["operator"]) ?? "";
  const tv = asString(taint["value"]) ?? "";
  const v = asString(tol["value"]) ?? "";
  switch (op) {
    case "":
    case "Equal":
      return v === tv;
    case "Exists":
      return true;
    default:
      return false;
  }
}
function tolerated(tols, taint) {
  return tols.some((t) => toleratesTaint(t, taint));
}
function requirementMatches(req, labels) {
  const key2 = asString(req["key"]) ?? "";
  const values = asArray(req["values"]).map(String);
  const has = Object.hasOwn(labels, key2);
  const v = labels[key2];
  switch (req["operator"]) {
    case "In":
      return has && values.includes(v);
    case "NotIn":
      return !has || !values.includes(v);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (values.length !== 1 || !INT64.test(values[0])) return void 0;
      if (!has || !INT64.test(v)) return false;
      const a = BigInt(v);
      const b = BigInt(values[0]);
      return req["operator"] === "Gt" ? a > b : a < b;
    }
    default:
      return void 0;
  }
}
function fieldMatches(req, nodeName) {
  const values = asArray(req["values"]).map(String);
  if (req["key"] !== "metadata.name" || values.length !== 1) return void 0;
  if (req["operator"] === "In") return nodeName === values[0];
  if (req["operator"] === "NotIn") return nodeName !== values[0];
  return void 0;
}
function matchesNodeSelectorTerms(terms, node) {
  const labels = labelsOf(node);
  const name = asString(asObj(node["metadata"])["name"]) ?? "";
  for (const raw of asArray(terms)) {
    const term = asObj(raw);
    const exprs = asArray(term["matchExpressions"]).map(asObj);
    const fields2 = asArray(term["matchFields"]).map(asObj);
    if (exprs.length === 0 && fields2.length === 0) continue;
    let ok = true;
    for (const e of exprs)
      if (requirementMatches(e, labels) !== true) ok = false;
    for (const f of fields2) if (fieldMatches(f, name) !== true) ok = false;
    if (ok) return true;
  }
  return false;
}
function podSpecMatchesNode(spec, node) {
  const labels = labelsOf(node);
  for (const [k, v] of Object.entries(asStringMap(spec["nodeSelector"]))) {
    if (labels[k] !== v) return false;
  }
  const required = asObj(
    asObj(asObj(spec["affinity"])["nodeAffinity"])["requiredDuringSchedulingIgnoredDuringExecution"]
  );
  if (required["nodeSelectorTerms"] === void 0 && Object.keys(required).length === 0)
    return true;
  return matchesNodeSelectorTerms(required["nodeSelectorTerms"], node);
}
function nodeShouldRunDaemonPod(node, templateSpec, tolerations) {
  const nodeName = asString(asObj(node["metadata"])["name"]) ?? "";
  const fixed = asString(templateSpec["nodeName"]) ?? "";
  if (fixed !== "" && fixed !== nodeName)
    return { shouldRun: false, shouldContinueRunning: false };
  if (!podSpecMatchesNode(templateSpec, node))
    return { shouldRun: false, shouldContinueRunning: false };
  const taints = asArray(asObj(node["spec"])["taints"]).map(asObj);
  const blocking = taints.filter(
    (t) => (t["effect"] === "NoSchedule" || t["effect"] === "NoExecute") && !tolerated(tolerations, t)
  );
  if (blocking.length === 0)
    return { shouldRun: true, shouldContinueRunning: true };
  const noExecute = blocking.some((t) => t["effect"] === "NoExecute");
  return { shouldRun: false, shouldContinueRunning: !noExecute };
}
function untoleratedTaint(node, tolerations) {
  return asArray(asObj(node["spec"])["taints"]).map(asObj).find(
    (t) => (t["effect"] === "NoSchedule" || t["effect"] === "NoExecute") && !tolerated(tolerations, t)
  );
}

// src/rehearsal/controllers/hash.ts
var SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function fnv1a32(bytes2) {
  let h = 2166136261;
  for (const b of bytes2) {
    h ^= b;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}
function computeTemplateHash(template, collisionCount) {
  let text2 = canonicalJson(template);
  if (collisionCount !== void 0 && collisionCount > 0)
    text2 += `#${collisionCount}`;
  const n = fnv1a32(new TextEncoder().encode(text2));
  let out = "";
  for (const ch of String(n))
    out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

// src/rehearsal/controllers/pod-util.ts
var HASH_LABEL = "controller-revision-hash";
var TEMPLATE_GENERATION_LABEL = "pod-template-generation";
function targetNodeOf(pod) {
  const spec = asObj(pod["spec"]);
  const bound = asString(spec["nodeName"]);
  if (bound) return bound;
  const terms = asArray(
    asObj(
      asObj(
        asObj(asObj(spec["affinity"])["nodeAffinity"])["requiredDuringSchedulingIgnoredDuringExecution"]
      )
    )["nodeSelectorTerms"]
  );
  for (const t of terms) {
    for (const f of asArray(asObj(t)["matchFields"])) {
      const req = asObj(f);
      const values = asArray(req["values"]);
      if (req["key"] === "metadata.name" && req["operator"] === "In" && values.length === 1)
        return String(values[0]);
    }
  }
  return void 0;
}
function isTerminal(pod) {
  const phase = asObj(pod["status"])["phase"];
  return phase === "Succeeded" || phase === "Failed";
}
function isDeleting(pod) {
  return asObj(pod["metadata"])["deletionTimestamp"] !== void 0;
}
function readyCondition(pod) {
  const c = asArray(asObj(pod["status"])["conditions"]).find(
    (x) => isObj(x) && x["type"] === "Ready"
  );
  return isObj(c) ? c : void 0;
}
function isPodReady(pod) {
  return readyCondition(pod)?.["status"] === "True";
}
function isPodAvailable(pod, minReadySeconds, now) {
  const c = readyCondition(pod);
  if (c?.["status"] !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const t = parseTime(c["lastTransitionTime"]);
  if (t === void 0) return false;
  return t + minReadySeconds * 1e3 <= now;
}
function isPodUpdated(pod, hash, templateGeneration) {
  const labels = asObj(asObj(pod["metadata"])["labels"]);
  const templateMatches = templateGeneration !== void 0 && labels[TEMPLATE_GENERATION_LABEL] === templateGeneration;
  const hashMatches = hash.length > 0 && labels[HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}
function compareOldestFirst(a, b) {
  const ba = (asString(asObj(a["spec"])["nodeName"]) ?? "") !== "";
  const bb = (asString(asObj(b["spec"])["nodeName"]) ?? "") !== "";
  if (ba !== bb) return ba ? -1 : 1;
  const ta = parseTime(asObj(a["metadata"])["creationTimestamp"]) ?? 0;
  const tb = parseTime(asObj(b["metadata"])["creationTimestamp"]) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = asString(asObj(a["metadata"])["name"]) ?? "";
  const nb = asString(asObj(b["metadata"])["name"]) ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}
function controllerRefUid(obj) {
  const ref = asArray(asObj(obj["metadata"])["ownerReferences"]).find(
    (r) => isObj(r) && r["controller"] === true
  );
  return isObj(ref) ? asString(ref["uid"]) : void 0;
}

// src/rehearsal/controllers/daemonset.ts
var COMPONENT = "daemonset-controller";
function scaledValue(value, total) {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const m = /^(\d+)%$/.exec(value);
    if (!m)
      throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
    return Math.ceil(Number(m[1]) * total / 100);
  }
  return 0;
}
var DaemonSetController = class _DaemonSetController {
  /**
   * With `observeWritesAtOnce`, the expectations of a sync's own creates and
   * deletes count as observed at once, so `rollingUpdate` runs after a
   * `manage` that acted, in the same sync, on the pods left. That is what
   * Kubernetes' controller unit tests see through their fake pod control
   * (test/rehearsal/k8s-*.test.ts replay them); a real controller normally
   * skips it until the informer sees the events (R3.8a), the default here.
   */
  constructor(registry, clock, events, random, observeWritesAtOnce = false) {
    this.registry = registry;
    this.clock = clock;
    this.events = events;
    this.random = random;
    this.observeWritesAtOnce = observeWritesAtOnce;
  }
  registry;
  clock;
  events;
  random;
  observeWritesAtOnce;
  failedBackoff = /* @__PURE__ */ new Map();
  get dsType() {
    return this.registry.resource("apps", "daemonsets");
  }
  get podType() {
    return this.registry.resource("", "pods");
  }
  get crType() {
    return this.registry.resource("apps", "controllerrevisions");
  }
  lastRevision = -1;
  lastPassAt = 0;
  timeSensitive = true;
  /**
   * One pass over every DaemonSet. Skipped when nothing was written since the
   * start of the last pass and nothing waits on the clock (a Ready pod not
   * yet Available, a failed-pod back-off, including one that just expired),
   * since a sync would then change nothing. The pass's own writes count as
   * unseen, as a real controller is requeued by the events of its own
   * creates and deletes: a pod the rolling update removes at once (an
   * unbound Pending pod) is recreated on the next pass, not never.
   */
  syncAll() {
    const now = this.clock.now();
    const backoffDue = [...this.failedBackoff.values()].some(
      (b) => b.until > this.lastPassAt && b.until <= now
    );
    if (this.registry.store.currentRevision === this.lastRevision && !this.timeSensitive && !backoffDue)
      return;
    const before = this.registry.store.currentRevision;
    this.timeSensitive = false;
    for (const ds of this.registry.store.peekAll("apps/daemonsets")) {
      if (isDeleting(ds)) continue;
      this.sync(ds);
    }
    this.lastRevision = before;
    this.lastPassAt = now;
  }
  sync(ds) {
    const meta = asObj(ds["metadata"]);
    const ns = asString(meta["namespace"]) ?? "default";
    const spec = asObj(ds["spec"]);
    const template = asObj(spec["template"]);
    const templateSpec = asObj(template["spec"]);
    const history = this.constructHistory(ds);
    if (history === void 0) return;
    const now = this.clock.now();
    const nodes = this.registry.store.peekAll("/nodes");
    const tolerations = withDaemonTolerations(
      templateSpec["tolerations"],
      templateSpec["hostNetwork"] === true
    );
    const eligibility = /* @__PURE__ */ new Map();
    for (const n of nodes)
      eligibility.set(
        nameOf(n),
        nodeShouldRunDaemonPod(n, templateSpec, tolerations)
      );
    const claimed = this.claimPods(ds);
    const minReady = asNumber(spec["minReadySeconds"]) ?? 0;
    if (minReady > 0 && claimed.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now)))
      this.timeSensitive = true;
    const ctx = {
      ds,
      ns,
      uid: asString(meta["uid"]) ?? "",
      hash: history.hash,
      templateGeneration: asString(
        asObj(meta["annotations"])[TEMPLATE_GENERATION_ANNOTATION]
      ),
      minReadySeconds: asNumber(spec["minReadySeconds"]) ?? 0,
      now,
      nodes,
      eligibility,
      nodeToPods: groupByNode(
        claimed.filter((p) => !(isTerminal(p) && isDeleting(p)))
      ),
      claimed
    };
    const actions = this.manage(ctx);
    if ((actions === 0 || this.observeWritesAtOnce) && asObj(spec["updateStrategy"])["type"] === "RollingUpdate") {
      this.rollingUpdate({
        ...ctx,
        nodeToPods: groupByNode(
          this.claimPods(ds).filter((p) => !(isTerminal(p) && isDeleting(p)))
        )
      });
    }
    this.cleanupHistory(ds, history.old);
    this.updateStatus(ds, history.hash, eligibility);
  }
  /** R7.1: owned pods plus adopted orphans matching the selector; owned pods no longer matching are released. */
  claimPods(ds) {
    const meta = asObj(ds["metadata"]);
    const uid = asString(meta["uid"]);
    const ns = asString(meta["namespace"]) ?? "";
    const reqs = labelSelectorRequirements(asObj(ds["spec"])["selector"]) ?? [];
    const out = [];
    for (const pod of this.registry.store.peekAll("/pods", ns)) {
      const owner = controllerRefUid(pod);
      const matches2 = reqs.length > 0 && matchesLabelRequirements(reqs, labelsOf(pod));
      if (owner === uid) {
        if (matches2) out.push(pod);
        else if (!isDeleting(pod)) {
          const next = clone(pod);
          const m = child(next, "metadata");
          m["ownerReferences"] = asArray(m["ownerReferences"]).filter(
            (r) => !(isObj(r) && r["uid"] === uid)
          );
          this.registry.putInternal(this.podType, next);
        }
      } else if (owner === void 0 && matches2 && !isDeleting(pod)) {
        const next = clone(pod);
        const m = child(next, "metadata");
        m["ownerReferences"] = [
          ...asArray(m["ownerReferences"]),
          this.ownerRef(ds)
        ];
        out.push(this.registry.putInternal(this.podType, next));
      }
    }
    return out;
  }
  ownerRef(ds) {
    const meta = asObj(ds["metadata"]);
    return {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      name: meta["name"],
      uid: meta["uid"],
      controller: true,
      blockOwnerDeletion: true
    };
  }
  /** R4.5: the ControllerRevision data for the live template. */
  static revisionData(ds) {
    const template = clone(asObj(asObj(ds["spec"])["template"]));
    return sortKeys({
      spec: { template: { $patch: "replace", ...template } }
    });
  }
  /** R4.5/R4.6: find or create the current revision; renumber on reuse. */
  constructHistory(ds) {
    const meta = asObj(ds["metadata"]);
    const ns = asString(meta["namespace"]) ?? "";
    const uid = asString(meta["uid"]);
    const reqs = labelSelectorRequirements(asObj(ds["spec"])["selector"]) ?? [];
    const histories = [];
    for (const cr of this.registry.store.peekAll(
      "apps/controllerrevisions",
      ns
    )) {
      const owner = controllerRefUid(cr);
      const matches2 = reqs.length > 0 && matchesLabelRequirements(reqs, labelsOf(cr));
      if (owner === uid && matches2) histories.push(this.ensureHashLabel(cr));
      else if (owner === void 0 && matches2) {
        const next = clone(cr);
        const m = child(next, "metadata");
        m["ownerReferences"] = [
          ...asArray(m["ownerReferences"]),
          this.ownerRef(ds)
        ];
        histories.push(
          this.ensureHashLabel(this.registry.putInternal(this.crType, next))
        );
      }
    }
    const want = canonicalJson(_DaemonSetController.revisionData(ds));
    const current = histories.filter((h) => canonicalJson(h["data"]) === want);
    const old = histories.filter((h) => !current.includes(h));
    const maxOld = old.reduce(
      (m, h) => Math.max(m, asNumber(h["revision"]) ?? 0),
      0
    );
    let cur;
    if (current.length === 0) {
      const created = this.snapshot(ds, maxOld + 1);
      if (created === void 0) return void 0;
      cur = created;
    } else {
      current.sort(
        (a, b) => (asNumber(b["revision"]) ?? 0) - (asNumber(a["revision"]) ?? 0)
      );
      cur = current[0];
      for (const dup of current.slice(1))
        this.registry.removeInternal(this.crType, dup);
      if ((asNumber(cur["revision"]) ?? 0) < maxOld + 1) {
        const next = clone(cur);
        next["revision"] = maxOld + 1;
        cur = this.registry.putInternal(this.crType, next);
      }
    }
    const hash = asString(labelsOf(cur)[HASH_LABEL]) ?? nameOf(cur);
    return { hash, old };
  }
  ensureHashLabel(cr) {
    if (labelsOf(cr)[HASH_LABEL] !== void 0) return cr;
    const next = clone(cr);
    child(child(next, "metadata"), "labels")[HASH_LABEL] = nameOf(cr);
    return this.registry.putInternal(this.crType, next);
  }
  snapshot(ds, revision) {
    const meta = asObj(ds["metadata"]);
    const ns = asString(meta["namespace"]) ?? "";
    const template = asObj(asObj(ds["spec"])["template"]);
    const collisionCount = asNumber(asObj(ds["status"])["collisionCount"]);
    const hash = computeTemplateHash(template, collisionCount);
    const name = `${nameOf(ds)}-${hash}`;
    const data = _DaemonSetController.revisionData(ds);
    const existing = this.registry.store.peek(
      "apps/controllerrevisions",
      ns,
      name
    );
    if (existing !== void 0) {
      if (canonicalJson(existing["data"]) === canonicalJson(data))
        return existing;
      const next = clone(ds);
      child(next, "status")["collisionCount"] = (collisionCount ?? 0) + 1;
      this.registry.putInternal(this.dsType, next);
      return void 0;
    }
    const labels = { ...labelsOf(template), [HASH_LABEL]: hash };
    const annotations = asObj(meta["annotations"]);
    const cr = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name,
        namespace: ns,
        labels,
        ...Object.keys(annotations).length ? { annotations: clone(annotations) } : {},
        ownerReferences: [this.ownerRef(ds)]
      },
      data,
      revision
    };
    return this.registry.create(this.crType, ns, cr);
  }
  /** R2.1/R2.2 (podsShouldBeOnNode) and R1.19. Returns the number of creates + deletes. */
  manage(ctx) {
    const spec = asObj(ctx.ds["spec"]);
    const allowsSurge = this.surgeCount(spec, 1) > 0;
    const nodesNeeding = [];
    const toDelete = [];
    const nodeNames = new Set(ctx.nodes.map(nameOf));
    for (const [node, pods] of ctx.nodeToPods) {
      if (nodeNames.has(node)) continue;
      for (const p of pods)
        if ((asString(asObj(p["spec"])["nodeName"]) ?? "") === "" && !isDeleting(p))
          toDelete.push(p);
    }
    for (const node of ctx.nodes) {
      const name = nameOf(node);
      const { shouldRun, shouldContinueRunning } = ctx.eligibility.get(name);
      const pods = ctx.nodeToPods.get(name) ?? [];
      const exists = pods.length > 0;
      if (shouldRun && !exists) {
        nodesNeeding.push(name);
      } else if (shouldContinueRunning) {
        const running = [];
        for (const pod of pods) {
          if (isDeleting(pod)) continue;
          const phase = asObj(pod["status"])["phase"];
          if (phase === "Failed") {
            const key2 = `${ctx.uid}/${String(asObj(ctx.ds["metadata"])["generation"])}/${name}`;
            const b = this.failedBackoff.get(key2);
            if (b !== void 0 && ctx.now < b.until) continue;
            const delay = b === void 0 ? 1e3 : Math.min(b.delay * 2, 15 * 60 * 1e3);
            this.failedBackoff.set(key2, { delay, until: ctx.now + delay });
            this.events.record(
              ctx.ds,
              "Warning",
              "FailedDaemonPod",
              `Found failed daemon pod ${ctx.ns}/${nameOf(pod)} on node ${name}, will try to kill it`,
              COMPONENT
            );
            toDelete.push(pod);
          } else if (phase === "Succeeded") {
            this.events.record(
              ctx.ds,
              "Normal",
              "SucceededDaemonPod",
              `Found succeeded daemon pod ${ctx.ns}/${nameOf(pod)} on node ${name}, will try to delete it`,
              COMPONENT
            );
            toDelete.push(pod);
          } else running.push(pod);
        }
        if (!allowsSurge) {
          if (running.length > 1) {
            running.sort(compareOldestFirst);
            toDelete.push(...running.slice(1));
          }
          continue;
        }
        if (running.length === 0 && shouldRun) {
          nodesNeeding.push(name);
          continue;
        }
        if (running.length <= 1) continue;
        running.sort(compareOldestFirst);
        let oldestNew;
        let oldestOld;
        for (const pod of running) {
          if (labelsOf(pod)[HASH_LABEL] === ctx.hash) {
            if (oldestNew === void 0) {
              oldestNew = pod;
              continue;
            }
          } else if (oldestOld === void 0) {
            oldestOld = pod;
            continue;
          }
          toDelete.push(pod);
        }
        if (oldestNew !== void 0 && oldestOld !== void 0) {
          if (!isPodReady(oldestOld)) toDelete.push(oldestOld);
          else if (isPodAvailable(oldestNew, ctx.minReadySeconds, ctx.now))
            toDelete.push(oldestOld);
        }
      } else if (exists) {
        for (const pod of pods) if (!isDeleting(pod)) toDelete.push(pod);
      }
    }
    return this.syncNodes(ctx, toDelete, nodesNeeding);
  }
  syncNodes(ctx, toDelete, nodesNeeding) {
    const seen = /* @__PURE__ */ new Set();
    let n = 0;
    for (const pod of toDelete) {
      const name = nameOf(pod);
      if (seen.has(name)) continue;
      seen.add(name);
      try {
        this.registry.delete(this.podType, ctx.ns, name);
        this.events.record(
          ctx.ds,
          "Normal",
          "SuccessfulDelete",
          `Deleted pod: ${name}`,
          COMPONENT
        );
      } catch (err) {
        this.events.record(
          ctx.ds,
          "Warning",
          "FailedDelete",
          `Error deleting: ${err instanceof Error ? err.message : String(err)}`,
          COMPONENT
        );
      }
      n++;
    }
    for (const node of nodesNeeding) {
      try {
        const created = this.registry.create(
          this.podType,
          ctx.ns,
          this.newPod(ctx, node)
        );
        this.events.record(
          ctx.ds,
          "Normal",
          "SuccessfulCreate",
          `Created pod: ${nameOf(created)}`,
          COMPONENT
        );
      } catch (err) {
        this.events.record(
          ctx.ds,
          "Warning",
          "FailedCreate",
          `Error creating: ${err instanceof Error ? err.message : String(err)}`,
          COMPONENT
        );
      }
      n++;
    }
    return n;
  }
  /** R1.14/R1.17: CreatePodTemplate + the node-name affinity. */
  newPod(ctx, node) {
    const template = clone(asObj(asObj(ctx.ds["spec"])["template"]));
    const tmeta = asObj(template["metadata"]);
    const spec = asObj(template["spec"]);
    spec["tolerations"] = withDaemonTolerations(
      spec["tolerations"],
      spec["hostNetwork"] === true
    );
    const affinity = child(spec, "affinity");
    const nodeAffinity = child(affinity, "nodeAffinity");
    nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = {
      nodeSelectorTerms: [
        {
          matchFields: [
            { key: "metadata.name", operator: "In", values: [node] }
          ]
        }
      ]
    };
    spec["enableServiceLinks"] ??= true;
    spec["priority"] ??= 0;
    if (spec["hostNetwork"] === true) {
      for (const c of [
        ...asArray(spec["containers"]),
        ...asArray(spec["initContainers"])
      ]) {
        for (const p of asArray(asObj(c)["ports"]))
          if (isObj(p) && p["hostPort"] === void 0)
            p["hostPort"] = p["containerPort"];
      }
    }
    const labels = {
      ...labelsOf(template),
      [HASH_LABEL]: ctx.hash
    };
    if (ctx.templateGeneration !== void 0)
      labels[TEMPLATE_GENERATION_LABEL] = ctx.templateGeneration;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${nameOf(ctx.ds)}-`,
        namespace: ctx.ns,
        labels,
        ...isObj(tmeta["annotations"]) ? { annotations: tmeta["annotations"] } : {},
        ownerReferences: [this.ownerRef(ctx.ds)]
      },
      spec,
      status: { phase: "Pending", qosClass: qosClass(spec) }
    };
  }
  surgeCount(spec, total) {
    const strategy = asObj(spec["updateStrategy"]);
    if (strategy["type"] !== "RollingUpdate" || !isObj(strategy["rollingUpdate"]))
      return 0;
    return scaledValue(strategy["rollingUpdate"]["maxSurge"], total);
  }
  unavailableCount(spec, total) {
    const strategy = asObj(spec["updateStrategy"]);
    if (strategy["type"] !== "RollingUpdate" || !isObj(strategy["rollingUpdate"]))
      return 0;
    return scaledValue(strategy["rollingUpdate"]["maxUnavailable"], total);
  }
  shuffled(items) {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  /** findUpdatedPodsOnNode (R3.9). */
  findUpdatedPodsOnNode(ctx, pods) {
    let newPod;
    let oldPod;
    for (const pod of pods) {
      if (isDeleting(pod)) continue;
      if (isPodUpdated(pod, ctx.hash, ctx.templateGeneration)) {
        if (newPod !== void 0) return { ok: false };
        newPod = pod;
      } else {
        if (oldPod !== void 0) return { ok: false };
        oldPod = pod;
      }
    }
    return { newPod, oldPod, ok: true };
  }
  /** R3.1-R3.5 and R3.9-R3.13. */
  rollingUpdate(ctx) {
    const spec = asObj(ctx.ds["spec"]);
    let desired = 0;
    for (const n of ctx.nodes) {
      if (!ctx.eligibility.get(nameOf(n)).shouldRun) continue;
      desired++;
      if (!ctx.nodeToPods.has(nameOf(n))) ctx.nodeToPods.set(nameOf(n), []);
    }
    let maxUnavailable;
    let maxSurge;
    try {
      maxUnavailable = this.unavailableCount(spec, desired);
      maxSurge = this.surgeCount(spec, desired);
    } catch {
      return;
    }
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0)
      maxUnavailable = 1;
    const entries = this.shuffled([...ctx.nodeToPods.entries()]);
    const available = (p) => isPodAvailable(p, ctx.minReadySeconds, ctx.now);
    if (maxSurge === 0) {
      let numUnavailable = 0;
      const allowedReplacements = [];
      const candidates = [];
      for (const [, pods] of entries) {
        const { newPod, oldPod, ok } = this.findUpdatedPodsOnNode(ctx, pods);
        if (!ok) {
          numUnavailable++;
          continue;
        }
        if (oldPod === void 0 && newPod === void 0 || oldPod !== void 0 && newPod !== void 0) {
          numUnavailable++;
        } else if (newPod !== void 0) {
          if (!available(newPod)) numUnavailable++;
        } else if (oldPod !== void 0) {
          if (!available(oldPod)) {
            allowedReplacements.push(oldPod);
            numUnavailable++;
          } else if (numUnavailable >= maxUnavailable) {
            continue;
          } else candidates.push(oldPod);
        }
      }
      const remaining = Math.min(
        Math.max(0, maxUnavailable - numUnavailable),
        candidates.length
      );
      this.syncNodes(
        ctx,
        [...allowedReplacements, ...candidates.slice(0, remaining)],
        []
      );
      return;
    }
    let numSurge = 0;
    let numAvailable = 0;
    const allowedNewNodes = [];
    const candidateNewNodes = [];
    const oldPodsToDelete = [];
    const shouldNotRunPodsToDelete = [];
    for (const [node, pods] of entries) {
      const { newPod, oldPod, ok } = this.findUpdatedPodsOnNode(ctx, pods);
      if (!ok) {
        numSurge++;
        continue;
      }
      if (oldPod !== void 0) {
        if (available(oldPod)) numAvailable++;
      } else if (newPod !== void 0 && available(newPod)) numAvailable++;
      if (oldPod === void 0) continue;
      const shouldRun = ctx.eligibility.get(node)?.shouldRun ?? false;
      if (newPod === void 0) {
        if (!available(oldPod)) {
          if (!shouldRun) {
            oldPodsToDelete.push(oldPod);
            continue;
          }
          allowedNewNodes.push(node);
        } else if (numSurge >= maxSurge) {
          continue;
        } else {
          if (!shouldRun) {
            shouldNotRunPodsToDelete.push(oldPod);
            continue;
          }
          candidateNewNodes.push(node);
        }
      } else {
        if (!available(newPod)) {
          numSurge++;
          continue;
        }
        oldPodsToDelete.push(oldPod);
      }
    }
    const remainingSurge = Math.min(
      Math.max(0, maxSurge - numSurge),
      candidateNewNodes.length
    );
    const create = [
      ...allowedNewNodes,
      ...candidateNewNodes.slice(0, remainingSurge)
    ];
    if (shouldNotRunPodsToDelete.length > 0) {
      const n = Math.max(0, numAvailable - desired);
      oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, n));
    }
    this.syncNodes(ctx, oldPodsToDelete, create);
  }
  /** R4.7 */
  cleanupHistory(ds, old) {
    const limit = asNumber(asObj(ds["spec"])["revisionHistoryLimit"]) ?? 10;
    let toKill = old.length - limit;
    if (toKill <= 0) return;
    const live = /* @__PURE__ */ new Set();
    for (const p of this.claimPodsReadOnly(ds)) {
      const h = labelsOf(p)[HASH_LABEL];
      if (h) live.add(h);
    }
    const sorted = [...old].sort(
      (a, b) => (asNumber(a["revision"]) ?? 0) - (asNumber(b["revision"]) ?? 0)
    );
    for (const h of sorted) {
      if (toKill <= 0) break;
      if (live.has(labelsOf(h)[HASH_LABEL] ?? "")) continue;
      const current = this.registry.store.peek(
        "apps/controllerrevisions",
        asString(asObj(h["metadata"])["namespace"]) ?? "",
        nameOf(h)
      );
      if (current !== void 0)
        this.registry.removeInternal(this.crType, current);
      toKill--;
    }
  }
  claimPodsReadOnly(ds) {
    const uid = asString(asObj(ds["metadata"])["uid"]);
    const ns = asString(asObj(ds["metadata"])["namespace"]) ?? "";
    return this.registry.store.peekAll("/pods", ns).filter((p) => controllerRefUid(p) === uid);
  }
  /** R5.1/R5.2 */
  updateStatus(dsIn, hash, eligibility) {
    const ds = this.registry.store.peek(
      "apps/daemonsets",
      asString(asObj(dsIn["metadata"])["namespace"]) ?? "",
      nameOf(dsIn)
    );
    if (ds === void 0 || isDeleting(ds)) return;
    const meta = asObj(ds["metadata"]);
    const spec = asObj(ds["spec"]);
    const templateSpec = asObj(asObj(spec["template"])["spec"]);
    const tolerations = withDaemonTolerations(
      templateSpec["tolerations"],
      templateSpec["hostNetwork"] === true
    );
    const tg = asString(
      asObj(meta["annotations"])[TEMPLATE_GENERATION_ANNOTATION]
    );
    const minReady = asNumber(spec["minReadySeconds"]) ?? 0;
    const now = this.clock.now();
    const nodeToPods = groupByNode(
      this.claimPodsReadOnly(ds).filter(
        (p) => !(isTerminal(p) && isDeleting(p))
      )
    );
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let availableN = 0;
    let updated = 0;
    for (const node of this.registry.store.peekAll("/nodes")) {
      const { shouldRun } = eligibility.get(nameOf(node)) ?? nodeShouldRunDaemonPod(node, templateSpec, tolerations);
      const pods = nodeToPods.get(nameOf(node)) ?? [];
      const scheduled = pods.length > 0;
      if (shouldRun) {
        desired++;
        if (!scheduled) continue;
        current++;
        pods.sort(compareOldestFirst);
        const pod = pods[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) availableN++;
        }
        if (isPodUpdated(pod, hash, tg)) updated++;
      } else if (scheduled) misscheduled++;
    }
    const oldStatus = asObj(ds["status"]);
    const status = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      // omitempty fields, as Go serialises DaemonSetStatus
      ...meta["generation"] ? { observedGeneration: meta["generation"] } : {},
      ...updated > 0 ? { updatedNumberScheduled: updated } : {},
      ...availableN > 0 ? { numberAvailable: availableN } : {},
      ...desired - availableN > 0 ? { numberUnavailable: desired - availableN } : {},
      ...oldStatus["collisionCount"] !== void 0 ? { collisionCount: oldStatus["collisionCount"] } : {}
    };
    if (deepEqual(status, oldStatus)) return;
    const next = clone(ds);
    next["status"] = status;
    this.registry.putInternal(this.dsType, next);
  }
};
function groupByNode(pods) {
  const out = /* @__PURE__ */ new Map();
  for (const p of pods) {
    const node = targetNodeOf(p);
    if (node === void 0) continue;
    const list = out.get(node);
    if (list === void 0) out.set(node, [p]);
    else list.push(p);
  }
  return out;
}
function qosClass(spec) {
  let any = false;
  for (const c of asArray(spec["containers"])) {
    const r = asObj(asObj(c)["resources"]);
    if (Object.keys(asObj(r["requests"])).length || Object.keys(asObj(r["limits"])).length)
      any = true;
  }
  return any ? "Burstable" : "BestEffort";
}

// src/rehearsal/controllers/events.ts
import { randomUUID as randomUUID2 } from "node:crypto";
var EVENTS = { group: "", resource: "events" };
var MAX_EVENTS = 5e3;
var EventRecorder = class {
  constructor(registry, clock) {
    this.registry = registry;
    this.clock = clock;
  }
  registry;
  clock;
  recent = /* @__PURE__ */ new Map();
  order = [];
  record(involved, type, reason, message, component) {
    const meta = asObj(involved["metadata"]);
    const ns = asString(meta["namespace"]) || "default";
    const uid = asString(meta["uid"]) ?? "";
    const key2 = `${uid}\0${reason}\0${message}`;
    const r = this.registry.resource(EVENTS.group, EVENTS.resource);
    const now = this.clock.iso();
    const existingName = this.recent.get(key2);
    if (existingName !== void 0) {
      const existing = this.registry.store.peek("/events", ns, existingName);
      if (existing !== void 0) {
        const next = clone(existing);
        next["count"] = Number(next["count"] ?? 1) + 1;
        next["lastTimestamp"] = now;
        this.registry.putInternal(r, next);
        return;
      }
    }
    const name = `${asString(meta["name"]) ?? "object"}.${randomUUID2().replace(/-/g, "").slice(0, 16)}`;
    const event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name,
        namespace: ns,
        uid: randomUUID2(),
        creationTimestamp: now
      },
      involvedObject: {
        apiVersion: involved["apiVersion"],
        kind: involved["kind"],
        name: meta["name"],
        namespace: meta["namespace"],
        uid,
        resourceVersion: meta["resourceVersion"]
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: ""
    };
    this.registry.putInternal(r, event);
    this.recent.set(key2, name);
    this.order.push(`${ns}/${name}`);
    if (this.order.length > MAX_EVENTS) {
      const old = this.order.shift();
      const [ons, oname] = old.split("/");
      const gone = this.registry.store.peek("/events", ons, oname);
      if (gone !== void 0) this.registry.removeInternal(r, gone);
    }
    if (this.recent.size > MAX_EVENTS * 2) this.recent.clear();
  }
};

// src/rehearsal/controllers/garbage-collector.ts
var GarbageCollector = class {
  constructor(registry, recordedOwners) {
    this.registry = registry;
    this.recordedOwners = new Map(recordedOwners);
  }
  registry;
  /** `namespace/name` → the recorded uid, while no DaemonSet of that name exists here. */
  recordedOwners;
  /** Removes the recorded pods of each recorded owner a DaemonSet now stands for. */
  replaceRecordedPods() {
    if (this.recordedOwners.size === 0) return;
    const store = this.registry.store;
    const podType = this.registry.resource("", "pods");
    for (const [key2, uid] of this.recordedOwners) {
      const [ns = "", name = ""] = key2.split("/");
      if (store.peek("apps/daemonsets", ns, name) === void 0) continue;
      this.recordedOwners.delete(key2);
      for (const p of store.peekAll("/pods", ns))
        if (controllerRefUid(p) === uid)
          this.registry.removeInternal(podType, p);
    }
  }
  /** Deletes pods and revisions whose DaemonSet owner exists neither here nor in the recording. */
  collect() {
    const store = this.registry.store;
    const uids = /* @__PURE__ */ new Set([
      ...store.peekAll("apps/daemonsets").map((d) => asString(asObj(d["metadata"])["uid"])),
      ...this.recordedOwners.values()
    ]);
    for (const [type, key2] of [
      [this.registry.resource("", "pods"), "/pods"],
      [
        this.registry.resource("apps", "controllerrevisions"),
        "apps/controllerrevisions"
      ]
    ]) {
      for (const o of store.peekAll(key2)) {
        const refs = asArray(asObj(o["metadata"])["ownerReferences"]).filter(
          isObj
        );
        const ds = refs.find((r) => r["kind"] === "DaemonSet");
        if (ds === void 0 || uids.has(asString(ds["uid"]))) continue;
        if (isDeleting(o)) continue;
        try {
          this.registry.delete(type, namespaceOf(o), nameOf(o));
        } catch {
        }
      }
    }
  }
};

// src/rehearsal/timings.ts
var SIZE_CLASSES = ["small", "medium", "large"];
var PULL_SECONDS_BY_SIZE = {
  // up to ~50 MB (node-exporter, kube-proxy, pause): ~1 s of transfer + ~1 s round trips
  small: 2,
  // ~50-300 MB (fluent-bit, calico-node, cilium-agent): ~5 s + round trips
  medium: 6,
  // ~300 MB-2 GB (GPU drivers, dcgm-exporter): ~30 s for 1.5 GB
  large: 30
};
var DEFAULT_SIZE_CLASS = "medium";
var KUBELET_DEFAULTS = {
  /** Pod sandbox + CNI + containerd create and start. */
  startSeconds: 2,
  /** Extra time before Ready, added to the readiness probe's initialDelaySeconds. */
  readySeconds: 0,
  /** A container that exits on SIGTERM (capped by the grace period). */
  stopSeconds: 1,
  /** How long a crash-looping container runs each time. */
  crashSeconds: 1
};
function globMatches(pattern, text2) {
  const re = new RegExp(
    `^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`
  );
  return re.test(text2);
}
function timingsForImage(image, defaults, rules) {
  const rule = rules.find((r) => globMatches(r.image, image));
  const size = rule?.size ?? DEFAULT_SIZE_CLASS;
  return {
    pullSeconds: rule?.pullSeconds ?? (rule?.size !== void 0 ? void 0 : defaults.pullSeconds) ?? PULL_SECONDS_BY_SIZE[size],
    startSeconds: rule?.startSeconds ?? defaults.startSeconds,
    stopSeconds: rule?.stopSeconds ?? defaults.stopSeconds
  };
}

// src/rehearsal/scenario.ts
var IMAGE_EFFECTS = [
  "ImagePullBackOff",
  "ErrImagePull",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "NeverReady",
  "ReadyThenCrash"
];
var DEFAULT_TIMINGS = { ...KUBELET_DEFAULTS };
var ScenarioError = class extends Error {
};
function num(value, where, fallback) {
  if (value === void 0 && fallback !== void 0) return fallback;
  const n = asNumber(value);
  if (n === void 0 || n < 0)
    throw new ScenarioError(`${where}: expected a non-negative number`);
  return n;
}
function selector(value, where) {
  if (value === void 0) return void 0;
  if (typeof value !== "string")
    throw new ScenarioError(`${where}: expected a label selector string`);
  try {
    return parseLabelSelector(value);
  } catch (err) {
    throw new ScenarioError(
      `${where}: ${err instanceof Error ? err.message : String(err)}`
    );
  }
}
function parseScenario(doc) {
  if (doc === void 0 || doc === null)
    return {
      timings: { ...DEFAULT_TIMINGS },
      imageTimings: [],
      imageFaults: [],
      nodeFaults: [],
      apiFaults: [],
      changes: []
    };
  if (!isObj(doc)) throw new ScenarioError("scenario: expected a mapping");
  const known = /* @__PURE__ */ new Set([
    "speed",
    "seed",
    "defaults",
    "images",
    "faults",
    "changes"
  ]);
  for (const k of Object.keys(doc))
    if (!known.has(k))
      throw new ScenarioError(
        `scenario: unknown key '${k}' (known: ${[...known].join(", ")})`
      );
  const d = asObj(doc["defaults"]);
  const timings = {
    ...d["pullSeconds"] !== void 0 ? { pullSeconds: num(d["pullSeconds"], "defaults.pullSeconds") } : {},
    startSeconds: num(
      d["startSeconds"],
      "defaults.startSeconds",
      DEFAULT_TIMINGS.startSeconds
    ),
    readySeconds: num(
      d["readySeconds"],
      "defaults.readySeconds",
      DEFAULT_TIMINGS.readySeconds
    ),
    stopSeconds: num(
      d["stopSeconds"],
      "defaults.stopSeconds",
      DEFAULT_TIMINGS.stopSeconds
    ),
    crashSeconds: num(
      d["crashSeconds"],
      "defaults.crashSeconds",
      DEFAULT_TIMINGS.crashSeconds
    )
  };
  const out = {
    timings,
    imageTimings: imageTimings(doc["images"]),
    imageFaults: [],
    nodeFaults: [],
    apiFaults: [],
    changes: []
  };
  if (doc["speed"] !== void 0) out.speed = num(doc["speed"], "speed");
  if (doc["seed"] !== void 0) out.seed = num(doc["seed"], "seed");
  asArray(doc["faults"]).forEach((raw, i) => {
    const where = `faults[${i}]`;
    if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`);
    if (raw["image"] !== void 0) {
      const effect = raw["effect"];
      if (!IMAGE_EFFECTS.includes(effect))
        throw new ScenarioError(
          `${where}.effect: must be one of ${IMAGE_EFFECTS.join(", ")}`
        );
      out.imageFaults.push({
        image: String(raw["image"]),
        effect,
        nodes: selector(raw["nodes"], `${where}.nodes`),
        ...raw["afterSeconds"] !== void 0 ? { afterSeconds: num(raw["afterSeconds"], `${where}.afterSeconds`) } : {}
      });
    } else if (raw["node"] !== void 0 || raw["nodes"] !== void 0 && raw["effect"] === "NotReady") {
      if (raw["effect"] !== "NotReady")
        throw new ScenarioError(`${where}.effect: node faults support NotReady`);
      out.nodeFaults.push({
        ...raw["node"] !== void 0 ? { node: String(raw["node"]) } : {},
        nodes: selector(raw["nodes"], `${where}.nodes`),
        effect: "NotReady",
        afterSeconds: num(raw["afterSeconds"], `${where}.afterSeconds`, 0),
        ...raw["forSeconds"] !== void 0 ? { forSeconds: num(raw["forSeconds"], `${where}.forSeconds`) } : {}
      });
    } else if (raw["api"] !== void 0) {
      const api = asObj(raw["api"]);
      const effect = api["effect"];
      if (effect !== "disconnect" && effect !== "status" && effect !== "slow")
        throw new ScenarioError(
          `${where}.api.effect: must be disconnect, status or slow`
        );
      const f = {
        verb: asString(api["verb"]) ?? "*",
        resource: asString(api["resource"]) ?? "*",
        effect
      };
      if (effect === "disconnect")
        f.everySeconds = num(api["everySeconds"], `${where}.api.everySeconds`);
      if (effect === "status") {
        f.code = num(api["code"], `${where}.api.code`, 500);
        if (f.code !== 500 && f.code !== 429 && f.code !== 503)
          throw new ScenarioError(`${where}.api.code: must be 500, 503 or 429`);
        f.burst = num(api["burst"], `${where}.api.burst`, 3);
        if (api["everySeconds"] !== void 0)
          f.everySeconds = num(api["everySeconds"], `${where}.api.everySeconds`);
      }
      if (effect === "slow")
        f.delayMs = num(api["delayMs"], `${where}.api.delayMs`, 500);
      if (api["afterSeconds"] !== void 0)
        f.afterSeconds = num(api["afterSeconds"], `${where}.api.afterSeconds`);
      out.apiFaults.push(f);
    } else
      throw new ScenarioError(
        `${where}: needs one of image, node, nodes or api`
      );
  });
  asArray(doc["changes"]).forEach((raw, i) => {
    const where = `changes[${i}]`;
    const c = asObj(raw);
    const at = num(c["atSeconds"], `${where}.atSeconds`);
    if (c["addNode"] !== void 0) {
      if (!isObj(c["addNode"]))
        throw new ScenarioError(`${where}.addNode: expected a node mapping`);
      out.changes.push({ atSeconds: at, kind: "addNode", node: c["addNode"] });
    } else if (c["removeNode"] !== void 0)
      out.changes.push({
        atSeconds: at,
        kind: "removeNode",
        name: String(c["removeNode"])
      });
    else if (c["taint"] !== void 0) {
      const t = asObj(c["taint"]);
      if (typeof t["node"] !== "string" || typeof t["key"] !== "string" || typeof t["effect"] !== "string")
        throw new ScenarioError(`${where}.taint: needs node, key and effect`);
      const { node, ...taint } = t;
      out.changes.push({
        atSeconds: at,
        kind: "taint",
        name: String(node),
        taint
      });
    } else if (c["untaint"] !== void 0) {
      const t = asObj(c["untaint"]);
      out.changes.push({
        atSeconds: at,
        kind: "untaint",
        name: String(t["node"]),
        key: String(t["key"])
      });
    } else if (c["nodeReady"] !== void 0) {
      const t = asObj(c["nodeReady"]);
      out.changes.push({
        atSeconds: at,
        kind: "ready",
        name: String(t["node"]),
        ready: t["ready"] === true
      });
    } else
      throw new ScenarioError(
        `${where}: needs one of addNode, removeNode, taint, untaint, nodeReady`
      );
  });
  return out;
}
var IMAGE_TIMING_KEYS = /* @__PURE__ */ new Set([
  "image",
  "size",
  "pullSeconds",
  "startSeconds",
  "stopSeconds"
]);
function imageTimings(value) {
  if (value === void 0) return [];
  if (!Array.isArray(value))
    throw new ScenarioError("images: expected a list of image timing rules");
  return value.map((raw, i) => {
    const where = `images[${i}]`;
    if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`);
    for (const k of Object.keys(raw))
      if (!IMAGE_TIMING_KEYS.has(k))
        throw new ScenarioError(
          `${where}: unknown key '${k}' (known: ${[...IMAGE_TIMING_KEYS].join(", ")})`
        );
    if (typeof raw["image"] !== "string" || raw["image"] === "")
      throw new ScenarioError(`${where}.image: expected an image glob`);
    const rule = { image: raw["image"] };
    if (raw["size"] !== void 0) {
      if (!SIZE_CLASSES.includes(raw["size"]))
        throw new ScenarioError(
          `${where}.size: must be one of ${SIZE_CLASSES.join(", ")}`
        );
      rule.size = raw["size"];
    }
    for (const k of ["pullSeconds", "startSeconds", "stopSeconds"])
      if (raw[k] !== void 0) rule[k] = num(raw[k], `${where}.${k}`);
    return rule;
  });
}
function imageFaultFor(faults, image, nodeLabels) {
  return faults.find(
    (f) => globMatches(f.image, image) && (f.nodes === void 0 || matchesLabelRequirements(f.nodes, nodeLabels))
  );
}

// src/rehearsal/controllers/kubelet.ts
function podInitializingView(p) {
  return {
    key: "w:PodInitializing",
    status: {
      name: p.name,
      image: p.image,
      imageID: "",
      state: { waiting: { reason: "PodInitializing" } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  };
}
function mountPendingView(p) {
  return {
    key: "w:ContainerCreating",
    status: {
      name: p.name,
      image: p.image,
      imageID: "",
      state: { waiting: { reason: "ContainerCreating" } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  };
}
function waitingView(plan, reason, message) {
  return {
    key: `w:${reason}:0`,
    status: {
      name: plan.name,
      image: plan.image,
      imageID: "",
      containerID: "",
      state: { waiting: { reason, ...message ? { message } : {} } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  };
}
function runningStatus(plan, ids) {
  return {
    name: plan.name,
    image: plan.image,
    imageID: ids.imageId,
    containerID: ids.containerId
  };
}
var STARTUP_EVENT = /^(pull|pulled|created|started):/;
var BACKOFF_START = 1e4;
var BACKOFF_MAX = 3e5;
var Kubelet = class {
  constructor(registry, clock, events, timings, faults, imageTimings2 = []) {
    this.registry = registry;
    this.clock = clock;
    this.events = events;
    this.timings = timings;
    this.faults = faults;
    this.imageTimings = imageTimings2;
  }
  registry;
  clock;
  events;
  timings;
  faults;
  imageTimings;
  runtimes = /* @__PURE__ */ new Map();
  /** Stored pod objects left Running and Ready, with their runtime. */
  settled = /* @__PURE__ */ new WeakMap();
  pass = 0;
  images = /* @__PURE__ */ new Map();
  ipCounter = 2;
  seeded = /* @__PURE__ */ new Set();
  /** Seeded pods that were recorded not Ready: they stay Running but not Ready. */
  seededNotReady = /* @__PURE__ */ new Set();
  /** Pull, start and stop seconds of one image (src/rehearsal/timings.ts). */
  timingsOf(image) {
    return timingsForImage(image, this.timings, this.imageTimings);
  }
  /** Marks a pod as running for an hour already (seeded from a snapshot). */
  markSeeded(uid, ready = true) {
    this.seeded.add(uid);
    if (!ready) this.seededNotReady.add(uid);
  }
  /** Images already present on a node. */
  preload(node, images) {
    const set = this.images.get(node) ?? /* @__PURE__ */ new Set();
    for (const i of images) set.add(i);
    this.images.set(node, set);
  }
  run() {
    const now = this.clock.now();
    const pass = ++this.pass;
    const nodes = new Map(
      this.registry.store.peekAll("/nodes").map((n) => [nameOf(n), n])
    );
    const ready = /* @__PURE__ */ new Map();
    for (const [name, n] of nodes) ready.set(name, nodeIsReady(n));
    const podType = this.registry.resource("", "pods");
    for (const pod of this.registry.store.peekAll("/pods")) {
      const settled = this.settled.get(pod);
      if (settled !== void 0 && ready.get(settled.nodeName) === true) {
        settled.seenPass = pass;
        continue;
      }
      const spec = asObj(pod["spec"]);
      const nodeName = asString(spec["nodeName"]) ?? "";
      if (nodeName === "") continue;
      const uid = asString(asObj(pod["metadata"])["uid"]) ?? "";
      let rt = this.runtimes.get(uid);
      if (rt !== void 0) rt.seenPass = pass;
      const node = nodes.get(nodeName);
      if (node === void 0) {
        this.registry.removeInternal(podType, pod);
        continue;
      }
      if (ready.get(nodeName) !== true) {
        this.markNotReady(pod);
        continue;
      }
      if (isDeleting(pod)) {
        this.finishDeletion(pod, now);
        continue;
      }
      if (rt === void 0) {
        rt = this.plan(pod, node, now);
        rt.seenPass = pass;
        this.runtimes.set(uid, rt);
      }
      const rv = asString(asObj(pod["metadata"])["resourceVersion"]) ?? "";
      if (rt.stable && rv === rt.lastRv) continue;
      this.refresh(pod, rt, now, nodeName);
      const after = this.registry.store.peek(
        "/pods",
        namespaceOf(pod),
        nameOf(pod)
      );
      rt.lastRv = asString(asObj(after?.["metadata"])["resourceVersion"]) ?? "";
      rt.stable = rt.lastKey.startsWith("Running|") && rt.lastKey.endsWith(":ready") && rt.plans.every((p) => p.fault === void 0) && rt.mountError === void 0;
      if (rt.stable && after !== void 0) this.settled.set(after, rt);
    }
    for (const [uid, rt] of this.runtimes)
      if (rt.seenPass !== pass) this.runtimes.delete(uid);
  }
  plan(pod, node, now) {
    const spec = asObj(pod["spec"]);
    const status = asObj(pod["status"]);
    const labels = asStringMap(asObj(node["metadata"])["labels"]);
    const nodeImages = this.images.get(nameOf(node)) ?? /* @__PURE__ */ new Set();
    const uid = asString(asObj(pod["metadata"])["uid"]) ?? "";
    const seeded = this.seeded.has(uid);
    const recordedNotReady = this.seededNotReady.has(uid);
    this.seeded.delete(uid);
    this.seededNotReady.delete(uid);
    void status;
    const mk = (c) => {
      const con = asObj(c);
      const image = asString(con["image"]) ?? "";
      const policy = asString(con["imagePullPolicy"]) ?? "IfNotPresent";
      const present = policy !== "Always" && nodeImages.has(image);
      const probe = asObj(con["readinessProbe"]);
      const t = this.timingsOf(image);
      const fault = recordedNotReady ? { image: "*", effect: "NeverReady" } : imageFaultFor(this.faults, image, labels);
      return {
        name: asString(con["name"]) ?? "",
        image,
        pullMs: present || seeded ? 0 : t.pullSeconds * 1e3,
        startMs: t.startSeconds * 1e3,
        readyDelayMs: (this.timings.readySeconds + (asNumber(probe["initialDelaySeconds"]) ?? 0)) * 1e3,
        ...fault ? { fault } : {},
        ...this.configErrorFor(con, namespaceOf(pod)) !== void 0 ? { configError: this.configErrorFor(con, namespaceOf(pod)) } : {}
      };
    };
    const since = seeded ? now - 36e5 : now;
    return {
      since,
      ip: spec["hostNetwork"] === true ? nodeAddress(node) : this.nextIp(),
      plans: asArray(spec["containers"]).map(mk),
      initPlans: asArray(spec["initContainers"]).map(mk),
      mountError: this.mountErrorFor(spec, namespaceOf(pod)),
      lastKey: "",
      events: /* @__PURE__ */ new Set(),
      quiet: seeded,
      nodeName: nameOf(node),
      seenPass: 0,
      stable: false,
      lastRv: ""
    };
  }
  nextIp() {
    const n = this.ipCounter++;
    return `10.244.${n >> 8 & 255}.${n & 255}`;
  }
  exists(resource, ns, name) {
    return this.registry.store.peek(resource, ns, name);
  }
  /** R7.4 CreateContainerConfigError for a missing ConfigMap/Secret (or key) used in env. */
  configErrorFor(con, ns) {
    for (const e of asArray(con["env"])) {
      const from = asObj(asObj(e)["valueFrom"]);
      for (const [field, res, kind] of [
        ["configMapKeyRef", "/configmaps", "configmap"],
        ["secretKeyRef", "/secrets", "secret"]
      ]) {
        const ref = from[field];
        if (!isObj(ref) || ref["optional"] === true) continue;
        const obj = this.exists(res, ns, asString(ref["name"]) ?? "");
        if (obj === void 0)
          return `${kind} "${String(ref["name"])}" not found`;
        const data = {
          ...asObj(obj["data"]),
          ...asObj(obj["binaryData"]),
          ...asObj(obj["stringData"])
        };
        if (!(String(ref["key"]) in data))
          return `couldn't find key ${String(ref["key"])} in ${kind === "configmap" ? "ConfigMap" : "Secret"} ${ns}/${String(ref["name"])}`;
      }
    }
    for (const e of asArray(con["envFrom"])) {
      for (const [field, res, kind] of [
        ["configMapRef", "/configmaps", "configmap"],
        ["secretRef", "/secrets", "secret"]
      ]) {
        const ref = asObj(e)[field];
        if (!isObj(ref) || ref["optional"] === true) continue;
        if (this.exists(res, ns, asString(ref["name"]) ?? "") === void 0)
          return `${kind} "${String(ref["name"])}" not found`;
      }
    }
    return void 0;
  }
  mountErrorFor(spec, ns) {
    for (const v of asArray(spec["volumes"])) {
      const vol = asObj(v);
      const cm = asObj(vol["configMap"]);
      if (isObj(vol["configMap"]) && cm["optional"] !== true && this.exists("/configmaps", ns, asString(cm["name"]) ?? "") === void 0)
        return `MountVolume.SetUp failed for volume "${String(vol["name"])}" : configmap "${String(cm["name"])}" not found`;
      const sec = asObj(vol["secret"]);
      if (isObj(vol["secret"]) && sec["optional"] !== true && this.exists("/secrets", ns, asString(sec["secretName"]) ?? "") === void 0)
        return `MountVolume.SetUp failed for volume "${String(vol["name"])}" : secret "${String(sec["secretName"])}" not found`;
    }
    return void 0;
  }
  /**
   * The state of one container `t` ms after it may begin (pull starts at
   * `start`), in the order the kubelet meets them: pulling, a failed pull,
   * a config error, creating, then running (steady or crash-looping).
   * A pure function of the time, except that the container's ids are fixed
   * on its first start.
   */
  view(plan, t, start, podName) {
    if (t < plan.pullMs) return waitingView(plan, "ContainerCreating");
    const effect = plan.fault?.effect;
    if (effect === "ErrImagePull" || effect === "ImagePullBackOff") {
      const msg = `Failed to pull image "${plan.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${plan.image}": not found`;
      if (effect === "ErrImagePull" || t < plan.pullMs + 1e3)
        return waitingView(plan, "ErrImagePull", msg);
      return waitingView(
        plan,
        "ImagePullBackOff",
        `Back-off pulling image "${plan.image}"`
      );
    }
    if (effect === "CreateContainerConfigError" || plan.configError !== void 0) {
      return waitingView(
        plan,
        "CreateContainerConfigError",
        plan.configError ?? `couldn't find key config in ConfigMap (rehearsal fault)`
      );
    }
    const firstRun = Math.max(
      start + plan.pullMs + plan.startMs,
      (plan.notBefore ?? 0) + plan.startMs
    );
    const tAbs = start + t;
    if (tAbs < firstRun) return waitingView(plan, "ContainerCreating");
    plan.ids ??= {
      containerId: `containerd://${hashish(podName + plan.name)}`,
      imageId: `${plan.image.split(":")[0]}@sha256:${hashish(plan.image)}`
    };
    return effect === "CrashLoopBackOff" || effect === "ReadyThenCrash" ? this.crashLoopView(plan, plan.ids, firstRun, tAbs, podName) : this.steadyView(plan, plan.ids, firstRun, tAbs);
  }
  /** A container that keeps running: Ready `readyDelayMs` after it starts, unless NeverReady. */
  steadyView(plan, ids, firstRun, tAbs) {
    const readyAt = firstRun + plan.readyDelayMs;
    const ready = plan.fault?.effect !== "NeverReady" && tAbs >= readyAt;
    return {
      key: `r:${ready}`,
      status: {
        ...runningStatus(plan, ids),
        state: { running: { startedAt: this.clock.iso(firstRun) } },
        lastState: {},
        ready,
        restartCount: 0,
        started: true
      },
      ready,
      started: true,
      ...ready ? { readySince: readyAt } : {}
    };
  }
  /**
   * A container that exits with code 1: after `crashSeconds` of running
   * (ReadyThenCrash: after the fault's `afterSeconds` the first time, Ready
   * meanwhile), then restarted after a back-off of 10 s doubling to 5 min,
   * as the kubelet's CrashLoopBackOff. Walks the runs up to `tAbs`.
   */
  crashLoopView(plan, ids, firstRun, tAbs, podName) {
    const effect = plan.fault?.effect;
    const iso = (ms) => this.clock.iso(ms);
    const crashMs = this.timings.crashSeconds * 1e3;
    let runStart = firstRun;
    let runLen = effect === "ReadyThenCrash" ? (plan.fault?.afterSeconds ?? 30) * 1e3 : crashMs;
    let restarts = 0;
    let backoff = BACKOFF_START;
    let last = {};
    for (; ; ) {
      const runEnd = runStart + runLen;
      if (tAbs < runEnd) {
        const readyAt = runStart + plan.readyDelayMs;
        const ready = effect === "ReadyThenCrash" && restarts === 0 && tAbs >= readyAt;
        return {
          key: `r:${ready}:${restarts}`,
          status: {
            ...runningStatus(plan, ids),
            state: { running: { startedAt: iso(runStart) } },
            lastState: last,
            ready,
            restartCount: restarts,
            started: true
          },
          ready,
          started: true,
          ...ready ? { readySince: readyAt } : {}
        };
      }
      restarts++;
      last = {
        terminated: {
          exitCode: 1,
          reason: "Error",
          startedAt: iso(runStart),
          finishedAt: iso(runEnd),
          containerID: ids.containerId
        }
      };
      const nextStart = runEnd + backoff;
      if (tAbs < nextStart) {
        return {
          key: `w:CrashLoopBackOff:${restarts}`,
          status: {
            ...runningStatus(plan, ids),
            state: {
              waiting: {
                reason: "CrashLoopBackOff",
                message: `back-off ${Math.round(backoff / 1e3)}s restarting failed container=${plan.name} pod=${podName}`
              }
            },
            lastState: last,
            ready: false,
            restartCount: restarts,
            started: false
          },
          ready: false,
          started: true
        };
      }
      runStart = nextStart;
      runLen = crashMs;
      backoff = Math.min(backoff * 2, BACKOFF_MAX);
    }
  }
  /**
   * One kubelet pass over a bound pod on a Ready node: compute each
   * container's view for `now` and publish it ({@link write}).
   *
   * Order, as the kubelet's sync: volumes first (a missing ConfigMap or
   * Secret volume keeps every container ContainerCreating, retried each
   * pass); then container configs (a missing env source is retried, and the
   * container starts once it appears); then init containers one after the
   * other; app containers begin only when all init containers completed.
   * The pod is Running once every app container has started.
   */
  refresh(pod, rt, now, nodeName) {
    if (rt.mountError !== void 0 && !this.retryMount(pod, rt, now)) {
      this.once(rt, pod, "mount", "Warning", "FailedMount", rt.mountError);
      const views2 = rt.plans.map(mountPendingView);
      return this.write(pod, rt, "Pending", [], views2, now, nodeName);
    }
    this.retryConfigErrors(pod, rt, now);
    const init = this.initContainerViews(pod, rt, now);
    const views = rt.plans.map(
      (p) => init.running ? podInitializingView(p) : this.view(p, now - init.doneAt, init.doneAt, nameOf(pod))
    );
    const phase = !init.running && views.every((v) => v.started) ? "Running" : "Pending";
    this.write(pod, rt, phase, init.views, views, now, nodeName);
  }
  /**
   * Mounts again: true when the missing volume source exists now, and the
   * pod's start-up then begins afresh from `now`.
   */
  retryMount(pod, rt, now) {
    rt.mountError = this.mountErrorFor(asObj(pod["spec"]), namespaceOf(pod));
    if (rt.mountError !== void 0) return false;
    rt.since = now;
    rt.lastKey = "";
    return true;
  }
  /** The kubelet retries container creation: a ConfigMap/Secret created later unblocks it from `now`. */
  retryConfigErrors(pod, rt, now) {
    const con = (name) => asObj(
      asArray(asObj(pod["spec"])["containers"]).find(
        (c) => isObj(c) && c["name"] === name
      )
    );
    for (const p of rt.plans) {
      if (p.configError === void 0) continue;
      p.configError = this.configErrorFor(con(p.name), namespaceOf(pod));
      if (p.configError === void 0) p.notBefore = now;
    }
  }
  /**
   * The init containers' views: each runs after the previous one completed
   * (pull + start + 1 s of work); a faulted one never completes. Returns
   * when the last completed (`doneAt`, the pod's start before them
   * otherwise) and whether one is still running (then the rest and every
   * app container wait in PodInitializing).
   */
  initContainerViews(pod, rt, now) {
    const views = [];
    let doneAt = rt.since;
    let running = false;
    for (const p of rt.initPlans) {
      const completedAt = doneAt + p.pullMs + p.startMs + 1e3;
      if (now >= completedAt && p.fault === void 0) {
        views.push(this.completedInitView(p, completedAt));
        doneAt = completedAt;
        continue;
      }
      views.push(this.view(p, now - doneAt, doneAt, nameOf(pod)));
      running = true;
      break;
    }
    for (const p of rt.initPlans.slice(views.length))
      views.push(podInitializingView(p));
    return { views, doneAt, running };
  }
  /** An init container that ran for one second and exited 0 at `doneAt`. */
  completedInitView(p, doneAt) {
    return {
      key: "done",
      status: {
        name: p.name,
        image: p.image,
        imageID: "",
        containerID: "",
        state: {
          terminated: {
            exitCode: 0,
            reason: "Completed",
            startedAt: this.clock.iso(doneAt - 1e3),
            finishedAt: this.clock.iso(doneAt)
          }
        },
        lastState: {},
        ready: true,
        restartCount: 0,
        started: false
      },
      ready: true,
      started: false
    };
  }
  once(rt, pod, key2, type, reason, message) {
    if (rt.events.has(key2)) return;
    if (rt.quiet && STARTUP_EVENT.test(key2)) return;
    rt.events.add(key2);
    this.events.record(pod, type, reason, message, "kubelet");
  }
  /**
   * Publishes the pod's state from one pass: records the kubelet's events
   * for it and writes its status.
   *
   * Assumes `views` are the pod's containers in spec order (`rt.plans`
   * order) and `inits` its init containers, both computed for `now`.
   * Invariants:
   * - nothing is recorded or written while the state's key (phase,
   *   each container's view key, all-Ready) is unchanged, so a steady pod
   *   costs no writes and its resourceVersion stays put;
   * - each event is recorded at most once per pod ({@link once});
   * - the status is written over the pod as stored now (it may have been
   *   written since `pod` was read); a pod gone meanwhile is left gone.
   */
  write(pod, rt, phase, inits, views, now, nodeName) {
    const key2 = stateKey(phase, inits, views);
    if (key2 === rt.lastKey) return;
    rt.lastKey = key2;
    for (const [i, v] of views.entries())
      this.recordContainerEvents(pod, rt, rt.plans[i], v, nodeName);
    const current = this.registry.store.peek(
      "/pods",
      namespaceOf(pod),
      nameOf(pod)
    );
    if (current === void 0) return;
    const next = clone(current);
    next["status"] = this.podStatus(
      asObj(current["status"]),
      rt,
      phase,
      inits,
      views,
      now,
      nodeName
    );
    this.registry.putInternal(this.registry.resource("", "pods"), next);
  }
  /**
   * The events one container's view implies: a waiting reason's event
   * (Pulling, Failed, BackOff), and once started Pulled, Created, Started
   * (and Unhealthy for a container that never becomes Ready). A started
   * container's image is then present on the node (no pull next time).
   */
  recordContainerEvents(pod, rt, plan, v, nodeName) {
    this.recordWaitingEvent(pod, rt, plan, v);
    if (v.started) {
      this.recordStartEvents(pod, rt, plan);
      const set = this.images.get(nodeName) ?? /* @__PURE__ */ new Set();
      set.add(plan.image);
      this.images.set(nodeName, set);
    }
    if (plan.fault?.effect === "NeverReady" && v.started)
      this.once(
        rt,
        pod,
        `unhealthy:${plan.name}`,
        "Warning",
        "Unhealthy",
        "Readiness probe failed: HTTP probe failed with statuscode: 503"
      );
  }
  /** The event a waiting container's reason records; a crash loop records one per restart. */
  recordWaitingEvent(pod, rt, plan, v) {
    const waiting = asObj(asObj(asObj(v.status)["state"])["waiting"]);
    const reason = asString(waiting["reason"]);
    if (reason === "ContainerCreating" && plan.pullMs > 0)
      this.once(
        rt,
        pod,
        `pull:${plan.name}`,
        "Normal",
        "Pulling",
        `Pulling image "${plan.image}"`
      );
    if (reason === "ErrImagePull")
      this.once(
        rt,
        pod,
        `errpull:${plan.name}`,
        "Warning",
        "Failed",
        String(waiting["message"])
      );
    if (reason === "ImagePullBackOff")
      this.once(
        rt,
        pod,
        `bopull:${plan.name}`,
        "Normal",
        "BackOff",
        `Back-off pulling image "${plan.image}"`
      );
    if (reason === "CreateContainerConfigError")
      this.once(
        rt,
        pod,
        `cfg:${plan.name}`,
        "Warning",
        "Failed",
        `Error: ${String(waiting["message"])}`
      );
    if (reason === "CrashLoopBackOff")
      this.once(
        rt,
        pod,
        `crash:${plan.name}:${String(asObj(v.status)["restartCount"])}`,
        "Warning",
        "BackOff",
        `Back-off restarting failed container ${plan.name} in pod ${nameOf(pod)}_${namespaceOf(pod)}(${String(asObj(pod["metadata"])["uid"])})`
      );
  }
  /** Pulled (or already present), Created, Started: once each per container. */
  recordStartEvents(pod, rt, plan) {
    this.once(
      rt,
      pod,
      `pulled:${plan.name}`,
      "Normal",
      "Pulled",
      plan.pullMs > 0 ? `Successfully pulled image "${plan.image}" in ${(plan.pullMs / 1e3).toFixed(3)}s` : `Container image "${plan.image}" already present on machine`
    );
    this.once(
      rt,
      pod,
      `created:${plan.name}`,
      "Normal",
      "Created",
      `Created container ${plan.name}`
    );
    this.once(
      rt,
      pod,
      `started:${plan.name}`,
      "Normal",
      "Started",
      `Started container ${plan.name}`
    );
  }
  /**
   * The pod status a kubelet reports for these views. The pod is Ready
   * when Running with every container Ready, since the last container
   * became Ready; PodScheduled is kept as the scheduler wrote it; the QoS
   * class is kept (the API server sets it at create).
   */
  podStatus(old, rt, phase, inits, views, now, nodeName) {
    const ready = phase === "Running" && views.every((v) => v.ready);
    const readyAt = ready ? Math.max(...views.map((v) => v.readySince ?? 0)) : now;
    const cond = (type, value, at, reason) => podCondition(this.clock, old, views, now, type, value, at, reason);
    const hostIP = nodeAddressFromName(this.registry, nodeName);
    return {
      phase,
      conditions: [
        cond("PodReadyToStartContainers", true, rt.since),
        cond(
          "Initialized",
          inits.every((v) => v.ready),
          rt.since,
          "ContainersNotInitialized"
        ),
        cond("Ready", ready, readyAt, "ContainersNotReady"),
        cond("ContainersReady", ready, readyAt, "ContainersNotReady"),
        previousCondition(old, "PodScheduled") ?? {
          type: "PodScheduled",
          status: "True",
          lastProbeTime: null,
          lastTransitionTime: this.clock.iso(rt.since)
        }
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP: rt.ip,
      podIPs: [{ ip: rt.ip }],
      startTime: this.clock.iso(rt.since),
      ...inits.length ? { initContainerStatuses: inits.map((v) => v.status) } : {},
      containerStatuses: views.map((v) => v.status),
      qosClass: old["qosClass"] ?? "BestEffort"
    };
  }
  /** Node lifecycle controller: pods on a NotReady node are marked not Ready. */
  markNotReady(pod) {
    const conds = asArray(asObj(pod["status"])["conditions"]);
    const ready = conds.find((c) => isObj(c) && c["type"] === "Ready");
    if (!isObj(ready) || ready["status"] !== "True") return;
    const next = clone(pod);
    const status = asObj(next["status"]);
    status["conditions"] = conds.map(
      (c) => isObj(c) && c["type"] === "Ready" ? { ...c, status: "False", lastTransitionTime: this.clock.iso() } : c
    );
    this.registry.putInternal(this.registry.resource("", "pods"), next);
    const rt = this.runtimes.get(asString(asObj(pod["metadata"])["uid"]) ?? "");
    if (rt) {
      rt.lastKey = "";
      rt.stable = false;
    }
  }
  finishDeletion(pod, now) {
    const meta = asObj(pod["metadata"]);
    const deadline = parseTime(meta["deletionTimestamp"]) ?? now;
    const grace = (asNumber(meta["deletionGracePeriodSeconds"]) ?? 30) * 1e3;
    const requested = deadline - grace;
    const rt = this.runtimes.get(asString(meta["uid"]) ?? "");
    if (rt !== void 0)
      for (const p of rt.plans)
        this.once(
          rt,
          pod,
          `kill:${p.name}`,
          "Normal",
          "Killing",
          `Stopping container ${p.name}`
        );
    const stopMs = Math.max(
      0,
      ...asArray(asObj(pod["spec"])["containers"]).map(
        (c) => this.timingsOf(asString(asObj(c)["image"]) ?? "").stopSeconds
      )
    ) * 1e3;
    if (now >= Math.min(deadline, requested + stopMs))
      this.registry.removeInternal(this.registry.resource("", "pods"), pod);
  }
};
function nodeIsReady(node) {
  const c = asArray(asObj(node["status"])["conditions"]).find(
    (x) => isObj(x) && x["type"] === "Ready"
  );
  return !isObj(c) || c["status"] === "True";
}
function nodeAddress(node) {
  const a = asArray(asObj(node["status"])["addresses"]).find(
    (x) => isObj(x) && x["type"] === "InternalIP"
  );
  return isObj(a) ? String(a["address"]) : "10.0.0.1";
}
function nodeAddressFromName(registry, name) {
  const n = registry.store.peek("/nodes", "", name);
  return n === void 0 ? "10.0.0.1" : nodeAddress(n);
}
function hashish(text2) {
  let h = 2166136261;
  for (let i = 0; i < text2.length; i++)
    h = Math.imul(h ^ text2.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8).slice(0, 64);
}
function stateKey(phase, inits, views) {
  const allReady = views.length > 0 && views.every((v) => v.ready);
  return `${phase}|${inits.map((v) => v.key).join(",")}|${views.map((v) => v.key).join(",")}${allReady ? ":ready" : ""}`;
}
function previousCondition(old, type) {
  const c = asArray(old["conditions"]).find(
    (x) => isObj(x) && x["type"] === type
  );
  return isObj(c) ? c : void 0;
}
function podCondition(clock, old, views, now, type, value, at, reason) {
  const prev = previousCondition(old, type);
  const status = value ? "True" : "False";
  const lt = prev !== void 0 && prev["status"] === status ? prev["lastTransitionTime"] : clock.iso(Math.min(at, now));
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: lt,
    ...!value && reason ? {
      reason,
      message: reason === "ContainersNotReady" ? `containers with unready status: [${views.filter((v) => !v.ready).map((v) => String(asObj(v.status)["name"])).join(" ")}]` : void 0
    } : {}
  };
}

// src/rehearsal/controllers/scheduler.ts
function podRequests(spec) {
  const containerRequests = (c) => {
    const r = asObj(asObj(c)["resources"]);
    const limits = asObj(r["limits"]);
    const requests = asObj(r["requests"]);
    const out = {};
    for (const k of /* @__PURE__ */ new Set([...Object.keys(limits), ...Object.keys(requests)]))
      out[k] = quantityOrZero(
        Object.hasOwn(requests, k) ? requests[k] : limits[k]
      );
    return out;
  };
  const addInto = (into, from) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0n) + v;
  };
  const sum = {};
  for (const c of asArray(spec["containers"]))
    addInto(sum, containerRequests(c));
  const sidecars = {};
  const initPeak = {};
  for (const c of asArray(spec["initContainers"])) {
    const own = containerRequests(c);
    const during = { ...sidecars };
    if (asObj(c)["restartPolicy"] === "Always") {
      addInto(sidecars, own);
      Object.assign(during, sidecars);
    } else addInto(during, own);
    for (const [k, v] of Object.entries(during))
      if (v > (initPeak[k] ?? 0n)) initPeak[k] = v;
  }
  addInto(sum, sidecars);
  for (const [k, v] of Object.entries(initPeak))
    if (v > (sum[k] ?? 0n)) sum[k] = v;
  for (const [k, v] of Object.entries(asObj(spec["overhead"])))
    sum[k] = (sum[k] ?? 0n) + quantityOrZero(v);
  delete sum["pods"];
  return sum;
}
function podHostPorts(spec) {
  const out = [];
  const sidecars = asArray(spec["initContainers"]).filter(
    (c) => asObj(c)["restartPolicy"] === "Always"
  );
  for (const c of [...sidecars, ...asArray(spec["containers"])]) {
    for (const p of asArray(asObj(c)["ports"])) {
      const port = asObj(p);
      const hp = Number(port["hostPort"] ?? 0);
      if (hp > 0)
        out.push(
          `${asString(port["protocol"]) ?? "TCP"}/${asString(port["hostIP"]) || "0.0.0.0"}:${hp}`
        );
    }
  }
  return out;
}
function portsConflict(a, b) {
  const pa = /^([A-Z]+)\/(.*):(\d+)$/.exec(a);
  const pb = /^([A-Z]+)\/(.*):(\d+)$/.exec(b);
  if (!pa || !pb) return a === b;
  if (pa[1] !== pb[1] || pa[3] !== pb[3]) return false;
  return pa[2] === "0.0.0.0" || pb[2] === "0.0.0.0" || pa[2] === pb[2];
}
var Scheduler = class {
  constructor(registry, clock, events) {
    this.registry = registry;
    this.clock = clock;
    this.events = events;
  }
  registry;
  clock;
  events;
  lastMessage = /* @__PURE__ */ new Map();
  run() {
    const pending = this.registry.store.peekAll("/pods").filter(
      (p) => (asString(asObj(p["spec"])["nodeName"]) ?? "") === "" && !isDeleting(p) && !isTerminal(p)
    );
    if (pending.length === 0) return;
    const nodes = this.registry.store.peekAll("/nodes");
    const byName = new Map(nodes.map((n) => [nameOf(n), n]));
    const use = this.usage();
    for (const pod of pending) {
      const spec = asObj(pod["spec"]);
      const target = targetNodeOf(pod);
      const candidates = target !== void 0 ? [byName.get(target)].filter((n) => n !== void 0) : nodes;
      const reasons = /* @__PURE__ */ new Map();
      let noVictims = 0;
      let chosen;
      const requests = podRequests(spec);
      const ports = podHostPorts(spec);
      const tolerations = asArray(spec["tolerations"]).filter(isObj);
      for (const node of candidates) {
        const fail = this.filter(
          node,
          spec,
          tolerations,
          requests,
          ports,
          use.get(nameOf(node))
        );
        if (fail.length === 0) {
          chosen = node;
          break;
        }
        if (fail.some(
          (f) => f.startsWith("Insufficient") || f.startsWith("Too many") || f.includes("free ports")
        ))
          noVictims++;
        for (const f of fail) reasons.set(f, (reasons.get(f) ?? 0) + 1);
      }
      if (chosen !== void 0) {
        this.bind(pod, nameOf(chosen));
        const u = use.get(nameOf(chosen)) ?? {
          requested: {},
          ports: [],
          pods: 0
        };
        for (const [k, v] of Object.entries(requests))
          u.requested[k] = (u.requested[k] ?? 0n) + v;
        u.ports.push(...ports);
        u.pods++;
        use.set(nameOf(chosen), u);
        continue;
      }
      const others = nodes.length - candidates.length;
      if (others > 0)
        reasons.set(
          "node(s) didn't match Pod's node affinity/selector",
          (reasons.get("node(s) didn't match Pod's node affinity/selector") ?? 0) + others
        );
      const hist = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
      const notHelpful = nodes.length - noVictims;
      const pre = [
        ...noVictims > 0 ? [`${noVictims} No preemption victims found for incoming pod`] : [],
        ...notHelpful > 0 ? [`${notHelpful} Preemption is not helpful for scheduling`] : []
      ].sort();
      const message = nodes.length === 0 ? "no nodes available to schedule pods" : `0/${nodes.length} nodes are available: ${hist.join(", ")}. preemption: 0/${nodes.length} nodes are available: ${pre.join(", ")}.`;
      this.markUnschedulable(pod, message);
    }
  }
  /**
   * What the pods bound to each node hold: every pod the API shows (seeded
   * workloads included), nothing hidden, so `kubectl describe node` and a
   * snapshot taken from the rehearsal see what this counts.
   */
  usage() {
    const out = /* @__PURE__ */ new Map();
    for (const p of this.registry.store.peekAll("/pods")) {
      const spec = asObj(p["spec"]);
      const node = asString(spec["nodeName"]);
      if (!node || isTerminal(p)) continue;
      const u = out.get(node) ?? { requested: {}, ports: [], pods: 0 };
      const demand = this.demandOf(spec);
      for (const [k, v] of Object.entries(demand.requests))
        u.requested[k] = (u.requested[k] ?? 0n) + v;
      u.ports.push(...demand.ports);
      u.pods++;
      out.set(node, u);
    }
    return out;
  }
  /** A stored pod spec is replaced, never changed in place: its demand is computed once. */
  demand = /* @__PURE__ */ new WeakMap();
  demandOf(spec) {
    let d = this.demand.get(spec);
    if (d === void 0) {
      d = { requests: podRequests(spec), ports: podHostPorts(spec) };
      this.demand.set(spec, d);
    }
    return d;
  }
  filter(node, spec, tolerations, requests, ports, u) {
    if (!podSpecMatchesNode(spec, node))
      return ["node(s) didn't match Pod's node affinity/selector"];
    const taint = untoleratedTaint(node, tolerations);
    if (taint !== void 0)
      return [
        `node(s) had untolerated taint {${String(taint["key"])}: ${asString(taint["value"]) ?? ""}}`
      ];
    const out = [];
    const alloc = asObj(asObj(node["status"])["allocatable"]);
    const used = u ?? { requested: {}, ports: [], pods: 0 };
    const maxPods = alloc["pods"] === void 0 ? 110000n : quantityOrZero(alloc["pods"]);
    if (BigInt(used.pods + 1) * 1000n > maxPods) out.push("Too many pods");
    for (const [k, v] of Object.entries(requests)) {
      if (v <= 0n) continue;
      const have = alloc[k] === void 0 ? 0n : quantityOrZero(alloc[k]);
      if ((used.requested[k] ?? 0n) + v > have) out.push(`Insufficient ${k}`);
    }
    if (ports.some((p) => used.ports.some((q) => portsConflict(p, q))))
      out.push("node(s) didn't have free ports for the requested pod ports");
    return out;
  }
  bind(pod, node) {
    const next = clone(pod);
    child(next, "spec")["nodeName"] = node;
    const status = child(next, "status");
    status["conditions"] = [
      {
        type: "PodScheduled",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: this.clock.iso()
      }
    ];
    this.registry.putInternal(this.registry.resource("", "pods"), next);
    this.lastMessage.delete(`${namespaceOf(pod)}/${nameOf(pod)}`);
    this.events.record(
      next,
      "Normal",
      "Scheduled",
      `Successfully assigned ${namespaceOf(pod)}/${nameOf(pod)} to ${node}`,
      "default-scheduler"
    );
  }
  markUnschedulable(pod, message) {
    const key2 = `${namespaceOf(pod)}/${nameOf(pod)}`;
    if (this.lastMessage.get(key2) === message) return;
    this.lastMessage.set(key2, message);
    const next = clone(pod);
    const status = child(next, "status");
    status["phase"] = "Pending";
    status["conditions"] = [
      {
        type: "PodScheduled",
        status: "False",
        lastProbeTime: null,
        lastTransitionTime: this.clock.iso(),
        reason: "Unschedulable",
        message
      }
    ];
    this.registry.putInternal(this.registry.resource("", "pods"), next);
    this.events.record(
      next,
      "Warning",
      "FailedScheduling",
      message,
      "default-scheduler"
    );
  }
};

// src/rehearsal/faults.ts
function matches(f, verb, resource) {
  return (f.verb === "*" || f.verb === verb) && (f.resource === "*" || f.resource === resource);
}
var ApiFaults = class {
  constructor(faults) {
    this.faults = faults;
  }
  faults;
  started = Date.now();
  used = /* @__PURE__ */ new Map();
  before(verb, resource) {
    const elapsed = (Date.now() - this.started) / 1e3;
    let delayMs = 0;
    for (const f of this.faults) {
      if (!matches(f, verb, resource) || elapsed < (f.afterSeconds ?? 0))
        continue;
      if (f.effect === "slow") delayMs += f.delayMs ?? 0;
      if (f.effect !== "status") continue;
      const window = f.everySeconds ? Math.floor((elapsed - (f.afterSeconds ?? 0)) / f.everySeconds) : 0;
      const u = this.used.get(f) ?? { window, count: 0 };
      if (u.window !== window) {
        u.window = window;
        u.count = 0;
      }
      if (u.count >= (f.burst ?? 3)) {
        this.used.set(f, u);
        continue;
      }
      u.count++;
      this.used.set(f, u);
      if (f.code === 429)
        return {
          delayMs,
          error: new ApiError(
            429,
            "TooManyRequests",
            "Too many requests, please try again later.",
            { retryAfterSeconds: 1 },
            { "Retry-After": "1" }
          )
        };
      if (f.code === 503)
        return {
          delayMs,
          error: new ApiError(
            503,
            "ServiceUnavailable",
            "the server is currently unable to handle the request (rehearsal fault)"
          )
        };
      return {
        delayMs,
        error: new ApiError(
          500,
          "InternalError",
          "Internal error occurred: rehearsal fault injected"
        )
      };
    }
    return delayMs > 0 ? { delayMs } : {};
  }
  watchCutAfterMs(resource) {
    const f = this.faults.find(
      (x) => x.effect === "disconnect" && matches(x, "watch", resource)
    );
    return f?.everySeconds === void 0 ? void 0 : f.everySeconds * 1e3;
  }
};

// src/rehearsal/nodes.ts
var NOT_READY_TAINT = "node.kubernetes.io/not-ready";
var UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
var Nodes = class {
  constructor(registry, clock) {
    this.registry = registry;
    this.clock = clock;
    this.nodeType = registry.resource("", "nodes");
  }
  registry;
  clock;
  nodeType;
  /** The stored nodes (not copies: do not change them). */
  all() {
    return this.registry.store.peekAll("/nodes");
  }
  /** The stored node (not a copy), if any. */
  get(name) {
    return this.registry.store.peek("/nodes", "", name);
  }
  /**
   * Registers a node as a kubelet would: the well-known hostname/os/arch
   * labels, a Ready condition, a default allocatable and capacity, node
   * info and addresses, each only where the input does not set its own.
   * Assumes: `metadata.name` is set (throws otherwise).
   */
  add(input) {
    const node = clone(input);
    const meta = child(node, "metadata");
    const name = asString(meta["name"]);
    if (!name) throw new Error("addNode: metadata.name is required");
    const nodeLabels = child(meta, "labels");
    nodeLabels["kubernetes.io/hostname"] ??= name;
    nodeLabels["kubernetes.io/os"] ??= "linux";
    nodeLabels["kubernetes.io/arch"] ??= "amd64";
    this.defaultStatus(child(node, "status"), name);
    node["apiVersion"] = "v1";
    node["kind"] = "Node";
    this.registry.create(this.nodeType, "", node);
  }
  /** The status fields a kubelet reports, where the input leaves them out. */
  defaultStatus(status, name) {
    if (!Array.isArray(status["conditions"]))
      status["conditions"] = [
        {
          type: "Ready",
          status: "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status"
        }
      ];
    status["allocatable"] ??= {
      cpu: "4",
      memory: "16Gi",
      pods: "110",
      "ephemeral-storage": "100Gi"
    };
    status["capacity"] ??= status["allocatable"];
    status["nodeInfo"] ??= {
      kubeletVersion: "v1.32.0",
      containerRuntimeVersion: "containerd://1.7.0",
      osImage: "Rehearsal Linux",
      kernelVersion: "6.1.0",
      operatingSystem: "linux",
      architecture: "amd64"
    };
    const count = this.registry.store.count("/nodes");
    status["addresses"] ??= [
      {
        type: "InternalIP",
        address: `10.1.${count >> 8}.${(count & 255) + 1}`
      },
      { type: "Hostname", address: name }
    ];
  }
  /** Deletes a node at once (no grace: its kubelet is gone). Unknown names are ignored. */
  remove(name) {
    const node = this.get(name);
    if (node !== void 0) this.registry.removeInternal(this.nodeType, node);
  }
  /**
   * Replaces a node's taints. A NoExecute taint without `timeAdded` gets
   * the current simulated time. Throws for an unknown node.
   */
  setTaints(name, taints) {
    this.update(name, (n) => {
      const spec = child(n, "spec");
      const list = taints.map((t) => ({ ...t }));
      for (const t of list)
        if (t["effect"] === "NoExecute" && t["timeAdded"] === void 0)
          t["timeAdded"] = this.clock.iso();
      if (list.length) spec["taints"] = list;
      else delete spec["taints"];
    });
  }
  /**
   * Sets the node's Ready condition (both transition times now) and, as
   * the node lifecycle controller does, adds or removes the not-ready
   * taints to match. Throws for an unknown node.
   */
  setReady(name, ready) {
    this.update(name, (n) => {
      const now = this.clock.iso();
      const status = child(n, "status");
      status["conditions"] = [
        ...asArray(status["conditions"]).filter(isObj).filter((c) => c["type"] !== "Ready"),
        readyCondition2(ready, now)
      ];
      const spec = child(n, "spec");
      const taints = asArray(spec["taints"]).filter(isObj).filter((t) => t["key"] !== NOT_READY_TAINT);
      if (!ready)
        taints.push(
          { key: NOT_READY_TAINT, effect: "NoSchedule" },
          { key: NOT_READY_TAINT, effect: "NoExecute", timeAdded: now }
        );
      if (taints.length) spec["taints"] = taints;
      else delete spec["taints"];
    });
  }
  /**
   * Node lifecycle controller: a cordoned node (`spec.unschedulable`)
   * carries the unschedulable NoSchedule taint, an uncordoned one does not
   * (R1.16). Nodes that already agree are not written.
   */
  syncCordon() {
    for (const n of this.all()) {
      const cordoned = asObj(n["spec"])["unschedulable"] === true;
      const taints = asArray(asObj(n["spec"])["taints"]).filter(isObj);
      const tainted = taints.some((t) => t["key"] === UNSCHEDULABLE_TAINT);
      if (cordoned === tainted) continue;
      this.setTaints(
        nameOf(n),
        cordoned ? [
          ...taints,
          {
            key: UNSCHEDULABLE_TAINT,
            effect: "NoSchedule",
            timeAdded: this.clock.iso()
          }
        ] : taints.filter((t) => t["key"] !== UNSCHEDULABLE_TAINT)
      );
    }
  }
  /** Applies `edit` to a copy of the stored node and stores it. Throws for an unknown node. */
  update(name, edit) {
    const node = this.get(name);
    if (node === void 0) throw new Error(`node ${name} not found`);
    const next = clone(node);
    edit(next);
    this.registry.putInternal(this.nodeType, next);
  }
};
function readyCondition2(ready, now) {
  return ready ? {
    type: "Ready",
    status: "True",
    reason: "KubeletReady",
    message: "kubelet is posting ready status",
    lastHeartbeatTime: now,
    lastTransitionTime: now
  } : {
    type: "Ready",
    status: "False",
    reason: "KubeletNotReady",
    message: "container runtime network not ready: NetworkReady=false (rehearsal fault)",
    lastHeartbeatTime: now,
    lastTransitionTime: now
  };
}

// src/rehearsal/scenario-timeline.ts
var ScenarioTimeline = class {
  constructor(scenario, clock, nodes) {
    this.clock = clock;
    this.nodes = nodes;
    this.start = clock.now();
    this.pending = [...scenario.changes].sort(
      (a, b) => a.atSeconds - b.atSeconds
    );
    this.faults = scenario.nodeFaults.map((f) => ({ ...f }));
  }
  clock;
  nodes;
  start;
  pending;
  faults;
  /** Applies every change and fault transition that is due. */
  pass() {
    const elapsed = (this.clock.now() - this.start) / 1e3;
    while (this.pending.length > 0 && this.pending[0].atSeconds <= elapsed)
      this.apply(this.pending.shift());
    for (const f of this.faults) {
      if (!f.applied && elapsed >= f.afterSeconds) {
        f.applied = true;
        this.setReadyWhere(f, false);
      }
      if (f.applied && !f.recovered && f.forSeconds !== void 0 && elapsed >= f.afterSeconds + f.forSeconds) {
        f.recovered = true;
        this.setReadyWhere(f, true);
      }
    }
  }
  setReadyWhere(f, ready) {
    for (const n of this.nodes.all())
      if ((f.node === void 0 || nameOf(n) === f.node) && (f.nodes === void 0 || matchesLabelRequirements(f.nodes, labelsOf(n))))
        this.nodes.setReady(nameOf(n), ready);
  }
  apply(c) {
    try {
      if (c.kind === "addNode") this.nodes.add(c.node);
      else if (c.kind === "removeNode") this.nodes.remove(c.name);
      else if (c.kind === "ready") this.nodes.setReady(c.name, c.ready);
      else if (c.kind === "taint")
        this.nodes.setTaints(c.name, [
          ...this.taintsOf(c.name).filter(
            (t) => !(t["key"] === c.taint["key"] && t["effect"] === c.taint["effect"])
          ),
          c.taint
        ]);
      else if (c.kind === "untaint")
        this.nodes.setTaints(
          c.name,
          this.taintsOf(c.name).filter((t) => t["key"] !== c.key)
        );
    } catch {
    }
  }
  taintsOf(name) {
    const node = this.nodes.get(name);
    return asArray(asObj(node?.["spec"])["taints"]).filter(isObj);
  }
};

// src/rehearsal/seed.ts
import { randomUUID as randomUUID3 } from "node:crypto";
var WORKLOAD_NAMESPACE = "snapshot-workloads";
var STAND_IN_IMAGE = "registry.k8s.io/pause:3.10";
function needsLimit(resource) {
  return resource !== "cpu" && resource !== "memory" && resource !== "ephemeral-storage";
}
function containerPort(text2) {
  const m = /^([A-Za-z]+)\/(?:(.*):)?(\d+)$/.exec(text2.trim());
  if (!m) return void 0;
  const port = Number(m[3]);
  const hostIP = m[2] ?? "";
  return {
    containerPort: port,
    hostPort: port,
    protocol: m[1].toUpperCase(),
    ...hostIP !== "" && hostIP !== "0.0.0.0" ? { hostIP } : {}
  };
}
function standInPod(meta, node, requests, ports, phase) {
  const limits = {};
  for (const [k, v] of Object.entries(requests))
    if (needsLimit(k)) limits[k] = v;
  const containerPorts = ports.map(containerPort).filter((p) => p !== void 0);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta,
    spec: {
      nodeName: node,
      restartPolicy: "Always",
      containers: [
        {
          name: "recorded",
          image: STAND_IN_IMAGE,
          ...Object.keys(requests).length ? {
            resources: {
              requests: { ...requests },
              ...Object.keys(limits).length ? { limits } : {}
            }
          } : {},
          ...containerPorts.length ? { ports: containerPorts } : {}
        }
      ]
    },
    status: { phase }
  };
}
var SeedError = class extends Error {
};
function readSeed(doc) {
  const seed = {
    nodes: [],
    daemonSets: [],
    pods: [],
    namespaces: /* @__PURE__ */ new Set(),
    withoutTemplate: [],
    recordedPods: [],
    recordedOwners: /* @__PURE__ */ new Map()
  };
  if (doc === void 0 || doc === null) return seed;
  if (!isObj(doc)) throw new SeedError("snapshot: expected an object");
  if (doc["kind"] === "DsRolloutSnapshot") return readCompact(doc, seed);
  const items = [];
  const collect2 = (d) => {
    if (Array.isArray(d)) d.forEach(collect2);
    else if (isObj(d) && Array.isArray(d["items"]))
      d["items"].forEach(collect2);
    else if (isObj(d) && typeof d["kind"] === "string") items.push(d);
  };
  if (!Array.isArray(doc["items"]) && doc["kind"] !== "List")
    throw new SeedError(
      `snapshot: expected kind DsRolloutSnapshot or a List (kubectl get nodes -o json), got kind ${String(doc["kind"] ?? "(none)")}`
    );
  collect2(doc);
  for (const item of items) {
    const ns = asString(asObj(item["metadata"])["namespace"]);
    if (ns !== void 0 && ns !== "") seed.namespaces.add(ns);
    if (item["kind"] === "Node") seed.nodes.push(cleanObject(item));
    else if (item["kind"] === "DaemonSet")
      seed.daemonSets.push({ ds: cleanObject(item) });
    else if (item["kind"] === "Pod") seed.pods.push(cleanObject(item));
  }
  if (seed.nodes.length === 0)
    throw new SeedError("snapshot: the list holds no Node objects");
  return seed;
}
function cleanObject(o) {
  const c = clone(o);
  const m = asObj(c["metadata"]);
  for (const k of ["resourceVersion", "managedFields", "selfLink"]) delete m[k];
  c["metadata"] = m;
  return c;
}
function expandVersion2(doc) {
  const fields2 = asArray(doc["nodeFields"]).map(String);
  const table = (name) => asArray(doc[name]);
  const labelSets = table("labelSets");
  const taintSets = table("taintSets");
  const resourceSets = table("resourceSets");
  const hostPortSets = table("hostPortSets");
  const templates = table("podTemplates").map(asObj);
  const phases = ["Running", "Pending", "Unknown", "Succeeded", "Failed"];
  const nodes = asArray(doc["nodes"]).map((raw, i) => {
    const row = asArray(raw);
    const col = (f) => row[fields2.indexOf(f)];
    const name = asString(col("name")) ?? "";
    const labels = { ...asStringMap(labelSets[asNumber(col("labels")) ?? -1]) };
    if (col("hostnameLabel") === 1) labels["kubernetes.io/hostname"] = name;
    const ready = col("ready");
    return {
      name,
      labels,
      taints: asArray(taintSets[asNumber(col("taints")) ?? -1]),
      unschedulable: col("unschedulable") === 1,
      conditions: typeof ready === "string" ? [{ type: "Ready", status: ready }] : [],
      allocatable: asStringMap(
        resourceSets[asNumber(col("allocatable")) ?? -1]
      ),
      requested: asStringMap(col("requested")),
      hostPorts: asArray(hostPortSets[asNumber(col("hostPorts")) ?? -1]),
      podCount: asNumber(col("podCount")) ?? 0,
      daemonPods: asArray(col("daemonPods")).map((c) => {
        const code = asNumber(c) ?? 0;
        const t = asObj(templates[Math.floor(code / 32)]);
        const state = code % 32;
        return {
          name: `${String(t["daemonSet"])}-${i.toString(36)}`,
          namespace: t["namespace"],
          daemonSet: t["daemonSet"],
          revisionHash: t["revisionHash"],
          phase: phases[state >> 1 & 7] ?? "Unknown",
          ready: (state & 1) === 1,
          ...(state & 16) === 16 ? { scheduled: false } : {},
          requests: t["requests"],
          hostPorts: t["hostPorts"]
        };
      })
    };
  });
  return { ...doc, version: 1, nodes };
}
function readCompact(doc, seed) {
  if (doc["version"] === 2) doc = expandVersion2(doc);
  if (doc["version"] !== 1)
    throw new SeedError(
      `snapshot: unsupported DsRolloutSnapshot version ${String(doc["version"])}`
    );
  const nodes = asArray(doc["nodes"]);
  nodes.forEach((raw, i) => {
    const n = asObj(raw);
    const name = asString(n["name"]);
    if (!name) throw new SeedError(`snapshot: nodes[${i}].name is missing`);
    const allocatable = asStringMap(n["allocatable"]);
    const conditions = asArray(n["conditions"]).filter(isObj);
    seed.nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        labels: { "kubernetes.io/hostname": name, ...asStringMap(n["labels"]) }
      },
      spec: {
        ...n["unschedulable"] === true ? { unschedulable: true } : {},
        ...asArray(n["taints"]).length ? { taints: clone(asArray(n["taints"])) } : {}
      },
      status: {
        capacity: allocatable,
        allocatable,
        conditions: conditions.length ? conditions.map((c) => ({ ...c })) : [
          {
            type: "Ready",
            status: "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status"
          }
        ],
        addresses: [
          {
            type: "InternalIP",
            address: `10.0.${Math.floor(i / 250)}.${i % 250 + 1}`
          },
          { type: "Hostname", address: name }
        ],
        nodeInfo: {
          kubeletVersion: asString(asObj(doc["cluster"])["version"]) ?? "v1.32.0",
          containerRuntimeVersion: "containerd://1.7.0",
          osImage: "Rehearsal Linux",
          kernelVersion: "6.1.0",
          operatingSystem: "linux",
          architecture: "amd64"
        }
      }
    });
    const requested = asStringMap(n["requested"]);
    const hostPorts = asArray(n["hostPorts"]).map(String);
    const count = Math.max(
      asNumber(n["podCount"]) ?? 0,
      Object.keys(requested).length || hostPorts.length ? 1 : 0
    );
    for (let k = 0; k < count; k++) {
      seed.namespaces.add(WORKLOAD_NAMESPACE);
      seed.recordedPods.push({
        pod: standInPod(
          {
            name: `workload-${k + 1}-${name}`.slice(0, 253),
            namespace: WORKLOAD_NAMESPACE,
            labels: { "ds-rollout.dev/stand-in": "workload" },
            annotations: {
              "ds-rollout.dev/stand-in": "seeded from the snapshot: one of the node's other pods (podCount), this one carrying their summed requests and host ports"
            }
          },
          name,
          k === 0 ? requested : {},
          k === 0 ? hostPorts : [],
          "Running"
        ),
        ready: true
      });
    }
  });
  const byDs = /* @__PURE__ */ new Map();
  nodes.forEach((raw) => {
    const n = asObj(raw);
    for (const p of asArray(n["daemonPods"])) {
      const dp = asObj(p);
      const podNamespace = asString(dp["namespace"]);
      if (podNamespace !== void 0 && podNamespace !== "")
        seed.namespaces.add(podNamespace);
      const key2 = `${String(dp["namespace"])}/${String(dp["daemonSet"])}`;
      const list = byDs.get(key2);
      if (list === void 0)
        byDs.set(key2, [{ node: String(n["name"]), pod: dp }]);
      else list.push({ node: String(n["name"]), pod: dp });
    }
  });
  const started = /* @__PURE__ */ new Set();
  for (const raw of asArray(doc["daemonSets"])) {
    const d = asObj(raw);
    const dsNamespace = asString(d["namespace"]);
    if (dsNamespace !== void 0 && dsNamespace !== "")
      seed.namespaces.add(dsNamespace);
    const template = asObj(d["template"]);
    if (!isObj(d["template"])) continue;
    started.add(`${String(d["namespace"])}/${String(d["name"])}`);
    const labels = asStringMap(asObj(template["metadata"])["labels"]);
    const ds = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: d["name"],
        namespace: d["namespace"] ?? "default",
        ...d["uid"] ? { uid: d["uid"] } : {}
      },
      spec: {
        selector: { matchLabels: labels },
        template: clone(template),
        ...isObj(d["updateStrategy"]) ? { updateStrategy: clone(d["updateStrategy"]) } : {},
        ...d["minReadySeconds"] !== void 0 ? { minReadySeconds: d["minReadySeconds"] } : {}
      }
    };
    const hash = asString(d["currentRevisionHash"]);
    seed.daemonSets.push({ ds, ...hash ? { revisionHash: hash } : {} });
    for (const { node, pod } of byDs.get(
      `${String(d["namespace"])}/${String(d["name"])}`
    ) ?? []) {
      seed.pods.push({
        metadata: { name: pod["name"], namespace: pod["namespace"] },
        node,
        ds: String(d["name"]),
        ready: pod["ready"] === true
      });
    }
  }
  const recordedUid = /* @__PURE__ */ new Map();
  for (const raw of asArray(doc["daemonSets"])) {
    const d = asObj(raw);
    const uid = asString(d["uid"]);
    if (uid)
      recordedUid.set(`${String(d["namespace"])}/${String(d["name"])}`, uid);
  }
  for (const [key2, pods] of byDs) {
    if (started.has(key2)) continue;
    seed.withoutTemplate.push(key2);
    const uid = recordedUid.get(key2) ?? randomUUID3();
    seed.recordedOwners.set(key2, uid);
    for (const { node, pod } of pods) {
      if (pod["scheduled"] === false) continue;
      const hash = asString(pod["revisionHash"]) ?? "";
      seed.recordedPods.push({
        pod: standInPod(
          {
            name: pod["name"],
            namespace: pod["namespace"],
            labels: hash ? { "controller-revision-hash": hash } : {},
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "DaemonSet",
                name: pod["daemonSet"],
                uid,
                controller: true,
                blockOwnerDeletion: true
              }
            ]
          },
          node,
          asStringMap(pod["requests"]),
          asArray(pod["hostPorts"]).map(String),
          asString(pod["phase"]) ?? "Running"
        ),
        ready: pod["ready"] === true
      });
    }
  }
  seed.withoutTemplate.sort();
  return seed;
}

// src/rehearsal/seeding.ts
var SYSTEM_NAMESPACES = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease"
];
function seedCluster(target, seed) {
  const { registry } = target;
  const nsType = registry.resource("", "namespaces");
  for (const ns of SYSTEM_NAMESPACES)
    registry.create(nsType, "", { metadata: { name: ns } });
  for (const ns of seed.namespaces) ensureNamespace(registry, ns);
  for (const n of seed.nodes) target.nodes.add(n);
  const listedPods = seed.pods.filter((p) => isObj(p["spec"]));
  for (const recorded of seed.daemonSets)
    seedDaemonSet(target, seed, listedPods, recorded);
  seedRecordedPods(target, seed);
  seedListedPods(target, listedPods);
  recordTemplatelessOwners(registry, seed, listedPods);
}
function ensureNamespace(registry, ns) {
  if (registry.store.peek("/namespaces", "", ns) === void 0)
    registry.create(registry.resource("", "namespaces"), "", {
      metadata: { name: ns }
    });
}
function seedDaemonSet(target, seed, listedPods, { ds: raw, revisionHash }) {
  const { registry } = target;
  const ns = namespaceOf(raw) || "default";
  ensureNamespace(registry, ns);
  const oldUid = asString(asObj(raw["metadata"])["uid"]);
  const input = clone(raw);
  delete input["status"];
  const created = registry.create(
    registry.resource("apps", "daemonsets"),
    ns,
    input
  );
  const owned = listedPods.filter(
    (p) => namespaceOf(p) === ns && (oldUid !== void 0 ? controllerRefUid(p) === oldUid : false)
  );
  const hash = revisionHash ?? hashAtCurrentGeneration(raw, owned);
  if (hash !== void 0) createCurrentRevision(registry, ns, created, hash);
  const compactPods = seed.pods.filter(
    (x) => !isObj(x["spec"]) && x["ds"] === nameOf(created) && namespaceOf(x) === ns
  );
  for (const p of compactPods)
    createCompactDaemonPod(target, ns, created, hash, p);
  const newUid = asString(asObj(created["metadata"])["uid"]);
  for (const p of owned) {
    const refs = asArray(asObj(p["metadata"])["ownerReferences"]).map(
      (r) => isObj(r) && r["uid"] === oldUid ? { ...r, uid: newUid } : r
    );
    asObj(p["metadata"])["ownerReferences"] = refs;
  }
}
function hashAtCurrentGeneration(raw, owned) {
  const gen = asString(
    asObj(asObj(raw["metadata"])["annotations"])[TEMPLATE_GENERATION_ANNOTATION]
  );
  return owned.map((p) => labelsOf(p)).find((l) => gen !== void 0 && l[TEMPLATE_GENERATION_LABEL] === gen)?.[HASH_LABEL];
}
function ownerReferenceTo(ds) {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    name: nameOf(ds),
    uid: asString(asObj(ds["metadata"])["uid"]),
    controller: true,
    blockOwnerDeletion: true
  };
}
function createCurrentRevision(registry, ns, ds, hash) {
  const template = asObj(asObj(ds["spec"])["template"]);
  registry.create(registry.resource("apps", "controllerrevisions"), ns, {
    metadata: {
      name: `${nameOf(ds)}-${hash}`,
      labels: { ...labelsOf(template), [HASH_LABEL]: hash },
      annotations: clone(asObj(asObj(ds["metadata"])["annotations"])),
      ownerReferences: [ownerReferenceTo(ds)]
    },
    data: DaemonSetController.revisionData(ds),
    revision: 1
  });
}
function createCompactDaemonPod({ registry, kubelet }, ns, ds, hash, p) {
  const tg = asString(
    asObj(asObj(ds["metadata"])["annotations"])[TEMPLATE_GENERATION_ANNOTATION]
  );
  const template = clone(asObj(asObj(ds["spec"])["template"]));
  const spec = asObj(template["spec"]);
  spec["tolerations"] = withDaemonTolerations(
    spec["tolerations"],
    spec["hostNetwork"] === true
  );
  spec["nodeName"] = p["node"];
  spec["affinity"] = {
    ...asObj(spec["affinity"]),
    nodeAffinity: {
      ...asObj(asObj(spec["affinity"])["nodeAffinity"]),
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchFields: [
              { key: "metadata.name", operator: "In", values: [p["node"]] }
            ]
          }
        ]
      }
    }
  };
  const pod = registry.create(registry.resource("", "pods"), ns, {
    metadata: {
      name: nameOf(p),
      labels: {
        ...labelsOf(template),
        ...hash ? { [HASH_LABEL]: hash } : {},
        ...tg ? { [TEMPLATE_GENERATION_LABEL]: tg } : {}
      },
      ownerReferences: [ownerReferenceTo(ds)]
    },
    spec,
    status: { phase: "Running" }
  });
  kubelet.markSeeded(uidOf(pod), p["ready"] === true);
}
function seedRecordedPods({ registry, kubelet }, seed) {
  for (const { pod: p, ready } of seed.recordedPods) {
    const ns = namespaceOf(p);
    ensureNamespace(registry, ns);
    const pod = registry.create(registry.resource("", "pods"), ns, p);
    kubelet.markSeeded(uidOf(pod), ready);
  }
}
function seedListedPods({ registry, kubelet }, listedPods) {
  for (const p of listedPods) {
    const ns = namespaceOf(p) || "default";
    ensureNamespace(registry, ns);
    if (isDeleting(p)) continue;
    const pod = registry.create(registry.resource("", "pods"), ns, p);
    if (asObj(pod["status"])["phase"] === "Running") {
      const conds = asArray(asObj(pod["status"])["conditions"]).filter(isObj);
      const ready = conds.some(
        (c) => c["type"] === "Ready" && c["status"] === "True"
      );
      kubelet.markSeeded(uidOf(pod), ready);
    }
  }
}
function recordTemplatelessOwners(registry, seed, listedPods) {
  const seededDsUids = new Set(
    registry.store.peekAll("apps/daemonsets").map((d) => asString(asObj(d["metadata"])["uid"]))
  );
  for (const p of listedPods) {
    const ref = asArray(asObj(p["metadata"])["ownerReferences"]).filter(isObj).find((r) => r["controller"] === true && r["kind"] === "DaemonSet");
    const uid = asString(ref?.["uid"]);
    if (ref === void 0 || uid === void 0 || seededDsUids.has(uid))
      continue;
    const key2 = `${namespaceOf(p) || "default"}/${String(ref["name"])}`;
    if (!seed.recordedOwners.has(key2)) seed.withoutTemplate.push(key2);
    seed.recordedOwners.set(key2, uid);
  }
  seed.withoutTemplate.sort();
}
function uidOf(obj) {
  return asString(asObj(obj["metadata"])["uid"]) ?? "";
}

// src/rehearsal/store.ts
var ObjectStore = class {
  constructor(logLimit = 5e4) {
    this.logLimit = logLimit;
  }
  logLimit;
  revision = 1;
  objects = /* @__PURE__ */ new Map();
  log = [];
  logStart = 0;
  oldestRv = 1;
  listeners = /* @__PURE__ */ new Set();
  get currentRevision() {
    return this.revision;
  }
  /** Oldest resourceVersion a watch may start from. */
  get oldestResumable() {
    return this.oldestRv;
  }
  table(resource) {
    let t = this.objects.get(resource);
    if (t === void 0) {
      t = /* @__PURE__ */ new Map();
      this.objects.set(resource, t);
    }
    return t;
  }
  /** The stored object itself (do not mutate; use put). */
  peek(resource, namespace, name) {
    return this.table(resource).get(`${namespace}/${name}`);
  }
  /** All stored objects of a resource (do not mutate), optionally in a namespace. */
  peekAll(resource, namespace) {
    const out = [];
    for (const obj of this.table(resource).values()) {
      if (namespace === void 0 || namespaceOf(obj) === namespace)
        out.push(obj);
    }
    return out;
  }
  count(resource) {
    return this.table(resource).size;
  }
  /**
   * Stores `obj` (a new or replaced object) with the next resourceVersion.
   * The caller passes a fresh object it will no longer mutate.
   */
  put(resource, obj) {
    const key2 = `${namespaceOf(obj)}/${nameOf(obj)}`;
    const table = this.table(resource);
    const existed = table.has(key2);
    this.revision++;
    const meta = obj["metadata"];
    meta["resourceVersion"] = String(this.revision);
    table.set(key2, obj);
    this.record({
      rv: this.revision,
      resource,
      type: existed ? "MODIFIED" : "ADDED",
      object: obj
    });
    return obj;
  }
  remove(resource, namespace, name) {
    const key2 = `${namespace}/${name}`;
    const table = this.table(resource);
    const obj = table.get(key2);
    if (obj === void 0) return void 0;
    table.delete(key2);
    this.revision++;
    const gone = clone(obj);
    gone["metadata"]["resourceVersion"] = String(this.revision);
    this.record({ rv: this.revision, resource, type: "DELETED", object: gone });
    return gone;
  }
  record(event) {
    this.log.push(event);
    if (this.log.length - this.logStart > this.logLimit)
      this.compactTo(Math.floor(this.logLimit / 2));
    for (const l of this.listeners) l(event);
  }
  /** Drops all but the newest `keep` log entries: older resourceVersions expire. */
  compactTo(keep) {
    const live = this.log.length - this.logStart;
    const drop = Math.max(0, live - keep);
    this.logStart += drop;
    const first = this.log[this.logStart];
    this.oldestRv = first === void 0 ? this.revision : first.rv - 1;
    if (this.logStart > 1e4) {
      this.log.splice(0, this.logStart);
      this.logStart = 0;
    }
  }
  /** Events after `rv` for a resource, or undefined when `rv` has expired. */
  eventsSince(resource, rv) {
    if (rv < this.oldestRv) return void 0;
    const out = [];
    for (let i = this.logStart; i < this.log.length; i++) {
      const e = this.log[i];
      if (e.rv > rv && e.resource === resource) out.push(e);
    }
    return out;
  }
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
};

// src/rehearsal/tls.ts
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
var run = promisify(execFile);
function findOpenssl() {
  for (const p of [
    "/usr/bin/openssl",
    "/usr/local/bin/openssl",
    "/opt/homebrew/bin/openssl"
  ])
    if (existsSync(p)) return p;
  return void 0;
}
async function generateTls() {
  const openssl = findOpenssl();
  if (openssl === void 0)
    throw new Error(
      "the rehearsal cluster needs the openssl binary (looked in /usr/bin, /usr/local/bin, /opt/homebrew/bin) to make its TLS certificate"
    );
  const dir = await mkdtemp(join(tmpdir(), "ds-rollout-rehearsal-"));
  try {
    const f = (n) => join(dir, n);
    const ec = [
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes"
    ];
    await run(openssl, [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      f("ca.key"),
      "-out",
      f("ca.crt"),
      "-days",
      "2",
      "-subj",
      "/CN=ds-rollout-rehearsal-ca",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign"
    ]);
    await run(openssl, [
      "req",
      ...ec,
      "-keyout",
      f("server.key"),
      "-out",
      f("server.csr"),
      "-subj",
      "/CN=rehearsal-apiserver"
    ]);
    await writeFile(
      f("ext.cnf"),
      "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n"
    );
    await run(openssl, [
      "x509",
      "-req",
      "-in",
      f("server.csr"),
      "-CA",
      f("ca.crt"),
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
      "-out",
      f("server.crt"),
      "-days",
      "2",
      "-extfile",
      f("ext.cnf")
    ]);
    const [caCert, cert, key2] = await Promise.all([
      readFile(f("ca.crt"), "utf8"),
      readFile(f("server.crt"), "utf8"),
      readFile(f("server.key"), "utf8")
    ]);
    return { caCert, cert, key: key2 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// src/rehearsal/cluster.ts
function buildKubeconfig(server, caCert, token) {
  return (0, import_yaml2.stringify)({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "rehearsal",
        cluster: {
          server,
          "certificate-authority-data": Buffer.from(caCert).toString("base64")
        }
      }
    ],
    users: [{ name: "rehearsal", user: { token } }],
    contexts: [
      {
        name: "rehearsal",
        context: {
          cluster: "rehearsal",
          user: "rehearsal",
          namespace: "default"
        }
      }
    ],
    "current-context": "rehearsal",
    preferences: {}
  });
}
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
async function startCluster(options) {
  const scenario = parseScenario(options.scenario);
  const speed = options.speed ?? scenario.speed ?? 1;
  if (!(speed > 0))
    throw new Error(`speed must be a positive number, got ${String(speed)}`);
  const seed = readSeed(options.snapshot);
  const parts = buildParts(options, scenario, speed);
  seedCluster(parts, seed);
  const tick = controlLoop(parts, scenario, seed.recordedOwners);
  tick();
  const served = await serveApi(parts.registry, scenario, options);
  const ticking = keepTicking(tick, options, speed);
  const { clock, store, nodes, controller } = parts;
  return {
    objects: clusterObjects(parts.registry),
    advance: (ms) => clock.advance(ms),
    server: served.server,
    kubeconfig: served.kubeconfig,
    ...options.kubeconfigPath !== void 0 ? { kubeconfigPath: options.kubeconfigPath } : {},
    token: served.token,
    speed,
    caCert: served.caCert,
    async stop() {
      ticking.stop();
      await served.api.close();
    },
    addNode: (node) => nodes.add(node),
    removeNode: (name) => nodes.remove(name),
    setNodeTaints: (name, taints) => nodes.setTaints(name, taints),
    setNodeReady: (name, ready) => nodes.setReady(name, ready),
    now: () => clock.now(),
    withoutTemplate: [...seed.withoutTemplate],
    compactHistory: () => store.compactTo(0),
    tick,
    syncDaemonSets: () => controller.syncAll()
  };
}
function buildParts(options, scenario, speed) {
  const clock = new SimClock(speed, options.manualClock === true);
  const store = new ObjectStore();
  const registry = new Registry(store, clock);
  const events = new EventRecorder(registry, clock);
  const random = mulberry32(options.seed ?? scenario.seed ?? 1);
  return {
    clock,
    store,
    registry,
    nodes: new Nodes(registry, clock),
    controller: new DaemonSetController(
      registry,
      clock,
      events,
      random,
      options.fakePodControl === true
    ),
    scheduler: new Scheduler(registry, clock, events),
    kubelet: new Kubelet(
      registry,
      clock,
      events,
      scenario.timings,
      scenario.imageFaults,
      scenario.imageTimings
    )
  };
}
function controlLoop(parts, scenario, recordedOwners) {
  const { clock, registry, nodes, scheduler, kubelet, controller } = parts;
  const timeline = new ScenarioTimeline(scenario, clock, nodes);
  const collector = new GarbageCollector(registry, recordedOwners);
  let passes = 0;
  return () => {
    timeline.pass();
    nodes.syncCordon();
    collector.replaceRecordedPods();
    scheduler.run();
    kubelet.run();
    controller.syncAll();
    scheduler.run();
    if (++passes % 10 === 0) collector.collect();
  };
}
async function serveApi(registry, scenario, options) {
  const tls = await generateTls();
  const token = randomBytes(24).toString("hex");
  const api = new ApiServer({
    registry,
    token,
    cert: tls.cert,
    key: tls.key,
    faults: scenario.apiFaults.length ? new ApiFaults(scenario.apiFaults) : void 0,
    bookmarkIntervalMs: options.bookmarkIntervalMs
  });
  const port = await api.listen(options.port ?? 0);
  const server = `https://127.0.0.1:${port}`;
  const kubeconfig = buildKubeconfig(server, tls.caCert, token);
  if (options.kubeconfigPath !== void 0) {
    try {
      await (options.writeKubeconfig ?? writePrivateFile)(
        options.kubeconfigPath,
        kubeconfig
      );
    } catch (err) {
      await api.close();
      throw err;
    }
  }
  return { api, server, kubeconfig, token, caCert: tls.caCert };
}
function keepTicking(tick, options, speed) {
  let stopped = false;
  let timer;
  const tickMs = options.tickMs ?? Math.min(100, Math.max(20, 500 / speed));
  const loop = () => {
    if (stopped) return;
    try {
      tick();
    } catch (err) {
      process.emitWarning(
        `rehearsal cluster tick failed: ${err instanceof Error ? err.message : String(err)}`
      );
    }
    timer = setTimeout(loop, tickMs);
  };
  if (options.manualClock !== true) timer = setTimeout(loop, tickMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    }
  };
}
async function writePrivateFile(path, text2) {
  await writeFile2(path, text2, { encoding: "utf8", mode: 384 });
  await chmod(path, 384);
}

// src/rehearsal/index.ts
async function startRehearsalCluster(options) {
  return startCluster(options);
}

// src/cli/commands/rehearse.ts
var USAGE = `Usage: ds-rollout rehearse --snapshot <file> [--scenario <file>] [--port <n>] [--speed <n>] --kubeconfig-out <file>

Starts a local rehearsal cluster: a Kubernetes API simulator on 127.0.0.1
seeded with the snapshot's nodes and DaemonSets. kubectl and the gated apply
work against it through the kubeconfig it writes. Runs until SIGINT/SIGTERM.

Options:
  --snapshot <file>        compact snapshot (kind DsRolloutSnapshot) or
                           \`kubectl get nodes -o json\` output (JSON or YAML)
  --scenario <file>        faults and changes to inject (docs/rehearsal.md)
  --port <n>               port to listen on (default: a free port)
  --speed <n>              simulated seconds per real second (default: the
                           scenario's speed, else 1)
  --kubeconfig-out <file>  where to write the kubeconfig (context 'rehearsal')
`;
function parseFlags(args) {
  const values = /* @__PURE__ */ new Map();
  const known = [
    "--snapshot",
    "--scenario",
    "--port",
    "--speed",
    "--kubeconfig-out"
  ];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.includes(name))
      throw new UserError(
        `unknown option '${arg}' (see ds-rollout rehearse --help)`
      );
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === void 0 || value === "")
      throw new UserError(`option ${name} needs a value`);
    values.set(name, value);
  }
  const snapshot = values.get("--snapshot");
  const kubeconfigOut = values.get("--kubeconfig-out");
  if (snapshot === void 0)
    throw new UserError("--snapshot <file> is required");
  if (kubeconfigOut === void 0)
    throw new UserError("--kubeconfig-out <file> is required");
  const number = (name, check, what) => {
    const v = values.get(name);
    if (v === void 0) return void 0;
    const n = Number(v);
    if (!Number.isFinite(n) || !check(n))
      throw new UserError(`${name} must be ${what}, got '${v}'`);
    return n;
  };
  const flags = { snapshot, kubeconfigOut };
  const scenario = values.get("--scenario");
  if (scenario !== void 0) flags.scenario = scenario;
  const port = number(
    "--port",
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    "a port number (0-65535)"
  );
  if (port !== void 0) flags.port = port;
  const speed = number(
    "--speed",
    (n) => n > 0 && n <= 1e4,
    "a number greater than 0 and at most 10000"
  );
  if (speed !== void 0) flags.speed = speed;
  return flags;
}
async function readDocument(file) {
  let text2;
  try {
    text2 = await readFile2(file, "utf8");
  } catch (err) {
    const code = err.code;
    throw new UserError(
      code === "ENOENT" ? "file not found" : `cannot read file (${code ?? "error"})`,
      { file }
    );
  }
  try {
    return (0, import_yaml3.parse)(text2, { version: "1.1" });
  } catch (err) {
    if (err instanceof import_yaml3.YAMLParseError)
      throw new UserError(err.message.split("\n")[0], {
        file,
        line: err.linePos?.[0]?.line
      });
    throw err;
  }
}
function untilSignal() {
  return new Promise((done) => {
    const handler = (signal) => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
      done(signal);
    };
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
  });
}
var rehearseCommand = {
  name: "rehearse",
  summary: "Run a local rehearsal cluster (API simulator) from a node snapshot",
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args);
    const snapshotFile = resolve(io.cwd, flags.snapshot);
    const kubeconfigPath = resolve(io.cwd, flags.kubeconfigOut);
    const snapshot = await readDocument(snapshotFile);
    let scenario;
    if (flags.scenario !== void 0) {
      const scenarioFile = resolve(io.cwd, flags.scenario);
      scenario = await readDocument(scenarioFile);
      try {
        parseScenario(scenario);
      } catch (err) {
        if (err instanceof ScenarioError)
          throw new UserError(err.message, { file: scenarioFile });
        throw err;
      }
    }
    let cluster;
    try {
      cluster = await startRehearsalCluster({
        snapshot,
        scenario,
        ...flags.speed !== void 0 ? { speed: flags.speed } : {},
        ...flags.port !== void 0 ? { port: flags.port } : {},
        kubeconfigPath,
        writeKubeconfig: (path, text2) => writeFileAtomic(path, text2, path, 384)
      });
    } catch (err) {
      if (err instanceof SeedError)
        throw new UserError(err.message, { file: snapshotFile });
      const code = err.code;
      if (code === "EADDRINUSE")
        throw new UserError(`port ${String(flags.port)} is already in use`);
      if (code === "ENOENT" || code === "EACCES")
        throw new UserError(`cannot write the kubeconfig (${code})`, {
          file: kubeconfigPath
        });
      throw err;
    }
    if (cluster.withoutTemplate.length > 0)
      io.stderr(
        `note: the snapshot records no template for ${cluster.withoutTemplate.length} DaemonSet(s) (${cluster.withoutTemplate.join(", ")}): they do not run here; their recorded pods keep their requests and host ports on the nodes until a DaemonSet of that name is applied
`
      );
    io.stdout(
      `rehearsal cluster ready at ${cluster.server} (speed ${cluster.speed}x); kubeconfig: ${kubeconfigPath} (context rehearsal)
`
    );
    const signal = await untilSignal();
    await cluster.stop();
    io.stderr(`rehearsal cluster stopped (${signal})
`);
    return 0;
  }
};
export {
  rehearseCommand
};
