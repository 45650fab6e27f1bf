/**
 * Issue 16 item 3: rules implemented twice on purpose, once in the
 * planning engine (src/core/k8s) and once in the rehearsal cluster
 * (src/rehearsal, which imports nothing from the product so that each can
 * check the other). One table of cases runs through both; they must agree.
 *
 * Twins held here:
 * - quantities: core/k8s/quantity.ts ↔ rehearsal/quantity.ts, and the
 *   rehearsal API's rejection of what is not a quantity
 * - pod requests: core/k8s/pod-resources.ts ↔ rehearsal/controllers/scheduler.ts
 * - label selectors: core/k8s/label-selector.ts ↔ rehearsal/selectors.ts
 * - default tolerations and NodeShouldRunDaemonPod:
 *   core/k8s/tolerations.ts + daemon-placement.ts ↔
 *   rehearsal/controllers/eligibility.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseQuantity as coreQuantity } from '../../src/core/k8s/quantity.js'
import { effectiveRequests } from '../../src/core/k8s/pod-resources.js'
import { labelSelectorMatches } from '../../src/core/k8s/label-selector.js'
import { daemonPodTolerations } from '../../src/core/k8s/tolerations.js'
import { nodeShouldRunDaemonPod as corePlacement } from '../../src/core/k8s/daemon-placement.js'
import type {
  LabelSelector,
  PodSpec,
  Taint,
  Toleration
} from '../../src/core/k8s/types.js'
import { parseQuantity as rehearsalQuantity } from '../../src/rehearsal/quantity.js'
import { podRequests } from '../../src/rehearsal/controllers/scheduler.js'
import {
  labelSelectorRequirements,
  matchesLabelRequirements
} from '../../src/rehearsal/selectors.js'
import {
  nodeShouldRunDaemonPod as rehearsalPlacement,
  withDaemonTolerations
} from '../../src/rehearsal/controllers/eligibility.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { daemonSet, makeNodes, manualCluster } from './helpers.js'

type Obj = Record<string, unknown>

/** Quantities: valid ones (milli-units after rounding up) and what the API rejects. */
const QUANTITIES: { text: unknown; milli?: bigint; rejected?: RegExp }[] = [
  { text: '100m', milli: 100n },
  { text: '0.5', milli: 500n },
  { text: '.5', milli: 500n },
  { text: '5.', milli: 5000n },
  { text: '2', milli: 2000n },
  { text: 2, milli: 2000n },
  { text: 0.25, milli: 250n },
  { text: '0.0001', milli: 1n },
  { text: '0.1m', milli: 1n },
  { text: '1n', milli: 1n },
  { text: '1u', milli: 1n },
  { text: '1Ki', milli: 1024_000n },
  { text: '1.5Mi', milli: 1_572_864_000n },
  { text: '1Gi', milli: 1_073_741_824_000n },
  { text: '1k', milli: 1_000_000n },
  { text: '1e3', milli: 1_000_000n },
  { text: '1E-2', milli: 10n },
  { text: '+2k', milli: 2_000_000n },
  { text: '18000Mi', milli: 18_874_368_000_000n },
  { text: '76224326324', milli: 76_224_326_324_000n },
  { text: ' 1 ', milli: 1000n },
  { text: 'abc', rejected: /quantities must match the regular expression/ },
  { text: '1e3Mi', rejected: /quantities must match the regular expression/ },
  { text: '1K', rejected: /unable to parse quantity's suffix/ },
  { text: '5i', rejected: /unable to parse quantity's suffix/ },
  { text: '1ee3', rejected: /unable to parse quantity's suffix/ },
  { text: '1..2', rejected: /quantities must match the regular expression/ },
  { text: '1.2.3', rejected: /quantities must match the regular expression/ },
  { text: '', rejected: /quantities must match the regular expression/ },
  { text: '1 Gi', rejected: /quantities must match the regular expression/ }
]

/**
 * Degenerate texts the API server's scanner takes as zero (a bare sign,
 * dot or exponent) while the planning engine rejects them: the one known
 * difference, kept deliberately (the plan flags them as invalid, which is
 * what a user who wrote them needs to hear).
 */
const API_ZERO_CORE_REJECTS = ['e3', '.', '+', '-']

/** Pod specs whose effective requests both the simulation and the scheduler compute. */
const POD_REQUESTS: { name: string; spec: Obj }[] = [
  {
    name: 'two containers sum',
    spec: {
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
        { name: 'b', resources: { requests: { cpu: '0.0001' } } }
      ]
    }
  },
  {
    name: 'a limit without a request counts as the request',
    spec: {
      containers: [
        { name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } },
        {
          name: 'b',
          resources: { requests: { cpu: '200m' }, limits: { cpu: '2' } }
        }
      ]
    }
  },
  {
    name: 'the largest init container wins over a smaller sum',
    spec: {
      initContainers: [
        { name: 'i', resources: { requests: { cpu: '2', memory: '10Mi' } } }
      ],
      containers: [
        { name: 'a', resources: { requests: { cpu: '500m', memory: '1Gi' } } }
      ]
    }
  },
  {
    name: 'sidecars (restartPolicy Always) add to the containers and to later init containers',
    spec: {
      initContainers: [
        {
          name: 'side',
          restartPolicy: 'Always',
          resources: { requests: { cpu: '300m' } }
        },
        { name: 'init', resources: { requests: { cpu: '1' } } }
      ],
      containers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }]
    }
  },
  {
    name: 'overhead is added',
    spec: {
      overhead: { cpu: '250m', memory: '120Mi' },
      containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }]
    }
  },
  {
    name: 'extended resources',
    spec: {
      containers: [
        {
          name: 'a',
          resources: {
            requests: { 'nvidia.com/gpu': '1' },
            limits: { 'nvidia.com/gpu': '1' }
          }
        }
      ]
    }
  }
]

