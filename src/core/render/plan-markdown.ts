// PLACEHOLDER (action branch): only the signature the Action codes against.
// The real renderer comes from the diff branch (issue 2); the lead takes that
// file when merging. Nothing else belongs in this file.
import type { Plan } from '../plan/types.js'

export function renderPlanMarkdown(_plan: Plan): string {
  return ''
}
