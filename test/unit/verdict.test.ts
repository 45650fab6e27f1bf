import { describe, expect, it } from 'vitest'
import {
  decideVerdict,
  type FailOn
} from '../../src/core/verdict/decide-verdict.js'
import { daemonSetPlan, finding, planOf } from '../fixtures/plan.js'

const clean = planOf([daemonSetPlan()])
const warned = planOf([
  daemonSetPlan({ findings: [finding('warning', 'surge-doubles', 'w')] })
])
const broken = planOf(
  [
    daemonSetPlan({
      findings: [
        finding('error', 'selector-changed', 'e'),
        finding('warning', 'w', 'w')
      ]
    })
  ],
  [finding('error', 'duplicate', 'e')]
)
const noted = planOf([
  daemonSetPlan({ findings: [finding('info', 'ondelete', 'i')] })
])

describe('decideVerdict', () => {
  it.each<[string, ReturnType<typeof planOf>, FailOn, 'pass' | 'fail', string]>(
    [
      [
        'errors, fail-on error',
        broken,
        'error',
        'fail',
        '2 errors in the plan (fail-on: error)'
      ],
      [
        'errors, fail-on warning',
        broken,
        'warning',
        'fail',
        '2 errors in the plan (fail-on: warning)'
      ],
      [
        'errors, fail-on never',
        broken,
        'never',
        'pass',
        'fail-on is never (2 errors, 1 warning ignored)'
      ],
      [
        'warnings, fail-on error',
        warned,
        'error',
        'pass',
        'no errors in the plan (fail-on: error)'
      ],
      [
        'warnings, fail-on warning',
        warned,
        'warning',
        'fail',
        '1 warning in the plan (fail-on: warning)'
      ],
      [
        'notes only, fail-on warning',
        noted,
        'warning',
        'pass',
        'no errors or warnings in the plan (fail-on: warning)'
      ],
      [
        'clean, fail-on warning',
        clean,
        'warning',
        'pass',
        'no errors or warnings in the plan (fail-on: warning)'
      ]
    ]
  )('%s', (_name, plan, failOn, outcome, reason) => {
    expect(decideVerdict(plan, failOn)).toEqual({ outcome, reason })
  })
})
