import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  SIMULATION_FINDING_CODES,
  code,
  inert,
  overviewDaemonSets,
  renderNoBaseBanner,
  renderOverviewTable
} from "./chunk-FXAEVUHL.js";

// src/core/render/simulation-markdown.ts
var SIMULATION_CODES = new Set(SIMULATION_FINDING_CODES);
var NODES_PER_ACTION = 50;
var MAX_WAVE_ROWS = 12;
var ACTION_ORDER = [
  "pending",
  "delete",
  "create",
  "replace",
  "keep-misscheduled",
  "keep",
  "none"
];
var ACTION_TEXT = {
  pending: "new pod stays Pending",
  delete: "loses the daemon",
  create: "gains the daemon",
  replace: "pod replaced",
  "keep-misscheduled": "kept, misscheduled",
  keep: "unchanged",
  none: "no daemon"
};
function duration(seconds) {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const r = s % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return r > 0 ? `${m}m ${r}s` : `${m}m`;
  return `${r}s`;
}
function num(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : void 0;
}
function summaryLine(ds, groups) {
  const r = ds.rollout;
  const parts = [];
  const desired = num(r.desired);
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  if (desired !== void 0)
    parts.push(`**${desired}** of ${total} nodes should run it`);
  if (r.strategy === "OnDelete") parts.push("OnDelete");
  else if (r.strategy === "RollingUpdate")
    parts.push(
      `RollingUpdate maxUnavailable **${num(r.maxUnavailable) ?? 0}**, maxSurge **${num(r.maxSurge) ?? 0}**`
    );
  const count = waveTotal(r.waves ?? []);
  if (count > 0) {
    parts.push(
      `${count} wave${count === 1 ? "" : "s"}, about ${duration(num(r.estimatedSeconds) ?? 0)}`
    );
  } else if (r.triggered !== true) {
    parts.push("no pod is replaced");
  }
  const stall = r.stall;
  if (stall !== void 0) parts.push("**the rollout hangs**");
  return parts.join(" \xB7 ");
}
function waveTotal(waves) {
  let n = 0;
  for (const w of waves) n += num(w.count) ?? 1;
  return n;
}
function outcomeTable(groups, detail, perAction, stall) {
  const reasonsOf = /* @__PURE__ */ new Map();
  for (const n of detail) reasonsOf.set(n.name, n.reasons);
  const byAction = /* @__PURE__ */ new Map();
  for (const g of groups) {
    const list = byAction.get(g.action);
    if (list === void 0) byAction.set(g.action, [g]);
    else list.push(g);
  }
  const lines = ["| Outcome | Nodes | Before \u2192 after |", "|---|---:|---|"];
  for (const action of ACTION_ORDER) {
    const list = byAction.get(action);
    if (list === void 0) continue;
    const transitions = /* @__PURE__ */ new Map();
    let count = 0;
    for (const g of list) {
      const t2 = `${g.before} \u2192 ${g.after}`;
      transitions.set(t2, (transitions.get(t2) ?? 0) + g.count);
      count += g.count;
    }
    const t = [...transitions].map(([k, v]) => transitions.size > 1 ? `${k} (${v})` : k).join(", ");
    lines.push(`| ${action}: ${ACTION_TEXT[action]} | ${count} | ${t} |`);
  }
  if (stall !== void 0) {
    const left = nodesLeftText(stall);
    lines.push(
      `| \u26D4 not reached: the rollout hangs first | ${left} | old pod stays (which nodes: no fixed order, R3.10) |`
    );
  }
  const details = [];
  for (const action of ACTION_ORDER) {
    const list = byAction.get(action);
    if (list === void 0 || action === "none" || action === "keep") continue;
    const named = list.filter((g) => g.nodeNames !== void 0);
    if (named.length === 0) continue;
    const count = named.reduce((sum, g) => sum + g.count, 0);
    details.push(
      "",
      `<details><summary>${action}: ${count} node${count === 1 ? "" : "s"}</summary>`,
      "",
      "| Node | Why |",
      "|---|---|"
    );
    let shown = 0;
    for (const g of named) {
      const shared = g.reason.split("; ");
      for (const name of g.nodeNames ?? []) {
        if (shown >= perAction) break;
        const why = (reasonsOf.get(name) ?? shared).map((r) => inert(r)).join("<br>");
        details.push(`| ${code(name)} | ${why} |`);
        shown += 1;
      }
    }
    if (count > shown) details.push(`| \u2026 | ${count - shown} more not shown |`);
    details.push("", "</details>");
  }
  return [...lines, ...details];
}
function waveRows(runs, max) {
  const total = waveTotal(runs);
  const single = total <= max ? total : max - 2;
  const rows = [];
  let index = 0;
  let middle;
  let middleDown = 0;
  let middleWaves = 0;
  let middleNodes = 0;
  let at = 0;
  for (const run of runs) {
    const count = num(run.count) ?? 1;
    const start0 = num(run.startsAtSeconds) ?? at;
    const down = num(run.nodesDown);
    let k = 0;
    while (k < count) {
      const start = start0 + k * run.estimatedSeconds;
      if (index < single || index === total - 1) {
        if (index === total - 1 && middle !== void 0) {
          middle.nodes = `${middleNodes} (${middleWaves} waves)`;
          middle.count = middleNodes;
          middle.down = `${middleDown}`;
          middle.label = `${single + 1}\u2013${total - 1}`;
          rows.push(middle);
          middle = void 0;
        }
        rows.push({
          label: `${index + 1}`,
          nodes: `${run.nodes}`,
          count: run.nodes,
          start,
          seconds: run.estimatedSeconds,
          down: `${down ?? ""}`
        });
        index += 1;
        k += 1;
        continue;
      }
      const take = Math.min(count - k, total - 1 - index);
      if (middle === void 0)
        middle = {
          label: "",
          nodes: "",
          count: 0,
          start,
          seconds: 0,
          down: ""
        };
      middle.seconds += take * run.estimatedSeconds;
      middleNodes += take * run.nodes;
      middleWaves += take;
      middleDown = Math.max(middleDown, down ?? 0);
      index += take;
      k += take;
    }
    at = start0 + count * run.estimatedSeconds;
  }
  return rows;
}
function clock(seconds) {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const r = s % 60;
  const pad = (v) => String(v).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}
