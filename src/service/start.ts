import { readFile } from 'node:fs/promises'
import { readSnapshotFiles } from '../adapters/fs/read-snapshot-files.js'
import { loadKubeConfig } from '../adapters/kube/kubeconfig.js'
import { KubeClient } from '../adapters/kube/client.js'
import { kubeTokenReviewer } from '../adapters/kube/token-review.js'
import { resolveInputLimits } from '../core/manifests/input-bounds.js'
import { UserError } from '../util/errors.js'
import {
  ChainAuthenticator,
  StaticTokenAuthenticator,
  TokenReviewAuthenticator,
  type Authenticator
} from './auth.js'
import type { ServeOptions } from './serve-options.js'
import { AnalysisService } from './server.js'
import { FileSnapshotSource, type SnapshotSource } from './snapshot-source.js'
import { parseTokensFile } from './tokens.js'
import { ClusterView, type ClusterViewOptions } from './view/cluster-view.js'

export interface RunningService {
  service: AnalysisService
  source: SnapshotSource
  url: string
  /** Graceful stop: stop listening, finish requests, stop watches. */
  stop(): Promise<void>
}

/** The entries whose value is given. */
function defined<T extends Record<string, number | undefined>>(
  values: T
): { [K in keyof T]?: number } {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined)
  ) as { [K in keyof T]?: number }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as { code?: unknown }).code
    throw new UserError(
      `cannot read ${what} (${typeof code === 'string' ? code : 'error'})`,
      { file }
    )
  }
}

/**
 * The composition root of `ds-rollout serve`: reads the files the options
 * name, builds the snapshot source and the authenticators, and starts
 * listening. Resolves once listening (the live view fills in behind;
 * /readyz says when it is in).
 */
export async function startService(
  options: ServeOptions,
  hooks: {
    log: (line: string) => void
    /** Tests shorten the view's backoffs and rebuild interval. */
    view?: Partial<Pick<ClusterViewOptions, 'minRebuildMs' | 'reflector'>>
  }
): Promise<RunningService> {
  const needKube = options.snapshot === undefined || options.tokenReview
  const kc = needKube
    ? loadKubeConfig({ path: options.kubeconfig, context: options.context })
    : undefined
  const client = kc === undefined ? undefined : new KubeClient(kc)

  let source: SnapshotSource
  if (options.snapshot !== undefined) {
    // The same reader and checks as `ds-rollout plan --snapshot`.
    source = new FileSnapshotSource(
      await readSnapshotFiles(options.snapshot, process.cwd()),
      Date.now()
    )
  } else {
    const view = new ClusterView({
      client: client as KubeClient,
      cluster: { name: kc?.getCurrentContext() },
      log: (message) =>
        hooks.log(
          JSON.stringify({ time: new Date().toISOString(), msg: message })
        ),
      ...hooks.view
    })
    view.start()
    source = view
  }

  const authenticators: Authenticator[] = []
  if (options.tokens !== undefined) {
    const text = await readText(options.tokens, 'tokens file')
    let tokens
    try {
      tokens = parseTokensFile(text, options.tokens)
    } catch (err) {
      throw new UserError(err instanceof Error ? err.message : String(err))
    }
    if (tokens.length === 0) {
      throw new UserError('tokens file holds no token', {
        file: options.tokens
      })
    }
    authenticators.push(new StaticTokenAuthenticator(tokens))
  }
  if (options.tokenReview && client !== undefined) {
    authenticators.push(new TokenReviewAuthenticator(kubeTokenReviewer(client)))
  }

  let tls: { cert: string; key: string } | undefined
  if (options.tlsCert !== undefined && options.tlsKey !== undefined) {
    tls = {
      cert: await readText(options.tlsCert, 'TLS certificate'),
      key: await readText(options.tlsKey, 'TLS key')
    }
  }

  const service = new AnalysisService({
    source,
    authenticator: new ChainAuthenticator(authenticators),
    ...(tls === undefined ? {} : { tls }),
    limits: {
      maxBodyBytes: options.maxBodyBytes,
      rateLimit: { ratePerSecond: options.rateLimit, burst: options.rateBurst },
      ...defined({
        workers: options.workers,
        maxQueue: options.maxQueue,
        maxInFlightPerClient: options.maxInFlightPerClient,
        planTimeoutMs:
          options.planTimeoutSeconds === undefined
            ? undefined
            : options.planTimeoutSeconds * 1000,
        workerHeapMb: options.workerHeapMb,
        maxDaemonSets: options.maxDaemonSets,
        maxResponseBytes: options.maxResponseBytes,
        sendTimeoutMs:
          options.sendTimeoutSeconds === undefined
            ? undefined
            : options.sendTimeoutSeconds * 1000
      }),
      input: resolveInputLimits(options.inputLimits)
    },
    log: hooks.log
  })
  let address
  try {
    address = await service.listen(options.host, options.port)
  } catch (err) {
    await source.stop()
    const code = (err as { code?: unknown }).code
    throw new UserError(
      `cannot listen on ${options.host}:${options.port} (${typeof code === 'string' ? code : 'error'})`
    )
  }
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `${tls === undefined ? 'http' : 'https'}://${host}:${address.port}`
  return {
    service,
    source,
    url,
    stop: async () => {
      await service.close(options.shutdownGraceSeconds * 1000)
      await source.stop()
    }
  }
}
