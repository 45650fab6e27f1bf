import { readdirSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import fc from 'fast-check'
import nock from 'nock'
import { parseDocument } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { StaticTokenAuthenticator } from '../../src/service/auth.js'
import { AnalysisService } from '../../src/service/server.js'
import { FileSnapshotSource } from '../../src/service/snapshot-source.js'
import { parseTokensFile } from '../../src/service/tokens.js'
import { call, TOKEN_CI } from './service-helpers.js'

/**
 * Generated hostile and malformed manifests against the service, with its
 * default limits, while a second client keeps asking /readyz: every answer
 * is a 200 or a clear 4xx (never a 500, never a stack trace), and /readyz
 * answers within a second throughout.
 */

const fixtures = new URL('../fixtures/', import.meta.url).pathname
const HEAD = readFileSync(`${fixtures}service/agent-head.yaml`, 'utf8')
const REALWORLD = readdirSync(`${fixtures}realworld`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(`${fixtures}realworld/${f}`, 'utf8'))

let service: AnalysisService
let url = ''

beforeAll(async () => {
  nock.restore()
  const snapshot = JSON.parse(
    readFileSync(`${fixtures}service/snapshot.json`, 'utf8')
  ) as Snapshot
  service = new AnalysisService({
    source: new FileSnapshotSource(snapshot, Date.now()),
    authenticator: new StaticTokenAuthenticator(
      parseTokensFile(TOKEN_CI, 'tokens')
    ),
    // Each hostile request reaches a worker (none is turned away early).
    limits: {
      rateLimit: { ratePerSecond: 1000, burst: 1000 },
      maxInFlightPerClient: 3
    }
  })
  const { port } = await service.listen('127.0.0.1', 0)
  url = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await service.close(100)
  nock.activate()
})

/** The sample DaemonSet with the value at `path` replaced. */
function swap(path: (string | number)[], value: unknown): string {
  const doc = parseDocument(HEAD)
  doc.setIn(path, value)
  return doc.toString()
}

const C = ['spec', 'template', 'spec', 'containers']

const hostile: fc.Arbitrary<string> = fc.oneof(
  // Deep nesting, flow and block.
  fc
    .tuple(
      fc.constantFrom('[', '{', '- ', '{a: '),
      fc.integer({ min: 201, max: 300_000 })
    )
    .map(([open, n]) => open.repeat(n)),
  // Many documents.
  fc.integer({ min: 20_001, max: 200_000 }).map((n) => '---\n'.repeat(n)),
  // Alias expansion ("billion laughs").
  fc.integer({ min: 5, max: 12 }).map((k) => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
    for (let i = 1; i <= k; i++) {
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`
    }
    return text
  }),
  // Recursive anchors inside a DaemonSet.
  fc.constantFrom(
    HEAD.replace(
      'metadata:\n  name: agent',
      'metadata: &a\n  labels: *a\n  name: agent'
    ),
    'metadata: &a {name: x, labels: *a}\n',
    'a: &a [*a]\n'
  ),
  // Long keys and values.
  fc.integer({ min: 4097, max: 300_000 }).map((n) => `${'k'.repeat(n)}: v\n`),
  // Wrongly typed fields of a DaemonSet.
  fc
    .tuple(
      fc.constantFrom(
        C,
        [...C, 0],
        [...C, 0, 'ports'],
        [...C, 0, 'ports', 0, 'containerPort'],
        [...C, 0, 'resources'],
        [...C, 0, 'resources', 'requests', 'cpu'],
        [...C, 0, 'image'],
        [...C, 0, 'env'],
        ['spec', 'template', 'spec', 'tolerations'],
        ['spec', 'template', 'spec', 'nodeSelector'],
        ['spec', 'template', 'spec', 'affinity'],
        ['spec', 'template'],
        ['spec', 'template', 'metadata', 'labels'],
        ['spec', 'selector'],
        ['spec', 'updateStrategy'],
        ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
        ['spec', 'minReadySeconds'],
        ['metadata'],
        ['metadata', 'name']
      ),
      fc.constantFrom<unknown>(
        'x',
        [null],
        -1,
        5,
        [[[]]],
        {},
        null,
        1e308,
        true
      )
    )
    .map(([path, value]) => swap(path, value)),
  // Truncated and mutated real-world manifests.
  fc
    .tuple(
      fc.constantFrom(...REALWORLD),
      fc.double({ min: 0, max: 1, noNaN: true })
    )
    .map(([text, at]) => text.slice(0, Math.floor(text.length * at))),
  fc
    .tuple(
      fc.constantFrom(...REALWORLD),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.string({ unit: 'binary', maxLength: 8 })
    )
    .map(([text, at, junk]) => {
      const i = Math.floor(text.length * at)
      return text.slice(0, i) + junk + text.slice(i)
    })
)

async function plan(body: unknown) {
  return await call(`${url}/v1/plan`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${TOKEN_CI}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify(body)
  })
}

function expectCleanAnswer(res: { status: number; text: string }): void {
  expect([200, 400, 413, 422]).toContain(res.status)
  if (res.status === 200) return
  const error = JSON.parse(res.text).error
  expect(typeof error.message).toBe('string')
  expect(error.message.length).toBeGreaterThan(10)
  expect(error.message).not.toMatch(
    /\n\s+at |is not a function|is not iterable/
  )
}

describe('hostile input against the service', () => {
  it('answers every generated hostile manifest with 200 or a clear 4xx while /readyz stays under 1 s', async () => {
    let polling = true
    const readyz: number[] = []
    const poller = (async () => {
      while (polling) {
        const started = performance.now()
        const res = await call(`${url}/readyz`)
        readyz.push(performance.now() - started)
        expect(res.status).toBe(200)
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    try {
      // Three at once, as an attacker would.
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostile, { minLength: 3, maxLength: 3 }),
          async (heads) => {
            const answers = await Promise.all(
              heads.map((head) => plan({ head }))
            )
            answers.forEach(expectCleanAnswer)
          }
        ),
        { numRuns: 25 }
      )
      // The issue's cases, by name.
      const nested = await Promise.all(
        [0, 1, 2].map(() => plan({ head: '['.repeat(900_000) }))
      )
      for (const res of nested) {
        expect(res.status).toBe(422)
        expect(JSON.parse(res.text).error.message).toMatch(
          /head:1: .*max-nesting-depth=200/
        )
      }
      const empty = await plan({ head: '---\n'.repeat(200_000) })
      expect(empty.status).toBe(422)
      expect(JSON.parse(empty.text).error.message).toMatch(
        /max-documents=20000/
      )
      // A normal plan from another client is served meanwhile.
      const started = performance.now()
      const normal = await plan({ head: HEAD })
      expect(normal.status).toBe(200)
      expect(performance.now() - started).toBeLessThan(1000)
    } finally {
      polling = false
      await poller
    }
    expect(readyz.length).toBeGreaterThan(5)
    expect(Math.max(...readyz)).toBeLessThan(1000)
  })

  it('answers malformed request bodies with a clear 400, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.record({ head: fc.jsonValue({ maxDepth: 3 }) }),
          fc.record({
            head: fc.array(
              fc.record({
                name: fc.jsonValue({ maxDepth: 1 }),
                content: fc.jsonValue({ maxDepth: 1 })
              }),
              { maxLength: 3 }
            )
          })
        ),
        async (body) => {
          expectCleanAnswer(await plan(body))
        }
      ),
      { numRuns: 40 }
    )
    const deep = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN_CI}`,
        'Content-Type': 'application/json'
      },
      body: '{"head": ' + '['.repeat(500_000) + ']'.repeat(500_000) + '}'
    })
    expect(deep.status).toBe(400)
    expect(JSON.parse(deep.text).error).toMatchObject({
      code: 'body-over-limit'
    })
    expect(JSON.parse(deep.text).error.message).toMatch(
      /request body:1: .*max-nesting-depth/
    )
  })
})
