import { writeFileAtomic } from '../adapters/fs/write-atomic.js'
import { randomBytes } from 'node:crypto'
import { stringify } from 'yaml'
import { SimClock } from './clock.js'
import {
  asArray,
  asObj,
  asString,
  child,
  clone,
  isObj,
  labelsOf,
  nameOf,
  namespaceOf,
  type Obj
} from './json.js'
import { Registry } from './api/registry.js'
import { ApiServer } from './api/server.js'
import { DaemonSetController } from './controllers/daemonset.js'
import { EventRecorder } from './controllers/events.js'
import { Kubelet } from './controllers/kubelet.js'
import { Scheduler } from './controllers/scheduler.js'
import {
  HASH_LABEL,
  TEMPLATE_GENERATION_LABEL,
  controllerRefUid,
  isDeleting
} from './controllers/pod-util.js'
import { withDaemonTolerations } from './controllers/eligibility.js'
import { ApiFaults } from './faults.js'
import {
  parseScenario,
  type Change,
  type NodeFault,
  type Scenario
} from './scenario.js'
import { matchesLabelRequirements } from './selectors.js'
import { readSeed, type Seed } from './seed.js'
import { ObjectStore } from './store.js'
import { generateTls } from './tls.js'
import { TEMPLATE_GENERATION_ANNOTATION } from './api/registry.js'

export interface RehearsalOptions {
  snapshot?: unknown
  scenario?: unknown
  speed?: number
  port?: number
  kubeconfigPath?: string
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
}

/** Read access to the stored objects and internal writes, for tests and tools. */
export interface ClusterObjects {
  /** `resource` is `pods`, `nodes`, `apps/daemonsets`, `apps/controllerrevisions`, ... */
  list(resource: string, namespace?: string): Obj[]
  get(resource: string, namespace: string, name: string): Obj | undefined
  create(resource: string, namespace: string, obj: object): Obj
  /** A JSON merge patch, through the same registry rules as the API. */
  patch(
    resource: string,
    namespace: string,
    name: string,
    mergePatch: object
  ): Obj
  delete(resource: string, namespace: string, name: string): void
  subscribe(
    listener: (event: { type: string; resource: string; object: Obj }) => void
  ): () => void
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
   * template for: not run; their recorded pods keep their requests and host
   * ports on the nodes until a DaemonSet of that name is created.
   */
  withoutTemplate: string[]
  /** Drops the watch history so older resourceVersions answer 410 Gone. */
  compactHistory(): void
  /** Runs one controller/scheduler/kubelet pass at once (tests). */
  tick(): void
  /** Moves a manual clock forward (manualClock only). */
  advance(ms: number): void
  objects: ClusterObjects
}

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

const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease'
]

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

