import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-MICTRCJ2.js";

// src/core/manifests/input-bounds.ts
var DEFAULT_INPUT_LIMITS = Object.freeze({
  maxNestingDepth: 200,
  maxDocuments: 2e4,
  maxAliases: 100,
  maxKeyChars: 4096,
  maxScalarChars: 4 * 1024 * 1024
});
var INPUT_LIMIT_FLAGS = Object.freeze({
  maxNestingDepth: "max-nesting-depth",
  maxDocuments: "max-documents",
  maxAliases: "max-aliases",
  maxKeyChars: "max-key-chars",
  maxScalarChars: "max-scalar-chars"
});
var INPUT_LIMIT_NAMES = Object.keys(
  DEFAULT_INPUT_LIMITS
);
var InputLimitError = class extends UserError {
  limit;
  limitValue;
  constructor(what, limit, value, where) {
    const flag = INPUT_LIMIT_FLAGS[limit];
    super(
      `${what}: over the limit ${flag}=${value}; if the file is legitimate, raise it with --${flag} (Action input input-limits: ${flag}=<n>)`,
      where
    );
    this.name = "InputLimitError";
    this.limit = limit;
    this.limitValue = value;
  }
};
function parseInputLimitValue(raw, label) {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 1)
    throw new UserError(
      `${label} must be a whole number \u2265 1, not ${JSON.stringify(raw)}`
    );
  return n;
}
function parseInputLimitList(text, label = "input 'input-limits'") {
  const limits = {};
  for (const pair of text.split(/[\s,]+/).filter((p) => p !== "")) {
    const eq = pair.indexOf("=");
    const flag = eq < 0 ? pair : pair.slice(0, eq);
    const name = INPUT_LIMIT_NAMES.find((n) => INPUT_LIMIT_FLAGS[n] === flag);
    if (name === void 0 || eq < 0)
      throw new UserError(
        `${label}: ${JSON.stringify(pair)} is not one of ${INPUT_LIMIT_NAMES.map((n) => `${INPUT_LIMIT_FLAGS[n]}=<n>`).join(", ")}`
      );
    limits[name] = parseInputLimitValue(pair.slice(eq + 1), `${label}: ${flag}`);
  }
  return limits;
}
function resolveInputLimits(overrides) {
  const limits = { ...DEFAULT_INPUT_LIMITS };
  if (overrides === void 0) return limits;
  for (const name of INPUT_LIMIT_NAMES) {
    const value = overrides[name];
    if (value !== void 0) limits[name] = value;
  }
  return limits;
}
var LF = 10;
var CR = 13;
var SPACE = 32;
var TAB = 9;
function isBlank(c) {
  return c === SPACE || c === TAB;
}
function isBreakOrEnd(c) {
  return c === LF || c === CR || Number.isNaN(c);
}
function isSpaceOrEnd(c) {
  return isBlank(c) || isBreakOrEnd(c);
}
function isFlowIndicator(c) {
  return c === 91 || c === 93 || c === 123 || c === 125 || c === 44;
}
function checkInputBounds(text, file, overrides) {
  const limits = resolveInputLimits(overrides);
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let flowDepth = 0;
  const indents = [];
  let documents = 0;
  let documentEnded = false;
  let aliases = 0;
  const anchors = [];
  const openNames = /* @__PURE__ */ new Map();
  let pendingAnchor;
  let ownerColumn = 0;
  let blockScalarOwner;
  let blockScalarChars = 0;
  let blockScalarLine = 0;
  let atNodeStart = true;
  let lastScalarChars = -1;
  let lastScalarLine = 0;
  const fail = (what, limit, at = line) => {
    throw new InputLimitError(what, limit, limits[limit], { file, line: at });
  };
  const checkDepth = () => {
    if (indents.length + flowDepth > limits.maxNestingDepth)
      fail("the text nests too deeply", "maxNestingDepth");
  };
  const checkScalar = (chars, at, partial = false) => {
    if (chars > limits.maxScalarChars)
      fail(
        partial ? `a value of more than ${limits.maxScalarChars} characters` : `a value of ${chars} characters`,
        "maxScalarChars",
        at
      );
  };
  const openAnchor = (anchor) => {
    anchors.push(anchor);
    openNames.set(anchor.name, (openNames.get(anchor.name) ?? 0) + 1);
  };
  const closeTopAnchor = () => {
    const top = anchors.pop();
    if (top === void 0) return;
    const count = (openNames.get(top.name) ?? 1) - 1;
    if (count === 0) openNames.delete(top.name);
    else openNames.set(top.name, count);
  };
  const startDocument = () => {
    documents++;
    if (documents > limits.maxDocuments)
      fail(`more than ${limits.maxDocuments} documents`, "maxDocuments");
    indents.length = 0;
    flowDepth = 0;
    aliases = 0;
    anchors.length = 0;
    openNames.clear();
    pendingAnchor = void 0;
    documentEnded = false;
  };
  const endBlockScalar = () => {
    if (blockScalarOwner === void 0) return;
    checkScalar(blockScalarChars, blockScalarLine);
    blockScalarOwner = void 0;
  };
  const readName = () => {
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpaceOrEnd(c) || isFlowIndicator(c)) break;
      i++;
    }
    if (i - start > limits.maxKeyChars)
      fail(`an anchor name of ${i - start} characters`, "maxKeyChars");
    return text.slice(start, i);
  };
  const settleAnchorOnScalar = () => {
    pendingAnchor = void 0;
  };
  const startLine = () => {
    lineStart = i;
    let col = 0;
    while (i < n && isBlank(text.charCodeAt(i))) {
      i++;
      col++;
    }
    const c = i < n ? text.charCodeAt(i) : NaN;
    const blankLine = isBreakOrEnd(c);
    if (blockScalarOwner !== void 0) {
      const marker = col === 0 && (text.startsWith("---", i) || text.startsWith("...", i));
      if (blankLine || col > blockScalarOwner && !marker) {
        let end = text.indexOf("\n", i);
        if (end === -1) end = n;
        blockScalarChars += end - lineStart + 1;
        i = end;
        if (blockScalarChars > limits.maxScalarChars)
          checkScalar(blockScalarChars, blockScalarLine, true);
        return;
      }
      endBlockScalar();
    }
    if (blankLine) return;
    if (col === 0 && flowDepth === 0) {
      if ((text.startsWith("---", i) || text.startsWith("...", i)) && isSpaceOrEnd(text.charCodeAt(i + 3))) {
        if (text.charCodeAt(i) === 45) startDocument();
        else documentEnded = true;
        i += 3;
        atNodeStart = true;
        ownerColumn = -1;
        return;
      }
      if (c === 37) {
        const end = text.indexOf("\n", i);
        i = end === -1 ? n : end;
        return;
      }
    }
    if (c === 35) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
      return;
    }
    if (documents === 0 || documentEnded) startDocument();
    if (flowDepth > 0) return;
    const dash = c === 45 && isSpaceOrEnd(text.charCodeAt(i + 1));
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) > col)
      indents.pop();
    while (anchors.length > 0) {
      const top = anchors[anchors.length - 1];
      if (top?.column === void 0 || top.column < col) break;
      if (top.column === col && top.indentless === true && dash) break;
      closeTopAnchor();
    }
    if (pendingAnchor !== void 0) {
      const indentless = col === pendingAnchor.column && dash;
      if (col > pendingAnchor.column || indentless)
        openAnchor({
          name: pendingAnchor.name,
          column: pendingAnchor.column,
          indentless
        });
      pendingAnchor = void 0;
    }
    if (indents.length === 0 || (indents[indents.length - 1] ?? 0) < col)
      indents.push(col);
    checkDepth();
    ownerColumn = col;
    atNodeStart = true;
  };
  startLine();
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i++;
      line++;
      startLine();
      continue;
    }
    if (c === CR || isBlank(c)) {
      i++;
      continue;
    }
    const column = i - lineStart;
    if (c === 35) {
      const prev = text.charCodeAt(i - 1);
      if (i === lineStart || isBlank(prev) || prev === LF) {
        const end2 = text.indexOf("\n", i);
        i = end2 === -1 ? n : end2;
        continue;
      }
    }
    if (flowDepth > 0 && isFlowIndicator(c)) {
      if (c === 91 || c === 123) {
        if (pendingAnchor !== void 0) {
          openAnchor({ name: pendingAnchor.name, flowDepth });
          pendingAnchor = void 0;
        }
        flowDepth++;
        checkDepth();
        atNodeStart = true;
      } else if (c === 93 || c === 125) {
        flowDepth--;
        while (anchors.length > 0) {
          const top = anchors[anchors.length - 1];
          if (top?.flowDepth === void 0 || top.flowDepth < flowDepth) break;
          closeTopAnchor();
        }
        atNodeStart = false;
        lastScalarChars = -1;
      } else {
        atNodeStart = true;
      }
      i++;
      continue;
    }
    if (c === 58 && (isSpaceOrEnd(text.charCodeAt(i + 1)) || flowDepth > 0 && (isFlowIndicator(text.charCodeAt(i + 1)) || lastScalarChars >= 0))) {
      if (lastScalarChars > limits.maxKeyChars)
        fail(
          `a key of ${lastScalarChars} characters`,
          "maxKeyChars",
          lastScalarLine
        );
      lastScalarChars = -1;
      i++;
      atNodeStart = true;
      continue;
    }
    if (!atNodeStart) {
      i++;
      continue;
    }
    if (c === 123 && text.charCodeAt(i + 1) === 123)
      throw new UserError(
        "this looks like an unrendered template ({{ ... }}): ds-rollout reads rendered manifests. Pass the command that renders them with --render (for example --render 'helm template .' or --render 'kustomize build .')",
        { file, line }
      );
    if (c === 91 || c === 123) {
      if (pendingAnchor !== void 0) {
        openAnchor({ name: pendingAnchor.name, flowDepth });
        pendingAnchor = void 0;
      }
      flowDepth++;
      checkDepth();
      i++;
      continue;
    }
    if (flowDepth === 0 && c === 45 && isSpaceOrEnd(text.charCodeAt(i + 1))) {
      indents.push(column + 1);
      checkDepth();
      ownerColumn = column;
      i++;
      continue;
    }
    if (c === 63 && isSpaceOrEnd(text.charCodeAt(i + 1))) {
      ownerColumn = column;
      i++;
      continue;
    }
    if (c === 38) {
      i++;
      const name = readName();
      pendingAnchor = { name, column: ownerColumn };
      continue;
    }
    if (c === 42) {
      i++;
      const name = readName();
      aliases++;
      if (aliases > limits.maxAliases)
        fail(`more than ${limits.maxAliases} aliases`, "maxAliases");
      if (openNames.has(name))
        throw new UserError(
          `the alias *${name} is used inside the node of its own anchor &${name}; a recursive alias describes an infinite object, which Kubernetes refuses`,
          { file, line }
        );
      settleAnchorOnScalar();
      atNodeStart = false;
      lastScalarChars = name.length;
      lastScalarLine = line;
      continue;
    }
    if (c === 33) {
      while (i < n && !isSpaceOrEnd(text.charCodeAt(i))) i++;
      continue;
    }
    if (flowDepth === 0 && (c === 124 || c === 62)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 43 || d === 45 || d >= 48 && d <= 57) j++;
        else break;
      }
      const after = text.charCodeAt(j);
      if (isSpaceOrEnd(after)) {
        settleAnchorOnScalar();
        blockScalarOwner = ownerColumn;
        blockScalarChars = 0;
        blockScalarLine = line;
        const end2 = text.indexOf("\n", j);
        i = end2 === -1 ? n : end2;
        atNodeStart = false;
        continue;
      }
    }
    if (c === 34 || c === 39) {
      const startLine2 = line;
      const start2 = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === LF) {
          line++;
          lineStart = i + 1;
        } else if (c === 34 && d === 92) {
          i++;
          if (text.charCodeAt(i) === LF) {
            line++;
            lineStart = i + 1;
          }
        } else if (d === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
        i++;
        if (i - start2 > limits.maxScalarChars)
          checkScalar(i - start2, startLine2, true);
      }
      i++;
      lastScalarChars = i - start2 - 2;
      lastScalarLine = startLine2;
      checkScalar(lastScalarChars, startLine2);
      settleAnchorOnScalar();
      if (flowDepth === 0) ownerColumn = column;
      atNodeStart = false;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (isBreakOrEnd(d)) break;
      if (d === 58 && isSpaceOrEnd(text.charCodeAt(i + 1))) break;
      if (d === 35 && isBlank(text.charCodeAt(i - 1))) break;
      if (flowDepth > 0 && (isFlowIndicator(d) || d === 58 && isFlowIndicator(text.charCodeAt(i + 1))))
        break;
      i++;
    }
    let end = i;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    lastScalarChars = end - start;
    lastScalarLine = line;
    checkScalar(lastScalarChars, line);
    settleAnchorOnScalar();
    if (flowDepth === 0) ownerColumn = column;
    atNodeStart = false;
  }
  endBlockScalar();
}

