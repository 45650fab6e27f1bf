import { gzipSync } from 'node:zlib'
import { checkInputBounds } from '../../core/manifests/input-bounds.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import { ApiError } from '../api-error.js'
import { stringifyBounded, TooLargeError } from '../bounded-json.js'
import { computePlan } from '../compute-plan.js'
import { parsePlanBody } from '../plan-request.js'
import { redactSnapshot } from '../redact-snapshot.js'
import { UserError } from '../../util/errors.js'
import type { SharedSnapshot, WorkerReply, WorkerTask } from './task.js'

/**
 * The plan worker: everything a request costs in CPU and memory (parsing the
 * body and the manifests, diff, simulation, serialization, compression)
 * happens here, off the service's event loop, under the pool's time limit
 * and heap cap. Tinypool loads this module in each worker thread and calls
 * the default export once per task.
 */

let cached: { version: number; snapshot: Snapshot } | undefined

function snapshotOf(shared: SharedSnapshot): Snapshot {
  if (cached?.version !== shared.version) {
    cached = undefined
    const text = Buffer.from(shared.bytes, 0, shared.length).toString('utf8')
    cached = { version: shared.version, snapshot: JSON.parse(text) as Snapshot }
  }
  return cached.snapshot
}

/** Answers this small go out as they are. */
const GZIP_MIN_BYTES = 8 * 1024

function answer(
  text: Buffer,
  contentType: string,
  acceptsGzip: boolean,
  daemonSets: number
): WorkerReply {
  // Plans for large fleets compress about tenfold; a fast level keeps the
  // worker's time low, and what a slow reader holds small.
  const gzip = acceptsGzip && text.length >= GZIP_MIN_BYTES
  return {
    ok: true,
    contentType,
    body: gzip ? gzipSync(text, { level: 1 }) : text,
    gzip,
    bytes: text.length,
    daemonSets
  }
}

export function runTask(task: WorkerTask): WorkerReply {
  const snapshot = snapshotOf(task.snapshot)
  if (task.kind === 'snapshot') {
    // Compact, as the snapshot has always been served.
    const text = stringifyBounded(
      redactSnapshot(snapshot),
      task.limits.maxResponseBytes,
      0
    )
    return answer(text, JSON_TYPE, task.gzip, 0)
  }
  try {
    // The body is JSON holding YAML texts: bound it before JSON.parse, then
    // each text is bounded again (under its own name) before YAML parsing.
    checkInputBounds(task.body, 'request body', task.limits.input)
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    throw new ApiError(400, 'body-over-limit', err.describe())
  }
  const body = parsePlanBody(task.body)
  const result = computePlan({ ...body, format: task.format }, snapshot, {
    maxDaemonSets: task.limits.maxDaemonSets,
    maxResponseBytes: task.limits.maxResponseBytes,
    input: task.limits.input
  })
  return answer(
    result.body,
    result.contentType,
    task.gzip,
    result.plan.daemonSets.length
  )
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** Errors as plain data: an ApiError as it is, anything else without details. */
export function replyForError(err: unknown): WorkerReply {
  if (err instanceof ApiError) {
    return {
      ok: false,
      status: err.status,
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      headers: err.headers
    }
  }
  if (err instanceof TooLargeError) {
    return {
      ok: false,
      status: 413,
      code: 'answer-too-large',
      message: `the answer would exceed the limit of ${err.limitBytes} bytes; send fewer DaemonSets per request, or ask the operator to raise --max-response-bytes`,
      details: { limitBytes: err.limitBytes }
    }
  }
  if (err instanceof RangeError) {
    // Call stack or string length exhausted: input shaped to be too deep
    // or too big for the engine, not an engine fault.
    return {
      ok: false,
      status: 422,
      code: 'input-too-complex',
      message:
        'the manifests are too deeply nested, self-referencing or large to plan; simplify them or split the request'
    }
  }
  return {
    ok: false,
    status: 500,
    code: 'internal',
    message: 'internal error while handling the request',
    details: { error: err instanceof Error ? err.name : typeof err }
  }
}

export default function planWorker(task: WorkerTask): WorkerReply {
  try {
    return runTask(task)
  } catch (err) {
    return replyForError(err)
  }
}
