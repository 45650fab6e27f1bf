import { describe, expect, it } from 'vitest'
import { renderDeployComment } from '../../src/core/render/deploy-comment.js'

describe('renderDeployComment', () => {
  it('puts the deploy marker first and names the commit and the run', () => {
    const body = renderDeployComment('## ds-rollout apply: ✅ Rolled out\n', {
      key: 'deploy:prod-eu',
      sha: '0123456789abcdef0123',
      runUrl: 'https://github.com/acme/infra/actions/runs/1'
    })
    const lines = body.split('\n')
    expect(lines[0]).toBe('<!-- ds-rollout:deploy:prod-eu -->')
    expect(lines[1]).toBe('## ds-rollout apply: ✅ Rolled out')
    expect(lines.at(-1)).toBe(
      '<sub>ds-rollout deploy for `0123456789ab` · [workflow run and job summary](https://github.com/acme/infra/actions/runs/1) · updated in place on every deploy</sub>'
    )
  })

  it('cuts a long report at a line boundary within the limit, keeping the marker and closing <details>', () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `| +${i}.0s | gate | pod agent-${i} not ready |`
    )
    const report = [
      '## ds-rollout apply: ❌ Failed',
      '',
      '<details><summary>Timeline</summary>',
      '',
      '| t | Phase | Event |',
      '|---|---|---|',
      ...rows,
      '</details>'
    ].join('\n')
    const body = renderDeployComment(report, {
      key: 'deploy:default',
      limit: 2000
    })
    expect(body.length).toBeLessThanOrEqual(2000)
    expect(body.startsWith('<!-- ds-rollout:deploy:default -->\n')).toBe(true)
    expect(body).toContain("GitHub's comment limit")
    expect(body.lastIndexOf('<details>')).toBeLessThan(
      body.lastIndexOf('</details>')
    )
    for (const line of body.split('\n'))
      if (line.startsWith('| +')) expect(line).toMatch(/ \|$/)
  })
})
