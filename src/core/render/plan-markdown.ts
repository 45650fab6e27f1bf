import type { Plan } from '../plan/types.js'

/**
 * Renders a plan as Markdown. Placeholder (service branch) until the diff
 * branch's renderer lands; on merge take the diff branch's version.
 */
export function renderPlanMarkdown(plan: Plan): string {
  return `## ds-rollout plan\n\n${plan.summary.daemonSets} DaemonSet(s), ${plan.summary.rollouts} rollout(s)\n`
}
