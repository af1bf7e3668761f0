#!/usr/bin/env bash
# Batch benchmarks (results in docs/benchmarks.md). redis-benchmark (Debian: redis-tools) is used for the
# write-throughput comparison when installed.   scripts/bench-batch.sh [ml100k|scale|all] [USERS ITEMS FACTORS]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | xargs) MHz, $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [[ $what == ml100k || $what == all ]]; then
  out=${BENCH_DIR:-/tmp/lambdarec-bench}/batch-ml100k; rm -rf "$out"
  scripts/run-local.sh --data "${ML100K:-../shared/data/ml-100k}" --format movielens-100k --algorithms ials --shards 2 \
    --store "$out/store" --work "$out/work" | grep -E "promoted|users written"
fi
if [[ $what == scale || $what == all ]]; then
  java -Xmx12g -cp "$cp" dev.lambdarec.bench.BatchBench "${2:-1000000}" "${3:-50000}" "${4:-64}" 2>&1 | grep -v INFO
fi
