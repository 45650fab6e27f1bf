import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { KubeObject } from '../../src/core/k8s/types.js'
import { renderDeployReport } from '../../src/core/render/deploy-report.js'
import { runUndo, type UndoSettings } from '../../src/deploy/run-undo.js'
import {
  startRehearsalCluster,
  type RehearsalCluster
} from '../../src/rehearsal/index.js'
import { KUBECTL, kubectlAvailable } from '../support/kubectl.js'
import {
  agent,
  apply,
  captureLog,
  clientFor,
  configMap,
  FAST_GATE,
  manifests,
  nodes
} from './apply-helpers.js'

/**
 * Issue 14's scenarios against the rehearsal cluster, with the rehearsal's
 * timings set here (not its defaults): undo after an automatic rollback, a
 * NotReady node with and without block-on, an unschedulable pod then the
 * verification, a ConfigMap-only apply, fields owned by kubectl.
 */

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

type Obj = Record<string, unknown>

const TIMINGS = {
  pullSeconds: 5,
  startSeconds: 3,
  readySeconds: 0,
  stopSeconds: 2,
  crashSeconds: 1
}

async function start(
  count: number,
  faults: Obj[] = []
): Promise<RehearsalCluster> {
  running = await startRehearsalCluster({
    snapshot: nodes(count),
    scenario: { defaults: TIMINGS, faults },
    speed: 20
  })
  return running
}

/** A daemon that tolerates every taint, like flannel: NotReady nodes stay desired. */
function tolerant(image: string): KubeObject {
  const ds = agent(image)
  const spec = (ds['spec'] as { template: { spec: Obj } }).template.spec
  spec['tolerations'] = [{ operator: 'Exists' }]
  return ds
}

function withHostPort(ds: KubeObject): KubeObject {
  const spec = (ds['spec'] as { template: { spec: { containers: Obj[] } } })
    .template.spec
  spec.containers[0]!['ports'] = [{ containerPort: 9100, hostPort: 9100 }]
  return ds
}

function liveImage(c: RehearsalCluster): string {
  const ds = c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
    spec: { template: { spec: { containers: { image: string }[] } } }
  }
  return ds.spec.template.spec.containers[0]!.image
}

function undoSettings(over: Partial<UndoSettings> = {}): UndoSettings {
  return {
    namespace: 'kube-system',
    name: 'agent',
    toRevision: 0,
    dryRun: false,
    verify: true,
    gate: FAST_GATE,
    ...over
  }
}

async function undo(c: RehearsalCluster, over: Partial<UndoSettings> = {}) {
  const log = captureLog()
  const out = await runUndo(undoSettings(over), {
    client: clientFor(c),
    log,
    signal: new AbortController().signal
  })
  return { ...out, log: log.lines }
}

describe('undo knows the history', () => {
  it('after an automatic rollback, a plain undo (and its dry run) shows the failed release and refuses to go forward into it; --to-revision names it', async () => {
    const c = await start(3, [{ image: '*:bad-*', effect: 'ImagePullBackOff' }])
    const client = clientFor(c)
    expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
      'rolled-out'
    )
    const failed = await apply(client, manifests(agent('agent:bad-2')))
    expect(failed.result, failed.log.join('\n')).toBe('rolled-back')
    expect(liveImage(c)).toBe('agent:1')

    for (const dryRun of [true, false]) {
      const out = await undo(c, { dryRun, verify: !dryRun })
      expect(out.result).toBe('failed')
      expect(out.message).toMatch(
        /^Not undone: refusing to undo DaemonSet kube-system\/agent to revision 2: it is the release a ds-rollout apply rolled back from at \S+ \(images agent:bad-2; new pod kube-system\/agent-\w+ on node node-\d: (ErrImagePull|ImagePullBackOff)/
      )
      expect(out.report.undoTarget?.[0]).toMatch(
        /^target: revision 2 \(agent-\w+\), images agent=agent:bad-2$/
      )
      expect(out.report.undoTarget?.slice(1)).toEqual([
        'live: images agent=agent:1',
        'template changes, live -> revision 2:',
        '  spec.containers[name=agent].image: "agent:1" -> "agent:bad-2"'
      ])
      expect(out.report.nextSteps).toEqual([
        'To go to that revision anyway: ds-rollout undo --namespace kube-system --name agent --to-revision 2',
        'To see the history: kubectl -n kube-system rollout history daemonset/agent'
      ])
      expect(liveImage(c)).toBe('agent:1')
    }
    // Named explicitly, it goes (dry run here: nothing changes).
    const named = await undo(c, { toRevision: 2, dryRun: true, verify: false })
    expect(named.result).toBe('rolled-back')
    expect(named.message).toBe(
      'daemonset.apps/agent rolled back (server dry run) (dry run: would go to revision 2; nothing was changed)'
    )
    expect(liveImage(c)).toBe('agent:1')
    const md = renderDeployReport(named.report)
    expect(md).toContain('**Undo target:**')
  })

  it('an ordinary undo says which release is live afterwards', async () => {
    const c = await start(3)
    const client = clientFor(c)
    for (const image of ['agent:1', 'agent:2'])
      expect((await apply(client, manifests(agent(image)))).result).toBe(
        'rolled-out'
      )
    const out = await undo(c)
    expect(out.result, out.log.join('\n')).toBe('rolled-back')
    expect(out.log).toContainEqual(
      expect.stringMatching(
        /^target: revision 1 \(agent-\w+\), images agent=agent:1$/
      )
    )
    expect(out.message).toMatch(
      /; live now: DaemonSet kube-system\/agent at revision 3, images agent=agent:1$/
    )
  })
})

