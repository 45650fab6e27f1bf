import type { LabelSelector } from '../k8s/types.js'

/**
 * Whether labels match a metav1.LabelSelector (matchLabels AND every
 * matchExpression). An empty selector matches everything, as in
 * metav1.LabelSelectorAsSelector; a nil selector is treated the same here
 * because apps/v1 DaemonSets always have one.
 */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined
): boolean {
  const have = labels ?? {}
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (have[key] !== value) return false
  }
  for (const req of selector?.matchExpressions ?? []) {
    const present = Object.hasOwn(have, req.key)
    const value = have[req.key]
    const values = req.values ?? []
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(value ?? '')) return false
        break
      case 'NotIn':
        if (present && values.includes(value ?? '')) return false
        break
      case 'Exists':
        if (!present) return false
        break
      case 'DoesNotExist':
        if (present) return false
        break
      default:
        return false
    }
  }
  return true
}

/**
 * The selector in the string form the API's `labelSelector` query takes
 * (what kubectl sends when it lists ControllerRevisions, R6.2).
 */
export function selectorToString(selector: LabelSelector | undefined): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}).sort(
    ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)
  )) {
    parts.push(`${key}=${value}`)
  }
  for (const req of selector?.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort().join(',')
    switch (req.operator) {
      case 'In':
        parts.push(`${req.key} in (${values})`)
        break
      case 'NotIn':
        parts.push(`${req.key} notin (${values})`)
        break
      case 'Exists':
        parts.push(req.key)
        break
      case 'DoesNotExist':
        parts.push(`!${req.key}`)
        break
    }
  }
  return parts.join(',')
}
