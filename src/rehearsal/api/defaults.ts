import { asArray, child, isObj, type Obj } from '../json.js'

/** apps/v1 DaemonSet defaulting (R8.1) plus pod template defaulting (R8.2). */
export function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, 'spec')
  const strategy = child(spec, 'updateStrategy')
  if (strategy['type'] === undefined || strategy['type'] === '')
    strategy['type'] = 'RollingUpdate'
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate')
    if (ru['maxUnavailable'] === undefined) ru['maxUnavailable'] = 1
    if (ru['maxSurge'] === undefined) ru['maxSurge'] = 0
  }
  if (spec['revisionHistoryLimit'] === undefined)
    spec['revisionHistoryLimit'] = 10
  const template = child(spec, 'template')
  // A v1.32 API server serialises the zero template timestamp as null (R6.9).
  const tmeta = child(template, 'metadata')
  if (tmeta['creationTimestamp'] === undefined)
    tmeta['creationTimestamp'] = null
  defaultPodSpec(child(template, 'spec'))
}

export function defaultPodSpec(spec: Obj): void {
  if (spec['dnsPolicy'] === undefined) spec['dnsPolicy'] = 'ClusterFirst'
  if (spec['restartPolicy'] === undefined) spec['restartPolicy'] = 'Always'
  if (spec['securityContext'] === undefined) spec['securityContext'] = {}
  if (spec['terminationGracePeriodSeconds'] === undefined)
    spec['terminationGracePeriodSeconds'] = 30
  if (spec['schedulerName'] === undefined)
    spec['schedulerName'] = 'default-scheduler'
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of asArray(spec[field])) if (isObj(c)) defaultContainer(c)
  }
  for (const v of asArray(spec['volumes'])) if (isObj(v)) defaultVolume(v)
}

function imageHasTagOrDigest(image: string): boolean {
  if (image.includes('@')) return true
  const lastSlash = image.lastIndexOf('/')
  return image.slice(lastSlash + 1).includes(':')
}

function defaultContainer(c: Obj): void {
  const image = typeof c['image'] === 'string' ? c['image'] : ''
  if (c['imagePullPolicy'] === undefined && image !== '') {
    const latest = !imageHasTagOrDigest(image) || image.endsWith(':latest')
    c['imagePullPolicy'] = latest ? 'Always' : 'IfNotPresent'
  }
  if (c['terminationMessagePath'] === undefined)
    c['terminationMessagePath'] = '/dev/termination-log'
  if (c['terminationMessagePolicy'] === undefined)
    c['terminationMessagePolicy'] = 'File'
  if (c['resources'] === undefined) c['resources'] = {}
  for (const p of asArray(c['ports'])) {
    if (isObj(p) && p['protocol'] === undefined) p['protocol'] = 'TCP'
  }
  for (const name of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const probe = c[name]
    if (!isObj(probe)) continue
    if (probe['timeoutSeconds'] === undefined) probe['timeoutSeconds'] = 1
    if (probe['periodSeconds'] === undefined) probe['periodSeconds'] = 10
    if (probe['successThreshold'] === undefined) probe['successThreshold'] = 1
    if (probe['failureThreshold'] === undefined) probe['failureThreshold'] = 3
    const http = probe['httpGet']
    if (isObj(http)) {
      if (http['scheme'] === undefined) http['scheme'] = 'HTTP'
      if (http['path'] === undefined) http['path'] = '/'
    }
  }
  for (const e of asArray(c['env'])) {
    if (!isObj(e) || !isObj(e['valueFrom'])) continue
    const f = e['valueFrom']['fieldRef']
    if (isObj(f) && f['apiVersion'] === undefined) f['apiVersion'] = 'v1'
  }
}

function defaultVolume(v: Obj): void {
  for (const kind of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[kind]
    if (isObj(src) && src['defaultMode'] === undefined) src['defaultMode'] = 420
  }
  const hp = v['hostPath']
  if (isObj(hp) && hp['type'] === undefined) hp['type'] = ''
  const known = Object.keys(v).filter((k) => k !== 'name')
  if (known.length === 0) v['emptyDir'] = {}
}
