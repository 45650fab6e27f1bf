import { describe, expect, it } from 'vitest'
import {
  compileDaemonPlacement,
  nodeShouldRunDaemonPod
} from '../../../src/core/k8s/daemon-placement.js'
import {
  daemonPodTolerations,
  defaultDaemonTolerations,
  toleratesTaint
} from '../../../src/core/k8s/tolerations.js'
import type { PodSpec, Taint, Toleration } from '../../../src/core/k8s/types.js'

const node = (
  taints: Taint[],
  labels: Record<string, string> = {},
  name = 'n1'
) => ({
  name,
  labels,
  taints
})

describe('R1.12 one toleration against one taint', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }
  const table: [string, Toleration, Taint, boolean][] = [
    [
      'empty effect matches every effect',
      { key: 'dedicated', operator: 'Equal', value: 'gpu' },
      taint,
      true
    ],
    [
      'effect must be equal when set',
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'gpu',
        effect: 'NoExecute'
      },
      taint,
      false
    ],
    [
      'empty key with Exists matches every key',
      { operator: 'Exists' },
      taint,
      true
    ],
    [
      'key must be equal when set',
      { key: 'other', operator: 'Exists' },
      taint,
      false
    ],
    [
      'empty operator means Equal',
      { key: 'dedicated', value: 'gpu' },
      taint,
      true
    ],
    [
      'Equal compares values',
      { key: 'dedicated', operator: 'Equal', value: 'cpu' },
      taint,
      false
    ],
    [
      'empty equals empty',
      { key: 'k', operator: 'Equal' },
      { key: 'k', effect: 'NoSchedule' },
      true
    ],
    [
      'Exists ignores the value',
      { key: 'dedicated', operator: 'Exists' },
      taint,
      true
    ],
    [
      'unknown operator never tolerates',
      { key: 'dedicated', operator: 'Matches', value: 'gpu' },
      taint,
      false
    ],
    [
      'Lt is off without the feature gate',
      { key: 'prio', operator: 'Lt', value: '5' },
      { key: 'prio', value: '3', effect: 'NoSchedule' },
      false
    ]
  ]
  it.each(table)('%s', (_name, toleration, t, expected) => {
    expect(toleratesTaint(toleration, t)).toBe(expected)
  })

  it('Lt/Gt with TaintTolerationComparisonOperators compare decimal int64, parse failures do not tolerate', () => {
    const on = { comparisonOperators: true }
    const t = (value: string): Taint => ({
      key: 'prio',
      value,
      effect: 'NoSchedule'
    })
    expect(
      toleratesTaint({ key: 'prio', operator: 'Lt', value: '5' }, t('3'), on)
    ).toBe(true)
    expect(
      toleratesTaint({ key: 'prio', operator: 'Lt', value: '5' }, t('5'), on)
    ).toBe(false)
    expect(
      toleratesTaint({ key: 'prio', operator: 'Gt', value: '5' }, t('7'), on)
    ).toBe(true)
    expect(
      toleratesTaint({ key: 'prio', operator: 'Gt', value: '5' }, t('x'), on)
    ).toBe(false)
    expect(
      toleratesTaint({ key: 'prio', operator: 'Gt', value: 'y' }, t('7'), on)
    ).toBe(false)
  })
})

describe('R1.14 / R1.15 default daemon tolerations', () => {
  it('adds six tolerations in order, network-unavailable only with hostNetwork, all Exists without tolerationSeconds', () => {
    const keys = defaultDaemonTolerations(false).map(
      (t) => `${t.key}:${t.effect}`
    )
    expect(keys).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule'
    ])
    const withNet = defaultDaemonTolerations(true)
    expect(withNet).toHaveLength(7)
    expect(withNet[6]).toEqual({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule'
    })
    for (const t of withNet) expect(t.tolerationSeconds).toBeUndefined()
  })

  it('R1.15 a user toleration equal in key/effect/operator/value is replaced (tolerationSeconds dropped); others kept, defaults appended', () => {
    const user: Toleration[] = [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300
      },
      { key: 'dedicated', operator: 'Exists' }
    ]
    const merged = daemonPodTolerations(user, false)
    expect(merged[0]).toEqual({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute'
    })
    expect(merged[1]).toEqual({ key: 'dedicated', operator: 'Exists' })
    expect(merged).toHaveLength(7)
    // An Equal toleration of the same key is a different toleration: kept, and the default is appended.
    const other = daemonPodTolerations(
      [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Equal',
          value: '',
          effect: 'NoExecute',
          tolerationSeconds: 60
        }
      ],
      false
    )
    expect(other[0]?.tolerationSeconds).toBe(60)
    expect(other).toHaveLength(7)
  })
})

describe('R1.2 / R1.13 the template tolerations together with the defaults', () => {
  it('each taint needs one tolerating toleration, from the template or the defaults', () => {
    const tainted = node([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
    ])
    const own: PodSpec = {
      tolerations: [{ key: 'dedicated', operator: 'Exists' }]
    }
    // The template's toleration covers `dedicated`, a default covers `unschedulable`.
    const p = nodeShouldRunDaemonPod(tainted, own)
    expect([p.shouldRun, p.shouldContinueRunning]).toEqual([true, true])
    // Without the template's toleration the defaults alone do not do it.
    const q = nodeShouldRunDaemonPod(tainted, {})
    expect([q.shouldRun, q.shouldContinueRunning]).toEqual([false, true])
    // The DaemonSet's own template is not changed (R1.2).
    expect(own.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }])
  })
})

