import { afterEach, describe, expect, it } from 'vitest'
import { KubeClient, type AccessCheck } from '../../src/adapters/kube/client.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import {
  agent,
  apply,
  clientFor,
  cluster,
  configMap,
  FAST_GATE,
  manifests
} from './apply-helpers.js'
import { KubeConfig } from '@kubernetes/client-node'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

/** The rehearsal cluster allows everything; this client's token "lacks" some verbs. */
class RestrictedClient extends KubeClient {
  reviews = 0
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
    this.reviews += 1
    const real = await super.canI(check)
    return this.denied(check)
      ? { allowed: false, reason: 'denied in test' }
      : real
  }
}

/** Pod and DaemonSet watches dropped every 1-1.5 s; bursts of 500s on lists and gets. */
const FLAKY_API = [
  {
    api: {
      verb: 'watch',
      resource: 'pods',
      effect: 'disconnect',
      everySeconds: 1
    }
  },
  {
    api: {
      verb: 'watch',
      resource: 'daemonsets',
      effect: 'disconnect',
      everySeconds: 1.5
    }
  },
  {
    api: {
      verb: 'list',
      resource: 'pods',
      effect: 'status',
      code: 500,
      burst: 2,
      everySeconds: 1
    }
  },
  {
    api: {
      verb: 'get',
      resource: 'daemonsets',
      effect: 'status',
      code: 500,
      burst: 2,
      everySeconds: 1
    }
  }
]

describe('preflight, API faults and cancellation against the rehearsal cluster', () => {
  it('missing permissions stop the run before any write, listing every missing verb', async () => {
    running = await cluster(3)
    expect(
      (await apply(clientFor(running), manifests(agent('agent:1')))).result
    ).toBe('rolled-out')
    const before = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { metadata: { resourceVersion: string } }
    const client = new RestrictedClient(
      running.kubeconfig,
      (c) =>
        (c.resource === 'daemonsets' && c.verb === 'patch') ||
        (c.resource === 'configmaps' && c.verb === 'patch')
    )
    const out = await apply(
      client,
      manifests(configMap({ a: 'b' }), agent('agent:2'))
    )
    expect(out.result).toBe('failed')
    expect(out.report.summary).toContain(
      'missing permission: patch configmaps in namespace kube-system'
    )
    expect(out.report.summary).toContain(
      'missing permission: patch apps/daemonsets in namespace kube-system'
    )
    // No write of any kind: no PATCH (not even a dry run), PUT or DELETE,
    // and every POST was a SelfSubjectAccessReview.
    expect(client.requests.byKind['PATCH'] ?? 0).toBe(0)
    expect(client.requests.byKind['PUT'] ?? 0).toBe(0)
    expect(client.requests.byKind['DELETE'] ?? 0).toBe(0)
    expect(client.reviews).toBeGreaterThan(0)
    expect(client.requests.byKind['POST']).toBe(client.reviews)
    expect(out.report.clusterState).toEqual([
      'unchanged: the run stopped before any write'
    ])
    expect(
      running.objects.get('configmaps', 'kube-system', 'agent-config')
    ).toBeUndefined()
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')
    expect(
      (ds as unknown as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion
    ).toBe(before.metadata.resourceVersion)
  })

  it('an immutable selector change is caught in preflight (R4.8)', async () => {
    running = await cluster(2)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const changed = agent('agent:2')
    ;(changed['spec'] as { selector: unknown }).selector = {
      matchLabels: { app: 'agent', tier: 'node' }
    }
    const out = await apply(client, manifests(changed))
    expect(out.result).toBe('failed')
    expect(out.report.summary).toContain('spec.selector cannot change (R4.8')
  })

  it('drift from the reviewed plan base stops the run', async () => {
    running = await cluster(2)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const out = await apply(client, manifests(agent('agent:3')), {
      base: manifests(agent('agent:2'))
    })
    expect(out.result).toBe('failed')
    expect(out.report.summary).toContain(
      'drifted from the reviewed plan: live spec.template.spec.containers[0].image differs'
    )
  })

  it('a dropped pod watch and bursts of 500s do not break the gate', async () => {
    running = await cluster(
      5,
      {
        faults: FLAKY_API
      },
      10
    )
    const client = clientFor(running)
    const first = await apply(client, manifests(agent('agent:1')))
    expect(first.result, first.log.join('\n')).toBe('rolled-out')
    const second = await apply(client, manifests(agent('agent:2')))
    expect(second.result, second.log.join('\n')).toBe('rolled-out')
    const watchLine =
      second.report.timeline.find(
        (t) => t.phase === 'gate' && t.message.includes('watch request')
      )?.message ?? ''
    const watches = Number(/(\d+) watch request/.exec(watchLine)?.[1])
    // One watch per collection (DaemonSet, pods, nodes) would be 3: more means drops were survived.
    expect(watches, watchLine).toBeGreaterThan(3)
    // The 500 bursts were met and retried (bounded), not fatal.
    expect(client.requests.retries).toBeGreaterThan(0)
  })

  it('under the same dropped watches and 500s a bad image is still caught within seconds and undone', async () => {
    running = await cluster(
      5,
      {
        faults: [...FLAKY_API, { image: '*:bad-*', effect: 'ImagePullBackOff' }]
      },
      10
    )
    const client = clientFor(running)
    const first = await apply(client, manifests(agent('agent:1')))
    expect(first.result, first.log.join('\n')).toBe('rolled-out')
    const started = Date.now()
    const out = await apply(client, manifests(agent('agent:bad-2')))
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    expect(out.report.failing[0]?.reason).toMatch(
      /ErrImagePull|ImagePullBackOff/
    )
    // Caught on the first failing pod, not by a deadline (30 s) or the timeout.
    expect(out.report.daemonSets[0]!.gate).not.toMatch(/no progress|timed out/)
    expect(Date.now() - started).toBeLessThan(25_000)
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')
    expect(client.requests.retries).toBeGreaterThan(0)
  })

  it('a cancelled run (SIGTERM) with on-cancel undo puts the previous template back', async () => {
    running = await cluster(4, { defaults: { pullSeconds: 20 } }, 5)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 1500)
    const out = await apply(
      client,
      manifests(agent('agent:2')),
      {},
      controller.signal
    )
    expect(out.report.cancelled).toBe(true)
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')
  })

  it('a cancelled run with on-cancel leave leaves the rollout as it is', async () => {
    running = await cluster(4, { defaults: { pullSeconds: 20 } }, 5)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 1500)
    const out = await apply(
      client,
      manifests(agent('agent:2')),
      { onCancel: 'leave' },
      controller.signal
    )
    expect(out.result).toBe('failed')
    expect(out.report.summary).toContain('on-cancel: leave')
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:2')
  })

  it('refuses to start while a rollout of the same DaemonSet is in progress', async () => {
    running = await cluster(4, { defaults: { pullSeconds: 30 } }, 5)
    const client = clientFor(running)
    expect(
      (
        await apply(client, manifests(agent('agent:1')), {
          gate: {
            ...(await import('./apply-helpers.js')).FAST_GATE,
            timeoutSeconds: 120
          }
        })
      ).result
    ).toBe('rolled-out')
    await client.apply(agent('agent:2'), { force: false, dryRun: false })
    const out = await apply(client, manifests(agent('agent:3')))
    expect(out.result).toBe('failed')
    expect(out.report.summary).toContain('already in progress')
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:2')
  })
})

