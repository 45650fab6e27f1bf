import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../../src/adapters/kube/client.js'
import {
  DEFAULT_GATE_OPTIONS,
  type GateOptions
} from '../../src/core/gate/types.js'
import type { KubeObject } from '../../src/core/k8s/types.js'
import type { ManifestObject } from '../../src/core/manifests/types.js'
import { runApply } from '../../src/deploy/apply.js'
import type {
  ApplyOutcome,
  ApplySettings,
  Logger
} from '../../src/deploy/types.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'

type Obj = Record<string, unknown>

export function nodes(
  count: number,
  labels: (i: number) => Record<string, string> = () => ({
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64'
  })
): Obj {
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: Array.from({ length: count }, (_, i) => ({
      name: `node-${i + 1}`,
      labels: labels(i + 1),
      taints: [],
      unschedulable: false,
      conditions: [{ type: 'Ready', status: 'True' }],
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      requested: {},
      hostPorts: [],
      podCount: 0,
      daemonPods: []
    })),
    daemonSets: []
  }
}

export function agent(
  image: string,
  extra: { configMap?: boolean; maxUnavailable?: number | string } = {}
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: extra.maxUnavailable ?? 1 }
      },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          containers: [
            {
              name: 'agent',
              image,
              ...(extra.configMap === true
                ? { envFrom: [{ configMapRef: { name: 'agent-config' } }] }
                : {})
            }
          ]
        }
      }
    }
  }
}

export function configMap(data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'agent-config', namespace: 'kube-system' },
    data
  }
}

export function manifests(...objects: KubeObject[]): ManifestObject[] {
  return objects.map((object, i) => ({
    object,
    source: { file: 'test.yaml', line: 1 + i * 20 }
  }))
}

export function clientFor(cluster: RehearsalCluster): KubeClient {
  const kc = new KubeConfig()
  kc.loadFromString(cluster.kubeconfig)
  return new KubeClient(kc, { attempts: 5, baseDelayMs: 50, maxDelayMs: 400 })
}

export function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    async group(name, fn) {
      lines.push(`== ${name}`)
      return fn()
    }
  }
}

export const FAST_GATE: GateOptions = {
  ...DEFAULT_GATE_OPTIONS,
  timeoutSeconds: 60,
  progressDeadlineSeconds: 30,
  soakSeconds: 1,
  unschedulableGraceSeconds: 5
}

export function settings(
  objects: ManifestObject[],
  over: Partial<ApplySettings> = {}
): ApplySettings {
  return {
    objects,
    gate: FAST_GATE,
    force: false,
    undo: true,
    onCancel: 'undo',
    concurrency: 'refuse',
    concurrencyWaitSeconds: 30,
    ...over
  }
}

export async function apply(
  client: KubeClient,
  objects: ManifestObject[],
  over: Partial<ApplySettings> = {},
  signal: AbortSignal = new AbortController().signal
): Promise<ApplyOutcome & { log: string[] }> {
  const log = captureLog()
  const outcome = await runApply(settings(objects, over), {
    client,
    log,
    signal,
    listWatchOptions: {
      watchTimeoutSeconds: 60,
      minBackoffMs: 50,
      maxBackoffMs: 500,
      minHealthyWatchMs: 200
    }
  })
  return { ...outcome, log: log.lines }
}

/**
 * The rehearsal kubelet's timings these end-to-end tests were written
 * against (simulated seconds), set explicitly: their gates, deadlines and
 * speeds assume them, so a change of the kubelet's defaults
 * (src/rehearsal/timings.ts) cannot make them slow or flaky. A test's own
 * `defaults:` win.
 */
export const E2E_KUBELET_TIMINGS = {
  pullSeconds: 5,
  startSeconds: 3,
  stopSeconds: 2
} as const

/** A scenario with {@link E2E_KUBELET_TIMINGS} under its own `defaults:`. */
export function withE2eTimings(scenario: Obj = {}): Obj {
  return {
    ...scenario,
    defaults: {
      ...E2E_KUBELET_TIMINGS,
      ...((scenario['defaults'] as Obj | undefined) ?? {})
    }
  }
}

export async function cluster(
  nodeCount: number,
  scenario?: Obj,
  speed = 20
): Promise<RehearsalCluster> {
  return startRehearsalCluster({
    snapshot: nodes(nodeCount),
    scenario: withE2eTimings(scenario),
    speed
  })
}
