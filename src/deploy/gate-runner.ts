import type { KubeClient } from '../adapters/kube/client.js'
import {
  ListWatch,
  type ListWatchOptions
} from '../adapters/kube/list-watch.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import {
  nextGateDeadline,
  startGate,
  stepGate,
  type GateCarry
} from '../core/gate/evaluate.js'
import type {
  GateOptions,
  GateProgress,
  GateState,
  GateVerdict
} from '../core/gate/types.js'
import type { DaemonSet, KubeObject, Node, Pod } from '../core/k8s/types.js'
import { templatesEqual } from '../core/undo/compare.js'
import { controlledRevisions, revisionHash } from '../core/undo/history.js'
import type { ControllerRevision } from '../core/undo/types.js'

export interface GateRunResult {
  verdict: GateVerdict | { status: 'cancelled'; message: string }
  state: GateState
  progress: GateProgress
  /** The current revision once known (R4.6). */
  currentRevision?: ControllerRevision
  watchStats: { watches: number; relists410: number; reconnects: number }
}

export interface GateRunDeps {
  client: KubeClient
  now?: () => number
  /** Called on every step of the gate (the caller decides what to print). */
  onProgress?: (
    progress: GateProgress,
    verdict: GateVerdict,
    state: GateState
  ) => void
  /** Where the gate starts from (what an earlier gate learned). */
  carry?: GateCarry
  log?: (message: string) => void
  /** Watch nodes to tell sick nodes from a bad revision (needs list/watch nodes). */
  watchNodes: boolean
  listWatchOptions?: ListWatchOptions
  /** Canary/wave mode: judge only these nodes (see GateObservation.scopeNodes). */
  scopeNodes?: string[]
}

/** The three watches of a gate: the DaemonSet (by name), its pods, nodes (when allowed). */
function gateWatches(
  namespace: string,
  name: string,
  initial: DaemonSet,
  deps: GateRunDeps,
  poke: () => void
): {
  ds: ListWatch<DaemonSet>
  pods: ListWatch<Pod>
  nodes?: ListWatch<Node>
  all: ListWatch<KubeObject>[]
} {
  const ds = new ListWatch<DaemonSet>(
    deps.client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    poke,
    deps.listWatchOptions
  )
  const pods = new ListWatch<Pod>(
    deps.client,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    { labelSelector: selectorToString(initial.spec?.selector) || undefined },
    poke,
    deps.listWatchOptions
  )
  const nodes = deps.watchNodes
    ? new ListWatch<Node>(
        deps.client,
        '/api/v1/nodes',
        {},
        poke,
        deps.listWatchOptions
      )
    : undefined
  const all = [
    ds,
    pods,
    ...(nodes === undefined ? [] : [nodes])
  ] as ListWatch<KubeObject>[]
  return { ds, pods, ...(nodes === undefined ? {} : { nodes }), all }
}

/**
 * R4.6: the current revision is the one whose data matches the live
 * template; the controller creates it before it raises observedGeneration.
 */
async function findCurrentRevision(
  client: KubeClient,
  namespace: string,
  ds: DaemonSet
): Promise<ControllerRevision | undefined> {
  const list = await client.list<ControllerRevision>(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || undefined }
  )
  return controlledRevisions(list.items, ds)
    .filter((r) => {
      const data = r.data as { spec?: { template?: unknown } } | undefined
      return templatesEqual(ds.spec?.template, data?.spec?.template as never)
    })
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
}

/** One gate run's moving parts: its state, the revision, the wake-up. */
class GateLoop {
  state: GateState
  currentRevision: ControllerRevision | undefined
  finished: GateRunResult['verdict'] | undefined
  private resolving = false
  private tries = 0
  private wake: (() => void) | undefined

  constructor(
    private readonly namespace: string,
    private readonly name: string,
    private readonly options: GateOptions,
    private readonly deps: GateRunDeps,
    private readonly now: () => number
  ) {
    this.state = startGate(now(), deps.carry)
  }

  poke = (): void => this.wake?.()

  cancel = (): void => {
    this.finished ??= {
      status: 'cancelled',
      message: 'cancelled while waiting for the rollout'
    }
    this.poke()
  }

