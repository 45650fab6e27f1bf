import { describe, expect, it } from 'vitest'
import {
  assertValidRequest,
  findOperation,
  validateSchema
} from '../fixtures/github/openapi.js'

// The validator guards every fake GitHub request in the suite; these pin
// that it really rejects what the API would reject.
describe('OpenAPI request validator', () => {
  const q = (s = '') => new URLSearchParams(s)

  it('accepts a documented request and names its operation', () => {
    expect(
      assertValidRequest({
        method: 'POST',
        path: '/repos/a/b/issues/7/comments',
        query: q(),
        body: { body: 'hi' }
      })
    ).toBe('issues/create-comment')
  })

  it.each([
    [
      'a missing body field',
      {
        method: 'POST',
        path: '/repos/a/b/issues/7/comments',
        query: q(),
        body: {}
      },
      /missing required property 'body'/
    ],
    [
      'a wrongly typed field',
      {
        method: 'PATCH',
        path: '/repos/a/b/issues/comments/9',
        query: q(),
        body: { body: 5 }
      },
      /body.body: expected string, got integer/
    ],
    [
      'an undocumented field',
      {
        method: 'POST',
        path: '/repos/a/b/issues/7/comments',
        query: q(),
        body: { body: 'x', bdy: 'y' }
      },
      /property 'bdy' is not in the API description/
    ],
    [
      'a non-numeric issue number',
      {
        method: 'GET',
        path: '/repos/a/b/issues/seven/comments',
        query: q(),
        body: undefined
      },
      /path.issue_number: expected integer, got string/
    ],
    [
      'an unknown query parameter',
      {
        method: 'GET',
        path: '/repos/a/b/issues/7/comments',
        query: q('perpage=100'),
        body: undefined
      },
      /query parameter 'perpage' is not in the API description/
    ],
    [
      'a non-integer page size',
      {
        method: 'GET',
        path: '/repos/a/b/issues/7/comments',
        query: q('per_page=many'),
        body: undefined
      },
      /query.per_page: expected integer/
    ]
  ])('rejects %s', (_what, request, message) => {
    expect(() => assertValidRequest(request)).toThrow(message)
  })

  it('prefers a literal path segment over a parameter', () => {
    expect(
      findOperation('PATCH', '/repos/a/b/issues/comments/9').operation
        .operationId
    ).toBe('issues/update-comment')
  })

  it('refuses schema keywords it does not implement instead of passing them', () => {
    expect(() =>
      validateSchema('x', { type: 'string', pattern: '^a' })
    ).toThrow(/does not implement JSON Schema keyword 'pattern'/)
  })

  it('handles nullable, enum and oneOf', () => {
    expect(validateSchema(null, { type: 'string', nullable: true })).toEqual([])
    expect(validateSchema('c', { type: 'string', enum: ['a', 'b'] })).toEqual([
      '$: "c" is not one of ["a","b"]'
    ])
    expect(
      validateSchema(1, { oneOf: [{ type: 'integer' }, { type: 'number' }] })
    ).toEqual(['$: matches 2 of the oneOf branches'])
  })
})
