import { KubeConfig } from '@kubernetes/client-node'
import { afterEach, describe, expect, it } from 'vitest'
import { KubeClient, PATCH_STRATEGIC } from '../../src/adapters/kube/client.js'
import { KubeApiError } from '../../src/adapters/kube/errors.js'
import type { KubeObject } from '../../src/core/k8s/types.js'
import { renderDeployReport } from '../../src/core/render/deploy-report.js'
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

type Obj = Record<string, unknown>
const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff'])

function waitingReasons(pod: Obj): string[] {
  const status = (pod['status'] ?? {}) as {
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[]
  }
  return (status.containerStatuses ?? [])
    .map((c) => c.state?.waiting?.reason ?? '')
    .filter((r) => r !== '')
}

describe('gate + automatic undo against the rehearsal cluster', () => {
  it('a bad image is detected within seconds, undone, ConfigMap restored, and the DaemonSet ends on the previous template with all pods available', async () => {
    running = await cluster(6, {
      faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }]
    })
    const c = running
    const client = clientFor(c)
    const good = await apply(
      client,
      manifests(
        configMap({ level: 'info' }),
        agent('agent:1', { configMap: true })
      )
    )
    expect(good.result, good.log.join('\n')).toBe('rolled-out')
    const goodTemplate = JSON.stringify(
      (
        c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
          spec: { template: unknown }
        }
      ).spec.template
    )

    let firstBad: { wall: number; sim: number } | undefined
    let undone: { wall: number; sim: number } | undefined
    const unsubscribe = c.objects.subscribe((e) => {
      if (
        e.resource.endsWith('pods') &&
        firstBad === undefined &&
        waitingReasons(e.object).some((r) => IMAGE_REASONS.has(r))
      ) {
        firstBad = { wall: Date.now(), sim: c.now() }
      }
      if (
        e.resource.endsWith('daemonsets') &&
        firstBad !== undefined &&
        undone === undefined
      ) {
        const image = (
          e.object['spec'] as {
            template: { spec: { containers: { image: string }[] } }
          }
        ).template.spec.containers[0]!.image
        if (image === 'agent:1') undone = { wall: Date.now(), sim: c.now() }
      }
    })
    const bad = await apply(
      client,
      manifests(
        configMap({ level: 'debug' }),
        agent('agent:bad-1', { configMap: true })
      )
    )
    unsubscribe()
    expect(bad.result, bad.log.join('\n')).toBe('rolled-back')
    expect(bad.report.failing[0]).toMatchObject({
      reason: expect.stringMatching(/ImagePullBackOff|ErrImagePull/)
    })
    expect(bad.failedNodes.length).toBeGreaterThan(0)
    expect(firstBad).toBeDefined()
    expect(undone).toBeDefined()
    const wallLatency = (undone!.wall - firstBad!.wall) / 1000
    const simLatency = (undone!.sim - firstBad!.sim) / 1000
    console.log(
      `bad image: first failing pod -> undo PATCH: ${wallLatency.toFixed(2)}s wall, ${simLatency.toFixed(1)}s simulated (speed ${c.speed})`
    )
    expect(wallLatency).toBeLessThan(3)

    // The DaemonSet is back on the previous template, all pods available, ConfigMap restored.
    const ds = c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
      spec: { template: unknown }
      status: Record<string, number>
      metadata: { generation: number }
    }
    expect(ds.spec.template).toEqual(JSON.parse(goodTemplate))
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 6,
      updatedNumberScheduled: 6,
      numberAvailable: 6,
      observedGeneration: ds.metadata.generation
    })
    expect(
      (
        c.objects.get('configmaps', 'kube-system', 'agent-config') as {
          data: Obj
        }
      ).data
    ).toEqual({ level: 'info' })
    const pods = c.objects
      .list('pods', 'kube-system')
      .filter(
        (p) =>
          (p['metadata'] as { deletionTimestamp?: string })
            .deletionTimestamp === undefined
      )
    expect(
      pods.every(
        (p) =>
          (p['spec'] as { containers: { image: string }[] }).containers[0]!
            .image === 'agent:1'
      )
    ).toBe(true)
    expect(bad.report.daemonSets[0]).toMatchObject({ revisionBefore: 1 })
    expect(bad.report.daemonSets[0]!.verify).toContain(
      'successfully rolled out'
    )
  })

  it('with undo off, a crash-looping revision fails and is left in place, and the state is described', async () => {
    running = await cluster(3, {
      faults: [{ image: '*:crash-*', effect: 'CrashLoopBackOff' }]
    })
    const client = clientFor(running)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const bad = await apply(client, manifests(agent('agent:crash-1')), {
      undo: false
    })
    expect(bad.result, bad.log.join('\n')).toBe('failed')
    expect(bad.report.failing[0]?.reason).toMatch(/CrashLoopBackOff|Restarts/)
    expect(bad.report.clusterState?.[0]).toContain(
      'is NOT the one from before this run'
    )
  })
})

/** A client whose strategic-merge PATCH (the undo) is refused, as by an admission webhook. */
class UndoDeniedClient extends KubeClient {
  constructor(kubeconfig: string) {
    const kc = new KubeConfig()
    kc.loadFromString(kubeconfig)
    super(kc, { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 })
  }
  override async patch<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    body: string,
    contentType: string,
    dryRun = false
  ): Promise<T> {
    if (contentType === PATCH_STRATEGIC)
      throw new KubeApiError(
        403,
        'Forbidden',
        'admission webhook "policy.example.com" denied the request: rollbacks are frozen',
        `daemonset ${namespace}/${name}`
      )
    return super.patch<T>(
      apiVersion,
      kind,
      name,
      namespace,
      body,
      contentType,
      dryRun
    )
  }
}

describe('when the undo itself fails', () => {
  it('the result is undo-failed and the report says exactly what state the cluster is left in, with the API reason', async () => {
    running = await cluster(3, {
      faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }]
    })
    expect(
      (
        await apply(
          clientFor(running),
          manifests(configMap({ level: 'info' }), agent('agent:1'))
        )
      ).result
    ).toBe('rolled-out')
    const out = await apply(
      new UndoDeniedClient(running.kubeconfig),
      manifests(configMap({ level: 'debug' }), agent('agent:bad-2'))
    )
    expect(out.result, out.log.join('\n')).toBe('undo-failed')
    expect(out.report.summary).toContain(
      'admission webhook "policy.example.com" denied the request: rollbacks are frozen'
    )
    const state = out.report.clusterState ?? []
    expect(state).toContainEqual(
      expect.stringMatching(
        /^DaemonSet kube-system\/agent: undo failed: .*rollbacks are frozen/
      )
    )
    expect(state).toContainEqual(
      expect.stringMatching(
        /^DaemonSet kube-system\/agent: template is NOT the one from before this run \(images agent:bad-2\); generation \d+, observed \d+; \d+\/3 updated, \d+ available, \d+ unavailable$/
      )
    )
    // The ConfigMap was restored (config first), even though the DaemonSet undo failed.
    expect(
      (
        running.objects.get('configmaps', 'kube-system', 'agent-config') as {
          data: Obj
        }
      ).data
    ).toEqual({ level: 'info' })
    expect(renderDeployReport(out.report)).toContain(
      'State the cluster is left in:'
    )
  })
})
