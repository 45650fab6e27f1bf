// bench-timeout: 400
/**
 * Hostile input against the analysis service: `node test/bench/service-hostile.ts`
 * (also run by `npm run bench`). For each input class of issue 10 the
 * service runs as its own process (`ds-rollout serve`, bundled first into a
 * temp dir by `npm run bundle`), a fresh one per class so that its peak RSS
 * (VmHWM) belongs to that class, with default limits and a recorded
 * 1,000-node snapshot, while a second client asks /readyz every 20 ms and a
 * third sends a normal plan. Printed: status, time to answer, the service's
 * peak RSS, and the worst /readyz and normal plan latency meanwhile.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import http from 'node:http'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

const root = new URL('../../', import.meta.url).pathname
const TOKEN = 'bench-token-0123456789abcdef'
/** Other clients: the bystander, and the four that never read. */
const OTHERS = [0, 1, 2, 3, 4, 5, 6, 7].map(
  (i) => `bench-other-${i}-0123456789abcdef`
)
const NODES = 1000
const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-bench-hostile-'))

const snapshotFile = join(dir, 'snapshot.json')
writeFileSync(
  snapshotFile,
  JSON.stringify({
    kind: 'DsRolloutSnapshot',
    version: 1,
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `node-${String(i).padStart(4, '0')}`,
      labels: {
        'kubernetes.io/hostname': `node-${i}`,
        'kubernetes.io/os': 'linux'
      },
      taints: [],
      unschedulable: false,
      conditions: [{ type: 'Ready', status: 'True' }],
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      requested: { cpu: '1', memory: '2Gi' },
      hostPorts: [],
      podCount: 10,
      daemonPods: []
    })),
    daemonSets: []
  })
)
// The service as it ships: `npm run bundle` into a temp dir.
const outdir = join(dir, 'dist')
execFileSync('npm', ['run', 'bundle', '--', `--outdir=${outdir}`], {
  cwd: root,
  stdio: 'ignore'
})

const tokensFile = join(dir, 'tokens')
writeFileSync(tokensFile, [TOKEN, ...OTHERS].join('\n') + '\n')

function daemonSets(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds-${i}, namespace: default}
spec:
  selector: {matchLabels: {app: ds-${i}}}
  template:
    metadata: {labels: {app: ds-${i}}}
    spec: {containers: [{name: c, image: "x:1"}]}
