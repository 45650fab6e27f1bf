import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AnalysisServiceError,
  fetchPlanFromService
} from '../../src/adapters/analysis/client.js'
import { manifestFilesForService } from '../../src/adapters/analysis/manifest-files.js'
import { readManifestTexts } from '../../src/adapters/analysis/manifest-texts.js'
import { loadManifestPaths } from '../../src/adapters/fs/read-manifests.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { StaticTokenAuthenticator } from '../../src/service/auth.js'
import { AnalysisService } from '../../src/service/server.js'
import {
  FileSnapshotSource,
  type SnapshotSource
} from '../../src/service/snapshot-source.js'
import { parseTokensFile } from '../../src/service/tokens.js'
import { UserError } from '../../src/util/errors.js'

const fixtures = new URL('../fixtures/service/', import.meta.url).pathname
const TOKEN = 'client-test-token-0123456789'
const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'

let service: AnalysisService | undefined
let other: http.Server | undefined

afterEach(async () => {
  await service?.close(100)
  service = undefined
  if (other !== undefined) {
    other.closeAllConnections()
    await new Promise((r) => other?.close(r))
    other = undefined
  }
})

async function serve(
  source?: SnapshotSource,
  limits?: ConstructorParameters<typeof AnalysisService>[0]['limits']
): Promise<string> {
  const snapshot = JSON.parse(
    await readFile(`${fixtures}snapshot.json`, 'utf8')
  ) as Snapshot
  service = new AnalysisService({
    source: source ?? new FileSnapshotSource(snapshot, Date.now()),
    authenticator: new StaticTokenAuthenticator(parseTokensFile(TOKEN, 't')),
    ...(limits === undefined ? {} : { limits })
  })
  const { port } = await service.listen('127.0.0.1', 0)
  return `http://127.0.0.1:${port}/`
}

async function planRequestCount(): Promise<number> {
  let n = 0
  for (const f of service?.metrics.families({
    ready: true,
    snapshotAgeSeconds: 0,
    nodes: 0,
    pods: 0,
    watchRestarts: []
  }) ?? []) {
    if (f.name !== 'ds_rollout_http_requests_total') continue
    for (const s of f.samples ?? []) {
      if (s.labels['route'] === 'plan') n += s.value
    }
  }
  return n
}

