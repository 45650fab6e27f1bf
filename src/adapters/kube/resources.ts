import type { KubeObject } from '../../core/k8s/types.js'

export interface ResourceInfo {
  group: string
  version: string
  plural: string
  namespaced: boolean
}

/** Kinds a DaemonSet bundle usually carries (flannel, calico, cilium, ...). */
const KNOWN: Record<string, { plural: string; namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  ServiceAccount: { plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  Service: { plural: 'services', namespaced: true },
  Pod: { plural: 'pods', namespaced: true },
  Node: { plural: 'nodes', namespaced: false },
  DaemonSet: { plural: 'daemonsets', namespaced: true },
  Deployment: { plural: 'deployments', namespaced: true },
  ControllerRevision: { plural: 'controllerrevisions', namespaced: true },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', namespaced: true },
  PriorityClass: { plural: 'priorityclasses', namespaced: false },
  CustomResourceDefinition: {
    plural: 'customresourcedefinitions',
    namespaced: false
  },
  PodSecurityPolicy: { plural: 'podsecuritypolicies', namespaced: false },
  NetworkPolicy: { plural: 'networkpolicies', namespaced: true },
  StorageClass: { plural: 'storageclasses', namespaced: false },
  CSIDriver: { plural: 'csidrivers', namespaced: false },
  ValidatingWebhookConfiguration: {
    plural: 'validatingwebhookconfigurations',
    namespaced: false
  },
  MutatingWebhookConfiguration: {
    plural: 'mutatingwebhookconfigurations',
    namespaced: false
  },
  APIService: { plural: 'apiservices', namespaced: false },
  IngressClass: { plural: 'ingressclasses', namespaced: false },
  RuntimeClass: { plural: 'runtimeclasses', namespaced: false }
}

/** Resource info for an object's apiVersion/kind, or undefined if unknown (use discovery). */
export function knownResource(
  apiVersion: string,
  kind: string
): ResourceInfo | undefined {
  const entry = KNOWN[kind]
  if (entry === undefined) return undefined
  const [group, version] = apiVersion.includes('/')
    ? (apiVersion.split('/', 2) as [string, string])
    : ['', apiVersion]
  return { group, version, ...entry }
}

/** The collection path: /api/v1/namespaces/ns/pods or /apis/g/v/plural. */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const base =
    info.group === ''
      ? `/api/${info.version}`
      : `/apis/${info.group}/${info.version}`
  return info.namespaced && namespace !== undefined
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`
    : `${base}/${info.plural}`
}

export function objectPath(
  info: ResourceInfo,
  name: string,
  namespace?: string
): string {
  return `${collectionPath(info, namespace)}/${pathSegment(name)}`
}

/** "daemonset kube-system/agent" for messages. */
export function describeObject(obj: KubeObject): string {
  const ns = obj.metadata?.namespace
  const name = obj.metadata?.name ?? '?'
  return `${(obj.kind ?? 'object').toLowerCase()} ${ns === undefined ? name : `${ns}/${name}`}`
}

/**
 * An object name as a URL path segment. RBAC names such as
 * `system:controller` keep their colon (a valid path character, and what
 * kubectl sends); everything else that needs it is percent-encoded.
 */
export function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/%3A/gi, ':').replace(/%40/g, '@')
}
