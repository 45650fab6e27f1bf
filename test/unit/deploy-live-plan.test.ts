import { describe, expect, it } from 'vitest'
import {
  buildLivePlan,
  compareWithReviewed,
  livePlanReport,
  reviewedSeconds,
  planComparable
} from '../../src/core/deploy/live-plan.js'
import { currentWave, progressLine } from '../../src/core/deploy/progress.js'
import type { DaemonSet, Node, Pod } from '../../src/core/k8s/types.js'
import { renderDeployReport } from '../../src/core/render/deploy-report.js'
import { snapshotFromCluster } from '../../src/core/snapshot/from-cluster.js'
import { expandWaves } from '../../src/core/plan/compact.js'

function ds(image: string, extra: Partial<DaemonSet> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 2 }
      },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image }] }
      }
    },
    ...extra
  } as DaemonSet
}

/** What the API server returns: status, generation, server annotations, managedFields. */
function live(image: string): DaemonSet {
  const obj = ds(image)
  obj.metadata = {
    ...obj.metadata,
    uid: 'u-1',
    generation: 3,
    resourceVersion: '812',
    managedFields: [{ manager: 'ds-rollout' }],
    annotations: {
      'deprecated.daemonset.template.generation': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      team: 'net'
    }
  }
  obj['status'] = { desiredNumberScheduled: 5, numberAvailable: 5 }
  return obj
}

function node(name: string): Node {
  return {
    metadata: { name, labels: {} },
    status: {
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }]
    }
  } as Node
}

function daemonPod(nodeName: string): Pod {
  return {
    metadata: {
      name: `agent-${nodeName}`,
      namespace: 'kube-system',
      labels: { app: 'agent', 'controller-revision-hash': 'h1' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'agent',
          controller: true,
          uid: 'u-1'
        }
      ]
    },
    spec: { nodeName, containers: [{ name: 'agent', image: 'agent:1' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }]
    }
  } as Pod
}

const names = ['n1', 'n2', 'n3', 'n4', 'n5']
const snapshot = snapshotFromCluster({
  nodes: names.map(node),
  pods: names.map(daemonPod),
  daemonSets: [live('agent:1')]
})
const source = { file: 'deploy/agent.yaml', line: 4 }

