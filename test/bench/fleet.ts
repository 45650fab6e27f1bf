// Fleet scale, end to end, as a user runs it: `ds-rollout plan` (the
// bundle, `npm run bundle` into a temporary directory) planning the 20
// changed DaemonSets of _fleet.ts, each run a fresh `node` process, next to
// a bare `JSON.parse(readFileSync(file))` of the same snapshot file in the
// same run. Wall time, CPU time (user + system: the machine is shared, so
// CPU is the steadier figure) and peak RSS of each process.
//
//   node test/bench/fleet.ts [runs]        (default 3 rounds, median)
//
// Rows and targets (issue 12):
// - `kubectl get nodes -o json` of 65,000 nodes: JSON plan <= 1.5x the
//   parse (and <= 10 MB), Markdown <= 1.3x, peak RSS <= 2.5x the file;
// - the compact snapshot (`ds-rollout snapshot`, version 2) of the same
//   fleet with its daemon pods: <= 300 bytes a node; 5,000 nodes <= 1 s in
//   either format; 65,000 nodes plan 20 DaemonSets in <= 2 s.
// bench-timeout: 1200
import { execFileSync, spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { daemonSets, kubectlNodeList, syntheticSnapshot } =
  await import('./_fleet.ts')
const { loadSnapshot } = await import('../../src/core/snapshot/load.js')
const { compactSnapshotText } =
  await import('../../src/core/snapshot/compact-file.js')

const ROOT = new URL('../../', import.meta.url).pathname
const RUNS = Number(process.argv[2] ?? 3)
const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-fleet-'))

interface Usage {
  wall: number
  cpu: number
  rssMb: number
  outBytes: number
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)]!
}

// Each child reports its own CPU time and peak RSS as it exits.
const usageHook = join(dir, 'usage.mjs')
writeFileSync(
  usageHook,
  "import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(process.env.DS_BENCH_USAGE, JSON.stringify(process.resourceUsage())))\n"
)

