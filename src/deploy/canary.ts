import { PATCH_MERGE, type KubeClient } from '../adapters/kube/client.js'
import { selectorToString } from '../core/k8s/label-selector.js'
import {
  podBelongsTo,
  podIsUpdated,
  podNodeName
} from '../core/gate/pod-signals.js'
import type { GateOptions, GateVerdict } from '../core/gate/types.js'
import { planWaves, type CanarySpec } from '../core/gate/waves.js'
import type {
  DaemonSet,
  DaemonSetUpdateStrategy,
  Node,
  Pod
} from '../core/k8s/types.js'
import { templatesEqual } from '../core/undo/compare.js'
import { controlledRevisions, revisionHash } from '../core/undo/history.js'
import type { ControllerRevision } from '../core/undo/types.js'
import type { ListWatchOptions } from '../adapters/kube/list-watch.js'
import { runGate, type GateRunResult } from './gate-runner.js'
import { waitObserved } from './undo.js'

/** Recorded on the DaemonSet while a canary runs, so a re-run recognises an interrupted one. */
export const CANARY_ANNOTATION = 'ds-rollout.io/canary-in-progress'

export interface CanaryRecord {
  /** The updateStrategy before the canary switched it to OnDelete. */
  originalStrategy: DaemonSetUpdateStrategy
  /** The ControllerRevision number before the change. */
  revisionBefore?: number
  startedAt: string
}

export function readCanaryRecord(ds: DaemonSet): CanaryRecord | undefined {
  const text = ds.metadata?.annotations?.[CANARY_ANNOTATION]
  if (text === undefined) return undefined
  try {
    const parsed = JSON.parse(text) as CanaryRecord
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof parsed.originalStrategy === 'object'
    )
      return parsed
  } catch {
    // fall through
  }
  return {
    originalStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1 }
    },
    startedAt: '?'
  }
}

/** Switches the DaemonSet to OnDelete and records the original strategy (JSON merge patch). */
export async function switchToOnDelete(
  client: KubeClient,
  namespace: string,
  name: string,
  record: CanaryRecord
): Promise<void> {
  await client.patch(
    'apps/v1',
    'DaemonSet',
    name,
    namespace,
    JSON.stringify({
      metadata: {
        annotations: { [CANARY_ANNOTATION]: JSON.stringify(record) }
      },
      spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } }
    }),
    PATCH_MERGE
  )
}

/** Puts the recorded updateStrategy back and removes the canary record. */
export async function restoreStrategy(
  client: KubeClient,
  namespace: string,
  name: string,
  strategy: DaemonSetUpdateStrategy
): Promise<void> {
  await client.patch(
    'apps/v1',
    'DaemonSet',
    name,
    namespace,
    JSON.stringify({
      metadata: { annotations: { [CANARY_ANNOTATION]: null } },
      spec: { updateStrategy: { rollingUpdate: null, ...strategy } }
    }),
    PATCH_MERGE
  )
}

export interface CanaryDeps {
  client: KubeClient
  signal: AbortSignal
  now?: () => number
  log: (message: string) => void
  /** A timeline entry; `at` (epoch ms) when it happened earlier. */
  note: (message: string, at?: number) => void
  watchNodes: boolean
  listWatchOptions?: ListWatchOptions
  onProgress?: GateRunDepsProgress
  /** Called when a wave starts ("canary", "wave 2/4"). */
  onWave?: (label: string) => void
}

type GateRunDepsProgress = Parameters<typeof runGate>[3]['onProgress']

export interface CanaryResult {
  verdict: GateVerdict | { status: 'cancelled'; message: string }
  gates: GateRunResult[]
  /** Node names per wave, canary first. */
  plan: string[][]
  /** Waves finished successfully. */
  wavesDone: number
  currentRevision?: ControllerRevision
}

/** What the waves work from: the observed DaemonSet, its current revision's hash, its pods' nodes. */
interface WaveContext {
  ds: DaemonSet
  current: ControllerRevision | undefined
  hash: string | undefined
  listPods: () => Promise<Pod[]>
  nodeNames: string[]
  labels: Map<string, Record<string, string>>
}

