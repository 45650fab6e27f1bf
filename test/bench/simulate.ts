// Benchmark: planning 20 changed DaemonSets against synthetic snapshots of
// 1k, 5k, 15k and 65k nodes, next to the time it takes just to read and parse
// the snapshot file (readFile + JSON.parse + loadSnapshot).
//
//   node test/bench/simulate.ts [sizes...]      e.g. node test/bench/simulate.ts 1000 5000
//
// Runs on Node 24's type stripping (erasable syntax only). The sources import
// each other with `.js` specifiers, which name the compiled files; a resolve
// hook maps them to the `.ts` files next to them.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (err) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(specifier.slice(0, -3) + '.ts', context)
      }
      throw err
    }
  }
})

const { loadSnapshot } = await import('../../src/core/snapshot/load.ts')
const { simulateDaemonSet } = await import('../../src/core/simulate/index.ts')

type Json = Record<string, unknown>

// Deterministic pseudo-random numbers (mulberry32).
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Pool {
  name: string
  type: string
  arch: string
  cpu: string
  memory: string
  memMi: number
  pods: string
  share: number
  taints: Json[]
  labels: Record<string, string>
  gpu?: boolean
}

const POOLS: Pool[] = [
  {
    name: 'general',
    type: 'm6i.2xlarge',
    arch: 'amd64',
    cpu: '7910m',
    memory: '30124Mi',
    memMi: 30124,
    pods: '58',
    share: 0.4,
    taints: [],
    labels: {}
  },
  {
    name: 'general-arm',
    type: 'm7g.2xlarge',
    arch: 'arm64',
    cpu: '7910m',
    memory: '30124Mi',
    memMi: 30124,
    pods: '58',
    share: 0.15,
    taints: [],
    labels: {}
  },
  {
    name: 'highmem',
    type: 'r6i.4xlarge',
    arch: 'amd64',
    cpu: '15890m',
    memory: '124364Mi',
    memMi: 124364,
    pods: '234',
    share: 0.12,
    taints: [],
    labels: { 'workload-class': 'memory' }
  },
  {
    name: 'spot',
    type: 'c6i.2xlarge',
    arch: 'amd64',
    cpu: '7910m',
    memory: '14412Mi',
    memMi: 14412,
    pods: '58',
    share: 0.15,
    taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }],
    labels: { 'node-lifecycle': 'spot' }
  },
  {
    name: 'gpu',
    type: 'g5.4xlarge',
    arch: 'amd64',
    cpu: '15890m',
    memory: '62228Mi',
    memMi: 62228,
    pods: '234',
    share: 0.08,
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    labels: { 'nvidia.com/gpu.present': 'true' },
    gpu: true
  },
  {
    name: 'infra',
    type: 'm6i.xlarge',
    arch: 'amd64',
    cpu: '3920m',
    memory: '15136Mi',
    memMi: 15136,
    pods: '58',
    share: 0.05,
    taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }],
    labels: { dedicated: 'infra' }
  },
  {
    name: 'ingress',
    type: 'c6in.2xlarge',
    arch: 'amd64',
    cpu: '7910m',
    memory: '14412Mi',
    memMi: 14412,
    pods: '58',
    share: 0.05,
    taints: [{ key: 'dedicated', value: 'ingress', effect: 'NoExecute' }],
    labels: { dedicated: 'ingress' }
  }
]
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']
const DS_COUNT = 20

