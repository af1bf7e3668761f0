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
        int[] neighbors = original.array("level0_neighbors").ints();
        neighbors[17] = 2_000; // one link past the catalogue
        Path corrupt = dir.resolve("corrupt.npz");
        try (NpzWriter npz = new NpzWriter(corrupt)) {
            for (String name : new String[] {"params", "level0_offsets"}) {
                int[] values = original.array(name).ints();
                npz.addInts(name, values, values.length);
            }
            npz.addInts("level0_neighbors", neighbors, neighbors.length);
            for (int level = 1; level < original.array("params").ints()[5]; level++) {
                for (String part : new String[] {"_nodes", "_offsets", "_neighbors"}) {
                    int[] values = original.array("level" + level + part).ints();
                    npz.addInts("level" + level + part, values, values.length);
                }
            }
        }
        assertThatThrownBy(() -> AnnIndex.read(NpzFile.read(corrupt), v, dims)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("level 0 links to 2000");
        assertThat(Files.size(corrupt)).isPositive();
    }
}
