import nock from 'nock'
import { afterEach, beforeAll } from 'vitest'

beforeAll(() => {
  // No test may reach the network; loopback servers (rehearsal cluster,
  // local HTTP fakes) stay reachable.
  nock.disableNetConnect()
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/)
})

afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  if (pending.length > 0) {
    throw new Error(`unused HTTP interceptors: ${pending.join(', ')}`)
  }
})
