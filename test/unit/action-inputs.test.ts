import { describe, expect, it } from 'vitest'
import { parseInputs } from '../../src/action/inputs.js'
import { UserError } from '../../src/util/errors.js'

/** Inputs as the runner passes them: every declared input, defaults filled in. */
const DEFAULTS: Record<string, string> = {
  mode: 'plan',
  manifests: 'k8s/',
  'base-manifests': '',
  snapshot: '',
  'base-ref': '',
  'render-command': '',
  'github-token': 'ghs_secret',
  comment: 'auto',
  'comment-key': 'default',
  'fail-on': 'error',
  'working-directory': '.'
}

function parse(overrides: Record<string, string> = {}) {
  const values = { ...DEFAULTS, ...overrides }
  return parseInputs((name) => values[name] ?? '')
}

function failure(overrides: Record<string, string>): string {
  try {
    parse(overrides)
  } catch (err) {
    expect(err).toBeInstanceOf(UserError)
    return (err as Error).message
  }
  throw new Error('expected parseInputs to throw')
}

describe('parseInputs', () => {
  it('parses the defaults', () => {
    expect(parse()).toEqual({
      mode: 'plan',
      manifests: ['k8s/'],
      baseManifests: undefined,
      snapshot: undefined,
      baseRef: undefined,
      renderCommand: undefined,
      renderEnv: [],
      inputLimits: {},
      githubToken: 'ghs_secret',
      comment: 'auto',
      commentKey: 'default',
      failOn: 'error',
      workingDirectory: '.',
      analysisUrl: undefined,
      analysisToken: '',
      deploy: {
        kubeconfig: '',
        kubeconfigPath: '',
        context: '',
        planFile: ''
      }
    })
  })

  it('parses input-limits as the CLI flags, and names a bad entry', () => {
    expect(
      parse({ 'input-limits': 'max-documents=50000,\nmax-nesting-depth=300' })
        .inputLimits
    ).toEqual({ maxDocuments: 50000, maxNestingDepth: 300 })
    expect(() => parse({ 'input-limits': 'max-docs=5' })).toThrow(
      /input 'input-limits': "max-docs=5" is not one of max-nesting-depth=<n>/
    )
    expect(() => parse({ 'input-limits': 'max-documents=0' })).toThrow(
      /input 'input-limits': max-documents must be a whole number ≥ 1, not "0"/
    )
  })

  it("parses the deploy inputs of the mode in use, with the CLI flags' rules and defaults", () => {
    const inputs = parse({
      mode: 'apply',
      kubeconfig: 'apiVersion: v1\nkind: Config\n',
      canary: ' 10% ',
      'on-cancel': 'leave',
      timeout: '5m'
    })
    expect(inputs.mode).toBe('apply')
    expect(inputs.deploy.kubeconfig).toBe('apiVersion: v1\nkind: Config\n')
    expect(inputs.deploy.undo).toBeUndefined()
    expect(inputs.deploy.apply).toMatchObject({
      canary: { kind: 'percent', percent: 10 },
      onCancel: 'leave',
      force: false,
      undo: true,
      livePlan: true,
      concurrency: 'refuse',
      gate: { timeoutSeconds: 300 }
    })
  })

  it('needs no manifests in undo mode, but the DaemonSet name', () => {
    const inputs = parse({
      mode: 'undo',
      manifests: '',
      namespace: 'monitoring',
      name: 'node-exporter'
    })
    expect(inputs.manifests).toEqual([])
    expect(inputs.deploy.undo).toMatchObject({
      namespace: 'monitoring',
      name: 'node-exporter',
      toRevision: 0,
      force: false
    })
    expect(() => parse({ mode: 'undo', manifests: '' })).toThrow(
      "input 'name' is required in mode undo"
    )
  })

  it('treats empty inputs (not declared by an older action.yml) as their defaults', () => {
    const inputs = parseInputs((name) => (name === 'manifests' ? 'a.yaml' : ''))
    expect(inputs).toMatchObject({
      mode: 'plan',
      comment: 'auto',
      commentKey: 'default',
      failOn: 'error',
      workingDirectory: '.'
    })
  })

  it('splits lists on newlines and commas and drops blanks', () => {
    const inputs = parse({
      manifests: 'a.yaml, b/\n\n  c/**/*.yaml  \n',
      'base-manifests': 'base/a.yaml,base/b/'
    })
    expect(inputs.manifests).toEqual(['a.yaml', 'b/', 'c/**/*.yaml'])
    expect(inputs.baseManifests).toEqual(['base/a.yaml', 'base/b/'])
  })

  it.each([
    ['true', 'always'],
    ['True', 'always'],
    ['TRUE', 'always'],
    ['false', 'never'],
    ['FALSE', 'never'],
    ['auto', 'auto'],
    ['', 'auto']
  ])('comment %j means %s', (value, expected) => {
    expect(parse({ comment: value }).comment).toBe(expected)
  })

  it.each([
    [
      { comment: 'yes' },
      "input 'comment' must be true, false or auto (got 'yes')"
    ],
    [{ comment: '1' }, "input 'comment' must be true, false or auto (got '1')"],
    [
      { mode: 'rollout' },
      "input 'mode' must be one of: plan, apply, undo (got 'rollout')"
    ],
    [
      { mode: 'undo', manifests: '' },
      "input 'name' is required in mode undo: the DaemonSet to roll back (with 'namespace')"
    ],
    [
      { mode: 'apply', manifests: '' },
      "input 'manifests' is required: paths or globs of the head manifests, newline or comma separated"
    ],
    [
      {
        snapshot: 'snapshot.json',
        'analysis-url': 'https://ds-rollout.example',
        'analysis-token': 't'
      },
      "inputs 'snapshot' and 'analysis-url' are mutually exclusive: plan against a recorded snapshot or against the analysis service's live view, not both"
    ],
    [
      { 'analysis-url': 'https://ds-rollout.example' },
      "input 'analysis-url' needs 'analysis-token': the service requires a bearer token"
    ],
    [
      { 'fail-on': 'errors' },
      "input 'fail-on' must be one of: never, error, warning (got 'errors')"
    ],
    [
      { manifests: ' \n , ' },
      "input 'manifests' is required: paths or globs of the head manifests, newline or comma separated"
    ],
    [
      { 'comment-key': 'prod eu' },
      "input 'comment-key' may hold only letters, digits and . _ / : - (1 to 100 of them), got 'prod eu'"
    ],
    [
      { 'comment-key': 'x-->' },
      "input 'comment-key' may hold only letters, digits and . _ / : - (1 to 100 of them), got 'x-->'"
    ]
  ])('rejects %j', (overrides, message) => {
    expect(failure(overrides)).toBe(message)
  })

  it('names both conflicting inputs in one message', () => {
    expect(failure({ 'base-manifests': 'base/', 'base-ref': 'main' })).toBe(
      "inputs 'base-manifests' and 'base-ref' are mutually exclusive: give the base as files (base-manifests) or as a git ref (base-ref), not both"
    )
  })

  it('refuses comment: true without a token', () => {
    expect(failure({ comment: 'true', 'github-token': '' })).toMatch(
      /^input 'comment' is true but 'github-token' is empty/
    )
  })

  it('keeps optional values', () => {
    const inputs = parse({
      snapshot: 'cluster/nodes.json\ncluster/pods.json',
      'base-ref': 'origin/main',
      'render-command': 'kustomize build overlays/prod',
      'render-directory': 'deploy/k8s',
      'comment-key': 'prod/eu-west-1',
      'fail-on': 'warning',
      'working-directory': 'deploy'
    })
    expect(inputs).toMatchObject({
      snapshot: ['cluster/nodes.json', 'cluster/pods.json'],
      baseRef: 'origin/main',
      renderCommand: 'kustomize build overlays/prod',
      renderDirectory: 'deploy/k8s',
      commentKey: 'prod/eu-west-1',
      failOn: 'warning',
      workingDirectory: 'deploy'
    })
  })
})
