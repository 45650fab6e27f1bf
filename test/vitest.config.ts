import { defineConfig } from 'vitest/config'
import { PlainSummaryReporter } from './support/plain-summary-reporter.js'

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default', new PlainSummaryReporter()],
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on timers and rehearsal clusters, not on the CPU
    // (about 2 CPU-minutes in an 8-minute run on 2 cores): four at once
    // keep the suite short without starving the timing-sensitive ones.
    maxWorkers: 4
  }
})
