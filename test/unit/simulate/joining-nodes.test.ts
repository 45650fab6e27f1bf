/**
 * A joining node (registered, the kubelet has not posted status yet) stays
 * in the plan: not Ready, fit unknown, the pod still created there, and a
 * finding names it (issue 10 item 5). In a large fleet such a node exists
 * somewhere at any moment; it must not make the whole snapshot unusable.
 */
import { describe, expect, it } from 'vitest'
import type { Node } from '../../../src/core/k8s/types.js'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import { loadSnapshot } from '../../../src/core/snapshot/load.js'
import { daemonSet } from './helpers.js'

const readyNode = (name: string): Node =>
  ({
    kind: 'Node',
    apiVersion: 'v1',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }]
    }
  }) as Node

const joiningNode = (name: string): Node =>
  ({
    kind: 'Node',
    apiVersion: 'v1',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } }
  }) as Node

describe('snapshots with joining nodes', () => {
  it('a Node without status is planned: not Ready, fit unknown, pod created, finding names it', () => {
    const snapshot = loadSnapshot(
      { kind: 'NodeList', items: [readyNode('a'), joiningNode('joining-b')] },
      'nodes.json'
    )
    const result = simulateDaemonSet({
      base: undefined,
      head: daemonSet(),
      source: { file: 'ds.yaml', line: 1 },
      triggered: true,
      templateChanged: true,
      snapshot
    })
    const joining = result.nodes.find((n) => n.name === 'joining-b')
    expect(joining).toMatchObject({
      shouldRun: true,
      fits: null,
      fitUnknown: true,
      action: 'create'
    })
    expect(joining?.reasons.join(' ')).toMatch(/NotReady/)
    expect(joining?.reasons.join(' ')).toMatch(/fit unknown/)
    expect(result.rollout.unavailableAtStart).toBeGreaterThanOrEqual(1)
    const finding = result.findings.find(
      (f) => f.code === 'node-status-unknown'
    )
    expect(finding?.message).toMatch(/joining-b/)
    // The ready node is planned as usual.
    expect(result.nodes.find((n) => n.name === 'a')).toMatchObject({
      fits: true,
      action: 'create'
    })
    expect(result.nodes.find((n) => n.name === 'a')?.fitUnknown).toBeUndefined()
  })

  it('taints still decide: a joining node tainted against the daemon gets no pod', () => {
    const tainted = joiningNode('joining-c')
    tainted.spec = {
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]
    }
    const snapshot = loadSnapshot(
      { kind: 'NodeList', items: [readyNode('a'), tainted] },
      'nodes.json'
    )
    const result = simulateDaemonSet({
      base: undefined,
      head: daemonSet(),
      source: { file: 'ds.yaml', line: 1 },
      triggered: true,
      templateChanged: true,
      snapshot
    })
    expect(result.nodes.find((n) => n.name === 'joining-c')).toMatchObject({
      shouldRun: false,
      action: 'none'
    })
  })
})
