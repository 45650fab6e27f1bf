import { afterEach, describe, expect, it } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import {
  agent,
  apply,
  clientFor,
  cluster,
  configMap,
  manifests
} from './apply-helpers.js'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

describe('apply against the rehearsal cluster', () => {
  it('a good change rolls out and the run succeeds (R5.6 + soak)', async () => {
    running = await cluster(4)
    const client = clientFor(running)
    const first = await apply(
      client,
      manifests(
        configMap({ level: 'info' }),
        agent('agent:1', { configMap: true })
      )
    )
    expect(first.result, first.log.join('\n')).toBe('rolled-out')
    const second = await apply(
      client,
      manifests(
        configMap({ level: 'debug' }),
        agent('agent:2', { configMap: true })
      )
    )
    expect(second.result, second.log.join('\n')).toBe('rolled-out')
    expect(second.revisionBefore).toBe('1')
    expect(second.revisionAfter).toBe('2')
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as {
      spec: { template: { spec: { containers: { image: string }[] } } }
      status: Record<string, number>
    }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:2')
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 4,
      updatedNumberScheduled: 4,
      numberAvailable: 4
    })
    expect(
      second.log.some((l) =>
        /\[kube-system\/agent\] gate: \d\/4 updated/.test(l)
      )
    ).toBe(true)
  })
})

describe('API cost of a gated rollout', () => {
  async function cost(nodeCount: number) {
    running = await cluster(nodeCount)
    expect(
      (
        await apply(
          clientFor(running),
          manifests(agent('agent:1', { maxUnavailable: '25%' }))
        )
      ).result
    ).toBe('rolled-out')
    const client = clientFor(running)
    const out = await apply(
      client,
      manifests(agent('agent:2', { maxUnavailable: '25%' }))
    )
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    await running.stop()
    running = undefined
    return { ...client.requests, report: out.report }
  }

  it('does not grow with the number of nodes or events (watches, no polling); the live plan is counted in it', async () => {
    const small = await cost(4)
    const large = await cost(40)
    // The same calls for 4 and 40 nodes (every list fits one page of 500);
    // at most a retried ControllerRevision lookup apart.
    expect(Math.abs(large.total - small.total)).toBeLessThanOrEqual(2)
    expect(large.byKind['POST']).toBe(small.byKind['POST'])
    expect(large.byKind['WATCH']).toBe(3)
    expect(large.byKind['PATCH']).toBe(2) // dry run + apply
    expect(large.report.apiRequests).toBe(large.total)
    // The live plan: 1 SSAR + 1 page of nodes + 1 page of pods, included above.
    expect(large.report.livePlanRequests).toBe(3)
    expect(large.total).toBeLessThanOrEqual(30)
  })
})
