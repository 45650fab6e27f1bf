/**
 * Kubernetes' own placement cases of pkg/controller/daemon/
 * daemon_controller_test.go, replayed against the rehearsal controller:
 * each `it` is named after the Go test it ports and asserts the same
 * creates and deletes for one controller sync. Like the Go tests, each
 * runs under both update strategies (OnDelete, RollingUpdate with
 * maxUnavailable 1; updateStrategies()).
 *
 * Not ported, because the rehearsal's API server (like a real one) does
 * not let the state exist: TestDontDoAnythingIfBeingDeleted (a DaemonSet
 * created with a deletionTimestamp) and
 * TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector (an empty selector
 * is rejected at create, R8.5). Event counts are not compared.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  ControllerHarness,
  newDaemonSet,
  nodes,
  rollingUpdate,
  SIMPLE_DS_LABEL,
  SIMPLE_DS_LABEL2,
  SIMPLE_NODE_LABEL,
  SIMPLE_NODE_LABEL2,
  syncsAsserted,
  targetNode,
  type NodeSpec
} from './k8s-harness.js'

type Obj = Record<string, unknown>
let h: ControllerHarness | undefined
afterEach(async () => {
  await h?.stop()
  h = undefined
})
afterAll(() => {
  if (process.env['K8S_PORT_COUNTS'] === '1')
    console.log(JSON.stringify(Object.fromEntries(syncsAsserted), null, 1))
})

const STRATEGIES: [string, Obj][] = [
  ['OnDelete', { type: 'OnDelete' }],
  ['RollingUpdate', rollingUpdate(1)]
]

/** A DaemonSet of newDaemonSet("foo") with the strategy and template spec changes. */
function ds(strategy: Obj, spec: Obj = {}, name = 'foo'): Obj {
  const d = newDaemonSet(name, spec)
  ;(d['spec'] as Obj)['updateStrategy'] = strategy
  return d
}

async function start(
  test: string,
  strategy: string,
  nodeSpecs: NodeSpec[]
): Promise<ControllerHarness> {
  h = await ControllerHarness.start(`${test} (${strategy})`, nodeSpecs)
  return h
}

const resources = (memory: string, cpu: string) => ({
  requests: { memory, cpu }
})
const taint = (key: string, effect: string, value?: string) => ({
  key,
  effect,
  ...(value !== undefined ? { value } : {})
})
const NO_SCHEDULE_TAINTS = [taint('dedicated', 'NoSchedule', 'user1')]
const NO_EXECUTE_TAINTS = [taint('dedicated', 'NoExecute', 'user1')]
const NO_SCHEDULE_TOLERATIONS = [
  { key: 'dedicated', value: 'user1', effect: 'NoSchedule' }
]

