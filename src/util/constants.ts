/** Protocol strings and limits, in one place. */

export const TOOL_NAME = 'ds-rollout'
/** Field manager for server-side apply. */
export const FIELD_MANAGER = 'ds-rollout'
/** GitHub rejects issue comments longer than this (characters). */
export const MAX_COMMENT_CHARS = 65_536
/** The runner refuses step summaries larger than this (bytes). */
export const MAX_SUMMARY_BYTES = 1024 * 1024
/** Largest manifest text (one file or one render output) we parse, in bytes. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024
/** Most YAML alias dereferences per document (bounds "billion laughs" documents). */
export const MAX_YAML_ALIAS_COUNT = 100
/** Most objects one manifest text may hold. */
export const MAX_MANIFEST_OBJECTS = 20_000
