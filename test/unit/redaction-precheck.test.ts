/**
 * redactText first takes a cheap look (policy.ts maybeSecret) and skips the
 * full scan of texts that cannot hold a secret of any known shape; a plan
 * of a large fleet is mostly such texts (node names, `memory: requests 1Gi,
 * 200Mi free`). The look must never skip a text the full scan would change:
 * random texts made of pieces of every shape, separators and per-node
 * figures give the same answer either way.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  redactText,
  redactTextScanningAll,
  redactValue
} from '../../src/core/redact/policy.js'

const PIECES = [
  'password',
  'Passwd',
  'db_pass',
  'x-pwd',
  'API_KEY',
  'apikey',
  'private-key',
  'access_key',
  'credential',
  'secret',
  'token',
  'passphrase',
  ':',
  ': ',
  '=',
  '@',
  '-',
  '--',
  ' ',
  ';',
  ',',
  '"',
  "'",
  '{',
  '(',
  'https://',
  'postgres://',
  'user',
  'S3cr3tValue',
  'hooks.slack.com/services/T000/B000/XXXXXXXX',
  'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'github_pat_0123456789abcdefghij0123456789',
  'glpat-0123456789abcdefghij',
  'AKIAABCDEFGHIJKLMNOP',
  'xoxb-0123456789-abcdef',
  'AIzaSyA0123456789abcdefghijklmnopqrstuv',
  'sk_live_0123456789abcdefgh',
  'npm_0123456789abcdefghijklmnopqrstuvwxyz',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk',
  'Bearer ',
  'basic ',
  'BeArEr ',
  'bAsIc ',
  'abcdefgh12345678',
  '-----BEGIN RSA PRIVATE KEY-----',
  'mysql',
  'redis-cli',
  '-p',
  '-a',
  'memory: requests 256Mi, 99Mi free',
  'pods: 58 of 58 already on the node',
  'ip-10-0-0-1.ec2.internal',
  'the new pod stays Pending: Insufficient memory',
  '\n'
]

const text = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 12 })
  .map((parts) => parts.join(''))

describe('the first look of the redaction', () => {
  it('never skips a text that the full scan would change', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(redactText(t)).toBe(redactTextScanningAll(t))
      }),
      { numRuns: 3000 }
    )
  })

  it('lets per-node figures and node names through untouched', () => {
    for (const t of [
      'memory: requests 256Mi, 99Mi free',
      'pods: 58 of 58 already on the node',
      'ip-10-0-0-1.ec2.internal'
    ])
      expect(redactText(t)).toBe(t)
  })
})

describe('redactValue', () => {
  it('returns parts with nothing to hide as they are, and copies only the path to a change', () => {
    const names = Object.freeze(['a', 'b'])
    const clean = { name: 'node-1', reasons: names, fits: true }
    const value = {
      clean,
      env: { name: 'DB_PASSWORD', value: 'hunter2' },
      list: [clean, 'https://u:pw@example.com']
    }
    const out = redactValue(value) as typeof value
    expect(out).not.toBe(value)
    expect(out.clean).toBe(clean)
    expect(out.clean.reasons).toBe(names)
    expect(out.env.value).toMatch(/^\(redacted/)
    expect(value.env.value).toBe('hunter2')
    expect(out.list[0]).toBe(clean)
    expect(out.list[1]).not.toContain('pw@')
    expect(value.list[1]).toBe('https://u:pw@example.com')
  })

  it('redacts a frozen list once and gives the same list again', () => {
    const list = Object.freeze(['token=abcdefgh12345678', 'plain'])
    const first = redactValue(list) as string[]
    expect(first[0]).not.toContain('abcdefgh12345678')
    expect(redactValue(list)).toBe(first)
  })
})
