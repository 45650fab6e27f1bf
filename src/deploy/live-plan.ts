import type { KubeClient } from '../adapters/kube/client.js'
import { KubeApiError } from '../adapters/kube/errors.js'
import { readLiveSnapshot } from '../adapters/kube/live-snapshot.js'
import {
  buildLivePlan,
  compareWithReviewed,
  livePlanReport,
  type LivePlanDaemonSet
} from '../core/deploy/live-plan.js'
import type { DaemonSet } from '../core/k8s/types.js'
import type { Plan } from '../core/plan/types.js'
import type { Target } from './preflight.js'

export interface LivePlanResult {
  plan: Plan
  /** One summary line per DaemonSet. */
  lines: string[]
  /** Findings of severity warning/error, and why the plan is partial. */
  warnings: string[]
  /** API requests the live plan cost (SSAR + list pages). */
  requests: number
  /** Nodes and pods read. */
  nodes: number
}

function apiMessage(err: unknown): string {
  if (err instanceof KubeApiError)
    return `${err.apiMessage} (${err.status} ${err.reason})`
  return err instanceof Error ? err.message : String(err)
}

/**
 * The plan against the live nodes (preflight item "a plan against the live
 * nodes is computed and logged"): the live DaemonSets as base, their dry-run
 * answers as head, simulated on a snapshot read from the cluster. Read-only;
 * never fails the run: when it cannot be computed it says why and returns
 * undefined plan lines only.
 *
 * Needs list nodes (cluster-wide). Without list pods cluster-wide it reads
 * only the pods of the DaemonSets' namespaces and says that the fit check
 * does not see other workloads.
 */
export async function computeLivePlan(
  client: KubeClient,
  targets: Target[],
  canListNodes: boolean,
  signal: AbortSignal,
  reviewedPlan?: unknown
): Promise<LivePlanResult | { skipped: string }> {
  const daemonSets = targets.filter((t) => t.item.object.kind === 'DaemonSet')
  if (daemonSets.length === 0) return { skipped: 'no DaemonSet in the bundle' }
  if (!canListNodes)
    return {
      skipped:
        'the token may not list nodes; grant list nodes (examples/rbac) or pass --no-live-plan'
    }
  const start = client.requests.total
  const warnings: string[] = []
  try {
    const cluster = await client.canI({
      verb: 'list',
      group: '',
      resource: 'pods'
    })
    let podNamespaces: string[] | undefined
    if (!cluster.allowed) {
      podNamespaces = daemonSets.map((t) => t.namespace ?? 'default')
      warnings.push(
        `live plan: the token may not list pods in all namespaces, so only pods in ${[...new Set(podNamespaces)].join(', ')} were read; whether the new pods fit next to other workloads was not checked`
      )
    }
    const snapshot = await readLiveSnapshot(client, {
      daemonSets: daemonSets.flatMap((t) =>
        t.live === null ? [] : [t.live as DaemonSet]
      ),
      ...(podNamespaces === undefined ? {} : { podNamespaces }),
      signal
    })
    const input: LivePlanDaemonSet[] = daemonSets.map((t) => ({
      live: t.live as DaemonSet | null,
      head: (t.dryRun ?? t.item.object) as DaemonSet,
      source: t.item.source
    }))
    const plan = buildLivePlan(input, snapshot)
    const report = livePlanReport(plan)
    const disagreements = compareWithReviewed(plan, reviewedPlan)
    return {
      plan,
      lines: report.lines,
      warnings: [...disagreements, ...warnings, ...report.warnings],
      requests: client.requests.total - start,
      nodes: snapshot.nodes.length
    }
  } catch (err) {
    return {
      skipped: `could not read the live nodes and pods: ${apiMessage(err)}`
    }
  }
}
