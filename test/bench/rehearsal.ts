/**
 * Rehearsal cluster benchmark (standalone: `node test/bench/rehearsal.ts`).
 *
 * 1. Start-up of `ds-rollout rehearse` on the bundled example snapshot
 *    (examples/snapshot.json, 17 nodes) and on the 3-node test fixture
 *    (target < 2 s): spawn to the "ready" line.
 * 2. A 1,000-node rehearsal of a maxUnavailable 10% rollout at speed 60
 *    (target < 60 s): from the image change (client-node PATCH) until the
 *    DaemonSet status reports all 1,000 pods updated and available.
 *
 * The sources are bundled with esbuild first, because Node's type stripping
 * does not map the `.js` import specifiers of src/ to `.ts` files.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import {
  AppsV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions
} from '@kubernetes/client-node'

const root = new URL('../../', import.meta.url).pathname
const STARTUP_TARGET_MS = 2000
const ROLLOUT_TARGET_MS = 60_000

interface Cluster {
  server: string
  kubeconfig: string
  stop(): Promise<void>
}
type Start = (options: {
  snapshot?: unknown
  scenario?: unknown
  speed?: number
}) => Promise<Cluster>

async function bundle(dir: string): Promise<{ cli: string; lib: string }> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node24',
    format: 'esm' as const,
    logLevel: 'warning' as const,
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);"
    }
  }
  const cli = join(dir, 'cli.mjs')
  const lib = join(dir, 'rehearsal.mjs')
  await build({
    ...common,
    entryPoints: [join(root, 'src/cli.ts')],
    outfile: cli
  })
  await build({
    ...common,
    entryPoints: [join(root, 'src/rehearsal/index.ts')],
    outfile: lib
  })
  return { cli, lib }
}

async function measureStartup(
  cli: string,
  dir: string,
  snapshot: string
): Promise<number> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [
      cli,
      'rehearse',
      '--snapshot',
      join(root, snapshot),
      '--kubeconfig-out',
      join(dir, 'kubeconfig')
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] }
  )
  const ms = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('ready')) resolve(performance.now() - started)
    })
    child.on('exit', (code) =>
      reject(
        new Error(`rehearse exited with ${String(code)} before it was ready`)
      )
    )
  })
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  return ms
}

function snapshotOf(nodes: number): unknown {
  const template = {
    metadata: { labels: { app: 'agent' } },
    spec: {
      containers: [
        {
          name: 'agent',
          image: 'example/agent:1',
          resources: { requests: { cpu: '50m', memory: '32Mi' } }
        }
      ]
    }
  }
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: Array.from({ length: nodes }, (_, i) => ({
      name: `node-${String(i).padStart(4, '0')}`,
      labels: { zone: `z${i % 3}` },
      taints: [],
      unschedulable: false,
      conditions: [{ type: 'Ready', status: 'True' }],
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      requested: { cpu: '2', memory: '4Gi' },
      hostPorts: [],
      podCount: 10,
      daemonPods: [
        {
          name: `agent-p${i}`,
          namespace: 'default',
          daemonSet: 'agent',
          revisionHash: '5d8f9c7b6',
          phase: 'Running',
          ready: true,
          requests: { cpu: '50m', memory: '32Mi' },
          hostPorts: []
        }
      ]
    })),
    daemonSets: [
      {
        namespace: 'default',
        name: 'agent',
        currentRevisionHash: '5d8f9c7b6',
        template,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '10%' }
        }
      }
    ]
  }
}

async function measureRollout(
  start: Start
): Promise<{ ms: number; startMs: number; waves: number }> {
  const t0 = performance.now()
  const cluster = await start({ snapshot: snapshotOf(1000), speed: 60 })
  const startMs = performance.now() - t0
  try {
    const kc = new KubeConfig()
    kc.loadFromString(cluster.kubeconfig)
    const apps = kc.makeApiClient(AppsV1Api)
    const began = performance.now()
    await apps.patchNamespacedDaemonSet(
      {
        name: 'agent',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'agent', image: 'example/agent:2' }]
              }
            }
          }
        }
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)
    )
    let lastUpdated = -1
    let waves = 0
    for (;;) {
      const ds = await apps.readNamespacedDaemonSet({
        name: 'agent',
        namespace: 'default'
      })
      const s = ds.status
      const updated = s?.updatedNumberScheduled ?? 0
      if (updated !== lastUpdated && updated % 100 === 0 && updated > 0) waves++
      lastUpdated = updated
      if (
        (ds.metadata?.generation ?? 0) <= (s?.observedGeneration ?? 0) &&
        updated === 1000 &&
        (s?.numberAvailable ?? 0) === 1000
      )
        break
      if (performance.now() - began > 120_000)
        throw new Error(`rollout did not finish: ${JSON.stringify(s)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    return { ms: performance.now() - began, startMs, waves }
  } finally {
    await cluster.stop()
  }
}

const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-bench-'))
try {
  const { cli, lib } = await bundle(dir)
  let startup = 0
  for (const [what, file] of [
    ['examples/snapshot.json, 17 nodes', 'examples/snapshot.json'],
    ['3-node fixture', 'test/fixtures/rehearsal/nodes-3.json']
  ] as const) {
    const ms = await measureStartup(cli, dir, file)
    startup = Math.max(startup, ms)
    console.log(
      `rehearse start-up (${what}; spawn to ready line): ${ms.toFixed(0)} ms (target < ${STARTUP_TARGET_MS} ms) ${ms < STARTUP_TARGET_MS ? 'OK' : 'SLOW'}`
    )
  }
  const mod = (await import(lib)) as { startRehearsalCluster: Start }
  const r = await measureRollout(mod.startRehearsalCluster)
  console.log(
    `1,000-node rollout, maxUnavailable 10%, speed 60: ${(r.ms / 1000).toFixed(1)} s wall (target < ${ROLLOUT_TARGET_MS / 1000} s) ${r.ms < ROLLOUT_TARGET_MS ? 'OK' : 'SLOW'}; cluster start ${r.startMs.toFixed(0)} ms`
  )
  if (startup >= STARTUP_TARGET_MS || r.ms >= ROLLOUT_TARGET_MS)
    process.exitCode = 1
} finally {
  await rm(dir, { recursive: true, force: true })
}
