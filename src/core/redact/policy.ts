/**
 * The one redaction policy (issue 11). Every text that leaves the tool (the
 * plan JSON, the comment, the job summary, annotations, logs, service
 * answers, the deploy report) passes through it, so a pull request cannot
 * make the tool print a secret it carries. What it hides, and what it does
 * not, is documented in docs/redaction.md.
 *
 * A hidden value is shown as `(redacted sha256:1a2b3c4d)`: a short HMAC of
 * the value under a key drawn at random once per process. Two different
 * values get different marks, so a changed secret still shows as changed,
 * but the mark cannot be looked up or brute-forced from outside the run (the
 * key is never written anywhere). The same value gets the same mark within
 * one run only.
 */
import { createHmac, randomBytes } from 'node:crypto'

/** The mark for a hidden value whose content is not even hashed (kept for callers of the old API). */
export const REDACTED = '(redacted)'

const KEY = randomBytes(32)

/** `(redacted sha256:1a2b3c4d)`: a keyed hash of the hidden value, enough to tell two values apart. */
export function secretMark(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  const hex = createHmac('sha256', KEY)
    .update(text ?? '')
    .digest('hex')
  return `(redacted sha256:${hex.slice(0, 8)})`
}

/** A mark already in the text: never hashed again, so redaction is idempotent. */
const MARK = /\(redacted(?: sha256:[0-9a-f]{8})?\)/g

const SECRET_SUBSTRINGS =
  /passw(or)?d|passphrase|secret|token|credential|apikey|api_key|api-key|private_?key|privkey|cert(ificate)?_?key|access_?key|auth_?key|client_?secret|session_?id|cookie|bearer|signature|sas_?key|conn(ection)?_?str(ing)?|webhook_?url/i
const SECRET_WORDS = new Set([
  'key',
  'pass',
  'pwd',
  'pw',
  'auth',
  'pat',
  'dsn',
  'jwt',
  'otp',
  'pin',
  'salt',
  'hmac'
])

/**
 * Whether a name (env var, flag, annotation key, Secret key) looks like it
 * holds a secret: `DB_PASSWORD`, `apiKey`, `--auth-token`,
 * `vault.hashicorp.com/token`. Split on case and punctuation so `MONKEY` or
 * `KEYCLOAK_URL` are not taken for `KEY`.
 */
export function looksSecret(name: string): boolean {
  if (SECRET_SUBSTRINGS.test(name)) return true
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return words.some((w) => SECRET_WORDS.has(w))
}

/**
 * Programs whose short flags carry a password as the next argument or glued
 * to the flag (`mysql -pS3cret`, `redis-cli -a S3cret`). Short flags are too
 * ambiguous to hide everywhere (`-p` is a port for most tools).
 */
const SHORT_SECRET_FLAGS: Record<string, string[]> = {
  mysql: ['-p'],
  mysqldump: ['-p'],
  mysqladmin: ['-p'],
  mariadb: ['-p'],
  'mariadb-dump': ['-p'],
  mongo: ['-p'],
  mongosh: ['-p'],
  mongodump: ['-p'],
  'redis-cli': ['-a'],
  sshpass: ['-p'],
  docker: ['-p'],
  podman: ['-p'],
  skopeo: ['-p'],
  htpasswd: ['-b'],
  openssl: ['-k', '-pass', '-passin', '-passout'],
  curl: ['-u'],
  wget: []
}

function programName(word: string | undefined): string | undefined {
  if (word === undefined) return undefined
  const base = word.split('/').pop() ?? word
  return base in SHORT_SECRET_FLAGS ? base : undefined
}

