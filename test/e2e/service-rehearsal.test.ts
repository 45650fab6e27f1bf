import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { loadKubeConfig } from '../../src/adapters/kube/kubeconfig.js'
import { KubeClient } from '../../src/adapters/kube/client.js'
import { runCli } from '../../src/cli/main.js'
import { parseManifests } from '../../src/core/manifests/parse.js'
import type { Plan } from '../../src/core/plan/types.js'
import type { Snapshot } from '../../src/core/snapshot/types.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { parseServeArgs } from '../../src/service/serve-options.js'
import { startService, type RunningService } from '../../src/service/start.js'
import { KUBECTL } from '../support/kubectl.js'
import { call, tempFile, TOKEN_CI } from './service-helpers.js'

const run = promisify(execFile)
const fixtures = new URL('../fixtures/', import.meta.url).pathname

let cluster: RehearsalCluster | undefined
let service: RunningService | undefined

afterEach(async () => {
  await service?.stop()
  await cluster?.stop()
  service = undefined
  cluster = undefined
})

async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 15_000
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** `ds-rollout plan --format json` as a user would run it. */
async function cliPlan(args: string[], cwd: string): Promise<Plan> {
  let out = ''
  let err = ''
  const code = await runCli(['plan', ...args, '--format', 'json'], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    env: {}
  })
  expect(err).toBe('')
  expect(code).toBe(0)
  return JSON.parse(out) as Plan
}

/**
 * The service on a rehearsal cluster that cuts node watches every second;
 * `bookmarkIntervalMs` says how often the cluster sends watch bookmarks.
 */
async function serveWithCutNodeWatches(bookmarkIntervalMs: number) {
  const seed = JSON.parse(
    await readFile(`${fixtures}rehearsal/nodes-3.json`, 'utf8')
  )
  cluster = await startRehearsalCluster({
    snapshot: seed,
    speed: 50,
    bookmarkIntervalMs,
    scenario: {
      faults: [
        {
          api: {
            verb: 'watch',
            resource: 'nodes',
            effect: 'disconnect',
            everySeconds: 1
          }
        }
      ]
    }
  })
  const kubeconfig = await tempFile('kubeconfig', cluster.kubeconfig)
  const tokens = await tempFile('tokens', `${TOKEN_CI}\n`)
  const logs: string[] = []
  service = await startService(
    parseServeArgs([
      '--kubeconfig',
      kubeconfig,
      '--tokens',
      tokens,
      '--listen',
      '127.0.0.1:0'
    ]),
    {
      log: (line) => logs.push(line),
      view: {
        minRebuildMs: 0,
        reflector: { backoffInitialMs: 50, backoffMaxMs: 200 }
      }
    }
  )
  const url = service.url
  await until(
    async () =>
      (await call(`${url}/readyz`)).status === 200 ? true : undefined,
    'readyz'
  )
  const restarts = async (reason: string): Promise<number> =>
    Number(
      new RegExp(
        `ds_rollout_watch_restarts_total\\{resource="nodes",reason="${reason}"\\} (\\d+)`
      ).exec((await call(`${url}/metrics`)).text)?.[1] ?? 0
    )
  return { cluster, url, logs, restarts }
}

