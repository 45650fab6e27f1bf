import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { makeNodes, manualCluster } from './helpers.js'

/**
 * generateName: a generated name that is already taken is drawn again, as
 * the API server does since Kubernetes 1.32 (RetryGenerateName, KEP-4420),
 * instead of failing the create with AlreadyExists. Before, a rare
 * collision made the controller create one pod fewer in a sync.
 */
let cluster: RehearsalCluster | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await cluster?.stop()
  cluster = undefined
})

describe('rehearsal API generateName', () => {
  it('draws again when the generated name is taken', async () => {
    cluster = await manualCluster(makeNodes(['n1']))
    const pod = (meta: object) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta,
      spec: { containers: [{ name: 'c', image: 'x:1' }] }
    })
    // Math.random() = 0 draws 'bbbbb' (the alphabet's first letter).
    cluster.objects.create('pods', 'default', pod({ name: 'agent-bbbbb' }))
    const draws = [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5]
    vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5)
    const created = cluster.objects.create(
      'pods',
      'default',
      pod({ generateName: 'agent-' })
    )
    const name = (created['metadata'] as { name: string }).name
    expect(name).toMatch(/^agent-[a-z0-9]{5}$/)
    expect(name).not.toBe('agent-bbbbb')
    expect(cluster.objects.list('pods', 'default')).toHaveLength(2)
  })
})
