import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/core/redact/policy.ts
import { createHmac, randomBytes } from "node:crypto";
var REDACTED = "(redacted)";
var KEY = randomBytes(32);
function secretMark(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const hex = createHmac("sha256", KEY).update(text ?? "").digest("hex");
  return `(redacted sha256:${hex.slice(0, 8)})`;
}
var MARK = /\(redacted(?: sha256:[0-9a-f]{8})?\)/g;
var SECRET_SUBSTRINGS = /passw(or)?d|passphrase|secret|token|credential|apikey|api_key|api-key|private_?key|privkey|cert(ificate)?_?key|access_?key|auth_?key|client_?secret|session_?id|cookie|bearer|signature|sas_?key|conn(ection)?_?str(ing)?|webhook_?url/i;
var SECRET_WORDS = /* @__PURE__ */ new Set([
  "key",
  "pass",
  "pwd",
  "pw",
  "auth",
  "pat",
  "dsn",
  "jwt",
  "otp",
  "pin",
  "salt",
  "hmac"
]);
function looksSecret(name) {
  if (SECRET_SUBSTRINGS.test(name)) return true;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w));
}
var SHORT_SECRET_FLAGS = {
  mysql: ["-p"],
  mysqldump: ["-p"],
  mysqladmin: ["-p"],
  mariadb: ["-p"],
  "mariadb-dump": ["-p"],
  mongo: ["-p"],
  mongosh: ["-p"],
  mongodump: ["-p"],
  "redis-cli": ["-a"],
  sshpass: ["-p"],
  docker: ["-p"],
  podman: ["-p"],
  skopeo: ["-p"],
  htpasswd: ["-b"],
  openssl: ["-k", "-pass", "-passin", "-passout"],
  curl: ["-u"],
  wget: []
};
function programName(word) {
  if (word === void 0) return void 0;
  const base = word.split("/").pop() ?? word;
  return base in SHORT_SECRET_FLAGS ? base : void 0;
}
function isSecretLongFlag(flag) {
  return /^--?[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(flag) && looksSecret(flag);
}
var SECRET_NAME = "[A-Za-z0-9_.-]*(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential)[A-Za-z0-9_.-]*|[A-Za-z0-9_.-]*[_.-](?:pass|pwd)";
var SECRET_SHAPES = [
  // URL userinfo: scheme://user:password@host (the password only).
  /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g,
  // PEM private keys (the whole block, or its start when cut short).
  /(-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|$))/g,
  // GitHub tokens.
  /\b((?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}))/g,
  // GitLab personal access tokens.
  /\b(glpat-[A-Za-z0-9_-]{20,})/g,
  // AWS access key ids.
  /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\b/g,
  // Slack tokens and webhooks.
  /\b(xox[abposr]-[A-Za-z0-9-]{10,})/g,
  /(hooks\.slack\.com\/services\/[A-Za-z0-9/]+)/g,
  // Google API keys.
  /\b(AIza[0-9A-Za-z_-]{35})/g,
  // Stripe secret and restricted keys.
  /\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})/g,
  // npm tokens.
  /\b(npm_[A-Za-z0-9]{36})/g,
  // JSON Web Tokens.
  /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
  // Authorization headers.
  /\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi,
  // key=value pairs in query strings, connection strings and shell text:
  // `password=x`, `Password=x;`, `api_key: x`, `TOKEN=x helm ...`.
  new RegExp(
    `(?:^|[\\s;&?,"'{(])(?:--?)?(${SECRET_NAME})["']?\\s*[=:]\\s*(?!\\(redacted)("[^"]*"|'[^']*'|[^\\s;&,"'})]+)`,
    "gi"
  ),
  // Secret-looking long flags followed by their value as the next word.
  new RegExp(
    `(?:^|\\s)(--?(?:${SECRET_NAME}))\\s+(?!-)(?!\\(redacted)("[^"]*"|'[^']*'|\\S+)`,
    "gi"
  )
];
function redactShortFlagsInText(text) {
  const words = text.split(/(\s+)/);
  let program;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (/^\s*$/.test(word)) continue;
    if (/^[;&|]+$/.test(word) || /[;&|]$/.test(word)) {
      program = void 0;
      continue;
    }
    const named = programName(word.replace(/^["']/, ""));
    if (named !== void 0) {
      program = named;
      continue;
    }
    if (program === void 0) continue;
    const flags = SHORT_SECRET_FLAGS[program] ?? [];
    for (const flag of flags) {
      if (word === flag) {
        const j = i + 2;
        const next = words[j];
        if (next !== void 0 && next !== "" && !next.startsWith("-") && !isMarked(next))
          words[j] = secretMark(next);
      } else if (flag.length === 2 && word.startsWith(flag) && word.length > 2 && !isMarked(word.slice(2))) {
        words[i] = `${flag}${secretMark(word.slice(2))}`;
      }
    }
  }
  return words.join("");
}
function isPlaceholder(text) {
  return /^<[\w .-]{1,40}>$/.test(text);
}
function isMarked(text) {
  return text.startsWith("(redacted");
}
var MAYBE_SECRET = /[=@]|hooks\.slack\.com|(?:^|\s)-|BEGIN|gh[pousr]_|github_pat_|glpat-|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)|xox|AIza|k_(?:live|test)_|npm_|eyJ|bearer|basic/i;
var SECRET_WORD = /passw|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|[_.-](?:pass|pwd)/i;
function maybeSecret(text) {
  return MAYBE_SECRET.test(text) || text.includes(":") && SECRET_WORD.test(text);
}
var KNOWN_PROGRAM = new RegExp(
  `(?:^|[\\s/"'])(?:${Object.keys(SHORT_SECRET_FLAGS).map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|")})(?:\\s|$)`
);
function redactShapes(segment, precheck) {
  if (precheck && !maybeSecret(segment)) return segment;
  let out = segment;
  for (const shape of SECRET_SHAPES) {
    out = out.replace(shape, (match, ...groups) => {
      const captured = groups.slice(0, -2).filter((g) => typeof g === "string");
      const secret = captured[captured.length - 1] ?? match;
      if (secret === "" || isMarked(secret) || isPlaceholder(secret))
        return match;
      const at = match.lastIndexOf(secret);
      return match.slice(0, at) + secretMark(secret) + match.slice(at + secret.length);
    });
  }
  return KNOWN_PROGRAM.test(out) ? redactShortFlagsInText(out) : out;
}
function redactText(text) {
  if (text.length > MEMO_TEXT_LENGTH) return redactTextOnce(text);
  let out = redactedTexts.get(text);
  if (out === void 0) {
    out = redactTextOnce(text);
    if (redactedTexts.size >= MEMO_ENTRIES) redactedTexts.clear();
    redactedTexts.set(text, out);
  }
  return out;
}
var MEMO_TEXT_LENGTH = 256;
var MEMO_ENTRIES = 2e5;
var redactedTexts = /* @__PURE__ */ new Map();
function redactTextOnce(text, precheck = true) {
  if (precheck && !maybeSecret(text)) return text;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(MARK)) {
    out += redactShapes(text.slice(last, m.index), precheck) + m[0];
    last = m.index + m[0].length;
  }
  return out + redactShapes(text.slice(last), precheck);
}
function redactArgs(args, program) {
  const out = [...args];
  let known = programName(program);
  for (let i = 0; i < out.length; i++) {
    const arg = out[i];
    if (typeof arg !== "string") continue;
    if (i === 0 && known === void 0) known = programName(arg);
    const eq = /^(--?[A-Za-z0-9][A-Za-z0-9_.-]*)=([\s\S]*)$/.exec(arg);
    if (eq !== null) {
      const [, flag = "", value = ""] = eq;
      if (isSecretLongFlag(flag) && value !== "" && !isMarked(value))
        out[i] = `${flag}=${secretMark(value)}`;
      else out[i] = redactText(arg);
      continue;
    }
    const next = out[i + 1];
    const shortFlags = known === void 0 ? [] : SHORT_SECRET_FLAGS[known];
    if ((isSecretLongFlag(arg) || (shortFlags ?? []).includes(arg)) && typeof next === "string" && !next.startsWith("-") && !isMarked(next)) {
      out[i + 1] = secretMark(next);
      i++;
      continue;
    }
    const glued = (shortFlags ?? []).find(
      (f) => f.length === 2 && arg.startsWith(f) && arg.length > 2
    );
    if (glued !== void 0 && !isMarked(arg.slice(2))) {
      out[i] = `${glued}${secretMark(arg.slice(2))}`;
      continue;
    }
    out[i] = redactText(arg);
  }
  return out;
}
function isMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isEnvVarLike(value) {
  return typeof value.name === "string" && ("value" in value || "valueFrom" in value);
}
function envIsSecret(env) {
  const valueFrom = isMap(env.valueFrom) ? env.valueFrom : void 0;
  return looksSecret(String(env.name)) || valueFrom !== void 0 && "secretKeyRef" in valueFrom;
}
function firstString(value) {
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : void 0;
}
function redactValue(value, key = "") {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) {
    if (key === "args" || key === "command") return redactArgs(value);
    return redactArray(value);
  }
  if (!isMap(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some(isPlaceKey)) return redactMembers(value, keys);
  const isSecretObject = value.kind === "Secret";
  const program = firstString(value.command) ?? firstString(value.args);
  let out;
  for (let i = 0; i < keys.length; i += 1) {
    const k = keys[i];
    const v = value[k];
    let r;
    if (isSecretObject && (k === "data" || k === "stringData") && isMap(v)) {
      r = Object.fromEntries(
        Object.entries(v).map(([dk, dv]) => [dk, secretMark(dv)])
      );
    } else if (k === "annotations" && isMap(v)) {
      r = Object.fromEntries(
        Object.entries(v).map(([ak, av]) => [
          ak,
          looksSecret(ak) ? secretMark(av) : redactValue(av)
        ])
      );
    } else if (k === "args" && Array.isArray(v) && program !== void 0) {
      r = redactArgs(v, firstString(value.command) ?? void 0);
    } else r = redactValue(v, k);
    if (out === void 0 && r !== v) {
      out = {};
      for (let j = 0; j < i; j += 1) out[keys[j]] = value[keys[j]];
    }
    if (out !== void 0) out[k] = r;
  }
  if (isEnvVarLike(value) && envIsSecret(value) && value.value !== void 0)
    (out ??= { ...value }).value = secretMark(value.value);
  return out ?? value;
}
function isPlaceKey(key) {
  return key === "kind" || key === "command" || key === "args" || key === "value" || key === "valueFrom" || key === "annotations";
}
function redactMembers(value, keys) {
  let out;
  for (let i = 0; i < keys.length; i += 1) {
    const k = keys[i];
    const v = value[k];
    const r = typeof v === "string" ? redactText(v) : typeof v === "object" && v !== null ? redactValue(v, k) : v;
    if (out === void 0 && r !== v) {
      out = {};
      for (let j = 0; j < i; j += 1) out[keys[j]] = value[keys[j]];
    }
    if (out !== void 0) out[k] = r;
  }
  return out ?? value;
}
var redactedFrozen = /* @__PURE__ */ new WeakMap();
function redactArray(list) {
  const frozen = Object.isFrozen(list);
  if (frozen) {
    const hit = redactedFrozen.get(list);
    if (hit !== void 0) return hit;
  }
  let out;
  for (let i = 0; i < list.length; i += 1) {
    const v = list[i];
    const r = redactValue(v);
    if (out === void 0 && r !== v) out = list.slice(0, i);
    if (out !== void 0) out.push(r);
  }
  const result = out ?? list;
  if (frozen) redactedFrozen.set(list, result);
  return result;
}
var ENV_PATH = /env\[name=([^\]]+)\](\.value)?$/;
var ANNOTATION_PATH = /annotations(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[("(?:[^"\\]|\\.)*")\])$/;
var ARGS_PATH = /\.(args|command)(\[\d+\])?$/;
function annotationKey(path) {
  const m = ANNOTATION_PATH.exec(path);
  if (m === null) return void 0;
  if (m[1] !== void 0) return m[1];
  try {
    return JSON.parse(m[2] ?? '""');
  } catch {
    return void 0;
  }
}
function redactAt(path, value, program) {
  if (value === void 0) return void 0;
  const env = ENV_PATH.exec(path);
  if (env !== null && env[2] !== void 0 && looksSecret(env[1] ?? ""))
    return secretMark(value);
  const annotation = annotationKey(path);
  if (annotation !== void 0 && looksSecret(annotation))
    return secretMark(value);
  const args = ARGS_PATH.exec(path);
  if (args !== null) {
    if (Array.isArray(value)) return redactArgs(value, program);
    return typeof value === "string" ? redactArgs([value], program)[0] : value;
  }
  return redactValue(value, path.split(".").pop() ?? "");
}
function redactDeep(value) {
  return redactValue(value);
}

export {
  REDACTED,
  redactText,
  redactValue,
  redactAt,
  redactDeep
};
