import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  effectiveRequests,
  formatQuantity,
  isByteResource,
  podHostPorts
} from "./chunk-6VWNBCTM.js";

// src/core/snapshot/types.ts
var SNAPSHOT_KIND = "DsRolloutSnapshot";
var SNAPSHOT_VERSION = 1;

// src/core/snapshot/pod-timings.ts
var MAX_PLAUSIBLE_SECONDS = 900;
function seconds(value) {
  if (value instanceof Date) return value.getTime() / 1e3;
  if (typeof value !== "string" || value === "") return void 0;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t / 1e3 : void 0;
}
function record(value) {
  return typeof value === "object" && value !== null ? value : {};
}
function podTimeline(pod) {
  const created = seconds(pod.metadata?.creationTimestamp);
  if (created === void 0) return void 0;
  const timeline = {
    revision: pod.metadata?.labels?.["controller-revision-hash"] ?? "",
    created,
    restarts: 0
  };
  let started;
  let all = true;
  for (const raw of pod.status?.containerStatuses ?? []) {
    const status = record(raw);
    const restarts = status["restartCount"];
    if (typeof restarts === "number") timeline.restarts += restarts;
    const at = seconds(record(record(status["state"])["running"])["startedAt"]);
    if (at === void 0) all = false;
    else started = started === void 0 ? at : Math.max(started, at);
  }
  if (all && started !== void 0) timeline.started = started;
  const ready = (pod.status?.conditions ?? []).find(
    (c) => c.type === "Ready" && c.status === "True"
  );
  const readyAt = seconds(ready?.lastTransitionTime);
  if (readyAt !== void 0) timeline.ready = readyAt;
  return timeline;
}
function quantile(values, q) {
  if (values.length === 0) return void 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)));
  return sorted[i];
}
function rounded(v) {
  return v === void 0 ? void 0 : Math.round(v * 10) / 10;
}
function observeTimings(namespace, name, timelines, minReadySeconds = 0) {
  const byRevision = /* @__PURE__ */ new Map();
  for (const t of timelines) {
    const list = byRevision.get(t.revision) ?? [];
    list.push(t);
    byRevision.set(t.revision, list);
  }
  let pods = [];
  for (const list of byRevision.values())
    if (list.length > pods.length) pods = list;
  const usable = pods.filter(
    (t) => t.restarts === 0 && t.started !== void 0 && t.ready !== void 0 && t.started >= t.created && t.ready >= t.started && t.ready - t.created <= MAX_PLAUSIBLE_SECONDS
  );
  if (usable.length === 0) return void 0;
  const startDelays = usable.map((t) => t.started - t.created);
  const readyDelays = usable.map((t) => t.ready - t.started);
  const out = { namespace, name, pods: usable.length };
  const start = rounded(quantile(startDelays, 0.1));
  const pullStart = rounded(quantile(startDelays, 0.5));
  const ready = rounded(quantile(readyDelays, 0.5));
  if (start !== void 0) out.startSeconds = start;
  if (pullStart !== void 0) out.pullStartSeconds = pullStart;
  if (ready !== void 0) out.readySeconds = ready;
  const readies = usable.map((t) => t.ready).sort((a, b) => a - b);
  const gaps = [];
  for (const t of usable) {
    let latest;
    for (const r of readies) {
      if (r > t.created) break;
      latest = r;
    }
    if (latest === void 0) continue;
    const gap = t.created - latest - minReadySeconds;
    if (gap >= 0 && gap <= MAX_PLAUSIBLE_SECONDS) gaps.push(gap);
  }
  out.replacedAfterReady = gaps.length;
  const stop = rounded(quantile(gaps, 0.5));
  if (stop !== void 0) out.stopSeconds = stop;
  return out;
}

