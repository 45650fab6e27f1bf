import { open, readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { loadSnapshot } from '../../core/snapshot/load.js'
import {
  SlimShare,
  slimNode,
  slimPod
} from '../../core/snapshot/from-cluster.js'
import type { Node, Pod } from '../../core/k8s/types.js'
import type { Snapshot } from '../../core/snapshot/types.js'
import {
  checkInputBounds,
  type InputLimits
} from '../../core/manifests/input-bounds.js'
import {
  MAX_SNAPSHOT_FILE_BYTES,
  MAX_SNAPSHOT_JSON_TEXT_BYTES,
  MAX_SNAPSHOT_YAML_BYTES,
  MAX_YAML_ALIAS_COUNT,
  STREAM_KUBECTL_LIST_BYTES
} from '../../util/constants.js'
import { UserError } from '../../util/errors.js'
import { checkSymlinkBoundary } from './input-files.js'
import { locateJsonError } from './json-error.js'
import {
  JsonListShapeError,
  readJsonListStreaming,
  type ItemCuts
} from './json-list-stream.js'

const GIB = 1024 * 1024 * 1024
const MIB = 1024 * 1024

function size(bytes: number): string {
  return bytes >= GIB ? `${bytes / GIB} GiB` : `${bytes / MIB} MiB`
}

/** The file's first 64 KiB as text (after a BOM), to tell JSON from YAML and a list from a compact snapshot. */
async function fileHead(path: string): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    return buf.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '')
  } finally {
    await handle.close()
  }
}

/**
 * Shrinks the Pods and Nodes of a streamed list as they are read (slimPod,
 * slimNode); the nodes of one file share repeated values (SlimShare).
 */
function slimItems(): (
  item: unknown,
  envelope: Record<string, unknown>
) => unknown {
  const share = new SlimShare()
  return (item, envelope) => {
    if (item === null || typeof item !== 'object') return item
    const kind = (item as { kind?: unknown }).kind
    if (kind === 'Pod' || (kind === undefined && envelope.kind === 'PodList'))
      return slimPod(item as Pod)
    if (kind === 'Node' || (kind === undefined && envelope.kind === 'NodeList'))
      return slimNode(item as Node, share)
    return item
  }
}

/**
 * The members two levels down that slimNode and slimPod read (from-cluster.ts);
 * the others that span several lines are left out of streamed Nodes and Pods.
 */
const SLIM_CUTS: ItemCuts = {
  keep: new Map([
    [
      'metadata',
      ['name', 'namespace', 'labels', 'creationTimestamp', 'ownerReferences']
    ],
    [
      'spec',
      [
        'taints',
        'unschedulable',
        'nodeName',
        'hostNetwork',
        'overhead',
        'affinity',
        'containers',
        'initContainers'
      ]
    ],
    ['status', ['allocatable', 'conditions', 'phase', 'containerStatuses']]
  ]),
  usable(item, envelope) {
    if (item === null || typeof item !== 'object') return false
    const kind = (item as { kind?: unknown }).kind
    return (
      kind === 'Pod' ||
      kind === 'Node' ||
      (kind === undefined &&
        (envelope.kind === 'PodList' || envelope.kind === 'NodeList'))
    )
  }
}

/**
 * Reads a kubectl list too large to hold as one string, item by item
 * (json-list-stream.ts), slimming its Nodes and Pods as they come.
 * Exported for tests, which use small `chunkBytes`.
 */
export function readKubectlListStreaming(
  path: string,
  chunkBytes?: number
): Promise<Record<string, unknown>> {
  return readJsonListStreaming(path, slimItems(), chunkBytes, SLIM_CUTS)
}

function parseYaml(
  text: string,
  shown: string,
  limits: Partial<InputLimits> | undefined
): unknown[] {
  checkInputBounds(text, shown, limits)
  const docs = parseAllDocuments(text, { version: '1.1' })
  if (!Array.isArray(docs)) {
    // An empty stream gives an EmptyStream, which has no documents.
    return []
  }
  const out: unknown[] = []
  for (const doc of docs) {
    const error = doc.errors[0]
    if (error !== undefined)
      throw new UserError(
        `not valid YAML: ${error.message.split('\n')[0] ?? ''}`,
        { file: shown, line: error.linePos?.[0].line ?? 1 }
      )
    try {
      out.push(doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }))
    } catch (err) {
      throw new UserError(
        `cannot read the YAML: ${err instanceof Error ? err.message : String(err)}`,
        { file: shown }
      )
    }
  }
  return out
}