describe('one NotReady node (maxUnavailable 1, a daemon that tolerates it)', () => {
  async function sickCluster(): Promise<RehearsalCluster> {
    const c = await start(4)
    expect(
      (await apply(clientFor(c), manifests(tolerant('agent:1')))).result
    ).toBe('rolled-out')
    c.setNodeReady('node-4', false)
    return c
  }

  it('by default (block-on: hang) the preflight refuses before writing, names the node and says what to do', async () => {
    const c = await sickCluster()
    const out = await apply(clientFor(c), manifests(tolerant('agent:2')))
    expect(out.result, out.log.join('\n')).toBe('failed')
    expect(out.report.summary).toMatch(
      /^Not started \(block-on: hang\); nothing was changed\. The live plan predicts that the rollout of DaemonSet kube-system\/agent hangs with 3 node\(s\) left on the old pod \(NotReady: node-4\): nodes whose new pod never becomes available use up maxUnavailable \(1\) for good, so the controller stops replacing pods and the rollout hangs \(R3\.10\)\.$/
    )
    expect(out.report.nextSteps).toEqual([
      'Find out why node-4 is NotReady: kubectl describe node node-4',
      'If it comes back, re-run. If not, take it out of the cluster so the DaemonSet stops waiting: kubectl cordon node-4 && kubectl drain node-4 --ignore-daemonsets --delete-emptydir-data --force && kubectl delete node node-4',
      'Or let the rollout proceed around sick nodes: raise spec.updateStrategy.rollingUpdate.maxUnavailable above the number of NotReady nodes (R3.10) and re-run.',
      'To apply anyway and let the gate judge the rollout: re-run with --block-on none (Action input block-on: none).'
    ])
    expect(out.log).not.toContain('== Apply')
    expect(liveImage(c)).toBe('agent:1')
  })

  it('with block-on none: the gate names the blocker, the undo converges without the NotReady node and the result is rolled-back with a warning, not undo-failed', async () => {
    const c = await sickCluster()
    const out = await apply(clientFor(c), manifests(tolerant('agent:2')), {
      blockOn: [],
      gate: { ...FAST_GATE, progressDeadlineSeconds: 12 }
    })
    const text = out.log.join('\n')
    expect(out.result, text).toBe('rolled-back')
    // The stall is named on the progress line, with the pod, node and time.
    expect(text).toMatch(
      /nothing moved for 1\ds, waiting on pod kube-system\/agent-\w+ on node-4: Terminating, node NotReady since \d\d:\d\d:\d\dZ/
    )
    // One line per change plus heartbeats: a 12 s stall prints a handful.
    const gateLines = out.log.filter((l) =>
      l.startsWith('[kube-system/agent] gate:')
    )
    expect(gateLines.length).toBeLessThanOrEqual(4)
    expect(out.report.warnings).toContainEqual(
      expect.stringMatching(
        /^DaemonSet kube-system\/agent: the rollback counts as done without node-4 \(NotReady; pod kube-system\/agent-\w+ Terminating\): that node is NotReady or unreachable/
      )
    )
    expect(out.report.summary).toMatch(
      /Rolled back to the previous revision and verified that the rollback converged on every node that can run a pod: kube-system\/agent is back on the release from before this run \(images agent:1; now revision 3\)\.$/
    )
    expect(out.report.nextSteps?.slice(0, 3)).toEqual([
      'Find out why node-4 is NotReady: kubectl describe node node-4',
      'If it comes back, re-run. If not, take it out of the cluster so the DaemonSet stops waiting: kubectl cordon node-4 && kubectl drain node-4 --ignore-daemonsets --delete-emptydir-data --force && kubectl delete node node-4',
      'Or let the rollout proceed around sick nodes: raise spec.updateStrategy.rollingUpdate.maxUnavailable above the number of NotReady nodes (R3.10) and re-run.'
    ])
    // The timeline carries the real times of the gate's events.
    const gate = out.report.timeline.filter((t) => t.phase === 'gate')
    expect(new Set(gate.map((t) => t.at)).size).toBeGreaterThan(1)
  })
})

