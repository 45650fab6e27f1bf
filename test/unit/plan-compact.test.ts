import { describe, expect, it } from 'vitest'
import {
  compactOutcomes,
  encodeWaves,
  expandWaves,
  isRoutine,
  NOT_READY_REASON,
  waveCount
} from '../../src/core/plan/compact.js'
import type { NodeOutcome, Wave } from '../../src/core/plan/types.js'

function node(name: string, over: Partial<NodeOutcome> = {}): NodeOutcome {
  return {
    name,
    shouldRun: true,
    shouldContinueRunning: true,
    fits: true,
    before: 'running',
    after: 'running',
    action: 'replace',
    reasons: ['the pod runs an old template: it is replaced'],
    ...over
  }
}

describe('run-length encoded waves', () => {
  it('merges alike consecutive waves and expands back to the same list', () => {
    const waves: Required<Wave>[] = []
    let at = 0
    const push = (nodes: number, seconds: number, down: number) => {
      waves.push({
        nodes,
        estimatedSeconds: seconds,
        startsAtSeconds: at,
        nodesDown: down
      })
      at += seconds
    }
    push(3, 60, 3)
    for (let i = 0; i < 1000; i += 1) push(1, 40, 1)
    push(2, 40, 2)
    push(1, 40, 1)
    const runs = encodeWaves(waves)
    expect(runs).toEqual([
      {
        count: 1,
        nodes: 3,
        estimatedSeconds: 60,
        startsAtSeconds: 0,
        nodesDown: 3
      },
      {
        count: 1000,
        nodes: 1,
        estimatedSeconds: 40,
        startsAtSeconds: 60,
        nodesDown: 1
      },
      {
        count: 1,
        nodes: 2,
        estimatedSeconds: 40,
        startsAtSeconds: 40060,
        nodesDown: 2
      },
      {
        count: 1,
        nodes: 1,
        estimatedSeconds: 40,
        startsAtSeconds: 40100,
        nodesDown: 1
      }
    ])
    expect(waveCount(runs)).toBe(1003)
    expect(expandWaves(runs)).toEqual(waves)
  })

  it('reads v1 waves (no count) one by one', () => {
    expect(
      expandWaves([
        { nodes: 2, estimatedSeconds: 10 },
        { nodes: 1, estimatedSeconds: 5 }
      ])
    ).toEqual([
      { nodes: 2, estimatedSeconds: 10, startsAtSeconds: 0, nodesDown: 0 },
      { nodes: 1, estimatedSeconds: 5, startsAtSeconds: 10, nodesDown: 0 }
    ])
  })
})

describe('outcome groups', () => {
  const nodes = [
    node('a'),
    node('b', {
      action: 'pending',
      after: 'pending',
      fits: false,
      reasons: ['the new pod stays Pending: Insufficient memory']
    }),
    node('c'),
    node('d', {
      reasons: [
        'the pod runs an old template: it is replaced',
        NOT_READY_REASON
      ]
    }),
    node('e', {
      action: 'none',
      before: 'none',
      after: 'none',
      shouldRun: false,
      shouldContinueRunning: false,
      fits: null,
      reasons: ['untolerated taint']
    }),
    node('f', {
      action: 'create',
      before: 'none',
      reasons: ['should run here and has no daemon pod: one is created']
    })
  ]

  it('counts every node once, names only the non-routine ones and details only them', () => {
    const { outcomes, nodeDetail } = compactOutcomes(nodes)
    expect(outcomes).toEqual([
      {
        action: 'pending',
        before: 'running',
        after: 'pending',
        reason: 'the new pod stays Pending: Insufficient memory',
        count: 1,
        nodeNames: ['b']
      },
      {
        action: 'create',
        before: 'none',
        after: 'running',
        reason: 'should run here and has no daemon pod: one is created',
        count: 1,
        nodeNames: ['f']
      },
      {
        action: 'replace',
        before: 'running',
        after: 'running',
        reason: `the pod runs an old template: it is replaced; ${NOT_READY_REASON}`,
        count: 1,
        nodeNames: ['d']
      },
      {
        action: 'replace',
        before: 'running',
        after: 'running',
        reason: 'the pod runs an old template: it is replaced',
        count: 2
      },
      {
        action: 'none',
        before: 'none',
        after: 'none',
        reason: 'untolerated taint',
        count: 1
      }
    ])
    expect(nodeDetail.map((n) => n.name)).toEqual(['b', 'd', 'f'])
    expect(nodes.filter(isRoutine).map((n) => n.name)).toEqual(['a', 'c', 'e'])
  })

  it('with scope all names and details every node', () => {
    const { outcomes, nodeDetail } = compactOutcomes(nodes, 'all')
    expect(nodeDetail).toEqual(nodes)
    expect(outcomes.every((g) => g.nodeNames?.length === g.count)).toBe(true)
    expect(outcomes.reduce((n, g) => n + g.count, 0)).toBe(nodes.length)
  })
})
