/**
 * The wave chart is parsed with Mermaid's own parser (the `mermaid` npm
 * package, as GitHub renders it), and the tasks Mermaid reads back must be
 * the waves of the plan: labels, starts and ends. Mermaid's gantt database
 * sanitises text with DOMPurify, which needs a DOM, so a jsdom window is
 * installed before mermaid is imported (mermaid's parse() and
 * getDiagramFromText() draw nothing).
 */
import { JSDOM } from 'jsdom'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DaemonSetPlan } from '../../src/core/plan/types.js'
import { renderSimulationMarkdown } from '../../src/core/render/simulation-markdown.js'

interface GanttTask {
  task: string
  id: string
  startTime: Date
  endTime: Date
}

let mermaid: {
  parse: (text: string) => Promise<unknown>
  mermaidAPI: {
    getDiagramFromText: (
      text: string
    ) => Promise<{ type: string; db: { getTasks: () => GanttTask[] } }>
  }
}

beforeAll(async () => {
  const dom = new JSDOM('')
  const g = globalThis as Record<string, unknown>
  g['window'] = dom.window
  g['document'] = dom.window.document
  mermaid = (await import('mermaid')).default as unknown as typeof mermaid
}, 30_000)

function chartOf(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)```/.exec(markdown)
  expect(m).not.toBeNull()
  return m![1]!
}

async function tasksOf(chart: string) {
  await mermaid.parse(chart)
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(chart)
  expect(diagram.type).toBe('gantt')
  return diagram.db.getTasks().map((t) => ({
    task: t.task.trim(),
    start: t.startTime.getTime() / 1000,
    end: t.endTime.getTime() / 1000
  }))
}

function planWithWaves(waves: number[]): DaemonSetPlan {
  let at = 0
  return {
    namespace: 'kube-system',
    name: 'kube-flannel-ds',
    file: 'k.yaml',
    line: 1,
    change: 'modified',
    rollout: {
      triggered: true,
      reason: 'x',
      strategy: 'RollingUpdate',
      desired: waves.reduce((s, n) => s + n, 0),
      maxUnavailable: 3,
      maxSurge: 0,
      waves: waves.map((nodes) => {
        const w = {
          count: 1,
          nodes,
          estimatedSeconds: 55,
          startsAtSeconds: at,
          nodesDown: nodes
        }
        at += 55
        return w
      }),
      estimatedSeconds: at
    },
    changes: [],
    findings: [],
    outcomes: [],
    // Also the schemaVersion 1 field, so the same plan renders with the
    // renderer of main before issue 15 (the test then shows its chart bugs).
    nodes: []
  }
}

describe('the Mermaid wave chart', () => {
  it('parses, and every wave starts where the one before ends (seconds)', async () => {
    const tasks = await tasksOf(
      chartOf(renderSimulationMarkdown(planWithWaves([3, 3, 2])))
    )
    expect(tasks).toEqual([
      { task: 'Wave 1, 3 nodes', start: 0, end: 55 },
      { task: 'Wave 2, 3 nodes', start: 55, end: 110 },
      { task: 'Wave 3, 2 nodes', start: 110, end: 165 }
    ])
  })

  it('a run of waves grouped in one bar reads "Waves 11–13, 9 nodes", not "Wave 11–13 - 3 3 waves nodes"', async () => {
    // 14 waves: 10 single rows, waves 11–13 grouped, wave 14 last.
    const md = renderSimulationMarkdown(planWithWaves(Array(14).fill(3)))
    const tasks = await tasksOf(chartOf(md))
    expect(tasks).toHaveLength(12)
    expect(tasks[10]).toEqual({
      task: 'Waves 11–13, 9 nodes',
      start: 550,
      end: 715
    })
    expect(tasks[11]).toEqual({
      task: 'Wave 14, 3 nodes',
      start: 715,
      end: 770
    })
    expect(md).not.toMatch(/waves nodes/)
  })

  it('reads run-length encoded waves (one run of 14) the same way', async () => {
    const ds = planWithWaves([3])
    ds.rollout.waves = [
      {
        count: 14,
        nodes: 3,
        estimatedSeconds: 55,
        startsAtSeconds: 0,
        nodesDown: 3
      }
    ]
    const tasks = await tasksOf(chartOf(renderSimulationMarkdown(ds)))
    expect(tasks).toHaveLength(12)
    expect(tasks[9]).toEqual({ task: 'Wave 10, 3 nodes', start: 495, end: 550 })
    expect(tasks[10]).toEqual({
      task: 'Waves 11–13, 9 nodes',
      start: 550,
      end: 715
    })
    expect(tasks[11]).toEqual({
      task: 'Wave 14, 3 nodes',
      start: 715,
      end: 770
    })
  })

  it('a DaemonSet name that is not Mermaid-safe cannot break the chart', async () => {
    const ds = planWithWaves([1])
    ds.name = 'evil: x; #y\n  click w1 call alert()'
    const tasks = await tasksOf(chartOf(renderSimulationMarkdown(ds)))
    expect(tasks).toEqual([{ task: 'Wave 1, 1 node', start: 0, end: 55 }])
  })
})
