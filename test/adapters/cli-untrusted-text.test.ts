/**
 * Issue 11 through the CLI: `ds-rollout plan` on manifests and file names
 * that carry secrets, Markdown, HTML and mentions. The Markdown on stdout is
 * rendered with a real GFM renderer; the JSON and the Markdown hold no
 * secret.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { runCli } from '../../src/cli/main.js'
import { makeDaemonSet } from '../fixtures/daemonset.js'
import {
  elementNames,
  MENTION_OR_REF,
  renderGfm,
  textOutsideCode
} from '../support/markdown.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-rollout-cli-hostile-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: dir,
    env: {}
  })
  return { code, stdout, stderr }
}

function hostile(version: string, image: string): string {
  const ds = makeDaemonSet() as unknown as {
    spec: { template: { spec: { containers: Array<Record<string, unknown>> } } }
  }
  const c = ds.spec.template.spec.containers[0]!
  c['image'] = image
  c['args'] = ['--password', `cli-pw-${version}`]
  c['env'] = [
    { name: 'DSN', value: `mysql://root:cli-url-${version}@db:3306/x` },
    { name: 'CLIENT_SECRET', value: `cli-env-${version}` }
  ]
  return stringify(ds)
}

describe('ds-rollout plan on hostile input', () => {
  it('prints inert Markdown and JSON without the secrets', async () => {
    mkdirSync(join(dir, 'base'))
    mkdirSync(join(dir, 'head'))
    writeFileSync(join(dir, 'base/ds.yaml'), hostile('old', 'agent:1'))
    writeFileSync(
      join(dir, 'head', 'ds\r@octocat ![f](x.png) <b>.yaml'),
      hostile(
        'new',
        'agent:2\r@octocat ![i](https://attacker.example/i.png) <img src=x> | #1'
      )
    )
    const md = await cli('plan', '--base', 'base', '--head', 'head')
    expect(md.code).toBe(0)
    const html = renderGfm(md.stdout)
    // Only the elements our template makes; no mention from input text.
    const ours = new Set(
      'p code strong em h3 h4 table thead tbody tr th td ul li br details summary'.split(
        ' '
      )
    )
    expect(elementNames(html).filter((n) => !ours.has(n))).toEqual([])
    expect(textOutsideCode(html)).not.toMatch(MENTION_OR_REF)
    const json = await cli(
      'plan',
      '--base',
      'base',
      '--head',
      'head',
      '--format',
      'json'
    )
    for (const text of [md.stdout, json.stdout, md.stderr, json.stderr])
      for (const v of ['old', 'new'])
        for (const secret of [`cli-pw-${v}`, `cli-url-${v}`, `cli-env-${v}`])
          expect(text).not.toContain(secret)
    expect(json.stdout).toMatch(/\(redacted sha256:[0-9a-f]{8}\)/)
  })

  it('keeps secrets out of error messages on stderr', async () => {
    const { code, stderr } = await cli(
      'plan',
      '--render',
      'echo "login failed: password=cli-err-secret https://u:cli-url-err@r.example" >&2; exit 3'
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(/the render command exited with code 3/)
    expect(stderr).not.toContain('cli-err-secret')
    expect(stderr).not.toContain('cli-url-err')
    expect(stderr).toMatch(/\(redacted sha256:[0-9a-f]{8}\)/)
  })
})
