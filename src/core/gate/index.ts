export * from './types.js'
export * from './evaluate.js'
export * from './pod-signals.js'
