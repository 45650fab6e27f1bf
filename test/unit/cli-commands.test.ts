import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/commands/index.js'

describe('the CLI command registry (commands load on demand)', () => {
  it.each(COMMANDS.map((c) => [c.name, c]))(
    '%s: the listed name and summary are the loaded command’s',
    async (_name, entry) => {
      const command = await entry.load()
      expect(command.name).toBe(entry.name)
      expect(command.summary).toBe(entry.summary)
      expect(command.usage.length).toBeGreaterThan(0)
    }
  )
})
