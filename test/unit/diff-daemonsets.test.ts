import { secretMark } from '../../src/core/redact/policy.js'
import { describe, expect, it } from 'vitest'
import { diffDaemonSets } from '../../src/core/diff/diff-daemonsets.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import { clone, makeDaemonSet, manifests } from '../fixtures/daemonset.js'

type Patch = (ds: Record<string, any>) => void
const pod = (ds: Record<string, any>) => ds.spec.template.spec
const agent = (ds: Record<string, any>) => pod(ds).containers[0]

function diffOne(patch: Patch, patchBase: Patch = () => {}) {
  const base = makeDaemonSet()
  patchBase(base)
  const head = clone(base)
  patch(head)
  const result = diffDaemonSets(
    manifests('b.yaml', base),
    manifests('h.yaml', head)
  )
  expect(result.daemonSets).toHaveLength(1)
  return result.daemonSets[0]!
}

const paths = (ds: { changes: { path: string }[] }) =>
  ds.changes.map((c) => c.path)

describe('classification and rollout trigger (R4.1, R4.3)', () => {
  const cases: [string, Patch, 'modified' | 'unchanged', boolean][] = [
    [
      'image change',
      (d) => (agent(d).image = 'registry.example.com/agent:1.1.0'),
      'modified',
      true
    ],
    [
      'only maxUnavailable',
      (d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 3 } }),
      'modified',
      false
    ],
    [
      'only minReadySeconds',
      (d) => (d.spec.minReadySeconds = 30),
      'modified',
      false
    ],
    [
      'only revisionHistoryLimit',
      (d) => (d.spec.revisionHistoryLimit = 3),
      'modified',
      false
    ],
    [
      'DaemonSet-only label',
      (d) => (d.metadata.labels.team = 'sre'),
      'modified',
      false
    ],
    [
      'DaemonSet-only annotation',
      (d) => (d.metadata.annotations = { note: 'x' }),
      'modified',
      false
    ],
    [
      'template annotation (kubectl rollout restart)',
      (d) =>
        (d.spec.template.metadata.annotations = {
          'kubectl.kubernetes.io/restartedAt': '2026-11-23T09:00:00Z'
        }),
      'modified',
      true
    ],
    [
      'template label',
      (d) => (d.spec.template.metadata.labels.tier = 'node'),
      'modified',
      true
    ],
    ['container reorder', (d) => pod(d).containers.reverse(), 'modified', true],
    ['env reorder', (d) => agent(d).env.reverse(), 'modified', true],
    [
      'toleration added',
      (d) =>
        pod(d).tolerations.push({
          key: 'gpu',
          operator: 'Exists',
          effect: 'NoSchedule'
        }),
      'modified',
      true
    ],
    [
      'nodeSelector added',
      (d) => (pod(d).nodeSelector = { 'kubernetes.io/os': 'linux' }),
      'modified',
      true
    ],
    [
      '0.1 CPU written as 100m',
      (d) => (agent(d).resources.requests.cpu = '0.1'),
      'unchanged',
      false
    ],
    ['nothing', () => {}, 'unchanged', false]
  ]
  it.each(cases)('%s → %s, triggered %s', (_name, patch, change, triggered) => {
    const ds = diffOne(patch)
    expect(ds.change).toBe(change)
    expect(ds.rollout.triggered).toBe(triggered)
    expect(ds.rollout.reason).toMatch(
      triggered
        ? /spec\.template changed/
        : change === 'unchanged'
          ? /No change/
          : /no pod is replaced/
    )
  })

  it('OnDelete: a template change is a new revision but pods wait for deletion (R3.14)', () => {
    const ds = diffOne(
      (d) => (agent(d).image = 'x:2'),
      (d) => (d.spec.updateStrategy = { type: 'OnDelete' })
    )
    expect(ds.rollout.triggered).toBe(true)
    expect(ds.rollout.reason).toMatch(/OnDelete/)
  })

  it('added and removed DaemonSets; a namespace change is a removal plus an addition', () => {
    const a = makeDaemonSet('a')
    const moved = makeDaemonSet('moved', 'old')
    const movedHead = makeDaemonSet('moved', 'new')
    const fresh = makeDaemonSet('fresh')
    const result = diffDaemonSets(
      manifests('b.yaml', a, moved),
      manifests('h.yaml', movedHead, fresh)
    )
    const byKey = Object.fromEntries(
      result.daemonSets.map((d) => [`${d.namespace}/${d.name}`, d])
    )
    expect(byKey['kube-system/a']?.change).toBe('removed')
    expect(byKey['kube-system/a']?.rollout.triggered).toBe(false)
    expect(byKey['kube-system/fresh']?.change).toBe('added')
    expect(byKey['kube-system/fresh']?.rollout.triggered).toBe(true)
    expect(byKey['old/moved']?.change).toBe('removed')
    expect(byKey['new/moved']?.change).toBe('added')
    expect(byKey['new/moved']?.findings.map((f) => f.code)).toContain(
      'namespace-changed'
    )
  })

  it('a missing namespace is "default", so it matches an explicit default', () => {
    const base = makeDaemonSet('x', null)
    const head = makeDaemonSet('x', 'default')
    const [ds] = diffDaemonSets(
      manifests('b', base),
      manifests('h', head)
    ).daemonSets
    expect(ds?.namespace).toBe('default')
    expect(ds?.change).toBe('unchanged')
  })

  it('diffs extensions/v1beta1 with its own defaults (OnDelete, selector from labels)', () => {
    const base = makeDaemonSet()
    base.apiVersion = 'extensions/v1beta1'
    delete base.spec.selector
    const head = makeDaemonSet()
    const [ds] = diffDaemonSets(
      manifests('b', base),
      manifests('h', head)
    ).daemonSets
    expect(paths(ds!)).toEqual([
      'apiVersion',
      'spec.updateStrategy.rollingUpdate',
      'spec.updateStrategy.type'
    ])
    expect(ds?.rollout.triggered).toBe(false)
    expect(ds?.findings.map((f) => f.code)).not.toContain('selector-changed')
  })
})

