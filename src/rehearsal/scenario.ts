import { asArray, asNumber, asObj, asString, isObj, type Obj } from './json.js'
import {
  globMatches,
  KUBELET_DEFAULTS,
  SIZE_CLASSES,
  type ImageTiming,
  type SizeClass,
  type Timings
} from './timings.js'
import {
  matchesLabelRequirements,
  parseLabelSelector,
  type LabelRequirement
} from './selectors.js'

/** Container-level faults (matched by image glob). */
export const IMAGE_EFFECTS = [
  'ImagePullBackOff',
  'ErrImagePull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'NeverReady',
  'ReadyThenCrash'
] as const
export type ImageEffect = (typeof IMAGE_EFFECTS)[number]

export interface ImageFault {
  image: string
  effect: ImageEffect
  nodes?: LabelRequirement[]
  afterSeconds?: number
}

export interface NodeFault {
  node?: string
  nodes?: LabelRequirement[]
  effect: 'NotReady'
  afterSeconds: number
  /** Seconds NotReady lasts; forever when absent. */
  forSeconds?: number
}

export interface ApiFault {
  verb: string
  resource: string
  effect: 'disconnect' | 'status' | 'slow'
  code?: number
  everySeconds?: number
  afterSeconds?: number
  burst?: number
  delayMs?: number
}

export type Change =
  | { atSeconds: number; kind: 'addNode'; node: Obj }
  | { atSeconds: number; kind: 'removeNode'; name: string }
  | { atSeconds: number; kind: 'taint'; name: string; taint: Obj }
  | { atSeconds: number; kind: 'untaint'; name: string; key: string }
  | { atSeconds: number; kind: 'ready'; name: string; ready: boolean }

export type { ImageTiming, Timings } from './timings.js'

export interface Scenario {
  speed?: number
  seed?: number
  timings: Timings
  /** Per-image timing rules (`images:`), first match wins. */
  imageTimings: ImageTiming[]
  imageFaults: ImageFault[]
  nodeFaults: NodeFault[]
  apiFaults: ApiFault[]
  changes: Change[]
}

/** The kubelet's defaults (src/rehearsal/timings.ts); the pull time follows the image's size class. */
export const DEFAULT_TIMINGS: Timings = { ...KUBELET_DEFAULTS }

export class ScenarioError extends Error {}

function num(value: unknown, where: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  const n = asNumber(value)
  if (n === undefined || n < 0)
    throw new ScenarioError(`${where}: expected a non-negative number`)
  return n
}