describe('concurrency: wait for a rollout in progress', () => {
  it('with concurrency wait, starts only once the rollout in progress converged; a short wait gives up before any write', async () => {
    running = await cluster(4, { defaults: { pullSeconds: 20 } }, 10)
    const c = running
    const client = clientFor(c)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    // Someone else's rollout (about 4 x 2 s at maxUnavailable 1).
    await client.apply(agent('agent:2'), { force: false, dryRun: false })
    const short = await apply(client, manifests(agent('agent:3')), {
      concurrency: 'wait',
      concurrencyWaitSeconds: 1
    })
    expect(short.result).toBe('failed')
    expect(short.report.summary).toContain(
      'already in progress did not converge within 1s'
    )
    expect(short.report.clusterState).toEqual([
      'unchanged: the run stopped before any write'
    ])
    const live = () =>
      c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
        spec: { template: { spec: { containers: { image: string }[] } } }
        status: Record<string, number>
      }
    expect(live().spec.template.spec.containers[0]!.image).toBe('agent:2')

    const out = await apply(client, manifests(agent('agent:3')), {
      concurrency: 'wait',
      concurrencyWaitSeconds: 60
    })
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    expect(out.log.join('\n')).toContain(
      'waiting up to 60s for the rollout of kube-system/agent in progress to converge'
    )
    // The rollout it waited for finished first: revision 2 is what it recorded.
    expect(out.revisionBefore).toBe('2')
    expect(live().spec.template.spec.containers[0]!.image).toBe('agent:3')
  })
})

