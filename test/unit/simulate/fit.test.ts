import { describe, expect, it } from 'vitest'
import {
  effectiveRequests,
  podHostPorts
} from '../../../src/core/k8s/pod-resources.js'
import { fitOnNode, podDemand } from '../../../src/core/simulate/node-fit.js'
import { prepareSnapshot } from '../../../src/core/simulate/prepared.js'
import type { PodSpec } from '../../../src/core/k8s/types.js'
import { daemonPod, snapNode, snapshot } from './helpers.js'

const Mi = 1024n * 1024n * 1000n // milli-units of 1Mi

function req(cpu: string, memory: string) {
  return { resources: { requests: { cpu, memory } } }
}

describe('effective requests (resourcehelper.PodRequests)', () => {
  it('max(sum of containers, largest init container) per resource', () => {
    const r = effectiveRequests({
      containers: [
        { name: 'a', ...req('100m', '100Mi') },
        { name: 'b', ...req('200m', '50Mi') }
      ],
      initContainers: [{ name: 'i', ...req('250m', '20Mi') }]
    })
    expect(r.get('cpu')).toBe(300n)
    expect(r.get('memory')).toBe(150n * Mi)
    const r2 = effectiveRequests({
      containers: [{ name: 'a', ...req('100m', '100Mi') }],
      initContainers: [{ name: 'i', ...req('500m', '10Mi') }]
    })
    expect(r2.get('cpu')).toBe(500n)
  })

  it('sidecar init containers (restartPolicy Always) add to the sum and to later init containers', () => {
    const r = effectiveRequests({
      containers: [{ name: 'a', ...req('100m', '100Mi') }],
      initContainers: [
        { name: 'side', restartPolicy: 'Always', ...req('50m', '30Mi') },
        { name: 'setup', ...req('200m', '10Mi') }
      ]
    })
    // sum: 100m + 50m = 150m; setup runs next to the sidecar: 200m + 50m = 250m.
    expect(r.get('cpu')).toBe(250n)
    expect(r.get('memory')).toBe(130n * Mi)
  })

  it('adds the pod overhead, and copies limits into unset requests (R8.2f pod defaulting)', () => {
    const r = effectiveRequests({
      containers: [
        {
          name: 'a',
          resources: {
            limits: { cpu: '1', memory: '1Gi' },
            requests: { cpu: '250m' }
          }
        }
      ],
      overhead: { memory: '64Mi' }
    })
    expect(r.get('cpu')).toBe(250n)
    expect(r.get('memory')).toBe(1088n * Mi)
  })

  it('R3.15 / R8.3 hostNetwork turns every containerPort into a host port; explicit hostPorts and hostIP kept', () => {
    const spec: PodSpec = {
      hostNetwork: true,
      containers: [
        {
          name: 'a',
          ports: [
            { containerPort: 9100 },
            { containerPort: 53, protocol: 'UDP' }
          ]
        }
      ]
    }
    expect(podHostPorts(spec)).toEqual(['TCP/9100', 'UDP/53'])
    expect(
      podHostPorts({
        containers: [
          {
            name: 'a',
            ports: [
              { containerPort: 80 },
              { containerPort: 81, hostPort: 8081, hostIP: '10.0.0.1' }
            ]
          }
        ]
      })
    ).toEqual(['TCP/10.0.0.1:8081'])
  })
})

