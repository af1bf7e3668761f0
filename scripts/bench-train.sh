#!/usr/bin/env bash
# Training benchmarks on MovieLens 100K (../shared/data/ml-100k, not in this repo); results go in docs/benchmarks.md.
#   ranking: split stratified-item:0.75:42, top-10, training items removed, every test rating relevant
#   rating:  RMSE/MAE averaged over MovieLens' u1..u5 folds (cut from u.data as mku.sh cuts them)
# scripts/bench-train.sh tune: tune=auto against tune=off for ials, ease and two-stage on ML-100K.
# scripts/bench-train.sh ease-speed: EASE's train time (Java sweep, PyTorch inverse) beside numpy's on ML-100K and a
#   10,000-item synthetic catalogue.
# scripts/bench-train.sh ials-rate [USERS ITEMS INTERACTIONS]: the iALS sweep's GFLOP/s on a synthetic catalogue
#   (default 70,000 x 10,000 x 8.3 M, 128 factors) beside numpy's float32 matmul rate on the same cores, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == ials-rate ]]; then
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
  ./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
  cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
  ials=$(java -Xmx8g --add-modules jdk.incubator.vector -cp "$cp" dev.lambdarec.bench.IalsRateBench "${2:-70000}" "${3:-10000}" "${4:-8300000}" "${@:5}" 2>&1 \
    | grep -E "^data:|^RESULT|sweep [0-9]+:|ials: " | sed 's/^.*\] //' | tee /dev/stderr | awk '/^RESULT/{print $(NF-1)}')
  numpy=$(OMP_NUM_THREADS=$(nproc) OPENBLAS_NUM_THREADS=$(nproc) python3 -c '
import numpy as np, time
a = np.random.default_rng(1).standard_normal((2048, 2048), dtype=np.float32); b = a.copy(); a @ b
best = min(t for t in (lambda: [(lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(10)])())
print("%.2f" % (2 * 2048 ** 3 / best / 1e9))')
  echo "numpy float32 matmul 2048 x 2048 (best of 10, $(nproc) threads): $numpy GFLOP/s"
  echo "ials_gflops=$ials numpy_matmul_gflops=$numpy ratio=$(python3 -c "print('%.3f' % ($ials / $numpy))")"
  exit 0
fi
ml100k=${ML100K:-../shared/data/ml-100k}
mode=${1:-all}
out=${BENCH_DIR:-/tmp/lambdarec-bench}/train-$mode
rm -rf "$out"; mkdir -p "$out"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

scripts/run-local.sh --data "$ml100k" --format movielens-100k --stages prepare --split stratified-item:0.75:42 \
  --store "$out/store" --work "$out/work" | grep -E "prepare: dataset"
dataset=$(ls -d "$out"/store/lambdarec/datasets/ml-100k-*)

# numpy's EASE on a prepared dataset's training positives as Steck's reference code computes it (2019): the Gram
# matrix from a scipy sparse X, numpy's inverse, B; float64 as the paper's code and float32; prints seconds (best
# of 3) excluding the file read.
numpy_ease() {
  OMP_NUM_THREADS=$(nproc) OPENBLAS_NUM_THREADS=$(nproc) python3 - "$1" "$2" <<'PY'
import sys, time, numpy as np, scipy.sparse as sp
d = np.load(sys.argv[1] + "/train.npz"); lam = float(sys.argv[2])
keep = d["label"] == 1; u = d["user"][keep]; i = d["item"][keep]
n_items = int(i.max()) + 1; n_users = int(u.max()) + 1
for dtype in (np.float64, np.float32):
    best = 1e9
    for _ in range(3):
        s = time.perf_counter()
        X = sp.csr_matrix((np.ones(len(u), dtype=dtype), (u, i)), shape=(n_users, n_items)); X.data[:] = 1
        G = (X.T @ X).toarray(); G[np.diag_indices(n_items)] += lam
        P = np.linalg.inv(G); B = P / (-np.diag(P)); B[np.diag_indices(n_items)] = 0
        best = min(best, time.perf_counter() - s)
    print("numpy %s EASE %d items: %.2f s" % (np.dtype(dtype).name, n_items, best))
PY
}

if [[ $mode == ease-speed ]]; then
  # EASE's train time (Gram, inverse, weights; plain EASE: the session term off) against numpy's on the same data
  java -cp "$cp" dev.lambdarec.bench.WriteSynthetic "$out/synthetic-10k" 20000 10000 2000000 5 >/dev/null
  scripts/run-local.sh --data "$out/synthetic-10k" --format movielens-100k --stages prepare --split stratified-item:0.75:42 \
    --store "$out/store10k" --work "$out/work10k" | grep -E "prepare: dataset"
  # EASE_SETS=10k skips ML-100K; EASE_INVERSES=torch skips the Java sweep (minutes at 10,000 items)
  sets=("$dataset" "$(ls -d "$out"/store10k/lambdarec/datasets/*)")
  [[ ${EASE_SETS:-} == 10k ]] && sets=("${sets[1]}")
  for ds in "${sets[@]}"; do
    echo "== $(basename "$ds")"
    for inverse in ${EASE_INVERSES:-java torch}; do
      for run in $(seq "${EASE_RUNS:-3}"); do
        java --add-modules jdk.incubator.vector -Xmx12g -cp "$cp" dev.lambdarec.bench.TrainBench "$ds" algorithm=ease tune=off session_weight=0 inverse=$inverse 2>/dev/null | grep RESULT
      done
    done
    numpy_ease "$ds" 500
  done
  exit 0
fi
if [[ $mode == tune ]]; then
  echo "== tune=auto (16 trials on a 25% validation split of training) against the fixed defaults (tune=off)"
  for args in "algorithm=ials tune=off" "algorithm=ials" "algorithm=ease tune=off" "algorithm=ease" \
              "algorithm=two-stage tune=off" "algorithm=two-stage"; do
    java --add-modules jdk.incubator.vector -Xmx8g -cp "$cp" dev.lambdarec.bench.TrainBench "$dataset" $args 2>"$out/${args// /_}.log" | grep -E "RESULT|TUNING" \
      || { echo "FAILED: $args"; tail -20 "$out/${args// /_}.log"; }
  done
  exit 0
fi

echo "== ranking (defaults of each algorithm; a fresh JVM per model, train seconds exclude evaluation)"
for algorithm in popular ease ials mf fm; do
  java --add-modules jdk.incubator.vector -Xmx4g -cp "$cp" dev.lambdarec.bench.TrainBench "$dataset" algorithm=$algorithm 2>/dev/null | grep RESULT
done
echo "== neural (DJL on PyTorch, CPU) and two-stage"
for args in "algorithm=neumf" "algorithm=two-tower" "algorithm=wide-deep" "algorithm=dlrm" \
            "algorithm=two-stage" "algorithm=two-stage retriever=two-tower"; do
  log="$out/${args// /_}.log"
  java --add-modules jdk.incubator.vector -Xmx4g -cp "$cp" dev.lambdarec.bench.TrainBench "$dataset" $args 2>"$log" | grep RESULT \
    || { echo "FAILED: $args (log: $log)"; tail -20 "$log"; }
done
echo "== seed spread of the best models (training seeds 1, 2, 3; same split)"
for seed in 1 2 3; do
  for algorithm in ials two-stage; do
    java --add-modules jdk.incubator.vector -Xmx4g -cp "$cp" dev.lambdarec.bench.TrainBench "$dataset" algorithm=$algorithm seed=$seed 2>/dev/null | grep RESULT
  done
done
echo "== rating, u1..u5"
for args in "algorithm=mf" "algorithm=fm" "algorithm=wide-deep objective=rating"; do
  java --add-modules jdk.incubator.vector -Xmx4g -cp "$cp" dev.lambdarec.bench.FoldBench "$ml100k" $args 2>/dev/null | grep RESULT
done
java --add-modules jdk.incubator.vector -Xmx4g -cp "$cp" dev.lambdarec.bench.FoldBench "$ml100k" algorithm=mf method=sgd 2>/dev/null | grep RESULT
echo "== choices made on a validation split cut from training (25% of each user's; no test-split metric printed)"
for holdout in 42 7 99; do
  java -Xmx4g -cp "$cp" dev.lambdarec.bench.ValidationBench "$dataset" $holdout \
    "algorithm=ials iterations=12 alpha=5 unobserved_weight=5 regularization=0.01" \
    "algorithm=ials iterations=12" 2>/dev/null | grep VALIDATION | sed "s/^/holdout $holdout: /"
done
for holdout in 42 7 99; do
  configs=("algorithm=ease session_weight=0")
  for seconds in 30 60 300; do
    for weight in 1 2 3; do configs+=("algorithm=ease session_seconds=$seconds session_weight=$weight"); done
  done
  java -Xmx4g -cp "$cp" dev.lambdarec.bench.ValidationBench "$dataset" $holdout "${configs[@]}" 2>/dev/null \
    | grep VALIDATION | sed "s/^/holdout $holdout: /"
done
echo "== nested: two-stage fit on the other 75% (its weights chosen on a split of that), scored on the held-out 25%"
for seed in 1 2 3; do
  java -Xmx4g -cp "$cp" dev.lambdarec.bench.ValidationBench "$dataset" 42 "algorithm=ials seed=$seed" \
    "algorithm=two-stage seed=$seed" "algorithm=two-stage validation_fraction=0.1 seed=$seed" 2>/dev/null | grep VALIDATION
done
