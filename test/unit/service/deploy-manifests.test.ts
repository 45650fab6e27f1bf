import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../../../src/core/manifests/parse.js'
import { parseServeArgs } from '../../../src/service/serve-options.js'

const dir = new URL('../../../examples/deploy/', import.meta.url).pathname

function objects(file: string): Record<string, any>[] {
  return parseManifests(readFileSync(dir + file, 'utf8'), file).map(
    (m) => m.object as Record<string, any>
  )
}

describe('examples/deploy', () => {
  it('grants read-only access to nodes, pods, daemonsets and controllerrevisions only', () => {
    const role = objects('rbac.yaml').find((o) => o['kind'] === 'ClusterRole')
    const grants = (
      role?.['rules'] as {
        apiGroups: string[]
        resources: string[]
        verbs: string[]
      }[]
    ).flatMap((r) =>
      r.resources.map(
        (res) =>
          `${r.apiGroups.join(',')}/${res}:${[...r.verbs].sort().join(',')}`
      )
    )
    expect(grants.sort()).toEqual([
      '/nodes:get,list,watch',
      '/pods:get,list,watch',
      'apps/controllerrevisions:get,list,watch',
      'apps/daemonsets:get,list,watch'
    ])
    const binding = objects('rbac.yaml').find(
      (o) => o['kind'] === 'ClusterRoleBinding'
    )
    expect(binding?.['roleRef'].name).toBe(role?.['metadata'].name)
  })

  it('runs several hardened replicas with probes on /healthz and /readyz', () => {
    const deploy = objects('deployment.yaml').find(
      (o) => o['kind'] === 'Deployment'
    )
    expect(deploy?.['spec'].replicas).toBeGreaterThanOrEqual(2)
    const pod = deploy?.['spec'].template.spec
    const c = pod.containers[0]
    expect(c.readinessProbe.httpGet.path).toBe('/readyz')
    expect(c.livenessProbe.httpGet.path).toBe('/healthz')
    expect(c.resources.requests.cpu).toBeDefined()
    expect(c.resources.requests.memory).toBeDefined()
    expect(pod.securityContext.runAsNonRoot).toBe(true)
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true)
    expect(c.securityContext.allowPrivilegeEscalation).toBe(false)
    expect(pod.serviceAccountName).toBe('ds-rollout-analysis')
    expect(
      pod.volumes.map(
        (v: { secret: { secretName: string } }) => v.secret.secretName
      )
    ).toContain('ds-rollout-tokens')
    // The args are ones `ds-rollout serve` accepts, on the probed port.
    const [command, ...args] = c.args as string[]
    expect(command).toBe('serve')
    const options = parseServeArgs(args)
    expect(options.port).toBe(c.ports[0].containerPort)
    expect(options.tlsCert).toBeDefined()
    expect(c.readinessProbe.httpGet.scheme).toBe('HTTPS')
  })

  it('exposes the Deployment through a Service', () => {
    const svc = objects('service.yaml')[0]
    const deploy = objects('deployment.yaml').find(
      (o) => o['kind'] === 'Deployment'
    )
    expect(svc?.['spec'].selector).toEqual(
      deploy?.['spec'].selector.matchLabels
    )
    expect(svc?.['spec'].ports[0].targetPort).toBe('https')
  })
})