describe('daemon_controller_test.go placement cases, against the rehearsal controller', () => {
  describe.each(STRATEGIES)('%s', (name, strategy) => {
    it('TestSimpleDaemonSetLaunchesPods', async () => {
      const t = await start(
        'TestSimpleDaemonSetLaunchesPods',
        name,
        nodes(0, 5)
      )
      t.addDaemonSet(ds(strategy))
      t.expectSync(5, 0)
      // unbound, each targeting one node through a single matchFields term
      const pods = t.pods()
      expect(
        pods.every((p) => (p['spec'] as Obj)['nodeName'] === undefined)
      ).toBe(true)
      expect(new Set(pods.map(targetNode))).toEqual(
        new Set(['node-0', 'node-1', 'node-2', 'node-3', 'node-4'])
      )
    })

    it('TestNoNodesDoesNothing', async () => {
      const t = await start('TestNoNodesDoesNothing', name, [])
      t.addDaemonSet(ds(strategy))
      t.expectSync(0, 0)
    })

    it('TestOneNodeDaemonLaunchesPod', async () => {
      const t = await start('TestOneNodeDaemonLaunchesPod', name, [
        { name: 'only-node' }
      ])
      t.addDaemonSet(ds(strategy))
      t.expectSync(1, 0)
    })

    it('TestNotReadyNodeDaemonDoesLaunchPod', async () => {
      const t = await start('TestNotReadyNodeDaemonDoesLaunchPod', name, [
        { name: 'not-ready', ready: 'False' }
      ])
      t.addDaemonSet(ds(strategy))
      t.expectSync(1, 0)
    })

    it('TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod', async () => {
      const t = await start(
        'TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod',
        name,
        [
          {
            name: 'too-much-mem',
            allocatable: { memory: '100M', cpu: '200m', pods: '100' }
          }
        ]
      )
      const spec = {
        nodeName: 'too-much-mem',
        containers: [
          { name: 'c', image: 'foo/bar', resources: resources('75M', '75m') }
        ]
      }
      t.addDaemonSet(ds(strategy, spec))
      // a pod of no DaemonSet already uses the node
      t.addPods('too-much-mem', {}, 1, {
        current: false,
        owned: false,
        spec
      })
      t.expectSync(1, 0)
    })

    it('TestNetworkUnavailableNodeDaemonLaunchesPod', async () => {
      const t = await start(
        'TestNetworkUnavailableNodeDaemonLaunchesPod',
        name,
        [
          {
            name: 'network-unavailable',
            conditions: [{ type: 'NetworkUnavailable', status: 'True' }]
          }
        ]
      )
      t.addDaemonSet(ds(strategy, {}, 'simple'))
      t.expectSync(1, 0)
    })

    it('TestPortConflictWithSameDaemonPodDoesNotDeletePod', async () => {
      const t = await start(
        'TestPortConflictWithSameDaemonPodDoesNotDeletePod',
        name,
        [{ name: 'port-conflict' }]
      )
      t.addDaemonSet(
        ds(strategy, {
          nodeName: 'port-conflict',
          containers: [
            {
              name: 'c',
              image: 'foo/bar',
              ports: [{ containerPort: 666, hostPort: 666 }]
            }
          ]
        })
      )
      t.addPods('port-conflict', SIMPLE_DS_LABEL, 1)
      t.expectSync(0, 0)
    })

    it('TestNoPortConflictNodeDaemonLaunchesPod', async () => {
      const t = await start('TestNoPortConflictNodeDaemonLaunchesPod', name, [
        { name: 'no-port-conflict' }
      ])
      const port = (p: number) => ({
        nodeName: 'no-port-conflict',
        containers: [
          {
            name: 'c',
            image: 'foo/bar',
            ports: [{ containerPort: p, hostPort: p }]
          }
        ]
      })
      t.addDaemonSet(ds(strategy, port(6662)))
      t.addPods('no-port-conflict', {}, 1, {
        current: false,
        owned: false,
        spec: port(6661)
      })
      t.expectSync(1, 0)
    })

    it('TestDealsWithExistingPods', async () => {
      const t = await start('TestDealsWithExistingPods', name, nodes(0, 5))
      t.addDaemonSet(ds(strategy))
      t.addPods('node-1', SIMPLE_DS_LABEL, 1)
      t.addPods('node-2', SIMPLE_DS_LABEL, 2)
      t.addPods('node-3', SIMPLE_DS_LABEL, 5)
      t.addPods('node-4', SIMPLE_DS_LABEL2, 2)
      t.expectSync(2, 5)
    })

    it('TestSelectorDaemonLaunchesPods', async () => {
      const t = await start('TestSelectorDaemonLaunchesPods', name, [
        ...nodes(0, 4),
        ...nodes(4, 3, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL }))
      t.expectSync(3, 0)
    })

    it('TestSelectorDaemonDeletesUnselectedPods', async () => {
      const t = await start('TestSelectorDaemonDeletesUnselectedPods', name, [
        ...nodes(0, 5),
        ...nodes(5, 5, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL }))
      t.addPods('node-0', SIMPLE_DS_LABEL2, 2)
      t.addPods('node-1', SIMPLE_DS_LABEL, 3)
      t.addPods('node-1', SIMPLE_DS_LABEL2, 1)
      t.addPods('node-4', SIMPLE_DS_LABEL, 1)
      t.expectSync(5, 4)
    })

    it('TestSelectorDaemonDealsWithExistingPods', async () => {
      const t = await start('TestSelectorDaemonDealsWithExistingPods', name, [
        ...nodes(0, 5),
        ...nodes(5, 5, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL }))
      t.addPods('node-0', SIMPLE_DS_LABEL, 1)
      t.addPods('node-1', SIMPLE_DS_LABEL, 3)
      t.addPods('node-1', SIMPLE_DS_LABEL2, 2)
      t.addPods('node-2', SIMPLE_DS_LABEL, 4)
      t.addPods('node-6', SIMPLE_DS_LABEL, 13)
      t.addPods('node-7', SIMPLE_DS_LABEL2, 4)
      t.addPods('node-9', SIMPLE_DS_LABEL, 1)
      t.addPods('node-9', SIMPLE_DS_LABEL2, 1)
      t.expectSync(3, 20)
    })

    it('TestBadSelectorDaemonDoesNothing', async () => {
      const t = await start('TestBadSelectorDaemonDoesNothing', name, [
        ...nodes(0, 4),
        ...nodes(4, 3, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL2 }))
      t.expectSync(0, 0)
    })

    it('TestNameDaemonSetLaunchesPods', async () => {
      const t = await start('TestNameDaemonSetLaunchesPods', name, nodes(0, 5))
      t.addDaemonSet(ds(strategy, { nodeName: 'node-0' }))
      t.expectSync(1, 0)
    })

    it('TestBadNameDaemonSetDoesNothing', async () => {
      const t = await start(
        'TestBadNameDaemonSetDoesNothing',
        name,
        nodes(0, 5)
      )
      t.addDaemonSet(ds(strategy, { nodeName: 'node-10' }))
      t.expectSync(0, 0)
    })

    it('TestNameAndSelectorDaemonSetLaunchesPods', async () => {
      const t = await start('TestNameAndSelectorDaemonSetLaunchesPods', name, [
        ...nodes(0, 4),
        ...nodes(4, 3, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(
        ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL, nodeName: 'node-6' })
      )
      t.expectSync(1, 0)
    })

    it('TestInconsistentNameSelectorDaemonSetDoesNothing', async () => {
      const t = await start(
        'TestInconsistentNameSelectorDaemonSetDoesNothing',
        name,
        [...nodes(0, 4), ...nodes(4, 3, SIMPLE_NODE_LABEL)]
      )
      t.addDaemonSet(
        ds(strategy, { nodeSelector: SIMPLE_NODE_LABEL, nodeName: 'node-0' })
      )
      t.expectSync(0, 0)
    })

    it('TestNodeAffinityDaemonLaunchesPods', async () => {
      const t = await start('TestNodeAffinityDaemonLaunchesPods', name, [
        ...nodes(0, 4),
        ...nodes(4, 3, SIMPLE_NODE_LABEL)
      ])
      t.addDaemonSet(
        ds(strategy, {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'color', operator: 'In', values: ['blue'] }
                    ]
                  }
                ]
              }
            }
          }
        })
      )
      t.expectSync(3, 0)
    })

    it.each([
      {
        failed: 0,
        normal: 1,
        creates: 0,
        deletes: 0,
        test: 'normal (do nothing)'
      },
      {
        failed: 0,
        normal: 0,
        creates: 1,
        deletes: 0,
        test: 'no pods (create 1)'
      },
      {
        failed: 1,
        normal: 0,
        creates: 0,
        deletes: 1,
        test: '1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)'
      },
      {
        failed: 1,
        normal: 3,
        creates: 0,
        deletes: 3,
        test: '1 failed pod (kill 1), 3 normal pods (kill 2)'
      }
    ])('TestDaemonKillFailedPods: $test', async (c) => {
      const t = await start(
        `TestDaemonKillFailedPods: ${c.test}`,
        name,
        nodes(0, 1)
      )
      t.addDaemonSet(ds(strategy))
      t.addPods('node-0', SIMPLE_DS_LABEL, c.failed, { phase: 'Failed' })
      t.addPods('node-0', SIMPLE_DS_LABEL, c.normal)
      t.expectSync(c.creates, c.deletes)
    })

    it('TestDaemonKillFailedPodsBackoff', async () => {
      const t = await start(
        'TestDaemonKillFailedPodsBackoff',
        name,
        nodes(0, 1)
      )
      t.addDaemonSet(ds(strategy))
      t.addPods('node-0', SIMPLE_DS_LABEL, 1, { phase: 'Failed' })
      // the first sync deletes the pod, starting the back-off
      t.expectSync(0, 1)
      // The Go fake fails to delete a pod it did not create, so the failed
      // pod stays there; here the delete succeeds, so the kubelet fails a
      // pod again at once (the hot loop the back-off exists for).
      t.addPods('node-0', SIMPLE_DS_LABEL, 1, { phase: 'Failed' })
      // an immediate second sync is limited by the back-off
      t.expectSync(0, 0)
      // just before the back-off ends: still limited
      t.cluster.advance(999)
      t.expectSync(0, 0)
      // after the back-off, the failed pod is deleted
      t.cluster.advance(1)
      t.expectSync(0, 1)
    })

    it('TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod', async () => {
      const t = await start(
        'TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod',
        name,
        [{ name: 'tainted', taints: NO_SCHEDULE_TAINTS }]
      )
      t.addDaemonSet(ds(strategy, {}, 'intolerant'))
      t.addPods('tainted', SIMPLE_DS_LABEL, 1, { ds: 'intolerant' })
      t.expectSync(0, 0)
    })

    it('TestNoExecuteTaintedDoesEvicitRunningIntolerantPod', async () => {
      const t = await start(
        'TestNoExecuteTaintedDoesEvicitRunningIntolerantPod',
        name,
        [{ name: 'tainted', taints: NO_EXECUTE_TAINTS }]
      )
      t.addDaemonSet(ds(strategy, {}, 'intolerant'))
      t.addPods('tainted', SIMPLE_DS_LABEL, 1, { ds: 'intolerant' })
      t.expectSync(0, 1)
    })

    it('TestTaintedNodeDaemonDoesNotLaunchIntolerantPod', async () => {
      const t = await start(
        'TestTaintedNodeDaemonDoesNotLaunchIntolerantPod',
        name,
        [{ name: 'tainted', taints: NO_SCHEDULE_TAINTS }]
      )
      t.addDaemonSet(ds(strategy, {}, 'intolerant'))
      t.expectSync(0, 0)
    })

    it('TestTaintedNodeDaemonLaunchesToleratePod', async () => {
      const t = await start('TestTaintedNodeDaemonLaunchesToleratePod', name, [
        { name: 'tainted', taints: NO_SCHEDULE_TAINTS }
      ])
      t.addDaemonSet(
        ds(strategy, { tolerations: NO_SCHEDULE_TOLERATIONS }, 'tolerate')
      )
      t.expectSync(1, 0)
    })

    it('TestNotReadyNodeDaemonLaunchesPod', async () => {
      const t = await start('TestNotReadyNodeDaemonLaunchesPod', name, [
        {
          name: 'tainted',
          ready: 'False',
          taints: [taint('node.kubernetes.io/not-ready', 'NoExecute')]
        }
      ])
      t.addDaemonSet(ds(strategy, {}, 'simple'))
      t.expectSync(1, 0)
    })

    it('TestUnreachableNodeDaemonLaunchesPod', async () => {
      const t = await start('TestUnreachableNodeDaemonLaunchesPod', name, [
        {
          name: 'tainted',
          ready: 'Unknown',
          taints: [taint('node.kubernetes.io/unreachable', 'NoExecute')]
        }
      ])
      t.addDaemonSet(ds(strategy, {}, 'simple'))
      t.expectSync(1, 0)
    })

    it('TestNodeDaemonLaunchesToleratePod', async () => {
      const t = await start(
        'TestNodeDaemonLaunchesToleratePod',
        name,
        nodes(0, 1)
      )
      t.addDaemonSet(
        ds(strategy, { tolerations: NO_SCHEDULE_TOLERATIONS }, 'tolerate')
      )
      t.expectSync(1, 0)
    })

    it('TestDaemonSetRespectsTermination', async () => {
      const t = await start(
        'TestDaemonSetRespectsTermination',
        name,
        nodes(0, 1, SIMPLE_NODE_LABEL)
      )
      t.addDaemonSet(ds(strategy))
      t.addPods('node-0', SIMPLE_DS_LABEL, 1, { deleting: true })
      t.expectSync(0, 0)
    })

    it('TestTaintPressureNodeDaemonLaunchesPod', async () => {
      const t = await start('TestTaintPressureNodeDaemonLaunchesPod', name, [
        {
          name: 'resources-pressure',
          conditions: [
            { type: 'DiskPressure', status: 'True' },
            { type: 'MemoryPressure', status: 'True' },
            { type: 'PIDPressure', status: 'True' }
          ],
          taints: [
            taint('node.kubernetes.io/disk-pressure', 'NoSchedule'),
            taint('node.kubernetes.io/memory-pressure', 'NoSchedule'),
            taint('node.kubernetes.io/pid-pressure', 'NoSchedule')
          ]
        }
      ])
      t.addDaemonSet(ds(strategy, {}, 'critical'))
      t.expectSync(1, 0)
    })
  })

  it('TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod', async () => {
    const t = await start(
      'TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod',
      'OnDelete',
      [
        {
          name: 'not-enough-resource',
          allocatable: { memory: '10M', cpu: '20m', pods: '100' }
        },
        {
          name: 'enough-resource',
          labels: SIMPLE_NODE_LABEL,
          allocatable: { memory: '100M', cpu: '200m', pods: '100' }
        }
      ]
    )
    t.addDaemonSet(
      ds(
        { type: 'OnDelete' },
        {
          nodeSelector: SIMPLE_NODE_LABEL,
          containers: [
            { name: 'c', image: 'foo/bar', resources: resources('50M', '75m') }
          ]
        }
      )
    )
    t.expectSync(1, 0)
  })

  it('TestSelectorDaemonSetLaunchesPods', async () => {
    const t = await start('TestSelectorDaemonSetLaunchesPods', 'OnDelete', [
      ...nodes(0, 4),
      ...nodes(4, 3, SIMPLE_NODE_LABEL)
    ])
    t.addDaemonSet(
      ds({ type: 'OnDelete' }, { nodeSelector: SIMPLE_NODE_LABEL })
    )
    t.expectSync(3, 0)
  })
})
