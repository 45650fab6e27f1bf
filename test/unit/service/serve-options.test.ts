import { describe, expect, it } from 'vitest'
import {
  parseListen,
  parseServeArgs
} from '../../../src/service/serve-options.js'
import { UserError } from '../../../src/util/errors.js'

describe('serve options', () => {
  it('parses listen addresses', () => {
    expect(parseListen('127.0.0.1:8443')).toEqual({
      host: '127.0.0.1',
      port: 8443
    })
    expect(parseListen(':9000')).toEqual({ host: '0.0.0.0', port: 9000 })
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 })
    expect(() => parseListen('8080')).toThrow(UserError)
    expect(() => parseListen('host:99999')).toThrow(/host:port/)
  })

  it('refuses to run without authentication', () => {
    expect(() => parseServeArgs(['--snapshot', 's.json'])).toThrow(
      /authentication is required: give --tokens <file> and\/or --token-review/
    )
  })

  it('needs both TLS files or neither', () => {
    expect(() =>
      parseServeArgs(['--tokens', 't', '--tls-cert', 'c.pem'])
    ).toThrow(/--tls-cert and --tls-key go together/)
  })

  it('applies defaults and reads limits', () => {
    const o = parseServeArgs([
      '--tokens',
      't',
      '--rate-limit',
      '2.5',
      '--max-body-bytes',
      '2048'
    ])
    expect(o).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      rateLimit: 2.5,
      rateBurst: 30,
      maxBodyBytes: 2048,
      tokenReview: false,
      shutdownGraceSeconds: 10
    })
    expect(() =>
      parseServeArgs(['--tokens', 't', '--rate-limit', '0'])
    ).toThrow(/positive/)
    expect(() => parseServeArgs(['--tokens', 't', '--bogus'])).toThrow(
      UserError
    )
  })

  it('reads the worker pool, answer and input limits', () => {
    const o = parseServeArgs([
      '--tokens',
      't',
      '--workers',
      '3',
      '--max-queue',
      '0',
      '--plan-timeout',
      '7.5',
      '--worker-heap-mb',
      '512',
      '--max-daemonsets',
      '50',
      '--max-response-bytes',
      '1000000',
      '--send-timeout',
      '15',
      '--max-nesting-depth',
      '500'
    ])
    expect(o).toMatchObject({
      workers: 3,
      maxQueue: 0,
      planTimeoutSeconds: 7.5,
      workerHeapMb: 512,
      maxDaemonSets: 50,
      maxResponseBytes: 1_000_000,
      sendTimeoutSeconds: 15,
      inputLimits: { maxNestingDepth: 500 }
    })
    expect(parseServeArgs(['--tokens', 't'])).toMatchObject({
      workers: undefined,
      maxDaemonSets: undefined,
      inputLimits: {}
    })
    expect(() => parseServeArgs(['--tokens', 't', '--workers', '0'])).toThrow(
      /--workers must be a whole number ≥ 1/
    )
    expect(() =>
      parseServeArgs(['--tokens', 't', '--worker-heap-mb', '8'])
    ).toThrow(/≥ 64/)
    expect(() =>
      parseServeArgs(['--tokens', 't', '--max-documents', 'lots'])
    ).toThrow(/--max-documents must be a whole number/)
  })
})
