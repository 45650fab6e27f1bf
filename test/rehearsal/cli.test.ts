import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig, CoreV1Api } from '@kubernetes/client-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'

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
