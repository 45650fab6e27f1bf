import { describe, expect, it } from 'vitest'
import {
  applyStrategicMergePatch,
  applyMergePatch,
  applyJsonPatch
} from '../../src/rehearsal/api/patch.js'
import {
  serverSideApply,
  ApplyConflictError
} from '../../src/rehearsal/api/managed-fields.js'
import { defaultDaemonSet } from '../../src/rehearsal/api/defaults.js'
import {
  validateDaemonSet,
  validateDaemonSetUpdate,
  formatFieldError
} from '../../src/rehearsal/api/validation.js'
import { computeTemplateHash } from '../../src/rehearsal/controllers/hash.js'
import {
  nodeShouldRunDaemonPod,
  withDaemonTolerations
} from '../../src/rehearsal/controllers/eligibility.js'
import { daemonSet } from './helpers.js'

type Obj = Record<string, unknown>
const clone = <T>(v: T): T => structuredClone(v)

describe('strategic merge patch', () => {
  const live = {
    spec: {
      template: {
        metadata: { labels: { app: 'a' }, annotations: { x: '1' } },
        spec: {
          containers: [
            {
              name: 'a',
              image: 'a:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' }
              ],
              ports: [{ containerPort: 80 }]
            },
            { name: 'b', image: 'b:1' }
          ],
          tolerations: [{ operator: 'Exists' }]
        }
      }
    }
  }

  it('merges containers and env by name, replaces lists without a merge key', () => {
    const out = applyStrategicMergePatch(live, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'a:2', env: [{ name: 'B', value: '3' }] }
            ],
            tolerations: [{ key: 'k', operator: 'Exists' }]
          }
        }
      }
    }) as Obj
    const spec = ((out['spec'] as Obj)['template'] as Obj)['spec'] as Obj
    expect(spec['containers']).toEqual([
      {
        name: 'a',
        image: 'a:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' }
        ],
        ports: [{ containerPort: 80 }]
      },
      { name: 'b', image: 'b:1' }
    ])
    expect(spec['tolerations']).toEqual([{ key: 'k', operator: 'Exists' }])
  })

  it('$patch: replace swaps the whole template (the body kubectl rollout undo sends, R6.7)', () => {
    const out = applyStrategicMergePatch(live, {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'a' } },
          spec: { containers: [{ name: 'a', image: 'a:0' }] }
        }
      }
    }) as Obj
    expect((out['spec'] as Obj)['template']).toEqual({
      metadata: { labels: { app: 'a' } },
      spec: { containers: [{ name: 'a', image: 'a:0' }] }
    })
  })

  it('$patch: delete on a list item, null deletes a key, $setElementOrder orders', () => {
    const out = applyStrategicMergePatch(live, {
      spec: {
        template: {
          metadata: { annotations: null },
          spec: {
            $setElementOrder: undefined,
            containers: [{ name: 'b', $patch: 'delete' }]
          }
        }
      }
    }) as Obj
    const tpl = (out['spec'] as Obj)['template'] as Obj
    expect((tpl['metadata'] as Obj)['annotations']).toBeUndefined()
    expect(
      ((tpl['spec'] as Obj)['containers'] as Obj[]).map((c) => c['name'])
    ).toEqual(['a'])
    const ordered = applyStrategicMergePatch(live, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
            containers: [{ name: 'b', image: 'b:2' }]
          }
        }
      }
    }) as Obj
    expect(
      (
        (((ordered['spec'] as Obj)['template'] as Obj)['spec'] as Obj)[
          'containers'
        ] as Obj[]
      ).map((c) => c['name'])
    ).toEqual(['b', 'a'])
  })

  it('JSON merge patch and JSON patch', () => {
    expect(
      applyMergePatch(
        { a: { b: 1, c: 2 }, l: [1, 2] },
        { a: { b: null }, l: [3] }
      )
    ).toEqual({ a: { c: 2 }, l: [3] })
    expect(
      applyJsonPatch({ a: [1, 2] }, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'replace', path: '/a/0', value: 0 }
      ])
    ).toEqual({ a: [0, 2, 3] })
    expect(() =>
      applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])
    ).toThrow('testing value /a failed')
  })
})

