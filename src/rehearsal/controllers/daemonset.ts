import type { SimClock } from '../clock.js'
import {
  asArray,
  asNumber,
  asObj,
  asString,
  canonicalJson,
  child,
  clone,
  deepEqual,
  isObj,
  labelsOf,
  sortKeys,
  nameOf,
  type Obj
} from '../json.js'
import type { Registry } from '../api/registry.js'
import { TEMPLATE_GENERATION_ANNOTATION } from '../api/registry.js'
import {
  labelSelectorRequirements,
  matchesLabelRequirements
} from '../selectors.js'
import {
  nodeShouldRunDaemonPod,
  withDaemonTolerations,
  type Eligibility
} from './eligibility.js'
import type { EventRecorder } from './events.js'
import { computeTemplateHash } from './hash.js'
import {
  compareOldestFirst,
  controllerRefUid,
  HASH_LABEL,
  isDeleting,
  isPodAvailable,
  isPodReady,
  isPodUpdated,
  isTerminal,
  targetNodeOf,
  TEMPLATE_GENERATION_LABEL
} from './pod-util.js'

const COMPONENT = 'daemonset-controller'

/** R3.2: ceil for percents; errors for malformed values. */
export function scaledValue(value: unknown, total: number): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value)
    if (!m)
      throw new Error(`invalid value for IntOrString: invalid value "${value}"`)
    return Math.ceil((Number(m[1]) * total) / 100)
  }
  return 0
}

interface SyncContext {
  ds: Obj
  ns: string
  uid: string
  hash: string
  templateGeneration: string | undefined
  minReadySeconds: number
  now: number
  nodes: Obj[]
  eligibility: Map<string, Eligibility>
  /** Pods per target node, excluding pods that are terminal and being deleted. */
  nodeToPods: Map<string, Obj[]>
  claimed: Obj[]
}

/** The DaemonSet controller of sections 1-5 of the reference. */
export class DaemonSetController {
  private readonly failedBackoff = new Map<
    string,
    { delay: number; until: number }
  >()

