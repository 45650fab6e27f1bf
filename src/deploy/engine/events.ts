import type { DeployReport } from '../../core/deploy/report.js'
import {
  progressLine,
  progressThrottle,
  STALL_SECONDS,
  type ProgressLineInput
} from '../../core/deploy/progress.js'
import type { Logger } from '../types.js'

/**
 * What the engine tells the world. The phases only emit; the report
 * builder and the progress printer subscribe (tracking apart from display,
 * as kubedog's trackers and feeds).
 */
export type DeployEvent =
  | { kind: 'timeline'; at: number; phase: string; message: string }
  | { kind: 'log'; level: 'info' | 'warning' | 'error'; message: string }
  | { kind: 'warning'; message: string }
  | {
      kind: 'progress'
      /** Epoch ms. */
      at: number
      /** waiting phase (observe/rollout/soak) or the verdict's status. */
      status: string
      waiting: boolean
      line: ProgressLineInput
      /** A new gate or wave: print the next line whatever it says. */
      fresh?: boolean
    }

export type Subscriber = (event: DeployEvent) => void

/** Fans events out to subscribers, in order. */
export function eventBus(subscribers: Subscriber[]): (e: DeployEvent) => void {
  return (event) => {
    for (const s of subscribers) s(event)
  }
}

/** The report builder: timeline entries and warnings. */
export function reportBuilder(report: DeployReport): Subscriber {
  return (event) => {
    if (event.kind === 'timeline')
      report.timeline.push({
        at: event.at,
        phase: event.phase,
        message: event.message
      })
    else if (event.kind === 'warning') report.warnings.push(event.message)
  }
}

/**
 * The printer: log lines, warnings, and progress lines on change (at most
 * one per 5 s), at once on a phase change, plus a heartbeat per minute.
 */
export function progressPrinter(log: Logger): Subscriber {
  const throttles = new Map<string, ReturnType<typeof progressThrottle>>()
  return (event) => {
    if (event.kind === 'log') log[event.level](event.message)
    else if (event.kind === 'warning') log.warning(event.message)
    else if (event.kind === 'progress') {
      const key = `${event.line.key} ${event.line.phase}`
      let throttle = throttles.get(key)
      if (throttle === undefined) {
        throttle = progressThrottle()
        throttles.set(key, throttle)
      }
      if (event.fresh === true) throttle.reset()
      const p = event.line.progress
      const signature = `${p.observed}/${p.desired}/${p.updated}/${p.available}/${p.unavailable}/${(event.line.blockers ?? []).join(';')}/${event.line.waveLabel ?? ''}/${(event.line.stalledSeconds ?? 0) >= STALL_SECONDS}`
      if (
        throttle.shouldPrint(event.at, event.status, event.waiting, signature)
      )
        log.info(progressLine(event.line))
    }
  }
}
