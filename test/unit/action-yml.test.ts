import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseInputs } from '../../src/action/inputs.js'
import { OUTPUTS } from '../../src/util/constants.js'
import { actionDefaults, REPO_ROOT } from '../fixtures/action/harness.js'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<
    string,
    { description?: string; default?: string; required?: boolean }
  >
  outputs: Record<string, { description?: string }>
}

const action = parse(
  readFileSync(`${REPO_ROOT}action.yml`, 'utf8')
) as ActionYml

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs parseInputs reads, each documented', () => {
    const read = new Set<string>()
    const defaults = actionDefaults()
    parseInputs((name) => {
      read.add(name)
      return name === 'manifests' ? 'k8s/' : (defaults[name] ?? '')
    })
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort())
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toMatch(/^.{20,}/s)
      expect(/^[a-z]+(-[a-z]+)*$/.test(name), `${name} is kebab-case`).toBe(
        true
      )
    }
  })

  it('declares defaults that parseInputs accepts as they are', () => {
    const defaults = actionDefaults()
    expect(() =>
      parseInputs((name) =>
        name === 'manifests' ? 'k8s/' : (defaults[name] ?? '')
      )
    ).not.toThrow()
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}')
  })

  it('declares exactly the outputs the Action sets, each documented', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      Object.values(OUTPUTS).sort()
    )
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toMatch(/^.{20,}/s)
    }
  })
})