  /**
   * With `observeWritesAtOnce`, the expectations of a sync's own creates and
   * deletes count as observed at once, so `rollingUpdate` runs after a
   * `manage` that acted, in the same sync, on the pods left. That is what
   * Kubernetes' controller unit tests see through their fake pod control
   * (test/rehearsal/k8s-*.test.ts replay them); a real controller normally
   * skips it until the informer sees the events (R3.8a), the default here.
   */
  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock,
    private readonly events: EventRecorder,
    private readonly random: () => number,
    private readonly observeWritesAtOnce = false
  ) {}

  private get dsType() {
    return this.registry.resource('apps', 'daemonsets')
  }
  private get podType() {
    return this.registry.resource('', 'pods')
  }
  private get crType() {
    return this.registry.resource('apps', 'controllerrevisions')
  }

  private lastRevision = -1
  private lastPassAt = 0
  private timeSensitive = true

  /**
   * One pass over every DaemonSet. Skipped when nothing was written since the
   * start of the last pass and nothing waits on the clock (a Ready pod not
   * yet Available, a failed-pod back-off, including one that just expired),
   * since a sync would then change nothing. The pass's own writes count as
   * unseen, as a real controller is requeued by the events of its own
   * creates and deletes: a pod the rolling update removes at once (an
   * unbound Pending pod) is recreated on the next pass, not never.
   */
  syncAll(): void {
    const now = this.clock.now()
    const backoffDue = [...this.failedBackoff.values()].some(
      (b) => b.until > this.lastPassAt && b.until <= now
    )
    if (
      this.registry.store.currentRevision === this.lastRevision &&
      !this.timeSensitive &&
      !backoffDue
    )
      return
    // The revision before this pass: a pass that writes (deletes a pod, say)
    // must be followed by another, which sees its own writes (the pod to
    // create in place of the one deleted).
    const before = this.registry.store.currentRevision
    this.timeSensitive = false
    for (const ds of this.registry.store.peekAll('apps/daemonsets')) {
      if (isDeleting(ds)) continue
      this.sync(ds)
    }
    this.lastRevision = before
    this.lastPassAt = now
  }

  sync(ds: Obj): void {
    const meta = asObj(ds['metadata'])
    const ns = asString(meta['namespace']) ?? 'default'
    const spec = asObj(ds['spec'])
    const template = asObj(spec['template'])
    const templateSpec = asObj(template['spec'])
    const history = this.constructHistory(ds)
    if (history === undefined) return
    const now = this.clock.now()
    const nodes = this.registry.store.peekAll('/nodes')
    const tolerations = withDaemonTolerations(
      templateSpec['tolerations'],
      templateSpec['hostNetwork'] === true
    )
    const eligibility = new Map<string, Eligibility>()
    for (const n of nodes)
      eligibility.set(
        nameOf(n),
        nodeShouldRunDaemonPod(n, templateSpec, tolerations)
      )
    const claimed = this.claimPods(ds)
    const minReady = asNumber(spec['minReadySeconds']) ?? 0
    if (
      minReady > 0 &&
      claimed.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now))
    )
      this.timeSensitive = true
    const ctx: SyncContext = {
      ds,
      ns,
      uid: asString(meta['uid']) ?? '',
      hash: history.hash,
      templateGeneration: asString(
        asObj(meta['annotations'])[TEMPLATE_GENERATION_ANNOTATION]
      ),
      minReadySeconds: asNumber(spec['minReadySeconds']) ?? 0,
      now,
      nodes,
      eligibility,
      nodeToPods: groupByNode(
        claimed.filter((p) => !(isTerminal(p) && isDeleting(p)))
      ),
      claimed
    }
    const actions = this.manage(ctx)
    if (
      (actions === 0 || this.observeWritesAtOnce) &&
      asObj(spec['updateStrategy'])['type'] === 'RollingUpdate'
    ) {
      this.rollingUpdate({
        ...ctx,
        nodeToPods: groupByNode(
          this.claimPods(ds).filter((p) => !(isTerminal(p) && isDeleting(p)))
        )
      })
    }
    this.cleanupHistory(ds, history.old)
    this.updateStatus(ds, history.hash, eligibility)
  }

  /** R7.1: owned pods plus adopted orphans matching the selector; owned pods no longer matching are released. */
  private claimPods(ds: Obj): Obj[] {
    const meta = asObj(ds['metadata'])
    const uid = asString(meta['uid'])
    const ns = asString(meta['namespace']) ?? ''
    const reqs = labelSelectorRequirements(asObj(ds['spec'])['selector']) ?? []
    const out: Obj[] = []
    for (const pod of this.registry.store.peekAll('/pods', ns)) {
      const owner = controllerRefUid(pod)
      const matches =
        reqs.length > 0 && matchesLabelRequirements(reqs, labelsOf(pod))
      if (owner === uid) {
        if (matches) out.push(pod)
        else if (!isDeleting(pod)) {
          const next = clone(pod)
          const m = child(next, 'metadata')
          m['ownerReferences'] = asArray(m['ownerReferences']).filter(
            (r) => !(isObj(r) && r['uid'] === uid)
          )
          this.registry.putInternal(this.podType, next)
        }
      } else if (owner === undefined && matches && !isDeleting(pod)) {
        const next = clone(pod)
        const m = child(next, 'metadata')
        m['ownerReferences'] = [
          ...asArray(m['ownerReferences']),
          this.ownerRef(ds)
        ]
        out.push(this.registry.putInternal(this.podType, next))
      }
    }
    return out
  }

  private ownerRef(ds: Obj): Obj {
    const meta = asObj(ds['metadata'])
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      name: meta['name'],
      uid: meta['uid'],
      controller: true,
      blockOwnerDeletion: true
    }
  }

  /** R4.5: the ControllerRevision data for the live template. */
  static revisionData(ds: Obj): Obj {
    const template = clone(asObj(asObj(ds['spec'])['template']))
    // Keys sorted, as the controller's marshal → map → marshal produces them.
    return sortKeys({
      spec: { template: { $patch: 'replace', ...template } }
    }) as Obj
  }

  /** R4.5/R4.6: find or create the current revision; renumber on reuse. */
  private constructHistory(ds: Obj): { hash: string; old: Obj[] } | undefined {
    const meta = asObj(ds['metadata'])
    const ns = asString(meta['namespace']) ?? ''
    const uid = asString(meta['uid'])
    const reqs = labelSelectorRequirements(asObj(ds['spec'])['selector']) ?? []
    const histories: Obj[] = []
    for (const cr of this.registry.store.peekAll(
      'apps/controllerrevisions',
      ns
    )) {
      const owner = controllerRefUid(cr)
      const matches =
        reqs.length > 0 && matchesLabelRequirements(reqs, labelsOf(cr))
      if (owner === uid && matches) histories.push(this.ensureHashLabel(cr))
      else if (owner === undefined && matches) {
        const next = clone(cr)
        const m = child(next, 'metadata')
        m['ownerReferences'] = [
          ...asArray(m['ownerReferences']),
          this.ownerRef(ds)
        ]
        histories.push(
          this.ensureHashLabel(this.registry.putInternal(this.crType, next))
        )
      }
    }
    const want = canonicalJson(DaemonSetController.revisionData(ds))
    const current = histories.filter((h) => canonicalJson(h['data']) === want)
    const old = histories.filter((h) => !current.includes(h))
    const maxOld = old.reduce(
      (m, h) => Math.max(m, asNumber(h['revision']) ?? 0),
      0
    )
    let cur: Obj
    if (current.length === 0) {
      const created = this.snapshot(ds, maxOld + 1)
      if (created === undefined) return undefined
      cur = created
    } else {
      current.sort(
        (a, b) =>
          (asNumber(b['revision']) ?? 0) - (asNumber(a['revision']) ?? 0)
      )
      cur = current[0]!
      for (const dup of current.slice(1))
        this.registry.removeInternal(this.crType, dup)
      if ((asNumber(cur['revision']) ?? 0) < maxOld + 1) {
        const next = clone(cur)
        next['revision'] = maxOld + 1
        cur = this.registry.putInternal(this.crType, next)
      }
    }
    const hash = asString(labelsOf(cur)[HASH_LABEL]) ?? nameOf(cur)
    return { hash, old }
  }

  private ensureHashLabel(cr: Obj): Obj {
    if (labelsOf(cr)[HASH_LABEL] !== undefined) return cr
    const next = clone(cr)
    child(child(next, 'metadata'), 'labels')[HASH_LABEL] = nameOf(cr)
    return this.registry.putInternal(this.crType, next)
  }

  private snapshot(ds: Obj, revision: number): Obj | undefined {
    const meta = asObj(ds['metadata'])
    const ns = asString(meta['namespace']) ?? ''
    const template = asObj(asObj(ds['spec'])['template'])
    const collisionCount = asNumber(asObj(ds['status'])['collisionCount'])
    const hash = computeTemplateHash(template, collisionCount)
    const name = `${nameOf(ds)}-${hash}`
    const data = DaemonSetController.revisionData(ds)
    const existing = this.registry.store.peek(
      'apps/controllerrevisions',
      ns,
      name
    )
    if (existing !== undefined) {
      if (canonicalJson(existing['data']) === canonicalJson(data))
        return existing
      const next = clone(ds)
      child(next, 'status')['collisionCount'] = (collisionCount ?? 0) + 1
      this.registry.putInternal(this.dsType, next)
      return undefined
    }
    const labels = { ...labelsOf(template), [HASH_LABEL]: hash }
    const annotations = asObj(meta['annotations'])
    const cr: Obj = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels,
        ...(Object.keys(annotations).length
          ? { annotations: clone(annotations) }
          : {}),
        ownerReferences: [this.ownerRef(ds)]
      },
      data,
      revision
    }
    return this.registry.create(this.crType, ns, cr)
  }

  /** R2.1/R2.2 (podsShouldBeOnNode) and R1.19. Returns the number of creates + deletes. */
  private manage(ctx: SyncContext): number {
    const spec = asObj(ctx.ds['spec'])
    const allowsSurge = this.surgeCount(spec, 1) > 0
    const nodesNeeding: string[] = []
    const toDelete: Obj[] = []
    const nodeNames = new Set(ctx.nodes.map(nameOf))
    // R1.19: pending pods targeting nodes that no longer exist
    for (const [node, pods] of ctx.nodeToPods) {
      if (nodeNames.has(node)) continue
      for (const p of pods)
        if (
          (asString(asObj(p['spec'])['nodeName']) ?? '') === '' &&
          !isDeleting(p)
        )
          toDelete.push(p)
    }
    for (const node of ctx.nodes) {
      const name = nameOf(node)
      const { shouldRun, shouldContinueRunning } = ctx.eligibility.get(name)!
      const pods = ctx.nodeToPods.get(name) ?? []
      const exists = pods.length > 0
      if (shouldRun && !exists) {
        nodesNeeding.push(name)
      } else if (shouldContinueRunning) {
        const running: Obj[] = []
        for (const pod of pods) {
          if (isDeleting(pod)) continue
          const phase = asObj(pod['status'])['phase']
          if (phase === 'Failed') {
            const key = `${ctx.uid}/${String(asObj(ctx.ds['metadata'])['generation'])}/${name}`
            const b = this.failedBackoff.get(key)
            if (b !== undefined && ctx.now < b.until) continue
            const delay =
              b === undefined ? 1000 : Math.min(b.delay * 2, 15 * 60 * 1000)
            this.failedBackoff.set(key, { delay, until: ctx.now + delay })
            this.events.record(
              ctx.ds,
              'Warning',
              'FailedDaemonPod',
              `Found failed daemon pod ${ctx.ns}/${nameOf(pod)} on node ${name}, will try to kill it`,
              COMPONENT
            )
            toDelete.push(pod)
          } else if (phase === 'Succeeded') {
            this.events.record(
              ctx.ds,
              'Normal',
              'SucceededDaemonPod',
              `Found succeeded daemon pod ${ctx.ns}/${nameOf(pod)} on node ${name}, will try to delete it`,
              COMPONENT
            )
            toDelete.push(pod)
          } else running.push(pod)
        }
        if (!allowsSurge) {
          if (running.length > 1) {
            running.sort(compareOldestFirst)
            toDelete.push(...running.slice(1))
          }
          continue
        }
        if (running.length === 0 && shouldRun) {
          nodesNeeding.push(name)
          continue
        }
        if (running.length <= 1) continue
        running.sort(compareOldestFirst)
        let oldestNew: Obj | undefined
        let oldestOld: Obj | undefined
        for (const pod of running) {
          if (labelsOf(pod)[HASH_LABEL] === ctx.hash) {
            if (oldestNew === undefined) {
              oldestNew = pod
              continue
            }
          } else if (oldestOld === undefined) {
            oldestOld = pod
            continue
          }
          toDelete.push(pod)
        }
        if (oldestNew !== undefined && oldestOld !== undefined) {
          if (!isPodReady(oldestOld)) toDelete.push(oldestOld)
          else if (isPodAvailable(oldestNew, ctx.minReadySeconds, ctx.now))
            toDelete.push(oldestOld)
        }
      } else if (exists) {
        for (const pod of pods) if (!isDeleting(pod)) toDelete.push(pod)
      }
    }
    return this.syncNodes(ctx, toDelete, nodesNeeding)
  }

  private syncNodes(
    ctx: SyncContext,
    toDelete: Obj[],
    nodesNeeding: string[]
  ): number {
    const seen = new Set<string>()
    let n = 0
    for (const pod of toDelete) {
      const name = nameOf(pod)
      if (seen.has(name)) continue
      seen.add(name)
      try {
        this.registry.delete(this.podType, ctx.ns, name)
        this.events.record(
          ctx.ds,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${name}`,
          COMPONENT
        )
      } catch (err) {
        this.events.record(
          ctx.ds,
          'Warning',
          'FailedDelete',
          `Error deleting: ${err instanceof Error ? err.message : String(err)}`,
          COMPONENT
        )
      }
      n++
    }
    for (const node of nodesNeeding) {
      try {
        const created = this.registry.create(
          this.podType,
          ctx.ns,
          this.newPod(ctx, node)
        )
        this.events.record(
          ctx.ds,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${nameOf(created)}`,
          COMPONENT
        )
      } catch (err) {
        this.events.record(
          ctx.ds,
          'Warning',
          'FailedCreate',
          `Error creating: ${err instanceof Error ? err.message : String(err)}`,
          COMPONENT
        )
      }
      n++
    }
    return n
  }

  /** R1.14/R1.17: CreatePodTemplate + the node-name affinity. */
  private newPod(ctx: SyncContext, node: string): Obj {
    const template = clone(asObj(asObj(ctx.ds['spec'])['template']))
    const tmeta = asObj(template['metadata'])
    const spec = asObj(template['spec'])
    spec['tolerations'] = withDaemonTolerations(
      spec['tolerations'],
      spec['hostNetwork'] === true
    )
    const affinity = child(spec, 'affinity')
    const nodeAffinity = child(affinity, 'nodeAffinity')
    nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'] = {
      nodeSelectorTerms: [
        {
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: [node] }
          ]
        }
      ]
    }
    // Pod-only defaults (R8.2f): service links, hostPort = containerPort under hostNetwork.
    spec['enableServiceLinks'] ??= true
    spec['priority'] ??= 0
    if (spec['hostNetwork'] === true) {
      for (const c of [
        ...asArray(spec['containers']),
        ...asArray(spec['initContainers'])
      ]) {
        for (const p of asArray(asObj(c)['ports']))
          if (isObj(p) && p['hostPort'] === undefined)
            p['hostPort'] = p['containerPort']
      }
    }
    const labels: Record<string, string> = {
      ...labelsOf(template),
      [HASH_LABEL]: ctx.hash
    }
    if (ctx.templateGeneration !== undefined)
      labels[TEMPLATE_GENERATION_LABEL] = ctx.templateGeneration
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${nameOf(ctx.ds)}-`,
        namespace: ctx.ns,
        labels,
        ...(isObj(tmeta['annotations'])
          ? { annotations: tmeta['annotations'] }
          : {}),
        ownerReferences: [this.ownerRef(ctx.ds)]
      },
      spec,
      status: { phase: 'Pending', qosClass: qosClass(spec) }
    }
  }

  private surgeCount(spec: Obj, total: number): number {
    const strategy = asObj(spec['updateStrategy'])
    if (
      strategy['type'] !== 'RollingUpdate' ||
      !isObj(strategy['rollingUpdate'])
    )
      return 0
    return scaledValue(strategy['rollingUpdate']['maxSurge'], total)
  }

  private unavailableCount(spec: Obj, total: number): number {
    const strategy = asObj(spec['updateStrategy'])
    if (
      strategy['type'] !== 'RollingUpdate' ||
      !isObj(strategy['rollingUpdate'])
    )
      return 0
    return scaledValue(strategy['rollingUpdate']['maxUnavailable'], total)
  }

  private shuffled<T>(items: T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }

  /** findUpdatedPodsOnNode (R3.9). */
  private findUpdatedPodsOnNode(
    ctx: SyncContext,
    pods: Obj[]
  ): { newPod?: Obj; oldPod?: Obj; ok: boolean } {
    let newPod: Obj | undefined
    let oldPod: Obj | undefined
    for (const pod of pods) {
      if (isDeleting(pod)) continue
      if (isPodUpdated(pod, ctx.hash, ctx.templateGeneration)) {
        if (newPod !== undefined) return { ok: false }
        newPod = pod
      } else {
        if (oldPod !== undefined) return { ok: false }
        oldPod = pod
      }
    }
    return { newPod, oldPod, ok: true }
  }

  /** R3.1-R3.5 and R3.9-R3.13. */
  private rollingUpdate(ctx: SyncContext): void {
    const spec = asObj(ctx.ds['spec'])
    let desired = 0
    for (const n of ctx.nodes) {
      if (!ctx.eligibility.get(nameOf(n))!.shouldRun) continue
      desired++
      if (!ctx.nodeToPods.has(nameOf(n))) ctx.nodeToPods.set(nameOf(n), [])
    }
    let maxUnavailable: number
    let maxSurge: number
    try {
      maxUnavailable = this.unavailableCount(spec, desired)
      maxSurge = this.surgeCount(spec, desired)
    } catch {
      return
    }
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0)
      maxUnavailable = 1
    const entries = this.shuffled([...ctx.nodeToPods.entries()])
    const available = (p: Obj): boolean =>
      isPodAvailable(p, ctx.minReadySeconds, ctx.now)
    if (maxSurge === 0) {
      let numUnavailable = 0
      const allowedReplacements: Obj[] = []
      const candidates: Obj[] = []
      for (const [, pods] of entries) {
        const { newPod, oldPod, ok } = this.findUpdatedPodsOnNode(ctx, pods)
        if (!ok) {
          numUnavailable++
          continue
        }
        if (
          (oldPod === undefined && newPod === undefined) ||
          (oldPod !== undefined && newPod !== undefined)
        ) {
          numUnavailable++
        } else if (newPod !== undefined) {
          if (!available(newPod)) numUnavailable++
        } else if (oldPod !== undefined) {
          if (!available(oldPod)) {
            allowedReplacements.push(oldPod)
            numUnavailable++
          } else if (numUnavailable >= maxUnavailable) {
            continue
          } else candidates.push(oldPod)
        }
      }
      const remaining = Math.min(
        Math.max(0, maxUnavailable - numUnavailable),
        candidates.length
      )
      this.syncNodes(
        ctx,
        [...allowedReplacements, ...candidates.slice(0, remaining)],
        []
      )
      return
    }
    let numSurge = 0
    let numAvailable = 0
    const allowedNewNodes: string[] = []
    const candidateNewNodes: string[] = []
    const oldPodsToDelete: Obj[] = []
    const shouldNotRunPodsToDelete: Obj[] = []
    for (const [node, pods] of entries) {
      const { newPod, oldPod, ok } = this.findUpdatedPodsOnNode(ctx, pods)
      if (!ok) {
        numSurge++
        continue
      }
      if (oldPod !== undefined) {
        if (available(oldPod)) numAvailable++
      } else if (newPod !== undefined && available(newPod)) numAvailable++
      if (oldPod === undefined) continue
      const shouldRun = ctx.eligibility.get(node)?.shouldRun ?? false
      if (newPod === undefined) {
        if (!available(oldPod)) {
          if (!shouldRun) {
            oldPodsToDelete.push(oldPod)
            continue
          }
          allowedNewNodes.push(node)
        } else if (numSurge >= maxSurge) {
          continue
        } else {
          if (!shouldRun) {
            shouldNotRunPodsToDelete.push(oldPod)
            continue
          }
          candidateNewNodes.push(node)
        }
      } else {
        if (!available(newPod)) {
          numSurge++
          continue
        }
        oldPodsToDelete.push(oldPod)
      }
    }
    const remainingSurge = Math.min(
      Math.max(0, maxSurge - numSurge),
      candidateNewNodes.length
    )
    const create = [
      ...allowedNewNodes,
      ...candidateNewNodes.slice(0, remainingSurge)
    ]
    if (shouldNotRunPodsToDelete.length > 0) {
      const n = Math.max(0, numAvailable - desired)
      oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, n))
    }
    this.syncNodes(ctx, oldPodsToDelete, create)
  }

  /** R4.7 */
  private cleanupHistory(ds: Obj, old: Obj[]): void {
    const limit = asNumber(asObj(ds['spec'])['revisionHistoryLimit']) ?? 10
    let toKill = old.length - limit
    if (toKill <= 0) return
    const live = new Set<string>()
    for (const p of this.claimPodsReadOnly(ds)) {
      const h = labelsOf(p)[HASH_LABEL]
      if (h) live.add(h)
    }
    const sorted = [...old].sort(
      (a, b) => (asNumber(a['revision']) ?? 0) - (asNumber(b['revision']) ?? 0)
    )
    for (const h of sorted) {
      if (toKill <= 0) break
      if (live.has(labelsOf(h)[HASH_LABEL] ?? '')) continue
      const current = this.registry.store.peek(
        'apps/controllerrevisions',
        asString(asObj(h['metadata'])['namespace']) ?? '',
        nameOf(h)
      )
      if (current !== undefined)
        this.registry.removeInternal(this.crType, current)
      toKill--
    }
  }

  private claimPodsReadOnly(ds: Obj): Obj[] {
    const uid = asString(asObj(ds['metadata'])['uid'])
    const ns = asString(asObj(ds['metadata'])['namespace']) ?? ''
    return this.registry.store
      .peekAll('/pods', ns)
      .filter((p) => controllerRefUid(p) === uid)
  }

  /** R5.1/R5.2 */
  private updateStatus(
    dsIn: Obj,
    hash: string,
    eligibility: Map<string, Eligibility>
  ): void {
    const ds = this.registry.store.peek(
      'apps/daemonsets',
      asString(asObj(dsIn['metadata'])['namespace']) ?? '',
      nameOf(dsIn)
    )
    if (ds === undefined || isDeleting(ds)) return
    const meta = asObj(ds['metadata'])
    const spec = asObj(ds['spec'])
    const templateSpec = asObj(asObj(spec['template'])['spec'])
    const tolerations = withDaemonTolerations(
      templateSpec['tolerations'],
      templateSpec['hostNetwork'] === true
    )
    const tg = asString(
      asObj(meta['annotations'])[TEMPLATE_GENERATION_ANNOTATION]
    )
    const minReady = asNumber(spec['minReadySeconds']) ?? 0
    const now = this.clock.now()
    const nodeToPods = groupByNode(
      this.claimPodsReadOnly(ds).filter(
        (p) => !(isTerminal(p) && isDeleting(p))
      )
    )
    let desired = 0
    let current = 0
    let misscheduled = 0
    let ready = 0
    let availableN = 0
    let updated = 0
    for (const node of this.registry.store.peekAll('/nodes')) {
      const { shouldRun } =
        eligibility.get(nameOf(node)) ??
        nodeShouldRunDaemonPod(node, templateSpec, tolerations)
      const pods = nodeToPods.get(nameOf(node)) ?? []
      const scheduled = pods.length > 0
      if (shouldRun) {
        desired++
        if (!scheduled) continue
        current++
        pods.sort(compareOldestFirst)
        const pod = pods[0]!
        if (isPodReady(pod)) {
          ready++
          if (isPodAvailable(pod, minReady, now)) availableN++
        }
        if (isPodUpdated(pod, hash, tg)) updated++
      } else if (scheduled) misscheduled++
    }
    const oldStatus = asObj(ds['status'])
    const status: Obj = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      // omitempty fields, as Go serialises DaemonSetStatus
      ...(meta['generation'] ? { observedGeneration: meta['generation'] } : {}),
      ...(updated > 0 ? { updatedNumberScheduled: updated } : {}),
      ...(availableN > 0 ? { numberAvailable: availableN } : {}),
      ...(desired - availableN > 0
        ? { numberUnavailable: desired - availableN }
        : {}),
      ...(oldStatus['collisionCount'] !== undefined
        ? { collisionCount: oldStatus['collisionCount'] }
        : {})
    }
    if (deepEqual(status, oldStatus)) return
    const next = clone(ds)
    next['status'] = status
    this.registry.putInternal(this.dsType, next)
  }
}

function groupByNode(pods: Obj[]): Map<string, Obj[]> {
  const out = new Map<string, Obj[]>()
  for (const p of pods) {
    const node = targetNodeOf(p)
    if (node === undefined) continue
    const list = out.get(node)
    if (list === undefined) out.set(node, [p])
    else list.push(p)
  }
  return out
}

function qosClass(spec: Obj): string {
  let any = false
  for (const c of asArray(spec['containers'])) {
    const r = asObj(asObj(c)['resources'])
    if (
      Object.keys(asObj(r['requests'])).length ||
      Object.keys(asObj(r['limits'])).length
    )
      any = true
  }
  return any ? 'Burstable' : 'BestEffort'
}
