import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { run, type RunDependencies } from '../../src/action/main.js'
import { loadManifestSets } from '../../src/adapters/fs/load-manifest-sets.js'
import { buildPlan, type PlanInput } from '../../src/core/plan/build-plan.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import { parseServeArgs } from '../../src/service/serve-options.js'
import { startService } from '../../src/service/start.js'
import type { Plan } from '../../src/core/plan/types.js'
import {
  actionEnvironment,
  FIXTURES,
  readOutputs,
  REPO_ROOT,
  type ActionRun
} from '../fixtures/action/harness.js'
import {
  HEAD_SHA,
  pullRequestEvent,
  pushEvent
} from '../fixtures/action/events.js'
import {
  FakeGitHub,
  HUMAN,
  serveFakeGitHub
} from '../fixtures/github/fake-github.js'
import { daemonSetPlan, emptyPlan, finding, planOf } from '../fixtures/plan.js'
import { hangPlan } from '../fixtures/scenarios/hang.js'

let github: FakeGitHub
let server: { url: string; close: () => Promise<void> }
let stdout: string[]

beforeEach(async () => {
  github = new FakeGitHub()
  server = await serveFakeGitHub(github)
  stdout = []
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    }
  )
  process.exitCode = undefined
})

afterEach(async () => {
  await server.close()
  expect(github.problems).toEqual([])
  process.exitCode = undefined
})

const errorPlan = () =>
  planOf([
    daemonSetPlan({
      file: `${FIXTURES}/head/agent.yaml`,
      line: 2,
      findings: [
        finding(
          'error',
          'max-unavailable-zero',
          'maxUnavailable and maxSurge are both 0 (R3.2)',
          {
            file: `${FIXTURES}/head/agent.yaml`,
            line: 2,
            namespace: 'kube-system',
            name: 'node-agent'
          }
        )
      ]
    })
  ])

interface Scenario {
  eventName?: string
  payload?: unknown
  inputs?: Record<string, string>
  plan?: Plan
  /** Overrides of the runner environment (e.g. GITHUB_WORKSPACE). */
  env?: Record<string, string>
}

/**
 * A repository as a push leaves it: the base fixture committed, then the
 * head fixture (a new image) committed on top. Returns the directory and
 * both commit ids.
 */
function pushedRepository(): { dir: string; before: string; after: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-push-'))
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'ci@example.com')
  git('config', 'user.name', 'ci')
  git('config', 'commit.gpgsign', 'false')
  mkdirSync(join(dir, 'k8s'))
  const commit = (version: 'base' | 'head') => {
    copyFileSync(
      join(REPO_ROOT, FIXTURES, version, 'agent.yaml'),
      join(dir, 'k8s', 'agent.yaml')
    )
    git('add', '.')
    git('commit', '-qm', version)
    return git('rev-parse', 'HEAD')
  }
  const before = commit('base')
  const after = commit('head')
  return { dir, before, after }
}

/** Runs the Action in-process as the runner would, with the plan injected through the engine seam. */
async function runAction(scenario: Scenario = {}) {
  const env: ActionRun = actionEnvironment({
    eventName: scenario.eventName ?? 'pull_request',
    payload: scenario.payload ?? pullRequestEvent(),
    inputs: {
      manifests: `${FIXTURES}/head`,
      'base-manifests': `${FIXTURES}/base`,
      ...scenario.inputs
    },
    apiUrl: server.url
  })
  for (const [name, value] of Object.entries({ ...env.env, ...scenario.env }))
    vi.stubEnv(name, value)
  const loaderCalls: Parameters<typeof loadManifestSets>[0][] = []
  const planInputs: PlanInput[] = []
  const deps: Partial<RunDependencies> = {
    loadManifestSets: async (options) => {
      loaderCalls.push(options)
      return loadManifestSets(options)
    },
    // plugin-throttling spaces comment writes 3 s apart per process; a real
    // run makes one write, these tests make dozens. The adapter tests and
    // the bundled-action test keep it on.
    octokitSettings: { retries: 1, retryAfterBaseMs: 1, throttle: false }
  }
  if (scenario.plan !== undefined) {
    const plan = scenario.plan
    deps.buildPlan = (input) => {
      planInputs.push(input)
      return plan
    }
  }
  await run(deps)
  const outputs = readOutputs(env.outputsFile)
  return {
    env,
    outputs,
    summary: readFileSync(env.summaryFile, 'utf8'),
    exitCode: process.exitCode,
    log: stdout.join(''),
    loaderCalls,
    planInputs
  }
}

