import type { SimClock } from './clock.js'
import { asArray, asObj, isObj, labelsOf, nameOf, type Obj } from './json.js'
import type { Nodes } from './nodes.js'
import type { Change, NodeFault, Scenario } from './scenario.js'
import { matchesLabelRequirements } from './selectors.js'

/**
 * The scenario's node changes and node faults, played on the simulated
 * clock from the moment the timeline is created.
 *
 * Invariants:
 * - each change is applied once, in `atSeconds` order, on the first pass
 *   at or after its time (a stable sort keeps the file's order for ties);
 * - a node fault makes its nodes NotReady once, on the first pass at or
 *   after `afterSeconds`, and Ready again once after `forSeconds` more
 *   (never when `forSeconds` is absent); the nodes are those matching at
 *   that pass, so a node added later is not caught by an earlier fault;
 * - a change naming a node that is gone is ignored, as a real one would
 *   fail without stopping the rehearsal.
 */
export class ScenarioTimeline {
  private readonly start: number
  private readonly pending: Change[]
  private readonly faults: (NodeFault & {
    applied?: boolean
    recovered?: boolean
  })[]

  constructor(
    scenario: Scenario,
    private readonly clock: SimClock,
    private readonly nodes: Nodes
  ) {
    this.start = clock.now()
    this.pending = [...scenario.changes].sort(
      (a, b) => a.atSeconds - b.atSeconds
    )
    this.faults = scenario.nodeFaults.map((f) => ({ ...f }))
  }

  /** Applies every change and fault transition that is due. */
  pass(): void {
    const elapsed = (this.clock.now() - this.start) / 1000
    while (this.pending.length > 0 && this.pending[0]!.atSeconds <= elapsed)
      this.apply(this.pending.shift()!)
    for (const f of this.faults) {
      if (!f.applied && elapsed >= f.afterSeconds) {
        f.applied = true
        this.setReadyWhere(f, false)
      }
      if (
        f.applied &&
        !f.recovered &&
        f.forSeconds !== undefined &&
        elapsed >= f.afterSeconds + f.forSeconds
      ) {
        f.recovered = true
        this.setReadyWhere(f, true)
      }
    }
  }

  private setReadyWhere(f: NodeFault, ready: boolean): void {
    for (const n of this.nodes.all())
      if (
        (f.node === undefined || nameOf(n) === f.node) &&
        (f.nodes === undefined ||
          matchesLabelRequirements(f.nodes, labelsOf(n)))
      )
        this.nodes.setReady(nameOf(n), ready)
  }

  private apply(c: Change): void {
    try {
      if (c.kind === 'addNode') this.nodes.add(c.node)
      else if (c.kind === 'removeNode') this.nodes.remove(c.name)
      else if (c.kind === 'ready') this.nodes.setReady(c.name, c.ready)
      else if (c.kind === 'taint')
        // Replaces a taint of the same key and effect.
        this.nodes.setTaints(c.name, [
          ...this.taintsOf(c.name).filter(
            (t) =>
              !(
                t['key'] === c.taint['key'] && t['effect'] === c.taint['effect']
              )
          ),
          c.taint
        ])
      else if (c.kind === 'untaint')
        // Removes every taint of the key, whatever its effect.
        this.nodes.setTaints(
          c.name,
          this.taintsOf(c.name).filter((t) => t['key'] !== c.key)
        )
    } catch {
      // a change naming a node that is gone is ignored
    }
  }

  private taintsOf(name: string): Obj[] {
    const node = this.nodes.get(name)
    return asArray(asObj(node?.['spec'])['taints']).filter(isObj)
  }
}
