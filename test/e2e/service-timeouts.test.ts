import { readFile } from 'node:fs/promises'
import net from 'node:net'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import { StaticTokenAuthenticator } from '../../src/service/auth.js'
import { AnalysisService } from '../../src/service/server.js'
import { FileSnapshotSource } from '../../src/service/snapshot-source.js'
import { parseTokensFile } from '../../src/service/tokens.js'
import { call, TOKEN_CI } from './service-helpers.js'

const fixtures = new URL('../fixtures/service/', import.meta.url).pathname

// nock's socket interceptor holds back a raw connection until it has seen
// complete request headers, so a stalled request would never reach the
// server: these tests talk to the loopback server without it.
beforeAll(() => nock.restore())
afterAll(() => nock.activate())

let service: AnalysisService | undefined
afterEach(async () => {
  await service?.close(100)
  service = undefined
})

async function start(): Promise<string> {
  const text = await readFile(`${fixtures}snapshot.json`, 'utf8')
  service = new AnalysisService({
    source: new FileSnapshotSource(
      loadSnapshot(JSON.parse(text), 'snapshot.json'),
      Date.now()
    ),
    authenticator: new StaticTokenAuthenticator(
      parseTokensFile(`${TOKEN_CI}\n`, 'tokens')
    ),
    limits: { headersTimeoutMs: 400, requestTimeoutMs: 800 }
  })
  const address = await service.listen('127.0.0.1', 0)
  return `127.0.0.1:${address.port}`
}

/** Sends `data`, then waits (without sending more) for the server's answer and its close. */
function stall(
  hostPort: string,
  data: string
): Promise<{ text: string; ms: number }> {
  const [host, port] = hostPort.split(':')
  return new Promise((resolve, reject) => {
    const started = Date.now()
    let text = ''
    const socket = net.connect(Number(port), host!, () => socket.write(data))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve({ text, ms: Date.now() - started }))
    setTimeout(() => {
      socket.destroy()
      reject(new Error('the server never closed the stalled connection'))
    }, 10_000)
  })
}

describe('analysis service timeouts (slow clients)', () => {
  it('answers a request whose body stalls with 408 and closes the connection', async () => {
    const hostPort = await start()
    const { text, ms } = await stall(
      hostPort,
      `POST /v1/plan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN_CI}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"head": "`
    )
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(JSON.parse(text.split('\r\n\r\n')[1]!)).toEqual({
      error: {
        code: 'request-timeout',
        message: 'the request was not received in time'
      }
    })
    expect(text).not.toContain(TOKEN_CI)
    expect(ms).toBeGreaterThanOrEqual(700)
    expect(ms).toBeLessThan(5000)
  })

  it('answers headers that never finish (slowloris) with 408, and keeps serving others', async () => {
    const hostPort = await start()
    const { text } = await stall(
      hostPort,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n'
    )
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect((await call(`http://${hostPort}/healthz`)).status).toBe(200)
    const metrics = (await call(`http://${hostPort}/metrics`)).text
    expect(metrics).toContain(
      'ds_rollout_http_rejected_total{reason="request-timeout"} 1'
    )
  })

  it('answers oversized headers with 431', async () => {
    const hostPort = await start()
    const { text } = await stall(
      hostPort,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
    )
    expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
  })
})
