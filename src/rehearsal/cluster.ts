import { chmod, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { stringify } from 'yaml'
import { SimClock } from './clock.js'
import { Registry } from './api/registry.js'
import { ApiServer } from './api/server.js'
import { clusterObjects, type ClusterObjects } from './cluster-objects.js'
import { DaemonSetController } from './controllers/daemonset.js'
import { EventRecorder } from './controllers/events.js'
import { GarbageCollector } from './controllers/garbage-collector.js'
import { Kubelet } from './controllers/kubelet.js'
import { Scheduler } from './controllers/scheduler.js'
import { ApiFaults } from './faults.js'
import { Nodes } from './nodes.js'
import { parseScenario, type Scenario } from './scenario.js'
import { ScenarioTimeline } from './scenario-timeline.js'
import { readSeed } from './seed.js'
import { seedCluster } from './seeding.js'
import { ObjectStore } from './store.js'
import { generateTls } from './tls.js'

export type { ClusterObjects } from './cluster-objects.js'

export interface RehearsalOptions {
  snapshot?: unknown
  scenario?: unknown
  speed?: number
  port?: number
  kubeconfigPath?: string
  /**
   * Writes the kubeconfig to `kubeconfigPath` (the CLI passes its atomic,
   * regular-files-only writer). Default: a plain write, mode 0600.
   */
  writeKubeconfig?: (path: string, kubeconfig: string) => Promise<void>
  /** Seed for the choice of nodes during a rolling update (R3.10). */
  seed?: number
  /** Wall-clock ms between controller/scheduler/kubelet passes (default 500/speed, within 20-100). */
  tickMs?: number
  /** Wall-clock ms between watch bookmarks (default 1000). */
  bookmarkIntervalMs?: number
  /**
   * Tests: time moves only through advance() and the controllers run only
   * through tick(), so a rollout can be replayed step by step.
   */
  manualClock?: boolean
  /**
   * Tests replaying Kubernetes' controller unit tests: a sync's own creates
   * and deletes count as observed at once, as through their fake pod
   * control, so `rollingUpdate` may follow an acting `manage` in one sync.
   * Off by default (R3.8a: a real controller waits for its informer).
   */
  fakePodControl?: boolean
}

export interface RehearsalCluster {
  server: string
  kubeconfig: string
  kubeconfigPath?: string
  token: string
  speed: number
  stop(): Promise<void>
  addNode(node: object): void
  removeNode(name: string): void
  setNodeTaints(name: string, taints: object[]): void
  setNodeReady(name: string, ready: boolean): void
  now(): number
  /** The CA certificate (PEM) the kubeconfig trusts. */
  caCert: string
  /**
   * DaemonSets (`namespace/name`) the snapshot records pods of but no
   * template for: not run; their recorded pods are Pod objects on their
   * nodes (owned by the recorded uid) until a DaemonSet of that name is
   * created, which removes them at once.
   */
  withoutTemplate: string[]
  /** Drops the watch history so older resourceVersions answer 410 Gone. */
  compactHistory(): void
  /** Runs one controller/scheduler/kubelet pass at once (tests). */
  tick(): void
  /**
   * Runs one DaemonSet controller pass alone: no scheduler, no kubelet, no
   * scenario. Tests step the controller sync by sync with it, as
   * Kubernetes' own controller unit tests do (test/rehearsal/k8s-*.test.ts).
   */
  syncDaemonSets(): void
  /** Moves a manual clock forward (manualClock only). */
  advance(ms: number): void
  objects: ClusterObjects
}

export function buildKubeconfig(
  server: string,
  caCert: string,
  token: string
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'rehearsal',
        cluster: {
          server,
          'certificate-authority-data': Buffer.from(caCert).toString('base64')
        }
      }
    ],
    users: [{ name: 'rehearsal', user: { token } }],
    contexts: [
      {
        name: 'rehearsal',
        context: {
          cluster: 'rehearsal',
          user: 'rehearsal',
          namespace: 'default'
        }
      }
    ],
    'current-context': 'rehearsal',
    preferences: {}
  })
}

/** A seeded pseudo-random source (mulberry32): the same seed, the same rollout. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The parts of a cluster that run without the API server. */
interface ClusterParts {
  clock: SimClock
  store: ObjectStore
  registry: Registry
  nodes: Nodes
  controller: DaemonSetController
  scheduler: Scheduler
  kubelet: Kubelet
}

/**
 * Starts the rehearsal cluster in six steps: read the inputs, build the
 * parts, load the snapshot, run one pass of every controller, serve the
 * API (and write the kubeconfig), then keep the controllers running.
 *
 * Assumes nothing about its inputs: a bad scenario or snapshot throws
 * their own errors before anything listens; a failed kubeconfig write
 * stops the API server again. After it returns, the API answers with the
 * snapshot's objects already in their post-first-pass state, so a client
 * never sees a half-seeded cluster.
 */
