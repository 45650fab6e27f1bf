import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  locateRepo
} from "./chunk-25FDCXIW.js";
import {
  allFindings,
  oneLine
} from "./chunk-FXAEVUHL.js";

// src/core/render/sarif.ts
import { createHash } from "node:crypto";

// src/core/render/finding-help.ts
var FINDING_HELP = {
  "active-deadline-seconds": {
    severity: "error",
    help: "`activeDeadlineSeconds` set in the template (R8.5).",
    doc: "docs/diff.md"
  },
  "budget-consumed-by-unhealthy-nodes": {
    severity: "warning/error",
    help: "NotReady nodes or unavailable pods count against the budget (error when NotReady nodes alone use it up; when that makes the rollout hang, `rollout-will-hang` says it instead); only when available old pods are replaced under that budget (a DaemonSet new to the cluster creates every pod at once, R2.1)",
    doc: "docs/simulation.md"
  },
  "config-renamed": {
    severity: "info",
    help: "The head DaemonSet references a generated ConfigMap or Secret (kustomize `configMapGenerator`/`secretGenerator`) under a new hash suffix: the pods are replaced, and the plan compares the old and new object by content (keys added, removed or changed; Secret values never shown).",
    doc: "docs/diff.md"
  },
  "config-change-without-rollout": {
    severity: "warning",
    help: "A ConfigMap or Secret the DaemonSet mounts or reads (volumes, projected volumes, `env[].valueFrom`, `envFrom`) changed between base and head, and the template did not: no pod restarts. Env vars never update; mounted files update after a kubelet delay (never with `subPath`). Fix: a checksum annotation on the template, or `kubectl rollout restart`. Only key names are reported, never values.",
    doc: "docs/diff.md"
  },
  "coverage-drop": {
    severity: "warning",
    help: "nodes lose the daemon (count + first 10 names)",
    doc: "docs/simulation.md"
  },
  "deprecated-api-version": {
    severity: "error",
    help: "`extensions/v1beta1`, `apps/v1beta1` or `apps/v1beta2`: no longer served since Kubernetes 1.16.",
    doc: "docs/diff.md"
  },
  "diff-only": {
    severity: "info",
    help: "No `--snapshot`: the plan is the diff without per-node simulation.",
    doc: "docs/diff.md"
  },
  "duplicate-daemonset": {
    severity: "error (head), warning (base)",
    help: "The same namespace/name defined twice.",
    doc: "docs/diff.md"
  },
  "empty-selector": {
    severity: "error",
    help: '`spec.selector` selects nothing in particular: "empty selector is invalid for daemonset" (R8.5).',
    doc: "docs/diff.md"
  },
  "host-network": {
    severity: "info",
    help: "hostNetwork is set: the pod shares the node network and every containerPort becomes a host port (R8.3). Often needed by node agents.",
    doc: "docs/simulation.md"
  },
  "host-pid": {
    severity: "info",
    help: "hostPID is set: the pod sees every process on the node. Often needed by node agents; otherwise drop it.",
    doc: "docs/simulation.md"
  },
  "host-port-with-surge": {
    severity: "error",
    help: "`maxSurge` > 0 with a host port (containers and restartable init containers), or with container ports under `hostNetwork` (R8.3): the surge pod lands next to the old pod that holds the port, stays Pending, and the old pod is never deleted: the rollout deadlocks (R3.15). The API accepts it, so nothing else stops it. Points at `maxSurge`. With `--snapshot` the simulation adds how far the rollout gets (`rollout-will-hang`), not a second finding for the cause.",
    doc: "docs/diff.md"
  },
  "immutable-config-changed": {
    severity: "error",
    help: "An `immutable: true` ConfigMap or Secret whose data changed: the API rejects the update.",
    doc: "docs/diff.md"
  },
  "invalid-int-or-percent": {
    severity: "error",
    help: "`maxUnavailable`/`maxSurge` not an integer \u2265 0 or a percent string `^[0-9]+%$`, or above 100% (R3.6).",
    doc: "docs/diff.md"
  },
  "invalid-name": {
    severity: "error",
    help: "`metadata.name` missing or not a DNS subdomain (R8.5).",
    doc: "docs/diff.md"
  },
  "invalid-node-affinity": {
    severity: "error",
    help: "`In`/`NotIn` without values, `Exists`/`DoesNotExist` with values, `Gt`/`Lt` without exactly one integer, `matchFields` other than `metadata.name` with one value, a required affinity without terms (R8.6).",
    doc: "docs/diff.md"
  },
  "invalid-pod-template": {
    severity: "error",
    help: "No template spec, no containers, a container without name or image, a container name used twice.",
    doc: "docs/diff.md"
  },
  "invalid-restart-policy": {
    severity: "error",
    help: "`restartPolicy` other than `Always` (R8.5).",
    doc: "docs/diff.md"
  },
  "invalid-selector": {
    severity: "error",
    help: "A selector requirement with a bad operator or value count.",
    doc: "docs/diff.md"
  },
  "invalid-spec-value": {
    severity: "error",
    help: "`minReadySeconds` or `revisionHistoryLimit` negative or not an integer (R8.5).",
    doc: "docs/diff.md"
  },
  "invalid-toleration": {
    severity: "error",
    help: "An empty key without `Exists`; `Exists` with a value; `tolerationSeconds` without `NoExecute`; an unknown operator or effect (R8.6).",
    doc: "docs/diff.md"
  },
  "invalid-update-strategy": {
    severity: "error",
    help: "`updateStrategy.type` not `RollingUpdate` or `OnDelete` (R3.6).",
    doc: "docs/diff.md"
  },
  "max-surge-and-max-unavailable-both-set": {
    severity: "error",
    help: "Both written and both non-zero (R3.6).",
    doc: "docs/diff.md"
  },
  "max-surge-and-max-unavailable-both-zero": {
    severity: "error",
    help: 'Both zero: "cannot be 0 when maxSurge is 0" (R3.6).',
    doc: "docs/diff.md"
  },
  "max-surge-requires-max-unavailable-zero": {
    severity: "error",
    help: "`maxSurge` non-zero and `maxUnavailable` not written: defaulting sets it to 1 and the API then rejects the object. Fix: `maxUnavailable: 0` (R3.6, R8.1).",
    doc: "docs/diff.md"
  },
  "max-unavailable-large": {
    severity: "warning",
    help: "maxUnavailable > 1 and above `maxUnavailableShare` (default 25%) of desired nodes",
    doc: "docs/simulation.md"
  },
  "missing-resource-requests": {
    severity: "warning",
    help: "containers without cpu or memory requests",
    doc: "docs/simulation.md"
  },
  "missing-selector": {
    severity: "error",
    help: "No `spec.selector` (required in apps/v1; older versions derived it) (R8.5).",
    doc: "docs/diff.md"
  },
  "mutable-image-tag": {
    severity: "warning",
    help: "An image with no tag or `:latest` and no digest (one finding per container, on its `image:` line): nodes can run different builds, a new build at the same tag starts no rollout, and a rollback does not bring the old build back.",
    doc: "docs/diff.md"
  },
  "namespace-changed": {
    severity: "info",
    help: "A DaemonSet of the same name was removed from one namespace and added to another.",
    doc: "docs/diff.md"
  },
  "no-base-compared": {
    severity: "warning",
    help: "No base was compared (no `--base`, `--base-ref`, `base-manifests` or `base-ref`, and the event names no base commit, as on `workflow_dispatch`): every DaemonSet counts as added. Give a base to see what really changes.",
    doc: "docs/diff.md"
  },
  "no-eligible-nodes": {
    severity: "warning",
    help: "no node should run the DaemonSet",
    doc: "docs/simulation.md"
  },
  "no-priority-class": {
    severity: "warning",
    help: "no priorityClassName for a node agent",
    doc: "docs/simulation.md"
  },
  "no-readiness-probe": {
    severity: "warning",
    help: "containers without a readinessProbe",
    doc: "docs/simulation.md"
  },
  "on-delete": {
    severity: "warning",
    help: "OnDelete with a template change",
    doc: "docs/simulation.md"
  },
  "pods-will-not-fit": {
    severity: "error",
    help: "new pods will stay Pending, grouped by the scheduler's reason; when they are the only nodes that never get an available pod, the message also says that `kubectl rollout status` never succeeds (R5.6)",
    doc: "docs/simulation.md"
  },
  "privileged-container": {
    severity: "info",
    help: "A container runs privileged: it has full access to the node. Often needed by node agents; otherwise drop it.",
    doc: "docs/simulation.md"
  },
  "referenced-config-removed": {
    severity: "warning",
    help: "A ConfigMap or Secret the head DaemonSet mounts or reads (not `optional: true`) was in the base manifests and is gone from the head: once it is deleted, new and replaced pods cannot start.",
    doc: "docs/diff.md"
  },
  "rollout-in-progress": {
    severity: "info",
    help: "pods not at the live revision although nothing triggers a rollout",
    doc: "docs/simulation.md"
  },
  "rollout-never-completes": {
    severity: "warning",
    help: "some nodes never get an available pod and `kubectl rollout status` never succeeds, when Pending pods alone do not explain it (NotReady desired nodes, unready pods)",
    doc: "docs/simulation.md"
  },
  "rollout-will-hang": {
    severity: "error",
    help: "the budget is used up by nodes that never become available; when NotReady nodes alone use up maxUnavailable, the message names them (and no `budget-consumed-by-unhealthy-nodes` is added)",
    doc: "docs/simulation.md"
  },
  "selector-changed": {
    severity: "error",
    help: "`spec.selector` differs between base and head: it is immutable in apps/v1, the apply fails (R4.8). The fix: delete with `--cascade=orphan` and recreate, or use a new name.",
    doc: "docs/diff.md"
  },
  "selector-mismatch": {
    severity: "error",
    help: "The selector does not match `spec.template.metadata.labels` (R8.5).",
    doc: "docs/diff.md"
  },
  "slow-rollout": {
    severity: "warning",
    help: "estimate above `slowRolloutSeconds` (default 1 h)",
    doc: "docs/simulation.md"
  },
  "surge-window-will-not-fit": {
    severity: "error",
    help: "the new pod does not fit next to the old one during a surge (resources; a host port alone is `host-port-with-surge`)",
    doc: "docs/simulation.md"
  },
  "unknown-api-version": {
    severity: "error",
    help: "Any other apiVersion than `apps/v1`.",
    doc: "docs/diff.md"
  },
  "invalid-field-type": {
    severity: "error",
    help: 'A field of the wrong JSON type, as the API server decodes the object: `containers: "x"`, `containers: [null]`, `ports: -1`, `tolerations: 5`, `maxUnavailable: [[[]]]`, `containerPort: "80"`, a label or env value YAML read as a number or boolean (`version: 2`, `value: yes`: quote it). Covers the fields of the DaemonSet spec, pod spec, containers, ports, env, resources, probes, volume mounts, volumes\' common sources, tolerations and node affinity. The object is **not simulated** (plan entry `notSimulated`): only the other checks of the shape are skipped until it is fixed.',
    doc: "docs/diff.md"
  },
  "invalid-quantity": {
    severity: "error",
    help: "A quantity the API grammar refuses (`^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`, no spaces: `cpu: 1x`, `memory: 10Qi`) or a negative one, in `resources.requests`, `resources.limits`, `overhead` and `emptyDir.sizeLimit`. The object is not simulated (its fit would be wrong).",
    doc: "docs/diff.md"
  },
  "requests-above-limits": {
    severity: "error",
    help: 'A request above the limit of the same resource: "must be less than or equal to cpu limit".',
    doc: "docs/diff.md"
  },
  "invalid-port": {
    severity: "error",
    help: "`containerPort` missing or outside 1-65535, `hostPort` outside 0-65535, `protocol` not `TCP`/`UDP`/`SCTP`, a port name that is not an IANA_SVC_NAME (\u2264 15 characters, lowercase alphanumerics and `-`, a letter) or used twice in the pod, `hostPort` \u2260 `containerPort` under `hostNetwork`, the same host port/protocol/IP twice, probe ports outside 1-65535 or badly named.",
    doc: "docs/diff.md"
  },
  "invalid-label": {
    severity: "error",
    help: "Label keys (qualified names: optional DNS-subdomain prefix, name \u2264 63 characters) and values (\u2264 63, alphanumeric at both ends) of `metadata.labels`, the template labels, `spec.selector` (`matchLabels` and the keys and values of `matchExpressions`) and `nodeSelector`.",
    doc: "docs/diff.md"
  },
  "invalid-annotation": {
    severity: "error",
    help: "Annotation keys that are not qualified names; annotations over 256 KiB in total.",
    doc: "docs/diff.md"
  },
  "invalid-env": {
    severity: "error",
    help: "An env var name that is empty or holds `=` or non-printable characters (the relaxed rule, default since Kubernetes 1.32); `value` together with `valueFrom`; `valueFrom` without exactly one source; `envFrom` without exactly one of `configMapRef`/`secretRef` or with a bad `prefix`.",
    doc: "docs/diff.md"
  },
  "invalid-probe": {
    severity: "error",
    help: "A probe without a handler or with several; negative `initialDelaySeconds`/`timeoutSeconds`/`periodSeconds`/`successThreshold`/`failureThreshold`; `successThreshold` \u2260 1 on a liveness or startup probe; `terminationGracePeriodSeconds` on a readiness probe or \u2264 0; `httpGet`/`tcpSocket`/`grpc` without a port; `httpGet.scheme` other than `HTTP`/`HTTPS`; `exec` without a command.",
    doc: "docs/diff.md"
  },
  "invalid-volume": {
    severity: "error",
    help: "A volume name missing, not an RFC 1123 label or used twice; more than one volume source; `hostPath.path` or `configMap.name` missing; `defaultMode` outside 0-0777; a `volumeMount` of no volume, without `mountPath`, or with a `mountPath` used twice in the container.",
    doc: "docs/diff.md"
  },
  "node-affinity-matches-nothing": {
    severity: "warning",
    help: "A node-affinity term whose `In`/`NotIn` value is not a valid label value. The API server accepts it, but the scheduler and the DaemonSet controller parse the term as a label requirement and it then matches no node (component-helpers `nodeaffinity`); the simulation does the same.",
    doc: "docs/diff.md"
  },
  "node-status-unknown": {
    severity: "info",
    help: "nodes that have not reported status yet (joining): not Ready, fit unknown (`fitUnknown`), pod still created",
    doc: "docs/simulation.md"
  }
};

