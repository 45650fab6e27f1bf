import { parseArgs } from 'node:util'
import {
  INPUT_LIMIT_OPTIONS,
  INPUT_LIMIT_USAGE,
  inputLimitsFromFlags
} from '../cli/input-limit-flags.js'
import type { InputLimits } from '../core/manifests/input-bounds.js'
import { UserError } from '../util/errors.js'

/** Resolved `ds-rollout serve` options (pure parsing; files are read later). */
export interface ServeOptions {
  kubeconfig: string | undefined
  context: string | undefined
  /** Snapshot files (`--snapshot`, repeatable); undefined for a live cluster. */
  snapshot: string[] | undefined
  host: string
  port: number
  tokens: string | undefined
  tokenReview: boolean
  tlsCert: string | undefined
  tlsKey: string | undefined
  maxBodyBytes: number
  rateLimit: number
  rateBurst: number
  shutdownGraceSeconds: number
  /** Worker pool and answer limits; absent ones keep the service's defaults. */
  workers: number | undefined
  maxQueue: number | undefined
  maxInFlightPerClient: number | undefined
  planTimeoutSeconds: number | undefined
  workerHeapMb: number | undefined
  maxDaemonSets: number | undefined
  maxResponseBytes: number | undefined
  sendTimeoutSeconds: number | undefined
  /** Pre-check limits for request bodies and manifest texts. */
  inputLimits: Partial<InputLimits>
}

export const SERVE_USAGE = `Usage: ds-rollout serve [options]

Runs the rollout analysis service: POST /v1/plan, GET /v1/snapshot,
/healthz, /readyz, /metrics.

Cluster (one of):
  --kubeconfig <file>     kubeconfig to watch the cluster with (default: KUBECONFIG,
                          ~/.kube/config, or in-cluster service account)
  --context <name>        kubeconfig context
  --snapshot <file>       serve a recorded snapshot instead of a live cluster
                          (ds-rollout snapshot, or kubectl get nodes/pods/ds
                          -o json|yaml files; repeatable)

Authentication (at least one):
  --tokens <file>         accepted bearer tokens, one per line (# comments)
  --token-review          accept Kubernetes service account tokens (TokenReview)

Server:
  --listen <host:port>    address to listen on (default 0.0.0.0:8080)
  --tls-cert <file>       serve HTTPS with this certificate (PEM) ...
  --tls-key <file>        ... and this key (PEM)
  --max-body-bytes <n>    largest request body (default 1048576)
  --rate-limit <n>        requests per second per client (default 10)
  --rate-burst <n>        burst per client (default 30)
  --shutdown-grace <s>    seconds to finish requests on SIGTERM (default 10)

Work limits (each request is planned in a worker thread, off the event loop):
  --workers <n>           worker threads (default: cores, 2 to 4)
  --max-queue <n>         requests that may wait for a worker; more get 503
                          with Retry-After (default 16)
  --max-in-flight-per-client <n>
                          plan/snapshot requests one client may have in
                          progress; more get 429 (default: workers - 1, min 1)
  --plan-timeout <s>      time limit of one request in its worker (default 20)
  --worker-heap-mb <n>    heap cap of each worker (default 1024)
  --max-daemonsets <n>    DaemonSets per side (head, base) of one request
                          (default 200)
  --max-response-bytes <n> largest answer before compression (default 67108864)
  --send-timeout <s>      time a client has to read its answer before it is
                          cut off (default 60)

${INPUT_LIMIT_USAGE}`

/** Parses `host:port`, `[v6]:port` or `:port`. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value)
  const port = Number(m?.[3])
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      `--listen must be host:port (e.g. 0.0.0.0:8080 or [::]:8080), got '${value}'`
    )
  }
  const host = m[1] ?? m[2] ?? ''
  return { host: host === '' ? '0.0.0.0' : host, port }
}

function positive(
  name: string,
  value: string | undefined,
  fallback: number
): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) {
    throw new UserError(`--${name} must be a positive number, got '${value}'`)
  }
  return n
}

function optionalPositive(
  name: string,
  value: string | undefined
): number | undefined {
  return value === undefined ? undefined : positive(name, value, 0)
}

/** A whole number ≥ `min` (default 1), or undefined when not given. */
function whole(
  name: string,
  value: string | undefined,
  min = 1
): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) {
    throw new UserError(
      `--${name} must be a whole number ≥ ${min}, got '${value}'`
    )
  }
  return n
}

export function parseServeArgs(args: string[]): ServeOptions {
  let values: Record<string, string | string[] | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        listen: { type: 'string' },
        tokens: { type: 'string' },
        'token-review': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-burst': { type: 'string' },
        'shutdown-grace': { type: 'string' },
        workers: { type: 'string' },
        'max-queue': { type: 'string' },
        'max-in-flight-per-client': { type: 'string' },
        'plan-timeout': { type: 'string' },
        'worker-heap-mb': { type: 'string' },
        'max-daemonsets': { type: 'string' },
        'max-response-bytes': { type: 'string' },
        'send-timeout': { type: 'string' },
        ...INPUT_LIMIT_OPTIONS
      }
    }))
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err))
  }
  const str = (k: string): string | undefined => {
    const v = values[k]
    return typeof v === 'string' ? v : undefined
  }
  const tlsCert = str('tls-cert')
  const tlsKey = str('tls-key')
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new UserError('--tls-cert and --tls-key go together')
  }
  const tokens = str('tokens')
  const tokenReview = values['token-review'] === true
  if (tokens === undefined && !tokenReview) {
    throw new UserError(
      'authentication is required: give --tokens <file> and/or --token-review'
    )
  }
  const snapshot = Array.isArray(values.snapshot) ? values.snapshot : undefined
  if (
    snapshot !== undefined &&
    (str('kubeconfig') !== undefined || str('context') !== undefined) &&
    !tokenReview
  ) {
    throw new UserError(
      '--snapshot replaces the live cluster: drop --kubeconfig/--context'
    )
  }
  const { host, port } = parseListen(str('listen') ?? '0.0.0.0:8080')
  return {
    kubeconfig: str('kubeconfig'),
    context: str('context'),
    snapshot,
    host,
    port,
    tokens,
    tokenReview,
    tlsCert,
    tlsKey,
    maxBodyBytes: Math.floor(
      positive('max-body-bytes', str('max-body-bytes'), 1024 * 1024)
    ),
    rateLimit: positive('rate-limit', str('rate-limit'), 10),
    rateBurst: Math.max(
      1,
      Math.floor(positive('rate-burst', str('rate-burst'), 30))
    ),
    shutdownGraceSeconds: positive('shutdown-grace', str('shutdown-grace'), 10),
    workers: whole('workers', str('workers')),
    maxQueue: whole('max-queue', str('max-queue'), 0),
    maxInFlightPerClient: whole(
      'max-in-flight-per-client',
      str('max-in-flight-per-client')
    ),
    planTimeoutSeconds: optionalPositive('plan-timeout', str('plan-timeout')),
    workerHeapMb: whole('worker-heap-mb', str('worker-heap-mb'), 64),
    maxDaemonSets: whole('max-daemonsets', str('max-daemonsets')),
    maxResponseBytes: whole('max-response-bytes', str('max-response-bytes')),
    sendTimeoutSeconds: optionalPositive('send-timeout', str('send-timeout')),
    inputLimits: inputLimitsFromFlags(values)
  }
}
