import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { parseInputs } from '../../src/action/inputs.js'
import { flagReader, parseApplyFlags } from '../../src/cli/commands/apply.js'
import { parseUndoFlags } from '../../src/cli/commands/undo.js'
import {
  APPLY_SETTINGS,
  DEPLOY_SETTINGS,
  UNDO_SETTINGS,
  parseApplySettings,
  parseUndoSettings
} from '../../src/deploy/settings.js'

const action = parseYaml(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
) as { inputs: Record<string, unknown> }

/** Whether a strict flag parser knows `--name` (string) or `--name` / `--no-name` (boolean). */
function knowsFlag(parse: (args: string[]) => unknown, name: string): boolean {
  for (const args of [[`--${name}`, '1'], [`--${name}`], [`--no-${name}`]]) {
    try {
      parse(args)
      return true
    } catch {
      // unknown here, or it needs no value: try the next form
    }
  }
  return false
}

describe('deploy settings: declared once, shared by the Action and the CLI', () => {
  it('every setting is an Action input and a flag of the commands that use it', () => {
    for (const name of DEPLOY_SETTINGS)
      expect(Object.keys(action.inputs), name).toContain(name)
    for (const name of APPLY_SETTINGS)
      expect(knowsFlag(parseApplyFlags, name), `apply --${name}`).toBe(true)
    for (const name of UNDO_SETTINGS)
      expect(knowsFlag(parseUndoFlags, name), `undo --${name}`).toBe(true)
  })

  it('the same values give the same apply settings through the inputs and the flags', () => {
    const given = {
      timeout: '20m',
      'progress-deadline': '2m',
      'max-restarts': '3',
      'soak-seconds': '45s',
      'max-unavailable': '10%',
      'unschedulable-grace': '90',
      'attribute-not-ready-nodes': 'false',
      'on-cancel': 'leave',
      'wait-for-rollout': '5m',
      canary: 'pool=canary',
      waves: '3',
      'block-on': 'hang,pending'
    }
    const fromInputs = parseInputs(
      (name) =>
        ({
          mode: 'apply',
          manifests: 'ds.yaml',
          ...given,
          force: 'true',
          undo: 'false',
          'live-plan': 'false',
          'restart-on-config-change': 'true'
        })[name] ?? ''
    ).deploy.apply
    const flags = parseApplyFlags([
      ...Object.entries(given).flatMap(([k, v]) => [`--${k}`, v]),
      '--force',
      '--no-undo',
      '--no-live-plan',
      '--restart-on-config-change'
    ])
    const fromFlags = parseApplySettings(flagReader(flags), '--')
    expect(fromFlags).toEqual(fromInputs)
    expect(fromFlags).toMatchObject({
      force: true,
      undo: false,
      livePlan: false,
      restartOnConfigChange: true,
      onCancel: 'leave',
      concurrency: 'wait',
      concurrencyWaitSeconds: 300,
      blockOn: ['hang', 'pending'],
      waves: 3,
      gate: {
        timeoutSeconds: 1200,
        progressDeadlineSeconds: 120,
        maxRestarts: 3,
        soakSeconds: 45,
        maxUnavailable: '10%',
        unschedulableGraceSeconds: 90,
        attributeNotReadyNodes: false
      }
    })
  })

  it('unset settings take the same defaults on both sides', () => {
    const fromInputs = parseInputs(
      (name) => ({ mode: 'apply', manifests: 'ds.yaml' })[name] ?? ''
    ).deploy.apply
    expect(parseApplySettings(flagReader(parseApplyFlags([])), '--')).toEqual(
      fromInputs
    )
    const undoInputs = parseInputs(
      (name) => ({ mode: 'undo', name: 'agent' })[name] ?? ''
    ).deploy.undo
    expect(
      parseUndoSettings(flagReader(parseUndoFlags(['--name', 'agent'])), '--')
    ).toEqual(undoInputs)
  })

  it('one message per bad value, naming the input or the flag', () => {
    expect(() =>
      parseApplySettings(
        flagReader(parseApplyFlags(['--timeout', 'soon'])),
        '--'
      )
    ).toThrow(
      '--timeout must be a duration such as 300, 90s, 5m or 1h30m, not "soon"'
    )
    expect(() =>
      parseInputs(
        (name) =>
          ({ mode: 'apply', manifests: 'ds.yaml', timeout: 'soon' })[name] ?? ''
      )
    ).toThrow(
      'timeout must be a duration such as 300, 90s, 5m or 1h30m, not "soon"'
    )
    expect(() =>
      parseUndoSettings((name) => (name === 'to-revision' ? '-1' : undefined))
    ).toThrow('to-revision must be a whole number, not "-1"')
  })
})
