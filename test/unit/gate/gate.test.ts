import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GATE_OPTIONS,
  nextGateDeadline,
  resolveBudget,
  startGate,
  stepGate,
  type GateObservation,
  type GateOptions,
  type GateVerdict
} from '../../../src/core/gate/index.js'
import { daemonSet, node, pod } from './fixtures.js'

const T0 = 1_000_000
const OPTS: GateOptions = {
  ...DEFAULT_GATE_OPTIONS,
  soakSeconds: 10,
  progressDeadlineSeconds: 60,
  timeoutSeconds: 300,
  unschedulableGraceSeconds: 20,
  maxRestarts: 1
}

/** Runs observations at the given seconds and returns the last verdict. */
function run(
  steps: [number, GateObservation][],
  options: GateOptions = OPTS
): { verdict: GateVerdict; timeline: string[] } {
  let state = startGate(T0)
  let verdict: GateVerdict | undefined
  for (const [at, obs] of steps) {
    const step = stepGate(state, obs, T0 + at * 1000, options)
    state = step.state
    verdict = step.verdict
  }
  return {
    verdict: verdict as GateVerdict,
    timeline: state.timeline.map((t) => `${t.kind}: ${t.message}`)
  }
}

const done = daemonSet({ updatedNumberScheduled: 3, numberAvailable: 3 })
const newPods = (extra: Partial<Parameters<typeof pod>[0]> = {}) => [
  pod({ name: 'a', node: 'n1', ready: true }),
  pod({ name: 'b', node: 'n2', ready: true }),
  pod({ name: 'c', node: 'n3', ready: true, ...extra })
]

describe('gate completion (R5.6) and soak', () => {
  it('R5.6 row 2: waits while generation > observedGeneration', () => {
    const ds = daemonSet({ observedGeneration: 1 }, { generation: 2 })
    const { verdict } = run([[1, { daemonSet: ds, pods: [] }]])
    expect(verdict).toMatchObject({ status: 'waiting', phase: 'observe' })
  })

  it('R5.6 row 3: waits while updated < desired', () => {
    const ds = daemonSet({ updatedNumberScheduled: 1 })
    const { verdict } = run([[1, { daemonSet: ds, pods: [] }]])
    expect(verdict).toMatchObject({ status: 'waiting', phase: 'rollout' })
    expect((verdict as { message: string }).message).toContain(
      '1 out of 3 new pods have been updated'
    )
  })

  it('R5.6 row 4: waits while available < desired', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 3,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const { verdict } = run([[1, { daemonSet: ds, pods: [] }]])
    expect((verdict as { message: string }).message).toContain(
      '2 of 3 updated pods are available'
    )
  })

  it('R5.6 row 5 + soak: succeeds only after soak-seconds of completion', () => {
    const early = run([
      [1, { daemonSet: done, pods: newPods(), currentHash: 'new' }],
      [5, { daemonSet: done, pods: newPods(), currentHash: 'new' }]
    ])
    expect(early.verdict).toMatchObject({ status: 'waiting', phase: 'soak' })
    const later = run([
      [1, { daemonSet: done, pods: newPods(), currentHash: 'new' }],
      [11, { daemonSet: done, pods: newPods(), currentHash: 'new' }]
    ])
    expect(later.verdict.status).toBe('succeeded')
  })

  it('R5.8: D = 0 is done as soon as observed', () => {
    const ds = daemonSet({
      desiredNumberScheduled: 0,
      numberAvailable: 0,
      numberReady: 0
    })
    const { verdict } = run([
      [0, { daemonSet: ds, pods: [] }],
      [10, { daemonSet: ds, pods: [] }]
    ])
    expect(verdict.status).toBe('succeeded')
  })

  it('soak: a new pod that restarts after completion fails the gate (ReadyThenCrash)', () => {
    const { verdict } = run([
      [1, { daemonSet: done, pods: newPods(), currentHash: 'new' }],
      [
        4,
        {
          daemonSet: done,
          currentHash: 'new',
          pods: newPods({
            restarts: 1,
            lastTerminated: { reason: 'Error', exitCode: 1 }
          })
        }
      ]
    ])
    expect(verdict).toMatchObject({
      status: 'failed',
      reason: 'restarted-during-soak'
    })
    if (verdict.status === 'failed') {
      expect(verdict.failing[0]).toMatchObject({
        node: 'n3',
        lastState: 'Error (exit 1)'
      })
    }
  })

  it('R5.6 row 1: a non-RollingUpdate strategy is refused', () => {
    const ds = daemonSet({}, { strategy: 'OnDelete' })
    const { verdict } = run([[0, { daemonSet: ds, pods: [] }]])
    expect(verdict).toMatchObject({
      status: 'failed',
      reason: 'not-rolling-update'
    })
  })

  it('a deleted DaemonSet fails the gate (R5.7)', () => {
    const { verdict } = run([[0, { daemonSet: null, pods: [] }]])
    expect(verdict).toMatchObject({ status: 'failed', reason: 'deleted' })
  })
})

