import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  KubeApiError,
  controlledRevisions,
  progressLine,
  progressThrottle,
  runGate,
  templatesEqual,
  undoDaemonSet
} from "./chunk-CILVGGJC.js";
import {
  selectorToString
} from "./chunk-FN6XMSTQ.js";

// src/deploy/run-undo.ts
async function currentRevisionNumber(client, ds) {
  const list = await client.list(
    `/apis/apps/v1/namespaces/${encodeURIComponent(ds.metadata?.namespace ?? "default")}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || void 0 }
  );
  return controlledRevisions(list.items, ds).filter(
    (r) => templatesEqual(
      ds.spec?.template,
      r.data?.spec?.template
    )
  ).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]?.revision;
}
async function runUndo(settings, deps) {
  const now = deps.now ?? Date.now;
  const t0 = now();
  const { client, log } = deps;
  const key = `${settings.namespace}/${settings.name}`;
  const report = {
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
  const outcome = report.daemonSets[0];
  const done = (result, message) => {
    report.result = result;
    report.summary = message;
    report.actualSeconds = Math.round((now() - t0) / 100) / 10;
    report.apiRequests = client.requests.total;
    report.failedNodes = [
      ...new Set(
        report.failing.map((p) => p.node).filter((n) => n !== void 0)
      )
    ].sort();
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
    const before = await currentRevisionNumber(client, live);
    if (before !== void 0) outcome.revisionBefore = before;
  }
  let undone;
  try {
    undone = await log.group(
      `Undo ${key}`,
      () => undoDaemonSet(
        client,
        settings.namespace,
        settings.name,
        settings.toRevision,
        { dryRun: settings.dryRun, signal: deps.signal }
      )
    );
  } catch (err) {
    if (err instanceof KubeApiError) {
      outcome.undo = `failed: ${err.message}`;
      return done(
        "undo-failed",
        `undo of DaemonSet ${key} failed: ${err.message}; the DaemonSet is unchanged`
      );
    }
    throw err;
  }
  for (const w of undone.warnings) {
    log.warning(w);
    report.warnings.push(w);
  }
  log.info(undone.message);
  outcome.undo = undone.message;
  report.timeline.push({
    at: 0,
    phase: "undo",
    message: `${undone.message} (revision ${undone.toRevision}, ${undone.revisionName})`
  });
  if (undone.kind === "skipped" || !settings.verify) {
    outcome.revisionAfter = undone.toRevision;
    return done("rolled-back", undone.message);
  }
  const verifyStarted = now();
  const throttle = progressThrottle();
  const gate = await log.group(
    `Verify rollback ${key}`,
    () => runGate(
      settings.namespace,
      settings.name,
      settings.gate,
      {
        client,
        now,
        watchNodes: true,
        log: (m) => log.warning(m),
        onProgress: (p, verdict) => {
          const t = now();
          const status = verdict.status === "waiting" ? verdict.phase : verdict.status;
          if (!throttle.shouldPrint(t, status, verdict.status === "waiting"))
            return;
          log.info(
            progressLine({
              key,
              phase: "verify",
              progress: p,
              elapsedSeconds: (t - verifyStarted) / 1e3,
              soaking: verdict.status === "waiting" && verdict.phase === "soak"
            })
          );
        }
      },
      deps.signal
    )
  );
  for (const t of gate.state.timeline)
    report.timeline.push({ at: t.at, phase: "verify", message: t.message });
  if (gate.currentRevision?.revision !== void 0)
    outcome.revisionAfter = gate.currentRevision.revision;
  outcome.verify = gate.verdict.message;
  if (gate.verdict.status === "succeeded")
    return done("rolled-back", `${undone.message}; ${gate.verdict.message}`);
  if (gate.verdict.status === "failed")
    report.failing.push(...gate.verdict.failing);
  return done(
    "undo-failed",
    `${undone.message}, but the rollback did not converge: ${gate.verdict.message}`
  );
}

export {
  runUndo
};