const LABELS = { app: 'agent', tier: 'node', zone: 'a', empty: '' }

/** Label selectors (metav1.LabelSelector) against LABELS. */
const SELECTORS: { selector: Obj; matches: boolean }[] = [
  { selector: { matchLabels: { app: 'agent' } }, matches: true },
  { selector: { matchLabels: { app: 'agent', tier: 'web' } }, matches: false },
  { selector: { matchLabels: { empty: '' } }, matches: true },
  { selector: { matchLabels: { missing: '' } }, matches: false },
  {
    selector: {
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }]
    },
    matches: true
  },
  {
    selector: {
      matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }]
    },
    matches: false
  },
  {
    selector: {
      matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }]
    },
    matches: true
  },
  {
    selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    matches: true
  },
  {
    selector: { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] },
    matches: true
  },
  {
    selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
    matches: false
  },
  {
    selector: {
      matchLabels: { app: 'agent' },
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }]
    },
    matches: false
  },
  {
    // not a label selector operator: selects nothing
    selector: {
      matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }]
    },
    matches: false
  }
]

/** Templates' tolerations and the tolerations their daemon pods get (R1.14, R1.15). */
const TOLERATIONS: { name: string; template?: Obj[]; hostNetwork: boolean }[] =
  [
    { name: 'none', hostNetwork: false },
    { name: 'none, hostNetwork', hostNetwork: true },
    {
      name: 'an equal default is replaced (tolerationSeconds dropped)',
      template: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300
        }
      ],
      hostNetwork: false
    },
    {
      name: 'an operator-less toleration is not equal to the Exists default',
      template: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }
      ],
      hostNetwork: false
    },
    {
      name: 'a toleration with a value is not equal',
      template: [
        {
          key: 'node.kubernetes.io/unschedulable',
          operator: 'Exists',
          value: 'x',
          effect: 'NoSchedule'
        }
      ],
      hostNetwork: true
    },
    {
      name: 'tolerate everything',
      template: [{ operator: 'Exists' }],
      hostNetwork: false
    }
  ]

const taint = (key: string, effect: string, value?: string): Obj => ({
  key,
  effect,
  ...(value !== undefined ? { value } : {})
})

/** Nodes × templates for NodeShouldRunDaemonPod (R1.1-R1.7). */
const NODES: { name: string; labels: Record<string, string>; taints: Obj[] }[] =
  [
    { name: 'plain', labels: { pool: 'general', rank: '5' }, taints: [] },
    {
      name: 'gpu',
      labels: { pool: 'gpu', rank: '12' },
      taints: [taint('dedicated', 'NoSchedule', 'gpu')]
    },
    {
      name: 'draining',
      labels: { pool: 'general' },
      taints: [taint('maintenance', 'NoExecute', 'true')]
    },
    {
      name: 'cordoned',
      labels: { pool: 'general' },
      taints: [taint('node.kubernetes.io/unschedulable', 'NoSchedule')]
    },
    {
      name: 'not-ready',
      labels: { pool: 'general' },
      taints: [
        taint('node.kubernetes.io/not-ready', 'NoSchedule'),
        taint('node.kubernetes.io/not-ready', 'NoExecute')
      ]
    },
    {
      name: 'network-unavailable',
      labels: { pool: 'general' },
      taints: [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]
    },
    {
      name: 'prefer',
      labels: {},
      taints: [taint('spot', 'PreferNoSchedule')]
    }
  ]

