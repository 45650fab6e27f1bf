import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  R_NOT_READY,
  buildPlan,
  daemonPodTolerations,
  formatDuration,
  labelSelectorMatches,
  taintIsTolerated,
  waveCount
} from "./chunk-FXAEVUHL.js";
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/core/gate/types.ts
var DEFAULT_GATE_OPTIONS = {
  timeoutSeconds: 900,
  progressDeadlineSeconds: 300,
  maxRestarts: 1,
  soakSeconds: 30,
  unschedulableGraceSeconds: 60,
  attributeNotReadyNodes: true
};

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
  const key = `${ds.namespace}/${ds.name}`;
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
  return `live plan ${key}: ${parts.join("; ")}`;
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
function isLiveFindingCode(code) {
  return LIVE_FINDING_CODES.has(code);
}
function livePlanReport(plan) {
  const lines = plan.daemonSets.filter((ds) => ds.change !== "removed").map(livePlanLine);
  const findings = [
    ...plan.findings,
    ...plan.daemonSets.flatMap((ds) => ds.findings)
  ].filter((f) => f.severity !== "info");
  const live = findings.filter((f) => isLiveFindingCode(f.code));
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
    const key = `${item.namespace}/${item.name}`;
    const now = live.daemonSets.find(
      (d) => d.namespace === item.namespace && d.name === item.name && d.change !== "removed"
    );
    if (now === void 0) continue;
    const said = item.rollout?.triggered;
    if (typeof said === "boolean" && said !== now.rollout.triggered)
      out.push(
        `DaemonSet ${key}: the reviewed plan said ${said ? "the change rolls out" : "no pods are replaced"}, but against the live cluster ${now.rollout.triggered ? "it rolls out" : "no pods are replaced (the live template already matches)"}`
      );
    const desired = item.rollout?.desired;
    if (typeof desired === "number" && now.rollout.desired !== void 0 && desired !== now.rollout.desired)
      out.push(
        `DaemonSet ${key}: the reviewed plan simulated ${desired} desired node(s), the live cluster has ${now.rollout.desired}: its snapshot is stale, so its waves and estimate may be off`
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
    const key = `${ds.namespace}/${ds.name}`;
    const stall = ds.rollout.stall;
    if (blockOn.includes("hang") && stall !== void 0) {
      const sick = notReadyNodes(ds);
      out.push({
        namespace: ds.namespace,
        name: ds.name,
        kind: "hang",
        message: `The live plan predicts that the rollout of DaemonSet ${key} hangs with ${stall.nodesLeft ?? "?"} node(s) left on the old pod${sick.length > 0 ? ` (NotReady: ${sick.map((n) => n.node).join(", ")})` : ""}: ${stall.reason ?? ""}.`,
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
        message: `The live plan predicts that ${pending.length} new pod(s) of DaemonSet ${key} stay Pending (they cannot be placed on ${names.join(", ")}${pending.length > 5 ? ", ..." : ""}).`,
        steps: [
          `See what the node(s) run and request: kubectl describe node ${names.join(" ")}`,
          `Free room there, lower the DaemonSet's resource requests, or keep it off those nodes (nodeSelector/affinity); then re-run.`
        ]
      });
    }
  }
  return out;
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
      const code = num(last["exitCode"]);
      if (code !== void 0) terminated.exitCode = code;
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
  const elapsed = (now - state.startedAt) / 1e3;
  const progress = progressOf(ds, Math.round(elapsed * 10) / 10);
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
    elapsed,
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
  const where = first.problem.node === void 0 ? "" : ` on node ${first.problem.node}`;
  return fail(
    l,
    first.reason,
    `new pod ${first.problem.pod}${where}: ${first.problem.reason}${first.problem.message === void 0 ? "" : ` (${first.problem.message})`}`,
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
  const key = `${progress.desired}/${progress.updated}/${progress.ready}/${progress.available}/${newReady}`;
  if (key === state.lastProgressKey) return;
  const before = state.lastProgressKey.split("/").map(Number);
  if (state.lastProgressKey === "" || decile(progress.updated, progress.desired) !== decile(before[1] ?? 0, before[0] ?? 0) || decile(progress.available, progress.desired) !== decile(before[3] ?? 0, before[0] ?? 0)) {
    addTimeline(
      state,
      l.now,
      "progress",
      `${progress.updated} updated, ${progress.available} available of ${progress.desired}`
    );
  }
  state.lastProgressKey = key;
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
function checkComplete(l, complete) {
  const { state } = l;
  if (!complete) {
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
function checkDeadlines(l, complete) {
  const p = l.progress;
  const counts = `${p.updated} updated, ${p.available} available of ${p.desired}`;
  if (l.elapsed > l.options.timeoutSeconds)
    return fail(
      l,
      "timeout",
      `rollout did not finish within ${l.options.timeoutSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    );
  if (!complete && l.now - l.state.lastProgressAt > l.options.progressDeadlineSeconds * 1e3)
    return fail(
      l,
      "no-progress",
      `no progress for ${l.options.progressDeadlineSeconds}s (${counts})${blockersText(l)}`,
      stuckPods(l.updatedPods)
    );
  return void 0;
}
function waitingVerdict(l, complete) {
  const p = l.progress;
  if (complete)
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
  const complete = isComplete(l);
  return checkComplete(l, complete) ?? checkDeadlines(l, complete) ?? waitingVerdict(l, complete);
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
var GATE_SETTINGS = [
  "timeout",
  "progress-deadline",
  "max-restarts",
  "soak-seconds",
  "max-unavailable",
  "unschedulable-grace",
  "attribute-not-ready-nodes"
];
var APPLY_SETTINGS = [
  ...GATE_SETTINGS,
  "force",
  "on-cancel",
  "undo",
  "wait-for-rollout",
  "canary",
  "waves",
  "live-plan",
  "block-on",
  "restart-on-config-change"
];
var UNDO_SETTINGS = [
  ...GATE_SETTINGS,
  "namespace",
  "name",
  "to-revision",
  "force"
];
var DEPLOY_SETTINGS = [
  .../* @__PURE__ */ new Set([...APPLY_SETTINGS, ...UNDO_SETTINGS])
];
function setting(get, name) {
  const v = get(name);
  return v === void 0 || v.trim() === "" ? void 0 : v.trim();
}
function parseApplySettings(get, prefix = "") {
  const bool = (name, fallback) => {
    const v = setting(get, name);
    return v === void 0 ? fallback : parseBoolean(v, `${prefix}${name}`);
  };
  const waitFor = setting(get, "wait-for-rollout");
  const blockOn = setting(get, "block-on");
  return {
    gate: parseGateOptions((name) => get(name), prefix),
    force: bool("force", false),
    undo: bool("undo", true),
    onCancel: parseOnCancel(
      setting(get, "on-cancel") ?? "undo",
      `${prefix}on-cancel`
    ),
    concurrency: waitFor === void 0 ? "refuse" : "wait",
    concurrencyWaitSeconds: waitFor === void 0 ? 0 : parseDuration(waitFor, `${prefix}wait-for-rollout`),
    livePlan: bool("live-plan", true),
    ...blockOn === void 0 ? {} : { blockOn: parseBlockOn(blockOn, `${prefix}block-on`) },
    restartOnConfigChange: bool("restart-on-config-change", false),
    ...parseCanaryOptions(
      setting(get, "canary") ?? "",
      setting(get, "waves") ?? "",
      prefix
    )
  };
}
function parseUndoSettings(get, prefix = "") {
  const revision = setting(get, "to-revision");
  const force = setting(get, "force");
  return {
    namespace: setting(get, "namespace") ?? "default",
    name: setting(get, "name") ?? "",
    toRevision: revision === void 0 ? 0 : parseCount(revision, `${prefix}to-revision`),
    force: force === void 0 ? false : parseBoolean(force, `${prefix}force`),
    gate: parseGateOptions((name) => get(name), prefix)
  };
}

export {
  isApplyConflict,
  conflictSteps,
  stuckNodeSteps,
  podSteps,
  configOnlySteps,
  refusedUndoSteps,
  buildLivePlan,
  livePlanReport,
  livePlanSeconds,
  compareWithReviewed,
  reviewedSeconds,
  livePlanHangs,
  livePlanBlocks,
  podBelongsTo,
  podNodeName,
  podIsUpdated,
  describeExclusion,
  describeBlocker,
  startGate,
  stepGate,
  nextGateDeadline,
  planWaves,
  plannedSeconds,
  DEPLOY_SETTINGS,
  parseApplySettings,
  parseUndoSettings
};
