import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  conformToShape,
  imageTagAndDigest,
  isMap,
  lineOfField,
  makeFinding,
  namespaceOf,
  normalizeDaemonSet,
  validateShape
} from "./chunk-OYJMIEJR.js";
import {
  containerRequests,
  effectiveRequests,
  isByteResource,
  parseQuantity,
  podHostPorts,
  quantitiesEqual
} from "./chunk-6VWNBCTM.js";
import {
  REDACTED,
  redactAt,
  redactDeep,
  redactText
} from "./chunk-M2D2NH6K.js";

// src/core/render/inert.ts
var BREAKS_AND_CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g;
var BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
function oneLine(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return redactText(text).replace(BREAKS_AND_CONTROLS, " ").replace(BIDI, "");
}
var ZWSP = "\u200B";
function code(value) {
  const text = oneLine(value).replace(/\\(?=\|)/g, `\\${ZWSP}`).replace(/\|/g, "\\|");
  if (text.trim() === "") return "` `";
  let longest = 0;
  for (const run of text.match(/`+/g) ?? [])
    longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") || text.endsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
function inert(value) {
  return oneLine(value).replace(/^ +/, "").replace(/[\\`*_[\]<>!|~&$]/g, "\\$&").replace(/[@#]/g, `$&${ZWSP}`).replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`).replace(/:(?=\/\/)/g, "\\:").replace(/\b(www)\./gi, "$1\\.").replace(/^(\d+)([.)])/, "$1\\$2").replace(/^[-+=>:]/, "\\$&");
}
var RENDERED_LABEL = "(rendered by render-command)";

// src/core/plan/compact.ts
var OUTCOME_ORDER = [
  "pending",
  "delete",
  "create",
  "keep-misscheduled",
  "replace",
  "keep",
  "none"
];
var ROUTINE_ACTIONS = /* @__PURE__ */ new Set([
  "replace",
  "keep",
  "none"
]);
var NOT_READY_REASON = "the node is NotReady: a pod there does not become available";
function isRoutine(node) {
  if (!ROUTINE_ACTIONS.has(node.action) || node.fits === false) return false;
  const reasons = node.reasons;
  for (let i = 0; i < reasons.length; i += 1)
    if (reasons[i] === NOT_READY_REASON) return false;
  return true;
}
var PER_NODE_FIGURES = /^(?:pods: \d+ of \S+ already on the node|[^:]+: requests [^,]+, \S+ free)$/;
var ACTION_CODE = {
  create: 0,
  delete: 1,
  replace: 2,
  keep: 3,
  "keep-misscheduled": 4,
  pending: 5,
  none: 6
};
var POD_CODE = {
  running: 0,
  pending: 1,
  none: 2
};
var OutcomeGrouper = class {
  byReasons = /* @__PURE__ */ new Map();
  byText = /* @__PURE__ */ new Map();
  groups = [];
  lastReasons;
  lastAction;
  lastBefore;
  lastAfter;
  lastNamed = false;
  lastGroup;
  add(name, action, before, after, reasons, named) {
    const last = this.lastGroup;
    if (last !== void 0 && this.lastReasons === reasons && this.lastAction === action && this.lastBefore === before && this.lastAfter === after && this.lastNamed === named) {
      last.count += 1;
      if (last.nodeNames !== void 0) last.nodeNames.push(name);
      return last;
    }
    const code2 = ((ACTION_CODE[action] * 3 + POD_CODE[before]) * 3 + POD_CODE[after]) * 2 + (named ? 1 : 0);
    let byCode = this.byReasons.get(reasons);
    let group = byCode?.get(code2);
    if (group === void 0) {
      const reason = groupReason(reasons);
      let shared = this.byText.get(reason);
      if (shared === void 0) {
        shared = /* @__PURE__ */ new Map();
        this.byText.set(reason, shared);
      }
      group = shared.get(code2);
      if (group === void 0) {
        group = {
          action,
          before,
          after,
          reason,
          count: 0,
          listed: named,
          first: this.groups.length
        };
        if (named) group.nodeNames = [];
        shared.set(code2, group);
        this.groups.push(group);
      }
      if (Object.isFrozen(reasons)) {
        if (byCode === void 0) {
          byCode = /* @__PURE__ */ new Map();
          this.byReasons.set(reasons, byCode);
        }
        byCode.set(code2, group);
      }
    }
    this.lastReasons = reasons;
    this.lastAction = action;
    this.lastBefore = before;
    this.lastAfter = after;
    this.lastNamed = named;
    this.lastGroup = group;
    group.count += 1;
    if (group.nodeNames !== void 0) group.nodeNames.push(name);
    return group;
  }
  /**
   * One more node in a group `add` returned, for a caller that knows the
   * node's outcome is the one it added then (a shared verdict).
   */
  addTo(ref, name) {
    const group = ref;
    group.count += 1;
    if (group.nodeNames !== void 0) group.nodeNames.push(name);
  }
  /** The groups in OUTCOME_ORDER, named ones first, then by first node. */
  finish() {
    const rank = new Map(OUTCOME_ORDER.map((a, i) => [a, i]));
    return [...this.groups].sort(
      (a, b) => rank.get(a.action) - rank.get(b.action) || Number(b.listed) - Number(a.listed) || a.first - b.first
    ).map(({ listed: _listed, first: _first, ...group }) => group);
  }
};
function groupReason(reasons) {
  let out = "";
  for (let i = 0; i < reasons.length; i += 1) {
    const r = reasons[i];
    if (PER_NODE_FIGURES.test(r)) continue;
    out = out === "" ? r : `${out}; ${r}`;
  }
  return out;
}
function compactOutcomes(nodes, scope = "non-routine") {
  const all = scope === "all";
  const grouper = new OutcomeGrouper();
  const nodeDetail = [];
  for (let i = 0; i < nodes.length; i += 1) {
    const n = nodes[i];
    const named = all || !isRoutine(n);
    grouper.add(n.name, n.action, n.before, n.after, n.reasons, named);
    if (named) nodeDetail.push(n);
  }
  return { outcomes: grouper.finish(), nodeDetail };
}
function encodeWaves(waves) {
  const runs = [];
  let at2 = 0;
  for (const w of waves) {
    const start = w.startsAtSeconds ?? at2;
    const down = w.nodesDown ?? 0;
    const last = runs[runs.length - 1];
    if (last !== void 0 && last.nodes === w.nodes && last.estimatedSeconds === w.estimatedSeconds && last.nodesDown === down && last.startsAtSeconds + last.count * last.estimatedSeconds === start) {
      last.count += 1;
    } else {
      runs.push({
        count: 1,
        nodes: w.nodes,
        estimatedSeconds: w.estimatedSeconds,
        startsAtSeconds: start,
        nodesDown: down
      });
    }
    at2 = start + w.estimatedSeconds;
  }
  return runs;
}
function waveCount(runs) {
  let n = 0;
  for (const r of runs) n += r.count;
  return n;
}
function expandWaves(waves) {
  const out = [];
  let at2 = 0;
  for (const w of waves) {
    const count2 = "count" in w && typeof w.count === "number" ? w.count : 1;
    const start = w.startsAtSeconds ?? at2;
    for (let k = 0; k < count2; k += 1) {
      out.push({
        nodes: w.nodes,
        estimatedSeconds: w.estimatedSeconds,
        startsAtSeconds: start + k * w.estimatedSeconds,
        nodesDown: w.nodesDown ?? 0
      });
    }
    at2 = start + count2 * w.estimatedSeconds;
  }
  return out;
}

// src/core/render/overview.ts
function plural(count2, word) {
  return `${count2} ${word}${count2 === 1 ? "" : "s"}`;
}
function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
}
function changedDaemonSets(plan) {
  return plan.daemonSets.filter((ds) => ds.change !== "unchanged");
}
function isNoteworthy(plan) {
  return changedDaemonSets(plan).length > 0 || allFindings(plan).some((f) => f.severity !== "info");
}
function allFindings(plan) {
  return [...plan.findings, ...plan.daemonSets.flatMap((ds) => ds.findings)];
}
function renderHeadline(plan, verdict) {
  const s = plan.summary;
  const said = `plan ${verdictWord(verdict)}: ${verdict.reason}`;
  const noBase = plan.baseCompared === false ? "NO BASE COMPARED; " : "";
  if (s.changed === 0) {
    return `${noBase}No DaemonSet changes (${plural(s.daemonSets, "DaemonSet")} checked); ${said}`;
  }
  const hanging = hangingDaemonSets(plan);
  const hangs = hanging.length === 0 ? "" : `${plural(hanging.length, "rollout")} HANG (${plural(hangNodes(plan), "node")} never done); `;
  return noBase + `${plural(s.changed, "DaemonSet")} changed, ${plural(s.rollouts, "rollout")}; ` + hangs + `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "note")}; ` + said;
}
var SEVERITY_ICON = {
  error: "\u{1F6D1}",
  warning: "\u26A0\uFE0F",
  info: "\u2139\uFE0F"
};
function findingCounts(findings) {
  const parts = [];
  for (const severity of ["error", "warning", "info"]) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n > 0) parts.push(`${SEVERITY_ICON[severity]} ${n}`);
  }
  return parts.length === 0 ? "\u2014" : parts.join(" ");
}
function count(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}
function rolloutVerdict(ds) {
  const r = ds.rollout;
  if (!r.triggered) return { kind: "completes" };
  if (r.stall !== void 0 && r.stall !== null)
    return {
      kind: "hangs",
      nodesLeft: count(r.stall.nodesLeft),
      nodesLeftWorstCase: Math.max(
        count(r.stall.nodesLeft),
        count(r.stall.nodesLeftWorstCase)
      )
    };
  const never = count(r.neverAvailable);
  if (never > 0) return { kind: "never-completes", neverAvailable: never };
  return { kind: "completes" };
}
function nodesLeftText(v) {
  return v.nodesLeft === v.nodesLeftWorstCase ? `${v.nodesLeft}` : `${v.nodesLeft}\u2013${v.nodesLeftWorstCase}`;
}
function rolloutText(ds) {
  const r = ds.rollout;
  if (!r.triggered) return "no";
  if (r.strategy === "OnDelete")
    return "OnDelete (pods replaced only when deleted)";
  const verdict = rolloutVerdict(ds);
  const of = r.desired === void 0 ? "" : ` of ${r.desired}`;
  if (verdict.kind === "hangs")
    return `HANGS: ${nodesLeftText(verdict)}${of} nodes stay on the old pod`;
  const waves = r.waves === void 0 ? void 0 : r.waveCount ?? waveCount(r.waves);
  const yes = waves === void 0 ? "yes" : `yes, ${plural(waves, "wave")}`;
  if (verdict.kind === "never-completes")
    return `${yes}; NEVER COMPLETES: ${plural(verdict.neverAvailable, "node")} never ${verdict.neverAvailable === 1 ? "gets" : "get"} an available pod`;
  return yes;
}
function rolloutCell(ds) {
  const verdict = rolloutVerdict(ds);
  const icon = ds.rollout.strategy === "OnDelete" || verdict.kind === "completes" ? "" : "\u26D4 ";
  return `${icon}${rolloutText(ds)}`;
}
function timeText(ds) {
  const r = ds.rollout;
  if (r.estimatedSeconds === void 0) return "\u2014";
  const verdict = rolloutVerdict(ds);
  if (verdict.kind === "hangs") return "never (hangs)";
  const time = `~${formatDuration(r.estimatedSeconds)}`;
  return verdict.kind === "never-completes" ? `${time}, then never done` : time;
}
function hangingDaemonSets(plan) {
  return plan.daemonSets.filter((ds) => rolloutVerdict(ds).kind !== "completes");
}
function hangNodes(plan) {
  let total = 0;
  for (const ds of plan.daemonSets) {
    const v = rolloutVerdict(ds);
    if (v.kind === "hangs") total += v.nodesLeftWorstCase;
    else if (v.kind === "never-completes") total += v.neverAvailable;
  }
  return total;
}
function renderOverviewTable(plan) {
  const rows = overviewDaemonSets(plan).map((ds) => {
    const where = `${ds.namespace}/${ds.name}`;
    const nodes = ds.rollout.desired === void 0 ? "\u2014" : String(ds.rollout.desired);
    return `| ${code(where)} | ${ds.change} | ${rolloutCell(ds)} | ${nodes} | ${timeText(ds)} | ${findingCounts(ds.findings)} |`;
  });
  if (rows.length === 0) return "";
  const unchanged = plan.daemonSets.length - rows.length;
  return [
    "| DaemonSet | Change | Rollout | Nodes | Estimated time | Findings |",
    "| --- | --- | --- | ---: | ---: | --- |",
    ...rows,
    ...unchanged > 0 ? [`| ${plural(unchanged, "unchanged DaemonSet")} | | | | | |`] : []
  ].join("\n");
}
function overviewDaemonSets(plan) {
  return plan.daemonSets.filter(
    (ds) => ds.change !== "unchanged" || ds.findings.some((f) => f.severity !== "info")
  );
}
function renderNoBaseBanner(plan) {
  if (plan.baseCompared !== false) return "";
  return [
    "> [!WARNING]",
    "> **No base compared.** No base manifests or base ref were given or found, so every DaemonSet is shown as added. Give `base-ref` or `base-manifests` (CLI: `--base-ref` or `--base`) to see what this change really does."
  ].join("\n");
}
function verdictWord(verdict) {
  return verdict.outcome === "pass" ? "accepted" : "rejected";
}
function renderVerdictLine(verdict) {
  return verdict.outcome === "pass" ? `\u2705 **Plan accepted**: ${verdict.reason}.` : `\u274C **Plan rejected**: ${verdict.reason}.`;
}

// src/core/diff/field-diff.ts
function byField(field) {
  return (item) => {
    const value = item[field];
    return typeof value === "string" || typeof value === "number" ? `${field}=${value}` : void 0;
  };
}
function byFields(fields) {
  return (item) => {
    const parts = fields.filter((f) => item[f] !== void 0 && item[f] !== "").map((f) => `${f}=${String(item[f])}`);
    return parts.length === 0 ? "(empty)" : parts.join(",");
  };
}
var PORT_KEY = byFields(["containerPort", "protocol"]);
var LIST_KEYS = {
  containers: byField("name"),
  initContainers: byField("name"),
  ephemeralContainers: byField("name"),
  volumes: byField("name"),
  env: byField("name"),
  imagePullSecrets: byField("name"),
  volumeMounts: byField("mountPath"),
  volumeDevices: byField("devicePath"),
  hostAliases: byField("ip"),
  tolerations: byFields(["key", "operator", "value", "effect"]),
  ports: PORT_KEY
};
function isQuantityField(parentKey, key) {
  return parentKey === "requests" || parentKey === "limits" || parentKey === "overhead" || key === "sizeLimit";
}
var IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
function joinPath(path, key) {
  const segment = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === "") return segment;
  return segment.startsWith("[") ? path + segment : `${path}.${segment}`;
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
function keysFor(items, keyOf) {
  if (!items.every(isMap)) return void 0;
  const maps = items;
  const keys = maps.map((item) => keyOf(item, maps));
  if (keys.some((k) => k === void 0)) return void 0;
  if (new Set(keys).size !== keys.length) return void 0;
  return keys;
}
function keyOfList(key, before, after) {
  if (key === "ports") {
    const named = [...before, ...after].every(
      (p) => isMap(p) && typeof p.name === "string" && p.name !== ""
    );
    if (named) return byField("name");
  }
  return LIST_KEYS[key];
}
function push(out, where, path, before, after) {
  const change = { path, headPath: where.headPath };
  if (before !== void 0) change.before = before;
  if (after !== void 0) change.after = after;
  out.push(change);
}
function diffList(before, after, where, out) {
  const { path, headPath, key } = where;
  const keyed = key in LIST_KEYS;
  const keyOf = keyed ? keyOfList(key, before, after) : void 0;
  const beforeKeys = keyOf && keysFor(before, keyOf);
  const afterKeys = keyOf && keysFor(after, keyOf);
  if (beforeKeys !== void 0 && afterKeys !== void 0) {
    const afterIndex = new Map(afterKeys.map((k, i) => [k, i]));
    const beforeIndex = new Map(beforeKeys.map((k, i) => [k, i]));
    const common = beforeKeys.filter((k) => afterIndex.has(k));
    const commonAfter = afterKeys.filter((k) => beforeIndex.has(k));
    if (common.some((k, i) => k !== commonAfter[i]))
      push(out, where, `${path} (order)`, common, commonAfter);
    beforeKeys.forEach((k, i) => {
      const j = afterIndex.get(k);
      const item = {
        path: `${path}[${k}]`,
        headPath,
        key: "",
        parentKey: key
      };
      if (j === void 0) push(out, item, item.path, before[i], void 0);
      else
        diffAt(
          before[i],
          after[j],
          { ...item, headPath: `${headPath}[${j}]` },
          out
        );
    });
    afterKeys.forEach((k, j) => {
      if (!beforeIndex.has(k))
        push(
          out,
          { ...where, headPath: `${headPath}[${j}]` },
          `${path}[${k}]`,
          void 0,
          after[j]
        );
    });
    return;
  }
  const scalars = [...before, ...after].every(
    (v) => !isMap(v) && !Array.isArray(v)
  );
  if (scalars || before.length !== after.length) {
    if (!deepEqual(before, after)) push(out, where, path, before, after);
    return;
  }
  before.forEach(
    (item, i) => diffAt(
      item,
      after[i],
      {
        path: `${path}[${i}]`,
        headPath: `${headPath}[${i}]`,
        key: "",
        parentKey: key
      },
      out
    )
  );
}
function diffAt(before, after, where, out) {
  if (before === void 0 && after === void 0) return;
  if (before === void 0 || after === void 0) {
    push(out, where, where.path, before, after);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffList(before, after, where, out);
    return;
  }
  if (isMap(before) && isMap(after)) {
    const keys = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])];
    keys.sort();
    for (const k of keys)
      diffAt(
        before[k],
        after[k],
        {
          path: joinPath(where.path, k),
          headPath: where.headPath === "" ? k : `${where.headPath}.${k}`,
          key: k,
          parentKey: where.key
        },
        out
      );
    return;
  }
  const equal = isQuantityField(where.parentKey, where.key) ? quantitiesEqual(before, after) : deepEqual(before, after);
  if (!equal) push(out, where, where.path, before, after);
}
function diffValues(before, after) {
  const out = [];
  diffAt(before, after, { path: "", headPath: "", key: "", parentKey: "" }, out);
  return out;
}

