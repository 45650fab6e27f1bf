import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Tinypool from 'tinypool'
import { ApiError } from './api-error.js'
import type { WorkerReply, WorkerTask } from './worker/task.js'

/**
 * The worker pool that runs plan and snapshot requests off the event loop
 * (Tinypool). Each task gets a time limit and each worker a heap cap; a
 * task whose client goes away, or that runs out of time, has its worker
 * terminated (a synchronous parse cannot be interrupted any other way) and
 * a fresh one takes its place. At most `workers + maxQueue` tasks are
 * accepted at once: beyond that the caller is told to come back (503 with
 * Retry-After) instead of waiting in an unbounded line.
 */

export interface PoolOptions {
  /** Worker threads. */
  workers: number
  /** Tasks that may wait for a worker. */
  maxQueue: number
  /** Time limit of one task, waiting included. */
  timeoutMs: number
  /** Old-generation heap cap of each worker, in MB. */
  heapMb: number
  /** Worker module (defaults to the bundled worker or its source entry). */
  filename?: string
}

/** Counters for /metrics. */
export interface PoolCounters {
  /** Tasks refused because the queue was full. */
  refused: number
  /** Tasks stopped at the time limit. */
  timedOut: number
  /** Tasks stopped because their worker ran out of heap. */
  outOfMemory: number
  /** Tasks cancelled because the client went away. */
  cancelled: number
  /** Tasks that had to wait for a worker. */
  queued: number
}

/** The worker module next to the bundle, else the source entry. */
export function defaultWorkerFile(): string {
  const bundled = new URL('./plan-worker.js', import.meta.url)
  if (existsSync(fileURLToPath(bundled))) return bundled.href
  return new URL('./worker/source-entry.ts', import.meta.url).href
}

export class PlanPool {
  readonly options: PoolOptions
  readonly counters: PoolCounters = {
    refused: 0,
    timedOut: 0,
    outOfMemory: 0,
    cancelled: 0,
    queued: 0
  }
  private readonly pool: Tinypool
  private inFlight = 0

  constructor(options: PoolOptions, log: (message: string) => void = () => {}) {
    this.options = options
    this.pool = new Tinypool({
      filename: options.filename ?? defaultWorkerFile(),
      minThreads: 1,
      maxThreads: options.workers,
      // The bound is kept here (inFlight); Tinypool's own is a backstop.
      maxQueue: options.maxQueue + options.workers,
      idleTimeout: 60_000,
      // A worker left holding a large heap by a heavy request is replaced
      // after it, so memory goes back down between heavy requests.
      maxMemoryLimitBeforeRecycle: RECYCLE_HEAP_BYTES,
      resourceLimits: {
        maxOldGenerationSizeMb: options.heapMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.ceil(options.heapMb / 8))
      }
    })
    // An idle worker that dies (it should not) is replaced; never crash.
    this.pool.on('error', (err: unknown) =>
      log(`plan worker failed: ${err instanceof Error ? err.name : 'error'}`)
    )
  }

  /** Tasks running or waiting. */
  size(): number {
    return this.inFlight
  }

  /** Tasks waiting for a worker. */
  waiting(): number {
    return Math.max(0, this.inFlight - this.options.workers)
  }

  /**
   * Runs one task. Rejects with an ApiError for the client (503 busy, 422
   * time or memory limit) or an AbortError when `cancel` fired first.
   */
  async run(task: WorkerTask, cancel: AbortSignal): Promise<WorkerReply> {
    if (this.inFlight >= this.options.workers + this.options.maxQueue) {
      this.counters.refused++
      throw busy()
    }
    if (this.inFlight >= this.options.workers) this.counters.queued++
    this.inFlight++
    const timeout = AbortSignal.timeout(this.options.timeoutMs)
    try {
      return (await this.pool.run(task, {
        signal: AbortSignal.any([cancel, timeout])
      })) as WorkerReply
    } catch (err) {
      if (cancel.aborted) {
        this.counters.cancelled++
        throw err
      }
      if (timeout.aborted) {
        this.counters.timedOut++
        throw new ApiError(
          422,
          'plan-timeout',
          `the request took longer than the limit of ${this.options.timeoutMs / 1000} s; split it into smaller requests, or ask the operator to raise --plan-timeout`,
          { details: { limitSeconds: this.options.timeoutMs / 1000 } }
        )
      }
      const code = (err as { code?: unknown }).code
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.counters.outOfMemory++
        throw new ApiError(
          422,
          'plan-out-of-memory',
          `the request needed more than the worker heap limit of ${this.options.heapMb} MB; split it into smaller requests, or ask the operator to raise --worker-heap-mb`,
          { details: { limitMb: this.options.heapMb } }
        )
      }
      if (err instanceof Error && err.message === 'Task queue is at limit') {
        this.counters.refused++
        throw busy()
      }
      throw err
    } finally {
      this.inFlight--
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

const RECYCLE_HEAP_BYTES = 256 * 1024 * 1024

function busy(): ApiError {
  return new ApiError(
    503,
    'busy',
    'the service is at capacity (all workers busy and the queue full); retry shortly',
    { headers: { 'Retry-After': '2' } }
  )
}