describe('fit against a node (NodeResourcesFit, NodePorts)', () => {
  const spec = (memory: string, ports: number[] = []): PodSpec => ({
    containers: [
      {
        name: 'a',
        ...req('100m', memory),
        ports: ports.map((p) => ({ containerPort: p, hostPort: p }))
      }
    ]
  })

  it('reports "Insufficient memory" with the numbers, in the scheduler words', () => {
    const snap = snapshot([
      snapNode('n1', {
        allocatable: { cpu: '4', memory: '4Gi', pods: '110' },
        requested: { cpu: '1', memory: '3900Mi' }
      })
    ])
    const p = prepareSnapshot(snap)
    const fit = fitOnNode(podDemand(spec('512Mi')), p.nodes[0]!, [], false, p)
    expect(fit.fits).toBe(false)
    expect(fit.reasons).toEqual(['Insufficient memory'])
    expect(fit.details[0]).toBe('memory: requests 512Mi, 196Mi free')
    expect(
      fitOnNode(podDemand(spec('196Mi')), p.nodes[0]!, [], false, p).fits
    ).toBe(true)
  })

  it('reports "Too many pods" and "Insufficient cpu" together, pods first', () => {
    const snap = snapshot([
      snapNode('n1', {
        allocatable: { cpu: '1', memory: '4Gi', pods: '3' },
        requested: { cpu: '950m' },
        podCount: 3
      })
    ])
    const p = prepareSnapshot(snap)
    expect(
      fitOnNode(podDemand(spec('1Mi')), p.nodes[0]!, [], false, p).reasons
    ).toEqual(['Too many pods', 'Insufficient cpu'])
  })

  it('an extended resource the node lacks is insufficient', () => {
    const snap = snapshot([snapNode('n1')])
    const p = prepareSnapshot(snap)
    const d = podDemand({
      containers: [
        { name: 'a', resources: { limits: { 'nvidia.com/gpu': '1' } } }
      ]
    })
    expect(fitOnNode(d, p.nodes[0]!, [], false, p).reasons).toEqual([
      'Insufficient nvidia.com/gpu'
    ])
  })

  it("counts OTHER DaemonSets' pods; this DaemonSet's old pod is freed for a non-surge replacement but kept in the surge window", () => {
    const own = daemonPod({
      requests: { cpu: '100m', memory: '1Gi' },
      hostPorts: ['TCP/9100']
    })
    const other = daemonPod({
      daemonSet: 'other',
      name: 'other-x',
      requests: { memory: '1Gi' }
    })
    const snap = snapshot([
      snapNode('n1', {
        allocatable: { cpu: '4', memory: '4Gi', pods: '110' },
        requested: { memory: '1536Mi' },
        daemonPods: [own, other]
      })
    ])
    const p = prepareSnapshot(snap)
    const ownPods = p.podsByDaemonSet.get('monitoring/agent')?.[0] ?? []
    // free without own: 4Gi - 1.5Gi - 1Gi(other) = 1.5Gi; with own: 512Mi.
    const d = podDemand(spec('1Gi', [9100]))
    expect(fitOnNode(d, p.nodes[0]!, ownPods, false, p).fits).toBe(true)
    const window = fitOnNode(d, p.nodes[0]!, ownPods, true, p)
    expect(window.reasons).toEqual([
      'Insufficient memory',
      "didn't have free ports for the requested pod ports"
    ])
  })

  it('host ports conflict on the same protocol and port when either side binds all addresses', () => {
    const snap = snapshot([
      snapNode('n1', { hostPorts: ['TCP/10.0.0.1:8080', 'UDP/53'] })
    ])
    const p = prepareSnapshot(snap)
    const n = p.nodes[0]!
    const ports = (list: string[]) => ({
      requests: [],
      exact: new Map(),
      ports: list
    })
    expect(fitOnNode(ports(['TCP/8080']), n, [], false, p).fits).toBe(false)
    expect(fitOnNode(ports(['TCP/10.0.0.2:8080']), n, [], false, p).fits).toBe(
      true
    )
    expect(fitOnNode(ports(['TCP/10.0.0.1:8080']), n, [], false, p).fits).toBe(
      false
    )
    expect(fitOnNode(ports(['TCP/53']), n, [], false, p).fits).toBe(true)
    expect(fitOnNode(ports(['UDP/10.0.0.9:53']), n, [], false, p).fits).toBe(
      false
    )
  })

  it('terminal and unbound daemon pods hold nothing', () => {
    const snap = snapshot([
      snapNode('n1', {
        allocatable: { cpu: '1', memory: '1Gi', pods: '2' },
        daemonPods: [
          daemonPod({
            daemonSet: 'a',
            phase: 'Succeeded',
            requests: { memory: '1Gi' }
          }),
          daemonPod({
            daemonSet: 'b',
            phase: 'Pending',
            scheduled: false,
            requests: { memory: '1Gi' }
          })
        ]
      })
    ])
    const p = prepareSnapshot(snap)
    expect(
      fitOnNode(podDemand(spec('1Gi')), p.nodes[0]!, [], false, p).fits
    ).toBe(true)
  })
})