/** `--password` / `--db-password` / `-password`: a long flag whose name looks secret. */
function isSecretLongFlag(flag: string): boolean {
  return /^--?[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(flag) && looksSecret(flag)
}

/** A name in free text that says its value is secret: `password`, `DB_PASS`, `api-key`, `X_TOKEN`. */
const SECRET_NAME =
  '[A-Za-z0-9_.-]*(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential)[A-Za-z0-9_.-]*|[A-Za-z0-9_.-]*[_.-](?:pass|pwd)'

/**
 * Value shapes worth hiding wherever they appear, in the style of common
 * secret scanners' rules (gitleaks, GitHub secret scanning). Each pattern's
 * group 1 (or the whole match) is what gets hidden.
 */
const SECRET_SHAPES: RegExp[] = [
  // URL userinfo: scheme://user:password@host (the password only).
  /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g,
  // PEM private keys (the whole block, or its start when cut short).
  /(-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|$))/g,
  // GitHub tokens.
  /\b((?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}))/g,
  // GitLab personal access tokens.
  /\b(glpat-[A-Za-z0-9_-]{20,})/g,
  // AWS access key ids.
  /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\b/g,
  // Slack tokens and webhooks.
  /\b(xox[abposr]-[A-Za-z0-9-]{10,})/g,
  /(hooks\.slack\.com\/services\/[A-Za-z0-9/]+)/g,
  // Google API keys.
  /\b(AIza[0-9A-Za-z_-]{35})/g,
  // Stripe secret and restricted keys.
  /\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})/g,
  // npm tokens.
  /\b(npm_[A-Za-z0-9]{36})/g,
  // JSON Web Tokens.
  /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
  // Authorization headers.
  /\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi,
  // key=value pairs in query strings, connection strings and shell text:
  // `password=x`, `Password=x;`, `api_key: x`, `TOKEN=x helm ...`.
  new RegExp(
    `(?:^|[\\s;&?,"'{(])(?:--?)?(${SECRET_NAME})["']?\\s*[=:]\\s*(?!\\(redacted)("[^"]*"|'[^']*'|[^\\s;&,"'})]+)`,
    'gi'
  ),
  // Secret-looking long flags followed by their value as the next word.
  new RegExp(
    `(?:^|\\s)(--?(?:${SECRET_NAME}))\\s+(?!-)(?!\\(redacted)("[^"]*"|'[^']*'|\\S+)`,
    'gi'
  )
]

/**
 * Known programs' short password flags inside shell text:
 * `mysql -u root -pS3cret`, `redis-cli -a S3cret`.
 */
