import type { TokenReviewer } from '../../service/auth.js'
import type { KubeConfigTransport } from './raw-api.js'

/**
 * A TokenReviewer backed by `POST /apis/authentication.k8s.io/v1/tokenreviews`
 * (needs the `system:auth-delegator` ClusterRole). The token goes only into
 * the request body.
 */
export function kubeTokenReviewer(
  transport: KubeConfigTransport,
  audiences?: string[]
): TokenReviewer {
  return async (token) => {
    const result = (await transport.request(
      'POST',
      '/apis/authentication.k8s.io/v1/tokenreviews',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token, ...(audiences === undefined ? {} : { audiences }) }
      }
    )) as {
      status?: { authenticated?: unknown; user?: { username?: unknown } }
    }
    const username = result.status?.user?.username
    return {
      authenticated: result.status?.authenticated === true,
      ...(typeof username === 'string' ? { username } : {})
    }
  }
}