describe('server-side apply field ownership', () => {
  const t = '2026-01-01T00:00:00Z'
  const cm = (data: Obj) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c' },
    data
  })

  it('removes fields the manager stops applying unless another manager owns them', () => {
    const first = serverSideApply(
      undefined,
      cm({ a: '1', b: '2' }),
      'm1',
      'v1',
      false,
      t
    )
    const shared = serverSideApply(first, cm({ b: '2' }), 'm2', 'v1', false, t)
    const dropped = serverSideApply(
      shared,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      'm1',
      'v1',
      false,
      t
    )
    expect(dropped['data']).toEqual({ b: '2' })
    const managers = (
      (dropped['metadata'] as Obj)['managedFields'] as Obj[]
    ).map((m) => m['manager'])
    expect(managers).toEqual(['m2'])
  })

  it('conflicts name the manager and the field path, force takes ownership', () => {
    const first = serverSideApply(
      undefined,
      cm({ a: '1' }),
      'm1',
      'v1',
      false,
      t
    )
    expect(() =>
      serverSideApply(first, cm({ a: '2' }), 'm2', 'v1', false, t)
    ).toThrow(ApplyConflictError)
    expect(() =>
      serverSideApply(first, cm({ a: '2' }), 'm2', 'v1', false, t)
    ).toThrow(
      'Apply failed with 1 conflict: conflict with "m1" using v1: .data.a'
    )
    const forced = serverSideApply(first, cm({ a: '2' }), 'm2', 'v1', true, t)
    expect(forced['data']).toEqual({ a: '2' })
    // the same value applied by two managers is shared, not a conflict
    expect(() =>
      serverSideApply(first, cm({ a: '1' }), 'm3', 'v1', false, t)
    ).not.toThrow()
  })
})

describe('server-side apply after client-side apply', () => {
  it('manager kubectl may take over fields from kubectl-client-side-apply that the last-applied annotation lists', () => {
    const t = '2026-01-01T00:00:00Z'
    const applied = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1' }
    }
    const live = serverSideApply(
      undefined,
      applied,
      'kubectl-client-side-apply',
      'v1',
      false,
      t
    )
    ;(live['metadata'] as Obj)['annotations'] = {
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(applied)
    }
    const next = { ...applied, data: { a: '2' } }
    expect(
      serverSideApply(live, next, 'kubectl', 'v1', false, t)['data']
    ).toEqual({ a: '2' })
    expect(() =>
      serverSideApply(live, next, 'someone-else', 'v1', false, t)
    ).toThrow(ApplyConflictError)
  })
})

describe('DaemonSet defaulting and validation (R8.1, R8.5, R8.6, R3.6)', () => {
  const defaulted = (strategy: Obj, mutate?: (ds: Obj) => void) => {
    const ds = daemonSet('x', 'x:1', strategy)
    mutate?.(ds)
    defaultDaemonSet(ds)
    return ds
  }
  const messages = (ds: Obj) => validateDaemonSet(ds).map(formatFieldError)

  it('defaults the strategy, history limit and pod template (R8.1, R8.2)', () => {
    const ds = defaulted({})
    const spec = ds['spec'] as Obj
    expect(spec['updateStrategy']).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
    })
    expect(spec['revisionHistoryLimit']).toBe(10)
    const pod = (spec['template'] as Obj)['spec'] as Obj
    expect([
      pod['restartPolicy'],
      pod['dnsPolicy'],
      pod['schedulerName'],
      pod['terminationGracePeriodSeconds']
    ]).toEqual(['Always', 'ClusterFirst', 'default-scheduler', 30])
    expect((pod['containers'] as Obj[])[0]!['imagePullPolicy']).toBe(
      'IfNotPresent'
    )
    expect(defaulted({ type: 'OnDelete' })['spec']).toMatchObject({
      updateStrategy: { type: 'OnDelete' }
    })
  })

  it('example 4: maxSurge with the defaulted maxUnavailable is rejected', () => {
    expect(
      messages(
        defaulted({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } })
      )
    ).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'
    ])
    expect(
      messages(
        defaulted({
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' }
        })
      )
    ).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0 when maxSurge is 0'
    ])
    expect(
      messages(
        defaulted({
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '150%' }
        })
      )
    ).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'
    ])
  })

  it('R8.5: selector must match the template labels; restartPolicy Always; no activeDeadlineSeconds', () => {
    const ds = defaulted({}, (d) => {
      const tpl = (d['spec'] as Obj)['template'] as Obj
      ;(tpl['metadata'] as Obj)['labels'] = { app: 'other' }
      ;(tpl['spec'] as Obj)['restartPolicy'] = 'Never'
      ;(tpl['spec'] as Obj)['activeDeadlineSeconds'] = 5
    })
    expect(messages(ds)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'
    ])
  })

  it('R8.6/R4.8: the selector is immutable; toleration rules', () => {
    const old = defaulted({})
    const next = clone(old)
    ;((next['spec'] as Obj)['selector'] as Obj)['matchLabels'] = {
      app: 'x',
      tier: 'y'
    }
    ;(((next['spec'] as Obj)['template'] as Obj)['metadata'] as Obj)['labels'] =
      { app: 'x', tier: 'y' }
    expect(validateDaemonSetUpdate(next, old).map(formatFieldError)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "tier":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'
    ])
    const tol = defaulted({}, (d) => {
      ;(((d['spec'] as Obj)['template'] as Obj)['spec'] as Obj)['tolerations'] =
        [
          { key: 'k', operator: 'Exists', value: 'v' },
          {
            key: 'k',
            operator: 'Equal',
            value: 'v',
            effect: 'NoSchedule',
            tolerationSeconds: 5
          }
        ]
    })
    expect(messages(tol)).toEqual([
      'spec.template.spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
      'spec.template.spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'
    ])
  })
})

