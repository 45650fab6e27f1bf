import type {
  Container,
  DaemonSet,
  KubeObject,
  Node,
  NodeCondition,
  OwnerReference,
  Pod
} from '../../core/k8s/types.js'

/**
 * What the cluster view keeps of each object: only the fields the snapshot
 * conversion and the simulation read. A node's `status.images` alone can be
 * tens of kilobytes and a pod's full spec several; across 5,000 nodes and
 * 150,000 pods keeping whole objects would cost gigabytes. The slim objects
 * are still wire-shaped, so the same conversion that turns a recorded list
 * of objects into a snapshot can read them.
 */

const DAEMON_POD_LABELS = [
  'controller-revision-hash',
  'pod-template-generation'
]
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pick<T extends object>(
  source: T,
  keys: readonly (keyof T)[]
): Partial<T> {
  const out: Partial<T> = {}
  for (const key of keys) {
    if (source[key] !== undefined) out[key] = source[key]
  }
  return out
}

function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true)
}

export function slimNode(raw: unknown): Node | undefined {
  if (!isRecord(raw)) return undefined
  const node = raw as Node
  const meta = node.metadata ?? {}
  return {
    metadata: pick(meta, ['name', 'uid', 'labels', 'resourceVersion']),
    spec: pick(node.spec ?? {}, ['unschedulable', 'taints']),
    status: {
      ...pick(node.status ?? {}, ['allocatable']),
      conditions: (node.status?.conditions ?? []).map((c) =>
        pick(c, ['type', 'status', 'reason'])
      ) as NodeCondition[]
    }
  }
}

/** A container's requests, limits, host ports and restart policy. */
function slimContainer(c: Container, hostNetwork: boolean): Container {
  const out: Container = { name: c.name }
  const requests = c.resources?.requests
  const limits = c.resources?.limits
  if (requests !== undefined || limits !== undefined) {
    out.resources = {}
    if (requests !== undefined) out.resources.requests = requests
    // Requests default to limits; a server that skipped defaulting still
    // gets the right figure.
    if (limits !== undefined) out.resources.limits = limits
  }
  // With hostNetwork every container port is a host port.
  const ports = c.ports?.filter(
    (p) => hostNetwork || (p.hostPort !== undefined && p.hostPort !== 0)
  )
  if (ports !== undefined && ports.length > 0) out.ports = ports
  if (typeof c['restartPolicy'] === 'string')
    out['restartPolicy'] = c['restartPolicy']
  return out
}

/**
 * Keeps a pod's node, requests, host ports, owner, revision labels, phase
 * and readiness. Terminal pods (Succeeded/Failed) hold no resources on their
 * node (the scheduler ignores them), so they are dropped unless a DaemonSet
 * owns them (the controller counts those, R2.1).
 */
export function slimPod(raw: unknown): Pod | undefined {
  if (!isRecord(raw)) return undefined
  const pod = raw as Pod
  const meta = pod.metadata ?? {}
  const owner = controllerRef(pod)
  const daemon = owner?.kind === 'DaemonSet'
  const phase = pod.status?.phase
  if (!daemon && (phase === 'Succeeded' || phase === 'Failed')) return undefined
  const labels: Record<string, string> = {}
  if (daemon) Object.assign(labels, meta.labels ?? {})
  else {
    for (const key of DAEMON_POD_LABELS) {
      const v = meta.labels?.[key]
      if (v !== undefined) labels[key] = v
    }
  }
  const spec = pod.spec ?? {}
  const hostNetwork = spec.hostNetwork === true
  const slimSpec: Pod['spec'] = {
    containers: (spec.containers ?? []).map((c) =>
      slimContainer(c, hostNetwork)
    )
  }
  if (spec.nodeName !== undefined) slimSpec.nodeName = spec.nodeName
  if (spec.initContainers !== undefined) {
    slimSpec.initContainers = spec.initContainers.map((c) =>
      slimContainer(c, hostNetwork)
    )
  }
  if (spec.overhead !== undefined) slimSpec.overhead = spec.overhead
  if (spec.hostNetwork !== undefined) slimSpec.hostNetwork = spec.hostNetwork
  // A daemon pod not yet bound names its node in a matchFields term (R7.2).
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms
  if (daemon && spec.nodeName === undefined && terms !== undefined) {
    slimSpec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms.map((t) => ({
            ...(t.matchFields === undefined
              ? {}
              : { matchFields: t.matchFields })
          }))
        }
      }
    }
  }
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')
  // A daemon pod's creation, container starts and Ready time calibrate the
  // plan's estimate (core/snapshot/pod-timings.ts), as in a kubectl export.
  const starts = daemon
    ? (pod.status?.containerStatuses ?? []).map((raw) => {
        const c = (isRecord(raw) ? raw : {}) as {
          restartCount?: unknown
          state?: { running?: { startedAt?: unknown } }
        }
        const startedAt = c.state?.running?.startedAt
        return {
          restartCount: c.restartCount,
          ...(startedAt === undefined
            ? {}
            : { state: { running: { startedAt } } })
        }
      })
    : undefined
  return {
    metadata: {
      ...pick(meta, [
        'name',
        'namespace',
        'uid',
        'deletionTimestamp',
        ...(daemon ? (['creationTimestamp'] as const) : [])
      ]),
      labels,
      ...(owner === undefined ? {} : { ownerReferences: [owner] })
    },
    spec: slimSpec,
    status: {
      ...(phase === undefined ? {} : { phase }),
      conditions:
        ready === undefined
          ? []
          : [
              pick(
                ready,
                daemon
                  ? ['type', 'status', 'lastTransitionTime']
                  : ['type', 'status']
              )
            ],
      ...(starts === undefined ? {} : { containerStatuses: starts })
    } as Pod['status']
  }
}

/** A DaemonSet without managedFields and the last-applied annotation. */
export function slimDaemonSet(raw: unknown): DaemonSet | undefined {
  if (!isRecord(raw)) return undefined
  const ds = raw as DaemonSet
  const meta = { ...(ds.metadata ?? {}) }
  delete meta['managedFields']
  if (meta.annotations?.[LAST_APPLIED] !== undefined) {
    const annotations = { ...meta.annotations }
    delete annotations[LAST_APPLIED]
    meta.annotations = annotations
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta,
    spec: ds.spec,
    status: ds.status
  }
}
