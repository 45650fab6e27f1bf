import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import {
  StaticTokenAuthenticator,
  TokenReviewAuthenticator,
  type Authenticator
} from '../../src/service/auth.js'
import {
  AnalysisService,
  type ServiceLimits
} from '../../src/service/server.js'
import { FileSnapshotSource } from '../../src/service/snapshot-source.js'
import { parseTokensFile } from '../../src/service/tokens.js'
import { call, TOKEN_BOT, TOKEN_CI } from './service-helpers.js'

/**
 * The service under load and abuse: the worker pool's queue bound, time
 * limit and cancellation, the answer limits, a reader that never reads, and
 * the failed-login limit ahead of TokenReview.
 */

const fixtures = new URL('../fixtures/service/', import.meta.url).pathname
let snapshot: Snapshot
let head = ''
let service: AnalysisService | undefined

beforeEach(async () => {
  snapshot = JSON.parse(
    await readFile(`${fixtures}snapshot.json`, 'utf8')
  ) as Snapshot
  head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
  // Raw sockets below; nock would hold requests back.
  nock.restore()
})

afterEach(async () => {
  nock.activate()
  await service?.close(100)
  service = undefined
})

async function start(
  limits: Partial<ServiceLimits>,
  options: { authenticator?: Authenticator; snapshot?: Snapshot } = {}
): Promise<string> {
  service = new AnalysisService({
    source: new FileSnapshotSource(options.snapshot ?? snapshot, Date.now()),
    authenticator:
      options.authenticator ??
      new StaticTokenAuthenticator(parseTokensFile(TOKEN_CI, 'tokens')),
    limits: { rateLimit: { ratePerSecond: 1000, burst: 1000 }, ...limits }
  })
  const { port } = await service.listen('127.0.0.1', 0)
  return `http://127.0.0.1:${port}`
}

const JSON_AUTH = {
  Authorization: `Bearer ${TOKEN_CI}`,
  'Content-Type': 'application/json'
}

async function plan(url: string, body: unknown, token = TOKEN_CI) {
  return await call(`${url}/v1/plan`, {
    method: 'POST',
    headers: { ...JSON_AUTH, Authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
}

/**
 * A request that keeps a worker busy for seconds: nested brackets that the
 * YAML parser pays ~11 µs per byte for, let through by raised input limits.
 */
const SLOW_LIMITS = {
  maxNestingDepth: 10_000_000,
  maxDocuments: 20_000,
  maxAliases: 100,
  maxKeyChars: 4096,
  maxScalarChars: 4 * 1024 * 1024
}
const slowBody = JSON.stringify({ head: '['.repeat(900_000) })

/** Starts a POST whose answer is not awaited; `destroy` hangs up. */
function hangingPlan(url: string): {
  answer: Promise<{ status: number; headers: http.IncomingHttpHeaders }>
  destroy: () => void
} {
  const req = http.request(`${url}/v1/plan`, {
    method: 'POST',
    agent: false,
    headers: { ...JSON_AUTH, 'Content-Length': Buffer.byteLength(slowBody) }
  })
  const answer = new Promise<{
    status: number
    headers: http.IncomingHttpHeaders
  }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
    req.on('error', reject)
  })
  answer.catch(() => {})
  req.end(slowBody)
  return { answer, destroy: () => req.destroy() }
}

async function metric(url: string, line: string): Promise<number> {
  const text = (await call(`${url}/metrics`)).text
  const found = text.split('\n').find((l) => l.startsWith(line + ' '))
  return Number(found?.slice(line.length + 1))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('worker pool', () => {
  it('answers 503 with Retry-After when workers and queue are full, cancels work of clients that hang up, and keeps serving', async () => {
    const url = await start({
      workers: 1,
      maxQueue: 1,
      maxInFlightPerClient: 10,
      planTimeoutMs: 30_000,
      input: SLOW_LIMITS
    })
    const running = hangingPlan(url)
    await sleep(100)
    const waiting = hangingPlan(url)
    await sleep(100)
    const refused = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: JSON_AUTH,
      body: slowBody
    })
    expect(refused.status).toBe(503)
    expect(refused.headers['retry-after']).toBe('2')
    expect(JSON.parse(refused.text).error.code).toBe('busy')
    const started = performance.now()
    expect((await call(`${url}/readyz`)).status).toBe(200)
    expect(performance.now() - started).toBeLessThan(1000)

    // Both hang up: the running task's worker is terminated, the waiting
    // one never starts, and a normal plan gets a worker at once.
    running.destroy()
    waiting.destroy()
    await sleep(200)
    const ok = await plan(url, { head })
    expect(ok.status).toBe(200)
    expect(
      await metric(url, 'ds_rollout_worker_requests_total{outcome="refused"}')
    ).toBe(1)
    expect(
      await metric(url, 'ds_rollout_worker_requests_total{outcome="queued"}')
    ).toBe(1)
    expect(
      await metric(url, 'ds_rollout_worker_requests_total{outcome="cancelled"}')
    ).toBe(2)
    expect(await metric(url, 'ds_rollout_worker_requests_in_flight')).toBe(0)
  })

  it('stops a request at the time limit with a 422 that says which limit, and counts it', async () => {
    const url = await start({
      workers: 1,
      planTimeoutMs: 1000,
      input: SLOW_LIMITS
    })
    const started = performance.now()
    const res = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: JSON_AUTH,
      body: slowBody
    })
    // Unlimited, the YAML parser would take ~10 s over this body.
    expect(performance.now() - started).toBeLessThan(5000)
    expect(res.status).toBe(422)
    const error = JSON.parse(res.text).error
    expect(error.code).toBe('plan-timeout')
    expect(error.message).toMatch(/limit of 1 s.*--plan-timeout/)
    expect(
      await metric(url, 'ds_rollout_worker_requests_total{outcome="timed-out"}')
    ).toBe(1)
    // The worker was replaced (give the new one time to load, which the
    // time limit also counts): the next plan is served.
    await sleep(1500)
    expect((await plan(url, { head })).status).toBe(200)
  })
})

