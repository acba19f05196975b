#!/usr/bin/env bash
# Benchmarks the runtime on a synthetic Llama-1B-shaped model (dim 2048, 16 layers, 32 heads,
# 8 KV heads, FFN 8192) with the stories260K tokenizer. Model files go to /tmp (about 1 GB for
# Q8_0, 0.55 GB for Q4_0) and must never be committed. Prints one JSON stats line per run.
# Usage: libs/llm-runtime/bench/bench-1b.sh [q8_0|q4_0 ...]   (run from the repository root,
# after ./mvnw -q -pl libs/llm-runtime -am package -DskipTests). BENCH_ACTIVATIONS=f32 runs the
# float-activation path instead of the default int8 one (q8).
set -euo pipefail
JAR=libs/llm-runtime/target/llm-runtime-0.1.0-SNAPSHOT.jar
SHARED=${RAG_SHARED_DIR:-../shared}
TOKENIZER=$SHARED/models/stories260K/stories260K.gguf
. ops/lib/jdk.sh
jdk_find || { echo "bench-1b: $JDK_MISSING" >&2; exit 1; }
# target/lib: the runtime class path (libs/command-line, Jinjava), copied there at package time.
RUN=("$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR:libs/llm-runtime/target/lib/*")
N=${BENCH_TOKENS:-128}
ACT=${BENCH_ACTIVATIONS:-q8}  # the bench measures the fast path; the product's default is f32
LONG_PROMPT=$(printf 'Once upon a time there was a little girl named Lily who loved to play in the park with her dog. %.0s' {1..12})

for TYPE in "${@:-q8_0 q4_0}"; do
  MODEL=/tmp/llama-1b-$TYPE.gguf
  [ -f "$MODEL" ] || "${RUN[@]}" dev.rag.llm.cli.SynthesizeModelCommand --out "$MODEL" --type "$TYPE" \
      --tokenizer-from "$TOKENIZER" --dim 2048 --layers 16 --heads 32 --kv-heads 8 --ffn 8192 --context 2048
  echo "== $TYPE single stream, -n $N; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${RUN[@]}" dev.rag.llm.cli.GenerateCommand --model "$MODEL" --prompt "Once upon a time" -n "$N" --temp 0 --threads 2 --activations "$ACT" --stats 2>&1 >/dev/null | grep '^{'
  for C in 4 16; do
    echo "== $TYPE --parallel $C, -n $N; load: $(cut -d' ' -f1-3 /proc/loadavg)"
    "${RUN[@]}" dev.rag.llm.cli.GenerateCommand --model "$MODEL" --prompt "Once upon a time" -n "$N" --temp 0 --threads 2 --activations "$ACT" --parallel "$C" --stats 2>&1 >/dev/null | grep '^{'
  done
  echo "== $TYPE prefill (long prompt), -n 1; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${RUN[@]}" dev.rag.llm.cli.GenerateCommand --model "$MODEL" --prompt "$LONG_PROMPT" -n 1 --temp 0 --threads 2 --activations "$ACT" --stats 2>&1 >/dev/null | grep '^{'
done