// src/core/diff/json.ts
function at(object, ...keys) {
  let current = object;
  for (const key of keys) {
    if (typeof key === "number") {
      if (!Array.isArray(current)) return void 0;
      current = current[key];
    } else {
      if (!isMap(current)) return void 0;
      current = current[key];
    }
  }
  return current;
}
function mapsOf(value) {
  return Array.isArray(value) ? value.filter(isMap) : [];
}
function stringMap(value) {
  const out = {};
  if (!isMap(value)) return out;
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

// src/core/diff/config-refs.ts
function nameOf(value, field = "name") {
  if (!isMap(value)) return void 0;
  const name = value[field];
  return typeof name === "string" && name !== "" ? name : void 0;
}
function configRefs(podSpec) {
  const refs = /* @__PURE__ */ new Map();
  const add = (kind, holder, via, field = "name") => {
    const name = nameOf(holder, field);
    if (name === void 0) return;
    const optional = isMap(holder) && holder.optional === true;
    const key = `${kind}/${name}`;
    const known = refs.get(key);
    refs.set(key, {
      kind,
      name,
      // env wins: it is the case where even a kubelet refresh does not help.
      via: known?.via === "env" ? "env" : via,
      optional: (known?.optional ?? true) && optional
    });
  };
  if (!isMap(podSpec)) return [];
  for (const volume of mapsOf(podSpec.volumes)) {
    add("ConfigMap", volume.configMap, "volume");
    add("Secret", volume.secret, "volume", "secretName");
    for (const source of mapsOf(
      isMap(volume.projected) ? volume.projected.sources : void 0
    )) {
      add("ConfigMap", source.configMap, "volume");
      add("Secret", source.secret, "volume");
    }
  }
  for (const list of ["initContainers", "containers", "ephemeralContainers"])
    for (const container of mapsOf(podSpec[list])) {
      for (const env of mapsOf(container.env)) {
        const from = isMap(env.valueFrom) ? env.valueFrom : {};
        add("ConfigMap", from.configMapKeyRef, "env");
        add("Secret", from.secretKeyRef, "env");
      }
      for (const envFrom of mapsOf(container.envFrom)) {
        add("ConfigMap", envFrom.configMapRef, "env");
        add("Secret", envFrom.secretRef, "env");
      }
    }
  return [...refs.values()];
}
function contentOf(object) {
  const out = {};
  const decode = (value) => {
    if (typeof value !== "string") return value;
    try {
      return atob(value.replace(/\s+/g, ""));
    } catch {
      return value;
    }
  };
  if (object.kind === "Secret") {
    for (const [k, v] of Object.entries(isMap(object.data) ? object.data : {}))
      out[k] = decode(v);
    for (const [k, v] of Object.entries(
      isMap(object.stringData) ? object.stringData : {}
    ))
      out[k] = v;
  } else {
    for (const [k, v] of Object.entries(isMap(object.data) ? object.data : {}))
      out[k] = v;
    for (const [k, v] of Object.entries(
      isMap(object.binaryData) ? object.binaryData : {}
    ))
      out[`binary:${k}`] = v;
  }
  return out;
}
function configKey(kind, namespace, name) {
  return `${kind}/${namespace}/${name}`;
}
function indexConfigs(objects) {
  const index = /* @__PURE__ */ new Map();
  for (const entry of objects) {
    const { kind, metadata } = entry.object;
    if (kind !== "ConfigMap" && kind !== "Secret") continue;
    const name = metadata?.name;
    if (typeof name !== "string") continue;
    index.set(configKey(kind, namespaceOf(entry.object), name), entry);
  }
  return index;
}
function changedConfigs(base, head) {
  const before = indexConfigs(base);
  const changes = /* @__PURE__ */ new Map();
  for (const [key, entry] of indexConfigs(head)) {
    const old = before.get(key);
    if (old === void 0) continue;
    const a = contentOf(old.object);
    const b = contentOf(entry.object);
    const keys = [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !deepEqual(a[k], b[k])).map((k) => k.replace(/^binary:/, "")).sort();
    if (keys.length === 0) continue;
    changes.set(key, {
      kind: entry.object.kind,
      namespace: namespaceOf(entry.object),
      name: String(entry.object.metadata?.name),
      keys,
      immutable: old.object.immutable === true,
      file: entry.source.file,
      line: entry.source.line
    });
  }
  return changes;
}
function configChangeFor(changes, namespace, ref) {
  return changes.get(configKey(ref.kind, namespace, ref.name));
}
function removedConfigs(base, head) {
  const after = indexConfigs(head);
  return new Set([...indexConfigs(base).keys()].filter((k) => !after.has(k)));
}
var GENERATED_SUFFIX = /-[bcdfghkmt2456789]{10}$/;
function generatedStem(name) {
  return GENERATED_SUFFIX.test(name) ? name.replace(GENERATED_SUFFIX, "") : void 0;
}
function renamedConfigs(basePodSpec, headPodSpec, namespace, base, head, redacted) {
  const before = configRefs(basePodSpec);
  const after = configRefs(headPodSpec);
  const baseIndex = indexConfigs(base);
  const headIndex = indexConfigs(head);
  const out = [];
  for (const ref of after) {
    const stem = generatedStem(ref.name);
    if (stem === void 0) continue;
    if (before.some((b2) => b2.kind === ref.kind && b2.name === ref.name)) continue;
    const old = before.find(
      (b2) => b2.kind === ref.kind && b2.name !== ref.name && generatedStem(b2.name) === stem
    );
    if (old === void 0) continue;
    const oldObject = baseIndex.get(configKey(ref.kind, namespace, old.name));
    const newObject = headIndex.get(configKey(ref.kind, namespace, ref.name));
    if (oldObject === void 0 || newObject === void 0) continue;
    const a = contentOf(oldObject.object);
    const b = contentOf(newObject.object);
    const changes = [];
    for (const key of [
      .../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])
    ].sort()) {
      if (deepEqual(a[key], b[key])) continue;
      const change = { key: key.replace(/^binary:/, "") };
      const secret = ref.kind === "Secret" || key.startsWith("binary:");
      if (key in a) change.before = secret ? redacted : a[key];
      if (key in b) change.after = secret ? redacted : b[key];
      changes.push(change);
    }
    out.push({
      kind: ref.kind,
      namespace,
      before: old.name,
      after: ref.name,
      changes
    });
  }
  return out;
}

// src/core/k8s/label-selector.ts
function labelSelectorMatches(selector, labels) {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
        if (!has || !values.includes(value ?? "")) return false;
        break;
      case "NotIn":
        if (has && values.includes(value ?? "")) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
function labelSelectorIsEmpty(selector) {
  return selector === void 0 || Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}
function selectorToString(selector) {
  const parts = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}).sort(
    ([a], [b]) => a < b ? -1 : a > b ? 1 : 0
  )) {
    parts.push(`${key}=${value}`);
  }
  for (const req of selector?.matchExpressions ?? []) {
    const values = [...req.values ?? []].sort().join(",");
    switch (req.operator) {
      case "In":
        parts.push(`${req.key} in (${values})`);
        break;
      case "NotIn":
        parts.push(`${req.key} notin (${values})`);
        break;
      case "Exists":
        parts.push(req.key);
        break;
      case "DoesNotExist":
        parts.push(`!${req.key}`);
        break;
    }
  }
  return parts.join(",");
}

// src/core/k8s/node-affinity.ts
function parseInt64(text) {
  if (!/^[+-]?\d+$/.test(text)) return void 0;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n)
    return void 0;
  return value;
}
var LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
var LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
var DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function validLabelValue(value) {
  return value.length <= 63 && LABEL_VALUE.test(value);
}
function validLabelKey(key) {
  const slash = key.indexOf("/");
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
      return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}
function own(labels, key) {
  const value = labels[key];
  if (typeof value === "string") return value;
  return value !== void 0 && Object.prototype.hasOwnProperty.call(labels, key) ? value : void 0;
}
function compileLabelRequirement(req) {
  const key = req.key;
  const values = req.values ?? [];
  if (typeof key !== "string" || key === "") return void 0;
  if (!validLabelKey(key)) return void 0;
  if ((req.operator === "In" || req.operator === "NotIn") && !values.every((v) => typeof v === "string" && validLabelValue(v)))
    return void 0;
  switch (req.operator) {
    case "In": {
      if (values.length === 0) return void 0;
      const set = new Set(values);
      return (n) => {
        const v = own(n.labels, key);
        return v !== void 0 && set.has(v);
      };
    }
    case "NotIn": {
      if (values.length === 0) return void 0;
      const set = new Set(values);
      return (n) => {
        const v = own(n.labels, key);
        return v === void 0 || !set.has(v);
      };
    }
    case "Exists":
      if (values.length !== 0) return void 0;
      return (n) => own(n.labels, key) !== void 0;
    case "DoesNotExist":
      if (values.length !== 0) return void 0;
      return (n) => own(n.labels, key) === void 0;
    case "Gt":
    case "Lt": {
      if (values.length !== 1) return void 0;
      const bound = parseInt64(values[0] ?? "");
      if (bound === void 0) return void 0;
      const greater = req.operator === "Gt";
      return (n) => {
        const v = own(n.labels, key);
        if (v === void 0) return false;
        const parsed = parseInt64(v);
        if (parsed === void 0) return false;
        return greater ? parsed > bound : parsed < bound;
      };
    }
    default:
      return void 0;
  }
}
function compileFieldRequirement(req) {
  const values = req.values ?? [];
  if (values.length !== 1) return void 0;
  const wanted = values[0];
  const byName = req.key === "metadata.name";
  if (req.operator === "In")
    return byName ? (n) => n.name === wanted : () => wanted === "";
  if (req.operator === "NotIn")
    return byName ? (n) => n.name !== wanted : () => wanted !== "";
  return void 0;
}
function compileTerm(term) {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return void 0;
  const reqs = [];
  for (const e of expressions) {
    const r = compileLabelRequirement(e);
    if (r === void 0) return void 0;
    reqs.push(r);
  }
  for (const f of fields) {
    const r = compileFieldRequirement(f);
    if (r === void 0) return void 0;
    reqs.push(r);
  }
  if (reqs.length === 1) return reqs[0];
  return (n) => {
    for (const r of reqs) if (!r(n)) return false;
    return true;
  };
}
function compileNodeSelector(selector) {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return void 0;
  return (n) => {
    for (const [k, v] of entries) if (own(n.labels, k) !== v) return false;
    return true;
  };
}
function compileRequiredAffinity(terms) {
  if (terms === void 0) return void 0;
  const compiled = [];
  for (const t of terms) {
    const c = compileTerm(t);
    if (c !== void 0) compiled.push(c);
  }
  if (compiled.length === 0) return () => false;
  if (compiled.length === 1) return compiled[0];
  return (n) => {
    for (const c of compiled) if (c(n)) return true;
    return false;
  };
}
function compileNodeAffinity(spec) {
  const bySelector = compileNodeSelector(spec?.nodeSelector);
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const byAffinity = required === void 0 || required === null ? void 0 : compileRequiredAffinity(required.nodeSelectorTerms ?? []);
  if (bySelector === void 0 && byAffinity === void 0) return () => true;
  if (bySelector === void 0) return byAffinity;
  if (byAffinity === void 0) return bySelector;
  return (n) => bySelector(n) && byAffinity(n);
}

// src/core/diff/validate-scheduling.ts
function validateTolerations(ref, podSpec, out) {
  for (const [i, t] of mapsOf(podSpec.tolerations).entries()) {
    const where = `spec.template.spec.tolerations[${i}]`;
    const key = typeof t.key === "string" ? t.key : "";
    const operator = t.operator ?? "Equal";
    const problems = [];
    if (operator !== "Equal" && operator !== "Exists" && operator !== "Lt" && operator !== "Gt")
      problems.push(
        `operator ${JSON.stringify(operator)} is not supported (Equal or Exists)`
      );
    if (key === "" && operator !== "Exists")
      problems.push("an empty key requires operator Exists");
    if (operator === "Exists" && t.value !== void 0 && t.value !== "")
      problems.push("operator Exists requires an empty value");
    if (t.effect !== void 0 && t.effect !== "" && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(
      String(t.effect)
    ))
      problems.push(
        `effect ${JSON.stringify(t.effect)} is not NoSchedule, PreferNoSchedule or NoExecute`
      );
    if (t.tolerationSeconds !== void 0 && t.effect !== "NoExecute")
      problems.push("tolerationSeconds requires effect NoExecute");
    for (const p of problems)
      out.push(
        makeFinding(ref, "error", "invalid-toleration", `${where}: ${p} (R8.6)`)
      );
  }
}
function nodeRequirementProblem(req, field) {
  const values = Array.isArray(req.values) ? req.values : [];
  if (field && req.key !== "metadata.name")
    return "matchFields supports only the key metadata.name";
  if (field && (req.operator !== "In" && req.operator !== "NotIn" || values.length !== 1))
    return "matchFields on metadata.name needs operator In or NotIn with exactly one value";
  switch (req.operator) {
    case "In":
    case "NotIn":
      return values.length === 0 ? `operator ${req.operator} needs at least one value` : void 0;
    case "Exists":
    case "DoesNotExist":
      return values.length > 0 ? `operator ${req.operator} must have no values` : void 0;
    case "Gt":
    case "Lt":
      return values.length !== 1 || !/^-?\d+$/.test(String(values[0])) ? `operator ${req.operator} needs exactly one integer value` : void 0;
    default:
      return `operator ${JSON.stringify(req.operator)} is not supported`;
  }
}
function validateAffinity(ref, podSpec, out) {
  const base = "spec.template.spec.affinity.nodeAffinity";
  const nodeAffinity = at(podSpec, "affinity", "nodeAffinity");
  if (!isMap(nodeAffinity)) return;
  const terms = [];
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (isMap(required)) {
    const list = mapsOf(required.nodeSelectorTerms);
    if (list.length === 0)
      out.push(
        makeFinding(
          ref,
          "error",
          "invalid-node-affinity",
          `${base}.requiredDuringSchedulingIgnoredDuringExecution needs at least one nodeSelectorTerm (R8.6)`
        )
      );
    list.forEach(
      (t, i) => terms.push([
        `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
        t
      ])
    );
  }
  mapsOf(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach(
    (p, i) => {
      if (isMap(p.preference))
        terms.push([
          `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
          p.preference
        ]);
    }
  );
  for (const [where, term] of terms) {
    mapsOf(term.matchExpressions).forEach((req, j) => {
      const values = Array.isArray(req.values) ? req.values : [];
      const bad = values.filter(
        (v) => typeof v === "string" && !validLabelValue(v)
      );
      if ((req.operator === "In" || req.operator === "NotIn") && bad.length > 0)
        out.push(
          makeFinding(
            ref,
            "warning",
            "node-affinity-matches-nothing",
            `${where}.matchExpressions[${j}]: ${JSON.stringify(bad[0])} is not a valid label value, so this term matches no node (the scheduler and the DaemonSet controller parse it as a label requirement); no node label can have that value. Fix the value, or the DaemonSet runs on fewer nodes than intended`,
            `${where}.matchExpressions[${j}].values`
          )
        );
    });
    for (const [field, isField] of [
      ["matchExpressions", false],
      ["matchFields", true]
    ])
      mapsOf(term[field]).forEach((req, j) => {
        const problem = nodeRequirementProblem(req, isField);
        if (problem !== void 0)
          out.push(
            makeFinding(
              ref,
              "error",
              "invalid-node-affinity",
              `${where}.${field}[${j}]: ${problem} (R8.6)`
            )
          );
      });
  }
}

// src/core/diff/validate-strategy.ts
var PERCENT = /^[0-9]+%$/;
function intOrPercentProblem(value) {
  if (typeof value === "number") {
    if (!Number.isInteger(value))
      return "must be an integer or a percent string";
    return value < 0 ? "must be greater than or equal to 0" : void 0;
  }
  if (typeof value === "string") {
    if (!PERCENT.test(value))
      return "must be an integer or a percent string such as '10%' (a string without '%' is rejected)";
    return Number(value.slice(0, -1)) > 100 ? "must not be greater than 100%" : void 0;
  }
  return "must be an integer or a percent string";
}
function isZero(value) {
  return value === 0 || typeof value === "string" && PERCENT.test(value) && Number(value.slice(0, -1)) === 0;
}
function validateStrategy(ref, raw, normal, out) {
  const type = at(normal, "spec", "updateStrategy", "type");
  if (type !== "RollingUpdate" && type !== "OnDelete") {
    out.push(
      makeFinding(
        ref,
        "error",
        "invalid-update-strategy",
        `spec.updateStrategy.type ${JSON.stringify(type)} is not supported: use RollingUpdate or OnDelete (R3.6)`
      )
    );
    return;
  }
  if (type !== "RollingUpdate") return;
  const path = "spec.updateStrategy.rollingUpdate";
  const maxUnavailable = at(
    normal,
    "spec",
    "updateStrategy",
    "rollingUpdate",
    "maxUnavailable"
  );
  const maxSurge = at(
    normal,
    "spec",
    "updateStrategy",
    "rollingUpdate",
    "maxSurge"
  );
  let valid = true;
  for (const [field, value] of [
    ["maxUnavailable", maxUnavailable],
    ["maxSurge", maxSurge]
  ]) {
    const problem = intOrPercentProblem(value);
    if (problem !== void 0) {
      valid = false;
      out.push(
        makeFinding(
          ref,
          "error",
          "invalid-int-or-percent",
          `${path}.${field} ${JSON.stringify(value)} ${problem} (R3.6)`
        )
      );
    }
  }
  if (!valid) return;
  const unavailableGiven = at(raw, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable") !== void 0 && at(raw, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable") !== null;
  if (!isZero(maxSurge) && !isZero(maxUnavailable)) {
    if (!unavailableGiven)
      out.push(
        makeFinding(
          ref,
          "error",
          "max-surge-requires-max-unavailable-zero",
          `${path}.maxSurge is ${JSON.stringify(maxSurge)} but maxUnavailable is not set: the API server defaults it to 1 and then rejects the DaemonSet ("maxSurge: may not be set when maxUnavailable is non-zero"). Fix: add maxUnavailable: 0 (R3.6, R8.1)`
        )
      );
    else
      out.push(
        makeFinding(
          ref,
          "error",
          "max-surge-and-max-unavailable-both-set",
          `${path}: maxSurge ${JSON.stringify(maxSurge)} and maxUnavailable ${JSON.stringify(maxUnavailable)} are both non-zero; the API server rejects this ("may not be set when maxUnavailable is non-zero"). Set exactly one of them to 0 (R3.6)`
        )
      );
  } else if (isZero(maxSurge) && isZero(maxUnavailable)) {
    out.push(
      makeFinding(
        ref,
        "error",
        "max-surge-and-max-unavailable-both-zero",
        `${path}: maxUnavailable and maxSurge are both 0, so no pod could ever be replaced; the API server rejects this ("cannot be 0 when maxSurge is 0"). Set one of them above 0 (R3.6)`
      )
    );
  }
}
function validateSurgeHostPort(ref, normal, out) {
  if (at(normal, "spec", "updateStrategy", "type") !== "RollingUpdate") return;
  const maxSurge = at(
    normal,
    "spec",
    "updateStrategy",
    "rollingUpdate",
    "maxSurge"
  );
  if (isZero(maxSurge) || intOrPercentProblem(maxSurge) !== void 0) return;
  const podSpec = at(normal, "spec", "template", "spec");
  if (!isMap(podSpec)) return;
  const ports = podHostPorts(podSpec);
  if (ports.length === 0) return;
  const hostNetwork = podSpec.hostNetwork === true;
  out.push(
    makeFinding(
      ref,
      "error",
      "host-port-with-surge",
      `maxSurge ${JSON.stringify(maxSurge)} with ${hostNetwork ? "hostNetwork container ports" : "host ports"} (${ports.join(", ")}): the surge pod lands on the node whose old pod still holds the port, stays Pending ("didn't have free ports for the requested pod ports"), and the old pod is never deleted: the rollout deadlocks (R3.15). Use maxSurge: 0 with maxUnavailable instead`
    )
  );
}

