import type { IntOrPercent } from '../k8s/types.js'
import { resolveBudget } from './evaluate.js'
import { labelSelectorMatches } from '../k8s/label-selector.js'
import type { LabelSelector } from '../k8s/types.js'

/** `canary`: a node count, a percentage of the nodes, or a node label selector. */
export type CanarySpec =
  | { kind: 'count'; count: number }
  | { kind: 'percent'; percent: number }
  | { kind: 'selector'; selector: LabelSelector; text: string }

/**
 * Parses the canary option: "3", "10%", or a label selector such as
 * "pool=canary" / "zone in (a,b)" / "canary" (exists) / "!spot". Returns
 * an error message for anything else.
 */
export function parseCanary(text: string): CanarySpec | { error: string } {
  const t = text.trim()
  if (/^\d+$/.test(t)) {
    const count = Number(t)
    return count > 0
      ? { kind: 'count', count }
      : { error: 'canary must be at least 1 node' }
  }
  if (/^\d+%$/.test(t)) {
    const percent = Number(t.slice(0, -1))
    return percent > 0 && percent <= 100
      ? { kind: 'percent', percent }
      : { error: 'canary percentage must be 1% to 100%' }
  }
  const selector: LabelSelector = { matchLabels: {}, matchExpressions: [] }
  const parts = t.match(/([^,(]+(\([^)]*\))?)/g) ?? []
  if (parts.length === 0)
    return {
      error: `canary must be a count, a percentage or a label selector, not ${JSON.stringify(text)}`
    }
  for (const raw of parts) {
    const part = raw.trim()
    let m: RegExpExecArray | null
    if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(part)) !== null) {
      selector.matchExpressions!.push({
        key: m[1]!,
        operator: 'NotIn',
        values: [m[2]!]
      })
    } else if ((m = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(part)) !== null) {
      selector.matchLabels![m[1]!] = m[2]!
    } else if (
      (m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part)) !== null
    ) {
      selector.matchExpressions!.push({
        key: m[1]!,
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values: m[3]!
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      })
    } else if ((m = /^!([\w./-]+)$/.exec(part)) !== null) {
      selector.matchExpressions!.push({ key: m[1]!, operator: 'DoesNotExist' })
    } else if ((m = /^([\w./-]+)$/.exec(part)) !== null) {
      selector.matchExpressions!.push({ key: m[1]!, operator: 'Exists' })
    } else {
      return {
        error: `canary must be a count, a percentage or a label selector, not ${JSON.stringify(text)}`
      }
    }
  }
  return { kind: 'selector', selector, text: t }
}

export interface WaveNode {
  name: string
  labels: Record<string, string>
}

/**
 * The canary wave followed by waves over the remaining nodes, each no larger
 * than the strategy's maxUnavailable resolved against the node count (R3.2,
 * rounded up, at least 1, R3.4), and split into at most `waves` waves when
 * given. Nodes are taken in name order so a re-run picks the same canary.
 */
export function planWaves(
  nodes: WaveNode[],
  canary: CanarySpec,
  maxUnavailable: IntOrPercent,
  waves?: number
): { canary: string[]; waves: string[][] } | { error: string } {
  const sorted = [...nodes].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  )
  let canaryNodes: WaveNode[]
  if (canary.kind === 'count') canaryNodes = sorted.slice(0, canary.count)
  else if (canary.kind === 'percent')
    canaryNodes = sorted.slice(
      0,
      Math.max(1, Math.ceil((canary.percent * sorted.length) / 100))
    )
  else
    canaryNodes = sorted.filter((n) =>
      labelSelectorMatches(canary.selector, n.labels)
    )
  if (canaryNodes.length === 0)
    return {
      error:
        canary.kind === 'selector'
          ? `no node running this DaemonSet matches the canary selector ${canary.text}`
          : 'the DaemonSet runs on no node'
    }
  const chosen = new Set(canaryNodes.map((n) => n.name))
  const rest = sorted.filter((n) => !chosen.has(n.name)).map((n) => n.name)
  let size = Math.max(1, resolveBudget(maxUnavailable, sorted.length))
  if (waves !== undefined && waves > 0)
    size = Math.min(size, Math.max(1, Math.ceil(rest.length / waves)))
  const out: string[][] = []
  for (let i = 0; i < rest.length; i += size) out.push(rest.slice(i, i + size))
  return { canary: canaryNodes.map((n) => n.name), waves: out }
}
