/**
 * The plan's findings as SARIF 2.1.0 (`ds-rollout plan --format sarif`, the
 * Action's `sarif` output), for GitHub code scanning
 * (github/codeql-action/upload-sarif): one rule per finding code with its
 * help text, one result per finding, located in the file and line the
 * finding names, with paths relative to the repository root and a
 * fingerprint that stays the same while the problem does.
 *
 * Result messages are plain text through `oneLine` (render/inert.ts: the
 * one redaction path, one line, no bidi overrides); code scanning shows
 * `message.text` as text. The rule help's Markdown is our own documentation.
 */
import { createHash } from 'node:crypto'
import type * as Sarif from 'sarif'
import type { Finding, Plan, Severity } from '../plan/types.js'
import { FINDING_HELP } from './finding-help.js'
import { oneLine } from './inert.js'
import { allFindings } from './overview.js'

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/** The fingerprint key; bump the suffix if the recipe ever changes. */
export const FINGERPRINT_KEY = 'dsRolloutFinding/v1'

export interface SarifOptions {
  /** The tool version written into the log. */
  version?: string
  /**
   * Maps a plan path (as the user named it, relative to the working
   * directory) to a path relative to the repository root, or undefined
   * when it is not a file of the repository (a render label, a base file
   * at a git ref).
   */
  repoPath?: (file: string) => string | undefined
  /**
   * Where findings without a usable file are located (code scanning needs
   * a location): the render command's entry file, or the first head
   * manifest. Repository-relative.
   */
  fallbackFile?: string
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note'
}

/** `rollout-will-hang` -> `RolloutWillHang` (SARIF rule names are identifiers). */
function ruleName(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('')
}

function plainText(markdown: string): string {
  return markdown.replace(/`/g, '')
}

function defaultLevel(
  code: string,
  seen: Severity
): Sarif.ReportingConfiguration.level {
  const documented = FINDING_HELP[code]?.severity
  if (documented === 'error' || documented === 'warning') return documented
  if (documented === 'info') return 'note'
  return LEVEL[seen]
}

function rule(code: string, seen: Severity): Sarif.ReportingDescriptor {
  const known = FINDING_HELP[code]
  const help =
    known === undefined
      ? `ds-rollout finding \`${code}\`. The message of each result says what is wrong and what to do.`
      : known.help
  const doc = known?.doc ?? 'README.md'
  const markdown = `${help}\n\nSee \`${doc}\` in the ds-rollout repository for every finding code.`
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: `ds-rollout: ${code}` },
    fullDescription: { text: plainText(help) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: defaultLevel(code, seen) },
    properties: { tags: ['kubernetes', 'daemonset', 'ds-rollout'] }
  }
}

/**
 * A fingerprint of the problem, not of its wording: the code, the
 * DaemonSet and the file. Lines move and messages carry counts, so they
 * are left out; two findings of one code on one DaemonSet are told apart
 * by their order.
 */
function fingerprint(
  f: Finding,
  file: string | undefined,
  nth: number
): string {
  const key = [
    f.code,
    f.namespace ?? '',
    f.name ?? '',
    file ?? '',
    String(nth)
  ].join('\u0000')
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

/** The SARIF 2.1.0 log of a plan's findings. */
export function renderSarif(plan: Plan, options: SarifOptions = {}): Sarif.Log {
  const findings = allFindings(plan)
  const rules: Sarif.ReportingDescriptor[] = []
  const ruleIndex = new Map<string, number>()
  for (const f of [...findings].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0
  )) {
    if (ruleIndex.has(f.code)) continue
    ruleIndex.set(f.code, rules.length)
    rules.push(rule(f.code, f.severity))
  }
  const mapPath = options.repoPath ?? ((file: string) => file)
  const seen = new Map<string, number>()
  const results: Sarif.Result[] = findings.map((f) => {
    const mapped = f.file === undefined ? undefined : mapPath(f.file)
    const file = mapped ?? options.fallbackFile
    const located = mapped !== undefined
    const subject =
      f.name === undefined ? '' : `${f.namespace ?? 'default'}/${f.name}: `
    const result: Sarif.Result = {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: LEVEL[f.severity],
      // Plain text (code scanning does not render it), through the one
      // redaction path: no line breaks, bidi overrides or secrets.
      message: { text: oneLine(`${subject}${f.message}`) }
    }
    if (file !== undefined) {
      const physical: Sarif.PhysicalLocation = {
        artifactLocation: { uri: encodeUriPath(file), uriBaseId: '%SRCROOT%' }
      }
      if (located && f.line !== undefined && f.line >= 1)
        physical.region = { startLine: f.line }
      result.locations = [{ physicalLocation: physical }]
    }
    const base = [f.code, f.namespace, f.name, file].join('\u0000')
    const nth = seen.get(base) ?? 0
    seen.set(base, nth + 1)
    result.partialFingerprints = {
      [FINGERPRINT_KEY]: fingerprint(f, file, nth)
    }
    return result
  })
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ds-rollout',
            ...(options.version === undefined
              ? {}
              : { version: options.version, semanticVersion: options.version }),
            rules
          }
        },
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The repository root.' } }
        },
        results,
        columnKind: 'utf16CodeUnits'
      }
    ]
  }
}

/** A repository-relative path as a relative URI reference (spaces, `#`, `?` and `%` escaped). */
function encodeUriPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
}
