// Benchmark: planning 20 changed DaemonSets against synthetic snapshots of
// 1k, 5k, 15k and 65k nodes, next to the time it takes just to read and parse
// the snapshot file (readFile + JSON.parse + loadSnapshot).
//
//   node test/bench/simulate.ts [sizes...]      e.g. node test/bench/simulate.ts 1000 5000
//
// Runs on Node 24's type stripping (erasable syntax only). The sources import
// each other with `.js` specifiers, which name the compiled files; a resolve
// hook maps them to the `.ts` files next to them.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (err) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(specifier.slice(0, -3) + '.ts', context)
      }
      throw err
    }
  }
})

const { loadSnapshot } = await import('../../src/core/snapshot/load.ts')
const { daemonSets, syntheticSnapshot, DS_COUNT } = await import('./_fleet.ts')
const { compactSnapshotText } =
  await import('../../src/core/snapshot/compact-file.ts')
const { simulateDaemonSet } = await import('../../src/core/simulate/index.ts')

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0)
const SIZES = sizes.length > 0 ? sizes : [1000, 5000, 15000, 65000]
const pairs = daemonSets()
const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-bench-'))
const rows: string[][] = []
try {
  for (const size of SIZES) {
    const file = join(dir, `snapshot-${size}.json`)
    // The compact snapshot as `ds-rollout snapshot` writes it (version 2).
    writeFileSync(
      file,
      compactSnapshotText(loadSnapshot(syntheticSnapshot(size, size), 'gen'))
    )
    const bytes = readFileSync(file).length
    // Small sizes: one warm-up run (JIT) and five measured; large ones warm
    // up within the first run.
    const warmup = size < 15000 ? 1 : 0
    const runs = size < 15000 ? 6 : size < 65000 ? 3 : 2
    const parse: number[] = []
    const plan: number[] = []
    let nodeOutcomes = 0
    let findings = 0
    for (let r = 0; r < runs; r += 1) {
      const t0 = performance.now()
      const snapshot = loadSnapshot(
        JSON.parse(readFileSync(file, 'utf8')),
        file
      )
      const t1 = performance.now()
      nodeOutcomes = 0
      findings = 0
      for (const { base, head } of pairs) {
        const result = simulateDaemonSet({
          base: base as never,
          head: head as never,
          snapshot,
          source: { file: 'bench.yaml', line: 1 },
          triggered: true,
          // As buildPlan asks: every node grouped, detail for the non-routine.
          nodeDetail: 'non-routine'
        })
        for (const g of result.outcomes) nodeOutcomes += g.count
        findings += result.findings.length
      }
      const t2 = performance.now()
      if (r < warmup) continue
      parse.push(t1 - t0)
      plan.push(t2 - t1)
    }
    const p = median(parse)
    const q = median(plan)
    rows.push([
      String(size),
      `${(bytes / 1e6).toFixed(1)} MB`,
      `${p.toFixed(0)} ms`,
      `${q.toFixed(0)} ms`,
      (q / p).toFixed(2),
      String(nodeOutcomes),
      String(findings)
    ])
    rmSync(file)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const header = [
  'nodes',
  'snapshot',
  'read+parse',
  `plan ${DS_COUNT} DS`,
  'ratio',
  'node outcomes',
  'findings'
]
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((r) => r[i]!.length))
)
const line = (cells: string[]) =>
  cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
process.stdout.write(
  [
    `simulate: planning ${DS_COUNT} changed DaemonSets vs reading+parsing the snapshot (median of warm runs; target ratio <= 2)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ''
  ].join('\n')
)
