package dev.lambdarec.train;

import dev.lambdarec.prepare.DatasetManifest;
import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.io.NpzFile;
import dev.lambdarec.model.UserItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A prepared dataset as the trainer sees it, straight from train.npz and test.npz columns: the observed
 * training interactions (label 1) with ratings, the test positives, and the fixed test negatives if sampled.
 * The prepared training negatives are kept as columns for the models that train on them.
 */
public final class TrainingData {
    public final String datasetId;
    public final int numUsers;
    public final int numItems;
    /** Observed training interactions (label 1), in file order (grouped by user). */
    public final int[] trainUsers;
    public final int[] trainItems;
    public final float[] trainRatings;
    /** Epoch seconds of each training interaction; null when the dataset has none (absent or all zero). */
    public final long[] trainTimes;
    public final int[] negativeUsers;
    public final int[] negativeItems;
    public final int[] testUsers;
    public final int[] testItems;
    public final float[] testRatings;
    public final UserItems train;
    public final UserItems test;
    public final UserItems testNegatives;
    public final SideFeatures side;
    /**
     * users-holdout datasets: the fold-in part of the held-out users (who have no training rows; their target is
     * {@link #test}), which the evaluation folds in; null for every other split.
     */
    public final FoldInPart foldIn;

    /** The held-out users' fold-in interactions, grouped by user; ratings null when the dataset has none. */
    public record FoldInPart(int[] users, int[] items, float[] ratings) {
    }

    public TrainingData(String datasetId, int numUsers, int numItems, int[] trainUsers, int[] trainItems,
                        float[] trainRatings, long[] trainTimes, int[] negativeUsers, int[] negativeItems, int[] testUsers,
                        int[] testItems, float[] testRatings, UserItems testNegatives, SideFeatures side) {
        this(datasetId, numUsers, numItems, trainUsers, trainItems, trainRatings, trainTimes, negativeUsers, negativeItems,
                testUsers, testItems, testRatings, testNegatives, side, null);
    }

    public TrainingData(String datasetId, int numUsers, int numItems, int[] trainUsers, int[] trainItems,
                        float[] trainRatings, long[] trainTimes, int[] negativeUsers, int[] negativeItems, int[] testUsers,
                        int[] testItems, float[] testRatings, UserItems testNegatives, SideFeatures side, FoldInPart foldIn) {
        this.foldIn = foldIn;
        this.datasetId = datasetId;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.trainUsers = trainUsers;
        this.trainItems = trainItems;
        this.trainRatings = trainRatings;
        this.trainTimes = trainTimes == null || Arrays.stream(trainTimes).allMatch(t -> t == 0) ? null : trainTimes;
        this.negativeUsers = negativeUsers;
        this.negativeItems = negativeItems;
        this.testUsers = testUsers;
        this.testItems = testItems;
        this.testRatings = testRatings;
        this.train = UserItems.of(numUsers, trainUsers, trainItems, null);
        this.test = UserItems.of(numUsers, testUsers, testItems, null);
        this.testNegatives = testNegatives;
        this.side = side;
    }

    public boolean hasRatings() {
        return trainRatings != null;
    }

    /** Rating models cannot learn from implicit data: say so plainly. */
    public void requireRatings(String algorithm) {
        if (!hasRatings()) {
            throw new IllegalArgumentException(algorithm + " predicts ratings, but the dataset has no rating column");
        }
    }

    /**
     * This training data with a random {@code fraction} of each user's interactions moved to its test split, for
     * choices that must not look at the real test split. Users with fewer than five interactions keep them all;
     * at most about {@code maxUsers} users (a random sample) give any, which bounds validation time on big data.
     */
    public TrainingData validationSplit(double fraction, int maxUsers, long seed) {
        int n = trainUsers.length;
        int[] perUser = new int[numUsers];
        for (int user : trainUsers) {
            perUser[user]++;
        }
        long eligible = java.util.Arrays.stream(perUser).filter(count -> count >= 5).count();
        double userShare = Math.min(1, maxUsers / (double) Math.max(1, eligible));
        SplittableRandom userRandom = new SplittableRandom(seed ^ 0x5EED);
        boolean[] gives = new boolean[numUsers];
        for (int user = 0; user < numUsers; user++) {
            // fewer than five: too little to learn from after giving some away
            gives[user] = perUser[user] >= 5 && (userShare == 1 || userRandom.nextDouble() < userShare);
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x7A1D);
        boolean[] held = new boolean[n];
        int heldCount = 0;
        for (int k = 0; k < n; k++) {
            int user = trainUsers[k];
            held[k] = perUser[user] >= 5 && random.nextDouble() < fraction && gives[user];
            heldCount += held[k] ? 1 : 0;
        }
        int[] fitUsers = new int[n - heldCount];
        int[] fitItems = new int[n - heldCount];
        float[] fitRatings = hasRatings() ? new float[n - heldCount] : null;
        long[] fitTimes = trainTimes != null ? new long[n - heldCount] : null;
        int[] valUsers = new int[heldCount];
        int[] valItems = new int[heldCount];
        float[] valRatings = hasRatings() ? new float[heldCount] : null;
        for (int k = 0, f = 0, v = 0; k < n; k++) {
            if (held[k]) {
                valUsers[v] = trainUsers[k];
                valItems[v] = trainItems[k];
                if (valRatings != null) {
                    valRatings[v] = trainRatings[k];
                }
                v++;
            } else {
                fitUsers[f] = trainUsers[k];
                fitItems[f] = trainItems[k];
                if (fitRatings != null) {
                    fitRatings[f] = trainRatings[k];
                }
                if (fitTimes != null) {
                    fitTimes[f] = trainTimes[k];
                }
                f++;
            }
        }
        return new TrainingData(datasetId + "-fit", numUsers, numItems, fitUsers, fitItems, fitRatings, fitTimes,
                negativeUsers, negativeItems, valUsers, valItems, valRatings,
                UserItems.of(numUsers, new int[0], new int[0], null), side);
    }

