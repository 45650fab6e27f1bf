import { describe, expect, it } from 'vitest'
import {
  bearerToken,
  matchToken,
  parseTokensFile
} from '../../../src/service/tokens.js'

const A = 'tok-aaaaaaaaaaaaaaaaaaaaaaaa'
const B = 'tok-bbbbbbbbbbbbbbbbbbbbbbbb'

describe('tokens file', () => {
  it('reads one token per line, skipping comments and blank lines', () => {
    const tokens = parseTokensFile(
      `# CI\n${A}\n\n  ${B}  \r\n# old\n`,
      '/etc/ds/tokens'
    )
    expect(tokens.map((t) => t.id)).toEqual(['tokens:2', 'tokens:4'])
    expect(matchToken(B, tokens)?.id).toBe('tokens:4')
  })

  it('keeps only digests, never the token text', () => {
    const tokens = parseTokensFile(A, 'tokens')
    expect(JSON.stringify(tokens)).not.toContain(A)
  })

  it('rejects a line with two tokens without echoing it', () => {
    expect(() => parseTokensFile(`${A} ${B}`, 'tokens')).toThrow(
      /^tokens:1: a token line must hold exactly one token/
    )
    try {
      parseTokensFile(`${A} ${B}`, 'tokens')
    } catch (err) {
      expect(String(err)).not.toContain(A)
    }
  })

  it('rejects short tokens', () => {
    expect(() => parseTokensFile('short', 'tokens')).toThrow(/shorter than 16/)
  })

  it('matches only the exact token', () => {
    const tokens = parseTokensFile(A, 'tokens')
    expect(matchToken(A, tokens)).toBeDefined()
    expect(matchToken(A + 'x', tokens)).toBeUndefined()
    expect(matchToken(A.slice(0, -1), tokens)).toBeUndefined()
    expect(matchToken('', tokens)).toBeUndefined()
  })
})

describe('bearer header', () => {
  it('extracts the token of a Bearer header, any case of the scheme', () => {
    expect(bearerToken(`Bearer ${A}`)).toBe(A)
    expect(bearerToken(`bearer ${A}`)).toBe(A)
  })

  it('ignores other schemes and malformed headers', () => {
    expect(bearerToken(undefined)).toBeUndefined()
    expect(bearerToken(`Basic ${A}`)).toBeUndefined()
    expect(bearerToken('Bearer')).toBeUndefined()
    expect(bearerToken(`Bearer ${A} extra`)).toBeUndefined()
  })
})
