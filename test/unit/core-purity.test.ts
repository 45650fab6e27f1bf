import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// The core takes plain data and returns plain data (house style 2). This pins
// it: nothing under src/core may import I/O, the network, or any module of
// the rest of src/ (adapters, action, cli, deploy, rehearsal, service, ...):
// a relative import must resolve inside src/core, or to src/util (plain
// errors and constants, held to the same rules).
const FORBIDDEN = [
  /from ['"]node:(fs|fs\/promises|child_process|http|https|net|tls|process|os)['"]/,
  /from ['"](fs|child_process|http|https|net|tls|os)['"]/,
  /from ['"]@actions\//,
  /from ['"]@kubernetes\//,
  /\bprocess\.(env|exit|stdout|stderr|cwd)\b/
]

/** Folders (relative to src/) a core module may import from. */
const PURE_FOLDERS = ['core', 'util']

/** Every relative module specifier: `from '...'`, `import '...'`, `import('...')`. */
function relativeSpecifiers(text: string): string[] {
  const out: string[] = []
  for (const re of [
    /\bfrom\s+['"](\.[^'"]*)['"]/g,
    /\bimport\s+['"](\.[^'"]*)['"]/g,
    /\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g
  ])
    for (const m of text.matchAll(re)) out.push(m[1]!)
  return out
}

/** What a module at `file` (relative to src/) may not import, as messages. */
function offenses(file: string, text: string): string[] {
  const out: string[] = []
  for (const pattern of FORBIDDEN)
    if (pattern.test(text)) out.push(`${file} matches ${pattern}`)
  for (const spec of relativeSpecifiers(text)) {
    const target = join(dirname(file), spec)
    if (!PURE_FOLDERS.some((f) => target.startsWith(`${f}/`)))
      out.push(`${file} imports ${spec} (src/${target})`)
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

describe('src/core is pure', () => {
  const src = new URL('../../src', import.meta.url).pathname
  const files = PURE_FOLDERS.flatMap((f) => sourceFiles(join(src, f)))

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  it.each(files.map((f) => [relative(src, f), f]))(
    '%s imports no I/O and nothing outside the core',
    (name, file) => {
      expect(offenses(name, readFileSync(file, 'utf8'))).toEqual([])
    }
  )

  it('catches imports from the deploy engine, adapters and entry points, not core modules of the same name', () => {
    expect(
      offenses(
        'core/gate/evaluate.ts',
        "import { runApply } from '../../deploy/apply.js'"
      )
    ).toHaveLength(1)
    expect(
      offenses(
        'core/plan.ts',
        "import type { Settings } from '../deploy/settings.js'"
      )
    ).toHaveLength(1)
    expect(
      offenses('core/x/y.ts', "export { a } from '../../adapters/kube/a.js'")
    ).toHaveLength(1)
    expect(
      offenses('core/x/y.ts', "const m = await import('../../service/s.js')")
    ).toHaveLength(1)
    expect(
      offenses('core/x/y.ts', "import { readFile } from 'node:fs/promises'")
    ).toHaveLength(1)
    // src/core/deploy is part of the core.
    expect(
      offenses(
        'core/gate/evaluate.ts',
        "import { livePlanReport } from '../deploy/live-plan.js'"
      )
    ).toEqual([])
    expect(
      offenses(
        'core/manifests/parse.ts',
        "import { X } from '../../util/errors.js'"
      )
    ).toEqual([])
  })
})
