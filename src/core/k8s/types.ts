/**
 * Kubernetes objects as wire JSON, narrowed to the fields ds-rollout reads.
 * Every interface keeps an index signature so that fields we do not model
 * survive a round trip (client-node's typed models drop them; we never use
 * those models in the core).
 */

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export type JsonObject = { [key: string]: JsonValue }

/** A number or a percent string such as "10%" (intstr.IntOrString). */
export type IntOrPercent = number | string

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string | null
  deletionTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  [key: string]: unknown
}

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata?: ObjectMeta
  [key: string]: unknown
}

export interface LabelSelectorRequirement {
  key: string
  operator: string
  values?: string[]
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: LabelSelectorRequirement[]
}

export interface NodeSelectorRequirement {
  key: string
  operator: string
  values?: string[]
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[]
  matchFields?: NodeSelectorRequirement[]
}

export interface Toleration {
  key?: string
  operator?: string
  value?: string
  effect?: string
  tolerationSeconds?: number
}

export interface Taint {
  key: string
  value?: string
  effect: string
  timeAdded?: string
}

export interface ResourceRequirements {
  requests?: Record<string, string | number>
  limits?: Record<string, string | number>
  [key: string]: unknown
}

export interface ContainerPort {
  name?: string
  containerPort: number
  hostPort?: number
  hostIP?: string
  protocol?: string
}

export interface Probe {
  initialDelaySeconds?: number
  periodSeconds?: number
  timeoutSeconds?: number
  successThreshold?: number
  failureThreshold?: number
  [key: string]: unknown
}

export interface EnvVar {
  name: string
  value?: string
  valueFrom?: {
    secretKeyRef?: { name?: string; key: string; optional?: boolean }
    configMapKeyRef?: { name?: string; key: string; optional?: boolean }
    [key: string]: unknown
  }
}

export interface Container {
  name: string
  image?: string
  ports?: ContainerPort[]
  env?: EnvVar[]
  envFrom?: {
    configMapRef?: { name?: string; optional?: boolean }
    secretRef?: { name?: string; optional?: boolean }
    prefix?: string
  }[]
  resources?: ResourceRequirements
  readinessProbe?: Probe
  livenessProbe?: Probe
  startupProbe?: Probe
  securityContext?: { privileged?: boolean; [key: string]: unknown }
  [key: string]: unknown
}

export interface Volume {
  name: string
  configMap?: { name?: string; [key: string]: unknown }
  secret?: { secretName?: string; [key: string]: unknown }
  projected?: {
    sources?: {
      configMap?: { name?: string; [key: string]: unknown }
      secret?: { name?: string; [key: string]: unknown }
      [key: string]: unknown
    }[]
    [key: string]: unknown
  }
  [key: string]: unknown
}

export interface PodSpec {
  nodeName?: string
  nodeSelector?: Record<string, string>
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: NodeSelectorTerm[]
      }
      [key: string]: unknown
    }
    [key: string]: unknown
  }
  tolerations?: Toleration[]
  hostNetwork?: boolean
  hostPID?: boolean
  hostIPC?: boolean
  containers?: Container[]
  initContainers?: Container[]
  volumes?: Volume[]
  overhead?: Record<string, string | number>
  priorityClassName?: string
  restartPolicy?: string
  activeDeadlineSeconds?: number
  terminationGracePeriodSeconds?: number
  [key: string]: unknown
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta
  spec?: PodSpec
}

export interface DaemonSetUpdateStrategy {
  type?: string
  rollingUpdate?: {
    maxUnavailable?: IntOrPercent
    maxSurge?: IntOrPercent
  }
}

export interface DaemonSetSpec {
  selector?: LabelSelector
  template?: PodTemplateSpec
  updateStrategy?: DaemonSetUpdateStrategy
  minReadySeconds?: number
  revisionHistoryLimit?: number
  [key: string]: unknown
}

export interface DaemonSetStatus {
  currentNumberScheduled?: number
  desiredNumberScheduled?: number
  numberAvailable?: number
  numberMisscheduled?: number
  numberReady?: number
  numberUnavailable?: number
  observedGeneration?: number
  updatedNumberScheduled?: number
  collisionCount?: number
  [key: string]: unknown
}

export interface DaemonSet extends KubeObject {
  spec?: DaemonSetSpec
  status?: DaemonSetStatus
}

export interface NodeCondition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; [key: string]: unknown }
  status?: {
    allocatable?: Record<string, string | number>
    capacity?: Record<string, string | number>
    conditions?: NodeCondition[]
    [key: string]: unknown
  }
}

export interface PodCondition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
}

export interface Pod extends KubeObject {
  spec?: PodSpec
  status?: {
    phase?: string
    conditions?: PodCondition[]
    containerStatuses?: unknown[]
    initContainerStatuses?: unknown[]
    [key: string]: unknown
  }
}