describe('an unschedulable pod, then the verification', () => {
  it('the verification starts from what the gate knew: the pod that did not fit fails it at once, with what to do', async () => {
    // One node, so the controller's order of nodes cannot change the story.
    const c = await start(1)
    const client = clientFor(c)
    expect(
      (await apply(client, manifests(withHostPort(agent('agent:1'))))).result
    ).toBe('rolled-out')
    // Another workload takes the host port on node-1 while agent:1 runs there.
    c.objects.create('pods', 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hog', namespace: 'default' },
      spec: {
        nodeName: 'node-1',
        containers: [
          {
            name: 'hog',
            image: 'hog:1',
            ports: [{ containerPort: 9100, hostPort: 9100 }]
          }
        ]
      }
    })
    const grace = 8
    const out = await apply(client, manifests(withHostPort(agent('agent:2'))), {
      // The live plan sees the port taken and predicts the hang: let the
      // gate meet it.
      blockOn: [],
      gate: {
        ...FAST_GATE,
        unschedulableGraceSeconds: grace,
        progressDeadlineSeconds: 30
      }
    })
    expect(out.result, out.log.join('\n')).toBe('undo-failed')
    const ds = out.report.daemonSets[0]!
    expect(ds.gate).toMatch(
      /^new pod kube-system\/agent-\w+ on node node-1: Unschedulable/
    )
    expect(ds.verify).toMatch(
      /^new pod kube-system\/agent-\w+ on node node-1: Unschedulable/
    )
    // At once: the verification did not wait for a second grace.
    const undone = out.report.timeline.find((t) => t.phase === 'undo')!.at
    const verified = out.report.timeline.find(
      (t) => t.phase === 'verify' && t.message.includes('Unschedulable')
    )!.at
    expect(verified - undone).toBeLessThan(grace)
    expect(out.report.nextSteps?.slice(0, 2)).toEqual([
      expect.stringMatching(
        /^The new pod does not fit on node-1: see why with kubectl -n kube-system describe pod agent-\w+ and what the node runs with kubectl describe node node-1$/
      ),
      "Free room on that node (move other workloads away), lower the DaemonSet's resource requests, or keep it off that node (nodeSelector/affinity); then re-run."
    ])
  })
})

describe('a node that could not host the daemon before the run (full)', () => {
  it('is excluded like a NotReady node, from the live plan: the rollout completes without it and a rollback is rolled-back, the node named with what to do', async () => {
    const c = await start(2, [{ image: '*:bad-*', effect: 'ImagePullBackOff' }])
    const client = clientFor(c)
    // Another workload holds the host port on node-2 from the start.
    c.objects.create('pods', 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hog', namespace: 'default' },
      spec: {
        nodeName: 'node-2',
        containers: [
          {
            name: 'hog',
            image: 'hog:1',
            ports: [{ containerPort: 9100, hostPort: 9100 }]
          }
        ]
      }
    })
    const ds = (image: string) =>
      withHostPort(agent(image, { maxUnavailable: 2 }))
    const step =
      'node-2 had no available daemon pod before this run either (no room for it): see what it runs with kubectl describe node node-2, then free room or keep the DaemonSet off it (nodeSelector/affinity).'
    const first = await apply(client, manifests(ds('agent:1')))
    expect(first.result, first.log.join('\n')).toBe('rolled-out')
    expect(first.report.summary).toContain(
      '(1 node(s) node-2 had no available daemon pod before this run and cannot place one (live plan), excluded and attributed to the nodes)'
    )
    expect(first.report.nextSteps).toEqual([step])
    const second = await apply(client, manifests(ds('agent:2')))
    expect(second.result, second.log.join('\n')).toBe('rolled-out')
    const bad = await apply(client, manifests(ds('agent:bad-3')))
    expect(bad.result, bad.log.join('\n')).toBe('rolled-back')
    expect(bad.report.warnings).toContainEqual(
      expect.stringMatching(
        /^DaemonSet kube-system\/agent: the rollback counts as done without node-2 \(had no available daemon pod before this run and cannot place one \(live plan\)/
      )
    )
    expect(bad.report.nextSteps).toContain(step)
  })
})

