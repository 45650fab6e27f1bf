/**
 * The Action's entry (dist/index.js, action.yml `main`). It loads on old
 * Node.js too: it checks the version first and only then imports the
 * program (dist/index-main.js), whose modules need Node 24 to link. On an
 * older runtime the step fails with one error annotation.
 */
import { nodeVersionProblem } from './required-node.js'

const problem = nodeVersionProblem(process.versions.node, 'action')
if (problem !== undefined) {
  process.stdout.write('::error::' + problem + '\n')
  process.exit(2)
}
const program = './index-main.js'
import(program).catch(function (err: unknown) {
  process.stdout.write('::error::' + String(err) + '\n')
  process.exit(1)
})
