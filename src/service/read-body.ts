import type { IncomingMessage } from 'node:http'
import { ApiError } from './api-error.js'

/**
 * Reads a request body as UTF-8 up to `limitBytes`. A declared
 * Content-Length over the limit is refused before anything is read; a body
 * that grows past it while streaming is refused as soon as it does (413).
 * The stream is left open (not destroyed) so the error response can still
 * be written; the server then closes the connection.
 */
export async function readBody(
  req: IncomingMessage,
  limitBytes: number
): Promise<string> {
  const tooLarge = (): ApiError =>
    new ApiError(
      413,
      'body-too-large',
      `request body exceeds the limit of ${limitBytes} bytes`,
      { details: { limitBytes } }
    )
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge()
  return await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limitBytes) {
        cleanup()
        chunks.length = 0
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(
        new ApiError(
          400,
          'bad-request',
          `request body could not be read (${err.message})`
        )
      )
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}
