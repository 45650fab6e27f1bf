/**
 * What refusing hostile manifest text costs (issue 10 item 1), and what the
 * pre-check adds to legitimate text: `node test/bench/input-bounds.ts`.
 * Each hostile class goes through parseManifests (pre-check first), which
 * refuses it; the real-world manifests show the pre-check's share of a
 * normal parse. Medians of several runs, in one process (the CLI adds about
 * 0.4 s of start-up; see the closing note of issue 10 for whole-CLI figures).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

// Registered before the sources load: the URL keeps tsc from resolving it.
await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { checkInputBounds } =
  await import('../../src/core/manifests/input-bounds.js')
const { parseManifests } = await import('../../src/core/manifests/parse.js')

const RUNS = 7

function median(fn: () => void): number {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    fn()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(RUNS / 2)]!
}

const lol =
  'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' +
  Array.from(
    { length: 9 },
    (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`
  ).join('')
const hostile: [string, string][] = [
  ['900 KB of nested [', '['.repeat(900_000)],
  ['3 MB of nested [', '['.repeat(3_000_000)],
  ['200,000 empty documents', '---\n'.repeat(200_000)],
  [
    'recursive anchor',
    'apiVersion: v1\nkind: X\nmetadata: &a {name: x, labels: *a}\n'
  ],
  ['alias bomb (10^9 expansions)', lol],
  ['1 MB key', `${'k'.repeat(1_000_000)}: v\n`],
  ['8 MB quoted value', `k: "${'v'.repeat(8_000_000)}"\n`],
  [
    '3,000 levels of block indentation (4.5 MB)',
    Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')
  ]
]

process.stdout.write('hostile text, refused by parseManifests (pre-check):\n')
for (const [name, text] of hostile) {
  let message = ''
  const ms = median(() => {
    try {
      parseManifests(text, 'h.yaml')
      message = 'accepted?!'
    } catch (err) {
      message = (err as Error).message
    }
  })
  process.stdout.write(
    `  ${name.padEnd(44)} ${(text.length / 1e6).toFixed(2).padStart(5)} MB  ${ms.toFixed(1).padStart(7)} ms  ${message.slice(0, 60)}\n`
  )
}

const dir = new URL('../fixtures/realworld/', import.meta.url)
const realworld = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'))
  .join('\n---\n')
const big = Array(4).fill(realworld).join('\n---\n')
const check = median(() =>
  checkInputBounds(big, 'r.yaml', { maxDocuments: 1e9, maxAliases: 1e9 })
)
const parse = median(() =>
  parseManifests(big, 'r.yaml', { maxDocuments: 1e9, maxAliases: 1e9 })
)
process.stdout.write(
  `legitimate text: the real-world manifests x4 (${(big.length / 1e6).toFixed(1)} MB): pre-check ${check.toFixed(0)} ms of a ${parse.toFixed(0)} ms parse (${((100 * check) / parse).toFixed(0)}%)\n`
)