// src/core/manifests/field-lines.ts
function lineOfField(fieldLines, path) {
  let current = path;
  while (fieldLines !== void 0 && current !== void 0 && current !== "") {
    const line = fieldLines[current];
    if (line !== void 0) return line;
    const cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
    current = cut > 0 ? current.slice(0, cut) : void 0;
  }
  return void 0;
}

// src/core/diff/normalize.ts
function isMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
var DEFAULT_NAMESPACE = "default";
var NOISY_METADATA = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "managedFields",
  "selfLink"
];
var NOISY_ANNOTATIONS = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "deprecated.daemonset.template.generation"
];
var OMITEMPTY_MAPS = /* @__PURE__ */ new Set([
  "labels",
  "annotations",
  "nodeSelector",
  "requests",
  "limits",
  "matchLabels"
]);
var ZERO_IS_ABSENT = {
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
  stdin: false,
  stdinOnce: false,
  tty: false,
  readOnly: false,
  initialDelaySeconds: 0,
  hostPort: 0,
  hostIP: "",
  subPath: "",
  subPathExpr: "",
  workingDir: "",
  nodeName: "",
  hostname: "",
  subdomain: "",
  priorityClassName: "",
  serviceAccountName: "",
  value: ""
};
function prune(value, key, inStringMap = false) {
  if (Array.isArray(value)) {
    const items = value.map((item) => prune(item, ""));
    return items.length === 0 ? void 0 : items;
  }
  if (isMap(value)) {
    const out = {};
    const stringMap = OMITEMPTY_MAPS.has(key);
    for (const [k, v] of Object.entries(value)) {
      const pruned = prune(v, k, stringMap);
      if (pruned !== void 0) out[k] = pruned;
    }
    if (stringMap && Object.keys(out).length === 0) return void 0;
    return out;
  }
  if (value === null) return void 0;
  if (!inStringMap && key in ZERO_IS_ABSENT && ZERO_IS_ABSENT[key] === value)
    return void 0;
  return value;
}
function child(parent, key) {
  const value = parent[key];
  return isMap(value) ? value : void 0;
}
function ensureMap(parent, key) {
  const value = parent[key];
  if (isMap(value)) return value;
  const created = {};
  parent[key] = created;
  return created;
}
function setDefault(target, key, value) {
  if (target[key] === void 0) target[key] = value;
}
function mapsOf(value) {
  return Array.isArray(value) ? value.filter(isMap) : [];
}
function imageTagAndDigest(image) {
  const at = image.indexOf("@");
  const digest = at === -1 ? "" : image.slice(at + 1);
  const name = at === -1 ? image : image.slice(0, at);
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return { tag: colon === -1 ? "" : lastSegment.slice(colon + 1), digest };
}
function defaultPullPolicy(image) {
  if (typeof image !== "string") return "IfNotPresent";
  const { tag, digest } = imageTagAndDigest(image);
  if (tag === "latest" || tag === "" && digest === "") return "Always";
  return "IfNotPresent";
}
function normalizeHttpGet(handler2) {
  const httpGet = handler2 && child(handler2, "httpGet");
  if (httpGet === void 0) return;
  setDefault(httpGet, "path", "/");
  setDefault(httpGet, "scheme", "HTTP");
}
function normalizeProbe(probe2) {
  if (probe2 === void 0) return;
  setDefault(probe2, "timeoutSeconds", 1);
  setDefault(probe2, "periodSeconds", 10);
  setDefault(probe2, "successThreshold", 1);
  setDefault(probe2, "failureThreshold", 3);
  normalizeHttpGet(probe2);
  const grpc = child(probe2, "grpc");
  if (grpc !== void 0) setDefault(grpc, "service", "");
}
function normalizeFieldRef(holder) {
  const fieldRef = holder && child(holder, "fieldRef");
  if (fieldRef !== void 0) setDefault(fieldRef, "apiVersion", "v1");
}
function normalizeContainer(container2) {
  setDefault(container2, "imagePullPolicy", defaultPullPolicy(container2.image));
  setDefault(container2, "terminationMessagePath", "/dev/termination-log");
  setDefault(container2, "terminationMessagePolicy", "File");
  for (const port2 of mapsOf(container2.ports))
    setDefault(port2, "protocol", "TCP");
  setDefault(container2, "resources", {});
  for (const probe2 of ["livenessProbe", "readinessProbe", "startupProbe"])
    normalizeProbe(child(container2, probe2));
  const lifecycle = child(container2, "lifecycle");
  if (lifecycle !== void 0) {
    normalizeHttpGet(child(lifecycle, "postStart"));
    normalizeHttpGet(child(lifecycle, "preStop"));
  }
  for (const env of mapsOf(container2.env))
    normalizeFieldRef(child(env, "valueFrom"));
}
var DEFAULT_MODE = 420;
function normalizeVolume(volume2) {
  const sources = Object.keys(volume2).filter((k) => k !== "name");
  if (sources.length === 0) volume2.emptyDir = {};
  for (const source of ["secret", "configMap", "downwardAPI", "projected"]) {
    const spec = child(volume2, source);
    if (spec !== void 0) setDefault(spec, "defaultMode", DEFAULT_MODE);
  }
  const hostPath = child(volume2, "hostPath");
  if (hostPath !== void 0) setDefault(hostPath, "type", "");
  const downwardAPI = child(volume2, "downwardAPI");
  for (const item of mapsOf(downwardAPI?.items)) normalizeFieldRef(item);
  const projected = child(volume2, "projected");
  for (const source of mapsOf(projected?.sources)) {
    const token = child(source, "serviceAccountToken");
    if (token !== void 0) setDefault(token, "expirationSeconds", 3600);
    for (const item of mapsOf(child(source, "downwardAPI")?.items))
      normalizeFieldRef(item);
  }
}
function normalizePodSpec(spec) {
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "schedulerName", "default-scheduler");
  if (spec.serviceAccountName === void 0 && spec.serviceAccount !== void 0)
    spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccount === spec.serviceAccountName)
    delete spec.serviceAccount;
  for (const list of ["initContainers", "containers", "ephemeralContainers"])
    for (const container2 of mapsOf(spec[list])) normalizeContainer(container2);
  for (const volume2 of mapsOf(spec.volumes)) normalizeVolume(volume2);
}
function normalizeMetadata(metadata) {
  if (metadata === void 0) return;
  for (const key of NOISY_METADATA) delete metadata[key];
  const annotations = child(metadata, "annotations");
  if (annotations !== void 0) {
    for (const key of NOISY_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
}
function normalizeDaemonSetSpec(spec, apiVersion) {
  const legacy = apiVersion === "extensions/v1beta1";
  const strategy = ensureMap(spec, "updateStrategy");
  setDefault(strategy, "type", legacy ? "OnDelete" : "RollingUpdate");
  if (strategy.type === "RollingUpdate") {
    const rolling = ensureMap(strategy, "rollingUpdate");
    setDefault(rolling, "maxUnavailable", 1);
    setDefault(rolling, "maxSurge", 0);
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "minReadySeconds", 0);
  delete spec.templateGeneration;
  const template = child(spec, "template");
  if (template === void 0) return;
  const templateMeta = child(template, "metadata");
  if (templateMeta !== void 0) {
    delete templateMeta.creationTimestamp;
    if (Object.keys(templateMeta).length === 0) delete template.metadata;
  }
  const podSpec2 = child(template, "spec");
  if (podSpec2 !== void 0) normalizePodSpec(podSpec2);
  if (legacy && spec.selector === void 0) {
    const labels = templateMeta && child(templateMeta, "labels");
    if (labels !== void 0) spec.selector = { matchLabels: { ...labels } };
  }
}
function namespaceOf(object) {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  return typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : DEFAULT_NAMESPACE;
}
function normalizeDaemonSet(object) {
  const source = isMap(object) ? object : {};
  const copy = prune(structuredClone(source), "") ?? {};
  delete copy.status;
  const metadata = ensureMap(copy, "metadata");
  normalizeMetadata(metadata);
  metadata.namespace = namespaceOf(copy);
  const spec = ensureMap(copy, "spec");
  normalizeDaemonSetSpec(spec, copy.apiVersion);
  return copy;
}

// src/core/diff/findings.ts
var CODE_PATHS = {
  "deprecated-api-version": "apiVersion",
  "unknown-api-version": "apiVersion",
  "invalid-name": "metadata.name",
  "missing-selector": "spec",
  "empty-selector": "spec.selector",
  "selector-mismatch": "spec.selector",
  "selector-changed": "spec.selector",
  "invalid-restart-policy": "spec.template.spec.restartPolicy",
  "active-deadline-seconds": "spec.template.spec.activeDeadlineSeconds",
  "invalid-update-strategy": "spec.updateStrategy.type",
  "max-surge-requires-max-unavailable-zero": "spec.updateStrategy.rollingUpdate.maxSurge",
  "max-surge-and-max-unavailable-both-set": "spec.updateStrategy.rollingUpdate.maxSurge",
  "max-surge-and-max-unavailable-both-zero": "spec.updateStrategy.rollingUpdate.maxUnavailable",
  "host-port-with-surge": "spec.updateStrategy.rollingUpdate.maxSurge"
};
var LEADING_PATH = /^(?:spec|metadata)(?:\.[A-Za-z_][\w]*|\[\d+\])*/;
function lineOf(ref, path) {
  return lineOfField(ref.fieldLines, path) ?? ref.source.line;
}
function makeFinding(ref, severity, code, message, path) {
  const subject = path ?? CODE_PATHS[code] ?? LEADING_PATH.exec(message)?.[0];
  return {
    severity,
    code,
    message,
    file: ref.source.file,
    line: lineOf(ref, subject),
    namespace: ref.namespace,
    name: ref.name
  };
}

// src/core/diff/validate-shape.ts
var INT32_MAX = 2 ** 31 - 1;
var stringList = { list: "string" };
var quantityMap = { map: "quantity" };
var requirement = {
  fields: { key: "string", operator: "string", values: stringList }
};
var labelSelector = {
  fields: { matchLabels: "string-map", matchExpressions: { list: requirement } }
};
var nodeSelectorTerm = {
  fields: {
    matchExpressions: { list: requirement },
    matchFields: { list: requirement }
  }
};
var objectMeta = {
  fields: {
    name: "string",
    generateName: "string",
    namespace: "string",
    labels: "string-map",
    annotations: "string-map"
  }
};
var port = { fields: { port: "int-or-string", host: "string" } };
var probe = {
  fields: {
    exec: { fields: { command: stringList } },
    httpGet: {
      fields: {
        path: "string",
        port: "int-or-string",
        host: "string",
        scheme: "string",
        httpHeaders: { list: { fields: { name: "string", value: "string" } } }
      }
    },
    tcpSocket: port,
    grpc: { fields: { port: "int32", service: "string" } },
    initialDelaySeconds: "int32",
    timeoutSeconds: "int32",
    periodSeconds: "int32",
    successThreshold: "int32",
    failureThreshold: "int32",
    terminationGracePeriodSeconds: "int64"
  }
};
var handler = {
  fields: {
    exec: { fields: { command: stringList } },
    httpGet: "object",
    tcpSocket: port,
    sleep: { fields: { seconds: "int64" } }
  }
};
var container = {
  fields: {
    name: "string",
    image: "string",
    command: stringList,
    args: stringList,
    workingDir: "string",
    ports: {
      list: {
        fields: {
          name: "string",
          containerPort: "int32",
          hostPort: "int32",
          protocol: "string",
          hostIP: "string"
        }
      }
    },
    env: {
      list: {
        fields: { name: "string", value: "string", valueFrom: "object" }
      }
    },
    envFrom: {
      list: {
        fields: {
          prefix: "string",
          configMapRef: "object",
          secretRef: "object"
        }
      }
    },
    resources: {
      fields: { requests: quantityMap, limits: quantityMap, claims: "any" }
    },
    volumeMounts: {
      list: {
        fields: {
          name: "string",
          mountPath: "string",
          subPath: "string",
          subPathExpr: "string",
          readOnly: "bool",
          mountPropagation: "string"
        }
      }
    },
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    lifecycle: { fields: { postStart: handler, preStop: handler } },
    imagePullPolicy: "string",
    securityContext: "object",
    restartPolicy: "string",
    stdin: "bool",
    tty: "bool"
  }
};
var volume = {
  fields: {
    name: "string",
    hostPath: { fields: { path: "string", type: "string" } },
    emptyDir: { fields: { medium: "string", sizeLimit: "quantity" } },
    configMap: {
      fields: {
        name: "string",
        defaultMode: "int32",
        optional: "bool",
        items: { list: "object" }
      }
    },
    secret: {
      fields: {
        secretName: "string",
        defaultMode: "int32",
        optional: "bool",
        items: { list: "object" }
      }
    },
    persistentVolumeClaim: {
      fields: { claimName: "string", readOnly: "bool" }
    },
    projected: {
      fields: { sources: { list: "object" }, defaultMode: "int32" }
    },
    downwardAPI: "object",
    csi: "object",
    nfs: "object",
    ephemeral: "object"
  }
};
var podSpec = {
  fields: {
    containers: { list: container },
    initContainers: { list: container },
    volumes: { list: volume },
    nodeSelector: "string-map",
    tolerations: {
      list: {
        fields: {
          key: "string",
          operator: "string",
          value: "string",
          effect: "string",
          tolerationSeconds: "int64"
        }
      }
    },
    affinity: {
      fields: {
        nodeAffinity: {
          fields: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              fields: { nodeSelectorTerms: { list: nodeSelectorTerm } }
            },
            preferredDuringSchedulingIgnoredDuringExecution: {
              list: {
                fields: { weight: "int32", preference: nodeSelectorTerm }
              }
            }
          }
        },
        podAffinity: "object",
        podAntiAffinity: "object"
      }
    },
    hostNetwork: "bool",
    hostPID: "bool",
    hostIPC: "bool",
    priorityClassName: "string",
    priority: "int32",
    serviceAccountName: "string",
    restartPolicy: "string",
    terminationGracePeriodSeconds: "int64",
    activeDeadlineSeconds: "int64",
    dnsPolicy: "string",
    overhead: quantityMap,
    schedulerName: "string",
    runtimeClassName: "string",
    nodeName: "string",
    securityContext: "object",
    imagePullSecrets: { list: { fields: { name: "string" } } },
    topologySpreadConstraints: { list: "object" }
  }
};
var daemonSet = {
  fields: {
    apiVersion: "string",
    kind: "string",
    metadata: objectMeta,
    spec: {
      fields: {
        selector: labelSelector,
        template: { fields: { metadata: objectMeta, spec: podSpec } },
        updateStrategy: {
          fields: {
            type: "string",
            rollingUpdate: {
              fields: {
                maxUnavailable: "int-or-string",
                maxSurge: "int-or-string"
              }
            }
          }
        },
        minReadySeconds: "int32",
        revisionHistoryLimit: "int32"
      }
    }
  }
};
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number")
    return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}