// src/core/render/sarif.ts
var SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var FINGERPRINT_KEY = "dsRolloutFinding/v1";
var LEVEL = {
  error: "error",
  warning: "warning",
  info: "note"
};
function ruleName(code) {
  return code.split(/[^A-Za-z0-9]+/).filter((p) => p !== "").map((p) => p[0].toUpperCase() + p.slice(1)).join("");
}
function plainText(markdown) {
  return markdown.replace(/`/g, "");
}
function defaultLevel(code, seen) {
  const documented = FINDING_HELP[code]?.severity;
  if (documented === "error" || documented === "warning") return documented;
  if (documented === "info") return "note";
  return LEVEL[seen];
}
function rule(code, seen) {
  const known = FINDING_HELP[code];
  const help = known === void 0 ? `ds-rollout finding \`${code}\`. The message of each result says what is wrong and what to do.` : known.help;
  const doc = known?.doc ?? "README.md";
  const markdown = `${help}

See \`${doc}\` in the ds-rollout repository for every finding code.`;
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: `ds-rollout: ${code}` },
    fullDescription: { text: plainText(help) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: defaultLevel(code, seen) },
    properties: { tags: ["kubernetes", "daemonset", "ds-rollout"] }
  };
}
function fingerprint(f, file, nth) {
  const key = [
    f.code,
    f.namespace ?? "",
    f.name ?? "",
    file ?? "",
    String(nth)
  ].join("\0");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
function renderSarif(plan, options = {}) {
  const findings = allFindings(plan);
  const rules = [];
  const ruleIndex = /* @__PURE__ */ new Map();
  for (const f of [...findings].sort(
    (a, b) => a.code < b.code ? -1 : a.code > b.code ? 1 : 0
  )) {
    if (ruleIndex.has(f.code)) continue;
    ruleIndex.set(f.code, rules.length);
    rules.push(rule(f.code, f.severity));
  }
  const mapPath = options.repoPath ?? ((file) => file);
  const seen = /* @__PURE__ */ new Map();
  const results = findings.map((f) => {
    const mapped = f.file === void 0 ? void 0 : mapPath(f.file);
    const file = mapped ?? options.fallbackFile;
    const located = mapped !== void 0;
    const subject = f.name === void 0 ? "" : `${f.namespace ?? "default"}/${f.name}: `;
    const result = {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code),
      level: LEVEL[f.severity],
      // Plain text (code scanning does not render it), through the one
      // redaction path: no line breaks, bidi overrides or secrets.
      message: { text: oneLine(`${subject}${f.message}`) }
    };
    if (file !== void 0) {
      const physical = {
        artifactLocation: { uri: encodeUriPath(file), uriBaseId: "%SRCROOT%" }
      };
      if (located && f.line !== void 0 && f.line >= 1)
        physical.region = { startLine: f.line };
      result.locations = [{ physicalLocation: physical }];
    }
    const base = [f.code, f.namespace, f.name, file].join("\0");
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    result.partialFingerprints = {
      [FINGERPRINT_KEY]: fingerprint(f, file, nth)
    };
    return result;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ds-rollout",
            ...options.version === void 0 ? {} : { version: options.version, semanticVersion: options.version },
            rules
          }
        },
        originalUriBaseIds: {
          "%SRCROOT%": { description: { text: "The repository root." } }
        },
        results,
        columnKind: "utf16CodeUnits"
      }
    ]
  };
}
function encodeUriPath(path) {
  return path.split("/").map((segment) => encodeURIComponent(segment)).join("/");
}

// src/adapters/fs/repo-paths.ts
import { isAbsolute, relative, resolve, sep } from "node:path";
function repoPathMapper(cwd, root) {
  return (file) => {
    if (file.startsWith("render:")) return void 0;
    const rel = relative(root, resolve(cwd, file));
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return void 0;
    return rel.split(sep).join("/");
  };
}
async function repositoryRoot(cwd) {
  try {
    return (await locateRepo(cwd)).toplevel || cwd;
  } catch {
    return cwd;
  }
}
function fallbackFile(plan, map, entry) {
  if (entry !== void 0) {
    const mapped = map(entry);
    if (mapped !== void 0) return mapped;
  }
  for (const ds of plan.daemonSets) {
    const mapped = map(ds.file);
    if (mapped !== void 0) return mapped;
  }
  return void 0;
}

export {
  renderSarif,
  repoPathMapper,
  repositoryRoot,
  fallbackFile
};
