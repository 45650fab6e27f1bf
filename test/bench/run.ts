// `npm run bench`: runs every benchmark script in this folder, one after the
// other, each in its own Node process so that one's heap does not skew the
// next. A benchmark prints its own table; this only sequences them.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()

let failed = 0
for (const script of scripts) {
  process.stdout.write(`\n=== ${script} ===\n`)
  const result = spawnSync(process.execPath, [join(here, script)], {
    stdio: 'inherit'
  })
  if (result.status !== 0) failed += 1
}
process.exitCode = failed === 0 ? 0 : 1
