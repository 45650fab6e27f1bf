/**
 * fitOnNode shares one frozen result between nodes whose failing figures
 * read the same (node-fit.ts, `failures`), and remembers what a node's own
 * pods and host ports give back per shared list. Whatever nodes were asked
 * before, a node's result must be the one it gets asked first, on its own:
 * random fleets (pod counts and capacity, allocatable and used room, host
 * ports, own pods shared between nodes) against random demands, each node
 * asked once more with a fresh demand (nothing remembered).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PodSpec } from '../../../src/core/k8s/types.js'
import { fitOnNode, podDemand } from '../../../src/core/simulate/node-fit.js'
import { prepareSnapshot } from '../../../src/core/simulate/prepared.js'
import type { SnapshotDaemonPod } from '../../../src/core/snapshot/types.js'
import { daemonPod, snapNode, snapshot } from './helpers.js'

const ownPods: SnapshotDaemonPod[][] = [
  [],
  [daemonPod({ requests: { cpu: '100m', memory: '128Mi' } })],
  [
    daemonPod({
      requests: { cpu: '1', memory: '1Gi' },
      hostPorts: ['TCP/9100']
    })
  ],
  [
    daemonPod({ requests: { cpu: '100m', memory: '128Mi' } }),
    daemonPod({ name: 'agent-y', phase: 'Succeeded' })
  ]
]

const nodeArb = fc.record({
  pods: fc.constantFrom('3', '4', '110'),
  podCount: fc.integer({ min: 0, max: 4 }),
  memory: fc.constantFrom('1Gi', '2Gi', '4Gi'),
  usedMiB: fc.integer({ min: 0, max: 4096 }),
  usedCpu: fc.constantFrom('0', '1500m', '3900m'),
  hostPorts: fc.constantFrom([], ['TCP/9100'], ['UDP/53']),
  own: fc.integer({ min: 0, max: ownPods.length - 1 })
})

const demandArb = fc.record({
  memory: fc.constantFrom('128Mi', '700Mi', '1Gi', '3Gi'),
  cpu: fc.constantFrom('100m', '1', '3'),
  hostPort: fc.boolean()
})

function specOf(d: {
  memory: string
  cpu: string
  hostPort: boolean
}): PodSpec {
  return {
    containers: [
      {
        name: 'agent',
        image: 'x',
        resources: { requests: { cpu: d.cpu, memory: d.memory } },
        ...(d.hostPort
          ? { ports: [{ containerPort: 9100, hostPort: 9100 }] }
          : {})
      }
    ]
  }
}

describe('fit results shared between nodes', () => {
  it('are, node by node, what the node gets when asked first', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 25 }),
        demandArb,
        fc.boolean(),
        (kinds, d, keepOwn) => {
          const nodes = kinds.map((k, i) =>
            snapNode(`node-${i}`, {
              allocatable: { cpu: '4', memory: k.memory, pods: k.pods },
              requested: { cpu: k.usedCpu, memory: `${k.usedMiB}Mi` },
              podCount: k.podCount,
              hostPorts: [...k.hostPorts],
              // Shared lists, as a compact snapshot's pod table gives.
              daemonPods: ownPods[k.own]!
            })
          )
          const prepared = prepareSnapshot(snapshot(nodes))
          const spec = specOf(d)
          const warm = podDemand(spec)
          prepared.nodes.forEach((pn, i) => {
            const own =
              prepared.podsByDaemonSet.get('monitoring/agent')?.[i] ?? []
            const shared = fitOnNode(warm, pn, own, keepOwn, prepared)
            const alone = fitOnNode(podDemand(spec), pn, own, keepOwn, prepared)
            expect(shared).toEqual(alone)
          })
        }
      ),
      { numRuns: 300 }
    )
  })
})
