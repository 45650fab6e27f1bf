/**
 * Issue 11 in apply mode: the API server's error messages quote the
 * manifest (an invalid container name, an image), and they reach the step
 * summary, the deploy comment and the log. Run in-process as the runner
 * would, against the rehearsal cluster and the recording GitHub stand-in;
 * checked with a real GFM renderer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { run } from '../../src/action/main.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { pushEvent } from '../fixtures/action/events.js'
import { actionEnvironment, readOutputs } from '../fixtures/action/harness.js'
import { FakeGitHub, serveFakeGitHub } from '../fixtures/github/fake-github.js'
import {
  elementNames,
  MENTION_OR_REF,
  renderGfm,
  textOutsideCode
} from '../support/markdown.js'
import { agent, cluster } from './apply-helpers.js'

let github: FakeGitHub
let server: { url: string; close: () => Promise<void> }
let stdout: string[]
let running: RehearsalCluster | undefined

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
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  await server.close()
  await running?.stop()
  running = undefined
  expect(github.problems).toEqual([])
  process.exitCode = undefined
})

const ALLOWED = new Set(
  'p code strong em a h2 h3 h4 table thead tbody tr th td ul ol li sub details summary br blockquote'.split(
    ' '
  )
)

describe('apply mode: API messages stay inert', () => {
  it('an invalid container name quoted by the API server renders no image, link, HTML or mention', async () => {
    running = await cluster(2)
    const ds = agent('agent:1') as unknown as {
      spec: {
        template: {
          spec: {
            containers: Array<{ name: string; args?: string[] }>
          }
        }
      }
    }
    ds.spec.template.spec.containers[0]!.name =
      '![p](https://attacker.example/p.png)@octocat<img src=x>'
    ds.spec.template.spec.containers[0]!.args = ['--password', 'hunter2-apply']
    const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-deploy-'))
    writeFileSync(join(dir, 'agent.yaml'), stringify(ds))
    const env = actionEnvironment({
      eventName: 'push',
      payload: pushEvent(),
      inputs: {
        mode: 'apply',
        manifests: dir,
        kubeconfig: running.kubeconfig,
        timeout: '1m',
        'progress-deadline': '30s',
        'soak-seconds': '1'
      },
      apiUrl: server.url
    })
    for (const [name, value] of Object.entries(env.env)) vi.stubEnv(name, value)
    await run({
      signal: new AbortController().signal,
      octokitSettings: { retries: 1, retryAfterBaseMs: 1, throttle: false }
    })
    const summary = readFileSync(env.summaryFile, 'utf8')
    const comment = String(
      github.commitComments(pushEvent().after)[0]?.['body'] ?? ''
    )
    const log = stdout.join('')
    expect(process.exitCode).toBe(1)
    expect(readOutputs(env.outputsFile)['result']).toBeDefined()
    // The API's refusal is in the summary, quoted.
    expect(summary).toMatch(/attacker/)
    for (const markdown of [summary, comment]) {
      if (markdown === '') continue
      const html = renderGfm(markdown)
      expect(elementNames(html).filter((n) => !ALLOWED.has(n))).toEqual([])
      expect(html).not.toMatch(/<a [^>]*attacker/)
      expect(textOutsideCode(html)).not.toMatch(MENTION_OR_REF)
    }
    for (const text of [summary, comment, log])
      expect(text).not.toContain('hunter2-apply')
  })
})
