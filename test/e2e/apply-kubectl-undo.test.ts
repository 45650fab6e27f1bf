import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { undoDaemonSet } from '../../src/deploy/undo.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { agent, apply, clientFor, cluster, manifests } from './apply-helpers.js'
import { KUBECTL, kubectlAvailable } from '../support/kubectl.js'

const run = promisify(execFile)
let clusters: RehearsalCluster[] = []
afterEach(async () => {
  await Promise.all(clusters.map((c) => c.stop()))
  clusters = []
})

type Obj = Record<string, unknown>

async function prepare(): Promise<RehearsalCluster> {
  const c = await cluster(3, {
    faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }]
  })
  clusters.push(c)
  const client = clientFor(c)
  const env = {
    ...agent('agent:1'),
    metadata: {
      name: 'agent',
      namespace: 'kube-system',
      annotations: { 'kubernetes.io/change-cause': 'v1' }
    }
  }
  expect((await apply(client, manifests(env))).result).toBe('rolled-out')
  const second = agent('agent:2')
  ;(
    (second['spec'] as Obj)['template'] as { spec: { containers: Obj[] } }
  ).spec.containers[0]!['env'] = [{ name: 'MODE', value: 'x' }]
  expect((await apply(client, manifests(second))).result).toBe('rolled-out')
  // A third, bad revision left in place, as after a failed rollout without undo.
  expect(
    (await apply(client, manifests(agent('agent:bad-3')), { undo: false }))
      .result
  ).toBe('failed')
  return c
}

function template(c: RehearsalCluster): unknown {
  return (
    c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
      spec: { template: unknown }
    }
  ).spec.template
}

const SUITE = 'undo equals kubectl rollout undo (R6.2-R6.8)'
const haveKubectl = kubectlAvailable(SUITE)

describe(SUITE, () => {
  it.skipIf(!haveKubectl)(
    'produces the same DaemonSet template as /usr/bin/kubectl on an identical cluster',
    async () => {
      const [ours, theirs] = [await prepare(), await prepare()]
      expect(template(ours)).toEqual(template(theirs))

      const outcome = await undoDaemonSet(
        clientFor(ours),
        'kube-system',
        'agent',
        0
      )
      expect(outcome).toMatchObject({
        kind: 'rolled-back',
        toRevision: 2,
        message: 'daemonset.apps/agent rolled back'
      })

      const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-kubectl-'))
      const kubeconfig = join(dir, 'config')
      await writeFile(kubeconfig, theirs.kubeconfig, { mode: 0o600 })
      const { stdout } = await run(KUBECTL, [
        '--kubeconfig',
        kubeconfig,
        '-n',
        'kube-system',
        'rollout',
        'undo',
        'daemonset/agent'
      ])
      expect(stdout.trim()).toBe('daemonset.apps/agent rolled back')

      expect(template(ours)).toEqual(template(theirs))
      const image = (
        template(ours) as { spec: { containers: { image: string }[] } }
      ).spec.containers[0]!.image
      expect(image).toBe('agent:2')

      // A second undo flips back (R6.3 + R4.6 renumbering), for both.
      await undoDaemonSet(clientFor(ours), 'kube-system', 'agent', 0)
      await run(KUBECTL, [
        '--kubeconfig',
        kubeconfig,
        '-n',
        'kube-system',
        'rollout',
        'undo',
        'daemonset/agent'
      ])
      expect(template(ours)).toEqual(template(theirs))

      // R6.4: an explicit --to-revision (the first one: no env, which the
      // strategic merge patch must remove), for both.
      const explicit = await undoDaemonSet(
        clientFor(ours),
        'kube-system',
        'agent',
        1
      )
      expect(explicit).toMatchObject({ kind: 'rolled-back', toRevision: 1 })
      await run(KUBECTL, [
        '--kubeconfig',
        kubeconfig,
        '-n',
        'kube-system',
        'rollout',
        'undo',
        'daemonset/agent',
        '--to-revision=1'
      ])
      expect(template(ours)).toEqual(template(theirs))
      const container = (
        template(ours) as {
          spec: { containers: { image: string; env?: unknown }[] }
        }
      ).spec.containers[0]!
      expect(container.image).toBe('agent:1')
      expect(container.env).toBeUndefined()
    }
  )
})
