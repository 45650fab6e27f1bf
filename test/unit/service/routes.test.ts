import { describe, expect, it } from 'vitest'
import {
  pathOf,
  resolveRoute,
  routeLabel
} from '../../../src/service/routes.js'

describe('service routing', () => {
  it('sends POST /v1/plan to the authenticated plan route, query ignored', () => {
    const d = resolveRoute('POST', '/v1/plan?format=markdown')
    expect(d.kind).toBe('route')
    if (d.kind !== 'route') return
    expect(d.route.name).toBe('plan')
    expect(d.route.auth).toBe(true)
  })

  it('leaves probes and metrics open but protects the snapshot', () => {
    for (const [path, auth] of [
      ['/healthz', false],
      ['/readyz', false],
      ['/metrics', false],
      ['/v1/snapshot', true]
    ] as const) {
      const d = resolveRoute('GET', path)
      expect(d.kind === 'route' && d.route.auth).toBe(auth)
    }
  })

  it('answers a wrong method with the allowed ones', () => {
    expect(resolveRoute('GET', '/v1/plan')).toMatchObject({
      kind: 'method-not-allowed',
      allow: 'POST'
    })
    expect(resolveRoute('DELETE', '/v1/snapshot')).toMatchObject({
      kind: 'method-not-allowed',
      allow: 'GET, HEAD'
    })
  })

  it('counts unknown paths under one bounded label', () => {
    expect(routeLabel(resolveRoute('GET', '/wp-admin'))).toBe('other')
    expect(routeLabel(resolveRoute('GET', '/v2/plan'))).toBe('other')
    expect(routeLabel(resolveRoute('GET', '/v1/plan'))).toBe('plan')
  })

  it('tolerates one trailing slash', () => {
    expect(pathOf('/v1/plan/?x=1')).toBe('/v1/plan')
    expect(pathOf('/')).toBe('/')
  })
})
