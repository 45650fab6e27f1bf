import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { FAST, manualCluster, meta, nodeOf, run } from './helpers.js'

type Obj = Record<string, unknown>
let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const NODE = 'ip-10-0-11-27.eu-west-1.compute.internal'

/** A DaemonSet in `monitoring` pinned to NODE, with host port 9100. */
function exporter(name: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': NODE },
          containers: [
            {
              name,
              image: 'quay.io/prometheus/node-exporter:v1.8.2',
              ports: [{ containerPort: 9100, hostPort: 9100 }]
            }
          ]
        }
      }
    }
  }
}

function podsOf(c: RehearsalCluster, app: string): Obj[] {
  return c.objects
    .list('pods', 'monitoring')
    .filter((p) => (meta(p)['labels'] as Obj | undefined)?.['app'] === app)
}

function scheduledCondition(pod: Obj): Obj | undefined {
  return (((pod['status'] as Obj)['conditions'] ?? []) as Obj[]).find(
    (c) => c['type'] === 'PodScheduled'
  )
}

describe('seeding from the bundled example snapshot (examples/snapshot.json)', () => {
  it('keeps the recorded pods of template-less DaemonSets on their nodes until a DaemonSet of that name replaces them (R1.18 host ports)', async () => {
    const snapshot = JSON.parse(
      await readFile(
        new URL('../../examples/snapshot.json', import.meta.url),
        'utf8'
      )
    ) as Obj
    const c = (cluster = await manualCluster(snapshot, FAST))
    expect(c.objects.list('nodes').map((n) => meta(n)['name'])).toEqual(
      (snapshot['nodes'] as Obj[]).map((n) => n['name'])
    )
    // The example records DaemonSets by name and hash only: none can run.
    expect(c.withoutTemplate).toEqual([
      'kube-system/aws-node',
      'kube-system/kube-proxy',
      'monitoring/node-agent',
      'monitoring/node-exporter'
    ])
    expect(c.objects.list('apps/daemonsets')).toEqual([])

    // node-exporter's recorded pod still holds TCP/9100 on the node.
    c.objects.create('apps/daemonsets', 'monitoring', exporter('other'))
    run(c, 4)
    const other = podsOf(c, 'other')
    expect(other).toHaveLength(1)
    expect(nodeOf(other[0]!)).toBe('')
    expect(scheduledCondition(other[0]!)).toMatchObject({
      status: 'False',
      reason: 'Unschedulable'
    })
    expect(String(scheduledCondition(other[0]!)?.['message'])).toContain(
      "1 node(s) didn't have free ports for the requested pod ports"
    )

    c.objects.delete('apps/daemonsets', 'monitoring', 'other')
    c.objects.delete('pods', 'monitoring', String(meta(other[0]!)['name']))
    expect(podsOf(c, 'other')).toEqual([])

    // Applying node-exporter itself replaces the recorded pods: its new pod
    // gets the port.
    c.objects.create('apps/daemonsets', 'monitoring', exporter('node-exporter'))
    run(c, 4)
    expect(podsOf(c, 'node-exporter').map(nodeOf)).toEqual([NODE])
  })
})
