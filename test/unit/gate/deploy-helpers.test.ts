import { readFileSync } from 'node:fs'
import { injected, renderGfm } from '../../support/markdown.js'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { neededAccess } from '../../../src/core/deploy/access.js'
import { applyOrder, firstDifference } from '../../../src/core/deploy/order.js'
import type { DeployReport } from '../../../src/core/deploy/report.js'
import { renderDeployReport } from '../../../src/core/render/deploy-report.js'
import {
  parseDuration,
  parseGateOptions,
  parseIntOrPercent,
  plannedSeconds
} from '../../../src/deploy/settings.js'

describe('apply order', () => {
  it('puts namespaces, RBAC and config before DaemonSets, keeping manifest order within a kind', () => {
    const kinds = [
      'DaemonSet',
      'ConfigMap',
      'ClusterRoleBinding',
      'Service',
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'Secret',
      'DaemonSet'
    ]
    const items = kinds.map((kind, i) => ({
      object: { kind, metadata: { name: `o${i}` } }
    }))
    expect(
      applyOrder(items).map((i) => `${i.object.kind}:${i.object.metadata.name}`)
    ).toEqual([
      'Namespace:o4',
      'ServiceAccount:o5',
      'ClusterRole:o6',
      'ClusterRoleBinding:o2',
      'ConfigMap:o1',
      'Secret:o7',
      'Service:o3',
      'DaemonSet:o0',
      'DaemonSet:o8'
    ])
  })
})

describe('drift check (firstDifference)', () => {
  it('a manifest is contained in its defaulted live object', () => {
    const manifest = { spec: { containers: [{ name: 'a', image: 'x:1' }] } }
    const live = {
      spec: {
        containers: [
          { name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent' }
        ],
        dnsPolicy: 'ClusterFirst'
      }
    }
    expect(firstDifference(manifest, live)).toBeUndefined()
  })
  it('names the first differing path', () => {
    expect(
      firstDifference(
        { spec: { containers: [{ image: 'x:1' }] } },
        { spec: { containers: [{ image: 'x:2' }] } },
        'spec.template'
      )
    ).toBe('spec.template.spec.containers[0].image')
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toBe('.a')
  })
})

describe('settings parsing', () => {
  it('durations', () => {
    expect(parseDuration('300', 'x')).toBe(300)
    expect(parseDuration('90s', 'x')).toBe(90)
    expect(parseDuration('1h30m', 'x')).toBe(5400)
    expect(() => parseDuration('5 minutes', '--timeout')).toThrow(
      '--timeout must be a duration'
    )
  })
  it('R3.2 forms for max-unavailable', () => {
    expect(parseIntOrPercent('3', 'x')).toBe(3)
    expect(parseIntOrPercent('10%', 'x')).toBe('10%')
    expect(() => parseIntOrPercent('101%', '--max-unavailable')).toThrow(
      '--max-unavailable must be'
    )
    expect(() => parseIntOrPercent('1.5', '--max-unavailable')).toThrow()
  })
  it('gate options take defaults for unset values', () => {
    const g = parseGateOptions(
      (n) =>
        ({ timeout: '10m', 'max-unavailable': '', 'soak-seconds': '0' })[n],
      '--'
    )
    expect(g).toMatchObject({
      timeoutSeconds: 600,
      soakSeconds: 0,
      progressDeadlineSeconds: 300,
      maxRestarts: 1
    })
    expect(g.maxUnavailable).toBeUndefined()
    expect(() =>
      parseGateOptions((n) => (n === 'max-restarts' ? '-1' : undefined), '--')
    ).toThrow('--max-restarts must be a whole number')
  })
  it('planned seconds from the plan JSON', () => {
    expect(
      plannedSeconds({
        daemonSets: [
          { rollout: { estimatedSeconds: 30 } },
          { rollout: {} },
          { rollout: { estimatedSeconds: 12 } }
        ]
      })
    ).toBe(42)
    expect(plannedSeconds({ daemonSets: [{ rollout: {} }] })).toBeUndefined()
    expect(plannedSeconds('nope')).toBeUndefined()
  })
})

describe('examples/rbac/deployer-role.yaml', () => {
  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] }
  const docs = parseAllDocuments(
    readFileSync(
      new URL('../../../examples/rbac/deployer-role.yaml', import.meta.url),
      'utf8'
    ),
    { version: '1.1' }
  ).map((d) => d.toJSON() as { kind: string; rules?: Rule[] })
  const role = docs.find((d) => d.kind === 'Role')!.rules!
  const clusterRole = docs.find((d) => d.kind === 'ClusterRole')!.rules!
  const allows = (
    rules: Rule[],
    group: string,
    resource: string,
    verb: string
  ) =>
    rules.some(
      (r) =>
        r.apiGroups.includes(group) &&
        r.resources.includes(resource) &&
        r.verbs.includes(verb)
    )

  it('grants every permission the preflight requires for a typical bundle', () => {
    const kinds: [string, string, string][] = [
      ['', 'serviceaccounts', 'ServiceAccount'],
      ['rbac.authorization.k8s.io', 'roles', 'Role'],
      ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding'],
      ['', 'configmaps', 'ConfigMap'],
      ['', 'secrets', 'Secret'],
      ['apps', 'daemonsets', 'DaemonSet']
    ]
    for (const exists of [true, false]) {
      const needs = neededAccess(
        kinds.map(([group, resource, kind]) => ({
          group,
          resource,
          kind,
          exists,
          namespace: 'kube-system'
        })),
        { undo: true, canary: false }
      )
      for (const n of needs) {
        const ok =
          n.namespace === undefined
            ? allows(clusterRole, n.group, n.resource, n.verb)
            : allows(role, n.group, n.resource, n.verb)
        expect(ok, `${n.verb} ${n.group}/${n.resource}`).toBe(true)
      }
    }
  })
})

