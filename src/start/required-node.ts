/**
 * The start-up check against an older Node.js. This module is bundled into
 * the tiny entry files (dist/cli.js, dist/index.js) that load before the
 * program itself, so it is written in syntax that old runtimes parse (no
 * top-level await, no newer operators, no imports) and only type
 * annotations, which the bundler strips.
 */

/** The Node.js major version the program needs (package.json engines, action.yml `node24`). */
export const REQUIRED_NODE_MAJOR = 24

/** Where the program was started: the CLI (`ds-rollout`) or the GitHub Action. */
export type StartSurface = 'cli' | 'action'

/**
 * One line telling the user that their Node.js is too old, with the version
 * found, the version needed and how to get it; undefined when `version`
 * (as in `process.versions.node`) is new enough.
 */
export function nodeVersionProblem(
  version: string,
  surface: StartSurface
): string | undefined {
  const major = parseInt(String(version).split('.')[0] || '', 10)
  if (major >= REQUIRED_NODE_MAJOR) return undefined
  const found = 'Node.js ' + String(version)
  const needed = 'Node.js ' + REQUIRED_NODE_MAJOR + ' or newer'
  if (surface === 'action')
    return (
      'ds-rollout needs ' +
      needed +
      ' but runs on ' +
      found +
      '. action.yml declares `runs: using: node24`: use a runner that supports node24 (GitHub-hosted runners do; update a self-hosted runner); to run dist/index.js from a script step, set up Node 24 first with actions/setup-node (node-version: 24).'
    )
  return (
    'ds-rollout needs ' +
    needed +
    ' but was started with ' +
    found +
    '. In a clone of the repository, `npm ci` installs Node 24 into node_modules/.bin: run `npx ds-rollout ...` there (or `export PATH=$PWD/node_modules/.bin:$PATH` first); otherwise install Node 24 from https://nodejs.org.'
  )
}
