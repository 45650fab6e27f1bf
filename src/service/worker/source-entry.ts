/**
 * The plan worker when the service runs from its TypeScript sources (tests,
 * benchmarks): the sources import each other as `./x.js`, so this entry
 * first maps a missing `.js` to its `.ts` sibling in this thread, then loads
 * the worker. The bundle (dist/) ships plan-worker.js itself and never loads
 * this file.
 */
import { existsSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { fileURLToPath } from 'node:url'

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.endsWith('.js') &&
      (specifier.startsWith('.') || specifier.startsWith('/')) &&
      context.parentURL?.startsWith('file:') === true
    ) {
      const url = new URL(specifier, context.parentURL)
      if (!existsSync(fileURLToPath(url))) {
        const ts = new URL(url.href.replace(/\.js$/, '.ts'))
        if (existsSync(fileURLToPath(ts))) return nextResolve(ts.href, context)
      }
    }
    return nextResolve(specifier, context)
  }
})

const worker = (await import(
  new URL('./plan-worker.ts', import.meta.url).href
)) as { default: (task: unknown) => unknown }

export default worker.default
