#!/usr/bin/env bash
# Serving benchmarks (results in docs/benchmarks.md): JMH sample-time percentiles of the in-process predict
# paths, the heap a large factor model takes, and the packaged function under a Lambda Runtime API
# (JVM start to first answer, and per-invocation latency); the events function the same way, against a Redis
# server and the in-process S3 server, five fresh events a call.   scripts/bench-predict.sh [jmh|ann|heap|lambda|events|all]
# (ann: top-10 through the predict handler for a 1,000,000-item model behind its HNSW index; builds it, ~4 min)
# The lambda part serves the model ALGORITHM trains on ML-100K (default ials; e.g. ALGORITHM=two-stage).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [[ $what == jmh || $what == all ]]; then
  java -cp "$cp" org.openjdk.jmh.Main 'dev.lambdarec.bench.PredictBenchmark' -rf text -rff target/jmh-predict.txt 2>&1 \
    | grep -E "^(Benchmark|PredictBenchmark)|p0.50|p0.99|p0.999" | grep -v "·p0.999\b" || true
fi
if [[ $what == ann || $what == all ]]; then
  java -cp "$cp" org.openjdk.jmh.Main 'dev.lambdarec.bench.AnnPredictBenchmark' -rf text -rff target/jmh-ann-predict.txt 2>&1 \
    | grep -E "^(Benchmark|AnnPredictBenchmark)|index over|p0.50|p0.99|p0.999" | grep -v "·p0.999\b" || true
fi
if [[ $what == heap || $what == all ]]; then
  java -Xmx8g -cp "$cp" dev.lambdarec.bench.ModelHeap 1000000 100000 64
fi
if [[ $what == lambda || $what == all ]]; then
  store=${BENCH_DIR:-/tmp/lambdarec-bench}/predict-store
  rm -rf "$store"
  scripts/run-local.sh --data "${ML100K:-../shared/data/ml-100k}" --format movielens-100k --algorithms "${ALGORITHM:-ials}" \
    --store "$store" --work "${BENCH_DIR:-/tmp/lambdarec-bench}/predict-work" | grep -E "promoted"
  ./mvnw -B -q -DskipTests package >&2
  for body in events/predict-instances.json events/predict-topk.json; do
    echo "== $body"
    java -cp "$cp" dev.lambdarec.bench.LambdaRuntimeBench "$store" lambdarec predict "$body" 4000 | grep -E "JVM start|invocations"
  done
fi
if [[ $what == events || $what == all ]]; then
  body=${BENCH_DIR:-/tmp/lambdarec-bench}/events.body.json
  mkdir -p "$(dirname "$body")"
  ./mvnw -B -q -DskipTests package >&2
  printf '%s' '{"user":"196","events":[{"item":"242","type":"click","eventId":"b-{n}-1"},{"item":"302","type":"view","eventId":"b-{n}-2"},{"item":"377","type":"view","eventId":"b-{n}-3"},{"item":"51","type":"rating","value":4,"eventId":"b-{n}-4"},{"item":"346","type":"purchase","eventId":"b-{n}-5"}]}' > "$body"
  # the in-process S3 server in memory, then on disk (where each PUT is also the file system's write and rename)
  for store in memory "${BENCH_DIR:-/tmp/lambdarec-bench}/events-store"; do
    [[ $store == memory ]] || { rm -rf "$store" && mkdir -p "$store"; }
    echo "== events ($body, S3 server store: $store)"
    java -cp "$cp" dev.lambdarec.bench.LambdaRuntimeBench "$store" lambdarec events "$body" 2000 | grep -E "JVM start|invocations|first response"
  done
fi
