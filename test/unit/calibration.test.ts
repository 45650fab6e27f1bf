/**
 * Issue 15, "estimates calibrated on the cluster's own history": the
 * snapshot's pods teach each DaemonSet's start, Ready and stop times; the
 * plan says which parts are observed and which are defaults; a new node
 * pulls the image even when the change does not; and against replayed
 * rollouts (test/fixtures/timelines) the calibrated estimate is closer
 * than the defaults. The figures themselves are in `npm run bench`.
 */
import { describe, expect, it } from 'vitest'
import type { DaemonSet } from '../../src/core/k8s/types.js'
import { buildPlan } from '../../src/core/plan/build-plan.js'
import { compactSnapshotText } from '../../src/core/snapshot/compact-file.js'
import { loadSnapshot } from '../../src/core/snapshot/load.js'
import { podTimeline } from '../../src/core/snapshot/pod-timings.js'
import {
  manifests,
  recordedSnapshot,
  relativeError,
  replay,
  timelineFixtures
} from '../fixtures/timelines/replay.js'
import { daemonSet, snapNode, snapshot } from './simulate/helpers.js'
import { simulateDaemonSet } from '../../src/core/simulate/index.js'

const fixtures = timelineFixtures()
const flannel = fixtures.find((f) => f.file.startsWith('flannel'))!

describe('timings learned from the snapshot pods', () => {
  const { base } = manifests(flannel)
  const snap = recordedSnapshot(flannel, base[0]!.object as DaemonSet)

  it('a kubectl pods export yields per-DaemonSet timings from creation, start and Ready', () => {
    const t = snap.timings?.find((x) => x.name === 'kube-flannel-ds')
    expect(t).toBeDefined()
    expect(t!.pods).toBe(16)
    // The fixture's flannel pods: Ready 0.4–1.4 s after start, old pods
    // stopping in 0.4–1.6 s (plus the controller's 0.1–0.5 s sync and the
    // 0.1–1 s before the delete).
    expect(t!.readySeconds).toBeGreaterThanOrEqual(0.4)
    expect(t!.readySeconds).toBeLessThanOrEqual(1.4)
    expect(t!.stopSeconds).toBeGreaterThan(0.5)
    expect(t!.stopSeconds).toBeLessThan(3.2)
  })

  it('survive the compact snapshot file (ds-rollout snapshot) and its loader', () => {
    const again = loadSnapshot(
      [JSON.parse(compactSnapshotText(snap))],
      ['s.json']
    )
    expect(again.timings).toEqual(snap.timings)
  })

  it('skip pods that restarted: their start is not the rollout`s', () => {
    const t = podTimeline({
      metadata: { creationTimestamp: '2026-11-20T09:00:00Z' },
      status: {
        containerStatuses: [
          {
            restartCount: 2,
            state: { running: { startedAt: '2026-11-20T10:00:00Z' } }
          }
        ]
      }
    })
    expect(t?.restarts).toBe(2)
  })

  it('the plan says the estimate is calibrated, part by part, and on how many pods', () => {
    const { base: b, head } = manifests(flannel)
    const plan = buildPlan({ base: b, head, snapshot: snap })
    const r = plan.daemonSets[0]!.rollout
    expect(r.durations?.from).toEqual({
      terminateSeconds: 'observed',
      pullSeconds: 'observed',
      startSeconds: 'observed',
      readySeconds: 'observed'
    })
    expect(r.durations?.observedPods).toBe(16)
    // flannel sets no grace period: 30 s by default, but its pods stop in ~1 s.
    expect(r.durations!.terminateSeconds).toBeLessThan(3)
    expect(r.notes?.join(' ')).toMatch(/Timing calibrated on 16 pod\(s\)/)
    const plain: typeof snap = { ...snap }
    delete plain.timings
    const fallback = buildPlan({ base: b, head, snapshot: plain })
    expect(fallback.daemonSets[0]!.rollout.durations?.from).toEqual({
      terminateSeconds: 'default',
      pullSeconds: 'default',
      startSeconds: 'default',
      readySeconds: 'manifest'
    })
    expect(fallback.daemonSets[0]!.rollout.notes?.join(' ')).toMatch(
      /Timing: documented defaults/
    )
  })
})

describe('pulls', () => {
  it('a new node pulls the image even when the change does not touch it', () => {
    const base = daemonSet()
    const head = structuredClone(base)
    head.spec!.template!.metadata!.annotations = { restartedAt: 'now' }
    const old = (name: string) =>
      snapNode(name, {
        daemonPods: [
          {
            name: `agent-${name}`,
            namespace: 'monitoring',
            daemonSet: 'agent',
            revisionHash: 'old111',
            phase: 'Running',
            ready: true,
            requests: { cpu: '100m', memory: '128Mi' },
            hostPorts: []
          }
        ]
      })
    const r = simulateDaemonSet({
      base,
      head,
      triggered: true,
      source: { file: 'a.yaml', line: 1 },
      snapshot: snapshot([old('n1'), old('n2'), snapNode('new-node')])
    })
    const d = r.rollout.durations!
    expect(d.pullSeconds).toBe(0)
    expect(d.newNodePullSeconds).toBe(20)
    // Wave 1 creates the pod on the new node (its budget slot): it pulls.
    expect(r.rollout.waves![0]!.estimatedSeconds).toBe(
      20 + d.startSeconds + d.readySeconds
    )
    expect(r.rollout.waves![1]!.estimatedSeconds).toBe(d.waveSeconds)
  })
})

describe('estimate vs replayed rollouts (test/fixtures/timelines)', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s: calibrated is closer than the defaults, within 50%',
    (_name, f) => {
      const r = replay(f)
      const before = Math.abs(relativeError(r.defaultsSeconds, r.actualSeconds))
      const after = Math.abs(
        relativeError(r.calibratedSeconds, r.actualSeconds)
      )
      expect(after).toBeLessThan(before)
      expect(after).toBeLessThan(0.5)
    }
  )
})