describe('field paths and list matching by key', () => {
  const cases: [string, Patch, string[]][] = [
    [
      'container by name',
      (d) => (pod(d).containers[1].image = 's:3'),
      ['spec.template.spec.containers[name=sidecar].image']
    ],
    [
      'container added',
      (d) => pod(d).containers.push({ name: 'new', image: 'n:1' }),
      ['spec.template.spec.containers[name=new]']
    ],
    [
      'container removed',
      (d) => pod(d).containers.pop(),
      ['spec.template.spec.containers[name=sidecar]']
    ],
    [
      'container reorder',
      (d) => pod(d).containers.reverse(),
      ['spec.template.spec.containers (order)']
    ],
    [
      'env by name',
      (d) => (agent(d).env[0].value = 'debug'),
      ['spec.template.spec.containers[name=agent].env[name=LOG_LEVEL].value']
    ],
    [
      'env reorder',
      (d) => agent(d).env.reverse(),
      ['spec.template.spec.containers[name=agent].env (order)']
    ],
    [
      'env insert at front is one addition, not a shift',
      (d) => agent(d).env.unshift({ name: 'A', value: '1' }),
      ['spec.template.spec.containers[name=agent].env[name=A]']
    ],
    [
      'port by name',
      (d) => (agent(d).ports[0].containerPort = 9200),
      [
        'spec.template.spec.containers[name=agent].ports[name=metrics].containerPort'
      ]
    ],
    [
      'unnamed port by port and protocol',
      (d) =>
        (agent(d).ports = [
          { containerPort: 9100 },
          { containerPort: 53, protocol: 'UDP' }
        ]),
      [
        'spec.template.spec.containers[name=agent].ports[containerPort=9100,protocol=TCP].name',
        'spec.template.spec.containers[name=agent].ports[containerPort=53,protocol=UDP]'
      ]
    ],
    [
      'volume by name',
      (d) => (pod(d).volumes[0].configMap.name = 'other'),
      ['spec.template.spec.volumes[name=config].configMap.name']
    ],
    [
      'volumeMount by mountPath',
      (d) => {
        agent(d).volumeMounts = [{ name: 'config', mountPath: '/etc/a' }]
      },
      ['spec.template.spec.containers[name=agent].volumeMounts']
    ],
    [
      'toleration by key+effect',
      (d) =>
        pod(d).tolerations.push({
          key: 'k',
          operator: 'Equal',
          value: 'v',
          effect: 'NoExecute'
        }),
      [
        'spec.template.spec.tolerations[key=k,operator=Equal,value=v,effect=NoExecute]'
      ]
    ],
    [
      'imagePullSecrets by name',
      (d) => (pod(d).imagePullSecrets = [{ name: 'regcred' }]),
      ['spec.template.spec.imagePullSecrets']
    ],
    [
      'hostAliases by ip',
      (d) => (pod(d).hostAliases = [{ ip: '10.0.0.1', hostnames: ['a'] }]),
      ['spec.template.spec.hostAliases']
    ],
    [
      'args as one list value',
      (d) => (agent(d).args = ['--a']),
      ['spec.template.spec.containers[name=agent].args']
    ],
    [
      'label keys with dots are quoted',
      (d) => (d.metadata.labels['app.kubernetes.io/name'] = 'x'),
      ['metadata.labels["app.kubernetes.io/name"]']
    ],
    [
      'quantity 100m → 200m',
      (d) => (agent(d).resources.requests.cpu = '200m'),
      ['spec.template.spec.containers[name=agent].resources.requests.cpu']
    ]
  ]
  it.each(cases)('%s', (_name, patch, expected) => {
    expect(paths(diffOne(patch))).toEqual(expected)
  })

  it('a keyed item change reports before and after values', () => {
    const ds = diffOne(
      (d) => (agent(d).image = 'registry.example.com/agent:1.1.0')
    )
    expect(ds.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=agent].image',
        before: 'registry.example.com/agent:1.0.0',
        after: 'registry.example.com/agent:1.1.0',
        template: true
      }
    ])
  })

  it('a reorder lists the order before and after', () => {
    const ds = diffOne((d) => pod(d).containers.reverse())
    expect(ds.changes[0]).toMatchObject({
      before: ['name=agent', 'name=sidecar'],
      after: ['name=sidecar', 'name=agent'],
      template: true
    })
  })
})

