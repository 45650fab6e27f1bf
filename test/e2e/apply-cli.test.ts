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
  cwd: string,
  stdoutIsTerminal = false
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    stdoutIsTerminal
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
    // In a terminal: the summary once, on stderr; no key=value lines.
    const first = await cli(
      ['apply', '--head', 'ds.yaml', '--kubeconfig', 'kubeconfig', ...GATE],
      dir,
      true
    )
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toBe('')
    expect(first.stderr.match(/^Rolled out /gm)).toHaveLength(1)
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
    // Piped: stdout holds only key=value results; the summary is on stderr once.
    expect(
      bad.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('=')[0])
    ).toEqual([
      'summary',
      'result',
      'revision-before',
      'revision-after',
      'failed-nodes'
    ])
    expect(bad.stderr.match(/^Failed: /gm)).toHaveLength(1)
    expect(bad.stdout).toMatch(/^summary=Failed: /m)
    expect(bad.stdout).toContain('result=rolled-back')
    expect(bad.stdout).toContain('revision-before=2')
    expect(bad.stdout).toMatch(/failed-nodes=node-\d/)
    // The summary once, on stderr with the other human lines, then the next
    // steps; stdout has only the key=value results.
    expect(bad.stderr).toMatch(
      /\nNext steps:\n {2}1\. Look at the failing pod: kubectl -n kube-system describe pod agent-\w+ and kubectl -n kube-system logs agent-\w+ -c agent --previous\n {2}2\. Fix the image or configuration in the manifests \((ErrImagePull|ImagePullBackOff)\) and re-run\.\n/
    )
    expect(
      bad.stderr.match(/Rolled back to the previous revision/g)
    ).toHaveLength(1)
    expect(bad.stdout).not.toContain('Next steps')
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

  it('apply --plan reads a v2 plan and a v1 plan, and refuses any other schemaVersion naming both', async () => {
    running = await cluster(3)
    const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-cli-'))
    await writeFile(join(dir, 'kubeconfig'), running.kubeconfig, {
      mode: 0o600
    })
    const apply = (plan: string) =>
      cli(
        [
          'apply',
          '--head',
          'ds.yaml',
          '--kubeconfig',
          'kubeconfig',
          '--plan',
          plan,
          ...GATE
        ],
        dir
      )
    await writeFile(join(dir, 'base.yaml'), stringify(agent('agent:1')))
    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:1')))
    const first = await cli(
      ['apply', '--head', 'ds.yaml', '--kubeconfig', 'kubeconfig', ...GATE],
      dir
    )
    expect(first.code, first.stderr).toBe(0)

    // Another version: refused before anything is written, naming both.
    await writeFile(
      join(dir, 'v3.json'),
      JSON.stringify({ schemaVersion: 3, daemonSets: [] })
    )
    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:2')))
    const refused = await apply('v3.json')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('v3.json')
    expect(refused.stderr).toContain('schemaVersion 3')
    expect(refused.stderr).toContain(
      'writes schemaVersion 2 and reads schemaVersion 1 and 2'
    )
    expect(refused.stderr).not.toContain('result=')

    // v2, as ds-rollout plan writes it today.
    const planned = await cli(
      [
        'plan',
        '--base',
        'base.yaml',
        '--head',
        'ds.yaml',
        '--snapshot',
        join(process.cwd(), 'test/fixtures/rehearsal/nodes-3.json'),
        '--format',
        'json',
        '--output',
        'v2.json'
      ],
      dir
    )
    expect(planned.code, planned.stderr).toBe(0)
    const v2 = JSON.parse(await readFile(join(dir, 'v2.json'), 'utf8'))
    expect(v2.schemaVersion).toBe(2)
    const seconds = v2.daemonSets[0].rollout.estimatedSeconds as number
    expect(seconds).toBeGreaterThan(0)
    const second = await apply('v2.json')
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(/\(plan estimate /)

    // v1: one object per node and per wave, indented; still read.
    await writeFile(
      join(dir, 'v1.json'),
      JSON.stringify(
        {
          schemaVersion: 1,
          summary: { daemonSets: 1, changed: 1, rollouts: 1 },
          daemonSets: [
            {
              namespace: 'kube-system',
              name: 'agent',
              change: 'modified',
              rollout: {
                triggered: true,
                desired: 3,
                estimatedSeconds: 600,
                waves: [1, 2, 3].map((i) => ({
                  nodes: 1,
                  estimatedSeconds: 200,
                  startsAtSeconds: (i - 1) * 200,
                  nodesDown: 1
                }))
              },
              nodes: []
            }
          ],
          findings: []
        },
        null,
        2
      )
    )
    await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:3')))
    const third = await apply('v1.json')
    expect(third.code, third.stderr).toBe(0)
    expect(third.stderr).toContain('(plan estimate 10m)')
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
