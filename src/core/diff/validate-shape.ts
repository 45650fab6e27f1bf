/**
 * The types of a DaemonSet's fields, as the API server decodes them
 * (apps/v1 DaemonSet, core/v1 PodSpec). A field of the wrong JSON type
 * (`containers: "x"`, `ports: -1`, `containerPort: "80"`, a label value
 * `true`) makes the API server refuse the whole object while decoding it, so
 * each is an error finding at the field's line; the plan then does not
 * simulate the object (build-plan.ts), and no wrongly typed value reaches
 * code that assumes a type. Fields not listed here are not checked.
 */
import type { Finding } from '../plan/types.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { isMap } from './normalize.js'

/** The JSON shape of one field. */
type Shape =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'int-or-string'
  | 'quantity'
  | 'string-map'
  | 'object'
  | 'any'
  | { fields: Record<string, Shape> }
  | { list: Shape }
  | { map: Shape }

const INT32_MAX = 2 ** 31 - 1

const stringList: Shape = { list: 'string' }
const quantityMap: Shape = { map: 'quantity' }

const requirement: Shape = {
  fields: { key: 'string', operator: 'string', values: stringList }
}
const labelSelector: Shape = {
  fields: { matchLabels: 'string-map', matchExpressions: { list: requirement } }
}
const nodeSelectorTerm: Shape = {
  fields: {
    matchExpressions: { list: requirement },
    matchFields: { list: requirement }
  }
}
const objectMeta: Shape = {
  fields: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    labels: 'string-map',
    annotations: 'string-map'
  }
}
const port: Shape = { fields: { port: 'int-or-string', host: 'string' } }
const probe: Shape = {
  fields: {
    exec: { fields: { command: stringList } },
    httpGet: {
      fields: {
        path: 'string',
        port: 'int-or-string',
        host: 'string',
        scheme: 'string',
        httpHeaders: { list: { fields: { name: 'string', value: 'string' } } }
      }
    },
    tcpSocket: port,
    grpc: { fields: { port: 'int32', service: 'string' } },
    initialDelaySeconds: 'int32',
    timeoutSeconds: 'int32',
    periodSeconds: 'int32',
    successThreshold: 'int32',
    failureThreshold: 'int32',
    terminationGracePeriodSeconds: 'int64'
  }
}
const handler: Shape = {
  fields: {
    exec: { fields: { command: stringList } },
    httpGet: 'object',
    tcpSocket: port,
    sleep: { fields: { seconds: 'int64' } }
  }
}
const container: Shape = {
  fields: {
    name: 'string',
    image: 'string',
    command: stringList,
    args: stringList,
    workingDir: 'string',
    ports: {
      list: {
        fields: {
          name: 'string',
          containerPort: 'int32',
          hostPort: 'int32',
          protocol: 'string',
          hostIP: 'string'
        }
      }
    },
    env: {
      list: {
        fields: { name: 'string', value: 'string', valueFrom: 'object' }
      }
    },
    envFrom: {
      list: {
        fields: {
          prefix: 'string',
          configMapRef: 'object',
          secretRef: 'object'
        }
      }
    },
    resources: {
      fields: { requests: quantityMap, limits: quantityMap, claims: 'any' }
    },
    volumeMounts: {
      list: {
        fields: {
          name: 'string',
          mountPath: 'string',
          subPath: 'string',
          subPathExpr: 'string',
          readOnly: 'bool',
          mountPropagation: 'string'
        }
      }
    },
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    lifecycle: { fields: { postStart: handler, preStop: handler } },
    imagePullPolicy: 'string',
    securityContext: 'object',
    restartPolicy: 'string',
    stdin: 'bool',
    tty: 'bool'
  }
}
const volume: Shape = {
  fields: {
    name: 'string',
    hostPath: { fields: { path: 'string', type: 'string' } },
    emptyDir: { fields: { medium: 'string', sizeLimit: 'quantity' } },
    configMap: {
      fields: {
        name: 'string',
        defaultMode: 'int32',
        optional: 'bool',
        items: { list: 'object' }
      }
    },
    secret: {
      fields: {
        secretName: 'string',
        defaultMode: 'int32',
        optional: 'bool',
        items: { list: 'object' }
      }
    },
    persistentVolumeClaim: {
      fields: { claimName: 'string', readOnly: 'bool' }
    },
    projected: {
      fields: { sources: { list: 'object' }, defaultMode: 'int32' }
    },
    downwardAPI: 'object',
    csi: 'object',
    nfs: 'object',
    ephemeral: 'object'
  }
}
const podSpec: Shape = {
  fields: {
    containers: { list: container },
    initContainers: { list: container },
    volumes: { list: volume },
    nodeSelector: 'string-map',
    tolerations: {
      list: {
        fields: {
          key: 'string',
          operator: 'string',
          value: 'string',
          effect: 'string',
          tolerationSeconds: 'int64'
        }
      }
    },
    affinity: {
      fields: {
        nodeAffinity: {
          fields: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              fields: { nodeSelectorTerms: { list: nodeSelectorTerm } }
            },
            preferredDuringSchedulingIgnoredDuringExecution: {
              list: {
                fields: { weight: 'int32', preference: nodeSelectorTerm }
              }
            }
          }
        },
        podAffinity: 'object',
        podAntiAffinity: 'object'
      }
    },
    hostNetwork: 'bool',
    hostPID: 'bool',
    hostIPC: 'bool',
    priorityClassName: 'string',
    priority: 'int32',
    serviceAccountName: 'string',
    restartPolicy: 'string',
    terminationGracePeriodSeconds: 'int64',
    activeDeadlineSeconds: 'int64',
    dnsPolicy: 'string',
    overhead: quantityMap,
    schedulerName: 'string',
    runtimeClassName: 'string',
    nodeName: 'string',
    securityContext: 'object',
    imagePullSecrets: { list: { fields: { name: 'string' } } },
    topologySpreadConstraints: { list: 'object' }
  }
}
const daemonSet: Shape = {
  fields: {
    apiVersion: 'string',
    kind: 'string',
    metadata: objectMeta,
    spec: {
      fields: {
        selector: labelSelector,
        template: { fields: { metadata: objectMeta, spec: podSpec } },
        updateStrategy: {
          fields: {
            type: 'string',
            rollingUpdate: {
              fields: {
                maxUnavailable: 'int-or-string',
                maxSurge: 'int-or-string'
              }
            }
          }
        },
        minReadySeconds: 'int32',
        revisionHistoryLimit: 'int32'
      }
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'an integer' : 'a number'
  return `a ${typeof value}`
}

function isInteger(value: unknown, max: number): boolean {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value <= max &&
    value >= -max - 1
  )
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  int32: 'a 32-bit integer',
  int64: 'an integer',
  bool: 'true or false',
  'int-or-string': 'an integer or a string',
  quantity: 'a quantity (a string such as "100m" or "64Mi", or a number)',
  'string-map': 'a map of strings',
  object: 'an object',
  any: 'any value'
}

/** The problem with `value` as `shape`, without looking inside it, or undefined. */
function mismatch(shape: Shape, value: unknown): string | undefined {
  if (typeof shape === 'string') {
    const ok =
      shape === 'string'
        ? typeof value === 'string'
        : shape === 'int32'
          ? isInteger(value, INT32_MAX)
          : shape === 'int64'
            ? isInteger(value, Number.MAX_SAFE_INTEGER)
            : shape === 'bool'
              ? typeof value === 'boolean'
              : shape === 'int-or-string'
                ? typeof value === 'string' || isInteger(value, INT32_MAX)
                : shape === 'quantity'
                  ? typeof value === 'string' ||
                    (typeof value === 'number' && Number.isFinite(value))
                  : shape === 'string-map' || shape === 'object'
                    ? isMap(value)
                    : true
    return ok ? undefined : EXPECTED[shape]
  }
  if ('fields' in shape) return isMap(value) ? undefined : 'an object'
  if ('list' in shape) return Array.isArray(value) ? undefined : 'a list'
  return isMap(value) ? undefined : 'an object'
}

/**
 * Every field of `object` whose JSON type the API server would refuse, as
 * error findings (`invalid-field-type`) at the field's line. `null` is
 * accepted wherever a field may be omitted (the API server reads it as
 * unset), except inside lists and maps.
 */
export function validateShape(ref: DaemonSetRef, object: unknown): Finding[] {
  const out: Finding[] = []
  const visit = (
    shape: Shape,
    value: unknown,
    path: string,
    nullable: boolean
  ): void => {
    if (out.length >= 20) return // enough to fix first
    if (value === null && nullable) return
    const expected = mismatch(shape, value)
    if (expected !== undefined) {
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-field-type',
          `${path} must be ${expected}, not ${describe(value)}; the API server refuses the object when decoding it`,
          path
        )
      )
      return
    }
    if (typeof shape === 'string') {
      if (shape === 'string-map' && isMap(value))
        for (const [key, item] of Object.entries(value))
          if (typeof item !== 'string')
            out.push(
              makeFinding(
                ref,
                'error',
                'invalid-field-type',
                `${path}.${key} must be a string, not ${describe(item)} (quote it: "${String(item)}"); the API server refuses the object when decoding it`,
                `${path}.${key}`
              )
            )
      return
    }
    if ('fields' in shape) {
      const map = value as Record<string, unknown>
      for (const [key, child] of Object.entries(shape.fields))
        if (key in map)
          visit(child, map[key], path === '' ? key : `${path}.${key}`, true)
    } else if ('list' in shape) {
      ;(value as unknown[]).forEach((item, i) =>
        visit(shape.list, item, `${path}[${i}]`, false)
      )
    } else {
      for (const [key, item] of Object.entries(value as object))
        visit(shape.map, item, `${path}.${key}`, false)
    }
  }
  visit(daemonSet, object, '', false)
  return out
}

