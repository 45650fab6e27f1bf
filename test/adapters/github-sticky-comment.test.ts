import nock from 'nock'
import { beforeEach, describe, expect, it } from 'vitest'
import { publishComment } from '../../src/action/publish-comment.js'
import {
  createOctokit,
  DEFAULT_OCTOKIT_SETTINGS,
  type GitHubClient
} from '../../src/adapters/github/octokit.js'
import {
  findStickyComment,
  upsertStickyComment,
  type CommentTarget
} from '../../src/adapters/github/sticky-comment.js'
import { decideVerdict } from '../../src/core/verdict/decide-verdict.js'
import { openApiExample } from '../fixtures/github/openapi.js'
import {
  BOT,
  commitComment,
  HUMAN,
  issueComment,
  validated,
  type RecordedRequest
} from '../fixtures/github/fake-github.js'
import { daemonSetPlan, emptyPlan, finding, planOf } from '../fixtures/plan.js'

const API = 'https://api.github.com'
const LIST = '/repos/acme/infra/issues/7/comments'
const PR: CommentTarget = {
  kind: 'issue',
  owner: 'acme',
  repo: 'infra',
  number: 7
}
const COMMIT_SHA = 'c'.repeat(40)
const COMMIT: CommentTarget = {
  kind: 'commit',
  owner: 'acme',
  repo: 'infra',
  sha: COMMIT_SHA
}
const MARKER = '<!-- ds-rollout:prod -->'

let seen: RecordedRequest[]
let warnings: string[]
let octokit: GitHubClient

beforeEach(() => {
  seen = []
  warnings = []
  octokit = createOctokit(
    'ghs_test',
    {
      ...DEFAULT_OCTOKIT_SETTINGS,
      baseUrl: API,
      retries: 2,
      retryAfterBaseMs: 1,
      rateLimitBaseMs: 1
    },
    (message) => warnings.push(message)
  )
  // Who the token is: looked up once per client (GraphQL viewer).
  viewer(BOT)
})

/** The GraphQL `viewer` answer for the token (optional: not every test gets that far). */
function viewer(user: { login: string; id: number }): void {
  nock(API)
    .post('/graphql')
    .optionally()
    .reply(200, {
      data: { viewer: { login: user.login, databaseId: user.id } }
    })
}

const OTHER_APP = { login: 'other-app[bot]', id: 999, type: 'Bot' }

function filler(from: number, count: number) {
  return Array.from({ length: count }, (_, i) =>
    issueComment(from + i, `comment ${from + i}`, HUMAN)
  )
}

describe('findStickyComment', () => {
  it('pages through every comment and finds ours on a later page', async () => {
    nock(API)
      .get(LIST)
      .query({ per_page: '100' })
      .reply(
        validated(
          {
            status: 200,
            body: filler(1, 100),
            headers: {
              link: `<${API}${LIST}?per_page=100&page=2>; rel="next", <${API}${LIST}?per_page=100&page=2>; rel="last"`
            }
          },
          seen
        )
      )
      .get(LIST)
      .query({ per_page: '100', page: '2' })
      .reply(
        validated(
          {
            status: 200,
            body: [...filler(101, 3), issueComment(555, `${MARKER}\nold plan`)]
          },
          seen
        )
      )
    const found = await findStickyComment(octokit, PR, 'prod')
    expect(found).toEqual({
      id: 555,
      body: `${MARKER}\nold plan`,
      url: 'https://github.com/acme/infra/pull/7#issuecomment-555'
    })
    expect(seen.map((r) => [r.operationId, r.query])).toEqual([
      ['issues/list-comments', { per_page: '100' }],
      ['issues/list-comments', { per_page: '100', page: '2' }]
    ])
    expect(seen[0]!.authorization).toBe('token ghs_test')
  })

  it('ignores a human quoting the marker, a marker not on the first line, and other keys', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          {
            status: 200,
            body: [
              issueComment(1, `${MARKER}\nI pasted the marker`, HUMAN),
              issueComment(2, `> quoting\n${MARKER}\nplan`, BOT),
              issueComment(3, '<!-- ds-rollout:prod-eu -->\nother key', BOT),
              issueComment(4, `${MARKER}\nthe real one`, BOT)
            ]
          },
          seen
        )
      )
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(4)
  })
})

