// Benchmark: reading kubectl exports of a large fleet with readSnapshotFiles
// (`ds-rollout plan --snapshot nodes.json --snapshot pods.json`). Generates
// `kubectl get nodes -o json` and `kubectl get pods -A -o json` for N nodes
// (PODS_PER_NODE pods each, realistic pod bodies, 4-space indentation as
// kubectl prints), then times the read and reports file sizes and heap.
//
//   node test/bench/snapshot-files.ts [nodes...]     default: 1000 5000 15000
//
// Files over 256 MiB take the item-by-item path (json-list-stream.ts).
// Writes up to ~1.8 GB of temporary files (removed after each size).
// bench-timeout: 600
import './_resolve-ts.ts'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// A real gc() for the heap figure, also under `npm run bench` (no flags).
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const { readSnapshotFiles } =
  await import('../../src/adapters/fs/read-snapshot-files.ts')

const PODS_PER_NODE = 15
const DAEMONSETS = ['kube-proxy', 'node-exporter', 'fluent-bit', 'cilium']

function nodeJson(i: number): unknown {
  const name = `ip-10-${(i >> 8) & 255}-${i & 255}-1.eu-west-1.compute.internal`
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1000 + i),
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.2xlarge',
        'topology.kubernetes.io/zone': `eu-west-1${'abc'[i % 3]}`,
        'eks.amazonaws.com/nodegroup': `pool-${i % 7}`
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
      }
    },
    spec: {
      providerID: `aws:///eu-west-1a/i-${i.toString(16).padStart(17, '0')}`,
      ...(i % 50 === 0
        ? { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }
        : {})
    },
    status: {
      allocatable: {
        cpu: '7910m',
        'ephemeral-storage': '95551679124',
        memory: '31482244Ki',
        pods: '58'
      },
      capacity: { cpu: '8', memory: '32386948Ki', pods: '58' },
      conditions: [
        'MemoryPressure',
        'DiskPressure',
        'PIDPressure',
        'Ready'
      ].map((type) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        reason: `Kubelet${type === 'Ready' ? 'Ready' : 'HasSufficient' + type}`,
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: '2026-11-23T10:00:00Z',
        lastTransitionTime: '2026-01-01T00:00:00Z'
      })),
      addresses: [
        { type: 'InternalIP', address: `10.0.${(i >> 8) & 255}.${i & 255}` },
        { type: 'Hostname', address: name }
      ],
      images: Array.from({ length: 12 }, (_, k) => ({
        names: [
          `registry.example.com/team/image-${k}@sha256:${'a'.repeat(64)}`
        ],
        sizeBytes: 100000000 + k
      })),
      nodeInfo: {
        kubeletVersion: 'v1.32.4',
        containerRuntimeVersion: 'containerd://1.7.24',
        osImage: 'Amazon Linux 2023'
      }
    }
  }
}

