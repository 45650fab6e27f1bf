import type { Snapshot } from '../core/snapshot/types.js'

export interface WatchRestartCount {
  resource: string
  /** closed (the server ended the watch), error (connection dropped or failed), expired (410: re-listed). */
  reason: string
  count: number
}

/**
 * Where the service gets the cluster's state: a live view kept current by
 * list+watch, or a recorded snapshot file.
 */
export interface SnapshotSource {
  /** True once the first full list of every resource is in. */
  ready(): boolean
  /** The current snapshot; undefined until ready. */
  snapshot(nowMs: number): Snapshot | undefined
  /** Seconds since the view was last known current; undefined until ready. */
  ageSeconds(nowMs: number): number | undefined
  counts(): { nodes: number; pods: number }
  watchRestarts(): WatchRestartCount[]
  stop(): Promise<void>
}

/** A recorded snapshot standing in for a live cluster. */
export class FileSnapshotSource implements SnapshotSource {
  private readonly data: Snapshot
  private readonly loadedAtMs: number

  constructor(snapshot: Snapshot, loadedAtMs: number) {
    this.data = snapshot
    this.loadedAtMs = loadedAtMs
  }

  ready(): boolean {
    return true
  }

  snapshot(): Snapshot {
    return this.data
  }

  /** Age of the recording (recordedAt), else time since it was loaded. */
  ageSeconds(nowMs: number): number {
    const recorded =
      this.data.recordedAt === undefined
        ? NaN
        : Date.parse(this.data.recordedAt)
    const since = Number.isNaN(recorded) ? this.loadedAtMs : recorded
    return Math.max(0, (nowMs - since) / 1000)
  }

  counts(): { nodes: number; pods: number } {
    let pods = 0
    for (const node of this.data.nodes) {
      pods += node.podCount + node.daemonPods.length
    }
    return { nodes: this.data.nodes.length, pods }
  }

  watchRestarts(): WatchRestartCount[] {
    return []
  }

  async stop(): Promise<void> {}
}