describe('upsertStickyComment', () => {
  it('creates the comment when none is ours', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated({ status: 200, body: [issueComment(1, 'LGTM', HUMAN)] }, seen)
      )
    nock(API)
      .post(LIST)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: issueComment(900, (body as { body: string }).body)
          }),
          seen
        )
      )
    const result = await upsertStickyComment(
      octokit,
      PR,
      'prod',
      `${MARKER}\nnew plan`,
      { createIfMissing: true }
    )
    expect(result).toEqual({
      action: 'created',
      id: 900,
      url: 'https://github.com/acme/infra/pull/7#issuecomment-900'
    })
    expect(seen.at(-1)).toMatchObject({
      operationId: 'issues/create-comment',
      body: { body: `${MARKER}\nnew plan` }
    })
  })

  it('updates our comment in place when the body changed', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [issueComment(77, `${MARKER}\nold`)] },
          seen
        )
      )
    nock(API)
      .patch('/repos/acme/infra/issues/comments/77')
      .reply(
        validated(
          (body) => ({
            status: 200,
            body: issueComment(77, (body as { body: string }).body)
          }),
          seen
        )
      )
    const result = await upsertStickyComment(
      octokit,
      PR,
      'prod',
      `${MARKER}\nnew`,
      { createIfMissing: true }
    )
    expect(result).toMatchObject({ action: 'updated', id: 77 })
    expect(seen.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/update-comment'
    ])
    expect(seen[1]!.body).toEqual({ body: `${MARKER}\nnew` })
  })

  it('skips the write when the body is identical', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [issueComment(77, `${MARKER}\nsame`)] },
          seen
        )
      )
    const result = await upsertStickyComment(
      octokit,
      PR,
      'prod',
      `${MARKER}\nsame`,
      { createIfMissing: true }
    )
    expect(result).toMatchObject({ action: 'unchanged', id: 77 })
    expect(seen.map((r) => r.method)).toEqual(['GET'])
  })

  it('creates nothing when asked not to', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 200, body: [] }, seen))
    expect(
      await upsertStickyComment(octokit, PR, 'prod', MARKER, {
        createIfMissing: false
      })
    ).toEqual({ action: 'absent' })
  })

  it('works on a commit (push, workflow_dispatch)', async () => {
    const path = `/repos/acme/infra/commits/${COMMIT_SHA}/comments`
    nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(validated({ status: 200, body: [] }, seen))
    nock(API)
      .post(path)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: commitComment(31, (body as { body: string }).body)
          }),
          seen
        )
      )
    const created = await upsertStickyComment(
      octokit,
      COMMIT,
      'prod',
      `${MARKER}\nplan`,
      { createIfMissing: true }
    )
    expect(created).toMatchObject({ action: 'created', id: 31 })
    nock(API)
      .get(path)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [commitComment(31, `${MARKER}\nplan`)] },
          seen
        )
      )
    nock(API)
      .patch('/repos/acme/infra/comments/31')
      .reply(
        validated(
          (body) => ({
            status: 200,
            body: commitComment(31, (body as { body: string }).body)
          }),
          seen
        )
      )
    const updated = await upsertStickyComment(
      octokit,
      COMMIT,
      'prod',
      `${MARKER}\nplan v2`,
      { createIfMissing: true }
    )
    expect(updated).toMatchObject({ action: 'updated', id: 31 })
    expect(seen.map((r) => r.operationId)).toEqual([
      'repos/list-comments-for-commit',
      'repos/create-commit-comment',
      'repos/list-comments-for-commit',
      'repos/update-commit-comment'
    ])
  })
})

