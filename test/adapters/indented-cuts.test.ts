// keptRanges (indented-cuts.ts): which members of indented kubectl items are
// left out before JSON.parse, and that the text kept is the items without
// exactly those members.
import { describe, expect, it } from 'vitest'
import {
  keptRanges,
  type KeptMembers
} from '../../src/adapters/fs/indented-cuts.js'

const KEEP: KeptMembers = new Map([
  ['metadata', ['name', 'labels']],
  ['spec', ['taints']],
  ['status', ['allocatable', 'conditions']]
])

type Json = Record<string, unknown>

function node(name: string, extra: Json = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: 'u',
      labels: { 'kubernetes.io/hostname': name, a: 'b' },
      annotations: {
        // Text that looks like members, inside strings.
        'x/json': '{"labels": {"evil": "1"}}',
        'x/lines': '\n    "labels": {\n     "evil": "2"\n    },'
      }
    },
    spec: { podCIDR: '10.0.0.0/24', podCIDRs: ['10.0.0.0/24'] },
    status: {
      capacity: { cpu: '4' },
      allocatable: { cpu: '3920m' },
      conditions: [{ type: 'Ready', status: 'True', message: 'ok' }],
      addresses: [{ type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.31' },
      images: [{ names: ['a', 'b'], sizeBytes: 1 }]
    },
    ...extra
  }
}

/** The items as kubectl prints them inside a list, and where they are. */
function listText(
  items: Json[],
  indent: string | number,
  crlf = false
): { text: Buffer; from: number; to: number } {
  let text = JSON.stringify({ kind: 'List', items }, null, indent)
  if (crlf) text = text.replaceAll('\n', '\r\n')
  const buf = Buffer.from(text)
  const open = text.indexOf('[') + 1
  const from = buf.indexOf('{', open)
  const to = buf.lastIndexOf(']') - 1
  // Back over the newline (and CR) before the `]`.
  let end = to
  while (
    buf[end] === 0x0a ||
    buf[end] === 0x0d ||
    buf[end] === 0x20 ||
    buf[end] === 0x09
  )
    end -= 1
  return { text: buf, from, to: end + 1 }
}

function keptItems(
  buf: Buffer,
  from: number,
  to: number,
  keep: KeptMembers = KEEP
): unknown[] | undefined {
  const ranges = keptRanges(buf, from, to, keep)
  if (ranges === undefined) return undefined
  let text = ''
  for (let k = 0; k < ranges.length; k += 2)
    text += buf.toString('utf8', ranges[k], ranges[k + 1])
  return JSON.parse(`[${text}]`) as unknown[]
}

/** What the kept text must parse to: the items without the cut members. */
function withoutCut(item: Json): Json {
  const out = structuredClone(item)
  const meta = out.metadata as Json
  delete meta.annotations
  const spec = out.spec as Json
  delete spec.podCIDRs
  const status = out.status as Json
  for (const k of ['capacity', 'addresses', 'nodeInfo', 'images'])
    delete status[k]
  return out
}

describe('keptRanges: members left out of indented items', () => {
  for (const indent of [4, 1, 2, '\t'] as const)
    for (const crlf of [false, true])
      it(`leaves out the multi-line members not kept, two levels down (indent ${JSON.stringify(indent)}${crlf ? ', CRLF' : ''})`, () => {
        const items = [node('a'), node('b'), node('c')]
        const { text, from, to } = listText(items, indent, crlf)
        expect(keptItems(text, from, to)).toEqual(items.map(withoutCut))
      })

  it('cuts the last members of an object with the comma before them, and an only member to an empty object', () => {
    const items = [
      node('a', {
        status: {
          allocatable: { cpu: '1' },
          nodeInfo: { k: 'v' },
          images: [{ names: ['x'] }]
        }
      }),
      node('b', { status: { images: [{ names: ['x'] }] } }),
      node('c', { spec: { podCIDRs: ['x'] } })
    ]
    const { text, from, to } = listText(items, 4)
    const kept = keptItems(text, from, to) as Json[]
    expect(kept).toEqual(items.map(withoutCut))
    expect(kept.map((k) => [k.status, k.spec])).toEqual([
      [{ allocatable: { cpu: '1' } }, { podCIDR: '10.0.0.0/24' }],
      [{}, { podCIDR: '10.0.0.0/24' }],
      [
        items[2]!.status === undefined
          ? undefined
          : withoutCut(items[2]!).status,
        {}
      ]
    ])
  })

  it('keeps members of other parents, members one line long, escaped keys, and members in any order', () => {
    const item = {
      status: { images: [{ names: ['x'] }], allocatable: { cpu: '1' } },
      data: { annotations: { a: 'b' } },
      metadata: { annotations: {}, name: 'n' },
      kind: 'Node'
    }
    const { text, from, to } = listText([item], 2)
    expect(keptItems(text, from, to)).toEqual([
      { ...item, status: { allocatable: { cpu: '1' } } }
    ])
    // "\u0061nnotations" is "annotations", written with an escape: kept
    // (only plain keys are cut).
    const item2 = { ...item, metadata: { annotations: { x: 'y' }, name: 'n' } }
    const plain = listText([item2], 2)
    const at = plain.text.lastIndexOf('"annotations"')
    const escaped = Buffer.concat([
      plain.text.subarray(0, at),
      Buffer.from('"\\u0061nnotations"'),
      plain.text.subarray(at + '"annotations"'.length)
    ])
    const shift = escaped.length - plain.text.length
    expect(keptItems(escaped, plain.from, plain.to + shift)).toEqual([
      { ...item2, status: { allocatable: { cpu: '1' } } }
    ])
  })

  it('cuts nothing when the layout is not the indented one', () => {
    const one = Buffer.from(
      '{"kind": "Node", "metadata": {"annotations": {"a": "b"}}}'
    )
    expect(keptRanges(one, 0, one.length, KEEP)).toBeUndefined()
    // A member two levels down at the members' own indentation.
    const odd = Buffer.from(
      '{\n  "metadata": {\n  "annotations": {\n    "a": "b"\n  }\n  }\n}'
    )
    expect(keptRanges(odd, 0, odd.length, KEEP)).toBeUndefined()
    // Cut short: no closing line for the annotations.
    const cut = Buffer.from(
      '{\n  "metadata": {\n    "annotations": {\n      "a": "b"\n'
    )
    expect(keptRanges(cut, 0, cut.length, KEEP)).toBeUndefined()
  })
})
