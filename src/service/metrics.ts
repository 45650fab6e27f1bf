/**
 * Service metrics and their Prometheus text exposition (format 0.0.4).
 * Counters and histograms are plain in-memory data; gauges that describe
 * the cluster view are read when scraped. Label values are escaped as the
 * format requires; label sets are bounded by the callers (route names are a
 * fixed list, status codes a small set).
 */

export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
] as const
export const PLAN_DAEMONSETS_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100] as const
export const PLAN_BYTES_BUCKETS = [
  1_000, 10_000, 100_000, 1_000_000, 10_000_000
] as const

export type Labels = Record<string, string>

export interface Sample {
  labels: Labels
  value: number
}

export interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  samples?: Sample[]
  histograms?: HistogramData[]
}

export interface HistogramData {
  labels: Labels
  buckets: readonly number[]
  /** counts[i] = observations <= buckets[i] (not cumulative here). */
  counts: number[]
  sum: number
  count: number
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

function formatLabels(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels)
  if (extra !== undefined) pairs.push(extra)
  if (pairs.length === 0) return ''
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

/** Renders metric families in the Prometheus text format. */
export function formatPrometheus(families: readonly MetricFamily[]): string {
  const out: string[] = []
  for (const family of families) {
    out.push(`# HELP ${family.name} ${family.help.replace(/\n/g, ' ')}`)
    out.push(`# TYPE ${family.name} ${family.type}`)
    for (const s of family.samples ?? []) {
      out.push(
        `${family.name}${formatLabels(s.labels)} ${formatNumber(s.value)}`
      )
    }
    for (const h of family.histograms ?? []) {
      let cumulative = 0
      h.buckets.forEach((le, i) => {
        cumulative += h.counts[i] ?? 0
        out.push(
          `${family.name}_bucket${formatLabels(h.labels, ['le', formatNumber(le)])} ${cumulative}`
        )
      })
      out.push(
        `${family.name}_bucket${formatLabels(h.labels, ['le', '+Inf'])} ${h.count}`
      )
      out.push(
        `${family.name}_sum${formatLabels(h.labels)} ${formatNumber(h.sum)}`
      )
      out.push(`${family.name}_count${formatLabels(h.labels)} ${h.count}`)
    }
  }
  return out.join('\n') + '\n'
}

function newHistogram(
  labels: Labels,
  buckets: readonly number[]
): HistogramData {
  return { labels, buckets, counts: buckets.map(() => 0), sum: 0, count: 0 }
}

function observe(h: HistogramData, value: number): void {
  const i = h.buckets.findIndex((le) => value <= le)
  if (i !== -1) h.counts[i] = (h.counts[i] ?? 0) + 1
  h.sum += value
  h.count += 1
}

/** What the cluster view reports at scrape time. */
export interface ViewGauges {
  ready: boolean
  snapshotAgeSeconds: number | undefined
  nodes: number
  pods: number
  watchRestarts: { resource: string; reason: string; count: number }[]
}

/** What the worker pool reports at scrape time. */
export interface PoolGauges {
  refused: number
  timedOut: number
  outOfMemory: number
  cancelled: number
  queued: number
  /** Requests running in a worker or waiting for one. */
  inFlight: number
  /** Requests waiting for a worker. */
  waiting: number
}

const NO_POOL: PoolGauges = {
  refused: 0,
  timedOut: 0,
  outOfMemory: 0,
  cancelled: 0,
  queued: 0,
  inFlight: 0,
  waiting: 0
}

/** The service's own counters and histograms. */
export class ServiceMetrics {
  private readonly requests = new Map<string, Sample>()
  private readonly latency = new Map<string, HistogramData>()
  private readonly planDaemonSets = newHistogram({}, PLAN_DAEMONSETS_BUCKETS)
  private readonly planBytes = newHistogram({}, PLAN_BYTES_BUCKETS)
  private readonly rejected = new Map<string, Sample>()

