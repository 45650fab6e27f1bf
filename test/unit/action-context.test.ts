import { describe, expect, it } from 'vitest'
import { decideCommentTarget } from '../../src/action/comment-target.js'
import { readRunContext } from '../../src/action/run-context.js'
import {
  BASE_SHA,
  HEAD_SHA,
  pullRequestEvent,
  pushEvent
} from '../fixtures/action/events.js'

function context(
  eventName: string,
  payload: unknown,
  extra: Record<string, string> = {}
) {
  return readRunContext(
    {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: '/event.json',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: '3333333333333333333333333333333333333333',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '42',
      GITHUB_WORKSPACE: '/work',
      ...extra
    },
    (path) => {
      expect(path).toBe('/event.json')
      return JSON.stringify(payload)
    }
  )
}

describe('readRunContext', () => {
  it('reads a pull_request run', () => {
    const ctx = context('pull_request', pullRequestEvent())
    expect(ctx).toEqual({
      eventName: 'pull_request',
      owner: 'acme',
      repo: 'infra',
      sha: HEAD_SHA,
      apiUrl: 'https://api.github.com',
      runUrl: 'https://github.com/acme/infra/actions/runs/42',
      workspace: '/work',
      runnerTemp: undefined,
      stepSummaryFile: undefined,
      pullRequest: {
        number: 7,
        baseSha: BASE_SHA,
        headSha: HEAD_SHA,
        headRepo: 'acme/infra',
        baseRepo: 'acme/infra',
        fork: false
      },
      pushBefore: undefined
    })
  })

  it('marks a fork, also when the fork was deleted', () => {
    expect(
      context('pull_request', pullRequestEvent({ fork: true })).pullRequest
        ?.fork
    ).toBe(true)
    const deleted = context(
      'pull_request_target',
      pullRequestEvent({ headRepo: null })
    ).pullRequest
    expect(deleted).toMatchObject({ fork: true, headRepo: undefined })
  })

  it('reads push: before is the base, unless the branch is new', () => {
    expect(context('push', pushEvent()).pushBefore).toBe(BASE_SHA)
    expect(
      context('push', pushEvent('0'.repeat(40))).pushBefore
    ).toBeUndefined()
    expect(context('push', pushEvent()).sha).toBe(
      '3333333333333333333333333333333333333333'
    )
  })

  it('uses GITHUB_API_URL (GitHub Enterprise Server, test servers)', () => {
    expect(
      context('push', pushEvent(), { GITHUB_API_URL: 'http://127.0.0.1:9' })
        .apiUrl
    ).toBe('http://127.0.0.1:9')
  })

  it('refuses to run without GITHUB_REPOSITORY', () => {
    expect(() => readRunContext({}, () => '{}')).toThrow(
      /GITHUB_REPOSITORY is not set/
    )
  })

  it('reports an unreadable event payload with its path', () => {
    expect(() =>
      readRunContext(
        { GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_PATH: '/x.json' },
        () => 'not json'
      )
    ).toThrow(/cannot read the event payload/)
  })
})

describe('decideCommentTarget', () => {
  const pr = context('pull_request', pullRequestEvent())
  const fork = context('pull_request', pullRequestEvent({ fork: true }))
  const forkTarget = context(
    'pull_request_target',
    pullRequestEvent({ fork: true })
  )
  const push = context('push', pushEvent())
  const dispatch = context('workflow_dispatch', {})

  it('comments on the pull request conversation', () => {
    expect(decideCommentTarget('auto', pr)).toEqual({
      kind: 'post',
      target: { kind: 'issue', owner: 'acme', repo: 'infra', number: 7 },
      permission: 'pull-requests: write'
    })
  })

  it('skips a fork under pull_request and says why', () => {
    const decision = decideCommentTarget('auto', fork)
    expect(decision.kind).toBe('none')
    expect(decision.kind === 'none' && decision.reason).toMatch(
      /comes from a fork \(contributor\/infra\).*read-only token/
    )
  })

  it('comments on a fork under pull_request_target (the token can write there)', () => {
    expect(decideCommentTarget('auto', forkTarget).kind).toBe('post')
  })

  it('tries a fork anyway when comment is true (a 403 is then reported, not fatal)', () => {
    expect(decideCommentTarget('always', fork).kind).toBe('post')
  })

  it('writes only the summary on push and workflow_dispatch unless asked', () => {
    expect(decideCommentTarget('auto', push)).toEqual({
      kind: 'none',
      reason:
        'the `push` event has no pull request (set `comment: true` for a commit comment).'
    })
    expect(decideCommentTarget('auto', dispatch).kind).toBe('none')
  })

  it('comments on the commit when asked on push', () => {
    expect(decideCommentTarget('always', push)).toEqual({
      kind: 'post',
      target: {
        kind: 'commit',
        owner: 'acme',
        repo: 'infra',
        sha: '3333333333333333333333333333333333333333'
      },
      permission: 'contents: write'
    })
  })

  it('never comments when comment is false', () => {
    expect(decideCommentTarget('never', pr)).toEqual({
      kind: 'none',
      reason: 'the `comment` input is false.'
    })
  })
})
