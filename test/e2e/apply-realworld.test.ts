import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { cluster } from './apply-helpers.js'

const REALWORLD = fileURLToPath(
  new URL('../fixtures/realworld', import.meta.url)
)

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

async function applyFile(
  file: string,
  before?: (c: RehearsalCluster) => void
): Promise<{ code: number; stdout: string; stderr: string }> {
  running = await cluster(3)
  before?.(running)
  const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-rw-'))
  await writeFile(join(dir, 'kubeconfig'), running.kubeconfig, { mode: 0o600 })
  let stdout = ''
  let stderr = ''
  const code = await runCli(
    [
      'apply',
      '--head',
      join(REALWORLD, file),
      '--kubeconfig',
      'kubeconfig',
      '--soak-seconds',
      '0',
      '--timeout',
      '1m',
      '--progress-deadline',
      '30s'
    ],
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: dir,
      env: {}
    }
  )
  return { code, stdout, stderr }
}

const present = existsSync(REALWORLD)

describe('ds-rollout apply of real-world bundles against the rehearsal cluster', () => {
  it
    .skipIf(!present)
    .each([
      'aws-vpc-cni-aws-k8s-cni.yaml',
      'calico-calico.yaml',
      'cilium-quick-install-v1.6.0.yaml',
      'flannel-kube-flannel-v0.27.4.yaml',
      'nvidia-k8s-device-plugin-nvidia-device-plugin.yaml',
      'weave-weave-daemonset-k8s-1.11.yaml'
    ])(
    '%s: every object applied in order, the DaemonSets roll out',
    async (file) => {
      const out = await applyFile(file)
      expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(0)
      expect(out.stdout).toContain('result=rolled-out')
    }
  )

  it.skipIf(!present)(
    'node exporter rolls out once its namespace exists, and says so when it does not',
    async () => {
      const missing = await applyFile(
        'kube-prometheus-nodeExporter-daemonset.yaml'
      )
      expect(missing.code).toBe(1)
      expect(missing.stdout).toContain('namespaces "monitoring" not found')
      await running?.stop()
      const ok = await applyFile(
        'kube-prometheus-nodeExporter-daemonset.yaml',
        (c) =>
          c.objects.create('namespaces', '', {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'monitoring' }
          })
      )
      expect(ok.code, ok.stderr).toBe(0)
    }
  )

  it.skipIf(!present).each([
    [
      'flannel-kube-flannel-v0.11.0.yaml',
      'apiVersion extensions/v1beta1 is not served by this API server'
    ],
    [
      'fluentd-kubernetes-daemonset-fluentd-daemonset-elasticsearch-rbac.yaml',
      'apiVersion rbac.authorization.k8s.io/v1beta1 is not served'
    ],
    ['kubernetes-npd.yaml', 'apiVersion extensions/v1beta1 is not served'],
    ['metallb-metallb-native.yaml', 'apiVersion policy/v1beta1 is not served']
  ])(
    '%s: removed API versions stop the run in preflight, with file:line, before any write',
    async (file, message) => {
      const out = await applyFile(file)
      expect(out.code).toBe(1)
      expect(out.stdout).toContain('result=failed')
      expect(out.stdout).toContain(message)
      expect(out.stdout).toMatch(
        new RegExp(`${file.replace(/\./g, '\\.')}:\\d+: `)
      )
      expect(running!.objects.list('apps/daemonsets').length).toBe(0)
      expect(running!.objects.list('configmaps', 'kube-system').length).toBe(0)
    }
  )
})