    /** Loads a dataset directory as prepare writes it (manifest.json, train.npz, test.npz). */
    public static TrainingData load(Path dir) throws IOException {
        Path file = dir.resolve(StoreLayout.MANIFEST);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("the dataset channel " + dir + " has no " + StoreLayout.MANIFEST + ": not a dataset prepare wrote");
        }
        DatasetManifest manifest = DatasetManifest.read(Files.readAllBytes(file), StoreLayout.MANIFEST);
        int users = manifest.counts().users();
        int items = manifest.counts().items();
        Columns train = Columns.read(dir.resolve(StoreLayout.TRAIN));
        Columns test = Columns.read(dir.resolve(StoreLayout.TEST));
        FoldInPart foldIn = test.foldIn == null ? null
                : new FoldInPart(test.users(Columns.FOLD_IN), test.items(Columns.FOLD_IN), test.ratings(Columns.FOLD_IN));
        return new TrainingData(manifest.datasetId(), users, items,
                train.users(1), train.items(1), train.ratings(1), train.times(1), train.users(0), train.items(0),
                test.users(1), test.items(1), test.ratings(1),
                UserItems.of(users, test.users(0), test.items(0), null), SideFeatures.load(dir, users, items), foldIn);
    }

    /**
     * One NPZ file's columns split by label; in a users-holdout test file, the fold-in rows (label 1, fold_in 1)
     * are a class of their own, {@link #FOLD_IN}, and label 1 means the targets only.
     */
    private record Columns(int[] user, int[] item, byte[] label, float[] rating, long[] time, byte[] foldIn) {
        static final int FOLD_IN = 2;

        static Columns read(Path file) throws IOException {
            NpzFile npz = NpzFile.read(file);
            byte[] label = npz.array("label").bytes();
            byte[] foldIn = npz.has("fold_in") ? npz.array("fold_in").bytes() : null;
            if (foldIn != null) {
                if (foldIn.length != label.length) {
                    throw new IllegalArgumentException(file.getFileName() + ": fold_in has " + foldIn.length + " rows, label " + label.length);
                }
                label = label.clone();
                for (int k = 0; k < label.length; k++) {
                    if (foldIn[k] == 1 && label[k] == 1) {
                        label[k] = FOLD_IN;
                    }
                }
            }
            return new Columns(npz.array("user").ints(), npz.array("item").ints(), label,
                    npz.has("rating") ? npz.array("rating").floats() : null,
                    npz.has("timestamp") ? npz.array("timestamp").longs() : null, foldIn);
        }

        int[] users(int wanted) {
            return Arrays.stream(rows(wanted)).map(k -> user[k]).toArray();
        }

        int[] items(int wanted) {
            return Arrays.stream(rows(wanted)).map(k -> item[k]).toArray();
        }

        long[] times(int wanted) {
            return time == null ? null : Arrays.stream(rows(wanted)).mapToLong(k -> time[k]).toArray();
        }

        float[] ratings(int wanted) {
            if (rating == null) {
                return null;
            }
            int[] rows = rows(wanted);
            float[] out = new float[rows.length];
            for (int n = 0; n < rows.length; n++) {
                out[n] = rating[rows[n]];
            }
            return out;
        }

        /** The row numbers with this label, in file order. */
        private int[] rows(int wanted) {
            int[] out = new int[count(wanted)];
            for (int k = 0, n = 0; k < label.length; k++) {
                if (label[k] == wanted) {
                    out[n++] = k;
                }
            }
            return out;
        }

        private int count(int wanted) {
            int n = 0;
            for (byte l : label) {
                n += l == wanted ? 1 : 0;
            }
            return n;
        }
    }
}