describe('eligibility and hash', () => {
  const node = (taints: Obj[], labels: Obj = {}) => ({
    metadata: { name: 'n', labels },
    spec: { taints }
  })
  const run = (n: Obj, spec: Obj) =>
    nodeShouldRunDaemonPod(
      n,
      spec,
      withDaemonTolerations(spec['tolerations'], spec['hostNetwork'] === true)
    )

  it('reference examples 5-10, 12 (R1.4, R1.5, R1.9, R1.12, R1.14)', () => {
    expect(
      run(node([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), {
        tolerations: [{ key: 'dedicated', operator: 'Exists' }]
      })
    ).toEqual({ shouldRun: true, shouldContinueRunning: true })
    expect(
      run(node([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }]
      })
    ).toEqual({ shouldRun: false, shouldContinueRunning: true })
    expect(
      run(
        node([{ key: 'maintenance', value: 'true', effect: 'NoExecute' }]),
        {}
      )
    ).toEqual({ shouldRun: false, shouldContinueRunning: false })
    expect(
      run(
        node([{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]),
        {}
      ).shouldRun
    ).toBe(true)
    expect(
      run(
        node([
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
        ]),
        {}
      ).shouldRun
    ).toBe(true)
    expect(
      run(
        node([
          {
            key: 'node.kubernetes.io/network-unavailable',
            effect: 'NoSchedule'
          }
        ]),
        {}
      ).shouldRun
    ).toBe(false)
    expect(
      run(
        node([
          {
            key: 'node.kubernetes.io/network-unavailable',
            effect: 'NoSchedule'
          }
        ]),
        { hostNetwork: true }
      ).shouldRun
    ).toBe(true)
    const gt = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'gpu-count', operator: 'Gt', values: ['2'] }
                ]
              }
            ]
          }
        }
      }
    }
    expect(run(node([], { 'gpu-count': '4' }), gt).shouldRun).toBe(true)
    expect(run(node([], { 'gpu-count': 'four' }), gt).shouldRun).toBe(false)
    const notIn = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'zone', operator: 'NotIn', values: ['a'] }
                ]
              }
            ]
          }
        }
      }
    }
    expect(run(node([]), notIn).shouldRun).toBe(true)
  })

  it('R1.15: a user toleration with the same key/effect is replaced by the forever one', () => {
    const tols = withDaemonTolerations(
      [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300
        }
      ],
      false
    )
    expect(tols[0]).toEqual({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute'
    })
    expect(tols).toHaveLength(6)
  })

  it('R4.4: the hash is stable, uses the safe alphabet and changes with the template and collisionCount', () => {
    const t = {
      metadata: { labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', image: 'i:1' }] }
    }
    const h = computeTemplateHash(t)
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(computeTemplateHash(clone(t))).toBe(h)
    expect(
      computeTemplateHash({
        ...t,
        spec: { containers: [{ name: 'c', image: 'i:2' }] }
      })
    ).not.toBe(h)
    expect(computeTemplateHash(t, 1)).not.toBe(h)
  })
})
