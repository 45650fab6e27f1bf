import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { loadManifestSets } from '../../../src/adapters/fs/load-manifest-sets.js'
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

  it('loads with the CLI loader; kustomize lists every required file; one namespace; the binding names the pod service account', async () => {
    const { head } = await loadManifestSets({
      head: ['examples/deploy'],
      cwd: new URL('../../../', import.meta.url).pathname
    })
    const byFile = new Map<string, string[]>()
    for (const m of head) {
      const o = m.object as Record<string, any>
      if (o['kind'] === 'Kustomization') continue
      const file = m.source.file.split('/').pop()!
      byFile.set(file, [...(byFile.get(file) ?? []), o['kind']])
      expect(o['apiVersion'], `${file}: apiVersion`).toBeTruthy()
      if (
        !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o['kind'])
      )
        expect(o['metadata'].namespace, `${file} ${o['kind']}`).toBe(
          'ds-rollout'
        )
    }
    expect(Object.fromEntries(byFile)).toMatchObject({
      'namespace.yaml': ['Namespace'],
      'rbac.yaml': ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'],
      'deployment.yaml': expect.arrayContaining(['Deployment']),
      'service.yaml': ['Service']
    })
    const kustomization = parse(
      readFileSync(dir + 'kustomization.yaml', 'utf8')
    ) as { resources: string[] }
    for (const r of kustomization.resources)
      expect(existsSync(dir + r)).toBe(true)
    // Everything but the optional and example files is deployed by kustomize.
    const yamlFiles = readdirSync(dir).filter(
      (f) =>
        f.endsWith('.yaml') &&
        f !== 'kustomization.yaml' &&
        !f.includes('.example.') &&
        f !== 'token-review.yaml'
    )
    expect([...kustomization.resources].sort()).toEqual(yamlFiles.sort())
    const sa = objects('rbac.yaml').find((o) => o['kind'] === 'ServiceAccount')
    for (const file of ['rbac.yaml', 'token-review.yaml']) {
      const binding = objects(file).find(
        (o) => o['kind'] === 'ClusterRoleBinding'
      )
      expect(binding?.['subjects']).toEqual([
        {
          kind: 'ServiceAccount',
          name: sa?.['metadata'].name,
          namespace: sa?.['metadata'].namespace
        }
      ])
    }
  })
})
