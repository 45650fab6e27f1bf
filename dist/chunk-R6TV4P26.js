import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  closeReport,
  controlledRevisions,
  eventBus,
  isRolledBackFrom,
  normaliseTemplate,
  progressEmitter,
  progressPrinter,
  readRolledBackFrom,
  revisionTemplate,
  runGate,
  templatesEqual,
  undoDaemonSet
} from "./chunk-QBI4QXKO.js";
import {
  KubeApiError
} from "./chunk-MU7Q3OSJ.js";
import {
  describeExclusion,
  podSteps,
  refusedUndoSteps,
  stuckNodeSteps
} from "./chunk-4V2MU4RG.js";
import {
  diffValues,
  selectorToString
} from "./chunk-FXAEVUHL.js";

// src/core/undo/describe.ts
var MAX_LINES = 20;
var MAX_VALUE = 120;
function containersOf(template) {
  const spec = template?.spec;
  const list = (key) => Array.isArray(spec?.[key]) ? spec[key] : [];
  return [...list("initContainers"), ...list("containers")];
}
function templateImages(template) {
  return containersOf(template).map((c) => `${c.name ?? "?"}=${c.image ?? "?"}`);
}
function show(value) {
  if (value === void 0) return "(none)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}
function templateDiff(live, target) {
  const changes = diffValues(normaliseTemplate(live), normaliseTemplate(target));
  const lines = changes.slice(0, MAX_LINES).map((c) => `${c.path}: ${show(c.before)} -> ${show(c.after)}`);
  if (changes.length > MAX_LINES)
    lines.push(`... ${changes.length - MAX_LINES} more change(s)`);
  return lines;
}

// src/deploy/run-undo.ts
async function currentRevision(client, ds) {
  const list = await client.list(
    `/apis/apps/v1/namespaces/${encodeURIComponent(ds.metadata?.namespace ?? "default")}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || void 0 }
  );
  return controlledRevisions(list.items, ds).filter((r) => templatesEqual(ds.spec?.template, revisionTemplate(r))).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
}
function previewLines(preview) {
  const target = preview.target;
  const n = target.revision ?? "?";
  const diff = templateDiff(
    preview.live.spec?.template,
    revisionTemplate(target)
  );
  return [
    `target: revision ${n} (${target.metadata?.name ?? "?"}), images ${templateImages(revisionTemplate(target)).join(", ") || "(none)"}`,
    `live: images ${templateImages(preview.live.spec?.template).join(", ") || "(none)"}`,
    ...diff.length === 0 ? ["template: the same as the live one (R6.9)"] : [
      `template changes, live -> revision ${n}:`,
      ...diff.map((d) => `  ${d}`)
    ]
  ];
}
function guardFor(settings) {
  return (preview) => {
    if (settings.force === true || settings.toRevision !== 0) return void 0;
    const record = readRolledBackFrom(preview.live);
    if (record === void 0) return void 0;
    if (!isRolledBackFrom(record, preview.target, settings.name))
      return void 0;
    return `refusing to undo DaemonSet ${settings.namespace}/${settings.name} to revision ${preview.target.revision ?? "?"}: it is the release a ds-rollout apply rolled back from at ${record.at} (images ${record.images.join(", ")}; ${record.reason}). "The previous revision" after a rollback is the failed one (R6.3); name it with --to-revision ${preview.target.revision ?? "?"} to go there anyway, or pass --force`;
  };
}
async function verifyUndo(settings, deps) {
  const now = deps.now ?? Date.now;
  const key = `${settings.namespace}/${settings.name}`;
  const emit = eventBus([progressPrinter(deps.log)]);
  const progress = progressEmitter(emit, now, { key, phase: "verify" });
  return deps.log.group(
    `Verify rollback ${key}`,
    () => runGate(
      settings.namespace,
      settings.name,
      settings.gate,
      {
        client: deps.client,
        now,
        watchNodes: true,
        log: (m) => deps.log.warning(m),
        onProgress: progress.onProgress
      },
      deps.signal
    )
  );
}
function newReport(settings) {
  return {
    mode: "undo",
    result: "undo-failed",
    summary: "",
    daemonSets: [{ namespace: settings.namespace, name: settings.name }],
    failing: [],
    nodeProblems: [],
    failedNodes: [],
    timeline: [],
    warnings: [],
    actualSeconds: 0
  };
}
async function liveLine(client, settings) {
  const ds = await client.get(
    "apps/v1",
    "DaemonSet",
    settings.name,
    settings.namespace
  );
  if (ds === null) return void 0;
  const rev = await currentRevision(client, ds);
  return `live now: DaemonSet ${settings.namespace}/${settings.name} at revision ${rev?.revision ?? "?"}, images ${templateImages(ds.spec?.template).join(", ")}`;
}
async function runUndo(settings, deps) {
  const now = deps.now ?? Date.now;
  const t0 = now();
  const { client, log } = deps;
  const key = `${settings.namespace}/${settings.name}`;
  const report = newReport(settings);
  const outcome = report.daemonSets[0];
  const done = (result, message, nextSteps = []) => {
    report.result = result;
    report.summary = message;
    if (nextSteps.length > 0) report.nextSteps = nextSteps;
    closeReport(report, now() - t0, client.requests.total);
    return {
      result,
      message,
      revisionBefore: String(outcome.revisionBefore ?? ""),
      revisionAfter: String(outcome.revisionAfter ?? ""),
      report
    };
  };
  const live = await client.get(
    "apps/v1",
    "DaemonSet",
    settings.name,
    settings.namespace
  );
  if (live !== null) {
    const before = await currentRevision(client, live);
    if (before?.revision !== void 0) outcome.revisionBefore = before.revision;
  }
  let undone;
  try {
    undone = await log.group(`Undo ${key}`, async () => {
      const result = await undoDaemonSet(
        client,
        settings.namespace,
        settings.name,
        settings.toRevision,
        {
          dryRun: settings.dryRun,
          signal: deps.signal,
          guard: guardFor(settings)
        }
      );
      if (result.preview !== void 0) {
        report.undoTarget = previewLines(result.preview);
        for (const line of report.undoTarget) log.info(line);
      }
      return result;
    });
  } catch (err) {
    if (err instanceof KubeApiError) {
      outcome.undo = `failed: ${err.message}`;
      return done(
        "undo-failed",
        `undo of DaemonSet ${key} failed: ${err.message}; the DaemonSet is unchanged`,
        [
          `Check the DaemonSet and its history: kubectl -n ${settings.namespace} rollout history daemonset/${settings.name}`
        ]
      );
    }
    throw err;
  }
  for (const w of undone.warnings) {
    log.warning(w);
    report.warnings.push(w);
  }
  outcome.undo = undone.message;
  report.timeline.push({
    at: Math.round((now() - t0) / 100) / 10,
    phase: "undo",
    message: `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
  });
  if (undone.kind === "refused")
    return done(
      "failed",
      `Not undone: ${undone.message}.`,
      refusedUndoSteps(settings, undone.toRevision)
    );
  log.info(undone.message);
  if (undone.kind === "skipped" || !settings.verify || settings.dryRun) {
    outcome.revisionAfter = undone.toRevision;
    const liveNow = settings.dryRun ? void 0 : await liveLine(client, settings);
    return done(
      "rolled-back",
      `${undone.message}${settings.dryRun ? ` (dry run: would go to revision ${undone.toRevision}; nothing was changed)` : ""}${liveNow === void 0 ? "" : `; ${liveNow}`}`
    );
  }
  return verified(settings, deps, undone, report, done, t0);
}
async function verified(settings, deps, undone, report, done, t0) {
  const outcome = report.daemonSets[0];
  const gate = await verifyUndo(settings, deps);
  const offset = (gate.state.startedAt - t0) / 1e3;
  for (const t of gate.state.timeline)
    report.timeline.push({
      at: Math.round((offset + t.at) * 10) / 10,
      phase: "verify",
      message: t.message
    });
  if (gate.currentRevision?.revision !== void 0)
    outcome.revisionAfter = gate.currentRevision.revision;
  outcome.verify = gate.verdict.message;
  report.nodeProblems.push(...gate.state.nodeProblems);
  const excluded = gate.state.excluded;
  if (excluded.length > 0)
    report.warnings.push(
      `the rollback counts as done without ${excluded.map(describeExclusion).join(", ")}: NotReady or unreachable, no pod there can become available`
    );
  const liveNow = await liveLine(deps.client, settings) ?? "";
  if (gate.verdict.status === "succeeded")
    return done(
      "rolled-back",
      `${undone.message}; ${gate.verdict.message}; ${liveNow}`,
      stuckNodeSteps(excluded)
    );
  if (gate.verdict.status === "failed")
    report.failing.push(...gate.verdict.failing);
  return done(
    "undo-failed",
    `${undone.message}, but the rollback did not converge: ${gate.verdict.message}; ${liveNow}`,
    [...podSteps(report.failing), ...stuckNodeSteps(excluded)]
  );
}

export {
  runUndo
};