describe('sick nodes against the rehearsal cluster', () => {
  it('a node that is NotReady is attributed to the node: the rollout succeeds and the node is reported', async () => {
    running = await cluster(5)
    const client = clientFor(running)
    expect(
      (await apply(client, manifests(agent('agent:1', { maxUnavailable: 2 }))))
        .result
    ).toBe('rolled-out')
    // not-ready:NoSchedule is not tolerated (R1.14), so the node leaves
    // desiredNumberScheduled; its old pod stays, and must not fail the run.
    running.setNodeReady('node-5', false)
    const out = await apply(
      client,
      manifests(agent('agent:2', { maxUnavailable: 2 })),
      { gate: { ...FAST_GATE, progressDeadlineSeconds: 20 } }
    )
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    expect(
      out.report.timeline.some((t) =>
        t.message.includes('node node-5 is NotReady')
      )
    ).toBe(true)
  })

  it('a node that goes NotReady during the rollout, while its new pod starts, is attributed to the node: the rollout succeeds and the node is reported', async () => {
    running = await cluster(5, { defaults: { pullSeconds: 20 } })
    const c = running
    const client = clientFor(c)
    expect(
      (await apply(client, manifests(agent('agent:1', { maxUnavailable: 2 }))))
        .result
    ).toBe('rolled-out')
    // The moment a new pod is bound to node-5, the node goes NotReady.
    let wentDown = false
    const stop = c.objects.subscribe((e) => {
      if (wentDown || !e.resource.endsWith('pods')) return
      const spec = e.object['spec'] as {
        nodeName?: string
        containers: { image: string }[]
      }
      if (
        spec.nodeName === 'node-5' &&
        spec.containers[0]!.image === 'agent:2'
      ) {
        wentDown = true
        setTimeout(() => c.setNodeReady('node-5', false), 0)
      }
    })
    const out = await apply(
      client,
      manifests(agent('agent:2', { maxUnavailable: 2 })),
      { gate: { ...FAST_GATE, progressDeadlineSeconds: 20 } }
    )
    stop()
    expect(wentDown).toBe(true)
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    expect(
      out.report.timeline.some((t) =>
        t.message.includes('node node-5 is NotReady')
      ),
      out.report.timeline.map((t) => t.message).join('\n')
    ).toBe(true)
    expect(out.failedNodes).toEqual([])
  })

  it('a NotReady node that uses up maxUnavailable 1 deadlocks the controller (R3.10): no progress, the node is named, the change is undone', async () => {
    running = await cluster(4)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    running.setNodeReady('node-4', false)
    const out = await apply(client, manifests(agent('agent:2')), {
      gate: { ...FAST_GATE, progressDeadlineSeconds: 4 }
    })
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    expect(out.report.daemonSets[0]!.gate).toContain('no progress for 4s')
    expect(out.report.daemonSets[0]!.gate).toMatch(
      /blocked by pod kube-system\/agent-\w+ on node-4: Terminating, node NotReady since \d\d:\d\d:\d\dZ; NotReady node\(s\) hold pods that count as unavailable and use up maxUnavailable, so the controller replaces nothing else \(R3\.10\)/
    )
  })
})

describe('cancellation before the gate', () => {
  it('a run cancelled before its first write changes nothing and starts nothing', async () => {
    running = await cluster(3)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const live = () =>
      running!.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
        metadata: { resourceVersion: string }
        spec: { template: { spec: { containers: { image: string }[] } } }
      }
    const before = live().metadata.resourceVersion
    const controller = new AbortController()
    controller.abort()
    const out = await apply(
      client,
      manifests(agent('agent:2')),
      {},
      controller.signal
    )
    expect(out.report.cancelled).toBe(true)
    expect(out.result).toBe('failed')
    expect(out.report.summary).toBe(
      'Cancelled before any write; nothing was changed.'
    )
    expect(out.report.clusterState).toEqual([
      'unchanged: the run stopped before any write'
    ])
    expect(live().metadata.resourceVersion).toBe(before)
    expect(live().spec.template.spec.containers[0]!.image).toBe('agent:1')
  })

  it('a run cancelled the moment its DaemonSet is applied stops the gate at once and undoes', async () => {
    running = await cluster(3)
    const c = running
    const client = clientFor(c)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const controller = new AbortController()
    const stop = c.objects.subscribe((e) => {
      if (!e.resource.endsWith('daemonsets')) return
      const spec = e.object['spec'] as {
        template: { spec: { containers: { image: string }[] } }
      }
      if (spec.template.spec.containers[0]!.image === 'agent:2')
        controller.abort()
    })
    const started = Date.now()
    const out = await apply(
      client,
      manifests(agent('agent:2')),
      {},
      controller.signal
    )
    stop()
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(out.report.cancelled).toBe(true)
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    const ds = c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
      spec: { template: { spec: { containers: { image: string }[] } } }
    }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')
  })
})
