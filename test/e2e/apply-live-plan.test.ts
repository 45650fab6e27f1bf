import { KubeConfig } from '@kubernetes/client-node'
import { afterEach, describe, expect, it } from 'vitest'
import { KubeClient, type AccessCheck } from '../../src/adapters/kube/client.js'
import { readLiveSnapshot } from '../../src/adapters/kube/live-snapshot.js'
import type { KubeObject } from '../../src/core/k8s/types.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import {
  agent,
  apply,
  clientFor,
  cluster,
  manifests,
  nodes,
  withE2eTimings
} from './apply-helpers.js'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

/** A client whose token "lacks" some verbs (the rehearsal cluster allows everything). */
class RestrictedClient extends KubeClient {
  constructor(
    kubeconfig: string,
    private readonly denied: (c: AccessCheck) => boolean
  ) {
    const kc = new KubeConfig()
    kc.loadFromString(kubeconfig)
    super(kc, { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 })
  }
  override async canI(
    check: AccessCheck
  ): Promise<{ allowed: boolean; reason?: string }> {
    const real = await super.canI(check)
    return this.denied(check) ? { allowed: false } : real
  }
}

function withNodeSelector(ds: KubeObject, selector: Record<string, string>) {
  const spec = ds['spec'] as { template: { spec: Record<string, unknown> } }
  spec.template.spec['nodeSelector'] = selector
  return ds
}