describe('run() on pull_request', () => {
  it('creates the comment, writes summary, annotations and outputs, then fails the gate', async () => {
    const result = await runAction({ plan: errorPlan() })

    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/infra/issues/7/comments',
      'POST /repos/acme/infra/issues/7/comments'
    ])
    expect(github.requests[0]!.query).toEqual({ per_page: '100' })
    expect(github.requests[0]!.authorization).toBe('token ghs_faketoken')
    const [comment] = github.issueComments(7)
    const body = comment!['body'] as string
    expect(body.split('\n')[0]).toBe('<!-- ds-rollout:default -->')
    expect(body).toContain(
      '❌ **Plan rejected**: 1 error in the plan (fail-on: error).'
    )
    expect(body).toContain(
      '[workflow run and job summary](https://github.com/acme/infra/actions/runs/4242)'
    )
    expect(body).toContain(`for \`${HEAD_SHA.slice(0, 12)}\``)

    expect(result.outputs).toEqual({
      changed: 'true',
      'rollout-required': 'true',
      'highest-severity': 'error',
      'plan-json': join(result.env.dir, 'ds-rollout-plan.json'),
      'comment-id': String(comment!['id']),
      summary:
        '1 DaemonSet changed, 1 rollout; 1 error, 0 warnings, 0 notes; plan rejected: 1 error in the plan (fail-on: error)',
      'base-compared': 'true',
      'rollout-hangs': 'false',
      'rollout-hang-nodes': '0',
      sarif: join(result.env.dir, 'ds-rollout.sarif')
    })
    expect(
      JSON.parse(readFileSync(result.outputs['plan-json']!, 'utf8'))
    ).toEqual(errorPlan())

    expect(result.summary).toContain('## ds-rollout plan')
    expect(result.summary).toContain(
      `💬 [Plan comment](${comment!['html_url'] as string}) created.`
    )
    expect(result.log).toContain(
      `::error title=ds-rollout max-unavailable-zero kube-system/node-agent,file=${FIXTURES}/head/agent.yaml,line=2::maxUnavailable and maxSurge are both 0 (R3.2)`
    )
    // The gate fails last, with its reason.
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      '::error::ds-rollout: plan rejected: 1 error in the plan (fail-on: error)'
    )
  })

  it('hands the loader the inputs as given (explicit base files, no git ref)', async () => {
    const result = await runAction({
      plan: emptyPlan(),
      inputs: { snapshot: `${FIXTURES}/snapshot.json` }
    })
    expect(result.loaderCalls).toEqual([
      {
        head: [`${FIXTURES}/head`],
        base: [`${FIXTURES}/base`],
        cwd: REPO_ROOT.replace(/\/$/, ''),
        limits: {}
      }
    ])
    expect(result.planInputs[0]?.snapshot?.nodes.map((n) => n.name)).toEqual([
      'node-a'
    ])
  })

  it("defaults the base to the pull request's base SHA", async () => {
    const repo = pushedRepository()
    const event = pullRequestEvent()
    event.pull_request.base.sha = repo.before
    const result = await runAction({
      payload: event,
      plan: emptyPlan(),
      inputs: { manifests: 'k8s', 'base-manifests': '' },
      env: { GITHUB_WORKSPACE: repo.dir }
    })
    expect(result.loaderCalls[0]).toMatchObject({ baseRef: repo.before })
    expect(result.loaderCalls[0]).not.toHaveProperty('base')
  })

  it("fails with the fix when the pull request's base commit is not in the checkout", async () => {
    const result = await runAction({ inputs: { 'base-manifests': '' } })
    expect(github.requests).toEqual([])
    expect(result.loaderCalls).toEqual([])
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      "::error::the pull request's base commit 1111111111111111111111111111111111111111 is not in the checkout (a shallow clone?)"
    )
  })

  it('updates the same comment on the next run and skips the write when nothing changed', async () => {
    const first = await runAction({ plan: planOf([daemonSetPlan()]) })
    const id = first.outputs['comment-id']
    const second = await runAction({
      plan: errorPlan(),
      inputs: { 'fail-on': 'never' }
    })
    const third = await runAction({
      plan: errorPlan(),
      inputs: { 'fail-on': 'never' }
    })

    expect(github.issueComments(7)).toHaveLength(1)
    expect(second.outputs['comment-id']).toBe(id)
    expect(third.outputs['comment-id']).toBe(id)
    expect(github.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/infra/issues/7/comments',
      `PATCH /repos/acme/infra/issues/comments/${id}`
    ])
    expect(third.summary).toContain('already up to date')
    expect(second.exitCode).toBeUndefined()
  })

  it('keeps one comment per comment-key', async () => {
    await runAction({
      plan: planOf([daemonSetPlan()]),
      inputs: { 'comment-key': 'prod-eu' }
    })
    await runAction({
      plan: planOf([daemonSetPlan()]),
      inputs: { 'comment-key': 'prod-us' }
    })
    await runAction({
      plan: planOf([daemonSetPlan()]),
      inputs: { 'comment-key': 'prod-eu' }
    })
    const markers = github
      .issueComments(7)
      .map((c) => (c['body'] as string).split('\n')[0])
    expect(markers).toEqual([
      '<!-- ds-rollout:prod-eu -->',
      '<!-- ds-rollout:prod-us -->'
    ])
  })

  it('never takes over a human comment that carries the marker', async () => {
    github.seedIssueComment(7, '<!-- ds-rollout:default -->\nfake plan', HUMAN)
    await runAction({ plan: planOf([daemonSetPlan()]) })
    expect(github.issueComments(7)).toHaveLength(2)
    expect(github.issueComments(7)[0]!['body']).toBe(
      '<!-- ds-rollout:default -->\nfake plan'
    )
  })

  it('replaces a stale plan when the pull request no longer changes a DaemonSet', async () => {
    await runAction({ plan: planOf([daemonSetPlan()]) })
    const result = await runAction({ plan: emptyPlan() })
    const [comment] = github.issueComments(7)
    expect(comment!['body']).toMatch(
      /^<!-- ds-rollout:default -->\n### ds-rollout plan\n\nThis pull request no longer changes any DaemonSet/
    )
    expect(result.outputs['changed']).toBe('false')
  })

  it('creates no comment when the change never touched a DaemonSet', async () => {
    const result = await runAction({ plan: emptyPlan() })
    expect(github.writes()).toEqual([])
    expect(result.outputs['comment-id']).toBe('')
    expect(result.summary).toContain(
      '💬 No comment: the change touches no DaemonSet'
    )
  })
})

