/**
 * Findings about one DaemonSet, pointing at the line of the field they are
 * about.
 */
import { lineOfField } from '../manifests/field-lines.js'
import type { SourcePosition } from '../manifests/types.js'
import type { Finding, Severity } from '../plan/types.js'

export interface DaemonSetRef {
  namespace: string
  name: string
  source: SourcePosition
  /** Line of each field, from the parser; findings point at their field when known. */
  fieldLines?: Record<string, number> | undefined
}

/** Where findings with a fixed subject point. */
const CODE_PATHS: Record<string, string> = {
  'deprecated-api-version': 'apiVersion',
  'unknown-api-version': 'apiVersion',
  'invalid-name': 'metadata.name',
  'missing-selector': 'spec',
  'empty-selector': 'spec.selector',
  'selector-mismatch': 'spec.selector',
  'selector-changed': 'spec.selector',
  'invalid-restart-policy': 'spec.template.spec.restartPolicy',
  'active-deadline-seconds': 'spec.template.spec.activeDeadlineSeconds',
  'invalid-update-strategy': 'spec.updateStrategy.type',
  'max-surge-requires-max-unavailable-zero':
    'spec.updateStrategy.rollingUpdate.maxSurge',
  'max-surge-and-max-unavailable-both-set':
    'spec.updateStrategy.rollingUpdate.maxSurge',
  'max-surge-and-max-unavailable-both-zero':
    'spec.updateStrategy.rollingUpdate.maxUnavailable',
  'host-port-with-surge': 'spec.updateStrategy.rollingUpdate.maxSurge'
}

const LEADING_PATH = /^(?:spec|metadata)(?:\.[A-Za-z_][\w]*|\[\d+\])*/

/** The line of `path`, or of its nearest ancestor that has one, else the object's line. */
export function lineOf(ref: DaemonSetRef, path: string | undefined): number {
  return lineOfField(ref.fieldLines, path) ?? ref.source.line
}

/**
 * A finding about one DaemonSet. Its line is the line of the field it is
 * about: `path`, else the code's fixed subject, else the field path the
 * message starts with, else the object's first line.
 */
export function makeFinding(
  ref: DaemonSetRef,
  severity: Severity,
  code: string,
  message: string,
  path?: string
): Finding {
  const subject = path ?? CODE_PATHS[code] ?? LEADING_PATH.exec(message)?.[0]
  return {
    severity,
    code,
    message,
    file: ref.source.file,
    line: lineOf(ref, subject),
    namespace: ref.namespace,
    name: ref.name
  }
}
