import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { diffDaemonSets } from '../../src/core/diff/diff-daemonsets.js'
import { normalizeDaemonSet } from '../../src/core/diff/normalize.js'
import { validateDaemonSet } from '../../src/core/diff/validate.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { makeDaemonSet } from '../fixtures/daemonset.js'

type Patch = (ds: Record<string, any>) => void
const pod = (ds: Record<string, any>) => ds.spec.template.spec
const strategy =
  (rollingUpdate: Record<string, unknown>): Patch =>
  (d) =>
    (d.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate })

function findingsFor(patch: Patch) {
  const ds = makeDaemonSet()
  patch(ds)
  return validateDaemonSet(
    {
      namespace: 'kube-system',
      name: 'agent',
      source: { file: 'ds.yaml', line: 7 }
    },
    ds,
    normalizeDaemonSet(ds)
  )
}

describe('validation of a head DaemonSet (R3.6, R8.5, R8.6)', () => {
  it('a valid DaemonSet has no findings', () => {
    expect(findingsFor(() => {})).toEqual([])
  })

  const cases: [string, Patch, string, RegExp][] = [
    [
      'extensions/v1beta1 is gone',
      (d) => (d.apiVersion = 'extensions/v1beta1'),
      'deprecated-api-version',
      /no longer served/
    ],
    [
      'apps/v1beta2 is gone',
      (d) => (d.apiVersion = 'apps/v1beta2'),
      'deprecated-api-version',
      /apps\/v1/
    ],
    [
      'unknown apiVersion',
      (d) => (d.apiVersion = 'apps/v2'),
      'unknown-api-version',
      /apps\/v2/
    ],
    [
      'missing selector',
      (d) => delete d.spec.selector,
      'missing-selector',
      /required/
    ],
    [
      'empty selector',
      (d) => (d.spec.selector = {}),
      'empty-selector',
      /empty selector is invalid for daemonset/
    ],
    [
      'selector not matching template labels',
      (d) => (d.spec.selector.matchLabels = { app: 'other' }),
      'selector-mismatch',
      /does not match/
    ],
    [
      'selector expression not matching',
      (d) =>
        (d.spec.selector = {
          matchExpressions: [{ key: 'tier', operator: 'Exists' }]
        }),
      'selector-mismatch',
      /does not match/
    ],
    [
      'selector In without values',
      (d) =>
        (d.spec.selector = {
          matchLabels: { app: 'agent' },
          matchExpressions: [{ key: 'x', operator: 'In', values: [] }]
        }),
      'invalid-selector',
      /at least one value/
    ],
    [
      'restartPolicy OnFailure',
      (d) => (pod(d).restartPolicy = 'OnFailure'),
      'invalid-restart-policy',
      /only supports Always/
    ],
    [
      'activeDeadlineSeconds',
      (d) => (pod(d).activeDeadlineSeconds = 60),
      'active-deadline-seconds',
      /forbidden/
    ],
    [
      'invalid name',
      (d) => (d.metadata.name = 'Agent_1'),
      'invalid-name',
      /DNS subdomain/
    ],
    [
      'no containers',
      (d) => (pod(d).containers = []),
      'invalid-pod-template',
      /at least one container/
    ],
    [
      'container without image',
      (d) => delete pod(d).containers[1].image,
      'invalid-pod-template',
      /no image/
    ],
    [
      ':latest image',
      (d) => (pod(d).containers[1].image = 'busybox:latest'),
      'mutable-image-tag',
      /Pin a version/
    ],
    [
      'strategy type',
      (d) => (d.spec.updateStrategy = { type: 'Recreate' }),
      'invalid-update-strategy',
      /RollingUpdate or OnDelete/
    ],
    [
      'maxUnavailable "1" (string without %)',
      strategy({ maxUnavailable: '1' }),
      'invalid-int-or-percent',
      /percent string/
    ],
    [
      'maxUnavailable 10.5%',
      strategy({ maxUnavailable: '10.5%' }),
      'invalid-int-or-percent',
      /percent string/
    ],
    [
      'maxUnavailable 150%',
      strategy({ maxUnavailable: '150%' }),
      'invalid-int-or-percent',
      /greater than 100%/
    ],
    [
      'maxUnavailable -1',
      strategy({ maxUnavailable: -1 }),
      'invalid-int-or-percent',
      /greater than or equal to 0/
    ],
    [
      'maxSurge 1 without maxUnavailable (defaulted to 1)',
      strategy({ maxSurge: 1 }),
      'max-surge-requires-max-unavailable-zero',
      /add maxUnavailable: 0/
    ],
    [
      'maxSurge and maxUnavailable both non-zero',
      strategy({ maxSurge: '10%', maxUnavailable: 2 }),
      'max-surge-and-max-unavailable-both-set',
      /exactly one/
    ],
    [
      'both zero',
      strategy({ maxSurge: 0, maxUnavailable: '0%' }),
      'max-surge-and-max-unavailable-both-zero',
      /cannot be 0 when maxSurge is 0/
    ],
    [
      'negative minReadySeconds',
      (d) => (d.spec.minReadySeconds = -5),
      'invalid-spec-value',
      /minReadySeconds/
    ],
    [
      'toleration: empty key needs Exists',
      (d) => (pod(d).tolerations = [{ value: 'x' }]),
      'invalid-toleration',
      /empty key requires operator Exists/
    ],
    [
      'toleration: Exists with a value',
      (d) =>
        (pod(d).tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]),
      'invalid-toleration',
      /Exists requires an empty value/
    ],
    [
      'toleration: tolerationSeconds without NoExecute',
      (d) =>
        (pod(d).tolerations = [
          {
            key: 'k',
            operator: 'Exists',
            effect: 'NoSchedule',
            tolerationSeconds: 30
          }
        ]),
      'invalid-toleration',
      /NoExecute/
    ],
    [
      'toleration: unknown effect',
      (d) =>
        (pod(d).tolerations = [
          { key: 'k', operator: 'Exists', effect: 'NoRun' }
        ]),
      'invalid-toleration',
      /NoRun/
    ],
    [
      'affinity: In without values',
      (d) =>
        (pod(d).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'zone', operator: 'In', values: [] }
                  ]
                }
              ]
            }
          }
        }),
      'invalid-node-affinity',
      /at least one value/
    ],
    [
      'affinity: Exists with values',
      (d) =>
        (pod(d).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'zone', operator: 'Exists', values: ['a'] }
                  ]
                }
              ]
            }
          }
        }),
      'invalid-node-affinity',
      /no values/
    ],
    [
      'affinity: Gt with two values',
      (d) =>
        (pod(d).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'cpu', operator: 'Gt', values: ['1', '2'] }
                  ]
                }
              ]
            }
          }
        }),
      'invalid-node-affinity',
      /exactly one integer/
    ],
    [
      'affinity: matchFields on a label',
      (d) =>
        (pod(d).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [{ key: 'zone', operator: 'In', values: ['a'] }]
                }
              ]
            }
          }
        }),
      'invalid-node-affinity',
      /metadata\.name/
    ],
    [
      'affinity: no terms',
      (d) =>
        (pod(d).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: []
            }
          }
        }),
      'invalid-node-affinity',
      /at least one nodeSelectorTerm/
    ],
    [
      'R3.15 hostPort with maxSurge',
      (d) => {
        d.spec.updateStrategy = {
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
        }
        pod(d).containers[0].ports[0].hostPort = 9100
      },
      'host-port-with-surge',
      /deadlocks/
    ],
    [
      'R3.15 hostNetwork ports with maxSurge',
      (d) => {
        d.spec.updateStrategy = {
          rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }
        }
        pod(d).hostNetwork = true
      },
      'host-port-with-surge',
      /hostNetwork/
    ]
  ]
  it.each(cases)('%s → %s', (_name, patch, code, message) => {
    const findings = findingsFor(patch)
    const finding = findings.find((f) => f.code === code)
    expect(finding, JSON.stringify(findings)).toBeDefined()
    expect(finding?.message).toMatch(message)
    expect(finding).toMatchObject({
      file: 'ds.yaml',
      line: 7,
      namespace: 'kube-system',
      name: 'agent'
    })
    expect(finding?.code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/)
  })

  it.each<[string, Record<string, unknown>]>([
    ['maxSurge with maxUnavailable: 0', { maxSurge: 1, maxUnavailable: 0 }],
    ['percent surge', { maxSurge: '20%', maxUnavailable: 0 }],
    ['100% unavailable', { maxUnavailable: '100%' }],
    ['0% surge with 1 unavailable', { maxSurge: '0%', maxUnavailable: 1 }]
  ])('R3.6 accepts %s', (_name, rollingUpdate) => {
    expect(findingsFor(strategy(rollingUpdate))).toEqual([])
  })

  it('an image pinned by digest is not mutable, even with :latest', () => {
    expect(
      findingsFor(
        (d) => (pod(d).containers[1].image = 'busybox:latest@sha256:0123abcd')
      )
    ).toEqual([])
  })

  it('an OnDelete strategy has no rollingUpdate checks', () => {
    expect(
      findingsFor(
        (d) =>
          (d.spec.updateStrategy = {
            type: 'OnDelete',
            rollingUpdate: { maxSurge: 5 }
          })
      )
    ).toEqual([])
  })
})

