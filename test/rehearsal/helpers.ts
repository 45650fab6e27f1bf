import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'

type Obj = Record<string, unknown>

export function makeNodes(names: string[], extra: Obj = {}): Obj {
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: names.map((name) => ({
      name,
      labels: {},
      taints: [],
      unschedulable: false,
      conditions: [{ type: 'Ready', status: 'True' }],
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      requested: {},
      hostPorts: [],
      podCount: 0,
      daemonPods: [],
      ...extra
    })),
    daemonSets: []
  }
}

export function daemonSet(
  name: string,
  image: string,
  strategy: Obj,
  extra: { minReadySeconds?: number; ports?: Obj[] } = {}
): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      updateStrategy: strategy,
      ...(extra.minReadySeconds !== undefined
        ? { minReadySeconds: extra.minReadySeconds }
        : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name, image, ...(extra.ports ? { ports: extra.ports } : {}) }
          ]
        }
      }
    }
  }
}

/** A manual-clock cluster: the test drives time and controller passes. */
export async function manualCluster(
  snapshot: Obj,
  scenario?: Obj,
  seed = 7
): Promise<RehearsalCluster> {
  return startRehearsalCluster({
    snapshot,
    scenario,
    speed: 1,
    manualClock: true,
    seed
  })
}

/** Advances `steps` times by `stepMs` simulated ms, with one controller pass per step. */
export function run(
  cluster: RehearsalCluster,
  steps: number,
  stepMs = 500,
  each?: (step: number) => void
): void {
  for (let i = 0; i < steps; i++) {
    cluster.advance(stepMs)
    cluster.tick()
    each?.(i)
  }
}

export function meta(o: Obj): Obj {
  return (o['metadata'] ?? {}) as Obj
}

export function labels(o: Obj): Record<string, string> {
  return (meta(o)['labels'] ?? {}) as Record<string, string>
}

export function nodeOf(pod: Obj): string {
  return String(((pod['spec'] ?? {}) as Obj)['nodeName'] ?? '')
}

export function isReady(pod: Obj): boolean {
  const conds = (((pod['status'] ?? {}) as Obj)['conditions'] ?? []) as Obj[]
  return conds.some((c) => c['type'] === 'Ready' && c['status'] === 'True')
}

export function dsStatus(
  cluster: RehearsalCluster,
  name: string
): Record<string, number> {
  const ds = cluster.objects.get('apps/daemonsets', 'default', name)!
  return (ds['status'] ?? {}) as Record<string, number>
}

export function currentHash(cluster: RehearsalCluster, name: string): string {
  const revs = cluster.objects
    .list('apps/controllerrevisions', 'default')
    .filter((r) => meta(r)['name']!.toString().startsWith(`${name}-`))
  revs.sort((a, b) => Number(b['revision']) - Number(a['revision']))
  return labels(revs[0]!)['controller-revision-hash']!
}

export const FAST = {
  defaults: { pullSeconds: 1, startSeconds: 1, stopSeconds: 1 }
}
