import { describe, expect, it } from 'vitest'
import {
  defaultPullPolicy,
  normalizeDaemonSet
} from '../../src/core/diff/normalize.js'
import { diffDaemonSets } from '../../src/core/diff/diff-daemonsets.js'
import { clone, makeDaemonSet, manifests } from '../fixtures/daemonset.js'

type Patch = (ds: Record<string, any>) => void
const pod = (ds: Record<string, any>) => ds.spec.template.spec
const agent = (ds: Record<string, any>) => pod(ds).containers[0]

function changesBetween(patchBase: Patch, patchHead: Patch) {
  const base = makeDaemonSet()
  const head = clone(base)
  patchBase(base)
  patchHead(head)
  const [ds] = diffDaemonSets(
    manifests('b.yaml', base),
    manifests('h.yaml', head)
  ).daemonSets
  return ds
}

const none: Patch = () => {}

describe('normalisation: an explicit default is not a change', () => {
  const cases: [string, Patch][] = [
    [
      'R8.1 updateStrategy.type RollingUpdate',
      (ds) => (ds.spec.updateStrategy = { type: 'RollingUpdate' })
    ],
    [
      'R8.1 rollingUpdate maxUnavailable 1 / maxSurge 0',
      (ds) =>
        (ds.spec.updateStrategy = {
          rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
        })
    ],
    [
      'R8.1 revisionHistoryLimit 10',
      (ds) => (ds.spec.revisionHistoryLimit = 10)
    ],
    ['R8.1 minReadySeconds 0', (ds) => (ds.spec.minReadySeconds = 0)],
    [
      'R8.2 dnsPolicy ClusterFirst',
      (ds) => (pod(ds).dnsPolicy = 'ClusterFirst')
    ],
    ['R8.2 restartPolicy Always', (ds) => (pod(ds).restartPolicy = 'Always')],
    ['R8.2 securityContext {}', (ds) => (pod(ds).securityContext = {})],
    [
      'R8.2 terminationGracePeriodSeconds 30',
      (ds) => (pod(ds).terminationGracePeriodSeconds = 30)
    ],
    [
      'R8.2 schedulerName default-scheduler',
      (ds) => (pod(ds).schedulerName = 'default-scheduler')
    ],
    [
      'R8.2a imagePullPolicy IfNotPresent for a tagged image',
      (ds) => (agent(ds).imagePullPolicy = 'IfNotPresent')
    ],
    [
      'R8.2a terminationMessagePath',
      (ds) => (agent(ds).terminationMessagePath = '/dev/termination-log')
    ],
    [
      'R8.2a terminationMessagePolicy File',
      (ds) => (agent(ds).terminationMessagePolicy = 'File')
    ],
    [
      'R8.2a ports[].protocol TCP',
      (ds) => (agent(ds).ports[0].protocol = 'TCP')
    ],
    [
      'R8.2c volume defaultMode 420 (0644)',
      (ds) => (pod(ds).volumes[0].configMap.defaultMode = 0o644)
    ],
    [
      'R8.2c fieldRef apiVersion v1',
      (ds) => (agent(ds).env[1].valueFrom.fieldRef.apiVersion = 'v1')
    ],
    ['R8.2d 100m == 0.1 CPU', (ds) => (agent(ds).resources.requests.cpu = 0.1)],
    [
      'R8.2d 64Mi == 67108864 bytes',
      (ds) => (agent(ds).resources.requests.memory = '67108864')
    ],
    [
      'R8.2e resources: {} on a container',
      (ds) => (pod(ds).containers[1].resources = {})
    ],
    [
      'R8.4 server-owned metadata',
      (ds) =>
        Object.assign(ds.metadata, {
          uid: 'u',
          resourceVersion: '9',
          generation: 4,
          creationTimestamp: '2024-01-01T00:00:00Z',
          managedFields: [{}]
        })
    ],
    ['R8.4 status', (ds) => (ds.status = { numberReady: 3 })],
    [
      'R8.4 last-applied and template-generation annotations',
      (ds) =>
        (ds.metadata.annotations = {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'deprecated.daemonset.template.generation': '7'
        })
    ],
    [
      'R8.4 template creationTimestamp: null',
      (ds) => (ds.spec.template.metadata.creationTimestamp = null)
    ],
    [
      'empty lists and nulls are absent (omitempty)',
      (ds) =>
        Object.assign(pod(ds), {
          initContainers: [],
          imagePullSecrets: null,
          nodeSelector: {}
        })
    ],
    [
      'omitempty zero values: hostNetwork/hostPID false, hostPort 0',
      (ds) => {
        Object.assign(pod(ds), { hostNetwork: false, hostPID: false })
        agent(ds).ports[0].hostPort = 0
      }
    ]
  ]
  it.each(cases)('%s', (_name, patch) => {
    const base = changesBetween(none, patch)
    expect(base?.change).toBe('unchanged')
    expect(base?.changes).toEqual([])
    const reverse = changesBetween(patch, none)
    expect(reverse?.change).toBe('unchanged')
  })

  it.each<[string, Patch, Patch]>([
    [
      'R8.2b probe timeouts, thresholds, httpGet path and scheme',
      (d) => (agent(d).livenessProbe = { httpGet: { port: 9100 } }),
      (d) =>
        (agent(d).livenessProbe = {
          httpGet: { port: 9100, path: '/', scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3
        })
    ],
    [
      'R8.2b grpc service ""',
      (d) => (agent(d).readinessProbe = { grpc: { port: 9000 } }),
      (d) => (agent(d).readinessProbe = { grpc: { port: 9000, service: '' } })
    ],
    [
      'R8.2c hostPath type ""',
      (d) => pod(d).volumes.push({ name: 'h', hostPath: { path: '/var/log' } }),
      (d) =>
        pod(d).volumes.push({
          name: 'h',
          hostPath: { path: '/var/log', type: '' }
        })
    ],
    [
      'R8.2c projected token expirationSeconds 3600 and defaultMode',
      (d) =>
        pod(d).volumes.push({
          name: 't',
          projected: { sources: [{ serviceAccountToken: { path: 'token' } }] }
        }),
      (d) =>
        pod(d).volumes.push({
          name: 't',
          projected: {
            defaultMode: 420,
            sources: [
              {
                serviceAccountToken: { path: 'token', expirationSeconds: 3600 }
              }
            ]
          }
        })
    ],
    [
      'omitempty zero values inside lists: readOnly false, initialDelaySeconds 0',
      (d) => {
        agent(d).volumeMounts = [{ name: 'config', mountPath: '/c' }]
        agent(d).livenessProbe = { tcpSocket: { port: 9100 } }
      },
      (d) => {
        agent(d).volumeMounts = [
          { name: 'config', mountPath: '/c', readOnly: false }
        ]
        agent(d).livenessProbe = {
          tcpSocket: { port: 9100 },
          initialDelaySeconds: 0
        }
      }
    ],
    [
      'serviceAccount mirrors serviceAccountName',
      (d) => (pod(d).serviceAccountName = 'sa'),
      (d) =>
        Object.assign(pod(d), {
          serviceAccountName: 'sa',
          serviceAccount: 'sa'
        })
    ],
    [
      'R8.2d 1Gi == 1024Mi limits',
      (d) => (agent(d).resources.limits = { memory: '1Gi' }),
      (d) => (agent(d).resources.limits = { memory: '1024Mi' })
    ]
  ])('%s', (_name, patchBase, patchHead) => {
    expect(changesBetween(patchBase, patchHead)?.changes).toEqual([])
  })

  it('an explicitly empty env value equals an env var without value', () => {
    const ds = changesBetween(
      (d) => agent(d).env.push({ name: 'EMPTY' }),
      (d) => agent(d).env.push({ name: 'EMPTY', value: '' })
    )
    expect(ds?.changes).toEqual([])
  })

  it('zero values of pointer fields are values (privileged: false is a change)', () => {
    const ds = changesBetween(
      none,
      (d) => (agent(d).securityContext = { privileged: false })
    )
    expect(ds?.rollout.triggered).toBe(true)
  })

  it('a label whose value is empty is kept', () => {
    const ds = changesBetween(
      none,
      (d) => (d.spec.template.metadata.labels.value = '')
    )
    expect(ds?.changes.map((c) => c.path)).toEqual([
      'spec.template.metadata.labels.value'
    ])
  })

  it('a value different from the default is a change', () => {
    const ds = changesBetween(
      none,
      (d) => (pod(d).terminationGracePeriodSeconds = 60)
    )
    expect(ds?.changes).toEqual([
      {
        path: 'spec.template.spec.terminationGracePeriodSeconds',
        before: 30,
        after: 60,
        template: true
      }
    ])
  })

  it('a volume without a source becomes emptyDir: {} (R8.2c)', () => {
    const base = makeDaemonSet()
    pod(base).volumes.push({ name: 'scratch' })
    const normal = normalizeDaemonSet(base) as any
    expect(normal.spec.template.spec.volumes[1]).toEqual({
      name: 'scratch',
      emptyDir: {}
    })
  })

  it('does not modify its input', () => {
    const base = makeDaemonSet()
    const copy = clone(base)
    normalizeDaemonSet(base)
    expect(base).toEqual(copy)
  })

  it('does not add pod-only defaults to the template (R8.2f)', () => {
    const normal = normalizeDaemonSet(makeDaemonSet()) as any
    expect(normal.spec.template.spec.enableServiceLinks).toBeUndefined()
    expect(
      normal.spec.template.spec.containers[0].resources.limits
    ).toBeUndefined()
    expect(
      normal.spec.template.spec.containers[0].ports[0].hostPort
    ).toBeUndefined()
  })
})

describe('R8.2a default imagePullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/team/nginx', 'Always'],
    ['registry:5000/team/nginx:1.2', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
    ['nginx:latest@sha256:abcd', 'Always']
  ])('%s → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy)
  })

  it('an explicit Always on an untagged image is not a change, on a tagged one it is', () => {
    const untagged = changesBetween(
      (d) => (agent(d).image = 'agent'),
      (d) =>
        Object.assign(agent(d), { image: 'agent', imagePullPolicy: 'Always' })
    )
    expect(untagged?.change).toBe('unchanged')
    const tagged = changesBetween(
      none,
      (d) => (agent(d).imagePullPolicy = 'Always')
    )
    expect(tagged?.rollout.triggered).toBe(true)
  })
})
