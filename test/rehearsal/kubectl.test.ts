import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { KUBECTL, kubectlAvailable } from '../support/kubectl.js'

const SUITE = 'the real kubectl against the rehearsal cluster'
const haveKubectl = kubectlAvailable(SUITE)

const exec = promisify(execFile)
const fixtures = new URL('../fixtures/rehearsal/', import.meta.url).pathname

describe.skipIf(!haveKubectl)(SUITE, () => {
  let cluster: RehearsalCluster
  let dir: string
  const kubectl = async (...args: string[]) => {
    try {
      const r = await exec(KUBECTL, args, {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: dir,
          KUBECONFIG: join(dir, 'kubeconfig')
        },
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
  const manifest = async (image: string) => {
    const text = (
      await readFile(join(fixtures, 'agent-ds.yaml'), 'utf8')
    ).replace('registry.example/agent:1.0.0', image)
    const file = join(dir, `agent-${image.replace(/[^a-z0-9.]/gi, '_')}.yaml`)
    await writeFile(file, text)
    return file
  }
  const image = async () =>
    (
      await kubectl(
        'get',
        'ds',
        'agent',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}'
      )
    ).out

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rehearsal-kubectl-'))
    const snapshot = JSON.parse(
      await readFile(join(fixtures, 'nodes-3.json'), 'utf8')
    ) as unknown
    cluster = await startRehearsalCluster({
      snapshot,
      speed: 40,
      kubeconfigPath: join(dir, 'kubeconfig'),
      scenario: {
        defaults: { pullSeconds: 1, startSeconds: 1, stopSeconds: 1 }
      }
    })
  })
  afterAll(async () => {
    await cluster?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('kubectl get nodes,ds,pods lists the snapshot nodes', async () => {
    const r = await kubectl('get', 'nodes,ds,pods')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/node\/node-a\s+Ready\s+<none>\s+\S+\s+v1\.32\.3/)
    expect(r.out).toContain('node/node-c')
  })

  it('apply --server-side, rollout status, history, undo (R5.6, R6.2-R6.11, example 18)', async () => {
    const applied = await kubectl(
      'apply',
      '--server-side',
      '-f',
      await manifest('registry.example/agent:1.0.0')
    )
    expect(applied.err).toBe('')
    expect(applied.out.trim()).toBe('daemonset.apps/agent serverside-applied')
    let status = await kubectl('rollout', 'status', 'ds/agent', '--timeout=30s')
    expect(status.code).toBe(0)
    expect(status.out.trim().split('\n').pop()).toBe(
      'daemon set "agent" successfully rolled out'
    )

    for (const tag of ['1.1.0', '1.2.0']) {
      expect(
        (
          await kubectl(
            'apply',
            '--server-side',
            '-f',
            await manifest(`registry.example/agent:${tag}`)
          )
        ).code
      ).toBe(0)
      status = await kubectl('rollout', 'status', 'ds/agent', '--timeout=30s')
      expect(status.code).toBe(0)
      expect(status.out).toContain('daemon set "agent" successfully rolled out')
    }
    const pods = await kubectl(
      'get',
      'pods',
      '-l',
      'app=agent',
      '-o',
      'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}'
    )
    expect(pods.out.trim().split('\n')).toEqual(
      Array(3).fill('registry.example/agent:1.2.0')
    )

    const history = await kubectl('rollout', 'history', 'ds/agent')
    expect(history.out).toBe(
      'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n'
    )

    const undo = await kubectl('rollout', 'undo', 'ds/agent')
    expect(undo.out.trim()).toBe('daemonset.apps/agent rolled back')
    expect(await image()).toBe('registry.example/agent:1.1.0')
    status = await kubectl('rollout', 'status', 'ds/agent', '--timeout=30s')
    expect(status.out).toContain('successfully rolled out')
    // R4.6: revision 2 is reused and renumbered 4
    const after = await kubectl('rollout', 'history', 'ds/agent')
    expect(after.out).toBe(
      'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         <none>\n\n'
    )

    const skipped = await kubectl(
      'rollout',
      'undo',
      'ds/agent',
      '--to-revision=4'
    )
    expect(skipped.out.trim()).toBe(
      'daemonset.apps/agent skipped rollback (current template already matches revision 4)'
    )

    const again = await kubectl('rollout', 'undo', 'ds/agent')
    expect(again.code).toBe(0)
    expect(await image()).toBe('registry.example/agent:1.2.0')

    const missing = await kubectl(
      'rollout',
      'undo',
      'ds/agent',
      '--to-revision=9'
    )
    expect(missing.code).not.toBe(0)
    expect(missing.err).toContain(
      'unable to find specified revision 9 in history'
    )
  })

  it('kubectl describe ds shows pod status and controller events', async () => {
    await kubectl('rollout', 'status', 'ds/agent', '--timeout=30s')
    const r = await kubectl('describe', 'ds', 'agent')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/
    )
    expect(r.out).toContain('SuccessfulCreate')
  })

  it('rejects an invalid DaemonSet with the API server message (R3.6, example 4)', async () => {
    const text = (await readFile(join(fixtures, 'agent-ds.yaml'), 'utf8'))
      .replace('name: agent\n', 'name: surge\n')
      .replace('maxUnavailable: 1', 'maxSurge: 1')
    const file = join(dir, 'surge.yaml')
    await writeFile(file, text)
    const r = await kubectl('apply', '--server-side', '-f', file)
    expect(r.code).not.toBe(0)
    expect(r.err).toContain(
      'The DaemonSet "surge" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'
    )
  })

  it('kubectl create configmap (protobuf body) unblocks a pod in CreateContainerConfigError (R7.4)', async () => {
    const text = (await readFile(join(fixtures, 'agent-ds.yaml'), 'utf8'))
      .replaceAll('agent', 'cfguser')
      .replace(
        '          resources:',
        '          env:\n            - name: LEVEL\n              valueFrom:\n                configMapKeyRef: { name: cfguser-config, key: level }\n          resources:'
      )
    const file = join(dir, 'cfguser.yaml')
    await writeFile(file, text)
    expect((await kubectl('apply', '--server-side', '-f', file)).code).toBe(0)
    const reason = async () =>
      (
        await kubectl(
          'get',
          'pods',
          '-l',
          'app=cfguser',
          '-o',
          'jsonpath={.items[*].status.containerStatuses[0].state.waiting.reason}'
        )
      ).out
    const end = Date.now() + 15_000
    while (
      (await reason())
        .split(' ')
        .filter((r) => r === 'CreateContainerConfigError').length !== 3
    ) {
      if (Date.now() > end)
        throw new Error('pods never reached CreateContainerConfigError')
      await new Promise((r) => setTimeout(r, 100))
    }
    const created = await kubectl(
      'create',
      'configmap',
      'cfguser-config',
      '--from-literal=level=debug'
    )
    expect(created.out.trim()).toBe('configmap/cfguser-config created')
    const status = await kubectl(
      'rollout',
      'status',
      'ds/cfguser',
      '--timeout=30s'
    )
    expect(status.out).toContain('daemon set "cfguser" successfully rolled out')
  })
})