describe('analysis service against the rehearsal cluster', () => {
  it('answers /v1/plan like the CLI on a snapshot of the cluster, and follows a new taint', async () => {
    const seed = JSON.parse(
      await readFile(`${fixtures}rehearsal/nodes-3.json`, 'utf8')
    )
    cluster = await startRehearsalCluster({ snapshot: seed, speed: 50 })
    const kubeconfig = await tempFile('kubeconfig', cluster.kubeconfig)
    const base = await readFile(`${fixtures}rehearsal/agent-ds.yaml`, 'utf8')
    const head = base.replace('agent:1.0.0', 'agent:1.1.0')
    // The service names the manifests `head` and `base`; so do these files,
    // so that findings point at the same file names.
    const dir = dirname(await tempFile('head', head))
    await writeFile(join(dir, 'base'), base)

    // The DaemonSet exists in the cluster and its pods run.
    const api = new KubeClient(loadKubeConfig({ content: cluster.kubeconfig }))
    const ds = parseManifests(base, 'base')[0]?.object
    await api.create(
      '/apis/apps/v1/namespaces/default/daemonsets',
      ds,
      'daemonset default/agent'
    )

    const tokens = await tempFile('tokens', `${TOKEN_CI}\n`)
    service = await startService(
      parseServeArgs([
        '--kubeconfig',
        kubeconfig,
        '--tokens',
        tokens,
        '--listen',
        '127.0.0.1:0'
      ]),
      { log: () => {}, view: { minRebuildMs: 0 } }
    )
    const url = service.url
    await until(
      async () =>
        (await call(`${url}/readyz`)).status === 200 ? true : undefined,
      'readyz'
    )

    const auth = { Authorization: `Bearer ${TOKEN_CI}` }
    const snapshotNow = async (): Promise<Snapshot> =>
      JSON.parse(
        (await call(`${url}/v1/snapshot`, { headers: auth })).text
      ) as Snapshot
    await until(async () => {
      const s = await snapshotNow()
      const running = s.nodes.filter((n) =>
        n.daemonPods.some((p) => p.daemonSet === 'agent' && p.ready)
      )
      return running.length === 3 ? s : undefined
    }, 'agent pods ready on 3 nodes')
    const planNow = async (): Promise<Plan> => {
      const res = await call(`${url}/v1/plan`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ head, base })
      })
      expect(res.status).toBe(200)
      return JSON.parse(res.text) as Plan
    }

    // A snapshot of the cluster recorded independently, with kubectl.
    const record = async (): Promise<string> => {
      const { stdout } = await run(KUBECTL, [
        '--kubeconfig',
        kubeconfig,
        'get',
        'nodes,pods,daemonsets',
        '--all-namespaces',
        '-o',
        'json'
      ])
      return await tempFile('cluster.json', stdout)
    }
    const before = await planNow()
    const cliBefore = await cliPlan(
      ['--base', 'base', '--head', 'head', '--snapshot', await record()],
      dir
    )
    expect(before).toEqual(cliBefore)
    expect(before.daemonSets[0]?.rollout.triggered).toBe(true)
    // v2 plans group nodes by outcome: every node runs the agent (routine
    // replacements, not named), none is kept off by a taint.
    const tainted = (plan: Plan) =>
      plan.daemonSets[0]?.outcomes?.find((g) => /maintenance/.test(g.reason))
    const desired = before.daemonSets[0]?.rollout.desired
    expect(desired).toBe(
      before.daemonSets[0]?.outcomes?.reduce((n, g) => n + g.count, 0)
    )
    expect(tainted(before)).toBeUndefined()

    // Taint node-c: the agent does not tolerate it.
    cluster.setNodeTaints('node-c', [
      { key: 'maintenance', value: 'true', effect: 'NoExecute' }
    ])
    const after = await until(async () => {
      const p = await planNow()
      return tainted(p) !== undefined ? p : undefined
    }, 'plan to see the taint')
    expect(after).not.toEqual(before)
    expect(tainted(after)?.count).toBe(1)
    expect(after.daemonSets[0]?.rollout.desired).toBe((desired ?? 0) - 1)
    const detail = after.daemonSets[0]?.nodeDetail?.find(
      (n) => n.name === 'node-c'
    )
    // While the pod is still there it is deleted (non-routine: detailed).
    if (detail !== undefined) expect(detail.shouldRun).toBe(false)
    // And it is still what the CLI says on a fresh recording, once the
    // cluster has settled (the taint evicts the agent pod on node-c).
    await until(async () => {
      const s = await snapshotNow()
      return s.nodes.find((n) => n.name === 'node-c')?.daemonPods.length === 0
        ? true
        : undefined
    }, 'eviction from node-c')
    const settled = await planNow()
    const cliAfter = await cliPlan(
      ['--base', 'base', '--head', 'head', '--snapshot', await record()],
      dir
    )
    expect(settled).toEqual(cliAfter)
  })

  it('survives failing lists and watches cut every second, and still follows the cluster', async () => {
    const seed = JSON.parse(
      await readFile(`${fixtures}rehearsal/nodes-3.json`, 'utf8')
    )
    cluster = await startRehearsalCluster({
      snapshot: seed,
      speed: 50,
      scenario: {
        faults: [
          {
            api: {
              verb: 'watch',
              resource: 'nodes',
              effect: 'disconnect',
              everySeconds: 1
            }
          },
          {
            api: {
              verb: 'list',
              resource: 'pods',
              effect: 'status',
              code: 500,
              burst: 2
            }
          }
        ]
      }
    })
    const kubeconfig = await tempFile('kubeconfig', cluster.kubeconfig)
    const tokens = await tempFile('tokens', `${TOKEN_CI}\n`)
    const logs: string[] = []
    service = await startService(
      parseServeArgs([
        '--kubeconfig',
        kubeconfig,
        '--tokens',
        tokens,
        '--listen',
        '127.0.0.1:0'
      ]),
      {
        log: (line) => logs.push(line),
        view: {
          minRebuildMs: 0,
          reflector: { backoffInitialMs: 50, backoffMaxMs: 200 }
        }
      }
    )
    const url = service.url
    await until(
      async () =>
        (await call(`${url}/readyz`)).status === 200 ? true : undefined,
      'readyz'
    )
    // The two failed pod lists were retried, with the API's reason logged.
    expect(
      logs.filter((l) => l.includes('pods: list failed (500')).length
    ).toBe(2)
    const restarts = async (): Promise<number> => {
      const text = (await call(`${url}/metrics`)).text
      return Number(
        /ds_rollout_watch_restarts_total\{resource="nodes",reason="error"\} (\d+)/.exec(
          text
        )?.[1] ?? 0
      )
    }
    await until(
      async () => ((await restarts()) >= 2 ? true : undefined),
      'two node watch drops'
    )
    cluster.setNodeTaints('node-b', [
      { key: 'maintenance', value: 'true', effect: 'NoSchedule' }
    ])
    const auth = { Authorization: `Bearer ${TOKEN_CI}` }
    await until(async () => {
      const s = JSON.parse(
        (await call(`${url}/v1/snapshot`, { headers: auth })).text
      ) as Snapshot
      return s.nodes
        .find((n) => n.name === 'node-b')
        ?.taints.some((t) => t.key === 'maintenance') === true
        ? true
        : undefined
    }, 'taint seen through the dropping watch')
  })

  it('lists again when the resourceVersion of its watch has expired (410 Gone), and keeps following the cluster', async () => {
    // No bookmarks: the node watch's resourceVersion only moves with node events.
    const { url, logs, restarts } = await serveWithCutNodeWatches(3_600_000)
    const c = cluster!
    expect(await restarts('expired')).toBe(0)
    // Another object moves the cluster's resourceVersion past the one the
    // node watch resumes from; then the server forgets the older history.
    c.objects.create('configmaps', 'default', {
      metadata: { name: 'bump' }
    })
    c.compactHistory()
    // The next cut makes the service resume from an expired version.
    await until(
      async () => ((await restarts('expired')) >= 1 ? true : undefined),
      'a watch restart after 410 Gone'
    )
    expect(
      logs.some((l) =>
        l.includes('resourceVersion expired (410); listing again')
      )
    ).toBe(true)
    // The fresh list and watch follow the cluster.
    c.setNodeTaints('node-a', [
      { key: 'maintenance', value: 'true', effect: 'NoSchedule' }
    ])
    const auth = { Authorization: `Bearer ${TOKEN_CI}` }
    await until(async () => {
      const s = JSON.parse(
        (await call(`${url}/v1/snapshot`, { headers: auth })).text
      ) as Snapshot
      return s.nodes
        .find((n) => n.name === 'node-a')
        ?.taints.some((t) => t.key === 'maintenance') === true
        ? true
        : undefined
    }, 'taint seen after the re-list')
    expect((await call(`${url}/readyz`)).status).toBe(200)
  })

  it('resumes its watches from bookmarks, so a compacted history costs no re-list', async () => {
    const { logs, restarts } = await serveWithCutNodeWatches(200)
    const c = cluster!
    c.objects.create('configmaps', 'default', { metadata: { name: 'bump' } })
    // A bookmark carries the newer resourceVersion to the node watch.
    await new Promise((r) => setTimeout(r, 1000))
    c.compactHistory()
    const cuts = async () =>
      (await restarts('closed')) + (await restarts('error'))
    const before = await cuts()
    await until(
      async () => ((await cuts()) >= before + 2 ? true : undefined),
      'two more node watch cuts'
    )
    expect(await restarts('expired')).toBe(0)
    expect(logs.some((l) => l.includes('expired (410)'))).toBe(false)
  })
})