// src/core/diff/validate-pod-spec.ts
var DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
var DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
var QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
var IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
var PROTOCOLS = /* @__PURE__ */ new Set(["TCP", "UDP", "SCTP"]);
var PULL_POLICIES = /* @__PURE__ */ new Set(["Always", "IfNotPresent", "Never"]);
var TOTAL_ANNOTATION_BYTES = 256 * 1024;
function qualifiedNameProblem(key) {
  const parts = key.split("/");
  let name = key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    name = parts[1] ?? "";
    if (prefix === "") return "prefix part must be non-empty";
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
      return "prefix part must be a lowercase RFC 1123 subdomain (at most 253 characters)";
  } else if (parts.length > 2)
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  if (name === "") return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return void 0;
}
function portNameProblem(name) {
  if (name.length > 15) return "must be no more than 15 characters";
  if (!IANA_SVC_NAME.test(name))
    return "must contain only lowercase alphanumeric characters or '-', and start and end with an alphanumeric character";
  if (name.includes("--")) return "must not contain consecutive hyphens ('--')";
  if (!/[a-z]/.test(name)) return "must contain at least one letter (a-z)";
  return void 0;
}
function quantityProblem(value) {
  if (typeof value === "string" && value !== value.trim())
    return "must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$ (no spaces)";
  const parsed = parseQuantity(value);
  if (parsed === void 0)
    return "must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$ (for example 100m, 0.5, 64Mi, 1Gi)";
  if (parsed < 0n) return "must be greater than or equal to 0";
  return void 0;
}
function checkLabels(add, labels, path) {
  if (!isMap(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem !== void 0)
      add(
        "invalid-label",
        `${path}: label key ${JSON.stringify(key)} is invalid: ${keyProblem}`,
        `${path}.${key}`
      );
    if (typeof value === "string" && !validLabelValue(value))
      add(
        "invalid-label",
        `${path}.${key}: label value ${JSON.stringify(value)} is invalid: must be 63 characters or less, and empty or begin and end with an alphanumeric character, with '-', '_', '.' or alphanumerics between`,
        `${path}.${key}`
      );
  }
}
function checkAnnotations(add, annotations, path) {
  if (!isMap(annotations)) return;
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += key.length + (typeof value === "string" ? value.length : 0);
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem !== void 0)
      add(
        "invalid-annotation",
        `${path}: annotation key ${JSON.stringify(key)} is invalid: ${problem}`,
        `${path}.${key}`
      );
  }
  if (total > TOTAL_ANNOTATION_BYTES)
    add(
      "invalid-annotation",
      `${path}: annotations may not be larger than 256 KiB in total (these are ${total} characters)`,
      path
    );
}
function checkSelector(add, selector, path) {
  if (!isMap(selector)) return;
  checkLabels(add, selector.matchLabels, `${path}.matchLabels`);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  expressions.forEach((req, i) => {
    if (!isMap(req)) return;
    const at2 = `${path}.matchExpressions[${i}]`;
    if (typeof req.key === "string") {
      const problem = qualifiedNameProblem(req.key);
      if (problem !== void 0)
        add(
          "invalid-label",
          `${at2}.key ${JSON.stringify(req.key)} is invalid: ${problem}`,
          `${at2}.key`
        );
    }
    const values = Array.isArray(req.values) ? req.values : [];
    values.forEach((value, j) => {
      if (typeof value === "string" && !validLabelValue(value))
        add(
          "invalid-label",
          `${at2}.values[${j}] ${JSON.stringify(value)} is not a valid label value (63 characters or less, alphanumeric at both ends)`,
          `${at2}.values[${j}]`
        );
    });
  });
}
function checkPortNumber(add, value, path, allowZero) {
  if (typeof value !== "number") return;
  if (value < (allowZero ? 0 : 1) || value > 65535)
    add(
      "invalid-port",
      `${path} ${value} must be between 1 and 65535, inclusive`,
      path
    );
}
function checkNamedPort(add, value, path) {
  if (typeof value === "number") checkPortNumber(add, value, path, false);
  else if (typeof value === "string") {
    const problem = portNameProblem(value);
    if (problem !== void 0)
      add(
        "invalid-port",
        `${path} ${JSON.stringify(value)} is neither a port number nor a valid port name: ${problem}`,
        path
      );
  }
}
var PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];
function checkProbe(add, probe, path, kind) {
  if (!isMap(probe)) return;
  const handlers = PROBE_HANDLERS.filter((h) => isMap(probe[h]));
  if (handlers.length === 0)
    add(
      "invalid-probe",
      `${path}: must specify a handler type (exec, httpGet, tcpSocket or grpc)`,
      path
    );
  else if (handlers.length > 1)
    add(
      "invalid-probe",
      `${path}: may not specify more than 1 handler type (has ${handlers.join(" and ")})`,
      path
    );
  for (const field of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold"
  ])
    if (typeof probe[field] === "number" && probe[field] < 0)
      add(
        "invalid-probe",
        `${path}.${field} must be greater than or equal to 0`,
        `${path}.${field}`
      );
  if (kind !== "readinessProbe" && typeof probe.successThreshold === "number" && probe.successThreshold !== 1)
    add(
      "invalid-probe",
      `${path}.successThreshold must be 1 for a ${kind}`,
      `${path}.successThreshold`
    );
  if (kind === "readinessProbe" && probe.terminationGracePeriodSeconds != null)
    add(
      "invalid-probe",
      `${path}.terminationGracePeriodSeconds must not be set for a readinessProbe`,
      `${path}.terminationGracePeriodSeconds`
    );
  if (typeof probe.terminationGracePeriodSeconds === "number" && probe.terminationGracePeriodSeconds <= 0)
    add(
      "invalid-probe",
      `${path}.terminationGracePeriodSeconds must be greater than 0`,
      `${path}.terminationGracePeriodSeconds`
    );
  const http = probe.httpGet;
  if (isMap(http)) {
    checkNamedPort(add, http.port, `${path}.httpGet.port`);
    if (http.port === void 0)
      add(
        "invalid-probe",
        `${path}.httpGet.port is required`,
        `${path}.httpGet`
      );
    if (typeof http.scheme === "string" && http.scheme !== "HTTP" && http.scheme !== "HTTPS")
      add(
        "invalid-probe",
        `${path}.httpGet.scheme ${JSON.stringify(http.scheme)}: supported values are "HTTP" and "HTTPS"`,
        `${path}.httpGet.scheme`
      );
  }
  const tcp = probe.tcpSocket;
  if (isMap(tcp)) {
    checkNamedPort(add, tcp.port, `${path}.tcpSocket.port`);
    if (tcp.port === void 0)
      add(
        "invalid-probe",
        `${path}.tcpSocket.port is required`,
        `${path}.tcpSocket`
      );
  }
  const grpc = probe.grpc;
  if (isMap(grpc)) {
    if (grpc.port === void 0)
      add("invalid-probe", `${path}.grpc.port is required`, `${path}.grpc`);
    checkPortNumber(add, grpc.port, `${path}.grpc.port`, false);
  }
  const exec = probe.exec;
  if (isMap(exec) && !(Array.isArray(exec.command) && exec.command.length > 0))
    add("invalid-probe", `${path}.exec.command is required`, `${path}.exec`);
}
function envNameProblem(name) {
  if (name === "") return "is required";
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 32 || c > 126 || c === 61)
      return "must consist only of printable ASCII characters other than '='";
  }
  return void 0;
}
function checkContainer(add, c, path, volumes, hostNetwork, portNames, hostPorts) {
  if (typeof c.name === "string" && c.name !== "") {
    if (c.name.length > 63 || !DNS1123_LABEL.test(c.name))
      add(
        "invalid-pod-template",
        `${path}.name ${JSON.stringify(c.name)} must be a lowercase RFC 1123 label (a-z, 0-9 and '-', alphanumeric at both ends, at most 63 characters)`,
        `${path}.name`
      );
  }
  if (typeof c.imagePullPolicy === "string" && !PULL_POLICIES.has(c.imagePullPolicy))
    add(
      "invalid-pod-template",
      `${path}.imagePullPolicy ${JSON.stringify(c.imagePullPolicy)}: supported values are "Always", "IfNotPresent" and "Never"`,
      `${path}.imagePullPolicy`
    );
  const ports = Array.isArray(c.ports) ? c.ports : [];
  ports.forEach((p, i) => {
    if (!isMap(p)) return;
    const at2 = `${path}.ports[${i}]`;
    if (p.containerPort === void 0 || p.containerPort === null)
      add("invalid-port", `${at2}.containerPort is required`, at2);
    checkPortNumber(add, p.containerPort, `${at2}.containerPort`, false);
    checkPortNumber(add, p.hostPort, `${at2}.hostPort`, true);
    if (typeof p.protocol === "string" && !PROTOCOLS.has(p.protocol))
      add(
        "invalid-port",
        `${at2}.protocol ${JSON.stringify(p.protocol)}: supported values are "SCTP", "TCP" and "UDP"`,
        `${at2}.protocol`
      );
    if (typeof p.name === "string" && p.name !== "") {
      const problem = portNameProblem(p.name);
      if (problem !== void 0)
        add(
          "invalid-port",
          `${at2}.name ${JSON.stringify(p.name)} is not a valid port name: ${problem}`,
          `${at2}.name`
        );
      const first = portNames.get(p.name);
      if (first !== void 0)
        add(
          "invalid-port",
          `${at2}.name ${JSON.stringify(p.name)} is a duplicate (first at ${first}): port names must be unique within the pod`,
          `${at2}.name`
        );
      else portNames.set(p.name, at2);
    }
    if (hostNetwork && typeof p.hostPort === "number" && p.hostPort !== 0 && p.hostPort !== p.containerPort)
      add(
        "invalid-port",
        `${at2}.hostPort must match containerPort when hostNetwork is true`,
        `${at2}.hostPort`
      );
    const hostPort = typeof p.hostPort === "number" && p.hostPort > 0 ? p.hostPort : hostNetwork && typeof p.containerPort === "number" ? p.containerPort : void 0;
    if (hostPort !== void 0) {
      const key = `${typeof p.protocol === "string" ? p.protocol : "TCP"}/${typeof p.hostIP === "string" ? p.hostIP : ""}:${hostPort}`;
      const first = hostPorts.get(key);
      if (first !== void 0)
        add(
          "invalid-port",
          `${at2}: host port ${hostPort}/${key.split("/")[0]} is already used by ${first}`,
          at2
        );
      else hostPorts.set(key, at2);
    }
  });
  const env = Array.isArray(c.env) ? c.env : [];
  env.forEach((e, i) => {
    if (!isMap(e)) return;
    const at2 = `${path}.env[${i}]`;
    const name = typeof e.name === "string" ? e.name : "";
    const problem = envNameProblem(name);
    if (problem !== void 0)
      add(
        "invalid-env",
        `${at2}.name ${JSON.stringify(name)} ${problem} (a valid environment variable name)`,
        `${at2}.name`
      );
    if (typeof e.value === "string" && e.value !== "" && isMap(e.valueFrom))
      add(
        "invalid-env",
        `${at2}.valueFrom may not be specified when value is not empty`,
        `${at2}.valueFrom`
      );
    if (isMap(e.valueFrom)) {
      const sources = [
        "fieldRef",
        "resourceFieldRef",
        "configMapKeyRef",
        "secretKeyRef",
        "fileKeyRef"
      ].filter((s) => isMap(e.valueFrom[s]));
      if (sources.length !== 1)
        add(
          "invalid-env",
          `${at2}.valueFrom must have exactly one source (fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef), not ${sources.length}`,
          `${at2}.valueFrom`
        );
    }
  });
  const envFrom = Array.isArray(c.envFrom) ? c.envFrom : [];
  envFrom.forEach((e, i) => {
    if (!isMap(e)) return;
    const at2 = `${path}.envFrom[${i}]`;
    if (typeof e.prefix === "string" && e.prefix !== "") {
      const problem = envNameProblem(e.prefix);
      if (problem !== void 0)
        add("invalid-env", `${at2}.prefix ${problem}`, `${at2}.prefix`);
    }
    const sources = ["configMapRef", "secretRef"].filter((s) => isMap(e[s]));
    if (sources.length !== 1)
      add(
        "invalid-env",
        `${at2} must have exactly one of configMapRef or secretRef`,
        at2
      );
  });
  const resources = isMap(c.resources) ? c.resources : {};
  const requests = isMap(resources.requests) ? resources.requests : {};
  const limits = isMap(resources.limits) ? resources.limits : {};
  for (const [kind, map] of [
    ["requests", requests],
    ["limits", limits]
  ])
    for (const [name, value] of Object.entries(map)) {
      const problem = quantityProblem(value);
      if (problem !== void 0)
        add(
          "invalid-quantity",
          `${path}.resources.${kind}.${name} ${JSON.stringify(value)} ${problem}`,
          `${path}.resources.${kind}.${name}`
        );
    }
  for (const [name, value] of Object.entries(requests)) {
    if (!(name in limits)) continue;
    const request = parseQuantity(value);
    const limit = parseQuantity(limits[name]);
    if (request !== void 0 && limit !== void 0 && request > limit)
      add(
        "requests-above-limits",
        `${path}.resources.requests.${name} ${JSON.stringify(value)} must be less than or equal to ${name} limit of ${JSON.stringify(limits[name])}`,
        `${path}.resources.requests.${name}`
      );
  }
  for (const kind of [
    "livenessProbe",
    "readinessProbe",
    "startupProbe"
  ])
    checkProbe(add, c[kind], `${path}.${kind}`, kind);
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  const mountPaths = /* @__PURE__ */ new Set();
  mounts.forEach((m, i) => {
    if (!isMap(m)) return;
    const at2 = `${path}.volumeMounts[${i}]`;
    if (typeof m.name === "string" && !volumes.has(m.name))
      add(
        "invalid-volume",
        `${at2}.name ${JSON.stringify(m.name)} not found: no volume of that name in spec.template.spec.volumes`,
        `${at2}.name`
      );
    if (typeof m.mountPath !== "string" || m.mountPath === "")
      add("invalid-volume", `${at2}.mountPath is required`, at2);
    else if (mountPaths.has(m.mountPath))
      add(
        "invalid-volume",
        `${at2}.mountPath ${JSON.stringify(m.mountPath)} must be unique within the container`,
        `${at2}.mountPath`
      );
    else mountPaths.add(m.mountPath);
  });
}
var VOLUME_SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image"
];
function checkVolumes(add, podSpec) {
  const names2 = /* @__PURE__ */ new Set();
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((v, i) => {
    if (!isMap(v)) return;
    const at2 = `spec.template.spec.volumes[${i}]`;
    const name = typeof v.name === "string" ? v.name : "";
    if (name === "") add("invalid-volume", `${at2}.name is required`, at2);
    else if (name.length > 63 || !DNS1123_LABEL.test(name))
      add(
        "invalid-volume",
        `${at2}.name ${JSON.stringify(name)} must be a lowercase RFC 1123 label (a-z, 0-9 and '-', at most 63 characters)`,
        `${at2}.name`
      );
    else if (names2.has(name))
      add(
        "invalid-volume",
        `${at2}.name ${JSON.stringify(name)} is a duplicate`,
        `${at2}.name`
      );
    names2.add(name);
    const sources = VOLUME_SOURCES.filter((s) => isMap(v[s]));
    if (sources.length > 1)
      add(
        "invalid-volume",
        `${at2} may not specify more than 1 volume type (has ${sources.join(" and ")})`,
        at2
      );
    const hostPath = v.hostPath;
    if (isMap(hostPath) && (typeof hostPath.path !== "string" || hostPath.path === ""))
      add("invalid-volume", `${at2}.hostPath.path is required`, `${at2}.hostPath`);
    const configMap = v.configMap;
    if (isMap(configMap) && (typeof configMap.name !== "string" || configMap.name === ""))
      add(
        "invalid-volume",
        `${at2}.configMap.name is required`,
        `${at2}.configMap`
      );
    const emptyDir = v.emptyDir;
    if (isMap(emptyDir) && emptyDir.sizeLimit != null) {
      const problem = quantityProblem(emptyDir.sizeLimit);
      if (problem !== void 0)
        add(
          "invalid-quantity",
          `${at2}.emptyDir.sizeLimit ${JSON.stringify(emptyDir.sizeLimit)} ${problem}`,
          `${at2}.emptyDir.sizeLimit`
        );
    }
    for (const mode of ["secret", "configMap", "projected", "downwardAPI"]) {
      const source = v[mode];
      if (isMap(source) && typeof source.defaultMode === "number") {
        const m = source.defaultMode;
        if (m < 0 || m > 511)
          add(
            "invalid-volume",
            `${at2}.${mode}.defaultMode ${m} must be a file mode between 0 and 0777 (octal), both inclusive`,
            `${at2}.${mode}.defaultMode`
          );
      }
    }
  });
  return names2;
}
function validatePodSpecValues(ref, raw) {
  const out = [];
  const add = (code2, message, path) => {
    if (out.length < 50)
      out.push(makeFinding(ref, "error", code2, message, path));
  };
  const metadata = isMap(raw.metadata) ? raw.metadata : {};
  checkLabels(add, metadata.labels, "metadata.labels");
  checkAnnotations(add, metadata.annotations, "metadata.annotations");
  const spec = isMap(raw.spec) ? raw.spec : {};
  checkSelector(add, spec.selector, "spec.selector");
  const template = isMap(spec.template) ? spec.template : {};
  const templateMeta = isMap(template.metadata) ? template.metadata : {};
  checkLabels(add, templateMeta.labels, "spec.template.metadata.labels");
  checkAnnotations(
    add,
    templateMeta.annotations,
    "spec.template.metadata.annotations"
  );
  const podSpec = isMap(template.spec) ? template.spec : void 0;
  if (podSpec === void 0) return out;
  checkLabels(add, podSpec.nodeSelector, "spec.template.spec.nodeSelector");
  const volumes = checkVolumes(add, podSpec);
  const hostNetwork = podSpec.hostNetwork === true;
  const portNames = /* @__PURE__ */ new Map();
  const hostPorts = /* @__PURE__ */ new Map();
  for (const list of ["initContainers", "containers"]) {
    const containers = Array.isArray(podSpec[list]) ? podSpec[list] : [];
    containers.forEach((c, i) => {
      if (isMap(c))
        checkContainer(
          add,
          c,
          `spec.template.spec.${list}[${i}]`,
          volumes,
          hostNetwork,
          portNames,
          hostPorts
        );
    });
  }
  if (isMap(podSpec.overhead))
    for (const [name, value] of Object.entries(podSpec.overhead)) {
      const problem = quantityProblem(value);
      if (problem !== void 0)
        add(
          "invalid-quantity",
          `spec.template.spec.overhead.${name} ${JSON.stringify(value)} ${problem}`,
          `spec.template.spec.overhead.${name}`
        );
    }
  for (const field of ["terminationGracePeriodSeconds"])
    if (typeof podSpec[field] === "number" && podSpec[field] < 0)
      add(
        "invalid-spec-value",
        `spec.template.spec.${field} must be greater than or equal to 0`,
        `spec.template.spec.${field}`
      );
  return out;
}