`
  ).join('---\n')
}
const normalHead = readFileSync(
  join(root, 'test/fixtures/service/agent-head.yaml'),
  'utf8'
)

interface Service {
  child: ChildProcess
  port: number
}

async function startService(extra: string[] = []): Promise<Service> {
  const child = spawn(
    process.execPath,
    [
      join(outdir, 'cli.js'),
      'serve',
      '--snapshot',
      snapshotFile,
      '--tokens',
      tokensFile,
      '--listen',
      '127.0.0.1:0',
      '--rate-limit',
      '1000',
      '--rate-burst',
      '1000',
      ...extra
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' }
    }
  )
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const deadline = Date.now() + 30_000
  for (;;) {
    const m = /"msg":"listening","url":"http:\/\/[^:]+:(\d+)"/.exec(stderr)
    if (m) return { child, port: Number(m[1]) }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`service did not start: ${stderr}`)
    await sleep(20)
  }
}

async function stopService(s: Service): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r))
  s.child.kill('SIGTERM')
  await Promise.race([exited, sleep(5000)])
  if (s.child.exitCode === null) s.child.kill('SIGKILL')
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function request(
  port: number,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  token = TOKEN
): Promise<{ status: number; bytes: number; text: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        agent: false,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined
            ? {}
            : {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(body)
              }),
          ...headers
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        let bytes = 0
        res.on('data', (c: Buffer) => {
          bytes += c.length
          if (bytes < 4096) chunks.push(c)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** /readyz every 20 ms and a normal plan every 200 ms until stopped; worst latencies. */
function bystanders(port: number): {
  stop: () => Promise<{ readyz: number; plan: number; planStatus: Set<number> }>
} {
  let on = true
  let readyz = 0
  let plan = 0
  const planStatus = new Set<number>()
  const body = JSON.stringify({ head: normalHead })
  const a = (async () => {
    while (on) {
      const r = await request(port, '/readyz')
      readyz = Math.max(readyz, r.ms)
      await sleep(20)
    }
  })()
  const b = (async () => {
    while (on) {
      const r = await request(port, '/v1/plan', body, {}, OTHERS[0])
      plan = Math.max(plan, r.ms)
      planStatus.add(r.status)
      await sleep(200)
    }
  })()
  return {
    stop: async () => {
      on = false
      await Promise.all([a, b])
      return { readyz, plan, planStatus }
    }
  }
}

interface Row {
  input: string
  answer: string
  ms: number
  peakMb: number
  readyzMs: number
  planMs: number
}
const rows: Row[] = []

async function scenario(
  input: string,
  run: (port: number) => Promise<{ answer: string; ms: number }>,
  extra: string[] = []
): Promise<void> {
  const s = await startService(extra)
  await request(s.port, '/v1/plan', JSON.stringify({ head: normalHead })) // warm
  const baseline = peakRssMb(s.child.pid!)
  const by = bystanders(s.port)
  await sleep(100)
  const { answer, ms } = await run(s.port)
  await sleep(100)
  const b = await by.stop()
  rows.push({
    input,
    answer: `${answer}${b.planStatus.size === 1 && b.planStatus.has(200) ? '' : ` (normal plans: ${[...b.planStatus].join('/')})`}`,
    ms,
    peakMb: peakRssMb(s.child.pid!),
    readyzMs: b.readyz,
    planMs: b.plan
  })
  console.error(`${input}: done (baseline peak ${baseline.toFixed(0)} MB)`)
  await stopService(s)
}

function errorCode(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? ''
  } catch {
    return ''
  }
}

async function post(
  port: number,
  head: string,
  token = TOKEN
): Promise<{ answer: string; ms: number }> {
  const r = await request(
    port,
    '/v1/plan',
    JSON.stringify({ head }),
    { 'Accept-Encoding': 'gzip' },
    token
  )
  return { answer: `${r.status} ${errorCode(r.text)}`.trim(), ms: r.ms }
}

await scenario('900 KB nested `[`', (port) => post(port, '['.repeat(900_000)))
await scenario('900 KB nested `[`, 3 in parallel', async (port) => {
  const started = performance.now()
  const all = await Promise.all(
    // Three clients (three tokens), so each reaches a worker.
    [TOKEN, OTHERS[5]!, OTHERS[6]!].map((token) =>
      post(port, '['.repeat(900_000), token)
    )
  )
  return {
    answer: all.map((a) => a.answer).join(', '),
    ms: performance.now() - started
  }
})
await scenario('200,000 empty documents', (port) =>
  post(port, '---\n'.repeat(200_000))
)
await scenario('800 DaemonSets, 1,000-node snapshot', (port) =>
  post(port, daemonSets(800))
)
await scenario('2,000 DaemonSets', (port) => post(port, daemonSets(2000)))
await scenario('200 DaemonSets (at the limit), 1,000 nodes', (port) =>
  post(port, daemonSets(200))
)
await scenario('recursive anchor', (port) =>
  post(port, 'metadata: &a {name: x, labels: *a}\n')
)

// Four clients that ask for a large answer (a 150-DaemonSet plan, ~50 MB
// uncompressed, inside the limits) and never read it.
{
  const s = await startService(['--send-timeout', '10'])
  const body = JSON.stringify({ head: daemonSets(150) })
  const by = bystanders(s.port)
  const started = performance.now()
  const statuses: number[] = []
  const requests = OTHERS.slice(1, 5).map((token) => {
    const req = http.request({
      host: '127.0.0.1',
      port: s.port,
      path: '/v1/plan',
      method: 'POST',
      agent: false,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body)
      }
    })
    req.on('response', (res) => {
      statuses.push(res.statusCode ?? 0)
      res.pause()
    })
    req.on('error', () => {})
    req.end(body)
    return req
  })
  let heldMb = 0
  while (performance.now() - started < 9000) {
    heldMb = Math.max(heldMb, rssMb(s.child.pid!))
    await sleep(250)
  }
  // Past every answer's send deadline (10 s from when its writing began).
  while (performance.now() - started < 30_000) await sleep(250)
  const afterMb = rssMb(s.child.pid!)
  const b = await by.stop()
  rows.push({
    input: '4 clients never reading a 150-DaemonSet plan (~50 MB each)',
    answer: `${statuses.join(', ')}; RSS at most ${heldMb.toFixed(0)} MB while held, ${afterMb.toFixed(0)} MB 30 s later (--send-timeout 10)`,
    ms: NaN,
    peakMb: peakRssMb(s.child.pid!),
    readyzMs: b.readyz,
    planMs: b.plan
  })
  for (const r of requests) r.destroy()
  await stopService(s)
}

const f = (x: number) =>
  Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1)
console.log(
  `service: ds-rollout serve (bundled), default limits, ${NODES}-node snapshot; one process per row; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`
)
console.log(
  '| input | answer | time to answer (ms) | service peak RSS (MB) | worst /readyz meanwhile (ms) | worst normal plan meanwhile (ms) |'
)
console.log('|---|---|---|---|---|---|')
for (const r of rows) {
  console.log(
    `| ${r.input} | ${r.answer} | ${f(r.ms)} | ${f(r.peakMb)} | ${f(r.readyzMs)} | ${f(r.planMs)} |`
  )
}
