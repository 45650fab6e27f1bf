import type { TokenReviewer } from '../../service/auth.js'
import type { KubeClient } from './client.js'

/**
 * A TokenReviewer backed by `POST /apis/authentication.k8s.io/v1/tokenreviews`
 * (needs the `system:auth-delegator` ClusterRole). The token goes only into
 * the request body.
 */
export function kubeTokenReviewer(
  client: KubeClient,
  audiences?: string[]
): TokenReviewer {
  return async (token) => {
    const result = await client.create<{
      status?: { authenticated?: unknown; user?: { username?: unknown } }
    }>(
      '/apis/authentication.k8s.io/v1/tokenreviews',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token, ...(audiences === undefined ? {} : { audiences }) }
      },
      'tokenreview'
    )
    const username = result.status?.user?.username
    return {
      authenticated: result.status?.authenticated === true,
      ...(typeof username === 'string' ? { username } : {})
    }
  }
}
