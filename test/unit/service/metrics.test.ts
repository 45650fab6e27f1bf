import { describe, expect, it } from 'vitest'
import {
  escapeLabelValue,
  formatPrometheus,
  ServiceMetrics
} from '../../../src/service/metrics.js'

const view = {
  ready: true,
  snapshotAgeSeconds: 12.5,
  nodes: 3,
  pods: 40,
  watchRestarts: [{ resource: 'pods', reason: 'expired', count: 2 }]
}

describe('Prometheus exposition', () => {
  it('escapes label values', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd')
  })

  it('renders counters by route and code, and cumulative histograms', () => {
    const m = new ServiceMetrics()
    m.recordRequest('plan', 200, 0.02)
    m.recordRequest('plan', 200, 0.3)
    m.recordRequest('plan', 401, 0.001)
    const text = formatPrometheus(m.families(view))
    expect(text).toContain(
      'ds_rollout_http_requests_total{route="plan",code="200"} 2'
    )
    expect(text).toContain(
      'ds_rollout_http_requests_total{route="plan",code="401"} 1'
    )
    expect(text).toContain(
      '# TYPE ds_rollout_http_request_duration_seconds histogram'
    )
    expect(text).toContain(
      'ds_rollout_http_request_duration_seconds_bucket{route="plan",le="0.005"} 1'
    )
    expect(text).toContain(
      'ds_rollout_http_request_duration_seconds_bucket{route="plan",le="0.025"} 2'
    )
    expect(text).toContain(
      'ds_rollout_http_request_duration_seconds_bucket{route="plan",le="0.5"} 3'
    )
    expect(text).toContain(
      'ds_rollout_http_request_duration_seconds_bucket{route="plan",le="+Inf"} 3'
    )
    expect(text).toContain(
      'ds_rollout_http_request_duration_seconds_count{route="plan"} 3'
    )
    expect(text).toMatch(
      /ds_rollout_http_request_duration_seconds_sum\{route="plan"\} 0\.32/
    )
  })

  it('reports plan sizes, watch restarts, snapshot age and readiness', () => {
    const m = new ServiceMetrics()
    m.recordPlan(3, 5000)
    const text = formatPrometheus(m.families(view))
    expect(text).toContain('ds_rollout_plan_daemonsets_bucket{le="2"} 0')
    expect(text).toContain('ds_rollout_plan_daemonsets_bucket{le="5"} 1')
    expect(text).toContain('ds_rollout_plan_response_bytes_sum 5000')
    expect(text).toContain(
      'ds_rollout_watch_restarts_total{resource="pods",reason="expired"} 2'
    )
    expect(text).toContain('ds_rollout_snapshot_age_seconds 12.5')
    expect(text).toContain('ds_rollout_view_ready 1')
    expect(text).toContain('ds_rollout_view_objects{resource="pods"} 40')
  })

  it('writes NaN for an unknown snapshot age and ends with a newline', () => {
    const text = formatPrometheus(
      new ServiceMetrics().families({ ...view, snapshotAgeSeconds: undefined })
    )
    expect(text).toContain('ds_rollout_snapshot_age_seconds NaN')
    expect(text.endsWith('\n')).toBe(true)
    // every sample line is `name{labels} value`
    for (const line of text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? (-?[0-9.e+]+|NaN|\+Inf)$/)
    }
  })
})