// src/core/diff/validate.ts
var DNS_SUBDOMAIN2 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
var REMOVED_API_VERSIONS = /* @__PURE__ */ new Set([
  "extensions/v1beta1",
  "apps/v1beta2",
  "apps/v1beta1"
]);
function validateSelector(ref, raw, normal, out) {
  const selector = at(normal, "spec", "selector");
  if (selector === void 0 || at(raw, "spec", "selector") == null) {
    out.push(
      makeFinding(
        ref,
        "error",
        "missing-selector",
        "spec.selector is required in apps/v1 (older API versions derived it from the template labels); set spec.selector.matchLabels to the template labels (R8.5)"
      )
    );
    return;
  }
  if (!isMap(selector) || labelSelectorIsEmpty(selector)) {
    out.push(
      makeFinding(
        ref,
        "error",
        "empty-selector",
        'spec.selector is empty; the API server rejects it ("empty selector is invalid for daemonset") (R8.5)'
      )
    );
    return;
  }
  for (const [i, req] of mapsOf(selector.matchExpressions).entries()) {
    const op = req.operator;
    const values = Array.isArray(req.values) ? req.values : [];
    const problem = op === "In" || op === "NotIn" ? values.length === 0 ? "needs at least one value" : void 0 : op === "Exists" || op === "DoesNotExist" ? values.length > 0 ? "must have no values" : void 0 : `has unknown operator ${JSON.stringify(op)}`;
    if (problem !== void 0)
      out.push(
        makeFinding(
          ref,
          "error",
          "invalid-selector",
          `spec.selector.matchExpressions[${i}] ${problem}`
        )
      );
  }
  const labels = stringMap(at(normal, "spec", "template", "metadata", "labels"));
  if (!labelSelectorMatches(selector, labels))
    out.push(
      makeFinding(
        ref,
        "error",
        "selector-mismatch",
        'spec.selector does not match spec.template.metadata.labels; the API server rejects it ("`selector` does not match template `labels`") (R8.5)'
      )
    );
}
function isMutableImage(image) {
  const { tag, digest } = imageTagAndDigest(image);
  return digest === "" && (tag === "" || tag === "latest");
}
function validatePodTemplate(ref, normal, out) {
  const podSpec = at(normal, "spec", "template", "spec");
  if (!isMap(podSpec)) {
    out.push(
      makeFinding(
        ref,
        "error",
        "invalid-pod-template",
        "spec.template.spec is missing"
      )
    );
    return;
  }
  const containers = mapsOf(podSpec.containers);
  if (containers.length === 0)
    out.push(
      makeFinding(
        ref,
        "error",
        "invalid-pod-template",
        "spec.template.spec.containers is empty: a pod needs at least one container"
      )
    );
  const names2 = /* @__PURE__ */ new Set();
  for (const list of ["initContainers", "containers"])
    for (const [i, c] of mapsOf(podSpec[list]).entries()) {
      const name = typeof c.name === "string" ? c.name : "";
      if (name === "")
        out.push(
          makeFinding(
            ref,
            "error",
            "invalid-pod-template",
            `spec.template.spec.${list}[${i}] has no name`
          )
        );
      else if (names2.has(name))
        out.push(
          makeFinding(
            ref,
            "error",
            "invalid-pod-template",
            `spec.template.spec.${list}[${i}]: container name ${JSON.stringify(name)} is used twice`
          )
        );
      names2.add(name);
      if (typeof c.image !== "string" || c.image === "")
        out.push(
          makeFinding(
            ref,
            "error",
            "invalid-pod-template",
            `spec.template.spec.${list}[${i}] has no image`
          )
        );
      else if (isMutableImage(c.image))
        out.push(
          makeFinding(
            ref,
            "warning",
            "mutable-image-tag",
            `container ${JSON.stringify(name)} uses ${JSON.stringify(c.image)} (no tag or :latest, so imagePullPolicy defaults to Always, R8.2a): nodes can run different builds, a new build at the same tag starts no rollout, and a rollback does not bring the old build back. Pin a version tag or digest`,
            `spec.template.spec.${list}[${i}].image`
          )
        );
    }
  if (podSpec.restartPolicy !== "Always")
    out.push(
      makeFinding(
        ref,
        "error",
        "invalid-restart-policy",
        `spec.template.spec.restartPolicy is ${JSON.stringify(podSpec.restartPolicy)}; a DaemonSet only supports Always (R8.5)`
      )
    );
  if (podSpec.activeDeadlineSeconds !== void 0)
    out.push(
      makeFinding(
        ref,
        "error",
        "active-deadline-seconds",
        "spec.template.spec.activeDeadlineSeconds is forbidden in a DaemonSet template (R8.5); remove it"
      )
    );
  validateTolerations(ref, podSpec, out);
  validateAffinity(ref, podSpec, out);
}
function validateDaemonSet(ref, raw, normal) {
  const out = [];
  const apiVersion = raw.apiVersion;
  if (typeof apiVersion === "string" && REMOVED_API_VERSIONS.has(apiVersion))
    out.push(
      makeFinding(
        ref,
        "error",
        "deprecated-api-version",
        `${apiVersion} DaemonSets are no longer served (removed in Kubernetes 1.16); use apps/v1, which requires spec.selector and defaults updateStrategy to RollingUpdate`
      )
    );
  else if (apiVersion !== "apps/v1")
    out.push(
      makeFinding(
        ref,
        "error",
        "unknown-api-version",
        `apiVersion ${JSON.stringify(apiVersion)} is not a served DaemonSet version; use apps/v1`
      )
    );
  const shape = validateShape(ref, raw);
  if (shape.length > 0) return [...out, ...shape];
  const name = at(raw, "metadata", "name");
  if (typeof name !== "string" || name === "")
    out.push(
      makeFinding(ref, "error", "invalid-name", "metadata.name is missing")
    );
  else if (name.length > 253 || !DNS_SUBDOMAIN2.test(name))
    out.push(
      makeFinding(
        ref,
        "error",
        "invalid-name",
        `metadata.name ${JSON.stringify(name)} is not a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters) (R8.5)`
      )
    );
  validateSelector(ref, raw, normal, out);
  validatePodTemplate(ref, normal, out);
  validateStrategy(ref, raw, normal, out);
  for (const field of ["minReadySeconds", "revisionHistoryLimit"]) {
    const value = at(normal, "spec", field);
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
      out.push(
        makeFinding(
          ref,
          "error",
          "invalid-spec-value",
          `spec.${field} ${JSON.stringify(value)} must be an integer \u2265 0 (R8.5)`
        )
      );
  }
  validateSurgeHostPort(ref, normal, out);
  out.push(...validatePodSpecValues(ref, raw));
  return out;
}

// src/core/diff/diff-daemonsets.ts
var SHAPE_ERROR_CODES = /* @__PURE__ */ new Set([
  "invalid-field-type",
  "invalid-quantity"
]);
function isTemplatePath(path) {
  return path === "spec.template" || /^spec\.template[.[ ]/.test(path);
}
function nameOf2(object) {
  const name = object.metadata?.name;
  return typeof name === "string" ? name : "";
}
function collect(objects, duplicates) {
  const out = /* @__PURE__ */ new Map();
  for (const entry of objects) {
    if (entry.object.kind !== "DaemonSet") continue;
    const key = `${namespaceOf(entry.object)}/${nameOf2(entry.object)}`;
    const first = out.get(key);
    if (first !== void 0) {
      duplicates(first.entry, entry, key);
      continue;
    }
    out.set(key, { entry, normal: normalizeDaemonSet(entry.object) });
  }
  return out;
}
var CONTAINER_ARGS = /^spec\.template\.spec\.(initContainers|containers|ephemeralContainers)\[name=([^\]]+)\]\.args$/;
function programOf(path, normal) {
  const m = CONTAINER_ARGS.exec(path);
  if (m === null || normal === void 0) return void 0;
  const spec = isMap(normal.spec) ? normal.spec : void 0;
  const template = spec !== void 0 && isMap(spec.template) ? spec.template : void 0;
  const podSpec = template !== void 0 && isMap(template.spec) ? template.spec : void 0;
  const list = podSpec?.[m[1] ?? ""];
  if (!Array.isArray(list)) return void 0;
  const container = list.find((c) => isMap(c) && c.name === m[2]);
  if (!isMap(container) || !Array.isArray(container.command)) return void 0;
  const first = container.command[0];
  return typeof first === "string" ? first : void 0;
}
function toFieldChange(raw, fieldLines, before, after) {
  const change = {
    path: raw.path,
    template: isTemplatePath(raw.path)
  };
  const line = lineOfField(fieldLines, raw.headPath);
  if (line !== void 0) change.line = line;
  if (raw.before !== void 0)
    change.before = redactAt(raw.path, raw.before, programOf(raw.path, before));
  if (raw.after !== void 0)
    change.after = redactAt(raw.path, raw.after, programOf(raw.path, after));
  return change;
}
function shortPath(path) {
  return path.replace(/^spec\.template\.spec\./, "").replace(/^spec\.template\./, "template.");
}
function listed(paths, limit = 3) {
  const shown = paths.slice(0, limit).join(", ");
  return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}
function updateStrategyType(normal) {
  const spec = isMap(normal.spec) ? normal.spec : {};
  return isMap(spec.updateStrategy) ? spec.updateStrategy.type : void 0;
}
function rolloutFor(change, changes, head) {
  if (change === "added")
    return {
      triggered: true,
      reason: "New DaemonSet: a pod is created on every eligible node."
    };
  if (change === "removed")
    return {
      triggered: false,
      reason: "DaemonSet removed from the manifests: if it is deleted, its pods are deleted on every node."
    };
  if (change === "unchanged") return { triggered: false, reason: "No change." };
  const template = changes.filter((c) => c.template).map((c) => shortPath(c.path));
  if (template.length > 0) {
    const what = `spec.template changed (${listed(template)})`;
    if (head !== void 0 && updateStrategyType(head) === "OnDelete")
      return {
        triggered: true,
        reason: `${what}: a new revision, but updateStrategy is OnDelete, so pods are replaced only when they are deleted (R3.14).`
      };
    return { triggered: true, reason: `${what}: every pod is replaced (R4.3).` };
  }
  const other = changes.map((c) => c.path);
  return {
    triggered: false,
    reason: `Only fields outside spec.template changed (${listed(other)}): no pod is replaced (R4.3).`
  };
}
function podSpecOf(normal) {
  const spec = isMap(normal.spec) ? normal.spec : {};
  return isMap(spec.template) ? spec.template.spec : void 0;
}
function diffDaemonSets(base, head) {
  const globalFindings = [];
  const duplicateFindings = /* @__PURE__ */ new Map();
  const baseSides = collect(base, (first, again, key) => {
    globalFindings.push({
      severity: "warning",
      code: "duplicate-daemonset",
      message: `the base defines DaemonSet ${key} twice (also at ${first.source.file}:${first.source.line}); the first one is used`,
      file: again.source.file,
      line: again.source.line
    });
  });
  const headSides = collect(head, (first, again, key) => {
    const [namespace = "", name = ""] = key.split("/");
    const list = duplicateFindings.get(key) ?? [];
    list.push(
      makeFinding(
        { namespace, name, source: again.source },
        "error",
        "duplicate-daemonset",
        `DaemonSet ${key} is defined twice (first at ${first.source.file}:${first.source.line}); applying both makes the last one win. Remove one`
      )
    );
    duplicateFindings.set(key, list);
  });
  const configs = changedConfigs(base, head);
  const removed = removedConfigs(base, head);
  for (const change of configs.values())
    if (change.immutable)
      globalFindings.push({
        severity: "error",
        code: "immutable-config-changed",
        message: `${change.kind} ${change.namespace}/${change.name} is immutable but its data changed (${listed(change.keys, 5)}); the API server rejects the update. Create it under a new name instead`,
        file: change.file,
        line: change.line
      });
  const keys = [.../* @__PURE__ */ new Set([...baseSides.keys(), ...headSides.keys()])];
  const results = [];
  for (const key of keys) {
    const before = baseSides.get(key);
    const after = headSides.get(key);
    const current = after ?? before;
    const namespace = namespaceOf(current.entry.object);
    const name = nameOf2(current.entry.object);
    const ref = {
      namespace,
      name,
      source: current.entry.source,
      fieldLines: current.entry.fieldLines
    };
    const findings = [...duplicateFindings.get(key) ?? []];
    let changes = [];
    let change;
    if (before === void 0) change = "added";
    else if (after === void 0) change = "removed";
    else {
      changes = diffValues(before.normal, after.normal).map(
        (raw) => toFieldChange(raw, after.entry.fieldLines, before.normal, after.normal)
      );
      change = changes.length > 0 ? "modified" : "unchanged";
      const selectorBefore = isMap(before.normal.spec) ? before.normal.spec.selector : void 0;
      const selectorAfter = isMap(after.normal.spec) ? after.normal.spec.selector : void 0;
      if (!deepEqual(selectorBefore, selectorAfter))
        findings.push(
          makeFinding(
            ref,
            "error",
            "selector-changed",
            'spec.selector changed, but it is immutable in apps/v1: the apply fails with "field is immutable" (R4.8). To change it, delete the DaemonSet with --cascade=orphan and create it again, or create it under a new name'
          )
        );
    }
    const rollout = rolloutFor(change, changes, after?.normal);
    let invalid;
    if (after !== void 0) {
      const validation = validateDaemonSet(
        ref,
        after.entry.object,
        after.normal
      );
      findings.push(...validation);
      const errors = validation.filter(
        (f) => f.severity === "error" && SHAPE_ERROR_CODES.has(f.code)
      );
      const first = errors[0];
      if (first !== void 0)
        invalid = `the API server would refuse this DaemonSet's shape (${first.code} at line ${first.line ?? ref.source.line}${errors.length > 1 ? ` and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""}` : ""}), so it was not simulated; fix the error findings first`;
      const refs = configRefs(podSpecOf(after.normal));
      for (const configRef of refs)
        if (!configRef.optional && removed.has(configKey(configRef.kind, namespace, configRef.name)))
          findings.push(
            makeFinding(
              ref,
              "warning",
              "referenced-config-removed",
              `${configRef.kind} ${namespace}/${configRef.name} is no longer in the manifests, but the DaemonSet still ${configRef.via === "env" ? "reads it as environment variables" : "mounts it"}: once it is deleted, every new or replaced pod fails to start (${configRef.via === "env" ? "CreateContainerConfigError" : "stuck in ContainerCreating"}). Keep it, remove the reference, or mark it optional`
            )
          );
      if (!rollout.triggered)
        for (const configRef of refs) {
          const changed = configChangeFor(configs, namespace, configRef);
          if (changed === void 0) continue;
          const how = configRef.via === "env" ? "the pods read it as environment variables, which are fixed at container start" : "the kubelet refreshes mounted files after a delay (never for subPath mounts), but the process must notice and reload them";
          findings.push(
            makeFinding(
              ref,
              "warning",
              "config-change-without-rollout",
              `${changed.kind} ${namespace}/${changed.name} changed (${listed(changed.keys, 5)}) but the DaemonSet template did not, so no pod is replaced: ${how}. Add a checksum of the config to spec.template.metadata.annotations, or run kubectl rollout restart after applying`
            )
          );
        }
    }
    let renamed = [];
    if (before !== void 0 && after !== void 0) {
      renamed = renamedConfigs(
        podSpecOf(before.normal),
        podSpecOf(after.normal),
        namespace,
        base,
        head,
        REDACTED
      );
      for (const r of renamed)
        findings.push(
          makeFinding(
            ref,
            "info",
            "config-renamed",
            `${r.kind} ${namespace}/${r.after} replaces ${r.before} (a generated name: kustomize's hash suffix changed), so the pods are replaced; by content, ` + (r.changes.length === 0 ? "nothing changed but the name" : `${r.changes.length} key${r.changes.length === 1 ? "" : "s"} changed: ${listed(
              r.changes.map(
                (c) => `${c.key} (${"before" in c ? "after" in c ? "changed" : "removed" : "added"})`
              ),
              5
            )}`)
          )
        );
    }
    const result = {
      namespace,
      name,
      change,
      source: current.entry.source,
      rollout,
      changes,
      findings
    };
    if (invalid !== void 0) result.invalid = invalid;
    if (renamed.length > 0) result.renamedConfigs = renamed;
    if (before !== void 0) {
      result.base = before.entry.object;
      result.baseSource = before.entry.source;
    }
    if (after !== void 0) result.head = after.entry.object;
    results.push(result);
  }
  for (const added of results.filter((r) => r.change === "added")) {
    const moved = results.find(
      (r) => r.change === "removed" && r.name === added.name
    );
    if (moved !== void 0)
      added.findings.push(
        makeFinding(
          added,
          "info",
          "namespace-changed",
          `DaemonSet ${added.name} moved from namespace ${moved.namespace} to ${added.namespace}: this creates a new DaemonSet (new pods on every eligible node) and deleting the old one removes its pods; both run side by side in between`
        )
      );
  }
  return { daemonSets: results, findings: globalFindings };
}

// src/core/simulate/fit.ts
function hostPortAnyKey(entry) {
  let key = ANY_KEYS.get(entry);
  if (key === void 0) {
    key = anyKeyOf(entry);
    if (ANY_KEYS.size >= 1e4) ANY_KEYS.clear();
    ANY_KEYS.set(entry, key);
  }
  return key;
}
var ANY_KEYS = /* @__PURE__ */ new Map();
function anyKeyOf(entry) {
  const slash = entry.indexOf("/");
  const rest = entry.slice(slash + 1);
  const colon = rest.lastIndexOf(":");
  return colon < 0 ? entry : `${entry.slice(0, slash)}/${rest.slice(colon + 1)}`;
}
function emptyPortUse() {
  return { exact: /* @__PURE__ */ new Map(), any: /* @__PURE__ */ new Map() };
}
function addPorts(use, ports, by = 1) {
  for (const p of ports) {
    use.exact.set(p, (use.exact.get(p) ?? 0) + by);
    const anyKey = hostPortAnyKey(p);
    use.any.set(anyKey, (use.any.get(anyKey) ?? 0) + by);
  }
}
function portsConflict(wanted, use, minus = []) {
  for (const p of wanted) {
    const anyKey = hostPortAnyKey(p);
    if (anyKey === p) {
      let n = use.any.get(anyKey) ?? 0;
      for (const m of minus) if (hostPortAnyKey(m) === anyKey) n -= 1;
      if (n > 0) return true;
    } else {
      let n = (use.exact.get(p) ?? 0) + (use.exact.get(anyKey) ?? 0);
      for (const m of minus) if (m === p || m === anyKey) n -= 1;
      if (n > 0) return true;
    }
  }
  return false;
}
var PORTS_REASON = "didn't have free ports for the requested pod ports";
var TOO_MANY_PODS_REASON = "Too many pods";
function insufficient(resource) {
  let text = INSUFFICIENT.get(resource);
  if (text === void 0) {
    text = `Insufficient ${resource}`;
    if (INSUFFICIENT.size >= 1e3) INSUFFICIENT.clear();
    INSUFFICIENT.set(resource, text);
  }
  return text;
}
var INSUFFICIENT = /* @__PURE__ */ new Map();

