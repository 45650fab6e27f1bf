/**
 * Plan time for a 200-DaemonSet manifest set: `node test/bench/diff.ts`.
 * Node 24 runs this file with type stripping (erasable syntax only). The
 * sources import each other as `.js` (NodeNext), which type stripping does
 * not rewrite, so _resolve-ts.ts registers a hook mapping a missing `.js` to
 * its `.ts` file; it must load before any source module, hence the dynamic
 * imports.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { stringify } from 'yaml'

// Registered before the sources load: the URL keeps tsc from resolving it.
await import(new URL('./_resolve-ts.ts', import.meta.url).href)
const { parseManifests } = await import('../../src/core/manifests/parse.js')
const { buildPlan } = await import('../../src/core/plan/build-plan.js')
const { renderPlanMarkdown } =
  await import('../../src/core/render/plan-markdown.js')
const { loadManifestSets } =
  await import('../../src/adapters/fs/load-manifest-sets.js')

const COUNT = 200
const RUNS = 15

function daemonSet(i: number, version: string): Record<string, unknown> {
  const name = `agent-${String(i).padStart(3, '0')}`
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace: `ns-${i % 10}`,
      labels: { app: name, team: 'platform' }
    },
    spec: {
      selector: { matchLabels: { app: name } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: i % 7 === 0 ? '10%' : 1 }
      },
      template: {
        metadata: {
          labels: { app: name },
          annotations: { 'prometheus.io/scrape': 'true' }
        },
        spec: {
          serviceAccountName: name,
          priorityClassName: 'system-node-critical',
          hostNetwork: i % 3 === 0,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { operator: 'Exists', effect: 'NoSchedule' },
            {
              key: 'dedicated',
              operator: 'Equal',
              value: 'gpu',
              effect: 'NoExecute',
              tolerationSeconds: 300
            }
          ],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      {
                        key: 'node.kubernetes.io/instance-type',
                        operator: 'NotIn',
                        values: ['t3.micro']
                      }
                    ]
                  }
                ]
              }
            }
          },
          initContainers: [
            {
              name: 'init',
              image: `registry.example.com/init:${version}`,
              command: ['sh', '-c', 'true']
            }
          ],
          containers: [
            {
              name: 'agent',
              image: `registry.example.com/${name}:${version}`,
              args: ['--log-level=info', `--port=${9000 + (i % 100)}`],
              env: Array.from({ length: 8 }, (_, j) => ({
                name: `VAR_${j}`,
                value: `value-${j}`
              })).concat([
                {
                  name: 'NODE_NAME',
                  valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } }
                } as never
              ]),
              ports: [{ name: 'metrics', containerPort: 9100 }],
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' }
              },
              readinessProbe: { httpGet: { path: '/ready', port: 'metrics' } },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'metrics' },
                initialDelaySeconds: 10
              },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/agent' },
                { name: 'varlog', mountPath: '/var/log', readOnly: true }
              ]
            },
            {
              name: 'sidecar',
              image: 'registry.example.com/sidecar:1.4.2',
              resources: { requests: { cpu: 0.05, memory: '32Mi' } }
            }
          ],
          volumes: [
            { name: 'config', configMap: { name: `${name}-config` } },
            { name: 'varlog', hostPath: { path: '/var/log' } }
          ]
        }
      }
    }
  }
}

function manifestText(version: (i: number) => string): string {
  return Array.from({ length: COUNT }, (_, i) =>
    stringify(daemonSet(i, version(i)))
  ).join('---\n')
}

// Head: every other DaemonSet gets a new image (a rollout); the rest are unchanged.
const baseText = manifestText(() => '1.0.0')
const headText = manifestText((i) => (i % 2 === 0 ? '1.1.0' : '1.0.0'))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

function time(fn: () => unknown): number {
  const start = performance.now()
  fn()
  return performance.now() - start
}

const parseTimes: number[] = []
const planTimes: number[] = []
const renderTimes: number[] = []
let plan = buildPlan({
  base: parseManifests(baseText, 'base.yaml'),
  head: parseManifests(headText, 'head.yaml')
})
for (let run = 0; run < RUNS; run++) {
  let base = parseManifests(baseText, 'base.yaml')
  let head = parseManifests(headText, 'head.yaml')
  parseTimes.push(
    time(() => {
      base = parseManifests(baseText, 'base.yaml')
      head = parseManifests(headText, 'head.yaml')
    })
  )
  planTimes.push(time(() => (plan = buildPlan({ base, head }))))
  renderTimes.push(
    time(() => {
      renderPlanMarkdown(plan)
      JSON.stringify(plan)
    })
  )
}

// End to end from disk: one file per DaemonSet in two directories.
const dir = mkdtempSync(join(tmpdir(), 'ds-rollout-bench-'))
const loadTimes: number[] = []
try {
  for (const side of ['base', 'head'] as const) {
    mkdirSync(join(dir, side))
    for (let i = 0; i < COUNT; i++)
      writeFileSync(
        join(dir, side, `ds-${String(i).padStart(3, '0')}.yaml`),
        stringify(
          daemonSet(i, side === 'head' && i % 2 === 0 ? '1.1.0' : '1.0.0')
        )
      )
  }
  for (let run = 0; run < 5; run++) {
    const start = performance.now()
    const sets = await loadManifestSets({
      head: ['head'],
      base: ['base'],
      cwd: dir
    })
    renderPlanMarkdown(buildPlan(sets))
    loadTimes.push(performance.now() - start)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`
console.log(
  `ds-rollout diff bench: ${COUNT} DaemonSets per side (${(baseText.length / 1024).toFixed(0)} KiB of YAML each), ${plan.summary.rollouts} will roll`
)
console.log(`  parse base+head        median ${fmt(median(parseTimes))}`)
console.log(`  diff + buildPlan       median ${fmt(median(planTimes))}`)
console.log(`  markdown + JSON        median ${fmt(median(renderTimes))}`)
console.log(
  `  end to end from ${COUNT * 2} files median ${fmt(median(loadTimes))}`
)
