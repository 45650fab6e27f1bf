import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  containerRequests
} from "./chunk-6VWNBCTM.js";
import {
  redactText
} from "./chunk-TN5DIXVG.js";

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
  add(name, action, before, after, reasons, named) {
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
  for (const r of reasons) {
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
  let at = 0;
  for (const w of waves) {
    const start = w.startsAtSeconds ?? at;
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
    at = start + w.estimatedSeconds;
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
  let at = 0;
  for (const w of waves) {
    const count2 = "count" in w && typeof w.count === "number" ? w.count : 1;
    const start = w.startsAtSeconds ?? at;
    for (let k = 0; k < count2; k += 1) {
      out.push({
        nodes: w.nodes,
        estimatedSeconds: w.estimatedSeconds,
        startsAtSeconds: start + k * w.estimatedSeconds,
        nodesDown: w.nodesDown ?? 0
      });
    }
    at = start + count2 * w.estimatedSeconds;
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
function renderHeadline(plan, gate) {
  const s = plan.summary;
  const verdict = `gate ${gate.outcome === "pass" ? "passed" : "failed"}: ${gate.reason}`;
  const noBase = plan.baseCompared === false ? "NO BASE COMPARED; " : "";
  if (s.changed === 0) {
    return `${noBase}No DaemonSet changes (${plural(s.daemonSets, "DaemonSet")} checked); ${verdict}`;
  }
  const hanging = hangingDaemonSets(plan);
  const hangs = hanging.length === 0 ? "" : `${plural(hanging.length, "rollout")} HANG (${plural(hangNodes(plan), "node")} never done); `;
  return noBase + `${plural(s.changed, "DaemonSet")} changed, ${plural(s.rollouts, "rollout")}; ` + hangs + `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "note")}; ` + verdict;
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
function renderGateLine(gate) {
  return gate.outcome === "pass" ? `\u2705 **Gate passed**: ${gate.reason}.` : `\u274C **Gate failed**: ${gate.reason}.`;
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
  return `Insufficient ${resource}`;
}

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
  for (const n of nodes) {
    if (n.action !== "pending") continue;
    if (blocked.has(n.name)) continue;
    const first = n.reasons[0] ?? "";
    const why = first.slice(first.indexOf(": ") + 2);
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
  for (const n of nodes) if (pred(n)) out.push(n.name);
  return out;
}

export {
  oneLine,
  code,
  inert,
  RENDERED_LABEL,
  NOT_READY_REASON,
  isRoutine,
  OutcomeGrouper,
  compactOutcomes,
  encodeWaves,
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
  renderGateLine,
  emptyPortUse,
  addPorts,
  portsConflict,
  PORTS_REASON,
  TOO_MANY_PODS_REASON,
  insufficient,
  SIMULATION_FINDING_CODES,
  simulationFindings
};
