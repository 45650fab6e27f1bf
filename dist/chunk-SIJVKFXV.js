import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  SNAPSHOT_KIND
} from "./chunk-4JXI4YPL.js";

// src/core/snapshot/compact-file.ts
var COMPACT_FILE_VERSION = 2;
var NODE_FIELDS = [
  "name",
  "labels",
  "hostnameLabel",
  "taints",
  "unschedulable",
  "ready",
  "allocatable",
  "requested",
  "hostPorts",
  "podCount",
  "daemonPods"
];
var POD_PHASES = [
  "Running",
  "Pending",
  "Unknown",
  "Succeeded",
  "Failed"
];
var HOSTNAME = "kubernetes.io/hostname";
var Table = class {
  values = [];
  index = /* @__PURE__ */ new Map();
  id(value, key = JSON.stringify(value)) {
    let i = this.index.get(key);
    if (i === void 0) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(key, i);
    }
    return i;
  }
};
function podState(pod) {
  let phase = POD_PHASES.indexOf(pod.phase);
  if (phase < 0) phase = 2;
  return (pod.ready ? 1 : 0) | phase << 1 | (pod.scheduled === false ? 16 : 0);
}
function encodeCompactSnapshot(snapshot) {
  const labelSets = new Table();
  const taintSets = new Table();
  const resourceSets = new Table();
  const hostPortSets = new Table();
  const templates = new Table();
  const nodes = snapshot.nodes.map((n) => {
    const hostname = n.labels[HOSTNAME] === n.name;
    const labels = hostname ? { ...n.labels } : n.labels;
    if (hostname) delete labels[HOSTNAME];
    const ready = n.conditions.find((c) => c.type === "Ready");
    return [
      n.name,
      labelSets.id(labels),
      hostname ? 1 : 0,
      taintSets.id(n.taints),
      n.unschedulable ? 1 : 0,
      ready === void 0 ? null : ready.status,
      resourceSets.id(n.allocatable),
      n.requested,
      hostPortSets.id(n.hostPorts),
      n.podCount,
      n.daemonPods.map(
        (p) => templates.id({
          namespace: p.namespace,
          daemonSet: p.daemonSet,
          revisionHash: p.revisionHash,
          requests: p.requests,
          hostPorts: p.hostPorts
        }) * 32 + podState(p)
      )
    ];
  });
  const file = {
    kind: SNAPSHOT_KIND,
    version: COMPACT_FILE_VERSION,
    labelSets: labelSets.values,
    taintSets: taintSets.values,
    resourceSets: resourceSets.values,
    hostPortSets: hostPortSets.values,
    podTemplates: templates.values,
    nodeFields: NODE_FIELDS,
    nodes,
    daemonSets: snapshot.daemonSets
  };
  if (snapshot.recordedAt !== void 0) file.recordedAt = snapshot.recordedAt;
  if (snapshot.cluster !== void 0) file.cluster = snapshot.cluster;
  if (snapshot.timings !== void 0) file.timings = snapshot.timings;
  return file;
}
function compactSnapshotText(snapshot) {
  const { nodes, ...rest } = encodeCompactSnapshot(snapshot);
  const head = JSON.stringify(rest);
  const rows = nodes.map((row) => JSON.stringify(row)).join(",\n");
  return `${head.slice(0, -1)},"nodes":[
${rows}
]}
`;
}
function isObj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isStringMap(v) {
  if (!isObj(v)) return false;
  for (const k in v) if (typeof v[k] !== "string") return false;
  return true;
}
function isStringList(v) {
  return Array.isArray(v) && v.every((s) => typeof s === "string");
}
function table(doc, name, check, what, fail) {
  const list = doc[name];
  if (!Array.isArray(list)) fail(name, "expected a list");
  list.forEach((v, i) => {
    if (!check(v)) fail(`${name}[${i}]`, `expected ${what}`);
  });
  return list;
}
function isTaintList(v) {
  return Array.isArray(v) && v.every(
    (t) => isObj(t) && typeof t.key === "string" && typeof t.effect === "string" && (t.value === void 0 || typeof t.value === "string")
  );
}
function isTemplate(v) {
  return isObj(v) && typeof v.namespace === "string" && typeof v.daemonSet === "string" && typeof v.revisionHash === "string" && isStringMap(v.requests) && isStringList(v.hostPorts);
}
function decodeCompactNodes(doc, fail, checkQuantities) {
  const fields = doc.nodeFields;
  if (!Array.isArray(fields) || fields.length !== NODE_FIELDS.length || fields.some((f, i) => f !== NODE_FIELDS[i]))
    fail(
      "nodeFields",
      `expected ${JSON.stringify(NODE_FIELDS)} (this ds-rollout reads snapshot version ${COMPACT_FILE_VERSION} rows in that order)`
    );
  const labelSets = table(
    doc,
    "labelSets",
    isStringMap,
    "a map of labels",
    fail
  );
  const taintSets = table(
    doc,
    "taintSets",
    isTaintList,
    "a list of taints",
    fail
  );
  const resourceSets = table(
    doc,
    "resourceSets",
    isStringMap,
    "a map of quantities",
    fail
  );
  resourceSets.forEach((r, i) => checkQuantities(r, () => `resourceSets[${i}]`));
  const hostPortSets = table(
    doc,
    "hostPortSets",
    isStringList,
    "a list of host ports",
    fail
  );
  const templates = table(
    doc,
    "podTemplates",
    isTemplate,
    "a pod template (namespace, daemonSet, revisionHash, requests, hostPorts)",
    fail
  );
  templates.forEach(
    (t, i) => checkQuantities(t.requests, () => `podTemplates[${i}].requests`)
  );
  const rows = doc.nodes;
  if (!Array.isArray(rows)) fail("nodes", "the snapshot has no nodes list");
  const pods = /* @__PURE__ */ new Map();
  const podOf = (code, row, j) => {
    let pod = pods.get(code);
    if (pod !== void 0) return pod;
    const t = templates[Math.floor(code / 32)];
    const state = code % 32;
    const phase = POD_PHASES[state >> 1 & 7];
    if (t === void 0 || phase === void 0 || !Number.isInteger(code) || code < 0)
      fail(
        `nodes[${row}].daemonPods[${j}]`,
        `no such daemon pod code ${JSON.stringify(code)}`
      );
    pod = Object.freeze({
      name: "",
      namespace: t.namespace,
      daemonSet: t.daemonSet,
      revisionHash: t.revisionHash,
      phase,
      ready: (state & 1) === 1,
      ...(state & 16) === 16 ? { scheduled: false } : {},
      requests: t.requests,
      hostPorts: t.hostPorts
    });
    pods.set(code, pod);
    return pod;
  };
  const index = (list, v, row, field) => {
    const item = typeof v === "number" ? list[v] : void 0;
    if (item === void 0)
      fail(`nodes[${row}].${field}`, `no such entry ${JSON.stringify(v)}`);
    return item;
  };
  const seen = /* @__PURE__ */ new Set();
  const conditionsOf = /* @__PURE__ */ new Map();
  const labelTemplates = /* @__PURE__ */ new Map();
  const labelsOf = (l, hostname, name, i) => {
    const set = index(labelSets, l, i, "labels");
    if (hostname !== 1) return { ...set };
    let template = labelTemplates.get(l);
    if (template === void 0) {
      template = { ...set };
      template[HOSTNAME] = "";
      labelTemplates.set(l, template);
    }
    const labels = { ...template };
    labels[HOSTNAME] = name;
    return labels;
  };
  const nodes = new Array(rows.length);
  let current = 0;
  const where = () => `nodes[${current}]`;
  const requestedWhere = () => `nodes[${current}].requested`;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    current = i;
    if (!Array.isArray(row) || row.length !== NODE_FIELDS.length)
      fail(where(), `expected a row of ${NODE_FIELDS.length} fields`);
    const [
      name,
      l,
      hostname,
      t,
      unschedulable,
      ready,
      a,
      requested,
      h,
      podCount,
      daemonPods
    ] = row;
    if (typeof name !== "string" || name === "")
      fail(`${where()}.name`, "expected a node name");
    if (seen.has(name)) fail(where(), `node ${name} is listed twice`);
    seen.add(name);
    const labels = labelsOf(l, hostname, name, i);
    if (ready !== null && typeof ready !== "string")
      fail(`${where()}.ready`, "expected the Ready status or null");
    let conditions = conditionsOf.get(ready);
    if (conditions === void 0) {
      conditions = ready === null ? [] : [{ type: "Ready", status: ready }];
      conditionsOf.set(ready, conditions);
    }
    if (!isStringMap(requested))
      fail(`${where()}.requested`, "expected a map of quantities");
    checkQuantities(requested, requestedWhere);
    if (typeof podCount !== "number" || !Number.isInteger(podCount) || podCount < 0)
      fail(`${where()}.podCount`, "expected a non-negative integer");
    if (!Array.isArray(daemonPods))
      fail(`${where()}.daemonPods`, "expected a list of pod codes");
    const pods2 = new Array(
      daemonPods.length
    );
    for (let j = 0; j < daemonPods.length; j += 1)
      pods2[j] = podOf(daemonPods[j], i, j);
    nodes[i] = {
      name,
      labels,
      taints: index(taintSets, t, i, "taints"),
      unschedulable: unschedulable === 1,
      conditions,
      allocatable: index(resourceSets, a, i, "allocatable"),
      requested,
      hostPorts: index(hostPortSets, h, i, "hostPorts"),
      podCount,
      daemonPods: pods2
    };
  }
  return nodes;
}

export {
  COMPACT_FILE_VERSION,
  compactSnapshotText,
  decodeCompactNodes
};
