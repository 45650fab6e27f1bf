/**
 * The API server's type and value rules for a DaemonSet and its pod
 * template (issue 10 item 4; docs/diff.md lists what is covered). Each
 * problem is one error finding, at the line of its field, with the rule in
 * the message; real-world manifests raise none of them.
 */
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import type { Finding } from '../../src/core/plan/types.js'
import { makeDaemonSet } from '../fixtures/daemonset.js'

type Patch = (ds: Record<string, any>) => void
const pod = (ds: Record<string, any>) => ds.spec.template.spec
const agent = (ds: Record<string, any>) => pod(ds).containers[0]

/** Findings of the plan of the patched DaemonSet, with its YAML text. */
function planFor(patch: Patch): { findings: Finding[]; text: string } {
  const ds = makeDaemonSet()
  patch(ds)
  const text = stringify(ds)
  const plan = buildPlan({ base: [], head: parseManifests(text, 'ds.yaml') })
  return { findings: plan.daemonSets[0]?.findings ?? [], text }
}

const cases: [string, Patch, string, RegExp, string][] = [
  // [name, patch, code, message, text on the finding's line]
  [
    'cpu: 1x',
    (d) => (agent(d).resources.requests.cpu = '1x'),
    'invalid-quantity',
    /must match the regular expression/,
    'cpu: 1x'
  ],
  [
    'memory: 10Qi',
    (d) => (agent(d).resources.requests.memory = '10Qi'),
    'invalid-quantity',
    /regular expression/,
    'memory: 10Qi'
  ],
  [
    'a negative limit',
    (d) => (agent(d).resources.limits = { memory: '-1Gi' }),
    'invalid-quantity',
    /greater than or equal to 0/,
    'memory: -1Gi'
  ],
  [
    'overhead',
    (d) => (pod(d).overhead = { cpu: 'lots' }),
    'invalid-quantity',
    /regular expression/,
    'cpu: lots'
  ],
  [
    'emptyDir sizeLimit',
    (d) =>
      (pod(d).volumes = [{ name: 'tmp', emptyDir: { sizeLimit: '1 Gi' } }]),
    'invalid-quantity',
    /regular expression/,
    'sizeLimit: 1 Gi'
  ],
  [
    'requests above limits',
    (d) => (agent(d).resources.limits = { cpu: '50m' }),
    'requests-above-limits',
    /must be less than or equal to cpu limit/,
    'cpu: 100m'
  ],
  [
    'containerPort: 70000',
    (d) => (agent(d).ports[0].containerPort = 70000),
    'invalid-port',
    /between 1 and 65535, inclusive/,
    'containerPort: 70000'
  ],
  [
    'containerPort: 0',
    (d) => (agent(d).ports[0].containerPort = 0),
    'invalid-port',
    /between 1 and 65535/,
    'containerPort: 0'
  ],
  [
    'hostPort: 65536',
    (d) => (agent(d).ports[0].hostPort = 65536),
    'invalid-port',
    /between 1 and 65535/,
    'hostPort: 65536'
  ],
  [
    'protocol: HTTP',
    (d) => (agent(d).ports[0].protocol = 'HTTP'),
    'invalid-port',
    /supported values are "SCTP", "TCP" and "UDP"/,
    'protocol: HTTP'
  ],
  [
    'a port name too long',
    (d) => (agent(d).ports[0].name = 'metrics-endpoint-x'),
    'invalid-port',
    /no more than 15 characters/,
    'name: metrics-endpoint-x'
  ],
  [
    'duplicate port names',
    (d) =>
      (pod(d).containers[1].ports = [{ containerPort: 1, name: 'metrics' }]),
    'invalid-port',
    /duplicate/,
    'name: metrics'
  ],
  [
    'hostNetwork hostPort mismatch',
    (d) => {
      pod(d).hostNetwork = true
      agent(d).ports[0].hostPort = 9200
    },
    'invalid-port',
    /must match containerPort/,
    'hostPort: 9200'
  ],
  [
    'a label value',
    (d) => (d.metadata.labels.app = 'not ok!'),
    'invalid-label',
    /label value/,
    'app: not ok!'
  ],
  [
    'a label key',
    (d) => (d.spec.template.metadata.labels['a/b/c'] = 'x'),
    'invalid-label',
    /label key/,
    'a/b/c: x'
  ],
  [
    'a selector value',
    (d) =>
      (d.spec.selector.matchExpressions = [
        { key: 'tier', operator: 'In', values: ['a b'] }
      ]),
    'invalid-label',
    /not a valid label value/,
    '- a b'
  ],
  [
    'a nodeSelector value',
    (d) => (pod(d).nodeSelector = { 'kubernetes.io/os': '-linux' }),
    'invalid-label',
    /label value/,
    'kubernetes.io/os: -linux'
  ],
  [
    'an annotation key',
    (d) => (d.metadata.annotations = { 'bad key': 'x' }),
    'invalid-annotation',
    /annotation key/,
    'bad key: x'
  ],
  [
    'an env name with =',
    (d) => (agent(d).env[0].name = 'A=B'),
    'invalid-env',
    /printable ASCII characters other than '='/,
    'name: A=B'
  ],
  [
    'value and valueFrom',
    (d) => (agent(d).env[1].value = 'x'),
    'invalid-env',
    /may not be specified when value is not empty/,
    'valueFrom:'
  ],
  [
    'a probe without handler',
    (d) => (agent(d).readinessProbe = { periodSeconds: 5 }),
    'invalid-probe',
    /must specify a handler type/,
    'readinessProbe:'
  ],
  [
    'a probe with two handlers',
    (d) =>
      (agent(d).livenessProbe = {
        tcpSocket: { port: 1 },
        exec: { command: ['true'] }
      }),
    'invalid-probe',
    /more than 1 handler type/,
    'livenessProbe:'
  ],
  [
    'liveness successThreshold',
    (d) =>
      (agent(d).livenessProbe = {
        tcpSocket: { port: 1 },
        successThreshold: 2
      }),
    'invalid-probe',
    /must be 1/,
    'successThreshold: 2'
  ],
  [
    'a probe port out of range',
    (d) => (agent(d).readinessProbe = { httpGet: { port: 0 } }),
    'invalid-port',
    /between 1 and 65535/,
    'port: 0'
  ],
  [
    'a negative probe period',
    (d) =>
      (agent(d).readinessProbe = {
        httpGet: { port: 'metrics' },
        periodSeconds: -1
      }),
    'invalid-probe',
    /greater than or equal to 0/,
    'periodSeconds: -1'
  ],
  [
    'a volume name',
    (d) => (pod(d).volumes[0].name = 'Config'),
    'invalid-volume',
    /RFC 1123 label/,
    'name: Config'
  ],
  [
    'two volume sources',
    (d) => (pod(d).volumes[0].emptyDir = {}),
    'invalid-volume',
    /more than 1 volume type/,
    '- name: config'
  ],
  [
    'a mount of no volume',
    (d) => (agent(d).volumeMounts = [{ name: 'nope', mountPath: '/x' }]),
    'invalid-volume',
    /not found/,
    'name: nope'
  ],
  [
    'a container name',
    (d) => (agent(d).name = 'Agent_1'),
    'invalid-pod-template',
    /RFC 1123 label/,
    'name: Agent_1'
  ],
  [
    'imagePullPolicy',
    (d) => (agent(d).imagePullPolicy = 'Sometimes'),
    'invalid-pod-template',
    /supported values/,
    'imagePullPolicy: Sometimes'
  ],
  // Wrong JSON types: refused while decoding.
  [
    'containers: "x"',
    (d) => (pod(d).containers = 'x'),
    'invalid-field-type',
    /must be a list, not a string/,
    'containers: x'
  ],
  [
    'containers: [null]',
    (d) => (pod(d).containers = [null]),
    'invalid-field-type',
    /must be an object, not null/,
    '- null'
  ],
  [
    'ports: -1',
    (d) => (agent(d).ports = -1),
    'invalid-field-type',
    /must be a list, not an integer/,
    'ports: -1'
  ],
  [
    'tolerations: 5',
    (d) => (pod(d).tolerations = 5),
    'invalid-field-type',
    /must be a list/,
    'tolerations: 5'
  ],
  [
    'maxUnavailable: [[[]]]',
    (d) =>
      (d.spec.updateStrategy = {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: [[[]]] }
      }),
    'invalid-field-type',
    /an integer or a string, not a list/,
    'maxUnavailable:'
  ],
  [
    'containerPort: "80"',
    (d) => (agent(d).ports[0].containerPort = '80'),
    'invalid-field-type',
    /32-bit integer, not a string/,
    'containerPort: "80"'
  ],
  [
    'an env value that YAML read as a boolean',
    (d) => (agent(d).env[0].value = true),
    'invalid-field-type',
    /must be a string, not a boolean/,
    'value: true'
  ],
  [
    'a label value that is a number',
    (d) => (d.metadata.labels.version = 2),
    'invalid-field-type',
    /must be a string, not an integer \(quote it/,
    'version: 2'
  ]
]

describe('API-server validation of a DaemonSet', () => {
  it('the fixture itself is valid', () => {
    const { findings } = planFor(() => {})
    expect(findings.filter((f) => f.severity === 'error')).toEqual([])
  })

  it.each(cases)('%s', (_name, patch, code, message, lineText) => {
    const { findings, text } = planFor(patch)
    const errors = findings.filter((f) => f.code === code)
    expect(errors.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(message)])
    )
    const finding = errors.find((f) => message.test(f.message))!
    expect(finding.severity).toBe('error')
    expect(finding.file).toBe('ds.yaml')
    // file:line points at the field.
    expect(text.split('\n')[(finding.line ?? 0) - 1]).toContain(lineText)
  })

  it('a node-affinity term with an invalid value is flagged: it matches no node', () => {
    const { findings } = planFor((d) => {
      pod(d).affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'pool', operator: 'In', values: ['gpu nodes'] }
                ]
              }
            ]
          }
        }
      }
    })
    const finding = findings.find(
      (f) => f.code === 'node-affinity-matches-nothing'
    )
    expect(finding?.severity).toBe('warning')
    expect(finding?.message).toMatch(/matches no node/)
  })
})
