import { describe, expect, it } from 'vitest'
import { selectAnnotations } from '../../src/core/render/annotations.js'
import { daemonSetPlan, finding, planOf } from '../fixtures/plan.js'

describe('selectAnnotations', () => {
  it('maps severities to levels with file, line and a title naming the DaemonSet', () => {
    const plan = planOf(
      [
        daemonSetPlan({
          findings: [
            finding(
              'error',
              'selector-changed',
              'selector is immutable (R2.1)',
              {
                file: 'k8s/agent.yaml',
                line: 12,
                namespace: 'kube-system',
                name: 'agent'
              }
            ),
            finding('info', 'on-delete', 'pods change only when deleted')
          ]
        })
      ],
      [finding('warning', 'no-snapshot', 'no snapshot given')]
    )
    const { annotations, overflow } = selectAnnotations(plan, 10)
    expect(overflow).toBeUndefined()
    expect(annotations).toEqual([
      {
        level: 'error',
        title: 'ds-rollout selector-changed kube-system/agent',
        message: 'selector is immutable (R2.1)',
        file: 'k8s/agent.yaml',
        line: 12
      },
      {
        level: 'warning',
        title: 'ds-rollout no-snapshot',
        message: 'no snapshot given'
      },
      {
        level: 'notice',
        title: 'ds-rollout on-delete',
        message: 'pods change only when deleted'
      }
    ])
  })

  it('caps each level and counts the rest in one notice', () => {
    const findings = [
      ...Array.from({ length: 13 }, (_, i) =>
        finding('error', `e${i}`, `error ${i}`)
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        finding('warning', `w${i}`, `warning ${i}`)
      ),
      ...Array.from({ length: 11 }, (_, i) =>
        finding('info', `i${i}`, `info ${i}`)
      )
    ]
    const { annotations, omitted, overflow } = selectAnnotations(
      planOf([], findings),
      10
    )
    expect(
      annotations.filter((a) => a.level === 'error').map((a) => a.message)
    ).toEqual(Array.from({ length: 10 }, (_, i) => `error ${i}`))
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(4)
    expect(annotations.filter((a) => a.level === 'notice')).toHaveLength(10)
    expect(omitted).toEqual({ error: 3, warning: 0, notice: 1 })
    expect(overflow).toEqual({
      level: 'notice',
      title: 'ds-rollout: more findings',
      message:
        '4 more findings not annotated (3 errors, 1 notice); see the job summary for all of them.'
    })
  })
})