describe('run() without comment permissions', () => {
  it('succeeds on a fork without calling GitHub, and says why in the summary', async () => {
    const result = await runAction({
      payload: pullRequestEvent({ fork: true }),
      plan: planOf([daemonSetPlan()])
    })
    expect(github.requests).toEqual([])
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs['comment-id']).toBe('')
    expect(result.outputs['changed']).toBe('true')
    expect(result.summary).toContain(
      '💬 No comment: this pull request comes from a fork (contributor/infra)'
    )
  })

  it('treats a 403 "Resource not accessible by integration" as no comment, not a failure', async () => {
    github.faults.push((r) =>
      r.method === 'POST'
        ? {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com/rest'
            }
          }
        : undefined
    )
    const result = await runAction({ plan: planOf([daemonSetPlan()]) })
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs['comment-id']).toBe('')
    expect(result.summary).toContain(
      '💬 No comment: the token may not write comments here (GitHub answered 403 "Resource not accessible by integration")'
    )
    expect(result.log).toContain(
      'No comment: the token may not write comments here'
    )
  })

  it('still writes summary and outputs when GitHub fails, then fails the step', async () => {
    github.faults.push(() => ({
      status: 500,
      body: { message: 'Internal Server Error' }
    }))
    const result = await runAction({ plan: planOf([daemonSetPlan()]) })
    expect(github.requests).toHaveLength(2) // one retry, bounded
    expect(result.outputs['changed']).toBe('true')
    expect(result.summary).toContain(
      '💬 No comment: writing the comment failed'
    )
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(
      /::error::writing the comment failed: Internal Server Error/
    )
  })
})

describe('run() with working-directory', () => {
  it('resolves paths there and annotates files relative to the repository root', async () => {
    const plan = planOf([
      daemonSetPlan({
        file: 'head/agent.yaml',
        findings: [
          finding('warning', 'surge', 'maxSurge doubles the pods', {
            file: 'head/agent.yaml',
            line: 14
          })
        ]
      })
    ])
    const result = await runAction({
      plan,
      inputs: {
        'working-directory': FIXTURES,
        manifests: 'head',
        'base-manifests': 'base',
        comment: 'false'
      }
    })
    expect(result.loaderCalls[0]).toEqual({
      head: ['head'],
      base: ['base'],
      cwd: join(REPO_ROOT, FIXTURES),
      limits: {}
    })
    expect(result.log).toContain(
      `::warning title=ds-rollout surge,file=${FIXTURES}/head/agent.yaml,line=14::maxSurge doubles the pods`
    )
    expect(result.summary).toContain(
      '💬 No comment: the `comment` input is false.'
    )
  })

  it('publishes without a comment when the token is empty', async () => {
    const result = await runAction({
      plan: planOf([daemonSetPlan()]),
      inputs: { 'github-token': '' }
    })
    expect(github.requests).toEqual([])
    expect(result.exitCode).toBeUndefined()
    expect(result.summary).toContain(
      '💬 No comment: the `github-token` input is empty.'
    )
  })
})

