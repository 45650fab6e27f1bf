import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../../src/adapters/kube/client.js'

export const SERVER = 'https://kube.example.test:6443'

export const KUBECONFIG_TEXT = `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${SERVER}
    insecure-skip-tls-verify: true
users:
- name: deployer
  user:
    token: sekret-token-123
contexts:
- name: test
  context: { cluster: test, user: deployer }
current-context: test
`

export function testClient(): KubeClient {
  const kc = new KubeConfig()
  kc.loadFromString(KUBECONFIG_TEXT)
  return new KubeClient(
    kc,
    { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    async () => {}
  )
}
