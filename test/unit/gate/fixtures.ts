import type { DaemonSet, Node, Pod } from '../../../src/core/k8s/types.js'

export const DS_UID = 'ds-uid-1'

export function daemonSet(
  status: Partial<NonNullable<DaemonSet['status']>> = {},
  overrides: {
    generation?: number
    strategy?: string
    templateGeneration?: string
  } = {}
): DaemonSet {
  const generation = overrides.generation ?? 2
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'agent',
      namespace: 'kube-system',
      uid: DS_UID,
      generation,
      annotations: {
        'deprecated.daemonset.template.generation':
          overrides.templateGeneration ?? '2'
      }
    },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: overrides.strategy ?? 'RollingUpdate' },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'agent:2' }] }
      }
    },
    status: {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
      observedGeneration: generation,
      ...status
    }
  }
}

export interface PodSpecOpts {
  name: string
  node: string
  hash?: string
  ready?: boolean
  waiting?: string
  waitingMessage?: string
  restarts?: number
  init?: boolean
  unschedulable?: boolean
  owner?: string
  labels?: Record<string, string>
  lastTerminated?: { reason: string; exitCode: number }
}

export function pod(o: PodSpecOpts): Pod {
  const status: Record<string, unknown> = {
    name: 'agent',
    ready: o.ready ?? false,
    restartCount: o.restarts ?? 0,
    state:
      o.waiting !== undefined
        ? { waiting: { reason: o.waiting, message: o.waitingMessage } }
        : { running: { startedAt: '2026-01-01T00:00:00Z' } }
  }
  if (o.lastTerminated !== undefined)
    status['lastState'] = { terminated: o.lastTerminated }
  const conditions = [
    { type: 'Ready', status: o.ready === true ? 'True' : 'False' }
  ]
  if (o.unschedulable === true)
    conditions.push({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: '0/3 nodes are available: 1 Insufficient cpu.'
    } as { type: string; status: string })
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: 'kube-system',
      uid: `uid-${o.name}`,
      labels: o.labels ?? {
        app: 'agent',
        'controller-revision-hash': o.hash ?? 'new'
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'agent',
          uid: o.owner ?? DS_UID,
          controller: true
        }
      ]
    },
    spec:
      o.unschedulable === true
        ? {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchFields: [
                        {
                          key: 'metadata.name',
                          operator: 'In',
                          values: [o.node]
                        }
                      ]
                    }
                  ]
                }
              }
            }
          }
        : { nodeName: o.node },
    status: {
      phase: 'Running',
      conditions,
      ...(o.init === true
        ? { initContainerStatuses: [status], containerStatuses: [] }
        : { containerStatuses: [status] })
    }
  }
}

export function node(name: string, ready = true): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }]
    }
  }
}
