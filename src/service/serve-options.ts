import { parseArgs } from 'node:util'
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
`

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
        'shutdown-grace': { type: 'string' }
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
    shutdownGraceSeconds: positive('shutdown-grace', str('shutdown-grace'), 10)
  }
}
