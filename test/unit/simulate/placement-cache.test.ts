/**
 * The prepared snapshot answers placement node by node once per distinct
 * set of placement fields (prepared.ts `placement`), shared by the base and
 * head of a change and by DaemonSets placed alike. Whatever templates are
 * asked in whatever order, each node's answer is exactly what the template's
 * own compiled placement says (R1.1-R1.7).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileDaemonPlacement } from '../../../src/core/k8s/daemon-placement.js'
import type { PodSpec, Taint } from '../../../src/core/k8s/types.js'
import { prepareSnapshot } from '../../../src/core/simulate/prepared.js'
import { snapNode, snapshot } from './helpers.js'

const TAINTS: Taint[] = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
  { key: 'spot', effect: 'PreferNoSchedule' }
]

const nodeArb = fc.record({
  pool: fc.constantFrom('a', 'b', 'c'),
  zone: fc.option(fc.constantFrom('z1', 'z2'), { nil: undefined }),
  taints: fc.subarray(TAINTS, { maxLength: 2 })
})

const specArb: fc.Arbitrary<PodSpec> = fc
  .record({
    nodeName: fc.option(fc.constantFrom('node-0', 'node-3'), {
      nil: undefined
    }),
    pool: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    zoneIn: fc.option(fc.subarray(['z1', 'z2'], { minLength: 1 }), {
      nil: undefined
    }),
    byName: fc.option(fc.constantFrom('node-1', 'node-2'), { nil: undefined }),
    tolerations: fc.subarray(
      [
        { key: 'dedicated', operator: 'Equal', value: 'gpu' },
        { operator: 'Exists' },
        { key: 'spot', operator: 'Exists', effect: 'NoSchedule' }
      ],
      { maxLength: 2 }
    ),
    hostNetwork: fc.boolean()
  })
  .map((r) => {
    const terms = []
    if (r.zoneIn !== undefined)
      terms.push({
        matchExpressions: [
          { key: 'zone', operator: 'In', values: [...r.zoneIn] }
        ]
      })
    if (r.byName !== undefined)
      terms.push({
        matchFields: [
          { key: 'metadata.name', operator: 'In', values: [r.byName] }
        ]
      })
    return {
      containers: [{ name: 'c', image: 'x' }],
      ...(r.nodeName === undefined ? {} : { nodeName: r.nodeName }),
      ...(r.pool === undefined ? {} : { nodeSelector: { pool: r.pool } }),
      ...(terms.length === 0
        ? {}
        : {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: terms
                }
              }
            }
          }),
      ...(r.tolerations.length === 0
        ? {}
        : { tolerations: r.tolerations.map((t) => ({ ...t })) }),
      ...(r.hostNetwork ? { hostNetwork: true } : {})
    } as PodSpec
  })

describe('placement shared by templates placed alike', () => {
  it('is, node by node, what each template compiled on its own says', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(specArb, fc.boolean()), {
          minLength: 1,
          maxLength: 8
        }),
        (kinds, specs) => {
          const nodes = kinds.map((k, i) =>
            snapNode(`node-${i}`, {
              labels: {
                'kubernetes.io/hostname': `node-${i}`,
                pool: k.pool,
                ...(k.zone === undefined ? {} : { zone: k.zone })
              },
              taints: k.taints
            })
          )
          const prepared = prepareSnapshot(snapshot(nodes))
          // Each template next to its twins that differ only in
          // hostNetwork or the comparison-operator gate.
          const asked = specs.flatMap(([spec, gate]) => [
            [spec, gate] as const,
            [
              { ...spec, hostNetwork: spec.hostNetwork !== true },
              gate
            ] as const,
            [spec, !gate] as const
          ])
          for (const [spec, comparisonOperators] of asked) {
            const options = { comparisonOperators }
            const shared = prepared.placement(spec, options)
            const own = compileDaemonPlacement(spec, options)
            nodes.forEach((node, i) => expect(shared.of(i)).toEqual(own(node)))
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('is one answer for templates whose placement fields are the same', () => {
    const prepared = prepareSnapshot(snapshot([snapNode('node-0')]))
    const spec: PodSpec = {
      containers: [{ name: 'a', image: 'x:1' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' }
    }
    const other: PodSpec = {
      ...spec,
      containers: [{ name: 'b', image: 'y:2' }]
    }
    expect(prepared.placement(spec, {})).toBe(prepared.placement(other, {}))
    expect(prepared.placement(spec, {})).not.toBe(
      prepared.placement({ ...spec, hostNetwork: true }, {})
    )
  })
})
