import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);

// src/util/constants.ts
var TOOL_VERSION = "0.1.0";
var FIELD_MANAGER = "ds-rollout";
var MAX_COMMENT_CHARS = 65536;
var MAX_SUMMARY_BYTES = 1024 * 1024;
var MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
var MAX_SNAPSHOT_FILE_BYTES = 8 * 1024 * 1024 * 1024;
var MAX_SNAPSHOT_JSON_TEXT_BYTES = 256 * 1024 * 1024;
var STREAM_KUBECTL_LIST_BYTES = 64 * 1024 * 1024;
var MAX_SNAPSHOT_YAML_BYTES = 256 * 1024 * 1024;
var MAX_YAML_ALIAS_COUNT = 100;
var MAX_MANIFEST_OBJECTS = 2e4;
var COMMENT_MARKER_PREFIX = "ds-rollout";
var DEFAULT_COMMENT_KEY = "default";
var MAX_ANNOTATIONS_PER_LEVEL = 10;
var PLAN_JSON_FILE = "ds-rollout-plan.json";
var SARIF_FILE = "ds-rollout.sarif";
var OUTPUTS = {
  changed: "changed",
  rolloutRequired: "rollout-required",
  highestSeverity: "highest-severity",
  planJson: "plan-json",
  commentId: "comment-id",
  summary: "summary",
  /** Plan: false when no base was compared (every DaemonSet counts as added). */
  baseCompared: "base-compared",
  /** Plan: true when a simulated rollout hangs or never completes. */
  rolloutHangs: "rollout-hangs",
  /** Plan: nodes the hanging rollouts stop at (worst case), 0 when none. */
  rolloutHangNodes: "rollout-hang-nodes",
  /** Plan: path of the SARIF 2.1.0 file of the findings. */
  sarif: "sarif",
  /** Deploy modes: rolled-out | rolled-back | failed | undo-failed. */
  result: "result",
  revisionBefore: "revision-before",
  revisionAfter: "revision-after",
  failedNodes: "failed-nodes"
};

export {
  TOOL_VERSION,
  FIELD_MANAGER,
  MAX_COMMENT_CHARS,
  MAX_SUMMARY_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_SNAPSHOT_FILE_BYTES,
  MAX_SNAPSHOT_JSON_TEXT_BYTES,
  STREAM_KUBECTL_LIST_BYTES,
  MAX_SNAPSHOT_YAML_BYTES,
  MAX_YAML_ALIAS_COUNT,
  MAX_MANIFEST_OBJECTS,
  COMMENT_MARKER_PREFIX,
  DEFAULT_COMMENT_KEY,
  MAX_ANNOTATIONS_PER_LEVEL,
  PLAN_JSON_FILE,
  SARIF_FILE,
  OUTPUTS
};
