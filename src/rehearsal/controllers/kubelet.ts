import type { SimClock } from '../clock.js'
import { parseTime } from '../clock.js'
import {
  asArray,
  asNumber,
  asObj,
  asString,
  asStringMap,
  clone,
  isObj,
  nameOf,
  namespaceOf,
  type Obj
} from '../json.js'
import type { Registry } from '../api/registry.js'
import { imageFaultFor, type ImageFault } from '../scenario.js'
import { timingsForImage, type ImageTiming, type Timings } from '../timings.js'
import type { EventRecorder } from './events.js'
import { isDeleting } from './pod-util.js'

interface ContainerPlan {
  name: string
  image: string
  pullMs: number
  startMs: number
  readyDelayMs: number
  fault?: ImageFault
  configError?: string
  /** Set when a config error clears: the container starts from then on. */
  notBefore?: number
  ids?: { containerId: string; imageId: string }
}

interface Runtime {
  /** Simulated ms when the kubelet first saw the pod bound. */
  since: number
  ip: string
  plans: ContainerPlan[]
  initPlans: ContainerPlan[]
  mountError?: string
  lastKey: string
  events: Set<string>
  /** Running and Ready with nothing scheduled to change: skipped until something does. */
  stable: boolean
  /**
   * Seeded pods started an hour before the rehearsal: their start-up
   * events are older than the API server's event TTL (1 h), so none are
   * recorded for them.
   */
  quiet: boolean
  /** The node the pod runs on. */
  nodeName: string
  /** The last kubelet pass that saw the pod. */
  seenPass: number
  lastRv: string
}

interface ContainerView {
  key: string
  status: Obj
  ready: boolean
  started: boolean
  readySince?: number
}

