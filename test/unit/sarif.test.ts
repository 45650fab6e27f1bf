/**
 * Issue 15, "findings where reviewers already look": `--format sarif` and
 * the Action's `sarif` output are SARIF 2.1.0, validated against the
 * standard's JSON schema (test/fixtures/sarif, draft-04, with ajv).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/core/plan/types.js'
import { FINDING_HELP } from '../../src/core/render/finding-help.js'
import { FINGERPRINT_KEY, renderSarif } from '../../src/core/render/sarif.js'
import { daemonSetPlan, finding, planOf } from '../fixtures/plan.js'
import { hangPlan } from '../fixtures/scenarios/hang.js'

const ROOT = join(import.meta.dirname, '..', '..')
const schema = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')
) as object
// The schema's language pattern is not valid with the u flag: compile its
// patterns as plain JavaScript regular expressions.
// ajv-draft-04 is CommonJS: its class is the default export's `default`.
const ajv = new AjvDraft04.default({
  allErrors: true,
  strict: false,
  unicodeRegExp: false
})
const validate = ajv.compile(schema)

function expectValidSarif(log: unknown): void {
  const ok = validate(log)
  expect(validate.errors ?? []).toEqual([])
  expect(ok).toBe(true)
}

function twoFindingsPlan(message = '3 nodes lose the daemon', line = 7): Plan {
  return planOf([
    daemonSetPlan({
      file: 'k8s/agent.yaml',
      line: 2,
      findings: [
        finding('warning', 'coverage-drop', message, {
          file: 'k8s/agent.yaml',
          line,
          namespace: 'kube-system',
          name: 'node-agent'
        }),
        finding('error', 'selector-changed', 'immutable', {
          file: 'k8s/agent.yaml',
          line: 9,
          namespace: 'kube-system',
          name: 'node-agent'
        })
      ]
    })
  ])
}

describe('renderSarif', () => {
  it('the schema check is real: it refuses a level SARIF does not have', () => {
    const bad = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ level: 'info', message: { text: 'x' } }]
        }
      ]
    }
    expect(validate(bad)).toBe(false)
  })

  it('is valid SARIF 2.1.0 for a real plan (a hanging rollout with its findings)', () => {
    const log = renderSarif(hangPlan(), { version: '0.1.0' })
    expectValidSarif(log)
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0]!.results!.length).toBeGreaterThan(0)
  })

  it('has one rule per finding code, with help text, and results that point at it', () => {
    const log = renderSarif(twoFindingsPlan())
    const run = log.runs[0]!
    const rules = run.tool.driver.rules!
    expect(rules.map((r) => r.id)).toEqual([
      'coverage-drop',
      'selector-changed'
    ])
    for (const rule of rules) {
      expect(rule.help?.text.length).toBeGreaterThan(20)
      expect(rule.help?.markdown).toContain('docs/')
    }
    expect(rules[1]!.help!.text).toContain('immutable')
    for (const r of run.results!) {
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId)
    }
    expect(run.results!.map((r) => r.level)).toEqual(['warning', 'error'])
    expect(run.results![0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/agent.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7 }
    })
  })

  it('keeps fingerprints stable when the message counts or the line change, and tells DaemonSets apart', () => {
    const fp = (p: Plan) =>
      renderSarif(p).runs[0]!.results!.map(
        (r) => r.partialFingerprints![FINGERPRINT_KEY]
      )
    const first = fp(twoFindingsPlan())
    expect(fp(twoFindingsPlan('5 nodes lose the daemon', 12))).toEqual(first)
    expect(new Set(first).size).toBe(2)
    const other = twoFindingsPlan()
    for (const f of other.daemonSets[0]!.findings) f.name = 'other-agent'
    expect(fp(other)[0]).not.toBe(first[0])
  })

  it('maps paths to the repository root, and locates findings without a file on the fallback file', () => {
    const plan = twoFindingsPlan()
    plan.findings.push(finding('info', 'diff-only', 'no snapshot'))
    const log = renderSarif(plan, {
      repoPath: (f) => `deploy/${f}`,
      fallbackFile: 'deploy/kustomization.yaml'
    })
    const results = log.runs[0]!.results!
    expect(results[0]!.ruleId).toBe('diff-only')
    expect(results[0]!.level).toBe('note')
    expect(
      results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri
    ).toBe('deploy/kustomization.yaml')
    expect(
      results[1]!.locations![0]!.physicalLocation!.artifactLocation!.uri
    ).toBe('deploy/k8s/agent.yaml')
    expectValidSarif(log)
  })

  it('has help for every finding code documented in docs/diff.md and docs/simulation.md', () => {
    const documented = new Set<string>()
    for (const doc of ['docs/diff.md', 'docs/simulation.md']) {
      for (const line of readFileSync(join(ROOT, doc), 'utf8').split('\n')) {
        const m =
          /^\| (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*) +\| *(error|warning|info)/.exec(
            line
          )
        if (m === null) continue
        for (const c of m[1]!.matchAll(/`([a-z0-9-]+)`/g)) documented.add(c[1]!)
      }
    }
    expect(documented.size).toBeGreaterThan(30)
    const missing = [...documented].filter((c) => FINDING_HELP[c] === undefined)
    expect(missing).toEqual([])
  })
})
