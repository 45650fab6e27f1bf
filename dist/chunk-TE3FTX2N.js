import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/adapters/kube/raw-api.ts
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
var KubeHttpError = class extends Error {
  status;
  reason;
  /** The Status object's own message, when the answer was one. */
  apiMessage;
  /** `metadata.continue` of the Status (a 410 Expired list offers one to go on with). */
  continueToken;
  constructor(status, message, reason, details) {
    super(message);
    this.name = "KubeHttpError";
    this.status = status;
    this.reason = reason;
    this.apiMessage = details?.apiMessage;
    this.continueToken = details?.continueToken;
  }
};
function statusMessage(status, text) {
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed.message === "string") {
      const token = parsed.metadata?.continue;
      return new KubeHttpError(
        status,
        `${status} ${parsed.message}`,
        typeof parsed.reason === "string" ? parsed.reason : void 0,
        {
          apiMessage: parsed.message,
          ...typeof token === "string" && token !== "" ? { continueToken: token } : {}
        }
      );
    }
  } catch {
  }
  return new KubeHttpError(
    status,
    `${status} ${http.STATUS_CODES[status] ?? "error"}`
  );
}
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== void 0 && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}
var KubeConfigTransport = class {
  kc;
  requestTimeoutMs;
  constructor(kc, options) {
    this.kc = kc;
    this.requestTimeoutMs = options?.requestTimeoutMs ?? 6e4;
  }
  async open(method, pathAndQuery, signal, body) {
    const cluster = this.kc.getCurrentCluster();
    if (cluster === null) throw new Error("kubeconfig selects no cluster");
    const base = new URL(cluster.server);
    const url = new URL(
      base.pathname.replace(/\/$/, "") + pathAndQuery,
      base.origin
    );
    const opts = {
      method,
      headers: { Accept: "application/json" }
    };
    await this.kc.applyToHTTPSOptions(opts);
    const headers = opts.headers ?? {};
    if (body !== void 0) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(body));
    }
    const mod = url.protocol === "http:" ? http : https;
    return await new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        { ...opts, headers, signal },
        (res) => resolve(res)
      );
      req.on("error", (err) => reject(err));
      if (body !== void 0) req.write(body);
      req.end();
    });
  }
  async readText(res, limitBytes) {
    const chunks = [];
    let size = 0;
    for await (const chunk of res) {
      const buf = chunk;
      size += buf.length;
      if (size > limitBytes) {
        res.destroy();
        throw new Error(`response larger than ${limitBytes} bytes`);
      }
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString("utf8");
  }
  /** A JSON request with a deadline; throws KubeHttpError on non-2xx. */
  async request(method, pathAndQuery, body) {
    const signal = AbortSignal.timeout(this.requestTimeoutMs);
    const res = await this.open(
      method,
      pathAndQuery,
      signal,
      body === void 0 ? void 0 : JSON.stringify(body)
    );
    const text = await this.readText(res, 256 * 1024 * 1024);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw statusMessage(status, text);
    return JSON.parse(text);
  }
  async list(path, params) {
    const data = await this.request(
      "GET",
      path + query({
        limit: params.limit,
        continue: params.continue,
        fieldSelector: params.fieldSelector
      })
    );
    const cont = data.metadata?.continue;
    return {
      items: Array.isArray(data.items) ? data.items : [],
      resourceVersion: typeof data.metadata?.resourceVersion === "string" ? data.metadata.resourceVersion : "",
      continue: typeof cont === "string" && cont !== "" ? cont : void 0
    };
  }
  async watch(path, params, onEvent, signal) {
    const res = await this.open(
      "GET",
      path + query({
        watch: "true",
        allowWatchBookmarks: "true",
        resourceVersion: params.resourceVersion,
        timeoutSeconds: params.timeoutSeconds,
        fieldSelector: params.fieldSelector
      }),
      signal
    );
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      throw statusMessage(status, await this.readText(res, 1024 * 1024));
    }
    await new Promise((resolve, reject) => {
      let idle;
      let settled = false;
      const finish = (err) => {
        if (settled) return;
        settled = true;
        if (idle !== void 0) clearTimeout(idle);
        res.destroy();
        if (err === void 0) resolve();
        else reject(err);
      };
      const touch = () => {
        if (idle !== void 0) clearTimeout(idle);
        idle = setTimeout(
          () => finish(new Error("watch idle timeout")),
          params.idleMs
        );
        idle.unref();
      };
      touch();
      res.on("data", touch);
      res.on("error", (err) => finish(err));
      res.on("aborted", () => finish(new Error("watch connection aborted")));
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on("error", (err) => finish(err));
      lines.on("line", (line) => {
        if (settled || line.trim() === "") return;
        let event;
        try {
          event = JSON.parse(line);
        } catch {
          finish(new Error("watch stream sent a line that is not JSON"));
          return;
        }
        const e = event;
        if (typeof e.type !== "string") return;
        try {
          onEvent({ type: e.type, object: e.object });
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      });
      lines.on("close", () => {
        setImmediate(
          () => finish(
            res.complete ? void 0 : new Error("watch connection dropped")
          )
        );
      });
    });
  }
};

export {
  KubeHttpError,
  KubeConfigTransport
};
