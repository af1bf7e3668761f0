package dev.lambdarec.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticInteractionsTest {
    private static final SyntheticSpec SPEC = SyntheticSpec.movielensLike(17).withSize(300, 600, 15_000);

    private static List<long[]> rows(SyntheticSpec spec) throws Exception {
        List<long[]> rows = new ArrayList<>();
        new SyntheticInteractions(spec).generate((u, i, r, t) -> rows.add(new long[] {u, i, r, t}));
        return rows;
    }

    @Test
    void exactCountDistinctPairsValidRatingsAndTimeOrderPerUser() throws Exception {
        List<long[]> rows = rows(SPEC);
        assertThat(rows).hasSize(15_000);
        Set<Long> pairs = new HashSet<>();
        Set<Long> users = new HashSet<>();
        long previousUser = -1;
        long previousTime = Long.MIN_VALUE;
        for (long[] row : rows) {
            assertThat(pairs.add(row[0] << 32 | row[1])).isTrue();
            assertThat(row[0]).isBetween(1L, 300L);
            assertThat(row[1]).isBetween(1L, 600L);
            assertThat(row[2]).isBetween(1L, 5L);
            if (row[0] == previousUser) {
                assertThat(row[3]).isGreaterThan(previousTime);
            }
            previousUser = row[0];
            previousTime = row[3];
            users.add(row[0]);
        }
        assertThat(users).hasSize(300);
    }

    @Test
    void sameSeedSameData() throws Exception {
        List<long[]> a = rows(SPEC);
        List<long[]> b = rows(SPEC);
        for (int k = 0; k < a.size(); k++) {
            assertThat(a.get(k)).containsExactly(b.get(k));
        }
        List<long[]> other = rows(new SyntheticSpec(300, 600, 15_000, 8, 0.9, 3.0, 18));
        assertThat(other.get(0)).isNotEqualTo(a.get(0));
    }

    @Test
    void thePlantedFactorsDecideWhatUsersPick() throws Exception {
        SyntheticInteractions generator = new SyntheticInteractions(SPEC);
        double chosen = 0;
        int n = 0;
        int high = 0;
        List<long[]> rows = new ArrayList<>();
        generator.generate((u, i, r, t) -> rows.add(new long[] {u, i, r}));
        for (long[] row : rows) {
            double affinity = generator.affinity((int) row[0] - 1, (int) row[1] - 1);
            chosen += affinity;
            n++;
            high += row[2] >= 4 && affinity > 0 ? 1 : 0;
        }
        double random = 0;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int k = 0; k < n; k++) {
            random += generator.affinity(rng.nextInt(300), rng.nextInt(600));
        }
        // chosen pairs score well above random pairs: a model of u.v can recover the structure
        assertThat(chosen / n).isGreaterThan(random / n + 0.3);
        assertThat(high).isGreaterThan(n / 3);
    }

    @Test
    void popularityIsSkewed() throws Exception {
        int[] counts = new int[601];
        new SyntheticInteractions(SPEC).generate((u, i, r, t) -> counts[i]++);
        int[] sorted = java.util.Arrays.stream(counts).sorted().toArray();
        int top = 0;
        for (int k = sorted.length - 60; k < sorted.length; k++) {
            top += sorted[k];
        }
        assertThat(top).isGreaterThan(15_000 / 4); // the top 10% of items take over a quarter of interactions
    }

    @Test
    void writesTheMovieLens100kLayout(@TempDir Path dir) throws Exception {
        new SyntheticInteractions(SPEC.withSize(20, 50, 200)).writeMovieLens100k(dir);
        assertThat(Files.readAllLines(dir.resolve("u.data"))).hasSize(200).allMatch(l -> l.split("\t").length == 4);
        assertThat(Files.readAllLines(dir.resolve("u.item"))).hasSize(50).allMatch(l -> l.split("\\|", -1).length == 24);
        assertThat(Files.readAllLines(dir.resolve("u.user"))).hasSize(20).allMatch(l -> l.split("\\|").length == 5);
        assertThat(Files.readAllLines(dir.resolve("u.genre"))).hasSize(19);
    }

    @Test
    void impossibleSizesAreRefused() {
        assertThatThrownBy(() -> new SyntheticSpec(10, 10, 100, 8, 1, 1, 1)).hasMessageContaining("exceed half");
        assertThatThrownBy(() -> new SyntheticSpec(10, 10, 5, 8, 1, 1, 1)).hasMessageContaining("at least one interaction per user");
    }
}