  recordRequest(route: string, status: number, seconds: number): void {
    const key = `${route}\u0000${status}`
    const sample = this.requests.get(key) ?? {
      labels: { route, code: String(status) },
      value: 0
    }
    sample.value += 1
    this.requests.set(key, sample)
    const h =
      this.latency.get(route) ?? newHistogram({ route }, LATENCY_BUCKETS)
    observe(h, seconds)
    this.latency.set(route, h)
  }

  recordPlan(daemonSets: number, bytes: number): void {
    observe(this.planDaemonSets, daemonSets)
    observe(this.planBytes, bytes)
  }

  /** Counts a refused request by reason (auth, rate-limit, too-large, ...). */
  recordRejection(reason: string): void {
    const sample = this.rejected.get(reason) ?? { labels: { reason }, value: 0 }
    sample.value += 1
    this.rejected.set(reason, sample)
  }

  families(view: ViewGauges, pool: PoolGauges = NO_POOL): MetricFamily[] {
    return [
      {
        name: 'ds_rollout_http_requests_total',
        help: 'HTTP requests by route and status code.',
        type: 'counter',
        samples: [...this.requests.values()]
      },
      {
        name: 'ds_rollout_http_request_duration_seconds',
        help: 'HTTP request latency by route.',
        type: 'histogram',
        histograms: [...this.latency.values()]
      },
      {
        name: 'ds_rollout_http_rejected_total',
        help: 'Requests refused before reaching a handler, by reason.',
        type: 'counter',
        samples: [...this.rejected.values()]
      },
      {
        name: 'ds_rollout_worker_requests_total',
        help: 'Plan and snapshot requests by what happened to them in the worker pool: queued (waited for a worker), refused (queue full, 503), timed-out (time limit), out-of-memory (worker heap cap), cancelled (client went away).',
        type: 'counter',
        samples: [
          { labels: { outcome: 'queued' }, value: pool.queued },
          { labels: { outcome: 'refused' }, value: pool.refused },
          { labels: { outcome: 'timed-out' }, value: pool.timedOut },
          { labels: { outcome: 'out-of-memory' }, value: pool.outOfMemory },
          { labels: { outcome: 'cancelled' }, value: pool.cancelled }
        ]
      },
      {
        name: 'ds_rollout_worker_requests_in_flight',
        help: 'Plan and snapshot requests running in a worker or waiting for one.',
        type: 'gauge',
        samples: [{ labels: {}, value: pool.inFlight }]
      },
      {
        name: 'ds_rollout_worker_queue_length',
        help: 'Plan and snapshot requests waiting for a worker.',
        type: 'gauge',
        samples: [{ labels: {}, value: pool.waiting }]
      },
      {
        name: 'ds_rollout_plan_daemonsets',
        help: 'DaemonSets per computed plan.',
        type: 'histogram',
        histograms: [this.planDaemonSets]
      },
      {
        name: 'ds_rollout_plan_response_bytes',
        help: 'Size of plan responses in bytes.',
        type: 'histogram',
        histograms: [this.planBytes]
      },
      {
        name: 'ds_rollout_watch_restarts_total',
        help: 'Watch restarts of the cluster view by resource and reason (closed, error, expired).',
        type: 'counter',
        samples: view.watchRestarts.map((r) => ({
          labels: { resource: r.resource, reason: r.reason },
          value: r.count
        }))
      },
      {
        name: 'ds_rollout_snapshot_age_seconds',
        help: 'How stale the served snapshot may be: seconds since the view was last known current (NaN before the first list).',
        type: 'gauge',
        samples: [{ labels: {}, value: view.snapshotAgeSeconds ?? NaN }]
      },
      {
        name: 'ds_rollout_view_ready',
        help: '1 once the first full list of every resource is in.',
        type: 'gauge',
        samples: [{ labels: {}, value: view.ready ? 1 : 0 }]
      },
      {
        name: 'ds_rollout_view_objects',
        help: 'Objects held by the cluster view.',
        type: 'gauge',
        samples: [
          { labels: { resource: 'nodes' }, value: view.nodes },
          { labels: { resource: 'pods' }, value: view.pods }
        ]
      }
    ]
  }
}
