#!/usr/bin/env bash
# bench/load-test.sh — saturation, overload and soak of the whole platform (issue 18).
#
#   bench/load-test.sh prepare [DOCUMENTS=600]          # own platform + SciFact documents
#   bench/load-test.sh sweep OPS RATES [SECONDS=45]      # e.g. sweep retrieve 5,10,20,40
#   bench/load-test.sh run MIX RATE [SECONDS=60] [LABEL] # e.g. run retrieve=8,answers=2,upload=1 30
#   bench/load-test.sh soak MIX RATE MINUTES             # + resource samples every 15 s, SVG plots
#   bench/load-test.sh down
#
# The platform is this checkout's embedded defaults, started with ./rag up on its own ports
# (1940x) and state ($RAG_LOAD_STATE, default /tmp/rag-load), so a developer's platform is left
# alone. Per-key rate limits are raised out of the way (RAG_LOAD_DEFAULT_LIMITS=1 keeps them), so
# what sheds load is the platform's own protection: the gateway's in-flight limit per service
# (503 + Retry-After) and the services' bounded pools. Requests come from bench/load/LoadGenerator.java
# (open loop: latencies run from each request's scheduled start). Queries: SciFact claims, in turn
# (RAG_LOAD_UNIQUE=true makes every query text unique, so no cache helps).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/ops/lib/jdk.sh"
jdk_find || { echo "load-test: $JDK_MISSING" >&2; exit 1; }

export RAG_STATE_DIR="${RAG_LOAD_STATE:-/tmp/rag-load}"
export RAG_GATEWAY_PORT=19400 RAG_INGEST_PORT=19401 RAG_EMBEDDING_PORT=19402 RAG_RETRIEVAL_PORT=19403 \
  RAG_RERANK_PORT=19404 RAG_GENERATION_PORT=19405
if [ -z "${RAG_LOAD_DEFAULT_LIMITS:-}" ]; then
  export RAG_GATEWAY_RATELIMIT_CAPACITY=1000000 RAG_GATEWAY_RATELIMIT_REFILLPERSECOND=1000000
fi
SCIFACT="${RAG_LOAD_SCIFACT:-$ROOT/../shared/datasets/scifact}"
COLLECTION=load-scifact
URL="http://127.0.0.1:$RAG_GATEWAY_PORT"
OUT="${RAG_LOAD_OUT:-$RAG_STATE_DIR/results}"
mkdir -p "$OUT"

key() { tr -d '[:space:]' <"$RAG_STATE_DIR/gateway/bootstrap-admin.key"; }

queries() {
  [ -s "$OUT/queries.txt" ] || jq -r '.text' "$SCIFACT/queries.jsonl" >"$OUT/queries.txt"
  echo "$OUT/queries.txt"
}

generate() { # generate MIX RATES SECONDS [LABEL] [SAMPLES]
  local extra=()
  [ -z "${4:-}" ] || extra+=(--label "$4")
  [ -z "${5:-}" ] || extra+=(--samples "$5")
  "$JAVA" "$ROOT/bench/load/LoadGenerator.java" --url "$URL" --key "$(key)" --collection "$COLLECTION" \
    --queries "$(queries)" --mix "$1" --rates "$2" --duration "$3" --timeout "${RAG_LOAD_TIMEOUT:-10}" \
    --unique "${RAG_LOAD_UNIQUE:-false}" \
    "${extra[@]}"
}

# resources FILE SECONDS: every 15 s, per service: RSS, threads, open files, the old generation's
# occupancy (the services run SerialGC: what survives young collections; a leak makes it climb
# across full collections) and the largest consumer lag the service's Kafka clients report.
resources() {
  local file=$1 until=$((SECONDS + $2))
  echo "epoch_s,service,rss_mb,threads,fds,old_gen_mb,kafka_lag" >"$file"
  while [ $SECONDS -lt $until ]; do
    for entry in gateway:$RAG_GATEWAY_PORT ingest-service:$RAG_INGEST_PORT embedding-service:$RAG_EMBEDDING_PORT \
      retrieval-service:$RAG_RETRIEVAL_PORT rerank-service:$RAG_RERANK_PORT generation-service:$RAG_GENERATION_PORT; do
      local name=${entry%%:*} port=${entry#*:} pid
      pid=$(cat "$RAG_STATE_DIR/run/$name.pid" 2>/dev/null) || continue
      [ -d "/proc/$pid" ] || continue
      local rss threads fds metrics live lag
      rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
      threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
      fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
      metrics=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/actuator/prometheus" 2>/dev/null || true)
      live=$(awk '/^jvm_memory_used_bytes/ && /area="heap"/ && /Tenured|Old/ {printf "%.0f", $NF / 1048576}' <<<"$metrics")
      lag=$(awk '/^kafka_consumer_fetch_manager_records_lag_max/ && $NF != "NaN" {if ($NF > m) m = $NF} END {printf "%.0f", m}' <<<"$metrics")
      echo "$(date +%s),$name,$rss,$threads,$fds,${live:-},${lag:-}" >>"$file"
    done
    sleep 15
  done
}

case "${1:-}" in
  prepare)
    documents=${2:-600}
    "$ROOT/rag" up >/dev/null
    have=$(curl -fsS -H "Authorization: Bearer $(key)" "$URL/v1/collections/$COLLECTION/documents?size=1" 2>/dev/null |
      jq -r '.total // 0' || echo 0)
    if [ "$have" -lt "$documents" ]; then
      dir=$(mktemp -d)
      # One Markdown file per SciFact abstract (title as heading), the first N of the corpus.
      { zcat "$SCIFACT/corpus.jsonl.gz" || true; } | head -n "$documents" |
        jq -r '[._id, .title, .text] | @tsv' |
        while IFS=$'\t' read -r id title text; do printf '# %s\n\n%s\n' "$title" "$text" >"$dir/$id.md"; done
      start=$SECONDS
      RAG_INGEST_BATCH=200 "$ROOT/rag" ingest "$dir" --collection "$COLLECTION"
      echo "ingested $documents documents in $((SECONDS - start)) s"
      rm -rf "$dir"
    fi
    ;;
  sweep)
    generate "${2:?ops}=1" "${3:?rates}" "${4:-45}"
    ;;
  run)
    generate "${2:?mix}" "${3:?rate}" "${4:-60}" "${5:-}"
    ;;
  soak)
    mix=${2:?mix} rate=${3:?rate} minutes=${4:?minutes}
    stamp=$(date -u +%Y%m%dT%H%M)
    resources "$OUT/soak-$stamp-resources.csv" $((minutes * 60 + 30)) &
    sampler=$!
    generate "$mix" "$rate" $((minutes * 60)) "soak ${rate}/s" "$OUT/soak-$stamp-requests.csv"
    wait "$sampler"
    python3 "$ROOT/bench/load/plot.py" "$OUT/soak-$stamp-resources.csv" "$OUT/soak-$stamp-requests.csv" \
      "$OUT/soak-$stamp.svg"
    echo "plots: $OUT/soak-$stamp.svg (data: $OUT/soak-$stamp-*.csv)"
    ;;
  down)
    "$ROOT/rag" down
    ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
