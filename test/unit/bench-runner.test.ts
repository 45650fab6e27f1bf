import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { benchDirectives } from '../bench/run.js'

const bench = new URL('../bench/', import.meta.url).pathname

describe('npm run bench: per-script Node flags and time bound', () => {
  it('reads bench-flags and bench-timeout comment lines', () => {
    expect(
      benchDirectives(
        '// bench-flags: --expose-gc  --max-old-space-size=4096\n// bench-timeout: 300\nconst x = 1\n'
      )
    ).toEqual({
      flags: ['--expose-gc', '--max-old-space-size=4096'],
      timeoutSeconds: 300
    })
    expect(benchDirectives('const flags = "bench-flags: --nope"\n')).toEqual({
      flags: [],
      timeoutSeconds: 180
    })
  })

  it('gives service.ts --expose-gc (it measures the view heap after a GC)', () => {
    const flags = (file: string) =>
      benchDirectives(readFileSync(bench + file, 'utf8')).flags
    expect(flags('service.ts')).toContain('--expose-gc')
  })
})
