import * as core from '@actions/core'
import { errorMessage } from '../util/errors.js'

/** The Action's composition root: read inputs and context, run, publish. */
export async function run(): Promise<void> {
  try {
    core.info('ds-rollout: not implemented yet')
  } catch (err) {
    core.setFailed(errorMessage(err))
  }
}
