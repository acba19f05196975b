#!/usr/bin/env bash
# bench/fault-suite.sh — the full fault suite (FaultEndToEndTest is the CI-sized one).
#
#   bench/fault-suite.sh [--documents N] [--faults "FAULT ..."]
#
# Starts its own platform with ./rag up (state in $RAG_FAULT_STATE, default /tmp/rag-fault-suite;
# services on ports 1930x, so a developer's platform is left alone), then for each fault: writes N
# small Markdown documents, runs ./rag ingest into a new collection, injects the fault once
# ingestion is under way, brings the platform back with ./rag up (the broker with ops/local/infra),
# waits for ./rag ingest to end and checks what the platform promises:
#   lost        accepted documents not INDEXED in the registry
#   duplicated  documents written twice (a second version) by the recovery
#   chunks      registry chunk counts minus the chunks the index acknowledged in the jobs
#   dlq         records of the collection on a dead-letter topic
#   recovery    seconds from the fault to the end of ./rag ingest
# and prints one table row per fault (Markdown, for bench/RESULTS.md).
#
# and, per fault, what one hybrid /v1/retrieve answered 5 s into it (HTTP status, "degraded" when
# a retriever was left out).
#
# Faults: kill:SERVICE (kill -9), term:SERVICE (SIGTERM, graceful), stop:SERVICE (SIGSTOP for
# $RAG_FAULT_PAUSE seconds, default 60: a service that hangs past every timeout, then SIGCONT),
# kill:kafka (the broker, kill -9, restarted by ops/local/infra), disk:retrieval-service (the index
# volume filled to the last byte for $RAG_FAULT_PAUSE seconds, then freed; the suite mounts a
# 512 MiB tmpfs for the retrieval index, so it needs root), restart:postgres (stopped for 10 s,
# then started; with --postgres only). Default: kill -9 and SIGTERM of each of the six services,
# and the broker.
#
# --postgres runs the platform on PostgreSQL (ingest registry in schema ingest, dense vectors in
# pgvector) instead of the embedded defaults' H2 and Lucene vectors, as production does.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/ops/lib/jdk.sh"
jdk_find || { echo "$JDK_MISSING" >&2; exit 1; }

DOCUMENTS=300
POSTGRES=0
PAUSE=${RAG_FAULT_PAUSE:-60}
SERVICES="ingest-service embedding-service retrieval-service rerank-service generation-service gateway"
FAULTS=""
for s in $SERVICES; do FAULTS="$FAULTS kill:$s"; done
for s in $SERVICES; do FAULTS="$FAULTS term:$s"; done
FAULTS="$FAULTS kill:kafka"
while [ $# -gt 0 ]; do
  case "$1" in
    --documents) DOCUMENTS=$2; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    --postgres) POSTGRES=1; shift ;;
    *) echo "usage: $0 [--documents N] [--postgres] [--faults \"kill:SERVICE term:SERVICE stop:SERVICE kill:kafka disk:retrieval-service restart:postgres ...\"]" >&2; exit 2 ;;
  esac
done

export RAG_STATE_DIR="${RAG_FAULT_STATE:-/tmp/rag-fault-suite}"
# The machine's broker, as ./rag uses it (ops/local/infra would otherwise take one under the state dir,
# and kill:kafka would kill one broker and start another).
export RAG_INFRA_DIR="${RAG_INFRA_DIR:-$HOME/.rag/infra}"
export RAG_GATEWAY_PORT=19300 RAG_INGEST_PORT=19301 RAG_EMBEDDING_PORT=19302 RAG_RETRIEVAL_PORT=19303 \
  RAG_RERANK_PORT=19304 RAG_GENERATION_PORT=19305
export RAG_INGEST_BATCH=900 RAG_INGEST_OUTAGE_WAIT=600 RAG_INGEST_TIMEOUT=1800
RAG="$ROOT/rag"
INFRA="$ROOT/ops/local/infra"
URL="http://127.0.0.1:$RAG_GATEWAY_PORT"
WORK=$(mktemp -d)
VOLUME="$RAG_STATE_DIR/retrieval"
cleanup() {
  rm -rf "$WORK"
  if mountpoint -q "$VOLUME" 2>/dev/null; then "$RAG" down >/dev/null 2>&1 || true; umount -l "$VOLUME"; fi
}
trap cleanup EXIT

if [ "$POSTGRES" = 1 ]; then
  # Environment variables outrank the embedded profile's settings (Spring's relaxed binding).
  export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:${RAG_PG_PORT:-5432}/${RAG_PG_DB:-rag}"
  export SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=""
  export RAG_RETRIEVAL_DENSESTORE=pgvector RAG_RETRIEVAL_CONSUMERGROUP="retrieval-fault-suite-$(date +%s)"
fi
case " $FAULTS " in
  *" disk:retrieval-service "*)
    if ! mountpoint -q "$VOLUME"; then
      "$RAG" down >/dev/null 2>&1 || true
      rm -rf "$VOLUME" && mkdir -p "$VOLUME"
      mount -t tmpfs -o size=512m tmpfs "$VOLUME" || { echo "disk:retrieval-service needs root (mount)" >&2; exit 1; }
    fi ;;
esac

