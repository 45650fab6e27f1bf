import http from 'node:http'
import https from 'node:https'
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface CallResult {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/** One HTTP(S) request on loopback, without fetch's retries or pooling. */
export async function call(
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    ca?: string
    /** Write the body in chunks without Content-Length. */
    chunked?: boolean
  } = {}
): Promise<CallResult> {
  const u = new URL(url)
  const mod = u.protocol === 'https:' ? https : http
  return await new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
        ...(options.ca === undefined ? {} : { ca: options.ca })
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8')
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    if (options.body !== undefined) {
      if (options.chunked === true) {
        const buf = Buffer.from(options.body)
        for (let i = 0; i < buf.length; i += 64 * 1024) {
          req.write(buf.subarray(i, i + 64 * 1024))
        }
      } else {
        req.setHeader('Content-Length', Buffer.byteLength(options.body))
        req.write(options.body)
      }
    }
    req.end()
  })
}

/** Like call, with the body as raw bytes (for compressed answers). */
export async function callRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string }
): Promise<{
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}> {
  const u = new URL(url)
  return await new Promise((resolve, reject) => {
    const req = http.request(
      u,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks)
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    if (options.body !== undefined)
      req.setHeader('Content-Length', Buffer.byteLength(options.body))
    req.end(options.body)
  })
}

export async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-svc-'))
  const file = join(dir, name)
  await writeFile(file, content)
  return file
}

export const TOKEN_CI = 'ci-token-0123456789abcdef'
export const TOKEN_BOT = 'bot-token-0123456789abcdef'

/**
 * Builds the bundle exactly as it ships: `npm run bundle -- --outdir=<dir>`
 * (dist/ is not touched). Returns the directory.
 */
export async function bundleTo(outdir: string): Promise<string> {
  const root = new URL('../../', import.meta.url).pathname
  await promisify(execFile)(
    'npm',
    ['run', 'bundle', '--', `--outdir=${outdir}`],
    {
      cwd: root
    }
  )
  return outdir
}