describe('gate pod signals (R7.1-R7.5)', () => {
  const rolling = daemonSet({
    updatedNumberScheduled: 1,
    numberAvailable: 2,
    numberUnavailable: 1
  })
  const cases: [string, Parameters<typeof pod>[0], string | undefined][] = [
    [
      'R7.4 ErrImagePull fails fast',
      { name: 'x', node: 'n1', waiting: 'ErrImagePull' },
      'image'
    ],
    [
      'R7.4 ImagePullBackOff fails fast',
      { name: 'x', node: 'n1', waiting: 'ImagePullBackOff' },
      'image'
    ],
    [
      'R7.4 InvalidImageName fails fast',
      { name: 'x', node: 'n1', waiting: 'InvalidImageName' },
      'image'
    ],
    [
      'R7.4 CreateContainerConfigError fails',
      { name: 'x', node: 'n1', waiting: 'CreateContainerConfigError' },
      'setup'
    ],
    [
      'R7.4 init container setup error fails',
      {
        name: 'x',
        node: 'n1',
        waiting: 'CreateContainerConfigError',
        init: true
      },
      'setup'
    ],
    [
      'R7.4 RunContainerError fails',
      { name: 'x', node: 'n1', waiting: 'RunContainerError' },
      'setup'
    ],
    [
      'R7.4 CrashLoopBackOff at max-restarts fails',
      { name: 'x', node: 'n1', waiting: 'CrashLoopBackOff', restarts: 1 },
      'crash-loop'
    ],
    [
      'R7.4 CrashLoopBackOff below max-restarts waits',
      { name: 'x', node: 'n1', waiting: 'CrashLoopBackOff', restarts: 0 },
      undefined
    ],
    [
      'R7.4 restarts above max-restarts fail',
      { name: 'x', node: 'n1', restarts: 2 },
      'restarts'
    ],
    [
      'R7.4 ContainerCreating is normal',
      { name: 'x', node: 'n1', waiting: 'ContainerCreating' },
      undefined
    ],
    [
      'R7.4 PodInitializing is normal',
      { name: 'x', node: 'n1', waiting: 'PodInitializing', init: true },
      undefined
    ],
    [
      'R7.3 an old-revision pod failing is not held against the revision',
      {
        name: 'x',
        node: 'n1',
        waiting: 'ErrImagePull',
        hash: 'old',
        labels: {
          app: 'agent',
          'controller-revision-hash': 'old',
          'pod-template-generation': '1'
        }
      },
      undefined
    ],
    [
      'R7.3 pod-template-generation == templateGeneration counts as new',
      {
        name: 'x',
        node: 'n1',
        waiting: 'ErrImagePull',
        labels: {
          app: 'agent',
          'controller-revision-hash': 'zzz',
          'pod-template-generation': '2'
        }
      },
      'image'
    ],
    [
      'R7.1 a pod owned by another controller is ignored',
      { name: 'x', node: 'n1', waiting: 'ErrImagePull', owner: 'other-uid' },
      undefined
    ],
    [
      'R7.1 a released pod (labels no longer match) is ignored',
      {
        name: 'x',
        node: 'n1',
        waiting: 'ErrImagePull',
        labels: { app: 'other', 'controller-revision-hash': 'new' }
      },
      undefined
    ]
  ]
  it.each(cases)('%s', (_name, spec, reason) => {
    const { verdict } = run([
      [2, { daemonSet: rolling, pods: [pod(spec)], currentHash: 'new' }]
    ])
    if (reason === undefined) expect(verdict.status).toBe('waiting')
    else expect(verdict).toMatchObject({ status: 'failed', reason })
  })

  it('reports node, container, reason, message and last state of a failing pod', () => {
    const { verdict } = run([
      [
        2,
        {
          daemonSet: rolling,
          currentHash: 'new',
          pods: [
            pod({
              name: 'x',
              node: 'n9',
              waiting: 'ImagePullBackOff',
              waitingMessage: 'Back-off pulling image "agent:bad"',
              lastTerminated: { reason: 'OOMKilled', exitCode: 137 }
            })
          ]
        }
      ]
    ])
    expect(verdict).toMatchObject({
      status: 'failed',
      failing: [
        {
          pod: 'kube-system/x',
          node: 'n9',
          container: 'agent',
          reason: 'ImagePullBackOff',
          message: 'Back-off pulling image "agent:bad"',
          lastState: 'OOMKilled (exit 137)'
        }
      ]
    })
  })

  it('R7.5 Unschedulable fails only after the grace period (node from R7.2 matchFields)', () => {
    const obs: GateObservation = {
      daemonSet: rolling,
      currentHash: 'new',
      pods: [pod({ name: 'x', node: 'n4', unschedulable: true })]
    }
    expect(
      run([
        [1, obs],
        [15, obs]
      ]).verdict.status
    ).toBe('waiting')
    const late = run([
      [1, obs],
      [22, obs]
    ]).verdict
    expect(late).toMatchObject({
      status: 'failed',
      reason: 'unschedulable',
      failing: [{ node: 'n4', reason: 'Unschedulable' }]
    })
  })

  it('a pod failing on a NotReady node is attributed to the node, reported, and does not fail', () => {
    const obs: GateObservation = {
      daemonSet: rolling,
      currentHash: 'new',
      pods: [pod({ name: 'x', node: 'n2', waiting: 'ErrImagePull' })],
      nodes: [node('n1'), node('n2', false)]
    }
    let state = startGate(T0)
    const step = stepGate(state, obs, T0 + 1000, OPTS)
    state = step.state
    expect(step.verdict.status).toBe('waiting')
    expect(state.nodeProblems).toMatchObject([
      { pod: 'kube-system/x', node: 'n2', reason: 'ErrImagePull' }
    ])
    expect(state.timeline.map((t) => t.kind)).toContain('node-not-ready')
  })

  it('with attribution off, a pod on a NotReady node fails the revision', () => {
    const obs: GateObservation = {
      daemonSet: rolling,
      currentHash: 'new',
      pods: [pod({ name: 'x', node: 'n2', waiting: 'ErrImagePull' })],
      nodes: [node('n2', false)]
    }
    expect(
      run([[1, obs]], { ...OPTS, attributeNotReadyNodes: false }).verdict
    ).toMatchObject({ status: 'failed', reason: 'image' })
  })

  it('completion allows for nodes that went NotReady and reports them', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const pods = [
      pod({ name: 'a', node: 'n1', ready: true }),
      pod({ name: 'b', node: 'n2', ready: true }),
      pod({
        name: 'c',
        node: 'n3',
        hash: 'old',
        labels: { app: 'agent', 'controller-revision-hash': 'old' }
      })
    ]
    const obs: GateObservation = {
      daemonSet: ds,
      pods,
      currentHash: 'new',
      nodes: [node('n1'), node('n2'), node('n3', false)]
    }
    const { verdict } = run([
      [1, obs],
      [12, obs]
    ])
    expect(verdict.status).toBe('succeeded')
    expect((verdict as { message: string }).message).toContain('NotReady')
  })
})