function podJson(node: string, i: number, k: number): unknown {
  const ds = k < DAEMONSETS.length ? DAEMONSETS[k] : undefined
  const name = ds !== undefined ? `${ds}-${i.toString(36)}` : `app-${i}-${k}`
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ds !== undefined ? 'kube-system' : `team-${k % 9}`,
      uid: `11111111-0000-0000-0000-${String(i * 100 + k).padStart(12, '0')}`,
      resourceVersion: String(5000 + i),
      creationTimestamp: '2026-11-20T00:00:00Z',
      labels:
        ds !== undefined
          ? {
              app: ds,
              'controller-revision-hash': '5d8f7c9b4',
              'pod-template-generation': '3'
            }
          : { app: `app-${k}`, 'pod-template-hash': '7c9f8d6b5' },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2026-11-01T00:00:00Z',
        'prometheus.io/scrape': 'true'
      },
      ownerReferences: [
        ds !== undefined
          ? {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: ds,
              uid: 'u',
              controller: true,
              blockOwnerDeletion: true
            }
          : {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: `app-${k}-7c9f8d6b5`,
              uid: 'u',
              controller: true,
              blockOwnerDeletion: true
            }
      ]
    },
    spec: {
      nodeName: node,
      serviceAccountName: 'default',
      containers: [
        {
          name: 'main',
          image: `registry.example.com/team/image-${k}:1.2.3`,
          args: ['--config=/etc/app/config.yaml', '--log-level=info'],
          env: [
            {
              name: 'NODE_NAME',
              valueFrom: {
                fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' }
              }
            },
            { name: 'LOG_FORMAT', value: 'json' }
          ],
          ports:
            ds === 'node-exporter'
              ? [
                  {
                    containerPort: 9100,
                    hostPort: 9100,
                    protocol: 'TCP',
                    name: 'metrics'
                  }
                ]
              : [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: '256Mi' }
          },
          readinessProbe: {
            httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3
          },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' },
            {
              name: 'kube-api-access',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              readOnly: true
            }
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent'
        }
      ],
      volumes: [
        {
          name: 'config',
          configMap: { name: `config-${k}`, defaultMode: 420 }
        },
        {
          name: 'kube-api-access',
          projected: {
            defaultMode: 420,
            sources: [
              {
                serviceAccountToken: { expirationSeconds: 3607, path: 'token' }
              }
            ]
          }
        }
      ],
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300
        }
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      priority: 0,
      terminationGracePeriodSeconds: 30
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: '10.1.0.1',
      startTime: '2026-11-20T00:00:00Z',
      qosClass: 'Burstable',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled'
      ].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-11-20T00:00:10Z'
      })),
      containerStatuses: [
        {
          name: 'main',
          ready: true,
          started: true,
          restartCount: 0,
          image: `registry.example.com/team/image-${k}:1.2.3`,
          imageID: `registry.example.com/team/image-${k}@sha256:${'b'.repeat(64)}`,
          containerID: `containerd://${'c'.repeat(64)}`,
          state: { running: { startedAt: '2026-11-20T00:00:05Z' } },
          lastState: {}
        }
      ]
    }
  }
}

async function writeList(
  file: string,
  count: number,
  item: (i: number) => unknown
): Promise<number> {
  const out = createWriteStream(file)
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain')
  }
  await write('{\n    "apiVersion": "v1",\n    "items": [\n')
  for (let i = 0; i < count; i += 1) {
    const text = JSON.stringify(item(i), null, 4).replace(/\n/g, '\n        ')
    await write(`        ${text}${i + 1 < count ? ',' : ''}\n`)
  }
  await write(
    '    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n'
  )
  out.end()
  await once(out, 'finish')
  return statSync(file).size
}

const sizes = process.argv.slice(2).map(Number)
const fleets = sizes.length > 0 ? sizes : [1000, 5000, 15000]
const MiB = 1024 * 1024
console.log(
  `| nodes | pods | nodes.json | pods.json | read (s) | heap after (MiB) | path |\n|---:|---:|---:|---:|---:|---:|---|`
)
for (const n of fleets) {
  const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-bench-snap-'))
  try {
    const nodeName = (i: number) =>
      `ip-10-${(i >> 8) & 255}-${i & 255}-1.eu-west-1.compute.internal`
    const nodesBytes = await writeList(join(dir, 'nodes.json'), n, nodeJson)
    const podsBytes = await writeList(
      join(dir, 'pods.json'),
      n * PODS_PER_NODE,
      (j) =>
        podJson(
          nodeName(Math.floor(j / PODS_PER_NODE)),
          Math.floor(j / PODS_PER_NODE),
          j % PODS_PER_NODE
        )
    )
    gc()
    const start = performance.now()
    const snap = await readSnapshotFiles(['nodes.json', 'pods.json'], dir)
    const seconds = (performance.now() - start) / 1000
    gc()
    const heap = process.memoryUsage().heapUsed / MiB
    const daemonPods = snap.nodes.reduce((s, x) => s + x.daemonPods.length, 0)
    if (snap.nodes.length !== n || daemonPods !== n * DAEMONSETS.length)
      throw new Error(
        `wrong snapshot: ${snap.nodes.length} nodes, ${daemonPods} daemon pods`
      )
    const path = podsBytes > 256 * MiB ? 'item by item' : 'JSON.parse'
    console.log(
      `| ${n} | ${n * PODS_PER_NODE} | ${(nodesBytes / MiB).toFixed(0)} MiB | ${(podsBytes / MiB).toFixed(0)} MiB | ${seconds.toFixed(1)} | ${heap.toFixed(0)} | ${path} |`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
