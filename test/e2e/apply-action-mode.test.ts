import { afterEach, describe, expect, it } from 'vitest'
import {
  runApplyMode,
  runUndoMode,
  type ApplyModeSettings,
  type DeployModeDeps
} from '../../src/action/deploy-mode.js'
import { parseInputs } from '../../src/action/inputs.js'
import type { ManifestObject } from '../../src/core/manifests/types.js'
import {
  parseApplySettings,
  parseUndoSettings
} from '../../src/deploy/settings.js'
import type { RehearsalCluster } from '../../src/rehearsal/index.js'
import { agent, captureLog, cluster, manifests } from './apply-helpers.js'

let running: RehearsalCluster | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

function deps(objects: Record<string, ManifestObject[]>): DeployModeDeps & {
  outputs: Record<string, string>
  secrets: string[]
  summary: string[]
  log: ReturnType<typeof captureLog>
} {
  const outputs: Record<string, string> = {}
  const secrets: string[] = []
  const summary: string[] = []
  return {
    outputs,
    secrets,
    summary,
    log: captureLog(),
    setOutput: (n, v) => (outputs[n] = v),
    setSecret: (v) => secrets.push(v),
    writeSummary: async (md) => {
      summary.push(md)
    },
    loadManifests: async (paths) => paths.flatMap((p) => objects[p] ?? []),
    // A schemaVersion 1 plan: still read by the deploy modes.
    readJson: async () => ({
      schemaVersion: 1,
      daemonSets: [{ rollout: { estimatedSeconds: 42 } }]
    }),
    signal: new AbortController().signal
  }
}

/** Settings as the Action's inputs give them (strings; absent = unset). */
function reader(values: Record<string, string>) {
  return (name: string): string | undefined => values[name]
}

function settings(kubeconfig: string, head: string): ApplyModeSettings {
  return {
    kubeconfig,
    kubeconfigPath: '',
    context: '',
    head: [head],
    base: [],
    planFile: 'plan.json',
    apply: parseApplySettings(
      reader({
        timeout: '1m',
        'progress-deadline': '30s',
        'soak-seconds': '1',
        force: 'false',
        'on-cancel': 'undo',
        undo: 'true'
      })
    )
  }
}

describe('Action deploy modes (runApplyMode / runUndoMode)', () => {
  it('masks the kubeconfig token, sets the outputs and writes the summary; undo mode goes back one revision and its verify catches the bad one', async () => {
    running = await cluster(3, {
      faults: [{ image: '*:bad-*', effect: 'ImagePullBackOff' }]
    })
    const files = {
      v1: manifests(agent('agent:1')),
      bad: manifests(agent('agent:bad-2'))
    }
    const d1 = deps(files)
    const ok = await runApplyMode(settings(running.kubeconfig, 'v1'), d1)
    expect(ok).toMatchObject({ result: 'rolled-out', failed: false })
    expect(d1.secrets).toContain(running.token)
    expect(d1.outputs).toMatchObject({
      result: 'rolled-out',
      'revision-after': '1',
      'failed-nodes': ''
    })
    expect(d1.summary[0]).toContain('✅ Rolled out')
    expect(d1.summary[0]).toContain('planned 42s')
    expect(d1.log.lines.join('\n')).not.toContain(running.token)

    const d2 = deps(files)
    const bad = await runApplyMode(settings(running.kubeconfig, 'bad'), d2)
    expect(bad).toMatchObject({ result: 'rolled-back', failed: true })
    expect(d2.outputs['revision-before']).toBe('1')
    expect(d2.outputs['failed-nodes']).toMatch(/^node-\d/)

    const undoInputs = {
      namespace: 'kube-system',
      name: 'agent',
      timeout: '1m',
      'progress-deadline': '30s',
      'soak-seconds': '1'
    }
    const undoSettings = {
      kubeconfig: running.kubeconfig,
      kubeconfigPath: '',
      context: '',
      undo: parseUndoSettings(reader(undoInputs))
    }
    // After the automatic undo the history is 2 (bad) and 3 (agent:1
    // renumbered): "the previous revision" is the bad one (R6.3), which the
    // apply recorded: the undo refuses it and says how to go there anyway.
    const d3 = deps(files)
    const refused = await runUndoMode(undoSettings, d3)
    expect(refused).toMatchObject({ result: 'failed', failed: true })
    expect(refused.message).toMatch(
      /^Not undone: refusing to undo DaemonSet kube-system\/agent to revision 2: it is the release a ds-rollout apply rolled back from/
    )
    expect(d3.summary[0]).toContain('ds-rollout undo')
    expect(d3.summary[0]).toContain(
      'To go to that revision anyway: ds-rollout undo --namespace kube-system --name agent --to-revision 2'
    )
    // force: true goes there, and the verification catches the bad image.
    const d4 = deps(files)
    const forced = await runUndoMode(
      {
        ...undoSettings,
        undo: parseUndoSettings(reader({ ...undoInputs, force: 'true' }))
      },
      d4
    )
    expect(forced.result).toBe('undo-failed')
  })

  it('rejects a bad canary input with one message, when the inputs are read', () => {
    const inputs = (more: Record<string, string>) => () =>
      parseInputs(
        (name) => ({ mode: 'apply', manifests: 'ds.yaml', ...more })[name] ?? ''
      )
    expect(inputs({ canary: '0' })).toThrow(
      'canary: canary must be at least 1 node'
    )
    expect(inputs({ waves: '2' })).toThrow('waves needs canary')
    expect(inputs({ 'block-on': 'hang,bogus' })).toThrow(
      'block-on must be a comma-separated list of hang, pending, or none; got "hang,bogus"'
    )
    // Plan mode does not check the deploy inputs it does not use.
    expect(() =>
      parseInputs((name) => ({ manifests: 'ds.yaml', canary: '0' })[name] ?? '')
    ).not.toThrow()
  })
})
