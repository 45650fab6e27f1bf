import {
  asArray,
  asObj,
  asString,
  clone,
  isObj,
  labelsOf,
  nameOf,
  namespaceOf,
  type Obj
} from './json.js'
import {
  TEMPLATE_GENERATION_ANNOTATION,
  type Registry
} from './api/registry.js'
import { DaemonSetController } from './controllers/daemonset.js'
import { withDaemonTolerations } from './controllers/eligibility.js'
import type { Kubelet } from './controllers/kubelet.js'
import {
  HASH_LABEL,
  TEMPLATE_GENERATION_LABEL,
  controllerRefUid,
  isDeleting
} from './controllers/pod-util.js'
import type { Nodes } from './nodes.js'
import type { Seed } from './seed.js'

const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease'
]

/** What seeding writes through. */
interface SeedTarget {
  registry: Registry
  nodes: Nodes
  kubelet: Kubelet
}

/**
 * Loads a snapshot into an empty cluster so that it looks like the
 * recorded one an hour into its life: namespaces, nodes, each DaemonSet
 * with its current ControllerRevision and its pods, and every other
 * recorded pod, already running (the kubelet is told which were Ready).
 *
 * Order matters and is kept:
 * 1. namespaces first, so every later create finds its namespace;
 * 2. nodes before pods, so pods bound to them are kept by the kubelet;
 * 3. each DaemonSet before its pods, so listed pods can be re-pointed at
 *    the uid the DaemonSet gets here (the recorded uid is not kept);
 * 4. listed pods' owners are read last: a pod whose owning DaemonSet was
 *    not recorded marks that DaemonSet as recorded without a template.
 *
 * Mutates `seed`: listed pods' ownerReferences (step 3), and
 * `withoutTemplate` / `recordedOwners` (step 4, `withoutTemplate` sorted).
 */
export function seedCluster(target: SeedTarget, seed: Seed): void {
  const { registry } = target
  const nsType = registry.resource('', 'namespaces')
  for (const ns of SYSTEM_NAMESPACES)
    registry.create(nsType, '', { metadata: { name: ns } })
  // Every namespace the recorded cluster has workloads in exists here too
  // (with or without a recorded template), so manifests apply as they
  // would there.
  for (const ns of seed.namespaces) ensureNamespace(registry, ns)
  for (const n of seed.nodes) target.nodes.add(n)
  const listedPods = seed.pods.filter((p) => isObj(p['spec']))
  for (const recorded of seed.daemonSets)
    seedDaemonSet(target, seed, listedPods, recorded)
  seedRecordedPods(target, seed)
  seedListedPods(target, listedPods)
  recordTemplatelessOwners(registry, seed, listedPods)
}

/** Creates a namespace unless it exists. */
export function ensureNamespace(registry: Registry, ns: string): void {
  if (registry.store.peek('/namespaces', '', ns) === undefined)
    registry.create(registry.resource('', 'namespaces'), '', {
      metadata: { name: ns }
    })
}

/**
 * One recorded DaemonSet: created anew (new uid, status dropped), with its
 * current revision and, for a compact snapshot, its pods built from the
 * template. Listed pods it owned are re-pointed at the new uid; they are
 * created later with the other listed pods.
 */
function seedDaemonSet(
  target: SeedTarget,
  seed: Seed,
  listedPods: Obj[],
  { ds: raw, revisionHash }: Seed['daemonSets'][number]
): void {
  const { registry } = target
  const ns = namespaceOf(raw) || 'default'
  ensureNamespace(registry, ns)
  const oldUid = asString(asObj(raw['metadata'])['uid'])
  const input = clone(raw)
  delete input['status']
  const created = registry.create(
    registry.resource('apps', 'daemonsets'),
    ns,
    input
  )
  const owned = listedPods.filter(
    (p) =>
      namespaceOf(p) === ns &&
      (oldUid !== undefined ? controllerRefUid(p) === oldUid : false)
  )
  const hash = revisionHash ?? hashAtCurrentGeneration(raw, owned)
  if (hash !== undefined) createCurrentRevision(registry, ns, created, hash)
  const compactPods = seed.pods.filter(
    (x) =>
      !isObj(x['spec']) && x['ds'] === nameOf(created) && namespaceOf(x) === ns
  )
  for (const p of compactPods)
    createCompactDaemonPod(target, ns, created, hash, p)
  const newUid = asString(asObj(created['metadata'])['uid'])
  for (const p of owned) {
    const refs = asArray(asObj(p['metadata'])['ownerReferences']).map((r) =>
      isObj(r) && r['uid'] === oldUid ? { ...r, uid: newUid } : r
    )
    asObj(p['metadata'])['ownerReferences'] = refs
  }
}

/**
 * The current revision's hash when the snapshot does not record it: the
 * hash label of an owned pod at the DaemonSet's recorded templateGeneration.
 */
