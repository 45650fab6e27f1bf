import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/core/k8s/quantity.ts
var BINARY_SUFFIXES = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n
};
var DECIMAL_EXPONENTS = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
};
var QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;
function ceilDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}
function parseQuantity(value) {
  if (typeof value === "string") {
    const hit = RECENT.get(value);
    if (hit !== void 0) return hit === null ? void 0 : hit;
    const parsed = parseQuantityUncached(value);
    if (RECENT.size >= RECENT_LIMIT) RECENT.clear();
    RECENT.set(value, parsed ?? null);
    return parsed;
  }
  return parseQuantityUncached(value);
}
var RECENT = /* @__PURE__ */ new Map();
var RECENT_LIMIT = 2e5;
function parseQuantityUncached(value) {
  let text;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return void 0;
    text = String(value);
    if (/e/i.test(text)) text = value.toFixed(9);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return void 0;
  }
  const m = QUANTITY.exec(text);
  if (m === null) return void 0;
  const [, sign = "", digits = "", suffix, exponent] = m;
  const [whole = "", fraction = ""] = digits.split(".");
  let mantissa = BigInt((whole || "0") + fraction);
  let scale = -fraction.length + 3;
  let multiplier = 1n;
  if (suffix !== void 0 && suffix in BINARY_SUFFIXES) {
    multiplier = BINARY_SUFFIXES[suffix] ?? 1n;
  } else if (suffix !== void 0) {
    scale += DECIMAL_EXPONENTS[suffix] ?? 0;
  } else if (exponent !== void 0) {
    const e = Number(exponent);
    if (Math.abs(e) > 100) return void 0;
    scale += e;
  }
  mantissa *= multiplier;
  let milli;
  if (scale >= 0) milli = mantissa * 10n ** BigInt(scale);
  else milli = ceilDiv(mantissa, 10n ** BigInt(-scale));
  return sign === "-" ? -milli : milli;
}
function quantitiesEqual(a, b) {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (qa === void 0 || qb === void 0) return a === b;
  return qa === qb;
}
function formatQuantity(milli, binary = false) {
  if (milli % 1000n !== 0n) return `${milli}m`;
  const units = milli / 1000n;
  if (binary && units !== 0n) {
    for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
      const size = BINARY_SUFFIXES[suffix] ?? 1n;
      if (units % size === 0n) return `${units / size}${suffix}`;
    }
  }
  return `${units}`;
}
function isByteResource(name) {
  return name === "memory" || name === "ephemeral-storage" || name === "storage" || name.startsWith("hugepages-");
}

// src/core/k8s/pod-resources.ts
var NOT_REQUESTS = /* @__PURE__ */ new Set(["pods"]);
function add(into, name, milli) {
  into.set(name, (into.get(name) ?? 0n) + milli);
}
function containerRequests(c) {
  const out = /* @__PURE__ */ new Map();
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  for (const [name, value] of Object.entries(limits)) {
    if (Object.prototype.hasOwnProperty.call(requests, name)) continue;
    const q = parseQuantity(value);
    if (q !== void 0) out.set(name, q);
  }
  for (const [name, value] of Object.entries(requests)) {
    const q = parseQuantity(value);
    if (q !== void 0) out.set(name, q);
  }
  return out;
}
function effectiveRequests(spec) {
  const sum = /* @__PURE__ */ new Map();
  for (const c of spec?.containers ?? []) {
    for (const [name, q] of containerRequests(c)) add(sum, name, q);
  }
  const sidecars = /* @__PURE__ */ new Map();
  const initPeak = /* @__PURE__ */ new Map();
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c);
    let during;
    if (c.restartPolicy === "Always") {
      for (const [name, q] of own) add(sidecars, name, q);
      during = new Map(sidecars);
    } else {
      during = new Map(sidecars);
      for (const [name, q] of own) add(during, name, q);
    }
    for (const [name, q] of during) {
      if (q > (initPeak.get(name) ?? 0n)) initPeak.set(name, q);
    }
  }
  for (const [name, q] of sidecars) add(sum, name, q);
  for (const [name, q] of initPeak) {
    if (q > (sum.get(name) ?? 0n)) sum.set(name, q);
  }
  for (const [name, value] of Object.entries(spec?.overhead ?? {})) {
    const q = parseQuantity(value);
    if (q !== void 0 && sum.has(name)) add(sum, name, q);
    else if (q !== void 0) sum.set(name, q);
  }
  for (const name of NOT_REQUESTS) sum.delete(name);
  return sum;
}
function formatHostPort(protocol, hostIP, port) {
  const proto = protocol === void 0 || protocol === "" ? "TCP" : protocol;
  const ip = hostIP === void 0 || hostIP === "" || hostIP === "0.0.0.0";
  return ip ? `${proto}/${port}` : `${proto}/${hostIP}:${port}`;
}
function podHostPorts(spec) {
  const hostNetwork = spec?.hostNetwork === true;
  const ports = [];
  const containers = [
    ...(spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
    ...spec?.containers ?? []
  ];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      const hostPort = typeof p.hostPort === "number" && p.hostPort > 0 ? p.hostPort : hostNetwork ? p.containerPort : 0;
      if (hostPort > 0)
        ports.push(formatHostPort(p.protocol, p.hostIP, hostPort));
    }
  }
  return [...new Set(ports)];
}

export {
  parseQuantity,
  quantitiesEqual,
  formatQuantity,
  isByteResource,
  containerRequests,
  effectiveRequests,
  podHostPorts
};