const TEMPLATES: { name: string; spec: Obj }[] = [
  { name: 'no constraints', spec: {} },
  { name: 'hostNetwork', spec: { hostNetwork: true } },
  { name: 'nodeSelector pool=gpu', spec: { nodeSelector: { pool: 'gpu' } } },
  { name: 'nodeName gpu', spec: { nodeName: 'gpu' } },
  {
    name: 'tolerates dedicated=gpu',
    spec: {
      tolerations: [
        {
          key: 'dedicated',
          operator: 'Equal',
          value: 'gpu',
          effect: 'NoSchedule'
        }
      ]
    }
  },
  {
    name: 'tolerates dedicated with the wrong value',
    spec: {
      tolerations: [{ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }]
    }
  },
  {
    name: 'tolerates maintenance (NoExecute)',
    spec: {
      tolerations: [{ key: 'maintenance', operator: 'Exists' }]
    }
  },
  {
    name: 'tolerates everything',
    spec: { tolerations: [{ operator: 'Exists' }] }
  },
  {
    name: 'affinity In / NotIn',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'pool', operator: 'In', values: ['general', 'gpu'] },
                  { key: 'rank', operator: 'NotIn', values: ['5'] }
                ]
              }
            ]
          }
        }
      }
    }
  },
  {
    name: 'affinity Gt, ORed with Exists',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'rank', operator: 'Gt', values: ['10'] }
                ]
              },
              { matchExpressions: [{ key: 'missing', operator: 'Exists' }] }
            ]
          }
        }
      }
    }
  },
  {
    name: 'affinity Lt with a bad value matches nothing',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'rank', operator: 'Lt', values: ['x'] }
                ]
              }
            ]
          }
        }
      }
    }
  },
  {
    name: 'affinity DoesNotExist + matchFields',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [{ key: 'rank', operator: 'DoesNotExist' }],
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['prefer'] }
                ]
              }
            ]
          }
        }
      }
    }
  },
  {
    name: 'affinity with only empty terms matches nothing',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{}]
          }
        }
      }
    }
  }
]

const sorted = (m: Map<string, bigint> | Record<string, bigint>) =>
  Object.fromEntries(
    [...(m instanceof Map ? m : Object.entries(m))].sort(([a], [b]) =>
      a < b ? -1 : 1
    )
  )

describe('twin rules: core and rehearsal give the same answers', () => {
  it.each(QUANTITIES.map((c) => [JSON.stringify(c.text), c] as const))(
    'quantity %s',
    (_, c) => {
      expect(coreQuantity(c.text)).toBe(c.milli)
      expect(rehearsalQuantity(c.text)).toBe(c.milli)
    }
  )

  it.each(API_ZERO_CORE_REJECTS)(
    'quantity %j: the API server reads zero, core rejects (the one known difference)',
    (text) => {
      expect(rehearsalQuantity(text)).toBe(0n)
      expect(coreQuantity(text)).toBeUndefined()
    }
  )

  it.each(POD_REQUESTS.map((c) => [c.name, c] as const))(
    'pod requests: %s',
    (_, c) => {
      const core = sorted(effectiveRequests(c.spec as PodSpec))
      expect(sorted(podRequests(c.spec))).toEqual(core)
      expect(Object.keys(core).length).toBeGreaterThan(0)
    }
  )

  it.each(SELECTORS.map((c) => [JSON.stringify(c.selector), c] as const))(
    'label selector %s',
    (_, c) => {
      expect(labelSelectorMatches(c.selector as LabelSelector, LABELS)).toBe(
        c.matches
      )
      const reqs = labelSelectorRequirements(c.selector)
      expect(reqs !== undefined && matchesLabelRequirements(reqs, LABELS)).toBe(
        c.matches
      )
    }
  )

  it.each(TOLERATIONS.map((c) => [c.name, c] as const))(
    'daemon pod tolerations: %s',
    (_, c) => {
      const core = daemonPodTolerations(
        c.template as Toleration[] | undefined,
        c.hostNetwork
      )
      expect(withDaemonTolerations(c.template, c.hostNetwork)).toEqual(core)
      expect(core.length).toBeGreaterThanOrEqual(6)
    }
  )

  it('NodeShouldRunDaemonPod: every node × template', () => {
    const verdicts: string[] = []
    for (const t of TEMPLATES)
      for (const n of NODES) {
        const core = corePlacement(
          {
            name: n.name,
            labels: n.labels,
            taints: n.taints as unknown as Taint[]
          },
          t.spec as PodSpec
        )
        const spec = t.spec
        const rehearsal = rehearsalPlacement(
          {
            metadata: { name: n.name, labels: n.labels },
            spec: { taints: n.taints }
          },
          spec,
          withDaemonTolerations(
            spec['tolerations'],
            spec['hostNetwork'] === true
          )
        )
        const c = `${t.name} on ${n.name}: ${core.shouldRun}/${core.shouldContinueRunning}`
        verdicts.push(c)
        expect(
          `${t.name} on ${n.name}: ${rehearsal.shouldRun}/${rehearsal.shouldContinueRunning}`
        ).toBe(c)
      }
    // The table covers every outcome, not only "runs everywhere".
    expect(verdicts.some((v) => v.endsWith('true/true'))).toBe(true)
    expect(verdicts.some((v) => v.endsWith('false/true'))).toBe(true)
    expect(verdicts.some((v) => v.endsWith('false/false'))).toBe(true)
  })
})

