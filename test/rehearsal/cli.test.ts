import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1DaemonSet
} from '@kubernetes/client-node'
import { parse } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { promisify } from 'node:util'
import { runCli } from '../../src/cli/main.js'
import { KUBECTL, kubectlAvailable } from '../support/kubectl.js'

const exec = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname
const fixtures = new URL('../fixtures/rehearsal/', import.meta.url).pathname

describe('ds-rollout rehearse', () => {
  let dir: string
  let out: string
  let err: string
  const io = () => ({
    stdout: (t: string) => void (out += t),
    stderr: (t: string) => void (err += t),
    cwd: dir,
    env: {}
  })
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rehearse-cli-'))
    out = ''
    err = ''
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints one ready line, writes a working kubeconfig and stops on SIGTERM', async () => {
    const done = runCli(
      [
        'rehearse',
        '--snapshot',
        join(fixtures, 'nodes-3.json'),
        '--speed',
        '20',
        '--kubeconfig-out',
        'kc.yaml'
      ],
      io()
    )
    const end = Date.now() + 10_000
    while (!out.includes('ready') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    expect(out).toMatch(
      /^rehearsal cluster ready at https:\/\/127\.0\.0\.1:\d+ \(speed 20x\); kubeconfig: .*kc\.yaml \(context rehearsal\)\n$/
    )
    const kc = new KubeConfig()
    kc.loadFromString(await readFile(join(dir, 'kc.yaml'), 'utf8'))
    expect(kc.getCurrentContext()).toBe('rehearsal')
    const nodes = await kc.makeApiClient(CoreV1Api).listNode()
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual([
      'node-a',
      'node-b',
      'node-c'
    ])
    process.emit('SIGTERM')
    expect(await done).toBe(0)
  })

  it('--scenario: takes its speed and injects its faults', async () => {
    await writeFile(
      join(dir, 'faults.yaml'),
      [
        'speed: 80',
        'defaults: { pullSeconds: 2, startSeconds: 1 }',
        'faults:',
        '  - image: "*:bad-*"',
        '    effect: ImagePullBackOff',
        '    nodes: "pool=general"',
        ''
      ].join('\n')
    )
    const done = runCli(
      [
        'rehearse',
        '--snapshot',
        join(fixtures, 'nodes-3.json'),
        '--scenario',
        'faults.yaml',
        '--kubeconfig-out',
        'kc.yaml'
      ],
      io()
    )
    const end = Date.now() + 10_000
    while (!out.includes('ready') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    expect(out).toContain('(speed 80x)')
    const kc = new KubeConfig()
    kc.loadFromString(await readFile(join(dir, 'kc.yaml'), 'utf8'))
    const ds = parse(
      (await readFile(join(fixtures, 'agent-ds.yaml'), 'utf8')).replace(
        'agent:1.0.0',
        'agent:bad-1'
      )
    ) as V1DaemonSet
    await kc
      .makeApiClient(AppsV1Api)
      .createNamespacedDaemonSet({ namespace: 'default', body: ds })
    const core = kc.makeApiClient(CoreV1Api)
    const [nodes, pools] = [await core.listNode(), new Map<string, string>()]
    for (const n of nodes.items)
      pools.set(n.metadata!.name!, n.metadata!.labels?.['pool'] ?? '')
    const reasons = async () =>
      new Map(
        (await core.listNamespacedPod({ namespace: 'default' })).items.map(
          (p) => [
            p.spec!.nodeName!,
            p.status?.containerStatuses?.[0]?.state?.waiting?.reason ??
              (p.status?.containerStatuses?.[0]?.state?.running
                ? 'Running'
                : '')
          ]
        )
      )
    const wanted = () =>
      new Map(
        [...pools].map(([node, pool]) => [
          node,
          pool === 'general' ? 'ImagePullBackOff' : 'Running'
        ])
      )
    const until = Date.now() + 15_000
    let seen = await reasons()
    while (
      JSON.stringify([...seen].sort()) !==
        JSON.stringify([...wanted()].sort()) &&
      Date.now() < until
    ) {
      await new Promise((r) => setTimeout(r, 100))
      seen = await reasons()
    }
    expect([...seen].sort()).toEqual([...wanted()].sort())
    expect([...pools.values()]).toContain('general')
    expect([...pools.values()].some((p) => p !== 'general')).toBe(true)
    process.emit('SIGTERM')
    expect(await done).toBe(0)
  })

  it('--port: listens on the given port; a port in use is one line and exit 2', async () => {
    const busy = net.createServer()
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()))
    const port = (busy.address() as net.AddressInfo).port
    try {
      const args = [
        'rehearse',
        '--snapshot',
        join(fixtures, 'nodes-3.json'),
        '--port',
        String(port),
        '--kubeconfig-out',
        'kc.yaml'
      ]
      expect(await runCli(args, io())).toBe(2)
      expect(err).toBe(`ds-rollout rehearse: port ${port} is already in use\n`)
      expect(out).toBe('')
      await new Promise((r) => busy.close(r))
      const done = runCli(args, io())
      const end = Date.now() + 10_000
      while (!out.includes('ready') && Date.now() < end)
        await new Promise((r) => setTimeout(r, 20))
      expect(out).toContain(`ready at https://127.0.0.1:${port} `)
      const kc = new KubeConfig()
      kc.loadFromString(await readFile(join(dir, 'kc.yaml'), 'utf8'))
      expect(kc.getCurrentCluster()?.server).toBe(`https://127.0.0.1:${port}`)
      process.emit('SIGTERM')
      expect(await done).toBe(0)
    } finally {
      busy.close()
    }
  })

  it('rejects bad flags and files with one line and exit 2', async () => {
    expect(
      await runCli(
        ['rehearse', '--snapshot', 'missing.json', '--kubeconfig-out', 'kc'],
        io()
      )
    ).toBe(2)
    expect(err).toBe(
      `ds-rollout rehearse: ${join(dir, 'missing.json')}: file not found\n`
    )
    err = ''
    expect(
      await runCli(
        ['rehearse', '--snapshot', join(fixtures, 'nodes-3.json')],
        io()
      )
    ).toBe(2)
    expect(err).toContain('--kubeconfig-out <file> is required')
    err = ''
    expect(
      await runCli(
        [
          'rehearse',
          '--snapshot',
          join(fixtures, 'nodes-3.json'),
          '--kubeconfig-out',
          'kc',
          '--speed',
          '-3'
        ],
        io()
      )
    ).toBe(2)
    expect(err).toContain(
      "--speed must be a number greater than 0 and at most 10000, got '-3'"
    )
    err = ''
    await writeFile(
      join(dir, 'bad.yaml'),
      'faults:\n  - image: "*"\n    effect: Explode\n'
    )
    expect(
      await runCli(
        [
          'rehearse',
          '--snapshot',
          join(fixtures, 'nodes-3.json'),
          '--kubeconfig-out',
          'kc',
          '--scenario',
          'bad.yaml'
        ],
        io()
      )
    ).toBe(2)
    expect(err).toContain(
      'bad.yaml: faults[0].effect: must be one of ImagePullBackOff'
    )
    err = ''
    expect(
      await runCli(
        [
          'rehearse',
          '--snapshot',
          join(fixtures, 'agent-ds.yaml'),
          '--kubeconfig-out',
          'kc'
        ],
        io()
      )
    ).toBe(2)
    expect(err).toContain(
      'expected kind DsRolloutSnapshot or a List (kubectl get nodes -o json), got kind DaemonSet'
    )
  })
})

