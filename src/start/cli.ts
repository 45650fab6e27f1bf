#!/usr/bin/env node
/**
 * The `ds-rollout` command's entry (dist/cli.js). It loads on old Node.js
 * too: it checks the version first and only then imports the program
 * (dist/cli-main.js), whose modules need Node 24 to link. The specifier is
 * not a literal, so the bundler leaves the import to run time.
 */
import { nodeVersionProblem } from './required-node.js'

const problem = nodeVersionProblem(process.versions.node, 'cli')
if (problem !== undefined) {
  process.stderr.write(problem + '\n')
  process.exit(2)
}
const program = './cli-main.js'
import(program).catch(function (err: unknown) {
  process.stderr.write('ds-rollout: ' + String(err) + '\n')
  process.exit(1)
})