describe('run() on other events', () => {
  it('writes only the summary on push', async () => {
    const result = await runAction({
      eventName: 'push',
      payload: pushEvent(),
      plan: planOf([daemonSetPlan()])
    })
    expect(github.requests).toEqual([])
    expect(result.summary).toContain(
      '💬 No comment: the `push` event has no pull request'
    )
  })

  it('comments on the commit on push when comment is true, planned against the commit before the push', async () => {
    const repo = pushedRepository()
    const result = await runAction({
      eventName: 'push',
      payload: pushEvent(repo.before),
      inputs: { comment: 'true', manifests: 'k8s', 'base-manifests': '' },
      env: { GITHUB_WORKSPACE: repo.dir, GITHUB_SHA: repo.after }
    })
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/acme/infra/commits/${repo.after}/comments`,
      `POST /repos/acme/infra/commits/${repo.after}/comments`
    ])
    expect(result.loaderCalls[0]).toMatchObject({ baseRef: repo.before })
    const [comment] = github.commitComments(repo.after)
    expect(result.outputs['comment-id']).toBe(String(comment!['id']))
    // The real engine compared the two commits: one modified DaemonSet
    // whose image changed, not an "added" one.
    const body = String(comment!['body'])
    expect(body).toMatch(/^\| `kube-system\/node-agent` \| modified \|/m)
    expect(body).toContain('`registry.example/agent:1.4.0`')
    expect(body).toContain('`registry.example/agent:1.5.0`')
    expect(result.outputs['changed']).toBe('true')
  })

  it('fails with the fix when the commit before the push is not in the checkout (shallow clone)', async () => {
    const result = await runAction({
      eventName: 'push',
      payload: pushEvent(),
      inputs: { comment: 'true', 'base-manifests': '' }
    })
    expect(github.requests).toEqual([])
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      '::error::the commit before the push 1111111111111111111111111111111111111111 is not in the checkout (a shallow clone?): ' +
        'use actions/checkout with `fetch-depth: 0`, or give `base-ref` or `base-manifests`'
    )
  })

  it('fails with the fix when the workspace is not a git checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-nogit-'))
    const result = await runAction({
      eventName: 'push',
      payload: pushEvent(),
      inputs: { 'base-manifests': '' },
      env: { GITHUB_WORKSPACE: dir }
    })
    expect(result.loaderCalls).toEqual([])
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      `::error::the working directory ${dir} is not inside a git checkout, so the commit before the push ` +
        '1111111111111111111111111111111111111111 cannot be read: check out the repository with actions/checkout, or give `base-manifests`'
    )
  })

  it('on workflow_dispatch without base-ref says no base was compared: banner, output, warning (issue 15)', async () => {
    const result = await runAction({
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { 'base-manifests': '', 'fail-on': 'never' }
    })
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs['base-compared']).toBe('false')
    expect(result.summary).toContain('> **No base compared.**')
    expect(result.outputs['summary']).toMatch(/^NO BASE COMPARED; /)
    expect(result.log).toContain('::warning::No base compared')
    const plan = JSON.parse(
      readFileSync(result.outputs['plan-json']!, 'utf8')
    ) as Plan
    expect(plan.baseCompared).toBe(false)
    expect(plan.findings.map((f) => f.code)).toContain('no-base-compared')
  })

  it('a hanging rollout sets rollout-hangs and the nodes it stops at (issue 15)', async () => {
    const result = await runAction({
      plan: hangPlan(),
      inputs: { 'fail-on': 'never' }
    })
    expect(result.outputs['rollout-hangs']).toBe('true')
    expect(result.outputs['rollout-hang-nodes']).toBe('15')
    expect(result.outputs['summary']).toContain(
      '1 rollout HANG (15 nodes never done)'
    )
    expect(result.summary).toContain(
      'HANGS: 15 of 16 nodes stay on the old pod'
    )
  })

  it('writes only the summary on workflow_dispatch', async () => {
    const result = await runAction({
      eventName: 'workflow_dispatch',
      payload: {},
      plan: planOf([daemonSetPlan()])
    })
    expect(github.requests).toEqual([])
    expect(result.outputs['changed']).toBe('true')
  })
})

describe('run() with bad input', () => {
  it('fails with one message and publishes nothing', async () => {
    const result = await runAction({
      inputs: { mode: 'rollout' },
      plan: planOf([daemonSetPlan()])
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      "::error::input 'mode' must be one of: plan, apply, undo (got 'rollout')"
    )
    expect(result.outputs).toEqual({})
    expect(result.summary).toBe('')
    expect(github.requests).toEqual([])
  })

  it('reports a snapshot that is not one', async () => {
    const result = await runAction({
      inputs: { snapshot: `${FIXTURES}/head/agent.yaml` },
      plan: emptyPlan()
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toContain(
      `::error::${FIXTURES}/head/agent.yaml: no nodes in the snapshot: give the output of \`kubectl get nodes -o json\``
    )
  })
})

