import type { DaemonSet, PodSpec, Taint } from '../../../src/core/k8s/types.js'
import type {
  Snapshot,
  SnapshotDaemonPod,
  SnapshotNode
} from '../../../src/core/snapshot/types.js'

export function snapNode(
  name: string,
  over: Partial<SnapshotNode> = {}
): SnapshotNode {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    taints: [] as Taint[],
    unschedulable: false,
    conditions: [{ type: 'Ready', status: 'True' }],
    allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
    requested: {},
    hostPorts: [],
    podCount: 0,
    daemonPods: [],
    ...over
  }
}

export function daemonPod(
  over: Partial<SnapshotDaemonPod> = {}
): SnapshotDaemonPod {
  return {
    name: 'agent-x',
    namespace: 'monitoring',
    daemonSet: 'agent',
    revisionHash: 'old111',
    phase: 'Running',
    ready: true,
    requests: { cpu: '100m', memory: '128Mi' },
    hostPorts: [],
    ...over
  }
}

export function snapshot(nodes: SnapshotNode[], withDs = true): Snapshot {
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes,
    daemonSets: withDs
      ? [
          {
            namespace: 'monitoring',
            name: 'agent',
            currentRevisionHash: 'old111'
          }
        ]
      : []
  }
}

export function daemonSet(
  spec: PodSpec = {},
  strategy: DaemonSet['spec'] = {}
): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      ...strategy,
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          priorityClassName: 'system-node-critical',
          containers: [
            {
              name: 'agent',
              image: 'example.com/agent:1.0.0',
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
              readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 5 }
            }
          ],
          ...spec
        }
      }
    }
  }
}

/** A copy of `ds` with the first container's fields changed. */
export function withContainer(
  ds: DaemonSet,
  change: Record<string, unknown>
): DaemonSet {
  const copy = structuredClone(ds)
  const c = copy.spec?.template?.spec?.containers?.[0]
  if (c !== undefined) Object.assign(c, change)
  return copy
}
