#!/usr/bin/env bash
# Speculative decoding's acceptance and speed: plain decoding, prompt lookup and a draft model, on
# stories260K (a real model: F32, drafted by its own Q8_0 file) and on the synthetic 1B shape (Q8_0,
# drafted by the same weights in Q4_0; bench-1b.sh makes both files). Two prompts: a story opening,
# and an extractive one (a source, then the start of a sentence that copies from it).
# Usage: libs/llm-runtime/bench/speculation.sh (from the repository root, after
# ./mvnw -q -pl libs/llm-runtime -am package -DskipTests). Prints one JSON stats line per run.
set -euo pipefail
JAR=libs/llm-runtime/target/llm-runtime-0.1.0-SNAPSHOT.jar
SHARED=${RAG_SHARED_DIR:-../shared}
STORIES=$SHARED/models/stories260K
. ops/lib/jdk.sh
jdk_find || { echo "speculation: $JDK_MISSING" >&2; exit 1; }
RUN=("$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR:libs/llm-runtime/target/lib/*")
N=${BENCH_TOKENS:-96}
K=${BENCH_DRAFT_TOKENS:-4}
STORY="Once upon a time"
EXTRACT="Lily had a red ball. She played with the red ball in the park every day. Her friend Tom had a blue kite. Tom flew the blue kite in the park every day. Lily had a red ball. She played with"

run() { # model, draft file, prompt name, prompt, speculate mode
  echo "== $(basename "$1") $5 prompt=$3 -n $N k=$K; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${RUN[@]}" dev.rag.llm.cli.GenerateCommand --model "$1" --prompt "$4" -n "$N" --temp 0 --threads 2 \
    --speculate "$5" --draft-tokens "$K" --stats 2>&1 >/dev/null | grep '^{'
}
for P in story extract; do
  PROMPT=$STORY; [ "$P" = extract ] && PROMPT=$EXTRACT
  for MODE in off lookup "draft:$STORIES/stories260K-q8_0.gguf"; do
    run "$STORIES/stories260K.gguf" "" "$P" "$PROMPT" "$MODE"
  done
  for MODE in off lookup draft:/tmp/llama-1b-q4_0.gguf; do
    run /tmp/llama-1b-q8_0.gguf "" "$P" "$PROMPT" "$MODE"
  done
done
