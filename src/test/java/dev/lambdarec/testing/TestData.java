package dev.lambdarec.testing;

import dev.lambdarec.data.Interactions;
import dev.lambdarec.model.UserItems;
import dev.lambdarec.prepare.Split;
import dev.lambdarec.prepare.SplitSpec;
import dev.lambdarec.prepare.Splitter;
import dev.lambdarec.train.SideFeatures;
import dev.lambdarec.train.TrainingData;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** In-memory {@link Interactions} for tests, from synthetic data with a planted structure. */
public final class TestData {
    private TestData() {
    }

    public static Interactions synthetic(int users, int items, long interactions, long seed) {
        return synthetic(SyntheticSpec.movielensLike(seed).withSize(users, items, interactions));
    }

    public static Interactions synthetic(SyntheticSpec spec) {
        int users = spec.users();
        int items = spec.items();
        SyntheticInteractions generator = new SyntheticInteractions(spec);
        List<long[]> rows = new ArrayList<>();
        try {
            generator.generate((u, i, rating, time) -> rows.add(new long[] {u - 1, i - 1, rating, time}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        int n = rows.size();
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            long[] row = rows.get(k);
            u[k] = (int) row[0];
            i[k] = (int) row[1];
            r[k] = row[2];
            t[k] = row[3];
        }
        return new Interactions(ids(users), ids(items), u, i, r, t);
    }

    /** A planted-structure dataset split like prepare splits it, as the trainer sees it. */
    public static TrainingData trainingData(SyntheticSpec spec, String split) {
        Interactions data = synthetic(spec);
        long seed = spec.seed();
        Split side = Splitter.split(data, SplitSpec.parse(split), Split.ColdStart.DROP);
        int train = (int) side.train();
        int test = (int) side.test();
        int[] trainUsers = new int[train];
        int[] trainItems = new int[train];
        float[] trainRatings = new float[train];
        long[] trainTimes = new long[train];
        int[] testUsers = new int[test];
        int[] testItems = new int[test];
        float[] testRatings = new float[test];
        for (int row = 0, a = 0, b = 0; row < data.size(); row++) {
            if (side.isTrain(row)) {
                trainUsers[a] = data.user(row);
                trainItems[a] = data.item(row);
                trainTimes[a] = data.timestamp(row);
                trainRatings[a++] = data.rating(row);
            } else if (side.isTest(row)) {
                testUsers[b] = data.user(row);
                testItems[b] = data.item(row);
                testRatings[b++] = data.rating(row);
            }
        }
        return new TrainingData("synthetic-" + seed, data.numUsers(), data.numItems(), trainUsers, trainItems,
                trainRatings, trainTimes, new int[0], new int[0], testUsers, testItems, testRatings,
                UserItems.of(data.numUsers(), new int[0], new int[0], null), SideFeatures.none(data.numUsers(), data.numItems()));
    }

    public static String[] ids(int n) {
        String[] ids = new String[n];
        for (int k = 0; k < n; k++) {
            ids[k] = Integer.toString(k + 1);
        }
        return ids;
    }

    /** Factor-like vectors: Gaussian directions with a log-normal norm spread (popular items have long vectors). */
    public static float[] factorLikeVectors(int items, int dims, double normSigma, java.util.SplittableRandom random) {
        float[] v = new float[items * dims];
        for (int i = 0; i < items; i++) {
            double norm = Math.exp(normSigma * random.nextGaussian());
            double sum = 0;
            for (int f = 0; f < dims; f++) {
                v[i * dims + f] = (float) random.nextGaussian();
                sum += v[i * dims + f] * v[i * dims + f];
            }
            for (int f = 0; f < dims; f++) {
                v[i * dims + f] *= (float) (norm / Math.sqrt(sum));
            }
        }
        return v;
    }

    /** The exact top k of {@code vectors} (rows of {@code dims}) by inner product with the query at {@code offset}. */
    public static int[] innerProductTop(float[] vectors, int dims, float[] queries, int offset, int k) {
        int items = vectors.length / dims;
        float[] scores = new float[items];
        for (int i = 0; i < items; i++) {
            float dot = 0;
            for (int f = 0; f < dims; f++) {
                dot += queries[offset + f] * vectors[i * dims + f];
            }
            scores[i] = dot;
        }
        return dev.lambdarec.model.TopK.select(scores, k);
    }
}
