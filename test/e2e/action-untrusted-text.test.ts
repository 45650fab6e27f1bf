/**
 * Issue 11 as an attacker plays it, on the BUNDLED action run the way the
 * runner runs it (`node index.js` with INPUT_* variables) against the
 * recording GitHub stand-in: a pull request whose manifests and file names
 * carry secrets, Markdown, HTML and mentions, on a pull request where
 * another app already wrote a comment with our marker. The comment, the
 * summary, the annotations, the log and the plan JSON are checked with a
 * real CommonMark/GFM renderer: no secret, and no link, image, HTML element
 * or mention that came from the pull request.
 */
import { execFile } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from 'vitest'
import { pullRequestEvent } from '../fixtures/action/events.js'
import {
  actionEnvironment,
  readOutputs,
  REPO_ROOT
} from '../fixtures/action/harness.js'
import {
  BOT,
  FakeGitHub,
  serveFakeGitHub
} from '../fixtures/github/fake-github.js'
import {
  elementNames,
  MENTION_OR_REF,
  renderGfm,
  textOutsideCode
} from '../support/markdown.js'

const exec = promisify(execFile)
let outdir: string
let github: FakeGitHub
let server: { url: string; close: () => Promise<void> }

/** Secrets the pull request carries; none may appear anywhere. */
const SECRETS = [
  'hunter2-pw',
  'PW-in-url-77',
  'env-s3cret-value',
  'annotation-tok-99',
  'render-cmd-s3cret'
]
const ATTACKER = 'attacker.example'
const OTHER_APP = { login: 'other-app[bot]', id: 4242, type: 'Bot' }
const MARKER = '<!-- ds-rollout:default -->'

function daemonSet(image: string, version: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: node-agent',
    '  namespace: kube-system',
    '  annotations:',
    `    vault.example/token: annotation-tok-${version === 'head' ? '99' : '98'}`,
    'spec:',
    '  selector: {matchLabels: {app: node-agent}}',
    '  template:',
    '    metadata: {labels: {app: node-agent}}',
    '    spec:',
    '      containers:',
    '        - name: agent',
    `          image: ${JSON.stringify(image)}`,
    `          args: ["--verbose", "--password", "hunter2-${version === 'head' ? 'pw' : 'old'}"]`,
    '          env:',
    '            - name: DATABASE_URL',
    `              value: "postgres://app:PW-in-url-${version === 'head' ? '77' : '76'}@db.example:5432/app"`,
    '            - name: DB_PASSWORD',
    `              value: env-s3cret-${version === 'head' ? 'value' : 'old'}`
  ].join('\n')
}

/** Base and head directories; the head file's name is hostile too. */
function repository(): { base: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-hostile-'))
  const base = join(dir, 'base')
  const head = join(dir, 'head')
  mkdirSync(base)
  mkdirSync(head)
  writeFileSync(
    join(base, 'agent.yaml'),
    daemonSet('registry.example/agent:1.0', 'base')
  )
  writeFileSync(
    join(head, `agent\r@octocat ![f](f.png) <img src=x> #2.yaml`),
    daemonSet(
      `registry.example/agent:1.1\r@octocat ![i](https://${ATTACKER}/i.png) <img src=x> | #1`,
      'head'
    )
  )
  return { base, head }
}

beforeAll(async () => {
  expect(Number(process.versions.node.split('.')[0])).toBe(24)
  outdir = mkdtempSync(join(tmpdir(), 'ds-rollout-bundle-'))
  await exec('npm', ['run', 'bundle', '--', `--outdir=${outdir}`], {
    cwd: REPO_ROOT
  })
})

afterAll(() => rmSync(outdir, { recursive: true, force: true }))

beforeEach(async () => {
  github = new FakeGitHub()
  server = await serveFakeGitHub(github)
})

afterEach(async () => {
  await server.close()
  expect(github.problems).toEqual([])
})

async function runBundle(inputs: Record<string, string>) {
  const action = actionEnvironment({
    eventName: 'pull_request',
    payload: pullRequestEvent(),
    inputs: { 'fail-on': 'never', ...inputs },
    apiUrl: server.url
  })
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: action.dir,
    ...action.env
  }
  let exitCode = 0
  let stdout = ''
  try {
    ;({ stdout } = await exec(process.execPath, [join(outdir, 'index.js')], {
      env,
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024
    }))
  } catch (err) {
    const failed = err as { code?: number; stdout?: string }
    exitCode = failed.code ?? -1
    stdout = failed.stdout ?? ''
  }
  const outputs = readOutputs(action.outputsFile)
  return {
    exitCode,
    stdout,
    outputs,
    summary: readFileSync(action.summaryFile, 'utf8'),
    planJson:
      outputs['plan-json'] === undefined
        ? ''
        : readFileSync(outputs['plan-json'], 'utf8'),
    dir: action.dir
  }
}

/** Our templates' own elements; anything else came from input. */
const OUR_ELEMENTS = new Set([
  'p',
  'code',
  'strong',
  'em',
  'a',
  'h2',
  'h3',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'li',
  'sub',
  'details',
  'summary',
  'br',
  'blockquote'
])

function expectInert(markdown: string): void {
  const html = renderGfm(markdown)
  const foreign = elementNames(html).filter((n) => !OUR_ELEMENTS.has(n))
  expect(foreign).toEqual([])
  expect(html).not.toContain(ATTACKER + '/i.png"')
  const hrefs = [...html.matchAll(/<(?:a|img)\b[^>]*(?:href|src)="([^"]*)"/g)]
  for (const [, url] of hrefs)
    expect(url).toMatch(/^https:\/\/github\.com\/acme\/infra\//)
  expect(textOutsideCode(html)).not.toMatch(MENTION_OR_REF)
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret)
}

