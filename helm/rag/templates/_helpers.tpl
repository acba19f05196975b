{{/* Name of one service's objects: <release>-<service>, at most 63 characters. */}}
{{- define "rag.component" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "rag.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: rag
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The labels a Service, PDB or ServiceMonitor selects pods by. */}}
{{- define "rag.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The URL of another service inside the cluster. */}}
{{- define "rag.url" -}}
{{- $svc := index .root.Values.services .name -}}
http://{{ include "rag.component" . }}:{{ $svc.port }}
{{- end -}}

{{/* Services that use PostgreSQL (their own schema each). */}}
{{- define "rag.usesPostgres" -}}
{{- if has .name (list "gateway" "ingest-service" "retrieval-service") }}true{{ end -}}
{{- end -}}

{{/* Services that consume or produce Kafka topics. */}}
{{- define "rag.usesKafka" -}}
{{- if has .name (list "gateway" "ingest-service" "embedding-service" "retrieval-service") }}true{{ end -}}
{{- end -}}

{{/* Services that read model files. */}}
{{- define "rag.usesModels" -}}
{{- if has .name (list "embedding-service" "rerank-service" "generation-service") }}true{{ end -}}
{{- end -}}

{{/* The environment variable naming this service's port, e.g. RAG_INGEST_PORT. */}}
{{- define "rag.portVariable" -}}
RAG_{{ .name | trimSuffix "-service" | upper | replace "-" "_" }}_PORT
{{- end -}}

{{/* The Secret and key holding the service token: the one you name, or the chart's own. */}}
{{- define "rag.serviceTokenSecret" -}}
{{- .Values.serviceToken.existingSecret | default (printf "%s-service-token" .Release.Name) -}}
{{- end -}}
{{- define "rag.serviceTokenKey" -}}
{{- if .Values.serviceToken.existingSecret }}{{ .Values.serviceToken.existingSecretKey | default "token" }}{{ else }}token{{ end -}}
{{- end -}}

{{/* The service token as the cluster has it now (lookup; nothing when rendered offline or when
     the Secret does not exist yet). For the chart's own Secret a missing token becomes a new
     random one, so installs generate it once and upgrades keep it. Computed once per render
     (kept in .Values.serviceToken._current), so the Secret and the pods' checksum agree. */}}
{{- define "rag.serviceToken" -}}
{{- if not (hasKey .Values.serviceToken "_current") -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "rag.serviceTokenSecret" .) -}}
{{- $key := include "rag.serviceTokenKey" . -}}
{{- $token := "" -}}
{{- if and $secret (hasKey $secret "data") (hasKey (get $secret "data") $key) -}}
{{- $token = get (get $secret "data") $key | b64dec -}}
{{- else if not .Values.serviceToken.existingSecret -}}
{{- $token = randAlphaNum 64 -}}
{{- end -}}
{{- $_ := set .Values.serviceToken "_current" $token -}}
{{- end -}}
{{- get .Values.serviceToken "_current" -}}
{{- end -}}

{{/* Pod annotation that rolls the pods when the service token changes. */}}
{{- define "rag.serviceTokenChecksum" -}}
{{- with include "rag.serviceToken" . -}}
checksum/service-token: {{ . | sha256sum }}
{{- end -}}
{{- end -}}

{{/* Who may call each internal service over HTTP (besides the gateway, which calls them all). */}}
{{- define "rag.callers" -}}
{{- $callers := dict
      "ingest-service" (list "gateway")
      "embedding-service" (list "gateway")
      "retrieval-service" (list "gateway" "generation-service")
      "rerank-service" (list "gateway" "generation-service")
      "generation-service" (list "gateway") -}}
{{- index $callers .name | toJson -}}
{{- end -}}

{{/* The pod spec shared by the Deployments and the StatefulSet. */}}
{{- define "rag.podSpec" -}}
{{- $root := .root -}}
{{- $svc := index $root.Values.services .name -}}
{{- $component := include "rag.component" . -}}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
# SIGTERM comes after the preStop pause; each service then refuses readiness, lets in-flight
# requests finish (server.shutdown=graceful), stops its Kafka listeners and (ingest-service)
# drains accepted documents for up to 20 s; every shutdown phase is bounded by 30 s.
terminationGracePeriodSeconds: 45
containers:
  - name: {{ .name }}
    image: "{{ $root.Values.image.repository }}/{{ .name }}:{{ $root.Values.image.tag }}"
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    ports:
      - name: http
        containerPort: {{ $svc.port }}
        protocol: TCP
    envFrom:
      - configMapRef:
          name: {{ $component }}
      - secretRef:
          name: {{ $component }}
    env:
      - name: JAVA_OPTS
        value: {{ $svc.javaOpts | quote }}
      # The credential the services present to one another (header X-Rag-Service-Token).
      - name: RAG_SERVICE_TOKEN
        valueFrom:
          secretKeyRef:
            name: {{ include "rag.serviceTokenSecret" $root }}
            key: {{ include "rag.serviceTokenKey" $root }}
      {{- if include "rag.usesPostgres" . }}
      - name: RAG_PG_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ $root.Values.postgres.existingSecret | default (printf "%s-postgres" $root.Release.Name) }}
            key: password
      {{- end }}
      {{- if eq .name "gateway" }}
      # A Redis URL may carry a password (redis://:secret@host:6379), so it comes from a Secret.
      - name: RAG_REDIS_URL
        valueFrom:
          secretKeyRef:
            name: {{ $root.Values.redis.existingSecret | default (printf "%s-redis" $root.Release.Name) }}
            key: url
      {{- end }}
      {{- if eq .name "retrieval-service" }}
      # Every replica holds a full index, so each consumes with its own group.
      - name: POD_NAME
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      - name: RAG_RETRIEVAL_CONSUMER_GROUP
        value: "retrieval-$(POD_NAME)"
      {{- end }}
    lifecycle:
      # Endpoints drop a terminating pod asynchronously: keep serving for a moment so no request
      # is routed to a process that has already stopped accepting.
      preStop:
        exec:
          command: ["sleep", "5"]
    startupProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
      failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
    livenessProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
      failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
    readinessProbe:
      httpGet: {path: /actuator/health/readiness, port: http}
      periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
      failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
    resources:
      {{- toYaml $svc.resources | nindent 6 }}
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      {{- if eq .name "ingest-service" }}
      - name: staging
        mountPath: /var/lib/rag/ingest
      {{- end }}
      {{- if eq .name "retrieval-service" }}
      - name: index
        mountPath: /var/lib/rag/retrieval
      {{- end }}
      {{- if and (include "rag.usesModels" .) $root.Values.models.existingClaim }}
      - name: models
        mountPath: /models
        readOnly: true
      {{- end }}
volumes:
  - name: tmp
    emptyDir: {}
  {{- if eq .name "ingest-service" }}
  - name: staging
    emptyDir:
      sizeLimit: {{ $svc.stagingSize }}
  {{- end }}
  {{- if and (include "rag.usesModels" .) $root.Values.models.existingClaim }}
  - name: models
    persistentVolumeClaim:
      claimName: {{ $root.Values.models.existingClaim }}
      readOnly: true
  {{- end }}
{{- end -}}
