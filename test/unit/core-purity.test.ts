import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The core takes plain data and returns plain data (house style 2). This pins
// it: nothing under src/core may import I/O, the network, or the adapters.
const FORBIDDEN = [
  /from ['"]node:(fs|fs\/promises|child_process|http|https|net|tls|process|os)['"]/,
  /from ['"](fs|child_process|http|https|net|tls|os)['"]/,
  /from ['"]@actions\//,
  /from ['"]@kubernetes\//,
  /from ['"]\.\.\/(\.\.\/)*(adapters|action|cli|rehearsal|service)\//,
  /\bprocess\.(env|exit|stdout|stderr|cwd)\b/
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

describe('src/core is pure', () => {
  const root = new URL('../../src/core', import.meta.url).pathname
  const files = sourceFiles(root)

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  it.each(files.map((f) => [f.slice(root.length + 1), f]))(
    '%s imports no I/O',
    (_name, file) => {
      const text = readFileSync(file, 'utf8')
      for (const pattern of FORBIDDEN) {
        expect(text, `${file} matches ${pattern}`).not.toMatch(pattern)
      }
    }
  )
})
