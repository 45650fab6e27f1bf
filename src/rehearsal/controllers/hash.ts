import { canonicalJson } from '../json.js'

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** FNV-1a 32-bit over UTF-8 bytes. */
function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/**
 * The template hash (R4.4). Go's hash dumps Go structs and cannot be
 * reproduced; this one hashes the canonical JSON of the template (plus the
 * collision count) and encodes the decimal value with the same safe
 * alphabet as rand.SafeEncodeString, so it looks like the real thing.
 */
export function computeTemplateHash(
  template: unknown,
  collisionCount?: number
): string {
  let text = canonicalJson(template)
  if (collisionCount !== undefined && collisionCount > 0)
    text += `#${collisionCount}`
  const n = fnv1a32(new TextEncoder().encode(text))
  let out = ''
  for (const ch of String(n))
    out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length]
  return out
}
