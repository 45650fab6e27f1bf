/** Toleration and node-affinity checks of core validation (R8.6). */
import { validLabelValue } from '../k8s/node-affinity.js'
import type { Finding } from '../plan/types.js'
import { makeFinding, type DaemonSetRef } from './findings.js'
import { at, mapsOf } from './json.js'
import { isMap, type JsonMap } from './normalize.js'

export function validateTolerations(
  ref: DaemonSetRef,
  podSpec: JsonMap,
  out: Finding[]
): void {
  for (const [i, t] of mapsOf(podSpec.tolerations).entries()) {
    const where = `spec.template.spec.tolerations[${i}]`
    const key = typeof t.key === 'string' ? t.key : ''
    const operator = t.operator ?? 'Equal'
    const problems: string[] = []
    if (
      operator !== 'Equal' &&
      operator !== 'Exists' &&
      operator !== 'Lt' &&
      operator !== 'Gt'
    )
      problems.push(
        `operator ${JSON.stringify(operator)} is not supported (Equal or Exists)`
      )
    if (key === '' && operator !== 'Exists')
      problems.push('an empty key requires operator Exists')
    if (operator === 'Exists' && t.value !== undefined && t.value !== '')
      problems.push('operator Exists requires an empty value')
    if (
      t.effect !== undefined &&
      t.effect !== '' &&
      !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(
        String(t.effect)
      )
    )
      problems.push(
        `effect ${JSON.stringify(t.effect)} is not NoSchedule, PreferNoSchedule or NoExecute`
      )
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      problems.push('tolerationSeconds requires effect NoExecute')
    for (const p of problems)
      out.push(
        makeFinding(ref, 'error', 'invalid-toleration', `${where}: ${p} (R8.6)`)
      )
  }
}

function nodeRequirementProblem(
  req: JsonMap,
  field: boolean
): string | undefined {
  const values = Array.isArray(req.values) ? req.values : []
  if (field && req.key !== 'metadata.name')
    return 'matchFields supports only the key metadata.name'
  if (
    field &&
    ((req.operator !== 'In' && req.operator !== 'NotIn') || values.length !== 1)
  )
    return 'matchFields on metadata.name needs operator In or NotIn with exactly one value'
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0
        ? `operator ${req.operator} needs at least one value`
        : undefined
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0
        ? `operator ${req.operator} must have no values`
        : undefined
    case 'Gt':
    case 'Lt':
      return values.length !== 1 || !/^-?\d+$/.test(String(values[0]))
        ? `operator ${req.operator} needs exactly one integer value`
        : undefined
    default:
      return `operator ${JSON.stringify(req.operator)} is not supported`
  }
}

export function validateAffinity(
  ref: DaemonSetRef,
  podSpec: JsonMap,
  out: Finding[]
): void {
  const base = 'spec.template.spec.affinity.nodeAffinity'
  const nodeAffinity = at(podSpec, 'affinity', 'nodeAffinity')
  if (!isMap(nodeAffinity)) return
  const terms: [string, JsonMap][] = []
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
  if (isMap(required)) {
    const list = mapsOf(required.nodeSelectorTerms)
    if (list.length === 0)
      out.push(
        makeFinding(
          ref,
          'error',
          'invalid-node-affinity',
          `${base}.requiredDuringSchedulingIgnoredDuringExecution needs at least one nodeSelectorTerm (R8.6)`
        )
      )
    list.forEach((t, i) =>
      terms.push([
        `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
        t
      ])
    )
  }
  mapsOf(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach(
    (p, i) => {
      if (isMap(p.preference))
        terms.push([
          `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
          p.preference
        ])
    }
  )
  for (const [where, term] of terms) {
    // The API server accepts any value here, but the scheduler and the
    // DaemonSet controller parse each requirement as a label requirement:
    // an invalid key or value makes the whole term match no node.
    mapsOf(term.matchExpressions).forEach((req, j) => {
      const values = Array.isArray(req.values) ? req.values : []
      const bad = values.filter(
        (v): v is string => typeof v === 'string' && !validLabelValue(v)
      )
      if ((req.operator === 'In' || req.operator === 'NotIn') && bad.length > 0)
        out.push(
          makeFinding(
            ref,
            'warning',
            'node-affinity-matches-nothing',
            `${where}.matchExpressions[${j}]: ${JSON.stringify(bad[0])} is not a valid label value, so this term matches no node (the scheduler and the DaemonSet controller parse it as a label requirement); ` +
              'no node label can have that value. Fix the value, or the DaemonSet runs on fewer nodes than intended',
            `${where}.matchExpressions[${j}].values`
          )
        )
    })
    for (const [field, isField] of [
      ['matchExpressions', false],
      ['matchFields', true]
    ] as const)
      mapsOf(term[field]).forEach((req, j) => {
        const problem = nodeRequirementProblem(req, isField)
        if (problem !== undefined)
          out.push(
            makeFinding(
              ref,
              'error',
              'invalid-node-affinity',
              `${where}.${field}[${j}]: ${problem} (R8.6)`
            )
          )
      })
  }
}