describe('the sticky comment is ours only when the token wrote it', () => {
  it("never takes another app's comment with our marker: posts its own", async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          {
            status: 200,
            body: [issueComment(40, `${MARKER}\nanother app`, OTHER_APP)]
          },
          seen
        )
      )
    nock(API)
      .post(LIST)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: issueComment(41, (body as { body: string }).body)
          }),
          seen
        )
      )
    const result = await upsertStickyComment(
      octokit,
      PR,
      'prod',
      `${MARKER}\nours`,
      { createIfMissing: true }
    )
    expect(result).toMatchObject({ action: 'created', id: 41 })
    expect(seen.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment'
    ])
  })

  it('an App token finds its own comment, not the workflow bot’s', async () => {
    nock.cleanAll()
    viewer(OTHER_APP)
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          {
            status: 200,
            body: [
              issueComment(50, `${MARKER}\nworkflow bot`, BOT),
              issueComment(51, `${MARKER}\nthe app`, OTHER_APP)
            ]
          },
          seen
        )
      )
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(51)
  })

  it('a personal token falls back to GET /user when GraphQL is not there', async () => {
    nock.cleanAll()
    nock(API).post('/graphql').reply(404, { message: 'Not Found' })
    nock(API)
      .get('/user')
      .reply(200, {
        ...openApiExample('private-user'),
        login: 'octocat',
        id: 1
      })
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          {
            status: 200,
            body: [
              issueComment(60, `${MARKER}\nbot`, BOT),
              issueComment(61, `${MARKER}\nmine`, HUMAN)
            ]
          },
          seen
        )
      )
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(61)
  })

  it('with no identity, takes no comment as ours and says so', async () => {
    nock.cleanAll()
    nock(API).post('/graphql').reply(403, { message: 'Forbidden' })
    nock(API).get('/user').reply(403, { message: 'Forbidden' })
    nock(API)
      .post(LIST)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: issueComment(70, (body as { body: string }).body)
          }),
          seen
        )
      )
    const result = await upsertStickyComment(octokit, PR, 'prod', MARKER, {
      createIfMissing: true
    })
    expect(result).toMatchObject({ action: 'created', id: 70 })
    expect((result as { note?: string }).note).toMatch(
      /identity could not be looked up/
    )
  })

  it('when updating our comment fails, posts a new one instead of passing silently', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [issueComment(80, `${MARKER}\nold`)] },
          seen
        )
      )
    nock(API)
      .patch('/repos/acme/infra/issues/comments/80')
      .reply(403, { message: 'Resource not accessible by integration' })
    nock(API)
      .post(LIST)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: issueComment(81, (body as { body: string }).body)
          }),
          seen
        )
      )
    const result = await upsertStickyComment(
      octokit,
      PR,
      'prod',
      `${MARKER}\nnew`,
      { createIfMissing: true }
    )
    expect(result).toMatchObject({ action: 'created', id: 81 })
    expect((result as { note?: string }).note).toMatch(
      /updating our comment 80 failed \(HTTP 403/
    )
  })

  it('looks the identity up once per client', async () => {
    nock.cleanAll()
    let lookups = 0
    nock(API)
      .post('/graphql')
      .times(5)
      .optionally()
      .reply(200, () => {
        lookups++
        return { data: { viewer: { login: BOT.login, databaseId: BOT.id } } }
      })
    nock(API)
      .get(LIST)
      .query(true)
      .times(2)
      .reply(
        validated(
          { status: 200, body: [issueComment(90, `${MARKER}\nx`)] },
          seen
        )
      )
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(90)
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(90)
    expect(lookups).toBe(1)
  })
})

describe('retries and rate limits (bounded)', () => {
  it('retries a 502 and then succeeds', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 502, body: { message: 'Bad Gateway' } }, seen))
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [issueComment(5, `${MARKER}\nx`)] },
          seen
        )
      )
    expect((await findStickyComment(octokit, PR, 'prod'))?.id).toBe(5)
  })

  it('gives up after the configured retries of a 5xx', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .times(3)
      .reply(
        validated({ status: 500, body: { message: 'Server Error' } }, seen)
      )
    await expect(findStickyComment(octokit, PR, 'prod')).rejects.toMatchObject({
      status: 500
    })
    // retries: 2 in these settings: three attempts, then the error.
    expect(seen).toHaveLength(3)
  })

  it('waits out a secondary rate limit (429 with retry-after) and retries', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        429,
        { message: 'You have exceeded a secondary rate limit.' },
        { 'retry-after': '1' }
      )
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 200, body: [] }, seen))
    expect(await findStickyComment(octokit, PR, 'prod')).toBeUndefined()
    expect(warnings).toEqual([
      `GitHub secondary rate limit on GET ${API}${LIST}?per_page=100: retrying after 1s`
    ])
  })

  it('does not stall the job on a primary rate limit that resets in an hour', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }
      )
    await expect(findStickyComment(octokit, PR, 'prod')).rejects.toMatchObject({
      status: 403
    })
    expect(warnings[0]).toMatch(
      /^GitHub primary rate limit on GET .*: giving up \(retry 0, asked to wait 360\ds\)$/
    )
  })
})

