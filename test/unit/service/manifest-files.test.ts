import { fileURLToPath } from 'node:url'
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { manifestFilesForService } from '../../../src/adapters/analysis/manifest-files.js'
import { parseManifests } from '../../../src/core/manifests/parse.js'

const realworld = fileURLToPath(
  new URL('../../fixtures/realworld/', import.meta.url)
)

describe('manifest files for the analysis service', () => {
  it('round-trips objects with their file and line', () => {
    const text = [
      '# header',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data:',
      '  mode: 0755',
      '  flag: yes',
      '  odd: "x\\u2028y\\u0085z\\u007f"',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}',
      ''
    ].join('\n')
    const objects = [
      ...parseManifests(text, 'dir/one.yaml'),
      ...parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n',
        'two.yaml'
      )
    ]
    const files = manifestFilesForService(objects)
    expect(files.map((f) => f.name)).toEqual(['dir/one.yaml', 'two.yaml'])
    const back = files.flatMap((f) => parseManifests(f.content, f.name))
    expect(back.map((o) => o.object)).toEqual(objects.map((o) => o.object))
    // Lines are kept, except a List's adjacent items, which move down.
    expect(back.map((o) => `${o.source.file}:${o.source.line}`)).toEqual([
      'dir/one.yaml:2',
      'dir/one.yaml:13',
      'dir/one.yaml:15',
      'two.yaml:1'
    ])
    expect(objects.map((o) => o.source.line)).toEqual([2, 13, 14, 1])
  })

  it('keeps every real-world manifest and its lines', () => {
    for (const name of readdirSync(realworld).filter((f) =>
      f.endsWith('.yaml')
    )) {
      const objects = parseManifests(
        readFileSync(realworld + name, 'utf8'),
        name
      )
      const back = manifestFilesForService(objects).flatMap((f) =>
        parseManifests(f.content, f.name)
      )
      expect(
        back.map((o) => o.object),
        name
      ).toEqual(objects.map((o) => o.object))
      expect(
        back.map((o) => o.source),
        name
      ).toEqual(objects.map((o) => o.source))
    }
  })
})
