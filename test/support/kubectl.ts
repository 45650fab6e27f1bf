import { existsSync } from 'node:fs'
import { describe, it } from 'vitest'

/** The real kubectl (v1.32 client) the end-to-end tests drive. */
export const KUBECTL = '/usr/bin/kubectl'

/**
 * Whether the tests that drive the real kubectl can run here. Where it is
 * missing they are skipped with a visible message on a developer machine,
 * but in CI (`CI=true`, as GitHub runners set it, or
 * DS_ROLLOUT_REQUIRE_KUBECTL=1) a missing kubectl registers a failing test
 * instead: those runners have kubectl, so its absence is a broken setup, not
 * a reason to pass with fewer checks.
 */
export function kubectlAvailable(
  suite: string,
  env: NodeJS.ProcessEnv = process.env,
  present: boolean = existsSync(KUBECTL)
): boolean {
  if (present) return true
  const required =
    env['CI'] === 'true' ||
    env['CI'] === '1' ||
    env['DS_ROLLOUT_REQUIRE_KUBECTL'] === '1'
  if (required) {
    describe(suite, () => {
      it(`needs ${KUBECTL}`, () => {
        throw new Error(
          `${KUBECTL} is missing: these tests run the real kubectl and CI machines must have it (install kubectl v1.32)`
        )
      })
    })
  } else {
    console.warn(`SKIPPED: ${suite}: ${KUBECTL} is not installed here`)
  }
  return false
}
