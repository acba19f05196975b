#!/usr/bin/env bash
# Gateway overhead and cache-hit latency with wrk (Debian package): starts a stand-in upstream
# (bench/gateway/UpstreamStub.java) and the gateway jar in production mode (Redis rate limits and
# answer cache; keys in a file for the run), then measures
#   1. POST /v1/retrieve straight to the upstream,
#   2. the same through the gateway (auth, rate limit in Redis, tenant check, proxy),
#   3. POST /v1/answers through the gateway, answered from the Redis cache (exact hit).
# Needs Redis, PostgreSQL and Kafka (./ops/local/infra up) and a built gateway jar.
#   bench/gateway-latency.sh [DURATION=20s] [CONNECTIONS=8] [THREADS=2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=${DURATION:-20s} CONNECTIONS=${CONNECTIONS:-8} THREADS=${THREADS:-2}
UP_PORT=${UP_PORT:-18391} GW_PORT=${GW_PORT:-18390}
. "$ROOT/ops/lib/jdk.sh"
jdk_find || { echo "gateway-latency: $JDK_MISSING" >&2; exit 1; }
STATE=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$STATE"; }
trap cleanup EXIT

"$JAVA" "$ROOT/bench/gateway/UpstreamStub.java" "$UP_PORT" >"$STATE/upstream.log" 2>&1 &
pids+=($!)
up="http://127.0.0.1:$UP_PORT"
"$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx384m \
  -jar "$ROOT/gateway/target/gateway-0.1.0-SNAPSHOT.jar" --server.port="$GW_PORT" \
  --rag.state-dir="$STATE" --rag.gateway.keys.store=file \
  --rag.gateway.ingest-url=$up --rag.gateway.embedding-url=$up --rag.gateway.retrieval-url=$up \
  --rag.gateway.rerank-url=$up --rag.gateway.generation-url=$up \
  --rag.gateway.redis-key-prefix="rag:bench:$$:" \
  --rag.gateway.rate-limit.capacity=1000000 --rag.gateway.rate-limit.refill-per-second=1000000 \
  --logging.structured.format.console= --logging.level.root=WARN >"$STATE/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/actuator/health/readiness" 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/actuator/health/readiness" || { tail -30 "$STATE/gateway.log"; exit 1; }
KEY=$(tr -d '[:space:]' <"$STATE/gateway/bootstrap-admin.key")
retrieve='{"query":"how hard is the water","collection":"bench","k":5}'
answer='{"question":"How hard is the water?","collection":"bench"}'

run() {  # run NAME URL BODY KEY
  echo "== $1  (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  BENCH_BODY=$3 BENCH_KEY=$4 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$ROOT/bench/gateway/post.lua" "$2" | grep -E 'Latency|50%|75%|90%|99%|Requests/sec|Non-2xx'
  echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Warm-up (JIT, connection pools); the first answer is a miss that fills the cache.
BENCH_BODY=$retrieve BENCH_KEY=$KEY wrk -t1 -c4 -d5s -s "$ROOT/bench/gateway/post.lua" \
  "http://127.0.0.1:$GW_PORT/v1/retrieve" >/dev/null
first=$(curl -sS -D - -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "$answer" "http://127.0.0.1:$GW_PORT/v1/answers" | tr -d '\r' | grep -i '^x-cache:')
sleep 1
second=$(curl -sS -D - -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "$answer" "http://127.0.0.1:$GW_PORT/v1/answers" | tr -d '\r' | grep -i '^x-cache:')
echo "first answer: $first; second: $second"
[ "${second#*: }" = hit-exact ] || { echo "the cache did not hit; gateway log:"; tail -30 "$STATE/gateway.log"; exit 1; }
BENCH_BODY=$answer BENCH_KEY=$KEY wrk -t1 -c4 -d5s -s "$ROOT/bench/gateway/post.lua" \
  "http://127.0.0.1:$GW_PORT/v1/answers" >/dev/null

run "direct    POST /v1/retrieve (upstream stub)" "$up/v1/retrieve" "$retrieve" ""
run "gateway   POST /v1/retrieve (proxied)" "http://127.0.0.1:$GW_PORT/v1/retrieve" "$retrieve" "$KEY"
run "gateway   POST /v1/answers  (cache hit-exact)" "http://127.0.0.1:$GW_PORT/v1/answers" "$answer" "$KEY"
hits=$(curl -fsS "http://127.0.0.1:$GW_PORT/actuator/prometheus" | grep '^rag_gateway_cache_requests_total' || true)
echo "$hits"
