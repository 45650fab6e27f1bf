import { describe, expect, it } from 'vitest'
import { startGate, stepGate } from '../../../src/core/gate/evaluate.js'
import { DEFAULT_GATE_OPTIONS } from '../../../src/core/gate/types.js'
import { parseCanary, planWaves } from '../../../src/core/gate/waves.js'
import { daemonSet, pod } from './fixtures.js'

const nodes = ['n3', 'n1', 'n5', 'n2', 'n4', 'n6', 'n7'].map((name) => ({
  name,
  labels: name === 'n4' || name === 'n6' ? { pool: 'canary' } : { pool: 'main' }
}))

describe('canary option', () => {
  it('parses counts, percentages and label selectors', () => {
    expect(parseCanary('2')).toEqual({ kind: 'count', count: 2 })
    expect(parseCanary('10%')).toEqual({ kind: 'percent', percent: 10 })
    expect(parseCanary('pool=canary,zone in (a, b),!spot')).toEqual({
      kind: 'selector',
      text: 'pool=canary,zone in (a, b),!spot',
      selector: {
        matchLabels: { pool: 'canary' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a', 'b'] },
          { key: 'spot', operator: 'DoesNotExist' }
        ]
      }
    })
    expect(parseCanary('0')).toEqual({
      error: 'canary must be at least 1 node'
    })
    expect('error' in parseCanary('a=b=c')).toBe(true)
  })
})

describe('wave planning', () => {
  it('count canary in name order, then waves of maxUnavailable (R3.2 rounding up)', () => {
    expect(
      planWaves(nodes, { kind: 'count', count: 2 }, '30%', undefined)
    ).toEqual({
      canary: ['n1', 'n2'],
      waves: [
        ['n3', 'n4', 'n5'],
        ['n6', 'n7']
      ]
    })
  })
  it('percent canary rounds up; waves option never exceeds maxUnavailable', () => {
    expect(planWaves(nodes, { kind: 'percent', percent: 10 }, 2, 2)).toEqual({
      canary: ['n1'],
      waves: [
        ['n2', 'n3'],
        ['n4', 'n5'],
        ['n6', 'n7']
      ]
    })
    expect(planWaves(nodes, { kind: 'count', count: 1 }, 10, 2)).toEqual({
      canary: ['n1'],
      waves: [
        ['n2', 'n3', 'n4'],
        ['n5', 'n6', 'n7']
      ]
    })
  })
  it('selector canary picks the labelled nodes; none matching is an error', () => {
    const s = parseCanary('pool=canary')
    if ('error' in s) throw new Error()
    expect(planWaves(nodes, s, 1)).toMatchObject({ canary: ['n4', 'n6'] })
    const none = parseCanary('pool=gpu')
    if ('error' in none) throw new Error()
    expect(planWaves(nodes, none, 1)).toEqual({
      error:
        'no node running this DaemonSet matches the canary selector pool=gpu'
    })
  })
})

describe('node-scoped gate (canary waves on an OnDelete DaemonSet)', () => {
  const ds = daemonSet(
    { updatedNumberScheduled: 1, numberAvailable: 3 },
    { strategy: 'OnDelete' }
  )
  const opts = { ...DEFAULT_GATE_OPTIONS, soakSeconds: 5 }
  it('completes when every scoped node runs an updated available pod, ignoring other nodes', () => {
    const pods = [
      pod({ name: 'a', node: 'n1', ready: true }),
      pod({
        name: 'b',
        node: 'n2',
        hash: 'old',
        labels: { app: 'agent', 'controller-revision-hash': 'old' },
        ready: true
      })
    ]
    let state = startGate(0)
    let step = stepGate(
      state,
      { daemonSet: ds, pods, currentHash: 'new', scopeNodes: ['n1'] },
      1000,
      opts
    )
    state = step.state
    expect(step.verdict).toMatchObject({ status: 'waiting', phase: 'soak' })
    step = stepGate(
      state,
      { daemonSet: ds, pods, currentHash: 'new', scopeNodes: ['n1'] },
      7000,
      opts
    )
    expect(step.verdict).toMatchObject({
      status: 'succeeded',
      message: '1 of 1 node(s) run the new revision, available and soaked'
    })
  })
  it('fails on a bad new pod inside the scope only', () => {
    const bad = pod({
      name: 'x',
      node: 'n9',
      waiting: 'CrashLoopBackOff',
      restarts: 3
    })
    expect(
      stepGate(
        startGate(0),
        { daemonSet: ds, pods: [bad], currentHash: 'new', scopeNodes: ['n1'] },
        1000,
        opts
      ).verdict.status
    ).toBe('waiting')
    expect(
      stepGate(
        startGate(0),
        { daemonSet: ds, pods: [bad], currentHash: 'new', scopeNodes: ['n9'] },
        1000,
        opts
      ).verdict
    ).toMatchObject({ status: 'failed', reason: 'crash-loop' })
  })
  it('R3.8: minReadySeconds delays availability within the scope', () => {
    const slow = { ...ds, spec: { ...ds.spec, minReadySeconds: 30 } }
    const p = pod({ name: 'a', node: 'n1', ready: true })
    p.status!.conditions![0]!.lastTransitionTime = new Date(0).toISOString()
    const early = stepGate(
      startGate(0),
      { daemonSet: slow, pods: [p], currentHash: 'new', scopeNodes: ['n1'] },
      10_000,
      opts
    )
    expect(early.progress.available).toBe(0)
    const late = stepGate(
      startGate(0),
      { daemonSet: slow, pods: [p], currentHash: 'new', scopeNodes: ['n1'] },
      31_000,
      opts
    )
    expect(late.progress.available).toBe(1)
  })
})