// src/core/snapshot/from-cluster.ts
var TERMINAL = /* @__PURE__ */ new Set(["Succeeded", "Failed"]);
function podTargetNode(spec) {
  if (typeof spec?.nodeName === "string" && spec.nodeName !== "")
    return spec.nodeName;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) {
        return f.values[0];
      }
    }
  }
  return void 0;
}
function quantityStrings(values) {
  if (values === void 0 || values === null) return {};
  const keys = Object.keys(values);
  if (keys.every((k) => typeof values[k] === "string"))
    return values;
  const out = {};
  for (const k of keys) out[k] = String(values[k]);
  return out;
}
function formatRequests(sum) {
  const out = {};
  for (const [name, milli] of [...sum].sort(([a], [b]) => a < b ? -1 : 1)) {
    out[name] = formatQuantity(milli, isByteResource(name));
  }
  return out;
}
function isReady(pod) {
  return (pod.status?.conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True"
  );
}
function daemonSetOwner(pod) {
  const owner = (pod.metadata?.ownerReferences ?? []).find(
    (o) => o.controller === true
  );
  return owner?.kind === "DaemonSet" ? owner.name : void 0;
}
function snapshotBuilder(input, options = {}) {
  const copyLabels = options.ownsInput !== true;
  const acc = /* @__PURE__ */ new Map();
  for (const node of input.nodes) {
    const name = node.metadata?.name;
    if (typeof name === "string")
      acc.set(name, {
        requested: void 0,
        hostPorts: void 0,
        podCount: 0,
        daemonPods: []
      });
  }
  const generationOf = /* @__PURE__ */ new Map();
  for (const ds of input.daemonSets ?? []) {
    const g = ds.metadata?.annotations?.["deprecated.daemonset.template.generation"];
    if (g !== void 0)
      generationOf.set(`${ds.metadata?.namespace}/${ds.metadata?.name}`, g);
  }
  const currentHash = /* @__PURE__ */ new Map();
  const timelines = /* @__PURE__ */ new Map();
  const addPods = (pods) => {
    for (const pod of pods) {
      const phase = pod.status?.phase ?? "Pending";
      if (TERMINAL.has(phase)) continue;
      const target = podTargetNode(pod.spec);
      if (target === void 0) continue;
      const node = acc.get(target);
      if (node === void 0) continue;
      const owner = daemonSetOwner(pod);
      const requests = effectiveRequests(pod.spec);
      const ports = podHostPorts(pod.spec);
      const bound = typeof pod.spec?.nodeName === "string" && pod.spec.nodeName !== "";
      if (owner !== void 0) {
        const namespace = pod.metadata?.namespace ?? "default";
        const labels = pod.metadata?.labels ?? {};
        const hash = labels["controller-revision-hash"] ?? "";
        const key = `${namespace}/${owner}`;
        const generation = generationOf.get(key);
        if (generation !== void 0 && hash !== "" && labels["pod-template-generation"] === generation) {
          currentHash.set(key, hash);
        }
        const daemonPod = {
          name: pod.metadata?.name ?? "",
          namespace,
          daemonSet: owner,
          revisionHash: hash,
          phase,
          ready: isReady(pod),
          requests: formatRequests(requests),
          hostPorts: ports
        };
        if (!bound) daemonPod.scheduled = false;
        node.daemonPods.push(daemonPod);
        const timeline = podTimeline(pod);
        if (timeline !== void 0) {
          const list = timelines.get(key);
          if (list === void 0) timelines.set(key, [timeline]);
          else list.push(timeline);
        }
        continue;
      }
      if (!bound) continue;
      node.podCount += 1;
      const requested = node.requested ??= /* @__PURE__ */ new Map();
      for (const [name, q] of requests)
        requested.set(name, (requested.get(name) ?? 0n) + q);
      const hostPorts = node.hostPorts ??= /* @__PURE__ */ new Set();
      for (const p of ports) hostPorts.add(p);
    }
  };
  const finish = () => {
    const nodes = [];
    const taintLists = /* @__PURE__ */ new Map();
    const taintsOf = (node) => {
      const taints = node.spec?.taints ?? [];
      if (taints.length === 0) {
        let none = taintLists.get("[]");
        if (none === void 0) {
          none = [];
          taintLists.set("[]", none);
        }
        return none;
      }
      const list = taints.map((t) => {
        const taint = {
          key: t.key,
          effect: t.effect
        };
        if (t.value !== void 0 && t.value !== "") taint.value = t.value;
        return taint;
      });
      const id = JSON.stringify(list);
      const shared = taintLists.get(id);
      if (shared !== void 0) return shared;
      taintLists.set(id, list);
      return list;
    };
    const conditionLists = [];
    const sameConditions = (list, known) => {
      if (list.length !== known.length) return false;
      for (let i = 0; i < list.length; i += 1) {
        const c = list[i];
        const k = known[i];
        if (c.type !== k.type || c.status !== k.status || c.reason !== k.reason)
          return false;
      }
      return true;
    };
    const conditionsOf = (node) => {
      const conditions = node.status?.conditions ?? [];
      const plain = conditions.every(
        (c) => typeof c.type === "string" && typeof c.status === "string" && (c.reason === void 0 || typeof c.reason === "string")
      );
      if (plain) {
        for (const known of conditionLists)
          if (sameConditions(conditions, known)) return known;
      }
      const list = conditions.map((c) => {
        const out = {
          type: c.type,
          status: c.status
        };
        if (c.reason !== void 0) out.reason = c.reason;
        return out;
      });
      if (plain && conditionLists.length < 64) conditionLists.push(list);
      return list;
    };
    for (const node of input.nodes) {
      const name = node.metadata?.name;
      if (typeof name !== "string") continue;
      const a = acc.get(name);
      if (a === void 0) continue;
      const out = {
        name,
        labels: copyLabels ? { ...node.metadata?.labels ?? {} } : node.metadata?.labels ?? {},
        taints: taintsOf(node),
        unschedulable: node.spec?.unschedulable === true,
        conditions: conditionsOf(node),
        allocatable: quantityStrings(node.status?.allocatable),
        requested: a.requested === void 0 ? {} : formatRequests(a.requested),
        hostPorts: a.hostPorts === void 0 ? [] : [...a.hostPorts].sort(),
        podCount: a.podCount,
        daemonPods: a.daemonPods
      };
      if (node.status?.allocatable == null) out.statusUnknown = true;
      nodes.push(out);
    }
    const daemonSets = (input.daemonSets ?? []).map(
      (ds) => {
        const namespace = ds.metadata?.namespace ?? "default";
        const name = ds.metadata?.name ?? "";
        const out = { namespace, name };
        if (ds.metadata?.uid !== void 0) out.uid = ds.metadata.uid;
        if (ds.metadata?.generation !== void 0)
          out.generation = ds.metadata.generation;
        const hash = currentHash.get(`${namespace}/${name}`);
        if (hash !== void 0) out.currentRevisionHash = hash;
        if (ds.spec?.template !== void 0) out.template = ds.spec.template;
        if (ds.spec?.updateStrategy !== void 0)
          out.updateStrategy = ds.spec.updateStrategy;
        if (ds.spec?.minReadySeconds !== void 0)
          out.minReadySeconds = ds.spec.minReadySeconds;
        const status = {};
        for (const [k, v] of Object.entries(ds.status ?? {}))
          if (typeof v === "number") status[k] = v;
        if (Object.keys(status).length > 0) out.status = status;
        return out;
      }
    );
    const snapshot = {
      kind: SNAPSHOT_KIND,
      version: SNAPSHOT_VERSION,
      nodes,
      daemonSets
    };
    if (input.recordedAt !== void 0) snapshot.recordedAt = input.recordedAt;
    if (input.cluster !== void 0) snapshot.cluster = input.cluster;
    const minReady = /* @__PURE__ */ new Map();
    for (const ds of input.daemonSets ?? [])
      minReady.set(
        `${ds.metadata?.namespace ?? "default"}/${ds.metadata?.name ?? ""}`,
        ds.spec?.minReadySeconds ?? 0
      );
    const timings = [];
    for (const [key, list] of [...timelines].sort(
      ([a], [b]) => a < b ? -1 : a > b ? 1 : 0
    )) {
      const cut = key.indexOf("/");
      const observed = observeTimings(
        key.slice(0, cut),
        key.slice(cut + 1),
        list,
        minReady.get(key) ?? 0
      );
      if (observed !== void 0) timings.push(observed);
    }
    if (timings.length > 0) snapshot.timings = timings;
    return snapshot;
  };
  return { addPods, finish };
}
function snapshotFromCluster(input, options = {}) {
  const builder = snapshotBuilder(input, options);
  builder.addPods(input.pods ?? []);
  return builder.finish();
}
var KEPT_POD_LABELS = ["controller-revision-hash", "pod-template-generation"];
function slimPod(pod) {
  const meta = pod.metadata ?? {};
  const labels = {};
  for (const k of KEPT_POD_LABELS) {
    const v = meta.labels?.[k];
    if (v !== void 0) labels[k] = v;
  }
  const spec = pod.spec;
  const slimContainer = (c) => {
    const out = { name: c.name };
    if (c.restartPolicy !== void 0) out.restartPolicy = c.restartPolicy;
    if (c.resources !== void 0)
      out.resources = {
        ...c.resources.requests !== void 0 ? { requests: c.resources.requests } : {},
        ...c.resources.limits !== void 0 ? { limits: c.resources.limits } : {}
      };
    if (c.ports !== void 0) out.ports = c.ports;
    return out;
  };
  const slimSpec = {};
  if (spec !== void 0) {
    if (spec.nodeName !== void 0) slimSpec.nodeName = spec.nodeName;
    if (spec.hostNetwork !== void 0) slimSpec.hostNetwork = spec.hostNetwork;
    if (spec.overhead !== void 0) slimSpec.overhead = spec.overhead;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required !== void 0)
      slimSpec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: required
        }
      };
    slimSpec.containers = (spec.containers ?? []).map(slimContainer);
    if (spec.initContainers !== void 0)
      slimSpec.initContainers = spec.initContainers.map(slimContainer);
  }
  const status = {};
  if (pod.status?.phase !== void 0) status.phase = pod.status.phase;
  const ready = (pod.status?.conditions ?? []).filter((c) => c.type === "Ready");
  if (ready.length > 0)
    status.conditions = ready.map((c) => ({
      type: c.type,
      status: c.status,
      ...c.lastTransitionTime !== void 0 ? { lastTransitionTime: c.lastTransitionTime } : {}
    }));
  if (pod.status?.containerStatuses !== void 0)
    status.containerStatuses = pod.status.containerStatuses.map((raw) => {
      const c = raw ?? {};
      const startedAt = c.state?.running?.startedAt;
      return {
        restartCount: c.restartCount,
        ...startedAt !== void 0 ? { state: { running: { startedAt } } } : {}
      };
    });
  const metadata = {};
  if (meta.creationTimestamp !== void 0)
    metadata.creationTimestamp = meta.creationTimestamp;
  if (meta.name !== void 0) metadata.name = meta.name;
  if (meta.namespace !== void 0) metadata.namespace = meta.namespace;
  metadata.labels = labels;
  const owners = (meta.ownerReferences ?? []).filter((o) => o.controller);
  if (owners.length > 0)
    metadata.ownerReferences = owners.map((o) => ({
      kind: o.kind,
      name: o.name,
      controller: true
    }));
  return {
    ...pod.kind !== void 0 ? { kind: pod.kind } : {},
    metadata,
    spec: slimSpec,
    status
  };
}
var SlimShare = class {
  conditionLists = [];
  maps = [];
  /** An equal map of strings seen before (same keys in the same order), or this one. */
  stringMap(v) {
    if (!isPlainStringMap(v)) return v;
    const keys = Object.keys(v);
    for (const known of this.maps) {
      const knownKeys = Object.keys(known);
      if (knownKeys.length !== keys.length) continue;
      let same = true;
      for (let i = 0; i < keys.length && same; i += 1)
        same = knownKeys[i] === keys[i] && known[keys[i]] === v[keys[i]];
      if (same) return known;
    }
    if (this.maps.length < 64) this.maps.push(v);
    return v;
  }
  /** slimNode's conditions: an equal list seen before, or a new one. */
  conditions(list) {
    const plain = list.every(
      (c) => isPlainObject(c) && typeof c.type === "string" && typeof c.status === "string" && (c.reason === void 0 || typeof c.reason === "string")
    );
    if (plain) {
      for (const known of this.conditionLists) {
        if (known.length !== list.length) continue;
        let same = true;
        for (let i = 0; i < list.length && same; i += 1) {
          const c = list[i];
          const k = known[i];
          same = c.type === k.type && c.status === k.status && c.reason === k.reason;
        }
        if (same) return known;
      }
    }
    const out = list.map(slimCondition);
    if (plain && this.conditionLists.length < 64) this.conditionLists.push(out);
    return out;
  }
};
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isPlainStringMap(v) {
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v))
    if (typeof v[k] !== "string" || k === "__proto__") return false;
  return true;
}
function slimCondition(c) {
  if (!isPlainObject(c)) return c;
  return {
    type: c.type,
    status: c.status,
    ...c.reason !== void 0 ? { reason: c.reason } : {}
  };
}
function slimNode(node, share) {
  const meta = node.metadata ?? {};
  const spec = {};
  if (node.spec?.taints !== void 0) spec.taints = node.spec.taints;
  if (node.spec?.unschedulable !== void 0)
    spec.unschedulable = node.spec.unschedulable;
  const status = {};
  const allocatable = node.status?.allocatable;
  if (allocatable !== void 0)
    status.allocatable = share === void 0 ? allocatable : share.stringMap(allocatable);
  const conditions = node.status?.conditions;
  if (conditions !== void 0)
    status.conditions = !Array.isArray(conditions) ? conditions : share === void 0 ? conditions.map(slimCondition) : share.conditions(conditions);
  return {
    ...node.kind !== void 0 ? { kind: node.kind } : {},
    metadata: {
      ...meta.name !== void 0 ? { name: meta.name } : {},
      ...meta.labels !== void 0 ? { labels: meta.labels } : {}
    },
    spec,
    status
  };
}

export {
  SNAPSHOT_KIND,
  SNAPSHOT_VERSION,
  podTimeline,
  observeTimings,
  podTargetNode,
  snapshotBuilder,
  snapshotFromCluster,
  slimPod,
  SlimShare,
  slimNode
};