describe("the rehearsal API rejects what the planning engine's parser rejects", () => {
  let cluster: RehearsalCluster
  beforeAll(async () => {
    cluster = await manualCluster(makeNodes(['n1']))
  })
  afterAll(async () => {
    await cluster.stop()
  })

  const withCpu = (name: string, cpu: unknown): Obj => {
    const ds = daemonSet(name, 'agent:1', { type: 'RollingUpdate' })
    const spec = (ds['spec'] as Obj)['template'] as Obj
    const containers = (spec['spec'] as Obj)['containers'] as Obj[]
    containers[0]!['resources'] = { requests: { cpu } }
    return ds
  }

  it.each(QUANTITIES.map((c, i) => [JSON.stringify(c.text), c, i] as const))(
    'a DaemonSet requesting cpu %s',
    (_, c, i) => {
      const name = `q${i}`
      const create = () =>
        cluster.objects.create(
          'apps/daemonsets',
          'default',
          withCpu(name, c.text)
        )
      const accepted = coreQuantity(c.text) !== undefined
      expect(accepted).toBe(c.rejected === undefined)
      if (accepted) {
        expect(create()).toBeDefined()
        cluster.objects.delete('apps/daemonsets', 'default', name)
      } else {
        let err: unknown
        try {
          create()
        } catch (e) {
          err = e
        }
        expect(err).toMatchObject({ code: 400, reason: 'BadRequest' })
        expect(String((err as Error).message)).toMatch(
          /^DaemonSet in version "v1" cannot be handled as a DaemonSet: /
        )
        expect(String((err as Error).message)).toMatch(c.rejected!)
      }
    }
  )

  it('negative requests and requests above limits are Invalid (422), as ValidateResourceRequirements says', () => {
    const neg = withCpu('neg', '-1')
    expect(() =>
      cluster.objects.create('apps/daemonsets', 'default', neg)
    ).toThrow(
      /spec\.template\.spec\.containers\[0\]\.resources\.requests\[cpu\]: Invalid value: "-1": must be greater than or equal to 0/
    )
    const over = withCpu('over', '2')
    const c = (
      (((over['spec'] as Obj)['template'] as Obj)['spec'] as Obj)[
        'containers'
      ] as Obj[]
    )[0]!
    c['resources'] = { requests: { cpu: '2' }, limits: { cpu: '1' } }
    expect(() =>
      cluster.objects.create('apps/daemonsets', 'default', over)
    ).toThrow(/must be less than or equal to cpu limit of 1/)
  })

  it('a patch that makes a quantity invalid is rejected and changes nothing', () => {
    cluster.objects.create('apps/daemonsets', 'default', withCpu('p', '100m'))
    expect(() =>
      cluster.objects.patch('apps/daemonsets', 'default', 'p', {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'p',
                  image: 'agent:1',
                  resources: { requests: { cpu: '1e3Mi' } }
                }
              ]
            }
          }
        }
      })
    ).toThrow(/cannot be handled as a DaemonSet: quantities must match/)
    const ds = cluster.objects.get('apps/daemonsets', 'default', 'p')!
    expect(JSON.stringify(ds)).toContain('"cpu":"100m"')
  })
})
