/**
 * Issue 16 item 4: the rehearsal kubelet's timings are its own (pull by
 * image size class, container start, stop well under the grace period for
 * agents that exit on SIGTERM), configurable per image in the scenario, and
 * neither imported nor copied from the planning engine's estimator.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { estimateDurations } from '../../src/core/simulate/rollout.js'
import type { DaemonSet } from '../../src/core/k8s/types.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { parseScenario, ScenarioError } from '../../src/rehearsal/index.js'
import {
  DEFAULT_SIZE_CLASS,
  KUBELET_DEFAULTS,
  PULL_SECONDS_BY_SIZE
} from '../../src/rehearsal/timings.js'
import { daemonSet, makeNodes, manualCluster, meta } from './helpers.js'

type Obj = Record<string, unknown>
const ROOT = new URL('../../', import.meta.url).pathname

let cluster: RehearsalCluster | undefined
afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

function agentPod(c: RehearsalCluster): Obj | undefined {
  return c.objects.list('pods', 'default')[0]
}

function phaseAndReady(p: Obj | undefined): string {
  if (p === undefined) return 'gone'
  const status = (p['status'] ?? {}) as Obj
  const ready = ((status['conditions'] ?? []) as Obj[]).some(
    (c) => c['type'] === 'Ready' && c['status'] === 'True'
  )
  return `${String(status['phase'])}${ready ? '+Ready' : ''}`
}

/**
 * Starts a one-node cluster with `image` and returns the simulated seconds
 * from the kubelet taking the pod (status.startTime) to Ready.
 */
async function secondsToReady(image: string, scenario?: Obj): Promise<number> {
  const c = (cluster = await manualCluster(makeNodes(['n1']), scenario))
  c.objects.create(
    'apps/daemonsets',
    'default',
    daemonSet('agent', image, { type: 'RollingUpdate' })
  )
  for (let i = 0; i < 400; i++) {
    c.advance(500)
    c.tick()
    const pod = agentPod(c)
    if (phaseAndReady(pod) !== 'Running+Ready') continue
    const status = pod!['status'] as Obj
    const ready = (status['conditions'] as Obj[]).find(
      (x) => x['type'] === 'Ready'
    )!
    return (
      (Date.parse(String(ready['lastTransitionTime'])) -
        Date.parse(String(status['startTime']))) /
      1000
    )
  }
  throw new Error('never Ready')
}

/**
 * A stop time within one 0.5 s step: deletionTimestamp has whole seconds
 * (metav1.Time), so the kubelet's start of the stop can read up to a
 * second early.
 */
function expectStop(measured: number, want: number): void {
  expect(Math.abs(measured - want)).toBeLessThanOrEqual(0.5)
}

/** Seconds a deleted Running pod takes to go away. */
async function secondsToStop(
  image: string,
  scenario?: Obj,
  grace?: number
): Promise<number> {
  const c = (cluster = await manualCluster(makeNodes(['n1']), scenario))
  const ds = daemonSet('agent', image, { type: 'OnDelete' })
  if (grace !== undefined)
    (((ds['spec'] as Obj)['template'] as Obj)['spec'] as Obj)[
      'terminationGracePeriodSeconds'
    ] = grace
  c.objects.create('apps/daemonsets', 'default', ds)
  for (
    let i = 0;
    i < 200 && phaseAndReady(agentPod(c)) !== 'Running+Ready';
    i++
  ) {
    c.advance(500)
    c.tick()
  }
  const name = String(meta(agentPod(c)!)['name'])
  c.objects.delete('pods', 'default', name)
  const start = c.now()
  for (let i = 0; i < 400; i++) {
    c.advance(500)
    c.tick()
    if (
      !c.objects.list('pods', 'default').some((p) => meta(p)['name'] === name)
    )
      return (c.now() - start) / 1000
  }
  throw new Error('never stopped')
}

