/**
 * The update strategy checks of the API server (R3.6) and the surge hazard
 * of R3.15.
 */
import { podHostPorts } from '../k8s/pod-resources.js'
import type { PodSpec } from '../k8s/types.js'
import type { Finding } from '../plan/types.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { at } from './json.js'
import { isMap, type JsonMap } from './normalize.js'

const PERCENT = /^[0-9]+%$/

/** Checks one intstr value per ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function intOrPercentProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      return 'must be an integer or a percent string'
    return value < 0 ? 'must be greater than or equal to 0' : undefined
  }
  if (typeof value === 'string') {
    if (!PERCENT.test(value))
      return "must be an integer or a percent string such as '10%' (a string without '%' is rejected)"
    return Number(value.slice(0, -1)) > 100
      ? 'must not be greater than 100%'
      : undefined
  }
  return 'must be an integer or a percent string'
}

function isZero(value: unknown): boolean {
  return (
    value === 0 ||
    (typeof value === 'string' &&
      PERCENT.test(value) &&
      Number(value.slice(0, -1)) === 0)
  )
}

export function validateStrategy(
  ref: DaemonSetRef,
  raw: JsonMap,
  normal: JsonMap,
  out: Finding[]
): void {
  const type = at(normal, 'spec', 'updateStrategy', 'type')
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    out.push(
      makeFinding(
        ref,
        'error',
        'invalid-update-strategy',
        `spec.updateStrategy.type ${JSON.stringify(type)} is not supported: use RollingUpdate or OnDelete (R3.6)`
      )
    )
    return
  }
  if (type !== 'RollingUpdate') return
  const path = 'spec.updateStrategy.rollingUpdate'
  const maxUnavailable = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxUnavailable'
  )
  const maxSurge = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxSurge'
  )
  let valid = true
  for (const [field, value] of [
    ['maxUnavailable', maxUnavailable],
    ['maxSurge', maxSurge]
  ] as const) {
    const problem = intOrPercentProblem(value)
    if (problem !== undefined) {
      valid = false
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-int-or-percent',
          `${path}.${field} ${JSON.stringify(value)} ${problem} (R3.6)`
        )
      )
    }
  }
  if (!valid) return
  const unavailableGiven =
    at(raw, 'spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable') !==
      undefined &&
    at(raw, 'spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable') !==
      null
  if (!isZero(maxSurge) && !isZero(maxUnavailable)) {
    if (!unavailableGiven)
      out.push(
        makeFinding(
          ref,
          'error',
          'max-surge-requires-max-unavailable-zero',
          `${path}.maxSurge is ${JSON.stringify(maxSurge)} but maxUnavailable is not set: the API server defaults it to 1 and then rejects the DaemonSet ` +
            `("maxSurge: may not be set when maxUnavailable is non-zero"). Fix: add maxUnavailable: 0 (R3.6, R8.1)`
        )
      )
    else
      out.push(
        makeFinding(
          ref,
          'error',
          'max-surge-and-max-unavailable-both-set',
          `${path}: maxSurge ${JSON.stringify(maxSurge)} and maxUnavailable ${JSON.stringify(maxUnavailable)} are both non-zero; the API server rejects this ` +
            `("may not be set when maxUnavailable is non-zero"). Set exactly one of them to 0 (R3.6)`
        )
      )
  } else if (isZero(maxSurge) && isZero(maxUnavailable)) {
    out.push(
      makeFinding(
        ref,
        'error',
        'max-surge-and-max-unavailable-both-zero',
        `${path}: maxUnavailable and maxSurge are both 0, so no pod could ever be replaced; the API server rejects this ` +
          `("cannot be 0 when maxSurge is 0"). Set one of them above 0 (R3.6)`
      )
    )
  }
}

/**
 * hostPort (or hostNetwork with container ports, R8.3) with surge deadlocks
 * the rollout (R3.15). The ports are the scheduler's view of the pod
 * (podHostPorts: containers and restartable init containers), the same the
 * simulation fits against a snapshot.
 */
export function validateSurgeHostPort(
  ref: DaemonSetRef,
  normal: JsonMap,
  out: Finding[]
): void {
  if (at(normal, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate') return
  const maxSurge = at(
    normal,
    'spec',
    'updateStrategy',
    'rollingUpdate',
    'maxSurge'
  )
  if (isZero(maxSurge) || intOrPercentProblem(maxSurge) !== undefined) return
  const podSpec = at(normal, 'spec', 'template', 'spec')
  if (!isMap(podSpec)) return
  const ports = podHostPorts(podSpec as PodSpec)
  if (ports.length === 0) return
  const hostNetwork = podSpec.hostNetwork === true
  out.push(
    makeFinding(
      ref,
      'error',
      'host-port-with-surge',
      `maxSurge ${JSON.stringify(maxSurge)} with ${hostNetwork ? 'hostNetwork container ports' : 'host ports'} (${ports.join(', ')}): ` +
        'the surge pod lands on the node whose old pod still holds the port, stays Pending ("didn\'t have free ports for the requested pod ports"), ' +
        'and the old pod is never deleted: the rollout deadlocks (R3.15). Use maxSurge: 0 with maxUnavailable instead'
    )
  )
}
