import { describe, expect, it } from 'vitest'
import { findKubectl } from '../support/kubectl.js'

describe('finding the real kubectl for the end-to-end tests', () => {
  const on =
    (...present: string[]) =>
    (p: string) =>
      present.includes(p)

  it('prefers $KUBECTL, then /usr/bin/kubectl, then PATH (GitHub runners: /usr/local/bin)', () => {
    const env = { KUBECTL: '/opt/k/kubectl', PATH: '/usr/local/bin:/bin' }
    expect(findKubectl(env, on('/opt/k/kubectl', '/usr/bin/kubectl'))).toBe(
      '/opt/k/kubectl'
    )
    expect(
      findKubectl(env, on('/usr/bin/kubectl', '/usr/local/bin/kubectl'))
    ).toBe('/usr/bin/kubectl')
    expect(findKubectl(env, on('/usr/local/bin/kubectl'))).toBe(
      '/usr/local/bin/kubectl'
    )
  })

  it('finds nothing when there is no kubectl', () => {
    expect(findKubectl({ PATH: '/bin::/usr/bin' }, on())).toBeUndefined()
    expect(findKubectl({}, on('kubectl'))).toBeUndefined()
  })
})
