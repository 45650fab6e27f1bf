/**
 * The rehearsal cluster: a local, stateful Kubernetes API simulator that
 * client-node and kubectl talk to unchanged (docs/rehearsal.md).
 */
import {
  startCluster,
  type RehearsalCluster,
  type RehearsalOptions
} from './cluster.js'

export type {
  ClusterObjects,
  RehearsalCluster,
  RehearsalOptions
} from './cluster.js'
export { parseScenario, ScenarioError } from './scenario.js'
export { SeedError } from './seed.js'

export async function startRehearsalCluster(
  options: RehearsalOptions
): Promise<RehearsalCluster> {
  return startCluster(options)
}
