/**
 * Routing decisions, kept pure: which handler a method and path go to,
 * whether it needs authentication, and the bounded route label used in
 * metrics (unknown paths all count as `other`, so a scan cannot blow up the
 * number of series).
 */

export type RouteName = 'plan' | 'snapshot' | 'healthz' | 'readyz' | 'metrics'

export interface RouteSpec {
  name: RouteName
  method: 'GET' | 'POST'
  path: string
  /** Whether a bearer token is required. Probes and metrics are open. */
  auth: boolean
}

export const ROUTES: readonly RouteSpec[] = [
  { name: 'plan', method: 'POST', path: '/v1/plan', auth: true },
  { name: 'snapshot', method: 'GET', path: '/v1/snapshot', auth: true },
  { name: 'healthz', method: 'GET', path: '/healthz', auth: false },
  { name: 'readyz', method: 'GET', path: '/readyz', auth: false },
  { name: 'metrics', method: 'GET', path: '/metrics', auth: false }
]

export type RouteDecision =
  | { kind: 'route'; route: RouteSpec }
  | { kind: 'method-not-allowed'; route: RouteSpec; allow: string }
  | { kind: 'not-found' }

/** The path without query string, with one trailing slash tolerated. */
export function pathOf(url: string): string {
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

export function resolveRoute(method: string, url: string): RouteDecision {
  const path = pathOf(url)
  const route = ROUTES.find((r) => r.path === path)
  if (route === undefined) return { kind: 'not-found' }
  const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]
  if (!allowed.includes(method)) {
    return { kind: 'method-not-allowed', route, allow: allowed.join(', ') }
  }
  return { kind: 'route', route }
}

/** The label a request is counted under in metrics. */
export function routeLabel(decision: RouteDecision): string {
  return decision.kind === 'not-found' ? 'other' : decision.route.name
}
