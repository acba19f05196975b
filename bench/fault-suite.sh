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
# Faults: kill:SERVICE (kill -9), term:SERVICE (SIGTERM, graceful), kill:kafka (the broker,
# kill -9, restarted by ops/local/infra). Default: kill -9 and SIGTERM of each of the six
# services, and the broker. PostgreSQL is not in the embedded defaults' path (registry in H2,
# vectors in Lucene), so a PostgreSQL restart is a fault of the production profile only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/ops/lib/jdk.sh"
jdk_find || { echo "$JDK_MISSING" >&2; exit 1; }

DOCUMENTS=300
SERVICES="ingest-service embedding-service retrieval-service rerank-service generation-service gateway"
FAULTS=""
for s in $SERVICES; do FAULTS="$FAULTS kill:$s"; done
for s in $SERVICES; do FAULTS="$FAULTS term:$s"; done
FAULTS="$FAULTS kill:kafka"
while [ $# -gt 0 ]; do
  case "$1" in
    --documents) DOCUMENTS=$2; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    *) echo "usage: $0 [--documents N] [--faults \"kill:SERVICE term:SERVICE kill:kafka ...\"]" >&2; exit 2 ;;
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
trap 'rm -rf "$WORK"' EXIT

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

inject() {
  local kind=${1%%:*} target=${1#*:}
  if [ "$target" = kafka ]; then
    kill -9 "$(cat "$RAG_INFRA_DIR/kafka.pid")"
    sleep 2
    "$INFRA" up kafka >/dev/null
  elif [ "$kind" = kill ]; then
    kill -9 "$(pid_of "$target")"
  else
    kill -TERM "$(pid_of "$target")"
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

echo "| fault | documents | lost | duplicated | chunk mismatch | DLQ | recovery (s) |"
echo "|---|---|---|---|---|---|---|"
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
  "$RAG" up >/dev/null 2>&1 || "$RAG" up >/dev/null
  status=0; wait "$ingest" || status=$?
  recovery=$((SECONDS - start))
  page=$(api "/v1/collections/$collection/documents?size=500")
  indexed=$(jq '[.items[] | select(.status == "INDEXED")] | length' <<<"$page")
  duplicated=$(jq '[.items[] | select(.version > 1)] | length' <<<"$page")
  registry_chunks=$(jq '[.items[].chunkCount] | add // 0' <<<"$page")
  job_chunks=$(jq '[.[].chunks.indexed] | add // 0' "$WORK/$collection.json" 2>/dev/null || echo 0)
  printf '| %s | %d | %d | %d | %d | %d | %d%s |\n' "$fault" "$DOCUMENTS" $((DOCUMENTS - indexed)) \
    "$duplicated" $((registry_chunks - job_chunks)) "$(dead_letters "$collection")" "$recovery" \
    "$([ "$status" = 0 ] || echo " (rag ingest exit $status)")"
done
"$RAG" down >/dev/null
