// bench-timeout: 300
/**
 * Gated apply figures against the rehearsal cluster (standalone:
 * `node test/bench/apply.ts`).
 * 1. API requests a 1,000-node rollout costs (create, then a template change
 *    rolled out with maxUnavailable 10%), by verb, and how many of them the
 *    preflight's live plan takes.
 * 2. Rehearsed rollout time of a 1,000-node change against the live plan's
 *    estimate, the rehearsal kubelet timed like the estimate's defaults.
 * 3. Bad-image detection latency at speed 1: wall time from the first pod
 *    showing ImagePullBackOff to the undo PATCH.
 * The sources are bundled with esbuild first: Node's type stripping neither
 * maps the `.js` specifiers of src/ to `.ts` files nor accepts the
 * parameter properties of the rehearsal sources.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = new URL('../../', import.meta.url).pathname
const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-bench-apply-'))
const lib = join(dir, 'apply-bench.mjs')
await build({
  stdin: {
    contents: [
      "export { KubeConfig } from '@kubernetes/client-node'",
      "export { KubeClient } from './src/adapters/kube/client.ts'",
      "export { runApply } from './src/deploy/apply.ts'",
      "export { DEFAULT_GATE_OPTIONS } from './src/core/gate/types.ts'",
      "export { startRehearsalCluster } from './src/rehearsal/index.ts'"
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'apply-bench-entry.ts',
    loader: 'ts'
  },
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  logLevel: 'warning',
  outfile: lib,
  banner: {
    js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);"
  }
})
type Lib = typeof import('@kubernetes/client-node') &
  typeof import('../../src/adapters/kube/client.js') &
  typeof import('../../src/deploy/apply.js') &
  typeof import('../../src/core/gate/types.js') &
  typeof import('../../src/rehearsal/index.js')
const {
  KubeConfig,
  KubeClient,
  runApply,
  DEFAULT_GATE_OPTIONS,
  startRehearsalCluster
} = (await import(pathToFileURL(lib).href)) as Lib

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
    const line = (what: string, r: typeof created): string =>
      `1,000 nodes: ${what} ${r.outcome.result} in ${r.seconds.toFixed(1)}s wall, ${r.client.requests.total} API requests ${JSON.stringify(r.client.requests.byKind)} (live plan: ${r.outcome.report.livePlanRequests ?? 0} of them)`
    console.log(line('create', created))
    console.log(line('template change (maxUnavailable 10%)', rolled))
  } finally {
    await cluster.stop()
  }
}

// 2. Rehearsed rollout time vs the live plan's estimate, with the
// rehearsal kubelet timed like the estimate's defaults (pull 20 s, start
// 5 s, stop = the 30 s grace period), at speed 20 so the controllers keep up.
{
  const cluster = await startRehearsalCluster({
    snapshot: snapshot(1000),
    speed: 20,
    scenario: {
      defaults: { pullSeconds: 20, startSeconds: 5, stopSeconds: 30 }
    }
  })
  try {
    await deploy(cluster.kubeconfig, 'agent:1', '10%', 0)
    // Soak 0: the gate ends when the rollout converges (R5.6), so the
    // simulated time is the rollout's own duration.
    const simStart = cluster.now()
    const rolled = await deploy(cluster.kubeconfig, 'agent:2', '10%', 0)
    const simSeconds = (cluster.now() - simStart) / 1000
    const planned = rolled.outcome.report.plannedSeconds
    console.log(
      `1,000 nodes, maxUnavailable 10%: rehearsed ${simSeconds.toFixed(0)}s (simulated, speed ${cluster.speed}) vs the live plan's estimate ${planned === undefined ? '?' : `${planned}s (${((simSeconds / planned) * 100).toFixed(0)}%)`}`
    )
    for (const l of rolled.outcome.report.livePlan ?? []) console.log(`  ${l}`)
  } finally {
    await cluster.stop()
  }
}

// 3. Detection latency at speed 1.
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

await rm(dir, { recursive: true, force: true })