describe('selector change, duplicates, ConfigMap and Secret changes', () => {
  it('spec.selector change is an error finding (R4.8)', () => {
    const ds = diffOne((d) => {
      d.spec.selector.matchLabels.tier = 'node'
      d.spec.template.metadata.labels.tier = 'node'
    })
    const finding = ds.findings.find((f) => f.code === 'selector-changed')
    expect(finding).toMatchObject({
      severity: 'error',
      file: 'h.yaml',
      line: 1,
      namespace: 'kube-system',
      name: 'agent'
    })
    expect(finding?.message).toMatch(/immutable/)
  })

  it('a DaemonSet defined twice in the head is an error on the second definition', () => {
    const a = makeDaemonSet()
    const result = diffDaemonSets([], manifests('h.yaml', a, clone(a)))
    expect(result.daemonSets).toHaveLength(1)
    const dup = result.daemonSets[0]?.findings.find(
      (f) => f.code === 'duplicate-daemonset'
    )
    expect(dup).toMatchObject({ severity: 'error', file: 'h.yaml', line: 101 })
    expect(dup?.message).toMatch(/h\.yaml:1/)
  })

  function configMap(
    data: Record<string, string>,
    extra: Record<string, unknown> = {}
  ) {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'agent-config', namespace: 'kube-system' },
      data,
      ...extra
    }
  }
  function secret(
    data: Record<string, string>,
    stringData?: Record<string, string>
  ) {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'agent-secret', namespace: 'kube-system' },
      data,
      ...(stringData ? { stringData } : {})
    }
  }

  it('warns when a mounted ConfigMap changes but the template does not', () => {
    const ds = makeDaemonSet()
    const result = diffDaemonSets(
      manifests('b.yaml', ds, configMap({ 'a.conf': 'x=1', 'b.conf': 'same' })),
      manifests(
        'h.yaml',
        clone(ds),
        configMap({ 'a.conf': 'x=2', 'b.conf': 'same' })
      )
    )
    const finding = result.daemonSets[0]?.findings.find(
      (f) => f.code === 'config-change-without-rollout'
    )
    expect(finding?.severity).toBe('warning')
    expect(finding?.message).toMatch(
      /ConfigMap kube-system\/agent-config changed \(a\.conf\)/
    )
    expect(finding?.message).not.toMatch(/x=2/)
  })

  it('says nothing when the template changes too (pods restart anyway)', () => {
    const ds = makeDaemonSet()
    const head = clone(ds)
    head.spec.template.metadata.annotations = { 'checksum/config': 'abc' }
    const result = diffDaemonSets(
      manifests('b', ds, configMap({ a: '1' })),
      manifests('h', head, configMap({ a: '2' }))
    )
    expect(result.daemonSets[0]?.findings.map((f) => f.code)).not.toContain(
      'config-change-without-rollout'
    )
  })

  it('follows env valueFrom, envFrom and projected references, and never prints Secret data', () => {
    const ds = makeDaemonSet()
    agent(ds).env.push({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'agent-secret', key: 'pw' } }
    })
    const result = diffDaemonSets(
      manifests('b', ds, secret({ pw: btoa('hunter2') })),
      manifests('h', clone(ds), secret({}, { pw: 'hunter3' }))
    )
    const finding = result.daemonSets[0]?.findings.find(
      (f) => f.code === 'config-change-without-rollout'
    )
    expect(finding?.message).toMatch(
      /Secret kube-system\/agent-secret changed \(pw\).*environment variables/
    )
    expect(JSON.stringify(result)).not.toMatch(/hunter3/)
  })

  it('data and stringData with the same content are no change', () => {
    const ds = makeDaemonSet()
    pod(ds).volumes.push({ name: 's', secret: { secretName: 'agent-secret' } })
    const result = diffDaemonSets(
      manifests('b', ds, secret({ pw: btoa('same') })),
      manifests('h', clone(ds), secret({}, { pw: 'same' }))
    )
    expect(result.daemonSets[0]?.findings.map((f) => f.code)).not.toContain(
      'config-change-without-rollout'
    )
  })

  it('warns when a ConfigMap the DaemonSet still mounts is removed from the manifests', () => {
    const ds = makeDaemonSet()
    const result = diffDaemonSets(
      manifests('b', ds, configMap({ a: '1' })),
      manifests('h', clone(ds))
    )
    const finding = result.daemonSets[0]?.findings.find(
      (f) => f.code === 'referenced-config-removed'
    )
    expect(finding?.severity).toBe('warning')
    expect(finding?.message).toMatch(
      /ConfigMap kube-system\/agent-config is no longer in the manifests, but the DaemonSet still mounts it/
    )
  })

  it('does not warn for an optional reference, or a config never in the manifests', () => {
    const ds = makeDaemonSet()
    pod(ds).volumes[0].configMap.optional = true
    const optional = diffDaemonSets(
      manifests('b', ds, configMap({ a: '1' })),
      manifests('h', clone(ds))
    )
    expect(optional.daemonSets[0]?.findings.map((f) => f.code)).not.toContain(
      'referenced-config-removed'
    )
    const external = diffDaemonSets(
      manifests('b', makeDaemonSet()),
      manifests('h', makeDaemonSet())
    )
    expect(external.daemonSets[0]?.findings).toEqual([])
  })

  it('an immutable ConfigMap whose data changes is an error', () => {
    const result = diffDaemonSets(
      manifests('b', configMap({ a: '1' }, { immutable: true })),
      manifests('h', configMap({ a: '2' }, { immutable: true }))
    )
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([
      ['immutable-config-changed', 'error']
    ])
  })
})

