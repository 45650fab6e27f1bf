// bench-flags: --experimental-transform-types
/**
 * Gated apply figures against the rehearsal cluster.
 * 1. API requests a 1,000-node rollout costs (create, then a template change
 *    rolled out with maxUnavailable 10%), by verb.
 * 2. Bad-image detection latency at speed 1: wall time from the first pod
 *    showing ImagePullBackOff to the undo PATCH.
 * Run with `node --experimental-transform-types test/bench/apply.ts` (the
 * bench-flags line above tells test/bench/run.ts): the rehearsal sources use
 * parameter properties, which plain type stripping rejects (see diff.ts for
 * the .js -> .ts resolve hook).
 */
import { performance } from 'node:perf_hooks'

await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { KubeConfig } = await import('@kubernetes/client-node')
const { KubeClient } = await import('../../src/adapters/kube/client.js')
const { runApply } = await import('../../src/deploy/apply.js')
const { DEFAULT_GATE_OPTIONS } = await import('../../src/core/gate/types.js')
const { startRehearsalCluster } = await import('../../src/rehearsal/index.js')

type Obj = Record<string, unknown>

function snapshot(count: number): Obj {
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: Array.from({ length: count }, (_, i) => ({
      name: `node-${i + 1}`,
      labels: {},
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

function agent(image: string, maxUnavailable: number | string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable }
      },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image }] }
      }
    }
  }
}

const quiet = {
  info: () => {},
  warning: () => {},
  error: (m: string) => console.error(m),
  group: async <T>(_n: string, fn: () => Promise<T>) => fn()
}

async function deploy(
  kubeconfig: string,
  image: string,
  maxUnavailable: number | string,
  soakSeconds: number
) {
  const kc = new KubeConfig()
  kc.loadFromString(kubeconfig)
  const client = new KubeClient(kc)
  const started = performance.now()
  const outcome = await runApply(
    {
      objects: [
        {
          object: agent(image, maxUnavailable),
          source: { file: 'bench.yaml', line: 1 }
        }
      ],
      gate: { ...DEFAULT_GATE_OPTIONS, soakSeconds, timeoutSeconds: 600 },
      force: false,
      undo: true,
      onCancel: 'undo',
      concurrency: 'refuse',
      concurrencyWaitSeconds: 0
    },
    { client, log: quiet, signal: new AbortController().signal }
  )
  return { outcome, client, seconds: (performance.now() - started) / 1000 }
}

// 1. Requests for a 1,000-node rollout.
{
  const cluster = await startRehearsalCluster({
    snapshot: snapshot(1000),
    speed: 200
  })
  try {
    const created = await deploy(cluster.kubeconfig, 'agent:1', '10%', 1)
    const rolled = await deploy(cluster.kubeconfig, 'agent:2', '10%', 1)
    console.log(
      `1,000 nodes: create ${created.outcome.result} in ${created.seconds.toFixed(1)}s wall, ${created.client.requests.total} API requests ${JSON.stringify(created.client.requests.byKind)}`
    )
    console.log(
      `1,000 nodes: template change ${rolled.outcome.result} in ${rolled.seconds.toFixed(1)}s wall (${((rolled.seconds * cluster.speed) / 60).toFixed(1)} simulated minutes), ${rolled.client.requests.total} API requests ${JSON.stringify(rolled.client.requests.byKind)}`
    )
  } finally {
    await cluster.stop()
  }
}

// 2. Detection latency at speed 1.
{
  const cluster = await startRehearsalCluster({
    snapshot: snapshot(10),
    speed: 1,
    scenario: { faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }] }
  })
  try {
    await deploy(cluster.kubeconfig, 'agent:1', 1, 0)
    let firstBad: number | undefined
    let undone: number | undefined
    const stop = cluster.objects.subscribe((e) => {
      const o = e.object as {
        spec?: { template?: { spec?: { containers?: { image?: string }[] } } }
        status?: {
          containerStatuses?: { state?: { waiting?: { reason?: string } } }[]
        }
      }
      if (
        e.resource.endsWith('pods') &&
        firstBad === undefined &&
        (o.status?.containerStatuses ?? []).some((c) =>
          /ImagePull|ErrImage/.test(c.state?.waiting?.reason ?? '')
        )
      )
        firstBad = performance.now()
      if (
        e.resource.endsWith('daemonsets') &&
        firstBad !== undefined &&
        undone === undefined &&
        o.spec?.template?.spec?.containers?.[0]?.image === 'agent:1'
      )
        undone = performance.now()
    })
    const bad = await deploy(cluster.kubeconfig, 'agent:bad-2', 1, 0)
    stop()
    console.log(
      `bad image at speed 1: ${bad.outcome.result}; first ImagePullBackOff -> undo PATCH ${firstBad !== undefined && undone !== undefined ? ((undone - firstBad) / 1000).toFixed(3) : '?'}s; whole run ${bad.seconds.toFixed(1)}s`
    )
  } finally {
    await cluster.stop()
  }
}
