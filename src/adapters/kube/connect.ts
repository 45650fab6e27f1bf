import { loadKubeConfig, type KubeConfigSource } from './kubeconfig.js'
import { KubeClient } from './client.js'

/** A KubeClient for a kubeconfig source (content, path, default chain; explicit context). */
export function connectKube(source: KubeConfigSource): KubeClient {
  return new KubeClient(loadKubeConfig(source))
}
