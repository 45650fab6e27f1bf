/**
 * The one redaction policy (core/redact/policy.ts): a table of secret
 * shapes in the style of common secret scanners' rules, a table of look-alikes
 * that must stay, flags in both forms, Secret data, annotation keys, and
 * the real-world manifests with secrets planted into them, through every
 * exit the core renders (plan JSON, CLI Markdown, comment, summary,
 * annotations).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import type { ManifestObject } from '../../src/core/manifests/types.js'
import { ApiError, errorBody } from '../../src/service/api-error.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import {
  redactArgs,
  redactDeep,
  redactText,
  redactValue,
  secretMark
} from '../../src/core/redact/policy.js'
import { selectAnnotations } from '../../src/core/render/annotations.js'
import { renderComment } from '../../src/core/render/comment.js'
import { renderPlanMarkdown } from '../../src/core/render/plan-markdown.js'
import { renderSummary } from '../../src/core/render/summary.js'

const MARK = /\(redacted sha256:[0-9a-f]{8}\)/

// Secret values built at run time, so this file does not itself look like a leak.
const r = (prefix: string, n: number, alphabet = 'aB3dE5fG7hJ9kL') =>
  prefix +
  Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join('')

/** [rule, text, the secret that must disappear] */
const SHAPES: Array<[string, string, string]> = [
  [
    'URL userinfo password',
    'postgres://app:Pw-123456@db.example:5432/app',
    'Pw-123456'
  ],
  [
    'URL userinfo in free text',
    'pull from https://bot:tok-9876543@registry.example/x failed',
    'tok-9876543'
  ],
  ['GitHub classic token', `token ${r('ghp_', 36)}`, r('ghp_', 36)],
  ['GitHub installation token', r('ghs_', 36), r('ghs_', 36)],
  ['GitHub fine-grained token', r('github_pat_', 60), r('github_pat_', 60)],
  ['GitLab token', r('glpat-', 20), r('glpat-', 20)],
  ['AWS access key id', 'AKIA' + 'ABCDEFGHIJKLMNOP', 'AKIAABCDEFGHIJKLMNOP'],
  [
    'Slack bot token',
    r('xoxb-', 24, '0123456789'),
    r('xoxb-', 24, '0123456789')
  ],
  [
    'Slack webhook',
    `https://hooks.slack.com/services/${r('T', 8)}/${r('B', 8)}/${r('x', 24)}`,
    r('x', 24)
  ],
  ['Google API key', r('AIza', 35), r('AIza', 35)],
  ['Stripe live key', r('sk_live_', 24), r('sk_live_', 24)],
  ['npm token', r('npm_', 36), r('npm_', 36)],
  [
    'JSON web token',
    `${r('eyJ', 20)}.${r('eyJ', 20)}.${r('s', 20)}`,
    `${r('eyJ', 20)}.${r('eyJ', 20)}.${r('s', 20)}`
  ],
  [
    'PEM private key',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    'MIIEow'
  ],
  [
    'Bearer header',
    'Authorization: Bearer abcdef0123456789',
    'abcdef0123456789'
  ],
  [
    'query string password',
    'https://db.example/x?user=a&password=qs-secret-1',
    'qs-secret-1'
  ],
  [
    'connection string',
    'Server=db;User Id=sa;Password=Cs-Secret-2;',
    'Cs-Secret-2'
  ],
  ['JSON field', '{"apiKey":"json-secret-3"}', 'json-secret-3'],
  ['shell env prefix', 'DB_PASS=env-secret-4 helm template .', 'env-secret-4'],
  [
    'long flag, next word',
    'agent --password flag-secret-5 --v=2',
    'flag-secret-5'
  ],
  ['long flag with =', 'agent --client-secret=flag-secret-6', 'flag-secret-6'],
  ['mysql -p glued', 'mysql -u root -pmy-secret-7 db', 'my-secret-7'],
  ['mysql -p separate', 'mysqldump -u root -p my-secret-8 db', 'my-secret-8'],
  ['redis-cli -a', 'redis-cli -h r -a redis-secret-9 ping', 'redis-secret-9']
]

/** Look-alikes that must come out unchanged. */
const NOT_SECRETS = [
  'registry.example/agent:1.5.0@sha256:' + 'a'.repeat(64),
  'https://registry.example/v2/agent/manifests/1.0',
  'ssh://git@github.com/acme/infra.git',
  'nginx -p 8080',
  '--port 8080',
  '--kubeconfig=/etc/kubernetes/kubelet.conf',
  'LOG_LEVEL=info',
  'KEYCLOAK_URL=https://kc.example/realms/x',
  'contact someone@example.com',
  'maxUnavailable and maxSurge are both 0 (R3.2)',
  'container "agent" uses "registry.example/agent:latest"'
]

