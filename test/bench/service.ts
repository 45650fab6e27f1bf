// bench-flags: --expose-gc
/**
 * Load test of the analysis service on loopback: `node test/bench/service.ts`
 * (also run by `npm run bench`). Bounded in count and time.
 *
 * 1. Plans per second and latency (p50/p99) of POST /v1/plan over HTTP with
 *    keep-alive, against a synthetic 5,000-node fleet, for a DaemonSet image
 *    bump (base + head), at 1 and 4 concurrent clients.
 * 2. The cluster view at that size: heap held by the slimmed objects of
 *    5,000 nodes and 100,000 pods, the time of a full snapshot conversion
 *    (after a list) and of an incremental one after a burst of 50 pod
 *    events and a node change (what a busy cluster costs per second).
 *
 * Node 24 runs this file with type stripping (erasable syntax only). The
 * sources import each other as `./x.js`; _resolve-ts.ts maps those to the
 * `.ts` files, so it is loaded first and everything else is imported after.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'

await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { AnalysisService } = await import('../../src/service/server.js')
const { StaticTokenAuthenticator } = await import('../../src/service/auth.js')
const { FileSnapshotSource } =
  await import('../../src/service/snapshot-source.js')
const { parseTokensFile } = await import('../../src/service/tokens.js')
const { slimNode, slimPod } = await import('../../src/service/view/slim.js')
const { IncrementalSnapshot } =
  await import('../../src/service/view/incremental-snapshot.js')

const NODES = 5000
const PODS_PER_NODE = 20
/** Requests per measured run (three runs), and a time bound per run. */
const PER_RUN = 150
const MAX_SECONDS = 60
const TOKEN = 'bench-token-0123456789abcdef'

function rawNode(i: number): Record<string, unknown> {
  const name = `node-${String(i).padStart(5, '0')}`
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: String(1000 + i),
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type':
          i % 4 === 0 ? 'm6i.4xlarge' : 'm6i.2xlarge',
        'topology.kubernetes.io/zone': `zone-${i % 3}`,
        pool: i % 10 === 0 ? 'gpu' : 'general'
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
      }
    },
    spec: {
      podCIDR: `10.${i >> 8}.${i & 255}.0/24`,
      taints:
        i % 10 === 0
          ? [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]
          : [],
      unschedulable: i % 500 === 0
    },
    status: {
      allocatable: {
        cpu: '7910m',
        memory: '31Gi',
        pods: '110',
        'ephemeral-storage': '95Gi'
      },
      capacity: {
        cpu: '8',
        memory: '32Gi',
        pods: '110',
        'ephemeral-storage': '100Gi'
      },
      conditions: [
        'MemoryPressure',
        'DiskPressure',
        'PIDPressure',
        'Ready'
      ].map((type) => ({
        type,
        status: type === 'Ready' ? (i % 997 === 0 ? 'False' : 'True') : 'False',
        reason: type === 'Ready' ? 'KubeletReady' : `KubeletHasNo${type}`,
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: '2026-11-23T09:00:00Z',
        lastTransitionTime: '2026-11-01T00:00:00Z'
      })),
      images: Array.from({ length: 30 }, (_, k) => ({
        names: [
          `registry.example/team/image-${k}@sha256:${'a'.repeat(64)}`,
          `registry.example/team/image-${k}:v1.${k}`
        ],
        sizeBytes: 100_000_000 + k
      })),
      nodeInfo: {
        kubeletVersion: 'v1.32.3',
        osImage: 'Bottlerocket',
        containerRuntimeVersion: 'containerd://1.7.0'
      }
    }
  }
}

function rawPod(node: string, j: number): Record<string, unknown> {
  const daemon = j < 3 ? ['kube-proxy', 'node-exporter', 'agent'][j] : undefined
  const name = daemon === undefined ? `app-${node}-${j}` : `${daemon}-${node}`
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: daemon === undefined ? `team-${j % 7}` : 'kube-system',
      uid: `uid-${name}`,
      labels: {
        app: daemon ?? `app-${j}`,
        ...(daemon === undefined
          ? { 'pod-template-hash': '5d8f7c9b6' }
          : {
              'controller-revision-hash': '6d5f8b7c9',
              'pod-template-generation': '3'
            })
      },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2026-11-01T00:00:00Z'
      },
      ownerReferences: [
        daemon === undefined
          ? {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: `app-${j}-5d8f7c9b6`,
              uid: `rs-${j}`,
              controller: true
            }
          : {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: daemon,
              uid: `ds-${daemon}`,
              controller: true
            }
      ]
    },
    spec: {
      nodeName: node,
      serviceAccountName: 'default',
      containers: [
        {
          name: 'main',
          image: `registry.example/team/image-${j}:v1`,
          env: Array.from({ length: 10 }, (_, k) => ({
            name: `VAR_${k}`,
            value: `value-${k}`
          })),
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: '256Mi' }
          },
          ports:
            daemon === 'node-exporter'
              ? [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]
              : [{ containerPort: 8080 }],
          volumeMounts: [
            {
              name: 'kube-api-access',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              readOnly: true
            }
          ]
        }
      ],
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300
        }
      ],
      volumes: [
        {
          name: 'kube-api-access',
          projected: {
            sources: [
              {
                serviceAccountToken: { expirationSeconds: 3607, path: 'token' }
              }
            ]
          }
        }
      ]
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled'
      ].map((type) => ({ type, status: 'True' })),
      containerStatuses: [
        {
          name: 'main',
          ready: true,
          restartCount: 0,
          image: 'x',
          imageID: 'y',
          containerID: 'z'
        }
      ]
    }
  }
}

const DS_BASE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
  annotations:
    deprecated.daemonset.template.generation: "3"
