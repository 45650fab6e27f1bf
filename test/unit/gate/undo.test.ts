import { describe, expect, it } from 'vitest'
import { templatesEqual } from '../../../src/core/undo/compare.js'
import {
  controlledRevisions,
  pickRollbackRevision,
  revisionHash
} from '../../../src/core/undo/history.js'
import { planUndo } from '../../../src/core/undo/plan-undo.js'
import type { ControllerRevision } from '../../../src/core/undo/types.js'
import { daemonSet, DS_UID } from './fixtures.js'

function revision(
  n: number,
  image: string,
  owner = DS_UID,
  extra: Record<string, unknown> = {}
): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `agent-h${n}`,
      namespace: 'kube-system',
      labels: { app: 'agent', 'controller-revision-hash': `h${n}` },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'agent',
          uid: owner,
          controller: true
        }
      ]
    },
    revision: n,
    data: {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { creationTimestamp: null, labels: { app: 'agent' } },
          spec: { containers: [{ image, name: 'agent' }], ...extra }
        }
      }
    }
  }
}

describe('undo history (R6.2-R6.4)', () => {
  it('R6.2: keeps only revisions controlled by the DaemonSet UID', () => {
    const revs = [
      revision(1, 'a'),
      revision(2, 'b', 'someone-else'),
      {
        ...revision(3, 'c'),
        metadata: {
          ...revision(3, 'c').metadata,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: 'agent',
              uid: DS_UID,
              controller: false
            }
          ]
        }
      }
    ]
    expect(
      controlledRevisions(revs, daemonSet()).map((r) => r.revision)
    ).toEqual([1])
  })

  it('R6.3: default undo takes the second highest revision, whatever is current', () => {
    const pick = pickRollbackRevision(
      [revision(5, 'e'), revision(2, 'b'), revision(7, 'g')],
      0
    )
    expect(pick).toMatchObject({ ok: true, revision: { revision: 5 } })
  })

  it('R6.3: one revision or none -> no last revision to roll back to', () => {
    expect(pickRollbackRevision([revision(1, 'a')], 0)).toEqual({
      ok: false,
      message: 'no last revision to roll back to'
    })
    expect(pickRollbackRevision([], 0)).toEqual({
      ok: false,
      message: 'no last revision to roll back to'
    })
  })

  it('R6.4: --to-revision n picks .revision == n or errors', () => {
    expect(
      pickRollbackRevision([revision(1, 'a'), revision(2, 'b')], 1)
    ).toMatchObject({ ok: true, revision: { revision: 1 } })
    expect(pickRollbackRevision([revision(1, 'a')], 9)).toEqual({
      ok: false,
      message: 'unable to find specified revision 9 in history'
    })
  })

  it('R6.1: a negative revision is an error', () => {
    expect(pickRollbackRevision([revision(1, 'a')], -1)).toEqual({
      ok: false,
      message: 'unable to find specified revision -1 in history'
    })
  })

  // R4.5: a ControllerRevision is named <daemonset>-<hash>.
  it('R4.6: the hash comes from the label, else the name suffix', () => {
    expect(revisionHash(revision(3, 'x'), 'agent')).toBe('h3')
    const noLabel = { ...revision(3, 'x'), metadata: { name: 'agent-abc12' } }
    expect(revisionHash(noLabel, 'agent')).toBe('abc12')
  })
})

describe('semantic template comparison (R6.9)', () => {
  const live = {
    metadata: { labels: { app: 'agent' } },
    spec: { containers: [{ name: 'agent', image: 'a' }] }
  }
  it('ignores $patch, creationTimestamp: null and key order', () => {
    expect(
      templatesEqual(
        live,
        revision(1, 'a').data &&
          (revision(1, 'a').data as { spec: { template: never } }).spec.template
      )
    ).toBe(true)
  })
  it('treats omitted empty lists as absent but keeps emptyDir: {} meaningful', () => {
    expect(
      templatesEqual(
        { spec: { containers: [{ name: 'x', env: [] }] } },
        { spec: { containers: [{ name: 'x' }] } }
      )
    ).toBe(true)
    expect(
      templatesEqual(
        { spec: { volumes: [{ name: 'v', emptyDir: {} }] } },
        { spec: { volumes: [{ name: 'v' }] } }
      )
    ).toBe(false)
  })
  it('sees a real difference', () => {
    expect(
      templatesEqual(live, {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'b' }] }
      })
    ).toBe(false)
  })
})

describe('planUndo', () => {
  const ds = daemonSet()
  ds.spec!.template = {
    metadata: { labels: { app: 'agent' } },
    spec: { containers: [{ name: 'agent', image: 'b' }] }
  }

  it('R6.7: the patch body is revision.data verbatim', () => {
    const revs = [revision(1, 'a'), revision(2, 'b')]
    const plan = planUndo(ds, revs)
    expect(plan.kind).toBe('rollback')
    if (plan.kind === 'rollback') {
      expect(plan.patchBody).toBe(JSON.stringify(revs[0]!.data))
      expect(
        plan.patchBody.startsWith('{"spec":{"template":{"$patch":"replace"')
      ).toBe(true)
    }
  })

  it('R6.6: skips when the live template already matches, printing the flag value', () => {
    const plan = planUndo(ds, [revision(1, 'b'), revision(2, 'c')])
    expect(plan).toMatchObject({
      kind: 'skip',
      message: 'skipped rollback (current template already matches revision 0)'
    })
  })

  it('R6.7: warns about last-applied-configuration', () => {
    const withLast = daemonSet()
    withLast.spec!.template = ds.spec!.template
    withLast.metadata!.annotations![
      'kubectl.kubernetes.io/last-applied-configuration'
    ] = '{}'
    const plan = planUndo(withLast, [revision(1, 'a'), revision(2, 'b')])
    expect(plan.kind === 'rollback' && plan.warnings[0]).toContain(
      'last-applied-configuration'
    )
  })

  it('R6.2 + R6.3: revisions of other owners do not count', () => {
    expect(planUndo(ds, [revision(1, 'a', 'x'), revision(2, 'b')])).toEqual({
      kind: 'error',
      message: 'no last revision to roll back to'
    })
  })
})