describe('redactText: a table of secret shapes', () => {
  it.each(SHAPES)('%s', (_rule, text, secret) => {
    const out = redactText(text)
    expect(out).not.toContain(secret)
    expect(out).toMatch(MARK)
    // Idempotent: a second pass changes nothing.
    expect(redactText(out)).toBe(out)
  })

  it.each(NOT_SECRETS.map((t) => [t]))('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text)
  })

  it('marks a changed secret as changed, and the same secret the same', () => {
    const a = redactText('postgres://u:old-pw@db/x')
    const b = redactText('postgres://u:new-pw@db/x')
    expect(a).not.toBe(b)
    expect(redactText('postgres://u:old-pw@db/x')).toBe(a)
    expect(secretMark('x')).toMatch(/^\(redacted sha256:[0-9a-f]{8}\)$/)
  })

  it("keeps usage placeholders in the tool's own messages, hides real values", () => {
    const usage =
      'authentication is required: give --tokens <file> and/or --token-review'
    expect(redactText(usage)).toBe(usage)
    expect(redactText('give --tokens hunter2-0123')).not.toContain('hunter2')
  })
})

describe('service error bodies', () => {
  it('pass the message through the policy', () => {
    const body = errorBody(
      new ApiError(400, 'invalid', 'cannot reach https://u:svc-pw@r.example')
    )
    expect(body.error.message).not.toContain('svc-pw')
    expect(body.error.message).toMatch(MARK)
  })
})

describe('redactArgs: flag values in both forms', () => {
  it.each([
    [
      ['--password', 'pw1'],
      ['--password', secretMark('pw1')]
    ],
    [['--password=pw1'], [`--password=${secretMark('pw1')}`]],
    [
      ['--db-password', 'pw1', '--v=2'],
      ['--db-password', secretMark('pw1'), '--v=2']
    ],
    [
      ['-token', 'tk'],
      ['-token', secretMark('tk')]
    ],
    [
      ['--password', '--verbose'],
      ['--password', '--verbose']
    ],
    [
      ['mysql', '-u', 'root', '-p', 'pw2'],
      ['mysql', '-u', 'root', '-p', secretMark('pw2')]
    ],
    [
      ['mysql', '-ppw3'],
      ['mysql', `-p${secretMark('pw3')}`]
    ],
    [
      ['nginx', '-p', '8080'],
      ['nginx', '-p', '8080']
    ],
    [
      ['--registry', 'https://u:pw4@r.example'],
      ['--registry', `https://u:${secretMark('pw4')}@r.example`]
    ]
  ])('%j', (args, expected) => {
    expect(redactArgs(args)).toEqual(expected)
  })

  it('knows the program from the container command', () => {
    expect(redactArgs(['-u', 'root', '-p', 'pw5'], '/usr/bin/mysql')).toEqual([
      '-u',
      'root',
      '-p',
      secretMark('pw5')
    ])
    expect(redactArgs(['-p', '8080'], 'nginx')).toEqual(['-p', '8080'])
  })
})

describe('redactValue: by place', () => {
  it('hides Secret data and stringData, keys kept', () => {
    const out = redactValue({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: 'c2VjcmV0' },
      stringData: { token: 'plain' }
    }) as { data: Record<string, string>; stringData: Record<string, string> }
    expect(out.data).toEqual({ password: secretMark('c2VjcmV0') })
    expect(out.stringData).toEqual({ token: secretMark('plain') })
  })

  it('hides values of secret-looking annotation keys, not of the others', () => {
    const out = redactValue({
      annotations: {
        'vault.hashicorp.com/agent-inject-token': 'tok',
        'example.com/api-key': 'k',
        'prometheus.io/port': '9100'
      }
    }) as { annotations: Record<string, string> }
    expect(out.annotations).toEqual({
      'vault.hashicorp.com/agent-inject-token': secretMark('tok'),
      'example.com/api-key': secretMark('k'),
      'prometheus.io/port': '9100'
    })
  })

  it('hides env values by name and by secretKeyRef, and shapes in the others', () => {
    const out = redactValue({
      env: [
        { name: 'API_TOKEN', value: 'a' },
        { name: 'PLAIN', value: 'https://u:pw6@h.example' },
        { name: 'LEVEL', value: 'info' }
      ]
    }) as { env: Array<{ value: string }> }
    expect(out.env.map((e) => e.value)).toEqual([
      secretMark('a'),
      `https://u:${secretMark('pw6')}@h.example`,
      'info'
    ])
  })
})

