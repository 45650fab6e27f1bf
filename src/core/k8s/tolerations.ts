/**
 * Twin: src/rehearsal/controllers/eligibility.ts (toleratesTaint,
 * withDaemonTolerations); test/rehearsal/twin-rules.test.ts holds both to one table.
 *
 * Taints versus tolerations (R1.12-R1.13; api/core/v1 `ToleratesTaint`,
 * component-helpers `FindMatchingUntoleratedTaint`) and the tolerations the
 * DaemonSet controller adds to every daemon pod (R1.14-R1.15;
 * `AddOrUpdateDaemonPodTolerations`).
 */
import { parseInt64 } from './node-affinity.js'
import type { Taint, Toleration } from './types.js'

export interface TolerationOptions {
  /**
   * The `TaintTolerationComparisonOperators` feature gate (v1.35+, KEP-5471):
   * when off (the default) `Lt`/`Gt` tolerations tolerate nothing (R1.12).
   */
  comparisonOperators?: boolean
}

/** Whether one toleration tolerates one taint (R1.12). */
export function toleratesTaint(
  toleration: Toleration,
  taint: Taint,
  options: TolerationOptions = {}
): boolean {
  const effect = toleration.effect ?? ''
  if (effect !== '' && effect !== taint.effect) return false
  const key = toleration.key ?? ''
  if (key !== '' && key !== taint.key) return false
  const taintValue = taint.value ?? ''
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === taintValue
    case 'Exists':
      return true
    case 'Lt':
    case 'Gt': {
      if (options.comparisonOperators !== true) return false
      const tv = parseInt64(taintValue)
      const lv = parseInt64(toleration.value ?? '')
      if (tv === undefined || lv === undefined) return false
      return toleration.operator === 'Lt' ? tv < lv : tv > lv
    }
    default:
      return false
  }
}

/** Whether any toleration tolerates the taint (R1.13). */
export function taintIsTolerated(
  tolerations: readonly Toleration[],
  taint: Taint,
  options: TolerationOptions = {}
): boolean {
  for (const t of tolerations)
    if (toleratesTaint(t, taint, options)) return true
  return false
}

/** The tolerations of R1.14, in the controller's order. */
export function defaultDaemonTolerations(hostNetwork: boolean): Toleration[] {
  const list: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
  ].map((t) => ({ ...t, operator: 'Exists' }))
  if (hostNetwork) {
    list.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule'
    })
  }
  return list
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '')
  )
}

/**
 * The tolerations a daemon pod actually gets (R1.2, R1.15): the template's,
 * with any toleration equal in (key, effect, operator, value) to a default
 * replaced by the controller's (no tolerationSeconds), and the missing
 * defaults appended in order.
 */
export function daemonPodTolerations(
  template: readonly Toleration[] | undefined,
  hostNetwork: boolean
): Toleration[] {
  let result: Toleration[] = [...(template ?? [])]
  for (const def of defaultDaemonTolerations(hostNetwork)) {
    if (result.some((t) => sameToleration(t, def))) {
      result = result.map((t) => (sameToleration(t, def) ? def : t))
    } else {
      result.push(def)
    }
  }
  return result
}