function redactShortFlagsInText(text: string): string {
  const words = text.split(/(\s+)/)
  let program: string | undefined
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? ''
    if (/^\s*$/.test(word)) continue
    if (/^[;&|]+$/.test(word) || /[;&|]$/.test(word)) {
      program = undefined
      continue
    }
    const named = programName(word.replace(/^["']/, ''))
    if (named !== undefined) {
      program = named
      continue
    }
    if (program === undefined) continue
    const flags = SHORT_SECRET_FLAGS[program] ?? []
    for (const flag of flags) {
      if (word === flag) {
        const j = i + 2
        const next = words[j]
        if (
          next !== undefined &&
          next !== '' &&
          !next.startsWith('-') &&
          !isMarked(next)
        )
          words[j] = secretMark(next)
      } else if (
        flag.length === 2 &&
        word.startsWith(flag) &&
        word.length > 2 &&
        !isMarked(word.slice(2))
      ) {
        words[i] = `${flag}${secretMark(word.slice(2))}`
      }
    }
  }
  return words.join('')
}

/** `<file>`, `<token>`: a usage placeholder in a message, not a value. */
function isPlaceholder(text: string): boolean {
  return /^<[\w .-]{1,40}>$/.test(text)
}

function isMarked(text: string): boolean {
  return text.startsWith('(redacted')
}

/**
 * A cheap first look: text with none of these cannot match any shape, so
 * most strings of a plan (node names, reasons) skip the full scan.
 */
const MAYBE_SECRET =
  /[=@]|hooks\.slack\.com|(?:^|\s)-|BEGIN|gh[pousr]_|github_pat_|glpat-|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)|xox|AIza|k_(?:live|test)_|npm_|eyJ|bearer|basic/i

/**
 * A `:` matters only after a secret-looking name (`api_key: x`; a URL
 * password needs `@` as well): the words every SECRET_NAME contains.
 * Per-node figures such as `memory: requests 1Gi, 200Mi free` skip the scan.
 */
const SECRET_WORD =
  /passw|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|[_.-](?:pass|pwd)/i

function maybeSecret(text: string): boolean {
  return (
    MAYBE_SECRET.test(text) || (text.includes(':') && SECRET_WORD.test(text))
  )
}

const KNOWN_PROGRAM = new RegExp(
  `(?:^|[\\s/"'])(?:${Object.keys(SHORT_SECRET_FLAGS)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|')})(?:\\s|$)`
)

function redactShapes(segment: string, precheck: boolean): string {
  if (precheck && !maybeSecret(segment)) return segment
  let out = segment
  for (const shape of SECRET_SHAPES) {
    out = out.replace(shape, (match: string, ...groups: unknown[]) => {
      // The last captured group that matched is the secret.
      const captured = groups
        .slice(0, -2)
        .filter((g): g is string => typeof g === 'string')
      const secret = captured[captured.length - 1] ?? match
      if (secret === '' || isMarked(secret) || isPlaceholder(secret))
        return match
      const at = match.lastIndexOf(secret)
      return (
        match.slice(0, at) +
        secretMark(secret) +
        match.slice(at + secret.length)
      )
    })
  }
  return KNOWN_PROGRAM.test(out) ? redactShortFlagsInText(out) : out
}

/**
 * Free text with every secret-looking part hidden: URL passwords, tokens of
 * known shapes, `password=…` pairs, values after secret-looking flags, and
 * known programs' short password flags. Marks already in the text are kept
 * as they are.
 */
export function redactText(text: string): string {
  // A plan repeats the same texts (reasons, node names) thousands of times:
  // each distinct short text is redacted once per process. The marks depend
  // only on the text and the per-process key, so the result is the same.
  if (text.length > MEMO_TEXT_LENGTH) return redactTextOnce(text)
  let out = redactedTexts.get(text)
  if (out === undefined) {
    out = redactTextOnce(text)
    if (redactedTexts.size >= MEMO_ENTRIES) redactedTexts.clear()
    redactedTexts.set(text, out)
  }
  return out
}

const MEMO_TEXT_LENGTH = 256
const MEMO_ENTRIES = 200_000
const redactedTexts = new Map<string, string>()

function redactTextOnce(text: string, precheck = true): string {
  if (precheck && !maybeSecret(text)) return text
  let out = ''
  let last = 0
  for (const m of text.matchAll(MARK)) {
    out += redactShapes(text.slice(last, m.index), precheck) + m[0]
    last = m.index + m[0].length
  }
  return out + redactShapes(text.slice(last), precheck)
}

/**
 * redactText without the cheap first look (every shape tried on every
 * text): for the test that holds the first look to never skip a secret.
 */
export function redactTextScanningAll(text: string): string {
  return redactTextOnce(text, false)
}

/**
 * An argument list (`command` or `args`) with the values of secret-looking
 * flags hidden in both forms, `--password=x` and `--password x`, and the
 * short password flags of known programs (`mysql -p x`, `-px`). `program` is
 * the container's executable when the list is its args.
 */
export function redactArgs(args: unknown[], program?: string): unknown[] {
  const out = [...args]
  let known = programName(program)
  for (let i = 0; i < out.length; i++) {
    const arg = out[i]
    if (typeof arg !== 'string') continue
    if (i === 0 && known === undefined) known = programName(arg)
    const eq = /^(--?[A-Za-z0-9][A-Za-z0-9_.-]*)=([\s\S]*)$/.exec(arg)
    if (eq !== null) {
      const [, flag = '', value = ''] = eq
      if (isSecretLongFlag(flag) && value !== '' && !isMarked(value))
        out[i] = `${flag}=${secretMark(value)}`
      else out[i] = redactText(arg)
      continue
    }
    const next = out[i + 1]
    const shortFlags = known === undefined ? [] : SHORT_SECRET_FLAGS[known]
    if (
      (isSecretLongFlag(arg) || (shortFlags ?? []).includes(arg)) &&
      typeof next === 'string' &&
      !next.startsWith('-') &&
      !isMarked(next)
    ) {
      out[i + 1] = secretMark(next)
      i++
      continue
    }
    const glued = (shortFlags ?? []).find(
      (f) => f.length === 2 && arg.startsWith(f) && arg.length > 2
    )
    if (glued !== undefined && !isMarked(arg.slice(2))) {
      out[i] = `${glued}${secretMark(arg.slice(2))}`
      continue
    }
    out[i] = redactText(arg)
  }
  return out
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isEnvVarLike(value: Record<string, unknown>): boolean {
  return (
    typeof value.name === 'string' && ('value' in value || 'valueFrom' in value)
  )
}

function envIsSecret(env: Record<string, unknown>): boolean {
  const valueFrom = isMap(env.valueFrom) ? env.valueFrom : undefined
  return (
    looksSecret(String(env.name)) ||
    (valueFrom !== undefined && 'secretKeyRef' in valueFrom)
  )
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string'
    ? value[0]
    : undefined
}

/**
 * Any JSON value with secrets hidden by where they sit and by their shape:
 * env values of secret-looking names, flag values in `command`/`args`,
 * values of secret-looking annotation keys, the whole `data`/`stringData`
 * of Secrets, and every string through redactText.
 *
 * Parts with nothing to hide are returned as they are, not copied (a plan
 * of a large fleet is mostly node names and shared reason lists), so the
 * result may share objects with `value`: treat both as read-only. A frozen
 * array (the simulation shares one reason list between many nodes) is
 * redacted once per process.
 */
export function redactValue(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return redactText(value)
  if (Array.isArray(value)) {
    if (key === 'args' || key === 'command') return redactArgs(value)
    return redactArray(value)
  }
  if (!isMap(value)) return value
  const keys = Object.keys(value)
  // Most objects of a plan (node detail, groups) have none of the members
  // the rules by place read: every member is then redacted by shape alone.
  if (!keys.some(isPlaceKey)) return redactMembers(value, keys)
  const isSecretObject = value.kind === 'Secret'
  const program = firstString(value.command) ?? firstString(value.args)
  // Built only once a member differs; until then `value` itself is the answer.
  let out: Record<string, unknown> | undefined
  for (let i = 0; i < keys.length; i += 1) {
    const k = keys[i]!
    const v = value[k]
    let r: unknown
    if (isSecretObject && (k === 'data' || k === 'stringData') && isMap(v)) {
      r = Object.fromEntries(
        Object.entries(v).map(([dk, dv]) => [dk, secretMark(dv)])
      )
    } else if (k === 'annotations' && isMap(v)) {
      r = Object.fromEntries(
        Object.entries(v).map(([ak, av]) => [
          ak,
          looksSecret(ak) ? secretMark(av) : redactValue(av)
        ])
      )
    } else if (k === 'args' && Array.isArray(v) && program !== undefined) {
      r = redactArgs(v, firstString(value.command) ?? undefined)
    } else r = redactValue(v, k)
    if (out === undefined && r !== v) {
      out = {}
      for (let j = 0; j < i; j += 1) out[keys[j]!] = value[keys[j]!]
    }
    if (out !== undefined) out[k] = r
  }
  if (isEnvVarLike(value) && envIsSecret(value) && value.value !== undefined)
    (out ??= { ...value }).value = secretMark(value.value)
  return out ?? value
}

/** Members whose presence makes a rule by place apply to an object (redactValue). */
function isPlaceKey(key: string): boolean {
  return (
    key === 'kind' ||
    key === 'command' ||
    key === 'args' ||
    key === 'value' ||
    key === 'valueFrom' ||
    key === 'annotations'
  )
}

/** An object none of whose members a rule by place reads: each member by shape. */
function redactMembers(
  value: Record<string, unknown>,
  keys: readonly string[]
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined
  for (let i = 0; i < keys.length; i += 1) {
    const k = keys[i]!
    const v = value[k]
    const r =
      typeof v === 'string'
        ? redactText(v)
        : typeof v === 'object' && v !== null
          ? redactValue(v, k)
          : v
    if (out === undefined && r !== v) {
      out = {}
      for (let j = 0; j < i; j += 1) out[keys[j]!] = value[keys[j]!]
    }
    if (out !== undefined) out[k] = r
  }
  return out ?? value
}

/** Redacted frozen arrays, by identity (they cannot change). */
const redactedFrozen = new WeakMap<readonly unknown[], readonly unknown[]>()

function redactArray(list: readonly unknown[]): readonly unknown[] {
  const frozen = Object.isFrozen(list)
  if (frozen) {
    const hit = redactedFrozen.get(list)
    if (hit !== undefined) return hit
  }
  let out: unknown[] | undefined
  for (let i = 0; i < list.length; i += 1) {
    const v = list[i]
    const r = redactValue(v)
    if (out === undefined && r !== v) out = list.slice(0, i)
    if (out !== undefined) out.push(r)
  }
  const result = out ?? list
  if (frozen) redactedFrozen.set(list, result)
  return result
}

const ENV_PATH = /env\[name=([^\]]+)\](\.value)?$/
const ANNOTATION_PATH =
  /annotations(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[("(?:[^"\\]|\\.)*")\])$/
const ARGS_PATH = /\.(args|command)(\[\d+\])?$/

function annotationKey(path: string): string | undefined {
  const m = ANNOTATION_PATH.exec(path)
  if (m === null) return undefined
  if (m[1] !== undefined) return m[1]
  try {
    return JSON.parse(m[2] ?? '""') as string
  } catch {
    return undefined
  }
}

/**
 * One diff change's value, redacted given where it sits (its readable
 * path, as the diff writes it). `program` is the container's executable,
 * when known, for the short password flags of known programs.
 */
export function redactAt(
  path: string,
  value: unknown,
  program?: string
): unknown {
  if (value === undefined) return undefined
  const env = ENV_PATH.exec(path)
  if (env !== null && env[2] !== undefined && looksSecret(env[1] ?? ''))
    return secretMark(value)
  const annotation = annotationKey(path)
  if (annotation !== undefined && looksSecret(annotation))
    return secretMark(value)
  const args = ARGS_PATH.exec(path)
  if (args !== null) {
    if (Array.isArray(value)) return redactArgs(value, program)
    return typeof value === 'string' ? redactArgs([value], program)[0] : value
  }
  return redactValue(value, path.split('.').pop() ?? '')
}

/** Any JSON value with every string through redactText (and secrets by place), as redactValue: unchanged parts are shared, not copied. */
export function redactDeep<T>(value: T): T {
  return redactValue(value) as T
}
