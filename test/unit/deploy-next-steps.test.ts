import { describe, expect, it } from 'vitest'
import {
  conflictManagers,
  conflictSteps,
  isApplyConflict,
  podSteps
} from '../../src/core/deploy/next-steps.js'
import { renderDeployReport } from '../../src/core/render/deploy-report.js'
import { templateDiff, templateImages } from '../../src/core/undo/describe.js'
import {
  isRolledBackFrom,
  readRolledBackFrom,
  ROLLED_BACK_FROM_ANNOTATION
} from '../../src/core/undo/rolled-back-from.js'
import { parseBlockOn } from '../../src/deploy/settings.js'

describe('next steps', () => {
  it('names every other field manager of a server-side apply conflict', () => {
    const one =
      'daemonsets.apps "agent": Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.template.spec.containers[name="agent"].image (409 Conflict)'
    const many =
      'Apply failed with 3 conflicts: conflicts with\n"kubectl" using apps/v1:\n- .spec.x\n"helm" using apps/v1:\n- .spec.y'
    expect(isApplyConflict(one)).toBe(true)
    expect(isApplyConflict('forbidden')).toBe(false)
    expect(conflictManagers(one)).toEqual(['kubectl'])
    expect(conflictManagers(many)).toEqual(['kubectl', 'helm'])
    expect(conflictSteps(many)[0]).toBe(
      'The conflicting fields are owned by "kubectl", "helm". If these manifests should own them, re-run with --force (Action input force: true): server-side apply then takes them over from "kubectl", "helm".'
    )
  })

  it('for a crashing pod: describe and logs --previous of that container', () => {
    expect(
      podSteps([
        {
          pod: 'kube-system/agent-x',
          node: 'n1',
          container: 'agent',
          reason: 'CrashLoopBackOff',
          updated: true
        }
      ])
    ).toEqual([
      'Look at the failing pod: kubectl -n kube-system describe pod agent-x and kubectl -n kube-system logs agent-x -c agent --previous',
      'Fix the image or configuration in the manifests (CrashLoopBackOff) and re-run.'
    ])
  })

  it('are rendered as a numbered list, inert', () => {
    const md = renderDeployReport({
      result: 'failed',
      summary: 'Failed',
      daemonSets: [],
      failing: [],
      nodeProblems: [],
      failedNodes: [],
      timeline: [],
      warnings: [],
      actualSeconds: 1,
      nextSteps: ['run <b>this</b> @team', 'then that']
    })
    expect(md).toContain(
      '**Next steps:**\n\n1. run \\<b\\>this\\</b\\> @\u200bteam\n2. then that'
    )
  })
})

describe('undo history helpers', () => {
  it('the target images and the template diff, semantically (R6.9)', () => {
    const live = {
      metadata: { labels: { app: 'a' }, creationTimestamp: null },
      spec: { containers: [{ name: 'agent', image: 'agent:1' }] }
    }
    const target = {
      metadata: { labels: { app: 'a' } },
      spec: {
        containers: [{ name: 'agent', image: 'agent:2', env: [] }]
      }
    }
    expect(templateImages(target)).toEqual(['agent=agent:2'])
    expect(templateDiff(live, target)).toEqual([
      'spec.containers[name=agent].image: "agent:1" -> "agent:2"'
    ])
  })

  it('the rolled-back-from record matches by hash, else by revision number', () => {
    const ds = {
      metadata: {
        annotations: {
          [ROLLED_BACK_FROM_ANNOTATION]: JSON.stringify({
            revision: 2,
            hash: 'abc',
            images: ['agent:bad'],
            at: 'T',
            reason: 'r'
          })
        }
      }
    }
    const record = readRolledBackFrom(ds)!
    const rev = (hash: string, revision: number) => ({
      metadata: {
        name: `agent-${hash}`,
        labels: { 'controller-revision-hash': hash }
      },
      revision
    })
    expect(isRolledBackFrom(record, rev('abc', 5), 'agent')).toBe(true)
    expect(isRolledBackFrom(record, rev('def', 2), 'agent')).toBe(false)
    expect(
      readRolledBackFrom({
        metadata: { annotations: { [ROLLED_BACK_FROM_ANNOTATION]: '{' } }
      })
    ).toBeUndefined()
  })
})

describe('block-on', () => {
  it('takes hang, pending, both, or none; anything else is one clear error', () => {
    expect(parseBlockOn('hang', 'block-on')).toEqual(['hang'])
    expect(parseBlockOn('hang, pending', 'block-on')).toEqual([
      'hang',
      'pending'
    ])
    expect(parseBlockOn('none', 'block-on')).toEqual([])
    expect(() => parseBlockOn('hangs', '--block-on')).toThrow(
      '--block-on must be a comma-separated list of hang, pending, or none; got "hangs"'
    )
  })
})
