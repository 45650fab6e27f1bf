/**
 * Issue 16 item 1: what the rehearsal's scheduler counts is what its API
 * shows. Seeded from the bundled compact snapshot, every recorded workload
 * is a Pod object on its node, so a snapshot recorded from the rehearsal
 * (the product's recorder, over HTTPS) plans exactly as the seed does.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { KubeConfig } from '@kubernetes/client-node'
import { afterEach, describe, expect, it } from 'vitest'
import { loadManifestSets } from '../../src/adapters/fs/load-manifest-sets.js'
import { recordSnapshot } from '../../src/adapters/kube/snapshot-recorder.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { KUBECTL, kubectlAvailable } from '../support/kubectl.js'
import { FAST, manualCluster, meta, run } from './helpers.js'

type Obj = Record<string, unknown>
const ROOT = new URL('../../', import.meta.url).pathname
const NODE = 'ip-10-0-92-31.eu-west-1.compute.internal'
const exec = promisify(execFile)

let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function example(): Promise<Snapshot> {
  return JSON.parse(
    await readFile(join(ROOT, 'examples/snapshot.json'), 'utf8')
  ) as Snapshot
}

/** What a plan says per node, per DaemonSet: the parts a seed decides. */
function placements(
  snapshot: Snapshot,
  sets: Awaited<ReturnType<typeof loadManifestSets>>
) {
  const plan = buildPlan({
    ...sets,
    snapshot: loadSnapshot(snapshot, 'snapshot'),
    nodeDetail: 'all'
  })
  return plan.daemonSets.map((ds) => ({
    name: `${ds.namespace}/${ds.name}`,
    nodes: (ds.nodeDetail ?? []).map((n) => ({
      name: n.name,
      action: n.action,
      before: n.before,
      after: n.after
    })),
    findings: ds.findings.map((f) => f.code).sort()
  }))
}

