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
 * Retry-After) instead of waiting in an unbounded line. Requests the
 * caller marks heavy (a large plan) may hold at most `workers - 1` workers
 * at once (at least one), so a light request never waits behind them.
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
  private readonly heavySlots: Slots

  constructor(options: PoolOptions, log: (message: string) => void = () => {}) {
    this.options = options
    this.heavySlots = new Slots(Math.max(1, options.workers - 1))
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
  async run(
    task: WorkerTask,
    cancel: AbortSignal,
    heavy = false
  ): Promise<WorkerReply> {
    if (this.inFlight >= this.options.workers + this.options.maxQueue) {
      this.counters.refused++
      throw busy()
    }
    if (this.inFlight >= this.options.workers) this.counters.queued++
    this.inFlight++
    const timeout = AbortSignal.timeout(this.options.timeoutMs)
    const signal = AbortSignal.any([cancel, timeout])
    let release = (): void => {}
    try {
      if (heavy) release = await this.heavySlots.acquire(signal)
      return (await this.pool.run(task, { signal })) as WorkerReply
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
      release()
      this.inFlight--
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

const RECYCLE_HEAP_BYTES = 256 * 1024 * 1024

/** A counting semaphore whose waiters leave when their signal aborts. */
class Slots {
  private free: number
  private readonly waiters: (() => void)[] = []

  constructor(size: number) {
    this.free = size
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw signal.reason
    if (this.free > 0) {
      this.free--
      return this.releaser()
    }
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const i = this.waiters.indexOf(wake)
        if (i !== -1) this.waiters.splice(i, 1)
        reject(signal.reason)
      }
      this.waiters.push(wake)
      signal.addEventListener('abort', onAbort, { once: true })
    })
    return this.releaser()
  }

  private releaser(): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      const next = this.waiters.shift()
      // The slot passes straight to the next waiter, or back to the pool.
      if (next !== undefined) next()
      else this.free++
    }
  }
}

function busy(): ApiError {
  return new ApiError(
    503,
    'busy',
    'the service is at capacity (all workers busy and the queue full); retry shortly',
    { headers: { 'Retry-After': '2' } }
  )
}