describe('gate deadlines and budget', () => {
  // R5.5: Kubernetes has no progress deadline for DaemonSets; the gate keeps its own.
  it('fails with no-progress when the counters stop moving for progress-deadline', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 1,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = { daemonSet: ds, pods: [] }
    expect(
      run([
        [1, obs],
        [50, obs]
      ]).verdict.status
    ).toBe('waiting')
    expect(
      run([
        [1, obs],
        [62, obs]
      ]).verdict
    ).toMatchObject({ status: 'failed', reason: 'no-progress' })
  })

  it('no-progress lists the new pods that are stuck and where', () => {
    const ds = daemonSet({
      updatedNumberScheduled: 1,
      numberAvailable: 2,
      numberUnavailable: 1
    })
    const obs: GateObservation = {
      daemonSet: ds,
      currentHash: 'new',
      pods: [
        pod({ name: 'x', node: 'n1', waiting: 'ContainerCreating' }),
        pod({ name: 'y', node: 'n2', ready: true })
      ]
    }
    expect(
      run([
        [1, obs],
        [62, obs]
      ]).verdict
    ).toMatchObject({
      status: 'failed',
      reason: 'no-progress',
      failing: [
        {
          pod: 'kube-system/x',
          node: 'n1',
          container: 'agent',
          reason: 'ContainerCreating'
        }
      ]
    })
  })

  it('progress resets the deadline', () => {
    const a: GateObservation = {
      daemonSet: daemonSet({ updatedNumberScheduled: 1, numberAvailable: 2 }),
      pods: []
    }
    const b: GateObservation = {
      daemonSet: daemonSet({ updatedNumberScheduled: 2, numberAvailable: 2 }),
      pods: []
    }
    expect(
      run([
        [1, a],
        [50, b],
        [100, b]
      ]).verdict.status
    ).toBe('waiting')
  })

  it('fails with timeout after timeout-seconds even while progressing', () => {
    let s = 0
    const steps: [number, GateObservation][] = []
    for (let t = 0; t <= 320; t += 20) {
      s = (s + 1) % 3
      steps.push([
        t,
        {
          daemonSet: daemonSet({
            updatedNumberScheduled: s,
            numberAvailable: 2
          }),
          pods: []
        }
      ])
    }
    expect(run(steps).verdict).toMatchObject({
      status: 'failed',
      reason: 'timeout'
    })
  })

  it('fails when numberUnavailable exceeds the gate max-unavailable (R3.2 rounding up)', () => {
    const ds = daemonSet({
      desiredNumberScheduled: 10,
      updatedNumberScheduled: 2,
      numberAvailable: 7,
      numberUnavailable: 3
    })
    expect(
      run([[1, { daemonSet: ds, pods: [] }]], {
        ...OPTS,
        maxUnavailable: '20%'
      }).verdict
    ).toMatchObject({ status: 'failed', reason: 'unavailable-budget' })
    expect(
      run([[1, { daemonSet: ds, pods: [] }]], {
        ...OPTS,
        maxUnavailable: '21%'
      }).verdict.status
    ).toBe('waiting')
  })

  it('R3.2: resolveBudget rounds percentages up', () => {
    expect(resolveBudget('10%', 15)).toBe(2)
    expect(resolveBudget(3, 100)).toBe(3)
    expect(resolveBudget('0%', 5)).toBe(0)
  })

  it('a final verdict is sticky', () => {
    let state = startGate(T0)
    state = stepGate(state, { daemonSet: null, pods: [] }, T0, OPTS).state
    const again = stepGate(
      state,
      { daemonSet: done, pods: [] },
      T0 + 60_000,
      OPTS
    )
    expect(again.verdict).toMatchObject({ status: 'failed', reason: 'deleted' })
  })

  it('nextGateDeadline wakes the runner for soak end and grace expiry', () => {
    let state = startGate(T0)
    state = stepGate(
      state,
      { daemonSet: done, pods: newPods(), currentHash: 'new' },
      T0 + 1000,
      OPTS
    ).state
    expect(nextGateDeadline(state, OPTS)).toBe(T0 + 1000 + 10_000)
  })
})
