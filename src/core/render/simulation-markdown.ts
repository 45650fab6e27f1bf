import type { DaemonSetPlan } from '../plan/types.js'

/** The per-node simulation of one DaemonSet as Markdown. Placeholder until the simulation lands. */
export function renderSimulationMarkdown(_ds: DaemonSetPlan): string {
  return ''
}