describe('fair share', () => {
  it('holds one client to its share of the workers, so another client is served at once', async () => {
    const url = await start(
      { workers: 2, planTimeoutMs: 30_000, input: SLOW_LIMITS },
      {
        authenticator: new StaticTokenAuthenticator(
          parseTokensFile(`${TOKEN_CI}\n${TOKEN_BOT}`, 'tokens')
        )
      }
    )
    const busy = hangingPlan(url)
    await sleep(100)
    const second = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: JSON_AUTH,
      body: slowBody
    })
    expect(second.status).toBe(429)
    expect(second.headers['retry-after']).toBe('1')
    expect(JSON.parse(second.text).error.code).toBe('too-many-in-flight')
    const other = await plan(url, { head }, TOKEN_BOT)
    expect(other.status).toBe(200)
    busy.destroy()
  })

  it('keeps a worker free of heavy plans, so a small plan does not wait behind them', async () => {
    const THIRD = 'third-token-0123456789abcdef'
    const fleet: Snapshot = {
      ...snapshot,
      nodes: Array.from({ length: 1000 }, (_, i) => ({
        ...snapshot.nodes[0]!,
        name: `node-${i}`,
        labels: { 'kubernetes.io/hostname': `node-${i}` }
      }))
    }
    const url = await start(
      { workers: 2, planTimeoutMs: 30_000, input: SLOW_LIMITS },
      {
        snapshot: fleet,
        authenticator: new StaticTokenAuthenticator(
          parseTokensFile(`${TOKEN_CI}\n${TOKEN_BOT}\n${THIRD}`, 'tokens')
        )
      }
    )
    // 60 DaemonSets × 1,000 nodes: heavy; the nested tail keeps it busy.
    const heavy = JSON.stringify({
      head: 'kind: DaemonSet\n---\n'.repeat(60) + '['.repeat(800_000)
    })
    const settled: string[] = []
    const send = (token: string, name: string) =>
      call(`${url}/v1/plan`, {
        method: 'POST',
        headers: { ...JSON_AUTH, Authorization: `Bearer ${token}` },
        body: heavy
      }).then(
        () => settled.push(name),
        () => settled.push(name)
      )
    const a = send(TOKEN_CI, 'a')
    const c = send(TOKEN_BOT, 'c')
    await sleep(200)
    const small = await plan(url, { head }, THIRD)
    expect(small.status).toBe(200)
    // Served while both heavy plans are still in progress.
    expect(settled).toEqual([])
    await service?.close(100)
    await Promise.allSettled([a, c])
  })

  it('refuses a request far over the DaemonSet limit before parsing it', async () => {
    const url = await start({ maxDaemonSets: 2 })
    // Unparseable after the third document: refused by the count first.
    const text = [0, 1, 2].map(() => head).join('\n---\n') + '\n---\n[: bad'
    const res = await plan(url, { head: text })
    expect(res.status).toBe(422)
    expect(JSON.parse(res.text).error).toMatchObject({
      code: 'too-many-daemonsets',
      count: 3
    })
  })
})

