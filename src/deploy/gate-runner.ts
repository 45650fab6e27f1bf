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
import type { DaemonSet, Node, Pod } from '../core/k8s/types.js'
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
  const client = deps.client
  let state = startGate(now(), deps.carry)
  let currentRevision: ControllerRevision | undefined
  let resolvingRevision = false
  let finished: GateRunResult['verdict'] | undefined
  let wake: (() => void) | undefined
  const poke = (): void => wake?.()

  const initial = await client.get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    name,
    namespace
  )
  if (initial === null) {
    const step = stepGate(state, { daemonSet: null, pods: [] }, now(), options)
    return {
      verdict: step.verdict,
      state: step.state,
      progress: step.progress,
      watchStats: { watches: 0, relists410: 0, reconnects: 0 }
    }
  }
  const dsWatch = new ListWatch<DaemonSet>(
    client,
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets`,
    { fieldSelector: `metadata.name=${name}` },
    poke,
    deps.listWatchOptions
  )
  const podWatch = new ListWatch<Pod>(
    client,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    { labelSelector: selectorToString(initial.spec?.selector) || undefined },
    poke,
    deps.listWatchOptions
  )
  const nodeWatch = deps.watchNodes
    ? new ListWatch<Node>(
        client,
        '/api/v1/nodes',
        {},
        poke,
        deps.listWatchOptions
      )
    : undefined
  const watches = [
    dsWatch,
    podWatch,
    ...(nodeWatch === undefined ? [] : [nodeWatch])
  ]

  // R4.6: the current revision is the one whose data matches the live
  // template; the controller creates it before it raises observedGeneration.
  async function resolveRevision(ds: DaemonSet): Promise<void> {
    if (resolvingRevision) return
    resolvingRevision = true
    try {
      const list = await client.list<ControllerRevision>(
        `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
        { labelSelector: selectorToString(ds.spec?.selector) || undefined }
      )
      const mine = controlledRevisions(list.items, ds)
      const match = mine
        .filter((r) => {
          const data = r.data as { spec?: { template?: unknown } } | undefined
          return templatesEqual(
            ds.spec?.template,
            data?.spec?.template as never
          )
        })
        .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
      if (match !== undefined) currentRevision = match
    } catch (err) {
      deps.log?.(
        `could not list ControllerRevisions: ${err instanceof Error ? err.message : String(err)}`
      )
    } finally {
      resolvingRevision = false
      poke()
    }
  }

  const onAbort = (): void => {
    finished ??= {
      status: 'cancelled',
      message: 'cancelled while waiting for the rollout'
    }
    poke()
  }
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) onAbort()
  try {
    for (const w of watches) await w.start()
    let revisionTries = 0
    while (finished === undefined) {
      const ds = dsWatch.items().find((d) => d.metadata?.name === name) ?? null
      if (
        ds !== null &&
        currentRevision === undefined &&
        (ds.status?.observedGeneration ?? 0) >=
          (ds.metadata?.generation ?? 0) &&
        revisionTries < 20
      ) {
        revisionTries += 1
        void resolveRevision(ds)
      }
      const observation = {
        daemonSet: ds,
        pods: podWatch.items(),
        ...(nodeWatch === undefined ? {} : { nodes: nodeWatch.items() }),
        ...(deps.scopeNodes === undefined
          ? {}
          : { scopeNodes: deps.scopeNodes }),
        ...(currentRevision === undefined || ds === null
          ? {}
          : { currentHash: revisionHash(currentRevision, name) as string })
      }
      const step = stepGate(state, observation, now(), options)
      state = step.state
      deps.onProgress?.(step.progress, step.verdict, state)
      if (step.verdict.status !== 'waiting') {
        finished = step.verdict
        break
      }
      const deadline = nextGateDeadline(state, options)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          Math.max(10, Math.min(deadline - now(), 5000))
        )
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = undefined
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    await Promise.all(watches.map((w) => w.stop()))
  }
  const result: GateRunResult = {
    verdict: finished,
    state,
    progress: state.progress,
    watchStats: {
      watches: watches.reduce((n, w) => n + w.stats.watches, 0),
      relists410: watches.reduce((n, w) => n + w.stats.relists410, 0),
      reconnects: watches.reduce((n, w) => n + w.stats.reconnects, 0)
    }
  }
  if (currentRevision !== undefined) result.currentRevision = currentRevision
  return result
}
