/**
 * How long the rehearsal kubelet takes to pull, start and stop containers.
 *
 * These are the rehearsal's own figures, chosen from how a kubelet with
 * containerd behaves on a cloud node, and deliberately independent of the
 * planning engine's duration estimates (src/core/simulate): a rehearsal
 * that used the estimator's numbers would only confirm the model with
 * itself. test/rehearsal/timings.test.ts checks that nothing here is
 * imported or copied from there. docs/rehearsal.md ("Timings") documents
 * the table; a scenario overrides any of it, per image.
 *
 * - Image pull, by compressed image size: an in-region registry delivers
 *   roughly 50 MB/s once download and layer unpacking are counted, plus
 *   about a second of registry round trips (manifest, auth, layer
 *   requests). Most node agents (node-exporter, kube-proxy, fluent-bit, CNI
 *   agents) are small or medium; GPU drivers and device plugins are large.
 * - Container start: the pod sandbox, the CNI ADD and containerd's create +
 *   start of the container, about 2 s for a new pod.
 * - Stop: an agent that exits on SIGTERM is gone in about a second, far
 *   under the default 30 s grace period; only a process that ignores
 *   SIGTERM holds its pod for the whole grace period (set `stopSeconds` for
 *   that image in the scenario).
 */

/** Compressed image size classes. */
export const SIZE_CLASSES = ['small', 'medium', 'large'] as const
export type SizeClass = (typeof SIZE_CLASSES)[number]

/** Seconds to pull an image of each class (see the module comment). */
export const PULL_SECONDS_BY_SIZE: Readonly<Record<SizeClass, number>> = {
  // up to ~50 MB (node-exporter, kube-proxy, pause): ~1 s of transfer + ~1 s round trips
  small: 2,
  // ~50-300 MB (fluent-bit, calico-node, cilium-agent): ~5 s + round trips
  medium: 6,
  // ~300 MB-2 GB (GPU drivers, dcgm-exporter): ~30 s for 1.5 GB
  large: 30
}

/** The class of an image nobody described: most node agents are medium or smaller. */
export const DEFAULT_SIZE_CLASS: SizeClass = 'medium'

/** The kubelet's figures that do not depend on the image. */
export const KUBELET_DEFAULTS = {
  /** Pod sandbox + CNI + containerd create and start. */
  startSeconds: 2,
  /** Extra time before Ready, added to the readiness probe's initialDelaySeconds. */
  readySeconds: 0,
  /** A container that exits on SIGTERM (capped by the grace period). */
  stopSeconds: 1,
  /** How long a crash-looping container runs each time. */
  crashSeconds: 1
} as const

/** Per-image timing rules of a scenario (`images:`), first match wins. */
export interface ImageTiming {
  /** Glob on the container image (`*`, `?`). */
  image: string
  size?: SizeClass
  pullSeconds?: number
  startSeconds?: number
  stopSeconds?: number
}

/** Scenario-wide timings (`defaults:`); an unset pull time follows the size class. */
export interface Timings {
  /** Pull time for every image without its own rule; unset: by size class. */
  pullSeconds?: number
  startSeconds: number
  readySeconds: number
  stopSeconds: number
  crashSeconds: number
}

/** The timings of one container image. */
export interface ContainerTimings {
  pullSeconds: number
  startSeconds: number
  stopSeconds: number
}

/** Shell-style glob (`*`, `?`) on a whole string. */
export function globMatches(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  )
  return re.test(text)
}

/**
 * The timings of an image: its first matching `images:` rule, then the
 * scenario's `defaults:`, then the size-class table.
 */
export function timingsForImage(
  image: string,
  defaults: Timings,
  rules: readonly ImageTiming[]
): ContainerTimings {
  const rule = rules.find((r) => globMatches(r.image, image))
  const size = rule?.size ?? DEFAULT_SIZE_CLASS
  return {
    pullSeconds:
      rule?.pullSeconds ??
      (rule?.size !== undefined ? undefined : defaults.pullSeconds) ??
      PULL_SECONDS_BY_SIZE[size],
    startSeconds: rule?.startSeconds ?? defaults.startSeconds,
    stopSeconds: rule?.stopSeconds ?? defaults.stopSeconds
  }
}
