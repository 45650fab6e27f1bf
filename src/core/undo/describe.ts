import type { JsonValue } from '../k8s/types.js'
import { diffValues } from '../diff/field-diff.js'
import { normaliseTemplate } from './compare.js'

const MAX_LINES = 20
const MAX_VALUE = 120

function containersOf(template: unknown): { name?: string; image?: string }[] {
  const spec = (template as { spec?: Record<string, unknown> } | undefined)
    ?.spec
  const list = (key: string) =>
    Array.isArray(spec?.[key])
      ? (spec[key] as { name?: string; image?: string }[])
      : []
  return [...list('initContainers'), ...list('containers')]
}

/** "name=image" for every container (init containers first). */
export function templateImages(template: unknown): string[] {
  return containersOf(template).map((c) => `${c.name ?? '?'}=${c.image ?? '?'}`)
}

function show(value: unknown): string {
  if (value === undefined) return '(none)'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text
}

/**
 * The pod-template difference between the live DaemonSet and a revision,
 * one line per changed field ("spec.containers[name=agent].image:
 * "agent:2" -> "agent:1""), at most 20, compared semantically (R6.9).
 */
export function templateDiff(
  live: JsonValue | undefined,
  target: JsonValue | undefined
): string[] {
  const changes = diffValues(normaliseTemplate(live), normaliseTemplate(target))
  const lines = changes
    .slice(0, MAX_LINES)
    .map((c) => `${c.path}: ${show(c.before)} -> ${show(c.after)}`)
  if (changes.length > MAX_LINES)
    lines.push(`... ${changes.length - MAX_LINES} more change(s)`)
  return lines
}