/**
 * A copy of `object` with every field whose JSON type does not match the
 * DaemonSet shape left out (list items and map entries of the wrong type
 * too), so code that reads a DaemonSet can trust the types of the fields it
 * reads. Fields outside the shape are kept as they are. This is what makes
 * the simulation total: validation refuses such objects before they are
 * simulated (SHAPE_ERROR_CODES), but the base side is not validated and the
 * engine may be called directly.
 */
export function conformToShape<T>(object: T): T {
  const conform = (shape: Shape, value: unknown): unknown => {
    if (value === null || mismatch(shape, value) !== undefined) return OMIT
    if (typeof shape === 'string') {
      if (shape !== 'string-map') return value
      return Object.fromEntries(
        Object.entries(value as object).filter(([, v]) => typeof v === 'string')
      )
    }
    if ('fields' in shape) {
      const out: Record<string, unknown> = { ...(value as object) }
      for (const [key, child] of Object.entries(shape.fields)) {
        if (!(key in out)) continue
        const next = conform(child, out[key])
        if (next === OMIT) delete out[key]
        else out[key] = next
      }
      return out
    }
    if ('list' in shape)
      return (value as unknown[])
        .map((item) => conform(shape.list, item))
        .filter((item) => item !== OMIT)
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value as object)) {
      const next = conform(shape.map, item)
      if (next !== OMIT) out[key] = next
    }
    return out
  }
  const result = conform(daemonSet, object)
  return (result === OMIT ? {} : result) as T
}