describe('heap cap', () => {
  it('stops a request that needs more than the worker heap cap with a 422 that says which limit', async () => {
    // Many small objects (a plan for 150 DaemonSets over 5,000 nodes), the
    // allocation shape for which V8 stops the worker cleanly at its cap.
    const big: Snapshot = {
      ...snapshot,
      nodes: Array.from({ length: 5_000 }, (_, i) => ({
        ...snapshot.nodes[0]!,
        name: `node-${i}`,
        labels: { 'kubernetes.io/hostname': `node-${i}` }
      }))
    }
    const url = await start(
      { workers: 1, workerHeapMb: 64, maxDaemonSets: 1000 },
      { snapshot: big }
    )
    const many = Array.from({ length: 150 }, (_, i) =>
      head.replace('name: agent', `name: agent-${i}`)
    ).join('\n---\n')
    const res = await plan(url, { head: many })
    expect(res.status).toBe(422)
    const error = JSON.parse(res.text).error
    expect(error).toMatchObject({ code: 'plan-out-of-memory', limitMb: 64 })
    expect(error.message).toMatch(/--worker-heap-mb/)
    expect(
      await metric(
        url,
        'ds_rollout_worker_requests_total{outcome="out-of-memory"}'
      )
    ).toBe(1)
    expect((await call(`${url}/readyz`)).status).toBe(200)
  })
})

describe('answer limits', () => {
  it('refuses more DaemonSets per request than the limit, before planning', async () => {
    const url = await start({ maxDaemonSets: 2 })
    const three = [0, 1, 2]
      .map((i) => head.replace('name: agent', `name: agent-${i}`))
      .join('\n---\n')
    const res = await plan(url, { head: three })
    expect(res.status).toBe(422)
    const error = JSON.parse(res.text).error
    expect(error).toMatchObject({
      code: 'too-many-daemonsets',
      side: 'head',
      count: 3,
      limit: 2
    })
    expect(error.message).toMatch(/--max-daemonsets/)
  })

  it('refuses an answer larger than the limit with 413, not a 500 or a huge body', async () => {
    const url = await start({ maxResponseBytes: 1000 })
    const res = await plan(url, { head })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text).error).toMatchObject({
      code: 'answer-too-large',
      limitBytes: 1000
    })
  })
})

describe('authentication order', () => {
  it('applies the failed-login limit before any TokenReview, and caches successful reviews', async () => {
    const GOOD = 'good-service-account-token-0123456789'
    let reviews = 0
    const reviewer = async (token: string) => {
      reviews++
      return token === GOOD
        ? { authenticated: true, username: 'system:serviceaccount:ci:runner' }
        : { authenticated: false }
    }
    const url = await start(
      {
        authFailureRateLimit: { ratePerSecond: 1, burst: 10 }
      },
      { authenticator: new TokenReviewAuthenticator(reviewer) }
    )

    // A good token is reviewed once, then answered from the cache.
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await call(`${url}/v1/snapshot`, {
            headers: { Authorization: `Bearer ${GOOD}` }
          })
        ).status
      ).toBe(200)
    }
    expect(reviews).toBe(1)

    const started = performance.now()
    const statuses: number[] = []
    for (let i = 0; i < 300; i++) {
      const res = await call(`${url}/v1/snapshot`, {
        headers: { Authorization: `Bearer random-${i}-${Math.random()}` }
      })
      statuses.push(res.status)
    }
    const seconds = (performance.now() - started) / 1000
    const refused = statuses.filter((s) => s === 429).length
    // At most the burst plus what refilled meanwhile reached TokenReview.
    expect(reviews - 1).toBeLessThanOrEqual(10 + Math.ceil(seconds) + 1)
    expect(reviews - 1).toBe(statuses.filter((s) => s === 401).length)
    expect(refused).toBeGreaterThanOrEqual(300 - 10 - Math.ceil(seconds) - 1)
    // The cached good token still gets in from the same address.
    expect(
      (
        await call(`${url}/v1/snapshot`, {
          headers: { Authorization: `Bearer ${GOOD}` }
        })
      ).status
    ).toBe(200)
  })
})
