import { KubeConfig } from '@kubernetes/client-node/dist/config.js'
import { UserError } from '../../util/errors.js'

/** Where the kubeconfig comes from; the first that is set wins. */
export interface KubeConfigSource {
  /** The kubeconfig file's content (an Action input holding a secret). */
  content?: string
  /** Path of a kubeconfig file. */
  path?: string
  /** Context to use instead of the file's current-context. */
  context?: string
}

/**
 * Loads a kubeconfig from content, a path, or the default chain
 * (KUBECONFIG, ~/.kube/config, in-cluster), and selects the context.
 * Errors name the source but never echo the file's content.
 */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig()
  try {
    if (source.content !== undefined && source.content.trim() !== '') {
      kc.loadFromString(source.content)
    } else if (source.path !== undefined && source.path !== '') {
      kc.loadFromFile(source.path)
    } else {
      kc.loadFromDefault()
    }
  } catch (err) {
    const where =
      source.content !== undefined && source.content.trim() !== ''
        ? 'the kubeconfig given as content'
        : source.path !== undefined && source.path !== ''
          ? source.path
          : 'the default kubeconfig'
    const reason = err instanceof Error ? err.message.split('\n')[0] : ''
    throw new UserError(`cannot load kubeconfig from ${where}: ${reason}`)
  }
  if (source.context !== undefined && source.context !== '') {
    if (kc.getContextObject(source.context) === null) {
      const known = kc.getContexts().map((c) => c.name)
      throw new UserError(
        `kubeconfig has no context '${source.context}' (it has: ${known.join(', ') || 'none'})`
      )
    }
    kc.setCurrentContext(source.context)
  }
  if (kc.getCurrentCluster() === null) {
    throw new UserError('kubeconfig selects no cluster (set a context)')
  }
  return kc
}

/**
 * Every credential in a kubeconfig, so the Action can mask them
 * (core.setSecret) before anything is logged.
 */
export function kubeConfigSecrets(kc: KubeConfig): string[] {
  const secrets: string[] = []
  for (const user of kc.getUsers()) {
    for (const value of [
      user.token,
      user.password,
      user.keyData,
      user.certData,
      user.authProvider?.config?.['access-token'],
      user.authProvider?.config?.['refresh-token'],
      user.authProvider?.config?.['client-secret'],
      user.authProvider?.config?.['id-token']
    ]) {
      if (typeof value === 'string' && value.length >= 4) secrets.push(value)
    }
  }
  return secrets
}
