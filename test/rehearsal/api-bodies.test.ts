import https from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { daemonSet, makeNodes, manualCluster } from './helpers.js'

/**
 * Request bodies of the rehearsal API are bounded as the API server bounds
 * them (3 MiB, 413) and pre-checked before JSON or YAML parsing, so hostile
 * bodies get a clean 4xx Status instead of a stalled server or a 500.
 */

let cluster: RehearsalCluster

beforeAll(async () => {
  cluster = await manualCluster(makeNodes(['n1']))
})

afterAll(async () => {
  await cluster.stop()
})

async function post(
  body: string,
  contentType: string
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(
    `${cluster.server}/apis/apps/v1/namespaces/default/daemonsets`
  )
  return await new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: cluster.caCert,
        agent: false,
        headers: {
          Authorization: `Bearer ${cluster.token}`,
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(body)
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
              string,
              unknown
            >
          })
        )
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('rehearsal API request bodies', () => {
  it('refuses a body over 3 MiB with 413 RequestEntityTooLarge', async () => {
    const ds = daemonSet('big', 'x:1', { type: 'RollingUpdate' }) as {
      metadata: Record<string, unknown>
    }
    ds.metadata['annotations'] = { pad: 'x'.repeat(3 * 1024 * 1024) }
    const res = await post(JSON.stringify(ds), 'application/json')
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728'
    })
  })

  it.each([
    ['900 KB of nested [ (JSON)', '['.repeat(900_000), 'application/json'],
    ['900 KB of nested [ (YAML)', '['.repeat(900_000), 'application/yaml'],
    [
      'a recursive anchor',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: &a {name: x, labels: *a}\n',
      'application/yaml'
    ],
    [
      'an alias bomb',
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n' +
        Array.from(
          { length: 9 },
          (_, i) =>
            `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`
        ).join('\n'),
      'application/yaml'
    ]
  ])('answers %s with 400 BadRequest, not a 500', async (_, body, type) => {
    const res = await post(body, type)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' })
    expect(String(res.body['message'])).toMatch(
      /the body of the request could not be decoded: .*(limit|recursive|alias)/i
    )
  })

  it('still creates a normal DaemonSet from JSON and YAML', async () => {
    const json = await post(
      JSON.stringify(daemonSet('ok', 'x:1', { type: 'RollingUpdate' })),
      'application/json'
    )
    expect(json.status).toBe(201)
  })
})
