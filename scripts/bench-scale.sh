#!/usr/bin/env bash
# The whole pipeline at ML-20M's shape on synthetic data, per stage: wall seconds and peak memory (resident set of
# every java process of the run, sampled every 0.5 s: the pipeline's JVM and the training job's child JVM).
#   scripts/bench-scale.sh [USERS ITEMS INTERACTIONS [ALGORITHMS]]   default 138000 27000 20000000 ials
# iALS trains its defaults (SCALE_HYPERPARAMETERS="--hyperparameter ials.tune=off"): tune=auto would train it
# tune_trials more times on three quarters of the data.
# Stages: write the synthetic raw data, prepare, train (each algorithm a child JVM), register, batch to an embedded
# Redis with 8 shards; then the predict function's cold start on that model (JVM start to first answer, the
# Lambda runtime protocol through Quarkus' mock event server). Results go in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-138000}; items=${2:-27000}; interactions=${3:-20000000}; algorithms=${4:-ials}
out=${BENCH_DIR:-/tmp/lambdarec-bench}/scale
rm -rf "$out"; mkdir -p "$out"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

# resident memory of this script's java descendants, every 0.5 s: "epoch_seconds kib"
sample() {
  while true; do
    kib=$(ps -eo pid,ppid,rss,comm --no-headers | awk -v root=$$ '
      { parent[$1] = $2; rss[$1] = $3; name[$1] = $4 }
      END { for (p in name) if (name[p] == "java") { q = p; while (q > 1 && q != root) q = parent[q]; if (q == root) s += rss[p] } print s + 0 }')
    echo "$(date +%s.%N) $kib"
    sleep 0.5
  done
}
sample > "$out/rss.txt" & sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
stamp() { while IFS= read -r line; do echo "$(date +%s.%N) $line"; done; }

echo "$(date +%s.%N) stage start" > "$out/run.log"
java -Xmx4g -cp "$cp" dev.lambdarec.bench.WriteSynthetic "$out/raw" "$users" "$items" "$interactions" 42 | stamp >> "$out/run.log"
echo "$(date +%s.%N) stage write-raw: done" >> "$out/run.log"
LAMBDAREC_JAVA_OPTS=${LAMBDAREC_JAVA_OPTS:--Xmx12g} scripts/run-local.sh --data "$out/raw" --format movielens-100k \
  --algorithms "$algorithms" ${SCALE_HYPERPARAMETERS:---hyperparameter ials.tune=off} --shards 8 \
  --store "$out/store" --work "$out/work" 2>&1 | stamp | tee -a "$out/run.log" \
  | grep -E "stage |prepare: dataset|promoted|ials|sweep|batch" | cut -d' ' -f2- | grep -v "^$" | tail -40
kill $sampler 2>/dev/null || true

echo "== per stage (wall seconds from the pipeline's own stage lines; peak resident memory of the run's JVMs in that window)"
python3 - "$out/run.log" "$out/rss.txt" <<'PY'
import sys, re
marks = []  # (end time, stage, seconds)
start = None
for line in open(sys.argv[1]):
    t, _, text = line.partition(" ")
    m = re.match(r"stage (\S+): ([0-9.]+) s", text.strip()) or re.match(r"stage (write-raw): done", text.strip())
    if text.strip() == "stage start":
        start = float(t)
    elif m:
        end = float(t)
        secs = float(m.group(2)) if m.lastindex and m.lastindex >= 2 else end - start
        marks.append((end, m.group(1), secs))
samples = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if len(l.split()) == 2]
prev = start
print("| stage | wall s | peak RSS (GiB) |")
print("| --- | --- | --- |")
for end, stage, secs in marks:
    window = [k for t, k in samples if max(prev, end - secs) - 0.5 <= t <= end + 0.25]
    print("| %s | %.1f | %.2f |" % (stage, secs, max(window or [0]) / 1024 / 1024))
    prev = end
PY

echo "== predict cold start on that model (function jar, Lambda runtime protocol)"
./mvnw -B -q -DskipTests package >&2
java -cp "$cp" dev.lambdarec.bench.LambdaRuntimeBench "$out/store" lambdarec predict events/predict-topk.json 200 \
  | grep -E "JVM start|invocations"