describe('deploy report (Markdown)', () => {
  const report: DeployReport = {
    result: 'rolled-back',
    summary:
      'Failed: new pod kube-system/agent-x on node n1: ImagePullBackOff. Rolled back to the previous revision and verified that the rollback converged.',
    daemonSets: [
      {
        namespace: 'kube-system',
        name: 'agent',
        revisionBefore: 3,
        revisionAfter: 5,
        gate: 'new pod ... ImagePullBackOff',
        undo: 'daemonset.apps/agent rolled back to revision 3',
        verify: 'daemon set "agent" successfully rolled out'
      }
    ],
    failing: [
      {
        pod: 'kube-system/agent-x',
        node: 'n1',
        container: 'agent',
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image "reg/agent:@evil <b>"',
        restartCount: 0,
        updated: true
      }
    ],
    nodeProblems: [
      {
        pod: 'kube-system/agent-y',
        node: 'n7',
        reason: 'ErrImagePull',
        updated: true
      }
    ],
    failedNodes: ['n1'],
    timeline: [
      {
        at: 0.4,
        phase: 'gate',
        message: 'kube-system/agent: controller observed generation 4'
      }
    ],
    warnings: [
      'DaemonSet kube-system/agent carries kubectl.kubernetes.io/last-applied-configuration'
    ],
    plannedSeconds: 120,
    actualSeconds: 14.2,
    apiRequests: 31
  }
  it('renders outcome, revisions, failing pods, node-attributed pods, timeline and durations', () => {
    const md = renderDeployReport(report)
    expect(md).toContain(
      '## ds-rollout apply: ↩️ Failed and rolled back (rollback verified)'
    )
    expect(md).toContain('| `kube-system/agent` | 3 | 5 |')
    expect(md).toContain('**Duration:** 14s (planned 2m 00s) · 31 API requests')
    expect(md).toContain(
      '| `kube-system/agent-x` | `n1` | `agent` | `ImagePullBackOff` | 0 |'
    )
    expect(md).toContain(
      '### Pods on NotReady nodes (attributed to the node, 1)'
    )
    expect(md).toContain(
      '| +0.4s | gate | kube-system/agent: controller observed generation 4 |'
    )
  })
  it('keeps cluster and manifest text inert (no HTML, no mentions)', () => {
    const md = renderDeployReport({
      ...report,
      summary:
        'image @org/team <img src=x> ![p](https://attacker.example/p.png)'
    })
    // Rendered by a real GFM renderer: nothing from the text renders.
    const baseline = renderGfm(
      renderDeployReport({ ...report, summary: 'harmless' })
    )
    expect(injected(renderGfm(md), baseline)).toEqual({
      elements: [],
      mentions: []
    })
    // Cluster text in tables is a code span (inert), not raw HTML.
    expect(md).toContain('`Back-off pulling image "reg/agent:@evil <b>"`')
  })
  it('undo reports have their own headline', () => {
    expect(renderDeployReport({ ...report, mode: 'undo' })).toContain(
      '## ds-rollout undo: ↩️ Rolled back (verified)'
    )
  })
})
