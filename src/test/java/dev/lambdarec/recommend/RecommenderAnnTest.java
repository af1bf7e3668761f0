package dev.lambdarec.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambdarec.model.AnnIndex;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Similarity;
import dev.lambdarec.model.UserItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lists served through the ANN index: the exact lists on a catalogue the index covers well, filters always kept. */
class RecommenderAnnTest {
    private static final int USERS = 200;
    private static final int ITEMS = 3_000;
    private static final int DIMS = 16;

    private static final FactorScorer EXACT = factors();
    private static final FactorScorer INDEXED = EXACT.withIndex(AnnIndex.build(EXACT.retrievalVectors(), EXACT.retrievalDimension(),
            new AnnIndex.Parameters(16, 100, 42)));
    private static final ServingModel EXACT_MODEL = serving(EXACT);
    private static final ServingModel INDEXED_MODEL = serving(INDEXED);

    private static FactorScorer factors() {
        SplittableRandom random = new SplittableRandom(9);
        float[] p = new float[USERS * DIMS];
        float[] q = new float[ITEMS * DIMS];
        float[] itemBias = new float[ITEMS];
        float[] userBias = new float[USERS];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (random.nextGaussian() * Math.exp(0.3 * random.nextGaussian()));
        }
        for (int i = 0; i < ITEMS; i++) {
            itemBias[i] = (float) random.nextGaussian();
        }
        List<Integer> su = new ArrayList<>();
        List<Integer> si = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            Set<Integer> picked = new java.util.TreeSet<>();
            while (picked.size() < 30) {
                picked.add(random.nextInt(ITEMS));
            }
            for (int item : picked) {
                su.add(u);
                si.add(item);
            }
        }
        UserItems seen = UserItems.of(USERS, su.stream().mapToInt(Integer::intValue).toArray(), si.stream().mapToInt(Integer::intValue).toArray(), null);
        return new FactorScorer(p, q, DIMS, userBias, itemBias, 0.5f, seen);
    }

    private static ServingModel serving(FactorScorer scorer) {
        String[] users = new String[USERS];
        String[] items = new String[ITEMS];
        List<Set<String>> genres = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            users[u] = "u" + u;
        }
        for (int i = 0; i < ITEMS; i++) {
            items[i] = "i" + i;
            genres.add(i % 100 == 0 ? Set.of("Rare") : Set.of("Common"));
        }
        ModelCard card = new ModelCard(1, "ann-test", "test", FactorScorer.FAMILY, "d", Map.of(), Map.of(), Map.of(), "now",
                USERS, ITEMS, Map.of(), List.of(), "test", null, null, null);
        return ServingModel.of(card, scorer, users, items, genres);
    }

    @Test
    void topKThroughTheIndexIsTheExactTopK() {
        Recommender recommender = Recommender.unfiltered();
        int same = 0;
        for (int u = 0; u < USERS; u++) {
            Recommendation exact = recommender.recommend(EXACT_MODEL, "u" + u, 10, ItemFilter.NONE);
            Recommendation indexed = recommender.recommend(INDEXED_MODEL, "u" + u, 10, ItemFilter.NONE);
            same += (int) Arrays.stream(indexed.items()).filter(i -> Arrays.stream(exact.items()).anyMatch(e -> e == i)).count();
            for (int r = 0; r < indexed.items().length; r++) {
                assertThat(indexed.scores()[r]).as("re-scored exactly").isEqualTo(EXACT.score(u, indexed.items()[r]));
            }
        }
        assertThat(same / (10.0 * USERS)).as("recall@10 through the index, biases folded into the vectors").isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void seenItemsAndARestrictiveFilterHoldThroughTheIndexAndKItemsStillCome() {
        Recommender recommender = new Recommender(ItemFilter.standing(Set.of("Rare"), Set.of("i0"))); // 29 rare items left
        for (int u = 0; u < USERS; u += 13) {
            Recommendation list = recommender.recommend(INDEXED_MODEL, "u" + u, 10, ItemFilter.NONE);
            Set<Integer> seen = new HashSet<>();
            for (int k = EXACT.seen().start(u); k < EXACT.seen().end(u); k++) {
                seen.add(EXACT.seen().items()[k]);
            }
            assertThat(list.items()).as("the search widened until 10 survived").hasSize(10);
            for (int item : list.items()) {
                assertThat(item % 100).isZero();
                assertThat(item).isNotZero();
                assertThat(seen).doesNotContain(item);
            }
            assertThat(list.items()).containsExactly(recommender.recommend(EXACT_MODEL, "u" + u, 10, ItemFilter.NONE).items());
        }
    }

    @Test
    void similarItemsThroughTheIndexNeverHoldTheItemAndKeepTheFilters() {
        Recommender recommender = Recommender.unfiltered();
        ItemFilter request = new ItemFilter(Set.of("i5"), null, null);
        int same = 0;
        for (int item = 1; item < ITEMS; item += 97) {
            Recommendation indexed = recommender.similar(INDEXED_MODEL, item, "u3", 10, request, Similarity.DOT);
            Recommendation exact = recommender.similar(EXACT_MODEL, item, "u3", 10, request, Similarity.DOT);
            int self = item;
            assertThat(indexed.items()).hasSize(10).doesNotContain(self, 5);
            same += (int) Arrays.stream(indexed.items()).filter(i -> Arrays.stream(exact.items()).anyMatch(e -> e == i)).count();
        }
        assertThat(same / (10.0 * ((ITEMS - 2) / 97 + 1))).as("dot similarity is the index's own metric").isGreaterThanOrEqualTo(0.95);
    }
}