describe('R1.1-R1.7 nodeShouldRunDaemonPod', () => {
  it('R1.1 template nodeName for another node → (false, false)', () => {
    const p = nodeShouldRunDaemonPod(node([], {}, 'a'), { nodeName: 'b' })
    expect([p.shouldRun, p.shouldContinueRunning]).toEqual([false, false])
    const same = nodeShouldRunDaemonPod(node([], {}, 'b'), { nodeName: 'b' })
    expect(same.shouldRun).toBe(true)
  })

  it('R1.3 selector mismatch → (false, false) with the reason', () => {
    const p = nodeShouldRunDaemonPod(node([], { pool: 'a' }), {
      nodeSelector: { pool: 'b' }
    })
    expect(p).toMatchObject({ shouldRun: false, shouldContinueRunning: false })
    expect(p.reasons[0]).toMatch(/nodeSelector/)
  })

  it('R1.4 PreferNoSchedule is ignored; R1.5 untolerated NoSchedule → (false, true), NoExecute → (false, false)', () => {
    const pref = nodeShouldRunDaemonPod(
      node([{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]),
      {}
    )
    expect([pref.shouldRun, pref.shouldContinueRunning]).toEqual([true, true])
    const ns = nodeShouldRunDaemonPod(
      node([{ key: 'x', effect: 'NoSchedule' }]),
      {}
    )
    expect([ns.shouldRun, ns.shouldContinueRunning]).toEqual([false, true])
    const both = nodeShouldRunDaemonPod(
      node([
        { key: 'x', effect: 'NoSchedule' },
        { key: 'y', effect: 'NoExecute' }
      ]),
      {}
    )
    expect([both.shouldRun, both.shouldContinueRunning]).toEqual([false, false])
    expect(both.reasons[0]).toBe('taint y:NoExecute is not tolerated')
  })

  it('R1.6 cordoned/NotReady nodes stay eligible: their taints are covered by the defaults', () => {
    const p = nodeShouldRunDaemonPod(
      node([
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }
      ]),
      {}
    )
    // unreachable:NoSchedule is not a default (only NoExecute is).
    expect([p.shouldRun, p.shouldContinueRunning]).toEqual([false, true])
    const q = nodeShouldRunDaemonPod(
      node([
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }
      ]),
      {}
    )
    expect([q.shouldRun, q.shouldContinueRunning]).toEqual([true, true])
  })

  it('R1.7 tolerationSeconds is not looked at: a NoExecute taint tolerated for 60 s → (true, true)', () => {
    const p = nodeShouldRunDaemonPod(
      node([{ key: 'maintenance', value: 'true', effect: 'NoExecute' }]),
      {
        tolerations: [
          {
            key: 'maintenance',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 60
          }
        ]
      }
    )
    expect([p.shouldRun, p.shouldContinueRunning]).toEqual([true, true])
  })

  it('compiled evaluators give the same verdicts across many nodes (memoised taints)', () => {
    const ev = compileDaemonPlacement({
      tolerations: [{ key: 'a', operator: 'Exists' }]
    })
    const t = { key: 'b', effect: 'NoSchedule' }
    expect(ev(node([t])).shouldRun).toBe(false)
    expect(ev(node([t])).shouldRun).toBe(false)
    expect(ev(node([{ key: 'a', effect: 'NoExecute' }])).shouldRun).toBe(true)
  })
})

describe('section 9 worked examples 5-11', () => {
  const run = (taints: Taint[], spec: PodSpec): [boolean, boolean] => {
    const p = nodeShouldRunDaemonPod(node(taints), spec)
    return [p.shouldRun, p.shouldContinueRunning]
  }
  const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }
  it('example 5: dedicated=gpu:NoSchedule, toleration {dedicated, Exists} without effect → (true, true) (R1.12)', () => {
    expect(
      run([gpu], { tolerations: [{ key: 'dedicated', operator: 'Exists' }] })
    ).toEqual([true, true])
  })
  it('example 6: toleration {dedicated, Equal, cpu} → (false, true) (R1.5)', () => {
    expect(
      run([gpu], {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }]
      })
    ).toEqual([false, true])
  })
  it('example 7: maintenance=true:NoExecute not tolerated → (false, false)', () => {
    expect(
      run([{ key: 'maintenance', value: 'true', effect: 'NoExecute' }], {})
    ).toEqual([false, false])
  })
  it('example 8: spot=true:PreferNoSchedule → eligible (R1.4)', () => {
    expect(
      run([{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }], {})
    ).toEqual([true, true])
  })
  it('example 9: cordoned node → eligible (R1.14, R1.16)', () => {
    expect(
      run(
        [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
        {}
      )
    ).toEqual([true, true])
  })
  it('example 10: network-unavailable:NoSchedule → (false, true) without hostNetwork, eligible with it', () => {
    const t: Taint = {
      key: 'node.kubernetes.io/network-unavailable',
      effect: 'NoSchedule'
    }
    expect(run([t], {})).toEqual([false, true])
    expect(run([t], { hostNetwork: true })).toEqual([true, true])
  })
  it('example 11: {operator: Exists} tolerates every taint, NoExecute included', () => {
    expect(
      run([gpu, { key: 'maintenance', value: 'true', effect: 'NoExecute' }], {
        tolerations: [{ operator: 'Exists' }]
      })
    ).toEqual([true, true])
  })
})
