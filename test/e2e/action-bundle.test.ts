/**
 * Runs the BUNDLED action the way GitHub's runner does: `node index.js` on
 * Node 24 with INPUT_* variables, GITHUB_EVENT_PATH pointing at a
 * pull_request payload, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and
 * GITHUB_API_URL pointing at a fake GitHub on 127.0.0.1 that checks every
 * request against GitHub's OpenAPI description. The bundle is built by
 * `npm run bundle` into a temporary directory (dist/ is not touched).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
import type { Plan } from '../../src/core/plan/types.js'
import { MAX_COMMENT_CHARS } from '../../src/util/constants.js'
import { pullRequestEvent } from '../fixtures/action/events.js'
import {
  actionEnvironment,
  FIXTURES,
  readOutputs,
  REPO_ROOT
} from '../fixtures/action/harness.js'
import { FakeGitHub, serveFakeGitHub } from '../fixtures/github/fake-github.js'
import { daemonSetPlan, finding, planOf } from '../fixtures/plan.js'

const exec = promisify(execFile)
let outdir: string
let github: FakeGitHub
let server: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  // The runner's node24: the child runs on this very binary.
  expect(Number(process.versions.node.split('.')[0])).toBe(24)
  outdir = mkdtempSync(join(tmpdir(), 'ds-rollout-bundle-'))
  await exec(
    'npm',
    [
      'run',
      'bundle',
      '--',
      `--outdir=${outdir}`,
      `${FIXTURES}/fixed-plan-entry.ts`
    ],
    {
      cwd: REPO_ROOT
    }
  )
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

interface BundleRun {
  bundle?: 'action' | 'fixed-plan'
  plan?: Plan
  payload?: unknown
  inputs?: Record<string, string>
}

async function runBundle(options: BundleRun = {}) {
  const action = actionEnvironment({
    eventName: 'pull_request',
    payload: options.payload ?? pullRequestEvent(),
    inputs: {
      manifests: `${FIXTURES}/head`,
      'base-manifests': `${FIXTURES}/base`,
      ...options.inputs
    },
    apiUrl: server.url
  })
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: action.dir,
    ...action.env
  }
  // index.js: the start-up check of action.yml's `main`, which imports index-main.js.
  let script = join(outdir, 'index.js')
  if (options.bundle === 'fixed-plan') {
    script = join(outdir, 'fixed-plan-entry.js')
    env['DS_ROLLOUT_TEST_PLAN'] = join(action.dir, 'plan-in.json')
    writeFileSync(env['DS_ROLLOUT_TEST_PLAN'], JSON.stringify(options.plan))
  }
  let exitCode = 0
  let stdout = ''
  try {
    ;({ stdout } = await exec(process.execPath, [script], {
      env,
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024
    }))
  } catch (err) {
    const failed = err as { code?: number; stdout?: string }
    exitCode = failed.code ?? -1
    stdout = failed.stdout ?? ''
  }
  return {
    exitCode,
    stdout,
    outputs: readOutputs(action.outputsFile),
    summary: readFileSync(action.summaryFile, 'utf8')
  }
}

describe('the bundled action (node24, as the runner starts it)', () => {
  it('creates one comment, and the next run updates that same comment', async () => {
    const first = await runBundle({
      bundle: 'fixed-plan',
      plan: planOf([daemonSetPlan()]),
      inputs: { 'fail-on': 'never' }
    })
    expect(first.exitCode).toBe(0)
    expect(github.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment'
    ])
    const id = first.outputs['comment-id']
    expect(id).toMatch(/^\d+$/)

    const second = await runBundle({
      bundle: 'fixed-plan',
      plan: planOf([
        daemonSetPlan({
          findings: [
            finding(
              'error',
              'selector-changed',
              'the selector is immutable (R2.1)'
            )
          ]
        })
      ])
    })
    expect(github.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment'
    ])
    expect(github.requests[3]!.path).toBe(
      `/repos/acme/infra/issues/comments/${id}`
    )
    expect(second.outputs['comment-id']).toBe(id)
    const comments = github.issueComments(7)
    expect(comments).toHaveLength(1)
    expect(comments[0]!['body']).toContain(
      '❌ **Plan rejected**: 1 error in the plan (fail-on: error).'
    )
    // The gate fails the step only after the comment was updated.
    expect(second.exitCode).toBe(1)
    expect(second.stdout).toContain(
      '::error::ds-rollout: plan rejected: 1 error in the plan (fail-on: error)'
    )
  })

  it('cuts an over-limit plan cleanly, keeping the marker first', async () => {
    const huge = planOf(
      Array.from({ length: 3000 }, (_, i) =>
        daemonSetPlan({ name: `agent-${i}` })
      )
    )
    const result = await runBundle({
      bundle: 'fixed-plan',
      plan: huge,
      inputs: { 'comment-key': 'big' }
    })
    expect(result.exitCode).toBe(0)
    const body = github.issueComments(7)[0]!['body'] as string
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body.split('\n')[0]).toBe('<!-- ds-rollout:big -->')
    expect(body).toMatch(
      /This plan was cut to fit GitHub's comment limit \(65,536 characters\); \d+ more lines are in the \[job summary\]\(https:\/\/github\.com\/acme\/infra\/actions\/runs\/4242\)/
    )
    // The summary has 1 MiB of room: it holds every row.
    expect(
      result.summary
        .split('\n')
        .filter((l) => l.startsWith('| `kube-system/agent-'))
    ).toHaveLength(3000)
  })

  it('succeeds on a fork pull request without a comment, saying why', async () => {
    const result = await runBundle({
      payload: pullRequestEvent({ fork: true }),
      inputs: { 'fail-on': 'never' }
    })
    expect(result.exitCode).toBe(0)
    expect(github.requests).toEqual([])
    expect(result.outputs['comment-id']).toBe('')
    expect(result.outputs['plan-json']).toMatch(/ds-rollout-plan\.json$/)
    expect(result.summary).toContain(
      '💬 No comment: this pull request comes from a fork (contributor/infra)'
    )
  })

  it('runs the real engine on the fixture manifests: the image change is planned and commented', async () => {
    const result = await runBundle({
      inputs: { 'fail-on': 'never', snapshot: `${FIXTURES}/snapshot.json` }
    })
    expect(result.exitCode).toBe(0)
    const plan = JSON.parse(
      readFileSync(result.outputs['plan-json']!, 'utf8')
    ) as Plan
    expect(plan.schemaVersion).toBe(2)
    expect(plan.summary).toMatchObject({ changed: 1, rollouts: 1 })
    const [agent] = plan.daemonSets
    expect(agent).toMatchObject({
      namespace: 'kube-system',
      name: 'node-agent',
      change: 'modified',
      rollout: { triggered: true }
    })
    expect(agent!.changes).toContainEqual(
      expect.objectContaining({
        path: 'spec.template.spec.containers[name=agent].image',
        before: 'registry.example/agent:1.4.0',
        after: 'registry.example/agent:1.5.0',
        template: true,
        line: 26
      })
    )
    expect(result.outputs['changed']).toBe('true')
    expect(result.outputs['rollout-required']).toBe('true')
    expect(github.writes().map((r) => r.operationId)).toEqual([
      'issues/create-comment'
    ])
    const body = github.issueComments(7)[0]!['body'] as string
    expect(body).toMatch(/^\| `kube-system\/node-agent` \| modified \| yes/m)
    expect(body).toMatch(
      /^\| `spec\.template\.spec\.containers\[name=agent\]\.image` 🔄 \| `registry\.example\/agent:1\.4\.0` \| `registry\.example\/agent:1\.5\.0` \|$/m
    )
  })

  it('fails with one ::error:: line on bad input', async () => {
    const result = await runBundle({ inputs: { 'fail-on': 'sometimes' } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      "::error::input 'fail-on' must be one of: never, error, warning (got 'sometimes')"
    )
    expect(github.requests).toEqual([])
  })
})
