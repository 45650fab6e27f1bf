import type { Obj } from '../json.js'

/**
 * Decoding of the Kubernetes protobuf envelope for the few kinds `kubectl
 * create <kind>` sends (ConfigMap, Secret, Namespace, ServiceAccount). Other
 * kinds are refused; clients send JSON for everything else.
 */
interface Field {
  no: number
  wire: number
  value: bigint | Uint8Array
}

export class ProtobufError extends Error {}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = []
  let i = 0
  const varint = (): bigint => {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (i >= buf.length) throw new ProtobufError('truncated varint')
      const b = buf[i++]!
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
    }
  }
  while (i < buf.length) {
    const key = Number(varint())
    const no = key >> 3
    const wire = key & 7
    if (wire === 0) out.push({ no, wire, value: varint() })
    else if (wire === 2) {
      const len = Number(varint())
      out.push({ no, wire, value: buf.subarray(i, i + len) })
      i += len
    } else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else throw new ProtobufError(`unsupported wire type ${wire}`)
  }
  return out
}

const text = (v: bigint | Uint8Array): string =>
  typeof v === 'bigint' ? String(v) : new TextDecoder().decode(v)
const bytes = (v: bigint | Uint8Array): Uint8Array =>
  typeof v === 'bigint' ? new Uint8Array() : v

function mapOf(
  fs: Field[],
  no: number,
  asBase64: boolean
): Record<string, string> | undefined {
  const entries = fs.filter((f) => f.no === no)
  if (entries.length === 0) return undefined
  const out: Record<string, string> = {}
  for (const e of entries) {
    const kv = fields(bytes(e.value))
    const k = kv.find((f) => f.no === 1)
    const v = kv.find((f) => f.no === 2)
    out[k ? text(k.value) : ''] = v
      ? asBase64
        ? Buffer.from(bytes(v.value)).toString('base64')
        : text(v.value)
      : ''
  }
  return out
}

function objectMeta(buf: Uint8Array): Obj {
  const fs = fields(buf)
  const meta: Obj = {}
  const str = (no: number, name: string): void => {
    const f = fs.find((x) => x.no === no)
    if (f) meta[name] = text(f.value)
  }
  str(1, 'name')
  str(2, 'generateName')
  str(3, 'namespace')
  const labels = mapOf(fs, 11, false)
  if (labels) meta['labels'] = labels
  const annotations = mapOf(fs, 12, false)
  if (annotations) meta['annotations'] = annotations
  const finalizers = fs.filter((x) => x.no === 14).map((x) => text(x.value))
  if (finalizers.length) meta['finalizers'] = finalizers
  return meta
}

/** Decodes `k8s\0` + runtime.Unknown into a JSON object of a supported kind. */
export function decodeKubeProtobuf(data: Uint8Array): Obj {
  if (
    data.length < 4 ||
    data[0] !== 0x6b ||
    data[1] !== 0x38 ||
    data[2] !== 0x73 ||
    data[3] !== 0
  )
    throw new ProtobufError('missing the k8s protobuf magic prefix')
  const unknown = fields(data.subarray(4))
  const typeMeta = fields(
    bytes(unknown.find((f) => f.no === 1)?.value ?? new Uint8Array())
  )
  const apiVersion = text(
    typeMeta.find((f) => f.no === 1)?.value ?? new Uint8Array()
  )
  const kind = text(typeMeta.find((f) => f.no === 2)?.value ?? new Uint8Array())
  const raw = fields(
    bytes(unknown.find((f) => f.no === 2)?.value ?? new Uint8Array())
  )
  const metaField = raw.find((f) => f.no === 1)
  const obj: Obj = {
    apiVersion,
    kind,
    metadata: metaField ? objectMeta(bytes(metaField.value)) : {}
  }
  const bool = (no: number): boolean | undefined => {
    const f = raw.find((x) => x.no === no)
    return f === undefined ? undefined : f.value === 1n
  }
  switch (kind) {
    case 'ConfigMap': {
      const data = mapOf(raw, 2, false)
      if (data) obj['data'] = data
      const binary = mapOf(raw, 3, true)
      if (binary) obj['binaryData'] = binary
      if (bool(4) !== undefined) obj['immutable'] = bool(4)
      return obj
    }
    case 'Secret': {
      const data = mapOf(raw, 2, true)
      if (data) obj['data'] = data
      const type = raw.find((f) => f.no === 3)
      if (type) obj['type'] = text(type.value)
      const stringData = mapOf(raw, 4, false)
      if (stringData) obj['stringData'] = stringData
      if (bool(5) !== undefined) obj['immutable'] = bool(5)
      return obj
    }
    case 'Namespace':
      return obj
    case 'ServiceAccount':
      if (bool(4) !== undefined) obj['automountServiceAccountToken'] = bool(4)
      return obj
    default:
      throw new ProtobufError(
        `protobuf bodies are decoded only for ConfigMap, Secret, Namespace and ServiceAccount, not ${kind}; send JSON`
      )
  }
}
