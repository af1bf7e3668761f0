package dev.lambdarec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import dev.lambdarec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW index over item vectors: exact when asked for everything, high recall by default, refused when corrupt. */
class AnnIndexTest {
    static final AnnIndex.Parameters DEFAULTS = new AnnIndex.Parameters(16, 100, 42);

    static float[] vectors(int items, int dims, long seed) {
        return TestData.factorLikeVectors(items, dims, 0.5, new SplittableRandom(seed));
    }

    static int[] exactTop(float[] v, int dims, float[] query, int k) {
        return TestData.innerProductTop(v, dims, query, 0, k);
    }

    private static float[] query(SplittableRandom random, int dims) {
        float[] q = new float[dims];
        for (int f = 0; f < dims; f++) {
            q[f] = (float) random.nextGaussian();
        }
        return q;
    }

    @Test
    void askedForEveryCandidateItIsExact() {
        int dims = 16;
        float[] v = vectors(300, dims, 1);
        AnnIndex index = AnnIndex.build(v, dims, DEFAULTS);
        SplittableRandom random = new SplittableRandom(2);
        for (int n = 0; n < 20; n++) {
            float[] q = query(random, dims);
            int[] all = index.search(q, 300, null);
            assertThat(all).hasSize(300).doesNotHaveDuplicates();
            int[] top = exactTop(v, dims, q, 10);
            // the walk orders by byte codes, so the true ten come early but not in exact order; re-scored, exact
            assertThat(Arrays.copyOf(all, 20)).contains(top);
            float[] rescored = new float[all.length];
            for (int c = 0; c < all.length; c++) {
                for (int f = 0; f < dims; f++) {
                    rescored[c] += q[f] * v[all[c] * dims + f];
                }
            }
            assertThat(Arrays.stream(TopK.select(rescored, 10)).map(c -> all[c]).toArray()).containsExactly(top);
        }
    }

    /** 50,000 items, the default build parameters and 100 candidates re-scored: recall@10 against the exact scan. */
    @Test
    void recallAtTenIsAtLeast95PercentOnFiftyThousandItems() {
        int dims = 32;
        float[] v = vectors(50_000, dims, 3);
        AnnIndex index = AnnIndex.build(v, dims, DEFAULTS);
        SplittableRandom random = new SplittableRandom(4);
        int found = 0;
        int queries = 200;
        for (int n = 0; n < queries; n++) {
            float[] q = query(random, dims);
            int[] candidates = index.search(q, 100, null);
            int[] exact = exactTop(v, dims, q, 10);
            float[] rescored = new float[candidates.length];
            for (int c = 0; c < candidates.length; c++) {
                float dot = 0;
                for (int f = 0; f < dims; f++) {
                    dot += q[f] * v[candidates[c] * dims + f];
                }
                rescored[c] = dot;
            }
            int[] top = Arrays.stream(TopK.select(rescored, 10)).map(c -> candidates[c]).toArray();
            found += (int) Arrays.stream(exact).filter(e -> Arrays.stream(top).anyMatch(t -> t == e)).count();
        }
        double recall = found / (10.0 * queries);
        System.out.printf("recall@10 on 50,000 x %d with M=16, beamWidth=100, 100 candidates: %.4f%n", dims, recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void acceptOrdsFilterDuringTheSearch() {
        int dims = 8;
        float[] v = vectors(500, dims, 5);
        AnnIndex index = AnnIndex.build(v, dims, DEFAULTS);
        org.apache.lucene.util.FixedBitSet even = new org.apache.lucene.util.FixedBitSet(500);
        IntStream.range(0, 500).filter(i -> i % 2 == 0).forEach(even::set);
        int[] found = index.search(query(new SplittableRandom(6), dims), 20, even::get);
        assertThat(found).hasSize(20);
        assertThat(Arrays.stream(found).allMatch(i -> i % 2 == 0)).isTrue();
    }

    @Test
    void writtenAndReadItSearchesTheSameAndACorruptFileIsRefused(@TempDir Path dir) throws Exception {
        int dims = 8;
        float[] v = vectors(2_000, dims, 7);
        AnnIndex index = AnnIndex.build(v, dims, DEFAULTS);
        Path file = dir.resolve("ann.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            index.writeTo(npz);
        }
        AnnIndex read = AnnIndex.read(NpzFile.read(file), v, dims);
        float[] q = query(new SplittableRandom(8), dims);
        assertThat(read.search(q, 50, null)).containsExactly(index.search(q, 50, null));
        assertThat(read.parameters()).isEqualTo(DEFAULTS);

        assertThatThrownBy(() -> AnnIndex.read(NpzFile.read(file), Arrays.copyOf(v, v.length - dims), dims))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining("built over 2000 x 8 vectors; the model has 1999 x 8");
        NpzFile original = NpzFile.read(file);
        Path corrupt = dir.resolve("corrupt.npz");
        int[] neighbors = original.array("level0_neighbors").ints();
        neighbors[17] = 2_000; // one link past the catalogue
        rewrite(original, corrupt, "level0_neighbors", neighbors);
        assertThatThrownBy(() -> AnnIndex.read(NpzFile.read(corrupt), v, dims)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("level 0 links to 2000");
        int[] linksBack = original.array("level0_back_neighbors").ints();
        assertThat(linksBack).as("2,000 vectors leave some stranded").isNotEmpty();
        linksBack[linksBack.length - 1] = -1;
        rewrite(original, corrupt, "level0_back_neighbors", linksBack);
        assertThatThrownBy(() -> AnnIndex.read(NpzFile.read(corrupt), v, dims)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("a link back to -1");
        assertThat(Files.size(corrupt)).isPositive();
    }

    /** {@code original}'s arrays into {@code target}, {@code name} replaced by {@code values}. */
    private static void rewrite(NpzFile original, Path target, String name, int[] values) throws Exception {
        try (NpzWriter npz = new NpzWriter(target)) {
            for (String array : new java.util.TreeSet<>(original.names())) {
                int[] ints = array.equals(name) ? values : original.array(array).ints();
                npz.addInts(array, ints, ints.length);
            }
        }
    }
}
