import * as core from '@actions/core'
import { run } from './action/main.js'
import { errorMessage } from './util/errors.js'

process.on('unhandledRejection', (err) => core.setFailed(errorMessage(err)))
await run()
