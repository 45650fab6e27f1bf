/**
 * The diff validates the head manifest and the simulation judges the
 * rollout against a snapshot; a problem both could see is reported once,
 * by the diff (which also runs without a snapshot and points at the field's
 * line). These tests fail if a duplicate comes back.
 */
import { describe, expect, it } from 'vitest'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Finding, Plan } from '../../src/core/plan/types.js'
import { SIMULATION_FINDING_CODES } from '../../src/core/simulate/index.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import { daemonPod, snapNode, snapshot } from './simulate/helpers.js'

const BASE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      priorityClassName: system-node-critical
      containers:
        - name: agent
          image: example.com/agent:1.0.0
          ports:
            - containerPort: 8080
              hostPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          readinessProbe:
            httpGet: {port: 8080}
`

/** Head: a :latest image, and maxSurge with a hostPort and no maxUnavailable. */
const HEAD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: agent}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    metadata:
      labels: {app: agent}
    spec:
      priorityClassName: system-node-critical
      containers:
        - name: agent
          image: example.com/agent:latest
          ports:
            - containerPort: 8080
              hostPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          readinessProbe:
            httpGet: {port: 8080}
`

/** The same problems with a strategy the API accepts (maxUnavailable: 0). */
const HEAD_VALID_SURGE = HEAD.replace(
  '      maxSurge: 1\n',
  '      maxSurge: 1\n      maxUnavailable: 0\n'
)

function fleet(): Snapshot {
  return snapshot(
    Array.from({ length: 3 }, (_, i) =>
      snapNode(`node-${i}`, {
        daemonPods: [daemonPod({ name: `agent-${i}`, hostPorts: ['TCP/8080'] })]
      })
    )
  )
}

function plan(head: string, snap?: Snapshot): Plan {
  return buildPlan({
    base: parseManifests(BASE, 'base/agent.yaml'),
    head: parseManifests(head, 'head/agent.yaml'),
    ...(snap !== undefined ? { snapshot: snap } : {})
  })
}

function allFindings(p: Plan): Finding[] {
  return [...p.findings, ...p.daemonSets.flatMap((ds) => ds.findings)]
}

function count(p: Plan, code: string): number {
  return allFindings(p).filter((f) => f.code === code).length
}

/** Codes the simulation used to emit for problems the diff reports. */
const RETIRED = [
  'hostport-with-max-surge',
  'image-latest-or-untagged',
  'update-strategy-rejected',
  'update-strategy-invalid'
]

describe('one finding per problem, with or without a snapshot', () => {
  for (const [label, snap] of [
    ['without a snapshot', undefined],
    ['with a snapshot', fleet()]
  ] as const) {
    it(`R3.6 + R3.15 + :latest ${label}: each problem has exactly one finding, on its field's line`, () => {
      const p = plan(HEAD, snap)
      const byCode = (code: string) =>
        allFindings(p).filter((f) => f.code === code)
      expect(count(p, 'max-surge-requires-max-unavailable-zero')).toBe(1)
      expect(count(p, 'host-port-with-surge')).toBe(1)
      expect(count(p, 'mutable-image-tag')).toBe(1)
      for (const code of RETIRED) expect(count(p, code)).toBe(0)
      // Lines point at the field: maxSurge (line 12) and the image (line 20).
      expect(byCode('host-port-with-surge')[0]).toMatchObject({
        severity: 'error',
        file: 'head/agent.yaml',
        line: 12
      })
      expect(byCode('max-surge-requires-max-unavailable-zero')[0]?.line).toBe(
        12
      )
      expect(byCode('mutable-image-tag')[0]?.line).toBe(20)
      expect(byCode('mutable-image-tag')[0]?.message).toMatch(
        /rollback does not bring the old build back/
      )
    })
  }

  it('R3.15 with a snapshot and a valid surge strategy: the deadlock is host-port-with-surge; the simulation adds how far the rollout gets, not a second cause', () => {
    const p = plan(HEAD_VALID_SURGE, fleet())
    const codes = allFindings(p).map((f) => f.code)
    expect(count(p, 'host-port-with-surge')).toBe(1)
    expect(codes).not.toContain('surge-window-will-not-fit')
    expect(count(p, 'rollout-will-hang')).toBe(1)
    expect(codes).not.toContain('max-surge-requires-max-unavailable-zero')
    for (const code of RETIRED) expect(codes).not.toContain(code)
    // Every node is still shown as blocked in the per-node outcome.
    expect(
      p.daemonSets[0]?.outcomes?.every((g) => g.action === 'pending')
    ).toBe(true)
  })

  it('the simulation declares none of the codes the diff owns', () => {
    for (const code of [
      ...RETIRED,
      'host-port-with-surge',
      'mutable-image-tag',
      'invalid-update-strategy',
      'invalid-int-or-percent'
    ])
      expect(SIMULATION_FINDING_CODES as readonly string[]).not.toContain(code)
  })

  it('R3.2/R3.6: a maxUnavailable the controller cannot resolve is one diff finding, also with a snapshot', () => {
    const head = HEAD.replace(
      '      maxSurge: 1\n',
      '      maxUnavailable: "10"\n'
    )
    const p = plan(head, fleet())
    const strategy = allFindings(p).filter((f) =>
      /maxUnavailable/.test(f.message)
    )
    expect(strategy.map((f) => f.code)).toEqual(['invalid-int-or-percent'])
  })
})

describe('the simulation follows the diff on what counts as a template change', () => {
  it('R8.2/R8.2a: explicit defaults and reordered keys are no template change, so no template findings (no-readiness-probe, ...) either', () => {
    const base = BASE.replace(
      / {10}readinessProbe:\n {12}httpGet: \{port: 8080\}\n/,
      ''
    )
    // Same template with explicit defaults and the container's keys in another order.
    const head = base.replace(
      '      containers:\n        - name: agent\n          image: example.com/agent:1.0.0\n',
      '      restartPolicy: Always\n      terminationGracePeriodSeconds: 30\n      dnsPolicy: ClusterFirst\n      containers:\n        - image: example.com/agent:1.0.0\n          name: agent\n          imagePullPolicy: IfNotPresent\n'
    )
    expect(head).not.toBe(base)
    const p = buildPlan({
      base: parseManifests(base, 'base/agent.yaml'),
      head: parseManifests(head, 'head/agent.yaml'),
      snapshot: fleet()
    })
    expect(p.daemonSets[0]).toMatchObject({
      change: 'unchanged',
      rollout: { triggered: false }
    })
    expect(allFindings(p).map((f) => f.code)).not.toContain(
      'no-readiness-probe'
    )
    // A real template change does raise it.
    const changed = buildPlan({
      base: parseManifests(base, 'base/agent.yaml'),
      head: parseManifests(
        head.replace('agent:1.0.0', 'agent:1.0.1'),
        'head/agent.yaml'
      ),
      snapshot: fleet()
    })
    expect(allFindings(changed).map((f) => f.code)).toContain(
      'no-readiness-probe'
    )
  })
})
