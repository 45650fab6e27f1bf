/**
 * The fail-on verdict of a pull request's plan: does the plan pass the
 * `fail-on` threshold (Action input, CLI `--fail-on`)? It accepts or
 * rejects the plan; it is not the rollout gate of the deploy path
 * (src/core/gate), which holds a live rollout on its pods' health.
 */
import type { Plan } from '../plan/types.js'

/** Which findings fail the step: none, errors, or errors and warnings. */
export type FailOn = 'never' | 'error' | 'warning'

export const FAIL_ON_VALUES: readonly FailOn[] = ['never', 'error', 'warning']

/** The verdict: an expected outcome, not an exception (`fail` rejects the plan). */
export type PlanVerdict =
  { outcome: 'pass'; reason: string } | { outcome: 'fail'; reason: string }

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/**
 * Decides whether the plan's findings fail the step. The Action publishes
 * the comment and summary first and applies this last, so the reason is
 * visible wherever the failure is seen.
 */
export function decideVerdict(plan: Plan, failOn: FailOn): PlanVerdict {
  const { errors, warnings } = plan.summary
  if (failOn === 'never') {
    return {
      outcome: 'pass',
      reason: `fail-on is never (${plural(errors, 'error')}, ${plural(warnings, 'warning')} ignored)`
    }
  }
  if (errors > 0) {
    return {
      outcome: 'fail',
      reason: `${plural(errors, 'error')} in the plan (fail-on: ${failOn})`
    }
  }
  if (failOn === 'warning' && warnings > 0) {
    return {
      outcome: 'fail',
      reason: `${plural(warnings, 'warning')} in the plan (fail-on: warning)`
    }
  }
  const below = failOn === 'warning' ? 'no errors or warnings' : 'no errors'
  return {
    outcome: 'pass',
    reason: `${below} in the plan (fail-on: ${failOn})`
  }
}
