import type { Finding, Plan, Severity } from '../plan/types.js'
import { allFindings } from './overview.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** One annotation to emit: plain text (annotations do not render Markdown). */
export interface Annotation {
  level: AnnotationLevel
  title: string
  message: string
  file?: string
  line?: number
}

export interface AnnotationSelection {
  annotations: Annotation[]
  /** Findings left out per level, because of the cap. */
  omitted: Record<AnnotationLevel, number>
  /** One notice counting what was left out; absent when nothing was. */
  overflow?: Annotation
}

const LEVEL: Record<Severity, AnnotationLevel> = {
  error: 'error',
  warning: 'warning',
  info: 'notice'
}

function toAnnotation(finding: Finding): Annotation {
  const subject =
    finding.name === undefined
      ? ''
      : ` ${finding.namespace ?? 'default'}/${finding.name}`
  const annotation: Annotation = {
    level: LEVEL[finding.severity],
    title: `ds-rollout ${finding.code}${subject}`,
    message: finding.message
  }
  if (finding.file !== undefined) annotation.file = finding.file
  if (finding.line !== undefined) annotation.line = finding.line
  return annotation
}

/**
 * Picks at most `perLevel` annotations of each level (GitHub shows only
 * about ten per step and kind, and a flood hides what matters), in plan
 * order, plus one notice with the count of the rest.
 */
export function selectAnnotations(
  plan: Plan,
  perLevel: number
): AnnotationSelection {
  const omitted: Record<AnnotationLevel, number> = {
    error: 0,
    warning: 0,
    notice: 0
  }
  const annotations: Annotation[] = []
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = allFindings(plan)
      .map(toAnnotation)
      .filter((a) => a.level === level)
    annotations.push(...ofLevel.slice(0, perLevel))
    omitted[level] = Math.max(0, ofLevel.length - perLevel)
  }
  const total = omitted.error + omitted.warning + omitted.notice
  if (total === 0) return { annotations, omitted }
  const parts = (['error', 'warning', 'notice'] as const)
    .filter((level) => omitted[level] > 0)
    .map(
      (level) => `${omitted[level]} ${level}${omitted[level] === 1 ? '' : 's'}`
    )
  return {
    annotations,
    omitted,
    overflow: {
      level: 'notice',
      title: 'ds-rollout: more findings',
      message: `${total} more finding${total === 1 ? '' : 's'} not annotated (${parts.join(', ')}); see the job summary for all of them.`
    }
  }
}