describe('live plan (preflight)', () => {
  it('compares only what was reviewed: no status, generation, resourceVersion, managedFields or server annotations', () => {
    const c = planComparable(live('agent:1'))
    expect(c).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'agent',
        namespace: 'kube-system',
        annotations: { team: 'net' }
      },
      spec: ds('agent:1').spec
    })
  })

  it('R4.3: the same template live and in the head plans no rollout, despite server-side fields', () => {
    const plan = buildLivePlan(
      [{ live: live('agent:1'), head: ds('agent:1'), source }],
      snapshot
    )
    expect(plan.daemonSets[0]!.rollout.triggered).toBe(false)
    expect(livePlanReport(plan).lines[0]).toBe(
      'live plan kube-system/agent: pod template unchanged, no pods replaced (R4.3); 5 desired node(s) of the live cluster'
    )
  })

  it('an image change rolls out on every live node in waves of maxUnavailable (R3.8a) with an estimate', () => {
    const plan = buildLivePlan(
      [{ live: live('agent:1'), head: ds('agent:2'), source }],
      snapshot
    )
    const r = plan.daemonSets[0]!.rollout
    expect(r.triggered).toBe(true)
    expect(expandWaves(r.waves ?? []).map((w) => w.nodes)).toEqual([2, 2, 1])
    expect(r.waveCount).toBe(3)
    const line = livePlanReport(plan).lines[0]!
    expect(line).toMatch(
      /^live plan kube-system\/agent: rolls out; 5 desired node\(s\) of the live cluster; 5 replaced; 3 wave\(s\) of at most 2 node\(s\) \(maxUnavailable 2\); estimated \d/
    )
    // The live finding (budget share) is a warning; manifest-only ones are counted, not repeated.
    const report = livePlanReport(plan)
    expect(report.warnings.join('\n')).toContain(
      'maxUnavailable resolves to 2 of 5'
    )
    expect(report.warnings.join('\n')).not.toContain('readinessProbe')
    expect(report.lines[1]).toMatch(
      /more warning\(s\) about the manifests themselves/
    )
  })

  it('R1.15: a node without room for the new requests shows as pending, with a live warning', () => {
    const small = node('n5')
    small.status!.allocatable = { cpu: '500m', memory: '8Gi', pods: '110' }
    const other: Pod = {
      metadata: { name: 'busy', namespace: 'apps' },
      spec: {
        nodeName: 'n5',
        containers: [
          {
            name: 'busy',
            image: 'busy:1',
            resources: { requests: { cpu: '400m' } }
          }
        ]
      },
      status: { phase: 'Running' }
    } as Pod
    const heavy = ds('agent:2')
    const containers = heavy.spec?.template?.spec?.containers ?? []
    containers[0]!.resources = { requests: { cpu: '200m' } }
    const plan = buildLivePlan(
      [{ live: live('agent:1'), head: heavy, source }],
      snapshotFromCluster({
        nodes: [...names.slice(0, 4).map(node), small],
        pods: [...names.map(daemonPod), other],
        daemonSets: [live('agent:1')]
      })
    )
    const report = livePlanReport(plan)
    expect(report.lines[0]).toContain(
      '4 replaced, 1 pending (the new pod cannot be placed)'
    )
    expect(report.warnings.join('\n')).toMatch(/n5/)
  })

  it('warns where the reviewed plan disagrees: stale node count, or the change already live', () => {
    const plan = buildLivePlan(
      [{ live: live('agent:1'), head: ds('agent:2'), source }],
      snapshot
    )
    const reviewed = (triggered: boolean, desired: number) => ({
      schemaVersion: 1,
      daemonSets: [
        {
          namespace: 'kube-system',
          name: 'agent',
          change: 'modified',
          rollout: { triggered, desired }
        }
      ]
    })
    expect(compareWithReviewed(plan, reviewed(true, 5))).toEqual([])
    expect(compareWithReviewed(plan, reviewed(true, 3))).toEqual([
      'DaemonSet kube-system/agent: the reviewed plan simulated 3 desired node(s), the live cluster has 5: its snapshot is stale, so its waves and estimate may be off'
    ])
    const already = buildLivePlan(
      [{ live: live('agent:2'), head: ds('agent:2'), source }],
      snapshot
    )
    expect(compareWithReviewed(already, reviewed(true, 5))).toEqual([
      'DaemonSet kube-system/agent: the reviewed plan said the change rolls out, but against the live cluster no pods are replaced (the live template already matches)'
    ])
    expect(compareWithReviewed(plan, 'not a plan')).toEqual([])
    // The reviewed plan's own estimate per DaemonSet (for its ETA).
    const withEstimate = {
      daemonSets: [
        {
          namespace: 'kube-system',
          name: 'other',
          change: 'modified',
          rollout: { estimatedSeconds: 60 }
        },
        {
          namespace: 'kube-system',
          name: 'agent',
          change: 'modified',
          rollout: { estimatedSeconds: 300 }
        }
      ]
    }
    expect(reviewedSeconds(withEstimate, 'kube-system', 'agent')).toBe(300)
    expect(reviewedSeconds(withEstimate, 'kube-system', 'gone')).toBeUndefined()
    expect(reviewedSeconds(42, 'kube-system', 'agent')).toBeUndefined()
    expect(compareWithReviewed(plan, { daemonSets: [null, 3] })).toEqual([])
  })

  it('a DaemonSet that does not exist live is created on every node', () => {
    const plan = buildLivePlan(
      [{ live: null, head: ds('agent:1'), source }],
      snapshotFromCluster({ nodes: names.map(node) })
    )
    expect(livePlanReport(plan).lines[0]).toMatch(
      /^live plan kube-system\/agent: created; 5 desired node\(s\) of the live cluster; 5 gain the daemon;/
    )
  })
})

