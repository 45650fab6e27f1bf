/** The API resources the rehearsal cluster serves, with their discovery data. */
export interface ResourceType {
  group: string
  version: string
  /** Plural lower-case name used in URLs. */
  resource: string
  singular: string
  kind: string
  namespaced: boolean
  shortNames?: string[]
  categories?: string[]
  subresources: string[]
  /** Create-only resources (reviews) answer POST and are never stored. */
  createOnly?: boolean
}

const RW = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch'
]

export const RESOURCES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status']
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status']
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'eviction']
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    subresources: []
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    subresources: []
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    subresources: []
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    subresources: []
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status']
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status']
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    singular: 'controllerrevision',
    kind: 'ControllerRevision',
    namespaced: true,
    subresources: []
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status']
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status']
  },
  {
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status']
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingwebhookconfigurations',
    singular: 'validatingwebhookconfiguration',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    subresources: []
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'mutatingwebhookconfigurations',
    singular: 'mutatingwebhookconfiguration',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    subresources: []
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
    subresources: []
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
    subresources: []
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'roles',
    singular: 'role',
    kind: 'Role',
    namespaced: true,
    subresources: []
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
    subresources: []
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    resource: 'priorityclasses',
    singular: 'priorityclass',
    kind: 'PriorityClass',
    namespaced: false,
    shortNames: ['pc'],
    subresources: []
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    subresources: [],
    createOnly: true
  }
]

export function groupVersionOf(r: ResourceType): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`
}

/** Store key of a resource: `group/resource`. */
export function storeKey(r: ResourceType): string {
  return `${r.group}/${r.resource}`
}

export function findResource(
  group: string,
  version: string,
  resource: string
): ResourceType | undefined {
  return RESOURCES.find(
    (r) => r.group === group && r.version === version && r.resource === resource
  )
}

export function resourceByKind(kind: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.kind === kind)
}

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-rehearsal',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64'
}

export function apiVersionsDoc(): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }
    ]
  }
}

function groups(): string[] {
  const out: string[] = []
  for (const r of RESOURCES)
    if (r.group !== '' && !out.includes(r.group)) out.push(r.group)
  return out
}

export function apiGroupDoc(group: string): object {
  const versions = [{ groupVersion: `${group}/v1`, version: 'v1' }]
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions,
    preferredVersion: versions[0]
  }
}

export function apiGroupListDoc(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups().map((g) => {
      const {
        kind: _k,
        apiVersion: _a,
        ...rest
      } = apiGroupDoc(g) as Record<string, unknown>
      return rest
    })
  }
}

export function hasGroupVersion(group: string, version: string): boolean {
  return RESOURCES.some((r) => r.group === group && r.version === version)
}

export function apiResourceListDoc(group: string, version: string): object {
  const resources: object[] = []
  for (const r of RESOURCES) {
    if (r.group !== group || r.version !== version) continue
    const verbs = r.createOnly ? ['create'] : RW
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {})
    })
    for (const sub of r.subresources) {
      resources.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs:
          sub === 'log'
            ? ['get']
            : sub === 'eviction'
              ? ['create']
              : ['get', 'patch', 'update']
      })
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources
  }
}

function openApiPath(r: ResourceType): string {
  const prefix =
    r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`
  return r.namespaced
    ? `${prefix}/namespaces/{namespace}/${r.resource}/{name}`
    : `${prefix}/${r.resource}/{name}`
}

/** /openapi/v3 root: one entry per group-version. */
export function openApiV3Root(): object {
  const paths: Record<string, object> = {}
  for (const r of RESOURCES) {
    const key =
      r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=REHEARSAL0001` }
  }
  return { paths }
}

/**
 * A minimal OpenAPI v3 document for one group-version: enough for kubectl
 * to see that PATCH accepts `fieldValidation` (so it leaves validation to
 * the server). Schemas are not served.
 */
export function openApiV3Doc(
  group: string,
  version: string
): object | undefined {
  const list = RESOURCES.filter(
    (r) => r.group === group && r.version === version && !r.createOnly
  )
  if (list.length === 0 && !hasGroupVersion(group, version)) return undefined
  const q = (name: string): object => ({
    name,
    in: 'query',
    schema: { type: 'string', uniqueItems: true }
  })
  const paths: Record<string, object> = {}
  for (const r of list) {
    const gvk = { group: r.group, version: r.version, kind: r.kind }
    paths[openApiPath(r)] = {
      patch: {
        operationId: `patch${r.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [
          q('dryRun'),
          q('fieldManager'),
          q('fieldValidation'),
          q('force')
        ],
        responses: { '200': { description: 'OK' } }
      },
      put: {
        operationId: `replace${r.kind}`,
        'x-kubernetes-action': 'put',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [q('dryRun'), q('fieldManager'), q('fieldValidation')],
        responses: { '200': { description: 'OK' } }
      }
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} }
  }
}
