{{/* Names and labels shared by every template. */}}

{{- define "krafter.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "krafter.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "krafter.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "krafter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: krafter
{{- end -}}

{{- define "krafter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "krafter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "krafter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "krafter.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "krafter.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Leader election runs when asked for, and always with more than one replica. */}}
{{- define "krafter.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/*
The permissions the operator needs in every namespace it watches: exactly the resources and verbs its code uses
(operator/src/test/java/dev/krafter/chart/RbacRulesTest derives them from the sources and compares).
*/}}
{{- define "krafter.operatorRules" -}}
# KafkaCluster, Topic, ConsumerGroup and KafkaUser: watched, read, and patched (metadata such as finalizers).
- apiGroups: ["krafter.dev"]
  resources: ["kafkaclusters", "topics", "consumergroups", "kafkausers"]
  verbs: ["get", "list", "watch", "patch", "update"]
# Their status: the operator's only output on its own resources (it never writes spec).
- apiGroups: ["krafter.dev"]
  resources: ["kafkaclusters/status", "topics/status", "consumergroups/status", "kafkausers/status"]
  verbs: ["get", "patch", "update"]
# Children carry ownerReferences with blockOwnerDeletion, which needs update on the owner's finalizers.
- apiGroups: ["krafter.dev"]
  resources: ["kafkaclusters/finalizers", "topics/finalizers", "consumergroups/finalizers", "kafkausers/finalizers"]
  verbs: ["update"]
# Events on the resources it reconciles (kubectl describe); listed for a StatefulSet that cannot create a pod and a
# claim that is not bound, to say why in the cluster's status.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "get", "update", "list"]
# A cluster's objects: ConfigMaps, Services, ServiceAccount, StatefulSets, PodDisruptionBudget, NetworkPolicy.
- apiGroups: [""]
  resources: ["configmaps", "services", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Each cluster's NetworkPolicy (spec.networkPolicies): who may reach its controller and replication ports.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Certificates of clusters with TLS listeners: the CA, public CA and node certificate Secrets it owns (created and
# updated on renewal; the cluster's deletion removes them); each KafkaUser's credentials Secret, named after it and
# owned by it; and the Secrets a spec names (cert-manager's, a KafkaUser's passwordFrom), read only. No list or watch:
# RBAC cannot narrow them to the operator's own Secrets, so it reads each by name.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update"]
# Pods: observed, deleted one at a time to roll, annotated with their template hash.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete", "patch"]
# Claims: the cluster id recorded on each (a cluster re-created on kept claims reads it back); the claims of
# brokers removed by scale-down deleted when storage.deleteClaim is true.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "patch", "delete"]
# Lag-driven autoscaling of a ConsumerGroup's Deployment or StatefulSet, through the scale subresource.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get"]
- apiGroups: ["apps"]
  resources: ["deployments/scale", "statefulsets/scale"]
  verbs: ["get", "update", "patch"]
{{- end -}}

{{/* Leader election: a Lease in the operator's own namespace. */}}
{{- define "krafter.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end -}}
