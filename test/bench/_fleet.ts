/**
 * The generated fleet the benchmarks share: seven node pools (general,
 * arm, high-memory, spot, GPU, infra, ingress) in four zones, 20 DaemonSets
 * whose heads each change something different, the compact snapshot
 * `ds-rollout snapshot` would record of such a fleet (with the daemon pods
 * of every DaemonSet), and the same nodes as `kubectl get nodes -o json`
 * prints them (no pods). Deterministic for a given size and seed.
 */
import { seededRandom } from '../support/random.ts'

export type Json = Record<string, unknown>

// Deterministic pseudo-random numbers (mulberry32).
export const rng = seededRandom

export interface Pool {
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

export const POOLS: Pool[] = [
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
export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']
export const DS_COUNT = 20

/** The 20 DaemonSets, base and head: each head changes something different. */
export function daemonSets(): { base: Json; head: Json }[] {
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

export function syntheticSnapshot(size: number, seed: number): Json {
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

/**
 * The fleet's nodes as `kubectl get nodes -o json` prints them: full Node
 * objects (metadata, spec, status with conditions, addresses, nodeInfo and
 * the image list), about 3 KB each, the size of real EKS nodes.
 */
export function kubectlNodeList(size: number, seed: number): Json {
  const compact = syntheticSnapshot(size, seed) as { nodes: Json[] }
  const items = compact.nodes.map((n, i) => {
    const labels = n['labels'] as Record<string, string>
    const name = n['name'] as string
    const pool = POOLS.find(
      (p) => p.name === labels['eks.amazonaws.com/nodegroup']
    )!
    const ready = (n['conditions'] as Json[]).find(
      (c) => c['type'] === 'Ready'
    )!
    const stamp = '2026-11-20T10:00:00Z'
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
    const condition = (
      type: string,
      status: string,
      reason: string,
      message: string
    ) => ({
      type,
      status,
      lastHeartbeatTime: stamp,
      lastTransitionTime: '2026-11-01T10:00:00Z',
      reason,
      message
    })
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-${String(i).padStart(12, '0')}`,
        resourceVersion: String(100000000 + i),
        creationTimestamp: '2026-10-01T08:00:00Z',
        labels: {
          'failure-domain.beta.kubernetes.io/region': 'us-east-1',
          'failure-domain.beta.kubernetes.io/zone':
            labels['topology.kubernetes.io/zone'],
          'eks.amazonaws.com/nodegroup-image': 'ami-0a1b2c3d4e5f67890',
          'topology.ebs.csi.aws.com/zone':
            labels['topology.kubernetes.io/zone'],
          ...labels
        },
        annotations: {
          'alpha.kubernetes.io/provided-node-ip': ip,
          'csi.volume.kubernetes.io/nodeid': `{"ebs.csi.aws.com":"i-0${(i * 7919).toString(16).padStart(16, '0')}"}`,
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
        }
      },
      spec: {
        podCIDR: `100.64.${i & 255}.0/24`,
        podCIDRs: [`100.64.${i & 255}.0/24`],
        providerID: `aws:///${labels['topology.kubernetes.io/zone']}/i-0${(i * 7919).toString(16).padStart(16, '0')}`,
        ...(n['unschedulable'] === true ? { unschedulable: true } : {}),
        ...((n['taints'] as Json[]).length > 0
          ? {
              taints: (n['taints'] as Json[]).map((t) => ({
                ...t,
                ...(t['key'] === 'node.kubernetes.io/unschedulable'
                  ? { timeAdded: stamp }
                  : {})
              }))
            }
          : {})
      },
      status: {
        capacity: {
          ...(n['allocatable'] as Json),
          cpu: pool.cpu.endsWith('m')
            ? String(Math.ceil(parseInt(pool.cpu) / 1000))
            : pool.cpu
        },
        allocatable: n['allocatable'],
        conditions: [
          condition(
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available'
          ),
          condition(
            'DiskPressure',
            'False',
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure'
          ),
          condition(
            'PIDPressure',
            'False',
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available'
          ),
          condition(
            'Ready',
            ready['status'] as string,
            ready['status'] === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
            ready['status'] === 'True'
              ? 'kubelet is posting ready status'
              : 'Kubelet stopped posting node status.'
          )
        ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'InternalDNS', address: name },
          { type: 'Hostname', address: name }
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          kernelVersion: '6.1.112-124.190.amzn2023.x86_64',
          osImage: 'Amazon Linux 2023.6.20241031',
          containerRuntimeVersion: 'containerd://1.7.23',
          kubeletVersion: 'v1.31.2-eks-7f9249a',
          kubeProxyVersion: 'v1.31.2-eks-7f9249a',
          operatingSystem: 'linux',
          architecture: labels['kubernetes.io/arch']
        },
        images: [
          [
            '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1',
            89012345
          ],
          ['quay.io/prometheus/node-exporter:v1.8.2', 12345678]
        ].map(([image, bytes]) => ({
          names: [image],
          sizeBytes: bytes
        }))
      }
    }
  })
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items
  }
}