spec:
  selector:
    matchLabels: {app: agent}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 10%, maxSurge: 0}
  template:
    metadata:
      labels: {app: agent}
    spec:
      priorityClassName: system-node-critical
      tolerations:
        - {operator: Exists, effect: NoSchedule}
      containers:
        - name: agent
          image: registry.example/agent:1.0.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
`
const DS_HEAD = DS_BASE.replace('agent:1.0.0', 'agent:1.1.0').replace(
  'cpu: 100m',
  'cpu: 150m'
)

function percentile(sorted: number[], p: number): number {
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ] ?? NaN
  )
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024
}

// --- the fleet, as the live view would hold it -----------------------------
const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const heapBefore = heapMb()
const t0 = performance.now()
const nodes = []
const pods = []
for (let i = 0; i < NODES; i++) {
  const raw = rawNode(i)
  const n = slimNode(raw)
  if (n !== undefined) nodes.push(n)
  const name = (raw['metadata'] as { name: string }).name
  for (let j = 0; j < PODS_PER_NODE; j++) {
    const p = slimPod(rawPod(name, j))
    if (p !== undefined) pods.push(p)
  }
}
const slimMs = performance.now() - t0
gc?.()
const heapView = heapMb() - heapBefore
const rawSample =
  JSON.stringify(rawPod('node-00001', 5)).length +
  JSON.stringify(rawNode(1)).length / PODS_PER_NODE
const slimSample =
  JSON.stringify(pods[5]).length +
  JSON.stringify(nodes[0]).length / PODS_PER_NODE

const nodeStore = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]))
const podStore = new Map(
  pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p])
)
const dsStore = new Map()
const meta = () => ({ recordedAt: new Date().toISOString() })
const inc = new IncrementalSnapshot()
let s0 = performance.now()
let snapshot = inc.build(nodeStore, podStore, dsStore, meta())
const fullMs = performance.now() - s0
const rebuilds: number[] = []
for (let round = 0; round < 20; round++) {
  for (let k = 0; k < 50; k++) {
    const [key, before] =
      [...podStore.entries()][(round * 997 + k * 131) % podStore.size] ?? []
    if (key === undefined || before === undefined) continue
    const target = `node-${String((round * 31 + k) % NODES).padStart(5, '0')}`
    const after = { ...before, spec: { ...before.spec, nodeName: target } }
    podStore.set(key, after)
    inc.podChanged(key, before, after)
  }
  inc.nodeChanged('node-00001')
  s0 = performance.now()
  snapshot = inc.build(nodeStore, podStore, dsStore, meta())
  rebuilds.push(performance.now() - s0)
}
rebuilds.sort((a, b) => a - b)

// --- the HTTP API under load ----------------------------------------------
const service = new AnalysisService({
  source: new FileSnapshotSource(snapshot, Date.now()),
  authenticator: new StaticTokenAuthenticator(parseTokensFile(TOKEN, 'bench')),
  limits: { rateLimit: { ratePerSecond: 1e6, burst: 1e6 } }
})
const { port } = (await service.listen('127.0.0.1', 0)) as AddressInfo
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
const body = JSON.stringify({ head: DS_HEAD, base: DS_BASE })

async function planOnce(gzip: boolean): Promise<{ ms: number; bytes: number }> {
  const start = performance.now()
  return await new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/plan',
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...(gzip ? { 'Accept-Encoding': 'gzip' } : {})
        }
      },
      (res) => {
        let bytes = 0
        res.on('data', (c: Buffer) => (bytes += c.length))
        res.on('end', () => {
          if (res.statusCode !== 200)
            reject(new Error(`status ${res.statusCode}`))
          else resolve({ ms: performance.now() - start, bytes })
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function load(
  concurrency: number,
  gzip = false
): Promise<{
  n: number
  perSecond: number
  p50: number
  p99: number
  bytes: number
}> {
  const latencies: number[] = []
  let bytes = 0
  let issued = 0
  const deadline = performance.now() + MAX_SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < PER_RUN && performance.now() < deadline) {
        issued += 1
        const r = await planOnce(gzip)
        latencies.push(r.ms)
        bytes = r.bytes
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    n: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes
  }
}

await planOnce(false) // warm-up (JIT)
const single = await load(1)
const four = await load(4)
const zipped = await load(1, true)
agent.destroy()
await service.close(1000)

const f = (x: number, d = 1): string => x.toFixed(d)
console.log(
  `fleet: ${NODES} nodes, ${pods.length} pods (${PODS_PER_NODE}/node, 3 daemon pods/node)`
)
console.log(
  `view: slimmed in ${f(slimMs, 0)} ms; heap held ~${f(heapView, 0)} MB${gc === undefined ? ' (run with --expose-gc for a precise figure)' : ''}; per pod ~${f(slimSample, 0)} B JSON kept of ~${f(rawSample, 0)} B`
)
console.log(
  `snapshot from the view: full conversion ${f(fullMs, 0)} ms; after 50 pod events + 1 node change p50 ${f(percentile(rebuilds, 50))} ms, max ${f(rebuilds[rebuilds.length - 1] ?? NaN)} ms`
)
console.log('')
console.log(
  'POST /v1/plan (DaemonSet image + request bump, base+head), loopback, keep-alive:'
)
console.log('| clients | plans | plans/s | p50 ms | p99 ms | response |')
console.log('|---|---|---|---|---|---|')
for (const [c, r] of [
  ['1', single],
  ['4', four],
  ['1, gzip', zipped]
] as const) {
  console.log(
    `| ${c} | ${r.n} | ${f(r.perSecond)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.bytes / 1024, 0)} KiB |`
  )
}
