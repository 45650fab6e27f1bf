/** Protocol strings and limits, in one place. */

export const TOOL_NAME = 'ds-rollout'
/** The version the CLI reports and SARIF logs carry (package.json). */
export const TOOL_VERSION = '0.1.0'
/** Field manager for server-side apply. */
export const FIELD_MANAGER = 'ds-rollout'
/** GitHub rejects issue comments longer than this (characters). */
export const MAX_COMMENT_CHARS = 65_536
/** The runner refuses step summaries larger than this (bytes). */
export const MAX_SUMMARY_BYTES = 1024 * 1024
/** Largest manifest text (one file or one render output) we parse, in bytes. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024
/**
 * Largest snapshot file read (kubectl exports of a big fleet: the pods of
 * 15,000 nodes are a few GB of JSON; larger exports can be split into
 * several files, or recorded compactly with `ds-rollout snapshot`).
 */
export const MAX_SNAPSHOT_FILE_BYTES = 8 * 1024 * 1024 * 1024
/**
 * JSON snapshot files up to this size are read as one string and parsed
 * with JSON.parse; larger ones (V8 strings stop at about 512 MiB) are read
 * in chunks, one list item at a time.
 */
export const MAX_SNAPSHOT_JSON_TEXT_BYTES = 256 * 1024 * 1024

/**
 * kubectl lists (`{"kind": "...List", "items": [...]}`) larger than this are
 * read item by item even when they would fit in one string: each item is
 * slimmed as it is parsed, so a 250 MB `kubectl get nodes -o json` never
 * has its whole object tree in memory (peak RSS about 1.4× the file instead
 * of 4×). Compact snapshots are always read whole.
 */
export const STREAM_KUBECTL_LIST_BYTES = 64 * 1024 * 1024
/** Largest snapshot file read as YAML (YAML parsing is much slower and larger in memory than JSON). */
export const MAX_SNAPSHOT_YAML_BYTES = 256 * 1024 * 1024
/** Most YAML alias dereferences per document (bounds "billion laughs" documents). */
export const MAX_YAML_ALIAS_COUNT = 100
/** Most objects one manifest text may hold. */
export const MAX_MANIFEST_OBJECTS = 20_000
/** Prefix of the hidden marker on the first line of our comments: `<!-- ds-rollout:<key> -->`. */
export const COMMENT_MARKER_PREFIX = 'ds-rollout'
/** Comment key used when the `comment-key` input is empty. */
export const DEFAULT_COMMENT_KEY = 'default'
/** Annotations of one level shown per step; GitHub's UI hides the rest anyway. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10
/** Name of the JSON plan the Action writes under RUNNER_TEMP. */
export const PLAN_JSON_FILE = 'ds-rollout-plan.json'
/** Name of the SARIF file the Action writes under RUNNER_TEMP. */
export const SARIF_FILE = 'ds-rollout.sarif'
/** Action output names. */
export const OUTPUTS = {
  changed: 'changed',
  rolloutRequired: 'rollout-required',
  highestSeverity: 'highest-severity',
  planJson: 'plan-json',
  commentId: 'comment-id',
  summary: 'summary',
  /** Plan: false when no base was compared (every DaemonSet counts as added). */
  baseCompared: 'base-compared',
  /** Plan: true when a simulated rollout hangs or never completes. */
  rolloutHangs: 'rollout-hangs',
  /** Plan: nodes the hanging rollouts stop at (worst case), 0 when none. */
  rolloutHangNodes: 'rollout-hang-nodes',
  /** Plan: path of the SARIF 2.1.0 file of the findings. */
  sarif: 'sarif',
  /** Deploy modes: rolled-out | rolled-back | failed | undo-failed. */
  result: 'result',
  revisionBefore: 'revision-before',
  revisionAfter: 'revision-after',
  failedNodes: 'failed-nodes'
} as const
