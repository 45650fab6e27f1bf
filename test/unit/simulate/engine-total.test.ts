/**
 * The simulation engine is total: whatever JSON a DaemonSet holds (even
 * what validation refuses, since the base side is not validated), the
 * engine returns a result and never throws. Random mutations, type swaps
 * and deletions of the real-world DaemonSets, simulated against the example
 * snapshot; diff and validation must be just as total.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffDaemonSets } from '../../../src/core/diff/diff-daemonsets.js'
import type { DaemonSet } from '../../../src/core/k8s/types.js'
import { parseManifests } from '../../../src/core/manifests/parse.js'
import type { ManifestObject } from '../../../src/core/manifests/types.js'
import { buildPlan } from '../../../src/core/plan/build-plan.js'
import { simulateDaemonSet } from '../../../src/core/simulate/index.js'
import { loadSnapshot } from '../../../src/core/snapshot/load.js'

const root = new URL('../../../', import.meta.url)
const realworld = fileURLToPath(new URL('test/fixtures/realworld', root))
const daemonSets: DaemonSet[] = readdirSync(realworld)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseManifests(readFileSync(`${realworld}/${f}`, 'utf8'), f))
  .map((m) => m.object)
  .filter((o) => o.kind === 'DaemonSet') as DaemonSet[]
const snapshot = loadSnapshot(
  [JSON.parse(readFileSync(new URL('examples/snapshot.json', root), 'utf8'))],
  ['examples/snapshot.json']
)

/** Every path (keys and indexes) inside a JSON value. */
function paths(
  value: unknown,
  prefix: (string | number)[] = []
): (string | number)[][] {
  const out: (string | number)[][] = [prefix]
  if (Array.isArray(value))
    value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      out.push(...paths(v, [...prefix, k]))
  return out
}

/** A copy of `value` with the thing at `path` replaced (or deleted when `replacement` is the symbol). */
function mutate(
  value: unknown,
  path: (string | number)[],
  replacement: unknown
): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  if (rest.length === 0 && replacement === DELETE) {
    if (Array.isArray(copy)) copy.splice(head as number, 1)
    else delete copy[head as string]
  } else copy[head as string] = mutate(copy[head as string], rest, replacement)
  return copy
}
const DELETE = Symbol('delete')

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    70000,
    2 ** 53,
    '',
    'x',
    '1x',
    '10Qi',
    [],
    {},
    [[[]]],
    [null],
    { a: 1 },
    DELETE
  ),
  fc.jsonValue({ maxDepth: 3 })
)

/** A real-world DaemonSet with 1 to 4 random fields replaced by random JSON (or deleted). */
const mutatedDaemonSet = fc
  .tuple(
    fc.integer({ min: 0, max: daemonSets.length - 1 }),
    fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 4 })
  )
  .map(([index, edits]) => {
    let ds: unknown = daemonSets[index]
    for (const [pick, replacement] of edits) {
      const all = paths(ds).filter((p) => p.length > 0)
      if (all.length === 0) break
      ds = mutate(ds, all[pick % all.length]!, replacement)
    }
    return { original: daemonSets[index]!, mutated: ds }
  })

const entry = (object: unknown, file: string): ManifestObject => ({
  object: object as ManifestObject['object'],
  source: { file, line: 1 }
})

describe('the simulation engine is total', () => {
  it('simulateDaemonSet never throws on any JSON in base or head', () => {
    fc.assert(
      fc.property(
        mutatedDaemonSet,
        fc.boolean(),
        ({ original, mutated }, onBase) => {
          const base = (onBase ? mutated : original) as DaemonSet
          const head = (onBase ? original : mutated) as DaemonSet
          const result = simulateDaemonSet({
            base,
            head,
            source: { file: 'ds.yaml', line: 1 },
            triggered: true,
            templateChanged: true,
            snapshot
          })
          expect(Array.isArray(result.nodes)).toBe(true)
        }
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 400) }
    )
  })

  it('diff, validation and the whole plan never throw, and a shape error is never simulated', () => {
    fc.assert(
      fc.property(mutatedDaemonSet, ({ original, mutated }) => {
        if (
          mutated === null ||
          typeof mutated !== 'object' ||
          Array.isArray(mutated)
        )
          return
        const m = mutated as Record<string, unknown>
        if (typeof m.apiVersion !== 'string' || typeof m.kind !== 'string')
          return
        diffDaemonSets([entry(original, 'b.yaml')], [entry(mutated, 'h.yaml')])
        const plan = buildPlan({
          base: [entry(original, 'b.yaml')],
          head: [entry(mutated, 'h.yaml')],
          snapshot
        })
        for (const ds of plan.daemonSets) {
          const shapeError = ds.findings.some(
            (f) =>
              f.code === 'invalid-field-type' || f.code === 'invalid-quantity'
          )
          if (shapeError) {
            expect(ds.nodes).toBeUndefined()
            expect(ds.notSimulated).toMatch(/not simulated/)
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) }
    )
  })
})
