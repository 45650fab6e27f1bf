import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { agent, cluster } from './apply-helpers.js'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

async function cli(
  args: string[],
  cwd: string
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {}
  })
  return { code, stdout, stderr }
}

const GATE = [
  '--soak-seconds',
  '1',
  '--timeout',
  '1m',
  '--progress-deadline',
  '30s'
]

describe('ds-rollout apply / undo (CLI) against the rehearsal cluster', () => {
  it('applies, fails on a bad image with exit 1 and a rolled-back report, then undo --to-revision works', async () => {
    running = await cluster(3, {
      faults: [{ image: '*:bad-*', effect: 'ErrImagePull' }]
    })
    const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-cli-'))
    await writeFile(join(dir, 'kubeconfig'), running.kubeconfig, {
      mode: 0o600
    })
    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:1')))
    const first = await cli(
      ['apply', '--head', 'ds.yaml', '--kubeconfig', 'kubeconfig', ...GATE],
      dir
    )
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('result=rolled-out')
    expect(first.stderr).not.toContain(running.token)

    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:2')))
    const second = await cli(
      ['apply', '--head', 'ds.yaml', '--kubeconfig', 'kubeconfig', ...GATE],
      dir
    )
    expect(second.code, second.stderr).toBe(0)
    // The preflight's plan against the live nodes, and progress with its ETA.
    expect(second.stderr).toMatch(
      /live plan kube-system\/agent: rolls out; 3 desired node\(s\) of the live cluster; 3 replaced; 3 wave\(s\) of at most 1 node\(s\)/
    )
    expect(second.stderr).toMatch(/ETA ~.* \(live plan estimate /)

    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:bad-3')))
    const bad = await cli(
      [
        'apply',
        '--head',
        'ds.yaml',
        '--kubeconfig',
        'kubeconfig',
        '--report',
        'report.md',
        '--no-live-plan',
        ...GATE
      ],
      dir
    )
    expect(bad.code, bad.stderr).toBe(1)
    expect(bad.stderr).not.toContain('live plan')
    expect(bad.stdout).toContain('result=rolled-back')
    expect(bad.stdout).toContain('revision-before=2')
    expect(bad.stdout).toMatch(/failed-nodes=node-\d/)
    // The summary once (not also on stderr), then the next steps.
    expect(bad.stdout).toMatch(
      /\nNext steps:\n {2}1\. Look at the failing pod: kubectl -n kube-system describe pod agent-\w+ and kubectl -n kube-system logs agent-\w+ -c agent --previous\n {2}2\. Fix the image or configuration in the manifests \((ErrImagePull|ImagePullBackOff)\) and re-run\.\n/
    )
    expect(bad.stderr).not.toContain('Rolled back to the previous revision')
    const report = await readFile(join(dir, 'report.md'), 'utf8')
    expect(report).toContain('Failed and rolled back (rollback verified)')
    expect(report).toContain('ErrImagePull')

    const dry = await cli(
      [
        'undo',
        '-n',
        'kube-system',
        '--name',
        'agent',
        '--to-revision',
        '1',
        '--dry-run',
        '--kubeconfig',
        'kubeconfig'
      ],
      dir
    )
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(
      'daemonset.apps/agent rolled back (server dry run)'
    )
    // Every undo, the dry run too, shows where it goes.
    expect(dry.stderr).toMatch(
      /target: revision 1 \(agent-\w+\), images agent=agent:1\nlive: images agent=agent:2\ntemplate changes, live -> revision 1:\n {2}spec\.containers\[name=agent\]\.image: "agent:2" -> "agent:1"\n/
    )
    const unchanged = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(unchanged.spec.template.spec.containers[0]!.image).toBe('agent:2')

    const undo = await cli(
      [
        'undo',
        '-n',
        'kube-system',
        '--name',
        'agent',
        '--to-revision',
        '1',
        '--kubeconfig',
        'kubeconfig',
        ...GATE
      ],
      dir
    )
    expect(undo.code, undo.stderr).toBe(0)
    expect(undo.stdout).toContain('daemonset.apps/agent rolled back')
    const ds = running.objects.get(
      'apps/daemonsets',
      'kube-system',
      'agent'
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(ds.spec.template.spec.containers[0]!.image).toBe('agent:1')

    const nothing = await cli(
      [
        'undo',
        '-n',
        'kube-system',
        '--name',
        'agent',
        '--to-revision',
        '99',
        '--kubeconfig',
        'kubeconfig'
      ],
      dir
    )
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain(
      'unable to find specified revision 99 in history'
    )
  })

  it('bad flags are one-line usage errors (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-cli-'))
    expect((await cli(['apply'], dir)).stderr).toContain('--head is required')
    const r = await cli(['apply', '--head', 'x.yaml', '--timeout', 'soon'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--timeout must be a duration')
    expect(
      (await cli(['apply', '--head', 'x.yaml', '--on-cancel', 'maybe'], dir))
        .stderr
    ).toContain('--on-cancel must be undo or leave')
    expect((await cli(['undo', '--namespace', 'x'], dir)).stderr).toContain(
      '--name is required'
    )
  })
})