// src/core/simulate/findings.ts
var SIMULATION_FINDING_CODES = [
  "no-eligible-nodes",
  "coverage-drop",
  "pods-will-not-fit",
  "surge-window-will-not-fit",
  "rollout-will-hang",
  "rollout-never-completes",
  "budget-consumed-by-unhealthy-nodes",
  "max-unavailable-large",
  "slow-rollout",
  "on-delete",
  "rollout-in-progress",
  "no-readiness-probe",
  "missing-resource-requests",
  "no-priority-class",
  "privileged-container",
  "host-pid",
  "host-network",
  "node-status-unknown"
];
function listNames(names2, limit) {
  const shown = names2.slice(0, limit).join(", ");
  const more = names2.length - Math.min(limit, names2.length);
  return more > 0 ? `${shown} and ${more} more` : shown;
}
function formatDuration2(seconds) {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const r = s % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return r > 0 ? `${m}m ${r}s` : `${m}m`;
  return `${r}s`;
}
function plural2(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function simulationFindings(ctx) {
  const out = [];
  const ref = ctx.head ?? ctx.base;
  const namespace = ref?.metadata?.namespace ?? "default";
  const name = ref?.metadata?.name ?? "";
  const add = (severity, code2, message) => {
    out.push({
      severity,
      code: code2,
      message,
      file: ctx.source.file,
      line: ctx.source.line,
      namespace,
      name
    });
  };
  const { strategy, outcomes, waves, head } = ctx;
  const nodes = outcomes.nodes;
  const limit = ctx.listLimit;
  if (head === void 0) return out;
  if (outcomes.desired === 0 && ctx.fleetSize > 0) {
    add(
      "warning",
      "no-eligible-nodes",
      `no node of the ${plural2(ctx.fleetSize, "node")} in the snapshot should run this DaemonSet (nodeSelector, affinity, taints; R1.3-R1.5)`
    );
  }
  const joining = names(nodes, (n) => n.fitUnknown === true);
  if (joining.length > 0) {
    add(
      "info",
      "node-status-unknown",
      `${plural2(joining.length, "node")} ${joining.length === 1 ? "has" : "have"} not reported status yet (joining the cluster): ${listNames(joining, limit)}. They count as not Ready; the controller still creates the pod there, but whether it fits is unknown until the kubelet posts allocatable`
    );
  }
  const losing = names(nodes, (n) => n.before !== "none" && n.after === "none");
  if (losing.length > 0) {
    add(
      "warning",
      "coverage-drop",
      `${plural2(losing.length, "node")} lose the daemon: ${listNames(losing, limit)}`
    );
  }
  const byReason = /* @__PURE__ */ new Map();
  const blocked = new Set(outcomes.surgeWindowBlocked);
  const causeOf = /* @__PURE__ */ new Map();
  for (let i = 0; i < nodes.length; i += 1) {
    const n = nodes[i];
    if (n.action !== "pending") continue;
    if (blocked.has(n.name)) continue;
    const first = n.reasons[0] ?? "";
    let why = causeOf.get(first);
    if (why === void 0) {
      why = first.slice(first.indexOf(": ") + 2);
      causeOf.set(first, why);
    }
    const list = byReason.get(why);
    if (list === void 0) byReason.set(why, [n.name]);
    else list.push(n.name);
  }
  let notFitting = 0;
  for (const list of byReason.values()) notFitting += list.length;
  const neverCompletesFolded = waves !== void 0 && waves.stall === void 0 && waves.neverAvailable > 0 && waves.neverAvailable === notFitting;
  for (const [why, list] of byReason) {
    add(
      "error",
      "pods-will-not-fit",
      `${plural2(list.length, "new pod")} will stay Pending (${why}): ${listNames(list, limit)}` + (neverCompletesFolded ? `. ${list.length === 1 ? "It never becomes" : "They never become"} available, so \`kubectl rollout status\` never reports success (R5.6)` : "")
    );
  }
  const portsOnly = new Set(outcomes.surgeWindowPortsOnly);
  const windowList = outcomes.surgeWindowBlocked.filter(
    (n) => !portsOnly.has(n)
  );
  if (windowList.length > 0) {
    const list = windowList;
    add(
      "error",
      "surge-window-will-not-fit",
      `on ${plural2(list.length, "node")} the new pod does not fit next to the old one during the surge, stays Pending and the old pod is never deleted (R3.11): ${listNames(list, limit)}`
    );
  }
  if (waves !== void 0) {
    const limitName = strategy.surge ? "maxSurge" : "maxUnavailable";
    const budget = strategy.surge ? strategy.maxSurge : strategy.maxUnavailable;
    const unhealthy = outcomes.notReady.length + outcomes.unavailablePods.length;
    const budgeted = outcomes.lanes.candidate + outcomes.lanes["candidate-stuck"] + outcomes.lanes["misscheduled-old"];
    const parts = [];
    if (outcomes.notReady.length > 0)
      parts.push(
        `${outcomes.notReady.length} NotReady (${listNames(outcomes.notReady, limit)})`
      );
    if (outcomes.unavailablePods.length > 0)
      parts.push(
        `${outcomes.unavailablePods.length} with an unavailable daemon pod (${listNames(outcomes.unavailablePods, limit)})`
      );
    const unhealthyText = `${plural2(unhealthy, "desired node")} ${unhealthy === 1 ? "is" : "are"} already unavailable: ${parts.join(", ")}`;
    const budgetUsedUp = budgeted > 0 && !strategy.surge && outcomes.notReady.length > 0 && outcomes.notReady.length >= budget;
    if (waves.stall !== void 0) {
      const s = waves.stall;
      const range = s.nodesLeft === s.nodesLeftWorstCase ? plural2(s.nodesLeft, "node") : `between ${s.nodesLeft} and ${s.nodesLeftWorstCase} nodes (the controller picks nodes in no fixed order)`;
      add(
        "error",
        "rollout-will-hang",
        budgetUsedUp ? `the rollout will hang with ${range} still on the old pod: ${unhealthyText}. NotReady nodes stay desired and never get an available pod (R1.16), so they use up ${limitName} (${budget}) for good and the controller replaces nothing else (R3.10)` : `the rollout will hang with ${range} still on the old pod: ${s.reason}`
      );
    } else if (waves.neverAvailable > 0 && !neverCompletesFolded) {
      add(
        "warning",
        "rollout-never-completes",
        `${plural2(waves.neverAvailable, "node")} will never have an available pod, so \`kubectl rollout status\` never reports success (R5.6)`
      );
    }
    if (unhealthy > 0 && budgeted > 0 && !(budgetUsedUp && waves.stall)) {
      add(
        budgetUsedUp ? "error" : "warning",
        "budget-consumed-by-unhealthy-nodes",
        `${unhealthyText}. They count against ${limitName} (${budget}) (R3.10): a NotReady node for as long as it stays NotReady, a broken old pod until its replacement (made at once, outside the budget) is available`
      );
    }
    if (!strategy.surge && strategy.maxUnavailable > 1 && outcomes.desired > 0 && strategy.maxUnavailable / outcomes.desired > ctx.maxUnavailableShare) {
      const pct = Math.round(100 * strategy.maxUnavailable / outcomes.desired);
      add(
        "warning",
        "max-unavailable-large",
        `maxUnavailable resolves to ${strategy.maxUnavailable} of ${outcomes.desired} desired nodes (${pct}%, above ${Math.round(ctx.maxUnavailableShare * 100)}%): that many nodes run without the daemon at once`
      );
    }
    if (waves.estimatedSeconds > ctx.slowRolloutSeconds) {
      add(
        "warning",
        "slow-rollout",
        `the rollout takes about ${formatDuration2(waves.estimatedSeconds)} in ${plural2(waves.waves.length, "wave")} (${limitName} ${budget} of ${outcomes.desired} nodes); consider a percentage`
      );
    }
  }
  if (strategy.type === "OnDelete" && ctx.triggered) {
    add(
      "warning",
      "on-delete",
      "updateStrategy is OnDelete: no pod is replaced until something deletes it; only new nodes get the new template (R3.14)"
    );
  }
  if (outcomes.behindRevision > 0 && !ctx.triggered) {
    add(
      "info",
      "rollout-in-progress",
      `${plural2(outcomes.behindRevision, "pod")} in the snapshot ${outcomes.behindRevision === 1 ? "is" : "are"} not at the current revision: an earlier rollout has not finished`
    );
  }
  if (!ctx.templateChanged) return out;
  const spec = head.spec?.template?.spec;
  const containers = spec?.containers ?? [];
  const noProbe = containers.filter((c) => c.readinessProbe === void 0).map((c) => c.name);
  if (noProbe.length > 0) {
    add(
      "warning",
      "no-readiness-probe",
      `container${noProbe.length > 1 ? "s" : ""} ${noProbe.join(", ")} ${noProbe.length > 1 ? "have" : "has"} no readinessProbe: a pod is Ready as soon as it starts, so neither the controller nor a gate can see a broken new pod before moving on`
    );
  }
  const noRequests = [...spec?.initContainers ?? [], ...containers].filter((c) => {
    const r = containerRequests(c);
    return !r.has("cpu") || !r.has("memory");
  }).map((c) => c.name);
  if (noRequests.length > 0) {
    add(
      "warning",
      "missing-resource-requests",
      `container${noRequests.length > 1 ? "s" : ""} ${noRequests.join(", ")} ${noRequests.length > 1 ? "have" : "has"} no cpu or memory request: the scheduler cannot reserve room for the daemon, and the fit above undercounts it`
    );
  }
  if (spec?.priorityClassName === void 0 || spec.priorityClassName === "") {
    add(
      "warning",
      "no-priority-class",
      "no priorityClassName: a node agent with default priority cannot preempt pods to fit on a full node and is evicted early under pressure; node agents usually use system-node-critical"
    );
  }
  const privileged = [...spec?.initContainers ?? [], ...containers].filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (privileged.length > 0) {
    add(
      "info",
      "privileged-container",
      `privileged: ${privileged.join(", ")}. Often needed by node agents (CNI, storage, device plugins); if this one is not such an agent, narrower capabilities are safer`
    );
  }
  if (spec?.hostPID === true) {
    add(
      "info",
      "host-pid",
      "hostPID is set: the pod sees every process on the node. Needed by some monitoring agents; otherwise drop it"
    );
  }
  if (spec?.hostNetwork === true) {
    add(
      "info",
      "host-network",
      "hostNetwork is set: the pod shares the node network, and every containerPort becomes a host port (R8.3). Expected for CNI and node exporters"
    );
  }
  return out;
}
function names(nodes, pred) {
  const out = [];
  for (let i = 0; i < nodes.length; i += 1)
    if (pred(nodes[i])) out.push(nodes[i].name);
  return out;
}

// src/core/k8s/tolerations.ts
function toleratesTaint(toleration, taint, options = {}) {
  const effect = toleration.effect ?? "";
  if (effect !== "" && effect !== taint.effect) return false;
  const key = toleration.key ?? "";
  if (key !== "" && key !== taint.key) return false;
  const taintValue = taint.value ?? "";
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === taintValue;
    case "Exists":
      return true;
    case "Lt":
    case "Gt": {
      if (options.comparisonOperators !== true) return false;
      const tv = parseInt64(taintValue);
      const lv = parseInt64(toleration.value ?? "");
      if (tv === void 0 || lv === void 0) return false;
      return toleration.operator === "Lt" ? tv < lv : tv > lv;
    }
    default:
      return false;
  }
}
function taintIsTolerated(tolerations, taint, options = {}) {
  for (const t of tolerations)
    if (toleratesTaint(t, taint, options)) return true;
  return false;
}
function defaultDaemonTolerations(hostNetwork) {
  const list = [
    { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }
  ].map((t) => ({ ...t, operator: "Exists" }));
  if (hostNetwork) {
    list.push({
      key: "node.kubernetes.io/network-unavailable",
      operator: "Exists",
      effect: "NoSchedule"
    });
  }
  return list;
}
function sameToleration(a, b) {
  return (a.key ?? "") === (b.key ?? "") && (a.effect ?? "") === (b.effect ?? "") && (a.operator ?? "") === (b.operator ?? "") && (a.value ?? "") === (b.value ?? "");
}
function daemonPodTolerations(template, hostNetwork) {
  let result = [...template ?? []];
  for (const def of defaultDaemonTolerations(hostNetwork)) {
    if (result.some((t) => sameToleration(t, def))) {
      result = result.map((t) => sameToleration(t, def) ? def : t);
    } else {
      result.push(def);
    }
  }
  return result;
}

// src/core/k8s/daemon-placement.ts
var ELIGIBLE = Object.freeze({
  shouldRun: true,
  shouldContinueRunning: true,
  reasons: Object.freeze([])
});
function formatTaint(taint) {
  const value = taint.value ?? "";
  return `${taint.key}${value === "" ? "" : `=${value}`}:${taint.effect}`;
}
function compilePlacementParts(spec, options = {}) {
  const nodeName = spec?.nodeName ?? "";
  const bySelector = compileNodeSelector(
    spec?.nodeSelector
  );
  const byAffinity = compileNodeAffinity({ affinity: spec?.affinity });
  const tolerations = daemonPodTolerations(
    spec?.tolerations,
    spec?.hostNetwork === true
  );
  const verdicts = /* @__PURE__ */ new Map();
  const byObject = /* @__PURE__ */ new WeakMap();
  const tolerated = (taint) => {
    let v = byObject.get(taint);
    if (v !== void 0) return v;
    const id = `${taint.key}\0${taint.value ?? ""}\0${taint.effect}`;
    v = verdicts.get(id);
    if (v === void 0) {
      v = taintIsTolerated(tolerations, taint, options);
      verdicts.set(id, v);
    }
    byObject.set(taint, v);
    return v;
  };
  const verdict = (shouldContinueRunning, reason) => Object.freeze({
    shouldRun: false,
    shouldContinueRunning,
    reasons: Object.freeze([reason])
  });
  const wrongNode = verdict(false, `the template's nodeName is ${nodeName}`);
  const wrongSelector = verdict(
    false,
    "nodeSelector does not match the node's labels"
  );
  const wrongAffinity = verdict(
    false,
    "required node affinity does not match the node's labels"
  );
  const byTaint = /* @__PURE__ */ new Map();
  const placementOf = /* @__PURE__ */ new WeakMap();
  const untolerated = (taint, execute) => {
    const hit = placementOf.get(taint);
    if (hit !== void 0) return hit;
    const p = untoleratedById(taint, execute);
    placementOf.set(taint, p);
    return p;
  };
  const untoleratedById = (taint, execute) => {
    const id = `${taint.key}\0${taint.value ?? ""}\0${taint.effect}`;
    let p = byTaint.get(id);
    if (p === void 0) {
      p = verdict(!execute, `taint ${formatTaint(taint)} is not tolerated`);
      byTaint.set(id, p);
    }
    return p;
  };
  const match = (node) => {
    if (nodeName !== "" && nodeName !== node.name) {
      return wrongNode;
    }
    if (bySelector !== void 0 && !bySelector(node)) {
      return wrongSelector;
    }
    if (!byAffinity(node)) {
      return wrongAffinity;
    }
    return void 0;
  };
  const taintVerdict = (taints) => {
    let untoleratedNoSchedule;
    let untoleratedNoExecute;
    for (const taint of taints) {
      if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute")
        continue;
      if (tolerated(taint)) continue;
      if (taint.effect === "NoExecute") {
        untoleratedNoExecute ??= taint;
      } else {
        untoleratedNoSchedule ??= taint;
      }
    }
    if (untoleratedNoExecute !== void 0) {
      return untolerated(untoleratedNoExecute, true);
    }
    if (untoleratedNoSchedule !== void 0) {
      return untolerated(untoleratedNoSchedule, false);
    }
    return ELIGIBLE;
  };
  return { match, taints: taintVerdict };
}

