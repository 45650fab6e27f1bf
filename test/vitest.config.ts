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
    pool: 'forks'
  }
})
