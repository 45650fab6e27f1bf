import { spawn } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bundleTo, call, tempFile, TOKEN_CI } from './service-helpers.js'

const root = new URL('../../', import.meta.url).pathname

let child: ReturnType<typeof spawn> | undefined
let cli = ''

// The CLI as it ships: `npm run bundle` into a temp dir (the plan worker and
// Tinypool's worker wrapper are loaded from beside it).
beforeAll(async () => {
  const outdir = await mkdtemp(join(tmpdir(), 'ds-rollout-cli-'))
  cli = join(await bundleTo(outdir), 'cli.js')
})

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

describe('ds-rollout serve as a process', () => {
  it('serves, then exits 0 on SIGTERM after stopping cleanly', async () => {
    const tokens = await tempFile('tokens', `${TOKEN_CI}\n`)
    child = spawn(
      process.execPath,
      [
        cli,
        'serve',
        '--snapshot',
        'test/fixtures/service/snapshot.json',
        '--tokens',
        tokens,
        '--listen',
        '127.0.0.1:0'
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number | null>((r) =>
      child?.on('exit', (code) => r(code))
    )
    const deadline = Date.now() + 20_000
    let url: string | undefined
    while (url === undefined) {
      url = /"msg":"listening","url":"([^"]+)"/.exec(stderr)?.[1]
      if (Date.now() > deadline) throw new Error(`no listening line: ${stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect((await call(`${url}/readyz`)).status).toBe(200)
    expect(
      (
        await call(`${url}/v1/snapshot`, {
          headers: { Authorization: `Bearer ${TOKEN_CI}` }
        })
      ).status
    ).toBe(200)
    // A plan is computed by the bundled worker; hostile text is refused there.
    const head = await readFile(
      join(root, 'test/fixtures/service/agent-head.yaml'),
      'utf8'
    )
    const plan = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN_CI}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ head })
    })
    expect(plan.status).toBe(200)
    expect(JSON.parse(plan.text).daemonSets).toHaveLength(1)
    const nested = await call(`${url}/v1/plan`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN_CI}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ head: '['.repeat(900_000) })
    })
    expect(nested.status).toBe(422)
    expect(JSON.parse(nested.text).error.message).toMatch(
      /max-nesting-depth=200/
    )
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toContain('"msg":"shutting down"')
    expect(stderr).not.toContain(TOKEN_CI)
  })

  it('exits 2 with one clear line when started without authentication', async () => {
    child = spawn(process.execPath, [cli, 'serve', '--snapshot', 'x.json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number | null>((r) =>
      child?.on('exit', (c) => r(c))
    )
    expect(code).toBe(2)
    expect(stderr).toBe(
      'ds-rollout serve: authentication is required: give --tokens <file> and/or --token-review\n'
    )
  })
})