describe('progress lines', () => {
  it('which planned wave a rolling update is in, from the updated count', () => {
    expect(currentWave([2, 2, 1], 0)).toEqual({ index: 1, total: 3 })
    expect(currentWave([2, 2, 1], 1)).toEqual({ index: 1, total: 3 })
    expect(currentWave([2, 2, 1], 2)).toEqual({ index: 2, total: 3 })
    expect(currentWave([2, 2, 1], 4)).toEqual({ index: 3, total: 3 })
    expect(currentWave([2, 2, 1], 5)).toEqual({ index: 3, total: 3 })
    expect(currentWave([], 0)).toBeUndefined()
  })

  it('updated/available/unavailable of desired, wave, elapsed and ETA from the plan', () => {
    const progress = {
      desired: 5,
      updated: 2,
      ready: 4,
      available: 4,
      unavailable: 1,
      observed: true,
      elapsedSeconds: 0
    }
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'gate',
        progress,
        elapsedSeconds: 40,
        plannedWaves: [2, 2, 1],
        planned: { seconds: 100, source: 'live plan' }
      })
    ).toBe(
      '[kube-system/agent] gate: 2/5 updated, 4/5 available, 1/5 unavailable, wave ~2/3 (plan), elapsed 40s, ETA ~1m (live plan estimate 1m 40s)'
    )
    // 40 s for 2 nodes updated since the start: 3 left take ~1m.
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'gate',
        progress,
        elapsedSeconds: 40,
        paceFrom: 0
      })
    ).toBe(
      '[kube-system/agent] gate: 2/5 updated, 4/5 available, 1/5 unavailable, elapsed 40s, ETA ~1m at the observed pace'
    )
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'canary',
        progress: { ...progress, observed: false },
        elapsedSeconds: 130,
        waveLabel: 'wave 1/2',
        plannedWaves: [2, 2, 1],
        planned: { seconds: 100, source: 'plan' },
        soaking: true
      })
    ).toBe(
      '[kube-system/agent] canary: waiting for the controller to observe the change, elapsed 2m 10s'
    )
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'canary',
        progress,
        elapsedSeconds: 130,
        waveLabel: 'wave 1/2',
        planned: { seconds: 100, source: 'plan' }
      })
    ).toBe(
      '[kube-system/agent] canary: 2/5 updated, 4/5 available, 1/5 unavailable, wave 1/2, elapsed 2m 10s, over the plan estimate of 1m 40s by 30s'
    )
    // One ETA: the observed pace wins over the plan once there is one;
    // none once every node is updated; a stall names what blocks.
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'gate',
        progress: { ...progress, updated: 5 },
        elapsedSeconds: 40,
        paceFrom: 0,
        planned: { seconds: 100, source: 'live plan' }
      })
    ).toBe(
      '[kube-system/agent] gate: 5/5 updated, 4/5 available, 1/5 unavailable, elapsed 40s'
    )
    expect(
      progressLine({
        key: 'kube-system/agent',
        phase: 'gate',
        progress: { ...progress, updated: 0 },
        elapsedSeconds: 75,
        paceFrom: 0,
        planned: { seconds: 0, source: 'live plan', hangs: true },
        stalledSeconds: 75,
        blockers: ['pod kube-system/c on n3: node NotReady; pod Terminating']
      })
    ).toBe(
      '[kube-system/agent] gate: 0/5 updated, 4/5 available, 1/5 unavailable, elapsed 1m 15s, no ETA: the live plan predicts a hang; nothing moved for 1m 15s, waiting on pod kube-system/c on n3: node NotReady; pod Terminating'
    )
  })
})

describe('deploy report with a live plan', () => {
  it('lists the live plan lines (inert) and says the planned duration came from it', () => {
    const md = renderDeployReport({
      result: 'rolled-out',
      summary: 'Rolled out kube-system/agent',
      daemonSets: [],
      failing: [],
      nodeProblems: [],
      failedNodes: [],
      timeline: [],
      warnings: [],
      actualSeconds: 200,
      plannedSeconds: 165,
      plannedFrom: 'live plan',
      livePlan: [
        'live plan kube-system/agent: rolls out; 5 desired node(s) of the live cluster; 5 replaced <b>@team</b>'
      ]
    })
    expect(md).toContain('**Plan against the live nodes (preflight):**')
    expect(md).toContain(
      '- live plan kube-system/agent: rolls out; 5 desired node(s) of the live cluster; 5 replaced \\<b\\>@\u200bteam\\</b\\>'
    )
    expect(md).toContain(
      '**Duration:** 3m 20s (planned 2m 45s by the live plan)'
    )
  })
})