async function waveContext(
  namespace: string,
  name: string,
  canary: CanarySpec,
  deps: CanaryDeps
): Promise<WaveContext> {
  const { client } = deps
  const ds = await waitObserved(client, namespace, name, 30_000, deps.signal)
  const revisions = await client.list<ControllerRevision>(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    { labelSelector: selectorToString(ds.spec?.selector) || undefined }
  )
  const current = controlledRevisions(revisions.items, ds)
    .filter((r) =>
      templatesEqual(
        ds.spec?.template,
        (r.data as { spec?: { template?: unknown } } | undefined)?.spec
          ?.template
      )
    )
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`
  const listPods = async (): Promise<Pod[]> =>
    (
      await client.list<Pod>(podsPath, {
        labelSelector: selectorToString(ds.spec?.selector) || undefined
      })
    ).items.filter((p) => podBelongsTo(p, ds))
  const nodeNames = [
    ...new Set(
      (await listPods())
        .map((p) => podNodeName(p))
        .filter((n): n is string => n !== undefined)
    )
  ]
  let labels = new Map<string, Record<string, string>>()
  if (canary.kind === 'selector') {
    const nodes = await client.list<Node>('/api/v1/nodes')
    labels = new Map(
      nodes.items.map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}])
    )
  }
  return {
    ds,
    current,
    hash: current === undefined ? undefined : revisionHash(current, name),
    listPods,
    nodeNames,
    labels
  }
}

/** One wave: delete its old pods, gate it together with every node done before it. */
async function runWave(
  namespace: string,
  name: string,
  ctx: WaveContext,
  wave: string[],
  scope: string[],
  label: string,
  gate: GateOptions,
  deps: CanaryDeps
): Promise<GateRunResult> {
  const { client } = deps
  const waveSet = new Set(wave)
  const stale = (await ctx.listPods()).filter(
    (p) =>
      waveSet.has(podNodeName(p) ?? '') &&
      !podIsUpdated(p, ctx.ds, ctx.hash) &&
      p.metadata?.deletionTimestamp === undefined
  )
  for (const pod of stale)
    await client.delete('v1', 'Pod', pod.metadata?.name ?? '', namespace)
  deps.note(`${label}: replacing ${stale.length} pod(s) on ${wave.join(', ')}`)
  deps.log(
    `${label}: replacing ${stale.length} pod(s) on ${wave.length} node(s)`
  )
  const gateResult = await runGate(
    namespace,
    name,
    gate,
    {
      client,
      ...(deps.now === undefined ? {} : { now: deps.now }),
      watchNodes: deps.watchNodes,
      scopeNodes: [...scope],
      log: deps.log,
      ...(deps.listWatchOptions === undefined
        ? {}
        : { listWatchOptions: deps.listWatchOptions }),
      ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress })
    },
    deps.signal
  )
  for (const entry of gateResult.state.timeline)
    if (entry.kind !== 'started')
      deps.note(
        `${label}: ${entry.message}`,
        gateResult.state.startedAt + entry.at * 1000
      )
  return gateResult
}

/**
 * The canary waves, with the DaemonSet already on OnDelete and the new
 * template applied (R3.14: nothing is replaced until pods are deleted):
 * delete the old pods on the canary nodes, gate them (ready + soak, the
 * same pod signals), then the rest in waves no larger than maxUnavailable,
 * each gated together with every node done before it.
 */
export async function runCanaryWaves(
  namespace: string,
  name: string,
  canary: CanarySpec,
  maxUnavailable: number | string,
  waves: number | undefined,
  gate: GateOptions,
  deps: CanaryDeps
): Promise<CanaryResult> {
  const ctx = await waveContext(namespace, name, canary, deps)
  const planned = planWaves(
    ctx.nodeNames.map((n) => ({ name: n, labels: ctx.labels.get(n) ?? {} })),
    canary,
    maxUnavailable,
    waves
  )
  const result: CanaryResult = {
    verdict: {
      status: 'failed',
      reason: 'canary-plan',
      message: 'error' in planned ? planned.error : '',
      failing: []
    },
    gates: [],
    plan: [],
    wavesDone: 0
  }
  if (ctx.current !== undefined) result.currentRevision = ctx.current
  if ('error' in planned) return result
  result.plan = [planned.canary, ...planned.waves]
  deps.log(
    `canary on ${planned.canary.join(', ')}; then ${planned.waves.length} wave(s) of at most ${Math.max(0, ...planned.waves.map((w) => w.length))} node(s)`
  )
  deps.note(
    `plan: canary ${planned.canary.length} node(s), then ${planned.waves.length} wave(s)`
  )
  const scope: string[] = []
  for (const [index, wave] of result.plan.entries()) {
    if (deps.signal.aborted) {
      result.verdict = {
        status: 'cancelled',
        message: 'cancelled between canary waves'
      }
      return result
    }
    const label =
      index === 0 ? 'canary' : `wave ${index}/${result.plan.length - 1}`
    deps.onWave?.(label)
    scope.push(...wave)
    const gateResult = await runWave(
      namespace,
      name,
      ctx,
      wave,
      scope,
      label,
      gate,
      deps
    )
    result.gates.push(gateResult)
    result.verdict = gateResult.verdict
    if (gateResult.verdict.status !== 'succeeded') return result
    result.wavesDone = index + 1
  }
  return result
}
