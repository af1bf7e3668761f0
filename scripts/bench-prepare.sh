#!/usr/bin/env bash
# Benchmarks of prepare; results go in docs/benchmarks.md. Needs ../shared/data/ml-100k (not in this repo).
#   scripts/bench-prepare.sh [ml100k|parse20m|full20m|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
ml100k=${ML100K:-../shared/data/ml-100k}
out=${BENCH_DIR:-/tmp/lambdarec-bench}
mkdir -p "$out"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
bench() { java -Xmx2g -Djava.util.logging.config.file=/dev/null -cp "$cp" dev.lambdarec.bench.PrepareBench "$@"; }

if [[ $what == ml100k || $what == all ]]; then
  echo "== ML-100K, whole process (scripts/run-local.sh, fresh store, includes JVM start, S3 server start, upload)"
  rm -rf "$out/ml100k"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" scripts/run-local.sh --data "$ml100k" --format movielens-100k \
    --stages prepare --split stratified-item:0.75:42 --store "$out/ml100k/store" --work "$out/ml100k/work" 2>&1 \
    | grep -E "prepare: dataset|rows read|users|wall"
  echo "== ML-100K, warm JVM (the prepare function end to end against the in-process S3 server)"
  bench prepare "$ml100k" movielens-100k stratified-item:0.75:42 20 | tail -1
  bench parse "$ml100k" movielens-100k 20 | tail -1
fi

if [[ $what == parse20m || $what == full20m || $what == all ]]; then
  synth="$out/synthetic-20m"
  if [[ ! -f $synth/u.data ]]; then
    java -cp "$cp" -Xmx1g dev.lambdarec.bench.WriteSynthetic "$synth" 138000 27000 20000000 42
  fi
  if [[ $what != full20m ]]; then
    echo "== synthetic 20M rows (138,000 users x 27,000 items): parse + validate + deduplicate"
    bench parse "$synth" movielens-100k 4 | tail -1
  fi
  if [[ $what != parse20m ]]; then
    echo "== synthetic 20M rows, the main job with a 2 GB heap (-Xmx2g), 4 negatives per positive"
    rm -rf "$out/full20m"
    LAMBDAREC_JAVA_OPTS=-Xmx2g /usr/bin/time -f "wall %e s, peak RSS %M KB" scripts/run-local.sh --data "$synth" \
      --format movielens-100k --stages prepare --negatives 4 --store "$out/full20m/store" --work "$out/full20m/work" 2>&1 \
      | grep -E "read .* rows|prepare: dataset|timings|wall"
  fi
fi