/** Starts the rehearsal cluster: API server, controller, scheduler, kubelets and faults. */
export async function startCluster(
  options: RehearsalOptions
): Promise<RehearsalCluster> {
  const scenario: Scenario = parseScenario(options.scenario)
  const speed = options.speed ?? scenario.speed ?? 1
  if (!(speed > 0))
    throw new Error(`speed must be a positive number, got ${String(speed)}`)
  const seed: Seed = readSeed(options.snapshot)
  const clock = new SimClock(speed, options.manualClock === true)
  const store = new ObjectStore()
  const registry = new Registry(store, clock)
  const events = new EventRecorder(registry, clock)
  const random = mulberry32(options.seed ?? scenario.seed ?? 1)
  const controller = new DaemonSetController(registry, clock, events, random)
  const scheduler = new Scheduler(registry, clock, events, seed.baselines)
  const kubelet = new Kubelet(
    registry,
    clock,
    events,
    scenario.timings,
    scenario.imageFaults
  )
  const nodeType = registry.resource('', 'nodes')
  const nsType = registry.resource('', 'namespaces')

  for (const ns of SYSTEM_NAMESPACES)
    registry.create(nsType, '', { metadata: { name: ns } })
  const ensureNamespace = (ns: string): void => {
    if (store.peek('/namespaces', '', ns) === undefined)
      registry.create(nsType, '', { metadata: { name: ns } })
  }
  const addNode = (input: object): void => {
    const node = clone(input) as Obj
    const meta = child(node, 'metadata')
    const name = asString(meta['name'])
    if (!name) throw new Error('addNode: metadata.name is required')
    // The kubelet always sets these labels.
    const nodeLabels = child(meta, 'labels')
    nodeLabels['kubernetes.io/hostname'] ??= name
    nodeLabels['kubernetes.io/os'] ??= 'linux'
    nodeLabels['kubernetes.io/arch'] ??= 'amd64'
    const status = child(node, 'status')
    if (!Array.isArray(status['conditions']))
      status['conditions'] = [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status'
        }
      ]
    status['allocatable'] ??= {
      cpu: '4',
      memory: '16Gi',
      pods: '110',
      'ephemeral-storage': '100Gi'
    }
    status['capacity'] ??= status['allocatable']
    status['nodeInfo'] ??= {
      kubeletVersion: 'v1.32.0',
      containerRuntimeVersion: 'containerd://1.7.0',
      osImage: 'Rehearsal Linux',
      kernelVersion: '6.1.0',
      operatingSystem: 'linux',
      architecture: 'amd64'
    }
    status['addresses'] ??= [
      {
        type: 'InternalIP',
        address: `10.1.${store.count('/nodes') >> 8}.${(store.count('/nodes') & 255) + 1}`
      },
      { type: 'Hostname', address: name }
    ]
    node['apiVersion'] = 'v1'
    node['kind'] = 'Node'
    registry.create(nodeType, '', node)
  }
  const updateNode = (name: string, fn: (n: Obj) => void): void => {
    const node = store.peek('/nodes', '', name)
    if (node === undefined) throw new Error(`node ${name} not found`)
    const next = clone(node)
    fn(next)
    registry.putInternal(nodeType, next)
  }
  const setNodeTaints = (name: string, taints: object[]): void =>
    updateNode(name, (n) => {
      const spec = child(n, 'spec')
      const list = taints.map((t) => ({ ...(t as Obj) }))
      for (const t of list)
        if (t['effect'] === 'NoExecute' && t['timeAdded'] === undefined)
          t['timeAdded'] = clock.iso()
      if (list.length) spec['taints'] = list
      else delete spec['taints']
    })
  const setNodeReady = (name: string, ready: boolean): void =>
    updateNode(name, (n) => {
      const status = child(n, 'status')
      const now = clock.iso()
      const conds = asArray(status['conditions'])
        .filter(isObj)
        .filter((c) => c['type'] !== 'Ready')
      conds.push(
        ready
          ? {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: now,
              lastTransitionTime: now
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'KubeletNotReady',
              message:
                'container runtime network not ready: NetworkReady=false (rehearsal fault)',
              lastHeartbeatTime: now,
              lastTransitionTime: now
            }
      )
      status['conditions'] = conds
      const spec = child(n, 'spec')
      // Node lifecycle controller: not-ready taints (TaintNodesByCondition + taint-based eviction)
      const taints = asArray(spec['taints'])
        .filter(isObj)
        .filter((t) => t['key'] !== 'node.kubernetes.io/not-ready')
      if (!ready)
        taints.push(
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
          {
            key: 'node.kubernetes.io/not-ready',
            effect: 'NoExecute',
            timeAdded: now
          }
        )
      if (taints.length) spec['taints'] = taints
      else delete spec['taints']
    })
  const removeNode = (name: string): void => {
    const node = store.peek('/nodes', '', name)
    if (node !== undefined) registry.removeInternal(nodeType, node)
  }

  // --- seed ---
  // Every namespace the recorded cluster has workloads in exists here too
  // (with or without a recorded template), so manifests apply as they
  // would there.
  for (const ns of seed.namespaces) ensureNamespace(ns)
  for (const n of seed.nodes) addNode(n)
  const dsType = registry.resource('apps', 'daemonsets')
  const podType = registry.resource('', 'pods')
  const crType = registry.resource('apps', 'controllerrevisions')
  const listPods = seed.pods.filter((p) => isObj(p['spec']))
  for (const { ds: raw, revisionHash } of seed.daemonSets) {
    const ns = namespaceOf(raw) || 'default'
    ensureNamespace(ns)
    const oldUid = asString(asObj(raw['metadata'])['uid'])
    const input = clone(raw)
    delete input['status']
    const created = registry.create(dsType, ns, input)
    const newUid = asString(asObj(created['metadata'])['uid'])
    const tg = asString(
      asObj(asObj(created['metadata'])['annotations'])[
        TEMPLATE_GENERATION_ANNOTATION
      ]
    )
    // The current hash: recorded in a compact snapshot, or read from the pods at the current templateGeneration.
    let hash = revisionHash
    const owned = listPods.filter(
      (p) =>
        namespaceOf(p) === ns &&
        (oldUid !== undefined ? controllerRefUid(p) === oldUid : false)
    )
    if (hash === undefined) {
      const gen = asString(
        asObj(asObj(raw['metadata'])['annotations'])[
          TEMPLATE_GENERATION_ANNOTATION
        ]
      )
      hash = owned
        .map((p) => labelsOf(p))
        .find(
          (l) => gen !== undefined && l[TEMPLATE_GENERATION_LABEL] === gen
        )?.[HASH_LABEL]
    }
    if (hash !== undefined) {
      const template = asObj(asObj(created['spec'])['template'])
      registry.create(crType, ns, {
        metadata: {
          name: `${nameOf(created)}-${hash}`,
          labels: { ...labelsOf(template), [HASH_LABEL]: hash },
          annotations: clone(asObj(asObj(created['metadata'])['annotations'])),
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: nameOf(created),
              uid: newUid,
              controller: true,
              blockOwnerDeletion: true
            }
          ]
        },
        data: DaemonSetController.revisionData(created),
        revision: 1
      })
    }
    // compact snapshot pods: built from the template at the current revision
    for (const p of seed.pods.filter(
      (x) =>
        !isObj(x['spec']) &&
        x['ds'] === nameOf(created) &&
        namespaceOf(x) === ns
    )) {
      const template = clone(asObj(asObj(created['spec'])['template']))
      const spec = asObj(template['spec'])
      spec['tolerations'] = withDaemonTolerations(
        spec['tolerations'],
        spec['hostNetwork'] === true
      )
      spec['nodeName'] = p['node']
      spec['affinity'] = {
        ...asObj(spec['affinity']),
        nodeAffinity: {
          ...asObj(asObj(spec['affinity'])['nodeAffinity']),
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: [p['node']] }
                ]
              }
            ]
          }
        }
      }
      const pod = registry.create(podType, ns, {
        metadata: {
          name: nameOf(p),
          labels: {
            ...labelsOf(template),
            ...(hash ? { [HASH_LABEL]: hash } : {}),
            ...(tg ? { [TEMPLATE_GENERATION_LABEL]: tg } : {})
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: nameOf(created),
              uid: newUid,
              controller: true,
              blockOwnerDeletion: true
            }
          ]
        },
        spec,
        status: { phase: 'Running' }
      })
      kubelet.markSeeded(
        asString(asObj(pod['metadata'])['uid']) ?? '',
        p['ready'] === true
      )
    }
    for (const p of owned) {
      const refs = asArray(asObj(p['metadata'])['ownerReferences']).map((r) =>
        isObj(r) && r['uid'] === oldUid ? { ...r, uid: newUid } : r
      )
      asObj(p['metadata'])['ownerReferences'] = refs
    }
  }
  for (const p of listPods) {
    const ns = namespaceOf(p) || 'default'
    ensureNamespace(ns)
    if (isDeleting(p)) continue
    const pod = registry.create(podType, ns, p)
    if (asObj(pod['status'])['phase'] === 'Running') {
      const conds = asArray(asObj(pod['status'])['conditions']).filter(isObj)
      const ready = conds.some(
        (c) => c['type'] === 'Ready' && c['status'] === 'True'
      )
      kubelet.markSeeded(asString(asObj(pod['metadata'])['uid']) ?? '', ready)
    }
  }

  // --- scenario node faults and changes, on the simulated clock ---
  const startSim = clock.now()
  const pendingChanges: Change[] = [...scenario.changes].sort(
    (a, b) => a.atSeconds - b.atSeconds
  )
  const nodeFaults: (NodeFault & { applied?: boolean; recovered?: boolean })[] =
    scenario.nodeFaults.map((f) => ({ ...f }))
  const applyChange = (c: Change): void => {
    try {
      if (c.kind === 'addNode') addNode(c.node)
      else if (c.kind === 'removeNode') removeNode(c.name)
      else if (c.kind === 'ready') setNodeReady(c.name, c.ready)
      else if (c.kind === 'taint') {
        const node = store.peek('/nodes', '', c.name)
        const taints = asArray(asObj(node?.['spec'])['taints']).filter(isObj)
        setNodeTaints(c.name, [
          ...taints.filter(
            (t) =>
              !(
                t['key'] === c.taint['key'] && t['effect'] === c.taint['effect']
              )
          ),
          c.taint
        ])
      } else if (c.kind === 'untaint') {
        const node = store.peek('/nodes', '', c.name)
        setNodeTaints(
          c.name,
          asArray(asObj(node?.['spec'])['taints'])
            .filter(isObj)
            .filter((t) => t['key'] !== c.key)
        )
      }
    } catch {
      // a change naming a node that is gone is ignored
    }
  }
  const scenarioPass = (): void => {
    const elapsed = (clock.now() - startSim) / 1000
    while (pendingChanges.length > 0 && pendingChanges[0]!.atSeconds <= elapsed)
      applyChange(pendingChanges.shift()!)
    for (const f of nodeFaults) {
      if (!f.applied && elapsed >= f.afterSeconds) {
        f.applied = true
        for (const n of store.peekAll('/nodes'))
          if (
            (f.node === undefined || nameOf(n) === f.node) &&
            (f.nodes === undefined ||
              matchesLabelRequirements(f.nodes, labelsOf(n)))
          )
            setNodeReady(nameOf(n), false)
      }
      if (
        f.applied &&
        !f.recovered &&
        f.forSeconds !== undefined &&
        elapsed >= f.afterSeconds + f.forSeconds
      ) {
        f.recovered = true
        for (const n of store.peekAll('/nodes'))
          if (
            (f.node === undefined || nameOf(n) === f.node) &&
            (f.nodes === undefined ||
              matchesLabelRequirements(f.nodes, labelsOf(n)))
          )
            setNodeReady(nameOf(n), true)
      }
    }
  }

  // garbage collector: dependents of deleted owners
  const collectGarbage = (): void => {
    const uids = new Set(
      store
        .peekAll('apps/daemonsets')
        .map((d) => asString(asObj(d['metadata'])['uid']))
    )
    for (const [type, key] of [
      [podType, '/pods'],
      [crType, 'apps/controllerrevisions']
    ] as const) {
      for (const o of store.peekAll(key)) {
        const refs = asArray(asObj(o['metadata'])['ownerReferences']).filter(
          isObj
        )
        const ds = refs.find((r) => r['kind'] === 'DaemonSet')
        if (ds === undefined || uids.has(asString(ds['uid']))) continue
        if (isDeleting(o)) continue
        try {
          registry.delete(type, namespaceOf(o), nameOf(o))
        } catch {
          // already gone
        }
      }
    }
  }

  // Node lifecycle controller: spec.unschedulable <-> the unschedulable taint (R1.16).
  const syncCordon = (): void => {
    for (const n of store.peekAll('/nodes')) {
      const cordoned = asObj(n['spec'])['unschedulable'] === true
      const taints = asArray(asObj(n['spec'])['taints']).filter(isObj)
      const has = taints.some(
        (t) => t['key'] === 'node.kubernetes.io/unschedulable'
      )
      if (cordoned === has) continue
      setNodeTaints(
        nameOf(n),
        cordoned
          ? [
              ...taints,
              {
                key: 'node.kubernetes.io/unschedulable',
                effect: 'NoSchedule',
                timeAdded: clock.iso()
              }
            ]
          : taints.filter(
              (t) => t['key'] !== 'node.kubernetes.io/unschedulable'
            )
      )
    }
  }

  let ticks = 0
  const tick = (): void => {
    scenarioPass()
    syncCordon()
    scheduler.run()
    kubelet.run()
    controller.syncAll()
    scheduler.run()
    if (++ticks % 10 === 0) collectGarbage()
  }
  tick()

  // --- API server ---
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
    // 0600 whatever was there before (an existing world-readable file does
    // not keep its mode), and a failed write stops the API server again.
    try {
      await writeFileAtomic(
        options.kubeconfigPath,
        kubeconfig,
        options.kubeconfigPath,
        0o600
      )
    } catch (err) {
      await api.close()
      throw err
    }
  }

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  // About one pass per 0.5 simulated seconds, between 20 and 100 wall ms.
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

  const typeOf = (resource: string) => {
    const [group, res] = resource.includes('/')
      ? (resource.split('/') as [string, string])
      : ['', resource]
    return registry.resource(group, res)
  }
  const objects: ClusterObjects = {
    list: (resource, namespace) =>
      store
        .peekAll(resource.includes('/') ? resource : `/${resource}`, namespace)
        .map((o) => clone(o)),
    get: (resource, namespace, name) => {
      const o = store.peek(
        resource.includes('/') ? resource : `/${resource}`,
        namespace,
        name
      )
      return o === undefined ? undefined : clone(o)
    },
    create: (resource, namespace, obj) =>
      clone(
        registry.create(typeOf(resource), namespace, obj as Obj, {
          manager: 'rehearsal-test'
        })
      ),
    patch: (resource, namespace, name, mergePatch) =>
      clone(
        registry.patch(typeOf(resource), namespace, name, 'merge', mergePatch, {
          manager: 'rehearsal-test'
        })
      ),
    delete: (resource, namespace, name) => {
      registry.delete(typeOf(resource), namespace, name)
    },
    subscribe: (listener) =>
      store.subscribe((e) =>
        listener({
          type: e.type,
          resource: e.resource.startsWith('/')
            ? e.resource.slice(1)
            : e.resource,
          object: e.object
        })
      )
  }

  return {
    objects,
    advance: (ms: number) => clock.advance(ms),
    server,
    kubeconfig,
    ...(options.kubeconfigPath !== undefined
      ? { kubeconfigPath: options.kubeconfigPath }
      : {}),
    token,
    speed,
    caCert: tls.caCert,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await api.close()
    },
    addNode,
    removeNode,
    setNodeTaints,
    setNodeReady,
    now: () => clock.now(),
    withoutTemplate: [...seed.withoutTemplate],
    compactHistory: () => store.compactTo(0),
    tick
  }
}
