/**
 * Twin: src/rehearsal/controllers/eligibility.ts (nodeShouldRunDaemonPod);
 * test/rehearsal/twin-rules.test.ts holds both to one table.
 *
 * `NodeShouldRunDaemonPod` (R1.1-R1.7): whether the DaemonSet controller
 * wants a daemon pod on a node (shouldRun) and whether it leaves an
 * existing one alone (shouldContinueRunning). Nothing else counts: not
 * cordoning, not readiness, not resources (R1.6), not tolerationSeconds
 * (R1.7).
 */
import { compileNodeAffinity, compileNodeSelector } from './node-affinity.js'
import type { NodeMatcher } from './node-affinity.js'
import {
  daemonPodTolerations,
  taintIsTolerated,
  type TolerationOptions
} from './tolerations.js'
import type { PodSpec, Taint, Toleration } from './types.js'

/** What placement reads from a node. */
export interface PlacementNode {
  name: string
  labels: Record<string, string>
  taints: readonly Taint[]
}

export interface Placement {
  shouldRun: boolean
  shouldContinueRunning: boolean
  /** Why not (empty when both are true). */
  reasons: readonly string[]
}

export type PlacementEvaluator = (node: PlacementNode) => Placement

const ELIGIBLE: Placement = Object.freeze({
  shouldRun: true,
  shouldContinueRunning: true,
  reasons: Object.freeze([]) as readonly string[]
})

/** `key=value:Effect`, as kubectl prints a taint. */
export function formatTaint(taint: Taint): string {
  const value = taint.value ?? ''
  return `${taint.key}${value === '' ? '' : `=${value}`}:${taint.effect}`
}

/**
 * The two halves of a template's placement: `match` reads the node's name
 * and labels (nodeName, nodeSelector, required node affinity; undefined when
 * all match, else why not), `taints` the node's taints against the pod's
 * tolerations. A node's placement is `match(node) ?? taints(node.taints)`;
 * templates with the same name and label rules share `match` answers
 * (simulate/prepared.ts).
 */
export interface PlacementParts {
  match: (node: PlacementNode) => Placement | undefined
  taints: (taints: readonly Taint[]) => Placement
}

export function compilePlacementParts(
  spec: PodSpec | undefined,
  options: TolerationOptions = {}
): PlacementParts {
  const nodeName = spec?.nodeName ?? ''
  const bySelector: NodeMatcher | undefined = compileNodeSelector(
    spec?.nodeSelector
  )
  const byAffinity = compileNodeAffinity({ affinity: spec?.affinity })
  const tolerations: Toleration[] = daemonPodTolerations(
    spec?.tolerations,
    spec?.hostNetwork === true
  )
  const verdicts = new Map<string, boolean>()
  // Snapshots share taint objects between nodes: a verdict per object
  // first, without building the key string.
  const byObject = new WeakMap<Taint, boolean>()
  const tolerated = (taint: Taint): boolean => {
    let v = byObject.get(taint)
    if (v !== undefined) return v
    const id = `${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`
    v = verdicts.get(id)
    if (v === undefined) {
      v = taintIsTolerated(tolerations, taint, options)
      verdicts.set(id, v)
    }
    byObject.set(taint, v)
    return v
  }
  const verdict = (shouldContinueRunning: boolean, reason: string): Placement =>
    Object.freeze({
      shouldRun: false,
      shouldContinueRunning,
      reasons: Object.freeze([reason]) as readonly string[]
    })
  // Results are shared between nodes (frozen): one per kind of mismatch,
  // one per distinct untolerated taint.
  const wrongNode = verdict(false, `the template's nodeName is ${nodeName}`)
  const wrongSelector = verdict(
    false,
    "nodeSelector does not match the node's labels"
  )
  const wrongAffinity = verdict(
    false,
    "required node affinity does not match the node's labels"
  )
  const byTaint = new Map<string, Placement>()
  const placementOf = new WeakMap<Taint, Placement>()
  const untolerated = (taint: Taint, execute: boolean): Placement => {
    const hit = placementOf.get(taint)
    if (hit !== undefined) return hit
    const p = untoleratedById(taint, execute)
    placementOf.set(taint, p)
    return p
  }
  const untoleratedById = (taint: Taint, execute: boolean): Placement => {
    const id = `${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`
    let p = byTaint.get(id)
    if (p === undefined) {
      p = verdict(!execute, `taint ${formatTaint(taint)} is not tolerated`)
      byTaint.set(id, p)
    }
    return p
  }

  const match = (node: PlacementNode): Placement | undefined => {
    // R1.1
    if (nodeName !== '' && nodeName !== node.name) {
      return wrongNode
    }
    // R1.3, R1.8
    if (bySelector !== undefined && !bySelector(node)) {
      return wrongSelector
    }
    if (!byAffinity(node)) {
      return wrongAffinity
    }
    return undefined
  }
  const taintVerdict = (taints: readonly Taint[]): Placement => {
    // R1.4, R1.5
    let untoleratedNoSchedule: Taint | undefined
    let untoleratedNoExecute: Taint | undefined
    for (const taint of taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute')
        continue
      if (tolerated(taint)) continue
      if (taint.effect === 'NoExecute') {
        untoleratedNoExecute ??= taint
      } else {
        untoleratedNoSchedule ??= taint
      }
    }
    if (untoleratedNoExecute !== undefined) {
      return untolerated(untoleratedNoExecute, true)
    }
    if (untoleratedNoSchedule !== undefined) {
      return untolerated(untoleratedNoSchedule, false)
    }
    return ELIGIBLE
  }
  return { match, taints: taintVerdict }
}

/**
 * Compiles the placement rules of one pod template once, for evaluation on
 * many nodes. Results for nodes without an untolerated taint share one
 * frozen object; taint verdicts are memoised per distinct taint.
 */
export function compileDaemonPlacement(
  spec: PodSpec | undefined,
  options: TolerationOptions = {}
): PlacementEvaluator {
  const { match, taints } = compilePlacementParts(spec, options)
  return (node) => match(node) ?? taints(node.taints)
}

/** One-off form of {@link compileDaemonPlacement} (R1.1-R1.7). */
export function nodeShouldRunDaemonPod(
  node: PlacementNode,
  spec: PodSpec | undefined,
  options: TolerationOptions = {}
): Placement {
  return compileDaemonPlacement(spec, options)(node)
}
