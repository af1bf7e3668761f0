package dev.lambdarec.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.data.Interactions;
import dev.lambdarec.testing.TestData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static final Interactions DATA = TestData.synthetic(200, 300, 9_000, 11);

    private static Set<Integer> positives(Interactions data, int user) {
        Set<Integer> items = new HashSet<>();
        for (int row = data.userStart(user); row < data.userEnd(user); row++) {
            items.add(data.item(row));
        }
        return items;
    }

    @Test
    void rankMappingEnumeratesExactlyTheNonInteractedItems() {
        NegativeSampler sampler = new NegativeSampler(DATA, 1);
        for (int u = 0; u < 20; u++) {
            Set<Integer> positives = positives(DATA, u);
            List<Integer> expected = new ArrayList<>();
            for (int item = 0; item < DATA.numItems(); item++) {
                if (!positives.contains(item)) {
                    expected.add(item);
                }
            }
            assertThat(sampler.available(u)).isEqualTo(expected.size());
            for (int rank = 0; rank < expected.size(); rank++) {
                assertThat(sampler.nonInteracted(u, rank)).isEqualTo(expected.get(rank));
            }
        }
    }

    @Test
    void trainNegativesAreNeverPositivesAndAreSeeded() {
        NegativeSampler sampler = new NegativeSampler(DATA, 5);
        for (int u = 0; u < DATA.numUsers(); u++) {
            Set<Integer> positives = positives(DATA, u);
            List<Integer> drawn = new ArrayList<>();
            sampler.trainNegatives(u, 50, drawn::add);
            assertThat(drawn).hasSize(50).noneMatch(positives::contains).allMatch(i -> i >= 0 && i < DATA.numItems());
            List<Integer> again = new ArrayList<>();
            new NegativeSampler(DATA, 5).trainNegatives(u, 50, again::add);
            assertThat(again).isEqualTo(drawn);
        }
        List<Integer> otherSeed = new ArrayList<>();
        new NegativeSampler(DATA, 6).trainNegatives(0, 50, otherSeed::add);
        List<Integer> first = new ArrayList<>();
        sampler.trainNegatives(0, 50, first::add);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void drawsAreUniformOverTheComplement() {
        // one user who interacted with items 0..4 of 10: each of items 5..9 should get ~1/5 of the draws
        Interactions data = new Interactions(TestData.ids(1), TestData.ids(10), new int[] {0, 0, 0, 0, 0},
                new int[] {0, 1, 2, 3, 4}, null, null);
        int[] counts = new int[10];
        new NegativeSampler(data, 3).trainNegatives(0, 50_000, item -> counts[item]++);
        for (int item = 0; item < 5; item++) {
            assertThat(counts[item]).isZero();
        }
        for (int item = 5; item < 10; item++) {
            assertThat(counts[item]).isBetween(9_500, 10_500);
        }
    }

    @Test
    void testNegativesAreDistinctAndCappedByWhatExists() {
        NegativeSampler sampler = new NegativeSampler(DATA, 9);
        int[] list = sampler.testNegatives(3, 99);
        assertThat(list).hasSize(99).doesNotHaveDuplicates().isSorted();
        assertThat(positives(DATA, 3)).doesNotContainAnyElementsOf(java.util.Arrays.stream(list).boxed().toList());
        Interactions tiny = new Interactions(TestData.ids(1), TestData.ids(4), new int[] {0}, new int[] {2}, null, null);
        assertThat(new NegativeSampler(tiny, 1).testNegatives(0, 99)).containsExactly(0, 1, 3);
    }

    @Test
    void aUserWhoSawEverythingGetsNoNegatives() {
        Interactions full = new Interactions(TestData.ids(1), TestData.ids(2), new int[] {0, 0}, new int[] {0, 1}, null, null);
        List<Integer> drawn = new ArrayList<>();
        new NegativeSampler(full, 1).trainNegatives(0, 4, drawn::add);
        assertThat(drawn).isEmpty();
    }
}