export async function startCluster(
  options: RehearsalOptions
): Promise<RehearsalCluster> {
  const scenario: Scenario = parseScenario(options.scenario)
  const speed = options.speed ?? scenario.speed ?? 1
  if (!(speed > 0))
    throw new Error(`speed must be a positive number, got ${String(speed)}`)
  const seed = readSeed(options.snapshot)
  const parts = buildParts(options, scenario, speed)
  seedCluster(parts, seed)
  const tick = controlLoop(parts, scenario, seed.recordedOwners)
  tick()
  const served = await serveApi(parts.registry, scenario, options)
  const ticking = keepTicking(tick, options, speed)
  const { clock, store, nodes, controller } = parts
  return {
    objects: clusterObjects(parts.registry),
    advance: (ms: number) => clock.advance(ms),
    server: served.server,
    kubeconfig: served.kubeconfig,
    ...(options.kubeconfigPath !== undefined
      ? { kubeconfigPath: options.kubeconfigPath }
      : {}),
    token: served.token,
    speed,
    caCert: served.caCert,
    async stop() {
      ticking.stop()
      await served.api.close()
    },
    addNode: (node) => nodes.add(node),
    removeNode: (name) => nodes.remove(name),
    setNodeTaints: (name, taints) => nodes.setTaints(name, taints),
    setNodeReady: (name, ready) => nodes.setReady(name, ready),
    now: () => clock.now(),
    withoutTemplate: [...seed.withoutTemplate],
    compactHistory: () => store.compactTo(0),
    tick,
    syncDaemonSets: () => controller.syncAll()
  }
}

/**
 * The store, its registry and the controllers over them, on one clock.
 * The random source the controller picks nodes with is seeded (R3.10):
 * `options.seed`, else the scenario's, else 1.
 */
function buildParts(
  options: RehearsalOptions,
  scenario: Scenario,
  speed: number
): ClusterParts {
  const clock = new SimClock(speed, options.manualClock === true)
  const store = new ObjectStore()
  const registry = new Registry(store, clock)
  const events = new EventRecorder(registry, clock)
  const random = mulberry32(options.seed ?? scenario.seed ?? 1)
  return {
    clock,
    store,
    registry,
    nodes: new Nodes(registry, clock),
    controller: new DaemonSetController(
      registry,
      clock,
      events,
      random,
      options.fakePodControl === true
    ),
    scheduler: new Scheduler(registry, clock, events),
    kubelet: new Kubelet(
      registry,
      clock,
      events,
      scenario.timings,
      scenario.imageFaults,
      scenario.imageTimings
    )
  }
}

/**
 * One pass of the whole cluster, in a fixed order:
 * 1. the scenario's due changes and faults (the world changes first);
 * 2. the node lifecycle controller's cordon taints (R1.16);
 * 3. recorded pods give way to a DaemonSet created for their owner;
 * 4. scheduler, kubelets, DaemonSet controller, scheduler again, so a pod
 *    the controller creates is bound in the same pass;
 * 5. every tenth pass, the garbage collector.
 * The scenario's clock starts when this is called (after seeding).
 */
function controlLoop(
  parts: ClusterParts,
  scenario: Scenario,
  recordedOwners: ReadonlyMap<string, string>
): () => void {
  const { clock, registry, nodes, scheduler, kubelet, controller } = parts
  const timeline = new ScenarioTimeline(scenario, clock, nodes)
  const collector = new GarbageCollector(registry, recordedOwners)
  let passes = 0
  return () => {
    timeline.pass()
    nodes.syncCordon()
    collector.replaceRecordedPods()
    scheduler.run()
    kubelet.run()
    controller.syncAll()
    scheduler.run()
    if (++passes % 10 === 0) collector.collect()
  }
}

/** The listening API server and what a client needs to reach it. */
interface ServedApi {
  api: ApiServer
  server: string
  kubeconfig: string
  token: string
  caCert: string
}

/**
 * Serves the API over TLS on 127.0.0.1 (a fresh certificate and bearer
 * token each start) with the scenario's API faults, and writes the
 * kubeconfig when asked: 0600 whatever was there before (an existing
 * world-readable file does not keep its mode); a failed write stops the
 * API server again and throws.
 */
async function serveApi(
  registry: Registry,
  scenario: Scenario,
  options: RehearsalOptions
): Promise<ServedApi> {
  const tls = await generateTls()
  const token = randomBytes(24).toString('hex')
  const api = new ApiServer({
    registry,
    token,
    cert: tls.cert,
    key: tls.key,
    faults: scenario.apiFaults.length
      ? new ApiFaults(scenario.apiFaults)
      : undefined,
    bookmarkIntervalMs: options.bookmarkIntervalMs
  })
  const port = await api.listen(options.port ?? 0)
  const server = `https://127.0.0.1:${port}`
  const kubeconfig = buildKubeconfig(server, tls.caCert, token)
  if (options.kubeconfigPath !== undefined) {
    try {
      await (options.writeKubeconfig ?? writePrivateFile)(
        options.kubeconfigPath,
        kubeconfig
      )
    } catch (err) {
      await api.close()
      throw err
    }
  }
  return { api, server, kubeconfig, token, caCert: tls.caCert }
}

/**
 * Runs `tick` every `tickMs` wall ms (default about one pass per 0.5
 * simulated seconds, between 20 and 100 wall ms) until stopped; never with
 * a manual clock, where tests call tick() themselves. A failing pass is
 * reported as a process warning and the loop goes on: one bad object must
 * not stop the cluster.
 */
function keepTicking(
  tick: () => void,
  options: RehearsalOptions,
  speed: number
): { stop(): void } {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const tickMs = options.tickMs ?? Math.min(100, Math.max(20, 500 / speed))
  const loop = (): void => {
    if (stopped) return
    try {
      tick()
    } catch (err) {
      process.emitWarning(
        `rehearsal cluster tick failed: ${err instanceof Error ? err.message : String(err)}`
      )
    }
    timer = setTimeout(loop, tickMs)
  }
  if (options.manualClock !== true) timer = setTimeout(loop, tickMs)
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }
}

/** A credentials file, 0600 whatever mode an earlier file at the path had. */
async function writePrivateFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { encoding: 'utf8', mode: 0o600 })
  await chmod(path, 0o600)
}
