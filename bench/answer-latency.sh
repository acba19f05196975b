#!/usr/bin/env bash
# Answer latency through a running platform: N questions at concurrency C against POST /v1/answers,
# then p50/p95 of the client-side total and of the service's own time to first token and total.
#   bench/answer-latency.sh [-u URL] [-c COLLECTION] [-n REQUESTS] [-p CONCURRENCY] [-m MAX_TOKENS] [-q FILE]
# (-q: questions, one per line, asked round-robin; default: eight questions about the samples)
# Needs the collection ingested (./rag demo fills 'samples'). Prints one table row per run.
# Against generation-service directly (no gateway), set BENCH_SERVICE_TOKEN to the platform's
# service token (RAG_SERVICE_TOKEN, or $RAG_STATE_DIR/service-token): it is sent as
# X-Rag-Service-Token, which internal services require.
set -euo pipefail
url=http://127.0.0.1:8080 collection=samples requests=40 concurrency=1 max_tokens=32
[ "${1:-}" = --one ] || while getopts "u:c:n:p:m:q:" opt; do
  case $opt in
    u) url=$OPTARG ;; c) collection=$OPTARG ;; n) requests=$OPTARG ;; p) concurrency=$OPTARG ;;
    m) max_tokens=$OPTARG ;; q) export BENCH_QUESTIONS=$OPTARG ;; *) exit 2 ;;
  esac
done
questions=(
  "How long should I boil tap water during a boil water advisory?"
  "How much is the rebate for a high-efficiency toilet?"
  "What is the late fee when a payment is late?"
  "On which days do even-numbered addresses water their lawns?"
  "Who thaws frozen service lines on the street side?"
  "Which number do I call to report a main break?"
  "When is a boil water advisory lifted?"
  "How much deposit do tenants pay to start service?")
[ -z "${BENCH_QUESTIONS:-}" ] || mapfile -t questions <"$BENCH_QUESTIONS"
if [ "${1:-}" = --one ]; then
  # One request (run by xargs below): BENCH_OUT, BENCH_URL, ... come from the parent.
  i=$2 q=${questions[$(( $2 % ${#questions[@]} ))]}
  auth=()
  [ -z "${BENCH_SERVICE_TOKEN:-}" ] || auth=(-H "X-Rag-Service-Token: $BENCH_SERVICE_TOKEN")
  curl -sS -o "$BENCH_OUT/$i.json" -w '%{time_total}\n' -H 'Content-Type: application/json' "${auth[@]}" \
    -d "$(jq -nc --arg q "$q" --arg c "$BENCH_COLLECTION" --argjson n "$BENCH_MAX_TOKENS" \
      '{question: $q, collection: $c, max_tokens: $n}')" \
    "$BENCH_URL/v1/answers" >"$BENCH_OUT/$i.time"
  exit 0
fi
out=$(mktemp -d)
export BENCH_OUT=$out BENCH_URL=$url BENCH_COLLECTION=$collection BENCH_MAX_TOKENS=$max_tokens
seq 0 $((requests - 1)) | xargs -P "$concurrency" -I{} "$0" --one {}
percentile() { sort -n | awk -v p="$1" '{v[NR]=$1} END {i=int((NR-1)*p+0.5)+1; printf "%.0f", v[i]}'; }
# answers() FILTER: FILTER over every answer body that is JSON (jq; a refusal may not be). One jq
# per file: a synthetic model's answer can hold bytes that break jq's line-by-line raw input.
answers() { local f; for f in "$out"/*.json; do jq -r "$1" "$f" 2>/dev/null || true; done; }
field() { answers "first(.. | objects | select(has(\"$1\")) | .\"$1\") // empty"; }
mode=$(jq -r '.mode // empty' "$out"/0.json 2>/dev/null || true)
client=$(cat "$out"/*.time | awk '{printf "%.0f\n", $1 * 1000}')
failed=$((requests - $(answers '.mode // empty' | wc -l)))
printf '| %s | %d | %d | %s | %s | %s | %s | %s | %s | %d |\n' "$mode" "$concurrency" "$requests" \
  "$(percentile 0.5 <<<"$client")" "$(percentile 0.95 <<<"$client")" \
  "$(field firstTokenMs | percentile 0.5)" "$(field firstTokenMs | percentile 0.95)" \
  "$(field totalMs | percentile 0.5)" "$(field totalMs | percentile 0.95)" "$failed"
rm -rf "$out"