function waveGantt(name, rows) {
  const title = name.replace(/[^A-Za-z0-9._/-]/g, "_");
  const lines = [
    "```mermaid",
    "gantt",
    `  title Rollout of ${title} (estimate)`,
    "  dateFormat x",
    "  axisFormat %H:%M:%S",
    "  todayMarker off",
    "  section Waves"
  ];
  rows.forEach((r, i) => {
    const wave = r.label.includes("\u2013") ? "Waves" : "Wave";
    const label = `${wave} ${r.label}, ${r.count} node${r.count === 1 ? "" : "s"}`;
    const start = Math.round(r.start) * 1e3;
    const end = start + Math.max(1, Math.round(r.seconds)) * 1e3;
    lines.push(`  ${label} : w${i + 1}, ${start}, ${end}`);
  });
  lines.push("```");
  return lines;
}
function wavePlan(ds) {
  const waves = ds.rollout.waves ?? [];
  if (waves.length === 0) return [];
  const rows = waveRows(waves, MAX_WAVE_ROWS);
  const lines = [
    "**Wave plan** (how many nodes per wave; the controller picks which nodes in no fixed order, R3.10)",
    "",
    "| Wave | Nodes | Starts at | Takes | Nodes without the daemon |",
    "|---|---:|---:|---:|---:|"
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.nodes} | ${clock(r.start)} | ${duration(r.seconds)} | ${r.down} |`
    );
  }
  const total = num(ds.rollout.estimatedSeconds) ?? 0;
  const worst = num(ds.rollout.estimatedSecondsWorstCase);
  lines.push(
    "",
    `Estimated total: **${duration(total)}**${worst !== void 0 && worst > total ? ` (up to ${duration(worst)} if the controller picks the nodes that never become ready first)` : ""}.`
  );
  lines.push("", ...waveGantt(`${ds.namespace}/${ds.name}`, rows));
  return lines;
}
function findingLines(findings) {
  const icon = { error: "\u26D4", warning: "\u26A0\uFE0F", info: "\u2139\uFE0F" };
  const rank = { error: 0, warning: 1, info: 2 };
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]).map((f) => `- ${icon[f.severity]} ${code(f.code)} ${inert(f.message)}`);
}
function renderSimulationMarkdown(ds, options = {}) {
  const groups = ds.outcomes;
  if (groups === void 0) return "";
  const lines = [
    "#### Rollout simulation",
    "",
    summaryLine(ds, groups),
    ""
  ];
  const stall = ds.rollout.stall;
  if (stall !== void 0) {
    const left = nodesLeftText(stall);
    lines.push(
      `> [!CAUTION]`,
      `> The rollout hangs with ${left} node(s) still on the old pod: ${inert(stall.reason ?? "")}`,
      ""
    );
  }
  if (options.findings === true) {
    const own = ds.findings.filter((f) => SIMULATION_CODES.has(f.code));
    if (own.length > 0) lines.push(...findingLines(own), "");
  }
  lines.push(
    ...outcomeTable(
      groups,
      ds.nodeDetail ?? [],
      options.nodesPerAction ?? NODES_PER_ACTION,
      stall
    ),
    ""
  );
  const plan = wavePlan(ds);
  if (plan.length > 0) lines.push(...plan, "");
  const notes = Array.isArray(ds.rollout.notes) ? ds.rollout.notes : [];
  for (const note of notes)
    if (typeof note === "string") lines.push(`- ${inert(note)}`);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd();
}
function nodesLeftText(stall) {
  return stall.nodesLeft === stall.nodesLeftWorstCase ? `${stall.nodesLeft ?? 0}` : `${stall.nodesLeft ?? 0}\u2013${stall.nodesLeftWorstCase ?? 0}`;
}

// src/core/render/plan-markdown.ts
var MAX_VALUE_CHARS = 80;
var MAX_CHANGES_PER_DAEMONSET = 40;
var MAX_UNCHANGED_LISTED = 30;
var SEVERITY_LABEL = {
  error: "\u{1F6D1} error",
  warning: "\u26A0\uFE0F warning",
  info: "\u2139\uFE0F info"
};
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function shorten(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  const chars = [...text];
  return chars.length > MAX_VALUE_CHARS ? `${chars.slice(0, MAX_VALUE_CHARS - 1).join("")}\u2026` : text;
}
function cell(change, side) {
  return side in change ? code(shorten(change[side])) : "\u2014";
}
function location(f) {
  if (f.file === void 0) return "";
  return code(f.line === void 0 ? f.file : `${f.file}:${f.line}`);
}
function findingRows(findings) {
  return [
    "| Severity | Code | Where | Message |",
    "|---|---|---|---|",
    ...findings.map((f) => {
      const subject = f.name !== void 0 ? `${code(`${f.namespace ?? ""}/${f.name}`)} ` : "";
      return `| ${SEVERITY_LABEL[f.severity]} | ${code(f.code)} | ${subject}${location(f)} | ${inert(f.message)} |`;
    })
  ];
}
function bySeverity(a, b) {
  const rank = { error: 0, warning: 1, info: 2 };
  return rank[a.severity] - rank[b.severity];
}
function renderPlanSummaryLine(plan) {
  const s = plan.summary;
  const parts = [
    `**ds-rollout plan: ${plural(s.changed, "DaemonSet")} changed, ${s.rollouts} will roll**`,
    `${s.daemonSets} in total`
  ];
  const counts = [
    s.errors > 0 ? plural(s.errors, "error") : "",
    s.warnings > 0 ? plural(s.warnings, "warning") : "",
    s.infos > 0 ? plural(s.infos, "note") : ""
  ].filter((x) => x !== "");
  if (counts.length > 0) parts.push(counts.join(", "));
  return parts.join(" \xB7 ");
}
function changeLabel(ds) {
  const roll = ds.rollout.triggered ? "rolls out" : "no rollout";
  return `${ds.change} \xB7 ${roll}`;
}
function renderDaemonSet(ds, findingsShown) {
  const lines = [
    `### ${code(`${ds.namespace}/${ds.name}`)} \xB7 ${changeLabel(ds)}`,
    ""
  ];
  lines.push(`${inert(ds.rollout.reason)} (${location(ds)})`, "");
  if (ds.changes.length > 0) {
    lines.push("| Field | Before | After |", "|---|---|---|");
    for (const change of ds.changes.slice(0, MAX_CHANGES_PER_DAEMONSET)) {
      const mark = change.template ? " \u{1F504}" : "";
      lines.push(
        `| ${code(change.path)}${mark} | ${cell(change, "before")} | ${cell(change, "after")} |`
      );
    }
    const more = ds.changes.length - MAX_CHANGES_PER_DAEMONSET;
    if (more > 0)
      lines.push(
        "",
        `_${plural(more, "more change")} omitted; see the JSON plan._`
      );
    lines.push("");
  }
  for (const renamed of ds.renamedConfigs ?? []) {
    lines.push(
      `${renamed.kind} ${code(`${renamed.namespace}/${renamed.after}`)} replaces ${code(renamed.before)} (new kustomize hash); by content:`,
      ""
    );
    if (renamed.changes.length === 0) lines.push("_only the name changed_", "");
    else {
      lines.push("| Key | Before | After |", "|---|---|---|");
      for (const c of renamed.changes.slice(0, MAX_CHANGES_PER_DAEMONSET))
        lines.push(
          `| ${code(c.key)} | ${"before" in c ? code(shorten(c.before)) : "\u2014"} | ${"after" in c ? code(shorten(c.after)) : "\u2014"} |`
        );
      lines.push("");
    }
  }
  if (!findingsShown && ds.findings.length > 0)
    lines.push(...findingRows([...ds.findings].sort(bySeverity)), "");
  if (typeof ds.notSimulated === "string")
    lines.push(`_Not simulated: ${inert(ds.notSimulated)}._`, "");
  if (ds.outcomes !== void 0) {
    const simulation = renderSimulationMarkdown(ds);
    if (simulation !== "") lines.push(simulation, "");
  }
  return lines;
}
function renderPlanMarkdown(plan) {
  const parts = [renderPlanSummaryLine(plan)];
  const banner = renderNoBaseBanner(plan);
  if (banner !== "") parts.push(banner);
  const table = renderOverviewTable(plan);
  if (table !== "") parts.push(table);
  parts.push(renderPlanBody(plan));
  return parts.join("\n\n").replace(/\n+$/, "\n");
}
function renderPlanBody(plan) {
  const lines = [];
  const all = [
    ...plan.findings,
    ...plan.daemonSets.flatMap((ds) => ds.findings)
  ];
  const errorsFirst = plan.summary.errors > 0;
  if (errorsFirst)
    lines.push("### Findings", "", ...findingRows(all.sort(bySeverity)), "");
  const shown = overviewDaemonSets(plan);
  for (const ds of shown) lines.push(...renderDaemonSet(ds, errorsFirst));
  const unchanged = plan.daemonSets.filter((ds) => !shown.includes(ds));
  if (unchanged.length > 0) {
    const names = unchanged.slice(0, MAX_UNCHANGED_LISTED).map((ds) => code(`${ds.namespace}/${ds.name}`));
    const more = unchanged.length - names.length;
    lines.push(
      `${plural(unchanged.length, "unchanged DaemonSet")} (no change, nothing rolls): ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
      ""
    );
  }
  if (!errorsFirst && plan.findings.length > 0)
    lines.push(
      "### Other findings",
      "",
      ...findingRows([...plan.findings].sort(bySeverity)),
      ""
    );
  if (plan.daemonSets.length === 0)
    lines.push("_No DaemonSets in the manifests._", "");
  return lines.join("\n").replace(/\n+$/, "\n");
}

export {
  renderPlanSummaryLine,
  renderPlanMarkdown,
  renderPlanBody
};