describe('publishComment: permissions and stale plans', () => {
  const decision = {
    kind: 'post' as const,
    target: PR,
    permission: 'pull-requests: write'
  }
  const plan = planOf([daemonSetPlan()])
  const request = {
    decision,
    key: 'prod',
    plan,
    verdict: decideVerdict(plan, 'error'),
    headSha: 'a'.repeat(40),
    runUrl: undefined
  }

  it('reports a 403 "Resource not accessible by integration" as a reason, not a failure', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 200, body: [] }, seen))
    nock(API)
      .post(LIST)
      .reply(
        validated(
          {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com'
            }
          },
          seen
        )
      )
    const outcome = await publishComment(octokit, request)
    expect(outcome).toEqual({
      status: 'skipped',
      reason:
        'the token may not write comments here (GitHub answered 403 "Resource not accessible by integration"); give the job `permissions: pull-requests: write`, or see docs/action.md for forks'
    })
  })

  it('rethrows errors that are not about permissions', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .times(3)
      .reply(validated({ status: 503, body: { message: 'unavailable' } }, seen))
    await expect(publishComment(octokit, request)).rejects.toMatchObject({
      status: 503
    })
  })

  it('turns an earlier plan into a "no changes any more" note', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(
        validated(
          { status: 200, body: [issueComment(12, `${MARKER}\nold plan`)] },
          seen
        )
      )
    nock(API)
      .patch('/repos/acme/infra/issues/comments/12')
      .reply(
        validated(
          (body) => ({
            status: 200,
            body: issueComment(12, (body as { body: string }).body)
          }),
          seen
        )
      )
    const empty = emptyPlan()
    const outcome = await publishComment(octokit, {
      ...request,
      plan: empty,
      verdict: decideVerdict(empty, 'error')
    })
    expect(outcome).toMatchObject({ status: 'updated', id: 12 })
    expect((seen[1]!.body as { body: string }).body).toMatch(
      /^<!-- ds-rollout:prod -->\n.*\n\nThis pull request no longer changes any DaemonSet/
    )
  })

  it('comments errors even when no DaemonSet changed', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 200, body: [] }, seen))
    nock(API)
      .post(LIST)
      .reply(
        validated(
          (body) => ({
            status: 201,
            body: issueComment(60, (body as { body: string }).body)
          }),
          seen
        )
      )
    const broken = planOf(
      [],
      [finding('error', 'yaml-syntax', 'k8s/a.yaml:3: bad indentation')]
    )
    const outcome = await publishComment(octokit, {
      ...request,
      plan: broken,
      verdict: decideVerdict(broken, 'error')
    })
    expect(outcome).toMatchObject({ status: 'created', id: 60 })
    const body = (seen[1]!.body as { body: string }).body
    // An error is never folded away: the full plan is open and lists it.
    expect(body).toContain('<details open>')
    expect(body).toContain(
      '| 🛑 error | `yaml-syntax` |  | k8s/a.yaml:3: bad indentation |'
    )
  })

  it('creates no comment for a change that never touched a DaemonSet', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(validated({ status: 200, body: [] }, seen))
    const empty = emptyPlan()
    const outcome = await publishComment(octokit, {
      ...request,
      plan: empty,
      verdict: decideVerdict(empty, 'error')
    })
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'the change touches no DaemonSet, so there is no plan to comment.'
    })
  })
})
