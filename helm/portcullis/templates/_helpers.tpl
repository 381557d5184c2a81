{{/* The chart name, shortened to what a label value allows. */}}
{{- define "portcullis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, the base name of every object. */}}
{{- define "portcullis.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "portcullis.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "portcullis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "portcullis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "portcullis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "portcullis.serviceAccountName" -}}
{{- if or .Values.serviceAccount.create .Values.kubernetesDiscovery.enabled }}
{{- default (include "portcullis.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the admin password: the user's, the chart's, or the one generated at install. */}}
{{- define "portcullis.adminSecretName" -}}
{{- if .Values.admin.existingSecret }}
{{- .Values.admin.existingSecret }}
{{- else if .Values.admin.password }}
{{- include "portcullis.fullname" . }}
{{- else }}
{{- printf "%s-admin" (include "portcullis.fullname" .) }}
{{- end }}
{{- end }}

{{/* Whether the Redis password comes from a Secret at all. */}}
{{- define "portcullis.redisPasswordSet" -}}
{{- if and .Values.redis.enabled (or .Values.redis.password .Values.redis.existingSecret) }}true{{ end }}
{{- end }}

{{- define "portcullis.redisSecretName" -}}
{{- default (include "portcullis.fullname" .) .Values.redis.existingSecret }}
{{- end }}

{{- define "portcullis.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "portcullis.fullname" .)) .Values.tls.existingSecret }}
{{- end }}

{{/* Seconds Spring may spend finishing in-flight requests: the grace period less the preStop sleep and a margin. */}}
{{- define "portcullis.shutdownPhaseSeconds" -}}
{{- $s := .Values.shutdown }}
{{- $phase := sub (sub (int $s.terminationGracePeriodSeconds) (int $s.preStopSleepSeconds)) 5 }}
{{- if lt $phase 5 }}
{{- fail "shutdown.terminationGracePeriodSeconds must exceed shutdown.preStopSleepSeconds by at least 10 seconds" }}
{{- end }}
{{- $phase }}
{{- end }}

{{/* Stops rendering on values that cannot work together. */}}
{{- define "portcullis.validate" -}}
{{- $r := .Values.redis }}
{{- if $r.enabled }}
{{- $modes := 0 }}
{{- if $r.host }}{{ $modes = add1 $modes }}{{ end }}
{{- if or $r.sentinel.master $r.sentinel.nodes }}{{ $modes = add1 $modes }}{{ end }}
{{- if $r.cluster.nodes }}{{ $modes = add1 $modes }}{{ end }}
{{- if ne (int $modes) 1 }}
{{- fail "redis.enabled needs exactly one of redis.host, redis.sentinel (master and nodes) or redis.cluster.nodes" }}
{{- end }}
{{- if and (or $r.sentinel.master $r.sentinel.nodes) (not (and $r.sentinel.master $r.sentinel.nodes)) }}
{{- fail "redis.sentinel needs both master and nodes" }}
{{- end }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.tls.existingSecret) (not (and .Values.tls.certificate .Values.tls.privateKey)) }}
{{- fail "tls.enabled needs tls.existingSecret, or tls.certificate and tls.privateKey" }}
{{- end }}
{{- if and .Values.configServer.enabled (not .Values.configServer.uri) }}
{{- fail "configServer.enabled needs configServer.uri" }}
{{- end }}
{{- if le (int .Values.shutdown.preStopSleepSeconds) (mul .Values.probes.readiness.periodSeconds .Values.probes.readiness.failureThreshold) }}
{{- fail "shutdown.preStopSleepSeconds must exceed probes.readiness.periodSeconds * failureThreshold" }}
{{- end }}
{{- end }}

{{/* The gateway's application.yml, built from the values. */}}
{{- define "portcullis.applicationYaml" -}}
{{- $v := .Values }}
{{- $server := dict "port" (int $v.ports.http) }}
{{- $spring := dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ss" (include "portcullis.shutdownPhaseSeconds" .))) }}
{{- if $v.config.routes }}
{{- $_ := set $spring "cloud" (dict "gateway" (dict "server" (dict "webflux" (dict "routes" $v.config.routes)))) }}
{{- end }}
{{- $portcullis := dict "admin" (dict "username" $v.admin.username) }}
{{- /* The preStop sleep already keeps serving while endpoints drop the pod; no second delay after SIGTERM. */}}
{{- $_ := set $portcullis "shutdown" (dict "readiness-delay" "0s") }}
{{- if $v.config.upstreams }}
{{- $_ := set $portcullis "upstreams" $v.config.upstreams }}
{{- end }}
{{- if $v.config.trustedProxies }}
{{- $_ := set $portcullis "forwarding" (dict "trusted-proxies" $v.config.trustedProxies) }}
{{- end }}
{{- if $v.redis.enabled }}
{{- $r := $v.redis }}
{{- $redis := dict "timeout" $r.timeout "ssl" (dict "enabled" $r.ssl.enabled) }}
{{- if and (int $r.database) (not $r.cluster.nodes) }}
{{- $_ := set $redis "database" (int $r.database) }}
{{- end }}
{{- if $r.host }}
{{- $_ := set $redis "host" $r.host }}
{{- $_ := set $redis "port" (int $r.port) }}
{{- end }}
{{- if $r.sentinel.master }}
{{- $_ := set $redis "sentinel" (dict "master" $r.sentinel.master "nodes" $r.sentinel.nodes) }}
{{- end }}
{{- if $r.cluster.nodes }}
{{- $_ := set $redis "cluster" (dict "nodes" $r.cluster.nodes) }}
{{- end }}
{{- $_ := set $spring "data" (dict "redis" $redis) }}
{{- $_ := set $portcullis "cache" (dict "store" "redis") }}
{{- $_ := set $portcullis "ratelimit" (dict "store" "redis") }}
{{- end }}
{{- if $v.tls.enabled }}
{{- $_ := set $portcullis "tls" (dict "enabled" true "certificate" "/etc/portcullis/tls/tls.crt" "private-key" "/etc/portcullis/tls/tls.key") }}
{{- end }}
{{- $config := dict "server" $server "management" (dict "server" (dict "port" (int $v.ports.management))) "spring" $spring "portcullis" $portcullis }}
{{- $config = mustMergeOverwrite $config (deepCopy $v.config.extra) }}
{{- toYaml $config }}
{{- end }}