const OMIT = Symbol('omit')

const nodeShape: Shape = {
  fields: {
    metadata: objectMeta,
    spec: {
      fields: {
        taints: {
          list: {
            fields: {
              key: 'string',
              value: 'string',
              effect: 'string',
              timeAdded: 'string'
            }
          }
        },
        unschedulable: 'bool'
      }
    },
    status: {
      fields: {
        allocatable: quantityMap,
        capacity: quantityMap,
        conditions: {
          list: {
            fields: { type: 'string', status: 'string', reason: 'string' }
          }
        }
      }
    }
  }
}

const podShape: Shape = {
  fields: {
    metadata: {
      fields: {
        ...(objectMeta as { fields: Record<string, Shape> }).fields,
        ownerReferences: {
          list: {
            fields: {
              kind: 'string',
              name: 'string',
              uid: 'string',
              apiVersion: 'string',
              controller: 'bool'
            }
          }
        }
      }
    },
    spec: podSpec,
    status: {
      fields: {
        phase: 'string',
        conditions: {
          list: { fields: { type: 'string', status: 'string' } }
        }
      }
    }
  }
}

const SHAPES: Record<'Node' | 'Pod' | 'DaemonSet', Shape> = {
  Node: nodeShape,
  Pod: podShape,
  DaemonSet: daemonSet
}

