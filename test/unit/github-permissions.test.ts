import { describe, expect, it } from 'vitest'
import { permissionDenial } from '../../src/adapters/github/permissions.js'

/** Shaped like Octokit's RequestError (an Error with a numeric status); the nock tests use the real one. */
function requestError(status: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'HttpError', status })
}

describe('permissionDenial', () => {
  it('explains a 403 from the workflow token', () => {
    expect(
      permissionDenial(
        requestError(403, 'Resource not accessible by integration'),
        'pull-requests: write'
      )
    ).toBe(
      'the token may not write comments here (GitHub answered 403 "Resource not accessible by integration"); give the job `permissions: pull-requests: write`, or see docs/action.md for forks'
    )
  })

  it('explains a 404 (private repository the token cannot see)', () => {
    expect(
      permissionDenial(requestError(404, 'Not Found'), 'contents: write')
    ).toMatch(
      /^GitHub answered 404: the token cannot see this repository's comments; give the job `permissions: contents: write`$/
    )
  })

  it.each([
    [
      'a rate limit 403',
      requestError(403, 'API rate limit exceeded for installation')
    ],
    ['a 401', requestError(401, 'Bad credentials')],
    ['a 500', requestError(500, 'Internal Server Error')],
    ['a network error', new TypeError('fetch failed')],
    ['a thrown string', 'boom']
  ])('leaves %s to the caller', (_what, err) => {
    expect(permissionDenial(err, 'pull-requests: write')).toBeUndefined()
  })
})
