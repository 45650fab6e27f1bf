import type { InputLimits } from '../../core/manifests/input-bounds.js'
import type { PlanFormat } from '../plan-request.js'

/**
 * What the service's main thread sends to a plan worker and gets back. Plain
 * data only (it crosses a thread boundary by structured clone).
 */

/**
 * The cluster snapshot as JSON bytes in shared memory: every task refers to
 * the same bytes (nothing is copied per request) and a worker parses a given
 * version once.
 */
export interface SharedSnapshot {
  version: number
  bytes: SharedArrayBuffer
  length: number
  /** Nodes in the snapshot (for cost estimates before parsing). */
  nodes: number
}

export interface AnswerLimits {
  /** Most DaemonSets on each side (head, base) of one plan request. */
  maxDaemonSets: number
  /** Largest answer (before compression). */
  maxResponseBytes: number
  /** The pre-check's limits for the body and each manifest text. */
  input: InputLimits
}

export type WorkerTask =
  | {
      kind: 'plan'
      /** The request body as received (JSON text, already size-bounded). */
      body: string
      format: PlanFormat
      gzip: boolean
      snapshot: SharedSnapshot
      limits: AnswerLimits
    }
  | {
      kind: 'snapshot'
      gzip: boolean
      snapshot: SharedSnapshot
      limits: AnswerLimits
    }

export type WorkerReply =
  | {
      ok: true
      contentType: string
      /** The answer, gzipped when `gzip` is true. */
      body: Uint8Array
      gzip: boolean
      /** Uncompressed size. */
      bytes: number
      /** DaemonSets in the plan (0 for other answers). */
      daemonSets: number
    }
  | {
      ok: false
      status: number
      code: string
      message: string
      details?: Record<string, string | number>
      headers?: Record<string, string>
    }