/**
 * The first field of a Node, Pod or DaemonSet (as kubectl exports them)
 * whose JSON type is wrong, as `path: expected ..., got ...`, or undefined.
 * A snapshot with such an object is structurally broken and refused; null
 * stands for an unset field.
 */
export function shapeProblemOf(
  kind: 'Node' | 'Pod' | 'DaemonSet',
  object: unknown
): string | undefined {
  return problemAt(SHAPES[kind], object, undefined, false)
}

/**
 * Where a value sits, as a chain of steps from the object's root: the path
 * text (`status.conditions[0].type`) is built only when a problem is found,
 * so a snapshot of 65,000 well-formed nodes builds none.
 */
interface Step {
  up: Step | undefined
  /** 0: a field (`a.b`, or `b` at the root), 1: a map key (`.k`), 2: a list index (`[i]`). */
  kind: 0 | 1 | 2
  key: string
  index: number
}

function pathText(step: Step | undefined): string {
  if (step === undefined) return ''
  const path = pathText(step.up)
  if (step.kind === 2) return `${path}[${step.index}]`
  if (step.kind === 0 && path === '') return step.key
  return `${path}.${step.key}`
}

/** The fields of a `fields` shape as a list, computed once per shape. */
const fieldLists = new WeakMap<object, [string, Shape][]>()

function fieldList(shape: {
  fields: Record<string, Shape>
}): [string, Shape][] {
  let list = fieldLists.get(shape)
  if (list === undefined) {
    list = Object.entries(shape.fields)
    fieldLists.set(shape, list)
  }
  return list
}

function problemAt(
  shape: Shape,
  value: unknown,
  at: Step | undefined,
  nullable: boolean
): string | undefined {
  if (value === null && nullable) return undefined
  const expected = mismatch(shape, value)
  if (expected !== undefined) {
    const path = pathText(at)
    return `${path === '' ? 'the object' : path}: expected ${expected}, got ${describe(value)}`
  }
  if (typeof shape === 'string') {
    if (shape === 'string-map') {
      const map = value as Record<string, unknown>
      for (const key of Object.keys(map)) {
        const item = map[key]
        if (typeof item !== 'string')
          return `${pathText(at)}.${key}: expected a string, got ${describe(item)}`
      }
    }
    return undefined
  }
  if ('fields' in shape) {
    const map = value as Record<string, unknown>
    for (const [key, child] of fieldList(shape)) {
      if (!(key in map)) continue
      // A plain leaf that is fine needs no step of its own.
      if (
        typeof child === 'string' &&
        child !== 'string-map' &&
        (map[key] === null || mismatch(child, map[key]) === undefined)
      )
        continue
      const problem = problemAt(
        child,
        map[key],
        { up: at, kind: 0, key, index: 0 },
        true
      )
      if (problem !== undefined) return problem
    }
    return undefined
  }
  if ('list' in shape) {
    const list = value as unknown[]
    for (let i = 0; i < list.length; i++) {
      const problem = problemAt(
        shape.list,
        list[i],
        { up: at, kind: 2, key: '', index: i },
        false
      )
      if (problem !== undefined) return problem
    }
    return undefined
  }
  const map = value as Record<string, unknown>
  const leaf =
    typeof shape.map === 'string' && shape.map !== 'string-map'
      ? shape.map
      : undefined
  for (const key of Object.keys(map)) {
    if (leaf !== undefined && mismatch(leaf, map[key]) === undefined) continue
    const problem = problemAt(
      shape.map,
      map[key],
      { up: at, kind: 1, key, index: 0 },
      false
    )
    if (problem !== undefined) return problem
  }
  return undefined
}
