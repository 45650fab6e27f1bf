import { existsSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * The sources import each other as `./x.js` (NodeNext style) while the files
 * on disk are `x.ts`. Node's type stripping runs .ts files but does not
 * rewrite specifiers, so this hook maps a missing `.js` to its `.ts`
 * sibling. Import this module before importing anything from src/.
 */
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.endsWith('.js') &&
      (specifier.startsWith('.') || specifier.startsWith('/')) &&
      context.parentURL?.startsWith('file:')
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