const KUBECTL_SUITE = 'ds-rollout rehearse with the real kubectl'
const haveKubectl = kubectlAvailable(KUBECTL_SUITE)

describe.skipIf(!haveKubectl)(KUBECTL_SUITE, () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rehearse-kubectl-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs `ds-rollout rehearse` until SIGTERM; resolves once it is ready. */
  async function rehearse(snapshot: string, kubeconfig: string) {
    const io = { out: '', err: '' }
    const done = runCli(
      [
        'rehearse',
        '--snapshot',
        snapshot,
        '--speed',
        '100',
        '--kubeconfig-out',
        kubeconfig
      ],
      {
        stdout: (t) => void (io.out += t),
        stderr: (t) => void (io.err += t),
        cwd: dir,
        env: {}
      }
    )
    const end = Date.now() + 10_000
    while (!io.out.includes('ready') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    expect(io.out).toMatch(/^rehearsal cluster ready at https:/)
    return {
      io,
      stop: async () => {
        process.emit('SIGTERM')
        expect(await done).toBe(0)
      }
    }
  }

  const kubectl = async (kubeconfig: string, ...args: string[]) => {
    try {
      const r = await exec(KUBECTL, args, {
        env: { PATH: process.env['PATH'] ?? '', HOME: dir },
        timeout: 30_000
      })
      return { code: 0, out: r.stdout, err: r.stderr }
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string }
      return {
        code: err.code ?? 1,
        out: err.stdout ?? '',
        err: err.stderr ?? ''
      }
    }
  }

  type NodeView = {
    name: string
    labels: Record<string, string>
    taints: unknown[]
    unschedulable: boolean
  }
  const nodesOf = (listJson: string): NodeView[] =>
    (
      JSON.parse(listJson) as {
        items: {
          metadata: { name: string; labels: Record<string, string> }
          spec: { taints?: unknown[]; unschedulable?: boolean }
        }[]
      }
    ).items.map((n) => ({
      name: n.metadata.name,
      labels: n.metadata.labels,
      taints: n.spec.taints ?? [],
      unschedulable: n.spec.unschedulable === true
    }))

  it('rehearses examples/snapshot.json: get, apply --server-side, rollout status/undo; its `kubectl get nodes -o json` rehearses the same nodes', async () => {
    const example = join(root, 'examples/snapshot.json')
    const recorded = JSON.parse(await readFile(example, 'utf8')) as {
      nodes: { name: string; taints: { key: string }[] }[]
    }
    const kc = join(dir, 'kc.yaml')
    const first = await rehearse(example, kc)
    expect(first.io.err).toContain(
      'the snapshot records no template for 4 DaemonSet(s) (kube-system/aws-node, kube-system/kube-proxy, monitoring/node-agent, monitoring/node-exporter)'
    )

    const got = await kubectl(kc, '--kubeconfig', kc, 'get', 'nodes,ds,pods')
    expect(got.code).toBe(0)
    const nodeLines = got.out.split('\n').filter((l) => l.startsWith('node/'))
    expect(nodeLines).toHaveLength(recorded.nodes.length)
    expect(got.out).toMatch(
      /node\/ip-10-0-14-48\.eu-west-1\.compute\.internal\s+Ready,SchedulingDisabled/
    )

    const manifest = async (image: string) => {
      const file = join(dir, `agent-${image}.yaml`)
      await writeFile(
        file,
        (await readFile(join(fixtures, 'agent-ds.yaml'), 'utf8')).replace(
          'registry.example/agent:1.0.0',
          `registry.example/agent:${image}`
        )
      )
      return file
    }
    const k = (...args: string[]) => kubectl(kc, '--kubeconfig', kc, ...args)
    const rolledOut = async () => {
      const status = await k('rollout', 'status', 'ds/agent', '--timeout=30s')
      expect(status.err).toBe('')
      expect(status.out).toContain('daemon set "agent" successfully rolled out')
    }
    expect(
      (await k('apply', '--server-side', '-f', await manifest('1.0.0'))).out
    ).toContain('daemonset.apps/agent serverside-applied')
    await rolledOut()

    // The rehearsal's controller and the product's planner are separate
    // code: they agree on where the DaemonSet runs in this fleet.
    const desired = Number(
      (
        await k(
          'get',
          'ds',
          'agent',
          '-o',
          'jsonpath={.status.desiredNumberScheduled}'
        )
      ).out
    )
    let planOut = ''
    expect(
      await runCli(
        [
          'plan',
          '--head',
          join(fixtures, 'agent-ds.yaml'),
          '--snapshot',
          example,
          '--format',
          'json'
        ],
        {
          stdout: (t) => void (planOut += t),
          stderr: () => {},
          cwd: dir,
          env: {}
        }
      )
    ).toBe(0)
    const planned = (
      JSON.parse(planOut) as {
        daemonSets: { rollout: { desired?: number } }[]
      }
    ).daemonSets[0]?.rollout.desired
    expect(desired).toBeGreaterThan(0)
    expect(desired).toBe(planned)

    expect(
      (await k('apply', '--server-side', '-f', await manifest('1.1.0'))).code
    ).toBe(0)
    await rolledOut()
    expect((await k('rollout', 'undo', 'ds/agent')).out.trim()).toBe(
      'daemonset.apps/agent rolled back'
    )
    await rolledOut()
    const images = await k(
      'get',
      'pods',
      '-l',
      'app=agent',
      '-o',
      'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}'
    )
    expect(new Set(images.out.trim().split('\n'))).toEqual(
      new Set(['registry.example/agent:1.0.0'])
    )

    // A plain `kubectl get nodes -o json` file is a snapshot too.
    const listed = await k('get', 'nodes', '-o', 'json')
    expect(listed.code).toBe(0)
    await writeFile(join(dir, 'nodes.json'), listed.out)
    await first.stop()

    const kc2 = join(dir, 'kc2.yaml')
    const second = await rehearse(join(dir, 'nodes.json'), kc2)
    expect(second.io.err).toBe('')
    const again = await kubectl(
      kc2,
      '--kubeconfig',
      kc2,
      'get',
      'nodes',
      '-o',
      'json'
    )
    expect(nodesOf(again.out)).toEqual(nodesOf(listed.out))
    expect(
      nodesOf(again.out)
        .find((n) => n.name.startsWith('ip-10-0-17-69'))
        ?.taints.map((t) => (t as { key: string }).key)
    ).toEqual(['maintenance'])
    await second.stop()
  })
})
