import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);
import {
  snapshotBuilder
} from "./chunk-4JXI4YPL.js";

// src/adapters/kube/live-snapshot.ts
async function readLiveSnapshot(client, options = {}) {
  const pageOptions = {
    resumeExpired: true,
    ...options.signal === void 0 ? {} : { signal: options.signal },
    ...options.pageSize === void 0 ? {} : { pageSize: options.pageSize }
  };
  const nodes = [];
  await client.listPages(
    "/api/v1/nodes",
    {},
    (page) => {
      nodes.push(...page);
    },
    { object: "nodes", ...pageOptions }
  );
  let daemonSets = options.daemonSets;
  if (daemonSets === void 0) {
    const listed = [];
    await client.listPages(
      "/apis/apps/v1/daemonsets",
      {},
      (page) => {
        listed.push(...page);
      },
      { object: "DaemonSets in all namespaces", ...pageOptions }
    );
    daemonSets = listed;
  }
  const builder = snapshotBuilder({ nodes, daemonSets });
  const query = {
    fieldSelector: "status.phase!=Succeeded,status.phase!=Failed"
  };
  const lists = options.podNamespaces === void 0 ? [{ path: "/api/v1/pods", object: "pods in all namespaces" }] : [...new Set(options.podNamespaces)].map((ns) => ({
    path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
    object: `pods in namespace ${ns}`
  }));
  for (const { path, object } of lists) {
    await client.listPages(path, query, (page) => builder.addPods(page), {
      object,
      ...pageOptions
    });
  }
  return builder.finish();
}

export {
  readLiveSnapshot
};
