/**
 * The line of a field from the parser's `fieldLines`, or of its nearest
 * parent that has one (a removed field points at its parent in the head).
 * Paths use dots and `[index]`: `spec.template.spec.containers[0].image`.
 */
export function lineOfField(
  fieldLines: Record<string, number> | undefined,
  path: string | undefined
): number | undefined {
  let current = path
  while (fieldLines !== undefined && current !== undefined && current !== '') {
    const line = fieldLines[current]
    if (line !== undefined) return line
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['))
    current = cut > 0 ? current.slice(0, cut) : undefined
  }
  return undefined
}