describe('untrusted text through the bundled action', () => {
  it('keeps secrets out and text inert in the comment, summary, annotations, log and plan JSON', async () => {
    const { base, head } = repository()
    const result = await runBundle({
      manifests: head,
      'base-manifests': base
    })
    expect(
      result.stdout.split('\n').filter((l) => l.startsWith('::error'))
    ).toEqual([])
    expect(result.exitCode).toBe(0)
    const [comment] = github.issueComments(7)
    const body = comment!['body'] as string
    // The changes are there, redacted: a changed secret shows as changed.
    expect(body).toMatch(/redacted sha256:[0-9a-f]{8}/)
    const plan = JSON.parse(result.planJson) as {
      daemonSets: Array<{
        changes: Array<{ path: string; before?: unknown; after?: unknown }>
      }>
    }
    const changes = plan.daemonSets[0]!.changes
    const secretEnv = changes.find((c) =>
      c.path.endsWith('env[name=DB_PASSWORD].value')
    )
    expect(secretEnv?.before).toMatch(/^\(redacted sha256:[0-9a-f]{8}\)$/)
    expect(secretEnv?.after).toMatch(/^\(redacted sha256:[0-9a-f]{8}\)$/)
    expect(secretEnv?.before).not.toBe(secretEnv?.after)
    for (const text of [body, result.summary, result.stdout, result.planJson])
      expectNoSecret(text)
    expectInert(body)
    expectInert(result.summary)
    // Annotations and log lines: one line each, no secret.
    for (const line of result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::')))
      expect(line).not.toMatch(/\r/)
  })

  it("never takes another app's comment with our marker, and updates its own on the next run", async () => {
    const { base, head } = repository()
    const theirs = github.seedIssueComment(
      7,
      `${MARKER}\nanother app's text`,
      OTHER_APP
    )
    const first = await runBundle({ manifests: head, 'base-manifests': base })
    expect(first.exitCode).toBe(0)
    expect(github.graphql).toHaveLength(1)
    const created = github.writes()
    expect(created.map((r) => r.operationId)).toEqual(['issues/create-comment'])
    const comments = github.issueComments(7)
    expect(comments).toHaveLength(2)
    expect(comments[0]!['body']).toBe(`${MARKER}\nanother app's text`)
    const ours = comments[1]!
    expect(ours['user']).toMatchObject({ login: BOT.login })

    const second = await runBundle({
      manifests: head,
      'base-manifests': base,
      'fail-on': 'warning'
    })
    expect(second.outputs['comment-id']).toBe(String(ours['id']))
    expect(
      github
        .writes()
        .map((r) => `${r.operationId} ${r.path}`)
        .slice(1)
    ).not.toContain(
      `issues/update-comment /repos/acme/infra/issues/comments/${theirs}`
    )
    expect(github.issueComments(7)[0]!['body']).toBe(
      `${MARKER}\nanother app's text`
    )
  })

  it('posts a new comment, and says so, when updating its own fails', async () => {
    const { base, head } = repository()
    const old = github.seedIssueComment(7, `${MARKER}\nold plan`, BOT)
    github.faults.push((r) =>
      r.operationId === 'issues/update-comment'
        ? {
            status: 403,
            body: { message: 'Resource not accessible by integration' }
          }
        : undefined
    )
    const result = await runBundle({ manifests: head, 'base-manifests': base })
    expect(github.writes().map((r) => r.operationId)).toEqual([
      'issues/update-comment',
      'issues/create-comment'
    ])
    const comments = github.issueComments(7)
    expect(comments).toHaveLength(2)
    expect(result.outputs['comment-id']).toBe(String(comments[1]!['id']))
    expect(result.outputs['comment-id']).not.toBe(String(old))
    expect(result.stdout).toMatch(
      new RegExp(
        `::warning::ds-rollout comment: updating our comment ${old} failed \\(HTTP 403`
      )
    )
    expect(result.summary).toContain('so a new one was posted')
  })

  it('runs the render command without INPUT_* or tokens, and never shows its text', async () => {
    const { base, head } = repository()
    const envFile = join(head, '..', 'render-env.txt')
    const result = await runBundle({
      manifests: head,
      'base-manifests': base,
      'render-command': `RENDER_DB_PASS=render-cmd-s3cret env > '${envFile}'; cat *.yaml`,
      // The render command runs from the repository root (issue 15); this
      // head directory is no repository, so the working directory is its root.
      'working-directory': head,
      kubeconfig:
        'apiVersion: v1\nusers: [{name: u, user: {token: kube-token-s3cret}}]'
    })
    expect(result.exitCode).toBe(0)
    const seen = readFileSync(envFile, 'utf8')
    expect(seen).toMatch(/^PATH=/m)
    expect(seen).not.toMatch(/^INPUT_/m)
    expect(seen).not.toContain('kube-token-s3cret')
    expect(seen).not.toContain('ghs_faketoken')
    const body = github.issueComments(7)[0]?.['body'] as string | undefined
    for (const text of [
      body ?? '',
      result.summary,
      result.stdout,
      result.planJson
    ]) {
      expect(text).not.toContain('render-cmd-s3cret')
      expect(text).not.toContain('RENDER_DB_PASS')
    }
    expect(result.summary + (body ?? '')).toContain(
      '(rendered by render-command)'
    )
  })
})