/** Reads one snapshot file into its documents (one for JSON, any number for YAML). */
async function readDocuments(
  shown: string,
  cwd: string,
  limits: Partial<InputLimits> | undefined
): Promise<unknown[]> {
  const path = resolve(cwd, shown)
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) throw new UserError('no such file', { file: shown })
  if (!info.isFile())
    throw new UserError(
      'is not a regular file (a directory, device, FIFO or socket); give the exported file',
      { file: shown }
    )
  await checkSymlinkBoundary(path, cwd, shown)
  if (info.size > MAX_SNAPSHOT_FILE_BYTES)
    throw new UserError(
      `the snapshot file is ${size(info.size)}, more than the ${size(MAX_SNAPSHOT_FILE_BYTES)} ds-rollout reads; ` +
        "record a compact snapshot with 'ds-rollout snapshot' (it pages through the cluster and keeps only what the simulation needs), " +
        'or split the export (for example pods per namespace) into several --snapshot files',
      { file: shown }
    )
  let head: string
  try {
    head = await fileHead(path)
  } catch (err) {
    throw new UserError(
      `cannot read the file (${String((err as { code?: unknown }).code ?? err)})`,
      { file: shown }
    )
  }
  const first = head.trimStart().charAt(0)
  if (first === '{' || first === '[') {
    const kubectlList =
      first === '{' &&
      info.size > STREAM_KUBECTL_LIST_BYTES &&
      !/"kind"\s*:\s*"DsRolloutSnapshot"/.test(head)
    if (info.size > MAX_SNAPSHOT_JSON_TEXT_BYTES || kubectlList) {
      try {
        return [await readKubectlListStreaming(path)]
      } catch (err) {
        if (err instanceof JsonListShapeError)
          throw new UserError(
            `the file is ${size(info.size)}: JSON this large is read only as one object (a kubectl list {"kind": "...List", "items": [...]}, or a compact snapshot); ` +
              "record a compact snapshot with 'ds-rollout snapshot' instead",
            { file: shown }
          )
        if (err instanceof SyntaxError)
          throw new UserError(`not valid JSON: ${err.message}`, { file: shown })
        if (err instanceof RangeError)
          // A single member beyond the longest string V8 can hold.
          throw new UserError(
            `the file is ${size(info.size)} and one of its values is too large to read; ` +
              "give kubectl lists (one object per item) or record a compact snapshot with 'ds-rollout snapshot'",
            { file: shown }
          )
        throw err
      }
    }
    const text = await readFile(path, 'utf8')
    try {
      return [JSON.parse(text.replace(/^\uFEFF/, '')) as unknown]
    } catch {
      // Flow-style YAML also starts with '{' or '['.
      if (info.size <= MAX_SNAPSHOT_YAML_BYTES) {
        try {
          return parseYaml(text, shown, limits)
        } catch {
          // Report the JSON error: the file looks like JSON.
        }
      }
      const where = locateJsonError(text)
      throw new UserError(
        `not valid JSON: ${where.message} (column ${where.column})`,
        { file: shown, line: where.line }
      )
    }
  }
  if (info.size > MAX_SNAPSHOT_YAML_BYTES)
    throw new UserError(
      `the YAML file is ${size(info.size)}, more than the ${size(MAX_SNAPSHOT_YAML_BYTES)} read as YAML; ` +
        'export it as JSON (kubectl get ... -o json), which is read up to ' +
        size(MAX_SNAPSHOT_FILE_BYTES),
      { file: shown }
    )
  return parseYaml(await readFile(path, 'utf8'), shown, limits)
}

/**
 * Reads one or more snapshot files, as the CLI, the service and the Action
 * take them: a compact ds-rollout snapshot, or kubectl output (`kubectl get
 * nodes -o json`, `kubectl get pods -A -o json`, `kubectl get ds -A -o
 * json`, in any number of files, JSON or YAML 1.1 including multi-document
 * streams). Paths are resolved against `cwd` and shown as given. Bad input
 * is a UserError naming the file (and line when known).
 *
 * JSON goes through JSON.parse. A JSON list too large for one string (over
 * MAX_SNAPSHOT_JSON_TEXT_BYTES), or a kubectl list over
 * STREAM_KUBECTL_LIST_BYTES, is read in chunks, item by item, keeping only
 * the fields the snapshot needs of each Pod and Node; in kubectl's indented
 * layout the members it does not read are left out before JSON.parse
 * (docs/snapshot.md says what is then checked). JSON.parse is linear and
 * does not recurse; YAML text first passes the pre-check of input-bounds.ts
 * (`limits` raises its defaults).
 */
export async function readSnapshotFiles(
  paths: string[],
  cwd: string,
  limits?: Partial<InputLimits>
): Promise<Snapshot> {
  if (paths.length === 0) throw new UserError('no snapshot file given')
  const docs: unknown[] = []
  const names: string[] = []
  for (const shown of paths) {
    for (const doc of await readDocuments(shown, cwd, limits)) {
      docs.push(doc)
      names.push(shown)
    }
  }
  if (docs.length === 0)
    throw new UserError('the snapshot is empty', { file: paths.join(', ') })
  return loadSnapshot(docs, names)
}
