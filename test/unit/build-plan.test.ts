import { describe, expect, it, vi } from 'vitest'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { simulateDaemonSet } from '../../src/core/simulate/index.js'
import { clone, makeDaemonSet, manifests } from '../fixtures/daemonset.js'

vi.mock('../../src/core/simulate/index.js', () => ({
  simulateDaemonSet: vi.fn(
    (input: {
      head?: { metadata?: { name?: string } }
      triggered: boolean
    }) => ({
      rollout: {
        strategy: 'RollingUpdate',
        desired: 3,
        maxUnavailable: 1,
        maxSurge: 0,
        waves: [{ nodes: 1, estimatedSeconds: 10 }],
        estimatedSeconds: 30,
        triggered: !input.triggered
      },
      nodes: [
        {
          name: 'n1',
          shouldRun: true,
          shouldContinueRunning: true,
          fits: true,
          before: 'running',
          after: 'running',
          action: input.triggered ? 'replace' : 'keep',
          reasons: []
        }
      ],
      findings: [
        {
          severity: 'warning',
          code: 'sim-warning',
          message: `about ${input.head?.metadata?.name ?? '?'}`
        }
      ]
    })
  )
}))

const snapshot: Snapshot = {
  kind: 'DsRolloutSnapshot',
  version: 1,
  nodes: [],
  daemonSets: []
}

function setup() {
  const a = makeDaemonSet('a')
  const b = makeDaemonSet('b', 'apps')
  const c = makeDaemonSet('c')
  const z = makeDaemonSet('z')
  const bHead = clone(b)
  bHead.spec.template.spec.containers[0].image = 'x:2'
  const cHead = clone(c)
  cHead.spec.minReadySeconds = 10
  return {
    base: manifests('base.yaml', z, c, b, a),
    head: manifests('head.yaml', a, bHead, cHead, makeDaemonSet('n'))
  }
}

describe('buildPlan', () => {
  it('sorts DaemonSets by namespace/name and counts the summary', () => {
    const plan = buildPlan(setup())
    expect(
      plan.daemonSets.map(
        (d) => `${d.namespace}/${d.name}:${d.change}:${d.rollout.triggered}`
      )
    ).toEqual([
      'apps/b:modified:true',
      'kube-system/a:unchanged:false',
      'kube-system/c:modified:false',
      'kube-system/n:added:true',
      'kube-system/z:removed:false'
    ])
    expect(plan.summary).toEqual({
      daemonSets: 5,
      changed: 4,
      rollouts: 2,
      errors: 0,
      warnings: 0,
      infos: 1,
      highestSeverity: 'info'
    })
    expect(plan.findings.map((f) => f.code)).toEqual(['diff-only'])
    expect(simulateDaemonSet).not.toHaveBeenCalled()
  })

  it('keeps the base position of a modified DaemonSet and the head one as file/line', () => {
    const plan = buildPlan(setup())
    const b = plan.daemonSets.find((d) => d.name === 'b')
    expect(b).toMatchObject({
      file: 'head.yaml',
      line: 101,
      base: { file: 'base.yaml', line: 201 }
    })
    const z = plan.daemonSets.find((d) => d.name === 'z')
    expect(z).toMatchObject({ file: 'base.yaml', line: 1 })
  })

  it('with a snapshot, simulates every DaemonSet and merges rollout, nodes and findings (the diff decides triggered)', () => {
    const plan = buildPlan({ ...setup(), snapshot })
    expect(simulateDaemonSet).toHaveBeenCalledTimes(5)
    const call = vi
      .mocked(simulateDaemonSet)
      .mock.calls.find((c) => c[0].head?.metadata?.name === 'b')?.[0]
    expect(call).toMatchObject({
      triggered: true,
      source: { file: 'head.yaml', line: 101 },
      snapshot
    })
    expect(call?.base?.spec?.template?.spec?.containers?.[0]?.image).toBe(
      'registry.example.com/agent:1.0.0'
    )
    const b = plan.daemonSets.find((d) => d.name === 'b')
    expect(b?.rollout).toMatchObject({
      triggered: true,
      strategy: 'RollingUpdate',
      desired: 3,
      estimatedSeconds: 30
    })
    // v2: nodes grouped by outcome; routine ones are counted, not listed.
    expect(b?.outcomes).toEqual([
      expect.objectContaining({ action: 'replace', count: 1 })
    ])
    expect(b?.outcomes?.[0]?.nodeNames).toBeUndefined()
    expect(b?.nodeDetail).toEqual([])
    expect(b?.nodeDetailScope).toBe('non-routine')
    expect(b?.rollout.waves).toEqual([
      {
        count: 1,
        nodes: 1,
        estimatedSeconds: 10,
        startsAtSeconds: 0,
        nodesDown: 0
      }
    ])
    expect(b?.rollout.waveCount).toBe(1)
    expect(b?.findings.map((f) => f.code)).toEqual(['sim-warning'])
    expect(plan.findings).toEqual([])
    expect(plan.summary.warnings).toBe(5)
    expect(plan.summary.highestSeverity).toBe('warning')
  })
})
