package dev.lambdarec.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void agreesWithAFullSortIncludingTies() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(300);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(20); // many ties
            }
            int k = 1 + random.nextInt(25);
            assertThat(TopK.select(scores, k)).containsExactly(TopK.bySorting(scores, k));
        }
    }

    @Test
    void skipsExcludedItemsAndNaN() {
        float[] scores = {9, 8, 7, Float.NaN, 6, 5};
        int[] excluded = {0, 2};
        assertThat(TopK.select(scores, 3, excluded, 0, 2)).containsExactly(1, 4, 5);
        assertThat(TopK.select(scores, 10, excluded, 0, 2)).containsExactly(1, 4, 5);
        assertThat(TopK.select(scores, 0)).isEmpty();
    }
}
