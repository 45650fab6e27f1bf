import type { CliCommand } from '../command.js'
import { parseServeArgs, SERVE_USAGE } from '../../service/serve-options.js'
import { startService } from '../../service/start.js'

/** `ds-rollout serve`: the rollout analysis service (docs/service.md). */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary:
    'run the rollout analysis service (HTTP API over a live cluster view)',
  usage: SERVE_USAGE,
  async run(args, io) {
    const options = parseServeArgs(args)
    const running = await startService(options, {
      log: (line) => io.stderr(line + '\n')
    })
    io.stderr(
      JSON.stringify({
        time: new Date().toISOString(),
        msg: 'listening',
        url: running.url
      }) + '\n'
    )
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGTERM', stop)
        process.off('SIGINT', stop)
        resolve()
      }
      process.on('SIGTERM', stop)
      process.on('SIGINT', stop)
    })
    io.stderr(
      JSON.stringify({ time: new Date().toISOString(), msg: 'shutting down' }) +
        '\n'
    )
    await running.stop()
    return 0
  }
}