describe('fetchPlanFromService against the real service on loopback', () => {
  it('returns the plan the service computed', async () => {
    const url = await serve()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const plan = await fetchPlanFromService({ url, token: TOKEN, head })
    expect(plan.schemaVersion).toBe(2)
    expect(Array.isArray(plan.daemonSets)).toBe(true)
    expect(await planRequestCount()).toBe(1)
  })

  it('fails at once on a rejected token, naming the code but not the token', async () => {
    const url = await serve()
    const bad = 'not-the-token-0123456789'
    const err = await fetchPlanFromService({
      url,
      token: bad,
      head: 'x: 1'
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AnalysisServiceError)
    expect((err as AnalysisServiceError).status).toBe(401)
    expect((err as Error).message).toMatch(
      /401 unauthenticated: the bearer token is not accepted/
    )
    expect((err as Error).message).not.toContain(bad)
    expect(await planRequestCount()).toBe(1)
  })

  it('sends named files when given them', async () => {
    const url = await serve()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const plan = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: [{ name: 'deploy/agent.yaml', content: head }],
      base: [
        { name: 'deploy/agent.yaml', content: head.replace('1.1.0', '1.0.0') }
      ]
    })
    expect(plan.daemonSets[0]?.file).toBe('deploy/agent.yaml')
    expect(plan.daemonSets[0]?.change).toBe('modified')
  })

  it('with the files themselves the plan equals the local plan, field lines included', async () => {
    const url = await serve()
    const snapshot = JSON.parse(
      await readFile(`${fixtures}snapshot.json`, 'utf8')
    ) as Snapshot
    const cwd = new URL('../', import.meta.url).pathname
    const headPaths = ['fixtures/service/agent-head.yaml', '../examples/head']
    const head = await loadManifestPaths(headPaths, cwd)
    const base = await loadManifestPaths(
      ['fixtures/service/agent-base.yaml', '../examples/base'],
      cwd
    )
    const remote = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: await readManifestTexts(headPaths, cwd),
      // Objects loaded any other way (a git ref, a render command):
      base: manifestFilesForService(base)
    })
    const local = buildPlan({ head, base, snapshot })
    expect(local.daemonSets.length).toBeGreaterThan(1)
    expect(remote).toEqual(JSON.parse(JSON.stringify(local)))
  })

  it('turns a manifest error into a UserError with the file and line', async () => {
    const url = await serve()
    const err = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: 'x: 1'
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(/422 invalid-manifest: head:1: /)
    expect(await planRequestCount()).toBe(1)
  })

  it('reports an oversized request without retrying', async () => {
    const url = await serve(undefined, { maxBodyBytes: 1000 })
    const err = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: 'x'.repeat(5000)
    }).catch((e: unknown) => e)
    expect((err as AnalysisServiceError).status).toBe(413)
    expect((err as Error).message).toMatch(/body-too-large/)
    expect(await planRequestCount()).toBe(1)
  })

  it('retries while the service is not ready, honouring Retry-After', async () => {
    const snapshot = JSON.parse(
      await readFile(`${fixtures}snapshot.json`, 'utf8')
    ) as Snapshot
    const file = new FileSnapshotSource(snapshot, Date.now())
    let calls = 0
    const warming: SnapshotSource = {
      ready: () => calls > 1,
      snapshot: () => (++calls > 2 ? file.snapshot() : undefined),
      ageSeconds: () => 0,
      counts: () => file.counts(),
      watchRestarts: () => [],
      stop: async () => {}
    }
    const url = await serve(warming)
    const delays: number[] = []
    const plan = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: HEAD,
      attempts: 4,
      sleep: async (ms) => {
        delays.push(ms)
      }
    })
    expect(plan.schemaVersion).toBe(2)
    expect(delays).toEqual([2000, 2000])
  })

  it('gives up after the bounded attempts when rate limited', async () => {
    const url = await serve(undefined, {
      rateLimit: { ratePerSecond: 0.01, burst: 1 }
    })
    const delays: number[] = []
    const sleep = async (ms: number): Promise<void> => {
      delays.push(ms)
    }
    await fetchPlanFromService({ url, token: TOKEN, head: HEAD, sleep })
    const err = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: 'x: 1',
      attempts: 3,
      maxDelayMs: 5000,
      sleep
    }).catch((e: unknown) => e)
    expect((err as AnalysisServiceError).status).toBe(429)
    expect((err as Error).message).toMatch(/rate-limited.*\(after 3 attempts\)/)
    expect(delays).toEqual([5000, 5000]) // Retry-After 100 s, capped
  })

  it('gets 503 auth-unavailable (retried, never 500 or 200) when the token cannot be checked', async () => {
    const snapshot = JSON.parse(
      await readFile(`${fixtures}snapshot.json`, 'utf8')
    ) as Snapshot
    service = new AnalysisService({
      source: new FileSnapshotSource(snapshot, Date.now()),
      authenticator: {
        known: () => 'unknown',
        authenticate: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.1:443')
        }
      }
    })
    const { port } = await service.listen('127.0.0.1', 0)
    const delays: number[] = []
    const err = await fetchPlanFromService({
      url: `http://127.0.0.1:${port}`,
      token: TOKEN,
      head: HEAD,
      attempts: 2,
      sleep: async (ms) => {
        delays.push(ms)
      }
    }).catch((e: unknown) => e)
    expect((err as AnalysisServiceError).status).toBe(503)
    expect((err as Error).message).toMatch(/auth-unavailable/)
    expect((err as Error).message).not.toContain('ECONNREFUSED')
    expect(delays).toEqual([5000])
  })

  it('times out a service that does not answer', async () => {
    other = http.createServer(() => {
      // never answers
    })
    await new Promise<void>((r) => other?.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    const err = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: 'x: 1',
      timeoutMs: 200,
      attempts: 2,
      sleep: async () => {}
    }).catch((e: unknown) => e)
    expect((err as Error).message).toBe(
      'analysis service did not answer within 200 ms (after 2 attempts)'
    )
  })

  it('says when the service cannot be reached', async () => {
    const url = await serve()
    await service?.close(100)
    service = undefined
    const err = await fetchPlanFromService({
      url,
      token: TOKEN,
      head: 'x: 1',
      attempts: 2,
      sleep: async () => {}
    }).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(
      /^cannot reach the analysis service \(ECONNREFUSED\) \(after 2 attempts\)$/
    )
  })

  it('refuses URLs with credentials or another scheme, and an empty token', async () => {
    await expect(
      fetchPlanFromService({
        url: 'https://u:p@x.example',
        token: TOKEN,
        head: ''
      })
    ).rejects.toThrow(UserError)
    await expect(
      fetchPlanFromService({ url: 'ftp://x.example', token: TOKEN, head: '' })
    ).rejects.toThrow(/https:\/\//)
    await expect(
      fetchPlanFromService({ url: 'https://x.example', token: ' ', head: '' })
    ).rejects.toThrow(/analysis-token is empty/)
  })
})
