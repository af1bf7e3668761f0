package dev.lambdarec.bench;

import dev.lambdarec.model.AnnIndex;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.TopK;
import dev.lambdarec.model.UserItems;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * lambdarec's ANN index on a seeded synthetic catalogue: ITEMS x DIM factor-like vectors (Gaussian directions, a
 * log-normal norm spread as trained factors have) and 1,000 Gaussian user vectors as queries. Prints build time,
 * graph bytes, recall@10 of the serving path (100 candidates re-scored exactly) against the exact scan, queries
 * per second single-threaded for both, the same for fewer candidates (the recall-speed curve), and writes the
 * vectors as .npy for the hnswlib/faiss side of scripts/bench-ann.sh.   {@code AnnBench ITEMS DIM OUT_DIR}
 */
public final class AnnBench {
    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(args[0]);
        int dims = Integer.parseInt(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        int queries = 1_000;
        SplittableRandom random = new SplittableRandom(17);
        float[] vectors = dev.lambdarec.testing.TestData.factorLikeVectors(items, dims, 0.5, random);
        float[] users = new float[queries * dims];
        for (int i = 0; i < users.length; i++) {
            users[i] = (float) random.nextGaussian();
        }
        npy(out.resolve("items.npy"), vectors, items, dims);
        npy(out.resolve("queries.npy"), users, queries, dims);

        long started = System.nanoTime();
        AnnIndex index = AnnIndex.build(vectors, dims, new AnnIndex.Parameters(16, 100, 42));
        double build = (System.nanoTime() - started) / 1e9;

        int[][] exact = new int[queries][];
        started = System.nanoTime();
        for (int q = 0; q < queries; q++) {
            exact[q] = dev.lambdarec.testing.TestData.innerProductTop(vectors, dims, users, q * dims, 10);
        }
        double exactQps = queries / ((System.nanoTime() - started) / 1e9);
        int[] truth = new int[queries * 10];
        for (int q = 0; q < queries; q++) {
            System.arraycopy(exact[q], 0, truth, q * 10, 10);
        }
        npyInts(out.resolve("truth.npy"), truth, queries, 10);

        FactorScorer served = new FactorScorer(users, vectors, dims, null, null, 0f, UserItems.of(queries, new int[0], new int[0], null))
                .withIndex(index);
        measure(served, exact, 100); // warms the JIT
        double[] point100 = measure(served, exact, 100);
        double recall = point100[0];
        double qps = point100[1];
        long rawBytes = 4L * items * dims;
        System.out.printf("lambdarec HNSW (graph by Lucene 9.12 on %d threads, M=16, beamWidth=100; int8 walk, 100 candidates re-scored): build %.1f s, index %.1f MB "
                        + "(%.2fx the %.1f MB of raw float32 vectors), recall@10 %.4f, %,.0f queries/s single-threaded; exact scan %,.0f queries/s%n",
                Runtime.getRuntime().availableProcessors(), build, index.graphBytes() / 1e6, index.graphBytes() / (double) rawBytes, rawBytes / 1e6, recall, qps, exactQps);
        for (int candidates : CURVE) { // recall against speed, for comparing at equal recall
            double[] point = measure(served, exact, candidates);
            System.out.printf("lambdarec curve candidates=%d recall@10=%.4f qps=%.0f%n", candidates, point[0], point[1]);
        }
        System.out.printf("lambdarec recall@10=%.4f qps=%.0f exact_qps=%.0f speedup=%.1f build_s=%.1f graph_mb=%.1f%n",
                recall, qps, exactQps, qps / exactQps, build, index.graphBytes() / 1e6);
    }

    /** The candidates asked of the index for the recall-speed curve. */
    private static final int[] CURVE = {20, 30, 40, 50, 60, 70, 80, 100};

    /** Recall@10 against the exact top 10 and queries per second of the serving path with this many candidates. */
    private static double[] measure(FactorScorer model, int[][] exact, int candidates) {
        long found = 0;
        long started = System.nanoTime();
        for (int q = 0; q < exact.length; q++) {
            int[] top = served(model, q, candidates);
            for (int e : exact[q]) {
                for (int t : top) {
                    if (t == e) {
                        found++;
                        break;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new double[] {found / (10.0 * exact.length), exact.length / seconds};
    }

    /** What the recommendation service does: candidates from the model's index, re-scored by the model, the best 10. */
    private static int[] served(FactorScorer model, int user, int asked) {
        int[] candidates = model.retrieval().forUser(user, asked, null);
        float[] rescored = new float[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            rescored[c] = model.score(user, candidates[c]);
        }
        return Arrays.stream(TopK.select(rescored, 10)).map(c -> candidates[c]).toArray();
    }

    private static void npy(Path file, float[] data, int rows, int cols) throws IOException {
        write(file, "<f4", rows, cols, buffer -> buffer.asFloatBuffer().put(data), 4L * data.length);
    }

    private static void npyInts(Path file, int[] data, int rows, int cols) throws IOException {
        write(file, "<i4", rows, cols, buffer -> buffer.asIntBuffer().put(data), 4L * data.length);
    }

    private static void write(Path file, String descr, int rows, int cols, java.util.function.Consumer<ByteBuffer> fill, long bytes) throws IOException {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(body);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xFF);
            out.write(header.length() >> 8);
            out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body.array());
        }
    }
}
