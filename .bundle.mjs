// `npm run bundle [-- --outdir=<dir>] [--metafile=<file>] [extra entries...]`
//
// Builds the Action and the CLI with esbuild: ESM for Node 24, code
// splitting, so each entry loads at start only what it needs and every CLI
// command and Action mode is a chunk loaded on demand (lazy import()).
//
// Layout: the entries below (`in` → <outdir>/<out>.js): <outdir>/index.js
// (action.yml `main`) and <outdir>/cli.js (package.json `bin`) are the
// start-up checks, which import index-main.js / cli-main.js; shared and
// lazily loaded code goes to chunk files `<name>-<HASH>.js` flat in
// <outdir>, next to the entries. A new entry is one more line in ENTRIES.
// Chunks of an earlier build that this build did not write are removed, so
// a rebuilt dist/ holds exactly what the sources produce.
import { build } from 'esbuild'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const ENTRIES = [
  // The start-up checks: tiny files that load on an old Node too, say which
  // Node is needed, then import the program (action.yml `main`, package.json `bin`).
  { in: 'src/start/action.ts', out: 'index' },
  { in: 'src/start/cli.ts', out: 'cli' },
  // The programs they import once the Node version is right.
  { in: 'src/index.ts', out: 'index-main' },
  { in: 'src/cli.ts', out: 'cli-main' },
  // The service's plan worker and Tinypool's worker wrapper, which Tinypool
  // finds next to the code that starts the pool.
  { in: 'src/service/worker/plan-worker.ts', out: 'plan-worker' },
  { in: 'node_modules/tinypool/dist/entry/worker.js', out: 'entry/worker' }
]
const CHUNK = /-[A-Z0-9]{8}\.js$/

// client-node's modules only declare classes and functions, but its
// package.json does not say so: without this, importing KubeConfig drags in
// every generated API class (most of the bundle) although we call none.
const clientNodeHasNoSideEffects = {
  name: 'client-node-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /./ }, async (args) => {
      if (args.pluginData === 'inner') return undefined
      if (
        !/client-node[\\/]dist[\\/]/.test(args.importer) &&
        !args.path.startsWith('@kubernetes/client-node')
      )
        return undefined
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'inner'
      })
      if (r.errors.length > 0 || !/client-node[\\/]dist[\\/]/.test(r.path))
        return undefined
      return { ...r, sideEffects: false }
    })
  }
}

let outdir = 'dist'
let metafile
const extra = []
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--outdir=')) outdir = arg.slice('--outdir='.length)
  else if (arg.startsWith('--metafile=')) metafile = arg.slice(11)
  else if (!arg.startsWith('-')) extra.push(arg)
  else {
    process.stderr.write(`bundle: unknown option ${arg}\n`)
    process.exit(2)
  }
}

const result = await build({
  entryPoints: [...ENTRIES, ...extra],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outdir,
  chunkNames: '[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [clientNodeHasNoSideEffects],
  banner: {
    js: "import { createRequire as __dsCreateRequire } from 'node:module'; const require = __dsCreateRequire(import.meta.url);"
  }
})

const written = new Set(
  Object.keys(result.metafile.outputs).map((f) => resolve(f))
)
for (const file of readdirSync(outdir, { recursive: true })) {
  const path = resolve(outdir, String(file))
  if (CHUNK.test(path) && !written.has(path)) rmSync(path)
}
if (metafile !== undefined)
  writeFileSync(metafile, JSON.stringify(result.metafile))
