import { readFile } from 'node:fs/promises'
import net from 'node:net'
import { gunzipSync } from 'node:zlib'
import nock from 'nock'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import { redactValue } from '../../src/core/diff/redact.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { parseServeArgs } from '../../src/service/serve-options.js'
import { startService, type RunningService } from '../../src/service/start.js'
import {
  call,
  callRaw,
  tempFile,
  TOKEN_BOT,
  TOKEN_CI
} from './service-helpers.js'

const fixtures = new URL('../fixtures/service/', import.meta.url).pathname
const SNAPSHOT = `${fixtures}snapshot.json`

let running: RunningService | undefined
let logs: string[] = []

afterEach(async () => {
  await running?.stop()
  running = undefined
})

async function start(
  extra: string[] = [],
  snapshot = SNAPSHOT
): Promise<RunningService> {
  logs = []
  const tokens = await tempFile(
    'tokens',
    `# CI runners\n${TOKEN_CI}\n\n${TOKEN_BOT}\n`
  )
  running = await startService(
    parseServeArgs([
      '--snapshot',
      snapshot,
      '--tokens',
      tokens,
      '--listen',
      '127.0.0.1:0',
      '--shutdown-grace',
      '2',
      ...extra
    ]),
    { log: (line) => logs.push(line) }
  )
  return running
}

function auth(token = TOKEN_CI): Record<string, string> {
  return { Authorization: `Bearer ${token}` }
}

function planBody(head: string, base?: string): Record<string, unknown> {
  return {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(base === undefined ? { head } : { head, base })
  }
}

