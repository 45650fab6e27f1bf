import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await tsFiles(p)))
    else if (e.name.endsWith('.ts')) out.push(p)
  }
  return out
}

/** Every module specifier: `from '...'` (imports, type imports, re-exports), `import '...'`, `import('...')`. */
function specifiers(text: string): string[] {
  const out: string[] = []
  for (const re of [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g
  ])
    for (const m of text.matchAll(re)) out.push(m[1]!)
  return out
}

describe('rehearsal cluster independence', () => {
  it('imports nothing from the rest of src/ (not even types): the planning engine and the rehearsal controller share no code', async () => {
    const files = await tsFiles(join(root, 'src/rehearsal'))
    expect(files.length).toBeGreaterThan(20)
    const offenders: string[] = []
    let relativeImports = 0
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const spec of specifiers(text)) {
        if (!spec.startsWith('.') && !spec.startsWith('/')) {
          // Packages: node built-ins and the few libraries the API needs,
          // never one that reaches into this repository.
          if (!/^(node:|yaml$)/.test(spec)) offenders.push(`${file}: ${spec}`)
          continue
        }
        relativeImports += 1
        const target = relative(root, join(file, '..', spec))
        if (!target.startsWith('src/rehearsal/'))
          offenders.push(`${relative(root, file)} -> ${target}`)
      }
    }
    expect(relativeImports).toBeGreaterThan(20)
    expect(offenders).toEqual([])
  })
})