describe('findings point at the line of their field', () => {
  const text = [
    'apiVersion: apps/v1', // 1
    'kind: DaemonSet',
    'metadata:',
    '  name: agent',
    'spec:', // 5
    '  selector:',
    '    matchLabels: {app: agent}',
    '  updateStrategy:',
    '    rollingUpdate:',
    '      maxSurge: 1', // 10
    '  template:',
    '    metadata:',
    '      labels: {app: agent}',
    '    spec:',
    '      restartPolicy: Never', // 15
    '      tolerations:',
    '      - operator: Exists',
    '      - value: x', // 18
    '      containers:',
    '      - name: a', // 20
    '        image: a:1'
  ].join('\n')
  it.each([
    ['max-surge-requires-max-unavailable-zero', 10],
    ['invalid-restart-policy', 15],
    ['invalid-toleration', 18]
  ])('%s → line %i', (code, line) => {
    const objects = parseManifests(text, 'ds.yaml')
    const [ds] = diffDaemonSets([], objects).daemonSets
    expect(ds?.findings.find((f) => f.code === code)?.line).toBe(line)
  })
})

describe('the real-world manifests', () => {
  it.each([
    [
      'flannel-kube-flannel-v0.11.0.yaml',
      ['deprecated-api-version', 'missing-selector']
    ],
    ['kubernetes-npd.yaml', ['deprecated-api-version', 'missing-selector']],
    ['kube-router-kubeadm-kuberouter-all-features.yaml', ['mutable-image-tag']],
    ['kube-prometheus-nodeExporter-daemonset.yaml', []],
    ['flannel-kube-flannel-v0.27.4.yaml', []]
  ])('%s → %j', (file, codes) => {
    const objects = parseManifests(
      readFileSync(
        new URL(`../fixtures/realworld/${file}`, import.meta.url),
        'utf8'
      ),
      file
    )
    const result = diffDaemonSets([], objects)
    const found = new Set(
      result.daemonSets.flatMap((d) => d.findings.map((f) => f.code))
    )
    expect([...found].sort()).toEqual(codes)
  })
})