// src/core/simulate/prepared.ts
function nodeMatches(nodes, match) {
  const out = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i += 1)
    out[i] = match(nodes[i].node) ?? null;
  return out;
}
var NodePlacements = class {
  placements;
  constructor(nodes, matches, taints) {
    const out = new Array(nodes.length);
    const byTaints = /* @__PURE__ */ new Map();
    for (let i = 0; i < nodes.length; i += 1) {
      const matched = matches[i];
      if (matched !== null && matched !== void 0) {
        out[i] = matched;
        continue;
      }
      const list = nodes[i].node.taints;
      let p = byTaints.get(list);
      if (p === void 0) {
        p = taints(list);
        byTaints.set(list, p);
      }
      out[i] = p;
    }
    this.placements = out;
  }
  /** Node `index`'s placement. */
  of(index) {
    return this.placements[index];
  }
};
var TERMINAL = /* @__PURE__ */ new Set(["Succeeded", "Failed"]);
var NOTHING_USED = /* @__PURE__ */ new Map();
var NO_PORT_USE = Object.freeze({
  exact: /* @__PURE__ */ new Map(),
  any: /* @__PURE__ */ new Map()
});
function dsKey(namespace, name) {
  return `${namespace}/${name}`;
}
function podOccupiesNode(pod) {
  return pod.scheduled !== false && !TERMINAL.has(pod.phase);
}
var cache = /* @__PURE__ */ new WeakMap();
function prepareSnapshot(snapshot) {
  const hit = cache.get(snapshot);
  if (hit !== void 0) return hit;
  const prepared = buildPrepared(snapshot);
  cache.set(snapshot, prepared);
  return prepared;
}
function buildPrepared(snapshot) {
  const quantities = /* @__PURE__ */ new Map();
  const quantity = (value) => {
    const plain = plainMilli(value);
    if (plain !== void 0) return plain;
    let q = quantities.get(value);
    if (q === void 0) {
      const parsed = parseQuantity(value);
      q = parsed === void 0 ? 0 : Number(parsed);
      quantities.set(value, q);
    }
    return q;
  };
  const toNumbers = (list) => {
    const out = /* @__PURE__ */ new Map();
    for (const name in list) {
      const value = list[name];
      if (value !== void 0) out.set(name, quantity(value));
    }
    return out;
  };
  const withPods = /* @__PURE__ */ new Set();
  const podsByDaemonSet = /* @__PURE__ */ new Map();
  const alignedByNamespace = /* @__PURE__ */ new Map();
  const allocatableOf = /* @__PURE__ */ new Map();
  const allocatableByContent = /* @__PURE__ */ new Map();
  const podInfo = /* @__PURE__ */ new Map();
  const resourceNames = [];
  const slotByName = /* @__PURE__ */ new Map();
  let sums = new Float64Array(8);
  let touchedAt = new Int32Array(8).fill(-1);
  const slotOf = (name) => {
    let slot = slotByName.get(name);
    if (slot === void 0) {
      slot = resourceNames.length;
      resourceNames.push(name);
      slotByName.set(name, slot);
      if (slot >= sums.length) {
        const grownSums = new Float64Array(sums.length * 2);
        grownSums.set(sums);
        sums = grownSums;
        const grownAt = new Int32Array(touchedAt.length * 2).fill(-1);
        grownAt.set(touchedAt);
        touchedAt = grownAt;
      }
    }
    return slot;
  };
  const infoOf = (pod) => {
    let info = podInfo.get(pod);
    if (info !== void 0) return info;
    let aligned;
    if (!TERMINAL.has(pod.phase)) {
      let byName = alignedByNamespace.get(pod.namespace);
      if (byName === void 0) {
        byName = /* @__PURE__ */ new Map();
        alignedByNamespace.set(pod.namespace, byName);
      }
      aligned = byName.get(pod.daemonSet);
      if (aligned === void 0) {
        const key = dsKey(pod.namespace, pod.daemonSet);
        withPods.add(key);
        aligned = new Array(
          snapshot.nodes.length
        );
        podsByDaemonSet.set(key, aligned);
        byName.set(pod.daemonSet, aligned);
      }
    }
    const requests = [];
    const slots = [];
    for (const name in pod.requests) {
      const value = pod.requests[name];
      if (name !== "pods" && value !== void 0) {
        requests.push([name, quantity(value)]);
        slots.push(slotOf(name));
      }
    }
    info = {
      aligned,
      occupies: podOccupiesNode(pod),
      requests,
      slots,
      alone: Object.freeze([pod]),
      portsKey: pod.hostPorts.length === 0 ? "" : JSON.stringify(pod.hostPorts)
    };
    podInfo.set(pod, info);
    return info;
  };
  const nodes = [];
  const touched = [];
  const portUses = /* @__PURE__ */ new Map();
  const portLists = [];
  const snapshotNodes = snapshot.nodes;
  for (let n = 0; n < snapshotNodes.length; n += 1) {
    const node = snapshotNodes[n];
    const index = nodes.length;
    let alloc = allocatableOf.get(node.allocatable);
    if (alloc === void 0) {
      const content = JSON.stringify(node.allocatable);
      alloc = allocatableByContent.get(content);
      if (alloc === void 0) {
        const allocatable2 = toNumbers(node.allocatable);
        const podCapacity2 = allocatable2.has("pods") ? allocatable2.get("pods") / 1e3 : Infinity;
        allocatable2.delete("pods");
        alloc = { allocatable: allocatable2, podCapacity: podCapacity2 };
        allocatableByContent.set(content, alloc);
      }
      allocatableOf.set(node.allocatable, alloc);
    }
    const { allocatable, podCapacity } = alloc;
    let used;
    for (const _ in node.requested) {
      used = toNumbers(node.requested);
      used.delete("pods");
      break;
    }
    let portsKey = node.hostPorts.length > 0 ? JSON.stringify(node.hostPorts) : "";
    portLists.length = 0;
    if (node.hostPorts.length > 0) portLists.push(node.hostPorts);
    let podsUsed = node.podCount;
    const daemonPods = node.daemonPods;
    for (let p = 0; p < daemonPods.length; p += 1) {
      const pod = daemonPods[p];
      const info = infoOf(pod);
      const aligned = info.aligned;
      if (aligned === void 0) continue;
      const list = aligned[index];
      if (list === void 0) aligned[index] = info.alone;
      else if (Object.isFrozen(list)) aligned[index] = [...list, pod];
      else list.push(pod);
      if (!info.occupies) continue;
      podsUsed += 1;
      const requests = info.requests;
      const slots = info.slots;
      for (let i = 0; i < requests.length; i += 1) {
        const slot = slots[i];
        if (touchedAt[slot] !== index) {
          touchedAt[slot] = index;
          touched.push(slot);
          sums[slot] = used?.get(requests[i][0]) ?? 0;
        }
        sums[slot] = sums[slot] + requests[i][1];
      }
      if (info.portsKey !== "") {
        portsKey += info.portsKey;
        portLists.push(pod.hostPorts);
      }
    }
    if (touched.length > 0) used ??= /* @__PURE__ */ new Map();
    for (let t = 0; t < touched.length; t += 1) {
      const slot = touched[t];
      used.set(resourceNames[slot], sums[slot]);
    }
    touched.length = 0;
    let ports = NO_PORT_USE;
    if (portsKey !== "") {
      const shared = portUses.get(portsKey);
      if (shared !== void 0) ports = shared;
      else {
        ports = emptyPortUse();
        for (const list of portLists) addPorts(ports, list);
        portUses.set(portsKey, ports);
      }
    }
    const ready = node.conditions.some(
      (c) => c.type === "Ready" && c.status === "True"
    );
    nodes.push({
      node,
      index,
      ready,
      allocatable,
      used: used ?? NOTHING_USED,
      podCapacity,
      podsUsed,
      ports
    });
  }
  const daemonSets = /* @__PURE__ */ new Map();
  for (const ds of snapshot.daemonSets) {
    daemonSets.set(dsKey(ds.namespace, ds.name), ds);
  }
  const freeByResource = /* @__PURE__ */ new Map();
  const free = (resource) => {
    let list = freeByResource.get(resource);
    if (list === void 0) {
      list = new Float64Array(nodes.length);
      for (let i = 0; i < nodes.length; i += 1) {
        const n = nodes[i];
        list[i] = (n.allocatable.get(resource) ?? 0) - (n.used.get(resource) ?? 0);
      }
      freeByResource.set(resource, list);
    }
    return list;
  };
  let classes = null;
  const placements = /* @__PURE__ */ new Map();
  const matches = /* @__PURE__ */ new Map();
  const placement = (spec, options) => {
    const matchKey = JSON.stringify([
      spec?.nodeName ?? "",
      spec?.nodeSelector ?? null,
      spec?.affinity ?? null
    ]);
    const key = `${matchKey}${placementTolerationKey(spec, options)}`;
    let of = placements.get(key);
    if (of === void 0) {
      const parts = compilePlacementParts(spec, options);
      let matching = matches.get(matchKey);
      if (matching === void 0) {
        matching = nodeMatches(nodes, parts.match);
        matches.set(matchKey, matching);
      }
      of = new NodePlacements(nodes, matching, parts.taints);
      if (placements.size >= 32) {
        placements.clear();
        matches.clear();
      }
      placements.set(key, of);
    }
    return of;
  };
  return {
    nodes,
    daemonSets,
    withPods,
    podsByDaemonSet,
    quantity,
    podRequests: (pod) => infoOf(pod).requests,
    free,
    classes: () => {
      if (classes === null) classes = nodeClasses(nodes);
      return classes;
    },
    placement
  };
}
function placementTolerationKey(spec, options) {
  return JSON.stringify([
    spec?.tolerations ?? null,
    spec?.hostNetwork === true,
    options.comparisonOperators === true
  ]);
}
var PLAIN_SUFFIX = {
  "": 1e3,
  m: 1,
  k: 1e6,
  M: 1e9,
  G: 1e12,
  Ki: 1024 * 1e3,
  Mi: 1024 ** 2 * 1e3,
  Gi: 1024 ** 3 * 1e3,
  Ti: 1024 ** 4 * 1e3
};
function plainMilli(value) {
  let end = value.length;
  while (end > 0) {
    const c = value.charCodeAt(end - 1);
    if (c >= 48 && c <= 57) break;
    end -= 1;
  }
  if (end === 0 || end > 15 || value.length - end > 2) return void 0;
  const unit = PLAIN_SUFFIX[value.slice(end)];
  if (unit === void 0) return void 0;
  let n = 0;
  for (let i = 0; i < end; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return void 0;
    n = n * 10 + d;
  }
  const milli = n * unit;
  return Number.isSafeInteger(milli) ? milli : void 0;
}
var CLASS_SHARE = 0.25;
var SAMPLE = 1024;
function entriesKey(map) {
  let key = "";
  for (const [name, value] of map) key += `${name}=${value};`;
  return key;
}
function nodeClasses(nodes) {
  const limit = Math.max(1, Math.floor(nodes.length * CLASS_SHARE));
  const allocKeys = /* @__PURE__ */ new Map();
  const allocIds = /* @__PURE__ */ new Map();
  const capacityIds = /* @__PURE__ */ new Map();
  const figures = (pn) => {
    const flags = (pn.ready ? 1 : 0) + (pn.node.statusUnknown === true ? 2 : 0);
    if (pn.used === NOTHING_USED && pn.node.hostPorts.length === 0 && pn.podsUsed < 65536) {
      let alloc2 = allocIds.get(pn.allocatable);
      if (alloc2 === void 0) {
        alloc2 = allocIds.size;
        allocIds.set(pn.allocatable, alloc2);
      }
      let capacity = capacityIds.get(pn.podCapacity);
      if (capacity === void 0) {
        capacity = capacityIds.size;
        capacityIds.set(pn.podCapacity, capacity);
      }
      if (alloc2 < 262144 && capacity < 65536)
        return ((alloc2 * 65536 + capacity) * 65536 + pn.podsUsed) * 4 + flags;
    }
    let alloc = allocKeys.get(pn.allocatable);
    if (alloc === void 0) {
      alloc = entriesKey(pn.allocatable);
      allocKeys.set(pn.allocatable, alloc);
    }
    return `${flags}|${pn.podsUsed}|${pn.podCapacity}|${alloc}|${entriesKey(pn.used)}|${pn.node.hostPorts.join(",")}`;
  };
  const stride = Math.max(1, Math.floor(nodes.length / SAMPLE));
  const sampled = /* @__PURE__ */ new Set();
  let samples = 0;
  for (let i = 0; i < nodes.length; i += stride) {
    sampled.add(figures(nodes[i]));
    samples += 1;
  }
  if (sampled.size > Math.max(1, samples * CLASS_SHARE)) return void 0;
  const first = new Array(nodes.length);
  const firstSeen = /* @__PURE__ */ new Set();
  for (let i = 0; i < nodes.length; i += 1) {
    const key = figures(nodes[i]);
    first[i] = key;
    firstSeen.add(key);
    if (firstSeen.size > limit) return void 0;
  }
  const podKeys = /* @__PURE__ */ new Map();
  const podKey = (pod) => {
    let key = podKeys.get(pod);
    if (key === void 0) {
      key = JSON.stringify([
        pod.namespace,
        pod.daemonSet,
        pod.revisionHash,
        pod.phase,
        pod.ready,
        pod.scheduled,
        pod.requests,
        pod.hostPorts
      ]);
      podKeys.set(pod, key);
    }
    return key;
  };
  const ids = new Int32Array(nodes.length);
  const byKey = /* @__PURE__ */ new Map();
  for (let i = 0; i < nodes.length; i += 1) {
    let key = first[i];
    const pods = nodes[i].node.daemonPods;
    if (pods.length > 0 && typeof key === "number") key = `#${key}`;
    for (let p = 0; p < pods.length; p += 1) key += `|${podKey(pods[p])}`;
    let id = byKey.get(key);
    if (id === void 0) {
      id = byKey.size;
      if (id >= limit) return void 0;
      byKey.set(key, id);
    }
    ids[i] = id;
  }
  return { ids, count: byKey.size };
}

