/**
 * A port of the harness of Kubernetes' DaemonSet controller unit tests
 * (pkg/controller/daemon/daemon_controller_test.go: newDaemonSet, addNodes,
 * addPods, markPodsReady, setPodReadiness, expectSyncDaemonSets) onto the
 * rehearsal cluster, so their cases can be replayed against the rehearsal
 * controller sync by sync.
 *
 * As in those tests, no scheduler or kubelet runs: pods the controller
 * creates stay unbound (they target their node through the matchFields
 * affinity), readiness is set by the test, and a pod the controller
 * deletes is gone at once (the rehearsal removes unbound pods at once; a
 * bound pod the harness added gets its deletionTimestamp, which the
 * harness completes, as the fake pod control does). The cluster runs with
 * `fakePodControl`: a sync's own creates and deletes count as observed
 * within the sync, as the fake pod control observes them, so a sync may
 * both `manage` and `rollingUpdate` (a real controller normally waits for
 * its informer, R3.8a, which is the rehearsal's default).
 */
import { expect } from 'vitest'
import { computeTemplateHash } from '../../src/rehearsal/controllers/hash.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'

type Obj = Record<string, unknown>

/** simpleDaemonSetLabel and simpleDaemonSetLabel2 of the Go tests. */
export const SIMPLE_DS_LABEL = { name: 'simple-daemon', type: 'production' }
export const SIMPLE_DS_LABEL2 = { name: 'simple-daemon', type: 'test' }
/** simpleNodeLabel and simpleNodeLabel2. */
export const SIMPLE_NODE_LABEL = { color: 'blue', speed: 'fast' }
export const SIMPLE_NODE_LABEL2 = { color: 'red', speed: 'fast' }

const HASH = 'controller-revision-hash'
const GENERATION = 'pod-template-generation'

/** Syncs asserted per ported case (reported in the closing note of issue 16). */
export const syncsAsserted = new Map<string, number>()

/** newDaemonSet("foo"): OnDelete, revisionHistoryLimit 2, image foo/bar. */
export function newDaemonSet(name = 'foo', spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      revisionHistoryLimit: 2,
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: { ...SIMPLE_DS_LABEL } },
      template: {
        metadata: { labels: { ...SIMPLE_DS_LABEL } },
        spec: {
          containers: [
            { name: 'foo', image: 'foo/bar', imagePullPolicy: 'IfNotPresent' }
          ],
          dnsPolicy: 'Default',
          ...spec
        }
      }
    }
  }
}

export const rollingUpdate = (maxUnavailable: number | string) => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable }
})
/** newUpdateSurge: maxUnavailable 0 and the given maxSurge. */
export const updateSurge = (maxSurge: number | string) => ({
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: 0, maxSurge }
})

export interface NodeSpec {
  name: string
  labels?: Record<string, string>
  taints?: Obj[]
  ready?: 'True' | 'False' | 'Unknown'
  /** Replaces the Ready condition list when given. */
  conditions?: Obj[]
  allocatable?: Record<string, string>
}