describe('analysis service over a recorded snapshot', () => {
  it('answers probes without a token and is ready at once', async () => {
    const { url } = await start()
    expect((await call(`${url}/healthz`)).status).toBe(200)
    const ready = await call(`${url}/readyz`)
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready' })
  })

  it('POST /v1/plan returns the plan the engine computes for the same input', async () => {
    const { url } = await start()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const base = await readFile(`${fixtures}agent-base.yaml`, 'utf8')
    const res = await call(`${url}/v1/plan`, planBody(head, base))
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const snapshot = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Snapshot
    const expected = buildPlan({
      head: parseManifests(head, 'head'),
      base: parseManifests(base, 'base'),
      snapshot
    })
    expect(JSON.parse(res.text)).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(JSON.parse(res.text).schemaVersion).toBe(2)
  })

  it("takes manifests as named files, so findings name the caller's files and lines", async () => {
    const { url } = await start()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const base = await readFile(`${fixtures}agent-base.yaml`, 'utf8')
    const name = 'clusters/prod/agent.yaml'
    const res = await call(`${url}/v1/plan`, {
      ...planBody(''),
      body: JSON.stringify({
        head: [
          { name: 'clusters/prod/empty.yaml', content: '' },
          { name, content: head }
        ],
        base: [{ name, content: base }]
      })
    })
    expect(res.status).toBe(200)
    const plan = JSON.parse(res.text)
    expect(plan.daemonSets[0].file).toBe(name)
    expect(plan.daemonSets[0].findings.length).toBeGreaterThan(0)
    for (const f of plan.daemonSets[0].findings) expect(f.file).toBe(name)
  })

  it('?format=markdown returns the rendered plan', async () => {
    const { url } = await start()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const res = await call(`${url}/v1/plan?format=markdown`, planBody(head))
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/markdown/)
    const snapshot = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Snapshot
    expect(res.text).toBe(
      renderPlanMarkdown(
        buildPlan({ head: parseManifests(head, 'head'), base: [], snapshot })
      )
    )
  })

  it('gzips large answers for clients that accept it', async () => {
    // A 300-node fleet: the plan lists every node's outcome.
    const fixture = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Snapshot
    const template = fixture.nodes[0]
    if (template === undefined) throw new Error('fixture has no node')
    const big = {
      ...fixture,
      nodes: Array.from({ length: 300 }, (_, i) => ({
        ...template,
        name: `node-${i}`,
        daemonPods: []
      }))
    }
    const { url } = await start(
      [],
      await tempFile('big.json', JSON.stringify(big))
    )
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const plain = await call(`${url}/v1/plan`, planBody(head))
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.text.length).toBeGreaterThan(8 * 1024)
    const zipped = await callRaw(`${url}/v1/plan`, {
      ...planBody(head),
      headers: {
        ...auth(),
        'Content-Type': 'application/json',
        'Accept-Encoding': 'br;q=1, gzip;q=0.5'
      }
    })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers['vary']).toBe('Accept-Encoding')
    expect(zipped.body.length).toBeLessThan(plain.text.length / 3)
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.text)
    const refused = await call(`${url}/v1/plan`, {
      ...planBody(head),
      headers: {
        ...auth(),
        'Content-Type': 'application/json',
        'Accept-Encoding': 'gzip;q=0'
      }
    })
    expect(refused.headers['content-encoding']).toBeUndefined()
  })

  it('GET /v1/snapshot returns the snapshot in use', async () => {
    const { url } = await start()
    const res = await call(`${url}/v1/snapshot`, { headers: auth() })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toEqual(
      JSON.parse(await readFile(SNAPSHOT, 'utf8'))
    )
  })

  it('redacts secret-looking env and flag values of live templates in /v1/snapshot', async () => {
    const fixture = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Snapshot
    const secret = 'hunter2-0123456789'
    const withTemplate = {
      ...fixture,
      daemonSets: fixture.daemonSets.map((ds) => ({
        ...ds,
        template: {
          spec: {
            containers: [
              {
                name: 'agent',
                args: [`--api-token=${secret}`, '--v=2', '--password', secret],
                env: [
                  { name: 'DB_PASSWORD', value: secret },
                  { name: 'LOG_LEVEL', value: 'info' },
                  { name: 'DB_URL', value: `postgres://u:${secret}@db/x` }
                ]
              }
            ]
          }
        }
      }))
    }
    const { url } = await start(
      [],
      await tempFile('s.json', JSON.stringify(withTemplate))
    )
    const res = await call(`${url}/v1/snapshot`, { headers: auth() })
    expect(res.status).toBe(200)
    expect(res.text).not.toContain(secret)
    const c = JSON.parse(res.text).daemonSets[0].template.spec.containers[0]
    const mark = expect.stringMatching(/^\(redacted sha256:[0-9a-f]{8}\)$/)
    expect(c.env).toEqual([
      { name: 'DB_PASSWORD', value: mark },
      { name: 'LOG_LEVEL', value: 'info' },
      {
        name: 'DB_URL',
        value: expect.stringMatching(
          /^postgres:\/\/u:\(redacted sha256:[0-9a-f]{8}\)@db\/x$/
        )
      }
    ])
    expect(c.args).toEqual([
      expect.stringMatching(/^--api-token=\(redacted sha256:[0-9a-f]{8}\)$/),
      '--v=2',
      '--password',
      mark
    ])
  })

  it('serves /v1/snapshot through the same redaction policy as plans, all of it', async () => {
    const fixture = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as Snapshot
    const secret = 'hunter2-0123456789'
    const withSecrets = {
      ...fixture,
      cluster: { name: 'prod' },
      daemonSets: fixture.daemonSets.map((ds) => ({
        ...ds,
        template: {
          metadata: { annotations: { 'example.com/api-token': secret } },
          spec: {
            containers: [
              {
                name: 'agent',
                args: ['--password', secret, `--db-password=${secret}`],
                env: [
                  { name: 'UPSTREAM', value: `https://u:${secret}@db:5432/x` },
                  { name: 'API_KEY', value: secret }
                ]
              }
            ]
          }
        }
      }))
    }
    const { url } = await start(
      [],
      await tempFile('s.json', JSON.stringify(withSecrets))
    )
    const res = await call(`${url}/v1/snapshot`, { headers: auth() })
    expect(res.status).toBe(200)
    expect(res.text.split('\n')).toHaveLength(2) // compact JSON and a newline
    // Exactly the shared policy's view of the whole snapshot (keyed marks,
    // where the policy uses them, differ per thread: compared unkeyed).
    const unkeyed = (text: string): unknown =>
      JSON.parse(text.replace(/\(redacted sha256:[0-9a-f]+\)/g, '(redacted)'))
    expect(unkeyed(res.text)).toEqual(
      unkeyed(JSON.stringify(redactValue(withSecrets)))
    )
  })

  it('rejects missing and wrong tokens with 401 and never echoes them', async () => {
    const { url } = await start()
    const none = await call(`${url}/v1/snapshot`)
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(JSON.parse(none.text).error.code).toBe('unauthenticated')
    const wrong = 'wrong-token-0123456789abcdef'
    const bad = await call(`${url}/v1/plan`, {
      ...planBody('kind: x'),
      headers: {
        Authorization: `Bearer ${wrong}`,
        'Content-Type': 'application/json'
      }
    })
    expect(bad.status).toBe(401)
    expect(bad.text).not.toContain(wrong)
    const basic = await call(`${url}/v1/snapshot`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`x:${TOKEN_CI}`).toString('base64')}`
      }
    })
    expect(basic.status).toBe(401)
    const logged = logs.join('\n')
    expect(logged).not.toContain(wrong)
    expect(logged).not.toContain(TOKEN_CI)
    expect(logged).toContain('"status":401')
  })

  it('logs the caller by token line, never the token or the body', async () => {
    const { url } = await start()
    const secretValue = 'cGFzc3dvcmQtdGhhdC1tdXN0LW5vdC1sZWFr'
    const head = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: ${secretValue}\n`
    const res = await call(`${url}/v1/plan`, planBody(head))
    expect(res.status).toBe(200)
    expect(res.text).not.toContain(secretValue)
    const logged = logs.join('\n')
    expect(logged).toContain('"client":"tokens:2"') // line of TOKEN_CI
    expect(logged).not.toContain(secretValue)
    expect(logged).not.toContain(TOKEN_CI)
  })

  it('answers malformed requests with a clear 4xx JSON error', async () => {
    const { url } = await start()
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...planBody(''), body: '{"head": ' }, 400, 'invalid-json'],
      [{ ...planBody(''), body: '{"base": "x"}' }, 400, 'missing-head'],
      [{ ...planBody(''), body: '{"head": 42}' }, 400, 'invalid-head'],
      [{ ...planBody(''), body: '[1,2]' }, 400, 'invalid-body'],
      [
        {
          ...planBody(''),
          headers: { ...auth(), 'Content-Type': 'text/plain' }
        },
        415,
        'unsupported-media-type'
      ]
    ]
    for (const [options, status, code] of cases) {
      const res = await call(`${url}/v1/plan`, options)
      expect(res.status, code).toBe(status)
      const body = JSON.parse(res.text)
      expect(body.error.code).toBe(code)
      expect(typeof body.error.message).toBe('string')
    }
    const notFound = await call(`${url}/v1/nope`, { headers: auth() })
    expect(notFound.status).toBe(404)
    expect(JSON.parse(notFound.text).error.code).toBe('not-found')
    const wrongMethod = await call(`${url}/v1/plan`, { headers: auth() })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers['allow']).toBe('POST')
    // The service is still up after all that.
    expect((await call(`${url}/healthz`)).status).toBe(200)
  })

  it('answers bad YAML with 422 naming the head/base file and line', async () => {
    const { url } = await start()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const broken =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: [oops\n'
    for (const [body, file] of [
      [{ head: broken }, 'head'],
      [{ head, base: `${head}---\n${broken}` }, 'base']
    ] as const) {
      const res = await call(`${url}/v1/plan`, {
        ...planBody(''),
        body: JSON.stringify(body)
      })
      expect(res.status).toBe(422)
      const error = JSON.parse(res.text).error
      expect(error.code).toBe('invalid-manifest')
      expect(error.file).toBe(file)
      expect(typeof error.line).toBe('number')
      expect(error.message).toMatch(new RegExp(`^${file}:\\d+: `))
    }
  })

  it('refuses oversized bodies with 413, declared or streamed', async () => {
    const { url } = await start(['--max-body-bytes', '10000'])
    const big = JSON.stringify({ head: 'x'.repeat(200_000) })
    const declared = await call(`${url}/v1/plan`, {
      ...planBody(''),
      body: big
    })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.text).error.code).toBe('body-too-large')
    const streamed = await call(`${url}/v1/plan`, {
      ...planBody(''),
      body: big,
      chunked: true
    })
    expect(streamed.status).toBe(413)
    expect((await call(`${url}/healthz`)).status).toBe(200)
  })

  it('limits each client separately with 429 and Retry-After', async () => {
    const { url } = await start(['--rate-limit', '0.5', '--rate-burst', '3'])
    const statuses: number[] = []
    let limited
    for (let i = 0; i < 4; i++) {
      const res = await call(`${url}/v1/snapshot`, { headers: auth() })
      statuses.push(res.status)
      if (res.status === 429) limited = res
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    // Until the next token: at most 1/rate = 2 s, less when the requests
    // themselves took a while (tokens refill meanwhile).
    expect(['1', '2']).toContain(limited?.headers['retry-after'])
    expect(JSON.parse(limited?.text ?? '{}').error.code).toBe('rate-limited')
    // Another client is not affected.
    expect(
      (await call(`${url}/v1/snapshot`, { headers: auth(TOKEN_BOT) })).status
    ).toBe(200)
  })

  it('limits failed authentication per address', async () => {
    const { url } = await start()
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (
          await call(`${url}/v1/snapshot`, {
            headers: auth('guess-0123456789abcdef')
          })
        ).status
      )
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
  })

  it('exports Prometheus metrics for requests, plans and the snapshot', async () => {
    const { url } = await start()
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    await call(`${url}/v1/plan`, planBody(head))
    await call(`${url}/v1/snapshot`)
    const res = await call(`${url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(res.text).toContain(
      'ds_rollout_http_requests_total{route="plan",code="200"} 1'
    )
    expect(res.text).toContain(
      'ds_rollout_http_requests_total{route="snapshot",code="401"} 1'
    )
    expect(res.text).toContain('ds_rollout_plan_response_bytes_count 1')
    expect(res.text).toContain('ds_rollout_view_objects{resource="nodes"} 2')
    expect(res.text).toContain(
      'ds_rollout_http_request_duration_seconds_count{route="plan"} 1'
    )
    expect(res.text).toMatch(
      /^ds_rollout_http_request_duration_seconds_bucket\{route="plan",le="\+Inf"\} 1$/m
    )
    // Every sample line parses as the text exposition format, and every
    // family has its HELP and TYPE before its samples.
    const declared = new Map<string, string>()
    for (const line of res.text.trimEnd().split('\n')) {
      const meta = /^# (HELP|TYPE) ([a-z_]+) (.+)$/.exec(line)
      if (meta) {
        if (meta[1] === 'TYPE') declared.set(meta[2]!, meta[3]!)
        continue
      }
      const sample =
        /^([a-z_]+)(\{([a-z_]+="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+]+|NaN|\+Inf)$/.exec(
          line
        )
      expect(sample, line).not.toBeNull()
      const name = sample![1]!
      const family = [...declared.keys()].find(
        (f) =>
          name === f ||
          (name.startsWith(f) &&
            /^_(bucket|sum|count)$/.test(name.slice(f.length)))
      )
      expect(family, `${name} has no # TYPE`).toBeDefined()
    }
    expect(declared.get('ds_rollout_http_request_duration_seconds')).toBe(
      'histogram'
    )
    expect(declared.get('ds_rollout_watch_restarts_total')).toBe('counter')
    const age = /^ds_rollout_snapshot_age_seconds (\S+)$/m.exec(res.text)?.[1]
    // recordedAt is 2026-11-20T10:00:00Z: the age is days, not zero.
    expect(Number(age)).toBeGreaterThan(0)
  })

  it('serves HTTPS with the given certificate', async () => {
    const { url } = await start([
      '--tls-cert',
      `${fixtures}tls/cert.pem`,
      '--tls-key',
      `${fixtures}tls/key.pem`
    ])
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const ca = await readFile(`${fixtures}tls/cert.pem`, 'utf8')
    const res = await call(`${url}/v1/snapshot`, { headers: auth(), ca })
    expect(res.status).toBe(200)
    await expect(call(`${url}/healthz`)).rejects.toThrow(
      /self-signed|certificate/
    )
  })

  it('shuts down gracefully: readiness fails, the request in flight completes', async () => {
    const service = await start()
    running = undefined
    const head = await readFile(`${fixtures}agent-head.yaml`, 'utf8')
    const body = Buffer.from(JSON.stringify({ head }))
    const { hostname, port } = new URL(service.url)
    // A slow client on a raw socket: headers and part of the body now, the
    // rest after the shutdown has begun. nock intercepts sockets and would
    // hold a request back until it is complete, so it is off for this test.
    nock.restore()
    onTestFinished(() => nock.activate())
    const socket = net.connect(Number(port), hostname)
    await new Promise((r) => socket.once('connect', r))
    let raw = ''
    socket.on('data', (c: Buffer) => (raw += c.toString()))
    const closed = new Promise((r) => socket.once('close', r))
    socket.write(
      `POST /v1/plan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN_CI}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    )
    socket.write(body.subarray(0, 10))
    await new Promise((r) => setTimeout(r, 100))
    const stopping = service.stop()
    await new Promise((r) => setTimeout(r, 100))
    await expect(call(`${service.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/)
    // The rest of the body, without half-closing: a FIN from the client
    // reads as "gone away" and cancels its request.
    socket.write(body.subarray(10))
    await closed
    const [statusLine, text = ''] = raw.split('\r\n\r\n')
    const res = { status: Number(statusLine?.split(' ')[1]), text }
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text).schemaVersion).toBe(2)
    await stopping
  })
})