function hashAtCurrentGeneration(raw: Obj, owned: Obj[]): string | undefined {
  const gen = asString(
    asObj(asObj(raw['metadata'])['annotations'])[TEMPLATE_GENERATION_ANNOTATION]
  )
  return owned
    .map((p) => labelsOf(p))
    .find((l) => gen !== undefined && l[TEMPLATE_GENERATION_LABEL] === gen)?.[
    HASH_LABEL
  ]
}

/** The controller-owned reference to `ds`, as on its pods and revisions. */
function ownerReferenceTo(ds: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: nameOf(ds),
    uid: asString(asObj(ds['metadata'])['uid']),
    controller: true,
    blockOwnerDeletion: true
  }
}

/** Revision 1 of `ds` under `hash`: the controller then finds, not creates, it (R4.5). */
function createCurrentRevision(
  registry: Registry,
  ns: string,
  ds: Obj,
  hash: string
): void {
  const template = asObj(asObj(ds['spec'])['template'])
  registry.create(registry.resource('apps', 'controllerrevisions'), ns, {
    metadata: {
      name: `${nameOf(ds)}-${hash}`,
      labels: { ...labelsOf(template), [HASH_LABEL]: hash },
      annotations: clone(asObj(asObj(ds['metadata'])['annotations'])),
      ownerReferences: [ownerReferenceTo(ds)]
    },
    data: DaemonSetController.revisionData(ds),
    revision: 1
  })
}

/**
 * A compact snapshot's daemon pod (`{ name, ds, node, ready }`): the
 * DaemonSet's template as its controller would create it on that node
 * (daemon tolerations, node affinity to the node, hash and generation
 * labels), bound and Running.
 */
function createCompactDaemonPod(
  { registry, kubelet }: SeedTarget,
  ns: string,
  ds: Obj,
  hash: string | undefined,
  p: Obj
): void {
  const tg = asString(
    asObj(asObj(ds['metadata'])['annotations'])[TEMPLATE_GENERATION_ANNOTATION]
  )
  const template = clone(asObj(asObj(ds['spec'])['template']))
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
  const pod = registry.create(registry.resource('', 'pods'), ns, {
    metadata: {
      name: nameOf(p),
      labels: {
        ...labelsOf(template),
        ...(hash ? { [HASH_LABEL]: hash } : {}),
        ...(tg ? { [TEMPLATE_GENERATION_LABEL]: tg } : {})
      },
      ownerReferences: [ownerReferenceTo(ds)]
    },
    spec,
    status: { phase: 'Running' }
  })
  kubelet.markSeeded(uidOf(pod), p['ready'] === true)
}

/**
 * A compact snapshot's usage as Pod objects: other workloads and the
 * daemon pods of DaemonSets recorded without a template.
 */
function seedRecordedPods({ registry, kubelet }: SeedTarget, seed: Seed): void {
  for (const { pod: p, ready } of seed.recordedPods) {
    const ns = namespaceOf(p)
    ensureNamespace(registry, ns)
    const pod = registry.create(registry.resource('', 'pods'), ns, p)
    kubelet.markSeeded(uidOf(pod), ready)
  }
}

/**
 * Listed pods as recorded, except those being deleted. A Running pod
 * counts as running for an hour, Ready as its Ready condition says;
 * others start their life here.
 */
function seedListedPods(
  { registry, kubelet }: SeedTarget,
  listedPods: Obj[]
): void {
  for (const p of listedPods) {
    const ns = namespaceOf(p) || 'default'
    ensureNamespace(registry, ns)
    if (isDeleting(p)) continue
    const pod = registry.create(registry.resource('', 'pods'), ns, p)
    if (asObj(pod['status'])['phase'] === 'Running') {
      const conds = asArray(asObj(pod['status'])['conditions']).filter(isObj)
      const ready = conds.some(
        (c) => c['type'] === 'Ready' && c['status'] === 'True'
      )
      kubelet.markSeeded(uidOf(pod), ready)
    }
  }
}

/**
 * Listed pods of DaemonSets the list does not hold (`kubectl get
 * nodes,pods -A -o json`): kept, as pods of a DaemonSet recorded without
 * its template, until a DaemonSet of that name is created.
 */
function recordTemplatelessOwners(
  registry: Registry,
  seed: Seed,
  listedPods: Obj[]
): void {
  const seededDsUids = new Set(
    registry.store
      .peekAll('apps/daemonsets')
      .map((d) => asString(asObj(d['metadata'])['uid']))
  )
  for (const p of listedPods) {
    const ref = asArray(asObj(p['metadata'])['ownerReferences'])
      .filter(isObj)
      .find((r) => r['controller'] === true && r['kind'] === 'DaemonSet')
    const uid = asString(ref?.['uid'])
    if (ref === undefined || uid === undefined || seededDsUids.has(uid))
      continue
    const key = `${namespaceOf(p) || 'default'}/${String(ref['name'])}`
    if (!seed.recordedOwners.has(key)) seed.withoutTemplate.push(key)
    seed.recordedOwners.set(key, uid)
  }
  seed.withoutTemplate.sort()
}

function uidOf(obj: Obj): string {
  return asString(asObj(obj['metadata'])['uid']) ?? ''
}
