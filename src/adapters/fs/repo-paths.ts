import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Plan } from '../../core/plan/types.js'
import { locateRepo } from './git.js'

/**
 * Maps the plan's file paths (relative to the working directory, as the
 * user named them) to paths relative to the repository root, for SARIF and
 * annotations. Labels that are no file of the checkout (`render:...`, a
 * base file read at a git ref `ref:path`) and paths outside the root map to
 * undefined.
 */
export function repoPathMapper(
  cwd: string,
  root: string
): (file: string) => string | undefined {
  return (file) => {
    if (file.startsWith('render:')) return undefined
    const rel = relative(root, resolve(cwd, file))
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined
    return rel.split(sep).join('/')
  }
}

/** The repository root of `cwd` (git top level), or `cwd` itself outside git. */
export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return (await locateRepo(cwd)).toplevel || cwd
  } catch {
    return cwd
  }
}

/**
 * Where findings without a file of their own are located: the entry file
 * given (a render command's entry), else the first DaemonSet file of the
 * head that is a file of the repository.
 */
export function fallbackFile(
  plan: Plan,
  map: (file: string) => string | undefined,
  entry?: string
): string | undefined {
  if (entry !== undefined) {
    const mapped = map(entry)
    if (mapped !== undefined) return mapped
  }
  for (const ds of plan.daemonSets) {
    const mapped = map(ds.file)
    if (mapped !== undefined) return mapped
  }
  return undefined
}
