import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { call, tempFile, TOKEN_CI } from './service-helpers.js'

const root = new URL('../../', import.meta.url).pathname

let child: ReturnType<typeof spawn> | undefined

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
        '--import',
        './test/bench/resolve-ts.ts',
        'src/cli.ts',
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
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toContain('"msg":"shutting down"')
    expect(stderr).not.toContain(TOKEN_CI)
  })

  it('exits 2 with one clear line when started without authentication', async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        './test/bench/resolve-ts.ts',
        'src/cli.ts',
        'serve',
        '--snapshot',
        'x.json'
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
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