describe('redaction of secret-looking values', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['GITHUB_TOKEN', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['API_KEY', true],
    ['apiKey', true],
    ['SSH_PRIVATE_KEY', true],
    ['CREDENTIALS_FILE', true],
    ['LOG_LEVEL', false],
    ['KEYCLOAK_URL', false],
    ['MONKEY', false]
  ])('env %s redacted: %s', (name, redacted) => {
    const ds = diffOne((d) =>
      agent(d).env.push({ name, value: 's3cr3t-value' })
    )
    const text = JSON.stringify(ds.changes)
    expect(text.includes('s3cr3t-value')).toBe(!redacted)
    if (redacted) expect(text).toMatch(/\(redacted sha256:[0-9a-f]{8}\)/)
  })

  it('a changed secret env value is still a template change, shown as two different keyed hashes', () => {
    const ds = diffOne(
      (d) => (agent(d).env[0] = { name: 'API_TOKEN', value: 'new' }),
      (d) => (agent(d).env[0] = { name: 'API_TOKEN', value: 'old' })
    )
    expect(ds.rollout.triggered).toBe(true)
    expect(ds.changes).toEqual([
      {
        path: 'spec.template.spec.containers[name=agent].env[name=API_TOKEN].value',
        before: secretMark('old'),
        after: secretMark('new'),
        template: true
      }
    ])
    expect(secretMark('old')).not.toBe(secretMark('new'))
    expect(JSON.stringify(ds.changes)).not.toMatch(/"(old|new)"/)
  })

  it('redacts secret-looking flags in args', () => {
    const ds = diffOne(
      (d) =>
        (agent(d).args = ['--verbose', '--api-token=abc123', '--password=pw'])
    )
    expect(ds.changes[0]?.after).toEqual([
      '--verbose',
      `--api-token=${secretMark('abc123')}`,
      `--password=${secretMark('pw')}`
    ])
  })
})

