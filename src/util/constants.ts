/** Protocol strings and limits, in one place. */

export const TOOL_NAME = 'ds-rollout'
/** Field manager for server-side apply. */
export const FIELD_MANAGER = 'ds-rollout'
/** GitHub rejects issue comments longer than this (characters). */
export const MAX_COMMENT_CHARS = 65_536
/** The runner refuses step summaries larger than this (bytes). */
export const MAX_SUMMARY_BYTES = 1024 * 1024