/** addNodes(store, start, n, labels). */
export function nodes(
  start: number,
  count: number,
  labels: Record<string, string> = {}
): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${start + i}`,
    labels
  }))
}

export class ControllerHarness {
  private constructor(
    readonly cluster: RehearsalCluster,
    readonly testName: string,
    private readonly t0: number
  ) {}

  static async start(
    testName: string,
    nodeSpecs: NodeSpec[],
    options: { fakePodControl?: boolean } = {}
  ): Promise<ControllerHarness> {
    // fakePodControl: creates and deletes are observed within the sync, as
    // the Go tests' fake pod control observes them.
    const cluster = await startRehearsalCluster({
      snapshot: {
        kind: 'DsRolloutSnapshot',
        version: 1,
        nodes: [],
        daemonSets: []
      },
      speed: 1,
      manualClock: true,
      seed: 7,
      fakePodControl: options.fakePodControl ?? true
    })
    for (const n of nodeSpecs)
      cluster.addNode({
        metadata: { name: n.name, labels: n.labels ?? {} },
        spec: n.taints ? { taints: n.taints } : {},
        status: {
          conditions: n.conditions ?? [
            { type: 'Ready', status: n.ready ?? 'True' }
          ],
          allocatable: n.allocatable ?? { pods: '100' }
        }
      })
    return new ControllerHarness(cluster, testName, cluster.now())
  }

  async stop(): Promise<void> {
    await this.cluster.stop()
  }

  /** Sets the clock to `seconds` after the start (the Go tests' fake clock). */
  at(seconds: number): void {
    const target = this.t0 + seconds * 1000
    const delta = target - this.cluster.now()
    if (delta < 0) throw new Error('the harness clock only moves forward')
    this.cluster.advance(delta)
  }

  iso(seconds: number): string {
    return new Date(this.t0 + seconds * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  }

  ds(name = 'foo'): Obj {
    return this.cluster.objects.get('apps/daemonsets', 'default', name)!
  }

  /** dsStore.Add(ds): created through the API (defaulting, validation). */
  addDaemonSet(ds: Obj, namespace = 'default'): Obj {
    return this.cluster.objects.create('apps/daemonsets', namespace, ds)
  }

  /** dsStore.Update(ds) for a changed template or strategy (a JSON merge patch). */
  updateDaemonSet(patch: Obj, name = 'foo'): void {
    this.cluster.objects.patch('apps/daemonsets', 'default', name, patch)
  }

  setImage(image: string, name = 'foo'): void {
    this.updateDaemonSet(
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'foo', image, imagePullPolicy: 'IfNotPresent' }
              ]
            }
          }
        }
      },
      name
    )
  }

  /** The hash newPod(…, ds) labels a pod with: the live template's. */
  currentHash(name = 'foo'): string {
    const ds = this.ds(name)
    const status = (ds['status'] ?? {}) as Obj
    return computeTemplateHash(
      (ds['spec'] as Obj)['template'] as Obj,
      status['collisionCount'] as number | undefined
    )
  }

  /**
   * addPods(store, node, labels, ds, n) and newPod variants: bound to the
   * node, owned by the DaemonSet. `current` pods carry the live hash and
   * template generation (newPod with a ds); others carry neither, as the
   * Go tests make old pods by deleting the hash label.
   */
  addPods(
    node: string,
    labels: Record<string, string>,
    count: number,
    opts: {
      current?: boolean
      ready?: boolean
      readySince?: number
      phase?: string
      deleting?: boolean
      owned?: boolean
      ds?: string
      spec?: Obj
    } = {}
  ): string[] {
    const dsName = opts.ds ?? 'foo'
    const ds = this.ds(dsName)
    const meta = ds['metadata'] as Obj
    const tg = ((meta['annotations'] ?? {}) as Obj)[
      'deprecated.daemonset.template.generation'
    ]
    const names: string[] = []
    for (let i = 0; i < count; i++) {
      const podLabels: Record<string, string> = { ...labels }
      if (opts.current !== false) {
        podLabels[HASH] = this.currentHash(dsName)
        if (typeof tg === 'string') podLabels[GENERATION] = tg
      }
      const spec = structuredClone(
        opts.spec ?? ((ds['spec'] as Obj)['template'] as Obj)['spec']
      ) as Obj
      spec['nodeName'] = node
      const pod = this.cluster.objects.create('pods', 'default', {
        metadata: {
          generateName: `${node}-`,
          labels: podLabels,
          ...(opts.owned === false
            ? {}
            : {
                ownerReferences: [
                  {
                    apiVersion: 'apps/v1',
                    kind: 'DaemonSet',
                    name: dsName,
                    uid: meta['uid'],
                    controller: true,
                    blockOwnerDeletion: true
                  }
                ]
              })
        },
        spec,
        status: { phase: opts.phase ?? 'Pending' }
      })
      const name = String((pod['metadata'] as Obj)['name'])
      names.push(name)
      if (opts.ready !== undefined)
        this.setReady(
          name,
          opts.ready,
          opts.readySince === undefined ? undefined : this.iso(opts.readySince)
        )
      if (opts.deleting === true)
        this.cluster.objects.delete('pods', 'default', name)
    }
    return names
  }

  pods(): Obj[] {
    return this.cluster.objects
      .list('pods', 'default')
      .filter((p) => ((p['metadata'] as Obj)['deletionTimestamp'] ?? '') === '')
  }

  setReady(name: string, ready: boolean, since?: string): void {
    this.cluster.objects.patchStatus('pods', 'default', name, {
      status: {
        conditions: [
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime:
              since ??
              new Date(this.cluster.now())
                .toISOString()
                .replace(/\.\d{3}Z$/, 'Z')
          }
        ]
      }
    })
  }

  /** markPodsReady(podStore). */
  markPodsReady(): void {
    for (const p of this.pods()) if (!isReady(p)) this.setReady(nameOf(p), true)
  }

  /** setPodReadiness(t, dsc, ready, count, fn). */
  setPodReadiness(ready: boolean, count: number, fn: (p: Obj) => boolean) {
    let left = count
    for (const p of this.pods()) {
      if (left <= 0) break
      if (isReady(p) === ready || !fn(p)) continue
      this.setReady(nameOf(p), ready)
      left--
    }
    expect(left, `could not mark ${left} pods ready=${ready}`).toBe(0)
  }

  /**
   * expectSyncDaemonSets(t, manager, ds, podControl, creates, deletes, _):
   * one controller pass, counting the pods it creates and deletes.
   */
  expectSync(creates: number, deletes: number, what = ''): string[] {
    const created: string[] = []
    const deleted: string[] = []
    const off = this.cluster.objects.subscribe((e) => {
      if (e.resource !== 'pods') return
      const meta = e.object['metadata'] as Obj
      if (e.type === 'ADDED') created.push(String(meta['name']))
      else if (e.type === 'DELETED' && (meta['deletionTimestamp'] ?? '') === '')
        deleted.push(String(meta['name']))
      else if (e.type === 'MODIFIED' && meta['deletionTimestamp'] !== undefined)
        deleted.push(String(meta['name']))
    })
    try {
      this.cluster.syncDaemonSets()
    } finally {
      off()
    }
    const step = (syncsAsserted.get(this.testName) ?? 0) + 1
    syncsAsserted.set(this.testName, step)
    const label = `${this.testName} sync ${step}${what ? ` (${what})` : ''}`
    expect(
      { creates: created.length, deletes: new Set(deleted).size },
      label
    ).toEqual({ creates, deletes })
    // The fake pod control deletes at once: finish graceful deletions.
    for (const p of this.cluster.objects.list('pods', 'default'))
      if ((p['metadata'] as Obj)['deletionTimestamp'] !== undefined)
        this.finishDeletion(nameOf(p))
    return [...new Set(deleted)]
  }

  private finishDeletion(name: string): void {
    this.cluster.objects.delete('pods', 'default', name, {
      gracePeriodSeconds: 0
    })
  }
}

export function isReady(p: Obj): boolean {
  const conds = (((p['status'] ?? {}) as Obj)['conditions'] ?? []) as Obj[]
  return conds.some((c) => c['type'] === 'Ready' && c['status'] === 'True')
}

export function nameOf(p: Obj): string {
  return String((p['metadata'] as Obj)['name'])
}

export function labelsOf(p: Obj): Record<string, string> {
  return ((p['metadata'] as Obj)['labels'] ?? {}) as Record<string, string>
}

/** util.GetTargetNodeName: nodeName, else the matchFields value. */
export function targetNode(p: Obj): string {
  const spec = p['spec'] as Obj
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '')
    return spec['nodeName']
  const m = /"values":\["([^"]+)"\]/.exec(JSON.stringify(spec['affinity']))
  return m?.[1] ?? ''
}
