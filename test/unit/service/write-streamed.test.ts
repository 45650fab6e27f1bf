import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { writeStreamed } from '../../../src/service/write-streamed.js'

/** A socket stand-in: takes `takes` chunks, then stops reading. */
function reader(takes: number): { sink: Writable; received: Buffer[] } {
  const received: Buffer[] = []
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      if (received.length >= takes) return // never calls back: a stalled reader
      received.push(chunk)
      setImmediate(done)
    }
  })
  return { sink, received }
}

describe('writeStreamed', () => {
  it('writes the whole answer in chunks to a reader that keeps reading', async () => {
    const body = Buffer.alloc(1024 * 1024, 7)
    const { sink, received } = reader(Infinity)
    const finished = new Promise((r) => sink.once('finish', r))
    writeStreamed(sink, body, 5000)
    await finished
    expect(Buffer.concat(received).equals(body)).toBe(true)
    expect(received.length).toBeGreaterThan(1)
    expect(Math.max(...received.map((c) => c.length))).toBeLessThanOrEqual(
      64 * 1024
    )
  })

  it('hands a stalled reader at most a chunk past the buffer, then cuts it off at the deadline', async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 1)
    const { sink, received } = reader(2)
    const closed = new Promise((r) => sink.once('close', r))
    const started = Date.now()
    writeStreamed(sink, body, 200)
    await closed
    expect(sink.destroyed).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    // Nothing was queued beyond one chunk over the stream's buffer.
    expect(received.length).toBe(2)
    expect(sink.writableLength).toBeLessThanOrEqual(64 * 1024 + 16 * 1024)
  })
})
