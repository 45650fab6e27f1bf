import type { LabelSelector } from './types.js'

/**
 * Twin: src/rehearsal/selectors.ts (labelSelectorRequirements +
 * matchesLabelRequirements); test/rehearsal/twin-rules.test.ts holds both to one table.
 *
 * Whether a metav1.LabelSelector matches a label set
 * (k8s.io/apimachinery labels.Selector): every matchLabels pair and every
 * matchExpressions requirement must hold. An empty selector matches
 * everything; callers decide whether that is allowed.
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key)
    const value = labels[req.key]
    const values = req.values ?? []
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false
        break
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        return false
    }
  }
  return true
}

/** True when the selector selects nothing in particular (no labels, no expressions). */
export function labelSelectorIsEmpty(
  selector: LabelSelector | undefined
): boolean {
  return (
    selector === undefined ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  )
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