describe('preflight: the plan against the live nodes', () => {
  it('is computed and logged (nodes gaining and losing the daemon, waves, estimate), and its estimate is the ETA', async () => {
    running = await startRehearsalCluster({
      snapshot: nodes(5, (i) => ({
        'kubernetes.io/os': 'linux',
        pool: i <= 3 ? 'a' : 'b'
      })),
      scenario: withE2eTimings(),
      speed: 20
    })
    const client = clientFor(running)
    const created = await apply(client, manifests(agent('agent:1')))
    expect(created.result, created.log.join('\n')).toBe('rolled-out')
    expect(created.report.livePlan?.[0]).toMatch(
      /^live plan kube-system\/agent: created; 5 desired node\(s\) of the live cluster; 5 gain the daemon; /
    )

    // Head runs on pool a only, with a new image: 3 nodes replace, 2 lose it.
    const out = await apply(
      client,
      manifests(withNodeSelector(agent('agent:2'), { pool: 'a' }))
    )
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    const line = out.report.livePlan?.[0] ?? ''
    expect(line).toContain('rolls out; 3 desired node(s) of the live cluster')
    expect(line).toContain('3 replaced, 2 lose it')
    expect(line).toContain('3 wave(s) of at most 1 node(s) (maxUnavailable 1)')
    const estimate = /estimated (\S+)/.exec(line)?.[1]
    expect(estimate).toBeDefined()
    // Logged inside its own group, before anything is applied.
    const group = out.log.indexOf('== Live plan')
    expect(group).toBeGreaterThan(out.log.indexOf('== Preflight'))
    expect(group).toBeLessThan(out.log.indexOf('== Apply'))
    expect(out.log[group + 1]).toBe(line)
    // No --plan given: the live plan's estimate is the planned duration and the ETA.
    expect(out.report.plannedFrom).toBe('live plan')
    expect(out.report.plannedSeconds).toBeGreaterThan(0)
    const progress = out.log.filter((l) =>
      l.startsWith('[kube-system/agent] gate:')
    )
    expect(progress.length).toBeGreaterThan(0)
    expect(progress[0]).toMatch(
      /^\[kube-system\/agent\] gate: \d\/3 updated, \d\/3 available, \d\/3 unavailable, wave ~\d\/3 \(plan\), elapsed \d+s, ETA ~.+ \(live plan estimate .+\)/
    )
    // One SSAR, one page of nodes, one page of pods.
    expect(out.report.livePlanRequests).toBe(3)
  })

  it('a reviewed plan estimate (--plan) wins over the live one; --no-live-plan skips it', async () => {
    running = await cluster(3)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const planned = await apply(client, manifests(agent('agent:2')), {
      plannedSeconds: 600,
      // Reviewed against a 5-node snapshot; the cluster has 3 nodes now.
      reviewedPlan: {
        schemaVersion: 1,
        daemonSets: [
          {
            namespace: 'kube-system',
            name: 'agent',
            change: 'modified',
            rollout: { triggered: true, desired: 5, estimatedSeconds: 600 }
          }
        ]
      }
    })
    expect(planned.result).toBe('rolled-out')
    expect(planned.report.warnings).toContain(
      'DaemonSet kube-system/agent: the reviewed plan simulated 5 desired node(s), the live cluster has 3: its snapshot is stale, so its waves and estimate may be off'
    )
    expect(planned.report.plannedFrom).toBe('plan')
    expect(planned.report.plannedSeconds).toBe(600)
    expect(planned.report.livePlan?.[0]).toContain('rolls out; 3 desired')
    expect(
      planned.log.some(
        (l) => l.includes('ETA ~') && l.includes('(plan estimate 10m)')
      )
    ).toBe(true)

    const skipped = await apply(client, manifests(agent('agent:3')), {
      livePlan: false
    })
    expect(skipped.result).toBe('rolled-out')
    expect(skipped.report.livePlan).toBeUndefined()
    expect(skipped.report.plannedSeconds).toBeUndefined()
    expect(skipped.log).not.toContain('== Live plan')
    expect(skipped.report.livePlanRequests).toBeUndefined()
  })

  it('an unchanged pod template plans no rollout (R4.3) and gives no estimate', async () => {
    running = await cluster(3)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const out = await apply(client, manifests(agent('agent:1')))
    expect(out.result).toBe('rolled-out')
    expect(out.report.livePlan?.[0]).toContain(
      'pod template unchanged, no pods replaced (R4.3)'
    )
    expect(out.report.plannedSeconds).toBeUndefined()
  })

  it('without list pods cluster-wide it reads only the DaemonSet namespace and says so; without list nodes it is skipped; neither stops the run', async () => {
    running = await cluster(3)
    expect(
      (await apply(clientFor(running), manifests(agent('agent:1')))).result
    ).toBe('rolled-out')
    const noClusterPods = new RestrictedClient(
      running.kubeconfig,
      (c) =>
        c.resource === 'pods' && c.verb === 'list' && c.namespace === undefined
    )
    const partial = await apply(noClusterPods, manifests(agent('agent:2')))
    expect(partial.result, partial.log.join('\n')).toBe('rolled-out')
    expect(partial.report.livePlan?.[0]).toContain('3 replaced')
    expect(partial.report.warnings.join('\n')).toContain(
      'only pods in kube-system were read; whether the new pods fit next to other workloads was not checked'
    )

    const noNodes = new RestrictedClient(
      running.kubeconfig,
      (c) => c.resource === 'nodes'
    )
    const skipped = await apply(noNodes, manifests(agent('agent:3')))
    expect(skipped.result, skipped.log.join('\n')).toBe('rolled-out')
    expect(skipped.report.livePlan).toBeUndefined()
    expect(skipped.report.warnings.join('\n')).toContain(
      'live plan skipped: the token may not list nodes'
    )
  })

  it('reads nodes and pods page by page: ceil(nodes/page) + ceil(pods/page) requests', async () => {
    running = await cluster(7)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const before = client.requests.total
    const snapshot = await readLiveSnapshot(client, {
      daemonSets: [],
      pageSize: 3
    })
    expect(snapshot.nodes.map((n) => n.name).sort()).toEqual([
      'node-1',
      'node-2',
      'node-3',
      'node-4',
      'node-5',
      'node-6',
      'node-7'
    ])
    expect(
      snapshot.nodes.reduce((n, node) => n + node.daemonPods.length, 0)
    ).toBe(7)
    // 7 nodes in pages of 3 = 3 requests; 7 agent pods in pages of 3 = 3.
    expect(client.requests.total - before).toBe(6)
  })
})