describe("the rehearsal kubelet's own timings", () => {
  it('defaults: an undescribed image pulls as a medium image, then starts; a SIGTERM-exiting agent stops in about a second', async () => {
    const medium =
      PULL_SECONDS_BY_SIZE[DEFAULT_SIZE_CLASS] + KUBELET_DEFAULTS.startSeconds
    expect(await secondsToReady('registry.example/agent:1.0.0')).toBe(medium)
    await cluster?.stop()
    cluster = undefined
    const stop = await secondsToStop('registry.example/agent:1.0.0')
    expectStop(stop, KUBELET_DEFAULTS.stopSeconds)
    // well under the default 30 s grace period
    expect(stop * 10).toBeLessThanOrEqual(30)
  })

  it('size classes order the pull times: small < medium < large', () => {
    expect(PULL_SECONDS_BY_SIZE.small).toBeLessThan(PULL_SECONDS_BY_SIZE.medium)
    expect(PULL_SECONDS_BY_SIZE.medium).toBeLessThan(PULL_SECONDS_BY_SIZE.large)
  })

  it('per image in the scenario: a size class, or pull/start/stop seconds; first matching rule wins', async () => {
    const scenario = {
      images: [
        { image: 'nvcr.io/nvidia/*', size: 'large' },
        { image: 'quay.io/prometheus/*', size: 'small', startSeconds: 1 },
        { image: '*:stubborn', stopSeconds: 20 }
      ]
    }
    expect(await secondsToReady('nvcr.io/nvidia/driver:550', scenario)).toBe(
      PULL_SECONDS_BY_SIZE.large + KUBELET_DEFAULTS.startSeconds
    )
    await cluster?.stop()
    expect(
      await secondsToReady('quay.io/prometheus/node-exporter:v1.8.2', scenario)
    ).toBe(PULL_SECONDS_BY_SIZE.small + 1)
    await cluster?.stop()
    // An agent that ignores SIGTERM holds its pod until SIGKILL: the grace period caps it.
    expectStop(await secondsToStop('agent:stubborn', scenario, 30), 20)
    await cluster?.stop()
    expectStop(await secondsToStop('agent:stubborn', scenario, 8), 8)
  })

  it('defaults.pullSeconds still sets the pull of every image without its own rule', async () => {
    expect(
      await secondsToReady('registry.example/agent:2', {
        defaults: { pullSeconds: 1, startSeconds: 1 }
      })
    ).toBe(2)
  })

  it('rejects bad image rules with the path of the entry', () => {
    expect(() =>
      parseScenario({ images: [{ image: 'x', size: 'huge' }] })
    ).toThrow(/images\[0\]\.size: must be one of small, medium, large/)
    expect(() => parseScenario({ images: [{ image: 'x', pull: 3 }] })).toThrow(
      ScenarioError
    )
    expect(() =>
      parseScenario({ images: [{ image: 'x', stopSeconds: -1 }] })
    ).toThrow(/images\[0\]\.stopSeconds: expected a non-negative number/)
  })
})

describe("independent of the estimator's constants (src/core/simulate)", () => {
  async function rehearsalSources(): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) await walk(p)
        else if (e.name.endsWith('.ts')) out.set(p, await readFile(p, 'utf8'))
      }
    }
    await walk(join(ROOT, 'src/rehearsal'))
    return out
  }

  it('no rehearsal module imports the simulation or names its constants', async () => {
    const sources = await rehearsalSources()
    expect(sources.size).toBeGreaterThan(20)
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(
        /(?:from|import)\s*\(?\s*['"][^'"]*\/core\//
      )
      expect(text, file).not.toMatch(
        /DEFAULT_PULL_SECONDS|DEFAULT_START_SECONDS|DEFAULT_GRACE_SECONDS|estimateDurations/
      )
    }
  })

  it("the kubelet's default figures are not the estimator's: pull, start and stop all differ", () => {
    const ds = (image: string): DaemonSet =>
      ({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'a', namespace: 'default' },
        spec: {
          selector: { matchLabels: { app: 'a' } },
          template: {
            metadata: { labels: { app: 'a' } },
            spec: { containers: [{ name: 'a', image }] }
          }
        }
      }) as DaemonSet
    const estimate = estimateDurations(ds('a:1'), ds('a:2'), false)
    expect(PULL_SECONDS_BY_SIZE[DEFAULT_SIZE_CLASS]).not.toBe(
      estimate.pullSeconds
    )
    expect(KUBELET_DEFAULTS.startSeconds).not.toBe(estimate.startSeconds)
    // The estimator budgets the whole grace period for a stop; an agent
    // that exits on SIGTERM takes a small fraction of it.
    expect(KUBELET_DEFAULTS.stopSeconds).toBeLessThan(
      estimate.terminateSeconds / 10
    )
  })
})
