import { describe, expect, it } from 'vitest'
import { code, inert } from '../../src/core/render/inert.js'
import { injected, renderGfm } from '../support/markdown.js'

/** Text a pull request can put in a manifest, a file name or an API message. */
export const HOSTILE = [
  '@octocat please look',
  'fixes #123 and GH-7 and org/repo#9',
  '![p](https://attacker.example/p.png)',
  '[click](https://attacker.example)',
  'https://attacker.example/x and www.attacker.example',
  'mail me: someone@attacker.example',
  '<img src=x onerror=alert(1)>',
  '<a href="https://attacker.example">x</a>',
  '<details><summary>hi</summary>',
  '<!-- hide the rest',
  'a\r@octocat ![i](https://attacker.example/i.png)',
  'a\n\n# Heading\n@octocat',
  'a\u2028@octocat\u2029![i](https://attacker.example/i.png)',
  'a\u0085@octocat',
  'tick ` @octocat `` ![i](https://a.example/i.png) ```',
  '`',
  '``',
  'end with backslash \\',
  'pipe | @octocat | ![i](https://a.example/i.png)',
  'escaped pipe \\| @octocat \\| ![i](https://a.example/i.png)',
  '\\\\| ![i](https://a.example/i.png) \\\\|',
  '*bold* _em_ ~~strike~~ **[x](https://a.example)**',
  '[ref]: https://attacker.example\n[ref]',
  '&#64;octocat &commat;octocat &#x40;octocat',
  '> quote\n- item\n1. one',
  '    indented code then @octocat',
  '\u202eevil\u202c @octocat',
  '[x](<https://a.example>) <https://attacker.example>',
  '\u0000\u0007\u001b[31m@octocat',
  '- nested list @octocat',
  '1. ordered',
  '2) ordered',
  '+ plus',
  '# heading',
  '===',
  '---',
  '> quote',
  '$x^2$ and $$y$$',
  '[^1] footnote\n[^1]: https://attacker.example',
  'http://a.example/x?y=z#frag',
  'HTTPS://A.EXAMPLE',
  'ftp://a.example www.A.example',
  'xmpp:user@a.example mailto:user@a.example'
]

/** Where our renderers put such text. */
const CONTEXTS: Array<[string, (text: string) => string]> = [
  ['table cell', (t) => `| a | b |\n| --- | --- |\n| ${t} | z |`],
  ['list item', (t) => `- ${t} (x.yaml)`],
  ['line start', (t) => `${t} (x.yaml)`],
  ['heading', (t) => `### ${t} · modified`]
]

describe('code() and inert() keep hostile text inert under a real GFM renderer', () => {
  for (const [name, wrap] of CONTEXTS) {
    for (const [fn, escape] of [
      ['code', code],
      ['inert', inert]
    ] as const) {
      it.each(HOSTILE.map((h) => [JSON.stringify(h), h]))(
        `${fn}() in a ${name}: %s`,
        (_label, hostile) => {
          const html = renderGfm(wrap(escape(hostile)))
          const baseline = renderGfm(wrap(escape('harmless')))
          expect(injected(html, baseline)).toEqual({
            elements: [],
            mentions: []
          })
          // One row, one item, one heading: no line or cell was added.
          expect(html.split('\n').length).toBe(baseline.split('\n').length)
        }
      )
    }
  }

  it('keeps the text readable: a code span shows the value as written, on one line', () => {
    const html = renderGfm(`| a |\n| --- |\n| ${code('img:1 | x')} |`)
    expect(html).toContain('<code>img:1 | x</code>')
    expect(renderGfm(inert('node-1 is NotReady (disk > 90%)'))).toContain(
      'node-1 is NotReady (disk &gt; 90%)'
    )
  })

  it('hides secrets before escaping', () => {
    const html = renderGfm(code('https://user:hunter2@registry.example/x'))
    expect(html).not.toContain('hunter2')
    expect(html).toMatch(/redacted sha256:[0-9a-f]{8}/)
  })
})
