import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { describe, it } from 'vitest'

/**
 * The real kubectl the end-to-end tests drive: $KUBECTL if set, else
 * /usr/bin/kubectl (the v1.32 client on the development machines), else the
 * first `kubectl` on PATH (GitHub's Ubuntu runners have it in
 * /usr/local/bin).
 */
export function findKubectl(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync
): string | undefined {
  const candidates = [
    env['KUBECTL'],
    '/usr/bin/kubectl',
    ...(env['PATH'] ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, 'kubectl'))
  ]
  return candidates.find(
    (c): c is string => c !== undefined && c !== '' && exists(c)
  )
}

export const KUBECTL = findKubectl() ?? '/usr/bin/kubectl'

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
  present: boolean = findKubectl(env) !== undefined
): boolean {
  if (present) return true
  const required =
    env['CI'] === 'true' ||
    env['CI'] === '1' ||
    env['DS_ROLLOUT_REQUIRE_KUBECTL'] === '1'
  if (required) {
    describe(suite, () => {
      it('needs kubectl', () => {
        throw new Error(
          'kubectl is missing (not $KUBECTL, /usr/bin/kubectl or on PATH): these tests run the real kubectl and CI machines must have it (install kubectl v1.32)'
        )
      })
    })
  } else {
    console.warn(`SKIPPED: ${suite}: kubectl is not installed here`)
  }
  return false
}
