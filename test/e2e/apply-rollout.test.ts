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
