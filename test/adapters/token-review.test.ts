import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { loadKubeConfig } from '../../src/adapters/kube/kubeconfig.js'
import { KubeClient } from '../../src/adapters/kube/client.js'
import { kubeTokenReviewer } from '../../src/adapters/kube/token-review.js'
import { FakeKubeApi } from './fake-kube-api.js'

let server: http.Server | undefined

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  server = undefined
})

describe('kubeTokenReviewer', () => {
  it('posts a TokenReview with the service credentials and reads the verdict', async () => {
    const received: { auth?: string; body?: unknown; path?: string }[] = []
    server = http.createServer((req, res) => {
      let text = ''
      req.on('data', (c: Buffer) => (text += c.toString()))
      req.on('end', () => {
        const body = JSON.parse(text) as { spec: { token: string } }
        received.push({ auth: req.headers.authorization, body, path: req.url })
        const ok = body.spec.token === 'caller-sa-token'
        res.writeHead(201, { 'Content-Type': 'application/json' })
        res.end(
          JSON.stringify({
            kind: 'TokenReview',
            status: ok
              ? {
                  authenticated: true,
                  user: { username: 'system:serviceaccount:ci:runner' }
                }
              : { authenticated: false, error: 'invalid bearer token' }
          })
        )
      })
    })
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const kc = loadKubeConfig({ content: new FakeKubeApi().kubeconfig(url) })
    const review = kubeTokenReviewer(new KubeClient(kc), ['ds-rollout'])
    expect(await review('caller-sa-token')).toEqual({
      authenticated: true,
      username: 'system:serviceaccount:ci:runner'
    })
    expect(await review('forged')).toEqual({ authenticated: false })
    expect(received[0]).toEqual({
      auth: 'Bearer fake-token-123',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token: 'caller-sa-token', audiences: ['ds-rollout'] }
      }
    })
  })

  it('reports the API status (e.g. missing RBAC) without the token', async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 403,
          reason: 'Forbidden',
          message:
            'tokenreviews.authentication.k8s.io is forbidden: User "system:serviceaccount:ds-rollout:ds-rollout-analysis" cannot create resource'
        })
      )
    })
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const kc = loadKubeConfig({ content: new FakeKubeApi().kubeconfig(url) })
    const err = await kubeTokenReviewer(new KubeClient(kc))(
      'secret-caller-token'
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 403, reason: 'Forbidden' })
    expect((err as Error).message).toMatch(
      /^tokenreview: tokenreviews.authentication.k8s.io is forbidden: .* \(403 Forbidden\)$/
    )
    expect((err as Error).message).not.toContain('secret-caller-token')
  })
})