describe('run() with the real engine', () => {
  it('writes a schemaVersion 1 plan and every output (whatever the diff finds)', async () => {
    const result = await runAction({
      inputs: { 'fail-on': 'never', snapshot: `${FIXTURES}/snapshot.json` }
    })
    expect(result.exitCode).toBeUndefined()
    expect(Object.keys(result.outputs).sort()).toEqual(
      [
        'changed',
        'comment-id',
        'highest-severity',
        'plan-json',
        'rollout-required',
        'summary',
        'base-compared',
        'rollout-hangs',
        'rollout-hang-nodes',
        'sarif'
      ].sort()
    )
    const plan = JSON.parse(
      readFileSync(result.outputs['plan-json']!, 'utf8')
    ) as Plan
    expect(plan.schemaVersion).toBe(2)
    expect(result.outputs['changed']).toBe(String(plan.summary.changed > 0))
    expect(result.summary.startsWith('## ds-rollout plan\n')).toBe(true)
    // The SARIF file of the same findings, for upload-sarif.
    const sarif = JSON.parse(
      readFileSync(result.outputs['sarif']!, 'utf8')
    ) as {
      version: string
      runs: { results: unknown[] }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results).toHaveLength(
      plan.summary.errors + plan.summary.warnings + plan.summary.infos
    )
  })
})

describe('run() with analysis-url (the analysis service)', () => {
  it('plans through the service: the same plan as the engine computes from the snapshot the service serves, with the token masked', async () => {
    const token = 'svc-token-0123456789abcdef'
    const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-svc-'))
    writeFileSync(join(dir, 'tokens'), `${token}\n`)
    const service = await startService(
      parseServeArgs([
        '--snapshot',
        `${REPO_ROOT}${FIXTURES}/snapshot.json`,
        '--tokens',
        join(dir, 'tokens'),
        '--listen',
        '127.0.0.1:0'
      ]),
      { log: () => {} }
    )
    try {
      const result = await runAction({
        inputs: {
          'fail-on': 'never',
          'analysis-url': service.url,
          'analysis-token': token
        }
      })
      expect(result.exitCode).toBeUndefined()
      expect(result.log).toContain(`::add-mask::${token}`)
      const served = JSON.parse(
        readFileSync(result.outputs['plan-json']!, 'utf8')
      ) as Plan
      const sets = await loadManifestSets({
        head: [`${FIXTURES}/head`],
        base: [`${FIXTURES}/base`],
        cwd: REPO_ROOT
      })
      const local = buildPlan({
        ...sets,
        snapshot: loadSnapshot(
          JSON.parse(
            readFileSync(`${REPO_ROOT}${FIXTURES}/snapshot.json`, 'utf8')
          ),
          'snapshot.json'
        )
      })
      expect(served.summary).toEqual(local.summary)
      expect(
        served.daemonSets.map((ds) => [
          ds.namespace,
          ds.name,
          ds.change,
          ds.outcomes?.reduce((n, g) => n + g.count, 0),
          ds.file,
          ds.line
        ])
      ).toEqual(
        local.daemonSets.map((ds) => [
          ds.namespace,
          ds.name,
          ds.change,
          ds.outcomes?.reduce((n, g) => n + g.count, 0),
          ds.file,
          ds.line
        ])
      )
      expect(served.daemonSets[0]?.outcomes?.length).toBeGreaterThan(0)
      // The engine in the Action was not used: the plan came from the service.
      expect(result.planInputs).toEqual([])
    } finally {
      await service.stop()
    }
  })
})