/** The 20 DaemonSets, base and head: each head changes something different. */
function daemonSets(): { base: Json; head: Json }[] {
  const out: { base: Json; head: Json }[] = []
  for (let i = 0; i < DS_COUNT; i += 1) {
    const name = `agent-${i}`
    const podSpec: Json = {
      priorityClassName: 'system-node-critical',
      containers: [
        {
          name: 'agent',
          image: `registry.example.com/${name}:1.0.${i}`,
          ports: [
            {
              containerPort: 9100 + i,
              ...(i % 5 === 0 ? { hostPort: 9100 + i } : {})
            }
          ],
          resources: {
            requests: { cpu: '50m', memory: `${64 + i * 8}Mi` },
            limits: { memory: '512Mi' }
          },
          readinessProbe: { httpGet: { port: 9100 + i }, periodSeconds: 10 }
        }
      ],
      ...(i % 4 === 1 ? { tolerations: [{ operator: 'Exists' }] } : {}),
      ...(i % 4 === 2
        ? { nodeSelector: { 'kubernetes.io/arch': 'amd64' } }
        : {}),
      ...(i % 4 === 3
        ? {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchExpressions: [
                        {
                          key: 'node-lifecycle',
                          operator: 'NotIn',
                          values: ['spot']
                        },
                        {
                          key: 'eks.amazonaws.com/nodegroup',
                          operator: 'In',
                          values: ['general', 'general-arm', 'highmem', 'gpu']
                        }
                      ]
                    }
                  ]
                }
              }
            }
          }
        : {})
    }
    const base: Json = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'platform' },
      spec: {
        selector: { matchLabels: { app: name } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: i % 3 === 0 ? '10%' : 1 }
        },
        template: { metadata: { labels: { app: name } }, spec: podSpec }
      }
    }
    const head = structuredClone(base) as {
      spec: { template: { spec: Json }; updateStrategy: Json }
    }
    const spec = head.spec.template.spec as {
      containers: Json[]
      tolerations?: Json[]
      nodeSelector?: Record<string, string>
    }
    const c = spec.containers[0] as {
      image: string
      resources: { requests: Record<string, string> }
    }
    c.image = `registry.example.com/${name}:1.1.${i}`
    if (i % 2 === 0) c.resources.requests.memory = `${256 + i * 16}Mi`
    if (i % 5 === 1)
      spec.tolerations = [
        ...(spec.tolerations ?? []),
        { key: 'nvidia.com/gpu', operator: 'Exists' }
      ]
    if (i % 5 === 2)
      spec.nodeSelector = {
        ...(spec.nodeSelector ?? {}),
        'kubernetes.io/os': 'linux'
      }
    if (i % 7 === 3)
      head.spec.updateStrategy = {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '5%' }
      }
    out.push({ base, head })
  }
  return out
}

