/**
 * The Action in `mode: apply` and `mode: undo`, run in-process as the
 * runner would (INPUT_* variables, a push event, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), against the rehearsal cluster, with the
 * kubeconfig given as the `kubeconfig` input and a fake GitHub for the
 * deploy comment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stringify } from 'yaml'
import { run } from '../../src/action/main.js'
import type { DaemonSet } from '../../src/core/k8s/types.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { pushEvent } from '../fixtures/action/events.js'
import { actionEnvironment, readOutputs } from '../fixtures/action/harness.js'
import { FakeGitHub, serveFakeGitHub } from '../fixtures/github/fake-github.js'
import { agent, clientFor, cluster } from './apply-helpers.js'

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

const SHA = '9999999999999999999999999999999999999999'

/** A directory holding the DaemonSet manifest for one image. */
function manifestDir(image: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-deploy-'))
  writeFileSync(join(dir, 'agent.yaml'), stringify(agent(image)))
  return dir
}

async function runAction(inputs: Record<string, string>) {
  const env = actionEnvironment({
    eventName: 'push',
    payload: pushEvent(),
    inputs: {
      timeout: '1m',
      'progress-deadline': '30s',
      'soak-seconds': '1',
      'unschedulable-grace': '5s',
      ...inputs
    },
    apiUrl: server.url
  })
  for (const [name, value] of Object.entries(env.env)) vi.stubEnv(name, value)
  stdout = []
  process.exitCode = undefined
  await run({
    signal: new AbortController().signal,
    octokitSettings: { retries: 1, retryAfterBaseMs: 1, throttle: false }
  })
  return {
    outputs: readOutputs(env.outputsFile),
    summary: readFileSync(env.summaryFile, 'utf8'),
    exitCode: process.exitCode,
    log: stdout.join('')
  }
}

async function liveImage(cluster: RehearsalCluster): Promise<string> {
  const ds = await clientFor(cluster).get<DaemonSet>(
    'apps/v1',
    'DaemonSet',
    'agent',
    'kube-system'
  )
  return ds?.spec?.template?.spec?.containers?.[0]?.image ?? ''
}

describe('the Action in mode apply (rehearsal cluster)', () => {
  it('rolls out a good change: masks every kubeconfig credential, sets the outputs, writes the summary and a sticky commit comment', async () => {
    running = await cluster(3)
    const result = await runAction({
      mode: 'apply',
      manifests: manifestDir('agent:1'),
      kubeconfig: running.kubeconfig
    })
    expect(result.exitCode).toBeUndefined()
    // The bearer token is masked before anything else could print it,
    // and appears nowhere else in the log.
    const mask = `::add-mask::${running.token}`
    expect(result.log).toContain(mask)
    const token = running.token
    expect(
      result.log
        .split('\n')
        .filter((line) => line.includes(token) && line !== mask)
    ).toEqual([])
    expect(result.outputs).toMatchObject({
      result: 'rolled-out',
      'revision-after': '1',
      'failed-nodes': ''
    })
    expect(result.summary).toContain('ds-rollout apply: ✅ Rolled out')
    expect(await liveImage(running)).toBe('agent:1')

    // The deploy report is a sticky comment on the deployed commit, with
    // its own key: the plan comment (key "default") is a different one.
    const comments = github.commitComments(SHA)
    expect(comments).toHaveLength(1)
    const body = comments[0]!['body'] as string
    expect(body.split('\n')[0]).toBe('<!-- ds-rollout:deploy:default -->')
    expect(body).toContain('Rolled out')
    expect(result.outputs['comment-id']).toBe(String(comments[0]!['id']))
  })

  it('detects a bad image, undoes it and fails the step; a second deploy updates the same comment', async () => {
    running = await cluster(3, {
      faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }]
    })
    const kubeconfig = running.kubeconfig
    const good = await runAction({
      mode: 'apply',
      manifests: manifestDir('agent:1'),
      kubeconfig
    })
    expect(good.outputs['result']).toBe('rolled-out')

    const bad = await runAction({
      mode: 'apply',
      manifests: manifestDir('agent:bad-2'),
      kubeconfig
    })
    expect(bad.exitCode).toBe(1)
    expect(bad.outputs).toMatchObject({
      result: 'rolled-back',
      'revision-before': '1'
    })
    expect(bad.outputs['failed-nodes']).toMatch(/^node-\d/)
    expect(bad.log).toMatch(/::error::ds-rollout apply: /)
    expect(bad.summary).toContain('ds-rollout apply: ↩️ Failed and rolled back')
    expect(bad.summary).toMatch(/`ErrImagePull`|`ImagePullBackOff`/)
    expect(await liveImage(running)).toBe('agent:1')

    const comments = github.commitComments(SHA)
    expect(comments).toHaveLength(1)
    expect(comments[0]!['body']).toContain('rolled back')
    expect(bad.outputs['comment-id']).toBe(good.outputs['comment-id'])
  })

  it('mode undo rolls back to the previous revision and verifies it', async () => {
    running = await cluster(2)
    const kubeconfig = running.kubeconfig
    for (const image of ['agent:1', 'agent:2']) {
      const step = await runAction({
        mode: 'apply',
        manifests: manifestDir(image),
        kubeconfig,
        comment: 'false'
      })
      expect(step.outputs['result']).toBe('rolled-out')
    }
    const undo = await runAction({
      mode: 'undo',
      namespace: 'kube-system',
      name: 'agent',
      kubeconfig,
      comment: 'false'
    })
    expect(undo.exitCode).toBeUndefined()
    expect(undo.outputs).toMatchObject({
      result: 'rolled-back',
      'revision-before': '2',
      'revision-after': '3'
    })
    expect(undo.summary).toContain('ds-rollout undo')
    expect(await liveImage(running)).toBe('agent:1')
    expect(github.requests).toEqual([])
  })

  it('stops with the API reason when the kubeconfig selects a context it does not have', async () => {
    running = await cluster(1)
    const result = await runAction({
      mode: 'apply',
      manifests: manifestDir('agent:1'),
      kubeconfig: running.kubeconfig,
      context: 'prod-eu'
    })
    expect(result.exitCode).toBe(1)
    expect(result.log).toMatch(/::error::kubeconfig has no context 'prod-eu'/)
    const token = running.token
    expect(
      result.log
        .split('\n')
        .filter(
          (line) => line.includes(token) && !line.startsWith('::add-mask::')
        )
    ).toEqual([])
    expect(result.outputs['result']).toBeUndefined()
  })
})
