import { afterEach, describe, expect, it } from 'vitest'
import { parseCanary, type CanarySpec } from '../../src/core/gate/waves.js'
import { CANARY_ANNOTATION, switchToOnDelete } from '../../src/deploy/canary.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import {
  agent,
  apply,
  clientFor,
  cluster,
  FAST_GATE,
  manifests
} from './apply-helpers.js'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

type Obj = Record<string, unknown>
type Ds = {
  metadata: { annotations?: Record<string, string> }
  spec: {
    updateStrategy: Obj
    template: { spec: { containers: { image: string }[] } }
  }
  status: Record<string, number>
}

function canary(text: string): CanarySpec {
  const spec = parseCanary(text)
  if ('error' in spec) throw new Error(spec.error)
  return spec
}

function liveDs(c: RehearsalCluster): Ds {
  return c.objects.get(
    'apps/daemonsets',
    'kube-system',
    'agent'
  ) as unknown as Ds
}

function livePods(c: RehearsalCluster): { node: string; image: string }[] {
  return c.objects
    .list('pods', 'kube-system')
    .filter(
      (p) =>
        (p['metadata'] as { deletionTimestamp?: string }).deletionTimestamp ===
        undefined
    )
    .map((p) => ({
      node: (p['spec'] as { nodeName: string }).nodeName,
      image: (p['spec'] as { containers: { image: string }[] }).containers[0]!
        .image
    }))
}

describe('canary waves without a CRD', () => {
  it('a canary catches a ReadyThenCrash image on the canary nodes only, restores the strategy and rolls back', async () => {
    running = await cluster(6, {
      faults: [{ image: '*:rtc-*', effect: 'ReadyThenCrash', afterSeconds: 10 }]
    })
    const c = running
    const client = clientFor(c)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const badNodes = new Set<string>()
    const stop = c.objects.subscribe((e) => {
      if (!e.resource.endsWith('pods')) return
      const spec = e.object['spec'] as {
        nodeName?: string
        containers: { image: string }[]
      }
      if (
        spec.containers[0]!.image === 'agent:rtc-2' &&
        spec.nodeName !== undefined
      )
        badNodes.add(spec.nodeName)
    })
    const out = await apply(client, manifests(agent('agent:rtc-2')), {
      canary: canary('2'),
      gate: { ...FAST_GATE, soakSeconds: 2 }
    })
    stop()
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    expect([...badNodes].sort()).toEqual(['node-1', 'node-2'])
    expect(
      out.report.failing.every(
        (p) => p.node === 'node-1' || p.node === 'node-2'
      )
    ).toBe(true)
    const ds = liveDs(c)
    expect(ds.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
    })
    expect(ds.metadata.annotations?.[CANARY_ANNOTATION]).toBeUndefined()
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')
    expect(livePods(c).every((p) => p.image === 'agent:1')).toBe(true)
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 6,
      numberAvailable: 6,
      updatedNumberScheduled: 6
    })
  })

  it('a good change goes canary then waves no larger than maxUnavailable, and ends on the manifest strategy', async () => {
    running = await cluster(5)
    const client = clientFor(running)
    expect(
      (await apply(client, manifests(agent('agent:1', { maxUnavailable: 2 }))))
        .result
    ).toBe('rolled-out')
    const out = await apply(
      client,
      manifests(agent('agent:2', { maxUnavailable: 2 })),
      { canary: canary('1') }
    )
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    expect(out.log.join('\n')).toContain(
      'canary on node-1; then 2 wave(s) of at most 2 node(s)'
    )
    const ds = liveDs(running)
    expect(ds.spec.updateStrategy).toMatchObject({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 }
    })
    expect(ds.metadata.annotations?.[CANARY_ANNOTATION]).toBeUndefined()
    expect(livePods(running).every((p) => p.image === 'agent:2')).toBe(true)
    expect(out.revisionAfter).toBe('2')
  })

  it.each(['leave', 'undo'] as const)(
    'a cancelled canary restores the updateStrategy it had switched to OnDelete (on-cancel %s)',
    async (onCancel) => {
      running = await cluster(4, { defaults: { pullSeconds: 30 } }, 5)
      const c = running
      const client = clientFor(c)
      expect(
        (
          await apply(client, manifests(agent('agent:1')), {
            gate: { ...FAST_GATE, timeoutSeconds: 120 }
          })
        ).result
      ).toBe('rolled-out')
      // Cancel only once the canary has really switched the strategy.
      const controller = new AbortController()
      let sawOnDelete = false
      const stop = c.objects.subscribe((e) => {
        if (!e.resource.endsWith('daemonsets')) return
        const strategy = (e.object['spec'] as { updateStrategy?: Obj })
          .updateStrategy
        if (strategy?.['type'] === 'OnDelete' && !sawOnDelete) {
          sawOnDelete = true
          setTimeout(() => controller.abort(), 500)
        }
      })
      const out = await apply(
        client,
        manifests(agent('agent:2')),
        { canary: canary('1'), onCancel },
        controller.signal
      )
      stop()
      expect(sawOnDelete).toBe(true)
      expect(out.report.cancelled).toBe(true)
      expect(out.result, out.log.join('\n')).toBe(
        onCancel === 'undo' ? 'rolled-back' : 'failed'
      )
      const ds = liveDs(c)
      expect(ds.spec.updateStrategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
      })
      expect(ds.metadata.annotations?.[CANARY_ANNOTATION]).toBeUndefined()
      expect(ds.spec.template.spec.containers[0]!.image).toBe(
        onCancel === 'undo' ? 'agent:1' : 'agent:2'
      )
      expect(out.report.timeline.map((t) => t.message).join('\n')).toContain(
        'original updateStrategy restored (RollingUpdate)'
      )
    }
  )

  it('a re-run recognises an interrupted canary, undoes it, then rolls out', async () => {
    running = await cluster(4)
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    // What a run killed mid-canary leaves behind: OnDelete + record + new template.
    await switchToOnDelete(client, 'kube-system', 'agent', {
      originalStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
      },
      revisionBefore: 1,
      startedAt: '2026-11-23T09:00:00Z'
    })
    const half = agent('agent:2')
    ;(half['spec'] as Obj)['updateStrategy'] = { type: 'OnDelete' }
    await client.apply(half, { force: false, dryRun: false })
    const out = await apply(client, manifests(agent('agent:3')), {
      canary: canary('1')
    })
    expect(out.result, out.log.join('\n')).toBe('rolled-out')
    expect(out.report.warnings.join('\n')).toContain(
      'has an interrupted canary (started 2026-11-23T09:00:00Z)'
    )
    const ds = liveDs(running)
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:3')
    expect(ds.spec.updateStrategy).toMatchObject({ type: 'RollingUpdate' })
    expect(ds.metadata.annotations?.[CANARY_ANNOTATION]).toBeUndefined()
  })
})