describe('changes carry the line of the changed field in the head file', () => {
  const head = [
    'apiVersion: apps/v1', // 1
    'kind: DaemonSet',
    'metadata: {name: agent, namespace: kube-system}',
    'spec:',
    '  selector: {matchLabels: {app: agent}}', // 5
    '  updateStrategy:',
    '    rollingUpdate: {maxUnavailable: 2}',
    '  template:',
    '    metadata: {labels: {app: agent}}',
    '    spec:', // 10
    '      containers:',
    '      - name: b',
    '        image: b:2',
    '      - name: a',
    '        image: a:1' // 15
  ].join('\n')
  const base = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: agent, namespace: kube-system}',
    'spec:',
    '  selector: {matchLabels: {app: agent}}',
    '  template:',
    '    metadata: {labels: {app: agent}}',
    '    spec:',
    '      containers:',
    '      - {name: a, image: a:1}',
    '      - {name: b, image: b:1}',
    '      - {name: c, image: c:1}'
  ].join('\n')

  it.each([
    ['spec.template.spec.containers (order)', 11],
    ['spec.template.spec.containers[name=b].image', 13],
    ['spec.template.spec.containers[name=c]', 11],
    ['spec.updateStrategy.rollingUpdate.maxUnavailable', 7]
  ])('%s → line %i', (path, line) => {
    const [ds] = diffDaemonSets(
      parseManifests(base, 'b.yaml'),
      parseManifests(head, 'h.yaml')
    ).daemonSets
    expect(ds?.changes.find((c) => c.path === path)?.line).toBe(line)
  })
})
