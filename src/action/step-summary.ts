import * as core from '@actions/core'
import { appendFile } from 'node:fs/promises'

/**
 * Appends to the job summary file. Written directly rather than through
 * `core.summary`, whose singleton caches the file path on first use (and
 * keeps a buffer across calls); the content is the same Markdown.
 */
export async function writeSummary(
  file: string | undefined,
  markdown: string
): Promise<void> {
  if (file === undefined || file === '') {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written')
    return
  }
  await appendFile(file, markdown)
}
