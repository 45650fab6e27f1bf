import type { Writable } from 'node:stream'

const WRITE_CHUNK_BYTES = 64 * 1024

/**
 * Writes an answer in chunks, each after the socket took the last one, so
 * the answer is held once (not again in the socket's queue), and a client
 * that has not read all of it within `timeoutMs` is cut off (its memory
 * freed) rather than held for as long as it stays connected.
 */
export function writeStreamed(
  res: Writable,
  body: string | Uint8Array,
  timeoutMs: number
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  if (bytes.length <= WRITE_CHUNK_BYTES) {
    res.end(bytes)
    return
  }
  const timer = setTimeout(() => res.destroy(), timeoutMs)
  timer.unref()
  res.once('close', () => clearTimeout(timer))
  res.once('finish', () => clearTimeout(timer))
  let offset = 0
  const pump = (): void => {
    while (offset < bytes.length && !res.destroyed) {
      const end = Math.min(bytes.length, offset + WRITE_CHUNK_BYTES)
      const chunk = bytes.subarray(offset, end)
      offset = end
      if (offset >= bytes.length) {
        res.end(chunk)
        return
      }
      if (!res.write(chunk)) {
        res.once('drain', pump)
        return
      }
    }
  }
  pump()
}
