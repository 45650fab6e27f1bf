import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/service/api-error.js'
import {
  checkJsonContentType,
  parsePlanBody,
  parsePlanFormat
} from '../../../src/service/plan-request.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return `${err.status} ${err.code}`
    throw err
  }
  return undefined
}

describe('plan request validation', () => {
  it('accepts head alone and head with base', () => {
    expect(parsePlanBody('{"head":"a: 1"}')).toEqual({
      head: [{ name: 'head', content: 'a: 1' }],
      base: []
    })
    expect(parsePlanBody('{"head":"a","base":"b"}')).toEqual({
      head: [{ name: 'head', content: 'a' }],
      base: [{ name: 'base', content: 'b' }]
    })
    expect(parsePlanBody('{"head":"a","base":null}').base).toEqual([])
  })

  it('accepts each side as a list of named files', () => {
    const body = {
      head: [
        { name: 'monitoring/node-exporter.yaml', content: 'a' },
        { name: 'logging/fluent-bit.yaml', content: 'b' }
      ],
      base: [{ name: 'monitoring/node-exporter.yaml', content: 'c' }]
    }
    expect(parsePlanBody(JSON.stringify(body))).toEqual(body)
    const bad = (head: unknown): string | undefined =>
      codeOf(() => parsePlanBody(JSON.stringify({ head })))
    expect(bad([{ name: 'x' }])).toBe('400 invalid-head')
    expect(bad([{ name: 'a\nb', content: '' }])).toBe('400 invalid-head')
    expect(bad([{ name: '', content: '' }])).toBe('400 invalid-head')
    expect(
      bad([
        { name: 'a', content: '' },
        { name: 'a', content: '' }
      ])
    ).toBe('400 invalid-head')
  })

  it('names each malformed body precisely', () => {
    expect(codeOf(() => parsePlanBody('{"head":'))).toBe('400 invalid-json')
    expect(codeOf(() => parsePlanBody('[]'))).toBe('400 invalid-body')
    expect(codeOf(() => parsePlanBody('"x"'))).toBe('400 invalid-body')
    expect(codeOf(() => parsePlanBody('{}'))).toBe('400 missing-head')
    expect(codeOf(() => parsePlanBody('{"head":1}'))).toBe('400 invalid-head')
    expect(codeOf(() => parsePlanBody('{"head":"a","base":{}}'))).toBe(
      '400 invalid-base'
    )
    expect(codeOf(() => parsePlanBody('{"head":"a","snapshot":{}}'))).toBe(
      '400 unknown-field'
    )
  })

  it('does not repeat the body in the error message', () => {
    const secret = 'c2VjcmV0LXBhc3N3b3Jk'
    try {
      parsePlanBody(
        `{"head": "kind: Secret\\ndata: {p: ${secret}}", "oops": 1, `
      )
    } catch (err) {
      expect((err as Error).message).not.toContain(secret)
    }
  })

  it('requires a JSON content type', () => {
    expect(
      codeOf(() => checkJsonContentType('application/json; charset=utf-8'))
    ).toBeUndefined()
    expect(codeOf(() => checkJsonContentType(undefined))).toBe(
      '415 unsupported-media-type'
    )
    expect(
      codeOf(() => checkJsonContentType('application/x-www-form-urlencoded'))
    ).toBe('415 unsupported-media-type')
  })

  it('reads the format parameter', () => {
    expect(parsePlanFormat('/v1/plan')).toBe('json')
    expect(parsePlanFormat('/v1/plan?format=markdown')).toBe('markdown')
    expect(codeOf(() => parsePlanFormat('/v1/plan?format=html'))).toBe(
      '400 invalid-format'
    )
  })
})