"$RAG" up >/dev/null
KEY=$(tr -d '[:space:]' <"$RAG_STATE_DIR/gateway/bootstrap-admin.key")
api() { curl -fsS -H "Authorization: Bearer $KEY" "$URL$1"; }

# documents DIR N: N small notes, each with its own marker word.
documents() {
  mkdir -p "$1"
  for ((i = 0; i < $2; i++)); do
    printf '# Field note %d\n\nObservation %d records marker%d near the river bend; the water stood %d cm above the stone.\n\n## Details\n\nSample %d matched the colour of the week before.\n' \
      "$i" "$i" "$i" $((i % 17)) "$i" >"$1/note-$i.md"
  done
}

pid_of() { cat "$RAG_STATE_DIR/run/$1.pid"; }

# fill PATH: zeros until the volume refuses another byte.
fill() {
  dd if=/dev/zero of="$1" bs=1M status=none 2>/dev/null || true
  dd if=/dev/zero of="$1" bs=4k oflag=append conv=notrunc status=none 2>/dev/null || true
}

inject() {
  local kind=${1%%:*} target=${1#*:}
  case "$kind:$target" in
    kill:kafka)
      kill -9 "$(cat "$RAG_INFRA_DIR/kafka.pid")"
      sleep 2
      "$INFRA" up kafka >/dev/null ;;
    restart:postgres)
      pg_ctlcluster --skip-systemctl-redirect "${RAG_PG_VERSION:-15}" main stop -m fast
      sleep 10
      pg_ctlcluster --skip-systemctl-redirect "${RAG_PG_VERSION:-15}" main start ;;
    disk:retrieval-service)
      fill "$VOLUME/filler"
      (sleep "$PAUSE"; rm -f "$VOLUME/filler") & ;;
    stop:*)
      kill -STOP "$(pid_of "$target")"
      (sleep "$PAUSE"; kill -CONT "$(pid_of "$target")") & ;;
    kill:*) kill -9 "$(pid_of "$target")" ;;
    term:*) kill -TERM "$(pid_of "$target")" ;;
    *) echo "unknown fault $1" >&2; exit 2 ;;
  esac
}

# probe COLLECTION: what one hybrid retrieval answers now ("200", "200 degraded", "503", "000" = no
# answer).
probe() {
  local out code
  out=$(curl -sS -m 20 -o "$WORK/probe.json" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -d "{\"query\":\"water above the stone\",\"collection\":\"$1\",\"k\":5}" \
    "$URL/v1/retrieve" 2>/dev/null) || true
  code=${out:-000}
  if [ "$code" = 200 ] && [ "$(jq -r '.degraded' "$WORK/probe.json" 2>/dev/null)" = true ]; then
    echo "200 degraded"
  else
    echo "$code"
  fi
}

# dead_letters COLLECTION: records of the collection on the .dlq topics (via the broker's tools).
dead_letters() {
  local n=0 topic
  for topic in rag.documents.dlq rag.chunks.dlq rag.embedded-chunks.dlq rag.index-events.dlq; do
    n=$((n + $("$JAVA" -cp "$RAG_INFRA_DIR/kafka-libs/*" \
      org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "${RAG_KAFKA_BOOTSTRAP:-127.0.0.1:9092}" \
      --topic "$topic" --from-beginning --timeout-ms 5000 --property print.key=true 2>/dev/null \
      | grep -c "^$1:" || true)))
  done
  echo "$n"
}

echo "| fault | documents | lost | duplicated | chunk mismatch | DLQ | recovery (s) | retrieve during fault |"
echo "|---|---|---|---|---|---|---|---|"
for fault in $FAULTS; do
  collection="fault-$(date +%s)-${fault//[^a-z]/}"
  dir="$WORK/$collection"
  documents "$dir" "$DOCUMENTS"
  "$RAG" ingest "$dir" -c "$collection" --json >"$WORK/$collection.json" 2>"$WORK/$collection.err" &
  ingest=$!
  # Under way: some documents in the registry.
  until [ "$(api "/v1/collections/$collection/documents?size=1" 2>/dev/null | jq -r '.total // 0')" -ge 20 ] 2>/dev/null; do
    sleep 0.3
  done
  start=$SECONDS
  inject "$fault"
  sleep 5
  during=$(probe "$collection")
  "$RAG" up >/dev/null 2>&1 || "$RAG" up >/dev/null
  status=0; wait "$ingest" || status=$?
  recovery=$((SECONDS - start))
  page=$(api "/v1/collections/$collection/documents?size=500")
  indexed=$(jq '[.items[] | select(.status == "INDEXED")] | length' <<<"$page")
  duplicated=$(jq '[.items[] | select(.version > 1)] | length' <<<"$page")
  registry_chunks=$(jq '[.items[].chunkCount] | add // 0' <<<"$page")
  job_chunks=$(jq '[.[].chunks.indexed] | add // 0' "$WORK/$collection.json" 2>/dev/null || echo 0)
  printf '| %s | %d | %d | %d | %d | %d | %d%s | %s |\n' "$fault" "$DOCUMENTS" $((DOCUMENTS - indexed)) \
    "$duplicated" $((registry_chunks - job_chunks)) "$(dead_letters "$collection")" "$recovery" \
    "$([ "$status" = 0 ] || echo " (rag ingest exit $status)")" "$during"
done
"$RAG" down >/dev/null
