import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TlsMaterial {
  caCert: string
  cert: string
  key: string
}

/** Where openssl is looked for; Node has no X.509 generation API. */
export function findOpenssl(): string | undefined {
  for (const p of [
    '/usr/bin/openssl',
    '/usr/local/bin/openssl',
    '/opt/homebrew/bin/openssl'
  ])
    if (existsSync(p)) return p
  return undefined
}

/**
 * A throwaway CA and a server certificate for 127.0.0.1/localhost (ECDSA
 * P-256, 2 days), made with the openssl binary in a temporary directory
 * that is removed afterwards.
 */
export async function generateTls(): Promise<TlsMaterial> {
  const openssl = findOpenssl()
  if (openssl === undefined)
    throw new Error(
      'the rehearsal cluster needs the openssl binary (looked in /usr/bin, /usr/local/bin, /opt/homebrew/bin) to make its TLS certificate'
    )
  const dir = await mkdtemp(join(tmpdir(), 'ds-rollout-rehearsal-'))
  try {
    const f = (n: string): string => join(dir, n)
    const ec = [
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes'
    ]
    await run(openssl, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=ds-rollout-rehearsal-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ])
    await run(openssl, [
      'req',
      ...ec,
      '-keyout',
      f('server.key'),
      '-out',
      f('server.csr'),
      '-subj',
      '/CN=rehearsal-apiserver'
    ])
    await writeFile(
      f('ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n'
    )
    await run(openssl, [
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('server.crt'),
      '-days',
      '2',
      '-extfile',
      f('ext.cnf')
    ])
    const [caCert, cert, key] = await Promise.all([
      readFile(f('ca.crt'), 'utf8'),
      readFile(f('server.crt'), 'utf8'),
      readFile(f('server.key'), 'utf8')
    ])
    return { caCert, cert, key }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
