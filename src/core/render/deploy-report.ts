import type { DeployReport, DeployResult } from '../deploy/report.js'
import { code, inert } from './inert.js'

const HEADLINE: Record<DeployResult, string> = {
  'rolled-out': '✅ Rolled out',
  'rolled-back': '↩️ Failed and rolled back (rollback verified)',
  failed: '❌ Failed',
  'undo-failed': '🚨 Failed and the rollback did not complete'
}

const UNDO_HEADLINE: Record<DeployResult, string> = {
  'rolled-out': '✅ Rolled out',
  'rolled-back': '↩️ Rolled back (verified)',
  failed: '❌ Failed',
  'undo-failed': '🚨 The rollback did not complete'
}

const MAX_ROWS = 50

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`
  const m = Math.floor(seconds / 60)
  const s = Math.round(seconds % 60)
  return `${m}m ${String(s).padStart(2, '0')}s`
}

/** The deploy report as GitHub Markdown (job summary, sticky comment, CLI --report). */
export function renderDeployReport(report: DeployReport): string {
  const out: string[] = []
  const undo = report.mode === 'undo'
  out.push(
    `## ds-rollout ${undo ? 'undo' : 'apply'}: ${(undo ? UNDO_HEADLINE : HEADLINE)[report.result]}`
  )
  out.push('')
  out.push(inert(report.summary))
  out.push('')
  if (report.clusterState !== undefined && report.clusterState.length > 0) {
    out.push('**State the cluster is left in:**')
    out.push('')
    for (const line of report.clusterState) out.push(`- ${inert(line)}`)
    out.push('')
  }
  if (report.undoTarget !== undefined && report.undoTarget.length > 0) {
    out.push('**Undo target:**')
    out.push('')
    for (const line of report.undoTarget) out.push(`- ${inert(line.trim())}`)
    out.push('')
  }
  if (report.nextSteps !== undefined && report.nextSteps.length > 0) {
    out.push('**Next steps:**')
    out.push('')
    report.nextSteps.forEach((step, i) => out.push(`${i + 1}. ${inert(step)}`))
    out.push('')
  }
  if (report.daemonSets.length > 0) {
    out.push(
      '| DaemonSet | Revision before | Revision after | Gate | Undo | Rollback check |'
    )
    out.push('|---|---|---|---|---|---|')
    for (const ds of report.daemonSets) {
      out.push(
        `| ${code(`${ds.namespace}/${ds.name}`)} | ${ds.revisionBefore ?? '–'} | ${ds.revisionAfter ?? '–'} | ${cell(ds.gate)} | ${cell(ds.undo)} | ${cell(ds.verify)} |`
      )
    }
    out.push('')
  }
  const planned =
    report.plannedSeconds === undefined
      ? 'no estimate'
      : `planned ${duration(report.plannedSeconds)}${report.plannedFrom === 'live plan' ? ' by the live plan' : ''}`
  out.push(
    `**Duration:** ${duration(report.actualSeconds)} (${planned})${report.apiRequests === undefined ? '' : ` · ${report.apiRequests} API requests`}${report.cancelled === true ? ' · cancelled' : ''}`
  )
  out.push('')
  if (report.livePlan !== undefined && report.livePlan.length > 0) {
    out.push('**Plan against the live nodes (preflight):**')
    out.push('')
    for (const line of report.livePlan) out.push(`- ${inert(line)}`)
    out.push('')
  }
  if (report.failing.length > 0) {
    out.push(`### Failing pods (${report.failing.length})`)
    out.push('')
    out.push(
      '| Pod | Node | Container | Reason | Restarts | Last state / message |'
    )
    out.push('|---|---|---|---|---|---|')
    for (const p of report.failing.slice(0, MAX_ROWS)) {
      const detail = [p.message, p.lastState]
        .filter((x) => x !== undefined && x !== '')
        .join(' — ')
      out.push(
        `| ${code(p.pod)} | ${p.node === undefined ? '–' : code(p.node)} | ${p.container === undefined ? '–' : code(p.container)} | ${code(p.reason)} | ${p.restartCount ?? 0} | ${detail === '' ? '–' : code(detail)} |`
      )
    }
    if (report.failing.length > MAX_ROWS)
      out.push(`\n${report.failing.length - MAX_ROWS} more omitted.`)
    out.push('')
  }
  if (report.nodeProblems.length > 0) {
    out.push(
      `### Pods on NotReady nodes (attributed to the node, ${report.nodeProblems.length})`
    )
    out.push('')
    for (const p of report.nodeProblems.slice(0, MAX_ROWS)) {
      out.push(`- ${code(p.pod)} on ${code(p.node ?? '?')}: ${code(p.reason)}`)
    }
    out.push('')
  }
  if (report.warnings.length > 0) {
    out.push('### Warnings')
    out.push('')
    for (const w of report.warnings) out.push(`- ${inert(w)}`)
    out.push('')
  }
  if (report.timeline.length > 0) {
    out.push('<details><summary>Timeline</summary>')
    out.push('')
    out.push('| t | Phase | Event |')
    out.push('|---|---|---|')
    const rows = report.timeline.slice(0, 200)
    for (const t of rows) {
      out.push(`| +${t.at.toFixed(1)}s | ${t.phase} | ${inert(t.message)} |`)
    }
    if (report.timeline.length > rows.length)
      out.push(`\n${report.timeline.length - rows.length} more omitted.`)
    out.push('')
    out.push('</details>')
    out.push('')
  }
  return out.join('\n')
}

function cell(text: string | undefined): string {
  if (text === undefined || text === '') return '–'
  return inert(text)
}