// src/core/simulate/node-fit.ts
var ORDER = ["cpu", "memory", "ephemeral-storage"];
var NO_PORTS = Object.freeze([]);
function podDemand(spec) {
  const exact = effectiveRequests(spec);
  const names2 = [...exact.keys()].sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const requests = [];
  for (const name of names2) {
    const q = exact.get(name) ?? 0n;
    if (q > 0n) requests.push([name, Number(q)]);
  }
  return { requests, exact, ports: podHostPorts(spec) };
}
function formatMilli(name, milli) {
  const binary = isByteResource(name);
  if (milli % 1e3 !== 0 || !binary) {
    if (milli % 1e3 !== 0) return `${Math.round(milli)}m`;
    return `${milli / 1e3}`;
  }
  let units = milli / 1e3;
  for (const [suffix, size] of [
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10]
  ]) {
    if (units >= size) {
      const v = units / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${suffix}`;
    }
  }
  return `${units}`;
}
var lookups = /* @__PURE__ */ new WeakMap();
var lastDemand;
var lastLookups;
function lookupsOf(demand, prepared) {
  if (demand === lastDemand && lastLookups !== void 0 && lastLookups.prepared === prepared)
    return lastLookups;
  const hit = lookups.get(demand);
  if (hit !== void 0 && hit.prepared === prepared) {
    lastDemand = demand;
    lastLookups = hit;
    return hit;
  }
  const made = {
    prepared,
    frees: demand.requests.map(([name]) => prepared.free(name)),
    shown: demand.requests.map(([name, want]) => formatMilli(name, want)),
    failures: /* @__PURE__ */ new Map(),
    held: /* @__PURE__ */ new WeakMap(),
    lastOwn: void 0,
    lastHeld: NOTHING_HELD,
    ports: /* @__PURE__ */ new WeakMap(),
    lastPortUse: void 0,
    lastHeldPorts: void 0,
    lastConflict: false
  };
  lookups.set(demand, made);
  lastDemand = demand;
  lastLookups = made;
  return made;
}
function portConflictOf(look, demand, use, heldPorts) {
  let byHeld = look.ports.get(use);
  if (byHeld === void 0) {
    byHeld = /* @__PURE__ */ new Map();
    look.ports.set(use, byHeld);
  }
  let conflict = byHeld.get(heldPorts);
  if (conflict === void 0) {
    conflict = portsConflict(demand.ports, use, heldPorts);
    if (byHeld.size < 64) byHeld.set(heldPorts, conflict);
  }
  return conflict;
}
function heldOf(look, demand, own2, prepared) {
  const frozen2 = Object.isFrozen(own2);
  const hit = frozen2 ? look.held.get(own2) : void 0;
  if (hit !== void 0) return hit;
  const held = sumHeld(demand, own2, prepared);
  if (frozen2) look.held.set(own2, held);
  return held;
}
function sumHeld(demand, own2, prepared) {
  let count2 = 0;
  const room = demand.requests.map(() => 0);
  const ports = [];
  for (const pod of own2) {
    if (!podOccupiesNode(pod)) continue;
    count2 += 1;
    const held = prepared.podRequests(pod);
    for (let i = 0; i < demand.requests.length; i += 1) {
      const name = demand.requests[i][0];
      for (let j = 0; j < held.length; j += 1)
        if (held[j][0] === name) room[i] = room[i] + held[j][1];
    }
    if (pod.hostPorts.length > 0) ports.push(...pod.hostPorts);
  }
  const only = count2 === 1 && own2.length === 1 ? own2[0].hostPorts : ports;
  return { count: count2, room, ports: only.length > 0 ? only : NO_PORTS };
}
var NOTHING_HELD = Object.freeze({
  count: 0,
  room: [],
  ports: NO_PORTS
});
var FITS = Object.freeze({
  fits: true,
  reasons: Object.freeze([]),
  details: Object.freeze([])
});
function fitOnNode(demand, node, own2, keepOwn, prepared) {
  if (node.node.statusUnknown === true) return FITS;
  const look = lookupsOf(demand, prepared);
  let held = NOTHING_HELD;
  if (!keepOwn && own2.length > 0) {
    if (own2 === look.lastOwn) held = look.lastHeld;
    else {
      held = heldOf(look, demand, own2, prepared);
      look.lastOwn = own2;
      look.lastHeld = held;
    }
  }
  const ownCount = held.count;
  const podsHere = node.podsUsed - ownCount;
  let failed;
  if (podsHere + 1 > node.podCapacity)
    failed = `p${podsHere}/${node.podCapacity}`;
  const requests = demand.requests;
  const frees = look.frees;
  let freeShown;
  for (let i = 0; i < requests.length; i += 1) {
    const want = requests[i][1];
    let free = frees[i][node.index];
    if (ownCount > 0) free += held.room[i];
    if (want > free) {
      const shown = formatMilli(requests[i][0], Math.max(0, free));
      (freeShown ??= new Array(requests.length))[i] = shown;
      failed = `${failed ?? ""}|${i}:${shown}`;
    }
  }
  let conflict = false;
  if (demand.ports.length > 0) {
    if (node.ports === look.lastPortUse && held.ports === look.lastHeldPorts)
      conflict = look.lastConflict;
    else {
      conflict = portConflictOf(look, demand, node.ports, held.ports);
      look.lastPortUse = node.ports;
      look.lastHeldPorts = held.ports;
      look.lastConflict = conflict;
    }
    if (conflict) failed = `${failed ?? ""}|ports`;
  }
  if (failed === void 0) return FITS;
  const known = look.failures.get(failed);
  if (known !== void 0) return known;
  const reasons = [];
  const details = [];
  if (podsHere + 1 > node.podCapacity) {
    reasons.push(TOO_MANY_PODS_REASON);
    details.push(`pods: ${podsHere} of ${node.podCapacity} already on the node`);
  }
  for (let i = 0; i < requests.length; i += 1) {
    const shown = freeShown?.[i];
    if (shown === void 0) continue;
    const name = requests[i][0];
    reasons.push(insufficient(name));
    details.push(`${name}: requests ${look.shown[i]}, ${shown} free`);
  }
  if (conflict) {
    reasons.push(PORTS_REASON);
    details.push(`host ports ${demand.ports.join(", ")}`);
  }
  const result = Object.freeze({
    fits: false,
    reasons: Object.freeze(reasons),
    details: Object.freeze(details)
  });
  if (look.failures.size >= 1e4) look.failures.clear();
  look.failures.set(failed, result);
  return result;
}

// src/core/simulate/outcomes.ts
function emptyLaneCounts() {
  return {
    done: 0,
    create: 0,
    "broken-old": 0,
    candidate: 0,
    "candidate-stuck": 0,
    stuck: 0,
    "stuck-old": 0,
    "misscheduled-old": 0,
    "misscheduled-broken": 0,
    keep: 0
  };
}
var frozen = (...r) => Object.freeze(r);
var R_REMOVED = frozen(
  "the DaemonSet is removed: its pods are garbage-collected"
);
var R_CREATE = frozen("should run here and has no daemon pod: one is created");
var R_ON_DELETE = frozen(
  "OnDelete: the old pod keeps running until something deletes it (R3.14)"
);
var R_REPLACE = frozen("the pod runs an old template: it is replaced");
var R_REPLACE_BROKEN = frozen(
  "the pod runs an old template and is not available: it is replaced at once, outside the budget (R3.9)"
);
var R_KEEP = frozen("the pod is already up to date");
var R_STATUS_UNKNOWN = "fit unknown: the node has not reported its status (allocatable, conditions) yet; it is joining the cluster";
var R_KEEP_PENDING = frozen("the existing pod is Pending and stays so");
var R_MISSCHEDULED_DELETE = "the pod is kept by manage (shouldContinueRunning) but the rolling update replaces old pods and does not recreate it here (R2.4)";
var R_MISSCHEDULED_KEEP = "the existing pod keeps running (shouldContinueRunning) and is counted as misscheduled (R2.4)";
var R_DELETE = "the controller deletes the daemon pod here";
var R_NO_NEW_POD = "no new pod is placed on a node with an untolerated NoSchedule taint";
var R_NOT_READY = NOT_READY_REASON;
var NO_PODS = Object.freeze([]);
function podState(pods) {
  if (pods.length === 0) return "none";
  for (let i = 0; i < pods.length; i += 1)
    if (pods[i].phase === "Running") return "running";
  return "pending";
}
function computeOutcomes(ctx, classUse = "auto") {
  const { base, head, triggered, strategy, prepared } = ctx;
  const ref = head ?? base;
  const key = dsKey(
    ref?.metadata?.namespace ?? "default",
    ref?.metadata?.name ?? ""
  );
  const live = prepared.daemonSets.get(key);
  const fromPods = prepared.withPods.has(key) || live !== void 0;
  const options = { comparisonOperators: ctx.comparisonOperators };
  const headSpec = head?.spec?.template?.spec;
  const headPlace = head === void 0 ? void 0 : prepared.placement(headSpec, options);
  const basePlace = base === void 0 || fromPods ? void 0 : prepared.placement(base.spec?.template?.spec, options);
  const baseDemand = basePlace === void 0 ? void 0 : podDemand(base?.spec?.template?.spec);
  const rolling = strategy.type === "RollingUpdate";
  const facts = {
    head,
    triggered,
    rolling,
    surge: rolling && strategy.surge,
    fromPods,
    currentHash: live?.currentRevisionHash,
    headDemand: podDemand(headSpec),
    baseDemand,
    prepared
  };
  const all = (ctx.nodeDetail ?? "all") === "all";
  const nodes = [];
  const grouper = new OutcomeGrouper();
  const actions = {
    create: 0,
    delete: 0,
    replace: 0,
    keep: 0,
    "keep-misscheduled": 0,
    pending: 0,
    none: 0
  };
  const lanes = emptyLaneCounts();
  const actionCounts = new Int32Array(ACTIONS.length);
  const laneCounts = new Int32Array(LANES.length);
  const notReady = [];
  const unavailablePods = [];
  const surgeWindowBlocked = [];
  const surgeWindowPortsOnly = [];
  let desired = 0;
  let behindRevision = 0;
  const podsOf = prepared.podsByDaemonSet.get(key);
  const preparedNodes = prepared.nodes;
  const classes = classUse === "off" ? void 0 : prepared.classes();
  const memo = /* @__PURE__ */ new Map();
  let lastPlace;
  let lastBase;
  let lastByClass = [];
  const fitsMemo = new VerdictWhenFits();
  const scratch = emptyVerdict();
  for (let index = 0; index < preparedNodes.length; index += 1) {
    const pn = preparedNodes[index];
    const node = pn.node;
    const place = headPlace === void 0 ? REMOVED : headPlace.of(index);
    const bp = basePlace === void 0 ? void 0 : basePlace.of(index);
    let verdict;
    if (classes === void 0) {
      const own2 = podsOf?.[index] ?? NO_PODS;
      verdict = classUse === "off" ? void 0 : fitsMemo.lookup(facts, pn, own2, place, bp);
      verdict ??= nodeVerdict(
        facts,
        pn,
        own2,
        place,
        bp,
        scratch,
        classUse === "off" ? NO_KNOWN_FITS : fitsMemo.known
      );
    } else {
      let byClass;
      if (place === lastPlace && bp === lastBase) byClass = lastByClass;
      else {
        const byBase = innerMap(memo, place);
        let found = byBase.get(bp);
        if (found === void 0) {
          found = new Array(classes.count);
          byBase.set(bp, found);
        }
        byClass = found;
        lastPlace = place;
        lastBase = bp;
        lastByClass = byClass;
      }
      const id = classes.ids[index];
      verdict = byClass[id];
      if (verdict === void 0) {
        verdict = nodeVerdict(
          facts,
          pn,
          podsOf?.[index] ?? NO_PODS,
          place,
          bp,
          emptyVerdict()
        );
        Object.freeze(verdict.reasons);
        byClass[id] = verdict;
      }
    }
    if (verdict.shouldRun) {
      desired += 1;
      if (verdict.notReady) notReady.push(node.name);
      else if (verdict.unavailablePod) unavailablePods.push(node.name);
    }
    if (verdict.behindRevision) behindRevision += 1;
    if (verdict.surgeWindowBlocked) {
      surgeWindowBlocked.push(node.name);
      if (verdict.surgeWindowPortsOnly) surgeWindowPortsOnly.push(node.name);
    }
    const named = all || verdict.named;
    if (verdict.group !== void 0) grouper.addTo(verdict.group, node.name);
    else {
      const group = grouper.add(
        node.name,
        verdict.action,
        verdict.before,
        verdict.after,
        verdict.reasons,
        named
      );
      if (verdict !== scratch) verdict.group = group;
    }
    actionCounts[verdict.actionIndex] += 1;
    if (named) {
      const outcome = {
        name: node.name,
        shouldRun: verdict.shouldRun,
        shouldContinueRunning: verdict.shouldContinueRunning,
        fits: verdict.fits,
        before: verdict.before,
        after: verdict.after,
        action: verdict.action,
        reasons: verdict.reasons
      };
      if (verdict.fitUnknown) outcome.fitUnknown = true;
      nodes.push(outcome);
    }
    laneCounts[verdict.laneIndex] += 1;
  }
  ACTIONS.forEach((a, i) => actions[a] += actionCounts[i]);
  LANES.forEach((l, i) => lanes[l] += laneCounts[i]);
  return {
    nodes,
    groups: grouper.finish(),
    actions,
    lanes,
    desired,
    fromPods,
    notReady,
    unavailablePods,
    behindRevision,
    surgeWindowBlocked,
    surgeWindowPortsOnly
  };
}
var VerdictWhenFits = class {
  /**
   * The fits worked out for the node looked up last: a node that misses
   * (a fit fails) is then computed with them, not again.
   */
  known = {};
  byPlace = /* @__PURE__ */ new Map();
  // The key asked last and its verdicts (neighbouring nodes mostly share one).
  lastPlace;
  lastBase;
  lastOwn;
  lastByState = [];
  byStateOf(place, bp, own2) {
    const byPods = innerMap(innerMap(this.byPlace, place), bp);
    let byState = byPods.get(own2);
    if (byState === void 0) {
      byState = [void 0, void 0, void 0, void 0];
      byPods.set(own2, byState);
    }
    return byState;
  }
  lookup(facts, pn, own2, place, bp) {
    const { head, prepared } = facts;
    const known = this.known;
    known.head = void 0;
    known.window = void 0;
    known.base = void 0;
    if (head !== void 0 && place.shouldRun) {
      known.head = fitOnNode(facts.headDemand, pn, own2, false, prepared);
      if (!known.head.fits) return void 0;
      if (facts.surge && own2.length > 0) {
        known.window = fitOnNode(facts.headDemand, pn, own2, true, prepared);
        if (!known.window.fits) return void 0;
      }
    }
    if (!facts.fromPods && bp !== void 0 && bp.shouldRun && facts.baseDemand !== void 0) {
      known.base = fitOnNode(facts.baseDemand, pn, own2, false, prepared);
      if (!known.base.fits) return void 0;
    }
    let byState;
    if (place === this.lastPlace && bp === this.lastBase && own2 === this.lastOwn)
      byState = this.lastByState;
    else {
      byState = this.byStateOf(place, bp, own2);
      this.lastPlace = place;
      this.lastBase = bp;
      this.lastOwn = own2;
      this.lastByState = byState;
    }
    const state = (pn.ready ? 1 : 0) + (pn.node.statusUnknown === true ? 2 : 0);
    let verdict = byState[state];
    if (verdict === void 0) {
      verdict = nodeVerdict(facts, pn, own2, place, bp, emptyVerdict(), known);
      Object.freeze(verdict.reasons);
      byState[state] = verdict;
    }
    return verdict;
  }
};
function innerMap(map, key) {
  let inner = map.get(key);
  if (inner === void 0) {
    inner = /* @__PURE__ */ new Map();
    map.set(key, inner);
  }
  return inner;
}
var NO_KNOWN_FITS = Object.freeze({});
var REMOVED = Object.freeze({
  shouldRun: false,
  shouldContinueRunning: false,
  reasons: Object.freeze(["the DaemonSet is removed"])
});
var ACTIONS = [
  "create",
  "delete",
  "replace",
  "keep",
  "keep-misscheduled",
  "pending",
  "none"
];
var LANES = Object.keys(emptyLaneCounts());
var ACTION_INDEX = Object.fromEntries(
  ACTIONS.map((a, i) => [a, i])
);
var LANE_INDEX = Object.fromEntries(LANES.map((l, i) => [l, i]));
function emptyVerdict() {
  return {
    action: "none",
    actionIndex: ACTION_INDEX.none,
    laneIndex: LANE_INDEX.done,
    before: "none",
    after: "none",
    fits: null,
    fitUnknown: false,
    lane: "done",
    reasons: REMOVED.reasons,
    named: false,
    shouldRun: false,
    shouldContinueRunning: false,
    notReady: false,
    unavailablePod: false,
    behindRevision: false,
    surgeWindowBlocked: false,
    surgeWindowPortsOnly: false,
    // Present from the start: every verdict keeps one object shape.
    group: void 0
  };
}
function nodeVerdict(facts, pn, own2, place, bp, into, known = NO_KNOWN_FITS) {
  const { head, triggered, rolling, surge, fromPods, currentHash, prepared } = facts;
  const headDemand = facts.headDemand;
  const node = pn.node;
  let before;
  if (fromPods) {
    before = podState(own2);
  } else if (bp !== void 0 && facts.baseDemand !== void 0) {
    before = !bp.shouldRun ? "none" : (known.base ?? fitOnNode(facts.baseDemand, pn, own2, false, prepared)).fits ? "running" : "pending";
  } else {
    before = "none";
  }
  const hasPod = before !== "none";
  let anyReady = false;
  let anyCurrent = false;
  for (let i = 0; i < own2.length; i += 1) {
    const p = own2[i];
    if (p.ready) anyReady = true;
    if (p.revisionHash === currentHash) anyCurrent = true;
  }
  const podAvailable = pn.ready && (fromPods ? anyReady : before === "running");
  const podIsOld = hasPod && (triggered || fromPods && currentHash !== void 0 && !anyCurrent);
  let action;
  let after;
  let fits = null;
  let lane = "done";
  let reasons = place.reasons;
  let surgeWindowBlocked = false;
  let surgeWindowPortsOnly = false;
  if (head === void 0) {
    action = hasPod ? "delete" : "none";
    after = "none";
    if (hasPod) reasons = R_REMOVED;
  } else if (place.shouldRun && !hasPod) {
    const fit = known.head ?? fitOnNode(headDemand, pn, own2, false, prepared);
    fits = fit.fits;
    after = fit.fits ? "running" : "pending";
    action = fit.fits ? "create" : "pending";
    reasons = fit.fits ? R_CREATE : pendingReasons("the new pod", fit);
    lane = !fit.fits || !pn.ready ? "stuck" : "create";
  } else if (place.shouldContinueRunning && hasPod) {
    if (place.shouldRun) {
      if (podIsOld && triggered) {
        const fit = known.head ?? fitOnNode(headDemand, pn, own2, false, prepared);
        let window;
        if (surge)
          window = known.window ?? fitOnNode(headDemand, pn, own2, true, prepared);
        const ok = fit.fits && (window === void 0 || window.fits);
        fits = ok;
        if (!rolling) {
          action = "keep";
          after = before;
          lane = "keep";
          reasons = fit.fits ? R_ON_DELETE : [...R_ON_DELETE, ...pendingReasons("its replacement", fit)];
        } else {
          after = ok ? "running" : "pending";
          action = ok ? "replace" : "pending";
          if (ok) {
            reasons = podAvailable ? R_REPLACE : R_REPLACE_BROKEN;
          } else if (!fit.fits) {
            reasons = pendingReasons("the new pod", fit);
          } else {
            surgeWindowBlocked = true;
            const blockers = window.reasons;
            if (blockers.length === 1 && blockers[0] === PORTS_REASON)
              surgeWindowPortsOnly = true;
            reasons = [
              ...pendingReasons(
                "during the surge the new pod, next to the old one,",
                window
              ),
              "the old pod is not deleted while the new one is Pending: this node blocks the rollout (R3.11, R3.15)"
            ];
          }
          if (!podAvailable) lane = ok && pn.ready ? "broken-old" : "stuck-old";
          else lane = ok && pn.ready ? "candidate" : "candidate-stuck";
        }
      } else {
        action = "keep";
        after = before;
        lane = podAvailable ? "done" : "stuck";
        const fit = known.head ?? fitOnNode(headDemand, pn, own2, false, prepared);
        fits = fit.fits;
        reasons = before === "pending" ? R_KEEP_PENDING : R_KEEP;
        if (!fit.fits && before === "running")
          reasons = [
            ...reasons,
            `a re-created pod would not fit (${fit.reasons.join(", ")})`
          ];
      }
    } else if (podIsOld && triggered && rolling) {
      action = "delete";
      after = "none";
      lane = podAvailable ? "misscheduled-old" : "misscheduled-broken";
      reasons = [...reasons, R_MISSCHEDULED_DELETE];
    } else {
      action = "keep-misscheduled";
      after = before;
      lane = "keep";
      reasons = [...reasons, R_MISSCHEDULED_KEEP];
    }
  } else if (hasPod) {
    action = "delete";
    after = "none";
    reasons = [...reasons, R_DELETE];
  } else {
    action = "none";
    after = "none";
    if (place.shouldContinueRunning && !place.shouldRun) {
      reasons = [...reasons, R_NO_NEW_POD];
    }
  }
  const downNode = place.shouldRun && !pn.ready;
  if (downNode) {
    reasons = [...reasons, R_NOT_READY];
    if ((action === "create" || action === "replace") && after === "running")
      after = "pending";
  }
  const statusUnknown = node.statusUnknown === true && fits !== null;
  if (statusUnknown) reasons = [...reasons, R_STATUS_UNKNOWN];
  into.action = action;
  into.actionIndex = ACTION_INDEX[action];
  into.laneIndex = LANE_INDEX[lane];
  into.before = before;
  into.after = after;
  into.fits = statusUnknown ? null : fits;
  into.fitUnknown = statusUnknown;
  into.lane = lane;
  into.reasons = reasons;
  into.named = downNode || statusUnknown || fits === false || action !== "replace" && action !== "keep" && action !== "none";
  into.shouldRun = place.shouldRun;
  into.shouldContinueRunning = place.shouldContinueRunning;
  into.notReady = place.shouldRun && !pn.ready;
  into.unavailablePod = place.shouldRun && pn.ready && hasPod && !podAvailable;
  into.behindRevision = hasPod && !triggered && podIsOld;
  into.surgeWindowBlocked = surgeWindowBlocked;
  into.surgeWindowPortsOnly = surgeWindowPortsOnly;
  return into;
}
function pendingReasons(what, fit) {
  let bySubject = PENDING_REASONS.get(fit);
  if (bySubject === void 0) {
    bySubject = /* @__PURE__ */ new Map();
    PENDING_REASONS.set(fit, bySubject);
  }
  let reasons = bySubject.get(what);
  if (reasons === void 0) {
    reasons = Object.freeze([pendingHead(what, fit.reasons), ...fit.details]);
    bySubject.set(what, reasons);
  }
  return reasons;
}
var PENDING_REASONS = /* @__PURE__ */ new WeakMap();
var PENDING_HEADS = /* @__PURE__ */ new Map();
function pendingHead(what, reasons) {
  const joined = reasons.length === 1 ? reasons[0] : reasons.join(", ");
  let byReason = PENDING_HEADS.get(what);
  if (byReason === void 0) {
    byReason = /* @__PURE__ */ new Map();
    PENDING_HEADS.set(what, byReason);
  }
  let head = byReason.get(joined);
  if (head === void 0) {
    head = `${what} stays Pending: ${joined}`;
    if (byReason.size >= 1e3) byReason.clear();
    byReason.set(joined, head);
  }
  return head;
}

// src/core/simulate/rollout.ts
var DEFAULT_PULL_SECONDS = 20;
var DEFAULT_START_SECONDS = 5;
var DEFAULT_GRACE_SECONDS = 30;
function probeSeconds(p, thresholdDefault) {
  if (p === void 0) return 0;
  const delay = p.initialDelaySeconds ?? 0;
  const period = p.periodSeconds ?? 10;
  const threshold = p.successThreshold ?? thresholdDefault;
  return delay + period * threshold;
}
function readySeconds(spec) {
  let worst = 0;
  for (const c of spec?.containers ?? []) {
    const startup = c.startupProbe === void 0 ? 0 : probeSeconds(c.startupProbe, 1);
    const readiness = probeSeconds(c.readinessProbe, 1);
    worst = Math.max(worst, startup + readiness);
  }
  return worst;
}
function imagesOf(spec) {
  return [...spec?.initContainers ?? [], ...spec?.containers ?? []];
}
function pullsImage(base, head) {
  const old = new Set(
    imagesOf(base?.spec?.template?.spec).map((c) => c.image ?? "")
  );
  for (const c of imagesOf(head.spec?.template?.spec)) {
    const image = c.image ?? "";
    if (!old.has(image)) return true;
    if (c.imagePullPolicy === "Always") return true;
    if (c.imagePullPolicy === void 0 && isUnpinned(image)) return true;
  }
  return false;
}
function isUnpinned(image) {
  if (image.includes("@")) return false;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  if (colon < 0) return true;
  return image.slice(colon + 1) === "latest";
}
function estimateDurations(base, head, surge, options = {}) {
  const headSpec = head.spec?.template?.spec;
  const observed = options.observed;
  const grace = (base ?? head).spec?.template?.spec?.terminationGracePeriodSeconds;
  const terminate = observed?.stopSeconds !== void 0 ? [
    Math.min(observed.stopSeconds, grace ?? DEFAULT_GRACE_SECONDS),
    "observed"
  ] : grace !== void 0 ? [grace, "manifest"] : [DEFAULT_GRACE_SECONDS, "default"];
  const start = options.startSeconds !== void 0 ? [options.startSeconds, "option"] : observed?.startSeconds !== void 0 ? [Math.min(observed.startSeconds, DEFAULT_START_SECONDS), "observed"] : [DEFAULT_START_SECONDS, "default"];
  const pull = options.pullSeconds !== void 0 ? [options.pullSeconds, "option"] : observed?.pullStartSeconds !== void 0 ? [
    Math.round(Math.max(0, observed.pullStartSeconds - start[0]) * 10) / 10,
    "observed"
  ] : [DEFAULT_PULL_SECONDS, "default"];
  const pulls = pullsImage(base, head);
  const pullSeconds = pulls ? pull[0] : 0;
  const startSeconds = start[0];
  const ready = observed?.readySeconds !== void 0 ? [observed.readySeconds, "observed"] : [readySeconds(headSpec), "manifest"];
  const minReadySeconds = head.spec?.minReadySeconds ?? 0;
  const up = pullSeconds + startSeconds + ready[0] + minReadySeconds;
  const estimate = {
    terminateSeconds: terminate[0],
    pullSeconds,
    startSeconds,
    readySeconds: ready[0],
    minReadySeconds,
    waveSeconds: (surge ? 0 : terminate[0]) + up,
    newNodePullSeconds: pull[0],
    from: {
      terminateSeconds: terminate[1],
      pullSeconds: pull[1],
      startSeconds: start[1],
      readySeconds: ready[1]
    }
  };
  if (observed !== void 0) estimate.observedPods = observed.pods;
  return estimate;
}
function newNodeUpSeconds(d) {
  return (d.newNodePullSeconds ?? d.pullSeconds) + d.startSeconds + d.readySeconds + d.minReadySeconds;
}
function runWaves(c, strategy, d, badFirst) {
  const surge = strategy.surge;
  const limit = surge ? strategy.maxSurge : strategy.maxUnavailable;
  let stuck = surge ? c["stuck-old"] : c.stuck + c["stuck-old"];
  let transient = surge ? c["broken-old"] : c.create + c["broken-old"];
  let firstExtra = c["misscheduled-broken"] + (surge ? c.create + c["misscheduled-old"] : 0);
  let firstConsumed = surge ? 0 : c["misscheduled-broken"];
  let good = c.candidate + (surge ? 0 : c["misscheduled-old"]);
  let bad = c["candidate-stuck"];
  const baseDown = surge ? c.stuck + c["stuck-old"] : 0;
  const waves = [];
  let at2 = 0;
  let maxDown = 0;
  const upSeconds = d.waveSeconds - (surge ? 0 : d.terminateSeconds);
  for (; ; ) {
    const remaining = good + bad;
    const budget = Math.max(0, limit - stuck - transient - firstConsumed);
    const take = Math.min(budget, remaining);
    const takeBad = badFirst ? Math.min(bad, take) : Math.max(0, take - good);
    const takeGood = take - takeBad;
    const nodes = take + transient + firstExtra;
    if (nodes === 0) break;
    const first = waves.length === 0;
    const deletes = surge ? first ? c["misscheduled-broken"] + c["misscheduled-old"] : 0 : take + (first ? c["broken-old"] + c["misscheduled-broken"] : 0);
    const creates = take + transient + (surge && first ? c.create : 0);
    const up = first && c.create > 0 ? Math.max(upSeconds, newNodeUpSeconds(d)) : upSeconds;
    const seconds = creates > 0 ? up + (!surge && deletes > 0 ? d.terminateSeconds : 0) : deletes > 0 ? d.terminateSeconds : 0;
    const down = surge ? baseDown + (waves.length === 0 ? c.create : 0) : stuck + transient + take + firstConsumed;
    maxDown = Math.max(maxDown, down);
    waves.push({
      nodes,
      estimatedSeconds: seconds,
      startsAtSeconds: at2,
      nodesDown: down
    });
    at2 += seconds;
    good -= takeGood;
    bad -= takeBad;
    stuck += takeBad;
    transient = 0;
    firstExtra = 0;
    firstConsumed = 0;
  }
  maxDown = Math.max(maxDown, surge ? baseDown : stuck);
  return { waves, left: good + bad, maxDown };
}
function planWaves(c, strategy, durations) {
  const best = runWaves(c, strategy, durations, false);
  const worst = runWaves(c, strategy, durations, true);
  const estimatedSeconds = best.waves.reduce((s, w) => s + w.estimatedSeconds, 0) + (strategy.surge && best.waves.length > 0 ? durations.terminateSeconds : 0);
  const worstSeconds = worst.waves.reduce((s, w) => s + w.estimatedSeconds, 0) + (strategy.surge && worst.waves.length > 0 ? durations.terminateSeconds : 0);
  const plan = {
    waves: best.waves,
    estimatedSeconds,
    estimatedSecondsWorstCase: worstSeconds,
    maxNodesDown: best.maxDown,
    unavailableAtStart: 0,
    neverAvailable: c.stuck + c["stuck-old"] + c["candidate-stuck"]
  };
  if (best.left > 0 || worst.left > 0) {
    const limitName = strategy.surge ? "maxSurge" : "maxUnavailable";
    const limit = strategy.surge ? strategy.maxSurge : strategy.maxUnavailable;
    plan.stall = {
      nodesLeft: best.left,
      nodesLeftWorstCase: worst.left,
      reason: `nodes whose new pod never becomes available use up ${limitName} (${limit}) for good, so the controller stops replacing pods and the rollout hangs (R3.10${strategy.surge ? ", R3.11" : ""})`
    };
  }
  return plan;
}

// src/core/simulate/strategy.ts
function scaleIntOrPercent(value, total) {
  if (typeof value === "number") {
    if (!Number.isInteger(value))
      return { error: `invalid value ${value}: not an integer` };
    return { value };
  }
  if (!value.endsWith("%")) {
    return {
      error: `invalid value for IntOrString: invalid type: string is not a percentage (${JSON.stringify(value)})`
    };
  }
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) {
    return {
      error: `invalid value ${JSON.stringify(value)}: strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`
    };
  }
  const pct = Number(digits);
  return { value: Math.ceil(pct * total / 100) };
}
function isZero2(v) {
  if (typeof v === "number") return v === 0;
  return /^0+%$/.test(v);
}
function validPositiveIntOrPercent(v) {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0;
  const m = /^(\d+)%$/.exec(v);
  return m !== null && Number(m[1]) <= 100;
}
function resolveStrategy(spec, desired) {
  const strategy = spec?.updateStrategy;
  const rawType = strategy?.type ?? "";
  const rejected = [];
  const errors = [];
  if (rawType === "OnDelete") {
    return {
      type: "OnDelete",
      maxUnavailableSpec: 0,
      maxSurgeSpec: 0,
      maxUnavailable: 0,
      maxSurge: 0,
      surge: false,
      fallback: false,
      errors,
      rejected
    };
  }
  if (rawType !== "" && rawType !== "RollingUpdate") {
    rejected.push(
      `spec.updateStrategy.type: Unsupported value: ${JSON.stringify(rawType)}: supported values: "OnDelete", "RollingUpdate"`
    );
  }
  const ru = strategy?.rollingUpdate;
  const maxUnavailableSpec = ru?.maxUnavailable ?? 1;
  const maxSurgeSpec = ru?.maxSurge ?? 0;
  for (const [field, v] of [
    ["maxUnavailable", maxUnavailableSpec],
    ["maxSurge", maxSurgeSpec]
  ]) {
    if (!validPositiveIntOrPercent(v)) {
      rejected.push(
        `spec.updateStrategy.rollingUpdate.${field}: Invalid value: ${JSON.stringify(v)}: must be a non-negative integer or a percentage of at most 100%`
      );
    }
  }
  if (!isZero2(maxUnavailableSpec) && !isZero2(maxSurgeSpec)) {
    rejected.push(
      `spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: ${JSON.stringify(maxSurgeSpec)}: may not be set when maxUnavailable is non-zero`
    );
  } else if (isZero2(maxUnavailableSpec) && isZero2(maxSurgeSpec)) {
    rejected.push(
      `spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(maxUnavailableSpec)}: cannot be 0 when maxSurge is 0`
    );
  }
  const unavailable = scaleIntOrPercent(maxUnavailableSpec, desired);
  const surge = scaleIntOrPercent(maxSurgeSpec, desired);
  if ("error" in unavailable)
    errors.push(`maxUnavailable: ${unavailable.error}`);
  if ("error" in surge) errors.push(`maxSurge: ${surge.error}`);
  let maxUnavailable = "value" in unavailable ? unavailable.value : 0;
  const maxSurge = "value" in surge ? surge.value : 0;
  let fallback = false;
  if (errors.length === 0 && desired > 0 && maxUnavailable === 0 && maxSurge === 0) {
    maxUnavailable = 1;
    fallback = true;
  }
  return {
    type: "RollingUpdate",
    maxUnavailableSpec,
    maxSurgeSpec,
    maxUnavailable,
    maxSurge,
    surge: maxSurge > 0,
    fallback,
    errors,
    rejected
  };
}

// src/core/simulate/index.ts
function calibrationParts(d) {
  const from = d.from;
  if (from === void 0) return "";
  return [
    ["stop", d.terminateSeconds, from.terminateSeconds],
    ["pull", d.newNodePullSeconds ?? d.pullSeconds, from.pullSeconds],
    ["start", d.startSeconds, from.startSeconds],
    ["ready", d.readySeconds, from.readySeconds]
  ].map(([what, s, source]) => `${what} ${s}s (${source})`).join(", ");
}
function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
function simulateDaemonSet(input) {
  const base = input.base === void 0 ? void 0 : conformToShape(input.base);
  const head = input.head === void 0 ? void 0 : conformToShape(input.head);
  const { snapshot } = input;
  const options = input.options ?? {};
  const prepared = prepareSnapshot(snapshot);
  const ref = head ?? base;
  const triggered = input.triggered && head !== void 0;
  const outcomes = computeOutcomes({
    base,
    head,
    triggered,
    strategy: resolveStrategy(ref?.spec, 1),
    prepared,
    comparisonOperators: options.tolerationComparisonOperators === true,
    nodeDetail: input.nodeDetail ?? "all"
  });
  const strategy = resolveStrategy(ref?.spec, outcomes.desired);
  const actions = outcomes.actions;
  const notes = [];
  if (!outcomes.fromPods && base !== void 0) {
    notes.push(
      'The snapshot has no pods of this DaemonSet: "before" is where the base manifest would place its pods and whether they would fit now.'
    );
  }
  if (head !== void 0 && strategy.rejected.length > 0) {
    notes.push(
      "The API server rejects this update strategy (R3.6, see the findings): the apply fails, so this rollout cannot happen until the strategy is fixed."
    );
  }
  let waves;
  let durations;
  if (head !== void 0) {
    const observed = snapshot.timings?.find(
      (t) => t.namespace === (head.metadata?.namespace ?? "default") && t.name === (head.metadata?.name ?? "")
    );
    durations = estimateDurations(base, head, strategy.surge, {
      pullSeconds: options.pullSeconds,
      startSeconds: options.startSeconds,
      ...observed === void 0 ? {} : { observed }
    });
    notes.push(
      observed === void 0 ? 'Timing: documented defaults and the manifest (grace period, probes): the snapshot has no usable pod timestamps of this DaemonSet (docs/simulation.md, "Calibration").' : `Timing calibrated on ${observed.pods} pod(s) of this DaemonSet in the snapshot: ${calibrationParts(durations)} (docs/simulation.md, "Calibration").`
    );
  }
  const rolling = head !== void 0 && triggered && strategy.type === "RollingUpdate" && strategy.errors.length === 0;
  if (rolling && durations !== void 0) {
    waves = planWaves(outcomes.lanes, strategy, durations);
    waves.unavailableAtStart = outcomes.notReady.length + outcomes.unavailablePods.length + outcomes.lanes.create;
    notes.push(
      "The controller picks nodes in no fixed order (R3.10): the waves say how many nodes, not which."
    );
    const budgeted = outcomes.lanes.candidate + outcomes.lanes["candidate-stuck"] + outcomes.lanes["misscheduled-old"];
    if (waves.unavailableAtStart > 0 && !strategy.surge && budgeted > 0) {
      notes.push(
        `${waves.unavailableAtStart} desired node(s) have no available daemon pod when the rollout starts (NotReady, unavailable pod, or a pod still to be created); they count against maxUnavailable (R3.9, R3.10).`
      );
    }
    if (strategy.fallback) {
      notes.push(
        "maxUnavailable and maxSurge both resolve to 0: the controller uses maxUnavailable 1 (R3.4)."
      );
    }
  } else if (head !== void 0 && strategy.type === "OnDelete" && triggered) {
    notes.push(
      "OnDelete: nothing rolls until pods are deleted; replacements and pods on new nodes use the new template (R3.14)."
    );
  } else if (head !== void 0 && !triggered && base !== void 0) {
    notes.push("No template change: no pod is replaced (R4.3).");
  }
  if (waves === void 0 && head !== void 0 && durations !== void 0) {
    const creates = actions.create + actions.pending;
    if (creates > 0) {
      const up = durations.waveSeconds - (strategy.surge ? 0 : durations.terminateSeconds) - durations.pullSeconds + (durations.newNodePullSeconds ?? durations.pullSeconds);
      waves = {
        waves: [
          {
            nodes: creates,
            estimatedSeconds: up,
            startsAtSeconds: 0,
            nodesDown: creates
          }
        ],
        estimatedSeconds: up,
        estimatedSecondsWorstCase: up,
        maxNodesDown: creates,
        unavailableAtStart: 0,
        neverAvailable: actions.pending
      };
    }
  }
  const findings = simulationFindings({
    base,
    head,
    source: input.source,
    triggered,
    templateChanged: head !== void 0 && (input.templateChanged ?? (base === void 0 || !sameJson(base.spec?.template, head.spec?.template))),
    strategy,
    outcomes,
    waves: rolling ? waves : void 0,
    fleetSize: snapshot.nodes.length,
    maxUnavailableShare: options.maxUnavailableShare ?? 0.25,
    slowRolloutSeconds: options.slowRolloutSeconds ?? 3600,
    listLimit: options.listLimit ?? 10
  });
  const rollout = {
    strategy: strategy.type,
    desired: outcomes.desired,
    maxUnavailable: strategy.maxUnavailable,
    maxSurge: strategy.maxSurge,
    waves: waves?.waves ?? [],
    estimatedSeconds: waves?.estimatedSeconds ?? 0,
    estimatedSecondsWorstCase: waves?.estimatedSecondsWorstCase ?? 0,
    maxNodesDown: waves?.maxNodesDown ?? 0,
    unavailableAtStart: waves?.unavailableAtStart ?? 0,
    actions,
    beforeFrom: outcomes.fromPods ? "pods" : "manifest",
    notes
  };
  if (durations !== void 0) rollout.durations = durations;
  if (waves?.stall !== void 0) rollout.stall = waves.stall;
  if (waves !== void 0 && waves.neverAvailable > 0)
    rollout.neverAvailable = waves.neverAvailable;
  return {
    rollout,
    nodes: outcomes.nodes,
    outcomes: outcomes.groups,
    findings
  };
}

// src/core/plan/types.ts
var PLAN_SCHEMA_VERSION = 2;
var READABLE_PLAN_SCHEMA_VERSIONS = [1, 2];

// src/core/plan/build-plan.ts
var NO_BASE_COMPARED = "no-base-compared";
var SEVERITY_RANK = {
  info: 1,
  warning: 2,
  error: 3
};
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function summarize(daemonSets, global) {
  const all = [...global, ...daemonSets.flatMap((ds) => ds.findings)];
  const count2 = (s) => all.filter((f) => f.severity === s).length;
  let highest = "none";
  for (const f of all)
    if (highest === "none" || SEVERITY_RANK[f.severity] > SEVERITY_RANK[highest])
      highest = f.severity;
  return {
    daemonSets: daemonSets.length,
    changed: daemonSets.filter((ds) => ds.change !== "unchanged").length,
    rollouts: daemonSets.filter((ds) => ds.rollout.triggered).length,
    errors: count2("error"),
    warnings: count2("warning"),
    infos: count2("info"),
    highestSeverity: highest
  };
}
function noBaseFinding() {
  return {
    severity: "warning",
    code: NO_BASE_COMPARED,
    message: "No base was compared: no base manifests or base ref were given or found, so every DaemonSet counts as added. Give --base or --base-ref (Action: base-manifests or base-ref) to see what really changes."
  };
}
function markBaseNotCompared(plan) {
  if (plan.baseCompared === false) return plan;
  const findings = [...plan.findings, noBaseFinding()];
  return {
    ...plan,
    baseCompared: false,
    summary: summarize(plan.daemonSets, findings),
    findings
  };
}
function compactSimulation(simulation, scope = "non-routine") {
  const { waves, ...simulated } = simulation.rollout;
  const runs = encodeWaves(waves ?? []);
  const compact = scope === "non-routine" && !simulation.nodes.some(isRoutine) ? { outcomes: simulation.outcomes, nodeDetail: simulation.nodes } : compactOutcomes(simulation.nodes, scope);
  return {
    rollout: { ...simulated, waves: runs, waveCount: waveCount(runs) },
    outcomes: compact.outcomes,
    nodeDetail: compact.nodeDetail,
    nodeDetailScope: scope
  };
}
function buildPlan(input) {
  const diff = diffDaemonSets(input.base, input.head);
  const daemonSets = diff.daemonSets.map((ds) => {
    const plan = {
      namespace: ds.namespace,
      name: ds.name,
      file: ds.source.file,
      line: ds.source.line,
      change: ds.change,
      rollout: { ...ds.rollout },
      changes: ds.changes,
      findings: ds.findings
    };
    if (ds.baseSource !== void 0 && ds.head !== void 0)
      plan.base = { file: ds.baseSource.file, line: ds.baseSource.line };
    if (ds.renamedConfigs !== void 0) plan.renamedConfigs = ds.renamedConfigs;
    if (input.snapshot !== void 0 && ds.invalid !== void 0) {
      plan.notSimulated = ds.invalid;
    } else if (input.snapshot !== void 0) {
      const simulation = simulateDaemonSet({
        base: ds.base,
        head: ds.head,
        source: ds.source,
        triggered: ds.rollout.triggered,
        // The diff's normalised verdict: explicit defaults and key order are
        // no template change, so they raise no template findings either.
        templateChanged: ds.rollout.triggered,
        snapshot: input.snapshot,
        nodeDetail: input.nodeDetail ?? "non-routine",
        ...input.simulation !== void 0 ? { options: input.simulation } : {}
      });
      const compact = compactSimulation(simulation, input.nodeDetail);
      plan.rollout = {
        ...plan.rollout,
        ...compact.rollout,
        triggered: ds.rollout.triggered
      };
      plan.outcomes = compact.outcomes;
      plan.nodeDetail = compact.nodeDetail;
      plan.nodeDetailScope = compact.nodeDetailScope;
      plan.findings = [...plan.findings, ...simulation.findings];
    }
    return plan;
  });
  daemonSets.sort(
    (a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name) || compareText(a.change, b.change)
  );
  const findings = [...diff.findings];
  const baseCompared = input.baseCompared !== false;
  if (!baseCompared) findings.push(noBaseFinding());
  if (input.snapshot === void 0)
    findings.push({
      severity: "info",
      code: "diff-only",
      message: "No node snapshot was given, so this plan is the diff only: no per-node outcome, waves or timing. Pass --snapshot to simulate the rollout."
    });
  return redactDeep({
    schemaVersion: PLAN_SCHEMA_VERSION,
    baseCompared,
    summary: summarize(daemonSets, findings),
    daemonSets,
    findings
  });
}

export {
  oneLine,
  code,
  inert,
  RENDERED_LABEL,
  waveCount,
  expandWaves,
  formatDuration,
  isNoteworthy,
  allFindings,
  renderHeadline,
  hangingDaemonSets,
  hangNodes,
  renderOverviewTable,
  overviewDaemonSets,
  renderNoBaseBanner,
  renderVerdictLine,
  SIMULATION_FINDING_CODES,
  taintIsTolerated,
  daemonPodTolerations,
  R_NOT_READY,
  diffValues,
  configRefs,
  labelSelectorMatches,
  selectorToString,
  PLAN_SCHEMA_VERSION,
  READABLE_PLAN_SCHEMA_VERSIONS,
  markBaseNotCompared,
  buildPlan
};