  /** Looks up the current revision once the controller has observed the spec (at most 20 tries). */
  private resolveRevision(ds: DaemonSet | null): void {
    if (
      ds === null ||
      this.currentRevision !== undefined ||
      this.resolving ||
      (ds.status?.observedGeneration ?? 0) < (ds.metadata?.generation ?? 0) ||
      this.tries >= 20
    )
      return
    this.tries += 1
    this.resolving = true
    findCurrentRevision(this.deps.client, this.namespace, ds)
      .then((found) => {
        if (found !== undefined) this.currentRevision = found
      })
      .catch((err: unknown) =>
        this.deps.log?.(
          `could not list ControllerRevisions: ${err instanceof Error ? err.message : String(err)}`
        )
      )
      .finally(() => {
        this.resolving = false
        this.poke()
      })
  }

  /** One step of the pure gate on what the watches hold; true when it is over. */
  step(w: ReturnType<typeof gateWatches>): boolean {
    const ds = w.ds.items().find((d) => d.metadata?.name === this.name) ?? null
    this.resolveRevision(ds)
    const observation = {
      daemonSet: ds,
      pods: w.pods.items(),
      ...(w.nodes === undefined ? {} : { nodes: w.nodes.items() }),
      ...(this.deps.scopeNodes === undefined
        ? {}
        : { scopeNodes: this.deps.scopeNodes }),
      ...(this.currentRevision === undefined || ds === null
        ? {}
        : {
            currentHash: revisionHash(this.currentRevision, this.name) as string
          })
    }
    const step = stepGate(this.state, observation, this.now(), this.options)
    this.state = step.state
    this.deps.onProgress?.(step.progress, step.verdict, this.state)
    if (step.verdict.status === 'waiting') return false
    this.finished = step.verdict
    return true
  }

  /** Sleeps until the next deadline (at most 5 s) or the next event. */
  async sleep(): Promise<void> {
    const deadline = nextGateDeadline(this.state, this.options)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        resolve,
        Math.max(10, Math.min(deadline - this.now(), 5000))
      )
      this.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.wake = undefined
  }
}

/**
 * Runs the pure gate against the cluster: list+watch the DaemonSet (by
 * name), its pods (namespace + selector) and, when allowed, nodes; step the
 * gate on every event and at its own deadlines. Ends on a verdict or when
 * `signal` aborts (cancellation).
 */
export async function runGate(
  namespace: string,
  name: string,
  options: GateOptions,
  deps: GateRunDeps,
  signal: AbortSignal
): Promise<GateRunResult> {
  const now = deps.now ?? Date.now
  const loop = new GateLoop(namespace, name, options, deps, now)
  const initial = await deps.client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    name,
    namespace
  )
  if (initial === null) {
    const step = stepGate(
      loop.state,
      { daemonSet: null, pods: [] },
      now(),
      options
    )
    return {
      verdict: step.verdict,
      state: step.state,
      progress: step.progress,
      watchStats: { watches: 0, relists410: 0, reconnects: 0 }
    }
  }
  const watches = gateWatches(namespace, name, initial, deps, loop.poke)
  signal.addEventListener('abort', loop.cancel, { once: true })
  if (signal.aborted) loop.cancel()
  try {
    for (const w of watches.all) await w.start()
    while (loop.finished === undefined) {
      if (loop.step(watches)) break
      await loop.sleep()
    }
  } finally {
    signal.removeEventListener('abort', loop.cancel)
    await Promise.all(watches.all.map((w) => w.stop()))
  }
  const stats = watches.all.map((w) => w.stats)
  const result: GateRunResult = {
    verdict: loop.finished as GateRunResult['verdict'],
    state: loop.state,
    progress: loop.state.progress,
    watchStats: {
      watches: stats.reduce((n, s) => n + s.watches, 0),
      relists410: stats.reduce((n, s) => n + s.relists410, 0),
      reconnects: stats.reduce((n, s) => n + s.reconnects, 0)
    }
  }
  if (loop.currentRevision !== undefined)
    result.currentRevision = loop.currentRevision
  return result
}
