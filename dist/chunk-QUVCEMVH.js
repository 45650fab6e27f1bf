import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  KubeApiError
} from "./chunk-MU7Q3OSJ.js";

// src/adapters/kube/list-watch.ts
var WatchExpired = class extends Error {
};
function metaOf(obj) {
  const meta = obj?.metadata;
  const name = meta?.["name"];
  const ns = meta?.["namespace"];
  const rv = meta?.["resourceVersion"];
  return {
    key: typeof name === "string" ? typeof ns === "string" && ns !== "" ? `${ns}/${name}` : name : void 0,
    resourceVersion: typeof rv === "string" ? rv : void 0
  };
}
var Reflector = class {
  resource;
  /** The objects, by `namespace/name` (or `name` when cluster-scoped). */
  store = /* @__PURE__ */ new Map();
  stats = {
    lists: 0,
    watches: 0,
    relists410: 0,
    reconnects: 0
  };
  o;
  now;
  slim;
  abort = new AbortController();
  stopped = false;
  synced = false;
  watching = false;
  staleSinceMs;
  restarts = /* @__PURE__ */ new Map();
  runPromise;
  syncWaiters = [];
  constructor(options) {
    this.o = options;
    this.resource = options.resource ?? options.path;
    this.now = options.now ?? Date.now;
    this.slim = options.slim ?? ((obj) => obj);
  }
  /** Starts in the background; the first list is retried until it succeeds. */
  start() {
    this.runPromise ??= this.run(void 0);
  }
  /** Lists once (rejects when that fails), then keeps watching in the background. */
  async startSynced() {
    const rv = await this.relist();
    this.runPromise ??= this.run(rv);
  }
  async stop() {
    this.stopped = true;
    this.abort.abort();
    await this.runPromise;
  }
  /** True once the first full list is in. */
  isSynced() {
    return this.synced;
  }
  /** Resolves when the first full list is in. */
  async waitForSync() {
    if (this.synced) return;
    await new Promise((resolve) => this.syncWaiters.push(resolve));
  }
  /** When the store was last known to match the cluster (now while a watch is open). */
  currentAsOfMs() {
    if (!this.synced) return void 0;
    return this.watching ? this.now() : this.staleSinceMs;
  }
  restartCounts() {
    return [...this.restarts].map(([reason, count]) => ({ reason, count }));
  }
  log(message) {
    this.o.log?.(`${this.resource}: ${message}`);
  }
  async sleep(ms) {
    if (this.stopped) return;
    await (this.o.sleep ?? abortableSleep)(ms, this.abort.signal);
  }
  /** Lists (unless given the list's version), then watches until stopped. */
  async run(listed) {
    const initial = this.o.backoffInitialMs ?? 500;
    const max = this.o.backoffMaxMs ?? 3e4;
    let backoff = initial;
    let rv = listed;
    while (!this.stopped) {
      if (rv === void 0) {
        try {
          rv = await this.relist();
          backoff = initial;
        } catch (err) {
          if (this.stopped) return;
          this.log(`list failed (${describe(err)}); retrying in ${backoff} ms`);
          this.stats.reconnects += 1;
          await this.sleep(backoff);
          backoff = Math.min(max, backoff * 2);
          continue;
        }
      }
      const reason = await this.watchOnce(rv, (next) => {
        rv = next;
        backoff = initial;
      });
      if (reason === void 0) return;
      if (reason.why === "expired") {
        this.log("resourceVersion expired (410); listing again");
        this.stats.relists410 += 1;
        rv = void 0;
        continue;
      }
      if (reason.why === "error" || reason.lastedMs < this.minHealthyMs()) {
        if (reason.why === "error")
          this.log(
            `watch failed (${reason.message}); resuming in ${backoff} ms`
          );
        this.stats.reconnects += 1;
        await this.sleep(backoff);
        backoff = Math.min(max, backoff * 2);
      }
    }
  }
  minHealthyMs() {
    return this.o.minHealthyWatchMs ?? 1e3;
  }
  /**
   * One watch request from `rv`; `seen` gets every newer version. Returns
   * why it ended, or undefined when stopped.
   */
  async watchOnce(rv, seen) {
    const startedMs = this.now();
    const timeoutSeconds = this.o.watchTimeoutSeconds ?? 300;
    let why = "closed";
    let message = "";
    this.watching = true;
    this.stats.watches += 1;
    try {
      await this.o.client.watch(
        this.o.path,
        { ...this.o.query, resourceVersion: rv, timeoutSeconds },
        (event) => {
          const next = this.apply(event);
          if (next !== void 0) seen(next);
        },
        this.abort.signal,
        this.resource,
        this.o.idleMs ?? (timeoutSeconds + 30) * 1e3
      );
    } catch (err) {
      if (this.stopped) return void 0;
      why = err instanceof WatchExpired || err instanceof KubeApiError && err.status === 410 ? "expired" : "error";
      message = describe(err);
    }
    this.watching = false;
    this.staleSinceMs = this.now();
    if (this.stopped) return void 0;
    this.restarts.set(why, (this.restarts.get(why) ?? 0) + 1);
    return { why, lastedMs: this.now() - startedMs, message };
  }
  /** Lists every page and replaces the store; returns the list's resourceVersion. */
  async relist() {
    const next = /* @__PURE__ */ new Map();
    const rv = await this.o.client.listPages(
      this.o.path,
      { ...this.o.query },
      (items) => {
        for (const item of items) {
          const { key } = metaOf(item);
          if (key === void 0) continue;
          const slim = this.slim(item);
          if (slim !== void 0) next.set(key, slim);
        }
      },
      {
        object: this.resource,
        signal: this.abort.signal,
        ...this.o.retryRequests === false ? { retry: false } : {},
        ...this.o.pageSize === void 0 ? {} : { pageSize: this.o.pageSize }
      }
    );
    this.stats.lists += 1;
    this.store = next;
    this.staleSinceMs = this.now();
    this.o.onChange();
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
    return rv;
  }
  /** Applies one watch event; returns the resourceVersion it carries. */
  apply(event) {
    const { key, resourceVersion } = metaOf(event.object);
    switch (event.type) {
      case "ADDED":
      case "MODIFIED": {
        if (key === void 0) return resourceVersion;
        const before = this.store.get(key);
        const after = this.slim(event.object);
        if (after === void 0) this.store.delete(key);
        else this.store.set(key, after);
        if (before !== void 0 || after !== void 0)
          this.o.onChange({ type: event.type, key, before, after });
        return resourceVersion;
      }
      case "DELETED": {
        if (key === void 0) return resourceVersion;
        const before = this.store.get(key);
        if (before !== void 0) {
          this.store.delete(key);
          this.o.onChange({ type: "DELETED", key, before, after: void 0 });
        }
        return resourceVersion;
      }
      case "BOOKMARK":
        return resourceVersion;
      case "ERROR": {
        const status = event.object;
        if (status?.code === 410) throw new WatchExpired("410 Gone");
        throw new Error(
          `watch error ${String(status?.code)}: ${typeof status?.message === "string" ? status.message : ""}`
        );
      }
      default:
        return resourceVersion;
    }
  }
};
var DEFAULT_LIST_WATCH = {
  watchTimeoutSeconds: 240,
  minBackoffMs: 200,
  maxBackoffMs: 5e3,
  minHealthyWatchMs: 1e3
};
var ListWatch = class {
  reflector;
  constructor(client, path, query, onChange, options = DEFAULT_LIST_WATCH, sleep = abortableSleep) {
    this.reflector = new Reflector({
      client,
      path,
      query,
      onChange: (change) => change === void 0 ? onChange("SYNC", void 0) : onChange(change.type, change.after ?? change.before),
      ...options.log === void 0 ? {} : { log: options.log },
      watchTimeoutSeconds: options.watchTimeoutSeconds,
      backoffInitialMs: options.minBackoffMs,
      backoffMaxMs: options.maxBackoffMs,
      minHealthyWatchMs: options.minHealthyWatchMs,
      sleep
    });
  }
  get stats() {
    return this.reflector.stats;
  }
  items() {
    return [...this.reflector.store.values()];
  }
  start() {
    return this.reflector.startSynced();
  }
  stop() {
    return this.reflector.stop();
  }
};
function abortableSleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
function describe(err) {
  if (err instanceof KubeApiError) return `${err.status} ${err.apiMessage}`;
  return err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err);
}

export {
  Reflector,
  ListWatch
};
