package dev.lambdarec.eval;

import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.UserItems;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Evaluates a scorer on a dataset's test split. Ranking: every item of the catalogue is ranked for each test
 * user, training items removed, top-k compared with the user's test items. NCF protocol: each test positive
 * is ranked among the user's fixed sampled negatives.
 */
public final class Evaluator {
    public static final int MAX_K = 20;

    private Evaluator() {
    }

    /** Metrics by name and cut-off, e.g. {@code ndcg@10}, for k = 1..maxK, plus catalogue coverage@k. */
    public static Map<String, Double> ranking(Scorer scorer, UserItems test, int maxK) {
        int users = test.numUsers();
        int[] evaluated = IntStream.range(0, users).filter(u -> test.count(u) > 0).toArray();
        double[][] sums = new double[7][maxK];
        BitSet[] recommended = new BitSet[maxK];
        for (int k = 0; k < maxK; k++) {
            recommended[k] = new BitSet(scorer.numItems());
        }
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[scorer.numItems()]);
        RankingMetrics.AtEveryK[] perUser = new RankingMetrics.AtEveryK[evaluated.length];
        int[][] tops = new int[evaluated.length][];
        IntStream.range(0, evaluated.length).parallel().forEach(n -> {
            int user = evaluated[n];
            int[] top = scorer.recommend(user, maxK, scratch.get());
            boolean[] hits = new boolean[maxK];
            for (int r = 0; r < top.length; r++) {
                hits[r] = test.contains(user, top[r]);
            }
            perUser[n] = RankingMetrics.of(hits, test.count(user));
            tops[n] = top;
        });
        // summed in user order, so the same model always gets the same numbers
        for (int n = 0; n < evaluated.length; n++) {
            RankingMetrics.AtEveryK m = perUser[n];
            add(sums[0], m.precision());
            add(sums[1], m.recall());
            add(sums[2], m.ndcg());
            add(sums[3], m.map());
            add(sums[4], m.mapAtK());
            add(sums[5], m.hitRate());
            add(sums[6], m.mrr());
            for (int r = 0; r < tops[n].length; r++) {
                for (int k = r; k < maxK; k++) {
                    recommended[k].set(tops[n][r]);
                }
            }
        }
        String[] names = {"precision", "recall", "ndcg", "map", "map_at_k", "hit_rate", "mrr"};
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 1; k <= maxK; k++) {
            for (int m = 0; m < names.length; m++) {
                out.put(names[m] + "@" + k, evaluated.length == 0 ? 0 : sums[m][k - 1] / evaluated.length);
            }
            out.put("coverage@" + k, (double) recommended[k - 1].cardinality() / scorer.numItems());
        }
        out.put("users_evaluated", (double) evaluated.length);
        return out;
    }

    /**
     * The NCF protocol (He et al. 2017): HR@k and nDCG@k of each test positive ranked among its user's sampled
     * negatives; a tie with a negative counts against the positive.
     */
    public static Map<String, Double> sampled(Scorer scorer, int[] users, int[] items, UserItems negatives, int k) {
        double hr = 0;
        double ndcg = 0;
        int counted = 0;
        for (int n = 0; n < users.length; n++) {
            int user = users[n];
            if (negatives.count(user) == 0) {
                continue;
            }
            float positive = scorer.score(user, items[n]);
            int rank = 0;
            for (int j = negatives.start(user); j < negatives.end(user); j++) {
                if (scorer.score(user, negatives.items()[j]) >= positive) {
                    rank++;
                }
            }
            if (rank < k) {
                hr += 1;
                ndcg += 1 / RankingMetrics.log2(rank + 2);
            }
            counted++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sampled_hr@" + k, counted == 0 ? 0 : hr / counted);
        out.put("sampled_ndcg@" + k, counted == 0 ? 0 : ndcg / counted);
        return out;
    }

    /** Rating metrics of the scorer's predictions for (user, item, rating) triples. */
    public static Map<String, Double> rating(Scorer scorer, int[] users, int[] items, float[] ratings) {
        float[] predicted = new float[users.length];
        for (int n = 0; n < users.length; n++) {
            predicted[n] = scorer.score(users[n], items[n]);
        }
        return RatingMetrics.of(ratings, predicted);
    }

    private static void add(double[] sums, double[] values) {
        for (int k = 0; k < sums.length; k++) {
            sums[k] += values[k];
        }
    }
}
