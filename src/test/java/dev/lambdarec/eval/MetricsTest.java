package dev.lambdarec.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lambdarec.model.PopularityScorer;
import dev.lambdarec.model.UserItems;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metric definitions on hand-computed cases. */
class MetricsTest {
    private static final double EPS = 1e-9;

    @Test
    void rankingMetricsOfOneList() {
        // hits at ranks 1 and 3 of 5, seven relevant items
        RankingMetrics.AtEveryK m = RankingMetrics.of(new boolean[] {true, false, true, false, false}, 7);
        assertThat(m.precision()[4]).isCloseTo(2.0 / 5, within(EPS));
        assertThat(m.recall()[4]).isCloseTo(2.0 / 7, within(EPS));
        double dcg = 1 / log2(2) + 1 / log2(4);
        double idcg = 1 / log2(2) + 1 / log2(3) + 1 / log2(4) + 1 / log2(5) + 1 / log2(6);
        assertThat(m.ndcg()[4]).isCloseTo(dcg / idcg, within(EPS));
        assertThat(m.map()[4]).isCloseTo((1.0 + 2.0 / 3) / 7, within(EPS));
        assertThat(m.mapAtK()[4]).isCloseTo((1.0 + 2.0 / 3) / 5, within(EPS));
        assertThat(m.hitRate()[4]).isEqualTo(1.0);
        assertThat(m.mrr()[4]).isEqualTo(1.0);
        // at k = 1: one hit of one slot
        assertThat(m.precision()[0]).isEqualTo(1.0);
        assertThat(m.ndcg()[0]).isEqualTo(1.0);
        assertThat(m.mapAtK()[0]).isEqualTo(1.0);
    }

    @Test
    void aLateFirstHit() {
        RankingMetrics.AtEveryK m = RankingMetrics.of(new boolean[] {false, false, true}, 1);
        assertThat(m.precision()[2]).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.recall()[2]).isEqualTo(1.0);
        assertThat(m.ndcg()[2]).isCloseTo(0.5, within(EPS)); // 1/log2(4) over an ideal 1/log2(2)
        assertThat(m.map()[2]).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.mrr()[2]).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.hitRate()[1]).isZero();
        assertThat(m.ndcg()[1]).isZero();
    }

    @Test
    void evaluatorAveragesOverUsersWithTestItemsAndRemovesTrainingItems() {
        // popularity order: item 0 > 1 > 2 > 3 > 4. user 0 saw item 0 in training, so its list is 1, 2, 3.
        UserItems seen = UserItems.of(3, new int[] {0}, new int[] {0}, null);
        PopularityScorer scorer = new PopularityScorer(new float[] {5, 4, 3, 2, 1}, seen);
        // user 0 relevant {2}; user 1 relevant {0, 4}; user 2 has no test items and is not averaged
        UserItems test = UserItems.of(3, new int[] {0, 1, 1}, new int[] {2, 0, 4}, null);
        Map<String, Double> m = Evaluator.ranking(scorer, test, 3);
        // user 0: [1,2,3] hit at rank 2 -> p@3 1/3, r@3 1;   user 1: [0,1,2] hit at rank 1 -> p@3 1/3, r@3 1/2
        assertThat(m.get("precision@3")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.get("recall@3")).isCloseTo((1 + 0.5) / 2, within(EPS));
        assertThat(m.get("ndcg@3")).isCloseTo((1 / log2(3) + 1 / (1 + 1 / log2(3))) / 2, within(EPS));
        assertThat(m.get("mrr@3")).isCloseTo((0.5 + 1) / 2, within(EPS));
        assertThat(m.get("users_evaluated")).isEqualTo(2.0);
        assertThat(m.get("coverage@3")).isCloseTo(4.0 / 5, within(EPS)); // items 0,1,2,3 recommended
    }

    @Test
    void sampledProtocolCountsTiesAgainstThePositive() {
        UserItems none = UserItems.of(1, new int[0], new int[0], null);
        PopularityScorer scorer = new PopularityScorer(new float[] {1, 5, 3, 3, 0}, none);
        UserItems negatives = UserItems.of(1, new int[] {0, 0, 0}, new int[] {1, 3, 4}, null);
        // positive item 2 scores 3: item 1 (5) is above, item 3 ties (counts above) -> rank 2
        Map<String, Double> m = Evaluator.sampled(scorer, new int[] {0}, new int[] {2}, negatives, 10);
        assertThat(m.get("sampled_hr@10")).isEqualTo(1.0);
        assertThat(m.get("sampled_ndcg@10")).isCloseTo(1 / log2(4), within(EPS));
        assertThat(Evaluator.sampled(scorer, new int[] {0}, new int[] {2}, negatives, 2).get("sampled_hr@2")).isZero();
    }

    @Test
    void ratingMetrics() {
        Map<String, Double> m = RatingMetrics.of(new float[] {3, 4, 5}, new float[] {2.5f, 4, 5.5f});
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(0.5 / 3), within(1e-7));
        assertThat(m.get("mae")).isCloseTo(1.0 / 3, within(1e-7));
        assertThat(m.get("r2")).isCloseTo(0.75, within(1e-7));
        assertThat(m.get("explained_variance")).isCloseTo(0.75, within(1e-7));
        // a constant offset: R^2 punishes it, explained variance does not
        Map<String, Double> shifted = RatingMetrics.of(new float[] {1, 2, 3}, new float[] {2, 3, 4});
        assertThat(shifted.get("r2")).isCloseTo(-0.5, within(1e-7));
        assertThat(shifted.get("explained_variance")).isCloseTo(1.0, within(1e-7));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
