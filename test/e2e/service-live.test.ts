import { afterEach, describe, expect, it } from 'vitest'
import { parseServeArgs } from '../../src/service/serve-options.js'
import { startService, type RunningService } from '../../src/service/start.js'
import { FakeKubeApi, node } from '../adapters/fake-kube-api.js'
import { call, tempFile, TOKEN_CI } from './service-helpers.js'

let api: FakeKubeApi | undefined
let service: RunningService | undefined

afterEach(async () => {
  await service?.stop()
  await api?.close()
  service = undefined
  api = undefined
})

const auth = { Authorization: `Bearer ${TOKEN_CI}` }

async function until(
  check: () => Promise<boolean>,
  what: string
): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('analysis service over a live cluster view', () => {
  it('is not ready while it cannot list, says why in the log, and becomes ready when it can', async () => {
    api = new FakeKubeApi()
    api.upsert('nodes', node('n1'))
    api.failListsWith = 403
    const url = await api.listen()
    const kubeconfig = await tempFile('kubeconfig', api.kubeconfig(url))
    const tokens = await tempFile('tokens', `${TOKEN_CI}\n`)
    const logs: string[] = []
    service = await startService(
      parseServeArgs([
        '--kubeconfig',
        kubeconfig,
        '--tokens',
        tokens,
        '--listen',
        '127.0.0.1:0'
      ]),
      {
        log: (l) => logs.push(l),
        view: {
          minRebuildMs: 0,
          reflector: { backoffInitialMs: 20, backoffMaxMs: 50 }
        }
      }
    )
    const base = service.url
    await until(
      async () =>
        logs.some((l) =>
          l.includes('nodes: list failed (403 nodes is forbidden')
        ),
      'the 403 logged'
    )
    expect((await call(`${base}/healthz`)).status).toBe(200)
    const ready = await call(`${base}/readyz`)
    expect(ready.status).toBe(503)
    expect(JSON.parse(ready.text).status).toBe('waiting-for-first-list')
    const plan = await call(`${base}/v1/plan`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        head: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'
      })
    })
    expect(plan.status).toBe(503)
    expect(plan.headers['retry-after']).toBe('2')
    expect(JSON.parse(plan.text).error.code).toBe('not-ready')
    expect((await call(`${base}/metrics`)).text).toContain(
      'ds_rollout_view_ready 0'
    )
    // The credentials in the kubeconfig never reach the log.
    expect(logs.join('\n')).not.toContain('fake-token-123')

    api.failListsWith = undefined
    await until(
      async () => (await call(`${base}/readyz`)).status === 200,
      'ready'
    )
    const snapshot = JSON.parse(
      (await call(`${base}/v1/snapshot`, { headers: auth })).text
    )
    expect(snapshot.nodes.map((n: { name: string }) => n.name)).toEqual(['n1'])
  })
})
