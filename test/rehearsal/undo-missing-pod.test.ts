/**
 * Issue 16 item 2, the missing pod: after an undo, a 13-node DaemonSet held
 * desiredNumberScheduled 13, currentNumberScheduled 12 for over 25 minutes
 * with no pod on one node, although the restored template requests nothing.
 *
 * Cause: the node's new pod was Pending (did not fit). The undo made it an
 * old, unavailable pod, which the rolling update deletes at once (R3.9);
 * being unbound it is removed at once, in the same controller pass. The
 * controller skipped passes in which nothing was written since its last
 * pass, and counted its own writes as seen, so nothing ever synced the
 * DaemonSet again in a quiet cluster. A real controller is requeued by the
 * pod's delete event and creates the replacement on its next sync.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import {
  daemonSet,
  dsStatus,
  labels,
  makeNodes,
  manualCluster,
  nodeOf,
  run
} from './helpers.js'

type Obj = Record<string, unknown>
let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const SMALL = 'ip-10-0-42-122'

function template(c: RehearsalCluster): Obj {
  const ds = c.objects.get('apps/daemonsets', 'default', 'agent')!
  return (ds['spec'] as Obj)['template'] as Obj
}

describe('the missing pod after an undo (issue 16)', () => {
  it('recreates the pod of a node whose Pending new pod the undo deleted: desired 13 = current 13', async () => {
    const snapshot = makeNodes(
      Array.from({ length: 12 }, (_, i) => `ip-10-0-40-${i + 1}`)
    )
    // The 13th node has too little memory for the bad template.
    ;(snapshot['nodes'] as Obj[]).push({
      ...(snapshot['nodes'] as Obj[])[0],
      name: SMALL,
      allocatable: { cpu: '4', memory: '1Gi', pods: '110' }
    })
    const c = (cluster = await manualCluster(snapshot, {
      defaults: { pullSeconds: 1, startSeconds: 1, stopSeconds: 1 }
    }))
    c.objects.create(
      'apps/daemonsets',
      'default',
      daemonSet('agent', 'example/agent:1', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1 }
      })
    )
    run(c, 20)
    expect(dsStatus(c, 'agent')['numberAvailable']).toBe(13)
    const good = structuredClone(template(c))

    // The bad template requests 2Gi: its pod on SMALL stays Pending.
    c.objects.patch('apps/daemonsets', 'default', 'agent', {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'agent',
                image: 'example/agent:2',
                resources: { requests: { memory: '2Gi' } }
              }
            ]
          }
        }
      }
    })
    const smallPods = () =>
      c.objects
        .list('pods', 'default')
        .filter(
          (p) =>
            nodeOf(p) === SMALL ||
            JSON.stringify((p['spec'] as Obj)['affinity'] ?? {}).includes(SMALL)
        )
    let stalled = false
    for (let i = 0; i < 400 && !stalled; i++) {
      run(c, 1)
      stalled = smallPods().some(
        (p) =>
          nodeOf(p) === '' &&
          JSON.stringify(p['status']).includes('Insufficient memory')
      )
    }
    expect(stalled).toBe(true)

    // The undo: the previous template back (what kubectl rollout undo sends).
    c.objects.patch('apps/daemonsets', 'default', 'agent', {
      spec: { template: good }
    })
    // 30 simulated minutes of a quiet cluster.
    run(c, 3600)
    const s = dsStatus(c, 'agent')
    expect(s['desiredNumberScheduled']).toBe(13)
    expect(s['currentNumberScheduled']).toBe(13)
    expect(s['numberAvailable']).toBe(13)
    const onSmall = smallPods()
    expect(onSmall).toHaveLength(1)
    expect(nodeOf(onSmall[0]!)).toBe(SMALL)
    expect(labels(onSmall[0]!)['controller-revision-hash']).toBeDefined()
  })
})
