import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const ALLOWED_CORE = new Set([
  'src/core/k8s/types.ts',
  'src/core/snapshot/types.ts'
])

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await tsFiles(p)))
    else if (e.name.endsWith('.ts')) out.push(p)
  }
  return out
}

describe('rehearsal cluster independence', () => {
  it('imports nothing from the planning engine; from src/core only the wire and snapshot types', async () => {
    const offenders: string[] = []
    for (const file of await tsFiles(join(root, 'src/rehearsal'))) {
      const text = await readFile(file, 'utf8')
      for (const m of text.matchAll(/from\s+'(\.[^']+)'/g)) {
        const target = relative(root, join(file, '..', m[1]!)).replace(
          /\.js$/,
          '.ts'
        )
        if (!target.startsWith('src/')) continue
        if (target.startsWith('src/rehearsal/')) continue
        const typeOnly = new RegExp(
          `import\\s+type\\s+[^;]*from\\s+'${m[1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`
        ).test(text)
        if (!(ALLOWED_CORE.has(target) && typeOnly))
          offenders.push(`${relative(root, file)} -> ${target}`)
      }
    }
    expect(offenders).toEqual([])
  })
})