/** A container waiting for the pod's init containers (kubelet's PodInitializing). */
function podInitializingView(p: ContainerPlan): ContainerView {
  return {
    key: 'w:PodInitializing',
    status: {
      name: p.name,
      image: p.image,
      imageID: '',
      state: { waiting: { reason: 'PodInitializing' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  }
}

/** A container waiting for its pod's volumes (no container created yet). */
function mountPendingView(p: ContainerPlan): ContainerView {
  return {
    key: 'w:ContainerCreating',
    status: {
      name: p.name,
      image: p.image,
      imageID: '',
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  }
}

type ContainerIds = NonNullable<ContainerPlan['ids']>

/** A container not yet started (never started: no ids yet). */
function waitingView(
  plan: ContainerPlan,
  reason: string,
  message?: string
): ContainerView {
  return {
    key: `w:${reason}:0`,
    status: {
      name: plan.name,
      image: plan.image,
      imageID: '',
      containerID: '',
      state: { waiting: { reason, ...(message ? { message } : {}) } },
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false
    },
    ready: false,
    started: false
  }
}

/** The status fields of a container that has started at least once. */
function runningStatus(plan: ContainerPlan, ids: ContainerIds): Obj {
  return {
    name: plan.name,
    image: plan.image,
    imageID: ids.imageId,
    containerID: ids.containerId
  }
}

/** Keys of the events a container's start-up records (Pulling … Started). */
const STARTUP_EVENT = /^(pull|pulled|created|started):/

const BACKOFF_START = 10_000
const BACKOFF_MAX = 300_000

/**
 * The kubelets of all nodes: image pull, container start, readiness,
 * crash loops with back-off, faults from the scenario, and removal of
 * deleted pods after their grace period. Pod status is a pure function of
 * the time since binding, so it does not depend on the tick rate.
 */
export class Kubelet {
  private readonly runtimes = new Map<string, Runtime>()
  /** Stored pod objects left Running and Ready, with their runtime. */
  private readonly settled = new WeakMap<Obj, Runtime>()
  private pass = 0
  private readonly images = new Map<string, Set<string>>()
  private ipCounter = 2
  private readonly seeded = new Set<string>()
  /** Seeded pods that were recorded not Ready: they stay Running but not Ready. */
  private readonly seededNotReady = new Set<string>()

  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock,
    private readonly events: EventRecorder,
    private readonly timings: Timings,
    private readonly faults: ImageFault[],
    private readonly imageTimings: readonly ImageTiming[] = []
  ) {}

  /** Pull, start and stop seconds of one image (src/rehearsal/timings.ts). */
  private timingsOf(image: string) {
    return timingsForImage(image, this.timings, this.imageTimings)
  }

  /** Marks a pod as running for an hour already (seeded from a snapshot). */
  markSeeded(uid: string, ready = true): void {
    this.seeded.add(uid)
    if (!ready) this.seededNotReady.add(uid)
  }

  /** Images already present on a node. */
  preload(node: string, images: string[]): void {
    const set = this.images.get(node) ?? new Set()
    for (const i of images) set.add(i)
    this.images.set(node, set)
  }

  run(): void {
    const now = this.clock.now()
    const pass = ++this.pass
    const nodes = new Map(
      this.registry.store.peekAll('/nodes').map((n) => [nameOf(n), n])
    )
    const ready = new Map<string, boolean>()
    for (const [name, n] of nodes) ready.set(name, nodeIsReady(n))
    const podType = this.registry.resource('', 'pods')
    for (const pod of this.registry.store.peekAll('/pods')) {
      // A pod left Running and Ready, unchanged since (the stored object is
      // replaced on every write), on a Ready node: nothing to do.
      const settled = this.settled.get(pod)
      if (settled !== undefined && ready.get(settled.nodeName) === true) {
        settled.seenPass = pass
        continue
      }
      const spec = asObj(pod['spec'])
      const nodeName = asString(spec['nodeName']) ?? ''
      if (nodeName === '') continue
      const uid = asString(asObj(pod['metadata'])['uid']) ?? ''
      let rt = this.runtimes.get(uid)
      if (rt !== undefined) rt.seenPass = pass
      const node = nodes.get(nodeName)
      if (node === undefined) {
        // pod GC: pods bound to a node that is gone are deleted at once
        this.registry.removeInternal(podType, pod)
        continue
      }
      if (ready.get(nodeName) !== true) {
        this.markNotReady(pod)
        continue
      }
      if (isDeleting(pod)) {
        this.finishDeletion(pod, now)
        continue
      }
      if (rt === undefined) {
        rt = this.plan(pod, node, now)
        rt.seenPass = pass
        this.runtimes.set(uid, rt)
      }
      const rv = asString(asObj(pod['metadata'])['resourceVersion']) ?? ''
      if (rt.stable && rv === rt.lastRv) continue
      this.refresh(pod, rt, now, nodeName)
      const after = this.registry.store.peek(
        '/pods',
        namespaceOf(pod),
        nameOf(pod)
      )
      rt.lastRv = asString(asObj(after?.['metadata'])['resourceVersion']) ?? ''
      rt.stable =
        rt.lastKey.startsWith('Running|') &&
        rt.lastKey.endsWith(':ready') &&
        rt.plans.every((p) => p.fault === undefined) &&
        rt.mountError === undefined
      if (rt.stable && after !== undefined) this.settled.set(after, rt)
    }
    for (const [uid, rt] of this.runtimes)
      if (rt.seenPass !== pass) this.runtimes.delete(uid)
  }

  private plan(pod: Obj, node: Obj, now: number): Runtime {
    const spec = asObj(pod['spec'])
    const status = asObj(pod['status'])
    const labels = asStringMap(asObj(node['metadata'])['labels'])
    const nodeImages = this.images.get(nameOf(node)) ?? new Set<string>()
    const uid = asString(asObj(pod['metadata'])['uid']) ?? ''
    const seeded = this.seeded.has(uid)
    const recordedNotReady = this.seededNotReady.has(uid)
    this.seeded.delete(uid)
    this.seededNotReady.delete(uid)
    void status
    const mk = (c: unknown): ContainerPlan => {
      const con = asObj(c)
      const image = asString(con['image']) ?? ''
      const policy = asString(con['imagePullPolicy']) ?? 'IfNotPresent'
      const present = policy !== 'Always' && nodeImages.has(image)
      const probe = asObj(con['readinessProbe'])
      const t = this.timingsOf(image)
      const fault: ImageFault | undefined = recordedNotReady
        ? { image: '*', effect: 'NeverReady' }
        : imageFaultFor(this.faults, image, labels)
      return {
        name: asString(con['name']) ?? '',
        image,
        pullMs: present || seeded ? 0 : t.pullSeconds * 1000,
        startMs: t.startSeconds * 1000,
        readyDelayMs:
          (this.timings.readySeconds +
            (asNumber(probe['initialDelaySeconds']) ?? 0)) *
          1000,
        ...(fault ? { fault } : {}),
        ...(this.configErrorFor(con, namespaceOf(pod)) !== undefined
          ? { configError: this.configErrorFor(con, namespaceOf(pod))! }
          : {})
      }
    }
    const since = seeded ? now - 3_600_000 : now
    return {
      since,
      ip: spec['hostNetwork'] === true ? nodeAddress(node) : this.nextIp(),
      plans: asArray(spec['containers']).map(mk),
      initPlans: asArray(spec['initContainers']).map(mk),
      mountError: this.mountErrorFor(spec, namespaceOf(pod)),
      lastKey: '',
      events: new Set(),
      quiet: seeded,
      nodeName: nameOf(node),
      seenPass: 0,
      stable: false,
      lastRv: ''
    }
  }

  private nextIp(): string {
    const n = this.ipCounter++
    return `10.244.${(n >> 8) & 255}.${n & 255}`
  }

  private exists(resource: string, ns: string, name: string): Obj | undefined {
    return this.registry.store.peek(resource, ns, name)
  }

  /** R7.4 CreateContainerConfigError for a missing ConfigMap/Secret (or key) used in env. */
  private configErrorFor(con: Obj, ns: string): string | undefined {
    for (const e of asArray(con['env'])) {
      const from = asObj(asObj(e)['valueFrom'])
      for (const [field, res, kind] of [
        ['configMapKeyRef', '/configmaps', 'configmap'],
        ['secretKeyRef', '/secrets', 'secret']
      ] as const) {
        const ref = from[field]
        if (!isObj(ref) || ref['optional'] === true) continue
        const obj = this.exists(res, ns, asString(ref['name']) ?? '')
        if (obj === undefined)
          return `${kind} "${String(ref['name'])}" not found`
        const data = {
          ...asObj(obj['data']),
          ...asObj(obj['binaryData']),
          ...asObj(obj['stringData'])
        }
        if (!(String(ref['key']) in data))
          return `couldn't find key ${String(ref['key'])} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${ns}/${String(ref['name'])}`
      }
    }
    for (const e of asArray(con['envFrom'])) {
      for (const [field, res, kind] of [
        ['configMapRef', '/configmaps', 'configmap'],
        ['secretRef', '/secrets', 'secret']
      ] as const) {
        const ref = asObj(e)[field]
        if (!isObj(ref) || ref['optional'] === true) continue
        if (this.exists(res, ns, asString(ref['name']) ?? '') === undefined)
          return `${kind} "${String(ref['name'])}" not found`
      }
    }
    return undefined
  }

  private mountErrorFor(spec: Obj, ns: string): string | undefined {
    for (const v of asArray(spec['volumes'])) {
      const vol = asObj(v)
      const cm = asObj(vol['configMap'])
      if (
        isObj(vol['configMap']) &&
        cm['optional'] !== true &&
        this.exists('/configmaps', ns, asString(cm['name']) ?? '') === undefined
      )
        return `MountVolume.SetUp failed for volume "${String(vol['name'])}" : configmap "${String(cm['name'])}" not found`
      const sec = asObj(vol['secret'])
      if (
        isObj(vol['secret']) &&
        sec['optional'] !== true &&
        this.exists('/secrets', ns, asString(sec['secretName']) ?? '') ===
          undefined
      )
        return `MountVolume.SetUp failed for volume "${String(vol['name'])}" : secret "${String(sec['secretName'])}" not found`
    }
    return undefined
  }

  /**
   * The state of one container `t` ms after it may begin (pull starts at
   * `start`), in the order the kubelet meets them: pulling, a failed pull,
   * a config error, creating, then running (steady or crash-looping).
   * A pure function of the time, except that the container's ids are fixed
   * on its first start.
   */
  private view(
    plan: ContainerPlan,
    t: number,
    start: number,
    podName: string
  ): ContainerView {
    if (t < plan.pullMs) return waitingView(plan, 'ContainerCreating')
    const effect = plan.fault?.effect
    if (effect === 'ErrImagePull' || effect === 'ImagePullBackOff') {
      const msg = `Failed to pull image "${plan.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${plan.image}": not found`
      if (effect === 'ErrImagePull' || t < plan.pullMs + 1000)
        return waitingView(plan, 'ErrImagePull', msg)
      return waitingView(
        plan,
        'ImagePullBackOff',
        `Back-off pulling image "${plan.image}"`
      )
    }
    if (
      effect === 'CreateContainerConfigError' ||
      plan.configError !== undefined
    ) {
      return waitingView(
        plan,
        'CreateContainerConfigError',
        plan.configError ??
          `couldn't find key config in ConfigMap (rehearsal fault)`
      )
    }
    // Starts after the pull, or after a config error cleared, whichever is later.
    const firstRun = Math.max(
      start + plan.pullMs + plan.startMs,
      (plan.notBefore ?? 0) + plan.startMs
    )
    const tAbs = start + t
    if (tAbs < firstRun) return waitingView(plan, 'ContainerCreating')
    plan.ids ??= {
      containerId: `containerd://${hashish(podName + plan.name)}`,
      imageId: `${plan.image.split(':')[0]}@sha256:${hashish(plan.image)}`
    }
    return effect === 'CrashLoopBackOff' || effect === 'ReadyThenCrash'
      ? this.crashLoopView(plan, plan.ids, firstRun, tAbs, podName)
      : this.steadyView(plan, plan.ids, firstRun, tAbs)
  }

  /** A container that keeps running: Ready `readyDelayMs` after it starts, unless NeverReady. */
  private steadyView(
    plan: ContainerPlan,
    ids: ContainerIds,
    firstRun: number,
    tAbs: number
  ): ContainerView {
    const readyAt = firstRun + plan.readyDelayMs
    const ready = plan.fault?.effect !== 'NeverReady' && tAbs >= readyAt
    return {
      key: `r:${ready}`,
      status: {
        ...runningStatus(plan, ids),
        state: { running: { startedAt: this.clock.iso(firstRun) } },
        lastState: {},
        ready,
        restartCount: 0,
        started: true
      },
      ready,
      started: true,
      ...(ready ? { readySince: readyAt } : {})
    }
  }

  /**
   * A container that exits with code 1: after `crashSeconds` of running
   * (ReadyThenCrash: after the fault's `afterSeconds` the first time, Ready
   * meanwhile), then restarted after a back-off of 10 s doubling to 5 min,
   * as the kubelet's CrashLoopBackOff. Walks the runs up to `tAbs`.
   */
  private crashLoopView(
    plan: ContainerPlan,
    ids: ContainerIds,
    firstRun: number,
    tAbs: number,
    podName: string
  ): ContainerView {
    const effect = plan.fault?.effect
    const iso = (ms: number): string => this.clock.iso(ms)
    const crashMs = this.timings.crashSeconds * 1000
    let runStart = firstRun
    let runLen =
      effect === 'ReadyThenCrash'
        ? (plan.fault?.afterSeconds ?? 30) * 1000
        : crashMs
    let restarts = 0
    let backoff = BACKOFF_START
    let last: Obj = {}
    for (;;) {
      const runEnd = runStart + runLen
      if (tAbs < runEnd) {
        const readyAt = runStart + plan.readyDelayMs
        const ready =
          effect === 'ReadyThenCrash' && restarts === 0 && tAbs >= readyAt
        return {
          key: `r:${ready}:${restarts}`,
          status: {
            ...runningStatus(plan, ids),
            state: { running: { startedAt: iso(runStart) } },
            lastState: last,
            ready,
            restartCount: restarts,
            started: true
          },
          ready,
          started: true,
          ...(ready ? { readySince: readyAt } : {})
        }
      }
      restarts++
      last = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: iso(runStart),
          finishedAt: iso(runEnd),
          containerID: ids.containerId
        }
      }
      const nextStart = runEnd + backoff
      if (tAbs < nextStart) {
        return {
          key: `w:CrashLoopBackOff:${restarts}`,
          status: {
            ...runningStatus(plan, ids),
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${plan.name} pod=${podName}`
              }
            },
            lastState: last,
            ready: false,
            restartCount: restarts,
            started: false
          },
          ready: false,
          started: true
        }
      }
      runStart = nextStart
      runLen = crashMs
      backoff = Math.min(backoff * 2, BACKOFF_MAX)
    }
  }

  /**
   * One kubelet pass over a bound pod on a Ready node: compute each
   * container's view for `now` and publish it ({@link write}).
   *
   * Order, as the kubelet's sync: volumes first (a missing ConfigMap or
   * Secret volume keeps every container ContainerCreating, retried each
   * pass); then container configs (a missing env source is retried, and the
   * container starts once it appears); then init containers one after the
   * other; app containers begin only when all init containers completed.
   * The pod is Running once every app container has started.
   */
  private refresh(pod: Obj, rt: Runtime, now: number, nodeName: string): void {
    if (rt.mountError !== undefined && !this.retryMount(pod, rt, now)) {
      this.once(rt, pod, 'mount', 'Warning', 'FailedMount', rt.mountError)
      const views = rt.plans.map(mountPendingView)
      return this.write(pod, rt, 'Pending', [], views, now, nodeName)
    }
    this.retryConfigErrors(pod, rt, now)
    const init = this.initContainerViews(pod, rt, now)
    const views = rt.plans.map((p) =>
      init.running
        ? podInitializingView(p)
        : this.view(p, now - init.doneAt, init.doneAt, nameOf(pod))
    )
    const phase =
      !init.running && views.every((v) => v.started) ? 'Running' : 'Pending'
    this.write(pod, rt, phase, init.views, views, now, nodeName)
  }

  /**
   * Mounts again: true when the missing volume source exists now, and the
   * pod's start-up then begins afresh from `now`.
   */
  private retryMount(pod: Obj, rt: Runtime, now: number): boolean {
    rt.mountError = this.mountErrorFor(asObj(pod['spec']), namespaceOf(pod))
    if (rt.mountError !== undefined) return false
    rt.since = now
    rt.lastKey = ''
    return true
  }

  /** The kubelet retries container creation: a ConfigMap/Secret created later unblocks it from `now`. */
  private retryConfigErrors(pod: Obj, rt: Runtime, now: number): void {
    const con = (name: string): Obj =>
      asObj(
        asArray(asObj(pod['spec'])['containers']).find(
          (c) => isObj(c) && c['name'] === name
        )
      )
    for (const p of rt.plans) {
      if (p.configError === undefined) continue
      p.configError = this.configErrorFor(con(p.name), namespaceOf(pod))
      if (p.configError === undefined) p.notBefore = now
    }
  }

  /**
   * The init containers' views: each runs after the previous one completed
   * (pull + start + 1 s of work); a faulted one never completes. Returns
   * when the last completed (`doneAt`, the pod's start before them
   * otherwise) and whether one is still running (then the rest and every
   * app container wait in PodInitializing).
   */
  private initContainerViews(
    pod: Obj,
    rt: Runtime,
    now: number
  ): { views: ContainerView[]; doneAt: number; running: boolean } {
    const views: ContainerView[] = []
    let doneAt = rt.since
    let running = false
    for (const p of rt.initPlans) {
      const completedAt = doneAt + p.pullMs + p.startMs + 1000
      if (now >= completedAt && p.fault === undefined) {
        views.push(this.completedInitView(p, completedAt))
        doneAt = completedAt
        continue
      }
      views.push(this.view(p, now - doneAt, doneAt, nameOf(pod)))
      running = true
      break
    }
    for (const p of rt.initPlans.slice(views.length))
      views.push(podInitializingView(p))
    return { views, doneAt, running }
  }

  /** An init container that ran for one second and exited 0 at `doneAt`. */
  private completedInitView(p: ContainerPlan, doneAt: number): ContainerView {
    return {
      key: 'done',
      status: {
        name: p.name,
        image: p.image,
        imageID: '',
        containerID: '',
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: this.clock.iso(doneAt - 1000),
            finishedAt: this.clock.iso(doneAt)
          }
        },
        lastState: {},
        ready: true,
        restartCount: 0,
        started: false
      },
      ready: true,
      started: false
    }
  }

  private once(
    rt: Runtime,
    pod: Obj,
    key: string,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string
  ): void {
    if (rt.events.has(key)) return
    if (rt.quiet && STARTUP_EVENT.test(key)) return
    rt.events.add(key)
    this.events.record(pod, type, reason, message, 'kubelet')
  }

  /**
   * Publishes the pod's state from one pass: records the kubelet's events
   * for it and writes its status.
   *
   * Assumes `views` are the pod's containers in spec order (`rt.plans`
   * order) and `inits` its init containers, both computed for `now`.
   * Invariants:
   * - nothing is recorded or written while the state's key (phase,
   *   each container's view key, all-Ready) is unchanged, so a steady pod
   *   costs no writes and its resourceVersion stays put;
   * - each event is recorded at most once per pod ({@link once});
   * - the status is written over the pod as stored now (it may have been
   *   written since `pod` was read); a pod gone meanwhile is left gone.
   */
  private write(
    pod: Obj,
    rt: Runtime,
    phase: string,
    inits: ContainerView[],
    views: ContainerView[],
    now: number,
    nodeName: string
  ): void {
    const key = stateKey(phase, inits, views)
    if (key === rt.lastKey) return
    rt.lastKey = key
    for (const [i, v] of views.entries())
      this.recordContainerEvents(pod, rt, rt.plans[i]!, v, nodeName)
    const current = this.registry.store.peek(
      '/pods',
      namespaceOf(pod),
      nameOf(pod)
    )
    if (current === undefined) return
    const next = clone(current)
    next['status'] = this.podStatus(
      asObj(current['status']),
      rt,
      phase,
      inits,
      views,
      now,
      nodeName
    )
    this.registry.putInternal(this.registry.resource('', 'pods'), next)
  }

  /**
   * The events one container's view implies: a waiting reason's event
   * (Pulling, Failed, BackOff), and once started Pulled, Created, Started
   * (and Unhealthy for a container that never becomes Ready). A started
   * container's image is then present on the node (no pull next time).
   */
  private recordContainerEvents(
    pod: Obj,
    rt: Runtime,
    plan: ContainerPlan,
    v: ContainerView,
    nodeName: string
  ): void {
    this.recordWaitingEvent(pod, rt, plan, v)
    if (v.started) {
      this.recordStartEvents(pod, rt, plan)
      const set = this.images.get(nodeName) ?? new Set<string>()
      set.add(plan.image)
      this.images.set(nodeName, set)
    }
    if (plan.fault?.effect === 'NeverReady' && v.started)
      this.once(
        rt,
        pod,
        `unhealthy:${plan.name}`,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503'
      )
  }

  /** The event a waiting container's reason records; a crash loop records one per restart. */
  private recordWaitingEvent(
    pod: Obj,
    rt: Runtime,
    plan: ContainerPlan,
    v: ContainerView
  ): void {
    const waiting = asObj(asObj(asObj(v.status)['state'])['waiting'])
    const reason = asString(waiting['reason'])
    if (reason === 'ContainerCreating' && plan.pullMs > 0)
      this.once(
        rt,
        pod,
        `pull:${plan.name}`,
        'Normal',
        'Pulling',
        `Pulling image "${plan.image}"`
      )
    if (reason === 'ErrImagePull')
      this.once(
        rt,
        pod,
        `errpull:${plan.name}`,
        'Warning',
        'Failed',
        String(waiting['message'])
      )
    if (reason === 'ImagePullBackOff')
      this.once(
        rt,
        pod,
        `bopull:${plan.name}`,
        'Normal',
        'BackOff',
        `Back-off pulling image "${plan.image}"`
      )
    if (reason === 'CreateContainerConfigError')
      this.once(
        rt,
        pod,
        `cfg:${plan.name}`,
        'Warning',
        'Failed',
        `Error: ${String(waiting['message'])}`
      )
    if (reason === 'CrashLoopBackOff')
      this.once(
        rt,
        pod,
        `crash:${plan.name}:${String(asObj(v.status)['restartCount'])}`,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${plan.name} in pod ${nameOf(pod)}_${namespaceOf(pod)}(${String(asObj(pod['metadata'])['uid'])})`
      )
  }

  /** Pulled (or already present), Created, Started: once each per container. */
  private recordStartEvents(pod: Obj, rt: Runtime, plan: ContainerPlan): void {
    this.once(
      rt,
      pod,
      `pulled:${plan.name}`,
      'Normal',
      'Pulled',
      plan.pullMs > 0
        ? `Successfully pulled image "${plan.image}" in ${(plan.pullMs / 1000).toFixed(3)}s`
        : `Container image "${plan.image}" already present on machine`
    )
    this.once(
      rt,
      pod,
      `created:${plan.name}`,
      'Normal',
      'Created',
      `Created container ${plan.name}`
    )
    this.once(
      rt,
      pod,
      `started:${plan.name}`,
      'Normal',
      'Started',
      `Started container ${plan.name}`
    )
  }

  /**
   * The pod status a kubelet reports for these views. The pod is Ready
   * when Running with every container Ready, since the last container
   * became Ready; PodScheduled is kept as the scheduler wrote it; the QoS
   * class is kept (the API server sets it at create).
   */
  private podStatus(
    old: Obj,
    rt: Runtime,
    phase: string,
    inits: ContainerView[],
    views: ContainerView[],
    now: number,
    nodeName: string
  ): Obj {
    const ready = phase === 'Running' && views.every((v) => v.ready)
    const readyAt = ready
      ? Math.max(...views.map((v) => v.readySince ?? 0))
      : now
    const cond = (type: string, value: boolean, at: number, reason?: string) =>
      podCondition(this.clock, old, views, now, type, value, at, reason)
    const hostIP = nodeAddressFromName(this.registry, nodeName)
    return {
      phase,
      conditions: [
        cond('PodReadyToStartContainers', true, rt.since),
        cond(
          'Initialized',
          inits.every((v) => v.ready),
          rt.since,
          'ContainersNotInitialized'
        ),
        cond('Ready', ready, readyAt, 'ContainersNotReady'),
        cond('ContainersReady', ready, readyAt, 'ContainersNotReady'),
        previousCondition(old, 'PodScheduled') ?? {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: this.clock.iso(rt.since)
        }
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP: rt.ip,
      podIPs: [{ ip: rt.ip }],
      startTime: this.clock.iso(rt.since),
      ...(inits.length
        ? { initContainerStatuses: inits.map((v) => v.status) }
        : {}),
      containerStatuses: views.map((v) => v.status),
      qosClass: old['qosClass'] ?? 'BestEffort'
    }
  }

  /** Node lifecycle controller: pods on a NotReady node are marked not Ready. */
  private markNotReady(pod: Obj): void {
    const conds = asArray(asObj(pod['status'])['conditions'])
    const ready = conds.find((c) => isObj(c) && c['type'] === 'Ready')
    if (!isObj(ready) || ready['status'] !== 'True') return
    const next = clone(pod)
    const status = asObj(next['status'])
    status['conditions'] = conds.map((c) =>
      isObj(c) && c['type'] === 'Ready'
        ? { ...c, status: 'False', lastTransitionTime: this.clock.iso() }
        : c
    )
    this.registry.putInternal(this.registry.resource('', 'pods'), next)
    const rt = this.runtimes.get(asString(asObj(pod['metadata'])['uid']) ?? '')
    if (rt) {
      rt.lastKey = ''
      rt.stable = false
    }
  }

  private finishDeletion(pod: Obj, now: number): void {
    const meta = asObj(pod['metadata'])
    const deadline = parseTime(meta['deletionTimestamp']) ?? now
    const grace = (asNumber(meta['deletionGracePeriodSeconds']) ?? 30) * 1000
    const requested = deadline - grace
    const rt = this.runtimes.get(asString(meta['uid']) ?? '')
    if (rt !== undefined)
      for (const p of rt.plans)
        this.once(
          rt,
          pod,
          `kill:${p.name}`,
          'Normal',
          'Killing',
          `Stopping container ${p.name}`
        )
    // The pod is gone when its slowest container has exited (SIGTERM), or
    // at the end of the grace period (SIGKILL), whichever is first.
    const stopMs =
      Math.max(
        0,
        ...asArray(asObj(pod['spec'])['containers']).map(
          (c) => this.timingsOf(asString(asObj(c)['image']) ?? '').stopSeconds
        )
      ) * 1000
    if (now >= Math.min(deadline, requested + stopMs))
      this.registry.removeInternal(this.registry.resource('', 'pods'), pod)
  }
}

export function nodeIsReady(node: Obj): boolean {
  const c = asArray(asObj(node['status'])['conditions']).find(
    (x) => isObj(x) && x['type'] === 'Ready'
  )
  return !isObj(c) || c['status'] === 'True'
}

function nodeAddress(node: Obj): string {
  const a = asArray(asObj(node['status'])['addresses']).find(
    (x) => isObj(x) && x['type'] === 'InternalIP'
  )
  return isObj(a) ? String(a['address']) : '10.0.0.1'
}

function nodeAddressFromName(registry: Registry, name: string): string {
  const n = registry.store.peek('/nodes', '', name)
  return n === undefined ? '10.0.0.1' : nodeAddress(n)
}

function hashish(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++)
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0').repeat(8).slice(0, 64)
}

/**
 * The key of a pod's observable state: phase, each (init) container's
 * view key, and whether every container is Ready. Equal keys, equal status.
 */
function stateKey(
  phase: string,
  inits: ContainerView[],
  views: ContainerView[]
): string {
  const allReady = views.length > 0 && views.every((v) => v.ready)
  return `${phase}|${inits.map((v) => v.key).join(',')}|${views.map((v) => v.key).join(',')}${allReady ? ':ready' : ''}`
}

function previousCondition(old: Obj, type: string): Obj | undefined {
  const c = asArray(old['conditions']).find(
    (x) => isObj(x) && x['type'] === type
  )
  return isObj(c) ? c : undefined
}

/**
 * One pod condition. Its lastTransitionTime is kept while the status is
 * unchanged, else set to `at` (never later than `now`). A False condition
 * carries its reason, and for ContainersNotReady the unready containers.
 */
function podCondition(
  clock: SimClock,
  old: Obj,
  views: ContainerView[],
  now: number,
  type: string,
  value: boolean,
  at: number,
  reason?: string
): Obj {
  const prev = previousCondition(old, type)
  const status = value ? 'True' : 'False'
  const lt =
    prev !== undefined && prev['status'] === status
      ? prev['lastTransitionTime']
      : clock.iso(Math.min(at, now))
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: lt,
    ...(!value && reason
      ? {
          reason,
          message:
            reason === 'ContainersNotReady'
              ? `containers with unready status: [${views
                  .filter((v) => !v.ready)
                  .map((v) => String(asObj(v.status)['name']))
                  .join(' ')}]`
              : undefined
        }
      : {})
  }
}