// --- the real-world manifests -------------------------------------------

const dir = new URL('../fixtures/realworld/', import.meta.url)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()

function load(file: string): ManifestObject[] {
  return parseManifests(readFileSync(new URL(file, dir), 'utf8'), file)
}

interface Container {
  name: string
  args?: unknown[]
  env?: unknown[]
}

/** Plants one secret of each kind into every DaemonSet of the head. */
function plant(objects: ManifestObject[], tag: string): ManifestObject[] {
  return objects.map((entry) => {
    if (entry.object.kind !== 'DaemonSet') return entry
    const object = structuredClone(entry.object) as {
      metadata: { annotations?: Record<string, string> }
      spec: { template: { spec: { containers: Container[] } } }
    }
    object.metadata.annotations = {
      ...object.metadata.annotations,
      'vault.example/token': `anno-${tag}`
    }
    const c = object.spec.template.spec.containers[0]!
    c.args = [...(c.args ?? []), '--password', `flag-${tag}`]
    c.env = [
      ...(c.env ?? []),
      { name: 'UPSTREAM_URL', value: `https://svc:url-${tag}@up.example/x` },
      { name: 'SERVICE_API_KEY', value: `env-${tag}` }
    ]
    return { ...entry, object: object as unknown as ManifestObject['object'] }
  })
}

describe('the real-world manifests', () => {
  it.each(files.map((f) => [f]))(
    '%s: planted secrets leave no exit, and their changes still show',
    (file) => {
      const base = plant(load(file), 'old-1a')
      const head = plant(load(file), 'new-2b')
      const plan = buildPlan({ base, head })
      if (plan.daemonSets.length === 0) return
      const verdict = decideVerdict(plan, 'error')
      const exits = [
        JSON.stringify(plan),
        renderPlanMarkdown(plan),
        renderComment(plan, { key: 'default', verdict }),
        renderSummary(plan, {
          key: 'default',
          verdict,
          comment: { status: 'created' }
        }),
        JSON.stringify(selectAnnotations(plan, 100))
      ]
      for (const text of exits)
        for (const tag of ['old-1a', 'new-2b']) expect(text).not.toContain(tag)
      for (const ds of plan.daemonSets) {
        const paths = ds.changes.map((c) => c.path)
        expect(paths.some((p) => p.includes('vault.example/token'))).toBe(true)
        expect(paths.some((p) => p.endsWith('.args'))).toBe(true)
        expect(paths.some((p) => p.includes('env[name=SERVICE_API_KEY]'))).toBe(
          true
        )
        for (const change of ds.changes) {
          if (
            !/token|args|env\[name=(UPSTREAM_URL|SERVICE_API_KEY)\]/.test(
              change.path
            )
          )
            continue
          expect(JSON.stringify(change.before)).toMatch(MARK)
          expect(JSON.stringify(change.before)).not.toBe(
            JSON.stringify(change.after)
          )
        }
      }
    }
  )

  it('hide only what looks secret in the manifests as written', () => {
    const hidden: string[] = []
    for (const file of files)
      for (const entry of load(file)) {
        const walk = (a: unknown, b: unknown, path: string): void => {
          if (typeof a === 'string') {
            if (a !== b) hidden.push(`${file} ${path}`)
          } else if (Array.isArray(a))
            a.forEach((x, i) => walk(x, (b as unknown[])[i], `${path}[${i}]`))
          else if (a !== null && typeof a === 'object')
            for (const [k, v] of Object.entries(a))
              walk(v, (b as Record<string, unknown>)[k], `${path}.${k}`)
        }
        walk(entry.object, redactDeep(entry.object), entry.object.kind ?? '')
      }
    expect(hidden).toEqual([
      // FLUENT_ELASTICSEARCH_PASSWORD: changeme
      'fluentd-kubernetes-daemonset-fluentd-daemonset-elasticsearch-rbac.yaml DaemonSet.spec.template.spec.containers[0].env[4].value',
      // METALLB_ML_SECRET_NAME: the name of a Secret, hidden because the env name says SECRET
      'metallb-metallb-native.yaml Deployment.spec.template.spec.containers[0].env[0].value'
    ])
  })
})
