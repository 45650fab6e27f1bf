import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import { compactSimulation } from '../../../src/core/plan/build-plan.js'
import { renderSimulationMarkdown } from '../../../src/core/render/simulation-markdown.js'
import { loadSnapshot } from '../../../src/core/snapshot/load.js'
import type { DaemonSet } from '../../../src/core/k8s/types.js'

const root = new URL('../../../', import.meta.url)
const read = (p: string) => readFileSync(new URL(p, root), 'utf8')
const yaml = (p: string) => parse(read(p), { version: '1.1' }) as DaemonSet

// The bundled example: examples/snapshot.json with this base/head pair (the
// head pins kubernetes.io/arch=amd64, tolerates the GPU taint, raises the
// memory request to 512Mi and uses maxUnavailable 20%).
describe('examples/snapshot.json with the test/fixtures/simulate base/head pair', () => {
  const snapshot = loadSnapshot(
    JSON.parse(read('examples/snapshot.json')),
    'examples/snapshot.json'
  )
  const base = yaml('test/fixtures/simulate/base/node-agent.yaml')
  const head = yaml('test/fixtures/simulate/head/node-agent.yaml')
  const result = simulateDaemonSet({
    base,
    head,
    snapshot,
    source: { file: 'head/node-agent.yaml', line: 1 },
    triggered: true
  })
  const actions = (a: string) =>
    result.nodes.filter((n) => n.action === a).map((n) => n.name)

  it('GPU nodes gain the daemon, arm64 spot nodes lose it, the nearly full highmem node cannot fit the new pod', () => {
    expect(actions('create')).toEqual([
      'ip-10-0-81-53.eu-west-1.compute.internal',
      'ip-10-0-82-56.eu-west-1.compute.internal'
    ])
    // 3 arm64 nodes (nodeSelector); the unreachable node, whose unreachable:NoSchedule
    // taint makes it (false, true), so the rolling update deletes its old pod (R2.4, R3.9);
    // and the node being drained (maintenance=true:NoExecute, R1.5).
    expect(actions('delete')).toEqual([
      'ip-10-0-16-62.eu-west-1.compute.internal',
      'ip-10-0-17-69.eu-west-1.compute.internal',
      'ip-10-0-61-35.eu-west-1.compute.internal',
      'ip-10-0-62-40.eu-west-1.compute.internal',
      'ip-10-0-63-45.eu-west-1.compute.internal'
    ])
    expect(actions('pending')).toEqual([
      'ip-10-0-42-122.eu-west-1.compute.internal'
    ])
    expect(result.nodes.find((n) => n.action === 'pending')?.reasons[0]).toBe(
      'the new pod stays Pending: Insufficient memory'
    )
  })

  it('the cordoned node is replaced like any other (R1.16); the crash-looping pod and the new GPU nodes use up budget (R3.10)', () => {
    expect(
      result.nodes.find((n) => n.name.startsWith('ip-10-0-14-'))?.action
    ).toBe('replace')
    expect(result.rollout.desired).toBe(10)
    expect(result.rollout.maxUnavailable).toBe(2) // ceil(20% of 10)
    expect(result.rollout.unavailableAtStart).toBe(3) // the unready pod + 2 GPU nodes still to get a pod
    // wave 1: the 2 creates, the broken pod and the unreachable node's pod (both outside the
    // budget, R3.9); then 6 healthy nodes 2 at a time; then the one that will not fit.
    expect(result.rollout.waves!.map((w) => w.nodes)).toEqual([4, 2, 2, 2, 1])
    expect(result.rollout.stall).toBeUndefined()
    const codes = result.findings.map((f) => f.code)
    expect(codes).toEqual(
      expect.arrayContaining([
        'coverage-drop',
        'pods-will-not-fit',
        'budget-consumed-by-unhealthy-nodes'
      ])
    )
  })

  it('renders a plan section with a gantt chart', () => {
    const md = renderSimulationMarkdown({
      namespace: 'monitoring',
      name: 'node-agent',
      file: 'head/node-agent.yaml',
      line: 1,
      change: 'modified',
      rollout: {
        triggered: true,
        reason: 'template changed',
        ...compactSimulation(result).rollout
      },
      changes: [],
      findings: result.findings,
      outcomes: compactSimulation(result).outcomes
    })
    expect(md).toContain('```mermaid')
    expect(md).toContain('| create: gains the daemon | 2 | none → running |')
    expect(md).toContain('| delete: loses the daemon | 5 | running → none |')
    expect(md).toContain('| none: no daemon | 2 | none → none |')
  })
})

// The other bundled example: a hostNetwork node-exporter whose head tolerates
// dedicated=gpu:NoSchedule (the "ml" pool).
describe('examples/snapshot.json with a hostNetwork node-exporter gaining the ml pool', () => {
  const snapshot = loadSnapshot(
    JSON.parse(read('examples/snapshot.json')),
    'examples/snapshot.json'
  )
  const exporter = (tolerateGpu: boolean, image: string): DaemonSet => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-exporter', namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: 'node-exporter' } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '10%' }
      },
      template: {
        metadata: { labels: { app: 'node-exporter' } },
        spec: {
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: tolerateGpu
            ? [
                {
                  key: 'dedicated',
                  operator: 'Equal',
                  value: 'gpu',
                  effect: 'NoSchedule'
                }
              ]
            : [],
          containers: [
            {
              name: 'node-exporter',
              image,
              ports: [{ containerPort: 9100 }],
              resources: { requests: { cpu: '100m', memory: '64Mi' } }
            }
          ]
        }
      }
    }
  })
  const result = simulateDaemonSet({
    base: exporter(false, 'quay.io/prometheus/node-exporter:v1.8.1'),
    head: exporter(true, 'quay.io/prometheus/node-exporter:v1.8.2'),
    snapshot,
    source: { file: 'head/node-exporter.yaml', line: 1 },
    triggered: true
  })
  const action = (name: string) =>
    result.nodes.find((n) => n.name === name)?.action

  it('gains one ml node, cannot bind port 9100 on the other (R3.15/R8.3 host ports), loses the drained node', () => {
    expect(action('ip-10-0-91-23.eu-west-1.compute.internal')).toBe('create')
    expect(action('ip-10-0-92-31.eu-west-1.compute.internal')).toBe('pending')
    expect(result.nodes.find((n) => n.action === 'pending')?.reasons[0]).toBe(
      "the new pod stays Pending: didn't have free ports for the requested pod ports"
    )
    expect(action('ip-10-0-17-69.eu-west-1.compute.internal')).toBe('delete')
    expect(result.rollout.waves!.length).toBeGreaterThan(1)
  })
})