function syntheticSnapshot(size: number, seed: number): Json {
  const rand = rng(seed)
  const nodes: Json[] = []
  // Which DaemonSets have pods on which pool (rough placement of the bases).
  const dsOnPool = (i: number, pool: Pool): boolean => {
    if (i % 4 === 1) return true
    if (pool.taints.some((t) => t.effect !== 'PreferNoSchedule')) return false
    if (i % 4 === 2) return pool.arch === 'amd64'
    if (i % 4 === 3)
      return ['general', 'general-arm', 'highmem'].includes(pool.name)
    return true
  }
  for (let n = 0; n < size; n += 1) {
    let r = rand()
    let pool = POOLS[0]!
    for (const p of POOLS) {
      if (r < p.share) {
        pool = p
        break
      }
      r -= p.share
    }
    const zone = ZONES[Math.floor(rand() * ZONES.length)]!
    const name = `ip-10-${(n >> 16) & 255}-${(n >> 8) & 255}-${n & 255}.ec2.internal`
    const notReady = rand() < 0.005
    const cordoned = rand() < 0.01
    const taints: Json[] = [...pool.taints]
    if (cordoned)
      taints.push({
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule'
      })
    if (notReady)
      taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' })
    const usedMi = Math.floor(pool.memMi * (0.3 + rand() * 0.69))
    const daemonPods: Json[] = []
    for (let i = 0; i < DS_COUNT; i += 1) {
      if (!dsOnPool(i, pool)) continue
      daemonPods.push({
        name: `agent-${i}-${n.toString(36)}`,
        namespace: 'platform',
        daemonSet: `agent-${i}`,
        revisionHash: `h${i}a`,
        phase: 'Running',
        ready: !notReady && rand() > 0.002,
        requests: { cpu: '50m', memory: `${64 + i * 8}Mi` },
        hostPorts: i % 5 === 0 ? [`TCP/${9100 + i}`] : []
      })
    }
    nodes.push({
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': pool.arch,
        'node.kubernetes.io/instance-type': pool.type,
        'topology.kubernetes.io/region': 'us-east-1',
        'topology.kubernetes.io/zone': zone,
        'eks.amazonaws.com/nodegroup': pool.name,
        'eks.amazonaws.com/capacityType':
          pool.name === 'spot' ? 'SPOT' : 'ON_DEMAND',
        'k8s.io/cloud-provider-aws': 'a1b2c3',
        ...pool.labels
      },
      taints,
      unschedulable: cordoned,
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'DiskPressure', status: 'False' },
        { type: 'PIDPressure', status: 'False' },
        { type: 'Ready', status: notReady ? 'Unknown' : 'True' }
      ],
      allocatable: {
        cpu: pool.cpu,
        memory: pool.memory,
        pods: pool.pods,
        'ephemeral-storage': '95551679124',
        ...(pool.gpu === true ? { 'nvidia.com/gpu': '1' } : {})
      },
      requested: {
        cpu: `${Math.floor(rand() * 5000)}m`,
        memory: `${usedMi}Mi`
      },
      hostPorts: rand() < 0.1 ? ['TCP/443', 'TCP/80'] : [],
      podCount: 5 + Math.floor(rand() * 30),
      daemonPods
    })
  }
  return {
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes,
    daemonSets: Array.from({ length: DS_COUNT }, (_, i) => ({
      namespace: 'platform',
      name: `agent-${i}`,
      currentRevisionHash: `h${i}a`
    }))
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0)
const SIZES = sizes.length > 0 ? sizes : [1000, 5000, 15000, 65000]
const pairs = daemonSets()
const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-bench-'))
const rows: string[][] = []
try {
  for (const size of SIZES) {
    const file = join(dir, `snapshot-${size}.json`)
    writeFileSync(file, JSON.stringify(syntheticSnapshot(size, size)))
    const bytes = readFileSync(file).length
    // Small sizes: one warm-up run (JIT) and five measured; large ones warm
    // up within the first run.
    const warmup = size < 15000 ? 1 : 0
    const runs = size < 15000 ? 6 : size < 65000 ? 3 : 2
    const parse: number[] = []
    const plan: number[] = []
    let nodeOutcomes = 0
    let findings = 0
    for (let r = 0; r < runs; r += 1) {
      const t0 = performance.now()
      const snapshot = loadSnapshot(
        JSON.parse(readFileSync(file, 'utf8')),
        file
      )
      const t1 = performance.now()
      nodeOutcomes = 0
      findings = 0
      for (const { base, head } of pairs) {
        const result = simulateDaemonSet({
          base: base as never,
          head: head as never,
          snapshot,
          source: { file: 'bench.yaml', line: 1 },
          triggered: true
        })
        nodeOutcomes += result.nodes.length
        findings += result.findings.length
      }
      const t2 = performance.now()
      if (r < warmup) continue
      parse.push(t1 - t0)
      plan.push(t2 - t1)
    }
    const p = median(parse)
    const q = median(plan)
    rows.push([
      String(size),
      `${(bytes / 1e6).toFixed(1)} MB`,
      `${p.toFixed(0)} ms`,
      `${q.toFixed(0)} ms`,
      (q / p).toFixed(2),
      String(nodeOutcomes),
      String(findings)
    ])
    rmSync(file)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const header = [
  'nodes',
  'snapshot',
  'read+parse',
  `plan ${DS_COUNT} DS`,
  'ratio',
  'node outcomes',
  'findings'
]
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((r) => r[i]!.length))
)
const line = (cells: string[]) =>
  cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
process.stdout.write(
  [
    `simulate: planning ${DS_COUNT} changed DaemonSets vs reading+parsing the snapshot (median of warm runs; target ratio <= 2)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ''
  ].join('\n')
)