/** One fresh process: its wall and CPU time, peak RSS and output size. */
function runOnce(args: string[]): Usage {
  const usageFile = join(dir, 'usage.json')
  const out = join(dir, 'out')
  const t0 = process.hrtime.bigint()
  const child = spawnSync(process.execPath, ['--import', usageHook, ...args], {
    cwd: dir,
    env: { ...process.env, DS_BENCH_USAGE: usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8'
  })
  const wall = Number(process.hrtime.bigint() - t0) / 1e6
  if (child.status !== 0)
    throw new Error(`${args.join(' ')}: exit ${child.status}: ${child.stderr}`)
  const u = JSON.parse(readFileSync(usageFile, 'utf8')) as {
    userCPUTime: number
    systemCPUTime: number
    maxRSS: number
  }
  let outBytes = 0
  try {
    outBytes = statSync(out).size
    rmSync(out)
  } catch {
    outBytes = 0
  }
  return {
    wall,
    cpu: (u.userCPUTime + u.systemCPUTime) / 1000,
    rssMb: u.maxRSS / 1024,
    outBytes
  }
}

/**
 * The rows of one snapshot file (the bare parse and the plans), RUNS rounds
 * of one run each in turn: a machine that speeds up or slows down during
 * the bench moves every row alike, so the ratios to the parse hold.
 */
function measureTogether(argsList: string[][]): Usage[] {
  const runs: Usage[][] = argsList.map(() => [])
  for (let r = 0; r < RUNS; r += 1)
    argsList.forEach((args, i) => runs[i]!.push(runOnce(args)))
  return runs.map((list) => ({
    wall: median(list.map((u) => u.wall)),
    cpu: median(list.map((u) => u.cpu)),
    rssMb: Math.max(...list.map((u) => u.rssMb)),
    outBytes: list[0]!.outBytes
  }))
}

const rows: string[][] = []
const ms = (v: number) => `${v.toFixed(0)} ms`
function row(
  name: string,
  u: Usage,
  parse: Usage | undefined,
  file: number,
  target: string
) {
  rows.push([
    name,
    ms(u.wall),
    ms(u.cpu),
    parse === undefined ? '' : `${(u.wall / parse.wall).toFixed(2)}x`,
    parse === undefined ? '' : `${(u.cpu / parse.cpu).toFixed(2)}x`,
    `${u.rssMb.toFixed(0)} MB (${((u.rssMb * 1024 * 1024) / file).toFixed(2)}x)`,
    u.outBytes === 0 ? '' : `${(u.outBytes / 1e6).toFixed(2)} MB`,
    target
  ])
}

try {
  execFileSync('npm', ['run', 'bundle', '--', `--outdir=${dir}/dist`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const cli = join(dir, 'dist', 'cli.js')
  mkdirSync(join(dir, 'base'))
  mkdirSync(join(dir, 'head'))
  daemonSets().forEach(({ base, head }, i) => {
    writeFileSync(join(dir, 'base', `ds-${i}.json`), JSON.stringify(base))
    writeFileSync(join(dir, 'head', `ds-${i}.json`), JSON.stringify(head))
  })
  const plan = (snapshot: string, format: string) => [
    cli,
    'plan',
    '--base',
    'base',
    '--head',
    'head',
    '--snapshot',
    snapshot,
    '--format',
    format,
    '--output',
    'out'
  ]
  const parseOf = (file: string) => [
    '-e',
    `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`
  ]

  // 1. kubectl get nodes -o json, 65,000 nodes (kubectl indents; one space
  // here keeps the file near the 210-250 MB of real exports).
  const nodes = join(dir, 'nodes-65000.json')
  writeFileSync(nodes, JSON.stringify(kubectlNodeList(65000, 65000), null, 1))
  const nodesBytes = statSync(nodes).size
  const [parse, kubectlJson, kubectlMarkdown] = measureTogether([
    parseOf(nodes),
    plan(nodes, 'json'),
    plan(nodes, 'markdown')
  ]) as [Usage, Usage, Usage]
  row('kubectl 65k: JSON.parse', parse, parse, nodesBytes, '')
  row(
    'kubectl 65k: plan --format json',
    kubectlJson,
    parse,
    nodesBytes,
    '<= 1.5x, <= 10 MB, RSS <= 2.5x'
  )
  row(
    'kubectl 65k: plan --format markdown',
    kubectlMarkdown,
    parse,
    nodesBytes,
    '<= 1.3x, RSS <= 2.5x'
  )
  rmSync(nodes)

  // 2. The compact snapshot (version 2) of the fleet with its daemon pods.
  const perNode: string[] = []
  for (const size of [5000, 65000]) {
    const file = join(dir, `compact-${size}.json`)
    writeFileSync(
      file,
      compactSnapshotText(loadSnapshot(syntheticSnapshot(size, size), 'gen'))
    )
    const bytes = statSync(file).size
    perNode.push(`${size} nodes: ${(bytes / size).toFixed(0)} bytes/node`)
    const [p, json, markdown] = measureTogether([
      parseOf(file),
      plan(file, 'json'),
      plan(file, 'markdown')
    ]) as [Usage, Usage, Usage]
    row(`compact ${size}: JSON.parse`, p, p, bytes, '')
    row(
      `compact ${size}: plan --format json`,
      json,
      p,
      bytes,
      size === 5000 ? '<= 1000 ms' : '<= 2000 ms'
    )
    row(
      `compact ${size}: plan --format markdown`,
      markdown,
      p,
      bytes,
      size === 5000 ? '<= 1000 ms' : '<= 2000 ms'
    )
    rmSync(file)
  }

  const header = [
    'row',
    'wall',
    'cpu',
    'wall/parse',
    'cpu/parse',
    'peak RSS (x file)',
    'output',
    'target'
  ]
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i]!.length))
  )
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
  process.stdout.write(
    [
      `fleet: 20 changed DaemonSets, median of ${RUNS} rounds (the rows of a file run in turn), each run a fresh node process (Node ${process.versions.node})`,
      `kubectl file: ${(nodesBytes / 1e6).toFixed(0)} MB; compact snapshot (target <= 300 bytes/node): ${perNode.join(', ')}`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      ''
    ].join('\n')
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