describe('a seeded rehearsal shows what it enforces (examples/snapshot.json)', () => {
  it('records the seed node usage back: host port TCP/9100, 4 other pods and their requests on ip-10-0-92-31', async () => {
    const seed = await example()
    const c = (cluster = await manualCluster(seed as unknown as Obj, FAST))
    const onNode = c.objects
      .list('pods')
      .filter((p) => (p['spec'] as Obj)['nodeName'] === NODE)
    // 4 other workloads + the recorded kube-proxy and aws-node pods.
    expect(onNode).toHaveLength(6)
    expect(new Set(onNode.map((p) => meta(p)['namespace']))).toEqual(
      new Set(['snapshot-workloads', 'kube-system'])
    )
    // The namespaces of the seeded pods exist.
    const namespaces = c.objects.list('namespaces').map((n) => meta(n)['name'])
    expect(namespaces).toEqual(
      expect.arrayContaining([
        'snapshot-workloads',
        'kube-system',
        'monitoring'
      ])
    )

    const kc = new KubeConfig()
    kc.loadFromString(c.kubeconfig)
    const recorded = await recordSnapshot(kc)
    const want = seed.nodes.find((n) => n.name === NODE)!
    const got = recorded.nodes.find((n) => n.name === NODE)!
    expect(got.hostPorts).toEqual(['TCP/9100'])
    expect(got.podCount).toBe(4)
    expect(got.requested).toEqual(want.requested)
    const podKey = (p: {
      namespace: string
      name: string
      daemonSet: string
      revisionHash: string
    }) => `${p.namespace}/${p.name} ${p.daemonSet} ${p.revisionHash}`
    expect(got.daemonPods.map(podKey).sort()).toEqual(
      want.daemonPods.map(podKey).sort()
    )
    // Every node reads back as recorded.
    for (const n of seed.nodes) {
      const r = recorded.nodes.find((x) => x.name === n.name)!
      expect({
        node: n.name,
        hostPorts: r.hostPorts,
        podCount: r.podCount
      }).toEqual({
        node: n.name,
        hostPorts: [...n.hostPorts].sort(),
        podCount: n.podCount
      })
      expect(
        r.daemonPods.map((p) => `${p.namespace}/${p.name}:${p.ready}`).sort()
      ).toEqual(
        n.daemonPods
          .filter((p) => p.scheduled !== false)
          .map((p) => `${p.namespace}/${p.name}:${p.ready}`)
          .sort()
      )
    }

    // The plan of examples/base → examples/head is the same from the seed
    // and from the snapshot recorded off the rehearsal.
    const sets = await loadManifestSets({
      base: ['examples/base'],
      head: ['examples/head'],
      cwd: ROOT
    })
    const fromSeed = placements(seed, sets)
    const fromRehearsal = placements(recorded, sets)
    expect(fromSeed.length).toBeGreaterThan(0)
    expect(fromRehearsal).toEqual(fromSeed)
    const exporter = fromSeed.find((d) => d.name === 'monitoring/node-exporter')
    expect(
      exporter?.nodes.filter((n) => n.action === 'pending').map((n) => n.name)
    ).toEqual([NODE])
  })

  it.skipIf(!kubectlAvailable('kubectl describe node on a seeded rehearsal'))(
    'kubectl get pods -A and describe node list the seeded pods and their requests',
    async () => {
      const c = (cluster = await manualCluster(
        (await example()) as unknown as Obj,
        FAST
      ))
      const dir = await mkdtemp(join(tmpdir(), 'seed-visible-'))
      try {
        await writeFile(join(dir, 'kubeconfig'), c.kubeconfig, { mode: 0o600 })
        const kubectl = async (...args: string[]) =>
          (
            await exec(KUBECTL, args, {
              env: {
                PATH: process.env['PATH'] ?? '',
                HOME: dir,
                KUBECONFIG: join(dir, 'kubeconfig')
              },
              timeout: 30_000
            })
          ).stdout
        const pods = await kubectl('get', 'pods', '-A', '-o', 'wide')
        expect(pods).toMatch(/kube-system\s+kube-proxy-ngqm1\s+1\/1\s+Running/)
        expect(pods).toContain(`workload-1-${NODE}`)
        const describe = await kubectl('describe', 'node', NODE)
        expect(describe).toMatch(/Non-terminated Pods:\s+\(6 in total\)/)
        // 3500m of other workloads + kube-proxy 100m + aws-node 25m.
        expect(describe).toMatch(/cpu\s+3625m \(45%\)/)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  )

  it('a kubectl list seed keeps pods of DaemonSets it does not hold (no garbage collection) until one of that name is created', async () => {
    const pod = (name: string, owner?: string): Obj => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'logging',
        labels: { app: owner ?? name, 'controller-revision-hash': 'abc12' },
        ...(owner
          ? {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'DaemonSet',
                  name: owner,
                  uid: 'recorded-uid-1',
                  controller: true
                }
              ]
            }
          : {})
      },
      spec: {
        nodeName: 'n1',
        containers: [
          {
            name: 'c',
            image: 'fluent/fluent-bit:3.0',
            resources: { requests: { cpu: '100m' } },
            ports: [{ containerPort: 2020, hostPort: 2020 }]
          }
        ]
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }]
      }
    })
    const c = (cluster = await manualCluster(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: 'n1', labels: {} },
            status: {
              allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
              conditions: [{ type: 'Ready', status: 'True' }]
            }
          },
          pod('fluent-bit-x1', 'fluent-bit'),
          pod('standalone')
        ]
      },
      FAST
    ))
    expect(c.withoutTemplate).toEqual(['logging/fluent-bit'])
    run(c, 25) // the garbage collector runs every 10 passes
    const names = () =>
      c.objects
        .list('pods', 'logging')
        .map((p) => String(meta(p)['name']))
        .sort()
    expect(names()).toEqual(['fluent-bit-x1', 'standalone'])
    c.objects.create('apps/daemonsets', 'logging', {
      metadata: { name: 'fluent-bit' },
      spec: {
        selector: { matchLabels: { app: 'fluent-bit' } },
        template: {
          metadata: { labels: { app: 'fluent-bit' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'fluent/fluent-bit:3.1',
                ports: [{ containerPort: 2020, hostPort: 2020 }]
              }
            ]
          }
        }
      }
    })
    run(c, 4)
    const after = names()
    expect(after).not.toContain('fluent-bit-x1')
    expect(after).toContain('standalone')
    expect(after.filter((n) => n.startsWith('fluent-bit-'))).toHaveLength(1)
  })
})