function selector(
  value: unknown,
  where: string
): LabelRequirement[] | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string')
    throw new ScenarioError(`${where}: expected a label selector string`)
  try {
    return parseLabelSelector(value)
  } catch (err) {
    throw new ScenarioError(
      `${where}: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}

/** Validates and normalises a parsed scenario document (docs/rehearsal.md). */
export function parseScenario(doc: unknown): Scenario {
  if (doc === undefined || doc === null)
    return {
      timings: { ...DEFAULT_TIMINGS },
      imageTimings: [],
      imageFaults: [],
      nodeFaults: [],
      apiFaults: [],
      changes: []
    }
  if (!isObj(doc)) throw new ScenarioError('scenario: expected a mapping')
  const known = new Set([
    'speed',
    'seed',
    'defaults',
    'images',
    'faults',
    'changes'
  ])
  for (const k of Object.keys(doc))
    if (!known.has(k))
      throw new ScenarioError(
        `scenario: unknown key '${k}' (known: ${[...known].join(', ')})`
      )
  const d = asObj(doc['defaults'])
  const timings: Timings = {
    ...(d['pullSeconds'] !== undefined
      ? { pullSeconds: num(d['pullSeconds'], 'defaults.pullSeconds') }
      : {}),
    startSeconds: num(
      d['startSeconds'],
      'defaults.startSeconds',
      DEFAULT_TIMINGS.startSeconds
    ),
    readySeconds: num(
      d['readySeconds'],
      'defaults.readySeconds',
      DEFAULT_TIMINGS.readySeconds
    ),
    stopSeconds: num(
      d['stopSeconds'],
      'defaults.stopSeconds',
      DEFAULT_TIMINGS.stopSeconds
    ),
    crashSeconds: num(
      d['crashSeconds'],
      'defaults.crashSeconds',
      DEFAULT_TIMINGS.crashSeconds
    )
  }
  const out: Scenario = {
    timings,
    imageTimings: imageTimings(doc['images']),
    imageFaults: [],
    nodeFaults: [],
    apiFaults: [],
    changes: []
  }
  if (doc['speed'] !== undefined) out.speed = num(doc['speed'], 'speed')
  if (doc['seed'] !== undefined) out.seed = num(doc['seed'], 'seed')
  asArray(doc['faults']).forEach((raw, i) => {
    const where = `faults[${i}]`
    if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`)
    if (raw['image'] !== undefined) {
      const effect = raw['effect']
      if (!IMAGE_EFFECTS.includes(effect as ImageEffect))
        throw new ScenarioError(
          `${where}.effect: must be one of ${IMAGE_EFFECTS.join(', ')}`
        )
      out.imageFaults.push({
        image: String(raw['image']),
        effect: effect as ImageEffect,
        nodes: selector(raw['nodes'], `${where}.nodes`),
        ...(raw['afterSeconds'] !== undefined
          ? { afterSeconds: num(raw['afterSeconds'], `${where}.afterSeconds`) }
          : {})
      })
    } else if (
      raw['node'] !== undefined ||
      (raw['nodes'] !== undefined && raw['effect'] === 'NotReady')
    ) {
      if (raw['effect'] !== 'NotReady')
        throw new ScenarioError(`${where}.effect: node faults support NotReady`)
      out.nodeFaults.push({
        ...(raw['node'] !== undefined ? { node: String(raw['node']) } : {}),
        nodes: selector(raw['nodes'], `${where}.nodes`),
        effect: 'NotReady',
        afterSeconds: num(raw['afterSeconds'], `${where}.afterSeconds`, 0),
        ...(raw['forSeconds'] !== undefined
          ? { forSeconds: num(raw['forSeconds'], `${where}.forSeconds`) }
          : {})
      })
    } else if (raw['api'] !== undefined) {
      const api = asObj(raw['api'])
      const effect = api['effect']
      if (effect !== 'disconnect' && effect !== 'status' && effect !== 'slow')
        throw new ScenarioError(
          `${where}.api.effect: must be disconnect, status or slow`
        )
      const f: ApiFault = {
        verb: asString(api['verb']) ?? '*',
        resource: asString(api['resource']) ?? '*',
        effect
      }
      if (effect === 'disconnect')
        f.everySeconds = num(api['everySeconds'], `${where}.api.everySeconds`)
      if (effect === 'status') {
        f.code = num(api['code'], `${where}.api.code`, 500)
        if (f.code !== 500 && f.code !== 429 && f.code !== 503)
          throw new ScenarioError(`${where}.api.code: must be 500, 503 or 429`)
        f.burst = num(api['burst'], `${where}.api.burst`, 3)
        if (api['everySeconds'] !== undefined)
          f.everySeconds = num(api['everySeconds'], `${where}.api.everySeconds`)
      }
      if (effect === 'slow')
        f.delayMs = num(api['delayMs'], `${where}.api.delayMs`, 500)
      if (api['afterSeconds'] !== undefined)
        f.afterSeconds = num(api['afterSeconds'], `${where}.api.afterSeconds`)
      out.apiFaults.push(f)
    } else
      throw new ScenarioError(
        `${where}: needs one of image, node, nodes or api`
      )
  })
  asArray(doc['changes']).forEach((raw, i) => {
    const where = `changes[${i}]`
    const c = asObj(raw)
    const at = num(c['atSeconds'], `${where}.atSeconds`)
    if (c['addNode'] !== undefined) {
      if (!isObj(c['addNode']))
        throw new ScenarioError(`${where}.addNode: expected a node mapping`)
      out.changes.push({ atSeconds: at, kind: 'addNode', node: c['addNode'] })
    } else if (c['removeNode'] !== undefined)
      out.changes.push({
        atSeconds: at,
        kind: 'removeNode',
        name: String(c['removeNode'])
      })
    else if (c['taint'] !== undefined) {
      const t = asObj(c['taint'])
      if (
        typeof t['node'] !== 'string' ||
        typeof t['key'] !== 'string' ||
        typeof t['effect'] !== 'string'
      )
        throw new ScenarioError(`${where}.taint: needs node, key and effect`)
      const { node, ...taint } = t
      out.changes.push({
        atSeconds: at,
        kind: 'taint',
        name: String(node),
        taint
      })
    } else if (c['untaint'] !== undefined) {
      const t = asObj(c['untaint'])
      out.changes.push({
        atSeconds: at,
        kind: 'untaint',
        name: String(t['node']),
        key: String(t['key'])
      })
    } else if (c['nodeReady'] !== undefined) {
      const t = asObj(c['nodeReady'])
      out.changes.push({
        atSeconds: at,
        kind: 'ready',
        name: String(t['node']),
        ready: t['ready'] === true
      })
    } else
      throw new ScenarioError(
        `${where}: needs one of addNode, removeNode, taint, untaint, nodeReady`
      )
  })
  return out
}

export { globMatches }

const IMAGE_TIMING_KEYS = new Set([
  'image',
  'size',
  'pullSeconds',
  'startSeconds',
  'stopSeconds'
])

/** `images:` rules: timings per image glob (docs/rehearsal.md, Timings). */
function imageTimings(value: unknown): ImageTiming[] {
  if (value === undefined) return []
  if (!Array.isArray(value))
    throw new ScenarioError('images: expected a list of image timing rules')
  return value.map((raw, i) => {
    const where = `images[${i}]`
    if (!isObj(raw)) throw new ScenarioError(`${where}: expected a mapping`)
    for (const k of Object.keys(raw))
      if (!IMAGE_TIMING_KEYS.has(k))
        throw new ScenarioError(
          `${where}: unknown key '${k}' (known: ${[...IMAGE_TIMING_KEYS].join(', ')})`
        )
    if (typeof raw['image'] !== 'string' || raw['image'] === '')
      throw new ScenarioError(`${where}.image: expected an image glob`)
    const rule: ImageTiming = { image: raw['image'] }
    if (raw['size'] !== undefined) {
      if (!SIZE_CLASSES.includes(raw['size'] as SizeClass))
        throw new ScenarioError(
          `${where}.size: must be one of ${SIZE_CLASSES.join(', ')}`
        )
      rule.size = raw['size'] as SizeClass
    }
    for (const k of ['pullSeconds', 'startSeconds', 'stopSeconds'] as const)
      if (raw[k] !== undefined) rule[k] = num(raw[k], `${where}.${k}`)
    return rule
  })
}

export function imageFaultFor(
  faults: ImageFault[],
  image: string,
  nodeLabels: Record<string, string>
): ImageFault | undefined {
  return faults.find(
    (f) =>
      globMatches(f.image, image) &&
      (f.nodes === undefined || matchesLabelRequirements(f.nodes, nodeLabels))
  )
}