describe('a ConfigMap-only change', () => {
  it('repeats the plan warning and says how to restart; --restart-on-config-change restarts under the gate and the undo reverts it', async () => {
    const c = await start(3)
    const client = clientFor(c)
    const first = await apply(
      client,
      manifests(
        configMap({ level: 'info' }),
        agent('agent:1', { configMap: true })
      )
    )
    expect(first.result).toBe('rolled-out')
    const only = await apply(
      client,
      manifests(
        configMap({ level: 'debug' }),
        agent('agent:1', { configMap: true })
      )
    )
    expect(only.result).toBe('rolled-out')
    expect(only.revisionAfter).toBe('1')
    expect(only.report.warnings).toContain(
      'DaemonSet kube-system/agent: ConfigMap kube-system/agent-config changed but the pod template did not, so no pod was replaced (config-change-without-rollout): pods that read it as environment variables or at start keep the old configuration until they restart'
    )
    expect(only.report.nextSteps).toEqual([
      'Restart the pods so they read the new configuration: kubectl -n kube-system rollout restart daemonset/agent',
      'Or re-run with --restart-on-config-change (Action input restart-on-config-change: true): the run bumps a pod-template annotation, so the restart is gated and undone like any rollout.'
    ])

    const restarted = await apply(
      client,
      manifests(
        configMap({ level: 'trace' }),
        agent('agent:1', { configMap: true })
      ),
      { restartOnConfigChange: true }
    )
    expect(restarted.result, restarted.log.join('\n')).toBe('rolled-out')
    expect(restarted.report.daemonSets[0]!.templateChanged).toBe(true)
    const annotations = () =>
      (
        c.objects.get('apps/daemonsets', 'kube-system', 'agent') as {
          spec: { template: { metadata: { annotations?: Obj } } }
        }
      ).spec.template.metadata.annotations ?? {}
    expect(annotations()['ds-rollout.io/restartedAt']).toBeDefined()
    const back = await undo(c)
    expect(back.result, back.log.join('\n')).toBe('rolled-back')
    expect(annotations()['ds-rollout.io/restartedAt']).toBeUndefined()
  })
})

const CONFLICT_SUITE = 'fields owned by kubectl'
describe(CONFLICT_SUITE, () => {
  it.skipIf(!kubectlAvailable(CONFLICT_SUITE))(
    'a conflict with kubectl says who owns the fields and what to run, once',
    async () => {
      const c = await start(3)
      const client = clientFor(c)
      expect((await apply(client, manifests(agent('agent:1')))).result).toBe(
        'rolled-out'
      )
      const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-conflict-'))
      await writeFile(join(dir, 'config'), c.kubeconfig, { mode: 0o600 })
      await writeFile(join(dir, 'ds.yaml'), stringify(agent('agent:1-hotfix')))
      await promisify(execFile)(KUBECTL, [
        '--kubeconfig',
        join(dir, 'config'),
        'apply',
        '--server-side',
        '--force-conflicts',
        '-f',
        join(dir, 'ds.yaml')
      ])
      const out = await apply(client, manifests(agent('agent:2')))
      expect(out.result).toBe('failed')
      expect(out.report.summary).toContain('conflict with "kubectl"')
      expect(out.report.nextSteps).toEqual([
        'The conflicting fields are owned by "kubectl". If these manifests should own them, re-run with --force (Action input force: true): server-side apply then takes them over from "kubectl".',
        'If "kubectl" should keep them, remove those fields from the manifests (or set them to the live values to share them), then re-run.'
      ])
      expect(
        out.log.filter((l) => l.includes('Apply failed with')).length
      ).toBe(1)
      expect(liveImage(c)).toBe('agent:1-hotfix')
      const forced = await apply(client, manifests(agent('agent:2')), {
        force: true,
        // kubectl's own rollout of the hotfix may still be going on.
        concurrency: 'wait',
        concurrencyWaitSeconds: 30
      })
      expect(forced.result, forced.report.summary).toBe('rolled-out')
      expect(liveImage(c)).toBe('agent:2')
    }
  )
})
