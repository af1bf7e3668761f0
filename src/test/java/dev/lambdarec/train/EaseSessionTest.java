package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lambdarec.eval.Evaluator;
import dev.lambdarec.model.UserItems;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** EASE's session term: items a user rated in the same sitting count extra in the Gram matrix. */
class EaseSessionTest {

    @Test
    void addsTheLaplaceKernelOfEachPairOfAUsersItems() {
        // user 0 rates item 2 a week after items 0 and 1 (given out of time order); user 1 rates 0 and 1 together
        TrainingData data = data(2, 3, new int[] {0, 0, 0, 1, 1}, new int[] {2, 1, 0, 0, 1},
                new long[] {1_000 + 604_800, 1_060, 1_000, 5_000, 5_000});
        double[][] g = new double[3][3];
        Ease.addSessionPairs(g, data, 60, 2);

        assertThat(g[0][0]).isEqualTo(4);
        assertThat(g[1][1]).isEqualTo(4);
        assertThat(g[2][2]).isEqualTo(2);
        assertThat(g[0][1]).isCloseTo(2 * Math.exp(-1) + 2, within(1e-12));
        assertThat(g[1][0]).isEqualTo(g[0][1]);
        assertThat(g[0][2]).as("a week apart is past the kernel's reach").isZero();
        assertThat(g[2][1]).isZero();
    }

    @Test
    void withoutTimestampsIsPlainEase() {
        TrainingData timed = pageOrderData(200, 120, 3, 3);
        TrainingData untimed = new TrainingData("untimed", timed.numUsers, timed.numItems, timed.trainUsers,
                timed.trainItems, null, new long[timed.trainUsers.length], new int[0], new int[0], timed.testUsers,
                timed.testItems, null, UserItems.of(timed.numUsers, new int[0], new int[0], null),
                SideFeatures.none(timed.numUsers, timed.numItems));
        assertThat(untimed.trainTimes).as("all-zero timestamps are no timestamps").isNull();

        float[] withTerm = scores(untimed, Hyperparameters.of("lambda", "50", "session_weight", "4"));
        float[] without = scores(untimed, Hyperparameters.of("lambda", "50", "session_weight", "0"));
        assertThat(withTerm).containsExactly(without);
        assertThat(scores(timed, Hyperparameters.of("lambda", "50", "session_weight", "4"))).isNotEqualTo(without);
    }

    @Test
    void learnsWhatUsersRateSideBySide() {
        // planted: what a user rates in one sitting are page neighbours; plain co-occurrence mixes in the pairs
        // from different sittings, which say nothing
        TrainingData data = pageOrderData(300, 400, 12, 11);
        double plain = ndcg(data, Hyperparameters.of("lambda", "100", "session_weight", "0"));
        double session = ndcg(data, Hyperparameters.of("lambda", "100", "session_weight", "4"));
        assertThat(session).as("session term %.4f vs plain EASE %.4f", session, plain).isGreaterThan(plain + 0.02);
    }

    private static double ndcg(TrainingData data, Hyperparameters hp) {
        return Evaluator.ranking(new Ease().train(data, hp, TrainingLoop.Validation.NONE).scorer(), data.test, 10)
                .get("ndcg@10");
    }

    private static float[] scores(TrainingData data, Hyperparameters hp) {
        float[] out = new float[data.numItems];
        new Ease().train(data, hp, TrainingLoop.Validation.NONE).scorer().scoreAll(0, out);
        return out;
    }

    /**
     * Each user sits down {@code sittings} times, a day apart, at a random place of the catalogue's page order and
     * rates about half of the next 16 items on the page, 10 s apart; a quarter of the ratings are held out. Items
     * rated in one sitting are page neighbours; items of different sittings are unrelated.
     */
    private static TrainingData pageOrderData(int users, int items, int sittings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] page = new int[items];
        for (int k = 0; k < items; k++) {
            int j = random.nextInt(k + 1);
            page[k] = page[j];
            page[j] = k;
        }
        List<int[]> train = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        java.util.Set<Long> rated = new java.util.HashSet<>();
        for (int u = 0; u < users; u++) {
            for (int s = 0; s < sittings; s++) {
                long time = 1_000_000_000L + 86_400L * (u * sittings + s);
                int first = random.nextInt(items - 16);
                for (int position = first; position < first + 16; position++) {
                    if (random.nextBoolean() || !rated.add((long) u * items + page[position])) {
                        continue;
                    }
                    int[] pair = {u, page[position]};
                    if (random.nextInt(4) == 0) {
                        test.add(pair);
                    } else {
                        train.add(pair);
                        times.add(new long[] {time});
                    }
                    time += 10;
                }
            }
        }
        long[] trainTimes = times.stream().mapToLong(t -> t[0]).toArray();
        return data(users, items, column(train, 0), column(train, 1), trainTimes, column(test, 0), column(test, 1));
    }

    private static int[] column(List<int[]> rows, int c) {
        return rows.stream().mapToInt(r -> r[c]).toArray();
    }

    private static TrainingData data(int users, int items, int[] trainUsers, int[] trainItems, long[] trainTimes) {
        return data(users, items, trainUsers, trainItems, trainTimes, new int[0], new int[0]);
    }

    private static TrainingData data(int users, int items, int[] trainUsers, int[] trainItems, long[] trainTimes,
                                     int[] testUsers, int[] testItems) {
        return new TrainingData("sessions", users, items, trainUsers, trainItems, null, trainTimes, new int[0], new int[0],
                testUsers, testItems, null, UserItems.of(users, new int[0], new int[0], null), SideFeatures.none(users, items));
    }
}
