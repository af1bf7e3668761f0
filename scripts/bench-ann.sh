#!/usr/bin/env bash
# Approximate retrieval benchmark (results in docs/benchmarks.md): lambdarec's HNSW index against the exact scan,
# and in the same run on the same vectors Debian's python3-hnswlib (inner-product space) and python3-faiss
# (IndexHNSWFlat, inner product), all with M=16, construction beam 100, search beam 100, single-threaded queries;
# then lambdarec's and hnswlib's recall-speed curves (fewer candidates, smaller ef) and the two compared at equal recall.
#   scripts/bench-ann.sh ITEMS DIM        e.g. scripts/bench-ann.sh 1000000 64
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-100000}
dims=${2:-64}
out=${BENCH_DIR:-/tmp/lambdarec-bench}/ann-$items-$dims
mkdir -p "$(dirname "$out")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
# Debian's packages are for Debian's interpreter, whatever python3 is first on PATH
py=/usr/bin/python3
[[ -x $py ]] || py=python3
if ! $py -c 'import hnswlib, faiss' 2>/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq python3-hnswlib python3-faiss >/dev/null
  else
    echo "python3-hnswlib / python3-faiss missing (apt-get install python3-hnswlib python3-faiss): no reference run" >&2
  fi
fi
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
mem=$(( (items * dims * 4 * 4) / 1000000 + 2048 ))
java -Xmx${mem}m -cp "$cp" dev.lambdarec.bench.AnnBench "$items" "$dims" "$out" | tee "$out.java.txt"
$py - "$out" <<'PY' | tee "$out.python.txt"
import sys, time, numpy as np
out = sys.argv[1]
items = np.load(out + "/items.npy"); queries = np.load(out + "/queries.npy"); truth = np.load(out + "/truth.npy")
def recall(found):
    return np.mean([len(set(f[:10]) & set(t)) / 10 for f, t in zip(found, truth)])
results = {}
try:
    import hnswlib
    index = hnswlib.Index(space="ip", dim=items.shape[1]); index.set_num_threads(1)
    t = time.time(); index.init_index(max_elements=len(items), M=16, ef_construction=100, random_seed=42)
    index.set_num_threads(2); index.add_items(items); build = time.time() - t
    index.set_num_threads(1); index.set_ef(100)
    index.knn_query(queries[:50], k=10)
    t = time.time(); labels, _ = index.knn_query(queries, k=10); qps = len(queries) / (time.time() - t)
    results["hnswlib"] = (recall(labels), qps, build)
    print(f"hnswlib (space=ip, M=16, ef_construction=100, ef=100): build {build:.1f} s (2 threads), recall@10 {recall(labels):.4f}, {qps:,.0f} queries/s single-threaded")
    for ef in (20, 30, 40, 50, 60, 70, 80, 100):
        index.set_ef(ef); t = time.time(); curve, _ = index.knn_query(queries, k=10); cqps = len(queries) / (time.time() - t)
        print(f"hnswlib curve ef={ef} recall@10={recall(curve):.4f} qps={cqps:.0f}")
except ImportError:
    print("hnswlib: not installed")
try:
    import faiss
    faiss.omp_set_num_threads(2)
    index = faiss.IndexHNSWFlat(items.shape[1], 16, faiss.METRIC_INNER_PRODUCT); index.hnsw.efConstruction = 100
    t = time.time(); index.add(items); build = time.time() - t
    faiss.omp_set_num_threads(1); index.hnsw.efSearch = 100
    t = time.time(); _, labels = index.search(queries, 10); qps = len(queries) / (time.time() - t)
    results["faiss"] = (recall(labels), qps, build)
    print(f"faiss IndexHNSWFlat (inner product, M=16, efConstruction=100, efSearch=100): build {build:.1f} s (2 threads), recall@10 {recall(labels):.4f}, {qps:,.0f} queries/s single-threaded")
except ImportError:
    print("faiss: not installed")
t = time.time(); exact = np.argsort(-(queries @ items.T), axis=1)[:, :10]; np_qps = len(queries) / (time.time() - t)
print(f"numpy exact scan (matmul + argsort, BLAS threads as numpy sets them): {np_qps:,.0f} queries/s, recall@10 {recall(exact):.4f}")
with open(out + ".reference", "w") as f:
    h = results.get("hnswlib", (0, 0, 0))
    f.write(f"{h[1]:.0f} {h[2]:.1f}\n")
PY
read -r hqps hbuild < "$out.reference"
# at equal recall, curve against curve (both measured warm): the fewest candidates at which lambdarec's recall
# reaches hnswlib's at ef=100, against hnswlib's speed there
href=$(sed -n 's/^hnswlib curve ef=100 recall@10=\([0-9.]*\) qps=\([0-9]*\)$/\1 \2/p' "$out.python.txt")
if [[ -n $href ]]; then
  awk -v r="${href% *}" -v h="${href#* }" '/^lambdarec curve/ { split($3, c, "="); split($4, rc, "="); split($5, q, "=");
      if (rc[2] >= r && !done) { printf "at equal recall (hnswlib ef=100: recall@10 %s, %s q/s): lambdarec %s candidates, recall@10 %s, %s q/s; hnswlib / lambdarec = %.2fx\n", r, h, c[2], rc[2], q[2], h / q[2]; done = 1 } }
      END { if (!done) print "at equal recall: lambdarec does not reach hnswlib recall " r " on its curve" }' "$out.java.txt"
fi
line=$(grep '^lambdarec recall@10=' "$out.java.txt")
recall=$(sed 's/.*recall@10=\([^ ]*\).*/\1/' <<<"$line"); qps=$(sed 's/.* qps=\([^ ]*\).*/\1/' <<<"$line")
exact=$(sed 's/.*exact_qps=\([^ ]*\).*/\1/' <<<"$line"); speedup=$(sed 's/.*speedup=\([^ ]*\).*/\1/' <<<"$line")
echo "recall@10=$recall qps=$qps exact_qps=$exact speedup=$speedup hnswlib_qps=$hqps"
