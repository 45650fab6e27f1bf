/**
 * Estimate vs replay: each pod timeline fixture (test/fixtures/timelines,
 * sources in generate.ts) is a DaemonSet's previous rollout, as a snapshot
 * holds it, plus the next rollout as it happened. The plan estimates the
 * next rollout twice: from the documented defaults and the manifest
 * ("before calibration"), and calibrated on the snapshot's pods ("after").
 * The error is relative to the replayed duration (+ = estimate too long).
 * The fixtures' timings are their own (stop, pull, start and Ready ranges
 * per DaemonSet), not the estimator's defaults, nor the rehearsal
 * kubelet's.
 */
await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { replay, timelineFixtures, relativeError } =
  await import('../fixtures/timelines/replay.js')

function pct(x: number): string {
  const v = Math.round(x * 100)
  return `${v > 0 ? '+' : ''}${v}%`
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const rows: string[] = [
  '| timeline | replayed | defaults (before) | error | calibrated (after) | error |',
  '| --- | ---: | ---: | ---: | ---: | ---: |'
]
const before: number[] = []
const after: number[] = []
for (const f of timelineFixtures()) {
  const r = replay(f)
  const eb = relativeError(r.defaultsSeconds, r.actualSeconds)
  const ea = relativeError(r.calibratedSeconds, r.actualSeconds)
  before.push(eb)
  after.push(ea)
  rows.push(
    `| ${f.name} | ${r.actualSeconds.toFixed(0)} s | ${r.defaultsSeconds.toFixed(0)} s | ${pct(eb)} | ${r.calibratedSeconds.toFixed(0)} s | ${pct(ea)} |`
  )
}
const abs = (xs: number[]) => xs.map((x) => Math.abs(x))
rows.push(
  `| **median \\|error\\|** | | | ${pct(median(abs(before)))} | | ${pct(median(abs(after)))} |`,
  `| **worst \\|error\\|** | | | ${pct(Math.max(...abs(before)))} | | ${pct(Math.max(...abs(after)))} |`
)
process.stdout.write(rows.join('\n') + '\n')
