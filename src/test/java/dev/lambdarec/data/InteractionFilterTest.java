package dev.lambdarec.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.testing.TestData;
import org.junit.jupiter.api.Test;

class InteractionFilterTest {

    @Test
    void thresholdKeepsHighRatingsAsPositives() {
        Interactions data = new Interactions(TestData.ids(2), TestData.ids(3), new int[] {0, 0, 1}, new int[] {0, 1, 2},
                new float[] {5, 2, 4}, null);
        InteractionFilter.Result result = new InteractionFilter(4.0, 0, 0).apply(data);
        assertThat(result.belowThreshold()).isEqualTo(1);
        assertThat(result.interactions().size()).isEqualTo(2);
        assertThat(result.interactions().itemIds()).containsExactly("1", "3"); // item "2" lost its only row
    }

    @Test
    void minimumsIterateToAFixedPoint() {
        // user 0: items 0,1,2; user 1: items 0,1; user 2: item 2 only.
        // min 2 per user and per item: user 2 goes, then item 2 has one row left (user 0) and goes,
        // then user 0 still has 2 rows: stable.
        Interactions data = new Interactions(TestData.ids(3), TestData.ids(3),
                new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 1, 2, 0, 1, 2}, null, null);
        InteractionFilter.Result result = new InteractionFilter(null, 2, 2).apply(data);
        Interactions kept = result.interactions();
        assertThat(kept.size()).isEqualTo(4);
        assertThat(result.removedByMinimums()).isEqualTo(2);
        assertThat(kept.userIds()).containsExactly("1", "2");
        assertThat(kept.itemIds()).containsExactly("1", "2");
        for (int u = 0; u < kept.numUsers(); u++) {
            assertThat(kept.userEnd(u) - kept.userStart(u)).isGreaterThanOrEqualTo(2);
        }
        assertThat(java.util.Arrays.stream(kept.itemCounts()).min().getAsInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void minimumsOnSyntheticDataHoldEverywhere() {
        Interactions data = TestData.synthetic(200, 500, 5_000, 3);
        Interactions kept = new InteractionFilter(null, 10, 5).apply(data).interactions();
        for (int u = 0; u < kept.numUsers(); u++) {
            assertThat(kept.userEnd(u) - kept.userStart(u)).isGreaterThanOrEqualTo(10);
        }
        assertThat(java.util.Arrays.stream(kept.itemCounts()).min().getAsInt()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void noFilterReturnsTheSameData() {
        Interactions data = TestData.synthetic(20, 50, 200, 1);
        assertThat(InteractionFilter.NONE.apply(data).interactions()).isSameAs(data);
    }
}