function isInteger(value, max) {
  return typeof value === "number" && Number.isInteger(value) && value <= max && value >= -max - 1;
}
var EXPECTED = {
  string: "a string",
  int32: "a 32-bit integer",
  int64: "an integer",
  bool: "true or false",
  "int-or-string": "an integer or a string",
  quantity: 'a quantity (a string such as "100m" or "64Mi", or a number)',
  "string-map": "a map of strings",
  object: "an object",
  any: "any value"
};
function mismatch(shape, value) {
  if (typeof shape === "string") {
    const ok = shape === "string" ? typeof value === "string" : shape === "int32" ? isInteger(value, INT32_MAX) : shape === "int64" ? isInteger(value, Number.MAX_SAFE_INTEGER) : shape === "bool" ? typeof value === "boolean" : shape === "int-or-string" ? typeof value === "string" || isInteger(value, INT32_MAX) : shape === "quantity" ? typeof value === "string" || typeof value === "number" && Number.isFinite(value) : shape === "string-map" || shape === "object" ? isMap(value) : true;
    return ok ? void 0 : EXPECTED[shape];
  }
  if ("fields" in shape) return isMap(value) ? void 0 : "an object";
  if ("list" in shape) return Array.isArray(value) ? void 0 : "a list";
  return isMap(value) ? void 0 : "an object";
}
function validateShape(ref, object) {
  const out = [];
  const visit = (shape, value, path, nullable) => {
    if (out.length >= 20) return;
    if (value === null && nullable) return;
    const expected = mismatch(shape, value);
    if (expected !== void 0) {
      out.push(
        makeFinding(
          ref,
          "error",
          "invalid-field-type",
          `${path} must be ${expected}, not ${describe(value)}; the API server refuses the object when decoding it`,
          path
        )
      );
      return;
    }
    if (typeof shape === "string") {
      if (shape === "string-map" && isMap(value)) {
        for (const [key, item] of Object.entries(value))
          if (typeof item !== "string")
            out.push(
              makeFinding(
                ref,
                "error",
                "invalid-field-type",
                `${path}.${key} must be a string, not ${describe(item)} (quote it: "${String(item)}"); the API server refuses the object when decoding it`,
                `${path}.${key}`
              )
            );
      }
      return;
    }
    if ("fields" in shape) {
      const map = value;
      for (const [key, child2] of Object.entries(shape.fields))
        if (key in map)
          visit(child2, map[key], path === "" ? key : `${path}.${key}`, true);
    } else if ("list" in shape) {
      ;
      value.forEach(
        (item, i) => visit(shape.list, item, `${path}[${i}]`, false)
      );
    } else {
      for (const [key, item] of Object.entries(value))
        visit(shape.map, item, `${path}.${key}`, false);
    }
  };
  visit(daemonSet, object, "", false);
  return out;
}
function conformToShape(object) {
  const conform = (shape, value) => {
    if (value === null || mismatch(shape, value) !== void 0) return OMIT;
    if (typeof shape === "string") {
      if (shape !== "string-map") return value;
      return Object.fromEntries(
        Object.entries(value).filter(([, v]) => typeof v === "string")
      );
    }
    if ("fields" in shape) {
      const out2 = { ...value };
      for (const [key, child2] of Object.entries(shape.fields)) {
        if (!(key in out2)) continue;
        const next = conform(child2, out2[key]);
        if (next === OMIT) delete out2[key];
        else out2[key] = next;
      }
      return out2;
    }
    if ("list" in shape)
      return value.map((item) => conform(shape.list, item)).filter((item) => item !== OMIT);
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const next = conform(shape.map, item);
      if (next !== OMIT) out[key] = next;
    }
    return out;
  };
  const result = conform(daemonSet, object);
  return result === OMIT ? {} : result;
}
var OMIT = /* @__PURE__ */ Symbol("omit");
var nodeShape = {
  fields: {
    metadata: objectMeta,
    spec: {
      fields: {
        taints: {
          list: {
            fields: {
              key: "string",
              value: "string",
              effect: "string",
              timeAdded: "string"
            }
          }
        },
        unschedulable: "bool"
      }
    },
    status: {
      fields: {
        allocatable: quantityMap,
        capacity: quantityMap,
        conditions: {
          list: {
            fields: { type: "string", status: "string", reason: "string" }
          }
        }
      }
    }
  }
};
var podShape = {
  fields: {
    metadata: {
      fields: {
        ...objectMeta.fields,
        ownerReferences: {
          list: {
            fields: {
              kind: "string",
              name: "string",
              uid: "string",
              apiVersion: "string",
              controller: "bool"
            }
          }
        }
      }
    },
    spec: podSpec,
    status: {
      fields: {
        phase: "string",
        conditions: {
          list: { fields: { type: "string", status: "string" } }
        }
      }
    }
  }
};
var SHAPES = {
  Node: nodeShape,
  Pod: podShape,
  DaemonSet: daemonSet
};
function shapeProblemOf(kind, object) {
  return problemAt(SHAPES[kind], object, void 0, false);
}
function pathText(step) {
  if (step === void 0) return "";
  const path = pathText(step.up);
  if (step.kind === 2) return `${path}[${step.index}]`;
  if (step.kind === 0 && path === "") return step.key;
  return `${path}.${step.key}`;
}
var fieldLists = /* @__PURE__ */ new WeakMap();
function fieldList(shape) {
  let list = fieldLists.get(shape);
  if (list === void 0) {
    list = Object.entries(shape.fields);
    fieldLists.set(shape, list);
  }
  return list;
}
function problemAt(shape, value, at, nullable) {
  if (value === null && nullable) return void 0;
  const expected = mismatch(shape, value);
  if (expected !== void 0) {
    const path = pathText(at);
    return `${path === "" ? "the object" : path}: expected ${expected}, got ${describe(value)}`;
  }
  if (typeof shape === "string") {
    if (shape === "string-map") {
      const map2 = value;
      for (const key of Object.keys(map2)) {
        const item = map2[key];
        if (typeof item !== "string")
          return `${pathText(at)}.${key}: expected a string, got ${describe(item)}`;
      }
    }
    return void 0;
  }
  if ("fields" in shape) {
    const map2 = value;
    for (const [key, child2] of fieldList(shape)) {
      if (!(key in map2)) continue;
      if (typeof child2 === "string" && child2 !== "string-map" && (map2[key] === null || mismatch(child2, map2[key]) === void 0))
        continue;
      const problem = problemAt(
        child2,
        map2[key],
        { up: at, kind: 0, key, index: 0 },
        true
      );
      if (problem !== void 0) return problem;
    }
    return void 0;
  }
  if ("list" in shape) {
    const list = value;
    for (let i = 0; i < list.length; i++) {
      const problem = problemAt(
        shape.list,
        list[i],
        { up: at, kind: 2, key: "", index: i },
        false
      );
      if (problem !== void 0) return problem;
    }
    return void 0;
  }
  const map = value;
  const leaf = typeof shape.map === "string" && shape.map !== "string-map" ? shape.map : void 0;
  for (const key of Object.keys(map)) {
    if (leaf !== void 0 && mismatch(leaf, map[key]) === void 0) continue;
    const problem = problemAt(
      shape.map,
      map[key],
      { up: at, kind: 1, key, index: 0 },
      false
    );
    if (problem !== void 0) return problem;
  }
  return void 0;
}

export {
  DEFAULT_INPUT_LIMITS,
  INPUT_LIMIT_FLAGS,
  INPUT_LIMIT_NAMES,
  parseInputLimitValue,
  parseInputLimitList,
  resolveInputLimits,
  checkInputBounds,
  lineOfField,
  isMap,
  imageTagAndDigest,
  namespaceOf,
  normalizeDaemonSet,
  makeFinding,
  validateShape,
  conformToShape,
  shapeProblemOf
};
