package dev.lambdarec.eval;

import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.Scorer;
import dev.lambdarec.model.TopK;
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
        int[] evaluated = IntStream.range(0, test.numUsers()).filter(u -> test.count(u) > 0).toArray();
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[scorer.numItems()]);
        return rank(scorer.numItems(), test, evaluated, maxK, maxK, user -> scorer.recommend(user, maxK, scratch.get()));
    }

    /** The cut-offs strong generalization is reported at (Liang et al. 2018, Steck 2019, Rendle et al. 2022). */
    static final int[] FOLD_IN_RECALL_AT = {20, 50};
    static final int FOLD_IN_NDCG_AT = 100;

    /**
     * Strong generalization: users the model never trained on, each folded in from their fold-in part
     * ({@link Scorer#foldIn}), the catalogue ranked without it, the list compared with their target. The metrics at
     * 1..maxK as {@link #ranking} names them, and, as those papers report them, {@code fold_in_recall@20} and
     * {@code fold_in_recall@50} (hits in the top k over min(k, |target|)) and {@code fold_in_ndcg@100}.
     */
    public static Map<String, Double> foldIn(Scorer scorer, int[] foldInUsers, int[] foldInItems, float[] foldInRatings,
                                             UserItems target, int maxK) {
        UserItems part = UserItems.of(target.numUsers(), foldInUsers, foldInItems, null);
        float[][] values = new float[target.numUsers()][];
        for (int n = 0; n < foldInUsers.length; n++) {
            int user = foldInUsers[n];
            if (values[user] == null) {
                values[user] = new float[part.count(user)];
            }
        }
        // UserItems sorts each user's items: put the ratings in that order
        for (int n = 0; n < foldInUsers.length; n++) {
            int user = foldInUsers[n];
            int at = java.util.Arrays.binarySearch(part.items(), part.start(user), part.end(user), foldInItems[n]) - part.start(user);
            values[user][at] = foldInRatings == null ? Float.NaN : foldInRatings[n];
        }
        int[] evaluated = IntStream.range(0, target.numUsers()).filter(u -> target.count(u) > 0 && part.count(u) > 0).toArray();
        int length = Math.max(maxK, FOLD_IN_NDCG_AT);
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[scorer.numItems()]);
        Map<String, Double> out = rank(scorer.numItems(), target, evaluated, maxK, length, user -> {
            History history = new History(java.util.Arrays.copyOfRange(part.items(), part.start(user), part.end(user)), values[user]);
            FoldedUser folded = scorer.foldIn(history, -1);
            float[] scores = scratch.get();
            folded.scoreAll(scores);
            int[] excluded = folded.excluded();
            return TopK.select(scores, length, excluded, 0, excluded.length);
        });
        return out;
    }

    /**
     * The shared core: a list of {@code length} for each evaluated user from {@code list}, compared with the user's
     * relevant items; metrics at 1..maxK, and when the lists are longer, the fold-in cut-offs.
     */
    private static Map<String, Double> rank(int numItems, UserItems relevant, int[] evaluated, int maxK, int length,
                                            java.util.function.IntFunction<int[]> list) {
        double[][] sums = new double[7][maxK];
        BitSet[] recommended = new BitSet[maxK];
        for (int k = 0; k < maxK; k++) {
            recommended[k] = new BitSet(numItems);
        }
        RankingMetrics.AtEveryK[] perUser = new RankingMetrics.AtEveryK[evaluated.length];
        int[][] tops = new int[evaluated.length][];
        IntStream.range(0, evaluated.length).parallel().forEach(n -> {
            int user = evaluated[n];
            int[] top = list.apply(user);
            boolean[] hits = new boolean[length];
            for (int r = 0; r < top.length; r++) {
                hits[r] = relevant.contains(user, top[r]);
            }
            perUser[n] = RankingMetrics.of(hits, relevant.count(user));
            tops[n] = top;
        });
        // summed in user order, so the same model always gets the same numbers
        double[] foldInRecall = new double[FOLD_IN_RECALL_AT.length];
        double foldInNdcg = 0;
        for (int n = 0; n < evaluated.length; n++) {
            RankingMetrics.AtEveryK m = perUser[n];
            add(sums[0], m.precision());
            add(sums[1], m.recall());
            add(sums[2], m.ndcg());
            add(sums[3], m.map());
            add(sums[4], m.mapAtK());
            add(sums[5], m.hitRate());
            add(sums[6], m.mrr());
            for (int r = 0; r < Math.min(maxK, tops[n].length); r++) {
                for (int k = r; k < maxK; k++) {
                    recommended[k].set(tops[n][r]);
                }
            }
            if (length >= FOLD_IN_NDCG_AT) {
                int count = relevant.count(evaluated[n]);
                for (int c = 0; c < FOLD_IN_RECALL_AT.length; c++) {
                    int k = FOLD_IN_RECALL_AT[c];
                    foldInRecall[c] += m.recall()[k - 1] * count / Math.min(k, count); // hits / min(k, R)
                }
                foldInNdcg += m.ndcg()[FOLD_IN_NDCG_AT - 1];
            }
        }
        String[] names = {"precision", "recall", "ndcg", "map", "map_at_k", "hit_rate", "mrr"};
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 1; k <= maxK; k++) {
            for (int m = 0; m < names.length; m++) {
                out.put(names[m] + "@" + k, evaluated.length == 0 ? 0 : sums[m][k - 1] / evaluated.length);
            }
            out.put("coverage@" + k, (double) recommended[k - 1].cardinality() / numItems);
        }
        if (length >= FOLD_IN_NDCG_AT) {
            for (int c = 0; c < FOLD_IN_RECALL_AT.length; c++) {
                out.put("fold_in_recall@" + FOLD_IN_RECALL_AT[c], evaluated.length == 0 ? 0 : foldInRecall[c] / evaluated.length);
            }
            out.put("fold_in_ndcg@" + FOLD_IN_NDCG_AT, evaluated.length == 0 ? 0 : foldInNdcg / evaluated.length);
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
